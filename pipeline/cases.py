"""Case zones of a Document -> cases: number, title, text, decision and lettered items.

The headings come from pipeline/zones.py; here the same case listed in the agenda and treated later is joined
into one, titles are cut where the case text begins, and decisions are found by the lexicon's decision labels.
All positions are offsets into Document.text.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from pipeline import lexicon
from pipeline.zones import CELL_SEPARATOR, Document, Heading, Label, document_from_text, year_of


@dataclass
class CaseSpan:
    number: str
    seq: int
    year: int | None
    title: str | None
    start: int  # heading offset in text
    end: int
    heading_end: int
    decision: tuple[int, int] | None = None
    items: list[dict] = field(default_factory=list)
    listed_only: bool = False  # known only from the agenda or a reference
    referenced: bool = False  # known only from a reference in running text ("til sak 87-11", "(49/14)")


@cache
def _title_stop() -> re.Pattern:
    """Where a title ends and the case text begins on the same line: a word that opens case text, a body that
    "behandlet saken", a flattened page's footer "Side 2"."""
    words = lexicon.alternation(lexicon.words("cases", "title-stop"))
    return re.compile(rf"\s+(?=(?:{words})(?![\wæøå])"
                      r"|[A-ZÆØÅ][\wæøå-]*(?:\s+[\wæøå-]+){0,3}\s+(?:behandlet|behandla|handsama)\s+sak(?:en|a|i)?\b"
                      r"|Side \d)")


def _title_stop_in(title: str) -> re.Match | None:
    """The first title stop that does not end the title after a preposition: "Verv i Styret" names the board,
    "... Styret foreslår" and "Godkjenning av protokoll fra Styret ønsker ..." go on into the case text."""
    prepositions = lexicon.folded_set("places", "prepositions")
    for m in _title_stop().finditer(title):
        before, after = title[:m.start()].split(), title[m.end():].split()
        if not before or before[-1].casefold() not in prepositions or len(after) > 1:
            return m
    return None


@cache
def _agenda_columns() -> frozenset[str]:
    return lexicon.folded_set("cases", "agenda-columns")


@cache
def _inline_decision() -> re.Pattern:
    return lexicon.compiled("cases", "decision-inline")


_ITEM = re.compile(r"(?m)^[ \t]*(?P<label>[A-H])(?:\)|[ \t]{1,}(?=[A-ZÆØÅ]))[ \t]*(?P<title>[^\n]+)$")
# "til sak 87-11", and in parentheses "Julie Andersen (49/14)", "(til 12/14)": who was there for which case
_INLINE_CASE_REF = re.compile(r"\bsak\s+(?P<seq>\d{1,4})\s*(?:/\s*(?P<year>\d{2,4})|-(?P<hyear>\d{2})(?!\d))"
                              r"|\((?:(?:til|fra|frå|etter|f\.o\.m\.|t\.o\.m\.)\s+)?(?P<pseq>\d{1,3})/(?P<pyear>\d{2}|\d{4})\)", re.I)
_LABEL_START = re.compile(r"[\wæøå]+(?: [\wæøå]+)?:")


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = max(text.rfind("\n", 0, pos), text.rfind("\f", 0, pos)) + 1
    ends = [e for e in (text.find("\n", pos), text.find("\f", pos)) if e != -1]
    return start, min(ends) if ends else len(text)


def _title_text(text: str, start: int, inline: bool) -> str:
    """The heading's title: to the end of its line, continued on the next line where a long title wraps;
    in flattened text the wrapped lines are one paragraph."""
    if inline:
        chunk = re.split(r"\n\s*\n|\f", text[start:start + 300])[0]
        return chunk.replace("\n", " ")
    line_start, end = _line_bounds(text, start)
    title = text[start:end]
    if end < len(text) and text[end] == "\n" and end - line_start >= 70:
        _, nxt_end = _line_bounds(text, end + 1)
        nxt = text[end + 1:nxt_end].strip()
        if nxt[:1].islower():
            title += " " + nxt
    return title


