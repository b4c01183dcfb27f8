#!/usr/bin/env python3
"""Batch throughput with 1 and 2 workers on a generated corpus of Norwegian minutes.

  python benchmarks/bench_batch.py [--files 200] [--corpus DIR] [--workers 1,2] [--scanned-pages N] [--json]

Generates --files PDFs (1-4 pages, text layer) into DIR (a temp folder unless given; kept PDFs are reused), or
with --scanned-pages one scanned volume of N pages (no text layer: every page is OCRed, by page across workers),
runs `minutes batch` in-process once per worker count into a fresh output folder, and prints files/s,
pages/s, the speed-up over one worker, the peak resident memory of a worker and the workers' CPU time. Times
are wall clock from the first worker start to the last record written (hashing the inputs excluded); on a
shared machine compare them with the load average printed beside them.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT_DIR))  # this checkout's pipeline, not an installed copy

from pipeline.batch import Options, run_batch

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
PLACES = ["Bærum", "Asker", "Drammen", "Lier", "Røyken", "Hurum", "Ringerike", "Hole", "Jevnaker", "Modum",
          "Øvre Eiker", "Nedre Eiker", "Kongsberg", "Tromsø", "Ålesund", "Levanger", "Steinkjer", "Gloppen"]
BODIES = ["Formannskapet", "Kommunestyret", "Hovedutvalg for oppvekst", "Kontrollutvalget", "Eldrerådet"]
PEOPLE = ["Kari Nordmann", "Ola Hansen", "Åse Østby", "Per Ødegård", "Lise Berg", "Nils Ærø", "Ingrid Dahl",
          "Trond Lie", "Marit Haugen", "Bjørn Solberg", "Siri Moen", "Arne Bakke"]
TOPICS = ["Økonomiplan {y}–{z} og budsjett {y}", "Reguleringsplan for {p} sentrum", "Skolebehovsplan for {p}",
          "Tilskudd til frivillige lag og foreninger", "Barnehagedekning i {p}", "Vann- og avløpsgebyrer {y}",
          "Interkommunalt samarbeid om legevakt", "Salg av kommunal tomt på {p}", "Klimaplan for {p} kommune",
          "Årsmelding og regnskap for {y}", "Trafikksikkerhetsplan {y}–{z}", "Bygging av ny idrettshall i {p}"]
SENTENCES = ["Rådmannen viser til saksutredningen og anbefaler at forslaget vedtas.",
             "Saken ble drøftet, og flere representanter hadde innlegg.",
             "Kostnaden er beregnet til kr {a} inkludert merverdiavgift.",
             "Det vises til brev fra {p} kommune datert {d}. {m} {y}.",
             "Administrasjonen bes legge fram en ny vurdering innen {d}. {m}.",
             "{n} fremmet følgende forslag på vegne av flertallet.",
             "Det ble stemt over innstillingen, som ble vedtatt med {v} mot {w} stemmer."]
MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "august", "september", "oktober", "november"]


def minutes_text(rnd: random.Random, n: int) -> list[str]:
    year = rnd.randint(2008, 2022)
    place, body = rnd.choice(PLACES), rnd.choice(BODIES)
    fill = dict(y=year, z=year + 3, p=place)
    lines = [f"MØTEPROTOKOLL {body.upper()} – {place.upper()} KOMMUNE", "",
             f"Møtedato: {rnd.randint(1, 28):02d}.{rnd.randint(1, 12):02d}.{year}",
             f"Møtested: {place} rådhus", f"Fra - til: 17:00 - {rnd.randint(18, 22)}:30", "", "Møtende medlemmer:"]
    lines += [f"{name}, leder" if i == 0 else name for i, name in enumerate(rnd.sample(PEOPLE, 6))]
    lines += ["", "Forfall:", rnd.choice(PEOPLE), ""]
    for seq in range(1, rnd.randint(2, 12)):
        lines += [f"PS {seq}/{year % 100:02d} {rnd.choice(TOPICS).format(**fill)}", ""]
        for _ in range(rnd.randint(3, 9)):
            lines.append(rnd.choice(SENTENCES).format(
                a=f"{rnd.randint(10, 9999)} {rnd.randint(0, 999):03d}", p=rnd.choice(PLACES), d=rnd.randint(1, 28),
                m=rnd.choice(MONTHS), y=year, n=rnd.choice(PEOPLE), v=rnd.randint(10, 30), w=rnd.randint(1, 9)))
        lines += ["", "Vedtak:", rnd.choice(["Innstillingen ble enstemmig vedtatt.", "Saken utsettes."]), ""]
    lines.append(f"Protokollen er godkjent. Møtebok nr. {n}.")
    return lines


def write_pdf(path: Path, lines: list[str]) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    y = 770
    c.setFont("Body", 10)
    for line in lines:
        if y < 70:
            c.showPage()
            c.setFont("Body", 10)
            y = 770
        c.drawString(60, y, line)
        y -= 14
    c.showPage()
    c.save()


def make_corpus(folder: Path, files: int, seed: int = 7) -> list[Path]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("Body", FONT))
    folder.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(seed)
    paths = []
    for n in range(files):
        path = folder / f"{n // 50:02d}" / f"minutes-{n:04d}.pdf"
        lines = minutes_text(rnd, n)
        if not path.exists():
            path.parent.mkdir(exist_ok=True)
            write_pdf(path, lines)
        paths.append(path)
    return paths


def make_scanned_volume(folder: Path, pages: int) -> None:
    from tests import scans

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"scanned-volume-{pages}.pdf"
    if not path.exists():
        path.write_bytes(scans.make_pdf([scans.scan_page(scans.MINUTES[i % len(scans.MINUTES)], seed=i)
                                         for i in range(pages)]))


def run(corpus: Path, workers: int, scratch: Path) -> dict:
    marks = {}
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    summary = run_batch(corpus, scratch / f"out-{workers}", Options(workers=workers, timeout=600),
                        on_plan=lambda plan: marks.setdefault("start", time.monotonic()))
    seconds = time.monotonic() - marks["start"]
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the workers, reaped at the end of the run
    cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    if summary.failed:
        raise SystemExit(f"{summary.failed} files failed with {workers} workers; see {scratch}/out-{workers}")
    return {"workers": workers, "files": summary.done, "pages": summary.pages, "seconds": round(seconds, 1),
            "files_per_s": round(summary.done / seconds, 2), "pages_per_s": round(summary.pages / seconds, 2),
            "peak_worker_mb": round(summary.peak_worker_mb), "worker_cpu_s": round(cpu, 1),
            "load_avg_1min": round(os.getloadavg()[0], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--corpus", type=Path, help="where the generated PDFs go (reused when present)")
    parser.add_argument("--workers", default="1,2", help="worker counts to compare, comma-separated")
    parser.add_argument("--scanned-pages", type=int, default=0, help="one scanned volume of this many pages instead")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON list")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        corpus = args.corpus or Path(tmp) / "corpus"
        if args.scanned_pages:
            make_scanned_volume(corpus, args.scanned_pages)
        else:
            make_corpus(corpus, args.files)
        results = [run(corpus, int(w), Path(tmp)) for w in args.workers.split(",")]
    base = results[0]["seconds"]
    for r in results:
        r["speedup"] = round(base / r["seconds"], 2)
        print(f"{r['workers']} worker(s): {r['files']} files, {r['pages']} pages in {r['seconds']} s = "
              f"{r['files_per_s']} files/s, {r['pages_per_s']} pages/s, x{r['speedup']}, "
              f"peak {r['peak_worker_mb']} MB per worker, {r['worker_cpu_s']} s worker CPU, "
              f"load {r['load_avg_1min']}", file=sys.stdout if not args.json else sys.stderr)
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
