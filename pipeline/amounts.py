"""Money amounts -> numbers in NOK: "kr 8 000 471", "kr. 4.560.650,-", "NOK 1,2 mill.", "2,5 millioner kroner",
"ca 700 tkr", and table cells like "- 380 173" under a money heading. Never percentages, years, case numbers or
head counts: a number counts only with a currency word, a scale word with a currency, or in a money table."""
from __future__ import annotations

import re
from dataclasses import dataclass

_NUM = r"\d{1,3}(?:[ \u00a0.]\d{3})+(?:,\d{1,2})?(?!\d)|\d+(?:,\d{1,2})?(?![\d.]\d)"
_SCALE = r"(?:mill(?:ioner|ion)?\.?|mnok|mrd\.?|milliard(?:er)?|tusen|tkr\.?)"
_CUR_BEFORE = r"(?:kr\.?|kroner|NOK)"
_CUR_AFTER = r"(?:kr\.?|kroner|NOK|,-)"
_SIGN = r"(?:[-−–]\s?)?"

_BEFORE = re.compile(rf"(?<![\w.])(?P<cur>{_CUR_BEFORE})\s*(?P<sign>{_SIGN})(?P<num>{_NUM})(?:,-)?"
                     rf"(?:\s*(?P<scale>{_SCALE})(?![\wæøå]))?", re.IGNORECASE)
_AFTER = re.compile(rf"(?<![\w.,])(?P<sign>{_SIGN})(?P<num>{_NUM})\s*(?:(?P<scale>{_SCALE})\s*(?P<cur>{_CUR_AFTER})?"
                    rf"|(?P<cur2>{_CUR_AFTER}))(?![\wæøå])", re.IGNORECASE)

SCALES = {"mill": 1e6, "mnok": 1e6, "mrd": 1e9, "milliard": 1e9, "tusen": 1e3, "tkr": 1e3}

_MONEY_HEADING = re.compile(
    r"\b(kr|kroner|nok|beløp|resultat\w*|regnskap\w*|budsjett\w*|overskudd|underskudd|inntekt\w*|utgift\w*|"
    r"kostnad\w*|tilskot\w*|tilskudd\w*|sum|løyving\w*|bevilgning\w*|ramme\w*|fordeler seg)\b", re.IGNORECASE)
_TABLE_ROW = re.compile(rf"^(?P<label>.*?[^\d\s.,:-].*?)\s+(?P<sign>{_SIGN})(?P<num>\d{{1,3}}(?:[ \u00a0.]\d{{3}})*(?:,\d{{1,2}})?)\s*$")


@dataclass
class AmountMention:
    start: int
    end: int
    text: str
    value: float


def parse_number(num: str) -> float:
    num = num.replace("\u00a0", " ")
    if re.fullmatch(r"\d{1,3}(?:[ .]\d{3})+(?:,\d+)?", num):
        num = num.replace(" ", "").replace(".", "")
    return float(num.replace(" ", "").replace(",", "."))


def _scale(word: str | None) -> float:
    if not word:
        return 1.0
    w = word.lower().rstrip(".")
    for key, factor in SCALES.items():
        if w.startswith(key):
            return factor
    return 1.0


def _value(m: re.Match) -> float:
    v = parse_number(m.group("num")) * _scale(m.group("scale"))
    if m.group("sign"):
        v = -v
    return round(v, 2)


def find_amounts(text: str) -> list[AmountMention]:
    out: list[AmountMention] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, value: float) -> None:
        if not any(s < end and start < e for s, e in taken):
            out.append(AmountMention(start, end, text[start:end], int(value) if value == int(value) else value))
            taken.append((start, end))

    for m in _BEFORE.finditer(text):
        add(m.start(), m.end(), _value(m))
    for m in _AFTER.finditer(text):
        if m.group("scale") and not m.group("cur") and not re.search(r"(kr|nok)\.?\s*$", text[max(0, m.start() - 6):m.start()], re.I):
            if not m.group("scale").lower().startswith(("tkr", "mnok")):
                continue  # "2 mill. innbyggere" is not money; "8 mill. kroner" and "700 tkr" are
        add(m.start(), m.end(), _value(m))
    for start, end, value in _table_cells(text):
        add(start, end, value)
    return sorted(out, key=lambda a: a.start)


def _table_cells(text: str):
    """Rows 'label   - 380 173' in a run of at least three such rows, under a heading that speaks of money."""
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    i = 0
    while i < len(lines):
        j = i
        # a table row is short; long lines would make the row pattern backtrack quadratically
        while j < len(lines) and len(lines[j][1]) <= 200 and _TABLE_ROW.match(lines[j][1].strip()):
            j += 1
        if j - i >= 3:
            heading = " ".join(ln for _, ln in lines[max(0, i - 2):i])
            block = [lines[k] for k in range(i, j)]
            if _MONEY_HEADING.search(heading) or sum(bool(re.search(r"\bkr\b", ln, re.I)) for _, ln in block) >= 2:
                for start, line in block:
                    m = _TABLE_ROW.match(line.strip())
                    if re.fullmatch(r"(19|20)\d\d", m.group("num")):
                        continue  # a year column, not money
                    offset = start + len(line) - len(line.lstrip())
                    s = offset + (m.start("sign") if m.group("sign") else m.start("num"))
                    value = parse_number(m.group("num")) * (-1 if m.group("sign") else 1)
                    yield s, offset + m.end("num"), value
        i = max(j, i + 1)
