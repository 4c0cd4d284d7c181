#!/usr/bin/env python3
"""Build data/org_hierarchy.csv and data/london_organisations.csv.

Reads only files in data/ (run from the repository root):
  data/nhs_talking_therapies_providers.csv       providers with the ICB and region ODS states
  data/nhs_talking_therapies_annual_2024_25.csv.gz   the organisations the 2024-25 statistics name

A parent is written only where a source states it: a provider's ICB and an
ICB's region come from the providers file (the Organisation Data Service
relationships). The statistics name ICBs and regions but say nothing of who
belongs to whom, so an ICB seen only there has no parent. Neither source has
sub-ICB locations for 2024-25, so there are no sub_icb rows. See data/README.md.
"""
import csv
import gzip
import sys

PROVIDERS = "data/nhs_talking_therapies_providers.csv"
STATISTICS = "data/nhs_talking_therapies_annual_2024_25.csv.gz"
COLUMNS = ["org_code", "org_name", "org_type", "parent_code", "valid_from", "valid_to", "successor_code"]
TYPE_ORDER = {"region": 0, "icb": 1, "sub_icb": 2, "provider": 3}

# The services of the seed documents, by the provider code that publishes
# their statistics (the reason for each is in data/README.md).
LONDON_SERVICE_PROVIDERS = {
    "RV3L8": "Kensington and Chelsea",
    "RKL14": "Hammersmith and Fulham",
    "RV3CH": "Brent",
    "RQYMI": "Merton",
    "AME01": "Bexley",
    "RV5CH": "Lewisham",
    "RNK02": "City and Hackney",
    "DH0": "City and Hackney",
}
LONDON_REGION = "Y56"


def read_providers():
    with open(PROVIDERS, newline="") as f:
        return list(csv.DictReader(f))


def read_statistics_organisations():
    """(org_type, org_code) -> org_name as the 2024-25 statistics spell them."""
    found = {}
    with gzip.open(STATISTICS, "rt", newline="") as f:
        for row in csv.DictReader(f):
            found.setdefault((row["org_type"], row["org_code"]), row["org_name"])
    return found


def row(code, name, org_type, parent="", valid_from="", valid_to=""):
    return {"org_code": code, "org_name": name, "org_type": org_type, "parent_code": parent,
            "valid_from": valid_from, "valid_to": valid_to, "successor_code": ""}


def build_hierarchy(providers, statistics):
    orgs = {}
    # Regions and ICBs as ODS states them through the providers file.
    for p in providers:
        if p["region_code"]:
            orgs.setdefault(p["region_code"], row(p["region_code"], p["region_name"], "region"))
        if p["icb_code"]:
            orgs.setdefault(p["icb_code"], row(p["icb_code"], p["icb_name"], "icb", p["region_code"]))
    # Regions and ICBs the statistics publish and the providers file lacks:
    # named, without a parent. 'UNKNOWN' is a bucket, not an organisation.
    published_type = {"Commissioning Region": "region", "ICB": "icb", "CCG": "sub_icb"}
    for (stat_type, code), name in statistics.items():
        if stat_type in published_type and code != "UNKNOWN":
            orgs.setdefault(code, row(code, name, published_type[stat_type]))
    for p in providers:
        orgs[p["org_code"]] = row(p["org_code"], p["org_name"], "provider", p["icb_code"],
                                  p["start_date"], p["end_date"])
    missing = [code for (t, code) in statistics if t == "Provider" and code not in orgs]
    if missing:
        sys.exit(f"providers in the statistics but not in {PROVIDERS}: {missing}")
    return sorted(orgs.values(), key=lambda r: (TYPE_ORDER[r["org_type"]], r["org_code"]))


def london_extract(hierarchy):
    by_code = {r["org_code"]: r for r in hierarchy}
    wanted = set(LONDON_SERVICE_PROVIDERS)
    # The London region and its ICBs: those ODS places in London, and the
    # ICBs the statistics publish with London in their name (no parent known).
    wanted.add(LONDON_REGION)
    for r in hierarchy:
        if r["org_type"] == "icb" and (r["parent_code"] == LONDON_REGION or
                                       (r["parent_code"] == "" and "LONDON" in r["org_name"].upper())):
            wanted.add(r["org_code"])
    # Every parent of a chosen row, so that each parent_code resolves in the file.
    frontier = list(wanted)
    while frontier:
        parent = by_code[frontier.pop()]["parent_code"]
        if parent and parent not in wanted:
            wanted.add(parent)
            frontier.append(parent)
    return [r for r in hierarchy if r["org_code"] in wanted]


def write(path, rows):
    with open(path, "w", newline="") as f:
        out = csv.DictWriter(f, COLUMNS, lineterminator="\n")
        out.writeheader()
        out.writerows(rows)


def main():
    hierarchy = build_hierarchy(read_providers(), read_statistics_organisations())
    write("data/org_hierarchy.csv", hierarchy)
    write("data/london_organisations.csv", london_extract(hierarchy))


if __name__ == "__main__":
    main()
