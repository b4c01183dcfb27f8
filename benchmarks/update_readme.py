#!/usr/bin/env python3
"""Run the speed benchmarks and write their output into the README's speed section, so the figures there are
what the benchmarks printed on this machine, never typed by hand.

    python3 benchmarks/update_readme.py [--quick]      (--quick: 60 files for the batch benchmark, one round each)

The section is the text between the markers `<!-- speed:begin -->` and `<!-- speed:end -->` in README.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import platform
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BEGIN, END = "<!-- speed:begin -->", "<!-- speed:end -->"


def benchmarks(quick: bool) -> list[list[str]]:
    rounds = ["--repeat", "1"] if quick else []
    return [
        ["bench_extract.py", *rounds],
        ["bench_scaling.py", *(["--rounds", "1"] if quick else [])],
        ["bench_ocr.py"],
        ["bench_batch.py", "--files", "60" if quick else "200"],
        ["bench_batch.py", "--scanned-pages", "6" if quick else "16"],
    ]


def run(args: list[str]) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / args[0]), *args[1:]], cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{args[0]} failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    return done.stdout.strip()


def section(outputs: list[tuple[list[str], str]]) -> str:
    lines = [BEGIN, f"Printed by `python3 benchmarks/update_readme.py` on {dt.date.today().isoformat()} "
                    f"({platform.machine()}, {platform.python_implementation()} {platform.python_version()}):", ""]
    for args, out in outputs:
        lines += [f"`python3 benchmarks/{' '.join(args)}`", "", "```", out, "```", ""]
    return "\n".join(lines + [END])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    outputs = [(bench, run(bench)) for bench in benchmarks(args.quick)]
    text = README.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"README.md has no {BEGIN} ... {END} section")
    text = re.sub(re.escape(BEGIN) + r".*?" + re.escape(END), lambda _: section(outputs), text, flags=re.S)
    README.write_text(text, encoding="utf-8")
    print(section(outputs))


if __name__ == "__main__":
    main()
