"""Bounds on what one input file may cost: wall-clock time, memory, and inflated stream size.

pdfminer inflates every stream it reads fully in memory and parses in pure Python, so a hostile PDF can ask
for gigabytes or hours. `bound_stream_decoding` stops any stream that decodes past its limit, whatever its
filters; `guarded` bounds the time and memory of the whole extraction for whatever else gets through.
"""
from __future__ import annotations

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
MAX_OPERATORS_PER_PAGE = 2_000_000  # --max-operators-per-page: a dense page draws some 50,000
TIMEOUT_S = 600.0  # --timeout
MAX_MEMORY_MB = 4096  # --max-memory-mb
MAX_SHAPES_PER_PAGE = 20_000  # drawn shapes kept per page (tables need hundreds); text is read whatever the count
MAX_IMAGE_PIXELS = 150_000_000  # an image larger than this is not decoded for OCR (A4 at 1200 dpi is 140 million)
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


def bound_xref_chains() -> None:
    """pdfminer follows a file's chain of cross-reference sections (/Prev, /XRefStm) by recursion, so 5,000
    incremental updates overflow the stack and a /Prev that points back loops until it does; both files are
    valid for qpdf. Follow the chain with a list instead, each section once. Idempotent."""
    from pdfminer import pdfdocument as doc

    if getattr(doc.PDFDocument.read_xref_from, "bounded", False):
        return

    def read_xref_from(self, parser, start: int, xrefs: list) -> None:
        todo, seen = [start], set()
        while todo:
            pos = todo.pop()
            if pos in seen:
                continue  # a chain that points back: every section is read once
            seen.add(pos)
            parser.seek(pos)
            parser.reset()
            try:
                (token_pos, token) = parser.nexttoken()
            except doc.PSEOF as err:
                raise doc.PDFNoValidXRef("Unexpected EOF") from err
            if isinstance(token, int):  # a cross-reference stream (PDF 1.5)
                parser.seek(token_pos)
                parser.reset()
                xref = doc.PDFXRefStream()
            else:
                if token is parser.KEYWORD_XREF:
                    parser.nextline()
                xref = doc.PDFXRef()
            xref.load(parser)
            xrefs.append(xref)
            trailer = xref.get_trailer()
            # depth first, /XRefStm before /Prev, as pdfminer reads them
            if "Prev" in trailer:
                todo.append(doc.int_value(trailer["Prev"]))
            if "XRefStm" in trailer:
                todo.append(doc.int_value(trailer["XRefStm"]))

    read_xref_from.bounded = True
    doc.PDFDocument.read_xref_from = read_xref_from


class StreamTooLarge(BaseException):
    """A stream decodes to more than the limit. Not an Exception, so pdfminer's broad `except Exception` cannot
    swallow it; pipeline/pdf.py turns it into LimitExceeded."""


_STREAM_LIMIT = [0]  # bytes one stream may decode to, for the file being parsed; 0 = no limit
_CHUNK = 1 << 16


def bound_stream_decoding(max_bytes: int) -> None:
    """Bound what every stream pdfminer decodes may grow to, whatever its filters and however they are spelled
    (chains such as [/ASCIIHexDecode /FlateDecode], indirect or #xx-escaped names: pdfminer has resolved them by
    the time it decodes). The decoders that can multiply their input (Flate, LZW, RunLength) are replaced by ones
    that count and stop; the others cannot grow a stream more than fourfold."""
    _STREAM_LIMIT[0] = max_bytes
    from pdfminer import pdftypes

    if getattr(pdftypes, "_minutes_bounded", False):
        return
    pdftypes.zlib = _BoundedZlib()
    pdftypes.decompress_corrupted = _bounded_corrupted
    pdftypes.lzwdecode = _bounded_lzw
    pdftypes.rldecode = _bounded_runlength
    pdftypes._minutes_bounded = True


def bound_shapes_per_page(max_shapes: int = MAX_SHAPES_PER_PAGE) -> None:
    """Keep the first `max_shapes` paths a page draws and drop the rest: a page of 10^6 rectangles would otherwise
    become 10^6 layout objects (2 GB); its text, and the rules and boxes of its tables, are kept."""
    from pdfminer import converter

    if getattr(converter, "_minutes_shapes_bounded", False):
        return
    analyzer = converter.PDFLayoutAnalyzer
    begin_page, paint_path = analyzer.begin_page, analyzer.paint_path

    def begin(self, page, ctm):
        self._minutes_shapes = 0
        begin_page(self, page, ctm)

    def paint(self, gstate, stroke, fill, evenodd, path):
        self._minutes_shapes = getattr(self, "_minutes_shapes", 0) + 1
        if self._minutes_shapes <= max_shapes:
            paint_path(self, gstate, stroke, fill, evenodd, path)

    analyzer.begin_page, analyzer.paint_path = begin, paint
    converter._minutes_shapes_bounded = True


def _check_size(size: int) -> None:
    if _STREAM_LIMIT[0] and size > _STREAM_LIMIT[0]:
        raise StreamTooLarge(_STREAM_LIMIT[0])


def _counted(pieces: Iterator[bytes]) -> None:
    """Count what a decoder yields, holding one piece at a time: a bomb is refused using almost no memory, before
    anything is decoded for real."""
    total = 0
    for piece in pieces:
        total += len(piece)
        _check_size(total)


def _inflated_pieces(data: bytes) -> Iterator[bytes]:
    """What zlib data inflates to, a piece at a time, as far as it can be read (a damaged tail ends it)."""
    inflater = zlib.decompressobj()
    try:
        for i in range(0, len(data), _CHUNK):
            chunk = data[i:i + _CHUNK]
            while chunk and not inflater.eof:
                yield inflater.decompress(chunk, _CHUNK)
                chunk = inflater.unconsumed_tail
    except zlib.error:
        return


class _BoundedZlib:
    """What pdftypes uses of zlib, with `decompress` counted first."""
    error = zlib.error

    @staticmethod
    def decompress(data: bytes) -> bytes:
        if _STREAM_LIMIT[0]:
            _counted(_inflated_pieces(data))
        return zlib.decompress(data)

    def __getattr__(self, name):
        return getattr(zlib, name)


def _bounded_corrupted(data: bytes) -> bytes:
    """What a stream with a broken checksum inflates to, as far as it can be read (pdfminer's own version
    inflates byte by byte into a growing string: quadratic and unbounded)."""
    if _STREAM_LIMIT[0]:
        _counted(_inflated_pieces(data))
    return b"".join(_inflated_pieces(data))


def _bounded_lzw(data: bytes) -> bytes:
    import io

    from pdfminer.lzw import LZWDecoder

    if _STREAM_LIMIT[0]:
        _counted(LZWDecoder(io.BytesIO(data)).run())
    return b"".join(LZWDecoder(io.BytesIO(data)).run())


def _bounded_runlength(data: bytes) -> bytes:
    """RunLengthDecode (PDF 1.7, 7.4.5): a length byte n < 128 copies the next n + 1 bytes, n > 128 repeats the
    next byte 257 - n times, 128 ends the data."""
    runs = []  # (start, end, times) of the input
    size = i = 0
    while i < len(data) and data[i] != 128:
        n = data[i]
        run = (i + 1, i + 2 + n, 1) if n < 128 else (i + 1, i + 2, 257 - n)
        size += (min(run[1], len(data)) - run[0]) * run[2]
        _check_size(size)
        runs.append(run)
        i = run[1]
    return b"".join(data[s:e] * times for s, e, times in runs)


