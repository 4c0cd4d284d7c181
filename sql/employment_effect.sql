-- employment_support_effect (docs/employment.md) on a fixture worked by
-- hand: counts, means and SDs of the PHQ-9 change, the Welch interval and
-- the adjusted difference checked against R (test/reference/employment_effect.R),
-- the rule of 10 per arm at its threshold, and the published variant.
-- Also compare_means and ols_confidence_interval on their own, and
-- employment_support_starts.
SET TimeZone = 'Europe/London';
\set SHOW_CONTEXT never

-- compare_means: R's t.test(x, y) on two groups given as summaries;
-- x = 1..10 (mean 5.5, sd 3.0276503540974917), y = c(2, 4, 4, 5, 7, 9)
-- (mean 5.1666666666666667, sd 2.4832774042918899):
-- t.test(1:10, c(2, 4, 4, 5, 7, 9)) gives interval -2.69374548164934 to
-- 3.36041214831601, df 12.4113475177305, p 0.814971957113236.
SELECT round(difference::numeric, 10) AS difference, round(ci_low::numeric, 10) AS ci_low,
       round(ci_high::numeric, 10) AS ci_high, round(degrees_of_freedom::numeric, 10) AS df,
       round(p_value::numeric, 10) AS p_value
FROM iapt_ews.compare_means(10, 5.5, 3.0276503540974917, 6, 5.1666666666666667, 2.4832774042918899);
-- Fewer than two in a group: NULLs; no spread: the difference alone; bad input.
SELECT (iapt_ews.compare_means(1, 2, 0, 5, 1, 1)).*;
SELECT (iapt_ews.compare_means(3, 2, 0, 5, 1, 0)).*;
SELECT iapt_ews.compare_means(-1, 2, 1, 5, 1, 1);
SELECT iapt_ews.compare_means(3, 2, -1, 5, 1, 1);
SELECT iapt_ews.compare_means(3, 'NaN', 1, 5, 1, 1);
-- Two of each with SD 1: se = 1 and df = 1 / (1/4 + 1/4) = 2, so the
-- interval is -/+ t(0.975, 2) = 4.3026527297 (R: qt(0.975, 2)).
SELECT round(degrees_of_freedom::numeric, 10) AS df, round(ci_high::numeric, 10) AS t_2
FROM iapt_ews.compare_means(2, 0, 1, 2, 0, 1);

-- ols_confidence_interval: three points (docs/statistics.md), n - k = 1,
-- t = 12.7062047362; R: 2 -/+ 12.7062047362 x 0.6123724357 (HC1) and
-- x 0.8660254038 (classical).
SELECT iapt_ews.ols_confidence_interval(f, 2) AS hc1, iapt_ews.ols_confidence_interval(f, 2, false) AS classical,
       iapt_ews.ols_confidence_interval(f, 1) IS NOT NULL AS intercept
FROM (SELECT iapt_ews.ols_fit(y, ARRAY[x]) AS f FROM (VALUES (0.0, 1.5), (1.0, 2.0), (2.0, 5.5)) v(x, y)) s;
SELECT iapt_ews.ols_confidence_interval(iapt_ews.ols_fit(y, ARRAY[x]), 3) FROM (VALUES (0.0, 1.5), (1.0, 2.0)) v(x, y);
SELECT iapt_ews.ols_confidence_interval(iapt_ews.ols_fit(y, ARRAY[x]), 2) IS NULL AS exact_fit_has_none
FROM (VALUES (0.0, 1.5), (1.0, 2.0)) v(x, y);

SELECT count(*) > 0 AS made FROM iapt_ews.create_data_model('eff_test');
SET search_path = eff_test, iapt_ews, public;

