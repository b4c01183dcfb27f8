#!/usr/bin/env python3
"""Rebuild the PDFs of the evaluation corpus, samples/corpus/ and samples/real/ (gold files in the repo, PDFs not).

    python3 scripts/build_corpus.py [--out /tmp/minutes-corpus] [--shared ../shared]

- written-a, written-b, written-c (minutes written for this project by people who never saw the code) and converted-a,
  converted-b (real minutes from public web pages, as text): each text is rendered to a born-digital PDF (and the
  ids in scans.txt also to a scanned-looking one) with shared/tools/render.py.
- samples/real: PDFs from public repositories, taken from the repository, path and commit that its SOURCES.md gives
  (needs git and the network; the files are not ours to redistribute).

Then score any set:  minutes eval samples/corpus/written-a/gold OUT/written-a/pdf
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "samples" / "corpus"
REAL = ROOT / "samples" / "real"


def render_written(name: str, out: Path, shared: Path) -> None:
    render = shared / "tools" / "render.py"
    scans = set((CORPUS / name / "scans.txt").read_text(encoding="utf-8").split())
    for text in sorted((CORPUS / name / "text").glob("*.txt")):
        pdf = out / name / "pdf" / f"{text.stem}.pdf"
        pdf.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(render), "text", str(text), str(pdf)], check=True)
        if text.stem in scans:
            scan = out / name / "pdf-scan" / pdf.name
            scan.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run([sys.executable, str(render), "scan", str(pdf), str(scan)], check=True)


def real_sources() -> list[tuple[str, str, str, str]]:
    """(id, owner/repo, path, commit) of every row of real/SOURCES.md."""
    rows = []
    for line in (REAL / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.split(" | ")]
        if len(cells) >= 4 and "/" in cells[1] and cells[0] != "id":
            rows.append((cells[0], cells[1], cells[2], cells[3].split()[0]))
    return rows


def fetch_real(out: Path, mirror: Path | None = None) -> None:
    """The real PDFs at their commits: from a local mirror of the repositories (<mirror>/<owner>+<name>/repo, a
    bare git directory) where there is one, else cloned from GitHub."""
    target = out / "real" / "pdf"
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        clones: dict[str, Path] = {}
        for doc_id, repo, path, commit in real_sources():
            mirrored = mirror / repo.replace("/", "+") / "repo" if mirror else None
            if repo not in clones and mirrored and mirrored.is_dir():
                clones[repo] = mirrored
            if repo not in clones:
                clones[repo] = Path(tmp) / repo.replace("/", "+")
                subprocess.run(["git", "clone", "--quiet", "--bare", f"https://github.com/{repo}.git",
                                str(clones[repo])], check=True)
            data = subprocess.run(["git", f"--git-dir={clones[repo]}", "show", f"{commit}:{path}"],
                                  check=True, capture_output=True).stdout
            (target / f"{doc_id}.pdf").write_bytes(data)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "minutes-corpus")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--no-real", action="store_true", help="skip the PDFs that must be fetched")
    ap.add_argument("--only-real", action="store_true", help="fetch the real PDFs, render nothing")
    ap.add_argument("--mirror", type=Path, help="folder of bare git mirrors (<owner>+<name>/repo) to take the real "
                                                "PDFs from instead of cloning")
    ap.add_argument("--sets", nargs="*", help="render only these sets (default: every set under samples/corpus)")
    args = ap.parse_args()
    sets = args.sets or sorted(p.name for p in CORPUS.iterdir() if (p / "text").is_dir())
    for name in [] if args.only_real else sets:
        render_written(name, args.out, args.shared)
    if not args.no_real:
        fetch_real(args.out, args.mirror)
    print(f"corpus PDFs in {args.out}")


if __name__ == "__main__":
    main()
