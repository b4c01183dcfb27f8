"""pipeline/guard.py: streams bounded as they decode, time limit (soft and hard), memory limit."""
from __future__ import annotations

import binascii
import resource
import signal
import threading
import time
import zlib

import pytest

from pipeline import guard
from pipeline.errors import LimitExceeded
from pipeline.pdf import Limits, extract_pages
from tests.pdfs import handmade_pdf, stream

MB = 2**20


def page_with_contents(contents: bytes, filters: bytes, *more: bytes) -> bytes:
    """A one-page PDF whose content stream carries `filters` (a name, an array or a reference)."""
    return handmade_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        stream(contents, b"/Filter " + filters + b" "),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *more,
    ])


def parse(data: bytes, stream_mb: int = 16):
    return extract_pages(data, "x.pdf", ocr="never", limits=Limits(max_stream_bytes=stream_mb * MB))


PAGE = b"BT /F1 12 Tf 72 720 Td (Vedtak: enstemmig vedtatt) Tj ET\n"
BOMB = zlib.compress(PAGE + b" " * (40 * MB))  # a valid page that decodes to 40 MB


@pytest.mark.parametrize("name, contents, filters, more", [
    ("flate", BOMB, b"/FlateDecode", ()),
    ("a chain", binascii.hexlify(BOMB) + b">", b"[/ASCIIHexDecode /FlateDecode]", ()),
    ("an indirect filter", BOMB, b"6 0 R", (b"/FlateDecode",)),
    ("an escaped name", BOMB, b"/Fl#61teDecode", ()),
    ("a broken checksum", BOMB[:-4] + b"\xff\xff\xff\xff", b"/FlateDecode", ()),
    ("run length", bytes([len(PAGE) - 1]) + PAGE + bytes([129, 32]) * (40 * MB // 128) + b"\x80",
     b"/RunLengthDecode", ()),
])
def test_a_stream_that_decodes_past_the_limit_is_refused_however_its_filters_are_written(name, contents,
                                                                                         filters, more):
    with pytest.raises(LimitExceeded, match=r"x.pdf: a stream decodes to over 16 MB .*--max-stream-mb"):
        parse(page_with_contents(contents, filters, *more))


def test_streams_within_the_limit_are_read_through_their_filters():
    for contents, filters in ((zlib.compress(PAGE), b"/FlateDecode"),
                              (binascii.hexlify(zlib.compress(PAGE)) + b">", b"[/AHx /Fl]"),
                              (bytes([len(PAGE) - 1]) + PAGE + b"\x80", b"/RunLengthDecode")):
        (page,) = parse(page_with_contents(contents, filters))
        assert [ln.text for ln in page.lines] == ["Vedtak: enstemmig vedtatt"], filters


def test_time_limit_stops_python_code_even_under_broad_excepts():
    start = time.monotonic()
    with pytest.raises(LimitExceeded, match=r"slow.pdf: took longer than the 0.3 s time limit .*--timeout"):
        with guard.guarded("slow.pdf", 0.3, 0, on_hard_stop=lambda error: None):
            while True:
                try:
                    sum(range(1000))
                except Exception:  # pdfminer has many of these; they must not swallow the deadline
                    pass
    assert time.monotonic() - start < 3
    assert signal.getsignal(signal.SIGALRM) is not None and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_hard_stop_when_the_deadline_cannot_interrupt(monkeypatch):
    """Code stuck where no signal reaches it (here: SIGALRM blocked) gets the watchdog after the grace period."""
    monkeypatch.setattr(guard, "HARD_STOP_GRACE_S", 0.2)
    stopped = threading.Event()
    seen = []

    def on_hard_stop(error: LimitExceeded) -> None:
        seen.append(error)
        stopped.set()

    with pytest.raises(LimitExceeded):
        with guard.guarded("stuck.pdf", 0.2, 0, on_hard_stop=on_hard_stop):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            try:
                assert stopped.wait(5)
            finally:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})  # the pending alarm now lands
            time.sleep(5)
    assert "stuck.pdf: took longer" in str(seen[0])


def test_no_hard_stop_when_the_block_ends_in_time(monkeypatch):
    monkeypatch.setattr(guard, "HARD_STOP_GRACE_S", 0.1)
    seen = []
    with guard.guarded("quick.pdf", 0.2, 0, on_hard_stop=seen.append):
        pass
    time.sleep(0.5)
    assert seen == []


def test_memory_limit_turns_a_big_allocation_into_limit_exceeded():
    with open("/proc/self/status") as f:
        data_mb = next(int(line.split()[1]) for line in f if line.startswith("VmData:")) // 1024
    before = resource.getrlimit(resource.RLIMIT_DATA)
    with pytest.raises(LimitExceeded, match=r"big.pdf: needed more than the \d+ MB memory limit .*--max-memory-mb"):
        with guard.guarded("big.pdf", 0, data_mb + 100, on_hard_stop=lambda error: None):
            bytearray(400 * MB)
    assert resource.getrlimit(resource.RLIMIT_DATA) == before
    bytearray(400 * MB)  # the limit is gone again


def test_reference_cycles_raise_instead_of_looping():
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.pdftypes import PDFObjRef, resolve1

    class Document:
        def getobj(self, objid):
            return {1: PDFObjRef(self, 2), 2: PDFObjRef(self, 1), 3: PDFObjRef(self, 4), 4: "value"}[objid]

    guard.bound_reference_chains()
    guard.bound_reference_chains()  # idempotent
    document = Document()
    assert resolve1(PDFObjRef(document, 3)) == "value"
    with pytest.raises(PDFSyntaxError, match="reference cycle"):
        resolve1(PDFObjRef(document, 1))
    assert resolve1(PDFObjRef(document, 3)) == "value"


def lzw_encode(data: bytes) -> bytes:
    """LZWDecode data as pdfminer reads it (8-bit symbols, codes of 9-12 bits, most significant bit first)."""
    codes, table, width, word = [256], {bytes([i]): i for i in range(256)}, 9, b""
    out, bits, nbits = bytearray(), 0, 0

    def emit(code: int, size: int) -> None:
        nonlocal bits, nbits
        bits, nbits = (bits << size) | code, nbits + size
        while nbits >= 8:
            nbits -= 8
            out.append((bits >> nbits) & 0xFF)

    emit(256, 9)
    for byte in data:
        candidate = word + bytes([byte])
        if candidate in table:
            word = candidate
            continue
        emit(table[word], width)
        table[candidate] = len(table) + 2  # 256 and 257 are clear and end
        word = bytes([byte])
        if len(table) + 2 >= 4096:  # the table is full: clear it
            emit(256, width)
            table, width = {bytes([i]): i for i in range(256)}, 9
        elif len(table) + 2 >= 1 << width:  # the decoder, one entry behind, widens its codes after this one
            width += 1
    emit(table[word], width)
    emit(257, width)
    if nbits:
        emit(0, 8 - nbits)
    return bytes(out)


def test_an_lzw_bomb_is_refused_and_lzw_text_is_read():
    (page,) = parse(page_with_contents(lzw_encode(PAGE), b"/LZWDecode"))
    assert [ln.text for ln in page.lines] == ["Vedtak: enstemmig vedtatt"]
    with pytest.raises(LimitExceeded, match="over 1 MB .*--max-stream-mb"):
        parse(page_with_contents(lzw_encode(PAGE + b" " * (2 * MB)), b"/LZWDecode"), stream_mb=1)
