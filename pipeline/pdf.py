"""PDF -> pages of lines in reading order.

pdfplumber gives words with coordinates; we group them into lines, drop running headers, footers and
page numbers, join words hyphenated across a line break, and pair two-column label/value blocks
("Tid:" / "Sted:" above their values). Pages without a usable text layer go to pipeline/ocr.py.
"""
from __future__ import annotations

import re
import stat
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import EncryptedPdfError, InputError, LimitExceeded, PdfError
from pipeline import guard
from pipeline.layout import Line, Page, words_to_lines


@dataclass
class Limits:
    """What one input may cost (0: no limit). Defaults in pipeline/guard.py; the CLI flags in the messages
    raise them."""
    max_bytes: int = guard.MAX_FILE_MB * 2**20
    max_pages: int = guard.MAX_PAGES
    max_chars_per_page: int = guard.MAX_CHARS_PER_PAGE
    max_stream_bytes: int = guard.MAX_STREAM_MB * 2**20  # any compressed stream, inflated
    max_operators_per_page: int = guard.MAX_OPERATORS_PER_PAGE  # drawing operators, forms counted as drawn


WORD_GAP = 0.15
_MARGIN = 0.12  # top and bottom share of the page where running headers and footers live
_PAGE_NUMBER = re.compile(
    r"^(?:(?:side|page|s\.)\s*\d+(?:\s*(?:av|of|/)\s*\d+)?|[-–—]\s*\d+\s*[-–—]|\d+(?:\s*/\s*\d+)?)$", re.I
)
_NOT_JOINED_AFTER_HYPHEN = {"og", "eller", "samt", "som", "til", "and", "or", "enn"}


def read_pdf_bytes(path: Path, limits: Limits) -> bytes:
    """The file's bytes if it is a regular file within the size limit that looks like a complete PDF."""
    try:
        info = path.stat()
    except OSError as e:
        raise InputError(f"{path}: cannot read file ({e.strerror or e})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path}: is a folder, not a PDF file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{path}: not a regular file (a device, pipe or socket)")
    too_big = LimitExceeded(f"{path}: file is over the {limits.max_bytes / 2**20:.4g} MB size limit "
                            f"(raise it with --max-mb)")
    if limits.max_bytes and info.st_size > limits.max_bytes:
        raise too_big
    try:
        with path.open("rb") as f:
            data = f.read(limits.max_bytes + 1 if limits.max_bytes else -1)  # it may have grown since stat
    except OSError as e:
        raise InputError(f"{path}: cannot read file ({e.strerror or e})") from None
    if limits.max_bytes and len(data) > limits.max_bytes:
        raise too_big
    if not data:
        raise InputError(f"{path}: file is empty")
    other_format = _other_format(data)  # e.g. a ZIP holding a PDF: its %PDF- may be in the first 1024 bytes
    if other_format or b"%PDF-" not in data[:1024]:
        raise InputError(f"{path}: not a PDF file ({other_format or 'no %PDF- header'})")
    if b"%%EOF" not in data:
        raise PdfError(f"{path}: PDF is truncated (no %%EOF end marker); the copy or download is incomplete")
    return data


_MAGIC = {b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"PK\x03\x04": "a ZIP archive or Office file",
          b"GIF8": "a GIF image", b"II*\x00": "a TIFF image", b"MM\x00*": "a TIFF image", b"{\\rtf": "an RTF document",
          b"\xd0\xcf\x11\xe0": "an old Office document"}


def _other_format(data: bytes) -> str:
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return f"it looks like {kind}"
    if data[:512].lstrip().lower().startswith((b"<!doctype html", b"<html")):
        return "it looks like an HTML page"
    return ""


def _pdf_error(path: str, error: Exception, what: str) -> Exception:
    """A MinutesError for an exception from pdfplumber/pdfminer (which wraps and mixes many types)."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    while isinstance(error, PdfminerException) and error.args and isinstance(error.args[0], BaseException):
        error = error.args[0]
    if isinstance(error, MemoryError):
        return error  # the memory guard turns it into LimitExceeded
    if isinstance(error, RecursionError):
        return PdfError(f"{path}: {what}: objects nested too deep (a page tree or resources thousands of levels "
                        f"deep); no reader can follow it")
    if isinstance(error, PDFPasswordIncorrect):
        return EncryptedPdfError(f"{path}: PDF is encrypted with a password; decrypt it first "
                                 f"(e.g. qpdf --decrypt --password=... in.pdf out.pdf)")
    if isinstance(error, PDFEncryptionError):
        return EncryptedPdfError(f"{path}: PDF uses an encryption this tool cannot read ({_brief(error)})")
    return PdfError(f"{path}: {what} ({type(error).__name__}{': ' if str(error) else ''}{_brief(error)})")


def _close_quietly(pdf) -> None:
    """pdfplumber's close() walks the page tree again; on a broken tree that raises and would hide our error."""
    try:
        pdf.close()
    except Exception:
        pass


