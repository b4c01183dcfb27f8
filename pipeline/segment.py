"""Document text -> sections: the meeting header, participant blocks, and cases with their decisions.

Works on the document text (pages separated by form feeds) and returns spans into it, so every later stage
can point back at the text. Handles line-structured minutes and flattened ones (a whole page on one line).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.places import PLACE_PREPOSITIONS, is_municipality_name

# --- cases -------------------------------------------------------------------------------------------------

_PREFIX = (r"(?:Sak(?:\s*nr\.?)?|SAK(?:\s*NR\.?)?|Saksnr\.?:?|Saknr\.?|(?:PS|RS|KU|FS|KS|HS|OS|DS|MS|US|AU|FSK|KST|UTV)(?=\s)|"
           r"[A-ZÆØÅ]{2,4}-[Ss]ak)")  # "BU-sak 12/22", "FU-sak 3/21"
_NUMBER = r"(?P<seq>\d{1,4})\s*(?:/\s*(?P<year>\d{2,4})|-(?P<hyear>\d{2})(?!\d))?"
# "Sak 03/2018 Title", "PS 12/18 Title", "Sak nr. 47/09 Title", "Saksnr.: 56/09", "Sak 80 (2017-18): Title", "Sak 1  Title";
# the title is a lookahead so that a flattened agenda "PS 16/180 PS 16/181 ..." yields every number
_HEADING = re.compile(
    rf"(?P<prefix>{_PREFIX})\s*{_NUMBER}(?:\s*\((?P<paren>[\d\s/-]+)\))?\s*(?P<sep>\s*(?:[:.–-]\s*)?)(?=(?P<title>[^\n\f]*))")
# agenda/table rows without a prefix: "020/09 Godkjenning av protokoll", "102/2015 Godkjenning", "83-11 Godkjenning"
_BARE_HEADING = re.compile(rf"(?P<seq>\d{{1,4}})\s*(?:/\s*(?P<year>\d{{2,4}})|-(?P<hyear>\d{{2}}))(?!\d)[ \t]+(?P<title>[A-ZÆØÅ][^\n\f]*)")
# zero-padded numbers inside flattened text: "... SAKLISTE Sak nr. Sakstittel 001/15 Godkjenning av ..."
_INLINE_BARE = re.compile(r"(?<![\w/.,-])(?P<seq>\d{3})\s*/\s*(?P<year>\d{2}|\d{4})(?![\w/-])(?:[ \t]+|[ \t]*\n[ \t]*)(?=(?P<title>[A-ZÆØÅ][^\n\f]*))")
# a running number alone with a colon, or alone on its line with the title on the next: "81: Title", "63\n\nTitle"
_NUMBER_ONLY = re.compile(r"(?P<seq>\d{1,3})(?::\s*(?P<title>[A-ZÆØÅ][^\n\f]*)|[ \t]*$)")
_REFERENCE_BEFORE = re.compile(r"(?:(?<!\w)(?:jf\.?|jfr\.?|se|sjå|etter|under|i|til|og|fra|frå|av|mot|behandla|"
                               r"behandlet|handsama|møtet|vedtak|innstilling)|,)\s*$", re.IGNORECASE)
# "til sak 87-11", and in parentheses "Julie Andersen (49/14)", "(til 12/14)": who was there for which case
_INLINE_CASE_REF = re.compile(r"\bsak\s+(?P<seq>\d{1,4})\s*(?:/\s*(?P<year>\d{2,4})|-(?P<hyear>\d{2})(?!\d))"
                              r"|\((?:(?:til|fra|frå|etter|f\.o\.m\.|t\.o\.m\.)\s+)?(?P<pseq>\d{1,3})/(?P<pyear>\d{2}|\d{4})\)", re.I)

_DECISION = re.compile(
    r"(?im)^[ \t]*(?:(?:[A-ZÆØÅ]+\s+)?\d{1,4}/\d{2,4}\s+)?"
    r"(?P<label>vedtak(?:/innstilling)?(?:/framsending[^:\n]*)?(?:\s+i\s+[\wæøå]+)?|"
    r"innstilling(?:/vedtak)?|tilråding|framlegg til vedtak|forslag til vedtak|"
    r"[\wæøå ]*si tilråding|(?:[\wæøå]+s\s+)?vedtak|konklusjon|avgjerd)\s*:")
_DECISION_INLINE = re.compile(r"(?i)\b(?:samrøystes vedteke|enstemmig vedtatt|enstemmig vedtak|vedtaket var samrøystes|"
                              r"vedtaket var enstemmig)\b")
_SECTION_LABEL = re.compile(r"(?im)^[ \t]*(?:behandling|handsaming|votering|røysting|saksopplysninger|"
                            r"bakgrunn|saksutgreiing|merknad(?:er)?|protokolltilførsel|debatt)[^\n:]{0,30}:")
_ITEM = re.compile(r"(?m)^[ \t]*(?P<label>[A-H])(?:\)|[ \t]{1,}(?=[A-ZÆØÅ]))[ \t]*(?P<title>[^\n]+)$")

# where a title ends and the case text begins; ACOS-style minutes go on with "Bystyret behandlet saken i møtet ...",
# flattened pages with their footer "Side 2"
_TITLE_STOP = re.compile(r"\s+(?=(?:Vedtak|Innstilling|Behandling|Handsaming|Saksopplysninger|Bakgrunn|Det|Den|Dei|"
                         r"Vi|Følgende|Følgjande|Til behandling)\b"
                         r"|[A-ZÆØÅ][\wæøå-]*(?:\s+[\wæøå-]+){0,3}\s+(?:behandlet|behandla|handsama)\s+sak(?:en|a|i)?\b"
                         r"|Side \d)")


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


@dataclass
class Heading:
    start: int
    end: int  # end of the heading line (title included)
    number: str
    seq: int
    year: int | None
    title_start: int
    inline: bool


def _year(m: re.Match) -> int | None:
    return _year_of(m.group("year") or m.group("hyear"))


def _year_of(y: str | None) -> int | None:
    if not y:
        return None
    n = int(y)
    if len(y) == 2:
        n += 2000 if n < 50 else 1900
    return n


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = max(text.rfind("\n", 0, pos), text.rfind("\f", 0, pos)) + 1
    end_n, end_f = text.find("\n", pos), text.find("\f", pos)
    ends = [e for e in (end_n, end_f) if e != -1]
    return start, min(ends) if ends else len(text)


_LABEL_START = re.compile(r"[\wæøå]+(?: [\wæøå]+)?:")


def _title_text(text: str, start: int, inline: bool) -> str:
    """The heading's title: to the end of its line, continued on the next line where a long title wraps;
    in flattened text the wrapped lines are one paragraph."""
    if inline:
        chunk = re.split(r"\n\s*\n|\f", text[start:start + 300])[0]
        return chunk.replace("\n", " ")
    _, end = _line_bounds(text, start)
    title = text[start:end]
    nxt_start = end + 1
    if end < len(text) and text[end] == "\n" and end - _line_bounds(text, start)[0] >= 70:
        _, nxt_end = _line_bounds(text, nxt_start)
        nxt = text[nxt_start:nxt_end].strip()
        if nxt[:1].islower():
            title += " " + nxt
    return title


def _clean_title(title: str, inline: bool, strip_words: set[str]) -> str | None:
    title = title.strip().strip(":").strip()
    if _LABEL_START.match(title) and re.match(r"(?i)(vedtak|innstilling|behandling|handsaming)", title):
        return None
    if inline:
        title = _inline_title(title)
    else:
        m = _TITLE_STOP.search(title)
        title = title[:m.start()] if m else title
    words = title.split()
    while words and (words[-1].lower() in strip_words or not re.search(r"\w", words[-1])):
        words.pop()  # link columns of an agenda table, and OCR specks after them
    title = " ".join(words).strip(" .:-–")
    return title or None


def _inline_title(s: str) -> str:
    """In flattened text the title runs into the case text: stop at a sentence start."""
    s = s[:200]
    if re.match(rf"{_PREFIX}\s*\d", s):
        return ""  # a flattened agenda lists the next number first: "PS 16/180 PS 16/181 ..."
    m = _TITLE_STOP.search(s)
    if m:
        s = s[:m.start()]
    words, out = s.split(), []
    for i, w in enumerate(words):
        prev = words[i - 1] if i else ""
        after_word = prev[:1].islower() or len(out) >= 3 and re.fullmatch(r"\d[\d/.-]*", prev)
        if i and w[:1].isupper() and not w.isupper() and after_word and len(out) >= 2 \
                and not (prev in PLACE_PREPOSITIONS and is_municipality_name(w.strip(".,"))):  # "... av ane i Gloppen"
            break
        if re.fullmatch(r"(?:Sak|PS|\d{0,4}/\d{2,4}:?)", w) and out and prev.lower() not in ("møte", "sak", "nr."):
            if re.fullmatch(r"\d{1,3}", out[-1]):
                out.pop()  # the page number of a flattened page: "... OPPMODING 3 091/16: ..."
            break
        out.append(w)
        if w.endswith(".") and len(w) > 3 and not re.fullmatch(r"\d+\.", w):
            break
    return " ".join(out)


def _is_range(text: str, pos: int) -> bool:
    """'Saksnr.: 020/09 - 028/09', 'PS 10/2021 - PS 19/2021', '091/16-103/16' name a range, not a heading."""
    return bool(re.match(r"\s*[-–]\s*(?:[A-Z]{1,3}\s*)?\d", text[pos:pos + 12]))


_RANGE_END = re.compile(r"\d\s*[-–]\s*(?:[A-Z]{1,3}\s*)?$")  # the 'KU 12/2015' of 'KU 5/2015 - KU 12/2015'


def _number_end(m: re.Match) -> int:
    for group in ("hyear", "year", "seq"):
        if m.group(group):
            return m.end(group)
    return m.end()


def _archive_number(m: re.Match) -> bool:
    """'Sak nr. 2005/4117 A' is an archive (arkivsak) number, not a case of the meeting."""
    year = m.group("year") or ""
    return int(m.group("seq")) >= 1900 and len(year) >= 3


def find_headings(text: str) -> list[Heading]:
    heads: list[Heading] = []
    for m in _HEADING.finditer(text):
        line_start, line_end = _line_bounds(text, m.start())
        before = text[line_start:m.start()]
        at_line_start = not before.strip() or bool(re.fullmatch(r"\s*\d{1,3}\s+", before))
        if _is_range(text, _number_end(m)) or _archive_number(m) or _RANGE_END.search(before):
            continue
        if not at_line_start:
            # flattened text: a heading inside a line is a capitalised "Sak"/"PS" with a title, not a reference
            if _REFERENCE_BEFORE.search(before) or not m.group("prefix")[0].isupper():
                continue
            if not m.group("title")[:1].isupper():
                continue
        end = line_end if at_line_start else m.end()
        number = m.group("seq") if m.group("paren") else text[m.start("seq"):_number_end(m)]
        heads.append(Heading(m.start(), end, number.replace(" ", ""), int(m.group("seq")), _year(m), m.start("title"),
                             not at_line_start))
    lines = text_lines(text)
    for start, line in lines:
        stripped = line.lstrip()
        s = start + len(line) - len(stripped)
        page_number = re.match(r"\d{1,3}\s+(?=\d)", stripped)  # flattened pages start with their page number
        if page_number:
            s += page_number.end()
            stripped = stripped[page_number.end():]
        if any(h.start <= s < h.end for h in heads):
            continue
        m = _BARE_HEADING.match(stripped)
        if m and not re.match(r"\d{1,2}\.\d", stripped) and not re.match(r"[\wæøå]+:", m.group("title")) \
                and not _is_range(stripped, _number_end(m)) and not _archive_number(m):
            inline = len(stripped) > 250
            heads.append(Heading(s, start + len(line) if not inline else s + m.end(), stripped[:_number_end(m)],
                                 int(m.group("seq")), _year(m), s + m.start("title"), inline))
    for m in _INLINE_BARE.finditer(text):
        if any(h.start <= m.start() < h.title_start for h in heads) or _is_range(text, m.end("year")):
            continue
        before = text[max(0, m.start() - 30):m.start()]
        if _REFERENCE_BEFORE.search(before) or re.search(r"sak\s*$", before, re.I) or _LABEL_START.match(m.group("title")):
            continue
        heads.append(Heading(m.start(), m.end("year") + 1, text[m.start():m.end("year")], int(m.group("seq")), _year(m),
                             m.start("title"), True))
    heads.extend(_numbered_headings(text, lines, heads))
    return sorted(heads, key=lambda h: h.start)


def _numbered_headings(text: str, lines, found: list[Heading]) -> list[Heading]:
    """'81: Title' or a number alone on a line then its title: only as an increasing run of at least two."""
    cands = []
    for idx, (start, line) in enumerate(lines):
        stripped = line.strip()
        m = _NUMBER_ONLY.fullmatch(stripped)
        if not m:
            continue
        title = m.group("title")
        if title is None:
            nxt = next((ln.strip() for _, ln in lines[idx + 1:idx + 4] if ln.strip()), "")
            if not nxt or not nxt[0].isupper() or len(nxt) < 4:
                continue
            title = nxt
        s = start + len(line) - len(line.lstrip())
        title_start = text.find(title, s)
        cands.append(Heading(s, start + len(line), m.group("seq"), int(m.group("seq")), None, title_start, False))
    prev_seqs = {h.seq for h in found}
    out = []
    for c in cands:
        neighbours = [o for o in cands if o is not c and abs(o.seq - c.seq) <= 2]
        if neighbours or (c.seq - 1) in prev_seqs:
            out.append(c)
    return out


def text_lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) for every line of the text; pages (form feeds) also end lines."""
    out, pos = [], 0
    for line in re.split(r"[\n\f]", text):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _agenda_strip_words(text: str) -> set[str]:
    """Link columns after the title in an agenda table ('Saksnr. Sak Utredning Vedtak') are not part of titles."""
    m = re.search(r"(?im)^\s*saksnr\.?\s+(?:sak|tittel|sakstittel|innhold)\s+(?P<cols>[\wæøå ]+)$", text)
    if not m:
        return set()
    return {w.lower() for w in m.group("cols").split()} | {"protokoll"}


