-- Every SQL object of iapt_ews: documented, correctly marked, nothing that
-- runs with its owner's rights. Covers every topic as it is added.
BEGIN;
SELECT plan(21);

-- The functions of the extension, with their language and comment.
CREATE TEMP VIEW ext_function AS
SELECT p.*, l.lanname, obj_description(p.oid, 'pg_proc') AS description
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'iapt_ews'
JOIN pg_language l ON l.oid = p.prolang;

-- The search_path a function pins (SET search_path = ...), as a list.
CREATE FUNCTION pg_temp.pinned_path(config text[]) RETURNS text[] LANGUAGE sql AS $$
SELECT ARRAY(SELECT btrim(s, ' "')
             FROM regexp_split_to_table(substr(c, length('search_path=') + 1), ',') WITH ORDINALITY AS t(s, i)
             ORDER BY i)
FROM unnest(config) c WHERE c LIKE 'search_path=%'
$$;

-- A pinned path is safe when pg_catalog comes first (listed first, or not
-- listed: then PostgreSQL searches it first), pg_temp comes last (when it is
-- not listed, PostgreSQL searches it first for tables), and every schema in
-- between belongs to iapt_ews or to an extension it requires (PostGIS):
-- schemas that, like pg_catalog, only their owners can create in. This is
-- what CREATE EXTENSION itself sets while it runs the script, so SET
-- search_path FROM CURRENT in a fragment passes.
CREATE FUNCTION pg_temp.safe_path(path text[]) RETURNS boolean LANGUAGE sql AS $$
SELECT path IS NOT NULL AND cardinality(path) > 0
   AND path[cardinality(path)] = 'pg_temp'
   AND (path[1] = 'pg_catalog' OR 'pg_catalog' <> ALL (path))
   AND NOT EXISTS (
       SELECT 1 FROM unnest(path) s
       WHERE s NOT IN ('pg_catalog', 'pg_temp')
         AND s NOT IN (SELECT n.nspname FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
                       WHERE x.extname = 'iapt_ews'
                          OR x.oid IN (SELECT d.refobjid FROM pg_depend d JOIN pg_extension e ON e.oid = d.objid
                                       WHERE d.classid = 'pg_extension'::regclass
                                         AND d.refclassid = 'pg_extension'::regclass
                                         AND e.extname = 'iapt_ews')))
$$;

