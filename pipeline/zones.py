"""Pages of lines -> a zoned Document: the text, its lines with their layout, the labels and case headings
found in it, and zones (letterhead, header, attendance, agenda, case, decision, signatures) as character
spans. The readers (meeting, participants, cases, entities) work inside the zones made for them.

Every cue comes from the lexicon (pipeline/lexicon/) or from the page's structure: a label is a lexicon
phrase standing where labels stand (at a line start, after a table gap, or before a colon); a case heading is
a case number where headings stand; a zone runs from its cue to the next cue.
"""
from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, cached_property

from pipeline import lexicon
from pipeline.layout import CELL_SEPARATOR, Line, Page
from pipeline.names import given_names, is_role
from pipeline.spans import Spans

LETTER = "A-Za-zÆØÅæøåÄÖÜäöüÁÉÓáéóČčŠšŽžĐđŊŋŦŧ"


@dataclass
class DocLine:
    start: int  # offsets of the line in Document.text
    end: int
    page: int  # 1-based
    layout: Line | None = None  # box, font size and weight; None for a document made from plain text


@dataclass
class Label:
    kind: str  # attendance | everyone-but | date | time | location | body | letter | agenda | signature | other
    #            | decision | section
    start: int  # the label's words
    end: int
    value_start: int  # after its colon or dotted leaders
    phrase: str  # the lexicon phrase it matched
    status: str | None = None  # for attendance labels: present | absent | substitute | secretariat | other
    role: str | None = None  # a role the label gives its people ("Møteleder", "Referent")
    colon: bool = False  # ended in a colon or dotted leaders (a sure label)
    line_start: bool = False  # the first thing on its line or cell
    also: tuple[str, ...] = ()  # further kinds of a label with two meanings ("Tid og sted": time and location)
    structural: bool = False  # found by its form ("Fra <unit>:", "Rådmenn:"), not as a lexicon phrase

    def means(self, kind: str) -> bool:
        return self.kind == kind or kind in self.also


@dataclass
class Heading:
    start: int
    end: int  # end of the heading's line (or of its number where the heading runs on inside a line)
    number: str  # as written, without the prefix
    seq: int
    year: int | None
    title_start: int
    inline: bool  # inside a flattened line rather than at a line start
    kind: str = "numbered"  # numbered (a case number) | item (an agenda item "3. Title" of a plain numbered list)
    prefix: str = ""  # as written: "Sak", "PS", "SR"


@dataclass
class Zone:
    kind: str  # letterhead | header | attendance | agenda | case | signatures
    start: int
    end: int
    label: Label | None = None
    heading: Heading | None = None


@dataclass
class Document:
    text: str
    lines: list[DocLine]
    page_starts: list[int]
    labels: list[Label] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    zones: list[Zone] = field(default_factory=list)
    soft_breaks: frozenset[int] = frozenset()  # offsets of line breaks inside a paragraph that wrapped

    def unwrapped(self, start: int, end: int) -> str:
        """text[start:end] with the line breaks of wrapped paragraphs as spaces (offsets unchanged)."""
        if not self.soft_breaks:
            return self.text[start:end]
        parts, pos = [], start
        for br in sorted(b for b in self.soft_breaks if start <= b < end):
            parts += [self.text[pos:br], " "]
            pos = br + 1
        return "".join(parts) + self.text[pos:end]

    def zones_of(self, kind: str) -> list[Zone]:
        return [z for z in self.zones if z.kind == kind]

    def page_of(self, offset: int) -> int:
        return bisect.bisect_right(self.page_starts, offset)

    @cached_property
    def _line_starts(self) -> list[int]:
        return [ln.start for ln in self.lines]

    def line_at(self, offset: int) -> DocLine | None:
        i = bisect.bisect_right(self._line_starts, offset) - 1
        return self.lines[i] if 0 <= i < len(self.lines) else None

    def boxes(self, start: int, end: int) -> list[tuple[int, tuple[float, float, float, float]]]:
        """Where text[start:end] lies on the pages: (page, box) for each line it runs over."""
        out = []
        for ln in self.lines[max(0, bisect.bisect_right(self._line_starts, start) - 1):]:
            if ln.start >= end:
                break
            if ln.end > start and ln.layout is not None:
                box = span_box(ln.layout, start - ln.start, end - ln.start)
                if box:
                    out.append((ln.page, box))
        return out

    @property
    def header_end(self) -> int:
        """Where the meeting's header ends: at its first case (one with a body, not an agenda row)."""
        cases = [z.start for z in self.zones_of("case")]
        return max(min(cases, default=len(self.text)), min(len(self.text), 300))


def span_box(line: Line, start: int, end: int) -> tuple[float, float, float, float] | None:
    """The box of line.text[start:end]: the union of the words it touches, or, where the line's words and boxes
    do not pair up, the share of the line's width its characters take."""
    tokens = [m.span() for m in re.finditer(r"\S+", line.text)]
    touched = [i for i, (a, b) in enumerate(tokens) if a < end and start < b]
    if not touched:
        return None
    if len(tokens) == len(line.words):
        boxes = [line.words[i] for i in touched]
        return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    first, last = tokens[touched[0]][0], tokens[touched[-1]][1]
    per_char = (line.x1 - line.x0) / max(1, len(line.text))
    return (line.x0 + per_char * first, line.top, min(line.x1, line.x0 + per_char * last), line.bottom)


# --- building ------------------------------------------------------------------------------------------------

def document_from_pages(pages: list[Page]) -> Document:
    parts, lines, starts, pos = [], [], [], 0
    for i, page in enumerate(pages):
        if i:
            parts.append("\f")
            pos += 1
        starts.append(pos)
        for j, ln in enumerate(page.lines):
            if j:
                parts.append("\n")
                pos += 1
            lines.append(DocLine(pos, pos + len(ln.text), page.number, ln))
            parts.append(ln.text)
            pos += len(ln.text)
    doc = Document("".join(parts), lines, starts)
    doc.soft_breaks = _wrapped_line_ends(lines, {p.number: p.width for p in pages}, {p.number for p in pages if p.ocr})
    return zone_document(doc)


