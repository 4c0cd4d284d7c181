-- Independent check of demo/10-source-data.sql (not run by demo/run.sh):
-- re-derives the national flags from the rows the data set ships and
-- lists every referral whose flags disagree, beside the planted fault
-- that explains it (nhs_tt_local.planted_issue). Expected (docs/demo-data.md):
-- only planted disagreements, and every planted flag found.
--   psql -X -f demo/check-source-data.sql
-- Rules: latest submissions only (IsLatest = 1), the referral's row of its
-- latest reporting period, distinct contacts, numeric PHQ-9 / GAD-7 scores
-- of at most 27, first and last by contact date, finished = discharged
-- after two or more attended (5, 6) contacts of AppType 02, 03 or 05,
-- caseness PHQ-9 >= 10 or GAD-7 >= 8, reliable change 6 (PHQ-9) / 4 (GAD-7).
\set ON_ERROR_STOP on
CREATE TEMP TABLE lat AS SELECT "UniqueSubmissionID", "AuditId", "ReportingPeriodStartDate" ps FROM nhs_tt."IsLatest_SubmissionID" WHERE "IsLatest" = 1;
CREATE TEMP TABLE lastref AS SELECT DISTINCT ON ("PathwayID") r.* FROM nhs_tt."IDS101referral" r JOIN lat USING ("UniqueSubmissionID","AuditId") ORDER BY "PathwayID", ps DESC;
CREATE TEMP TABLE cc AS SELECT DISTINCT c.* FROM nhs_tt."IDS201carecontact" c JOIN lat USING ("UniqueSubmissionID","AuditId");
CREATE TEMP TABLE sc AS
SELECT DISTINCT s."PathwayID", s."CareContactId", s."CodedAssToolType", s."PersScore", c."CareContDate"
FROM nhs_tt."IDS607codedscoreassessmentact" s JOIN lat USING ("UniqueSubmissionID","AuditId")
JOIN cc c USING ("PathwayID", "CareContactId")
WHERE s."CodedAssToolType" IN ('720433000','445455005') AND s."PersScore" ~ '^[0-9]+$' AND s."PersScore"::int <= 27;
CREATE TEMP TABLE ends AS
SELECT "PathwayID",
 (array_agg("PersScore"::int ORDER BY "CareContDate", "CareContactId") FILTER (WHERE "CodedAssToolType"='720433000'))[1] p1,
 (array_agg("PersScore"::int ORDER BY "CareContDate" DESC, "CareContactId" DESC) FILTER (WHERE "CodedAssToolType"='720433000'))[1] p2,
 (array_agg("PersScore"::int ORDER BY "CareContDate", "CareContactId") FILTER (WHERE "CodedAssToolType"='445455005'))[1] g1,
 (array_agg("PersScore"::int ORDER BY "CareContDate" DESC, "CareContactId" DESC) FILTER (WHERE "CodedAssToolType"='445455005'))[1] g2
FROM sc GROUP BY 1;
CREATE TEMP TABLE tr AS SELECT "PathwayID", count(DISTINCT "CareContactId") n FROM cc WHERE "AttendOrDNACode" IN ('5','6') AND "AppType" IN ('02','03','05') GROUP BY 1;
CREATE TEMP TABLE chk AS
SELECT r."PathwayID", r."CompletedTreatment_Flag" cf, r."NotCaseness_Flag" nf, r."Recovery_Flag" rf, r."ReliableImprovement_Flag" if_, r."ReliableDeterioration_Flag" df,
  (r."ServDischDate" IS NOT NULL AND coalesce(t.n,0) >= 2) AS completed,
  (e.p1 < 10 AND e.g1 < 8) AS nc,
  (NOT (e.p1 < 10 AND e.g1 < 8) AND e.p2 < 10 AND e.g2 < 8) AS rec,
  ((e.p1-e.p2 >= 6 OR e.g1-e.g2 >= 4) AND NOT (e.p2-e.p1>=6 OR e.g2-e.g1>=4)) AS imp,
  ((e.p2-e.p1 >= 6 OR e.g2-e.g1 >= 4) AND NOT (e.p1-e.p2>=6 OR e.g1-e.g2>=4)) AS det
FROM lastref r LEFT JOIN ends e USING ("PathwayID") LEFT JOIN tr t USING ("PathwayID")
WHERE r."ReferralRequestReceivedDate" >= '2024-04-01';
SELECT count(*) AS referrals,
 count(*) FILTER (WHERE (cf='True') <> coalesce(completed,false)) AS completed_diff,
 count(*) FILTER (WHERE cf='True' AND completed AND (nf='True') <> coalesce(nc,false)) AS nc_diff,
 count(*) FILTER (WHERE cf='True' AND completed AND (rf='True') <> coalesce(rec,false)) AS rec_diff,
 count(*) FILTER (WHERE cf='True' AND completed AND (if_='True') <> coalesce(imp,false)) AS imp_diff,
 count(*) FILTER (WHERE cf='True' AND completed AND (df='True') <> coalesce(det,false)) AS det_diff
FROM chk;
SELECT p.issue IS NOT NULL AS planted, coalesce(p.detail, 'NOT PLANTED') AS detail, count(*)
FROM chk c LEFT JOIN nhs_tt_local.planted_issue p ON p.pathway_id = c."PathwayID"
WHERE (cf='True') <> coalesce(completed,false)
   OR (cf='True' AND completed AND ((nf='True') <> coalesce(nc,false) OR (rf='True') <> coalesce(rec,false) OR (if_='True') <> coalesce(imp,false) OR (df='True') <> coalesce(det,false)))
GROUP BY 1, 2 ORDER BY 1, 2;
SELECT count(*) AS planted_flags_not_found FROM nhs_tt_local.planted_issue p
WHERE p.issue = 'flag disagrees with scores' AND NOT EXISTS (
  SELECT 1 FROM chk c WHERE c."PathwayID" = p.pathway_id AND ((cf='True') <> coalesce(completed,false)
   OR (cf='True' AND completed AND ((nf='True') <> coalesce(nc,false) OR (rf='True') <> coalesce(rec,false) OR (if_='True') <> coalesce(imp,false) OR (df='True') <> coalesce(det,false)))));
