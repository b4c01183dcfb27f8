"""Mutation fuzzer for the PDF front end (read_pdf_bytes + extract_pages).

    python fuzz/fuzz_pdf.py --seconds 20 [--seed N] [--out DIR]

Seeds are valid PDFs generated here. Each round mutates one (bytes, PDF tokens, or the inside of a compressed
content stream) and runs the front end on it under a per-input time limit and a memory cap. A finding is:
an exception that is not a MinutesError; a MinutesError that wraps an exception raised in our own code (a bug
dressed as "broken PDF"); or an input that hits the time or memory limit. Findings are saved to --out and the
exit status is 1 if there were any.
"""
from __future__ import annotations

import argparse
import binascii
import collections
import io
import logging
import os
import random
import re
import sys
import tempfile
import time
import traceback
import zlib
from pathlib import Path

from pipeline import guard
from pipeline.errors import LimitExceeded, MinutesError
from pipeline.pdf import Limits, extract_pages, read_pdf_bytes

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.pdfs import handmade_pdf, stream  # noqa: E402  the hand-made PDF writer of the tests

PER_INPUT_S = 10.0
MEMORY_MB = 2048
LIMITS = Limits(max_bytes=16 * 2**20, max_pages=200, max_stream_bytes=64 * 2**20)
PIPELINE_DIR = str(Path(__file__).resolve().parents[1] / "pipeline")
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

NUMBERS = [b"0", b"-1", b"1", b"2147483648", b"-2147483649", b"9223372036854775808", b"99999999999999999999",
           b"1e308", b"-0.0", b"0.000001", b"NaN", b"3.4028235e38"]
NAMES = [b"/Type", b"/Pages", b"/Page", b"/Kids", b"/Count", b"/Parent", b"/Length", b"/Filter", b"/FlateDecode",
         b"/Contents", b"/Resources", b"/Font", b"/XObject", b"/Subtype", b"/Form", b"/Image", b"/ObjStm", b"/XRef",
         b"/Prev", b"/Encrypt", b"/ToUnicode", b"/Widths", b"/FirstChar", b"/LastChar", b"/Encoding", b"/W",
         b"/Index", b"/Size", b"/Root", b"/MediaBox", b"/CropBox", b"/Rotate", b"/DecodeParms", b"/Predictor",
         b"/Columns", b"/BBox", b"/Matrix", b"/DescendantFonts", b"/CIDToGIDMap", b"/FontDescriptor", b"/Annots"]
OPERATORS = [b"BT", b"ET", b"Tf", b"Td", b"TD", b"Tm", b"Tj", b"TJ", b"'", b'"', b"T*", b"Tc", b"Tw", b"Tz", b"TL",
             b"Ts", b"Tr", b"cm", b"q", b"Q", b"Do", b"re", b"m", b"l", b"BI", b"ID", b"EI", b"gs", b"d0", b"d1"]
JUNK = [b"[" * 2000, b"<<" * 2000, b"(" * 500, b"\\" * 100, b"<FEFF", b"%%EOF", b"endobj", b"endstream", b"R R R",
        b"0 0 R", b"1 0 obj", b"stream\n", b"xref\n0 1\n", b"trailer << /Root 1 0 R >>"]


# ---------------------------------------------------------------- seeds

def reportlab_seed(pages: int, encrypt: bool = False, image: bool = False) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("Body", FONT))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=StandardEncryption("", "eier") if encrypt else None)
    for page in range(pages):
        c.setFont("Body", 10)
        c.drawString(60, 780, "Møteprotokoll for kommunestyret i Bærum")
        c.setFont("Helvetica-Bold", 11)
        for i, line in enumerate(["Møtedato: 12.03.2018", "PS 12/18 Budsjett", "Vedtak: Enstemmig vedtatt.",
                                  "Tid:", "Sted:", "kr 8 000 471", "- 380 173"]):
            c.drawString(60 + 200 * (i % 2), 700 - 14 * i, line)
        if image:
            from PIL import Image

            c.drawImage(ImageReader(Image.new("RGB", (30, 20), "gray")), 300, 300, 60, 40)
        c.drawString(280, 30, f"Side {page + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


def handmade_seed(content: bytes) -> bytes:
    return handmade_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> "
        b"/XObject << /X1 6 0 R >> >> /Contents 4 0 R >>",
        stream(zlib.compress(content), b"/Filter /FlateDecode "),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        stream(b"BT /F1 9 Tf 10 10 Td (skjema) Tj ET", b"/Type /XObject /Subtype /Form /BBox [0 0 100 100] ")])


