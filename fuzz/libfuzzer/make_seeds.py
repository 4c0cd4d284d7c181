#!/usr/bin/env python3
"""Write the libFuzzer seed files (fuzz/libfuzzer/corpus/<target>/seedNN).

Valid values of every type and state, in the encodings the functions write,
plus a few near misses. Run again after a format changes; the files are
committed. The text seeds follow the literals of the regression tests
(sql/outcome.sql, score_pair.sql, staff_ratio.sql); score_pair's
times are microseconds since 2000-01-01, the harness's stand-in for
PostgreSQL's timestamptz text.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")

def i64(*values):
    return b"".join(struct.pack(">q", v) for v in values)

def f64(*values):
    return b"".join(struct.pack(">d", v) for v in values)

seeds = {
    "outcome_text": [
        "finished, phq9 18->7, gad7 12->5",
        "open, phq9 ?, gad7 ?",
        "ended, phq9 14, mi_alone 3.03->?",
        "ended, phq9 ?->4, hai ?",
        "finished, phq9 0->27, oci 0->168",
        "Finished , PHQ9 10 -> 9.00 , pdss 12->3",
        "finished, phq9 27->0, iesr 88->0",
        "finished, phq9 9->10, spin 19->20",
        "finished, phq9 1000001->1",
        "finished, phq9 1.005->1, gad7 1->1",
    ],
    "score_pair_text": [
        "18 @ 757418400000000 -> 7 @ 762426000000000 (4 scores)",
        "3.03 @ 757418400000000 -> 2.3 @ 757764000000000 (2 scores)",
        "14 @ 757418400000000 -> 14 @ 757418400000000 (1 score)",
        "-0.5 @ -1 -> 9.9999 @ 0 (2 scores)",
        "1 @ 2 -> 3 @ 1 (2 scores)",
        "1 @ x -> 3 @ 4 (2 scores)",
        "1.00001 @ 1 -> 3 @ 4 (9223372036854775807 scores)",
    ],
    "staff_ratio_text": [
        "1:8", "2.5:20", "0.5:4", "0:3", "0:99", "1:7.5", "2:15", "0:0", "1.25:0",
        "0.8:6.4", "999999999999999.99:1", "1.001:8", "-1:8", "1:8:9",
    ],
}

# Binary: first byte picks the type (0 outcome, 1 score_pair, 2 staff_ratio).
binary = [
    b"\x00" + i64(0),
    b"\x00" + i64(-1),
    b"\x00" + bytes(range(8)),
    b"\x01" + i64(4, 757418400000000, 762426000000000, 180000, 70000),
    b"\x01" + i64(1, 0, 0, 0, 0),
    b"\x01" + i64(2, 5, 1, 0, 0),
    b"\x02" + i64(100, 800),
    b"\x02" + i64(0, 0),
    b"\x02" + i64(-1, 800),
    b"\x02" + i64(1),
]

# Aggregate states: first byte picks the aggregate (0 outcome_counts,
# 1 compare_rates, 2 inequality, 3 projected_wait).
state = [
    b"\x00" + i64(*range(10)),
    b"\x00" + i64(100, 90, 80, 10, 40, 35, 50, 5, 20, 10),
    b"\x01" + i64(100, 52, 200, 80),
    b"\x01" + i64(0, 0, 0, 0),
    b"\x02" + i64(0),
    b"\x02" + i64(2) + f64(0.05, 1200.0, 1000.0) + f64(0.95, 800.0, 1500.0),
    b"\x02" + i64(1) + f64(float("nan"), float("inf"), -0.0),
    b"\x03" + b"\x01" + i64(40, 757418400000000, 2) + i64(757418400000000, 10, 758023200000000, 12),
    b"\x03" + b"\x00" + i64(0, 0, 0),
    b"\x03" + b"\x01" + i64(5, 0, 1) + i64(0, 0),
]

# Only the seed files are rewritten: the other files of a folder are the
# corpus that long runs grew and merged (tools/libfuzz.sh --merge).
for target, items in list(seeds.items()) + [("binary", binary), ("aggregate_state", state)]:
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    for old in os.listdir(folder):
        if old.startswith("seed"):
            os.remove(os.path.join(folder, old))
    for n, item in enumerate(items):
        data = item.encode() if isinstance(item, str) else item
        with open(os.path.join(folder, "seed%02d" % n), "wb") as f:
            f.write(data)
print("wrote", sum(len(v) for v in seeds.values()) + len(binary) + len(state), "seeds under", CORPUS)
