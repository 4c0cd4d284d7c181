-- National code lists (src/codes.c, sql/install/15-codes.sql, docs/codes.md).
-- The expected lists below are typed by hand from the sources named in each
-- comment, not copied from the catalogue: a code added, dropped or
-- regrouped in the C table shows up as a row here.

-- ---------------------------------------------------------------------------
-- 1. Row counts per list, counted by hand in the sources:
--    AttendOrDNACode 6: 2.17 ConsMech_Ethnicity_InvalidCodes.sql lines 44-49 (2,3,4,5,6,7)
--    AppType 7: 01-05, 06 (Employment Step 1.1 line 38), 10 (line 42)
--    ConsMechanism 13: 2.17 lines 51-102, ten v2.1 codes (KM lines 174/177:
--      01 + 02,04,05,09,10,11,12,13,98) and three v2.0 only (03, 06, 08)
--    EndCode 23: 14 v2 codes (Preferred Languages lines 481-496) and
--      9 older ones (2.14 Repeat_Referrals lines 153-161: 15,97,40-45,98)
--    EmployStatus 9: 01-08 and ZZ (Employment Step 1.1 lines 88-96)
--    SelfEmployInd 5, SickAbsenceInd 5 (Y,N,8,Z,X; lines 108-112, 115-119)
--    SSPInd, BenefitRecInd, ESAInd, UCInd, PIPInd 4 each (Y,N,U,Z; lines 122-149)
--    EmpSupportInd 3 (Y,N,NA; lines 152-154)
--    Validated_EthnicCategory 18: A-H, J-N, P, R, S (16 letters), Z and 99
--    CodedAssToolType 2: PHQ-9 and GAD-7
--    CodeProcAndProcStatus 20: 9 low (KM line 163), 10 high (line 167), employment support
-- ---------------------------------------------------------------------------
SELECT code_list, count(*) AS codes
FROM iapt_ews.national_codes GROUP BY code_list ORDER BY code_list;
SELECT count(*) AS all_codes FROM iapt_ews.national_codes;   -- 6+7+13+23+9+5+5+4*5+3+18+2+20 = 131

-- Every row names its source; no code is listed twice in a list.
SELECT count(*) AS rows_without_source FROM iapt_ews.national_codes WHERE source IS NULL OR source = '';
SELECT code_list, code, count(*) FROM iapt_ews.national_codes GROUP BY 1, 2 HAVING count(*) > 1;