def seeds() -> list[bytes]:
    text = (b"BT /F1 12 Tf 72 720 Td (Referat fra m\\370te i formannskapet) Tj 0 -14 Td [(PS) -250 (3/18)] TJ "
            b"T* (Vedtak: Samr\\370ystes vedteke.) Tj ET q 1 0 0 1 50 50 cm /X1 Do Q")
    return [reportlab_seed(1), reportlab_seed(3, image=True), reportlab_seed(1, encrypt=True), handmade_seed(text)]


# ---------------------------------------------------------------- mutations

def mutate(data: bytes, pool: list[bytes], rng: random.Random) -> bytes:
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        data = rng.choice(MUTATIONS)(data, pool, rng)
    if rng.random() < 0.7 and b"%%EOF" not in data[-64:]:
        data += b"\n%%EOF\n"  # mostly get past the truncation check, to reach the parser
    return data


def flip_bits(data, pool, rng):
    buf = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        i = rng.randrange(len(buf))
        buf[i] ^= 1 << rng.randrange(8)
    return bytes(buf)


def overwrite_run(data, pool, rng):
    i = rng.randrange(len(data))
    return data[:i] + rng.randbytes(rng.randint(1, 64)) + data[i + rng.randint(1, 64):]


def delete_chunk(data, pool, rng):
    i = rng.randrange(len(data))
    return data[:i] + data[i + rng.randint(1, max(1, len(data) // 8)):]


def duplicate_chunk(data, pool, rng):
    i = rng.randrange(len(data))
    j = min(len(data), i + rng.randint(1, 2000))
    k = rng.randrange(len(data))
    return data[:k] + data[i:j] * rng.randint(1, 4) + data[k:]


def splice(data, pool, rng):
    other = rng.choice(pool)
    i, j = rng.randrange(len(data)), rng.randrange(len(other))
    return data[:i] + other[j:j + rng.randint(1, 4000)] + data[i:]


def truncate(data, pool, rng):
    return data[:rng.randrange(1, len(data))]


def _replace_token(pattern: bytes, choices: list[bytes]):
    regex = re.compile(pattern)

    def mutation(data, pool, rng):
        matches = list(regex.finditer(data))
        if not matches:
            return data
        m = rng.choice(matches)
        return data[:m.start()] + rng.choice(choices) + data[m.end():]
    return mutation


def insert_junk(data, pool, rng):
    i = rng.randrange(len(data))
    return data[:i] + rng.choice(JUNK) + data[i:]


def retarget_reference(data, pool, rng):
    matches = list(re.finditer(rb"\b(\d+) 0 R\b", data))
    if not matches:
        return data
    m = rng.choice(matches)
    return data[:m.start()] + b"%d 0 R" % rng.choice([0, 1, 2, 3, 4, 5, 7, 99, 10**9]) + data[m.end():]


_FLATE_STREAM = re.compile(rb"/FlateDecode[^>]*>>\s*stream\r?\n")


def mutate_inside_stream(data, pool, rng):
    """Inflate one compressed stream, mutate its operators and operands, and deflate it again."""
    starts = [m.end() for m in _FLATE_STREAM.finditer(data)]
    if not starts:
        return data
    start = rng.choice(starts)
    inflater = zlib.decompressobj()
    try:
        plain = inflater.decompress(data[start:], 1 << 22)
    except zlib.error:
        return data
    if not inflater.eof:
        return data
    end = len(data) - len(inflater.unused_data)
    for _ in range(rng.randint(1, 4)):
        plain = rng.choice([_replace_token(rb"-?\d+(?:\.\d+)?", NUMBERS), _replace_token(rb"\b[A-Za-z*'\"]{1,3}\b",
                                                                                       OPERATORS),
                            flip_bits, duplicate_chunk, insert_junk, delete_chunk])(plain or b" ", pool, rng)
    return data[:start] + zlib.compress(plain) + data[end:]


# the same Flate data under other spellings and chains of filters: what the stream guard must read as pdfminer does
FILTER_SPELLINGS = [b"/FlateDecode", b"/Fl", b"[/FlateDecode]", b"/Fl#61teDecode", b"[/Fl /Fl]", b"[/AHx /Fl]",
                    b"[/ASCIIHexDecode /FlateDecode]", b"/LZWDecode", b"/RunLengthDecode", b"/ASCII85Decode",
                    b"99 0 R", b"4 0 R", b"[]", b"/Crypt", b"/JBIG2Decode"]


def respell_filter(data, pool, rng):
    """Give one compressed stream another spelling or chain of filters (hex-encoding its data where the chain
    starts with ASCIIHex, so the chain still decodes)."""
    matches = list(_FLATE_STREAM.finditer(data))
    if not matches:
        return data
    m = rng.choice(matches)
    spelling = rng.choice(FILTER_SPELLINGS)
    head = data[m.start():m.end()].replace(b"/FlateDecode", spelling, 1)
    body_end = data.find(b"endstream", m.end())
    if (b"AHx" in spelling or b"ASCIIHex" in spelling) and body_end > 0:
        body = binascii.hexlify(data[m.end():body_end].rstrip(b"\r\n")) + b">\n"
        return data[:m.start()] + head + body + data[body_end:]
    return data[:m.start()] + head + data[m.end():]


MUTATIONS = [flip_bits, overwrite_run, delete_chunk, duplicate_chunk, splice, truncate, insert_junk,
             retarget_reference, _replace_token(rb"-?\d+(?:\.\d+)?", NUMBERS), _replace_token(rb"/[A-Za-z]+", NAMES),
             mutate_inside_stream, mutate_inside_stream, mutate_inside_stream, respell_filter]


# ---------------------------------------------------------------- running one input

def run_one(data: bytes, folder: Path, on_hard_stop) -> tuple[str, str | None]:
    """('ok' | error class name, why it is a finding or None)."""
    path = folder / "input.pdf"
    path.write_bytes(data)
    try:
        with guard.guarded("input.pdf", PER_INPUT_S, MEMORY_MB, on_hard_stop=on_hard_stop):
            extract_pages(read_pdf_bytes(path, LIMITS), "input.pdf", ocr="never", limits=LIMITS)
    except LimitExceeded as e:
        if "--timeout" in str(e) or "--max-memory-mb" in str(e):
            return "LimitExceeded", f"guard: {e}"
        return "LimitExceeded", None
    except MinutesError as e:
        origin = _raised_in_our_code(e.__context__)
        return type(e).__name__, (f"our bug reported as {type(e).__name__}: {origin}" if origin else None)
    except Exception as e:
        return type(e).__name__, "".join(traceback.format_exception(e))
    return "ok", None


def _raised_in_our_code(error: BaseException | None) -> str | None:
    """Where `error` was raised, if that is in pipeline/ (not in pdfminer or pdfplumber)."""
    if error is None or error.__traceback__ is None:
        return None
    frame = traceback.extract_tb(error.__traceback__)[-1]
    if frame.filename.startswith(PIPELINE_DIR):
        return f"{type(error).__name__}: {error} at {Path(frame.filename).name}:{frame.lineno}"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "minutes-fuzz-findings")
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)  # pdfminer logs every oddity of a broken file
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    rng = random.Random(seed)
    pool = seeds()
    outcomes: collections.Counter = collections.Counter()
    findings = 0
    current = {"data": b""}

    def save(data: bytes, why: str) -> Path:
        args.out.mkdir(parents=True, exist_ok=True)
        target = args.out / f"finding-{seed}-{findings}.pdf"
        target.write_bytes(data)
        target.with_suffix(".txt").write_text(why, encoding="utf-8")
        return target

    def on_hard_stop(error: LimitExceeded) -> None:
        where = save(current["data"], f"hard stop: {error}")
        print(f"fuzz: stuck past the time limit in native code; input saved to {where}", file=sys.stderr)
        os._exit(1)

    with tempfile.TemporaryDirectory() as tmp:
        for data in pool:  # the seeds themselves must read cleanly
            outcome, why = run_one(data, Path(tmp), on_hard_stop)
            if outcome != "ok":
                print(f"fuzz: a seed does not read cleanly: {outcome} {why or ''}", file=sys.stderr)
                return 1
        started = time.monotonic()
        rounds = 0
        while time.monotonic() - started < args.seconds:
            current["data"] = mutate(rng.choice(pool), pool, rng)
            outcome, why = run_one(current["data"], Path(tmp), on_hard_stop)
            outcomes[outcome] += 1
            rounds += 1
            if why:
                findings += 1
                where = save(current["data"], why)
                print(f"fuzz: finding {findings}: {why.strip().splitlines()[-1]} (input: {where})", file=sys.stderr)
    elapsed = time.monotonic() - started
    summary = ", ".join(f"{name} {n}" for name, n in outcomes.most_common())
    print(f"fuzz: seed {seed}: {rounds} inputs in {elapsed:.0f} s ({rounds / elapsed:.0f}/s): {summary}; "
          f"{findings} findings")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
