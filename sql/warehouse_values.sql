-- Values from warehouse tables, converted without raising
-- (src/warehouse_values.c, sql/install/16-warehouse-values.sql,
-- docs/warehouse.md "Conversion without raising"). Every expected value
-- below is worked by hand from the text, not copied from the output: a
-- row whose ok is false is a difference.

SET TimeZone = 'Europe/London';
SET DateStyle = 'ISO, DMY';

-- ---------------------------------------------------------------------------
-- 1. date_or_null: ISO, UK day-first, SQL Server's default text, and what
--    is NULL. 2024 is a leap year, 2023 is not; April has 30 days.
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE date_case (form text, input text, expected date);
INSERT INTO date_case VALUES
    -- ISO, as before; SQL Server's styles 120/121/ODBC and datetime2's text.
    ('iso', '2024-04-01', '2024-04-01'),
    ('iso', '   2024-04-01	', '2024-04-01'),               -- blanks and a tab around
    ('iso', '2024-04-01 10:30', '2024-04-01'),
    ('iso', '2024-04-01T10:30:00+01', '2024-04-01'),
    ('iso', '2024-04-01 10:30:00.123', '2024-04-01'),        -- style 121 / ODBC
    ('iso', '2024-04-01 10:30:00.1234567', '2024-04-01'),    -- datetime2(7)
    ('iso', '2024-04-01 10:30:00.1234567890', NULL),         -- ten digits of fraction
    ('iso', '2024-02-29', '2024-02-29'),
    ('iso', '2023-02-29', NULL),
    ('iso', '2024-04-30', '2024-04-30'),
    ('iso', '2024-04-31', NULL),
    ('iso', '1989-12-31', NULL),
    ('iso', '1990-01-01', '1990-01-01'),
    ('iso', '2099-12-31', '2099-12-31'),
    ('iso', '2100-01-01', NULL),
    ('iso', '2024-4-1', NULL),                               -- ISO has two-digit months and days
    ('iso', '2024-04-01 24:00', NULL),
    ('iso', '2024-04-01  10:30', NULL),                      -- one blank or T before an ISO time
    -- UK: day first, one or two digits, four-digit year.
    ('uk', '01/04/2024', '2024-04-01'),
    ('uk', '1/4/2024', '2024-04-01'),
    ('uk', '1/04/2024', '2024-04-01'),
    ('uk', '  01/04/2024  ', '2024-04-01'),
    ('uk', '13/01/2024', '2024-01-13'),
    ('uk', '01/13/2024', NULL),                              -- never US MM/DD
    ('uk', '12/01/2024', '2024-01-12'),                      -- 12 January, not 1 December
    ('uk', '29/02/2024', '2024-02-29'),
    ('uk', '29/02/2023', NULL),
    ('uk', '30/04/2024', '2024-04-30'),
    ('uk', '31/04/2024', NULL),
    ('uk', '31/02/2024', NULL),
    ('uk', '31/12/1989', NULL),
    ('uk', '01/01/1990', '1990-01-01'),
    ('uk', '31/12/2099', '2099-12-31'),
    ('uk', '01/01/2100', NULL),
    ('uk', '00/04/2024', NULL),
    ('uk', '01/00/2024', NULL),
    ('uk', '01/04/2024 09:30', '2024-04-01'),
    ('uk', '01/04/2024   09:30', '2024-04-01'),             -- blanks before the time
    ('uk', '01/04/2024 23:59:59', '2024-04-01'),
    ('uk', '01/04/2024 23:59:59.999', '2024-04-01'),
    ('uk', '01/04/2024 24:00', NULL),
    ('uk', '01/04/2024 09:60', NULL),
    ('uk', '01/04/2024 9:30', NULL),                         -- the hour has two digits
    ('uk', '01/04/2024 09:30+01', NULL),                     -- no zone after a UK date
    ('uk', '01/04/2024T09:30', NULL),
    ('uk', '01/04/24', NULL),                                -- two-digit year
    ('uk', '001/04/2024', NULL),
    ('uk', '01/04/02024', NULL),
    ('uk', '01-04-2024', NULL),
    ('uk', '01.04.2024', NULL),
    -- SQL Server's CONVERT style 0/100 (and a datetime cast to varchar).
    ('sql server', 'Apr  1 2024 12:00AM', '2024-04-01'),
    ('sql server', 'Dec 31 2023  1:05PM', '2023-12-31'),
    ('sql server', 'apr  1 2024 12:00am', '2024-04-01'),
    ('sql server', 'APR  1 2024', '2024-04-01'),
    ('sql server', 'Apr 1 2024 12:00AM', '2024-04-01'),
    ('sql server', 'Apr  1 2024 12:00 AM', '2024-04-01'),
    ('sql server', 'Feb 29 2024 12:00AM', '2024-02-29'),
    ('sql server', 'Feb 29 2023 12:00AM', NULL),
    ('sql server', 'Apr 31 2024 12:00AM', NULL),
    ('sql server', 'Dec 31 1989 11:59PM', NULL),
    ('sql server', 'Jan  1 1990 12:00AM', '1990-01-01'),
    ('sql server', 'Dec 31 2099 11:59PM', '2099-12-31'),
    ('sql server', 'Jan  1 2100 12:00AM', NULL),
    ('sql server', 'Apr  1 2024 13:00PM', NULL),
    ('sql server', 'Apr  1 2024  0:30AM', NULL),
    ('sql server', 'Apr  1 2024 12:60PM', NULL),
    ('sql server', 'Apr  1 2024 12:00', NULL),               -- no AM/PM
    ('sql server', 'Apr  1 2024 12:00XM', NULL),
    ('sql server', 'Apr  1 2024 12:00AMX', NULL),
    ('sql server', 'April 1 2024', NULL),                    -- abbreviations only
    ('sql server', 'Avr  1 2024', NULL),
    ('sql server', 'Apr  1 24', NULL),
    ('sql server', 'Apr  1, 2024', NULL),
    -- Not dates at all (PostgreSQL itself would read some of these).
    ('garbage', '', NULL),
    ('garbage', '   ', NULL),
    ('garbage', 'yesterday', NULL),
    ('garbage', 'today', NULL),
    ('garbage', 'infinity', NULL),
    ('garbage', 'epoch', NULL),
    ('garbage', 'NA', NULL),
    ('garbage', 'PERSON00042 self-harm note', NULL),
    ('garbage', '2024', NULL),
    ('garbage', '2024-04', NULL),
    ('garbage', '20240401', NULL),
    ('garbage', '99/99/9999', NULL),
    ('garbage', '01/04/2024 garbage', NULL),
    ('garbage', '2024-04-01 10:30 Europe/London', NULL),
    ('garbage', '1 April 2024', NULL),
    ('garbage', '2024-04-01 ; DROP TABLE x', NULL);