def _wrapped_line_ends(lines: list[DocLine], widths: dict[int, float], ocr_pages: set[int] = frozenset()) -> frozenset[int]:
    """The ends of lines that run to the right margin and go on at the left margin just below: the line breaks
    of a paragraph that wrapped, not breaks the writer made."""
    out = set()
    by_page: dict[int, list[DocLine]] = {}
    for ln in lines:
        if ln.layout is not None:
            by_page.setdefault(ln.page, []).append(ln)
    for page_lines in by_page.values():
        # the right edge of the text block: its longest lines (table rows with cell gaps left out), and no less
        # than four fifths of the page, so that a page of short lines has none that wrapped
        rights = sorted(ln.layout.x1 for ln in page_lines if CELL_SEPARATOR not in ln.layout.text) or [0.0]
        right = max(rights[max(0, len(rights) - 2)] if len(rights) > 3 else rights[-1],
                    0.8 * widths.get(page_lines[0].page, 0.0))
        for cur, nxt in zip(page_lines, page_lines[1:]):
            a, b = cur.layout, nxt.layout
            size = a.font_size or (a.bottom - a.top) or 10.0
            first_word = b.text.split(" ", 1)[0]
            char_width = (b.x1 - b.x0) / max(1, len(b.text))
            # wrapped: the next line's first word would not have fitted at the end of this one
            # and in the same type: a heading in a larger size or in bold is no part of the paragraph below it (OCR
            # measures no type, only the height of the letters a line happens to have)
            same_type = cur.page in ocr_pages or (a.bold == b.bold and (
                not a.font_size or not b.font_size or abs(a.font_size - b.font_size) <= 0.15 * max(a.font_size, b.font_size)))
            if a.x1 + char_width * (len(first_word) + 1) >= right and abs(b.x0 - a.x0) <= size \
                    and 0 <= b.top - a.bottom <= 1.2 * size and CELL_SEPARATOR not in a.text and same_type:
                out.add(cur.end)
    return frozenset(out)


def document_from_text(text: str) -> Document:
    """A document of plain text (pages separated by form feeds), for text sources and tests."""
    lines, starts = [], [0]
    page = 1
    for m in re.finditer(r"[^\n\f]*(?:\n|\f|$)", text):
        body = m.group(0).rstrip("\n\f")
        if m.group(0) == "" and m.start() >= len(text):
            break
        lines.append(DocLine(m.start(), m.start() + len(body), page))
        if m.group(0).endswith("\f"):
            page += 1
            starts.append(m.end())
    return zone_document(Document(text, lines, starts))


def zone_document(doc: Document) -> Document:
    doc.labels = find_labels(doc.text)
    doc.headings = find_headings(doc.text, doc.labels)
    doc.zones = _zones(doc)
    return doc


# --- labels ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _LabelKind:
    kind: str
    status: str | None
    role: str | None


_HEADER_FIELDS = ("date", "time", "location", "body", "letter", "agenda", "signature", "other")
_CASE_LABELS = ("decision", "section")


@cache
def _label_table() -> tuple[re.Pattern, dict[str, list[_LabelKind]], list[tuple[re.Pattern, _LabelKind]]]:
    """One pattern for every label of the lexicon, and what each phrase means (a phrase may mean two things:
    "Tid og sted" is a time and a place)."""
    meaning: dict[str, list[_LabelKind]] = {}
    wild: list[tuple[re.Pattern, _LabelKind]] = []

    def add(phrase: str, kind: _LabelKind) -> None:
        if lexicon.WILDCARD in phrase:
            wild.append((re.compile(lexicon.phrase_regex(phrase), re.IGNORECASE), kind))
        kinds = meaning.setdefault(_fold(phrase), [])
        if kind not in kinds:
            kinds.append(kind)

    for status in ("present", "absent", "substitute", "secretariat", "other"):
        for e in lexicon.entries("attendance", status):
            add(e.phrase, _LabelKind("attendance", status, e.value))
    for phrase in lexicon.words("attendance", "everyone-but"):
        add(phrase, _LabelKind("everyone-but", "present", None))
    for section in _HEADER_FIELDS:
        for phrase in lexicon.words("header", section):
            add(phrase, _LabelKind(section, None, None))
    for section in _CASE_LABELS:
        for phrase in lexicon.words("cases", section):
            add(phrase, _LabelKind(section, None, None))
    alternation = lexicon.alternation(p for p, _ in _all_phrases())
    pattern = re.compile(rf"(?<![{LETTER}\d-])(?P<label>{alternation})(?![{LETTER}\d])", re.IGNORECASE)
    return pattern, meaning, wild


def _all_phrases():
    for status in ("present", "absent", "substitute", "secretariat", "other"):
        for e in lexicon.entries("attendance", status):
            yield e.phrase, status
    for phrase in lexicon.words("attendance", "everyone-but"):
        yield phrase, "everyone-but"
    for section in _HEADER_FIELDS:
        for phrase in lexicon.words("header", section):
            yield phrase, section
    for section in _CASE_LABELS:
        for phrase in lexicon.words("cases", section):
            yield phrase, section


def _fold(s: str) -> str:
    return " ".join(s.split()).casefold().rstrip(":")


def _meanings(surface: str) -> list[_LabelKind]:
    _, meaning, wild = _label_table()
    found = meaning.get(_fold(surface))
    if found:
        return found
    return [kind for rx, kind in wild if rx.fullmatch(" ".join(surface.split()))]


_COLON_AFTER = re.compile(r"[ \t]*(?::|\.{3,}|…)[ \t]*")
_SENTENCE_VERBS = None


def _sentence_verbs() -> frozenset[str]:
    return lexicon.folded_set("attendance", "sentence-verbs")


def find_labels(text: str) -> list[Label]:
    """Every lexicon label standing where a label stands (the longest phrase that does, at a position), then the
    labels the lexicon names by their structure: "Fra <unit>:" and a role heading a list ("Rådmenn: ...")."""
    pattern, _, _ = _label_table()
    out: list[Label] = []
    pos = 0
    seen = _ocr_normalised(text)
    while m := pattern.search(seen, pos):
        label = _longest_label(seen, m.start(), m.group("label"))
        if label is None:
            nxt = re.search(r"\s", text[m.start():m.end()])
            pos = m.start() + (nxt.start() + 1 if nxt else len(m.group("label")))
            continue
        label.phrase = text[label.start:label.end]
        out.append(label)
        pos = label.value_start
        if label.kind == "attendance" and _column_heads_only(text, pos):
            pos = _line_bounds(text, pos)[1]  # "MEDLEMMER   MØTT   VARAMEDLEMMER": the rest of the row heads columns
    return sorted(out + _structural_labels(text, out), key=lambda lb: lb.start)


