#!/usr/bin/env python3
"""Per-page time of each stage as a document grows: the pages of a PDF repeated 1, 2, 4 and 8 times.

    python3 benchmarks/bench_scaling.py [PDF]      (default: the sample in samples/)

A linear stage keeps its milliseconds per page flat down the column; the last column is the per-page time at the
largest size over that at the smallest, in this same run (1.0 is linear; a quadratic stage doubles with each row).
Best of three rounds per size, so a busy moment on a shared machine does not read as growth.
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

ROOT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT_DIR))  # this checkout's pipeline, not an installed copy

from pipeline.cases import find_cases
from pipeline.entities import extract_entities
from pipeline.extract import build_record, warm_up
from pipeline.meeting import read_meeting
from pipeline.nlp import ner_spans
from pipeline.participants import read_participants
from pipeline.pdf import Limits, extract_pages, read_pdf_bytes
from pipeline.zones import document_from_pages

ROOT = Path(__file__).resolve().parent.parent


def stage_times(pages) -> dict[str, float]:
    times = {}

    def timed(name, fn, *args):
        t = time.perf_counter()
        out = fn(*args)
        times[name] = time.perf_counter() - t
        return out

    doc = timed("zones", document_from_pages, pages)
    cases = timed("cases", find_cases, doc)
    info = timed("meeting", read_meeting, doc, [c.year for c in cases if c.year])
    people = timed("participants", read_participants, doc)
    spans = timed("ner", ner_spans, doc.text)
    timed("entities", extract_entities, doc.text, people, info.date, None, spans, info.body, info.organization)
    timed("record", build_record, pages, "bench.pdf", "0" * 64)
    return times


def repeated(pages, times: int):
    out = []
    for _ in range(times):
        out += [dataclasses.replace(p, number=len(out) + 1) for p in pages]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf", nargs="?", default=str(next((ROOT / "samples").glob("*.pdf"))))
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    base = extract_pages(read_pdf_bytes(Path(args.pdf), Limits()), args.pdf, ocr="never")
    warm_up()
    rows = []
    for factor in (1, 2, 4, 8):
        pages = repeated(base, factor)
        best: dict[str, float] = {}
        for _ in range(args.rounds):
            for name, seconds in stage_times(pages).items():
                best[name] = min(best.get(name, seconds), seconds)
        rows.append((len(pages), {k: 1000 * v / len(pages) for k, v in best.items()}))
    names = list(rows[0][1])
    print(f"{Path(args.pdf).name}: milliseconds per page, best of {args.rounds} ('record' is the whole build)")
    print(f"{'pages':>6} " + " ".join(f"{n:>12}" for n in names))
    for count, per_page in rows:
        print(f"{count:>6} " + " ".join(f"{per_page[n]:>12.2f}" for n in names))
    print(f"{'growth':>6} " + " ".join(f"{rows[-1][1][n] / max(rows[0][1][n], 1e-9):>11.2f}x" for n in names))


if __name__ == "__main__":
    main()
