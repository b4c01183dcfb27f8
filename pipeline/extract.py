"""One PDF -> one Record: composes the stages. The CLI and the batch runner call `extract_file`."""
from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline import __version__
from pipeline.pdf import Limits, Page, extract_pages, read_pdf_bytes
from pipeline.records import Extractor, Meeting, Record, Source


def pages_text(pages: list[Page]) -> tuple[str, list[int]]:
    """The document text (lines joined by newlines, pages by form feeds) and each page's start offset."""
    parts, starts, pos = [], [], 0
    for i, page in enumerate(pages):
        if i:
            parts.append("\f")
            pos += 1
        starts.append(pos)
        body = "\n".join(ln.text for ln in page.lines)
        parts.append(body)
        pos += len(body)
    return "".join(parts), starts


def extract_file(path: Path, ocr: str = "auto", workers: int = 1, limits: Limits | None = None) -> Record:
    limits = limits or Limits()
    data = read_pdf_bytes(Path(path), limits)
    pages = extract_pages(data, str(path), ocr=ocr, workers=workers, limits=limits)
    return build_record(pages, str(path), hashlib.sha256(data).hexdigest())


def build_record(pages: list[Page], path: str, sha256: str) -> Record:
    text, _ = pages_text(pages)
    source = Source(path=path, sha256=sha256, pages=len(pages), ocr_pages=[p.number for p in pages if p.ocr],
                    extractor=Extractor(name="minutes", version=__version__))
    return Record(id=sha256, source=source, meeting=Meeting(), text=text)


def warm_up() -> None:
    """Build per-process state once, before the first file (batch workers call this in their initializer)."""
    import pdfplumber  # noqa: F401  the PDF stage imports it lazily; later stages add their models here