_OCR_LETTER = re.compile(r"(?<=[A-Za-zÆØÅæøå])[!|1](?=[\s:A-Za-zæøå]|$)|(?<=[a-zæøå])0(?=[a-zæøå])")


def _column_heads_only(text: str, pos: int) -> bool:
    """The rest of the line from pos holds two column heads or more of a member table and nothing else."""
    rest = text[pos:_line_bounds(text, pos)[1]].replace(CELL_SEPARATOR, " ")
    m = _column_heads_row().fullmatch(rest)
    return m is not None and len(re.findall(r"\S+", rest)) >= 2


@cache
def _column_heads_row() -> re.Pattern:
    heads = lexicon.alternation(lexicon.words("attendance", "column-heads"))
    return re.compile(rf"(?:[ \t]*(?:{heads})(?![\wæøå])[ \t:]*)+", re.IGNORECASE)


def _ocr_normalised(text: str) -> str:
    """The text with letters OCR reads as signs put back, offsets unchanged ("Ti! stede:" -> "Til stede:"), so
    that labels on a scanner's text layer are found."""
    return _OCR_LETTER.sub(lambda m: "o" if m.group() == "0" else "l", text)


def _longest_label(text: str, start: int, surface: str) -> Label | None:
    if not surface[0].isupper():
        return None
    ends = [m.end() for m in re.finditer(r"\S+", surface)]
    for end in reversed(ends):
        if _meanings(surface[:end]):
            label = _as_label(text, start, start + end, surface[:end])
            if label:
                return label
    return None


# "Fra rektoratet:", "Frå Vestland fylkeskommune:", "Fra adm. (evt. andre):": the people of a unit or organisation
# "Fra administrasjonen:", "Fra rådmannen møtte Kari Moe", and a heading alone on its line above a list: "Fra kommunen"
_FROM_LABEL = re.compile(r"(?<![\wæøå])(?:Fra|Frå|FRA|FRÅ)[ \t]+(?P<unit>[^\n\f:]{2,50}?)(?:[ \t]*:|[ \t]+møtte(?=[ \t]+[A-ZÆØÅ])"
                         r"|(?<=[a-zæøå])(?=[ \t]*\n[ \t]*(?:[–•*-][ \t]+)?[A-ZÆØÅ][\wæøå-]+[ \t]+[A-ZÆØÅ]))")
# a role heading a list: "Ordførere: Arne Nysted, ...", "Rådmenn:", "Ordfører MTT:"
_ROLE_LABEL = re.compile(r"(?<![\wæøå])(?P<role>[A-ZÆØÅ][a-zæøå]+)(?:[ \t]+[A-ZÆØÅ]{2,5})?[ \t]*:")


@cache
def _unit_status() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((status, lexicon.words("attendance", f"units-{status}"))
                 for status in ("secretariat", "present", "other"))


@cache
def _body_suffixes() -> tuple[str, ...]:
    return tuple(lexicon.words("bodies", "suffixes"))


def _structural_labels(text: str, found: list[Label]) -> list[Label]:
    taken = Spans((lb.start, lb.value_start) for lb in found)
    out = []

    def free(s: int, e: int) -> bool:
        return not taken.overlaps(s, e)

    for m in _FROM_LABEL.finditer(text):
        unit = m.group("unit").casefold()
        if not free(m.start(), m.end()) or re.search(r"\d", unit) or len(unit.split()) > 6:
            continue
        if not (_at_line_start(text, m.start()) or _names_follow(text[m.end():m.end() + 200])):
            continue
        status = next((st for st, words in _unit_status() if any(w in unit for w in words)), "other")
        value = m.end() + len(text[m.end():m.end() + 5]) - len(text[m.end():m.end() + 5].lstrip(" \t"))
        colon = m.group(0).endswith(":")
        out.append(Label("attendance", m.start(), m.end() - colon, value, m.group(0).rstrip(":"), status, None, colon,
                         _at_line_start(text, m.start()), structural=True))
    for m in _ROLE_LABEL.finditer(text):
        word = m.group("role")
        if not free(m.start(), m.end()) or not (is_role(word) or word.casefold().endswith(_body_suffixes())) \
                or not _names_follow(text[m.end():m.end() + 200]):
            continue  # "Rådmenn: Alf Rørbakk", "Fylkesstyret: Namn Verv Oppmøte ..."
        status = "secretariat" if word.casefold() in lexicon.folded_set("roles", "secretariat") else "present"
        value = m.end() + len(text[m.end():m.end() + 5]) - len(text[m.end():m.end() + 5].lstrip(" \t"))
        role = word.casefold() if is_role(word) else None
        out.append(Label("attendance", m.start(), m.end() - 1, value, m.group(0).rstrip(":"), status,
                         role, True, _at_line_start(text, m.start()), structural=True))
    return out


def _as_label(text: str, start: int, end: int, surface: str) -> Label | None:
    kinds = _meanings(surface)
    if not kinds:
        return None
    kind = kinds[0]
    line_start = _at_line_start(text, start)
    colon = _COLON_AFTER.match(text, end)
    if kind.kind == "attendance" and not (colon and colon.group().strip()):
        # "Til stede av representantskapets stemmeberettigede medlemmer:": the label runs on to its colon
        more = re.match(r"([ \t]+(?:[a-zæøå][\wæøå.-]*[ \t]+){0,5}[a-zæøå][\wæøå.-]*)[ \t]*:[ \t]*", text[end:end + 80])
        if more and any(w.casefold() in _election_words() for w in more.group(1).split()):
            return None  # "Øvrige verv etter valgkomiteens innstilling:": who was elected, not who came
        if more:
            end, colon = end + more.end(1), _COLON_AFTER.match(text, end + more.end(1))
    has_colon = bool(colon and colon.group().strip())
    value_start = colon.end() if colon else end
    if has_colon and _fold(surface) in _names_must_follow() and not _names_follow(text[value_start:value_start + 200]):
        return None  # "Referat: Det er 25 oppmøtte." reports the item; "Referat: Kari Moe" names its writer
    if not has_colon:
        rest = text[end:end + 200]
        line_end = re.match(r"[ \t]*(?:\n|\f|$)", rest) is not None
        after_gap = rest.startswith(CELL_SEPARATOR)
        last_word = surface.split()[-1].casefold()
        sentence = last_word in _sentence_verbs() and re.match(rf"[ \t]+[{LETTER[:29]}]", rest) is not None
        after_sentence = re.search(r"[.;!?][ \t]+$", text[max(0, start - 3):start]) is not None
        ok = (line_start or (sentence and after_sentence)) and (line_end or after_gap or sentence)
        if ok and line_end and not _own_line(text, start) and _fold(surface) in _entry_markers():
            ok = False  # "Olav Barøy (OB)   Trener   Ikke tilstede": the last cell of a member's row marks that row
        if not ok and _own_line(text, start) and _fold(surface) in _without_colon() \
                and re.match(r"[ \t]+[A-ZÆØÅ0-9]", rest):
            ok = True  # "Møtested Bø ungdomsskole"
        if not ok and kind.kind in ("attendance", "everyone-but") and _names_follow(rest) \
                and _fold(surface) not in _entry_markers():
            ok = True  # a flattened form: "... heimeside. Medlemmer (Før opp ...) Gunvald Tho (SP) Varamedlemmer ..."
        if not ok:
            return None
        value_start = end + len(rest) - len(rest.lstrip(" \t"))
    return Label(kind.kind, start, end, value_start, text[start:end], kind.status, kind.role, has_colon, line_start,
                 tuple(k.kind for k in kinds[1:]))