-- ---------------------------------------------------------------------------
-- 2. Every code of every list with its category, against the hand list.
--    Any row printed is a difference.
-- ---------------------------------------------------------------------------
WITH expected(code_list, code, category) AS (VALUES
    ('AttendOrDNACode', '02', 'not attended'), ('AttendOrDNACode', '03', 'not attended'),
    ('AttendOrDNACode', '04', 'not attended'), ('AttendOrDNACode', '05', 'attended'),
    ('AttendOrDNACode', '06', 'attended'), ('AttendOrDNACode', '07', 'not attended'),
    ('AppType', '01', 'assessment'), ('AppType', '02', 'treatment'), ('AppType', '03', 'treatment'),
    ('AppType', '04', 'review without treatment'), ('AppType', '05', 'treatment'),
    ('AppType', '06', 'after discharge'), ('AppType', '10', 'employment support'),
    ('ConsMechanism', '01', 'face to face'), ('ConsMechanism', '02', 'not face to face'),
    ('ConsMechanism', '03', 'not face to face'), ('ConsMechanism', '04', 'not face to face'),
    ('ConsMechanism', '05', 'not face to face'), ('ConsMechanism', '06', 'not face to face'),
    ('ConsMechanism', '08', 'not face to face'), ('ConsMechanism', '09', 'not face to face'),
    ('ConsMechanism', '10', 'not face to face'), ('ConsMechanism', '11', 'not face to face'),
    ('ConsMechanism', '12', 'not face to face'), ('ConsMechanism', '13', 'not face to face'),
    ('ConsMechanism', '98', 'not face to face'),
    ('EndCode', '50', 'referred, not seen'),
    ('EndCode', '10', 'seen, not treated'), ('EndCode', '11', 'seen, not treated'),
    ('EndCode', '12', 'seen, not treated'), ('EndCode', '13', 'seen, not treated'),
    ('EndCode', '14', 'seen, not treated'), ('EndCode', '15', 'seen, not treated'),
    ('EndCode', '16', 'seen, not treated'), ('EndCode', '17', 'seen, not treated'),
    ('EndCode', '95', 'seen, not treated'), ('EndCode', '97', 'seen, not treated'),
    ('EndCode', '40', 'seen and treated'), ('EndCode', '41', 'seen and treated'),
    ('EndCode', '42', 'seen and treated'), ('EndCode', '43', 'seen and treated'),
    ('EndCode', '44', 'seen and treated'), ('EndCode', '45', 'seen and treated'),
    ('EndCode', '46', 'seen and treated'), ('EndCode', '47', 'seen and treated'),
    ('EndCode', '48', 'seen and treated'), ('EndCode', '49', 'seen and treated'),
    ('EndCode', '96', 'seen and treated'), ('EndCode', '98', 'seen and treated'),
    ('EmployStatus', '01', 'employed'), ('EmployStatus', '02', 'not employed'),
    ('EmployStatus', '03', 'not employed'), ('EmployStatus', '04', 'not employed'),
    ('EmployStatus', '05', 'not employed'), ('EmployStatus', '06', 'not employed'),
    ('EmployStatus', '07', 'not employed'), ('EmployStatus', '08', 'not employed'),
    ('EmployStatus', 'ZZ', 'not stated'),
    ('SelfEmployInd', 'Y', 'yes'), ('SelfEmployInd', 'N', 'no'), ('SelfEmployInd', '8', 'not applicable'),
    ('SelfEmployInd', 'Z', 'not stated'), ('SelfEmployInd', 'X', 'not known'),
    ('SickAbsenceInd', 'Y', 'yes'), ('SickAbsenceInd', 'N', 'no'), ('SickAbsenceInd', '8', 'not applicable'),
    ('SickAbsenceInd', 'Z', 'not stated'), ('SickAbsenceInd', 'X', 'not known'),
    ('SSPInd', 'Y', 'yes'), ('SSPInd', 'N', 'no'), ('SSPInd', 'U', 'not known'), ('SSPInd', 'Z', 'not stated'),
    ('BenefitRecInd', 'Y', 'yes'), ('BenefitRecInd', 'N', 'no'), ('BenefitRecInd', 'U', 'not known'), ('BenefitRecInd', 'Z', 'not stated'),
    ('ESAInd', 'Y', 'yes'), ('ESAInd', 'N', 'no'), ('ESAInd', 'U', 'not known'), ('ESAInd', 'Z', 'not stated'),
    ('UCInd', 'Y', 'yes'), ('UCInd', 'N', 'no'), ('UCInd', 'U', 'not known'), ('UCInd', 'Z', 'not stated'),
    ('PIPInd', 'Y', 'yes'), ('PIPInd', 'N', 'no'), ('PIPInd', 'U', 'not known'), ('PIPInd', 'Z', 'not stated'),
    ('EmpSupportInd', 'Y', 'yes'), ('EmpSupportInd', 'N', 'no'), ('EmpSupportInd', 'NA', 'not applicable'),
    ('Validated_EthnicCategory', 'A', 'White'), ('Validated_EthnicCategory', 'B', 'White'),
    ('Validated_EthnicCategory', 'C', 'White'), ('Validated_EthnicCategory', 'D', 'Mixed'),
    ('Validated_EthnicCategory', 'E', 'Mixed'), ('Validated_EthnicCategory', 'F', 'Mixed'),
    ('Validated_EthnicCategory', 'G', 'Mixed'), ('Validated_EthnicCategory', 'H', 'Asian or Asian British'),
    ('Validated_EthnicCategory', 'J', 'Asian or Asian British'), ('Validated_EthnicCategory', 'K', 'Asian or Asian British'),
    ('Validated_EthnicCategory', 'L', 'Asian or Asian British'), ('Validated_EthnicCategory', 'M', 'Black or Black British'),
    ('Validated_EthnicCategory', 'N', 'Black or Black British'), ('Validated_EthnicCategory', 'P', 'Black or Black British'),
    ('Validated_EthnicCategory', 'R', 'Other Ethnic Groups'), ('Validated_EthnicCategory', 'S', 'Other Ethnic Groups'),
    ('Validated_EthnicCategory', 'Z', 'Not stated/Not known'), ('Validated_EthnicCategory', '99', 'Not stated/Not known'),
    ('CodedAssToolType', '720433000', 'phq9'), ('CodedAssToolType', '445455005', 'gad7'),
    -- KM monthly update.sql line 163 (LIApts), in its order
    ('CodeProcAndProcStatus', '748051000000105', 'low'), ('CodeProcAndProcStatus', '748101000000105', 'low'),
    ('CodeProcAndProcStatus', '748041000000107', 'low'), ('CodeProcAndProcStatus', '748091000000102', 'low'),
    ('CodeProcAndProcStatus', '748061000000108', 'low'), ('CodeProcAndProcStatus', '199314001', 'low'),
    ('CodeProcAndProcStatus', '702545008', 'low'), ('CodeProcAndProcStatus', '1026111000000108', 'low'),
    ('CodeProcAndProcStatus', '975131000000104', 'low'),
    -- line 167 (HIApts), in its order
    ('CodeProcAndProcStatus', '1127281000000100', 'high'), ('CodeProcAndProcStatus', '1129471000000105', 'high'),
    ('CodeProcAndProcStatus', '842901000000108', 'high'), ('CodeProcAndProcStatus', '286711000000107', 'high'),
    ('CodeProcAndProcStatus', '314034001', 'high'), ('CodeProcAndProcStatus', '449030000', 'high'),
    ('CodeProcAndProcStatus', '933221000000107', 'high'), ('CodeProcAndProcStatus', '1026131000000100', 'high'),
    ('CodeProcAndProcStatus', '304891004', 'high'), ('CodeProcAndProcStatus', '443730003', 'high'),
    -- Employment Support Step 1.1.sql line 35
    ('CodeProcAndProcStatus', '1098051000000103', 'employment support'))
