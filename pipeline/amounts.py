"""Money amounts -> numbers in NOK: "kr 8 000 471", "kr. 4.560.650,-", "NOK 1,2 mill.", "2,5 millioner kroner",
"ca 700 tkr", and table cells like "- 380 173" under a money heading. Never percentages, years, case numbers or
head counts: a number counts only with a currency word, a scale word with a currency, or in a money table."""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from pipeline import lexicon
from pipeline.zones import text_lines


def _words(section: str) -> str:
    return "|".join(re.escape(w) for w in sorted(lexicon.words("money", section), key=len, reverse=True))


_NUM = r"\d{1,3}(?:[ \u00a0.]\d{3})+(?:,\d{1,2})?(?!\d)|\d+(?:,\d{1,2})?(?![\d.]\d)"
# after a currency word a number may wrap onto the next line ("kr 1\n245 000") or have lost the space between its
# first groups in OCR ("kr 1695 500")
_NUM_WRAPPED = r"\d{1,4}(?:[ \u00a0.\n]\d{3})+(?:,\d{1,2})?(?!\d)|\d+(?:,\d{1,2})?(?![\d.]\d)"
_SCALE = rf"(?:{_words('scales')})"
_CUR_BEFORE = rf"(?:{_words('currency-before')})"
_CUR_AFTER = rf"(?:{_words('currency-after')})"
_SIGN = r"(?:[-−–]\s?)?"

# a currency word may end a line, but "kr.\n3. Fylkesdirektøren ..." is the next item of a numbered list
_BEFORE = re.compile(rf"(?<![\w.])(?P<cur>{_CUR_BEFORE})(?:[ \t]*\n(?![ \t]*\d{{1,2}}[.)]\s))?[ \t]*(?P<sign>{_SIGN})(?P<num>{_NUM_WRAPPED})(?:,-)?"
                     rf"(?:\s*(?P<scale>{_SCALE})(?![\wæøå]))?", re.IGNORECASE)
_AFTER = re.compile(rf"(?<![\w.,])(?P<sign>{_SIGN})(?P<num>{_NUM})\s*(?:(?P<scale>{_SCALE})\s*(?P<cur>{_CUR_AFTER})?"
                    rf"|(?P<cur2>{_CUR_AFTER}))(?![\wæøå])", re.IGNORECASE)

# a bare number after a money word, a few small words between: "kostet 100 000", "ekstrastøtte, 18 000"; not one
# that a unit follows ("budsjettert 40 deltakere")
_CUED = re.compile(rf"(?i)(?:{_words('cue-words')})(?![\wæøå])(?:,?[ \t]+(?:på|av|er|var|om|ca\.?|cirka|omtrent|rundt|"
                   rf"totalt|til sammen|kr\.?|kroner))*,?[ \t]+(?P<sign>{_SIGN})(?P<num>{_NUM})(?!\d|[.,]\d)"
                   rf"(?:[ \t]*(?P<scale>{_SCALE})(?![\wæøå]))?(?P<cur>)"
                   r"(?![ \t]*(?:%|(?!(?:og|i|for|per|pr|til|som|men|eller|inkl|ekskl|mva|av|fra|på)(?![\wæøå]))[a-zæøå]))")
SCALES = {k.rstrip(".").casefold(): float(v) for k, v in lexicon.mapping("money", "scales").items()}

# headings whose words end in these stems count too ("regnskapstall", "budsjettforslag")
_MONEY_HEADING = re.compile(rf"\b(?:(?:{_words('table-headings')})|(?:{_words('table-heading-stems')})\w*|\w*sum)\b",
                            re.IGNORECASE)
_MODIFIER = re.compile(rf"(?i)(?<![\wæøå])(?:{_words('modifiers')})[ \t]+(?=budsjett|regnskap|prognose|ramme)")
# ("beløp" is no column head of its own: it qualifies the word before, "Søkt beløp")
_COLUMN_WORD = re.compile(rf"(?i)(?<![\wæøå])(?:{_words('column-heads')})(?![\wæøå])(?![ \t]+(?:19|20)\d\d)")


