-- ---------------------------------------------------------------------------
-- National code lists of the NHS Talking Therapies Data Set (src/codes.c,
-- docs/codes.md): one catalogue view of every list, a view per list with
-- columns of the right type, and decoding functions for warehouse columns.
--
-- Every decoding function returns NULL for a code it does not know, never
-- an error, so views over warehouse data leave a bad row out; is_known_code
-- tells such a row from one whose code is NULL, so it can be counted.
-- ---------------------------------------------------------------------------
CREATE FUNCTION iapt_ews.national_code_catalogue(
    OUT code_list text, OUT code text, OUT description text, OUT category text,
    OUT data_set_versions text, OUT source text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'iapt_national_code_catalogue'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.national_code_catalogue() IS
'The national code lists compiled into iapt_ews (one row per code); read them through the view iapt_ews.national_codes or the per-list views';

CREATE VIEW iapt_ews.national_codes WITH (security_invoker = true) AS
    SELECT code_list, code, description, category, data_set_versions, source
    FROM iapt_ews.national_code_catalogue();
COMMENT ON VIEW iapt_ews.national_codes IS
'Every national code list iapt_ews decodes, one row per code, with what it means and the public NHS document or NHS England SQL file and line it comes from';
COMMENT ON COLUMN iapt_ews.national_codes.code_list IS 'The data set field the code belongs to, e.g. AttendOrDNACode, AppType, ConsMechanism, EndCode';
COMMENT ON COLUMN iapt_ews.national_codes.code IS 'The code in canonical form (iapt_ews.national_code gives it for any spelling)';
COMMENT ON COLUMN iapt_ews.national_codes.description IS 'What the code says';
COMMENT ON COLUMN iapt_ews.national_codes.category IS 'How NHS England''s reporting counts it: attended / not attended, treatment, face to face, end code group, indicator answer, ethnic group, measure, intensity';
COMMENT ON COLUMN iapt_ews.national_codes.data_set_versions IS 'Data set versions the code belongs to; NULL when every version';
COMMENT ON COLUMN iapt_ews.national_codes.source IS 'Where the code and its category come from';

-- Per-list views: the same rows with typed columns a BI tool can filter on.
CREATE VIEW iapt_ews.attendance_codes WITH (security_invoker = true) AS
    SELECT code, description, category = 'attended' AS attended, source
    FROM iapt_ews.national_codes WHERE code_list = 'AttendOrDNACode';
COMMENT ON VIEW iapt_ews.attendance_codes IS 'AttendOrDNACode (IDS201 care contact): attended or not, with sources';
COMMENT ON COLUMN iapt_ews.attendance_codes.code IS 'Attendance code, two digits';
COMMENT ON COLUMN iapt_ews.attendance_codes.description IS 'What the code says';
COMMENT ON COLUMN iapt_ews.attendance_codes.attended IS 'True for 05 (on time) and 06 (late but seen): the appointment took place';
COMMENT ON COLUMN iapt_ews.attendance_codes.source IS 'Where the code and its meaning come from';

CREATE VIEW iapt_ews.appointment_type_codes WITH (security_invoker = true) AS
    SELECT code, description, category AS appointment_kind,
           category = 'treatment' AS treatment,
           category = 'employment support' AS employment_support,
           data_set_versions, source
    FROM iapt_ews.national_codes WHERE code_list = 'AppType';
COMMENT ON VIEW iapt_ews.appointment_type_codes IS 'AppType (IDS201 care contact): which appointments are treatment (02, 03, 05), after discharge (06) or employment support (10), with sources';
COMMENT ON COLUMN iapt_ews.appointment_type_codes.code IS 'Appointment type code, two digits';
COMMENT ON COLUMN iapt_ews.appointment_type_codes.description IS 'What the code says';
COMMENT ON COLUMN iapt_ews.appointment_type_codes.appointment_kind IS 'assessment, treatment, review without treatment, after discharge or employment support';
COMMENT ON COLUMN iapt_ews.appointment_type_codes.treatment IS 'Counts as a treatment appointment (02, 03, 05)';
COMMENT ON COLUMN iapt_ews.appointment_type_codes.employment_support IS 'An employment support appointment (10)';
COMMENT ON COLUMN iapt_ews.appointment_type_codes.data_set_versions IS 'Data set versions the code belongs to; NULL when every version';
COMMENT ON COLUMN iapt_ews.appointment_type_codes.source IS 'Where the code and its meaning come from';

CREATE VIEW iapt_ews.consultation_mechanism_codes WITH (security_invoker = true) AS
    SELECT code, description, category = 'face to face' AS face_to_face, data_set_versions, source
    FROM iapt_ews.national_codes WHERE code_list = 'ConsMechanism';
COMMENT ON VIEW iapt_ews.consultation_mechanism_codes IS 'ConsMechanism (v2.1) and ConsMediumUsed (v2.0), IDS201 care contact: face to face or not as NHS England''s key metrics count them, with sources';
COMMENT ON COLUMN iapt_ews.consultation_mechanism_codes.code IS 'Consultation mechanism code, two digits';
COMMENT ON COLUMN iapt_ews.consultation_mechanism_codes.description IS 'What the code says';
COMMENT ON COLUMN iapt_ews.consultation_mechanism_codes.face_to_face IS 'True for 01 only (F2FApts); every other code is NonF2FApts';
COMMENT ON COLUMN iapt_ews.consultation_mechanism_codes.data_set_versions IS 'v2.0 only (ConsMediumUsed), v2.1 and later (ConsMechanism), NULL: both';
COMMENT ON COLUMN iapt_ews.consultation_mechanism_codes.source IS 'Where the code and its meaning come from';

CREATE VIEW iapt_ews.end_codes WITH (security_invoker = true) AS
    SELECT code, description, category AS end_group, data_set_versions, source
    FROM iapt_ews.national_codes WHERE code_list = 'EndCode';
COMMENT ON VIEW iapt_ews.end_codes IS 'EndCode (IDS101 referral): why a referral ended, grouped into referred not seen, seen not treated, seen and treated, with sources';
COMMENT ON COLUMN iapt_ews.end_codes.code IS 'End code, two digits';
COMMENT ON COLUMN iapt_ews.end_codes.description IS 'What the code says';
COMMENT ON COLUMN iapt_ews.end_codes.end_group IS 'referred, not seen / seen, not treated / seen and treated';
COMMENT ON COLUMN iapt_ews.end_codes.data_set_versions IS 'v1.5 (older data) or v2.0 and later; NULL when both';
COMMENT ON COLUMN iapt_ews.end_codes.source IS 'Where the code and its group come from';

CREATE VIEW iapt_ews.employment_status_codes WITH (security_invoker = true) AS
    SELECT code, description,
           CASE category WHEN 'employed' THEN true WHEN 'not employed' THEN false END AS employed,
           source
    FROM iapt_ews.national_codes WHERE code_list = 'EmployStatus';
COMMENT ON VIEW iapt_ews.employment_status_codes IS 'EmployStatus (IDS004 employment status), 01 employed to 08 retired and ZZ not stated, with sources';
COMMENT ON COLUMN iapt_ews.employment_status_codes.code IS 'Employment status code: two digits, or ZZ';
COMMENT ON COLUMN iapt_ews.employment_status_codes.description IS 'What the code says';
COMMENT ON COLUMN iapt_ews.employment_status_codes.employed IS 'True for 01, false for 02 to 08, NULL for ZZ (not stated)';
COMMENT ON COLUMN iapt_ews.employment_status_codes.source IS 'Where the code comes from';

CREATE VIEW iapt_ews.employment_indicator_codes WITH (security_invoker = true) AS
    SELECT code_list AS indicator, code, description, category AS answer, source
    FROM iapt_ews.national_codes
    WHERE code_list IN ('SelfEmployInd', 'SickAbsenceInd', 'SSPInd', 'BenefitRecInd',
                        'ESAInd', 'UCInd', 'PIPInd', 'EmpSupportInd');
COMMENT ON VIEW iapt_ews.employment_indicator_codes IS 'The IDS004 indicators (SelfEmployInd, SickAbsenceInd, SSPInd, BenefitRecInd, ESAInd, UCInd, PIPInd, EmpSupportInd): each indicator''s own codes and answers, with sources';
COMMENT ON COLUMN iapt_ews.employment_indicator_codes.indicator IS 'The indicator (data set field)';
COMMENT ON COLUMN iapt_ews.employment_indicator_codes.code IS 'Indicator code: Y, N, 8, NA, Z, X or U, as the indicator allows';
COMMENT ON COLUMN iapt_ews.employment_indicator_codes.description IS 'What the code says';
COMMENT ON COLUMN iapt_ews.employment_indicator_codes.answer IS 'yes, no, not applicable, not stated or not known (iapt_ews.indicator_answer)';
COMMENT ON COLUMN iapt_ews.employment_indicator_codes.source IS 'Where the code comes from';

CREATE VIEW iapt_ews.ethnic_category_codes WITH (security_invoker = true) AS
    SELECT code, description, category AS ethnic_group,
           CASE WHEN code = 'A' THEN 'White British'
                WHEN category = 'Not stated/Not known' THEN category
                ELSE 'BME' END AS bme_group,
           source
    FROM iapt_ews.national_codes WHERE code_list = 'Validated_EthnicCategory';
COMMENT ON VIEW iapt_ews.ethnic_category_codes IS 'Validated_EthnicCategory (IDS001): each code with its ethnic group and White British / BME group as NHS England publishes them, with sources';
COMMENT ON COLUMN iapt_ews.ethnic_category_codes.code IS 'Ethnic category: a letter A to S, Z (not stated) or 99 (not known)';
COMMENT ON COLUMN iapt_ews.ethnic_category_codes.description IS 'What the code says';
COMMENT ON COLUMN iapt_ews.ethnic_category_codes.ethnic_group IS 'White, Mixed, Asian or Asian British, Black or Black British, Other Ethnic Groups, Not stated/Not known';
COMMENT ON COLUMN iapt_ews.ethnic_category_codes.bme_group IS 'White British (A, the _WB split), BME (B to S, the _EM split) or Not stated/Not known';
COMMENT ON COLUMN iapt_ews.ethnic_category_codes.source IS 'Where the code and its groups come from';

CREATE VIEW iapt_ews.assessment_tool_codes WITH (security_invoker = true) AS
    SELECT code AS snomed_code, description, category AS measure, source
    FROM iapt_ews.national_codes WHERE code_list = 'CodedAssToolType';
COMMENT ON VIEW iapt_ews.assessment_tool_codes IS 'CodedAssToolType (IDS606 coded scored assessment): SNOMED CT codes of outcome measures with a public NHS source, mapped to iapt_ews.measures';
COMMENT ON COLUMN iapt_ews.assessment_tool_codes.snomed_code IS 'SNOMED CT identifier';
COMMENT ON COLUMN iapt_ews.assessment_tool_codes.description IS 'The assessment tool';
COMMENT ON COLUMN iapt_ews.assessment_tool_codes.measure IS 'Measure code of iapt_ews.measures';
COMMENT ON COLUMN iapt_ews.assessment_tool_codes.source IS 'The public NHS list the code is taken from';

CREATE VIEW iapt_ews.procedure_codes WITH (security_invoker = true) AS
    SELECT code AS snomed_code, description,
           CASE category WHEN 'low' THEN 'low' WHEN 'high' THEN 'high' END AS intensity,
           category = 'employment support' AS employment_support,
           source
    FROM iapt_ews.national_codes WHERE code_list = 'CodeProcAndProcStatus';
COMMENT ON VIEW iapt_ews.procedure_codes IS 'CodeProcAndProcStatus (IDS202 care activity): the SNOMED CT therapy codes of NHS England''s key metrics with their intensity, and employment support, with file and line';
COMMENT ON COLUMN iapt_ews.procedure_codes.snomed_code IS 'SNOMED CT identifier';
COMMENT ON COLUMN iapt_ews.procedure_codes.description IS 'The intervention';
COMMENT ON COLUMN iapt_ews.procedure_codes.intensity IS 'low (LIApts) or high (HIApts) as NHS England''s key metrics count it; NULL for employment support, which is in neither';
COMMENT ON COLUMN iapt_ews.procedure_codes.employment_support IS 'True for 1098051000000103, employment support';
COMMENT ON COLUMN iapt_ews.procedure_codes.source IS 'Where the code, its name and its intensity come from';

CREATE VIEW iapt_ews.age_bands WITH (security_invoker = true) AS
    SELECT grouping, band, min_age, max_age, source
    FROM (VALUES
        ('NHS England dashboards', 'Under 18', 0, 17, '20231128_Protected_Characteristics_Main_Averages_and_PEQs.sql, line 83'),
        ('NHS England dashboards', '18-25', 18, 25, '20231128_Protected_Characteristics_Main_Averages_and_PEQs.sql, line 84'),
        ('NHS England dashboards', '26-64', 26, 64, '20231128_Protected_Characteristics_Main_Averages_and_PEQs.sql, line 85'),
        ('NHS England dashboards', '65+', 65, 130, '20231128_Protected_Characteristics_Main_Averages_and_PEQs.sql, line 86'),
        ('published statistics', 'Under 18', 0, 17, 'NHS Talking Therapies annual reports 2024-25, Age Group'),
        ('published statistics', '18 to 25', 18, 25, 'NHS Talking Therapies annual reports 2024-25, Age Group'),
        ('published statistics', '26 to 64', 26, 64, 'NHS Talking Therapies annual reports 2024-25, Age Group'),
        ('published statistics', '65 to 74', 65, 74, 'NHS Talking Therapies annual reports 2024-25, Age Group'),
        ('published statistics', '75 to 89', 75, 89, 'NHS Talking Therapies annual reports 2024-25, Age Group'),
        ('published statistics', '90 and over', 90, 130, 'NHS Talking Therapies annual reports 2024-25, Age Group')
    ) AS b(grouping, band, min_age, max_age, source);
COMMENT ON VIEW iapt_ews.age_bands IS 'Age bands of NHS England''s dashboards (iapt_ews.age_band) and of the published annual statistics (iapt_ews.published_age_group), with sources';
COMMENT ON COLUMN iapt_ews.age_bands.grouping IS 'NHS England dashboards or published statistics';
COMMENT ON COLUMN iapt_ews.age_bands.band IS 'The band''s label as NHS England writes it';
COMMENT ON COLUMN iapt_ews.age_bands.min_age IS 'Youngest age in the band (years, at referral)';
COMMENT ON COLUMN iapt_ews.age_bands.max_age IS 'Oldest age in the band; 130 for the open top band (older ages are treated as recording errors)';
COMMENT ON COLUMN iapt_ews.age_bands.source IS 'Where the band comes from';

-- ---------------------------------------------------------------------------
-- Decoding functions. Text forms accept '5', '05', ' 5 ' and letters in any
-- case; integer forms (smallint, integer, bigint) accept 5. NULL in, NULL out;
-- an unknown code also gives NULL.
-- ---------------------------------------------------------------------------
CREATE FUNCTION iapt_ews.national_code(code_list text, code text) RETURNS text
AS 'MODULE_PATHNAME', 'iapt_national_code' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.national_code(text, text) IS
'The canonical form of a code of the list (e.g. ''05'' for '' 5 ''), or NULL when the list has no such code; an unknown list name raises 22023';
CREATE FUNCTION iapt_ews.national_code(code_list text, code bigint) RETURNS text
AS 'MODULE_PATHNAME', 'iapt_national_code_int' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.national_code(text, bigint) IS
'The canonical form of a numeric code of the list (5 gives ''05''), or NULL when the list has no such code';

CREATE FUNCTION iapt_ews.is_known_code(code_list text, code text) RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_is_known_code' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.is_known_code(text, text) IS
'True when the list has the code (in any spelling), false when it does not: tells an unknown code, for which the decoding functions return NULL, from a NULL one';
CREATE FUNCTION iapt_ews.is_known_code(code_list text, code bigint) RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_is_known_code_int' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.is_known_code(text, bigint) IS
'True when the list has the numeric code, false when it does not';

CREATE FUNCTION iapt_ews.code_description(code_list text, code text) RETURNS text
AS 'MODULE_PATHNAME', 'iapt_code_description' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.code_description(text, text) IS
'What a code of the list says (iapt_ews.national_codes.description), or NULL when the list has no such code';
CREATE FUNCTION iapt_ews.code_description(code_list text, code bigint) RETURNS text
AS 'MODULE_PATHNAME', 'iapt_code_description_int' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.code_description(text, bigint) IS
'What a numeric code of the list says, or NULL when the list has no such code';

CREATE FUNCTION iapt_ews.attended(attend_or_dna_code text) RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_attended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.attended(text) IS
'AttendOrDNACode: true for 5 (attended on time) and 6 (late but seen), false for 2, 3, 4 and 7, NULL for an unknown code';
CREATE FUNCTION iapt_ews.attended(attend_or_dna_code bigint) RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_attended_int' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.attended(bigint) IS
'AttendOrDNACode stored as a number: true for 5 and 6, false for 2, 3, 4 and 7, NULL for an unknown code';

CREATE FUNCTION iapt_ews.is_treatment_appointment(app_type text) RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_is_treatment_appointment' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.is_treatment_appointment(text) IS
'AppType: true for 02 treatment, 03 assessment and treatment, 05 review and treatment; false for the other known codes; NULL for an unknown code';
CREATE FUNCTION iapt_ews.is_treatment_appointment(app_type bigint) RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_is_treatment_appointment_int' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.is_treatment_appointment(bigint) IS
'AppType stored as a number: true for 2, 3 and 5; false for the other known codes; NULL for an unknown code';

CREATE FUNCTION iapt_ews.is_employment_support_appointment(app_type text) RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_is_employment_support_appointment' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.is_employment_support_appointment(text) IS
'AppType: true for 10 employment support, false for the other known codes, NULL for an unknown code';
CREATE FUNCTION iapt_ews.is_employment_support_appointment(app_type bigint) RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_is_employment_support_appointment_int' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.is_employment_support_appointment(bigint) IS
'AppType stored as a number: true for 10, false for the other known codes, NULL for an unknown code';

CREATE FUNCTION iapt_ews.is_face_to_face(cons_mechanism text) RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_is_face_to_face' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.is_face_to_face(text) IS
'ConsMechanism (or v2.0 ConsMediumUsed): true for 01 face to face, false for the other known codes, NULL for an unknown code';
CREATE FUNCTION iapt_ews.is_face_to_face(cons_mechanism bigint) RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_is_face_to_face_int' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.is_face_to_face(bigint) IS
'ConsMechanism stored as a number: true for 1, false for the other known codes, NULL for an unknown code';

CREATE FUNCTION iapt_ews.end_code_group(end_code text) RETURNS text
AS 'MODULE_PATHNAME', 'iapt_end_code_group' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.end_code_group(text) IS
'EndCode: referred, not seen / seen, not treated / seen and treated; NULL for an unknown code';
CREATE FUNCTION iapt_ews.end_code_group(end_code bigint) RETURNS text
AS 'MODULE_PATHNAME', 'iapt_end_code_group_int' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.end_code_group(bigint) IS
'EndCode stored as a number: referred, not seen / seen, not treated / seen and treated; NULL for an unknown code';

CREATE FUNCTION iapt_ews.indicator_answer(indicator_code text) RETURNS text
AS 'MODULE_PATHNAME', 'iapt_indicator_answer' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.indicator_answer(text) IS
'An IDS004 indicator code: Y yes, N no, 8 or NA not applicable, Z not stated, X or U not known; NULL for anything else';

CREATE FUNCTION iapt_ews.ethnic_group(ethnic_category text) RETURNS text
AS 'MODULE_PATHNAME', 'iapt_ethnic_group' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.ethnic_group(text) IS
'Validated_EthnicCategory: White, Mixed, Asian or Asian British, Black or Black British, Other Ethnic Groups, or Not stated/Not known (Z, 99); NULL for an unknown code';

CREATE FUNCTION iapt_ews.bme_group(ethnic_category text) RETURNS text
AS 'MODULE_PATHNAME', 'iapt_bme_group' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.bme_group(text) IS
'Validated_EthnicCategory: White British (A), BME (B to S) or Not stated/Not known (Z, 99), the _WB / _EM split; NULL for an unknown code';

CREATE FUNCTION iapt_ews.age_band(age integer) RETURNS text
AS 'MODULE_PATHNAME', 'iapt_age_band' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.age_band(integer) IS
'NHS England''s dashboard age band: Under 18, 18-25, 26-64 or 65+; NULL for an age below 0 or above 130';

CREATE FUNCTION iapt_ews.published_age_group(age integer) RETURNS text
AS 'MODULE_PATHNAME', 'iapt_published_age_group' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.published_age_group(integer) IS
'The published statistics'' age group: Under 18, 18 to 25, 26 to 64, 65 to 74, 75 to 89 or 90 and over; NULL for an age below 0 or above 130';

CREATE FUNCTION iapt_ews.measure_for_assessment_code(snomed_code text) RETURNS text
AS 'MODULE_PATHNAME', 'iapt_measure_for_assessment_code' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.measure_for_assessment_code(text) IS
'CodedAssToolType: the iapt_ews.measures code of a SNOMED CT assessment tool (720433000 phq9, 445455005 gad7); NULL for any other code';
CREATE FUNCTION iapt_ews.measure_for_assessment_code(snomed_code bigint) RETURNS text
AS 'MODULE_PATHNAME', 'iapt_measure_for_assessment_code_int' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.measure_for_assessment_code(bigint) IS
'CodedAssToolType stored as a number: the iapt_ews.measures code, NULL for any other code';

CREATE FUNCTION iapt_ews.procedure_intensity(snomed_code text) RETURNS text
AS 'MODULE_PATHNAME', 'iapt_procedure_intensity' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.procedure_intensity(text) IS
'CodeProcAndProcStatus: low or high, as NHS England''s key metrics count the SNOMED CT therapy code; NULL for any other code';
CREATE FUNCTION iapt_ews.procedure_intensity(snomed_code bigint) RETURNS text
AS 'MODULE_PATHNAME', 'iapt_procedure_intensity_int' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.procedure_intensity(bigint) IS
'CodeProcAndProcStatus stored as a number: low or high; NULL for any other code';

CREATE FUNCTION iapt_ews.is_employment_support_procedure(snomed_code text) RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_is_employment_support_procedure' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.is_employment_support_procedure(text) IS
'CodeProcAndProcStatus: true for 1098051000000103 (employment support), false for any other SNOMED CT identifier, NULL for input that is not one (letters, bad check digit)';
CREATE FUNCTION iapt_ews.is_employment_support_procedure(snomed_code bigint) RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_is_employment_support_procedure_int' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.is_employment_support_procedure(bigint) IS
'CodeProcAndProcStatus stored as a number: true for 1098051000000103, false for any other SNOMED CT identifier, NULL for a number that is not one';