-- Provider RXB, referrals received 2 December 2024, two treatment
-- sessions each (6 and 20 January 2025), discharged 10 February 2025.
-- Depression (F32.1), the R reference's data:
--   S01-S10 supported (an attended employment-support appointment on
--     15 January): first PHQ-9 20, 19, ..., 11; change -10 -9 -8 -9 -7
--     -8 -6 -7 -5 -6; employed (01) at the start when i is odd, else 02.
--     Mean -75/10 = -7.5; squared deviations 22.5, SD sqrt(22.5/9) = 1.5811.
--   O01-O10 not supported: first 16 15 14 13 12 11 10 12 14 16; change
--     -6 -5 -4 -5 -3 -4 -2 -3 -5 -6; employed O01-O03. Mean -4.3;
--     squared deviations 16.1, SD sqrt(16.1/9) = 1.3375.
--   X01 not supported, status ZZ (not stated): finished, not in the score
--     comparisons (other_finished 11, other_phq9_n 10).
--   Welch: se^2 = 2.5/10 + 1.7889/10 = 0.42889, df = 17.518, difference
--     -3.2, interval -4.5786 to -1.8214 (R: t.test).
--   Adjusted (lm, HC1 written out): -2.1424547284, interval -2.6942635870
--     to -1.5906458697: the supported started more severe, and the more
--     severe fall further, so part of the -3.2 is severity.
-- Generalised anxiety (F41.1): GS01-GS09 supported, GO01-GO10 not: nine in
--   an arm, below the rule of 10: every comparison withheld.
-- GAD-7 (the anxiety measure of both groups): first 10 + i % 4; change
--   -(2 + i % 3) supported, -(1 + i % 2) not.
CREATE TEMP TABLE fixture AS
SELECT * FROM (VALUES
    ('S01', 'F32.1', true, '01', 20, -10), ('S02', 'F32.1', true, '02', 19, -9), ('S03', 'F32.1', true, '01', 18, -8),
    ('S04', 'F32.1', true, '02', 17, -9), ('S05', 'F32.1', true, '01', 16, -7), ('S06', 'F32.1', true, '02', 15, -8),
    ('S07', 'F32.1', true, '01', 14, -6), ('S08', 'F32.1', true, '02', 13, -7), ('S09', 'F32.1', true, '01', 12, -5),
    ('S10', 'F32.1', true, '02', 11, -6),
    ('O01', 'F32.1', false, '01', 16, -6), ('O02', 'F32.1', false, '01', 15, -5), ('O03', 'F32.1', false, '01', 14, -4),
    ('O04', 'F32.1', false, '02', 13, -5), ('O05', 'F32.1', false, '02', 12, -3), ('O06', 'F32.1', false, '02', 11, -4),
    ('O07', 'F32.1', false, '02', 10, -2), ('O08', 'F32.1', false, '02', 12, -3), ('O09', 'F32.1', false, '02', 14, -5),
    ('O10', 'F32.1', false, '02', 16, -6),
    ('X01', 'F32.1', false, 'ZZ', 15, -5)) v(pathway_id, dx, supported, status, phq1, phq_change)
UNION ALL
SELECT 'GS' || lpad(i::text, 2, '0'), 'F41.1', true, CASE WHEN i % 2 = 0 THEN '01' ELSE '02' END, 12 + i % 5, -(3 + i % 3)
FROM generate_series(1, 9) i
UNION ALL
SELECT 'GO' || lpad(i::text, 2, '0'), 'F41.1', false, CASE WHEN i % 2 = 0 THEN '01' ELSE '02' END, 12 + i % 5, -(2 + i % 2)
FROM generate_series(1, 10) i;
ALTER TABLE fixture ADD COLUMN i integer;
UPDATE fixture SET i = right(pathway_id, 2)::integer;

INSERT INTO referral (pathway_id, person_id, provider_code, service_id, referral_date, discharge_date, provisional_diagnosis)
SELECT pathway_id, 'P' || pathway_id, 'RXB', 'RXB', DATE '2024-12-02', DATE '2025-02-10', dx FROM fixture;
INSERT INTO care_contact (contact_id, pathway_id, contact_at, attended, appointment_type)
SELECT pathway_id || '-' || k, pathway_id, timestamptz '2025-01-06 10:00+00' + (k - 1) * interval '14 days', true, 'treatment'
FROM fixture, generate_series(1, 2) k
UNION ALL
SELECT pathway_id || '-ES', pathway_id, timestamptz '2025-01-15 10:00+00', true, 'employment_support'
FROM fixture WHERE supported;
INSERT INTO assessment_score (pathway_id, measure, recorded_at, score)
SELECT pathway_id, m, t, s
FROM fixture
CROSS JOIN LATERAL (VALUES
    ('phq9', timestamptz '2025-01-06 10:00+00', phq1), ('phq9', timestamptz '2025-01-20 10:00+00', phq1 + phq_change),
    ('gad7', timestamptz '2025-01-06 10:00+00', 10 + i % 4),
    ('gad7', timestamptz '2025-01-20 10:00+00', 10 + i % 4 - CASE WHEN supported THEN 2 + i % 3 ELSE 1 + i % 2 END)) s(m, t, s);
INSERT INTO employment_status (pathway_id, recorded_at, status, sickness_absence)
SELECT pathway_id, timestamptz '2025-01-06 00:00+00', status, CASE WHEN status = '01' THEN 'N' ELSE '8' END FROM fixture;

