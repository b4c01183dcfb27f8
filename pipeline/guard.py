"""Bounds on what one input file may cost: wall-clock time, memory, and inflated stream size.

pdfminer inflates every stream it reads fully in memory and parses in pure Python, so a hostile PDF can ask
for gigabytes or hours. `check_inflated_streams` refuses decompression bombs before parsing starts;
`guarded` bounds the time and memory of the whole extraction for whatever else gets through.
"""
from __future__ import annotations

import re
import signal
import threading
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from pipeline.errors import LimitExceeded

# Default limits for one input file (README "Limits"); the CLI flag after each raises it.
MAX_FILE_MB = 200  # --max-mb
MAX_PAGES = 2000  # --max-pages
MAX_CHARS_PER_PAGE = 200_000  # --max-chars-per-page
MAX_STREAM_MB = 256  # --max-stream-mb: what one compressed stream may inflate to
TIMEOUT_S = 600.0  # --timeout
MAX_MEMORY_MB = 4096  # --max-memory-mb
# After the soft deadline, code stuck in C (which a signal cannot interrupt) gets this long before the hard stop.
HARD_STOP_GRACE_S = 5.0


class _Deadline(BaseException):
    """Raised from SIGALRM. Not an Exception, so pdfminer's broad `except Exception` cannot swallow it."""


@contextmanager
def guarded(name: str, timeout_s: float, max_memory_mb: int,
            on_hard_stop: Callable[[LimitExceeded], None]) -> Iterator[None]:
    """Run the block under a time limit (0 = none) and a memory limit in MB (0 = none), raising LimitExceeded.

    The soft deadline raises inside the block (SIGALRM, main thread only). If the block is stuck in C code
    past the grace period, a watchdog thread calls `on_hard_stop` (which must end the process)."""
    time_error = LimitExceeded(f"{name}: took longer than the {timeout_s:g} s time limit (raise it with --timeout)")
    memory_error = LimitExceeded(
        f"{name}: needed more than the {max_memory_mb} MB memory limit (raise it with --max-memory-mb)")
    restore_memory = _limit_memory(max_memory_mb * 1024 * 1024) if max_memory_mb > 0 else None
    alarm = timeout_s > 0 and hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    if alarm:
        def on_alarm(signum, frame):
            raise _Deadline
        previous_handler = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout_s)
    watchdog = None
    if timeout_s > 0:
        watchdog = threading.Timer(timeout_s + HARD_STOP_GRACE_S, on_hard_stop, args=(time_error,))
        watchdog.daemon = True
        watchdog.start()
    try:
        try:
            yield
        finally:
            if alarm:  # disarmed inside the outer try: an alarm landing just after the block is still caught
                signal.setitimer(signal.ITIMER_REAL, 0)
    except _Deadline:
        raise time_error from None
    except MemoryError:
        raise memory_error from None
    finally:
        if alarm:
            signal.signal(signal.SIGALRM, previous_handler)
        if watchdog:
            watchdog.cancel()
        if restore_memory:
            restore_memory()


def _limit_memory(max_bytes: int) -> Callable[[], None] | None:
    """Cap the process's data segment (heap and private mappings; unlike RLIMIT_AS it ignores the address
    space that numpy and thread stacks reserve but never touch). Linux only; elsewhere no cap."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        new = max_bytes if hard == resource.RLIM_INFINITY else min(max_bytes, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (new, hard))
    except (ImportError, AttributeError, ValueError, OSError):
        return None
    return lambda: resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


_MAX_REFERENCE_CHAIN = 1000


def bound_reference_chains() -> None:
    """pdfminer resolves a reference until it gets a value, so an object that refers to itself (or a cycle of
    them) loops forever, even in a 1 KB file. Make a long unbroken run of references-to-references raise
    PDFSyntaxError instead. Idempotent; pdfminer's other callers of `resolve` are unaffected."""
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.pdftypes import PDFObjRef

    original = PDFObjRef.resolve
    if getattr(original, "bounded", False):
        return
    run = [0]  # references in a row that resolved to another reference

    def resolve(self, default=None):
        value = original(self, default)
        if not isinstance(value, PDFObjRef):
            run[0] = 0
            return value
        run[0] += 1
        if run[0] > _MAX_REFERENCE_CHAIN:
            run[0] = 0
            raise PDFSyntaxError(f"reference cycle through object {self.objid}")
        return value

    resolve.bounded = True
    PDFObjRef.resolve = resolve


# `stream` at the end of a stream dictionary (not the tail of `endstream`).
_STREAM_START = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+)")
_FILTER_NAME = re.compile(rb"/([^\s/\[\]<>()]+)")
_FLATE = {b"FlateDecode", b"Fl"}
_CHUNK = 1 << 16


def check_inflated_streams(data: bytes, name: str, max_bytes: int) -> None:
    """Raise LimitExceeded if any Flate-compressed stream inflates to more than `max_bytes`.

    Works on the raw bytes, inflating incrementally and counting, so it costs at most `max_bytes` of
    inflation per stream and almost no memory. Streams of encrypted files, or whose first filter is not
    Flate, cannot be checked here; the memory and time limits of `guarded` cover those."""
    view = memoryview(data)
    for match in _STREAM_START.finditer(data):
        depth = _leading_flate_filters(data[max(0, match.start() - 4096):match.start()])
        if not depth:
            continue
        size = _inflated_size(view[match.end():], depth, max_bytes)
        if size > max_bytes:
            raise LimitExceeded(
                f"{name}: a compressed stream inflates to over {max_bytes // 2**20} MB (decompression bomb?); "
                f"raise the limit with --max-stream-mb")


def _leading_flate_filters(before_stream: bytes) -> int:
    """How many Flate filters the stream dictionary just before `stream` applies first."""
    start = before_stream.rfind(b"obj")
    if start < 0 or b"<<" not in before_stream[start:]:
        return 0
    match = _FILTER.search(before_stream, start)
    if not match:
        return 0
    depth = 0
    for filter_name in _FILTER_NAME.findall(match.group(1)):
        if filter_name not in _FLATE:
            break
        depth += 1
    return depth


def _inflated_size(raw: memoryview, depth: int, stop_after: int) -> int:
    """Bytes that `depth` nested zlib layers over `raw` inflate to, counting no further than `stop_after`+1."""
    chunks: Iterator[bytes] = (bytes(raw[i:i + _CHUNK]) for i in range(0, len(raw), _CHUNK))
    for _ in range(depth):
        chunks = _inflate(chunks)
    total = 0
    try:
        for chunk in chunks:
            total += len(chunk)
            if total > stop_after:
                break
    except zlib.error:
        pass  # not (or no longer) valid zlib data: pdfminer recovers what it can, as far as we counted
    return total


def _inflate(chunks: Iterator[bytes]) -> Iterator[bytes]:
    inflater = zlib.decompressobj()
    for chunk in chunks:
        while not inflater.eof:
            out = inflater.decompress(chunk, _CHUNK)
            if not out:
                break
            yield out
            chunk = inflater.unconsumed_tail  # input held back because the output was capped
        if inflater.eof:
            return