@cache
def _without_colon() -> frozenset[str]:
    return lexicon.folded_set("header", "without-colon")


@cache
def _election_words() -> frozenset[str]:
    return lexicon.folded_set("attendance", "election-words")


@cache
def _names_must_follow() -> frozenset[str]:
    return lexicon.folded_set("attendance", "names-must-follow")


@cache
def _entry_markers() -> frozenset[str]:
    """Words a member table's row ends in ("Gyldig forfall", "Møtt"): inside a line they mark a row, no list."""
    return lexicon.folded_set("attendance", "entry-markers")


def _names_follow(rest: str) -> bool:
    """What follows a label is a list of people: a given name and a second name word, perhaps after a note in
    parentheses and a title ("(sekretær) Rådmann Rune Engehult"), or a member table's column heads."""
    lines = re.split(r"[\n\f]", rest, maxsplit=2)
    first_line = lines[0] if lines[0].strip() or len(lines) == 1 else lines[1]  # a label alone on its line
    words = re.sub(r"^\s*\([^()]{0,60}\)", " ", first_line).split()[:4]
    while words and is_role(words[0]):
        words.pop(0)
    if len(words) >= 2 and words[0].strip(",.") in given_names() and words[1][:1].isupper():
        return True
    heads = lexicon.folded_set("attendance", "column-heads")
    return len(words) >= 2 and words[0].casefold() in heads and words[1].casefold().strip(".") in heads


def _own_line(text: str, pos: int) -> bool:
    """Nothing but a bullet or a number before pos on its line."""
    line_start = max(text.rfind("\n", 0, pos), text.rfind("\f", 0, pos)) + 1
    return re.fullmatch(r"\s*(?:[-•*–]|\d{1,2}[.)])?\s*", text[line_start:pos]) is not None


def _at_line_start(text: str, pos: int) -> bool:
    """The first thing on its line (after a bullet or a number) or in a table cell."""
    return _own_line(text, pos) or text[max(0, pos - len(CELL_SEPARATOR)):pos] == CELL_SEPARATOR


# --- case headings -----------------------------------------------------------------------------------------

# "Sak 03/2018", "Sak 83-11", and a part the document numbers as its own item, "Sak 1.3"
_NUMBER = r"(?P<seq>\d{1,4})(?:\s*/\s*(?P<year>\d{2,4})|-(?P<hyear>\d{2})(?!\d)|\.(?P<sub>\d{1,2})(?![\d.]))?"


@cache
def _heading_patterns() -> tuple[re.Pattern, re.Pattern]:
    prefixes = lexicon.alternation(lexicon.words("cases", "prefix"))
    not_prefix = "|".join(map(re.escape, lexicon.words("cases", "not-prefix") + lexicon.words("legal_forms", "forms")))
    # a party's acronym before two bare numbers is a row of a vote table ("SV   5   0"); "PS 12/18" stays
    parties = "|".join(re.escape(p) for p in lexicon.words("parties", "parties") if p.isupper() and len(p) > 1)
    # an acronym of capitals before a number is a prefix too: "SR 2017/43", "KU 5/2015", "BU-sak 12/22"
    acronym = (rf"(?-i:(?!(?:{not_prefix})\b)(?!(?:{parties})[ \t]+\d{{1,4}}[ \t]+\d{{1,4}}(?![\d/]))[A-ZÆØÅ]{{2,4}})"
               rf"(?=[ \t]*\d)"
               rf"|(?-i:[A-ZÆØÅ]{{1,4}}-(?:[Ss]ak|SAK))(?=[ \t]*\d)|(?-i:[A-ZÆØÅ]{{1,4}}-)(?=\d)")
    prefix = rf"(?:{prefixes}|{acronym})"
    # a lettered part of a case, "Sak 6a: Rens av blandebatterier", is a case of its own
    heading = re.compile(rf"(?<![{LETTER}\d])(?P<prefix>{prefix})\.?[ \t]*\n?[ \t]*(?:nr\.?[ \t]*)?{_NUMBER}"
                         rf"(?P<letter>[a-zæøå](?=[ \t]*[:.)][ \t]*[A-ZÆØÅ]))?"
                         rf"(?:[ \t]*\((?P<paren>[\d\s/-]+)\))?(?P<sep>[ \t]*\n?[ \t]*(?:[:.–-][ \t]*)?)"
                         rf"(?=(?P<title>[^\n\f]*))", re.IGNORECASE)
    return heading, re.compile(rf"(?:{prefix})", re.IGNORECASE)


# agenda/table rows without a prefix: "020/09 Godkjenning av protokoll", "2017/43 Budsjett", "83-11 Godkjenning"
_BARE_HEADING = re.compile(r"(?P<seq>\d{1,4})\s*(?:/\s*(?P<year>\d{2,4})|-(?P<hyear>\d{2}))(?!\d):?[ \t]+"
                           r"(?:\d{2,4}/\d{1,6}(?:-\d{1,3})?[ \t]+)?(?:[–-][ \t]+)?"
                           r"(?P<title>[A-ZÆØÅ\"«][^\n\f]*)")