def _brief(error: BaseException) -> str:
    """pdfminer messages may quote whole streams; keep the first line, short."""
    text = str(error).strip().split("\n", 1)[0]
    return text if len(text) <= 160 else text[:157] + "..."


def extract_pages(data: bytes, path: str, ocr: str = "auto", workers: int = 1,
                  limits: Limits | None = None) -> list[Page]:
    """Parse PDF bytes (read with `read_pdf_bytes`) into pages of clean lines. `ocr` is auto | always | never.
    `path` only names the file in error messages."""
    limits = limits or Limits()
    guard.bound_reference_chains()
    guard.bound_xref_chains()
    guard.bound_stream_decoding(limits.max_stream_bytes)
    guard.bound_shapes_per_page()
    try:
        return _parsed_pages(data, path, ocr, workers, limits)
    except guard.StreamTooLarge:
        raise LimitExceeded(f"{path}: a stream decodes to over {limits.max_stream_bytes / 2**20:.4g} MB "
                            f"(decompression bomb?); raise the limit with --max-stream-mb") from None


def _parsed_pages(data: bytes, path: str, ocr: str, workers: int, limits: Limits) -> list[Page]:
    import io

    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as e:  # pdfminer raises many unrelated types for broken files
        raise _pdf_error(path, e, "cannot parse PDF") from None
    try:
        try:
            n_pages = len(pdf.pages)
        except Exception as e:
            raise _pdf_error(path, e, "cannot read the page tree") from None
        if n_pages == 0:
            raise PdfError(f"{path}: PDF has no pages")
        if limits.max_pages and n_pages > limits.max_pages:
            raise LimitExceeded(f"{path}: {n_pages} pages, over the {limits.max_pages}-page limit "
                                f"(raise it with --max-pages)")
        pages = []
        for number, page in enumerate(pdf.pages, 1):
            try:
                lines = _page_lines(page, limits)
                cover = _image_cover(page)
                pages.append(Page(number, float(page.width), float(page.height), lines, image_cover=cover,
                                  curves=len(page.objects.get("curve", ())), image_pixels=_largest_image(page),
                                  user_unit=_user_unit(page)))
            except LimitExceeded as e:
                raise LimitExceeded(f"{path}: {e}") from None
            except Exception as e:
                raise _pdf_error(path, e, f"cannot read page {number}") from None
            page.close()  # frees pdfplumber's per-page caches on long documents
    finally:
        _close_quietly(pdf)
    if ocr != "never":
        from pipeline import ocr as ocr_stage

        todo = [p.number for p in pages if ocr == "always" or ocr_stage.text_layer_problem(p) is not None]
        # a scan that carries its scanner's own OCR layer is read again; the better reading is kept
        rescans = {p.number for p in pages if p.number not in todo and ocr_stage.is_scanner_layer(p)}
        # an image of billions of pixels would take gigabytes to decode for OCR, whatever the page's size
        for number in [*todo, *rescans]:
            pages[number - 1].unread_image = pages[number - 1].image_pixels > guard.MAX_IMAGE_PIXELS
        todo = [n for n in todo if not pages[n - 1].unread_image]
        rescans = {n for n in rescans if not pages[n - 1].unread_image}
        if todo or rescans:
            units = {p.number: p.user_unit for p in pages if p.user_unit != 1.0}
            for number, lines in ocr_stage.ocr_pages(data, todo + sorted(rescans), workers=workers,
                                                     user_units=units).items():
                page = pages[number - 1]
                if number in rescans and not ocr_stage.reads_better(lines, page.lines):
                    continue
                page.lines, page.ocr = lines, True
    clean_pages(pages)
    return pages


_STRING = re.compile(rb"\((?:[^()\\]|\\.)*\)|<[0-9A-Fa-f\s]*>")
_OPERATOR = re.compile(rb"(?<![\w/.+\-#])(?:[A-Za-z][A-Za-z0-9*]{0,2}|'|\")(?![\w#])")
_DRAW_FORM = re.compile(rb"/([^\s/\[\]<>()]+)\s+Do(?![\w])")


