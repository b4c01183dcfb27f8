"""Hostile and broken inputs, generated here: `minutes extract` must end each with one line naming the file
and the problem and a documented exit code, in bounded time and memory, writing nothing and leaving the
input as it was; `minutes batch` must log each in errors.jsonl and go on."""
from __future__ import annotations

import hashlib
import io
import json
import os
import random
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.pdfs import handmade_pdf, stream

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
MINUTES_LINES = ["Møteprotokoll for Formannskapet", "Møtedato: 12.03.2018, Bærum rådhus",
                 "PS 12/18 Budsjett for 2019", "Vedtak: Enstemmig vedtatt. Økonomiplanen godkjennes."]


# --- PDF builders ---------------------------------------------------------------------------------------------

def reportlab_pdf(lines: list[str] = MINUTES_LINES, pages: int = 1, encrypt=None) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("Body", FONT))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt)
    for page in range(pages):
        c.setFont("Body", 10)
        for i, line in enumerate(lines):
            c.drawString(60, 680 - 14 * i, line)
        c.drawString(60, 400, f"Side {page + 1} av {pages}")
        c.showPage()
    c.save()
    return buf.getvalue()


def one_page_pdf(content: bytes, catalog_extra: bytes = b"", more_objects: list[bytes] = ()) -> bytes:
    """Objects 1-5: catalog, pages, page, its Flate content stream, Helvetica; then `more_objects` from 6."""
    return handmade_pdf([
        b"<< /Type /Catalog /Pages 2 0 R %s>>" % catalog_extra,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        stream(zlib.compress(content), b"/Filter /FlateDecode "),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *more_objects,
    ])


def zlib_bomb(gib: int) -> bytes:
    """Valid zlib data inflating to `gib` GiB of zeros, built in a fraction of a second: deflate output that
    ends in a full flush does not depend on what came before, so one compressed block can be repeated."""
    block = bytes(1 << 24)
    deflater = zlib.compressobj(9)
    first = deflater.compress(block) + deflater.flush(zlib.Z_FULL_FLUSH)
    header, body = first[:2], first[2:]
    assert deflater.compress(block) + deflater.flush(zlib.Z_FULL_FLUSH) == body
    n_bytes = gib * 64 * len(block)
    adler32_of_zeros = (n_bytes % 65521) << 16 | 1
    return header + body * (gib * 64) + b"\x03\x00" + adler32_of_zeros.to_bytes(4, "big")


def bomb_pdf(gib: int = 4) -> bytes:
    return handmade_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        stream(zlib_bomb(gib), b"/Filter /FlateDecode "),
    ])