# case numbers inside flattened text: "... Saksliste Saksnr Tittel 61/14 Godkjenning ... 62/14 Referatsaker"
_INLINE_BARE = re.compile(r"(?<![\w/.,:-])(?P<seq>\d{1,4})\s*/\s*(?P<year>\d{2}|\d{4})(?![\w/-])"
                          r"(?:[ \t]+|[ \t]*\n[ \t]*)(?:\d{2,4}/\d{1,6}(?:-\d{1,3})?[ \t]+)?(?=(?P<title>[A-ZÆØÅ\"«][^\n\f]*))")
# plain numbered agenda items: "1. Godkjenning av innkalling", "3) Budsjett", "Sak 3:" is a prefixed heading
_ITEM_NUMBER = re.compile(r"(?<![\w.,/:-])(?P<seq>\d{1,2})(?:(?:[.)]|[ \t]*:|[ \t]+[–-]|(?<=0\d)|(?<=\b0\d))[ \t]+"
                          r"|\.(?=[A-ZÆØÅ][a-zæøå]{2}))"  # "1.Innkalling godkjent": a typist's missing space
                          r"(?=(?P<title>[A-ZÆØÅ\"«][^\n\f]*))")
# a running number alone on its line, the title on the next: "63\n\nTitle"
_NUMBER_ALONE = re.compile(r"(?m)^[ \t]*(?P<seq>\d{1,3})[ \t]*$")
_REFERENCE_BEFORE = re.compile(r"(?:(?<![\wæøå])(?:jf\.?|jfr\.?|se|sjå|etter|under|i|til|og|fra|frå|av|mot|behandla|"
                               r"behandlet|handsama|møte|møtet|vedtak|innstilling|ref\.?|nr\.?|referanse|sak|saka|saken)|,)\s*$",
                               re.IGNORECASE)
_RANGE_AFTER = re.compile(r"\s*(?:[-–]|til(?:\s+og\s+med)?|t\.o\.m\.)\s*(?:[A-Z]{1,4}[\s-]*)?(?:sak\s*)?\d", re.I)
_RANGE_BEFORE = re.compile(r"(?:\d\s*[-–]\s*(?:[A-Z]{1,4}\s*)?|(?i:fra\s+og\s+med\s+(?:sak\s+)?|f\.o\.m\.\s*))$")


def year_of(text: str | None) -> int | None:
    """A case number's year as four digits: "18" is 2018, "98" is 1998."""
    if not text:
        return None
    n = int(text)
    if len(text) == 2:
        n += 2000 if n < 50 else 1900
    return n


def _number_end(m: re.Match) -> int:
    for group in ("hyear", "year", "sub", "seq"):
        if m.groupdict().get(group):
            return m.end(group)
    return m.end()


def _seq_year(m: re.Match) -> tuple[int, int | None, str]:
    """(running number, year, number as written); year-first numbers '2017/43' run 43 of 2017."""
    seq, year = m.group("seq"), m.groupdict().get("year") or m.groupdict().get("hyear")
    written = m.string[m.start("seq"):_number_end(m)].replace(" ", "")
    if year and len(seq) == 4 and 1900 <= int(seq) <= 2100 and len(year) <= 3:
        return int(year), int(seq), written
    return int(seq), year_of(year), written


def _archive_number(m: re.Match) -> bool:
    """'Sak nr. 2005/4117 A' and '14/390' after 'Arkivsak' are archive numbers, not cases of the meeting."""
    year = m.groupdict().get("year") or ""
    return int(m.group("seq")) >= 1900 and len(year) >= 3


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = max(text.rfind("\n", 0, pos), text.rfind("\f", 0, pos)) + 1
    ends = [e for e in (text.find("\n", pos), text.find("\f", pos)) if e != -1]
    return start, min(ends) if ends else len(text)


def find_headings(text: str, labels: list[Label] | None = None) -> list[Heading]:
    """Case headings wherever an agenda row or a heading holds a case number: with any prefix ("Sak 03/2018",
    "PS 12/18", "SR 2017/43"), bare in a table row ("020/09 Title"), inside a flattened line, or as a plain
    numbered agenda ("1. Godkjenning av innkalling") where no case numbers are found."""
    heading_re, _ = _heading_patterns()
    heads: list[Heading] = []
    letter_spans = Spans((lb.start, _line_bounds(text, lb.start)[1] + 1) for lb in labels or () if lb.kind == "letter")
    label_starts = {lb.start for lb in labels or ()}

    def in_letter_field(pos: int) -> bool:
        return letter_spans.overlaps(pos, pos + 1)

    for m in heading_re.finditer(text):
        line_start, line_end = _line_bounds(text, m.start())
        before = text[line_start:m.start()]
        at_line_start = not before.strip() or before.endswith(CELL_SEPARATOR) \
            or bool(re.fullmatch(r"\s*(?:\d{1,3}|[●•▪◦*–-])\s+", before)) \
            or bool(re.search(r"[a-zæøå]{2}[.!?]$", before) and ":" in m.group("sep") and m.group("prefix")[0].isupper())
        # (the last: a text layer that lost the line break before a heading, "... referatet.Sak 6a: Rens av ...")
        if _RANGE_AFTER.match(text, _number_end(m)) or _archive_number(m) or _RANGE_BEFORE.search(before) \
                or in_letter_field(m.start()):
            continue
        prefix = m.group("prefix")
        if not at_line_start:
            # flattened text: a heading inside a line is a capitalised prefix with a title, not a reference
            if _REFERENCE_BEFORE.search(before) or not prefix[0].isupper() or not m.group("title")[:1].isupper():
                continue
        if prefix.lower() in ("post", "punkt", "pkt.", "pkt") and not m.group("year") and not at_line_start:
            continue
        seq, year, number = _seq_year(m)
        if m.group("paren"):
            number = m.group("seq")
        number += m.group("letter") or ""
        end = line_end if at_line_start else _number_end(m)
        heads.append(Heading(m.start(), end, number, seq, year, m.start("title"), not at_line_start,
                             prefix=prefix))
    heads = _consistent_prefixes(heads)
    found = Spans((h.start, max(h.end, h.title_start + 1)) for h in heads)
    for start, line in text_lines(text):
        stripped = line.lstrip()
        s = start + len(line) - len(stripped)
        page_number = re.match(r"\d{1,3}\s+(?=\d)", stripped)  # flattened pages start with their page number
        if page_number:
            s += page_number.end()
            stripped = stripped[page_number.end():]
        if found.overlaps(s, s + 1):
            continue
        m = _BARE_HEADING.match(stripped)
        wrapped_reference = ":" in stripped[:m.start("title")] and _REFERENCE_BEFORE.search(text[max(0, start - 30):start]) \
            if m else False  # "... behandlet saken i møtet sak\n85-11: Se muntlige spørsmål"
        if m and not wrapped_reference and not re.match(r"\d{1,2}\.\d", stripped) and s + m.start("title") not in label_starts \
                and not _RANGE_AFTER.match(stripped, _number_end(m)) and not _archive_number(m) \
                and not in_letter_field(s):
            seq, year, number = _seq_year(m)
            inline = len(stripped) > 250
            heads.append(Heading(s, start + len(line) if not inline else s + _number_end(m), number, seq, year,
                                 s + m.start("title"), inline))
    inline = []
    found = Spans((h.start, max(h.title_start, h.start + 1)) for h in heads)
    for m in _INLINE_BARE.finditer(text):
        if found.overlaps(m.start(), m.start() + 1) \
                or _RANGE_AFTER.match(text, m.end("year")) or in_letter_field(m.start()):
            continue
        before = text[max(0, m.start() - 30):m.start()]
        if _REFERENCE_BEFORE.search(before) or re.search(r"(?i)(?:sak|arkivsak\w*|ref\.?)\s*(?-i:[A-ZÆØÅ]{2,4}\s*)?$",
                                                         before) \
                or _RANGE_BEFORE.search(before) \
                or re.match(r"[\wæøå]+:", m.group("title")) or _archive_number(m) \
                or m.start("title") in label_starts:
            continue
        seq, year, number = _seq_year(m)
        inline.append(Heading(m.start(), m.end("year"), number, seq, year, m.start("title"), True))
    heads += _runs_of_numbers(inline, heads)
    heads.sort(key=lambda h: h.start)
    if not _has_case_numbers(heads):
        heads = [h for h in heads if h.year is not None or not h.inline] + _numbered_items(text, heads)
        heads.sort(key=lambda h: h.start)
    return heads