def _page_cost(page) -> tuple[int, int]:
    """(fewest characters, operators) the page shows when drawn, form XObjects counted each time they are drawn
    (a form drawn a thousand times that draws another a thousand times is a million draws). The fewest characters:
    every literal string byte pair and every four hex digits is one character at least (two-byte fonts). Counted on
    the decoded content streams, so a page over a limit is refused before pdfplumber builds an object for each
    character or pdfminer interprets each operator."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import LIT

    costs: dict[int, tuple[int, int]] = {}

    def data_of(stream) -> bytes:
        return stream.get_data() if hasattr(stream, "get_data") else b""

    def cost(data: bytes, resources, depth: int) -> tuple[int, int]:
        chars = sum((len(m.group()) - 2) // 2 if m.group()[:1] == b"(" else
                    len(re.sub(rb"\s", b"", m.group()[1:-1])) // 4 for m in _STRING.finditer(data))
        operators = len(_OPERATOR.findall(_STRING.sub(b" ", data)))
        xobjects = resolve1((resolve1(resources) or {}).get("XObject")) or {}
        for name in _DRAW_FORM.findall(data):
            ref = xobjects.get(name.decode("latin-1"))
            form = resolve1(ref)
            if depth > 30 or not hasattr(form, "attrs") or form.attrs.get("Subtype") is not LIT("Form"):
                continue
            key = id(form)
            if key not in costs:
                costs[key] = (0, 0)  # a form that draws itself counts once
                costs[key] = cost(data_of(form), form.attrs.get("Resources") or resources, depth + 1)
            chars, operators = chars + costs[key][0], operators + costs[key][1]
        return chars, operators

    total_chars = total_operators = 0
    for ref in page.page_obj.contents or ():
        stream = resolve1(ref)
        key = id(stream)
        if key not in costs:  # a Contents array may list one stream ten thousand times: scanned once
            costs[key] = cost(data_of(stream), page.page_obj.resources, 0)
        total_chars, total_operators = total_chars + costs[key][0], total_operators + costs[key][1]
    return total_chars, total_operators


def _page_lines(page, limits: Limits) -> list[Line]:
    if limits.max_chars_per_page or limits.max_operators_per_page:
        fewest, operators = _page_cost(page)
        if limits.max_chars_per_page and fewest > limits.max_chars_per_page:
            raise LimitExceeded(f"page {page.page_number} has over {fewest} characters, over the "
                                f"{limits.max_chars_per_page} limit (raise it with --max-chars-per-page)")
        if limits.max_operators_per_page and operators > limits.max_operators_per_page:
            raise LimitExceeded(f"page {page.page_number} draws {operators} operators, over the "
                                f"{limits.max_operators_per_page} limit (raise it with --max-operators-per-page)")
    chars = page.chars
    if limits.max_chars_per_page and len(chars) > limits.max_chars_per_page:
        raise LimitExceeded(f"page {page.page_number} has {len(chars)} characters, over the "
                            f"{limits.max_chars_per_page} limit (raise it with --max-chars-per-page)")
    # a word ends where the gap to the next character is over 15% of the font size: pdfplumber's fixed 3 pt runs
    # words together in small or tightly set type ("Behandling avårsregnskap" at 9 pt)
    from pdfplumber.utils import extract_words

    words = extract_words(_without_overprint(chars), extra_attrs=["size", "fontname"], keep_blank_chars=False,
                          use_text_flow=False, x_tolerance_ratio=WORD_GAP)
    return words_to_lines(words)


def _without_overprint(chars: list[dict]) -> list[dict]:
    """The characters once each: word processors make bold by drawing a glyph twice a fraction of a point apart,
    which a text layer reads as "TTiill sstteeddee". A glyph of the same text, font and size less than half its
    width from one already kept is such a copy; the second l of "Ellingsen" is a glyph's width away. (pdfplumber's
    dedupe_chars does this in quadratic time.)"""
    if len({(c["text"], round(c["x0"]), round(c["top"])) for c in chars}) == len(chars):
        return chars  # no two glyphs alike within a point: nothing is drawn twice (most pages; the check is cheap)
    kept: dict[tuple, list[tuple[float, float]]] = {}
    out = []
    for c in chars:
        x, top = c["x0"], c["top"]
        key = (c["text"], c["fontname"], round(c["size"], 1))
        near = min(1.0, 0.5 * (c["x1"] - x))
        cell = (round(x), round(top))
        if any(abs(x - kx) < near and abs(top - kt) < 1.0
               for dx in (-1, 0, 1) for dy in (-1, 0, 1)
               for kx, kt in kept.get((*key, cell[0] + dx, cell[1] + dy), ())):
            continue
        kept.setdefault((*key, *cell), []).append((x, top))
        out.append(c)
    return out


def _user_unit(page) -> float:
    """The page's /UserUnit (PDF 1.6: its unit is that many 72nds of an inch), 1 where it is absent or nonsense."""
    try:
        from pdfminer.pdftypes import resolve1

        unit = float(resolve1(page.page_obj.attrs.get("UserUnit", 1.0)))
    except (TypeError, ValueError):
        return 1.0
    return unit if 0 < unit < 1e6 else 1.0


