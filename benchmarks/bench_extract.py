#!/usr/bin/env python3
"""Time the whole pipeline next to bare pdfplumber `extract_text` on the same PDFs, in one run.

    python3 benchmarks/bench_extract.py [PDF ...]      (default: samples/*.pdf and ../shared/dev/pdf/*.pdf)

Each side runs in its own child process (so peak memory is that side's alone), warmed up on the first file,
then times one pass over all files. The two sides take turns for `--repeat` rounds and each keeps its best round,
so a busy moment on a shared machine hits both alike. Also times a cold `minutes extract` (start-up included),
best of three. Prints pages/s, seconds per document and peak RSS for both, and the ratio.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
mode, files = sys.argv[1], [Path(p) for p in sys.argv[2:]]
if mode == "pdfplumber":
    import pdfplumber
    def run(path):
        with pdfplumber.open(path) as pdf:
            return len(pdf.pages), sum(len(p.extract_text() or "") for p in pdf.pages)
else:
    from pipeline.extract import extract_file, warm_up
    warm_up()
    def run(path):
        rec = extract_file(path, ocr="never")
        return rec.source.pages, len(rec.text)
run(files[0])  # warm-up: imports, model load, gazetteers
pages = 0
t = time.perf_counter()
for f in files:
    pages += run(f)[0]
elapsed = time.perf_counter() - t
print(json.dumps({"pages": pages, "docs": len(files), "seconds": elapsed,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(mode: str, files: list[Path]) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, mode, *map(str, files)], check=True,
                         capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def best(rounds: list[dict]) -> dict:
    fastest = min(rounds, key=lambda r: r["seconds"])
    return {**fastest, "peak_rss_mb": max(r["peak_rss_mb"] for r in rounds)}


def cold_cli(pdf: Path) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        subprocess.run(["minutes", "extract", str(pdf), "--ocr", "never", "-o", f"{tmp}/out.json"], check=True)
        return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    files = args.pdfs or sorted(ROOT.glob("samples/*.pdf")) + sorted((ROOT.parent / "shared/dev/pdf").glob("*.pdf"))
    if not files:
        sys.exit("no PDFs given and none found in samples/ or ../shared/dev/pdf")
    print(f"{len(files)} PDFs, best of {args.repeat} alternating rounds")
    rounds = {"pdfplumber": [], "pipeline": []}
    for _ in range(args.repeat):
        for mode, results in rounds.items():
            results.append(measure(mode, files))
    base, pipe = best(rounds["pdfplumber"]), best(rounds["pipeline"])
    for name, r in (("pdfplumber extract_text", base), ("minutes pipeline", pipe)):
        print(f"{name:24s} {r['pages'] / r['seconds']:7.1f} pages/s  {r['seconds'] / r['docs'] * 1000:7.1f} ms/doc  "
              f"peak RSS {r['peak_rss_mb']:6.0f} MB")
    print(f"pipeline / pdfplumber time: {pipe['seconds'] / base['seconds']:.2f}x")
    print(f"cold `minutes extract` (start-up + one file), best of 3: {min(cold_cli(files[0]) for _ in range(3)):.2f} s")


if __name__ == "__main__":
    main()