-- What a SQL or PL/pgSQL function body looks up by name on the caller's
-- search_path each time it runs, when the function does not pin its path.
-- A schema that comes first on that path (pg_catalog is only searched first
-- when the path does not list it) can then supply its own operator, function,
-- type or, through pg_temp, table, and the function computes with it: how
-- iapt_ews.visible_providers() could be made to answer {*} (issue #18).
--
-- A token scanner, not a parser. What it reports:
--   - an operator outside OPERATOR(schema.op): = <> < > + - * / || && @> ...
--     (not a star in count(*), SELECT *, x.*; not a minus sign glued to a
--     number, which the parser folds into the constant);
--   - constructs that look an operator up by name: IN (...), NOT IN, NULLIF,
--     BETWEEN, LIKE, ILIKE, SIMILAR TO, IS [NOT] DISTINCT FROM, OVERLAPS,
--     simple CASE x WHEN, JOIN ... USING (...), NATURAL JOIN;
--   - a call name(...) without a schema, except SQL syntax that names no
--     function (COALESCE, GREATEST, LEAST, EXISTS, ARRAY, ROW, CAST, EXTRACT,
--     SUBSTRING, ... whose functions the grammar itself qualifies);
--   - a cast ::type without a schema, except the SQL-standard type names the
--     grammar maps to pg_catalog (integer, bigint, numeric, boolean, ...);
--   - a relation right after FROM or JOIN without a schema, unless it is a
--     WITH query of the same body (a temporary table would shadow it);
--   - in PL/pgSQL, a variable type in the outermost DECLARE section without a
--     schema (resolved when the function is first compiled in a session).
-- Text inside comments and string literals is skipped, except a literal
-- (quoted or dollar-quoted) that starts with SELECT, WITH, INSERT, UPDATE,
-- DELETE or VALUES: that is taken for dynamic SQL and scanned too, with
-- format() placeholders (%s, %1$s, %I, %L) read as values.
-- Limits: dynamic SQL built from pieces, or in a literal that starts with
-- anything else, is not seen; nested /* */ comments are not understood;
-- CAST(x AS type), relations after a comma in a FROM list, and DECLARE
-- sections of inner blocks are not checked; a column named like a keyword
-- may be misread. It errs towards reporting: a false report is fixed by
-- qualifying the name, and the function is then clearer to read as well.
CREATE FUNCTION pg_temp.path_lookups(src text, is_plpgsql boolean) RETURNS text[]
LANGUAGE plpgsql AS $scan$
DECLARE
    pos int := 1;
    rest text;
    m text;
    next_char text;
    content text;
    close_at int;
    word text;
    qualified boolean;
    prev text := '';            -- previous token, lower case
    prev_operand boolean := false;  -- previous token ends a value
    token_kind text;            -- what the current token sets prev to (NULL: nothing)
    token_operand boolean;
    parens text[] := '{}';      -- what opened each open parenthesis
    found text[] := '{}';
    ctes text[];
    declare_section text;
    decl text;
    decl_type text;
    -- SQL syntax followed by "(" that calls no function looked up on the path
    syntax constant text[] := ARRAY[
        'and', 'or', 'not', 'exists', 'any', 'all', 'some', 'array', 'row', 'values',
        'as', 'from', 'join', 'on', 'where', 'select', 'filter', 'over', 'by', 'within',
        'then', 'else', 'when', 'case', 'end', 'lateral', 'returning', 'into', 'except',
        'union', 'intersect', 'distinct', 'is', 'null', 'if', 'elsif', 'while', 'return',
        'query', 'execute', 'perform', 'raise', 'loop', 'coalesce', 'greatest', 'least',
        'cast', 'extract', 'substring', 'trim', 'overlay', 'position', 'grouping',
        'rollup', 'cube', 'sets', 'partition', 'range', 'rows', 'groups', 'limit',
        'offset', 'having', 'group', 'order', 'set', 'default', 'table', 'with',
        'materialized', 'recursive', 'using', 'in', 'nullif', 'xmlelement', 'xmlforest',
        'xmlconcat', 'normalize', 'collation', 'treat'];
    -- type names the grammar maps to pg_catalog types itself
    keyword_types constant text[] := ARRAY[
        'int', 'integer', 'smallint', 'bigint', 'real', 'float', 'double', 'decimal',
        'dec', 'numeric', 'boolean', 'char', 'character', 'varchar', 'nchar', 'national',
        'bit', 'timestamp', 'time', 'interval'];
BEGIN
    ctes := ARRAY(SELECT lower(c[1]) FROM regexp_matches(src,
        '([A-Za-z_][A-Za-z_0-9]*)\s+AS\s+(?:NOT\s+)?(?:MATERIALIZED\s+)?\(', 'gi') c);

    WHILE pos <= length(src) LOOP
        rest := substr(src, pos);
        token_kind := NULL;
        <<token>>
        BEGIN
            -- Skipped: white space, comments.
            m := coalesce(substring(rest from '^\s+'), substring(rest from '^--[^\n]*'),
                          substring(rest from '^/\*.*?\*/'));
            IF m IS NOT NULL THEN
                EXIT token;     -- leaves prev as it was
            END IF;

            -- String literals, quoted or dollar-quoted: scanned only when they
            -- read as SQL.
            m := coalesce(substring(rest from $re$^[Ee]'(?:[^'\\]|\\.|'')*'$re$),
                          substring(rest from $re$^'(?:[^']|'')*'$re$));
            content := replace(regexp_replace(m, $re$^[Ee]?'|'$$$re$, '', 'g'), '''''', '''');
            IF m IS NULL THEN
                m := substring(rest from '^\$(?:[A-Za-z_][A-Za-z_0-9]*)?\$');  -- the opening tag
                close_at := strpos(substr(rest, length(m) + 1), m);
                IF close_at = 0 THEN
                    RAISE EXCEPTION 'unterminated % quote', m;
                END IF;
                content := substr(rest, length(m) + 1, close_at - 1);
                m := substr(rest, 1, 2 * length(m) + close_at - 1);
            END IF;
            IF m IS NOT NULL THEN
                IF content ~* '^\s*(select|with|insert|update|delete|values)\M' THEN
                    found := found || pg_temp.path_lookups(content, false);
                END IF;
                token_kind := 'literal';
                token_operand := true;
                EXIT token;
            END IF;

            -- Values: parameters, numbers, format() placeholders in dynamic SQL,
            -- a minus sign that the grammar folds into a number.
            m := coalesce(substring(rest from '^\$[0-9]+'),
                          substring(rest from '^[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?'),
                          substring(rest from '^\.[0-9]+(?:[eE][-+]?[0-9]+)?'),
                          substring(rest from '^%(?:[0-9]+\$)?-?[0-9]*[sIL]'),
                          CASE WHEN NOT prev_operand THEN substring(rest from '^-[0-9.]+') END);
            IF m IS NOT NULL THEN
                token_kind := 'value';
                token_operand := true;
                EXIT token;
            END IF;

            -- OPERATOR(schema.op) is what every operator should be written as.
            m := substring(rest from '^[Oo][Pp][Ee][Rr][Aa][Tt][Oo][Rr]\s*\([^)]*\)');
            IF m IS NOT NULL THEN
                IF m !~ '\(\s*("[^"]+"|[A-Za-z_][A-Za-z_0-9]*)\s*\.' THEN
                    found := found || regexp_replace(m, '\s+', '', 'g');
                END IF;
                token_kind := 'operator';
                token_operand := false;
                EXIT token;
            END IF;

            -- Names, possibly qualified (a.b, a.b.c, a.*).
            m := substring(rest from
                '^(?:[A-Za-z_\u0080-\uffff][A-Za-z_0-9$\u0080-\uffff]*|"(?:[^"]|"")+")(?:\s*\.\s*(?:[A-Za-z_\u0080-\uffff][A-Za-z_0-9$\u0080-\uffff]*|"(?:[^"]|"")+"|\*))*');
            IF m IS NOT NULL THEN
                word := lower(substring(m from '^("(?:[^"]|"")+"|[^.\s]+)'));
                qualified := m ~ '\.';
                next_char := substring(substr(rest, length(m) + 1) from '^\s*(.)');
                IF prev = '::' THEN
                    IF NOT qualified AND word <> ALL (keyword_types) THEN
                        found := found || ('::' || word);
                    END IF;
                ELSIF word IN ('between', 'like', 'ilike', 'similar', 'overlaps', 'natural', 'nullif')
                      OR (word = 'in' AND next_char = '(')
                      OR (word = 'using' AND next_char = '(' AND prev <> 'execute')
                      OR (word = 'distinct' AND substr(rest, length(m) + 1) ~* '^\s+from\M')
                      OR (word = 'case' AND substr(rest, length(m) + 1) !~* '^\s+when\M') THEN
                    found := found || upper(CASE WHEN word = 'distinct' THEN 'is distinct from'
                                                 WHEN word = 'case' THEN 'case x when'
                                                 ELSE word END);
                ELSIF next_char = '(' THEN
                    IF NOT qualified AND word <> ALL (syntax) AND word <> ALL (keyword_types) THEN
                        found := found || (word || '()');
                    END IF;
                ELSIF prev IN ('from', 'join') AND NOT qualified AND word <> ALL (ctes)
                      AND word NOT IN ('lateral', 'only', 'rows')
                      AND coalesce(parens[cardinality(parens)], '') NOT IN
                          ('extract', 'substring', 'trim', 'overlay', 'position', 'normalize') THEN
                    found := found || ('relation ' || word);
                END IF;
                token_kind := CASE WHEN qualified THEN 'name' ELSE word END;
                token_operand := word NOT IN ('select', 'where', 'and', 'or', 'not', 'then', 'else',
                                             'when', 'case', 'return', 'if', 'elsif', 'by', 'on',
                                             'in', 'is', 'between', 'like', 'any', 'all', 'some',
                                             'distinct', 'from', 'as', 'having', 'limit', 'offset');
                EXIT token;
            END IF;

            -- Punctuation that is not an operator.
            m := coalesce(substring(rest from '^::'), substring(rest from '^:='),
                          substring(rest from '^%\s*(?:[Rr][Oo][Ww])?[Tt][Yy][Pp][Ee]\M'),
                          substring(rest from '^=>'), substring(rest from '^\.\.'),
                          substring(rest from '^[(),;\[\]:.]'));
            IF m IS NOT NULL THEN
                IF m = '(' THEN
                    parens := parens || prev;
                ELSIF m = ')' THEN
                    parens := parens[1:cardinality(parens) - 1];
                END IF;
                token_kind := m;
                token_operand := m IN (')', ']');
                EXIT token;
            END IF;

            -- Operators.
            m := substring(rest from '^[-+*/<>=~!@#%^&|`?]+');
            IF m IS NOT NULL THEN
                -- "*" as "every column" or count(*): after "(", ",", SELECT or
                -- DISTINCT, or right before ")", "," or FROM.
                token_operand := m = '*' AND (prev IN ('(', ',', 'select', 'distinct', 'all')
                                              OR substr(rest, 2) ~* '^\s*([),]|from\M)');
                IF NOT token_operand THEN
                    found := found || m;
                END IF;
                token_kind := 'operator';
                EXIT token;
            END IF;

            m := substr(rest, 1, 1);    -- anything else: one character at a time
        END;
        pos := pos + length(m);
        IF token_kind IS NOT NULL THEN
            prev := token_kind;
            prev_operand := token_operand;
        END IF;
    END LOOP;

    -- PL/pgSQL variable types of the outermost DECLARE section.
    IF is_plpgsql THEN
        declare_section := substring(
            regexp_replace(regexp_replace(src, '--[^\n]*', '', 'g'), '/\*.*?\*/', '', 'g')
            from '^\s*(?:<<[^>]*>>\s*)?[Dd][Ee][Cc][Ll][Aa][Rr][Ee](.*?)\m[Bb][Ee][Gg][Ii][Nn]\M');
        FOREACH decl IN ARRAY coalesce(string_to_array(declare_section, ';'), '{}') LOOP
            CONTINUE WHEN decl ~* '\m(alias|cursor)\M' OR decl ~ '^\s*$';
            decl_type := lower(substring(decl from
                '^\s*(?:"[^"]+"|[A-Za-z_][A-Za-z_0-9]*)\s+(?:[Cc][Oo][Nn][Ss][Tt][Aa][Nn][Tt]\s+)?([A-Za-z_"][A-Za-z_0-9."%]*)'));
            IF decl_type IS NULL THEN
                CONTINUE;
            ELSIF decl_type ~ '%rowtype$' AND decl_type !~ '\.' THEN
                found := found || ('declare ' || decl_type);
            ELSIF decl_type ~ '%type$' AND decl_type !~ '\..*\.' THEN
                found := found || ('declare ' || decl_type);
            ELSIF decl_type !~ '[.%]' AND decl_type <> ALL (keyword_types) THEN
                found := found || ('declare ' || decl_type);
            END IF;
        END LOOP;
    END IF;

    RETURN ARRAY(SELECT f FROM unnest(found) f GROUP BY f ORDER BY f COLLATE "C");
END
$scan$;

-- Per SQL or PL/pgSQL function: what it would look up on the caller's path.
-- Nothing when it pins a safe path, or when its body is SQL-standard
-- (BEGIN ATOMIC / RETURN: parsed at CREATE FUNCTION, every object bound by
-- its oid, and still inlined by the planner).
CREATE TEMP TABLE path_finding AS
SELECT f.oid::regprocedure::text AS fn,
       CASE WHEN f.prosqlbody IS NOT NULL OR pg_temp.safe_path(pg_temp.pinned_path(f.proconfig)) THEN '{}'
            ELSE pg_temp.path_lookups(f.prosrc, f.lanname = 'plpgsql') END AS lookups
FROM ext_function f WHERE f.lanname IN ('sql', 'plpgsql');

SELECT is(
    (SELECT array_agg(p.oid::regprocedure::text ORDER BY 1)
     FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
     JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'iapt_ews'
     WHERE obj_description(p.oid, 'pg_proc') IS NULL),
    NULL, 'every function and aggregate has a comment');

SELECT is(
    (SELECT array_agg(t.oid::regtype::text ORDER BY 1)
     FROM pg_type t JOIN pg_depend d ON d.objid = t.oid AND d.classid = 'pg_type'::regclass
     JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'iapt_ews'
     WHERE obj_description(t.oid, 'pg_type') IS NULL AND t.typtype <> 'c'),
    NULL, 'every base type has a comment');

SELECT is(
    (SELECT array_agg(c.oid::regclass::text ORDER BY 1)
     FROM pg_class c JOIN pg_depend d ON d.objid = c.oid AND d.classid = 'pg_class'::regclass
     JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'iapt_ews'
     WHERE c.relkind IN ('v', 'r', 'm', 'c') AND obj_description(c.oid, 'pg_class') IS NULL
       AND NOT EXISTS (SELECT 1 FROM pg_type t WHERE t.typrelid = c.oid AND obj_description(t.oid, 'pg_type') IS NOT NULL)),
    NULL, 'every view, table and composite type has a comment');

SELECT is(
    (SELECT array_agg(c.oid::regclass::text || '.' || a.attname ORDER BY 1)
     FROM pg_class c JOIN pg_depend d ON d.objid = c.oid AND d.classid = 'pg_class'::regclass
     JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'iapt_ews'
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE c.relkind IN ('v', 'r', 'm') AND col_description(c.oid, a.attnum) IS NULL),
    NULL, 'every column of every view and table has a comment');

SELECT is(
    (SELECT array_agg(p.oid::regprocedure::text ORDER BY 1)
     FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
     JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'iapt_ews'
     WHERE p.prosecdef),
    NULL, 'no function is SECURITY DEFINER');

SELECT is(
    (SELECT array_agg(p.oid::regprocedure::text ORDER BY 1)
     FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
     JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'iapt_ews'
     WHERE p.pronamespace <> 'iapt_ews'::regnamespace),
    NULL, 'every function lives in schema iapt_ews');

-- Functions that read no tables are IMMUTABLE or STABLE and PARALLEL SAFE.
-- VOLATILE functions pin search_path, except those that run the caller's
-- own query texts (an argument named *_sql): those run them with the
-- caller's path, as pgRouting does, and qualify every name in the SQL they
-- generate themselves (test/tap/search_path.sql).
SELECT is(
    (SELECT array_agg(p.oid::regprocedure::text ORDER BY 1)
     FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
     JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'iapt_ews'
     WHERE p.provolatile IN ('i', 's') AND p.proparallel <> 's'),
    NULL, 'every IMMUTABLE or STABLE function is PARALLEL SAFE');

SELECT is(
    (SELECT array_agg(p.oid::regprocedure::text ORDER BY 1)
     FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
     JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'iapt_ews'
     WHERE p.provolatile = 'v' AND p.prokind = 'f'
       AND NOT pg_temp.safe_path(pg_temp.pinned_path(p.proconfig))
       AND NOT EXISTS (SELECT 1 FROM unnest(p.proargnames) a WHERE a LIKE '%\_sql')),
    NULL, 'every VOLATILE function pins a safe search_path, or runs the caller''s own query texts');

SELECT is(
    (SELECT array_agg(a.aggfnoid::regprocedure::text ORDER BY 1)
     FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
     WHERE p.pronamespace = 'iapt_ews'::regnamespace
       AND (a.aggcombinefn = 0 OR p.proparallel <> 's'
            OR (a.aggtranstype = 'internal'::regtype AND (a.aggserialfn = 0 OR a.aggdeserialfn = 0)))),
    NULL, 'every aggregate is PARALLEL SAFE with a combine function (and serialize/deserialize for internal states)');

-- ---------------------------------------------------------------------------
-- search_path: every function written in SQL or PL/pgSQL, whatever its
-- volatility, either pins a safe path (pg_temp.safe_path above) or looks
-- nothing up on the caller's (pg_temp.path_lookups above): a SQL function
-- left without SET so that the planner can inline it, or a function that
-- runs the caller's query texts, writes OPERATOR(pg_catalog.x) and
-- pg_catalog.f(...). test/tap/search_path.sql runs the functions with
-- hostile operators; this check also covers functions nobody has added
-- there yet.
-- ---------------------------------------------------------------------------
SELECT is(
    (SELECT array_agg(f.oid::regprocedure::text ORDER BY 1) FROM ext_function f
     WHERE f.lanname NOT IN ('c', 'internal', 'sql', 'plpgsql')),
    NULL, 'every function is written in C, internal, SQL or PL/pgSQL (the languages these checks read)');

SELECT is(
    (SELECT array_agg(fn || ' looks up on the caller''s path: ' || array_to_string(lookups, ' ') ORDER BY fn)
     FROM path_finding WHERE lookups <> '{}'),
    NULL, 'every SQL and PL/pgSQL function pins a safe search_path or qualifies every operator, function, type and table it names');

-- The checks above can fail: the scanner and the path rule on known cases.
SELECT is(
    pg_temp.path_lookups($b$
    SELECT CASE
        WHEN (SELECT r.rolsuper OR r.rolbypassrls FROM pg_catalog.pg_roles r
              WHERE r.rolname = CURRENT_USER) THEN ARRAY['*']
        ELSE coalesce((SELECT pg_catalog.array_agg(DISTINCT a.provider_code ORDER BY a.provider_code)
                       FROM iapt_ews.provider_access a
                       JOIN pg_catalog.pg_roles r ON r.rolname = a.role_name
                       WHERE pg_catalog.pg_has_role(r.oid, 'MEMBER')), '{}')
    END
$b$, false),
    '{=}', 'the scanner finds the bare = of visible_providers() as it was when issue #18 was reported');

SELECT is(
    pg_temp.path_lookups($b$SELECT count(*), x.*, -1, a - 1, $1 || $2, s::text, s::integer
            FROM t JOIN pg_catalog.pg_class c USING (oid) WHERE c.relname LIKE 'a%' AND c.oid IN (1, 2)
              AND NULLIF(c.relpages, 0) BETWEEN 1 AND 2 AND c.reltuples IS DISTINCT FROM 0
              AND CASE c.relkind WHEN 'r' THEN true END AND c.relname OPERATOR(=) 'x'
              AND ARRAY['a'] @> ARRAY['b'] -- a comment: a = b
              /* another: lower(x) */ AND 'a = b' IS NOT NULL$b$, false),
    ARRAY['-', '::text', '@>', 'BETWEEN', 'CASE X WHEN', 'IN', 'IS DISTINCT FROM', 'LIKE', 'NULLIF',
          'OPERATOR(=)', 'USING', 'count()', 'relation t', '||'],
    'the scanner finds bare operators, syntax that looks = up, unqualified calls, casts and tables, not comments or literals');

SELECT is(
    pg_temp.path_lookups($b$
DECLARE
    n float8;
    m pg_catalog.int8;
    k integer;
    r pg_class%ROWTYPE;
BEGIN
    EXECUTE format('SELECT pg_catalog.count(*) FROM (%s) q WHERE q.a < 0', x) INTO n;
    RETURN QUERY EXECUTE pg_catalog.format($q$SELECT %1$s FROM (%2$s) q WHERE q.a = 1$q$, y, z);
    RAISE NOTICE '% = %', n, m;
END$b$, true),
    ARRAY['<', '=', 'declare float8', 'declare pg_class%rowtype', 'format()'],
    'the scanner reads PL/pgSQL: variable types, and the dynamic SQL of quoted and dollar-quoted literals');

SELECT is(
    pg_temp.path_lookups($b$
    SELECT pg_catalog.count(*) OPERATOR(pg_catalog.+) 1, x.*, -2::integer, coalesce(a, b), 'a < b',
           q.a::pg_catalog.text, EXISTS (SELECT 1 FROM iapt_ews.site w), EXTRACT(day FROM q.d)
    FROM iapt_ews.referral q WHERE q.a OPERATOR(pg_catalog.=) $1 AND NOT q.b IS NULL
    -- count(*) = 1 in a comment
$b$, false),
    '{}', 'the scanner passes a body that qualifies everything');

SELECT is(
    ARRAY[pg_temp.safe_path('{pg_catalog,pg_temp}'),
          pg_temp.safe_path(ARRAY[(SELECT n.nspname::text FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
                                   WHERE x.extname = 'iapt_ews'), 'pg_temp']),
          pg_temp.safe_path('{pg_catalog}'),
          pg_temp.safe_path('{pg_temp,pg_catalog}'),
          pg_temp.safe_path('{pg_catalog,hostile_schema,pg_temp}'),
          pg_temp.safe_path('{iapt_ews,pg_catalog,pg_temp}'),
          pg_temp.safe_path(pg_temp.pinned_path('{"search_path=\"$user\", public"}')),
          pg_temp.safe_path(pg_temp.pinned_path('{"search_path=pg_catalog, pg_temp"}'))],
    ARRAY[true, true, false, false, false, false, false, true],
    'the path rule: pg_catalog first or implied, pg_temp last, only the extensions'' own schemas between');

-- ---------------------------------------------------------------------------
-- C functions: IMMUTABLE or STABLE, PARALLEL SAFE and STRICT unless their
-- comment says otherwise and why. The test can only see that the comment
-- names the marking (VOLATILE, PARALLEL UNSAFE, or for a function that is
-- not STRICT what a NULL argument does); whether the reason is a good one is
-- for the reviewer.
-- ---------------------------------------------------------------------------
SELECT is(
    (SELECT array_agg(f.oid::regprocedure::text ORDER BY 1) FROM ext_function f
     WHERE f.lanname = 'c' AND f.provolatile = 'v' AND f.description !~ '\mVOLATILE\M'),
    NULL, 'every VOLATILE C function says why in its comment');

SELECT is(
    (SELECT array_agg(f.oid::regprocedure::text ORDER BY 1) FROM ext_function f
     WHERE f.lanname = 'c' AND f.proparallel <> 's'
       AND f.description !~ CASE f.proparallel WHEN 'u' THEN '\mPARALLEL UNSAFE\M' ELSE '\mPARALLEL RESTRICTED\M' END),
    NULL, 'every C function that is not PARALLEL SAFE says why in its comment');

-- Plain values: no argument of type internal (aggregate states), and not a
-- support function of an aggregate (a transition function starts from a
-- NULL state).
SELECT is(
    (SELECT array_agg(f.oid::regprocedure::text ORDER BY 1) FROM ext_function f
     WHERE f.lanname = 'c' AND NOT f.proisstrict
       AND NOT ('internal'::regtype::oid = ANY (f.proargtypes::oid[]))
       AND NOT EXISTS (SELECT 1 FROM pg_aggregate a
                       WHERE f.oid IN (a.aggtransfn, a.aggfinalfn, a.aggcombinefn, a.aggserialfn, a.aggdeserialfn))
       AND f.description !~ '\mNULL\M'),
    NULL, 'every C function of plain values is STRICT, or its comment says what a NULL argument does');

-- ---------------------------------------------------------------------------
-- The _published views are what BI tools, ODBC, pandas and R read
-- (docs/clients.md): only plain types every client maps to a column type of
-- its own (text, numeric, integer, bigint, date, boolean, double
-- precision), iapt_ews.report_level (the level column: its text and binary
-- forms are the level's name, and test/shell/clients.sh reads it as text
-- through ODBC, psycopg and RPostgreSQL), and geometry only in a view that
-- also gives latitude and longitude (for clients that cannot read geometry).
-- ---------------------------------------------------------------------------
CREATE FUNCTION pg_temp.unplain_published_columns(target text) RETURNS text[] LANGUAGE sql AS $$
SELECT array_agg(format('%s.%s %s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod)) ORDER BY c.relname, a.attnum)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE n.nspname = target AND c.relkind = 'v' AND c.relname LIKE '%\_published'
  AND a.atttypid NOT IN ('text'::regtype, 'numeric'::regtype, 'integer'::regtype, 'bigint'::regtype,
                         'date'::regtype, 'boolean'::regtype, 'double precision'::regtype,
                         'iapt_ews.report_level'::regtype)
  AND NOT (format_type(a.atttypid, NULL) IN ('geometry', 'public.geometry')
           AND EXISTS (SELECT 1 FROM pg_attribute l WHERE l.attrelid = c.oid AND l.attname = 'latitude')
           AND EXISTS (SELECT 1 FROM pg_attribute l WHERE l.attrelid = c.oid AND l.attname = 'longitude'))
$$;

SET client_min_messages = warning;
DO $$ BEGIN PERFORM iapt_ews.create_data_model('catalog_published_types'); END $$;
RESET client_min_messages;
SELECT is(pg_temp.unplain_published_columns('catalog_published_types'), NULL,
          'every _published view of a model offers only plain BI types and report_level (geometry only beside latitude/longitude)');

-- The check can fail: types a client would not map, and geometry without
-- latitude/longitude (when PostGIS is there to make one).
CREATE SCHEMA catalog_unplain;
CREATE VIEW catalog_unplain.waits_published AS
SELECT interval '1 day' AS wait, NULL::iapt_ews.outcome AS outcome, 1::smallint AS small, 'x'::varchar(3) AS code,
       2.5::numeric(4, 1) AS rate, 1.5::real AS score;
DO $$
BEGIN
    IF to_regtype('geometry') IS NOT NULL THEN
        EXECUTE 'CREATE VIEW catalog_unplain.sites_published AS SELECT NULL::geometry AS geom';
        EXECUTE 'CREATE VIEW catalog_unplain.pins_published AS
                 SELECT 51.5::numeric AS latitude, -0.1::numeric AS longitude, NULL::geometry AS geom';
    END IF;
END
$$;
SELECT is(pg_temp.unplain_published_columns('catalog_unplain'),
          CASE WHEN to_regtype('geometry') IS NOT NULL THEN ARRAY['sites_published.geom ' || to_regtype('geometry')::text] END
          || ARRAY['waits_published.wait interval', 'waits_published.outcome iapt_ews.outcome',
                   'waits_published.small smallint', 'waits_published.code character varying(3)',
                   'waits_published.score real'],
          'the plain-type check finds interval, a custom type, smallint, varchar, real and geometry without latitude/longitude');

SELECT * FROM finish();
ROLLBACK;