def _clean_title(title: str, inline: bool, strip_words: frozenset[str]) -> str | None:
    title = title.split(CELL_SEPARATOR + CELL_SEPARATOR)[0] if not inline else title
    title = title.strip().strip(":").strip()
    if _LABEL_START.match(title) and re.match(r"(?i)(vedtak|innstilling|behandling|handsaming)", title):
        return None
    # a title in capitals ends where the capitals do: "EKSTERN GRANSKNING Tilbud fra tre selskaper"
    caps = re.match(r"(?:[A-ZÆØÅ0-9][A-ZÆØÅ0-9.,/&-]*[ \t]+){1,}[A-ZÆØÅ0-9][A-ZÆØÅ0-9.,/&)-]*(?=[ \t]+[A-ZÆØÅ]?[a-zæøå])",
                    title)
    if caps and len(caps.group().split()) >= 2 and _words_in_capitals(caps.group()):
        title = caps.group()
    title = re.sub(r"\s*\((?:[^()]*:)[^()]*\)?$", "", title)  # "(Saksansvarlige: Ella og ..." is a note
    title = re.sub(r"\s*\((?:s|side|sid)\.?\s*\d{1,4}\)$", "", title)  # an agenda's page column: "(s. 122)"
    # "Styrets arbeid: Styreleder informerte om arbeidet. Utover ...": the item's account follows its colon; a
    # subtitle ("Innkommet sak: Reseksjonering av seksjon 42") is no sentence
    title = re.sub(r":\s+[A-ZÆØÅ][^:]*?[a-zæøå)]\.(?:\s+[A-ZÆØÅ].*)?$", "", title)
    title = _without_tag(title)
    if inline or len(title) > 150:  # a heading that runs on into its paragraph reads like a flattened one
        title = _inline_title(title)
    else:
        m = _title_stop_in(title)
        title = title[:m.start()] if m else title
    words = title.split()
    while words and (words[-1].casefold() in strip_words or not re.search(r"\w", words[-1])):
        words.pop()  # link columns of an agenda table, and OCR specks after them
    title = re.sub(r"\s*\([^()]*$", "", " ".join(words))  # "Badehetter (10" lost the rest of its note
    title = title.strip(" .:-–")
    return title or None


def _words_in_capitals(caps: str) -> bool:
    """Words, not a road or a code: "EKSTERN GRANSKNING" or "BUDSJETT 2020" ends a title in capitals, "E 16
    Kongsvinger-Slomarka" and "RV 4 Gran" do not."""
    lengths = [len(re.sub(r"[^A-ZÆØÅ]", "", w)) for w in caps.split()]
    return sum(n >= 2 for n in lengths) >= 2 or any(n >= 5 for n in lengths)


def _without_tag(title: str) -> str:
    """"[Vedtak] Godkjenne budsjett for 2020": a leading tag in brackets says what kind of item it is."""
    return re.sub(r"^\[[^\[\]]{1,20}\]\s*(?=\S)", "", title)


def _first_sentence_below(text: str, pos: int, end: int, label_starts: set[int]) -> str | None:
    """The title of a heading that has none on its line ("Sak 04/2015:"): the first sentence of the line below
    ("Brøyting. Nils avklarer med Rigmor."), unless that line opens with a label or is a long paragraph."""
    _, line_end = _line_bounds(text, pos)
    if line_end >= end or text[line_end] != "\n":
        return None
    start, below_end = _line_bounds(text, line_end + 1)
    below = text[start:min(below_end, end)]
    offset = len(below) - len(below.lstrip())
    if not below.strip() or start + offset in label_starts or _LABEL_START.match(below.lstrip()):
        return None
    sentence = re.split(r"(?<=[\wæøå)])[.!?](?:\s|$)", below.strip(), maxsplit=1)[0].strip()
    return sentence if 0 < len(sentence) <= 120 else None


