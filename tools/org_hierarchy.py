#!/usr/bin/env python3
"""Build data/org_hierarchy.csv and data/london_organisations.csv.

The hierarchy of 2024-25: regions, ICBs, sub-ICB locations and providers.
Reads only files in data/ (run from the repository root):
  data/nhs_talking_therapies_annual_2024_25.csv.gz   the regions and ICBs the 2024-25 statistics
                                                     publish, and their counts
  data/nhs_talking_therapies_sub_icb_locations.csv   the sub-ICB locations the annual reports
                                                     publish (2022-23 and 2023-24)
  data/nhs_talking_therapies_providers.csv           providers with the ICB and region ODS states
  data/nhs_talking_therapies_provider_icb_2024_25.csv   the 2024-25 ICB of the providers whose ODS
                                                     ICB was not an ICB of 2024-25 or lies in
                                                     another region, with the reason

How each parent is found (data/README.md says more):
  sub-ICB -> ICB   the sub-ICB location's published name, "NHS <ICB> ICB - <code>", names its
                   ICB: matched to the 2024-25 statistics' "NHS <ICB> INTEGRATED CARE BOARD".
  ICB -> region    the one partition of the 42 ICBs into the 7 regions under which every
                   region's published counts are the sums of its ICBs' (within the rounding
                   to 5, plus what the statistics put under an UNKNOWN ICB); it must agree
                   with ODS for every ICB the providers file places, and be the only one.
  provider -> ICB  the providers file's (ODS) ICB, unless data/nhs_talking_therapies_provider_
                   icb_2024_25.csv names another (set by hand from the provider's name, postcode
                   and town); a provider open during 2024-25 must end under an ICB of 2024-25.
The script stops with a message when a check fails. With --check it writes
nothing and fails when the two files differ from what it builds.
"""
import csv
import gzip
import io
import re
import sys

PROVIDERS = "data/nhs_talking_therapies_providers.csv"
STATISTICS = "data/nhs_talking_therapies_annual_2024_25.csv.gz"
SUB_ICBS = "data/nhs_talking_therapies_sub_icb_locations.csv"
PROVIDER_ICBS = "data/nhs_talking_therapies_provider_icb_2024_25.csv"
COLUMNS = ["org_code", "org_name", "org_type", "parent_code", "valid_from", "valid_to", "successor_code"]
TYPE_ORDER = {"region": 0, "icb": 1, "sub_icb": 2, "provider": 3}
YEAR_START = "2024-04-01"

# Published at the sub-ICB level but not sub-ICB locations: NHS England's
# commissioning hubs. Left out.
NOT_SUB_ICB_LOCATIONS = {
    "13Q": "NATIONAL COMMISSIONING HUB 1",
    "14R": "EAST OF ENGLAND - H&J COMMISSIONING HUB",
}

# The services of the seed documents, by the provider code that publishes
# their statistics (the reason for each is in data/README.md).
LONDON_SERVICE_PROVIDERS = {
    "RV3L8": "Kensington and Chelsea",
    "RKL14": "Hammersmith and Fulham",
    "RV3CH": "Brent",
    "RQYMI": "Merton",
    "AME01": "Bexley",
    "RV5CH": "Lewisham",
    "RQX": "City and Hackney",
    "RNK02": "City and Hackney",
    "DH0": "City and Hackney",
}
LONDON_REGION = "Y56"


def fail(message):
    sys.exit(f"tools/org_hierarchy.py: {message}")


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def read_statistics():
    """The organisations the 2024-25 statistics name, (org_type, org_code) ->
    org_name, and the counts of each region and ICB, (org_type, org_code) ->
    {(variable_type, variable_a, variable_b, measure_name): count or None}."""
    names, counts = {}, {}
    with gzip.open(STATISTICS, "rt", newline="") as f:
        for r in csv.DictReader(f):
            key = (r["org_type"], r["org_code"])
            names.setdefault(key, r["org_name"])
            if r["org_type"] in ("ICB", "Commissioning Region") and r["measure_statistic"] == "count":
                value = None if r["value"] in ("", "*") else float(r["value"])
                counts.setdefault(key, {})[(r["variable_type"], r["variable_a"], r["variable_b"],
                                            r["measure_name"])] = value
    return names, counts


