-- Employment status classes, every first-to-last transition, WSAS, bad input.
SET search_path = iapt_ews, public;

SELECT status, sick, employment_class(status, sick)
FROM (VALUES ('01', 'N'), ('01', 'Y'), ('01', '8'), ('01', NULL), (' 01 ', 'n'), ('01', 'y '),
             ('02', NULL), ('03', 'N'), ('04', 'Y'), ('05', '8'), ('06', NULL), ('07', NULL), ('08', 'N'),
             ('ZZ', NULL), ('zz', 'N'), (NULL, 'N'), (NULL, NULL)) v(status, sick);

-- Sickness absence Z (not stated) and X (not known), and U (the benefit
-- indicators' not known): employed with no usable answer is unknown, not an
-- error; for anyone not employed the answer is not read.
SELECT status, sick, employment_class(status, sick)
FROM (VALUES ('01', 'Z'), ('01', 'X'), ('01', 'U'), ('01', 'z'), (' 01', ' x '),
             ('02', 'Z'), ('03', 'X'), ('04', 'U'), ('ZZ', 'Z')) v(status, sick);
-- Students are a class of their own but move into or out of work like
-- anyone not employed.
SELECT employment_outcome('03', NULL, '01', 'N') AS student_to_work,
       employment_outcome('01', 'N', '03', NULL) AS work_to_student,
       employment_outcome('03', NULL, '02', '8') AS student_to_unemployed,
       employment_outcome('01', 'Z', '01', 'N') AS not_stated_to_work,
       employment_outcome('01', 'Y', '01', 'X') AS off_sick_to_not_known;

-- Every pair of classes at first and last, and unknown at either end.
SELECT f.label AS first, l.label AS last,
       employment_outcome(f.status, f.sick, l.status, l.sick) AS outcome
FROM (VALUES ('in work', '01', 'N'), ('off sick', '01', 'Y'), ('not employed', '02', NULL),
             ('unknown', 'ZZ', NULL)) f(label, status, sick),
     (VALUES ('in work', '01', 'N'), ('off sick', '01', 'Y'), ('not employed', '08', NULL),
             ('unknown', NULL, NULL)) l(label, status, sick)
ORDER BY 1, 2;

-- The general benefit flag (NHS England's GeneralBenefitReceived): any Y
-- is received, else any N is not received, else unknown or not stated; U,
-- Z and NULL are neither.
SELECT b, esa, uc, pip, general_benefit(b, esa, uc, pip)
FROM (VALUES ('Y', NULL, NULL, NULL), ('N', 'N', 'N', 'Y'), (NULL, NULL, 'Y', NULL), ('N', NULL, NULL, NULL),
             ('U', 'Z', NULL, 'N'), ('U', 'U', 'Z', 'Z'), (NULL, NULL, NULL, NULL), (' y', 'n', NULL, NULL)) v(b, esa, uc, pip);

-- WSAS: five items 0-8; item 1 may be 9 (work not applicable).
SELECT items, wsas_total(items), wsas_work_not_applicable(items)
FROM (VALUES (ARRAY[0, 0, 0, 0, 0]), (ARRAY[8, 8, 8, 8, 8]), (ARRAY[3, 4, 5, 6, 7]),
             (ARRAY[9, 4, 5, 6, 7]), (ARRAY[9, 0, 0, 0, 0]), (ARRAY[9, 8, 8, 8, 8])) v(items);
-- WSAS change through pair_scores: totals at first and last contact.
SELECT first_score(p), last_score(p), score_change(p)
FROM (SELECT pair_scores(recorded_at, wsas_total(items)) p
      FROM (VALUES (timestamptz '2025-01-06', ARRAY[6, 5, 5, 4, 3]), ('2025-02-03', ARRAY[5, 4, 4, 3, 3]),
                   ('2025-03-03', ARRAY[3, 2, 2, 2, 1])) v(recorded_at, items)) s;
SELECT wsas_total(NULL) IS NULL AS strict;

-- Bad input.
SELECT employment_class('77', 'N');
SELECT employment_class('1', 'N');
SELECT employment_class('', NULL);
SELECT employment_class('employed', NULL);
SELECT employment_class('01', 'maybe');
SELECT employment_class('01', '');
SELECT employment_class('01', 'ZZ');
SELECT employment_class('01', 'Q');
SELECT employment_outcome('01', 'N', '01', 'XX');
SELECT employment_outcome('01', 'N', '09', 'N');
SELECT wsas_total(ARRAY[1, 2, 3, 4]);
SELECT wsas_total(ARRAY[1, 2, 3, 4, 5, 6]);
SELECT wsas_total('{}');
SELECT wsas_total(ARRAY[1, 2, NULL, 4, 5]);
SELECT wsas_total(ARRAY[[1, 2], [3, 4]]);
SELECT wsas_total(ARRAY[1, 2, 3, 4, 9]);
SELECT wsas_total(ARRAY[10, 2, 3, 4, 5]);
SELECT wsas_total(ARRAY[-1, 2, 3, 4, 5]);
SELECT wsas_total(ARRAY[1, 2, 3, 4, 2147483647]);
