#!/usr/bin/env python3
"""Build pipeline/data/territories.json: the bokmål and nynorsk names of the world's countries and regions
("Tyskland", "Sør-Amerika", "Aust-Asia") from the Unicode CLDR, as shipped by the `babel` package.

    pip install babel && python3 scripts/build_territories.py [--out pipeline/data/territories.json]

The NER's place-name feature (pipeline/nlp.py) marks these names; only the names go into the project.
"""
import argparse
import json
from pathlib import Path


def build() -> dict:
    import babel
    from babel import Locale

    countries, regions = set(), set()
    for code in ("nb", "nn"):
        for key, name in Locale.parse(code).territories.items():
            if name[:1].isupper():  # "verden" is no name
                (regions if key.isdigit() else countries).add(name)
    return {"source": f"Unicode CLDR via babel {babel.__version__}", "countries": sorted(countries),
            "regions": sorted(regions - countries)}


def main() -> None:
    here = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=here / "pipeline" / "data" / "territories.json")
    args = ap.parse_args()
    data = build()
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(data['countries'])} country names, {len(data['regions'])} region names")


if __name__ == "__main__":
    main()