def icb_regions(counts):
    """ICB -> region: every partition of the ICBs into the regions under
    which, for every count published for every region and ICB, a region's
    count minus the sum of its ICBs' lies between 0 and the UNKNOWN ICB's
    count, give or take the rounding (each count is rounded to 5: off by at
    most 2.5). A depth-first search, largest ICB first; a region's partial
    sum above its count ends a branch, as counts are not negative."""
    icbs = sorted(c for t, c in counts if t == "ICB" and c != "UNKNOWN")
    regions = sorted(c for t, c in counts if t == "Commissioning Region" and c != "UNKNOWN")
    unknown = counts.get(("ICB", "UNKNOWN"), {})
    keys = sorted(k for k in counts[("Commissioning Region", regions[0])]
                  if unknown.get(k) is not None
                  and all(counts[("ICB", i)].get(k) is not None for i in icbs)
                  and all(counts[("Commissioning Region", g)].get(k) is not None for g in regions))
    icb_counts = {i: [counts[("ICB", i)][k] for k in keys] for i in icbs}
    region_counts = {g: [counts[("Commissioning Region", g)][k] for k in keys] for g in regions}
    unknown_counts = [unknown[k] for k in keys]
    size = keys.index(("Total", "", "", "referrals_received"))
    order = sorted(icbs, key=lambda i: -icb_counts[i][size])
    found = []
    sums = {g: [0.0] * len(keys) for g in regions}
    members = {g: 0 for g in regions}
    assigned = {}

    def search(n):
        if len(found) > 1:
            return
        if n == len(order):
            if all(-2.5 * (members[g] + 1) <= region_counts[g][j] - sums[g][j]
                   <= unknown_counts[j] + 2.5 * (members[g] + 1)
                   for g in regions for j in range(len(keys))):
                found.append(dict(assigned))
            return
        icb = order[n]
        for g in regions:
            added = [s + v for s, v in zip(sums[g], icb_counts[icb])]
            if all(a <= c + 2.5 * (members[g] + 2) for a, c in zip(added, region_counts[g])):
                before, sums[g] = sums[g], added
                members[g] += 1
                assigned[icb] = g
                search(n + 1)
                del assigned[icb]
                members[g] -= 1
                sums[g] = before

    search(0)
    if len(found) != 1:
        fail(f"{len(found)} partitions of the ICBs into regions fit the 2024-25 counts, not one")
    return found[0], len(keys)


def sub_icb_parents(sub_icbs, icb_names):
    """Sub-ICB code -> (name, ICB code) from the name "NHS X ICB - code"."""
    by_name = {}
    for code, name in icb_names.items():
        by_name[re.sub(r" INTEGRATED CARE BOARD$", "", name.upper())] = code
    parents = {}
    for s in sub_icbs:
        code, name = s["org_code"], s["org_name"]
        if code in NOT_SUB_ICB_LOCATIONS:
            if name != NOT_SUB_ICB_LOCATIONS[code]:
                fail(f"{SUB_ICBS}: {code} is named {name!r}, not {NOT_SUB_ICB_LOCATIONS[code]!r}")
            continue
        m = re.fullmatch(r"(.*) ICB - (\w+)", name)
        if not m or m.group(2) != code or m.group(1).upper() not in by_name:
            fail(f"{SUB_ICBS}: the name of {code}, {name!r}, names no ICB of the 2024-25 statistics")
        parents[code] = (name, by_name[m.group(1).upper()])
    without = sorted(set(icb_names) - {icb for _, icb in parents.values()})
    if without:
        fail(f"ICBs of the 2024-25 statistics without a sub-ICB location: {without}")
    return parents


def row(code, name, org_type, parent="", valid_from="", valid_to=""):
    return {"org_code": code, "org_name": name, "org_type": org_type, "parent_code": parent,
            "valid_from": valid_from, "valid_to": valid_to, "successor_code": ""}


