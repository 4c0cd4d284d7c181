-- step: 336
-- object: equality_metrics
-- kind: view
-- layer: reports
-- reads: organisation_level, referral_outcome, area
CREATE VIEW equality_metrics WITH (security_barrier = true) AS
WITH ro AS (
    SELECT ro.pathway_id, ro.provider_code, ro.service_id, ro.commissioner_code,
           ro.first_treatment_date, ro.discharge_date, ro.finished, ro.not_case_at_start,
           ro.recovered, ro.reliably_recovered, ro.ethnic_category, ro.age_at_referral, ro.gender,
           ro.gender_identity, a.imd_decile
    FROM referral_outcome ro LEFT JOIN area a ON a.lsoa_code = ro.lsoa_code),
-- Each referral once per split; a value the codes do not know is 'Not known'.
split AS (
    SELECT ro.*, s.split_type, coalesce(s.split_value, 'Not known') AS split_value
    FROM ro CROSS JOIN LATERAL (VALUES
        ('ethnic_group', iapt_ews.ethnic_group(ro.ethnic_category)),
        ('bme_group', iapt_ews.bme_group(ro.ethnic_category)),
        ('age_band', iapt_ews.age_band(ro.age_at_referral)),
        ('gender', ro.gender),
        ('gender_identity', ro.gender_identity),
        ('imd_decile', lpad(ro.imd_decile::text, 2, '0'))) s(split_type, split_value)),
-- Counted per month, cell (provider, service, commissioner) and group
-- first; each level then adds up its cells (organisation_level), as
-- key_metrics does.
cell_counts AS (
    SELECT e.month, coalesce(s.provider_code, '') AS provider_key, coalesce(s.service_id, '') AS service_key,
           coalesce(s.commissioner_code, '') AS commissioner_key, s.split_type, s.split_value,
           count(*) FILTER (WHERE e.kind = 'access') AS count_access,
           count(*) FILTER (WHERE e.kind = 'ended' AND s.finished) AS count_finished_course_treatment,
           count(*) FILTER (WHERE e.kind = 'ended' AND s.finished AND s.not_case_at_start) AS count_not_at_caseness,
           count(*) FILTER (WHERE e.kind = 'ended' AND s.finished AND s.recovered) AS count_recovery,
           count(*) FILTER (WHERE e.kind = 'ended' AND s.finished AND s.reliably_recovered) AS count_reliable_recovery
    FROM split s
    CROSS JOIN LATERAL (VALUES
        ('access', date_trunc('month', s.first_treatment_date::timestamp)::date),
        ('ended', date_trunc('month', s.discharge_date::timestamp)::date)) e(kind, month)
    WHERE e.month IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6),
counts AS (
    SELECT c.month, l.level, l.group_type, l.organisation_code, l.organisation_name, c.split_type, c.split_value,
           CASE c.split_type WHEN 'bme_group' THEN 'White British' WHEN 'imd_decile' THEN '10' END AS reference_group,
           coalesce(sum(c.count_access), 0)::bigint AS count_access,
           coalesce(sum(c.count_finished_course_treatment), 0)::bigint AS count_finished_course_treatment,
           coalesce(sum(c.count_not_at_caseness), 0)::bigint AS count_not_at_caseness,
           coalesce(sum(c.count_recovery), 0)::bigint AS count_recovery,
           coalesce(sum(c.count_reliable_recovery), 0)::bigint AS count_reliable_recovery
    FROM cell_counts c
    JOIN organisation_level l ON coalesce(l.cell_provider_code, '') = c.provider_key
                             AND coalesce(l.cell_service_id, '') = c.service_key
                             AND coalesce(l.cell_commissioner_code, '') = c.commissioner_key
    WHERE l.level <> 'service'
    GROUP BY 1, 2, 3, 4, 5, 6, 7),