def _inline_title(s: str) -> str:
    """In flattened text the title runs into the case text: stop at a sentence start."""
    from pipeline.zones import _heading_patterns

    s = s[:200]
    prefix = _heading_patterns()[1].match(s)
    if prefix and re.match(r"\S+\s*\d", s) or re.fullmatch(r"\s*(?:[A-ZÆØÅ]{2,4}|(?i:sak))\s*", s):
        return ""  # a flattened agenda lists the next number first: "PS 16/180 PS 16/181 ..."
    m = _title_stop_in(s)
    if m:
        s = s[:m.start()]
    prepositions = lexicon.folded_set("places", "prepositions")
    words, out = s.split(), []
    for i, w in enumerate(words):
        prev = words[i - 1] if i else ""
        after_word = prev[:1].islower() or len(out) >= 3 and re.fullmatch(r"\d[\d/.-]*", prev)
        if i and w[:1].isupper() and not w.isupper() and after_word and len(out) >= 2 \
                and prev.casefold() not in prepositions:
            break  # a sentence begins; "... delregionene i Akershus", "... av Ruters hydrogenbusser" go on
        if re.fullmatch(r"(?:Sak|PS|\d{0,4}/\d{2,4}:?)", w) and out and prev.lower() not in ("møte", "sak", "nr."):
            if re.fullmatch(r"\d{1,3}", out[-1]):
                out.pop()  # the page number of a flattened page: "... OPPMODING 3 091/16: ..."
            break
        out.append(w)
        if w.endswith(".") and len(w) > 3 and not re.fullmatch(r"\d+\.", w):
            break
    return " ".join(out)


def _link_columns(text: str, heads: list[Heading]) -> frozenset[str]:
    """Words that end most agenda rows alike ('... utredning vedtak', '... Protokoll') are link columns of the
    table, no part of the titles; so are the lexicon's column heads after a header row's title column."""
    words: set[str] = set()
    m = re.search(r"(?im)^\s*saksnr\.?\s+(?:sak|tittel|sakstittel|innhold)\s+(?P<cols>[\wæøå ]+)$", text)
    if m:
        words |= {w.casefold() for w in m.group("cols").split()}
        words |= {w for w in _agenda_columns() if " " not in w}
    rows = [text[h.title_start:_line_bounds(text, h.title_start)[1]].split() for h in heads if not h.inline]
    endings = Counter(w.casefold() for row in rows for w in set(row[-4:]) if w.islower() and len(row) > 2)
    words |= {w for w, n in endings.items() if n >= 3 and n >= len(rows) / 2 and len(w) > 2}
    return frozenset(words)


def find_cases(doc: Document | str) -> list[CaseSpan]:
    if isinstance(doc, str):
        doc = document_from_text(doc)
    heads = doc.headings
    text = doc.unwrapped(0, len(doc.text))  # a title that wrapped goes on on the next line
    strip_words = _link_columns(text, heads)
    label_starts = {lb.start for lb in doc.labels}
    by_key: dict[tuple[int, int | None, str], CaseSpan] = {}
    raws: dict[tuple[int, int | None, str], list[tuple[str, str | None, bool]]] = {}
    order: list[tuple[int, int | None, str]] = []
    for i, h in enumerate(heads):
        end = heads[i + 1].start if i + 1 < len(heads) else len(text)
        part = re.search(r"(?:\.\d+|[^\W\d_])$", h.number)
        key = (h.seq, h.year, part.group() if part else "")  # "6a" and "1.3" are not "6" and "1"
        full = _title_text(text, h.title_start, h.inline)
        raw = full[:max(0, end - h.title_start)]  # not into the next heading
        bounded = len(raw) < len(full) and h.inline  # an agenda row of a flattened page, ended by the next number
        title = _clean_title(raw, h.inline, strip_words)
        if title is None and not h.inline and not raw.strip(" \t:"):
            title = _first_sentence_below(text, h.title_start, end, label_starts)
        if bounded and title:
            title = re.sub(r"\s+\d{1,3}$", "", title)  # the page column of a flattened agenda
        raws.setdefault(key, []).append((" ".join(full.split()), title, bounded))
        span = CaseSpan(h.number, h.seq, h.year, title, h.start, end, min(h.end, end))
        if key not in by_key:
            by_key[key] = span
            order.append(key)
            continue
        # the same case in the agenda and as a heading: keep the occurrence with the body text
        old = by_key[key]
        keep_title = old.title or title
        if (span.end - span.heading_end) >= (old.end - old.heading_end):
            span.title = title or keep_title
            by_key[key] = span
    for key, seen in raws.items():
        # an agenda row's title, ended by the next case number, is the whole title where the heading of the
        # same case starts with it: "Mobilitetsprogram for delregionene i Akershus" + "Saksbehandler ..."
        for _, title, bounded in seen:
            if bounded and title and any(full.startswith(title) and full != title for full, _, b in seen if not b):
                by_key[key].title = title
                break
    cases = [by_key[k] for k in order]
    _add_referenced_cases(text, cases)
    decision_labels = [lb for lb in doc.labels if lb.kind in ("decision", "section")]
    if cases and all(c.year is None for c in cases):
        cases = [part for c in cases for part in _with_numbered_parts(text, c)]
    for c in cases:
        if c.end - c.heading_end < 3:
            c.listed_only = True
        c.decision = _decision_span(text, decision_labels, c.heading_end, c.end)
        c.items = _items(text, decision_labels, c)
    return cases


