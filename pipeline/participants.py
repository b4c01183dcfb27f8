"""Participant blocks ("Til stede:", "Forfall:", "Møtende varamedlemmer", "Fra administrasjonen" ...) -> people with
status, role, party, municipality and whom a substitute stands in for."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from pipeline.places import is_county_name, is_municipality_name

# (label pattern, status). Longer, more specific labels first. A label ends with ":" or a line end.
BLOCK_LABELS = [
    (r"Til stede for øvrig|Til stades elles|Også til stede|Dessutan møtte|Andre til stede|Andre|Fra revisjonen[^:\n]*|"
     r"Frå revisjonen[^:\n]*|Observatører?", "other"),
    (r"Møtende varamedlemmer|Møtande varamedlemer|Møtende vara|Varamedlemmer|Varamedlemer|Varamedlem|"
     r"Følgende varamedlemmer møtte|Følgjande varamedl(?:emer|\.)? møtte|Vara", "substitute"),
    (r"Forfall/møtte ikkje|Forfall|Desse hadde forfall|Fraværende|Fravær|Ikke møtt|Ikkje møtt|Meldt forfall|"
     r"Ikke til stede|Ikkje til stades", "absent"),
    (r"Fra administrasjonen|Frå administrasjonen|Frå adm\.? møtte|Fra adm\.?|Administrasjonen|Fra sekretariatet[^:\n]*|"
     r"Frå sekretariatet[^:\n]*|Sekretariatet|Sekretariat|Fra byrådsavdelingen|Referent|Protokollfører|Protokoll|"
     r"Sekretær", "secretariat"),
    (r"Til stede under opprop|Til stede fra [^:\n]{3,40}|Til stede|Tilstede|Til stades|Møtende medlemmer|Møtande medlemer|"
     r"Desse møtte|Desse medlemmene møtte|Følgende medlemmer møtte|Følgende representanter møtte|Følgjande medlemer møtte|"
     r"Møtt|Møtte|Deltakere|Deltakarar|Deltagere|Tilstede var", "present"),
]
_LABEL_RE = re.compile(
    r"(?<![\wæøå])(?P<label>" + "|".join(f"(?:{p})" for p, _ in BLOCK_LABELS) + r")(?:\s*:|[ \t]*(?=\n))", re.IGNORECASE)
_BLOCK_END = re.compile(
    r"(?:\n[ \t]*\n[ \t]*(?=[A-ZÆØÅ][^\n]{0,80}(?:\n|$))(?![^\n]*[,:]\s*$)(?=(?:[A-ZÆØÅ][\wæøå]*\s+){2,}[a-zæøå])|"
    r"(?<![\wæøå])(?:Godkjenning av|Innkalling og|Innkallinga|SAKSLISTE|Saksliste|Sakliste|SAKLISTE|Merknader|Merknad|"
    r"Protokollen skal|Underskrifter|Møtet ble|Møtet vart|Møtet var|Før sakene|Det ble|Det var|Ingen merknad|"
    r"Saker til behandling|Møteleder|Møteleiar|Orientering|Utlevert|Sp\.mål|Synfaring|Diverse|Sak\s+\d|PS\s+\d|"
    r"\d+ representanter|Av utvalgets|Av heradsstyret|Medlemene blei|Medlemmene ble|Leder [A-ZÆØÅ][a-zæøå]+ [A-ZÆØÅ]|"
    r"Saker merket|Innkalling))")

PARTIES = {
    "ap", "a", "h", "frp", "sp", "sv", "krf", "v", "mdg", "r", "rødt", "raudt", "pp", "uavh", "uavh.", "sd", "ksl",
    "tvf", "kp", "fnb", "pensjonistpartiet", "bygdelista", "felleslista", "tverrpolitisk", "nkp", "demn", "inp", "ap/krf",
}
ROLE_SUFFIXES = ("fører", "førar", "rådmann", "rådmenn", "direktør", "leder", "leiar", "sekretær", "sjef", "rådgiver",
                 "rådgjevar", "rektor", "medlem", "referent", "revisor", "konsulent", "byråd", "byård", "ansvarlig",
                 "ansvarleg", "representant", "koordinator", "kontakt", "tillitsvalgt", "tillitsvald")
_ROLE_EXACT = {"ordfører", "ordførar", "varaordfører", "varaordførar", "rådmann", "kommunedirektør", "leder", "leiar",
               "nestleder", "nestleiar", "sekretær", "referent", "møteleder", "møteleiar", "medlem", "varamedlem",
               "prorektor", "viserektor", "rektor", "gruppeleder", "gruppeleiar", "kommunalsjef", "økonomisjef",
               "styreleder", "styreleiar", "kommunaldirektør", "byråd", "daglig", "dagleg"}
_STOP_WORDS = {"Parti", "Navn", "Namn", "Funksjon", "Repr", "Repr.", "Merknad", "Liste", "Møtte", "Vara", "For", "Og",
               "Kommune", "Kommunen", "Sak", "Saker", "Fra", "Frå", "Til", "Under", "Ingen", "Alle", "Det", "Den",
               "Kl", "Kl.", "Side", "Vedtak", "Protokoll", "Innkalling", "Medlemmer", "Medlemer", "Varamedlemmer",
               "Ugilde", "Utlevert", "Orientering", "Underskrifter", "Andre", "Møteleiar", "Møteleder", "Sekretær"}


@cache
def given_names() -> frozenset[str]:
    text = resources.files("pipeline.data").joinpath("first_names.txt").read_text(encoding="utf-8")
    return frozenset(text.split())


@dataclass
class ParsedParticipant:
    name: str
    status: str
    start: int  # offsets of the name in the document text
    end: int
    role: str | None = None
    party: str | None = None
    municipality: str | None = None
    county: str | None = None
    substitute_for: str | None = None
    place_spans: list[tuple[int, int]] = field(default_factory=list)  # municipality/county mentions in the slot


def is_role(word: str) -> bool:
    w = word.lower().strip(".,:()")
    return w in _ROLE_EXACT or (len(w) > 4 and w.endswith(ROLE_SUFFIXES))


def is_party(word: str) -> bool:
    return word.lower().strip("()") in PARTIES


def _is_name_token(tok: str) -> bool:
    if tok in _STOP_WORDS or is_role(tok):
        return False
    if re.fullmatch(r"[A-ZÆØÅ]\.", tok):  # an initial "N."
        return True
    return bool(re.fullmatch(r"[A-ZÆØÅÖÜ][a-zæøåäöüéèA-ZÆØÅ'’]+(?:-[A-ZÆØÅ]?[a-zæøåäöüé]+)*", tok)) and not tok.isupper() \
        or (tok.isupper() and len(tok) > 3 and not is_party(tok) and False)


def find_blocks(text: str, start: int, end: int) -> list[tuple[str, str, int, int]]:
    """(status, label, content start, content end) for each participant block in text[start:end]."""
    found = []
    for m in _LABEL_RE.finditer(text, start, end):
        label = m.group("label")
        if label[0].islower():
            continue
        status = next(s for p, s in BLOCK_LABELS if re.fullmatch(p, label, re.IGNORECASE))
        found.append((status, label, m.start(), m.end()))
    blocks = []
    for i, (status, label, lstart, cstart) in enumerate(found):
        cend = found[i + 1][2] if i + 1 < len(found) else end
        stop = _BLOCK_END.search(text, cstart, cend)
        if stop:
            cend = stop.start()
        if text[cstart:cend].strip():
            blocks.append((status, label, cstart, cend))
    return blocks


def parse_participants(text: str, header_start: int, header_end: int) -> list[ParsedParticipant]:
    people: list[ParsedParticipant] = []
    for status, label, cstart, cend in find_blocks(text, header_start, header_end):
        role_hint = None
        low = label.lower()
        if low in ("referent", "sekretær", "protokollfører", "protokoll"):
            role_hint = low
        people.extend(_parse_block(text, cstart, cend, status, role_hint))
    seen: dict[str, ParsedParticipant] = {}
    for p in people:
        seen.setdefault(p.name, p)
    return list(seen.values())


def _entries(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a block into entries: by lines where lines are entries, else by commas / 'og'."""
    content = text[start:end]
    lines = [ln for ln in content.split("\n") if ln.strip()]
    comma_list = sum(ln.count(",") for ln in lines) >= max(2, len(lines)) and not all(
        re.search(r",\s*[a-zæøå]", ln) for ln in lines)
    pieces: list[tuple[int, int]] = []
    if comma_list:
        pattern = re.compile(r"[^,;]+")
    else:
        pattern = re.compile(r"[^\n;]+")
    for m in pattern.finditer(content):
        s, e = start + m.start(), start + m.end()
        pieces.append((s, e))
    return pieces