def find_cases(text: str) -> list[CaseSpan]:
    heads = find_headings(text)
    strip_words = _agenda_strip_words(text)
    by_key: dict[tuple[int, int | None], CaseSpan] = {}
    order: list[tuple[int, int | None]] = []
    for i, h in enumerate(heads):
        end = heads[i + 1].start if i + 1 < len(heads) else len(text)
        key = (h.seq, h.year)
        raw = _title_text(text, h.title_start, h.inline)[:max(0, end - h.title_start)]  # not into the next heading
        title = _clean_title(raw, h.inline, strip_words)
        span = CaseSpan(h.number, h.seq, h.year, title, h.start, end, min(h.end, end))  # an inline heading may follow on the line
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
    cases = [by_key[k] for k in order]
    _add_referenced_cases(text, cases)
    for c in cases:
        if c.end - c.heading_end < 3:
            c.listed_only = True
        c.decision = _decision_span(text, c.heading_end, c.end)
        c.items = _items(text, c)
    return cases


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
        y = _year(m) if group == "seq" else _year_of(m.group("pyear"))
        end = m.end() if group == "seq" else m.end("pyear")
        refs.append((int(m.group(group)), y, text[m.start(group):end].strip(), m))
    for seq, y, number, m in sorted(refs, key=lambda r: r[0]):
        if y == year and seq not in seqs and lo <= seq <= hi + 3:
            hi = max(hi, seq)
            cases.append(CaseSpan(number, seq, y, None, m.start(), m.end(), m.end(), listed_only=True, referenced=True))
            seqs.add(seq)


