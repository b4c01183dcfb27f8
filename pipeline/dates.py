"""Norwegian dates, bokmål and nynorsk, -> ISO dates, the year inferred from the meeting date where missing.

Regular expressions rather than dateparser's free-text search: dateparser reads case numbers such as
"03/2018" as dates, fills a missing day with today's and can drop the day from "12. mars 2018".
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipeline import lexicon

MONTHS = {k: int(v) for k, v in lexicon.mapping("calendar", "months").items()}
_WEEKDAY_NUMBER = {k: int(v) for k, v in lexicon.mapping("calendar", "weekdays").items()}
WEEKDAYS = "(?:" + "|".join(sorted(_WEEKDAY_NUMBER, key=len, reverse=True)) + ")"
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))

# "23.11.2017", "1.1.2019", "15.3.18", "07.12.2017", "19.2" (no year), "5.12."
_NUMERIC = re.compile(r"(?<![\d.,/])(?<!\d-)(\d{1,2})\.(\d{1,2})(?:\.(\d{4}|\d{2})(?![\d.,]?\d)|\.?(?=\s|$|[,;:)]))")
# "6. 12. 2018": typed with spaces, only with the full year
_SPACED = re.compile(r"(?<![\d.,/])(\d{1,2})\.[ \t](\d{1,2})\.[ \t]?((?:19|20)\d\d)(?![\d.,]?\d)")
# "2018-06-14"
_ISO = re.compile(r"(?<![\d./-])((?:19|20)\d\d)([-/])(\d\d)\2(\d\d)(?![\d/-])")  # "2018-06-14", "2021/04/21"
# "14. juni", "7. desember 2017", "den 15. januar", "26.-30.8.2005" handled by the numeric form
_WRITTEN = re.compile(rf"(?<![\w.])(?P<day>\d{{1,2}})\.{{0,2}}\s*(?:-\s*(?P<end_day>\d{{1,2}})\.\s*)?(?P<month>{_MONTH_NAMES})\.?"
                      rf"(?:\s+(?P<year>\d{{4}}))?(?![\wæøå])", re.IGNORECASE)
_WEEKDAY_BEFORE = re.compile(rf"(?P<weekday>{WEEKDAYS})(?:\s+den)?\s*$", re.IGNORECASE)
# "15/1-97", "26/4-2012": day/month-year, a common form in letters and deadlines
_SLASHED = re.compile(r"(?<![\d/.,-])(\d{1,2})/(\d{1,2})-(\d{4}|\d{2})(?![\d/-])")
# "11/12/2024": day/month/year with the full year, as spreadsheets and web forms write it
_SLASHED_FULL = re.compile(r"(?<![\d/.,-])(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)(?![\d/-])")
_REFERENCE_BEFORE = re.compile(r"(?<![\wæøå])(?:(?i:sak|saksnr|arkiv\w*|ref|jnr|journalnr|nr)|[A-Z]{2,3})\.?:?[ \t]*$")
# "22. og 23. mai": the first day of the pair takes the month of the second
_DAY_AND = re.compile(r"(?<![\d.])(\d{1,2})\.\s+og\s+$")
# a day range "5.-7.9.2005": the first day is elliptical, only the end date is a full date
_RANGE_START = re.compile(r"(\d{1,2})\.\s*-\s*$")


@dataclass
class DateMention:
    start: int
    end: int
    text: str
    value: str  # ISO


def _make(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _expand_year(y: str) -> int:
    n = int(y)
    if len(y) == 2:
        n += 2000 if n < 50 else 1900
    return n


def infer_year(month: int, day: int, ref: dt.date | None, weekday: int | None = None) -> int | None:
    """A day and month without a year take the year that puts them nearest the reference (meeting) date; a weekday
    named with them ("måndag 14. september") picks the year in which the day falls on it, where there is one."""
    if ref is None:
        return None
    candidates = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    on_weekday = [d for d in candidates if d.weekday() == weekday]
    best = min(on_weekday or candidates, key=lambda d: abs((d - ref).days), default=None)
    return best.year if best else None


def find_dates(text: str, ref: dt.date | None = None) -> list[DateMention]:
    """Full calendar dates in text. Dates without a year get one from `ref` (the meeting date), or are skipped."""
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def add(start, end, value):
        if value and not any(s < end and start < e for s, e in taken):
            out.append(DateMention(start, end, text[start:end], value))
            taken.append((start, end))

    for m in _ISO.finditer(text):
        add(m.start(), m.end(), _make(int(m.group(1)), int(m.group(3)), int(m.group(4))))
    for m in _SLASHED.finditer(text):
        if not _REFERENCE_BEFORE.search(text, max(0, m.start() - 16), m.start()):  # "Arkivsak 18/11-12" is no date
            add(m.start(), m.end(), _make(_expand_year(m.group(3)), int(m.group(2)), int(m.group(1))))
    for m in _SLASHED_FULL.finditer(text):
        if not _REFERENCE_BEFORE.search(text, max(0, m.start() - 16), m.start()):
            add(m.start(), m.end(), _make(int(m.group(3)), int(m.group(2)), int(m.group(1))))
    for m in _SPACED.finditer(text):
        add(m.start(), m.end(), _make(int(m.group(3)), int(m.group(2)), int(m.group(1))))
    yearless = []
    for m in _NUMERIC.finditer(text):
        day, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and 1 <= day <= 31:
            if m.group(3):
                add(m.start(), m.end(), _make(_expand_year(m.group(3)), month, day))
            else:
                yearless.append(m)
    for m in _WRITTEN.finditer(text):
        name = m.group("month")
        month, day = MONTHS[name.lower()], int(m.group("day"))
        if len(name) <= 4 and name.lower() != "mai" and not name[0].islower():
            continue  # "Mar", "Des" capitalised are more likely names than abbreviated months
        weekday = _weekday_before(text, m.start())
        year = int(m.group("year")) if m.group("year") else infer_year(month, day, ref, weekday)
        if year is None:
            continue
        if m.group("end_day"):  # "9.-10. juni 2015": both days
            add(m.start(), m.end("day"), _make(year, month, day))
            add(m.start("end_day"), m.end(), _make(year, month, int(m.group("end_day"))))
        else:
            add(m.start(), m.end(), _make(year, month, day))
            if first := _DAY_AND.search(text, max(0, m.start() - 12), m.start()):
                add(first.start(1), first.end(1) + 1, _make(year, month, int(first.group(1))))
    _add_date_lists(text, add)
    for m in yearless:
        if _looks_like_date(text, m):
            year = infer_year(int(m.group(2)), int(m.group(1)), ref, _weekday_before(text, m.start()))
            if year is not None:
                add(m.start(), m.end(), _make(year, int(m.group(2)), int(m.group(1))))
    return sorted(out, key=lambda d: d.start)


_YEAR_CONTEXT = re.compile(r"(?:for\s+)?(?:året|år|aaret)\s+((?:19|20)\d\d)", re.IGNORECASE)
_DAY_MONTH_LIST = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(?=\s*[,.]|\s*$|\s+\d)", re.MULTILINE)


def _weekday_before(text: str, pos: int) -> int | None:
    m = _WEEKDAY_BEFORE.search(text[max(0, pos - 16):pos])
    return _WEEKDAY_NUMBER[m.group("weekday").lower()] if m else None


def _looks_like_date(text: str, m: re.Match) -> bool:
    """'19.2' alone is weak: accept it after 'den', 'møte', 'fra' ..., before 'kl', or written '5.12.';
    never a section number ('punkt 4.2.')."""
    before = text[max(0, m.start() - 12):m.start()].lower()
    after = text[m.end():m.end() + 6].lower()
    if re.search(r"(?:punkt|pkt\.?|kapittel|kap\.?|§|avsnitt|del|tabell|figur|vedlegg)\s*$", before):
        return False
    if re.search(r"kl\.?\s*$|\d[.:]\d\d\s*[-–]\s*$", before) or re.match(r"\s*[-–]\s*\d", after):
        return False  # a clock time "kl. 10.11", the end of "kl. 18.30 - 21.05"
    return bool(re.search(r"(den|dato|møte|fra|frå|til|og|,|[-–])\s*$", before) or after.lstrip().startswith("kl")
                or text[m.end() - 1] == ".")


def _add_date_lists(text: str, add) -> None:
    """'møteplan for året 2006: 16.2., 30.3., 15.6.' -- day.month. items take the year named just before."""
    for ctx in _YEAR_CONTEXT.finditer(text):
        year = int(ctx.group(1))
        window_end = min(len(text), ctx.end() + 200)
        for m in _DAY_MONTH_LIST.finditer(text, ctx.end(), window_end):
            day, month = int(m.group(1)), int(m.group(2))
            if 1 <= month <= 12:
                add(m.start(), m.end(), _make(year, month, day))