@cache
def _known_prefixes() -> frozenset[str]:
    return lexicon.folded_set("cases", "prefix")


def _consistent_prefixes(heads: list[Heading]) -> list[Heading]:
    """An acronym the lexicon does not know counts as a case prefix inside a line only where the document uses it
    for cases more than once ("SR 2017/43 ... SR 2017/44"), so that "VA 093/16" in running text is no case."""
    uses = Counter(h.prefix for h in heads)
    return [h for h in heads if not h.inline or h.prefix.casefold().rstrip(".") in _known_prefixes()
            or h.prefix.casefold() in _known_prefixes() or uses[h.prefix] >= 2]


def _runs_of_numbers(cands: list[Heading], found: list[Heading]) -> list[Heading]:
    """Case numbers inside running text count where they form a meeting's run: a zero-padded number ("003/15"), or
    one whose neighbour number of the same year is there too ("61/14 ... 62/14", "1/2016 ... 2/2016")."""
    known = {(h.seq, h.year) for h in found} | {(h.seq, h.year) for h in cands}
    return [h for h in cands if len(h.number.split("/")[0]) >= 3 or any((h.seq + d, h.year) in known for d in (-2, -1, 1, 2))]


def _has_case_numbers(heads: list[Heading]) -> bool:
    return sum(h.year is not None for h in heads) >= 1


def _numbered_items(text: str, found: list[Heading]) -> list[Heading]:
    """A plain numbered agenda: "1. Title", "2) Title", "3: Title", or a number alone on a line above its
    title, as an increasing run 1, 2, 3 ... (numbers in running text and dates are left out by the run). A
    run of numbers alone on their lines or before a colon may start anywhere ("63", "64"; "81:" after "Sak 80");
    a run of "1." items starts at 1-3 or continues a case heading's number, and is no agenda where it lies
    inside the cases of a stronger run (a numbered list in a decision)."""
    strong, weak = [], []
    taken = {h.start for h in found}
    inside = Spans((h.start, max(h.title_start, h.start + 1)) for h in found)  # the "3:" of "Sak 3:"
    for m in _ITEM_NUMBER.finditer(text):
        if inside.overlaps(m.start(), m.start() + 1):
            continue
        line_start, _ = _line_bounds(text, m.start())
        before = text[line_start:m.start()]
        at_line_start = not before.strip() or before.endswith(CELL_SEPARATOR)
        if not at_line_start and not re.search(r"(?:[.!?:)]|[a-zæøå]{2})\s+$", before):
            continue
        if m.start() in taken:
            continue
        colon = text[m.end("seq"):m.start("title")].strip() == ":"
        (strong if colon and at_line_start else weak).append(
            (m.start(), int(m.group("seq")), m.start("title"), not at_line_start))
    for m in _NUMBER_ALONE.finditer(text):
        nxt = re.match(r"\s*([A-ZÆØÅ][^\n\f]{3,})", text[m.end():m.end() + 200])
        if nxt:
            strong.append((m.start("seq"), int(m.group("seq")), m.end() + nxt.start(1), False))
    continued = {h.seq + 1 for h in found}
    strong_run = _longest_run(sorted(strong), lambda c: True, continued)
    weak_run = _longest_run(sorted(weak), lambda c: c[1] <= 3 or c[1] in continued, continued)
    if strong_run:
        weak_run = [c for c in weak_run if c[0] < strong_run[0][0]]
        weak_run = weak_run if len(weak_run) >= 2 else []
    out = []
    for start, seq, title_start, inline in sorted(strong_run + weak_run):
        _, line_end = _line_bounds(text, start)
        out.append(Heading(start, line_end if not inline else title_start, str(seq), seq, None, title_start, inline,
                           kind="item"))
    return out


