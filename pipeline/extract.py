"""One PDF -> one Record: composes the stages. The CLI and the batch runner call `extract_file`."""
from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from pathlib import Path

from pipeline import __version__
from pipeline.amounts import find_damaged_numbers
from pipeline.entities import extract_entities
from pipeline.errors import ModelError
from pipeline.meeting import kind_of, read_meeting, reference_date
from pipeline.nlp import ner_spans
from pipeline.participants import read_participants
from pipeline.layout import Page
from pipeline.pdf import Limits, extract_pages, read_pdf_bytes
from pipeline.records import Case, CaseItem, Entity, Extractor, Meeting, Participant, Record, Source, Warning
from pipeline.cases import find_cases, span_text
from pipeline.zones import document_from_pages


def extract_file(path: Path, ocr: str = "auto", workers: int = 1, limits: Limits | None = None) -> Record:
    limits = limits or Limits()
    data = read_pdf_bytes(Path(path), limits)
    pages = extract_pages(data, str(path), ocr=ocr, workers=workers, limits=limits)
    return build_record(pages, str(path), hashlib.sha256(data).hexdigest())


def _page_of(offset: int, page_starts: list[int]) -> int:
    return bisect.bisect_right(page_starts, offset)


def build_record(pages: list[Page], path: str, sha256: str) -> Record:
    doc = document_from_pages(pages)
    text, page_starts = doc.text, doc.page_starts
    source = Source(path=path, sha256=sha256, pages=len(pages), ocr_pages=[p.number for p in pages if p.ocr],
                    extractor=Extractor(name="minutes", version=__version__))
    warnings: list[Warning] = []
    case_spans = find_cases(doc)
    info = read_meeting(doc, [c.year for c in case_spans if c.year])
    warnings += [Warning(code=code, message=msg, page=1) for code, msg in info.warnings]
    people = read_participants(doc)
    if kind_of("", info.title) in ("innkalling", "saksliste"):  # the title, not an agenda item, says so
        for p in people:  # those a notice lists are invited; nobody has attended yet
            p.status = "other" if p.status == "present" else p.status
    try:
        spans = ner_spans(text)
    except ModelError as e:
        spans = []
        warnings.append(Warning(code="ner_unavailable", message=str(e)))
    ref = dt.date.fromisoformat(info.date) if info.date else reference_date(text, [c.year for c in case_spans if c.year])
    mentions = extract_entities(text, people, info.date, ref, spans, info.body, info.organization)

    cases = [_case(text, c, page_starts) for c in case_spans]
    case_bounds = sorted(((c.start, c.end, c.number) for c in case_spans if not c.listed_only), key=lambda b: b[0])
    entities = [Entity(type=m.type, text=m.text, value=m.value, id=m.id, currency=m.currency,
                       page=_page_of(m.start, page_starts), start=m.start, end=m.end,
                       case=_case_at(m.start, case_bounds)) for m in mentions]
    participants = [Participant(name=p.name, status=p.status, role=p.role, party=p.party, municipality=p.municipality,
                                county=p.county, substitute_for=p.substitute_for, page=_page_of(p.start, page_starts))
                    for p in people]
    warnings += _page_warnings(pages)
    warnings += [Warning(code="damaged_number", page=_page_of(start, page_starts),
                         message=f"{text[start:end]!r}: more numbers than the table has columns; digits may be lost")
                 for start, end in find_damaged_numbers(text)]
    meeting = Meeting(title=info.title, kind=info.kind, body=info.body, organization=info.organization, date=info.date,
                      start_time=info.start_time, end_time=info.end_time, location=info.location,
                      language=info.language)
    return Record(id=sha256, source=source, meeting=meeting, participants=participants, cases=cases,
                  entities=entities, text=text, warnings=warnings)


def _case_at(offset: int, bounds: list[tuple[int, int, str]]) -> str | None:
    for start, end, number in bounds:
        if start <= offset < end:
            return number
    return None


def _case(text: str, c, page_starts: list[int]) -> Case:
    items = []
    for it in c.items:
        decision = span_text(text, *it["decision"]) if it["decision"] else None
        items.append(CaseItem(label=it["label"], title=it["title"], text=span_text(text, it["start"], it["end"]),
                              decision=decision or None))
    decision = span_text(text, *c.decision) if c.decision else None
    return Case(number=c.number, seq=c.seq, year=c.year, title=c.title, text=span_text(text, c.start, c.end),
                decision=decision or None, items=items, page_start=_page_of(c.start, page_starts),
                page_end=_page_of(max(c.start, c.end - 1), page_starts), start=c.start, end=c.end)


def _page_warnings(pages: list[Page]) -> list[Warning]:
    out = []
    for p in pages:
        chars = sum(len(ln.text) for ln in p.lines)
        if chars < 40:
            out.append(Warning(code="near_empty_page", message=f"page {p.number} has {chars} characters of text",
                               page=p.number))
    return out


def warm_up() -> None:
    """Build per-process state once, before the first file (batch workers call this in their initializer)."""
    import pdfplumber  # noqa: F401

    from pipeline.pdf import quiet_pdf_loggers

    quiet_pdf_loggers()

    from pipeline.nlp import load_ner, vote_asked
    from pipeline.names import common_words, given_names
    from pipeline.places import gazetteer

    gazetteer()
    given_names()
    common_words()
    try:
        load_ner(vote_asked())
    except ModelError:
        pass  # extract_file records the missing model as a warning on each record
