-- ---------------------------------------------------------------------------
-- Employment outcomes and WSAS (src/employment.c)
-- ---------------------------------------------------------------------------
CREATE FUNCTION iapt_ews.employment_class(status text, sick_absence text)
RETURNS text AS 'MODULE_PATHNAME', 'iapt_employment_class' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.employment_class(text, text) IS
'Employment at one point: in work (01 and not off sick), off sick (01 and off sick), not employed (02-08), unknown (ZZ, NULL, or 01 without a sickness-absence answer). Not STRICT: a NULL argument means not recorded';
CREATE FUNCTION iapt_ews.employment_outcome(first_status text, first_sick text, last_status text, last_sick text)
RETURNS text AS 'MODULE_PATHNAME', 'iapt_employment_outcome' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.employment_outcome(text, text, text, text) IS
'From the first to the last employment status: retained work, returned to work, entered work, lost work, no change, or unknown. Not STRICT: a NULL status or sickness absence means not recorded, as in employment_class';
CREATE FUNCTION iapt_ews.wsas_total(items integer[])
RETURNS integer AS 'MODULE_PATHNAME', 'iapt_wsas_total' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.wsas_total(integer[]) IS
'Work and Social Adjustment Scale total of the five items (0-8 each, 0-40); item 1 (work) may be 9, not applicable, and the total is then of the other four';
CREATE FUNCTION iapt_ews.wsas_work_not_applicable(items integer[])
RETURNS boolean AS 'MODULE_PATHNAME', 'iapt_wsas_work_not_applicable' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.wsas_work_not_applicable(integer[]) IS
'True when WSAS item 1 (work) is 9, not applicable (retired, or not working by choice), so the total covers four items';
