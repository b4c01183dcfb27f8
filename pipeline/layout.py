"""The layout types every stage shares: a page of lines in reading order, each line with its box and type face.

pipeline/pdf.py builds them from the text layer, pipeline/ocr.py from Tesseract's words; both group words into
lines with `words_to_lines`. Boxes are PDF points from the page's top-left corner.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# Words further apart than this many font sizes are separate cells of a table row; the line's text marks the
# gap with CELL_SEPARATOR.
CELL_GAP = 1.8
CELL_SEPARATOR = "   "


@dataclass
class Line:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    font_size: float = 0.0
    bold: bool = False
    # the box of each whitespace-separated word of `text`, in order: where on the page a span of the line lies
    words: tuple[tuple[float, float, float, float], ...] = ()

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.x0, self.top, self.x1, self.bottom

    @property
    def cells(self) -> list[str]:
        """The line's table cells: its words split where the gap between them was wide."""
        return [c.strip() for c in self.text.split(CELL_SEPARATOR) if c.strip()]


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    ocr: bool = False
    image_cover: float = 0.0  # share of the page area covered by images (a scan is ~1.0)
    curves: int = 0  # vector curves drawn on the page (text converted to outlines is drawn so)
    image_pixels: int = 0  # pixels of its largest image, as declared
    unread_image: bool = False  # OCR was wanted, but its image is over guard.MAX_IMAGE_PIXELS: not decoded
    user_unit: float = 1.0  # /UserUnit: one unit of the page's space is this many 72nds of an inch


def words_to_lines(words: list[dict]) -> list[Line]:
    """Group word boxes (pdfplumber or OCR) into lines: same baseline band, sorted left to right."""
    words = [w for w in (dict(w, text=valid_unicode(w["text"])) for w in words) if w["text"]]
    rows: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        height = max(w["bottom"] - w["top"], 1.0)
        for row in rows[-3:]:
            ref = row[0]
            if abs(ref["top"] - w["top"]) <= 0.5 * height and not _overlaps(row, w):
                row.append(w)
                break
        else:
            rows.append([w])
    lines = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        size = max((w.get("size") or (w["bottom"] - w["top"])) for w in row)
        parts = [row[0]["text"]]
        for prev, w in zip(row, row[1:]):
            gap = w["x0"] - prev["x1"]
            parts.append(CELL_SEPARATOR if gap > CELL_GAP * size else " ")
            parts.append(w["text"])
        bold = sum("bold" in (w.get("fontname") or "").lower() for w in row) > len(row) / 2
        boxes = tuple((w["x0"], w["top"], w["x1"], w["bottom"]) for w in row for _ in w["text"].split())
        lines.append(Line("".join(parts), row[0]["x0"], min(w["top"] for w in row), row[-1]["x1"],
                          max(w["bottom"] for w in row), float(size), bold, boxes))
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines


_SURROGATE = re.compile("[\ud800-\udfff]")
_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")


def valid_unicode(text: str) -> str:
    """Lone surrogates (a broken ToUnicode map can yield U+D800) replaced by U+FFFD: no later stage, and no record
    writer, has to cope with text that cannot be encoded. Zero-width spaces and joiners (Google Docs and web
    exports scatter them) dropped: they split words and names no reader sees; soft hyphens made visible or dropped."""
    text = _ZERO_WIDTH.sub("", _SURROGATE.sub("\ufffd", text)).strip()
    # a soft hyphen ending a word is the hyphen it shows ("kommune\xad" at a line's end, "300.000,\xad kr");
    # inside a word it is an invisible hyphenation point
    return re.sub(r"\xad+(?=\s|$)", "-", text).replace("\xad", "")


def _overlaps(row: list[dict], w: dict) -> bool:
    return any(w["x0"] < o["x1"] - 0.5 and o["x0"] < w["x1"] - 0.5 for o in row)