_PAREN = re.compile(r"\(([^()]{1,60})\)")
_SUBSTITUTE = re.compile(r"(?:\s+møtte|\s+møtte\s+som\s+vara)?\s+(?:(?:vara(?:medlem)?|varamedlem)\s+)?for\s+(?P<who>(?:[A-ZÆØÅ][\wæøå.-]*\s*){1,4})")
_GROUP = re.compile(r"^\s*(?P<head>[A-ZÆØÅa-zæøå][\wæøå./ -]{0,40}?)\s*:\s*")
_FOR_MUNICIPALITY = re.compile(r"^\s*For\s+(?P<place>[A-ZÆØÅ][\wæøå -]+?)\s+(?:kommune|herad|fylkeskommune)\s*:\s*")


def _parse_block(text: str, start: int, end: int, status: str, role_hint: str | None) -> list[ParsedParticipant]:
    out: list[ParsedParticipant] = []
    group_party = group_role = group_place = None
    # lines that open a group: "Ap: Ingvild ..., ...", "Ordførar: Jon Askeland, ...", "For Skien kommune: ..."
    for seg_start, seg_end in _segments_by_group(text, start, end):
        seg = text[seg_start:seg_end]
        m = _FOR_MUNICIPALITY.match(seg)
        g = _GROUP.match(seg)
        if m:
            group_place, group_party, group_role = m.group("place"), None, None
            seg_start += m.end()
        elif g and len(g.group("head").split()) <= 4:
            head = g.group("head").strip()
            if is_party(head) or (head.isupper() and len(head) <= 4) or head in ("Bygdelista", "Raudt", "Rødt"):
                group_party, group_role = head, None
            else:
                group_role = head.lower()
                group_party = None
            seg_start += g.end()
        for es, ee in _entries(text, seg_start, seg_end):
            es = _attach_leading_place(text, es, ee, out)
            out.extend(_parse_entry(text, es, ee, status, group_party, group_role or role_hint, group_place))
    return out


