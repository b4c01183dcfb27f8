"""pipeline/guard.py: decompression-bomb scan, time limit (soft and hard), memory limit."""
from __future__ import annotations

import resource
import signal
import threading
import time
import zlib

import pytest

from pipeline import guard
from pipeline.errors import LimitExceeded

MB = 2**20


def pdf_with_stream(raw: bytes, filters: bytes) -> bytes:
    return (b"%PDF-1.7\n4 0 obj\n<< /Length " + str(len(raw)).encode() + b" /Filter " + filters + b" >>\nstream\n"
            + raw + b"\nendstream\nendobj\n%%EOF\n")


def test_a_normal_stream_passes_and_a_bomb_is_refused():
    page = b"BT /F1 12 Tf 72 720 Td (Vedtak) Tj ET\n" * 1000
    guard.check_inflated_streams(pdf_with_stream(zlib.compress(page), b"/FlateDecode"), "ok.pdf", MB)
    bomb = zlib.compress(bytes(40 * MB))
    with pytest.raises(LimitExceeded, match=r"bomb.pdf: .* over 16 MB .*--max-stream-mb"):
        guard.check_inflated_streams(pdf_with_stream(bomb, b"/FlateDecode"), "bomb.pdf", 16 * MB)


def test_nested_flate_filters_are_counted_through():
    inner = zlib.compress(bytes(40 * MB))  # 40 KB that inflate to 40 MB, compressed once more
    data = pdf_with_stream(zlib.compress(inner), b"[/FlateDecode /Fl]")
    with pytest.raises(LimitExceeded):
        guard.check_inflated_streams(data, "double.pdf", 16 * MB)
    guard.check_inflated_streams(pdf_with_stream(zlib.compress(inner), b"[/FlateDecode /ASCII85Decode]"),
                                 "first-layer-only.pdf", 16 * MB)


def test_a_bomb_with_a_corrupt_tail_is_still_caught():
    """pdfminer keeps what inflates before a zlib error, so the scan must count it too."""
    bomb = zlib.compress(bytes(40 * MB))
    data = pdf_with_stream(bomb[:len(bomb) // 2] + b"\xff" * 64, b"/FlateDecode")
    with pytest.raises(LimitExceeded):
        guard.check_inflated_streams(data, "torn.pdf", 8 * MB)


def test_streams_that_are_not_flate_or_not_zlib_are_left_alone():
    guard.check_inflated_streams(pdf_with_stream(b"\xff\xd8\xff" + bytes(1000), b"/DCTDecode"), "jpeg.pdf", 10)
    guard.check_inflated_streams(pdf_with_stream(b"not zlib at all", b"/FlateDecode"), "junk.pdf", 10)
    guard.check_inflated_streams(b"%PDF-1.4 endstream stream\n" + zlib.compress(bytes(MB)), "no-dict.pdf", 10)


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
