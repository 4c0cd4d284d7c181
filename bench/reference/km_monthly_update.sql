-- Reference for bench/80-warehouse.sql: NHS England's Key Metrics script
-- ("KM monthly update.sql" of nhsengland/Talking-Therapies, folder Key
-- Metrics Dashboard), translated from SQL Server to PostgreSQL and read
-- over the national tables in schema warehouse. It is what an analyst runs
-- without the extension; the bench times it beside key_metrics and
-- referral_outcome and checks that both give the same counts.
--
-- What is translated, by the script's lines:
--   lines 10-11   the period: @PeriodStart and @PeriodEnd (here the
--                 argument period_start and its month end);
--   lines 185-187 the latest-submission joins: IDS101referral with its
--                 IDS001mpi row (on RecordNumber) and IsLatest_SubmissionID
--                 (UniqueSubmissionID and AuditId, IsLatest = 1);
--   line 190      care contacts of the pathway in the same submission,
--                 attended (AttendOrDNACode 3, 5, 6);
--   lines 192-193 the submissions of the month and the month before;
--   lines 29-35, 183-185  the counts: COUNT(DISTINCT PathwayID) under the
--                 flags CompletedTreatment_Flag, Recovery_Flag,
--                 NotCaseness_Flag, ReliableImprovement_Flag = 'True' and
--                 ServDischDate in the period; Apts (line 180).
-- The script reads TherapySession_FirstDate, TreatmentCareContact_Count
-- and UsePathway_Flag, columns NHS England's warehouse derives onto
-- IDS101referral; the data set tables bind_data_set reads do not have
-- them, so they are derived here the way NHS England's scripts number
-- contacts: ROW_NUMBER() OVER (PARTITION BY PathwayID ORDER BY
-- CareContDate) over attended treatment contacts of the latest
-- submissions (20231128_Preferred_Languages_All_Tables.sql, line 186).
-- UsePathway_Flag is taken as true for every pathway (the warehouse sets
-- it on the pathways it counts; the bench's data are clean).
-- Both functions run with enable_nestloop off. The submission key has two
-- columns (UniqueSubmissionID, AuditId) that always go together; PostgreSQL
-- multiplies the two columns' selectivities and expects about one referral
-- row per submission where there are hundreds, and the nested loops it then
-- chooses make the reference quadratic (a 0.01-scale month ran for over ten
-- minutes). An analyst running the script on PostgreSQL would switch them
-- off; with them off the reference is a hash-join plan, the fair one to beat.
-- T-SQL to PostgreSQL: [x] -> "x", DATEADD(MONTH, -1, d) -> d - interval
-- '1 month', DATEDIFF(dd, a, b) -> b - a, CAST(... AS float) -> ::float8.

-- One month's national row (the first SELECT of the script, lines 21-195).
CREATE FUNCTION bench.km_monthly_update(period_start date)
RETURNS TABLE (month date, count_referrals bigint, count_access bigint, count_recovery bigint,
               count_finished_course_treatment bigint, count_not_at_caseness bigint,
               ended_before_treatment bigint, ended_treated_once bigint, percentage_recovery float8,
               count_reliable_recovery bigint, count_improvement bigint, apts bigint)
LANGUAGE sql STABLE SET enable_nestloop = off AS $$
WITH period AS (
    SELECT period_start AS ps, (period_start + interval '1 month' - interval '1 day')::date AS pe),
-- Phase 1, the latest-submission joins (lines 185-187, 192-193).
latest AS (
    SELECT r."PathwayID", r."ReferralRequestReceivedDate", r."ServDischDate", r."CompletedTreatment_Flag",
           r."Recovery_Flag", r."NotCaseness_Flag", r."ReliableImprovement_Flag", r."AuditId",
           mpi."Validated_EthnicCategory", i."ReportingPeriodStartDate", i."ReportingPeriodEndDate"
    FROM warehouse."IDS101referral" r
    JOIN warehouse."IDS001mpi" mpi ON r."RecordNumber" = mpi."RecordNumber"
    JOIN warehouse."IsLatest_SubmissionID" i
      ON r."UniqueSubmissionID" = i."UniqueSubmissionID" AND r."AuditId" = i."AuditId" AND i."IsLatest" = 1
    CROSS JOIN period
    WHERE i."ReportingPeriodStartDate" BETWEEN period.ps - interval '1 month' AND period.ps),
-- Phase 2, the row_number() windows: each pathway's attended treatment
-- contacts of the latest submissions up to the period end, numbered.
treatment AS (
    SELECT c."PathwayID", c."CareContDate",
           row_number() OVER (PARTITION BY c."PathwayID" ORDER BY c."CareContDate", c."CareContactId") AS n,
           count(*) OVER (PARTITION BY c."PathwayID") AS sessions
    FROM warehouse."IDS201carecontact" c
    JOIN warehouse."IsLatest_SubmissionID" i
      ON c."UniqueSubmissionID" = i."UniqueSubmissionID" AND c."AuditId" = i."AuditId" AND i."IsLatest" = 1
    CROSS JOIN period
    WHERE i."ReportingPeriodEndDate" <= period.pe
      AND c."AttendOrDNACode" IN ('3', '03', '5', '05', '6', '06') AND c."AppType" IN ('2', '02', '3', '03', '5', '05')
      AND c."PathwayID" IN (SELECT "PathwayID" FROM latest)),
derived AS (
    SELECT "PathwayID", min("CareContDate") FILTER (WHERE n = 1) AS "TherapySession_FirstDate",
           max("CareContDate") AS "TherapySession_LastDate", max(sessions) AS "TreatmentCareContact_Count"
    FROM treatment GROUP BY "PathwayID"),
-- Attended contacts of the month (line 190), for Apts (line 180).
contact AS (
    SELECT l."PathwayID", a."CareContactId", a."CareContDate", a."ConsMechanism", l."ReportingPeriodStartDate",
           l."ReportingPeriodEndDate"
    FROM latest l
    JOIN warehouse."IDS201carecontact" a
      ON a."PathwayID" = l."PathwayID" AND a."AuditId" = l."AuditId" AND a."AttendOrDNACode" IN ('3', '03', '5', '05', '6', '06'))
-- Phase 3, the flags and counts (lines 29-36, 38-44, 180-185), by month.
SELECT r."ReportingPeriodStartDate",
       count(DISTINCT CASE WHEN r."ReferralRequestReceivedDate" BETWEEN r."ReportingPeriodStartDate" AND r."ReportingPeriodEndDate" THEN r."PathwayID" END),
       count(DISTINCT CASE WHEN d."TherapySession_FirstDate" BETWEEN r."ReportingPeriodStartDate" AND r."ReportingPeriodEndDate" THEN r."PathwayID" END),
       count(DISTINCT CASE WHEN r."CompletedTreatment_Flag" = 'True' AND r."ServDischDate" BETWEEN r."ReportingPeriodStartDate" AND r."ReportingPeriodEndDate" AND r."Recovery_Flag" = 'True' THEN r."PathwayID" END),
       count(DISTINCT CASE WHEN r."CompletedTreatment_Flag" = 'True' AND r."ServDischDate" BETWEEN r."ReportingPeriodStartDate" AND r."ReportingPeriodEndDate" THEN r."PathwayID" END),
       count(DISTINCT CASE WHEN r."CompletedTreatment_Flag" = 'True' AND r."ServDischDate" BETWEEN r."ReportingPeriodStartDate" AND r."ReportingPeriodEndDate" AND r."NotCaseness_Flag" = 'True' THEN r."PathwayID" END),
       count(DISTINCT CASE WHEN r."ServDischDate" BETWEEN r."ReportingPeriodStartDate" AND r."ReportingPeriodEndDate" AND d."TherapySession_FirstDate" IS NULL THEN r."PathwayID" END),
       count(DISTINCT CASE WHEN r."ServDischDate" BETWEEN r."ReportingPeriodStartDate" AND r."ReportingPeriodEndDate" AND d."TreatmentCareContact_Count" = 1 THEN r."PathwayID" END),
       CASE WHEN count(DISTINCT CASE WHEN r."CompletedTreatment_Flag" = 'True' AND r."ServDischDate" BETWEEN r."ReportingPeriodStartDate" AND r."ReportingPeriodEndDate" THEN r."PathwayID" END)
                 - count(DISTINCT CASE WHEN r."CompletedTreatment_Flag" = 'True' AND r."ServDischDate" BETWEEN r."ReportingPeriodStartDate" AND r."ReportingPeriodEndDate" AND r."NotCaseness_Flag" = 'True' THEN r."PathwayID" END) = 0 THEN NULL
            WHEN count(DISTINCT CASE WHEN r."CompletedTreatment_Flag" = 'True' AND r."ServDischDate" BETWEEN r."ReportingPeriodStartDate" AND r."ReportingPeriodEndDate" AND r."Recovery_Flag" = 'True' THEN r."PathwayID" END) = 0 THEN NULL
            ELSE count(DISTINCT CASE WHEN r."CompletedTreatment_Flag" = 'True' AND r."ServDischDate" BETWEEN r."ReportingPeriodStartDate" AND r."ReportingPeriodEndDate" AND r."Recovery_Flag" = 'True' THEN r."PathwayID" END)::float8
                 / (count(DISTINCT CASE WHEN r."CompletedTreatment_Flag" = 'True' AND r."ServDischDate" BETWEEN r."ReportingPeriodStartDate" AND r."ReportingPeriodEndDate" THEN r."PathwayID" END)::float8
                    - count(DISTINCT CASE WHEN r."CompletedTreatment_Flag" = 'True' AND r."ServDischDate" BETWEEN r."ReportingPeriodStartDate" AND r."ReportingPeriodEndDate" AND r."NotCaseness_Flag" = 'True' THEN r."PathwayID" END)::float8) END,
       count(DISTINCT CASE WHEN r."CompletedTreatment_Flag" = 'True' AND r."ServDischDate" BETWEEN r."ReportingPeriodStartDate" AND r."ReportingPeriodEndDate" AND r."ReliableImprovement_Flag" = 'True' AND r."Recovery_Flag" = 'True' THEN r."PathwayID" END),
       count(DISTINCT CASE WHEN r."CompletedTreatment_Flag" = 'True' AND r."ServDischDate" BETWEEN r."ReportingPeriodStartDate" AND r."ReportingPeriodEndDate" AND r."ReliableImprovement_Flag" = 'True' THEN r."PathwayID" END),
       (SELECT count(DISTINCT a."CareContactId") FROM contact a
        WHERE a."ReportingPeriodStartDate" = period_start AND a."CareContDate" BETWEEN a."ReportingPeriodStartDate" AND a."ReportingPeriodEndDate"
          AND a."ConsMechanism" IN ('01', '02', '04', '05', '09', '10', '11', '12', '13', '98'))
FROM latest r LEFT JOIN derived d USING ("PathwayID")
WHERE r."ReportingPeriodStartDate" = period_start
GROUP BY r."ReportingPeriodStartDate"
$$;

-- Every referral once, from its latest record (row_number() over the
-- pathway's records, newest submission first), with the derived sessions
-- and the national flags: what referral_outcome gives, the reference way.
CREATE FUNCTION bench.km_referral_latest()
RETURNS TABLE (pathway_id text, provider_code text, referral_date date, discharge_date date,
               first_treatment_date date, treatment_sessions bigint, finished boolean, recovered boolean,
               not_caseness boolean, reliably_improved boolean)
LANGUAGE sql STABLE SET enable_nestloop = off AS $$
WITH latest AS (
    SELECT r.*, row_number() OVER (PARTITION BY r."PathwayID" ORDER BY i."ReportingPeriodStartDate" DESC, r."UniqueSubmissionID" DESC) AS newest
    FROM warehouse."IDS101referral" r
    JOIN warehouse."IDS001mpi" mpi ON r."RecordNumber" = mpi."RecordNumber"
    JOIN warehouse."IsLatest_SubmissionID" i
      ON r."UniqueSubmissionID" = i."UniqueSubmissionID" AND r."AuditId" = i."AuditId" AND i."IsLatest" = 1),
treatment AS (
    SELECT c."PathwayID", c."CareContDate",
           row_number() OVER (PARTITION BY c."PathwayID" ORDER BY c."CareContDate", c."CareContactId") AS n
    FROM warehouse."IDS201carecontact" c
    JOIN warehouse."IsLatest_SubmissionID" i
      ON c."UniqueSubmissionID" = i."UniqueSubmissionID" AND c."AuditId" = i."AuditId" AND i."IsLatest" = 1
    WHERE c."AttendOrDNACode" IN ('3', '03', '5', '05', '6', '06') AND c."AppType" IN ('2', '02', '3', '03', '5', '05'))
SELECT l."PathwayID", l."OrgID_Provider", l."ReferralRequestReceivedDate", l."ServDischDate",
       t.first_date, coalesce(t.sessions, 0),
       l."CompletedTreatment_Flag" = 'True', l."Recovery_Flag" = 'True', l."NotCaseness_Flag" = 'True',
       l."ReliableImprovement_Flag" = 'True'
FROM latest l
LEFT JOIN (SELECT "PathwayID", min("CareContDate") FILTER (WHERE n = 1) AS first_date, max(n) AS sessions
           FROM treatment GROUP BY "PathwayID") t USING ("PathwayID")
WHERE l.newest = 1
$$;
