-- Disclosure control: suppress() and suppressed_rate() at every edge
-- (docs/definitions.md "Disclosure control", docs/reporting.md).
SET search_path = iapt_ews, public;

-- Defaults: below 5 withheld, the rest to the nearest 5, halves up.
SELECT n, suppress(n) AS published
FROM unnest(ARRAY[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 18, 22, 23, 99, 100]::bigint[]) n;

-- round_to 5: remainder 2 goes down, 3 goes up (2.5 is the half).
SELECT suppress(102) AS r102, suppress(103) AS r103, suppress(1002) AS r1002, suppress(1003) AS r1003;

-- round_to 15: 7.5 is the half, so 7 rounds to 0 and 8 to 15.
SELECT suppress(7, 0, 15) AS r7, suppress(8, 0, 15) AS r8, suppress(22, 0, 15) AS r22, suppress(23, 0, 15) AS r23;

-- Even round_to: an exact half rounds up (away from zero).
SELECT suppress(15, 5, 10) AS r15, suppress(14, 5, 10) AS r14, suppress(25, 0, 10) AS r25, suppress(5, 0, 10) AS r5;

-- min_count edges, round_to 1 (withhold only), min_count 0 (round only).
SELECT suppress(4, 5, 1) AS below, suppress(5, 5, 1) AS at, suppress(6, 7, 1) AS below7,
       suppress(7, 7, 1) AS at7, suppress(0, 0, 1) AS zero_kept, suppress(0, 1) AS zero_withheld,
       suppress(2, 0) AS two_round_down, suppress(3, 0) AS three_round_up;

-- Named arguments, as a publication view would write them.
SELECT suppress(n => 12, min_count => 10, round_to => 10) AS named;

-- Near the int64 maximum.
SELECT suppress(9223372036854775807, 5, 1) AS max_round_1,
       suppress(9223372036854775805, 5, 5) AS max_multiple_of_5,
       suppress(9223372036854775806, 5, 5) AS rounds_down,
       suppress(9223372036854775000, 5, 1000) AS big_round_1000;
SELECT suppress(9223372036854775807, 5, 5) AS max_rounds_down_to_5,
       suppress(9223372036854775807, 5, 2147483647) AS max_rounds_down_to_int32_max;
SELECT suppress(9223372036854775807, 5, 10);  -- rounds up past the maximum
SELECT suppress(9223372036854775806, 0, 4);   -- an exact half, up past the maximum

-- NULLs: STRICT.
SELECT suppress(NULL::bigint) IS NULL AS null_n, suppress(7, NULL) IS NULL AS null_min,
       suppress(7, 5, NULL) IS NULL AS null_round;

-- Bad input.
SELECT suppress(-1);
SELECT suppress(-9223372036854775808);
SELECT suppress(7, -1);
SELECT suppress(7, 5, 0);
SELECT suppress(7, 5, -5);

-- suppressed_rate: NULL when either count is below min_count or the
-- denominator is 0; else the unrounded ratio.
SELECT num, den, suppressed_rate(num, den) AS rate
FROM (VALUES (4, 10), (5, 10), (10, 4), (10, 5), (5, 5), (7, 9), (0, 0), (0, 10), (5, 0)) v(num, den);
SELECT suppressed_rate(0, 0, 0) IS NULL AS zero_denominator_null,
       suppressed_rate(0, 10, 0) AS zero_of_ten,
       suppressed_rate(1, 3, 1) = 1.0 / 3 AS unrounded,
       suppressed_rate(6, 7, 7) IS NULL AS six_below_seven,
       suppressed_rate(7, 7, 7) AS seven_of_seven,
       suppressed_rate(12, 10) AS above_one;
SELECT suppressed_rate(9223372036854775807, 9223372036854775807) AS max_over_max,
       suppressed_rate(5, 9223372036854775807) > 0 AS tiny;
SELECT suppressed_rate(NULL, 10) IS NULL AS null_num, suppressed_rate(10, NULL) IS NULL AS null_den,
       suppressed_rate(10, 10, NULL) IS NULL AS null_min;