def _longest_run(cands, may_start, continued: set[int]) -> list[tuple[int, int, int, bool]]:
    """The longest chain of candidates in text order whose numbers go up by one (or skip one); it has two
    items at least, or one that continues a case heading's number. Of chains as long, the one whose items lie
    furthest apart: an agenda's "2." is its next item, not the "2." of a list inside item 1."""
    best_at: dict[int, tuple[int, float, int | None]] = {}  # index -> (length, spread, previous index)
    by_seq: dict[int, list[int]] = {}
    for i, c in enumerate(cands):
        options = [(1, 0.0, None)] if may_start(c) else []
        for step in (1, 2):
            for j in by_seq.get(c[1] - step, ()):
                gap = c[0] - cands[j][0]
                if gap > 0 and (step == 1 or gap > 40) and j in best_at:
                    length, spread, _ = best_at[j]
                    options.append((length + 1, spread + math.log(gap), j))
        if options:
            best_at[i] = max(options, key=lambda o: (o[0], o[1]))
        by_seq.setdefault(c[1], []).append(i)
    if not best_at:
        return []
    i = max(best_at, key=lambda k: (best_at[k][0], best_at[k][1]))
    chain = []
    while i is not None:
        chain.append(cands[i])
        i = best_at[i][2]
    best = chain[::-1]
    return best if len(best) >= 2 or (best and best[0][1] in continued) else []


def text_lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in re.split(r"[\n\f]", text):
        out.append((pos, line))
        pos += len(line) + 1
    return out


# --- zones -----------------------------------------------------------------------------------------------------

_ATTENDANCE_END_KINDS = {"attendance", "everyone-but", "date", "time", "location", "body", "agenda", "signature",
                         "decision", "section", "letter", "other"}


def _zones(doc: Document) -> list[Zone]:
    text = doc.text
    zones: list[Zone] = []
    heads = doc.headings
    labels = doc.labels
    case_zones = _case_zones(text, heads, labels)
    first_case = min((z.start for z in case_zones), default=len(text))
    zones += _letterhead(doc, first_case)
    zones += _agenda_zones(text, heads, labels, case_zones)
    zones += case_zones
    decisions = [lb.start for lb in labels if lb.kind == "decision"]
    zones += [z for z in _attendance_zones(text, labels, heads)
              if not _roster_in_a_case(z.label, case_zones, decisions, text)]
    zones += _signature_zones(doc, case_zones)
    header_end = max(first_case, min(len(text), 300))
    zones.append(Zone("header", 0, header_end))
    zones.sort(key=lambda z: (z.start, z.end))
    return zones


@cache
def _header_only() -> frozenset[str]:
    return lexicon.folded_set("attendance", "header-only")


def _roster_in_a_case(label: Label, cases: list[Zone], decisions: list[int], text: str) -> bool:
    """A list of people in a case's decision is no attendance ("Vedtak: Dirigent: Gunnar Holtet. Referent: ...": the
    meeting elected them), nor is one under a generic heading inside a case's text ("Varamedlem Per Moe" in the board
    elected, "Leder: Kari Moe" in the board's composition)."""
    i = bisect.bisect_right([z.start for z in cases], label.start) - 1  # the case the label stands in
    if i < 0 or (z := cases[i]).heading is None or not z.heading.end <= label.start < z.end:
        return False
    d = bisect.bisect_left(decisions, z.heading.end)
    if d < len(decisions) and decisions[d] < label.start:
        return True
    generic = label.structural or _fold(label.phrase) in _header_only()
    return generic and len(text[z.heading.end:z.end].strip()) > 150


def _attendance_zones(text: str, labels: list[Label], heads: list[Heading]) -> list[Zone]:
    """A block of people from its label to the next label or heading, or to where running text begins. Labels
    stacked without values ("Møteleder: Tilstede: Forfall: Fra administrasjonen møtte: Ola Dahl (A) ...", a
    flattened form) share the people after the stack; the first attendance label of the stack gives the status."""
    cues = sorted([(lb.start, "label", lb) for lb in labels] + [(h.start, "heading", h) for h in heads],
                  key=lambda c: c[0])
    zones = []
    i = 0
    while i < len(cues):
        pos, what, cue = cues[i]
        i += 1
        if what != "label" or cue.kind not in ("attendance", "everyone-but"):
            continue
        start = cue.value_start
        j = i
        # skip the labels stacked right after this one, with nothing between them ("Forfall:" + "Faste
        # medlemmer: Ola Dahl" are members away); a label of another status on a line of its own with its people
        # after it is no stack: the label above it was left empty ("Ikke møtt:" + "Fra administrasjonen: Terje
        # Johnsen")
        while j < len(cues) and cues[j][1] == "label" and cues[j][0] >= start \
                and not text[start:cues[j][0]].strip(" \t\n.,;") \
                and not _own_block(text, cue, cues[j][2], start):
            start = cues[j][2].value_start
            if cues[j][2].kind == "everyone-but":
                cue = cues[j][2]  # "Fremmøtte: Alle unntatt: Anja Lyngstad": the ones named were away
            j += 1
        if cue.kind == "attendance" and (but := _everyone_but().match(text, start)):
            # "Til stede var: alle unntatt Ingrid Brenna": the ones named were away
            cue = Label("everyone-but", but.start(1), but.end(1), but.end(), but.group(1))
            start = but.end()
        end = next((p for p, w, c in cues[j:] if p >= start and (w == "heading" or c.kind in _ATTENDANCE_END_KINDS)),
                   len(text))
        end = _attendance_end(text, start, end)
        zones.append(Zone("attendance", start, max(start, end), label=cue))
        if j > i:
            i = j
    return zones


def _own_block(text: str, above: Label, label: Label, after_above: int) -> bool:
    """`label`, right below an empty `above`, heads its own people: it stands on a line of its own with its
    people after it, and says a status of its own that no group of `above` could have (away, staff, guests)."""
    line_end = text.find("\n", label.value_start)
    value = text[label.value_start:line_end if line_end != -1 else len(text)].strip(" \t.,;:")
    return "\n" in text[after_above:label.start] and bool(value) and label.status != above.status \
        and label.status in ("absent", "secretariat", "other")


@cache
def _everyone_but() -> re.Pattern:
    phrases = lexicon.alternation(lexicon.words("attendance", "everyone-but"))
    return re.compile(rf"[ \t\n]*({phrases})(?![\wæøå])[ \t]*:?[ \t]*", re.IGNORECASE)


@cache
def _block_end() -> re.Pattern:
    phrases = lexicon.alternation(lexicon.words("attendance", "block-end"))
    return re.compile(rf"(?<![\wæøå])(?-i:{phrases})(?![\wæøå])|(?<![\d,])\d+ representant(?:er|ar)\b")


