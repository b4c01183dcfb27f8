import json
import os
from pathlib import Path

import pytest

from pipeline.batch import ERRORS, RECORDS, Options, OutDir, run_batch, sha256_file
from pipeline.errors import MinutesError

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def make_pdf(path: Path, lines: list[str], pages: int = 1) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("Body", FONT))
    path.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(path), pagesize=A4)
    for page in range(pages):
        c.setFont("Body", 10)
        for i, line in enumerate(lines):
            c.drawString(60, 680 - 14 * i, f"{line} {page + 1}" if pages > 1 and i else line)
        c.showPage()
    c.save()
    return path


def minutes_lines(n: int) -> list[str]:
    return [f"Møteprotokoll for Formannskapet nr. {n}", "Møtedato: 12.03.2018", f"PS {n}/18 Budsjett for Bærum",
            "Vedtak: Enstemmig vedtatt. Økonomiplanen godkjennes."]


@pytest.fixture()
def shelf(tmp_path: Path) -> Path:
    """Three distinct good PDFs (one also copied under another name), and four inputs that must fail."""
    src = tmp_path / "in"
    make_pdf(src / "a.pdf", minutes_lines(1))
    make_pdf(src / "sub" / "b.PDF", minutes_lines(2), pages=2)
    make_pdf(src / "sub" / "deeper" / "c.pdf", minutes_lines(3))
    (src / "copy-of-a.pdf").write_bytes((src / "a.pdf").read_bytes())
    (src / "garbage.pdf").write_bytes(b"this is not a pdf at all")
    (src / "empty.pdf").write_bytes(b"")
    (src / "truncated.pdf").write_bytes((src / "a.pdf").read_bytes()[:300])
    os.mkfifo(src / "pipe.pdf")  # would block a reader forever
    (src / "notes.txt").write_text("not an input")
    return src


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def record_files(out: Path) -> list[Path]:
    return sorted(p for p in out.glob("*.json"))


def check_consistent(src: Path, out: Path) -> None:
    """Every input has a record (by content) or an error line; records.jsonl matches the record files."""
    records = {p.stem for p in record_files(out)}
    lines = read_jsonl(out / RECORDS)
    assert sorted(r["id"] for r in lines) == sorted(records)
    errors = read_jsonl(out / ERRORS) if (out / ERRORS).exists() else []
    failed_paths = [e["path"] for e in errors]
    assert len(failed_paths) == len(set(failed_paths))
    for path in sorted(p for p in src.rglob("*") if p.name.lower().endswith(".pdf")):
        has_record = path.is_file() and not path.is_fifo() and sha256_file(path) in records
        assert has_record != (str(path) in failed_paths), path


@pytest.mark.slow
def test_batch_gives_one_record_or_error_line_per_input_and_resumes(shelf: Path, tmp_path: Path):
    out = tmp_path / "out"
    seen = []
    summary = run_batch(shelf, out, Options(workers=2, timeout=60), on_outcome=seen.append)
    assert (summary.inputs, summary.done, summary.skipped, summary.failed) == (8, 3, 1, 4)
    assert summary.exit_code == 3 and summary.pages == 4 and summary.peak_worker_mb > 10
    assert len(seen) == 7
    check_consistent(shelf, out)
    record = json.loads((out / f"{sha256_file(shelf / 'sub' / 'b.PDF')}.json").read_text(encoding="utf-8"))
    assert record["source"]["pages"] == 2 and "Bærum" in record["text"]
    errors = {Path(e["path"]).name: e for e in read_jsonl(out / ERRORS)}
    assert set(errors) == {"garbage.pdf", "empty.pdf", "truncated.pdf", "pipe.pdf"}
    assert errors["garbage.pdf"]["error_class"] == "InputError" and "not a PDF" in errors["garbage.pdf"]["message"]
    assert errors["truncated.pdf"]["sha256"] == sha256_file(shelf / "truncated.pdf")
    assert errors["pipe.pdf"]["sha256"] is None

    # A rerun does nothing: done contents are skipped, failures are not retried.
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (shelf / "a.pdf").rename(shelf / "renamed.pdf")
    summary = run_batch(shelf, out, Options(workers=2))
    assert (summary.done, summary.skipped, summary.failed, summary.exit_code) == (0, 4, 4, 3)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before

    # --retry-failed retries them: a repaired file gets its record and loses its error line.
    make_pdf(shelf / "garbage.pdf", minutes_lines(9))
    summary = run_batch(shelf, out, Options(workers=1, retry_failed=True))
    assert (summary.done, summary.failed) == (1, 3)
    assert "garbage.pdf" not in {Path(e["path"]).name for e in read_jsonl(out / ERRORS)}
    check_consistent(shelf, out)