SELECT suppressed_rate(-1, 10);
SELECT suppressed_rate(10, -1);
SELECT suppressed_rate(10, 10, -1);

-- Properties over a range: never below min_count, a multiple of round_to,
-- within half of round_to of n.
SELECT count(*) AS checked,
       bool_and(s IS NULL) FILTER (WHERE n < m) AS small_withheld,
       bool_and(s % r = 0 AND abs(s - n) * 2 <= r) FILTER (WHERE n >= m) AS nearest_multiple,
       bool_and(abs(s - n) * 2 < r OR (abs(s - n) * 2 = r AND s > n)) FILTER (WHERE n >= m) AS halves_up
FROM generate_series(0, 200) n, (VALUES (5, 5), (0, 1), (3, 2), (10, 10), (7, 15), (1, 4)) p(m, r),
     LATERAL (SELECT suppress(n, m, r) AS s) x;

-- Counts held as numeric (a sum() of counts) and integer counts need no
-- cast; a count must be a whole number.
SELECT suppress(sum(n)) AS summed, suppress(7::integer) AS int4, suppress(12.00) AS whole_numeric,
       suppressed_rate(sum(n), 40) AS rate, published_rate(sum(n), 40) AS published
FROM (VALUES (3::bigint), (4::bigint), (6::bigint)) v(n);
SELECT suppress(2.5);
SELECT suppress('NaN'::numeric);
SELECT published_rate(7, 12.5);
SELECT suppress(-3::numeric);

-- Secondary suppression. A withheld part pinned at 4 (12 + 12 + 4 = 28:
-- published 10, 10, withheld, 30); shown non-zero (total 10 over a
-- published 5 and one withheld: at least 8 - 7 = 1); free (10, 15, 30);
-- a total of 5 over two withheld parts (each at least 1: the total is
-- withheld); a withheld total, nothing withheld, or an empty sum disclose
-- nothing. test/shell/disclosure_attack.sh attacks the views that use them.
SELECT t, parts, parts_disclosed(t, parts) AS disclosed,
       ARRAY(SELECT suppress_part(p, t, parts) FROM unnest(parts) WITH ORDINALITY u(p, i) ORDER BY i) AS shown,
       suppress_total(t, parts) AS total_shown
FROM (VALUES (30::bigint, '{10,10,NULL}'::bigint[]), (10, '{5,NULL}'), (30, '{10,15,NULL}'), (5, '{NULL,NULL}'),
             (15, '{NULL,NULL,NULL}'), (NULL, '{5,NULL}'), (20, '{10,10}'), (10, '{}')) v(t, parts);

-- The window form gives what the array form gives, from the three figures
-- a window over the parts gives (key_metrics_published: a level's
-- organisations beside England): every part of every sum above, compared
-- (no row printed when they agree), then edge cases and bad input.
SELECT t, parts, p
FROM (VALUES (30::bigint, '{10,10,NULL}'::bigint[]), (10, '{5,NULL}'), (30, '{10,15,NULL}'), (5, '{NULL,NULL}'),
             (15, '{NULL,NULL,NULL}'), (NULL, '{5,NULL}'), (20, '{10,10}'), (12, '{5,5,NULL,NULL}')) v(t, parts)
CROSS JOIN LATERAL unnest(parts) u(p)
WHERE suppress_part(p, t, parts) IS DISTINCT FROM
      suppress_part(p, t, (SELECT count(*) FILTER (WHERE q IS NULL) FROM unnest(parts) q),
                    (SELECT sum(q + 2)::bigint FROM unnest(parts) q), (SELECT min(q) FROM unnest(parts) q));
SELECT suppress_part(5, 10, 1, 7, 5) AS withheld, suppress_part(10, 10, 1, 7, 5) AS kept,
       suppress_part(5, NULL, 1, 7, 5) AS total_withheld, suppress_part(5, 10, 1, 7, NULL) AS none_shown,
       suppress_part(5, 9223372036854775807, 1, -9223372036854775807, 5) AS extreme;
SELECT suppress_part(5, 10, -1, 7, 5);