SELECT coalesce(e.code_list, n.code_list) AS code_list, coalesce(e.code, n.code) AS code,
       e.category AS expected, n.category AS catalogue
FROM expected e FULL JOIN iapt_ews.national_codes n USING (code_list, code)
WHERE e.category IS DISTINCT FROM n.category;

-- KM monthly update.sql line 171 (HILIApts) is lines 163 and 167 together: 19 codes.
SELECT count(*) AS low_or_high FROM iapt_ews.procedure_codes WHERE intensity IS NOT NULL;

-- The assessment tools map onto measures the extension knows.
SELECT a.snomed_code, a.measure, m.name
FROM iapt_ews.assessment_tool_codes a LEFT JOIN iapt_ews.measures m ON m.code = a.measure
ORDER BY a.snomed_code;

-- ---------------------------------------------------------------------------
-- 3. Every accepted spelling of every code. For numeric codes: '5', '05',
--    ' 5 ', '005', tab and newline blanks, and the integer 5; for letter
--    codes: lower case and blanks. Counts of spellings that did not give the
--    canonical code back (all 0).
-- ---------------------------------------------------------------------------
WITH numeric_codes AS (
    SELECT code_list, code FROM iapt_ews.national_codes WHERE code ~ '^[0-9]+$'),
spellings AS (
    SELECT code_list, code, s FROM numeric_codes,
        LATERAL (VALUES (ltrim(code, '0')), (code), (' ' || ltrim(code, '0') || ' '),
                        ('00' || code), (E'\t' || code || E'\n'), ('  ' || code)) v(s))
SELECT count(*) AS spellings,
       count(*) FILTER (WHERE iapt_ews.national_code(code_list, s) IS DISTINCT FROM code) AS wrong_text,
       count(*) FILTER (WHERE iapt_ews.national_code(code_list, s::bigint) IS DISTINCT FROM code) AS wrong_integer,
       count(*) FILTER (WHERE NOT iapt_ews.is_known_code(code_list, s)) AS unknown_text,
       count(*) FILTER (WHERE NOT iapt_ews.is_known_code(code_list, s::bigint)) AS unknown_integer
