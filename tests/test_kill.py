"""`minutes batch` over 200 files, killed with SIGKILL midway (twice) and rerun: in the end exactly one valid
record or error line per input, nothing duplicated, nothing torn, no temp files, no workers left behind."""
from __future__ import annotations

import hashlib
import io
import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

MINUTES = [sys.executable, "-c", "from pipeline.cli import app; app(prog_name='minutes')"]
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
N_INPUTS = 200
BAD = {7: b"", 23: b"not a pdf", 51: b"%PDF-1.4\ntruncated", 88: b"\x89PNG\r\n\x1a\n"}


def small_pdf(n: int) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("Body", FONT))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Body", 10)
    for i, line in enumerate([f"Møteprotokoll nr. {n} for Formannskapet", f"Møtedato: {1 + n % 28}.03.2018",
                              f"PS {n}/18 Budsjett", "Vedtak: Enstemmig vedtatt."]):
        c.drawString(60, 700 - 14 * i, line)
    c.showPage()
    c.save()
    return buf.getvalue()


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def start_batch(src: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(MINUTES + ["batch", str(src), str(out), "--workers", "2", "--ocr", "never"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)


def kill_when(process: subprocess.Popen, records: Path, at_least: int, rng: random.Random) -> None:
    """SIGKILL the batch once `at_least` records are in, at a random moment inside the next file or so."""
    deadline = time.monotonic() + 240
    while len(lines_of(records)) < at_least:
        assert process.poll() is None, "the batch ended before it could be killed"
        assert time.monotonic() < deadline, "the batch made no progress"
        time.sleep(0.02)
    time.sleep(rng.uniform(0, 0.05))  # a batch of these small files writes ~200 records a second
    workers = psutil.Process(process.pid).children(recursive=True)
    process.send_signal(signal.SIGKILL)
    process.wait()
    gone, alive = psutil.wait_procs(workers, timeout=15)
    assert not alive, f"workers outlived the killed batch: {alive}"


@pytest.mark.slow
def test_batch_killed_midway_and_rerun_ends_with_one_line_per_input(tmp_path: Path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for n in range(N_INPUTS):
        (src / f"{n:03d}.pdf").write_bytes(BAD[n] if n in BAD else small_pdf(n))
    inputs = {p.name: p.read_bytes() for p in src.iterdir()}
    good = {hashlib.sha256(data).hexdigest() for name, data in inputs.items() if int(name[:3]) not in BAD}
    rng = random.Random(5)

    for at_least in (15, 55):
        kill_when(start_batch(src, out), out / "records.jsonl", at_least, rng)
        assert len(lines_of(out / "records.jsonl")) < len(good)  # it really was killed midway
    final = start_batch(src, out)
    assert final.wait(timeout=600) == 3  # some inputs failed

    records = [json.loads(line) for line in lines_of(out / "records.jsonl")]
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)) and set(ids) == good
    for record in records:
        assert json.loads((out / f"{record['id']}.json").read_text(encoding="utf-8")) == record
    assert {p.stem for p in out.glob("*.json")} == good
    errors = [json.loads(line) for line in lines_of(out / "errors.jsonl")]
    assert sorted(Path(e["path"]).name for e in errors) == sorted(f"{n:03d}.pdf" for n in BAD)
    assert not [p for p in out.iterdir() if ".tmp" in p.name]
    assert {p.name: p.read_bytes() for p in src.iterdir()} == inputs