@dataclass
class AmountMention:
    start: int
    end: int
    text: str
    value: float


MAX_AMOUNT = 1e15  # NOK; the state budget is about 2e12


def parse_number(num: str) -> float:
    num = num.replace("\u00a0", " ").replace("\n", " ")
    if re.fullmatch(r"\d{1,4}(?:[ .]\d{3})+(?:,\d+)?", num):
        num = num.replace(" ", "").replace(".", "")
    return float(num.replace(" ", "").replace(",", "."))


def _scale(word: str | None) -> float:
    if not word:
        return 1.0
    w = word.lower().rstrip(".")
    if w in SCALES:
        return SCALES[w]
    return next((SCALES[k] for k in sorted(SCALES, key=len, reverse=True) if w.startswith(k)), 1.0)


def _value(m: re.Match) -> float:
    scaled_currency = m.group("cur") if (m.group("cur") or "").lower() in ("mnok", "tnok") else None
    v = parse_number(m.group("num")) * _scale(m.group("scale") or scaled_currency)
    if m.group("sign"):
        v = -v
    return round(v, 2)


def find_amounts(text: str) -> list[AmountMention]:
    out: list[AmountMention] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, value: float) -> None:
        if abs(value) > MAX_AMOUNT:
            return  # a run of hundreds of digits is no sum of money (and would not fit a record's number)
        if not any(s < end and start < e for s, e in taken):
            out.append(AmountMention(start, end, text[start:end], int(value) if value == int(value) else value))
            taken.append((start, end))

    for m in _BEFORE.finditer(text):
        add(m.start(), m.end(), _value(m))
    for m in _AFTER.finditer(text):
        if re.fullmatch(r"(?:19|20)\d\d", m.group("num")) and "\n" in text[m.end("num"):m.end()]:
            continue  # a year column heading above its unit line: "Budsjett 2022\nmill. kr"
        if re.search(r"(?i)\bi\s+(?:hele\s+)?$", text[max(0, m.start() - 8):m.start()]) and \
                parse_number(m.group("num")) in (1000, 1_000_000):
            continue  # the unit of a table, "(tall i 1000 kr)"
        if m.group("scale") and not m.group("cur") and not re.search(r"(kr|nok)\.?\s*$", text[max(0, m.start() - 6):m.start()], re.I):
            if not m.group("scale").lower().startswith(("tkr", "mnok")):
                continue  # "2 mill. innbyggere" is not money; "8 mill. kroner" and "700 tkr" are
        add(m.start(), m.end(), _value(m))
    for start, end, value in _table_cells(text):
        add(start, end, value)
    for m in _CUED.finditer(text):  # after the tables: a row "Lønn og sosiale utgifter 512 000 530 500" is two cells
        if not _YEAR.fullmatch(m.group("num")) and (m.group("scale") or parse_number(m.group("num")) >= 100):
            add(m.start("num"), m.end(), _value(m))
    return sorted(out, key=lambda a: a.start)


def _table_cells(text: str):
    """(start, end, value) of every number cell in money tables (see `_money_rows`)."""
    for start, numbers, empty, columns, scale in _money_rows(text):
        if len(numbers) + empty <= columns:
            # a row with fewer digit groups than cells leaves cells empty ("Sum avvik -2 900" in a three-column
            # table): its runs are its numbers
            filled = columns - empty if sum(map(_groups, numbers)) >= columns - empty else len(numbers)
            for s, e, value in _split_columns(numbers, filled):
                yield start + s, start + e, round(value * scale, 2)


def find_damaged_numbers(text: str) -> list[tuple[int, int]]:
    """Spans of money-table rows that hold more numbers than the table has columns ("Løpende drift - 95 63"):
    digits were lost in transcription, so the row yields no amounts and the reader should check it."""
    out = []
    for start, numbers, empty, columns, _ in _money_rows(text):
        if len(numbers) + empty > columns:
            out.append((start, start + numbers[-1][-1][1]))
    return out


