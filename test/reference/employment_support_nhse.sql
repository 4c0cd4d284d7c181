-- A hand-written PostgreSQL reading of NHS England's Employment Support
-- Dashboard, "Employment Support and Student Dashboard/Monthly/Step 1.1.sql"
-- (repository nhsengland/Talking-Therapies), kept to its joins and filters,
-- for sql/employment_support.sql. It reads the national
-- tables ("IsLatest_SubmissionID", "IDS101referral", "IDS201carecontact",
-- "IDS202careactivity", "IDS004empstatus") on the search_path and leaves
-- temporary tables named nhse_*. What is left out: the geography
-- (commissioner and provider hierarchies: the provider code is taken as
-- submitted), the demographics and problem descriptor, and the reporting
-- window parameters (every latest submission is read). T-SQL to
-- PostgreSQL: AppType and AttendOrDNACode compared as integers, as SQL
-- Server's implicit conversion does; 'True' flags are bit(1) B'1'.

-- Lines 18-47: employment-support contacts per referral.
CREATE TEMP TABLE nhse_emp_supp_count AS
SELECT r."PathwayID",
       count(DISTINCT CASE WHEN c."CareContDate" BETWEEN l."ReportingPeriodStartDate" AND l."ReportingPeriodEndDate"
                           THEN c."CareContactId" END) AS count_empsupp
FROM "IDS101referral" r
JOIN "IsLatest_SubmissionID" l ON r."UniqueSubmissionID" = l."UniqueSubmissionID" AND r."AuditId" = l."AuditId"
LEFT JOIN "IDS201carecontact" c ON c."RecordNumber" = r."RecordNumber" AND r."UniqueSubmissionID" = c."UniqueSubmissionID"
                                AND r."AuditId" = c."AuditId"
LEFT JOIN "IDS202careactivity" ca ON c."PathwayID" = ca."PathwayID" AND c."RecordNumber" = ca."RecordNumber"
                                  AND c."CareContactId" = ca."CareContactId" AND c."AuditId" = ca."AuditId"
LEFT JOIN "IDS004empstatus" e ON r."RecordNumber" = e."RecordNumber" AND r."AuditId" = e."AuditId"
WHERE l."IsLatest" = B'1'
  AND (c."AttendOrDNACode"::integer IN (5, 6) OR c."PlannedCareContIndicator" = 'N')
  AND ((c."AppType"::integer <> 6 AND r."ReferralRequestReceivedDate" <= c."CareContDate"
        AND (c."CareContDate" <= r."ServDischDate" OR (r."ServDischDate" IS NULL AND c."CareContDate" <= l."ReportingPeriodEndDate"))
        AND ca."CodeProcAndProcStatus" = '1098051000000103')
    OR (c."AppType"::integer = 6 AND c."CareContDate" > r."ServDischDate"
        AND ca."CodeProcAndProcStatus" = '1098051000000103')
    OR ((c."AppType"::integer = 10 OR (ca."CodeProcAndProcStatus" = '1098051000000103' AND c."AppType"::integer = 6))
        AND r."ReferralRequestReceivedDate" <= c."CareContDate"
        AND (c."CareContDate" <= e."EmpSupportDischargeDate"
             OR (e."EmpSupportDischargeDate" IS NULL AND c."CareContDate" <= l."ReportingPeriodEndDate"))))
GROUP BY r."PathwayID";

-- Lines 73-260: one row per IDS004 record of each finished referral, in
-- the submission of its discharge, ranked first and last (lines 75-78).
CREATE TEMP TABLE nhse_base AS
SELECT b.*,
       CASE WHEN b."EmployStatusRecDate" IS NOT NULL
            THEN row_number() OVER (PARTITION BY b."Person_ID", b."PathwayID", b."RecordNumber" ORDER BY b."EmployStatusRecDate") ELSE 0 END
           AS emp_first_record,
       CASE WHEN b."EmployStatusRecDate" IS NOT NULL
            THEN row_number() OVER (PARTITION BY b."Person_ID", b."PathwayID", b."RecordNumber" ORDER BY b."EmployStatusRecDate" DESC) ELSE 0 END
           AS emp_last_record
