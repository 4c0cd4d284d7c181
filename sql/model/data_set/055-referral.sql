-- step: 55
-- object: referral
-- kind: view
-- layer: bound_relations
-- reads: referral_record, ds_ids001mpi, ds_ids603presentingcomplaints
-- stored: index=pathway_id, person_id+referral_date, provider_code
-- A referral is its record in the latest reporting period that holds it
-- (of two records of one PathwayID in one submission, the one with the
-- greatest RecordNumber, compared as a number; counted in data_quality);
-- demographics from the IDS001 record of the same submission; the
-- provisional diagnosis ranked as NHS England's PDT script 2.11 ranks it
-- (lines 52-53): a coded complaint first, then PresCompCodSig ascending,
-- then the latest PresCompDate and UniqueID_IDS603 (NULLs sorted as SQL
-- Server sorts them: first ascending, last descending; the codes and ids
-- are digit strings, compared as numbers: by length, then by text).
-- Complaints and demographics are those of the referral's own
-- submissions (referral_record), so they are its own provider's. A
-- pathway NHS England's derivations mark not to use is left out (below).
CREATE VIEW referral WITH (security_barrier = true) AS
WITH latest AS (
    SELECT DISTINCT ON (r.referral_key) r.*
    FROM referral_record r
    ORDER BY r.referral_key, r.reporting_period_end DESC,
             length(r.unique_submission_id) DESC, r.unique_submission_id DESC,
             length(r.record_number) DESC NULLS LAST, r.record_number DESC NULLS LAST),
diagnosis AS (
    SELECT DISTINCT ON (k.referral_key) k.referral_key, p.presenting_complaint
    FROM ds_ids603presentingcomplaints p
    JOIN referral_record k ON k.unique_submission_id = p.unique_submission_id AND k.audit_id = p.audit_id
                          AND k.pathway_id = p.pathway_id
    ORDER BY k.referral_key, (p.presenting_complaint IS NULL),
             length(p.coded_significance) ASC NULLS FIRST, p.coded_significance ASC NULLS FIRST,
             p.complaint_date DESC NULLS LAST, length(p.row_id) DESC NULLS LAST, p.row_id DESC NULLS LAST,
             p.presenting_complaint),
-- The IDS001 record of each referral record (one per RecordNumber of a
-- latest submission; of duplicates, the one with an LSOA, then the least).
-- A join, not a LATERAL lookup per referral: the ds_ views' keys are
-- expressions without statistics, so the planner expects a handful of
-- referrals and a lookup per referral scans the whole table each time.
person AS (
    SELECT DISTINCT ON (mpi.unique_submission_id, mpi.audit_id, mpi.record_number)
           mpi.unique_submission_id, mpi.audit_id, mpi.record_number,
           mpi.lsoa_code, mpi.gender, mpi.gender_identity, mpi.ethnic_category
    FROM ds_ids001mpi mpi
    JOIN latest AS l ON l.unique_submission_id = mpi.unique_submission_id AND l.audit_id = mpi.audit_id
                    AND l.record_number = mpi.record_number
    ORDER BY mpi.unique_submission_id, mpi.audit_id, mpi.record_number, (mpi.lsoa_code IS NULL),
             mpi.lsoa_code, mpi.gender, mpi.gender_identity, mpi.ethnic_category)
SELECT l.referral_key AS pathway_id, l.person_id, l.provider_code, l.provider_code AS service_id,
       l.referral_date, l.discharge_date, l.end_code, d.presenting_complaint AS provisional_diagnosis,
       m.lsoa_code, l.commissioner_code, l.age_at_referral, m.gender, m.gender_identity, m.ethnic_category,
       l.source_of_referral, l.reporting_period_end AS last_reported_on
FROM latest l
LEFT JOIN diagnosis d ON d.referral_key = l.referral_key
LEFT JOIN person m ON m.unique_submission_id = l.unique_submission_id AND m.audit_id = l.audit_id
                  AND m.record_number = l.record_number
-- A pathway whose latest record says UsePathway_Flag False is left out, as
-- NHS England's scripts leave it out (KM monthly update.sql, lines 195,
-- 384, 574 and 773; Step 1.1.sql, lines 254 and 678: UsePathway_Flag =
-- 'True'), and counted in data_quality. Unlike them, a NULL flag (the
-- column absent, or no value) keeps the referral: a warehouse without the
-- national derivations has none.
WHERE l.use_pathway_flag IS DISTINCT FROM false;
COMMENT ON VIEW referral IS 'One row per referral from the data set, in the shape of the model''s referral: its IDS101 record of the latest reporting period that holds it, with IDS001 demographics and the IDS603 provisional diagnosis of its own submissions';
COMMENT ON COLUMN referral.pathway_id IS 'PathwayID (PathwayID@OrgID_Provider when another provider sends the same PathwayID: two referrals, never merged)';
COMMENT ON COLUMN referral.person_id IS 'Person_ID';
COMMENT ON COLUMN referral.provider_code IS 'OrgID_Provider';
COMMENT ON COLUMN referral.service_id IS 'OrgID_Provider (the data set has no finer service)';
COMMENT ON COLUMN referral.referral_date IS 'ReferralRequestReceivedDate';
COMMENT ON COLUMN referral.discharge_date IS 'ServDischDate';
COMMENT ON COLUMN referral.end_code IS 'EndCode';
COMMENT ON COLUMN referral.provisional_diagnosis IS 'Validated_PresentingComplaint of the highest-ranked IDS603 record';
COMMENT ON COLUMN referral.lsoa_code IS 'LSOA (IDS001)';
COMMENT ON COLUMN referral.commissioner_code IS 'OrgIDComm';
COMMENT ON COLUMN referral.age_at_referral IS 'Age_ReferralRequest_ReceivedDate';
COMMENT ON COLUMN referral.gender IS 'Gender (IDS001)';
COMMENT ON COLUMN referral.gender_identity IS 'GenderIdentity (IDS001)';
COMMENT ON COLUMN referral.ethnic_category IS 'Validated_EthnicCategory (IDS001)';
COMMENT ON COLUMN referral.source_of_referral IS 'SourceOfReferralIAPT';
COMMENT ON COLUMN referral.last_reported_on IS 'ReportingPeriodEndDate of the latest submission that holds the referral: after it, the referral is no longer submitted and is not counted open (NHS England counts a month''s own submission)';