-- Beside each group, by window (no join of the counts to themselves,
-- whose size the planner cannot know): its reference group's counts (White
-- British; the least deprived decile), among the referrals the recovery
-- rates count (finished, at caseness at the start), and the slope and
-- relative index of inequality of the recovery rate across the IMD deciles
-- (1 = most deprived), each decile weighted by its denominator.
compared AS (
    SELECT c.*, c.count_finished_course_treatment - c.count_not_at_caseness AS denominator,
           sum(c.count_recovery) FILTER (WHERE c.split_value = c.reference_group) OVER same_split AS reference_recovery,
           sum(c.count_reliable_recovery) FILTER (WHERE c.split_value = c.reference_group) OVER same_split AS reference_reliable_recovery,
           sum(c.count_finished_course_treatment - c.count_not_at_caseness)
               FILTER (WHERE c.split_value = c.reference_group) OVER same_split AS reference_denominator,
           iapt_ews.slope_index_of_inequality(c.count_recovery::float8 / nullif(c.count_finished_course_treatment - c.count_not_at_caseness, 0),
                                              CASE WHEN c.split_value <> 'Not known' THEN c.split_value END::float8,
                                              (c.count_finished_course_treatment - c.count_not_at_caseness)::float8)
               FILTER (WHERE c.split_type = 'imd_decile' AND c.split_value <> 'Not known'
                         AND c.count_finished_course_treatment - c.count_not_at_caseness > 0) OVER same_place AS recovery_sii,
           iapt_ews.relative_index_of_inequality(c.count_recovery::float8 / nullif(c.count_finished_course_treatment - c.count_not_at_caseness, 0),
                                                 CASE WHEN c.split_value <> 'Not known' THEN c.split_value END::float8,
                                                 (c.count_finished_course_treatment - c.count_not_at_caseness)::float8)
               FILTER (WHERE c.split_type = 'imd_decile' AND c.split_value <> 'Not known'
                         AND c.count_finished_course_treatment - c.count_not_at_caseness > 0) OVER same_place AS recovery_rii
    FROM counts c
    WINDOW same_split AS (PARTITION BY c.month, c.level, c.organisation_code, c.split_type),
           same_place AS (PARTITION BY c.month, c.level, c.organisation_code)),
gap AS (
    SELECT x.*,
           CASE WHEN x.split_value <> x.reference_group THEN
                iapt_ews.compare_rates(x.count_recovery, x.denominator,
                                       coalesce(x.reference_recovery, 0)::bigint, coalesce(x.reference_denominator, 0)::bigint) END AS recovery,
           CASE WHEN x.split_value <> x.reference_group THEN
                iapt_ews.compare_rates(x.count_reliable_recovery, x.denominator,
                                       coalesce(x.reference_reliable_recovery, 0)::bigint, coalesce(x.reference_denominator, 0)::bigint) END AS reliable_recovery
    FROM compared x)
SELECT g.month, g.level, g.group_type, g.organisation_code, g.organisation_name, g.split_type, g.split_value,
       g.count_access, g.count_finished_course_treatment, g.count_not_at_caseness, g.count_recovery, g.count_reliable_recovery,
       r.rate AS recovery_rate, r.ci_low AS recovery_rate_ci_low, r.ci_high AS recovery_rate_ci_high,
       rr.rate AS reliable_recovery_rate, rr.ci_low AS reliable_recovery_rate_ci_low, rr.ci_high AS reliable_recovery_rate_ci_high,
       g.reference_group,
       (g.recovery).difference AS recovery_gap, (g.recovery).ci_low AS recovery_gap_ci_low,
       (g.recovery).ci_high AS recovery_gap_ci_high, (g.recovery).p_value AS recovery_gap_p_value,
       (g.reliable_recovery).difference AS reliable_recovery_gap, (g.reliable_recovery).ci_low AS reliable_recovery_gap_ci_low,
       (g.reliable_recovery).ci_high AS reliable_recovery_gap_ci_high, (g.reliable_recovery).p_value AS reliable_recovery_gap_p_value,
       CASE WHEN g.split_type = 'imd_decile' THEN g.recovery_sii END AS recovery_sii,
       CASE WHEN g.split_type = 'imd_decile' THEN g.recovery_rii END AS recovery_rii
