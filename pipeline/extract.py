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
from pipeline.guard import MAX_IMAGE_PIXELS
from pipeline.meeting import kind_of, read_meeting, reference_date
from pipeline.nlp import ner_spans
from pipeline.participants import read_participants
from pipeline.layout import Page
from pipeline.pdf import Limits, extract_pages, read_pdf_bytes
from pipeline.records import (Box, Case, CaseItem, Entity, Extractor, Meeting, Participant, Placement, Record, Source,
                              Vote, Warning)
from pipeline.votes import VoteSpan, case_outcome, find_votes, votes_start
from pipeline.cases import find_cases, span_text
from pipeline.zones import Document, document_from_pages


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
        for p in people:  # those a notice lists are invited; nobody has attended yet, unless the minutes follow it
            p.status = "other" if p.status == "present" and not p.took_part else p.status
    try:
        spans = ner_spans(text)
    except ModelError as e:
        spans = []
        warnings.append(Warning(code="ner_unavailable", message=str(e)))
    ref = dt.date.fromisoformat(info.date) if info.date else reference_date(text, [c.year for c in case_spans if c.year])
    mentions = extract_entities(text, people, info.date, ref, spans, info.body, info.organization)

    notice = kind_of("", info.title) in ("innkalling", "saksliste")
    cases = [_case(doc, c, notice) for c in case_spans]
    case_bounds = sorted(((c.start, c.end, c.number) for c in case_spans if not c.listed_only), key=lambda b: b[0])
    participant_at = {(p.start, p.end): i for i, p in enumerate(people)}
    participant_named = {" ".join(p.name.split()).casefold(): i for i, p in reversed(list(enumerate(people)))}
    entities = [Entity(id=_entity_id(sha256, m.type, m.start, m.end), type=m.type, text=m.text, value=m.value,
                       number=m.number, currency=m.currency, start=m.start, end=m.end,
                       case=_case_at(m.start, case_bounds), source=m.source,
                       participant=participant_at.get((m.start, m.end), participant_named.get(str(m.value).casefold()))
                       if m.type == "PERSON" else None, **_placed(doc, m.start, m.end)) for m in mentions]
    participants = [Participant(name=p.name, status=p.status, role=p.role, party=p.party, municipality=p.municipality,
                                county=p.county, substitute_for=p.substitute_for, start=p.start, end=p.end,
                                **_placed(doc, p.start, p.end)) for p in people]
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


def _entity_id(sha256: str, kind: str, start: int, end: int) -> str:
    """The same for the same file, extractor version and span, whatever else a run finds."""
    return hashlib.sha1(f"{sha256}:{__version__}:{kind}:{start}:{end}".encode()).hexdigest()[:16]


def _placed(doc: Document, start: int, end: int) -> dict:
    """page, bbox and boxes of text[start:end]: one box per line, the bbox their union on the first page."""
    boxes = doc.boxes(start, end)
    if not boxes:
        return {"page": doc.page_of(start)}
    first = boxes[0][0]
    on_first = [b for page, b in boxes if page == first]
    bbox = (min(b[0] for b in on_first), min(b[1] for b in on_first), max(b[2] for b in on_first),
            max(b[3] for b in on_first))
    return {"page": first, "bbox": tuple(round(v, 2) for v in bbox),
            "boxes": [Box(page=page, bbox=tuple(round(v, 2) for v in b)) for page, b in boxes]}


def _placement(doc: Document, span: tuple[int, int] | None) -> Placement | None:
    return Placement(start=span[0], end=span[1], **_placed(doc, *span)) if span else None


def _heading_end(doc: Document, start: int) -> int:
    line = doc.line_at(start)
    return line.end if line and line.end > start else start + 1


def _vote(doc: Document, v: VoteSpan) -> Vote:
    return Vote(motion=v.motion, result=v.result, unanimous=v.unanimous, votes_for=v.votes_for, against=v.against,
                abstained=v.abstained, parties_for=v.parties_for, parties_against=v.parties_against,
                text=span_text(doc.text, v.start, v.end), **_placement(doc, (v.start, v.end)).model_dump())


def _case(doc: Document, c, notice: bool) -> Case:
    text = doc.text
    handling_start = votes_start(doc, c.heading_end, c.end, c.decision)
    # a notice records no votes of its meeting; a vote it quotes is an earlier meeting's
    every_vote = [] if c.listed_only or notice else find_votes(doc, handling_start, c.end)
    votes, items = every_vote, []
    for it in c.items:
        decision = span_text(text, *it["decision"]) if it["decision"] else None
        inside = [v for v in votes if it["start"] <= v.start < it["end"]]
        items.append(CaseItem(label=it["label"], title=it["title"], text=span_text(text, it["start"], it["end"]),
                              decision=decision or None, decision_box=_placement(doc, it["decision"]),
                              votes=[_vote(doc, v) for v in inside],
                              **_placed(doc, it["start"], _heading_end(doc, it["start"]))))
        votes = [v for v in votes if v not in inside]
    decision = span_text(text, *c.decision) if c.decision else None
    return Case(number=c.number, seq=c.seq, year=c.year, title=c.title, text=span_text(text, c.start, c.end),
                decision=decision or None, decision_box=_placement(doc, c.decision), items=items,
                votes=[_vote(doc, v) for v in votes], outcome=case_outcome(decision, every_vote, notice, "" if c.listed_only else span_text(text, handling_start, c.end),
                                         c.title),
                page_start=doc.page_of(c.start), page_end=doc.page_of(max(c.start, c.end - 1)), start=c.start,
                end=c.end, **_placed(doc, c.start, c.heading_end if c.heading_end > c.start else _heading_end(doc, c.start)))


def _page_warnings(pages: list[Page]) -> list[Warning]:
    out = []
    for p in pages:
        if p.unread_image:
            out.append(Warning(code="image_too_large", page=p.number,
                               message=f"page {p.number} holds an image of {p.image_pixels:,} pixels, over the "
                                       f"{MAX_IMAGE_PIXELS:,} that OCR decodes; it was not read"))
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
