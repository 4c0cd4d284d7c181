#!/usr/bin/env bash
# The organisation hierarchy of 2024-25 (data/org_hierarchy.csv and the
# demo's data/london_organisations.csv) is what tools/org_hierarchy.py builds
# from the files in data/, holds together, and places the organisations of
# issue #26 right; the builder refuses inputs that do not fit. No server.
set -euo pipefail
cd "$(dirname "$0")/../.."
passed=0
python3 tools/org_hierarchy.py --check 2>/dev/null
echo "ok - data/org_hierarchy.csv and data/london_organisations.csv are what tools/org_hierarchy.py builds"
passed=$((passed + 1))

# Each line printed is one check passed; a failed check stops with "not ok".
checks=$(python3 - <<'EOF'
import csv, gzip, sys

def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))

def check(ok, what):
    if not ok:
        print(f"not ok - {what}")
        sys.exit(1)
    print(f"ok - {what}")

h = rows("data/org_hierarchy.csv")
by = {r["org_code"]: r for r in h}
count = {t: sum(r["org_type"] == t for r in h) for t in ("region", "icb", "sub_icb", "provider")}
check(count == {"region": 7, "icb": 42, "sub_icb": 106, "provider": 233} and len(by) == len(h),
      f"7 regions, 42 ICBs, 106 sub-ICB locations and 233 providers, each code once ({count})")
parent_type = {"provider": "icb", "sub_icb": "icb", "icb": "region", "region": None}
wrong = [r["org_code"] for r in h if r["parent_code"] and by.get(r["parent_code"], {}).get("org_type") != parent_type[r["org_type"]]]
check(not wrong, f"every parent is in the file and of the level above (wrong: {wrong})")
check(all(r["parent_code"] for r in h if r["org_type"] in ("icb", "sub_icb")),
      "every ICB has a region and every sub-ICB location an ICB")
open_without = [r["org_code"] for r in h if r["org_type"] == "provider" and not r["parent_code"]
                and (not r["valid_to"] or r["valid_to"] >= "2024-04-01")]
check(not open_without, f"every provider open during 2024-25 has an ICB (without: {open_without})")
published = set()
with gzip.open("data/nhs_talking_therapies_annual_2024_25.csv.gz", "rt", newline="") as f:
    for r in csv.DictReader(f):
        if r["org_type"] in ("Commissioning Region", "ICB", "Provider") and r["org_code"] != "UNKNOWN":
            published.add(r["org_code"])
check(published <= set(by), f"every region, ICB and provider of the 2024-25 statistics is a row (missing: {sorted(published - set(by))})")
region = lambda code: by[by[code]["parent_code"]]["parent_code"]
check([(c, by[c]["parent_code"], region(c)) for c in ("RV3L8", "RV3CH")] == [("RV3L8", "QRV", "Y56"), ("RV3CH", "QRV", "Y56")],
      "the CNWL services of Kensington and Chelsea (RV3L8) and Brent (RV3CH) are in North West London (QRV), London (Y56)")
check((by["W2U3Z"]["parent_code"], region("W2U3Z")) == ("QRV", "Y56") and by["W2U3Z"]["org_name"] == "NHS NORTH WEST LONDON ICB - W2U3Z",
      "sub-ICB location W2U3Z is in North West London (QRV), London")
london = rows("data/london_organisations.csv")
lby = {r["org_code"]: r for r in london}
check(lby.get("RQX", {}).get("org_name") == "Homerton Healthcare NHS Foundation Trust" and lby["RQX"]["parent_code"] == "QMF",
      "the demo's extract names RQX (Homerton), in North East London (QMF)")
check(all(not r["parent_code"] or r["parent_code"] in lby for r in london) and all(r == by[r["org_code"]] for r in london),
      "the demo's extract is rows of the hierarchy whose parents it holds")
check(sorted(r["org_code"] for r in london if r["org_type"] == "sub_icb") == ["36L", "72Q", "93C", "A3A8R", "W2U3Z"],
      "the demo's extract holds London's five sub-ICB locations")
EOF
) || { echo "$checks"; exit 1; }
echo "$checks"
passed=$((passed + $(grep -c '^ok' <<<"$checks")))

# The builder refuses what does not fit, naming it (on a copy of data/ and
# the script, so the tree is left as it is).
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
refused() {  # refused WHAT EXPECTED: the copy's build fails, saying EXPECTED
  local out
  if out=$(cd "$scratch" && python3 tools/org_hierarchy.py 2>&1); then
    echo "not ok - $1: built"; exit 1
  fi
  case "$out" in
    *"$2"*) echo "ok - $1 is refused"; passed=$((passed + 1)) ;;
    *) echo "not ok - $1: unexpected message: $out"; exit 1 ;;
  esac
}
fresh() { rm -rf "$scratch/data" "$scratch/tools"; mkdir -p "$scratch/data" "$scratch/tools"; cp data/nhs_talking_therapies_* "$scratch/data/"; cp tools/org_hierarchy.py "$scratch/tools/"; }
fresh
sed -i 's/^RV3L8,QRV,/RV3L8,S1Y5D,/' "$scratch/data/nhs_talking_therapies_provider_icb_2024_25.csv"
refused "a provider placed in an ICB formed after 2024-25" "RV3L8 -> S1Y5D: not a provider"
fresh
sed -i '/^RV3L8,/d' "$scratch/data/nhs_talking_therapies_provider_icb_2024_25.csv"
refused "a provider open in 2024-25 left under a later ICB" "provider RV3L8 is open in 2024-25 but its ICB 'S1Y5D' is not one of 2024-25"
fresh
sed -i 's/^W2U3Z,NHS NORTH WEST LONDON ICB - W2U3Z,/W2U3Z,NHS WEST AND NORTH LONDON ICB - W2U3Z,/' "$scratch/data/nhs_talking_therapies_sub_icb_locations.csv"
refused "a sub-ICB location whose name names no ICB of 2024-25" "the name of W2U3Z, 'NHS WEST AND NORTH LONDON ICB - W2U3Z', names no ICB"
echo "org hierarchy: $passed passed, 0 failed"
