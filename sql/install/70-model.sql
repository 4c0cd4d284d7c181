-- ---------------------------------------------------------------------------
-- Reporting data model (docs/reporting.md), shaped after the NHS Talking
-- Therapies data set v2: IDS101 referral, IDS201 care contact, IDS606 coded
-- scored assessment, IDS004 employment status, plus workforce, sites and
-- areas. The views of 74-views.sql read these tables (or a warehouse's own
-- tables, through iapt_ews.create_reporting_views). Every table is
-- registered with pg_extension_config_dump, so pg_dump keeps its rows.
-- ---------------------------------------------------------------------------

CREATE TABLE iapt_ews.area (
    lsoa_code   text PRIMARY KEY CHECK (lsoa_code ~ '^[EW]0[0-9]{7}$'),
    name        text,
    geom        public.geometry(Point, 27700) NOT NULL,
    population  integer CHECK (population >= 0),
    imd_decile  integer CHECK (imd_decile BETWEEN 1 AND 10)
);
COMMENT ON TABLE iapt_ews.area IS
'Small areas (LSOA) with their population-weighted centroid, population and IMD 2019 decile';
COMMENT ON COLUMN iapt_ews.area.lsoa_code IS 'LSOA code (E01... in England, W01... in Wales)';
COMMENT ON COLUMN iapt_ews.area.name IS 'LSOA name';
COMMENT ON COLUMN iapt_ews.area.geom IS 'Population-weighted centroid, British National Grid (EPSG:27700, metres)';
COMMENT ON COLUMN iapt_ews.area.population IS 'Resident population; NULL when not known';
COMMENT ON COLUMN iapt_ews.area.imd_decile IS 'Index of Multiple Deprivation 2019 decile: 1 most deprived 10%, 10 least deprived';

CREATE TABLE iapt_ews.site (
    site_id     text PRIMARY KEY,
    service_id  text NOT NULL,
    name        text,
    geom        public.geometry(Point, 27700) NOT NULL
);
CREATE INDEX site_service_idx ON iapt_ews.site (service_id);
COMMENT ON TABLE iapt_ews.site IS 'Places where a service sees people';
COMMENT ON COLUMN iapt_ews.site.site_id IS 'Site identifier (ODS site code where there is one)';
COMMENT ON COLUMN iapt_ews.site.service_id IS 'Service the site belongs to';
COMMENT ON COLUMN iapt_ews.site.name IS 'Site name';
COMMENT ON COLUMN iapt_ews.site.geom IS 'Site location, British National Grid (EPSG:27700, metres)';

CREATE TABLE iapt_ews.referral (
    pathway_id              text PRIMARY KEY,
    person_id               text NOT NULL,
    provider_code           text NOT NULL,
    service_id              text NOT NULL,
    referral_date           date NOT NULL CHECK (referral_date > '1990-01-01' AND referral_date < 'infinity'),
    discharge_date          date CHECK (discharge_date < 'infinity'),
    end_code                text CHECK (end_code ~ '^[0-9]{2}$'),
    provisional_diagnosis   text CHECK (provisional_diagnosis ~ '^[A-Z][0-9]{2}(\.?[0-9A-Z]{1,4})?$'),
    lsoa_code               text CHECK (lsoa_code ~ '^[EW]0[0-9]{7}$'),
    employment_support_start date,
    employment_support_end   date,
    CONSTRAINT referral_discharge_after_referral CHECK (discharge_date >= referral_date),
    CONSTRAINT referral_end_code_needs_discharge CHECK (end_code IS NULL OR discharge_date IS NOT NULL),
    CONSTRAINT referral_support_end_after_start CHECK (employment_support_end >= employment_support_start),
    CONSTRAINT referral_support_end_needs_start CHECK (employment_support_end IS NULL OR employment_support_start IS NOT NULL)
);
CREATE INDEX referral_provider_idx ON iapt_ews.referral (provider_code);
CREATE INDEX referral_service_date_idx ON iapt_ews.referral (service_id, referral_date);
CREATE INDEX referral_person_date_idx ON iapt_ews.referral (person_id, referral_date);
CREATE INDEX referral_lsoa_idx ON iapt_ews.referral (lsoa_code);
COMMENT ON TABLE iapt_ews.referral IS
'One row per referral (episode of care, PathwayID), after IDS101 Referral of the NHS Talking Therapies data set v2. Row-level security by provider_code (docs/access-control.md)';
COMMENT ON COLUMN iapt_ews.referral.pathway_id IS 'PathwayID: the referral (episode of care)';
COMMENT ON COLUMN iapt_ews.referral.person_id IS 'Pseudonymised person identifier (one person may have several referrals)';
COMMENT ON COLUMN iapt_ews.referral.provider_code IS 'ODS code of the provider organisation; row-level security filters on it';
COMMENT ON COLUMN iapt_ews.referral.service_id IS 'Service (team) that received the referral';
COMMENT ON COLUMN iapt_ews.referral.referral_date IS 'Referral request received date';
COMMENT ON COLUMN iapt_ews.referral.discharge_date IS 'Service discharge date; NULL while the referral is open';
COMMENT ON COLUMN iapt_ews.referral.end_code IS 'Care spell end code (two digits, data set v2 code list); needs a discharge date';
COMMENT ON COLUMN iapt_ews.referral.provisional_diagnosis IS 'Provisional diagnosis (presenting complaint), ICD-10 code, e.g. F41.1; chooses the anxiety measure';
COMMENT ON COLUMN iapt_ews.referral.lsoa_code IS 'LSOA of residence at referral';
COMMENT ON COLUMN iapt_ews.referral.employment_support_start IS 'Date employment support (an employment adviser) started; NULL when none';
COMMENT ON COLUMN iapt_ews.referral.employment_support_end IS 'Date employment support ended';