def _decision_span(text: str, body_start: int, body_end: int) -> tuple[int, int] | None:
    """The decision of a case or a lettered item: after the last 'Vedtak:'-like label to the next section label,
    else an inline 'Enstemmig vedtatt'."""
    body = text[body_start:body_end]
    matches = list(_DECISION.finditer(body))
    if matches:
        m = matches[-1]  # the final decision comes after the recommendation
        start = body_start + m.end()
        stop = _SECTION_LABEL.search(body, m.end())
        end = body_start + (stop.start() if stop else len(body))
        return (start, end) if text[start:end].strip() else None
    m = _DECISION_INLINE.search(body)
    if m:
        return body_start + m.start(), body_start + m.end()
    return None


def _items(text: str, case: CaseSpan) -> list[dict]:
    """Lettered sub-items 'A Kommunehelsesamarbeidet', 'b) Vestland fylkeskommune - ...' in alphabetical order."""
    body_start = case.heading_end
    found = []
    expected = "A"
    for m in _ITEM.finditer(text, body_start, case.end):
        label = m.group("label")
        if label.upper() != expected:
            continue
        found.append(m)
        expected = chr(ord(expected) + 1)
    if len(found) < 2:
        return []
    items = []
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else case.end
        items.append({"label": m.group("label"), "title": m.group("title").strip(), "start": m.start(), "end": end,
                      "decision": _decision_span(text, m.end(), end)})
    return items


def span_text(text: str, start: int, end: int) -> str:
    return re.sub(r"[ \t]+\n", "\n", text[start:end]).strip()