def _largest_image(page) -> int:
    """Pixels of the page's largest image, as its dictionary declares them (nothing is decoded)."""
    sizes = [im.get("srcsize") or (0, 0) for im in page.images]
    return max((int(w or 0) * int(h or 0) for w, h in sizes), default=0)


def _image_cover(page) -> float:
    area = float(page.width * page.height) or 1.0
    covered = 0.0
    for im in page.images:
        w = max(0.0, min(im["x1"], page.width) - max(im["x0"], 0))
        h = max(0.0, min(im["bottom"], page.height) - max(im["top"], 0))
        covered += w * h
    return min(1.0, covered / area)


def quiet_pdf_loggers() -> None:
    """pdfminer logs every odd object of a damaged PDF; the pipeline reports problems as errors and warnings."""
    import logging

    for name in ("pdfminer", "pdfplumber"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def clean_pages(pages: list[Page]) -> None:
    """Drop running headers/footers and page numbers, join hyphenation, pair label/value blocks."""
    _drop_running_lines(pages)
    for page in pages:
        page.lines = _pair_label_blocks(_join_hyphenation(page.lines))


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text.casefold()).strip()


def _in_margin(line: Line, page: Page) -> bool:
    return line.top < page.height * _MARGIN or line.bottom > page.height * (1 - _MARGIN)


def _drop_running_lines(pages: list[Page]) -> None:
    """A margin line is running when its shape repeats on at least half the pages, or it is a page number.
    The first page keeps its running header: there it is the letterhead, the only place that names the
    organisation in many minutes."""
    counts: Counter = Counter()
    for page in pages:
        counts.update({_shape(ln.text) for ln in page.lines if _in_margin(ln, page)})
    threshold = max(2, (len(pages) + 1) // 2)
    for i, page in enumerate(pages):
        page.lines = [
            ln for ln in page.lines
            if not (_in_margin(ln, page)
                    and ((len(pages) > 1 and counts[_shape(ln.text)] >= threshold
                          and not (i == 0 and ln.bottom < page.height * _MARGIN))
                         or _PAGE_NUMBER.match(ln.text.strip())))
        ]


def _join_hyphenation(lines: list[Line]) -> list[Line]:
    """'kommune-' + 'styret ...' -> 'kommunestyret' + '...'; keeps 'Helse- og omsorgsdepartementet'."""
    out = list(lines)
    for i in range(len(out) - 1):
        cur, nxt = out[i], out[i + 1]
        m = re.search(r"(\w)-$", cur.text)
        if not m or not nxt.text or not nxt.text[0].islower() or "   " in cur.text[-30:]:
            continue
        first, _, rest = nxt.text.partition(" ")
        if first.lower() in _NOT_JOINED_AFTER_HYPHEN or not first[0].isalpha():
            continue
        word = re.sub(r"[.,;:!?)]+$", "", first)
        tail = first[len(word):]
        out[i] = Line(cur.text[:-1] + word + tail, cur.x0, cur.top, cur.x1, cur.bottom, cur.font_size, cur.bold,
                      cur.words)
        out[i + 1] = Line(rest.lstrip(), nxt.x0, nxt.top, nxt.x1, nxt.bottom, nxt.font_size, nxt.bold, nxt.words[1:])
    return [ln for ln in out if ln.text.strip()]


_BARE_LABEL = re.compile(r"^[A-ZÆØÅ][\wæøåÆØÅ .\-/]{1,24}:$")


def _pair_label_blocks(lines: list[Line]) -> list[Line]:
    """Two-column forms flattened to a column of labels followed by a column of values:
    'Tid:' 'Sted:' 'Torsdag 23.11.2017 ...' 'Drammen rådhus' -> 'Tid: Torsdag ...' 'Sted: Drammen rådhus'."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        j = i
        # a blank line ends the column of labels: "Møtedato:" ... "Møteslutt:", a gap, then "Tilstede:" and its list
        while j < len(lines) and _BARE_LABEL.match(lines[j].text.strip()) \
                and (j == i or lines[j].top - lines[j - 1].top <= 1.8 * max(1.0, lines[j - 1].bottom - lines[j - 1].top)):
            j += 1
        n = j - i
        values = lines[j:j + n]
        if n >= 2 and len(values) == n and not any(_BARE_LABEL.match(v.text.strip()) or v.text.rstrip().endswith(":")
                                                    for v in values):
            for label, value in zip(lines[i:j], values):
                out.append(Line(f"{label.text.strip()} {value.text.strip()}", label.x0, label.top, value.x1,
                                label.bottom, label.font_size, label.bold, label.words + value.words))
            i = j + n
        else:
            out.extend(lines[i:max(j, i + 1)])
            i = max(j, i + 1)
    return out