@pytest.mark.slow
def test_all_good_inputs_exit_0(tmp_path: Path):
    for n in range(3):
        make_pdf(tmp_path / "in" / f"{n}.pdf", minutes_lines(n))
    summary = run_batch(tmp_path / "in", tmp_path / "out", Options(workers=2))
    assert (summary.done, summary.failed, summary.exit_code) == (3, 0, 0)
    assert not (tmp_path / "out" / ERRORS).exists()


@pytest.mark.slow
def test_rerun_after_a_kill_repairs_records_jsonl(tmp_path: Path):
    """What a kill can leave behind: a temp file, a torn last line, a record whose line was never appended."""
    src, out = tmp_path / "in", tmp_path / "out"
    for n in range(3):
        make_pdf(src / f"{n}.pdf", minutes_lines(n))
    run_batch(src, out, Options())
    lines = (out / RECORDS).read_text(encoding="utf-8").splitlines(keepends=True)
    (out / RECORDS).write_text(lines[0] + lines[2][:50], encoding="utf-8")
    (out / ".x.json.tmp-123").write_text("{")
    summary = run_batch(src, out, Options())
    assert (summary.done, summary.skipped) == (0, 3)
    assert sorted(lines) == sorted((out / RECORDS).read_text(encoding="utf-8").splitlines(keepends=True))
    assert not list(out.glob(".*.tmp-*"))

    (out / RECORDS).write_text("".join(lines + lines[:1]), encoding="utf-8")  # a duplicated line
    run_batch(src, out, Options())
    assert len(read_jsonl(out / RECORDS)) == 3


@pytest.mark.slow
def test_timeout_stops_a_stuck_file_and_the_batch_goes_on(tmp_path: Path):
    src, out = tmp_path / "in", tmp_path / "out"
    make_pdf(src / "0-huge.pdf", [f"Linje {i} med litt tekst om budsjett og økonomi" for i in range(50)], pages=400)
    for n in range(1, 4):
        make_pdf(src / f"{n}.pdf", minutes_lines(n))
    summary = run_batch(src, out, Options(workers=1, timeout=2))
    assert (summary.done, summary.failed) == (3, 1)
    [error] = read_jsonl(out / ERRORS)
    assert error["error_class"] == "Timeout" and error["path"].endswith("0-huge.pdf")


def test_second_batch_on_the_same_folder_is_refused(tmp_path: Path):
    first = OutDir(tmp_path)
    try:
        with pytest.raises(MinutesError, match="another"):
            OutDir(tmp_path)
    finally:
        first.close()
    OutDir(tmp_path).close()


def test_bad_options_and_inputs_are_refused(tmp_path: Path):
    with pytest.raises(MinutesError, match="not a folder"):
        run_batch(tmp_path / "missing", tmp_path / "out", Options())
    with pytest.raises(MinutesError, match="--executor"):
        run_batch(tmp_path, tmp_path / "out", Options(executor="spark"))
    with pytest.raises(MinutesError, match="--scheduler"):
        make_pdf(tmp_path / "in" / "a.pdf", minutes_lines(1))
        run_batch(tmp_path / "in", tmp_path / "out", Options(executor="dask"))


