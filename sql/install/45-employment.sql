-- ---------------------------------------------------------------------------
-- Employment outcomes and WSAS (src/employment.c)
-- ---------------------------------------------------------------------------
CREATE FUNCTION iapt_ews.employment_class(status text, sick_absence text)
RETURNS text AS 'MODULE_PATHNAME', 'iapt_employment_class' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.employment_class(text, text) IS
'Employment at one point: in work (01 and not off sick), off sick (01 and off sick), student (03), not employed (02, 04-08), unknown (ZZ, NULL, or 01 with sickness absence 8, Z not stated, X or U not known, or not recorded). Not STRICT: a NULL argument means not recorded; a code outside the lists is an error';
CREATE FUNCTION iapt_ews.employment_outcome(first_status text, first_sick text, last_status text, last_sick text)
RETURNS text AS 'MODULE_PATHNAME', 'iapt_employment_outcome' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.employment_outcome(text, text, text, text) IS
'From the first to the last employment status: retained work, returned to work, entered work, lost work, no change, or unknown; a student counts as not employed. Not STRICT: a NULL status or sickness absence means not recorded, as in employment_class';
CREATE FUNCTION iapt_ews.wsas_total(items integer[])
RETURNS integer AS 'MODULE_PATHNAME', 'iapt_wsas_total' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.wsas_total(integer[]) IS
'Work and Social Adjustment Scale total of the five items (0-8 each, 0-40); item 1 (work) may be 9, not applicable, and the total is then of the other four';
CREATE FUNCTION iapt_ews.wsas_work_not_applicable(items integer[])
RETURNS boolean AS 'MODULE_PATHNAME', 'iapt_wsas_work_not_applicable' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.wsas_work_not_applicable(integer[]) IS
'True when WSAS item 1 (work) is 9, not applicable (retired, or not working by choice), so the total covers four items';
CREATE FUNCTION iapt_ews.general_benefit(benefit_received text, employment_support_allowance text,
                                         universal_credit text, personal_independence_payment text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT CASE WHEN 'Y' IN (upper(btrim($1)), upper(btrim($2)), upper(btrim($3)), upper(btrim($4))) THEN 'received'
            WHEN 'N' IN (upper(btrim($1)), upper(btrim($2)), upper(btrim($3)), upper(btrim($4))) THEN 'not received'
            ELSE 'unknown or not stated' END
$$;
COMMENT ON FUNCTION iapt_ews.general_benefit(text, text, text, text) IS
'Whether a benefit is received, as NHS England''s Employment Support Dashboard derives it (Step 1.1.sql lines 158-161) from BenefitRecInd, ESAInd, UCInd and PIPInd: received when any is Y, otherwise not received when any is N, otherwise unknown or not stated (U, Z or not recorded). Statutory sick pay (SSPInd) is not read, as there. Not STRICT: NULL means not recorded';