def build_hierarchy(providers, names, counts, sub_icbs, provider_icbs):
    region_names = {c: n for (t, c), n in names.items() if t == "Commissioning Region" and c != "UNKNOWN"}
    icb_names = {c: n for (t, c), n in names.items() if t == "ICB" and c != "UNKNOWN"}
    # ODS's names (mixed case) where the providers file has the organisation.
    for p in providers:
        if p["region_code"] in region_names:
            region_names[p["region_code"]] = p["region_name"]
        if p["icb_code"] in icb_names:
            icb_names[p["icb_code"]] = p["icb_name"]
    regions, measures = icb_regions(counts)
    ods_regions = {p["icb_code"]: p["region_code"] for p in providers if p["icb_code"] in icb_names}
    disagree = sorted(i for i, g in ods_regions.items() if regions[i] != g)
    if disagree:
        fail(f"the counts place ICBs in other regions than ODS does: {disagree}")
    print(f"ICB -> region: the one partition fitting {measures} published counts; "
          f"agrees with ODS for {len(ods_regions)} ICBs, places {len(icb_names) - len(ods_regions)} more",
          file=sys.stderr)
    orgs = {}
    for code, name in region_names.items():
        orgs[code] = row(code, name, "region")
    for code, name in icb_names.items():
        orgs[code] = row(code, name, "icb", regions[code])
    for code, (name, icb) in sub_icb_parents(sub_icbs, {c: names[("ICB", c)] for c in icb_names}).items():
        if code in orgs:
            fail(f"sub-ICB code {code} is also the code of a {orgs[code]['org_type']}")
        orgs[code] = row(code, name, "sub_icb", icb)
    codes = {p["org_code"] for p in providers}
    override = {}
    for o in provider_icbs:
        if o["org_code"] not in codes or o["icb_code"] not in icb_names or o["org_code"] in override:
            fail(f"{PROVIDER_ICBS}: {o['org_code']} -> {o['icb_code']}: not a provider of {PROVIDERS} "
                 "and an ICB of the 2024-25 statistics, once")
        override[o["org_code"]] = o["icb_code"]
    for p in providers:
        code = p["org_code"]
        if code in orgs:
            fail(f"provider code {code} is also the code of a {orgs[code]['org_type']}")
        icb = override.get(code, p["icb_code"])
        open_in_year = not p["end_date"] or p["end_date"] >= YEAR_START
        if icb not in icb_names:
            if open_in_year:
                fail(f"provider {code} is open in 2024-25 but its ICB {icb!r} is not one of 2024-25: "
                     f"add it to {PROVIDER_ICBS}")
            icb = ""
        orgs[code] = row(code, p["org_name"], "provider", icb, p["start_date"], p["end_date"])
    missing = [code for (t, code) in names if t == "Provider" and code not in orgs]
    if missing:
        fail(f"providers in the statistics but not in {PROVIDERS}: {missing}")
    return sorted(orgs.values(), key=lambda r: (TYPE_ORDER[r["org_type"]], r["org_code"]))


def london_extract(hierarchy):
    by_code = {r["org_code"]: r for r in hierarchy}
    # The demo's providers, the London region, its ICBs and their sub-ICB locations.
    wanted = set(LONDON_SERVICE_PROVIDERS) | {LONDON_REGION}
    icbs = {r["org_code"] for r in hierarchy if r["org_type"] == "icb" and r["parent_code"] == LONDON_REGION}
    wanted |= icbs
    wanted |= {r["org_code"] for r in hierarchy if r["org_type"] == "sub_icb" and r["parent_code"] in icbs}
    # Every parent of a chosen row, so that each parent_code resolves in the file.
    frontier = list(wanted)
    while frontier:
        parent = by_code[frontier.pop()]["parent_code"]
        if parent and parent not in wanted:
            wanted.add(parent)
            frontier.append(parent)
    return [r for r in hierarchy if r["org_code"] in wanted]


def csv_text(rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def main():
    check = sys.argv[1:] == ["--check"]
    if sys.argv[1:] and not check:
        sys.exit("usage: tools/org_hierarchy.py [--check]")
    names, counts = read_statistics()
    hierarchy = build_hierarchy(read_csv(PROVIDERS), names, counts, read_csv(SUB_ICBS), read_csv(PROVIDER_ICBS))
    stale = []
    for path, rows in (("data/org_hierarchy.csv", hierarchy), ("data/london_organisations.csv", london_extract(hierarchy))):
        text = csv_text(rows)
        if check:
            with open(path, newline="") as f:
                if f.read() != text:
                    stale.append(path)
        else:
            with open(path, "w", newline="") as f:
                f.write(text)
    if stale:
        fail(f"{', '.join(stale)} differ from what data/ builds: run tools/org_hierarchy.py")


if __name__ == "__main__":
    main()