SELECT * FROM public.model_reads_mismatch('eff_test');

-- Every row at provider level: February 2025 (the month of discharge),
-- the quarter from 1 January and the financial year from 1 April 2024
-- hold the same people, so the same numbers.
SELECT period_type, period_start, level, provider_code, diagnosis_group, anxiety_measure, too_few,
       supported_finished, other_finished, supported_phq9_n, other_phq9_n
FROM employment_support_effect
WHERE level = 'provider'
ORDER BY diagnosis_group, period_type;
SELECT period_type, count(*) AS rows, count(DISTINCT (supported_phq9_n, other_phq9_n, phq9_difference, phq9_adjusted_difference)) AS distinct_answers
FROM employment_support_effect GROUP BY 1 ORDER BY 1;
SELECT round(supported_phq9_change_mean::numeric, 10) AS s_mean, round(supported_phq9_change_sd::numeric, 10) AS s_sd,
       round(other_phq9_change_mean::numeric, 10) AS o_mean, round(other_phq9_change_sd::numeric, 10) AS o_sd,
       round(phq9_difference::numeric, 10) AS difference, round(phq9_ci_low::numeric, 10) AS ci_low,
       round(phq9_ci_high::numeric, 10) AS ci_high, round(phq9_p_value::numeric, 10) AS p,
       round(phq9_adjusted_difference::numeric, 10) AS adjusted, round(phq9_adjusted_ci_low::numeric, 10) AS adjusted_low,
       round(phq9_adjusted_ci_high::numeric, 10) AS adjusted_high, phq9_adjusted_problem
FROM employment_support_effect
WHERE period_type = 'year' AND level = 'national' AND diagnosis_group = 'depression';
-- Against R (test/reference/employment_effect.R) to 1e-9.
SELECT abs(supported_phq9_change_sd - 1.58113883008419) < 1e-9 AS sd_supported,
       abs(other_phq9_change_sd - 1.33749350984926) < 1e-9 AS sd_other,
       abs(phq9_ci_low - -4.57860185257664) < 1e-9 AND abs(phq9_ci_high - -1.82139814742335) < 1e-9 AS welch,
       abs(phq9_p_value - 0.000128023245356432) < 1e-12 AS welch_p,
       abs(phq9_adjusted_difference - -2.14245472837022) < 1e-9 AS adjusted,
       abs(phq9_adjusted_ci_low - -2.69426358701975) < 1e-9 AND abs(phq9_adjusted_ci_high - -1.5906458697207) < 1e-9 AS hc1_interval
FROM employment_support_effect
WHERE period_type = 'month' AND level = 'provider' AND diagnosis_group = 'depression';
-- The anxiety measure and the pooled rates of the depression group, and
-- the generalised-anxiety group at nine supported: every estimate NULL.
SELECT diagnosis_group, supported_anxiety_n, other_anxiety_n,
       round(anxiety_difference::numeric, 6) AS anxiety_difference, round(anxiety_adjusted_difference::numeric, 6) AS anxiety_adjusted,
       supported_recovery_denominator, supported_recovered, other_recovery_denominator, other_recovered,
       round(recovery_difference::numeric, 6) AS recovery_difference,
       supported_reliably_improved, other_reliably_improved, round(reliable_improvement_difference::numeric, 6) AS ri_difference
FROM employment_support_effect
WHERE period_type = 'year' AND level = 'national' ORDER BY 1;
-- The rates' differences are compare_rates of the counts.
SELECT (e.recovery_difference, e.recovery_ci_low, e.recovery_ci_high)
       = ((c).difference, (c).ci_low, (c).ci_high) AS recovery_is_compare_rates
FROM employment_support_effect e,
     LATERAL (SELECT iapt_ews.compare_rates(e.supported_recovered, e.supported_recovery_denominator,
                                            e.other_recovered, e.other_recovery_denominator) AS c) x
WHERE period_type = 'year' AND level = 'national' AND diagnosis_group = 'depression';
SELECT num_nonnulls(supported_phq9_change_mean, supported_phq9_change_sd, other_phq9_change_mean, other_phq9_change_sd,
                    phq9_difference, phq9_ci_low, phq9_ci_high, phq9_p_value, phq9_adjusted_difference,
                    phq9_adjusted_ci_low, phq9_adjusted_ci_high, phq9_adjusted_problem,
                    supported_anxiety_change_mean, anxiety_difference, anxiety_adjusted_difference,
                    recovery_difference, reliable_improvement_difference) AS estimates_shown