def _money_rows(text: str):
    """Rows 'label   - 380 173' in a run of at least three such rows under a heading that speaks of money, as
    (line offset, numbers, empty cells, table columns, unit of the cells in NOK). Columns flattened to single spaces
    ('Sum driftsutgifter 903 662 418 861 905 331') are told apart by the column count: the year columns of the header
    line, or the count that rows fix by their groups."""
    lines = text_lines(text)
    i = 0
    while i < len(lines):
        j = i
        rows = []
        # a table row is short; long lines are prose, and so is a line the next one continues in lower case
        while j < len(lines) and len(lines[j][1]) <= 200 and not _continued(lines, j) \
                and (cells := _row_cells(lines[j][1])):
            if j == i and all(_YEAR.fullmatch(c) for *_, c in cells):
                break  # "Tiltak 2025 2026" heads the table
            rows.append((lines[j][0], cells))
            j += 1
        if j - i >= 3:
            heading = " ".join(ln for _, ln in lines[max(0, i - 2):i])
            header = lines[i - 1][1] if i else ""
            header_columns = len(_YEAR.findall(header)) + len(_COLUMN_WORD.findall(_MODIFIER.sub("", header)))
            # prose about money a paragraph above the header ("... 7,14 mrd. kroner ...:\n\nTiltak 2024 2025")
            prose = [ln for _, ln in lines[max(0, i - 4):i - 1] if ln.strip()][-1:]
            money = _MONEY_HEADING.search(heading) \
                or sum(bool(re.search(r"\bkr\b", lines[k][1], re.I)) for k in range(i, j)) >= 2 \
                or (prose and _MONEY_HEADING.search(prose[0]) and _mostly_thousands(rows, header_columns))
            if money:
                rows = [(start, *_numbers(cells)) for start, cells in rows]
                # a row's own count is trusted when a second row agrees: one row can hold a damaged number
                counts = sorted((len(numbers) + empty for _, numbers, empty in rows), reverse=True)
                columns = max(header_columns, counts[1])
                # the unit above the header, also across a blank line if that line is a caption, not prose
                scale = _table_scale(heading + " " + (prose[0] if prose and len(prose[0]) <= 80 else ""))
                for start, numbers, empty in rows:
                    yield start, numbers, empty, columns, scale
        i = max(j, i + 1)


_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d\d(?![\d.,])")
_TABLE_UNIT = [(re.compile(r"(?i)\bmill(?:\.|ioner|ionar)?\s*(?:kr|kroner|nok)\b|\bmnok\b|\bi\s+mill(?:ioner|ionar|\.)?(?!\w)"), 1e6),
               (re.compile(r"(?i)\btkr\b|\b(?:i\s+)?(?:hele\s+)?1\s?000\s*(?:kr|kroner)\b|\btusen\s+kroner\b|\bi\s+1\s?000\b"), 1e3)]


def _mostly_thousands(rows, columns: int) -> bool:
    """Most rows hold a number of four digits or more: money, not the counts a table under prose about money may
    hold ("Elevtall 2023 2024"). A row of more digit groups than the header has columns has such a number."""
    def big(cells) -> bool:
        digits = [c for *_, c in cells if re.search(r"\d", c)]
        return len(digits) > max(columns, 1) or any(re.fullmatch(r"[-−–]?(?:\d{4,}|\d{1,3}(?:\.\d{3})+)", c) for c in digits)
    return 2 * sum(big(cells) for _, cells in rows) > len(rows)


def _continued(lines: list[tuple[int, str]], j: int) -> bool:
    return j + 1 < len(lines) and lines[j + 1][1][:1].islower()


def _table_scale(heading: str) -> float:
    """The unit a money table states above its rows: "mill. kr", "i 1000 kr", "tkr"; else kroner."""
    for pattern, factor in _TABLE_UNIT:
        if pattern.search(heading):
            return factor
    return 1.0


_CELL_TOKEN = re.compile(r"[-−–]|[-−–]?\d{1,3}(?:\.\d{3})*(?:,\d{1,2})?")


