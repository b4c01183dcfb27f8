#!/usr/bin/env python3
"""Build pipeline/data/places.json from shared/data/kommuner (SSB KLASS 131 facts).

    python3 scripts/build_gazetteer.py [--src ../shared/data/kommuner] [--out pipeline/data/places.json]

Each municipality and county period becomes one entry: the name as used in running text (SSB's
disambiguating "(Vestfold)" moved to `qualifier`), other official forms (Sami, Kven), the official number
and its validity period.
"""
import argparse
import csv
import json
from pathlib import Path


def split_name(name: str) -> tuple[str, str | None]:
    if name.endswith(")") and " (" in name:
        base, _, qual = name[:-1].partition(" (")
        return base, qual
    return name, None


def build(src: Path) -> dict:
    municipalities = []
    with open(src / "kommuner.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            base, qual = split_name(row["name"])
            municipalities.append({
                "number": row["number"], "name": base, "qualifier": qual,
                "other_names": [n for n in (row["name_sme"] or "").split(";") if n] + ([row["name_nn"]] if row["name_nn"] else []),
                "county": row["county_number"], "valid_from": row["valid_from"], "valid_to": row["valid_to"] or None,
            })
    counties = []
    with open(src / "fylker.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            counties.append({"number": row["number"], "name": row["name"], "valid_from": row["valid_from"],
                             "valid_to": row["valid_to"] or None})
    return {"source": "SSB KLASS 131 via shared/data/kommuner", "municipalities": municipalities, "counties": counties}


def main() -> None:
    here = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=here.parent / "shared" / "data" / "kommuner")
    ap.add_argument("--out", type=Path, default=here / "pipeline" / "data" / "places.json")
    args = ap.parse_args()
    data = build(args.src)
    args.out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(data['municipalities'])} municipality periods, {len(data['counties'])} county periods")


if __name__ == "__main__":
    main()