CREATE TABLE iapt_ews.care_contact (
    contact_id          text PRIMARY KEY,
    pathway_id          text NOT NULL REFERENCES iapt_ews.referral ON UPDATE CASCADE ON DELETE CASCADE,
    contact_at          timestamptz NOT NULL CHECK (contact_at > '1990-01-01' AND contact_at < 'infinity'),
    attended            boolean NOT NULL,
    appointment_type    text NOT NULL CHECK (appointment_type IN
        ('assessment', 'treatment', 'assessment_and_treatment', 'review_and_treatment',
         'review', 'employment_support', 'other'))
);
CREATE INDEX care_contact_pathway_idx ON iapt_ews.care_contact (pathway_id, contact_at);
COMMENT ON TABLE iapt_ews.care_contact IS
'Care contacts (appointments), after IDS201 Care Contact. Treatment appointments are types treatment, assessment_and_treatment and review_and_treatment';
COMMENT ON COLUMN iapt_ews.care_contact.contact_id IS 'Care contact identifier';
COMMENT ON COLUMN iapt_ews.care_contact.pathway_id IS 'Referral the contact belongs to';
COMMENT ON COLUMN iapt_ews.care_contact.contact_at IS 'Date and time of the contact';
COMMENT ON COLUMN iapt_ews.care_contact.attended IS 'True when the person attended (on time or late but seen)';
COMMENT ON COLUMN iapt_ews.care_contact.appointment_type IS
'assessment, treatment, assessment_and_treatment, review_and_treatment, review (without treatment), employment_support or other';

CREATE TABLE iapt_ews.assessment_score (
    pathway_id  text NOT NULL REFERENCES iapt_ews.referral ON UPDATE CASCADE ON DELETE CASCADE,
    measure     text NOT NULL,
    recorded_at timestamptz NOT NULL CHECK (recorded_at > '1990-01-01' AND recorded_at < 'infinity'),
    score       numeric NOT NULL,
    PRIMARY KEY (pathway_id, measure, recorded_at),
    -- One spelling per measure, so views can compare codes with =.
    CONSTRAINT assessment_score_measure_code CHECK (measure = lower(measure) AND measure !~ '\s'),
    -- is_case() raises an error for an unknown measure, a score outside the
    -- measure's range or one recorded more precisely than the measure records
    -- (see docs/recovery.md), so no impossible score gets in.
    CONSTRAINT assessment_score_valid CHECK (iapt_ews.is_case(measure, score) IS NOT NULL)
);
COMMENT ON TABLE iapt_ews.assessment_score IS
'Coded scored assessments (PHQ-9, GAD-7, ADSMs), after IDS606 Coded Scored Assessment; each score is checked against the measure catalogue (iapt_ews.measures)';
COMMENT ON COLUMN iapt_ews.assessment_score.pathway_id IS 'Referral the score belongs to';
COMMENT ON COLUMN iapt_ews.assessment_score.measure IS 'Measure code, lower case, as in iapt_ews.measures (phq9, gad7, mi_alone, spin, pdss, oci, pcl5, iesr, hai)';
COMMENT ON COLUMN iapt_ews.assessment_score.recorded_at IS 'When the score was recorded (the care contact time)';
COMMENT ON COLUMN iapt_ews.assessment_score.score IS 'Score, within the range of the measure';