FROM gap g
CROSS JOIN LATERAL iapt_ews.proportion_interval(g.count_recovery, g.denominator) r
CROSS JOIN LATERAL iapt_ews.proportion_interval(g.count_reliable_recovery, g.denominator) rr;
COMMENT ON VIEW equality_metrics IS 'Recovery, reliable recovery, access and finished courses per month and level (national, region, ICB, sub-ICB, provider), split by ethnic group, BME group, age band, gender, gender identity and IMD decile of the LSOA of residence (area.imd_decile), each rate with its 95% Wilson interval, the gap to White British or the least deprived decile (iapt_ews.compare_rates, Newcombe interval) and the slope and relative index of inequality across IMD deciles; not suppressed. Rows of the providers provider_access grants the caller';
COMMENT ON COLUMN equality_metrics.month IS 'First day of the month: of the first treatment for count_access, of the discharge for the rest';
COMMENT ON COLUMN equality_metrics.level IS 'national, region, icb, sub_icb or provider (referral_level); iapt_ews.report_level: compared in any case (''ICB'', ''Sub-ICB''), a name that is no level is an error, ordered national to service';
COMMENT ON COLUMN equality_metrics.group_type IS 'The level as NHS England names it (National, Region, ICB, Sub-ICB, Provider)';
COMMENT ON COLUMN equality_metrics.organisation_code IS 'England, the commissioner''s region, ICB or sub-ICB (Other when not placed) or the provider';
COMMENT ON COLUMN equality_metrics.organisation_name IS 'Its name';
COMMENT ON COLUMN equality_metrics.split_type IS 'ethnic_group, bme_group, age_band, gender, gender_identity or imd_decile';
COMMENT ON COLUMN equality_metrics.split_value IS 'The group: iapt_ews.ethnic_group, iapt_ews.bme_group, iapt_ews.age_band, the national gender or gender identity code, or the IMD decile as 01 (most deprived) to 10; Not known when missing or not a known code';
COMMENT ON COLUMN equality_metrics.count_access IS 'Referrals with their first treatment in the month (Count_Access, M031)';
COMMENT ON COLUMN equality_metrics.count_finished_course_treatment IS 'Finished a course of treatment in the month (M076)';
COMMENT ON COLUMN equality_metrics.count_not_at_caseness IS 'Finished, not at caseness at the start (M179)';
COMMENT ON COLUMN equality_metrics.count_recovery IS 'Finished and moved to recovery (M191)';
COMMENT ON COLUMN equality_metrics.count_reliable_recovery IS 'Finished with reliable recovery (M193)';
COMMENT ON COLUMN equality_metrics.recovery_rate IS 'count_recovery / (finished - not at caseness), a fraction; NULL when the denominator is 0';
COMMENT ON COLUMN equality_metrics.recovery_rate_ci_low IS 'Lower end of its 95% Wilson interval (iapt_ews.proportion_interval)';
COMMENT ON COLUMN equality_metrics.recovery_rate_ci_high IS 'Upper end of its 95% Wilson interval';
COMMENT ON COLUMN equality_metrics.reliable_recovery_rate IS 'count_reliable_recovery / (finished - not at caseness), a fraction';
COMMENT ON COLUMN equality_metrics.reliable_recovery_rate_ci_low IS 'Lower end of its 95% Wilson interval';
COMMENT ON COLUMN equality_metrics.reliable_recovery_rate_ci_high IS 'Upper end of its 95% Wilson interval';
COMMENT ON COLUMN equality_metrics.reference_group IS 'The group the gaps are to: White British (bme_group), 10 the least deprived decile (imd_decile); NULL for the other splits';
COMMENT ON COLUMN equality_metrics.recovery_gap IS 'This group''s recovery rate minus the reference group''s (iapt_ews.compare_rates); NULL on the reference row, on splits without a reference and when either group has no denominator';
COMMENT ON COLUMN equality_metrics.recovery_gap_ci_low IS 'Lower end of the gap''s 95% interval (Newcombe''s hybrid score method)';
COMMENT ON COLUMN equality_metrics.recovery_gap_ci_high IS 'Upper end of the gap''s 95% interval';
COMMENT ON COLUMN equality_metrics.recovery_gap_p_value IS 'Two-sided p-value of the gap (pooled z-test)';
COMMENT ON COLUMN equality_metrics.reliable_recovery_gap IS 'The same for reliable recovery';
COMMENT ON COLUMN equality_metrics.reliable_recovery_gap_ci_low IS 'Lower end of its 95% interval';
COMMENT ON COLUMN equality_metrics.reliable_recovery_gap_ci_high IS 'Upper end of its 95% interval';
COMMENT ON COLUMN equality_metrics.reliable_recovery_gap_p_value IS 'Its two-sided p-value';
COMMENT ON COLUMN equality_metrics.recovery_sii IS 'Slope index of inequality of the recovery rate across IMD deciles (least deprived end minus most deprived end, deciles weighted by their denominators; iapt_ews.slope_index_of_inequality); on imd_decile rows only, the same on each';
COMMENT ON COLUMN equality_metrics.recovery_rii IS 'Relative index of inequality of the same (iapt_ews.relative_index_of_inequality)';
