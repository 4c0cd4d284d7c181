-- step: 441
-- object: employment_benefits_published
-- kind: view
-- layer: reports
-- reads: employment_benefits
CREATE VIEW employment_benefits_published WITH (security_barrier = true) AS
-- The three benefit answers add up to their denominator: secondary
-- suppression (iapt_ews.suppress_part) keeps a withheld one from being
-- given back by differencing, and the rates are of the counts shown.
WITH suppressed AS (
    SELECT b.provider_code, b.month, b.support_discharge_date_present,
           iapt_ews.suppress(b.finished_with_record) AS finished_with_record,
           iapt_ews.suppress(b.first_benefit_received) AS first_benefit_received,
           iapt_ews.suppress(b.first_no_benefit) AS first_no_benefit,
           iapt_ews.suppress(b.first_benefit_unknown) AS first_benefit_unknown,
           iapt_ews.suppress(b.finished_with_first_and_last) AS finished_with_first_and_last,
           iapt_ews.suppress(b.last_benefit_received) AS last_benefit_received,
           iapt_ews.suppress(b.last_no_benefit) AS last_no_benefit,
           iapt_ews.suppress(b.last_benefit_unknown) AS last_benefit_unknown,
           iapt_ews.suppress(b.started_benefit) AS started_benefit,
           iapt_ews.suppress(b.stopped_benefit) AS stopped_benefit
    FROM employment_benefits b),
published AS (
    SELECT s.provider_code, s.month, s.support_discharge_date_present, s.finished_with_record,
           iapt_ews.suppress_part(s.first_benefit_received, s.finished_with_record, f.parts) AS first_benefit_received,
           iapt_ews.suppress_part(s.first_no_benefit, s.finished_with_record, f.parts) AS first_no_benefit,
           iapt_ews.suppress_part(s.first_benefit_unknown, s.finished_with_record, f.parts) AS first_benefit_unknown,
           s.finished_with_first_and_last,
           iapt_ews.suppress_part(s.last_benefit_received, s.finished_with_first_and_last, l.parts) AS last_benefit_received,
           iapt_ews.suppress_part(s.last_no_benefit, s.finished_with_first_and_last, l.parts) AS last_no_benefit,
           iapt_ews.suppress_part(s.last_benefit_unknown, s.finished_with_first_and_last, l.parts) AS last_benefit_unknown,
           s.started_benefit, s.stopped_benefit
    FROM suppressed s,
         LATERAL (SELECT ARRAY[s.first_benefit_received, s.first_no_benefit, s.first_benefit_unknown] AS parts) f,
         LATERAL (SELECT ARRAY[s.last_benefit_received, s.last_no_benefit, s.last_benefit_unknown] AS parts) l)
SELECT p.provider_code, p.month, p.support_discharge_date_present,
       p.finished_with_record, p.first_benefit_received, p.first_no_benefit, p.first_benefit_unknown,
       round(iapt_ews.published_rate(p.first_benefit_received, p.finished_with_record)::numeric, 4) AS first_benefit_received_rate,
       p.finished_with_first_and_last, p.last_benefit_received, p.last_no_benefit, p.last_benefit_unknown,
       round(iapt_ews.published_rate(p.last_benefit_received, p.finished_with_first_and_last)::numeric, 4) AS last_benefit_received_rate,
       p.started_benefit, p.stopped_benefit
FROM published p;
COMMENT ON VIEW employment_benefits_published IS 'employment_benefits with disclosure control: counts below 5 withheld and the rest rounded to 5, with their denominators, and a further answer withheld where the three benefit answers would give a withheld one back from their denominator (iapt_ews.suppress_part); rates from the published counts, to 4 decimals; the per-benefit counts are left out';
COMMENT ON COLUMN employment_benefits_published.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN employment_benefits_published.month IS 'First day of the discharge month';
COMMENT ON COLUMN employment_benefits_published.support_discharge_date_present IS 'An employment-support discharge date is present';
COMMENT ON COLUMN employment_benefits_published.finished_with_record IS 'Finished with at least one employment record (suppressed)';
COMMENT ON COLUMN employment_benefits_published.first_benefit_received IS 'Benefit received at the first record (suppressed)';
COMMENT ON COLUMN employment_benefits_published.first_no_benefit IS 'No benefit at the first record (suppressed)';
COMMENT ON COLUMN employment_benefits_published.first_benefit_unknown IS 'Unknown or not stated at the first record (suppressed)';
COMMENT ON COLUMN employment_benefits_published.first_benefit_received_rate IS 'Published first_benefit_received / published finished_with_record; a fraction 0-1, to 4 decimals';
COMMENT ON COLUMN employment_benefits_published.finished_with_first_and_last IS 'Two or more records (suppressed)';
COMMENT ON COLUMN employment_benefits_published.last_benefit_received IS 'Benefit received at the last record (suppressed)';
COMMENT ON COLUMN employment_benefits_published.last_no_benefit IS 'No benefit at the last record (suppressed)';
COMMENT ON COLUMN employment_benefits_published.last_benefit_unknown IS 'Unknown or not stated at the last record (suppressed)';
COMMENT ON COLUMN employment_benefits_published.last_benefit_received_rate IS 'Published last_benefit_received / published finished_with_first_and_last; a fraction 0-1, to 4 decimals';
COMMENT ON COLUMN employment_benefits_published.started_benefit IS 'Not received at the first record, received at the last (suppressed)';
COMMENT ON COLUMN employment_benefits_published.stopped_benefit IS 'Received at the first record, not received at the last (suppressed)';