def _row_cells(line: str) -> list[tuple[int, int, str]]:
    """The trailing number tokens of a table row (offsets into the line), if a label with a letter precedes them."""
    tokens = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", line)]
    k = len(tokens)
    while k and _CELL_TOKEN.fullmatch(tokens[k - 1][2]):
        k -= 1
    cells = tokens[k:]
    if not k or not any(re.search(r"\d", c) for *_, c in cells) or not re.search(r"[^\W\d_]", line[:tokens[k - 1][1]]):
        return []
    return cells


def _numbers(cells: list[tuple[int, int, str]]) -> tuple[list[list[tuple[int, int, str]]], int]:
    """Cells grouped into the numbers they certainly form: a number starts at a sign, at a group of other than
    three digits, at a dotted number and after a number that is complete (dotted, with decimals, or followed by
    an empty cell '-'). Runs of three-digit groups may still hold several numbers (see `_split_columns`).
    Returns the numbers and the count of empty cells."""
    numbers: list[list[tuple[int, int, str]]] = []
    open_ = signed = False
    empty = 0
    for n, (s, e, tok) in enumerate(cells):
        if tok in "-−–":
            signed = n + 1 < len(cells) and cells[n + 1][2] not in "-−–"
            if signed:
                numbers.append([(s, e, tok)])
            else:
                empty += 1
            open_ = False
            continue
        if signed:
            numbers[-1].append((s, e, tok))
        elif open_ and re.fullmatch(r"\d{3}(?:,\d{1,2})?", tok):  # "-6 412,8": the decimals end the number
            numbers[-1].append((s, e, tok))
        else:
            numbers.append([(s, e, tok)])
        signed = False
        open_ = "." not in tok and "," not in tok
    return numbers, empty


def _split_columns(numbers, columns: int):
    """(start, end, value) per number once runs of digit groups are split into `columns` numbers: the missing
    numbers go to the runs with the most groups per number, each run split where numbers can start."""
    numbers = list(numbers)
    parts = [1] * len(numbers)
    for _ in range(columns - len(numbers)):
        k = max(range(len(numbers)), key=lambda n: (_groups(numbers[n]) / parts[n], -n))
        if _groups(numbers[k]) <= parts[k]:
            break
        parts[k] += 1
    for run, n in zip(numbers, parts):
        for piece in _split_run(run, n):
            sign = piece[0][2][0] in "-−–"
            digits = " ".join(tok for *_, tok in piece).lstrip("-−– ")
            yield piece[0][0], piece[-1][1], parse_number(digits) * (-1 if sign else 1)


def _split_run(run, n: int):
    """`run` cut into `n` numbers, as even as can be: a number starts at a group without a leading zero ("780 000
    612 400 875 000" is 780 000 | 612 400 | 875 000), and a lone "0" is a number of its own ("0 210 700"). A run
    is never cut into more numbers than it has groups."""
    n = min(n, _groups(run))
    if n <= 1:
        return [run]
    first = 1 if run[0][2] in "-−–" else 0  # a sign token belongs to the first group
    starts = [j for j in range(first + 1, len(run)) if not run[j][2].startswith("0") or run[j][2] == "0"]
    best = None
    for cuts in itertools.combinations(starts, n - 1):
        pieces = [run[a:b] for a, b in zip((0, *cuts), (*cuts, len(run)))]
        if any(piece[-1][2] != piece[0][2] and piece[0][2].lstrip("-−–") == "0" for piece in pieces):
            continue  # "0 210" is no number
        sizes = [_groups(piece) for piece in pieces]
        key = (max(sizes), [-size for size in sizes])  # even, and at a tie the longer numbers first
        if best is None or key < best[0]:
            best = (key, pieces)
    if best is None:  # no place where a number can start: halve as before
        cut = len(run) - _groups(run) // 2
        return _split_run(run[:cut], n // 2) + _split_run(run[cut:], n - n // 2)
    return best[1]


def _groups(run) -> int:
    """Number of digit groups in a run (a separate sign token is no group)."""
    return sum(tok not in "-−–" for *_, tok in run)