def _attendance_end(text: str, start: int, end: int) -> int:
    """A list of people ends at its next label or heading, at a phrase of running text ("Møtet ble ..."), or at
    the first line that is a sentence (after a blank line, or ending in a full stop)."""
    m = _block_end().search(text, start, end)
    if m:
        # "Leder Halvard Rustad åpnet møtet": the sentence, and so the list's end, starts where its line does
        line_start = text.rfind("\n", start, m.start()) + 1
        lead = text[line_start:m.start()]
        end = line_start if line_start and len(lead.split()) <= 4 and not re.search(r"[,:;()]", lead) else m.start()
    pos = text.find("\n", start, end)
    blank = False
    while pos != -1 and pos < end:
        line_end = text.find("\n", pos + 1, end)
        line = text[pos + 1:line_end if line_end != -1 else end]
        if not line.strip():
            blank = True
        elif _is_sentence(line, blank) or _is_prose_heading(line) or _is_numbered_heading(line):
            return pos
        else:
            blank = False
        pos = line_end
    return end


def _is_numbered_heading(line: str) -> bool:
    """"1. Opptelling", "2) Godkjenning av innkalling": a numbered line that names no one heads an agenda item, not a
    member of a numbered list ("1. Kari Moe (Ap)")."""
    m = re.match(r"\s*\d{1,2}[.)]\s+([A-ZÆØÅ][^\n]*)$", line)
    return bool(m) and not any(w.strip(",.()") in given_names() for w in m.group(1).split())


def _is_prose_heading(line: str) -> bool:
    """A line of ordinary words that ends in a colon heads what follows ("Forslag til ansvarsområde:"): no list of
    names goes on past it."""
    words = line.strip().rstrip(":").split()
    return line.rstrip().endswith(":") and len(words) >= 3 and words[0][:1].isupper() \
        and all(w.isalpha() and w.islower() for w in words[1:])


def _is_sentence(line: str, after_blank: bool) -> bool:
    """A line of running text, not a line of names: it starts with a capital, has three lowercase words among its
    first six (a list of names has few) and neither ends in a comma or colon nor, unless a blank line comes before
    it, without a full stop."""
    stripped = line.strip()
    if not stripped[:1].isupper() or stripped.endswith((",", ":")):
        return False
    words = stripped.split()
    lowercase = sum(w.isalpha() and w.islower() for w in words[:8])
    if lowercase >= 6 and not re.search(r"[,()]", stripped):
        return True  # mostly lowercase words: prose, even where a wrapped line has no full stop
    return lowercase >= 3 and (after_blank or (stripped.endswith(".") and len(words) >= 5 and stripped.count(",") <= 1))


def _case_zones(text: str, heads: list[Heading], labels: list[Label]) -> list[Zone]:
    """One zone per heading that opens a case body: to the next heading. Agenda rows (a heading followed only by
    the next heading) become case zones too, marked by their short body."""
    out = []
    for i, h in enumerate(heads):
        end = heads[i + 1].start if i + 1 < len(heads) else len(text)
        out.append(Zone("case", h.start, end, heading=h))
    return out


def _agenda_zones(text: str, heads: list[Heading], labels: list[Label], cases: list[Zone]) -> list[Zone]:
    out = []
    for lb in labels:
        if lb.kind != "agenda":
            continue
        after = [z for z in cases if z.start >= lb.start]
        end = lb.value_start
        for z in after:
            body = text[z.heading.end:z.end] if z.heading else ""
            if z.start - end > 400 and end > lb.value_start:
                break
            end = z.heading.end if z.heading else z.start
            if len(body.strip()) > 250:
                break
        out.append(Zone("agenda", lb.start, max(end, lb.value_start), label=lb))
    return out


def _letterhead(doc: Document, first_case: int) -> list[Zone]:
    """The top of the first page above the line that names the document ("Møteprotokoll", "Referat fra ..."), and
    every line that holds a letter field ("Vår dato", "Vår ref")."""
    out = []
    title = _title_line().search(doc.text, 0, min(first_case, 1500, len(doc.text)))
    if title:
        start = _line_bounds(doc.text, title.start())[0]
        if doc.text[:start].strip():
            out.append(Zone("letterhead", 0, start))
    for lb in doc.labels:
        if lb.kind == "letter" and lb.start < first_case:
            s, e = _line_bounds(doc.text, lb.start)
            out.append(Zone("letterhead", s, e, label=lb))
    return out


@cache
def _title_line() -> re.Pattern:
    """A line that names the document ("Møteprotokoll", "Referat fra ..."), after a page number at most."""
    kinds = lexicon.alternation(lexicon.words("documents", "kinds"))
    return re.compile(rf"(?im)^[ \t]*(?:\d{{1,3}}[ \t]+)?(?:{kinds})\b")


def _signature_zones(doc: Document, cases: list[Zone]) -> list[Zone]:
    """The signatures: after a signature label ("Underskrifter:", "Rett utskrift"), and a page of its own that holds
    little but names and signature marks ("(sign.)", "/s/"), as the last pages of many minutes do."""
    text = doc.text
    out = []
    for lb in doc.labels:
        if lb.kind == "signature":
            end = next((z.start for z in cases if z.start > lb.start), len(text))
            out.append(Zone("signatures", lb.start, min(end, lb.value_start + 600), label=lb))
    attendance = sorted(lb.start for lb in doc.labels if lb.kind == "attendance")
    for number in range(2, len(doc.page_starts) + 1):
        start = doc.page_starts[number - 1]
        end = doc.page_starts[number] - 1 if number < len(doc.page_starts) else len(text)
        lines = [ln.strip() for ln in text[start:end].split("\n") if ln.strip()]
        marks = sum(bool(_SIGNATURE_MARK.search(ln)) for ln in lines)
        names = sum(bool(_NAME_LINE.fullmatch(ln)) and ln.split()[0] in given_names() for ln in lines)
        first_label = bisect.bisect_left(attendance, start)
        holds_attendance = first_label < len(attendance) and attendance[first_label] < end
        last = number == len(doc.page_starts)
        if lines and len(lines) <= 40 and not holds_attendance and (
                marks >= 2 or (last and names >= max(2, len(lines) // 2))):
            out.append(Zone("signatures", start, end))
    return out


_SIGNATURE_MARK = re.compile(r"\((?:sign|sign\.|signert|s)\)|/s/|(?i:\bsign\.)")
_NAME_LINE = re.compile(r"[A-ZÆØÅ][\wæøå.-]+(?:[ \t]+[A-ZÆØÅ][\wæøå.-]+){1,3}(?:[ \t]*\(.*\))?")