def _with_numbered_parts(text: str, case: CaseSpan) -> list[CaseSpan]:
    """An agenda item and the parts the document numbers as items of their own: "3. Valg" with "3.1 Valg av
    leder", "3.2 Valg av styre" (in minutes numbered by a plain agenda; a council's "12/18" has no such parts)."""
    if "." in case.number or not case.number.isdigit():
        return [case]
    part = re.compile(rf"(?m)^[ \t]*{case.number}\.(?P<sub>\d{{1,2}})\.?[ \t]+(?P<title>[A-ZÆØÅ][^\n\f]*)$")
    found = list(part.finditer(text, case.heading_end, case.end))
    if not found:
        return [case]
    parts = []
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else case.end
        parts.append(CaseSpan(f"{case.number}.{m.group('sub')}", case.seq, None,
                              _clean_title(m.group("title"), False, frozenset()), m.start(), end, m.end()))
    case.end = found[0].start()
    return [case, *parts]


def _add_referenced_cases(text: str, cases: list[CaseSpan]) -> None:
    """'Muntlig innlegg til sak 87-11' names a case of this meeting when it continues the run of case numbers."""
    if not cases:
        return
    years = {c.year for c in cases if c.year}
    if len(years) != 1:
        return
    year = years.pop()
    seqs = {c.seq for c in cases if c.year == year}
    lo, hi = min(seqs), max(seqs)
    refs = []
    for m in _INLINE_CASE_REF.finditer(text):
        group = "seq" if m.group("seq") else "pseq"
        y = year_of(m.group("year") or m.group("hyear")) if group == "seq" else year_of(m.group("pyear"))
        end = m.end() if group == "seq" else m.end("pyear")
        refs.append((int(m.group(group)), y, text[m.start(group):end].strip(), m))
    for seq, y, number, m in sorted(refs, key=lambda r: r[0]):
        if y == year and seq not in seqs and lo <= seq <= hi + 3:
            hi = max(hi, seq)
            cases.append(CaseSpan(number, seq, y, None, m.start(), m.end(), m.end(), listed_only=True, referenced=True))
            seqs.add(seq)


def _decision_span(text: str, labels: list[Label], body_start: int, body_end: int) -> tuple[int, int] | None:
    """The decision of a case or a lettered item: after the last decision label to the next section label,
    else an inline 'Enstemmig vedtatt'."""
    inside = [lb for lb in labels if body_start <= lb.start < body_end]
    decisions = [lb for lb in inside if lb.kind == "decision"]
    if decisions:
        last = decisions[-1]  # the final decision comes after the recommendation
        stop = next((lb.start for lb in inside if lb.kind == "section" and lb.start >= last.value_start), body_end)
        start, end = last.value_start, stop
        return (start, end) if text[start:end].strip() else None
    m = _inline_decision().search(text, body_start, body_end)
    if m:
        return m.start(), m.end()
    return None


def _items(text: str, labels: list[Label], case: CaseSpan) -> list[dict]:
    """Lettered sub-items 'A Kommunehelsesamarbeidet', 'b) Vestland fylkeskommune - ...' in alphabetical order."""
    found = []
    expected = "A"
    for m in _ITEM.finditer(text, case.heading_end, case.end):
        if m.group("label").upper() != expected:
            continue
        found.append(m)
        expected = chr(ord(expected) + 1)
    if len(found) < 2:
        return []
    items = []
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else case.end
        items.append({"label": m.group("label"), "title": m.group("title").strip(), "start": m.start(), "end": end,
                      "decision": _decision_span(text, labels, m.end(), end)})
    return items


def span_text(text: str, start: int, end: int) -> str:
    return re.sub(r"[ \t]+\n", "\n", text[start:end]).strip()
