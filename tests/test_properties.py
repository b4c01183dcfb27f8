"""Property tests: random and mutated Norwegian minutes text through segmentation and entity extraction.

Whatever the text, building a record must not raise, and every offset must point into the record's text:
each entity's text is text[start:end] on the page it names, each case and item span lies inside the document.
"""
from __future__ import annotations

import bisect

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import guard
from pipeline.extract import build_record
from pipeline.zones import document_from_pages
from pipeline.layout import Line, Page
from pipeline.records import Record
from pipeline.cases import find_cases

pytestmark = pytest.mark.slow  # each test runs hundreds of examples: 10-20 s

FRAGMENTS = [
    "Møteprotokoll", "Møtebok", "Referat fra møte i Rådmannsgruppen 22. februar 2018", "Formannskapet",
    "Kommunestyret", "Utval for teknikk og miljø", "Møtedato:", "Møtedato: 12.03.2018", "Møtestad: Rådhuset",
    "Møtested:", "Tid:", "Tid: 09:00 - 11:15", "Fra - til: 18:00-21:30", "Sted:", "Drammen rådhus",
    "Møtende medlemmer:", "Forfall:", "Møtende varamedlemmer:", "Fra administrasjonen:", "Desse møtte:",
    "Kari Solberg Økland (H)", "Ola Nordmann, Ap", "Trond Julin for Kari Hansen", "leder", "nestleder", "ordfører",
    "PS 12/18", "PS 1/2019 Budsjett 2019", "Sak 03/2018", "Saksnr.", "45/17", "Sak 87-11", "RS 2/18", "Arkivsak:",
    "Vedtak:", "Innstilling:", "Behandling:", "Handsaming:", "Rådmannens forslag til vedtak:",
    "Enstemmig vedtatt.", "Samrøystes vedteke.", "vedtatt med 21 mot 6 stemmer", "kr 8 000 471", "- 380 173",
    "1,5 mill. kroner", "NOK 2 mrd", "700 tkr", "kr.", "14. juni 2018", "tysdag 3. mars", "23.11.2017", "2018",
    "A", "B)", "a.", "b)", "Røyken", "Asker", "Bærum kommune", "Viken fylkeskommune", "Buskerud", "Nord-Fron",
    "Norsk Helsenett", "KS", "NAV", "Helse- og omsorgsdepartementet", "Vestregionen", "Vestland fylkeskommune",
    "Side 2 av 5", "-", "–", ":", ",", "(", ")", "kommune-", "styret", "og", "i", "for",
]
WORD = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.from_regex(r"[0-9]{1,4}([./ -][0-9]{1,4}){0,2}", fullmatch=True),
    st.text(max_size=10),  # any characters, control characters and form feeds included
)
LINE = st.lists(WORD, max_size=10).map(" ".join)


@st.composite
def mutated(draw, lines: st.SearchStrategy[str]) -> str:
    """A line with characters deleted, inserted, duplicated or case-flipped: what broken text layers look like."""
    line = draw(lines)
    for _ in range(draw(st.integers(0, 3))):
        if not line:
            break
        i = draw(st.integers(0, len(line) - 1))
        j = draw(st.integers(i, min(len(line), i + 8)))
        edit = draw(st.sampled_from(["delete", "insert", "duplicate", "swapcase"]))
        if edit == "delete":
            line = line[:i] + line[j:]
        elif edit == "insert":
            line = line[:i] + draw(st.text(max_size=4)) + line[i:]
        elif edit == "duplicate":
            line = line[:j] + line[i:j] + line[j:]
        else:
            line = line[:i] + line[i:j].swapcase() + line[j:]
    return line


PAGES = st.lists(st.lists(st.one_of(LINE, mutated(LINE)), max_size=25), min_size=1, max_size=4)


def make_pages(pages: list[list[str]]) -> list[Page]:
    return [Page(number, 595.0, 842.0, [Line(text, 60.0, 80.0 + 14 * i, 500.0, 90.0 + 14 * i, 10.0)
                                        for i, text in enumerate(lines)])
            for number, lines in enumerate(pages, 1)]


def check_record(record: Record, pages: list[Page]) -> None:
    doc = document_from_pages(pages)
    text, starts = doc.text, doc.page_starts
    assert record.text == "\f".join("\n".join(ln.text for ln in p.lines) for p in pages)
    assert record.text == text
    n = len(pages)

    def page_of(offset: int) -> int:
        return bisect.bisect_right(starts, offset)

    for case in record.cases:
        assert 0 <= case.start <= case.end <= len(text), case
        assert 1 <= case.page_start <= case.page_end <= n, case
        assert case.page_start == page_of(case.start)
    bounds = {c.number: (c.start, c.end) for c in record.cases}
    for entity in record.entities:
        assert 0 <= entity.start < entity.end <= len(text), entity
        assert text[entity.start:entity.end] == entity.text, entity
        assert entity.page == page_of(entity.start), entity
        if entity.case is not None:
            start, end = bounds[entity.case]
            assert start <= entity.start < end, entity
    for person in record.participants:
        assert person.name.strip() and 1 <= person.page <= n, person
    assert Record.model_validate_json(record.model_dump_json()) == record


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGES)
def test_any_text_gives_a_record_with_valid_offsets(lines_per_page: list[list[str]]):
    pages = make_pages(lines_per_page)
    check_record(build_record(pages, "random.pdf", "0" * 64), pages)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(LINE, mutated(LINE)), max_size=40).map("\n".join))
def test_case_spans_lie_inside_the_text(text: str):
    for case in find_cases(text):
        assert 0 <= case.start <= case.heading_end <= case.end <= len(text), case
        if case.decision:
            assert case.heading_end <= case.decision[0] <= case.decision[1] <= case.end, case
        for item in case.items:
            assert case.heading_end <= item["start"] <= item["end"] <= case.end, case


def test_long_lines_take_bounded_time(monkeypatch):
    """A text layer without line breaks: 20 lines of 8,000 characters each. The rules take about a second; a
    quadratic step would take minutes. The NER is linear and slow (benchmarks/bench_scaling.py times every stage),
    so it is left out here to keep the guard far from what a busy machine needs."""
    monkeypatch.setattr("pipeline.extract.ner_spans", lambda text: [])
    line = " ".join(FRAGMENTS * 100)[:8000] + " slutt"
    pages = make_pages([[line] * 20])
    with guard.guarded("long lines", 20, 0, on_hard_stop=lambda error: None):
        check_record(build_record(pages, "long.pdf", "0" * 64), pages)