FROM (SELECT DISTINCT
             l."ReportingPeriodStartDate" AS month, r."Person_ID", r."PathwayID", emp."RecordNumber",
             emp."UniqueID_IDS004", emp."EmployStatusRecDate",
             CASE WHEN emp."EmployStatus" IN ('01', '02', '03', '04', '05', '06', '07', '08', 'ZZ') THEN emp."EmployStatus"
                  ELSE 'Unspecified' END AS employ_status,
             -- lines 115-121
             CASE WHEN emp."SickAbsenceInd" IN ('Y', 'N', '8', 'Z', 'X') THEN emp."SickAbsenceInd" ELSE 'Unspecified' END AS sick_absence_ind,
             -- lines 122-127: the script tests SickAbsenceInd, not SSPInd, for Z
             CASE WHEN emp."SSPInd" IN ('Y', 'N', 'U') THEN emp."SSPInd"
                  WHEN emp."SickAbsenceInd" = 'Z' THEN 'Z' ELSE 'Unspecified' END AS ssp_ind,
             CASE WHEN emp."BenefitRecInd" IN ('Y', 'N', 'U', 'Z') THEN emp."BenefitRecInd" ELSE 'Unspecified' END AS benefit_rec_ind,
             CASE WHEN emp."ESAInd" IN ('Y', 'N', 'U', 'Z') THEN emp."ESAInd" ELSE 'Unspecified' END AS esa_ind,
             CASE WHEN emp."UCInd" IN ('Y', 'N', 'U', 'Z') THEN emp."UCInd" ELSE 'Unspecified' END AS uc_ind,
             CASE WHEN emp."PIPInd" IN ('Y', 'N', 'U', 'Z') THEN emp."PIPInd" ELSE 'Unspecified' END AS pip_ind,
             CASE WHEN emp."EmpSupportInd" IN ('Y', 'N', 'NA') THEN emp."EmpSupportInd" ELSE 'Unspecified' END AS emp_support_ind,
             -- lines 158-161
             CASE WHEN (emp."BenefitRecInd" = 'Y' OR emp."ESAInd" = 'Y' OR emp."PIPInd" = 'Y' OR emp."UCInd" = 'Y') THEN 'Benefit Received'
                  WHEN (emp."BenefitRecInd" = 'N' OR emp."ESAInd" = 'N' OR emp."PIPInd" = 'N' OR emp."UCInd" = 'N') THEN 'No Benefit Received'
                  ELSE 'Unknown/Not Stated If Benefit Received' END AS general_benefit_received,
             r."OrgID_Provider" AS provider_code,
             coalesce(ec.count_empsupp, 0) AS count_empsupp,
             CASE WHEN emp."EmpSupportDischargeDate" IS NOT NULL THEN 1 ELSE 0 END AS emp_support_discharge_date_present
      FROM "IDS101referral" r
      JOIN "IsLatest_SubmissionID" l ON r."UniqueSubmissionID" = l."UniqueSubmissionID" AND r."AuditId" = l."AuditId"
      LEFT JOIN "IDS004empstatus" emp ON r."RecordNumber" = emp."RecordNumber" AND emp."AuditId" = l."AuditId"
      LEFT JOIN nhse_emp_supp_count ec ON ec."PathwayID" = r."PathwayID"
      WHERE r."UsePathway_Flag" = B'1' AND l."IsLatest" = B'1'
        AND r."CompletedTreatment_Flag" = B'1'
        AND r."ServDischDate" BETWEEN l."ReportingPeriodStartDate" AND l."ReportingPeriodEndDate"
        AND emp."RecordNumber" IS NOT NULL) b;

-- Lines 265-343: first and last records, two or more only.
CREATE TEMP TABLE nhse_first_and_last AS
SELECT DISTINCT emp1.month, emp1."PathwayID", emp1.provider_code, emp1.count_empsupp,
       emp1.employ_status AS employ_status_first, emp2.employ_status AS employ_status_last,
       emp1.sick_absence_ind AS sick_absence_first, emp2.sick_absence_ind AS sick_absence_last,
       emp1.ssp_ind AS ssp_first, emp2.ssp_ind AS ssp_last,
       emp1.benefit_rec_ind AS benefit_rec_first, emp2.benefit_rec_ind AS benefit_rec_last,
       emp1.esa_ind AS esa_first, emp2.esa_ind AS esa_last,
       emp1.uc_ind AS uc_first, emp2.uc_ind AS uc_last,
       emp1.pip_ind AS pip_first, emp2.pip_ind AS pip_last,
       emp1.emp_support_ind AS emp_support_first, emp2.emp_support_ind AS emp_support_last,
       emp1.general_benefit_received AS general_benefit_first, emp2.general_benefit_received AS general_benefit_last,
       CASE WHEN emp1.employ_status = emp2.employ_status THEN 1 ELSE 0 END AS employ_status_same_flag,
       emp2.emp_support_discharge_date_present
FROM nhse_base emp1
JOIN nhse_base emp2 ON emp1."PathwayID" = emp2."PathwayID" AND emp1."RecordNumber" = emp2."RecordNumber"
                   AND emp1.emp_first_record <> emp2.emp_first_record
WHERE emp1.emp_first_record = 1 AND emp2.emp_last_record = 1;