SELECT form, input, iapt_ews.date_or_null(input) AS got, expected,
       iapt_ews.date_or_null(input) IS NOT DISTINCT FROM expected AS ok
FROM date_case ORDER BY form, input;

-- ---------------------------------------------------------------------------
-- 2. timestamptz_or_null in Europe/London (GMT in winter, BST, UTC+1, from
--    31 March 2024 01:00 UTC), shown in UTC. A text without a zone is local
--    time; a fraction is cut to microseconds, never rounded into the next
--    day.
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE stamp_case (form text, input text, expected_utc timestamp);
INSERT INTO stamp_case VALUES
    ('iso', '2024-01-15 10:30', '2024-01-15 10:30'),                  -- GMT
    ('iso', '2024-04-01 10:30', '2024-04-01 09:30'),                  -- BST
    ('iso', '2024-04-01', '2024-03-31 23:00'),                        -- midnight BST
    ('iso', '2024-04-01T10:30:00+01', '2024-04-01 09:30'),
    ('iso', '2024-04-01 10:30:00Z', '2024-04-01 10:30'),
    ('iso', '2024-04-01 10:30:00-05:30', '2024-04-01 16:00'),
    ('iso', '2024-04-01 10:30:00+0130', '2024-04-01 09:00'),
    ('iso', '2024-04-01 10:30:00+16', NULL),                          -- beyond 15 hours
    ('iso', '2024-04-01 10:30:00.123', '2024-04-01 09:30:00.123'),    -- style 121
    ('iso', '2024-01-15 23:59:59.9999999', '2024-01-15 23:59:59.999999'),
    ('iso', '2024-01-15 23:59:59.999999999', '2024-01-15 23:59:59.999999'),
    ('uk', '01/04/2024', '2024-03-31 23:00'),
    ('uk', '01/04/2024 09:30', '2024-04-01 08:30'),
    ('uk', '15/1/2024 09:30:15.5', '2024-01-15 09:30:15.5'),
    ('uk', '31/12/2099 23:59', '2099-12-31 23:59'),
    ('uk', '01/13/2024 09:30', NULL),
    ('uk', '31/04/2024 09:30', NULL),
    ('sql server', 'Jan  1 2024 12:00AM', '2024-01-01 00:00'),        -- 12:00AM is midnight
    ('sql server', 'Jan  1 2024 12:59AM', '2024-01-01 00:59'),
    ('sql server', 'Jan  1 2024  1:00AM', '2024-01-01 01:00'),
    ('sql server', 'Jan  1 2024 11:59AM', '2024-01-01 11:59'),
    ('sql server', 'Jan  1 2024 12:00PM', '2024-01-01 12:00'),        -- 12:00PM is noon
    ('sql server', 'Jan  1 2024 12:59PM', '2024-01-01 12:59'),
    ('sql server', 'Jan  1 2024  1:00PM', '2024-01-01 13:00'),
    ('sql server', 'Dec 31 2023  1:05PM', '2023-12-31 13:05'),
    ('sql server', 'Dec 31 2023 11:59PM', '2023-12-31 23:59'),
    ('sql server', 'Apr  1 2024 12:00AM', '2024-03-31 23:00'),        -- midnight BST
    ('sql server', 'Apr  1 2024 12:00PM', '2024-04-01 11:00'),
    ('sql server', 'Apr  1 2024  1:05 pm', '2024-04-01 12:05'),
    ('sql server', 'Apr  1 2024', '2024-03-31 23:00'),
    ('sql server', 'Apr  1 2024 00:00AM', NULL),
    ('garbage', 'yesterday', NULL),
    ('garbage', 'now', NULL),
    ('garbage', '2024-04-01 10:30 BST', NULL);

