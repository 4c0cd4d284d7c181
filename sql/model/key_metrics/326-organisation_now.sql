-- step: 326
-- object: organisation_now
-- kind: view
-- layer: reports
-- reads: organisation
-- Each organisation of the hierarchy as it stands now (its open row, else
-- its latest), with the code it is reported under: a merged organisation
-- under its last successor (its successor's successor, ...), as NHS
-- England's scripts report a merged provider or sub-ICB. Written once, so
-- that the key metrics (organisation_level) and the employment reports
-- (employment_referral) place a merged provider alike. At most 20 steps,
-- so that a cycle in the data cannot loop.
CREATE VIEW organisation_now WITH (security_barrier = true) AS
WITH RECURSIVE
latest AS (
    SELECT DISTINCT ON (o.org_type, o.org_code) o.org_type, o.org_code, o.org_name, o.parent_code, o.successor_code
    FROM organisation o
    ORDER BY o.org_type, o.org_code, o.valid_to IS NULL DESC, o.valid_from DESC),
succession (org_type, org_code, current_code, depth) AS (
    SELECT l.org_type, l.org_code, l.org_code, 0 FROM latest l
    UNION ALL
    SELECT s.org_type, s.org_code, n.successor_code, s.depth + 1
    FROM succession s
    JOIN latest n ON n.org_type = s.org_type AND n.org_code = s.current_code
    WHERE n.successor_code IS NOT NULL AND n.successor_code <> n.org_code AND s.depth < 20),
last_successor AS (
    SELECT DISTINCT ON (s.org_type, s.org_code) s.org_type, s.org_code, s.current_code, s.depth
    FROM succession s ORDER BY s.org_type, s.org_code, s.depth DESC)
SELECT l.org_type, l.org_code, l.org_name, l.parent_code, l.successor_code,
       s.current_code AS reported_code, s.depth AS successions
FROM latest l JOIN last_successor s ON s.org_type = l.org_type AND s.org_code = l.org_code;
COMMENT ON VIEW organisation_now IS 'Each organisation of the hierarchy (organisation) as it stands now, its open row or else its latest, with the code it is reported under: a merged organisation under its last successor, as NHS England''s scripts report a merged provider or sub-ICB. The key metrics and the employment reports read it';
COMMENT ON COLUMN organisation_now.org_type IS 'provider, sub_icb, icb or region';
COMMENT ON COLUMN organisation_now.org_code IS 'ODS code';
COMMENT ON COLUMN organisation_now.org_name IS 'Name, from its open (else latest) row';
COMMENT ON COLUMN organisation_now.parent_code IS 'Parent organisation (ICB of a sub-ICB or provider, region of an ICB), from the same row';
COMMENT ON COLUMN organisation_now.successor_code IS 'The organisation it merged into, from the same row; NULL while it stands';
COMMENT ON COLUMN organisation_now.reported_code IS 'The code it is reported under: its last successor (at most 20 steps), itself when it has none';
COMMENT ON COLUMN organisation_now.successions IS 'Steps from the organisation to reported_code (0: not merged)';