FROM spellings;

WITH letter_codes AS (
    SELECT code_list, code FROM iapt_ews.national_codes WHERE code !~ '^[0-9]+$'),
spellings AS (
    SELECT code_list, code, s FROM letter_codes,
        LATERAL (VALUES (code), (lower(code)), (' ' || lower(code) || '  '), (E'\t' || code)) v(s))
SELECT count(*) AS spellings,
       count(*) FILTER (WHERE iapt_ews.national_code(code_list, s) IS DISTINCT FROM code) AS wrong
FROM spellings;

-- The canonical forms themselves, as a warehouse would see them.
SELECT iapt_ews.national_code('AttendOrDNACode', '5') AS "'5'",
       iapt_ews.national_code('AttendOrDNACode', ' 5 ') AS "' 5 '",
       iapt_ews.national_code('AttendOrDNACode', 5) AS "5",
       iapt_ews.national_code('attendordnacode', 5::smallint) AS "5::smallint",
       iapt_ews.national_code('EmployStatus', 'zz') AS "'zz'",
       iapt_ews.national_code('EmpSupportInd', 'na') AS "'na'",
       iapt_ews.national_code('SickAbsenceInd', '08') AS "'08'",
       iapt_ews.national_code('Validated_EthnicCategory', 99) AS "99",
       iapt_ews.national_code('EthnicCategory', ' a ') AS "' a '",
       iapt_ews.national_code('ConsMediumUsed', '3') AS "'3'";

-- ---------------------------------------------------------------------------
-- 4. Decoders, every code, text and integer forms, against hand tables.
-- ---------------------------------------------------------------------------
SELECT c, iapt_ews.attended(c) AS text_form, iapt_ews.attended(c::bigint) AS integer_form,
       iapt_ews.attended(' ' || ltrim(c, '0')) AS short_form
FROM unnest(ARRAY['02', '03', '04', '05', '06', '07']) c;

SELECT c, iapt_ews.is_treatment_appointment(c) AS treatment,
       iapt_ews.is_treatment_appointment(c::int) AS treatment_int,
       iapt_ews.is_employment_support_appointment(c) AS employment_support,
       iapt_ews.is_employment_support_appointment(c::int) AS employment_support_int
FROM unnest(ARRAY['1', '2', '3', '4', '5', '6', '10']) c;

SELECT c, iapt_ews.is_face_to_face(c) AS text_form, iapt_ews.is_face_to_face(c::int) AS integer_form
FROM unnest(ARRAY['1', '2', '3', '4', '5', '6', '8', '9', '10', '11', '12', '13', '98']) c;

SELECT c, iapt_ews.end_code_group(c) AS text_form, iapt_ews.end_code_group(c::int) AS integer_form
FROM unnest(ARRAY['10', '11', '12', '13', '14', '15', '16', '17', '40', '41', '42', '43', '44',
                  '45', '46', '47', '48', '49', '50', '95', '96', '97', '98']) c;

SELECT c, iapt_ews.indicator_answer(c)
FROM unnest(ARRAY['Y', 'n', ' 8 ', '08', 'NA', 'na', 'Z', 'x', 'U']) c;

SELECT c, iapt_ews.ethnic_group(c), iapt_ews.bme_group(c)
FROM unnest(ARRAY['A', 'b', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'R', 'S', 'Z', '99']) c;

-- The per-list views agree with the functions on every code.
SELECT count(*) FILTER (WHERE attended IS DISTINCT FROM iapt_ews.attended(code)) AS attendance_disagree
FROM iapt_ews.attendance_codes;
SELECT count(*) FILTER (WHERE treatment IS DISTINCT FROM iapt_ews.is_treatment_appointment(code)
                           OR employment_support IS DISTINCT FROM iapt_ews.is_employment_support_appointment(code)) AS appointment_disagree