-- Lines 348-380: the general benefit flag at the first record.
CREATE TEMP TABLE nhse_benefits AS
SELECT month, provider_code, emp_support_discharge_date_present, general_benefit_received,
       count("PathwayID") AS number_finishing_course_of_treatment
FROM nhse_base
WHERE emp_first_record = 1
GROUP BY month, provider_code, emp_support_discharge_date_present, general_benefit_received;

-- Lines 390-426: recording of status and sickness absence (national).
CREATE TEMP TABLE nhse_finished_and_emp_supp AS
SELECT month,
       sum(CASE WHEN emp_first_record = 1 AND "EmployStatusRecDate" IS NOT NULL AND employ_status <> 'Unspecified' THEN 1 ELSE 0 END) AS finished_treatment_one_emp_status,
       sum(CASE WHEN emp_first_record = 2 AND "EmployStatusRecDate" IS NOT NULL AND employ_status <> 'Unspecified' THEN 1 ELSE 0 END) AS finished_treatment_two_emp_status,
       sum(CASE WHEN emp_first_record = 1 AND "EmployStatusRecDate" IS NOT NULL AND sick_absence_ind <> 'Unspecified' THEN 1 ELSE 0 END) AS finished_treatment_one_sick_absence,
       sum(CASE WHEN emp_first_record = 2 AND "EmployStatusRecDate" IS NOT NULL AND sick_absence_ind <> 'Unspecified' THEN 1 ELSE 0 END) AS finished_treatment_two_sick_absence,
       sum(CASE WHEN emp_first_record IN (0, 1) THEN 1 ELSE 0 END) AS finished_treatment
FROM nhse_base
GROUP BY month;

-- Lines 463-681: the clinical base. IDS004 joins on RecordNumber alone
-- (line 664) and its EmpSupportDischargeDate is kept in the DISTINCT
-- (lines 556, 559-560): a referral whose records differ in that date gives
-- one row per value.
CREATE TEMP TABLE nhse_clin_base AS
SELECT DISTINCT l."ReportingPeriodStartDate" AS month, r."PathwayID", r."OrgID_Provider" AS provider_code,
       emp."EmpSupportDischargeDate",
       CASE WHEN emp."EmpSupportDischargeDate" IS NOT NULL THEN 1 ELSE 0 END AS emp_support_discharge_date_present,
       CASE WHEN r."ServDischDate" BETWEEN l."ReportingPeriodStartDate" AND l."ReportingPeriodEndDate"
             AND r."CompletedTreatment_Flag" = B'1' THEN 1 ELSE 0 END AS all_finished_treatment,
       CASE WHEN r."ServDischDate" BETWEEN l."ReportingPeriodStartDate" AND l."ReportingPeriodEndDate"
             AND r."CompletedTreatment_Flag" = B'1' AND r."Recovery_Flag" = B'1' THEN 1 ELSE 0 END AS all_comp_treat_flag_rec_flag,
       CASE WHEN r."ServDischDate" BETWEEN l."ReportingPeriodStartDate" AND l."ReportingPeriodEndDate"
             AND r."CompletedTreatment_Flag" = B'1' AND r."NotCaseness_Flag" = B'1' THEN 1 ELSE 0 END AS all_not_caseness,
       CASE WHEN r."ServDischDate" BETWEEN l."ReportingPeriodStartDate" AND l."ReportingPeriodEndDate"
             AND r."CompletedTreatment_Flag" = B'1' AND r."ReliableImprovement_Flag" = B'1' THEN 1 ELSE 0 END AS all_comp_treat_flag_rel_imp_flag,
       coalesce(ec.count_empsupp, 0) AS all_employment_support_count
FROM "IDS101referral" r
JOIN "IsLatest_SubmissionID" l ON r."UniqueSubmissionID" = l."UniqueSubmissionID" AND r."AuditId" = l."AuditId"
LEFT JOIN "IDS004empstatus" emp ON r."RecordNumber" = emp."RecordNumber"
LEFT JOIN nhse_emp_supp_count ec ON ec."PathwayID" = r."PathwayID"
WHERE r."UsePathway_Flag" = B'1' AND l."IsLatest" = B'1';

-- Lines 790-1812, by provider and month: employment support
-- (AllEmploymentSupport_Count > 0) against none (= 0).
CREATE TEMP TABLE nhse_clin_outcomes AS
SELECT month, provider_code,
       CASE WHEN all_employment_support_count > 0 THEN 'Employment Support' ELSE 'Any Appointment Type except Employment Support' END
           AS appointment_type,
       sum(all_finished_treatment) AS finished_treatment,
       sum(all_comp_treat_flag_rec_flag) AS recovery_flag,
       sum(all_not_caseness) AS not_caseness_flag,
       sum(all_comp_treat_flag_rel_imp_flag) AS reliable_improvement_flag
FROM nhse_clin_base
GROUP BY month, provider_code, 3;
