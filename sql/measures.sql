-- The measure catalogue, caseness and reliable change at every threshold,
-- the ICD-10 to anxiety measure map, and bad input.
SET search_path = iapt_ews, public;

SELECT code, min_score, max_score, caseness, caseness_inclusive,
       reliable_change, reliable_change_inclusive, decimals, icd10
FROM measures ORDER BY code;

-- Every measure has a source; values still to be confirmed say so.
SELECT code, source FROM measures WHERE source NOT LIKE 'NHS Digital, A guide to IAPT data%';
SELECT count(*) AS measures_without_source FROM measures WHERE coalesce(source, '') = '';

-- Caseness just below, at and just above each threshold. The expected column
-- is written from docs/definitions.md ("Measures and thresholds"), not from
-- the catalogue.
SELECT measure, score, is_case(measure, score) AS is_case, expected,
       is_case(measure, score) = expected AS ok
FROM (VALUES
    ('phq9', 9, false), ('phq9', 10, true), ('phq9', 11, true),
    ('gad7', 7, false), ('gad7', 8, true), ('gad7', 9, true),
    ('mi_alone', 2.29, false), ('mi_alone', 2.30, false), ('mi_alone', 2.31, true),
    ('spin', 18, false), ('spin', 19, true), ('spin', 20, true),
    ('pdss', 7, false), ('pdss', 8, true), ('pdss', 9, true),
    ('oci', 39, false), ('oci', 40, true), ('oci', 41, true),
    ('pcl5', 31, false), ('pcl5', 32, true), ('pcl5', 33, true),
    ('iesr', 32, false), ('iesr', 33, true), ('iesr', 34, true),
    ('hai', 17, false), ('hai', 18, true), ('hai', 19, true)
) AS t(measure, score, expected);

-- Reliable change just below, at and just above each threshold, both ways.
SELECT measure, first_score, last_score,
       is_reliable_change(measure, first_score, last_score) AS reliable, expected,
       is_reliable_change(measure, first_score, last_score) = expected AS ok
FROM (VALUES
    ('phq9', 20, 15, false), ('phq9', 20, 14, true), ('phq9', 14, 20, true), ('phq9', 20, 13, true),
    ('gad7', 15, 12, false), ('gad7', 15, 11, true), ('gad7', 11, 15, true),
    ('mi_alone', 3.03, 2.31, false), ('mi_alone', 3.03, 2.30, true), ('mi_alone', 2.30, 3.03, true),
    ('mi_alone', 3.03, 2.29, true),
    ('spin', 40, 31, false), ('spin', 40, 30, true), ('spin', 30, 40, true),
    ('pdss', 20, 15, false), ('pdss', 15, 20, false), ('pdss', 20, 14, true), ('pdss', 14, 20, true),
    ('oci', 80, 49, false), ('oci', 80, 48, true), ('oci', 48, 80, true),
    ('pcl5', 50, 41, false), ('pcl5', 50, 40, true), ('pcl5', 40, 50, true),
    ('iesr', 50, 42, false), ('iesr', 50, 41, true),
    ('hai', 30, 27, false), ('hai', 30, 26, true), ('hai', 26, 30, true)
) AS t(measure, first_score, last_score, expected);

-- Range ends are valid; codes are case-insensitive; trailing zeros are not precision.
SELECT is_case('PHQ9', 0), is_case('Phq9', 27), is_case('mi_alone', 1.00), is_case('MI_ALONE', 5),
       is_case('oci', 168), is_case('phq9', 10.000), is_case('mi_alone', 2.300000);
SELECT is_case(NULL, 10) IS NULL AS null_measure, is_case('phq9', NULL) IS NULL AS null_score;

-- ICD-10 provisional diagnosis to anxiety measure.
SELECT icd10, anxiety_measure(icd10)
FROM (VALUES ('F40.0'), ('F400'), ('f40.01'), (' F40.0 '), ('F40.1'), ('F41.0'), ('F410'),
             ('F42'), ('F42.2'), ('F429'), ('F43.1'), ('F431'), ('F45.2'), ('F41.1'), ('F41.2'),
             ('F32.1'), ('F33'), ('F43.2'), ('F45.1'), ('F4'), (''), ('Z73'), (NULL)) AS t(icd10);

-- Bad input: exact messages.
SELECT is_case('bdi', 10);
SELECT is_case('', 10);
SELECT is_case('phq9', 28);
SELECT is_case('phq9', -1);
SELECT is_case('gad7', 21.5);
SELECT is_case('phq9', 9.5);
SELECT is_case('mi_alone', 0.99);
SELECT is_case('mi_alone', 5.01);
SELECT is_case('mi_alone', 3.031);
SELECT is_case('oci', 169);
SELECT is_case('phq9', 'NaN');
SELECT is_case('phq9', 'Infinity');
SELECT is_case('phq9', '-Infinity');
SELECT is_case('phq9', 1e30);
SELECT is_case('phq9', 1e-30);
SELECT is_reliable_change('pdss', 29, 10);