FROM iapt_ews.appointment_type_codes;
SELECT count(*) FILTER (WHERE face_to_face IS DISTINCT FROM iapt_ews.is_face_to_face(code)) AS mechanism_disagree
FROM iapt_ews.consultation_mechanism_codes;
SELECT count(*) FILTER (WHERE end_group IS DISTINCT FROM iapt_ews.end_code_group(code)) AS end_disagree
FROM iapt_ews.end_codes;
SELECT count(*) FILTER (WHERE answer IS DISTINCT FROM iapt_ews.indicator_answer(code)) AS indicator_disagree
FROM iapt_ews.employment_indicator_codes;
SELECT count(*) FILTER (WHERE ethnic_group IS DISTINCT FROM iapt_ews.ethnic_group(code)
                           OR bme_group IS DISTINCT FROM iapt_ews.bme_group(code)) AS ethnic_disagree
FROM iapt_ews.ethnic_category_codes;
SELECT count(*) FILTER (WHERE intensity IS DISTINCT FROM iapt_ews.procedure_intensity(snomed_code)
                           OR intensity IS DISTINCT FROM iapt_ews.procedure_intensity(snomed_code::bigint)
                           OR employment_support IS DISTINCT FROM iapt_ews.is_employment_support_procedure(snomed_code)
                           OR employment_support IS DISTINCT FROM iapt_ews.is_employment_support_procedure(snomed_code::bigint)) AS procedure_disagree
FROM iapt_ews.procedure_codes;
SELECT count(*) FILTER (WHERE measure IS DISTINCT FROM iapt_ews.measure_for_assessment_code(snomed_code)
                           OR measure IS DISTINCT FROM iapt_ews.measure_for_assessment_code(snomed_code::bigint)) AS assessment_disagree
FROM iapt_ews.assessment_tool_codes;
SELECT code, description, employed FROM iapt_ews.employment_status_codes ORDER BY code;

-- SNOMED CT spellings: blanks, a leading zero, integer.
SELECT iapt_ews.measure_for_assessment_code(' 720433000 ') AS phq9_text,
       iapt_ews.measure_for_assessment_code(720433000) AS phq9_int,
       iapt_ews.measure_for_assessment_code('0445455005') AS gad7_zero,
       iapt_ews.procedure_intensity(1098051000000103) AS employment_support_intensity,
       iapt_ews.is_employment_support_procedure(' 1098051000000103') AS employment_support;

-- ---------------------------------------------------------------------------
-- 5. Unknown codes give NULL, never an error; is_known_code says false.
-- ---------------------------------------------------------------------------
SELECT c, iapt_ews.attended(c) AS attended, iapt_ews.is_known_code('AttendOrDNACode', c) AS known,
       iapt_ews.national_code('AttendOrDNACode', c) AS canonical
FROM unnest(ARRAY['1', '8', '9', '0', '00', '55', '5.0', '5a', 'x', '', '   ', '+5', '-5', '0x5', '123456789012345678901']) c;
SELECT iapt_ews.attended(-5) AS negative, iapt_ews.attended(0) AS zero, iapt_ews.attended(105) AS hundred_and_five,
       iapt_ews.is_known_code('AttendOrDNACode', 9223372036854775807) AS largest_bigint;
SELECT iapt_ews.is_treatment_appointment('07') AS apptype_07, iapt_ews.is_treatment_appointment(99) AS apptype_99,
       iapt_ews.is_face_to_face('07') AS mechanism_07, iapt_ews.is_face_to_face('99') AS mechanism_99,
       iapt_ews.end_code_group('18') AS end_18, iapt_ews.end_code_group(0) AS end_0;
SELECT iapt_ews.indicator_answer('W') AS w, iapt_ews.indicator_answer('YES') AS yes_word,
       iapt_ews.indicator_answer('') AS empty;
-- The union of the indicator answers is lenient; is_known_code checks one indicator's own list.
SELECT iapt_ews.is_known_code('SSPInd', 'X') AS ssp_x, iapt_ews.is_known_code('SickAbsenceInd', 'U') AS sick_u,
       iapt_ews.is_known_code('EmpSupportInd', '8') AS support_8, iapt_ews.is_known_code('SickAbsenceInd', 'NA') AS sick_na;