SELECT form, input, iapt_ews.timestamptz_or_null(input) AT TIME ZONE 'UTC' AS got_utc, expected_utc,
       (iapt_ews.timestamptz_or_null(input) AT TIME ZONE 'UTC') IS NOT DISTINCT FROM expected_utc AS ok
FROM stamp_case ORDER BY form, input;

-- Each accepted local time is the instant PostgreSQL's own parser gives
-- for the same wall-clock time, even in the hour the clocks skip
-- (31 March 2024 01:30 does not exist in London: read as GMT, as
-- PostgreSQL reads it) and the hour they repeat (27 October 01:30).
SELECT input, iapt_ews.timestamptz_or_null(input) AS got,
       iapt_ews.timestamptz_or_null(input) = iso::timestamptz AS same_as_postgresql
FROM (VALUES ('31/03/2024 01:30', '2024-03-31 01:30'), ('27/10/2024 01:30', '2024-10-27 01:30'),
             ('Mar 31 2024  1:30AM', '2024-03-31 01:30'), ('Oct 27 2024  1:30AM', '2024-10-27 01:30'),
             ('01/07/2024 12:00', '2024-07-01 12:00')) v(input, iso)
ORDER BY input;

-- ---------------------------------------------------------------------------
-- 3. time_or_null: ISO times; SQL Server's time(7) text is cut to
--    microseconds.
-- ---------------------------------------------------------------------------
SELECT input, iapt_ews.time_or_null(input) AS got, expected,
       iapt_ews.time_or_null(input) IS NOT DISTINCT FROM expected AS ok
FROM (VALUES ('09:30', '09:30'::time), (' 09:30:15 ', '09:30:15'), ('09:30:00.1234567', '09:30:00.123456'),
             ('23:59:59.9999999', '23:59:59.999999'), ('23:59:59.5', '23:59:59.5'),
             ('09:30:00.1234567890', NULL), ('24:00', NULL), ('9:30', NULL), ('09:30:', NULL),
             ('09:30:00.', NULL), ('12:00AM', NULL), ('soon', NULL), ('', NULL)) v(input, expected)
ORDER BY input;

