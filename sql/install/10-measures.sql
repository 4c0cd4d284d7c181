-- ---------------------------------------------------------------------------
-- Measure catalogue (src/measures.c)
-- ---------------------------------------------------------------------------
CREATE FUNCTION iapt_ews.measure_catalogue(
    OUT code text, OUT name text, OUT min_score numeric, OUT max_score numeric,
    OUT caseness numeric, OUT caseness_inclusive boolean,
    OUT reliable_change numeric, OUT reliable_change_inclusive boolean,
    OUT decimals integer, OUT icd10 text, OUT source text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'iapt_measure_catalogue'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.measure_catalogue() IS
'The clinical measure catalogue compiled into iapt_ews (one row per measure); read it through the view iapt_ews.measures';

CREATE VIEW iapt_ews.measures WITH (security_invoker = true) AS
    SELECT code, name, min_score, max_score, caseness, caseness_inclusive,
           reliable_change, reliable_change_inclusive, decimals, icd10, source
    FROM iapt_ews.measure_catalogue();
COMMENT ON VIEW iapt_ews.measures IS
'Outcome measures of NHS Talking Therapies with their score range, caseness and reliable change thresholds, and the source of each value';
COMMENT ON COLUMN iapt_ews.measures.code IS 'Measure code accepted by every iapt_ews function (case-insensitive)';
COMMENT ON COLUMN iapt_ews.measures.name IS 'Measure name';
COMMENT ON COLUMN iapt_ews.measures.min_score IS 'Lowest valid score';
COMMENT ON COLUMN iapt_ews.measures.max_score IS 'Highest valid score';
COMMENT ON COLUMN iapt_ews.measures.caseness IS 'Caseness threshold: a first score at (or, when caseness_inclusive is false, above) it is at caseness';
COMMENT ON COLUMN iapt_ews.measures.caseness_inclusive IS 'True when a score equal to the caseness threshold is at caseness';
COMMENT ON COLUMN iapt_ews.measures.reliable_change IS 'Reliable change threshold: a change of at least (or, when reliable_change_inclusive is false, more than) this size is reliable';
COMMENT ON COLUMN iapt_ews.measures.reliable_change_inclusive IS 'True when a change equal to the reliable change threshold is reliable';
COMMENT ON COLUMN iapt_ews.measures.decimals IS 'Decimal places the measure is recorded to (0: whole scores)';
COMMENT ON COLUMN iapt_ews.measures.icd10 IS 'Provisional diagnoses (ICD-10) the measure is used for';
COMMENT ON COLUMN iapt_ews.measures.source IS 'Where the thresholds come from';

CREATE FUNCTION iapt_ews.is_case(measure text, score numeric)
RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_is_case'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.is_case(text, numeric) IS
'True when a score of the measure is at caseness (see iapt_ews.measures)';

CREATE FUNCTION iapt_ews.is_reliable_change(measure text, first_score numeric, last_score numeric)
RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_is_reliable_change'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.is_reliable_change(text, numeric, numeric) IS
'True when the change from the first to the last score of the measure, in either direction, is reliable';

CREATE FUNCTION iapt_ews.anxiety_measure(icd10 text)
RETURNS text
AS 'MODULE_PATHNAME', 'iapt_anxiety_measure'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.anxiety_measure(text) IS
'Anxiety measure code for an ICD-10 provisional diagnosis: F40.0 mi_alone, F40.1 spin, F41.0 pdss, F42 oci, F43.1 pcl5, F45.2 hai, anything else or NULL gad7';

-- Lenient reading of warehouse scores (src/score_check.c): the views over
-- warehouse data leave a bad score out and count it, so they need to know
-- why a score cannot be used without an error being raised.
CREATE FUNCTION iapt_ews.score_problem(measure text, score text)
RETURNS text
AS 'MODULE_PATHNAME', 'iapt_score_problem_text'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.score_problem(text, text) IS
'Why a score (as text, e.g. a warehouse''s PersScore) cannot be used for the measure: unknown measure, not a number, out of range, or more decimal places than the measure records; NULL when it can be used. Never raises';

CREATE FUNCTION iapt_ews.score_problem(measure text, score numeric)
RETURNS text
AS 'MODULE_PATHNAME', 'iapt_score_problem_numeric'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.score_problem(text, numeric) IS
'Why a numeric score cannot be used for the measure (unknown measure, not a number, out of range, more decimal places than the measure records); NULL when it can be used. Never raises';

CREATE FUNCTION iapt_ews.score_value(measure text, score text)
RETURNS numeric
AS 'MODULE_PATHNAME', 'iapt_score_value'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.score_value(text, text) IS
'The score as a number when iapt_ews.score_problem finds nothing wrong with it, otherwise NULL. Never raises';