SELECT iapt_ews.ethnic_group('I') AS i, iapt_ews.ethnic_group('T') AS t, iapt_ews.ethnic_group('-1') AS minus_one,
       iapt_ews.bme_group('AA') AS aa, iapt_ews.ethnic_group('9') AS nine;
-- SNOMED CT: a wrong check digit (720433001), two digits swapped (720343000),
-- letters and a short number are no identifier: NULL. A valid identifier
-- outside the lists (13645005) is not employment support (false), has no
-- intensity and no measure (NULL).
SELECT c, iapt_ews.measure_for_assessment_code(c) AS measure, iapt_ews.procedure_intensity(c) AS intensity,
       iapt_ews.is_employment_support_procedure(c) AS employment_support,
       iapt_ews.is_known_code('CodeProcAndProcStatus', c) AS known_procedure
FROM unnest(ARRAY['720433001', '720343000', '72043300O', '12345', '13645005', '1098051000000102']) c;
SELECT iapt_ews.is_employment_support_procedure(-1098051000000103) AS negative,
       iapt_ews.is_employment_support_procedure(13645005) AS other_valid;

-- NULL in, NULL out.
SELECT iapt_ews.attended(NULL::text) IS NULL AS a, iapt_ews.attended(NULL::int) IS NULL AS b,
       iapt_ews.national_code('AppType', NULL::text) IS NULL AS c, iapt_ews.national_code(NULL, '05') IS NULL AS d,
       iapt_ews.is_known_code('AppType', NULL::text) IS NULL AS e, iapt_ews.indicator_answer(NULL) IS NULL AS f,
       iapt_ews.ethnic_group(NULL) IS NULL AS g, iapt_ews.age_band(NULL) IS NULL AS h,
       iapt_ews.procedure_intensity(NULL::bigint) IS NULL AS i, iapt_ews.code_description('EndCode', NULL::int) IS NULL AS j;

-- An unknown list name is a mistake in the query: it raises.
SELECT iapt_ews.national_code('AttendanceCode', '5');
SELECT iapt_ews.is_known_code('', 5);

SELECT iapt_ews.code_description('EndCode', 46) AS end_46, iapt_ews.code_description('ConsMechanism', ' 11') AS mech_11;

-- ---------------------------------------------------------------------------
-- 6. Age bands: every boundary, and agreement with the age_bands view for
--    every age 0 to 130.
-- ---------------------------------------------------------------------------
SELECT age, iapt_ews.age_band(age), iapt_ews.published_age_group(age)
FROM unnest(ARRAY[-1, 0, 17, 18, 25, 26, 64, 65, 74, 75, 89, 90, 130, 131]) age;
SELECT count(*) FILTER (WHERE iapt_ews.age_band(age) IS DISTINCT FROM
           (SELECT band FROM iapt_ews.age_bands WHERE grouping = 'NHS England dashboards' AND age BETWEEN min_age AND max_age)) AS dashboard_disagree,
       count(*) FILTER (WHERE iapt_ews.published_age_group(age) IS DISTINCT FROM
           (SELECT band FROM iapt_ews.age_bands WHERE grouping = 'published statistics' AND age BETWEEN min_age AND max_age)) AS published_disagree
FROM generate_series(0, 130) age;

-- ---------------------------------------------------------------------------
-- 7. In use: bad rows left out and counted, not raised.
-- ---------------------------------------------------------------------------
WITH contact(attend_code, app_type) AS (VALUES
    ('5', '02'), ('05', ' 3'), (' 6 ', '5'), ('3', '02'), ('9', '02'), (NULL, '02'), ('6', '99'), ('7', '01'))
SELECT count(*) FILTER (WHERE iapt_ews.attended(attend_code) AND iapt_ews.is_treatment_appointment(app_type)) AS attended_treatment,
       count(*) FILTER (WHERE attend_code IS NULL) AS attendance_missing,
       count(*) FILTER (WHERE NOT iapt_ews.is_known_code('AttendOrDNACode', attend_code)) AS attendance_unknown,
       count(*) FILTER (WHERE NOT iapt_ews.is_known_code('AppType', app_type)) AS app_type_unknown
FROM contact;
