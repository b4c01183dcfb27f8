#!/usr/bin/env python3
"""Build pipeline/data/first_names.txt (given names seen in NorNE person names, bokmål and nynorsk, and the hand list in
scripts/data/given_names.txt) and
pipeline/data/common_words.txt (words NorNE writes in lower case and never inside a person's name).

    python3 scripts/build_names.py [--src ../shared/data/norne] [--out pipeline/data/first_names.txt]

A token counts as a given name when it opens a person name of two or more tokens at least twice and opens
names more often than it closes them (so surnames used alone or last are left out). Only the facts (the
names) go into the project, not the corpus.
"""
import argparse
from collections import Counter
from pathlib import Path


# Common given names that a small news corpus may miss (public knowledge, written by hand in this file)
HAND_LIST = Path(__file__).resolve().parent / "data" / "given_names.txt"


def hand_names() -> set[str]:
    return {w for line in HAND_LIST.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
            for w in line.split()}



def tokens(path: Path):
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) >= 10:
            yield cols[1]


def person_spans(path: Path):
    span: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        tag = cols[-1].removeprefix("name=") if len(cols) >= 10 else "O"
        if tag == "B-PER":
            if span:
                yield span
            span = [cols[1]]
        elif tag == "I-PER" and span:
            span.append(cols[1])
        else:
            if span:
                yield span
            span = []
    if span:
        yield span


def main() -> None:
    here = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=here.parent / "shared" / "data" / "norne")
    ap.add_argument("--out", type=Path, default=here / "pipeline" / "data" / "first_names.txt")
    args = ap.parse_args()
    first, last = Counter(), Counter()
    lower, in_names = Counter(), set()
    for f in sorted(args.src.glob("ndt/*/*.conll")):
        lower.update(t for t in tokens(f) if t.isalpha() and t.islower())
        for span in person_spans(f):
            in_names.update(t.lower() for t in span)
            if len(span) >= 2 and span[0][:1].isupper() and span[0].isalpha():
                first[span[0]] += 1
                last[span[-1]] += 1
    names = sorted({n for n, c in first.items() if c >= 2 and c > last[n] and len(n) > 1} | hand_names())
    args.out.write_text("\n".join(names) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(names)} given names")
    common = sorted(w for w, c in lower.items() if c >= 3 and len(w) > 2 and w not in in_names
                    and w.capitalize() not in names)
    words_out = args.out.with_name("common_words.txt")
    words_out.write_text("\n".join(common) + "\n", encoding="utf-8")
    print(f"{words_out}: {len(common)} common words")


if __name__ == "__main__":
    main()