CREATE TABLE iapt_ews.employment_status (
    pathway_id          text NOT NULL REFERENCES iapt_ews.referral ON UPDATE CASCADE ON DELETE CASCADE,
    recorded_at         timestamptz NOT NULL CHECK (recorded_at > '1990-01-01' AND recorded_at < 'infinity'),
    status              text NOT NULL CHECK (status IN ('01', '02', '03', '04', '05', '06', '07', '08', 'ZZ')),
    sickness_absence    text CHECK (sickness_absence IN ('Y', 'N', '8')),
    PRIMARY KEY (pathway_id, recorded_at)
);
COMMENT ON TABLE iapt_ews.employment_status IS
'Employment status records, after IDS004 Employment Status; first and last per referral give the employment outcome';
COMMENT ON COLUMN iapt_ews.employment_status.pathway_id IS 'Referral the record belongs to';
COMMENT ON COLUMN iapt_ews.employment_status.recorded_at IS 'When the status was recorded';
COMMENT ON COLUMN iapt_ews.employment_status.status IS
'Employment status: 01 employed, 02 unemployed and seeking work, 03 student, 04 long-term sick or disabled, 05 homemaker, 06 not working or seeking work, no benefits, 07 unpaid voluntary work, 08 retired, ZZ not stated';
COMMENT ON COLUMN iapt_ews.employment_status.sickness_absence IS 'Sickness absence from work: Y, N, or 8 (not applicable)';

CREATE TABLE iapt_ews.workforce (
    service_id  text NOT NULL,
    period      date NOT NULL CHECK (extract(day FROM period) = 1),
    role        text NOT NULL CHECK (role IN ('ea', 'hit', 'pwp', 'counsellor', 'other')),
    wte         numeric NOT NULL CHECK (wte >= 0 AND wte < 100000),
    PRIMARY KEY (service_id, period, role)
);
COMMENT ON TABLE iapt_ews.workforce IS
'Staff in whole-time equivalents per service, role and period (the first day of the month or quarter)';
COMMENT ON COLUMN iapt_ews.workforce.service_id IS 'Service';
COMMENT ON COLUMN iapt_ews.workforce.period IS 'First day of the month (or quarter) the staffing applies to';
COMMENT ON COLUMN iapt_ews.workforce.role IS 'ea employment adviser, hit high-intensity therapist, pwp psychological wellbeing practitioner, counsellor, other (see iapt_ews.workforce_roles)';
COMMENT ON COLUMN iapt_ews.workforce.wte IS 'Whole-time equivalents (not head count)';

-- Who may see which provider's patient-level rows (docs/access-control.md).
-- The row-level security policies and the publication views read it; a DBA
-- audits access with SELECT * FROM iapt_ews.provider_access.
CREATE TABLE iapt_ews.provider_access (
    role_name       name NOT NULL,
    provider_code   text NOT NULL,
    PRIMARY KEY (role_name, provider_code)
);
COMMENT ON TABLE iapt_ews.provider_access IS
'Which roles (and their members) see which providers'' patient-level rows; provider_code * means every provider. Row-level security and the *_published views read it';
COMMENT ON COLUMN iapt_ews.provider_access.role_name IS 'Role name; members of the role (direct or indirect) get the same access';
COMMENT ON COLUMN iapt_ews.provider_access.provider_code IS 'Provider ODS code the role may see, or * for every provider';

CREATE FUNCTION iapt_ews.visible_providers()
RETURNS text[]
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN (SELECT r.rolsuper OR r.rolbypassrls FROM pg_catalog.pg_roles r
              WHERE r.rolname = CURRENT_USER) THEN ARRAY['*']
        ELSE coalesce((SELECT pg_catalog.array_agg(DISTINCT a.provider_code ORDER BY a.provider_code)
                       FROM iapt_ews.provider_access a
                       JOIN pg_catalog.pg_roles r ON r.rolname = a.role_name
                       WHERE pg_catalog.pg_has_role(r.oid, 'MEMBER')), '{}')
    END
$$;
COMMENT ON FUNCTION iapt_ews.visible_providers() IS
'Provider codes the current user may see according to iapt_ews.provider_access ({*}: every provider; superusers and BYPASSRLS roles see every provider)';

SELECT pg_catalog.pg_extension_config_dump('iapt_ews.area', '');
SELECT pg_catalog.pg_extension_config_dump('iapt_ews.site', '');
SELECT pg_catalog.pg_extension_config_dump('iapt_ews.referral', '');
SELECT pg_catalog.pg_extension_config_dump('iapt_ews.care_contact', '');
SELECT pg_catalog.pg_extension_config_dump('iapt_ews.assessment_score', '');
SELECT pg_catalog.pg_extension_config_dump('iapt_ews.employment_status', '');
SELECT pg_catalog.pg_extension_config_dump('iapt_ews.workforce', '');
SELECT pg_catalog.pg_extension_config_dump('iapt_ews.provider_access', '');