FROM employment_support_effect
WHERE period_type = 'year' AND level = 'national' AND diagnosis_group = 'generalised anxiety';
-- At the threshold: a tenth supported course of generalised anxiety
-- (GS10) brings the arm to 10, and the PHQ-9 comparison is shown.
INSERT INTO referral (pathway_id, person_id, provider_code, service_id, referral_date, discharge_date, provisional_diagnosis)
VALUES ('GS10', 'PGS10', 'RXB', 'RXB', DATE '2024-12-02', DATE '2025-02-10', 'F41.1');
INSERT INTO care_contact (contact_id, pathway_id, contact_at, attended, appointment_type) VALUES
    ('GS10-1', 'GS10', '2025-01-06 10:00+00', true, 'treatment'), ('GS10-2', 'GS10', '2025-01-20 10:00+00', true, 'treatment'),
    ('GS10-ES', 'GS10', '2025-01-15 10:00+00', true, 'employment_support');
INSERT INTO assessment_score (pathway_id, measure, recorded_at, score) VALUES
    ('GS10', 'phq9', '2025-01-06 10:00+00', 12), ('GS10', 'phq9', '2025-01-20 10:00+00', 9),
    ('GS10', 'gad7', '2025-01-06 10:00+00', 12), ('GS10', 'gad7', '2025-01-20 10:00+00', 9);
INSERT INTO employment_status (pathway_id, recorded_at, status, sickness_absence) VALUES ('GS10', '2025-01-06 00:00+00', '01', 'N');
SELECT diagnosis_group, too_few, supported_phq9_n, other_phq9_n, phq9_difference IS NOT NULL AS phq9_shown,
       phq9_adjusted_difference IS NOT NULL AS adjusted_shown
FROM employment_support_effect
WHERE period_type = 'year' AND level = 'national' AND diagnosis_group = 'generalised anxiety';

-- Published: no count column, estimates rounded, withheld below 10.
SELECT a.attname FROM pg_attribute a
WHERE a.attrelid = 'employment_support_effect_published'::regclass AND a.attnum > 0
  AND (a.attname ~ '(_n|_finished|_denominator|_recovered|_improved)$') ORDER BY 1;
SELECT diagnosis_group, withheld, supported_phq9_change_mean, supported_phq9_change_sd, other_phq9_change_mean,
       other_phq9_change_sd, phq9_difference, phq9_ci_low, phq9_ci_high, phq9_p_value,
       phq9_adjusted_difference, phq9_adjusted_ci_low, phq9_adjusted_ci_high
FROM employment_support_effect_published
WHERE period_type = 'year' AND level = 'national' ORDER BY 1;
SELECT diagnosis_group, anxiety_difference, supported_recovery_rate, other_recovery_rate, recovery_difference,
       recovery_ci_low, recovery_ci_high, reliable_improvement_difference
FROM employment_support_effect_published
WHERE period_type = 'year' AND level = 'national' ORDER BY 1;
-- Back below the threshold: GS10 without its support contact.
DELETE FROM care_contact WHERE contact_id = 'GS10-ES';
SELECT withheld, supported_phq9_change_mean, phq9_difference, phq9_adjusted_difference
FROM employment_support_effect_published
WHERE period_type = 'year' AND level = 'national' AND diagnosis_group = 'generalised anxiety';

-- employment_support_starts: the first support contacts are all on
-- 15 January 2025: 19 people (and referrals) start in Q1 2025.
SELECT * FROM employment_support_starts ORDER BY quarter, level;
SELECT * FROM employment_support_starts_published ORDER BY quarter, level;
-- Their level is an iapt_ews.report_level: matched in any case, a name
-- that is no level refused.
SELECT (SELECT count(*) FROM employment_support_starts WHERE level = 'National') AS starts_national,
       (SELECT count(*) FROM employment_support_starts_published WHERE level = 'PROVIDER') AS published_provider,
       (SELECT count(*) FROM employment_support_effect WHERE level = 'Provider')
       = (SELECT count(*) FROM employment_support_effect WHERE level::text = 'provider') AS effect_same;
SELECT count(*) FROM employment_support_effect_published WHERE level = 'nationally';

-- Every column of the new views has a comment; the views are security barriers.
SELECT c.relname, count(*) FILTER (WHERE col_description(c.oid, a.attnum) IS NULL) AS uncommented,
       c.reloptions
FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
WHERE c.relnamespace = 'eff_test'::regnamespace AND c.relname ~ '^employment_support_(effect|starts)'
GROUP BY c.relname, c.reloptions ORDER BY 1;
RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA eff_test CASCADE;