def tiny_text_objects_pdf(n: int) -> bytes:
    """One page with `n` separate text objects of one 1-point character each."""
    ops = b"".join(b"BT /F1 1 Tf %d %d Td (%c) Tj ET\n" % (20 + (i % 500), 20 + (i // 500) * 2, 97 + i % 26)
                   for i in range(n))
    return one_page_pdf(ops)


def slow_content_pdf(megabytes: int = 40) -> bytes:
    """A page whose content stream is megabytes of path operators: slow to parse, no text, small on disk."""
    return one_page_pdf(b"1 1 m 2 2 l S\n" * (megabytes * 2**20 // 14))


def script_and_attachment_pdf() -> bytes:
    """Opens with JavaScript and carries an embedded executable; the text must still come out, nothing run."""
    attachment = zlib.compress(b"MZ\x90\x00 pretend executable " * 100)
    return one_page_pdf(
        b"BT /F1 12 Tf 72 720 Td (Referat fra styremoete) Tj ET",
        catalog_extra=b"/OpenAction 6 0 R /Names << /JavaScript << /Names [(run) 6 0 R] >> "
                      b"/EmbeddedFiles << /Names [(payload.exe) 7 0 R] >> >> ",
        more_objects=[b"<< /S /JavaScript /JS (app.alert\\('hei'\\); this.exportDataObject\\({cName: 'payload.exe', "
                      b"nLaunch: 2}\\);) >>",
                      b"<< /Type /Filespec /F (payload.exe) /EF << /F 8 0 R >> >>",
                      stream(attachment, b"/Type /EmbeddedFile /Filter /FlateDecode ")])


def zero_page_pdf() -> bytes:
    return handmade_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def reference_cycle_pdf() -> bytes:
    """The catalog is a reference to a reference to itself: pdfminer alone would resolve it forever."""
    return handmade_pdf([b"2 0 R", b"1 0 R"])


def broken_xref_pdf() -> bytes:
    """Objects intact, but the xref table and startxref point at the wrong places (a common repair case)."""
    data = one_page_pdf(b"BT /F1 12 Tf 72 720 Td (Protokoll fra kommunestyret) Tj ET")
    xref = data.rindex(b"xref\n0 ")
    table_end = data.index(b"trailer")
    entries = data[xref:table_end].split(b"\n")
    scrambled = [e[:3] + b"9" + e[4:] if e.endswith(b" n ") else e for e in entries]  # offsets off by ~1e6
    start = data.rindex(b"startxref\n") + len(b"startxref\n")
    return data[:xref] + b"\n".join(scrambled) + data[table_end:start] + b"123456789\n%%EOF\n"


def png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(buf, format="PNG")
    return buf.getvalue()


def zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("protokoll.pdf", reportlab_pdf())
    return buf.getvalue()


# --- running `minutes` ----------------------------------------------------------------------------------------

MINUTES = [sys.executable, "-c", "from pipeline.cli import app; app(prog_name='minutes')"]
# Root reads files whatever their mode; without these capabilities it is refused like anyone else.
WITHOUT_ROOT_READ = ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"]
KILL_AFTER_S = 180  # a run still going then is a hang: the test fails rather than waiting forever


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float


# A process started by this (large) test process inherits its high-water resident size in ru_maxrss, so the
# CLI is started by a small Python that waits for it and writes down the CLI's own peak.
MEASURE = ("import os, subprocess, sys\n"
           "child = subprocess.Popen(sys.argv[2:])\n"
           "_, status, usage = os.wait4(child.pid, 0)\n"
           "open(sys.argv[1], 'w').write(str(usage.ru_maxrss))\n"
           "sys.exit(os.waitstatus_to_exitcode(status) % 256)\n")


def minutes(*args: str, cwd: Path, drop_root_read: bool = False) -> Run:
    """Run the CLI in a subprocess and measure its wall time and peak resident memory."""
    command = MINUTES + list(args)
    if drop_root_read and os.geteuid() == 0:
        command = WITHOUT_ROOT_READ + command
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r") as peak_kb:
        start = time.monotonic()
        process = subprocess.Popen([sys.executable, "-c", MEASURE, peak_kb.name, *command], cwd=cwd, stdout=out,
                                   stderr=err, stdin=subprocess.DEVNULL, start_new_session=True)
        killer = threading.Timer(KILL_AFTER_S, os.killpg, args=(process.pid, signal.SIGKILL))
        killer.start()
        code = process.wait()
        killer.cancel()
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        return Run(code, out.read().decode(), err.read().decode(), seconds, int(peak_kb.read() or 0) / 1024)


def fingerprint(path: Path) -> tuple | None:
    """Content hash and modification time of a regular file (None for anything else)."""
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode):
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest(), info.st_mtime_ns, info.st_mode
    except OSError:
        return None


# --- the corpus -----------------------------------------------------------------------------------------------

@dataclass
class Bad:
    name: str  # file name in the corpus folder
    code: int  # documented exit code
    says: str  # part of the one-line message
    args: tuple[str, ...] = ()
    max_seconds: float = 30.0
    max_mb: float = 1500.0


NEWLINE_NAME = "møte referat\n2018.pdf"
BAD = [
    Bad("empty.pdf", 2, "file is empty"),
    Bad("notes.pdf", 2, "not a PDF file"),
    Bad("image.pdf", 2, "looks like a PNG image"),
    Bad("archive.pdf", 2, "looks like a ZIP archive"),
    Bad("folder.pdf", 2, "is a folder"),
    Bad("pipe.pdf", 2, "not a regular file"),
    Bad("loop.pdf", 2, "Too many levels of symbolic links"),
    Bad("missing.pdf", 2, "No such file or directory"),
    Bad("locked-file.pdf", 2, "Permission denied"),
    Bad(NEWLINE_NAME, 2, "not a PDF file"),
    Bad("truncated.pdf", 4, "truncated"),
    Bad("garbage-body.pdf", 4, "cannot parse PDF"),
    Bad("no-pages.pdf", 4, "no pages"),
    Bad("reference-cycle.pdf", 4, "reference cycle", max_seconds=10),
    Bad("user-password.pdf", 5, "encrypted with a password"),
    Bad("bomb.pdf", 6, "raise the limit with --max-stream-mb", max_mb=500),
    Bad("bomb.pdf", 6, "raise it with --max-memory-mb", ("--max-stream-mb", "0", "--max-memory-mb", "300"),
        max_mb=400),
    Bad("thousand-pages.pdf", 6, "raise it with --max-pages", ("--max-pages", "999")),
    Bad("thousand-pages.pdf", 6, "raise it with --max-mb", ("--max-mb", "0.1")),
    Bad("many-characters.pdf", 6, "raise it with --max-chars-per-page", ("--max-chars-per-page", "1000")),
    Bad("slow.pdf", 6, "raise it with --max-operators-per-page", ("--timeout", "60"), max_seconds=30),
    Bad("slow.pdf", 6, "raise it with --timeout", ("--timeout", "2", "--max-operators-per-page", "0"),
        max_seconds=2 + 10),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    from reportlab.lib.pdfencrypt import StandardEncryption

    folder = tmp_path_factory.mktemp("corpus")
    good = reportlab_pdf()
    files = {
        "empty.pdf": b"",
        "notes.pdf": "Referat fra møtet i formannskapet\n".encode() * 20,
        "image.pdf": png_bytes(),
        "archive.pdf": zip_bytes(),
        NEWLINE_NAME: b"<html>not a pdf</html>",
        "locked-file.pdf": good,
        "truncated.pdf": good[:len(good) * 6 // 10],
        "garbage-body.pdf": b"%PDF-1.4\n" + random.Random(6).randbytes(20_000) + b"\n%%EOF\n",
        "no-pages.pdf": zero_page_pdf(),
        "reference-cycle.pdf": reference_cycle_pdf(),
        "user-password.pdf": reportlab_pdf(encrypt=StandardEncryption("hemmelig", "eier")),
        "owner-password.pdf": reportlab_pdf(encrypt=StandardEncryption("", "eier", canCopy=0, canModify=0)),
        "bomb.pdf": bomb_pdf(gib=4),
        "thousand-pages.pdf": reportlab_pdf(pages=1000),
        "tiny-text-objects.pdf": tiny_text_objects_pdf(50_000),
        "many-characters.pdf": tiny_text_objects_pdf(3000),
        "slow.pdf": slow_content_pdf(),
        "script-and-attachment.pdf": script_and_attachment_pdf(),
        "broken-xref.pdf": broken_xref_pdf(),
        "navn med mellomrom æøå.pdf": good,
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (folder / "locked-file.pdf").chmod(0)
    (folder / "folder.pdf").mkdir()
    os.mkfifo(folder / "pipe.pdf")
    (folder / "loop.pdf").symlink_to("loop.pdf")
    return folder


@pytest.fixture(scope="module")
def fingerprints(corpus: Path) -> dict[str, tuple | None]:
    return {p.name: fingerprint(p) for p in corpus.iterdir()}


def check_untouched(corpus: Path, fingerprints: dict) -> None:
    assert {p.name: fingerprint(p) for p in corpus.iterdir()} == fingerprints


@pytest.mark.parametrize("bad", BAD, ids=lambda b: f"{b.name.split(chr(10))[0]}{''.join(b.args)}")
def test_bad_input_ends_with_one_line_and_its_exit_code(bad: Bad, corpus: Path, fingerprints: dict, tmp_path: Path):
    out = tmp_path / "out" / "record.json"
    run = minutes("extract", "--ocr", "never", "-o", str(out), *bad.args, bad.name, cwd=corpus,
                  drop_root_read=True)
    assert run.code == bad.code, run.stderr
    assert run.stdout == ""
    assert run.stderr.endswith("\n") and run.stderr.count("\n") == 1, run.stderr
    line = run.stderr.rstrip("\n")
    assert line.startswith(f"minutes: error: {bad.name}: ".replace("\n", "\\n")), line
    assert bad.says in line and "Traceback" not in line
    assert run.seconds < bad.max_seconds and run.peak_mb < bad.max_mb, (run.seconds, run.peak_mb)
    assert not out.parent.exists() or not list(out.parent.iterdir())
    check_untouched(corpus, fingerprints)


@pytest.mark.parametrize(("name", "says"), [
    ("owner-password.pdf", "Formannskapet"),  # restrictions only: anyone may open it, so we read it
    ("broken-xref.pdf", "Protokoll fra kommunestyret"),  # repaired by scanning for the objects
    ("script-and-attachment.pdf", "Referat fra styremoete"),  # JavaScript ignored, attachment not extracted
    ("navn med mellomrom æøå.pdf", "Formannskapet"),
])
def test_odd_but_readable_input_gives_a_record(name: str, says: str, corpus: Path, fingerprints: dict,
                                               tmp_path: Path):
    out = tmp_path / "record.json"
    run = minutes("extract", "--ocr", "never", "-o", str(out), name, cwd=corpus)
    assert run.code == 0 and run.stderr == "", run.stderr
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["source"]["path"] == name and says in record["text"]
    assert "payload" not in record["text"] and not (corpus / "payload.exe").exists()
    check_untouched(corpus, fingerprints)


@pytest.mark.slow
@pytest.mark.parametrize(("name", "pages", "min_chars"), [("thousand-pages.pdf", 1000, 100_000),
                                                          ("tiny-text-objects.pdf", 1, 50_000)])
def test_large_inputs_within_default_limits_finish_in_bounded_time(name: str, pages: int, min_chars: int,
                                                                   corpus: Path, tmp_path: Path):
    out = tmp_path / "record.json"
    run = minutes("extract", "--ocr", "never", "-o", str(out), name, cwd=corpus)
    assert run.code == 0, run.stderr
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["source"]["pages"] == pages and len(record["text"]) >= min_chars
    assert run.seconds < 150 and run.peak_mb < 1500, (run.seconds, run.peak_mb)


def test_debug_shows_the_traceback(corpus: Path):
    run = minutes("--debug", "extract", "empty.pdf", cwd=corpus)
    assert run.code == 2 and "Traceback" in run.stderr and "InputError" in run.stderr  # the documented code


def test_newline_in_a_file_name_stays_on_one_line(corpus: Path):
    run = minutes("extract", NEWLINE_NAME, cwd=corpus)
    assert run.code == 2
    assert run.stderr == "minutes: error: møte referat\\n2018.pdf: not a PDF file (it looks like an HTML page)\n"


@pytest.mark.slow
def test_batch_logs_every_bad_input_and_goes_on(corpus: Path, fingerprints: dict, tmp_path: Path):
    """The corpus plus a folder symlink loop: one record or one error line per input, exit 3, nothing hangs."""
    src = tmp_path / "in"
    src.mkdir()
    for path in corpus.iterdir():
        if path.name in ("thousand-pages.pdf", "tiny-text-objects.pdf"):
            continue  # slow to process, and covered above
        (src / path.name).symlink_to(path)
    (src / "sub").mkdir()
    (src / "sub" / "back-to-top").symlink_to(src, target_is_directory=True)
    (src / "sub" / "referat.pdf").write_bytes(reportlab_pdf(["Referat fra kontrollutvalget"]))
    out = tmp_path / "out"
    run = minutes("batch", str(src), str(out), "--ocr", "never", "--timeout", "20", "--workers", "2", cwd=tmp_path,
                  drop_root_read=True)
    assert run.code == 3, run.stderr
    assert run.seconds < 150, run.seconds
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    failed = {Path(e["path"]).name: e for e in errors}
    assert len(failed) == len(errors)
    expected = {b.name for b in BAD if not b.args and b.name != "missing.pdf"} | {"slow.pdf"}
    expected.discard("folder.pdf")  # a folder named *.pdf is walked into, not an input
    assert set(failed) == expected
    assert failed["bomb.pdf"]["error_class"] == "LimitExceeded"
    assert failed["user-password.pdf"]["error_class"] == "EncryptedPdfError"
    records = [json.loads(line) for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(Path(r["source"]["path"]).name for r in records) == sorted(
        ["owner-password.pdf", "broken-xref.pdf", "script-and-attachment.pdf", "navn med mellomrom æøå.pdf",
         "many-characters.pdf", "referat.pdf"])
    check_untouched(corpus, fingerprints)


# --- text that no later stage may choke on ----------------------------------------------------------------------

def test_a_lone_surrogate_from_a_text_layer_becomes_a_replacement_character():
    from pipeline.layout import words_to_lines

    (line,) = words_to_lines([{"text": "Sak\ud800", "x0": 10, "x1": 40, "top": 10, "bottom": 20}])
    assert line.text == "Sak\ufffd"
    line.text.encode("utf-8")


def test_a_record_that_cannot_be_encoded_is_the_files_error_not_the_batchs():
    from pipeline.batch import record_line

    with pytest.raises(UnicodeEncodeError):
        record_line({"text": "\ud800"})


def test_hundreds_of_digits_are_no_amount():
    from pipeline.amounts import find_amounts

    assert [a.value for a in find_amounts("Beløp: kr " + "9" * 400 + " og kr 1 500")] == [1500]


def test_a_paragraph_over_spacys_length_limit_goes_to_the_model_in_pieces():
    from pipeline.nlp import MAX_PIECE, _paragraphs

    text = ("Ola Nordmann møtte for Kari Hansen i Bærum. " * 60_000)[:2_500_000]
    pieces = list(_paragraphs(text))
    assert max(len(p) for _, p in pieces) <= MAX_PIECE
    assert "".join(p for _, p in pieces) == text
    assert all(text[offset:offset + len(p)] == p for offset, p in pieces)


def test_a_page_that_lacks_one_common_letter_but_reads_well_is_not_garbled():
    from pipeline.ocr import garbled_reason

    headings = "\n".join(f"Sak {i}/2020 Saker til politisk sak" for i in range(1, 80))
    assert "n" not in headings and garbled_reason(headings) is None
    words = ("Kommunestyret vedtok budsjettet for neste år etter en lang debatt om skolene og "
             "helsetjenestene i kommunen. ") * 20
    assert "missing" in (garbled_reason(words.replace("e", "")) or "")


def test_a_megabyte_line_of_text_is_refused_before_its_characters_are_built():
    from pipeline.errors import LimitExceeded
    from pipeline.pdf import extract_pages

    line = b"BT /F1 10 Tf 10 700 Td (" + b"Sak 1/2020 " * 200_000 + b") Tj ET"
    data = one_page_pdf(line)
    with pytest.raises(LimitExceeded, match=r"page 1 has over 1100000 characters.*--max-chars-per-page"):
        extract_pages(data, "long.pdf", ocr="never")


def _with_trailer_prev(data: bytes, prev: int) -> bytes:
    return data.replace(b"trailer\n<< /Size 6 /Root 1 0 R >>", b"trailer\n<< /Size 6 /Root 1 0 R /Prev %d >>" % prev)


def test_a_looping_prev_chain_and_thousands_of_incremental_updates_are_read():
    from pipeline.pdf import extract_pages

    base = one_page_pdf(b"BT /F1 12 Tf 72 720 Td (Sak 1/20 Budsjett) Tj ET")
    xref = int(base.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    (page,) = extract_pages(_with_trailer_prev(base, xref), "loop.pdf", ocr="never")
    assert page.lines[0].text == "Sak 1/20 Budsjett"
    data, prev = bytearray(base), xref
    for i in range(3000):  # each update replaces the page's content stream
        offset = len(data)
        data += b"4 0 obj\n" + stream(b"BT /F1 12 Tf 72 720 Td (Sak %d/20 Budsjett) Tj ET" % i) + b"\nendobj\n"
        at = len(data)
        data += (b"xref\n4 1\n%010d 00000 n \ntrailer\n<< /Size 6 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
                 % (offset, prev, at))
        prev = at
    (page,) = extract_pages(bytes(data), "updates.pdf", ocr="never")
    assert page.lines[0].text == "Sak 2999/20 Budsjett"


def test_a_page_tree_thousands_of_levels_deep_is_named_as_such():
    from pipeline.errors import PdfError
    from pipeline.pdf import extract_pages

    depth = 3000
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        objects.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (level + 3))
    objects.append(b"<< /Type /Page /MediaBox [0 0 595 842] >>")
    with pytest.raises(PdfError, match="nested too deep"):
        extract_pages(handmade_pdf(objects), "deep.pdf", ocr="never")


def test_pages_that_draw_millions_of_operators_are_refused_before_they_are_interpreted():
    from pipeline.errors import LimitExceeded
    from pipeline.pdf import extract_pages

    many = one_page_pdf(b"0 0 m 1 1 l S\n" * 800_000)  # 2.4 million operators, no text
    with pytest.raises(LimitExceeded, match="draws 2400000 operators.*--max-operators-per-page"):
        extract_pages(many, "many.pdf", ocr="never")
    # a form drawn 1,000 times that draws another form 1,000 times: 10^6 draws of 3 operators each
    inner = stream(b"0 0 m 1 1 l S", b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] ")
    outer = stream(b"/Fi Do\n" * 1000, b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] "
                   b"/Resources << /XObject << /Fi 7 0 R >> >> ")
    fan = handmade_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /Fo 6 0 R >> >> >>",
        stream(b"/Fo Do\n" * 1000), b"<< >>", outer, inner])
    with pytest.raises(LimitExceeded, match="--max-operators-per-page"):
        extract_pages(fan, "fan.pdf", ocr="never")


def _xref_stream_pdf(size: int, index: bytes) -> bytes:
    """One page whose cross-reference stream declares `size` objects (and an /Index running as far)."""
    content = b"BT /F1 12 Tf 72 720 Td (Sak 1/2020 Budsjett) Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >> stream\n" % len(content) + content + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.5\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj " % number + body + b" endobj\n"
    at = len(out)
    rows = zlib.compress(b"\x00\x00\x00\xff\xff" + b"".join(b"\x01" + o.to_bytes(3, "big") + b"\x00" for o in offsets))
    out += (b"6 0 obj << /Type /XRef /Size %d /W [1 3 1] /Index %s /Root 1 0 R /Filter /FlateDecode /Length %d >> "
            b"stream\n" % (size, index, len(rows))) + rows + b"\nendstream endobj\nstartxref\n%d\n%%%%EOF\n" % at
    return bytes(out)


@pytest.mark.parametrize("index", [b"[0 6]", b"[0 2147483647]"])
def test_an_xref_stream_that_declares_two_billion_objects_is_read_for_the_objects_it_has(index: bytes):
    from pipeline.pdf import extract_pages

    (page,) = extract_pages(_xref_stream_pdf(2 ** 31, index), "xref.pdf", ocr="never")
    assert page.lines[0].text == "Sak 1/2020 Budsjett"


def test_a_page_of_a_million_shapes_keeps_its_text_and_only_the_first_shapes(monkeypatch):
    import pdfplumber

    from pipeline import guard
    from pipeline.pdf import extract_pages

    monkeypatch.setattr(guard, "MAX_SHAPES_PER_PAGE", 20_000)
    content = b"BT /F1 10 Tf 60 700 Td (Sak 1/2020 Budsjett) Tj ET\n" + b"1 1 1 1 re f\n" * 100_000
    data = one_page_pdf(content)
    pages = extract_pages(data, "shapes.pdf", ocr="never")
    assert "Sak 1/2020 Budsjett" in " ".join(ln.text for ln in pages[0].lines)
    with pdfplumber.open(io.BytesIO(data)) as pdf:  # the bound holds for every later parse in the process
        assert len(pdf.pages[0].rects) == guard.MAX_SHAPES_PER_PAGE


def test_an_image_of_billions_of_pixels_is_not_decoded_for_ocr(tmp_path: Path):
    image = stream(zlib.compress(b"\0" * 4096), b"/Type /XObject /Subtype /Image /Width 100000 /Height 100000 "
                   b"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode ")
    data = handmade_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /Im1 5 0 R >> /Font << /F1 6 0 R >> >> >>",
        stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q"), image,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"])
    (tmp_path / "huge-image.pdf").write_bytes(data)
    run = minutes("extract", "huge-image.pdf", "-o", "out.json", cwd=tmp_path)
    assert run.code == 0, run.stderr
    record = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert record["source"]["ocr_pages"] == []
    assert "image_too_large" in [w["code"] for w in record["warnings"]]


def test_a_huge_image_under_a_scanners_text_layer_is_not_rendered_to_read_it_again(monkeypatch):
    from pipeline import ocr
    from pipeline.pdf import extract_pages

    image = stream(zlib.compress(b"\0" * 4096), b"/Type /XObject /Subtype /Image /Width 100000 /Height 100000 "
                   b"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode ")
    data = handmade_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /Im1 5 0 R >> /Font << /F1 6 0 R >> >> >>",
        stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q BT 3 Tr /F1 10 Tf 60 700 Td (Sak 1/2020 Budsjett for neste aar) Tj ET"),
        image, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"])
    asked: list[int] = []
    monkeypatch.setattr(ocr, "ocr_pages", lambda data, numbers, **kw: asked.extend(numbers) or {})
    (page,) = extract_pages(data, "scanner-layer.pdf", ocr="auto")
    assert asked == [] and page.unread_image and "Sak 1/2020" in page.lines[0].text