_LEADING_PLACE = re.compile(r"\s*((?:Nedre|Øvre|Nord|Sør|Aust|Vest|Øst|Indre|Ytre)[ -][A-ZÆØÅ][\wæøå]+|[A-ZÆØÅ][\wæøå-]+)")


def _attach_leading_place(text: str, start: int, end: int, people: list[ParsedParticipant]) -> int:
    """In 'Name, Municipality, Name, Municipality' lists the place follows its person, sometimes without the comma
    before the next name ('Per Morstad, Røyken Trude Andresen'). Returns where the rest of the entry starts."""
    if not people:
        return start
    m = _LEADING_PLACE.match(text, start, end)
    if not m:
        return start
    place = m.group(1)
    last = people[-1]
    if is_municipality_name(place) and not last.municipality:
        last.municipality = place
    elif is_county_name(place) and not last.county and not is_municipality_name(place):
        last.county = place
    else:
        return start
    last.place_spans.append((m.start(1), m.end(1)))
    return m.end()


def _segments_by_group(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Group heads ("Ap:", "Rådmenn:", "For Skien kommune:") split a block; without them the block is one segment."""
    heads = [m.start() for m in re.finditer(
        r"(?:(?<=\n)|(?<=^)|(?<=\s))(?:For\s+[A-ZÆØÅ][\wæøå -]+?\s+(?:kommune|herad)|[A-ZÆØÅ][\wæøå./-]{0,20}(?:\s+[a-zæøå]+)?)\s*:(?=\s)",
        text[start:end])]
    heads = [h for h in heads if _head_ok(text[start + h:start + h + 45])]
    if not heads:
        return [(start, end)]
    bounds = [start] + [start + h for h in heads if h > 0] + [end]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]


def _head_ok(s: str) -> bool:
    head = s.split(":", 1)[0].strip()
    if head.startswith("For "):
        return True
    return is_party(head) or is_role(head.split()[0]) or head.isupper() or head in ("Bygdelista", "Raudt", "Rødt", "Andre")


def _parse_entry(text: str, start: int, end: int, status: str, party: str | None, role: str | None,
                 place: str | None) -> list[ParsedParticipant]:
    entry = text[start:end]
    people: list[ParsedParticipant] = []
    sub_for = None
    m = _SUBSTITUTE.search(entry)
    if m:
        sub_for = " ".join(m.group("who").split())
        sub_for = " ".join(w for w in sub_for.split() if w not in _STOP_WORDS) or None
        entry_cut = m.start()
    else:
        entry_cut = len(entry)
    # parenthesised notes: party, role, or a role with a municipality "(varaordførar Masfjorden)"
    e_party, e_role, e_place = party, role, place
    place_spans = []
    for pm in _PAREN.finditer(entry[:entry_cut]):
        inner = pm.group(1).strip()
        words = inner.split()
        if is_party(inner) or (len(inner) <= 5 and inner[:1].isupper() and not re.search(r"\d", inner) and len(words) == 1):
            e_party = inner
        elif words and is_role(words[0]):
            e_role = inner if len(words) == 1 else words[0]
            rest = " ".join(words[1:])
            if rest and is_municipality_name(rest):
                e_place = rest
                s = start + pm.start(1) + inner.find(rest)
                place_spans.append((s, s + len(rest)))
    body = _PAREN.sub(lambda x: " " * len(x.group(0)), entry[:entry_cut])
    tokens = [(t.start(), t.group(0)) for t in re.finditer(r"[^\s,;:]+", body)]
    # "Name, role" / "Name, Municipality" in one entry
    current: list[tuple[int, str]] = []
    prefix_role: str | None = None
    names: list[tuple[list[tuple[int, str]], str | None]] = []

    def close():
        nonlocal current, prefix_role
        if current:
            names.append((current, prefix_role))
        current, prefix_role = [], None

    trailing_role = None
    for pos, tok in tokens:
        clean = tok.strip(".") if not re.fullmatch(r"[A-ZÆØÅ]\.", tok) else tok
        if _is_name_token(tok) and not (current and _starts_new_person(current, tok)):
            current.append((pos, tok))
            continue
        if _is_name_token(tok):  # a given name after a complete name starts the next person
            close()
            current.append((pos, tok))
            continue
        if is_role(clean):
            if current:
                trailing_role = clean.lower()
                close()
            else:
                prefix_role = (prefix_role + " " if prefix_role else "") + clean
            continue
        if is_party(clean) and current:
            e_party = e_party or clean
            close()
            continue
        if clean.lower() in ("x", "møtte"):
            continue
        if current:
            close()
        if not current and prefix_role and clean[:1].islower():
            prefix_role += " " + clean
    close()
    for toks, prole in names:
        while toks and (is_municipality_name(toks[-1][1]) or is_county_name(toks[-1][1])) and len(toks) > 2:
            toks = toks[:-1]
        if len(toks) < 1:
            continue
        if len(toks) == 1 and status != "other" and not _lone_given_name_ok(toks[0][1], entry):
            continue
        s = start + toks[0][0]
        e = start + toks[-1][0] + len(toks[-1][1])
        name = " ".join(text[s:e].split())
        people.append(ParsedParticipant(
            name=name, status="substitute" if sub_for else status, start=s, end=e,
            role=(prole or trailing_role or e_role), party=e_party, municipality=e_place if e_place and is_municipality_name(e_place) else None,
            county=e_place if e_place and not is_municipality_name(e_place) and is_county_name(e_place) else None,
            substitute_for=sub_for, place_spans=list(place_spans)))
    return people


def _starts_new_person(current: list[tuple[int, str]], tok: str) -> bool:
    """'Anders Ryssdal Ola Tarjei Kroken': a given name after a surname opens the next person."""
    last = current[-1][1]
    return tok in given_names() and last not in given_names() and not re.fullmatch(r"[A-ZÆØÅ]\.", last) and len(current) >= 2


def _lone_given_name_ok(tok: str, entry: str) -> bool:
    """Boards of housing co-operatives list first names only ('Tilstede: Geir, Haakon, Jan')."""
    return tok in given_names() or len(entry.split()) == 1