-- ---------------------------------------------------------------------------
-- 4. No DateStyle changes an answer: every case again under each style
--    (US month-first among them). No row is a difference.
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE style_difference (date_style text, input text);
DO $$
DECLARE
    style text;
BEGIN
    FOREACH style IN ARRAY ARRAY['ISO, MDY', 'SQL, MDY', 'SQL, DMY', 'German, DMY', 'Postgres, YMD', 'Postgres, MDY'] LOOP
        PERFORM set_config('DateStyle', style, true);
        INSERT INTO style_difference
        SELECT style, d.input FROM date_case d
        WHERE iapt_ews.date_or_null(d.input) IS DISTINCT FROM d.expected
        UNION ALL
        SELECT style, s.input FROM stamp_case s
        WHERE (iapt_ews.timestamptz_or_null(s.input) AT TIME ZONE 'UTC') IS DISTINCT FROM s.expected_utc;
    END LOOP;
END
$$;
SELECT * FROM style_difference;
SHOW DateStyle;

-- ---------------------------------------------------------------------------
-- 5. The converters stay what the views need: strict, parallel safe, and
--    IMMUTABLE except timestamptz_or_null (STABLE: the session time zone).
-- ---------------------------------------------------------------------------
SELECT p.proname, p.provolatile, p.proisstrict, p.proparallel
FROM pg_proc p
WHERE p.pronamespace = 'iapt_ews'::regnamespace
  AND p.proname IN ('date_or_null', 'timestamptz_or_null', 'time_or_null', 'integer_or_null', 'boolean_or_null')
ORDER BY p.proname;
SELECT iapt_ews.date_or_null(NULL) IS NULL AS null_is_null;

-- ---------------------------------------------------------------------------
-- 6. warehouse_select_list: with problem_labels, unusable_values says what
--    each row lost, so no value is silently NULL. A blank text is missing,
--    not lost; a date column of its own type loses a date outside
--    1990-2099; a text column, and an integer or time of its own type,
--    never lose one. The value is cut to 20 characters.
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE wh_row (id integer, discharged text, seen date, age text, age_int integer, at_time text,
                          flag text, big bigint, note text);
INSERT INTO wh_row VALUES
    (1, '10/03/2025', '2025-03-10', '34', 34, '09:30', 'true', 7, 'fine'),
    (2, '31/02/2025', '1989-12-31', 'seventy', NULL, '25:00', 'maybe', 3000000000, 'x'),
    (3, '  ', NULL, E'\t', NULL, '', NULL, NULL, '   '),
    (4, 'an exceedingly long note in place of a date', '2100-01-01', '3.5', NULL, '9:30', 'yes', -1, NULL);
DO $$
BEGIN
    EXECUTE format('CREATE TEMP VIEW wh_row_read AS SELECT s.id, %s FROM wh_row s',
                   iapt_ews.warehouse_select_list('wh_row'::regclass,
                       ARRAY['discharge_date', 'seen_on', 'age', 'age_int', 'at', 'flag', 'big', 'note'],
                       ARRAY['discharged', 'seen', 'age', 'age_int', 'at_time', 'flag', 'big', 'note'],
                       ARRAY['date', 'date', 'integer', 'integer', 'time', 'boolean', 'integer', 'text'],
                       ARRAY['Discharged', 'Seen', 'Age', 'AgeInt', 'AtTime', 'Flag', 'Big', 'Note']));
END
$$;
SELECT * FROM wh_row_read ORDER BY id;
-- Without labels the list is as create_reporting_views reads it: no
-- unusable_values column.
SELECT position('unusable_values' IN iapt_ews.warehouse_select_list('wh_row'::regclass, ARRAY['age'], ARRAY['age'], ARRAY['integer'])) AS without_labels,
       position('unusable_values' IN iapt_ews.warehouse_select_list('wh_row'::regclass, ARRAY['note'], ARRAY['note'], ARRAY['text'], ARRAY['Note'])) > 0 AS with_labels;
-- Labels of another length are refused.
SELECT iapt_ews.warehouse_select_list('wh_row'::regclass, ARRAY['age'], ARRAY['age'], ARRAY['integer'], ARRAY['Age', 'Extra']);

RESET DateStyle;
RESET TimeZone;