@pytest.mark.slow
def test_dask_executor_on_a_local_cluster(tmp_path: Path):
    from distributed import LocalCluster

    src = tmp_path / "in"
    for n in range(3):
        make_pdf(src / f"{n}.pdf", minutes_lines(n))
    (src / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    make_pdf(src / "huge.pdf", [f"Linje {i} med litt tekst om budsjett og økonomi" for i in range(50)], pages=400)
    with LocalCluster(n_workers=1, threads_per_worker=2, host="127.0.0.1", dashboard_address=None,
                      processes=True) as cluster:
        summary = run_batch(src, tmp_path / "out", Options(executor="dask", scheduler=cluster.scheduler_address,
                                                           timeout=3))
    assert (summary.done, summary.failed, summary.exit_code) == (3, 2, 3)
    check_consistent(src, tmp_path / "out")
    errors = {Path(e["path"]).name: e["error_class"] for e in read_jsonl(tmp_path / "out" / ERRORS)}
    assert errors == {"broken.pdf": "PdfError", "huge.pdf": "Timeout"}


@pytest.mark.slow
def test_cli_batch_logs_lines_and_exits_3_on_failures(shelf: Path, tmp_path: Path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    result = CliRunner().invoke(app, ["batch", str(shelf), str(tmp_path / "out"), "--workers", "2"])
    assert result.exit_code == 3, result.output
    assert "failed" in result.output and "garbage.pdf" in result.output
    assert "done 3, skipped 1, failed 4" in result.output


@pytest.mark.slow
def test_a_file_over_the_memory_limit_fails_and_the_batch_goes_on(tmp_path: Path):
    src = tmp_path / "in"
    for n in range(2):
        make_pdf(src / f"{n}.pdf", minutes_lines(n))
    summary = run_batch(src, tmp_path / "out", Options(workers=1, max_memory_mb=20))  # below what a worker holds
    assert (summary.done, summary.failed) == (0, 2)
    errors = read_jsonl(tmp_path / "out" / ERRORS)
    assert {e["error_class"] for e in errors} == {"LimitExceeded"} and "memory limit" in errors[0]["message"]


@pytest.mark.slow
def test_the_file_limits_of_extract_apply_to_every_file_of_a_batch(tmp_path: Path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    make_pdf(tmp_path / "in" / "short.pdf", minutes_lines(1))
    make_pdf(tmp_path / "in" / "long.pdf", minutes_lines(2), pages=3)
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "in"), str(tmp_path / "out"), "--max-pages", "2",
                                      "--ocr", "never"])
    assert result.exit_code == 3, result.output
    [error] = read_jsonl(tmp_path / "out" / ERRORS)
    assert Path(error["path"]).name == "long.pdf" and "--max-pages" in error["message"]


def test_a_full_disk_never_leaves_a_torn_line(tmp_path: Path, monkeypatch):
    import errno

    out = OutDir(tmp_path)
    out._append(RECORDS, '{"id": "a"}')
    real_write = os.write

    def half_then_full(fd, data):
        if len(data) > 4:
            real_write(fd, bytes(data[:4]))
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(OSError):
        out._append(RECORDS, '{"id": "b", "text": "long enough to be cut"}')
    monkeypatch.undo()
    assert (tmp_path / RECORDS).read_text(encoding="utf-8") == '{"id": "a"}\n'
    out.close()


@pytest.mark.slow
def test_a_batch_with_review_writes_a_review_page_beside_each_record(tmp_path: Path):
    for n in range(2):
        make_pdf(tmp_path / "in" / f"{n}.pdf", minutes_lines(n))
    summary = run_batch(tmp_path / "in", tmp_path / "out", Options(workers=2, review=True))
    assert summary.done == 2
    records = sorted((tmp_path / "out").glob("*.json"))
    pages = sorted((tmp_path / "out").glob("*.review.html"))
    assert [p.name.split(".")[0] for p in pages] == [r.stem for r in records]
    assert all('class="box' in p.read_text(encoding="utf-8") for p in pages)


def test_files_of_the_same_bad_content_each_name_their_own_path(tmp_path: Path):
    for name in ("a.pdf", "b.pdf"):
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / name).write_bytes(b"")
    summary = run_batch(tmp_path / "in", tmp_path / "out", Options(workers=1))
    assert summary.failed == 2
    for entry in read_jsonl(tmp_path / "out" / ERRORS):
        assert entry["message"].startswith(entry["path"] + ":"), entry
