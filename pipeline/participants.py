"""Attendance zones of a Document -> people with status, role, party, municipality and whom a substitute stands
in for; also the people elected to run or sign for the meeting and the signers of the minutes.

Names are found as names: capitalised words that are no role, party, label or ordinary word, split where the
block separates them (commas, "og", line breaks, table gaps, a party or role after a name) and, where nothing
separates them, where a given name follows a surname.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from pipeline import lexicon
from pipeline.layout import CELL_SEPARATOR
from pipeline.names import (NAME_LOWER, NAME_UPPER, common_words, given_names, is_name_token, is_party, is_role,
                            legal_form_after, secretariat_roles, stop_words)
from pipeline.places import is_county_name, is_municipality_name
from pipeline.zones import Document, document_from_text, text_lines

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
    took_part: bool = False  # chosen at the meeting, so the minutes of it follow (a notice lists and is signed too)
    affiliation_spans: list[tuple[int, int]] = field(default_factory=list)  # an employer or group beside the name


# --- blocks --------------------------------------------------------------------------------------------------------

def read_participants(doc: Document) -> list[ParsedParticipant]:
    """Everyone in the document's attendance zones, once each (the first block that names someone wins)."""
    people: list[ParsedParticipant] = []
    text = doc.unwrapped(0, len(doc.text))  # a list of names that wrapped is one list, not one entry a line
    rosters: list[ParsedParticipant] = []
    for zone in doc.zones_of("attendance"):
        lb = zone.label
        if lb.structural and _election_result(text, zone.start, zone.end):
            continue  # "Styreleiar: Kristin Hauge Ølmheim (attval, 1 år)": who was elected, not who came
        status = lb.status or "present"
        end = zone.end
        if lb.kind == "everyone-but":
            status = "absent"  # "Alle unntatt: Per Olsen": the ones named were not there
            stop = re.search(r"\.(?:\s|$)", text[zone.start:zone.end])
            end = zone.start + stop.start() if stop else end  # the sentence that names them
            rosters += _roster_before(text, lb.start)  # the members listed above it are the ones who came
        found = _parse_block(text, zone.start, end, status, lb.role or _label_role(lb.phrase),
                             lb.phrase.split("\n")[-1])
        if lb.kind == "everyone-but":
            people = [p for p in people if p.name not in {f.name for f in found}]  # a roster above named them too
        people.extend(found)
    people += rosters
    prose = _PROSE_BREAK.sub(_join_name_break, text)  # a name in a sentence may wrap: "Jørgen Foss og Knut\nNoremsaune"
    people += _elected(prose)
    people += _substitutes_in_sentences(prose)
    absent = _absent_in_sentences(prose)
    said_absent = {p.start for p in absent}  # "Tilstede: Karoline og Silje. Frida hadde meldt forfall."
    people = [p for p in people if p.start not in said_absent] + absent
    people += _signers(doc, text)
    people += _signature_pairs(text)
    seen: dict[str, ParsedParticipant] = {}
    for p in people:
        seen.setdefault(p.name, p)
    firsts = [n.split()[0] for n in seen if len(n.split()) > 1]
    # "Torgeir og Martin valgt til å skrive under" beside the signature "Martin Lilleeng Sætra": one person
    people = [p for n, p in seen.items() if len(n.split()) > 1 or firsts.count(n) != 1]
    # "* J. Johansen" in the list and "Ordstyrer blir Jon Johansen": one person, as the list names him
    initialled = {(w[0][0], w[-1]) for w in (p.name.split() for p in people)
                  if len(w) == 2 and re.fullmatch(r"[A-ZÆØÅ]\.", w[0])}
    return [p for p in people if not (len(w := p.name.split()) == 2 and not w[0].endswith(".")
                                      and (w[0][0], w[-1]) in initialled)]


@cache
def _roster_label() -> re.Pattern:
    phrases = lexicon.alternation(lexicon.words("attendance", "roster"))
    return re.compile(rf"(?im)^[ \t]*(?:{phrases})[ \t]*:[ \t]*")


def _roster_before(text: str, pos: int) -> list[ParsedParticipant]:
    """The members a roster lists ("Formannskapets medlemmer:") above an "Alle unntatt ..." line: present."""
    found = list(_roster_label().finditer(text, max(0, pos - 2000), pos))
    if not found:
        return []
    start, end = found[-1].end(), text.rfind("\n", 0, pos) + 1 or pos
    return _parse_block(text, start, max(start, end), "present", None) if end > start else []


@cache
def _term_note() -> re.Pattern:
    notes = lexicon.alternation(lexicon.words("attendance", "term-notes"))
    return re.compile(rf"\((?:[^()]*[\s,])?(?:{notes})(?![\wæøå])[^()]*\)", re.IGNORECASE)


def _election_result(text: str, start: int, end: int) -> bool:
    """A list whose names carry the term they were elected for ("(ny, 2 år)", "(gjenvalgt)")."""
    return _term_note().search(text, start, end) is not None


_PROSE_BREAK = re.compile(r"(?P<word>[\wæøå-]+)\n(?=[\wæøåÆØÅ])")


def _join_name_break(m: re.Match) -> str:
    """A line break after a given name, or before a lowercase word, goes on with the same sentence."""
    following = m.string[m.end():m.end() + 3]
    lettered_item = re.match(r"[a-zæøå][.)]\s", following) is not None  # "e. Ingen innsigelser ..."
    same = m.group("word") in given_names() or (following[:1].islower() and not lettered_item)
    return m.group("word") + (" " if same else "\n")


_NAME_WORD = rf"(?:[{NAME_UPPER}][{NAME_LOWER}'’]+(?:-[{NAME_UPPER}][{NAME_LOWER}]+)?|[{NAME_UPPER}]\.)"
_PERSON = rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{1,3}}"
_NOTE = r"(?:[ \t]+\([^()\n]{1,30}\))?"  # a username or party after the name: "Torgeir Lebesbye (torgeirl)"
_PEOPLE = rf"(?P<people>{_PERSON}{_NOTE}(?:(?:,[ \t]*|[ \t]+og[ \t]+){_PERSON}{_NOTE})*)"
# where the sentence says what they were chosen for, a given name alone is one of them: "Styret instiller Kristin"
_PERSON_OR_GIVEN = rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}}"
_PEOPLE_OR_GIVEN = rf"(?P<people>{_PERSON_OR_GIVEN}{_NOTE}(?:(?:,[ \t]*|[ \t]+og[ \t]+){_PERSON_OR_GIVEN}{_NOTE})*)"
_CHOSEN = (r"(?:ble|blei|vart|var|er|blir|vert)[ \t]+(?:enstemmig[ \t]+|samrøystes[ \t]+)?"
           r"(?:valgt|vald|valt|valde|foreslått|føreslått)")


@cache
def _elected_patterns() -> tuple[re.Pattern, ...]:
    roles = lexicon.alternation(lexicon.words("roles", "elected"))
    role = rf"(?P<role>{roles})"
    signing = lexicon.alternation(lexicon.words("roles", "signing-items"))
    to_sign = lexicon.alternation(w for w in lexicon.words("roles", "elected") if re.match(r"(?:til )?å ", w))
    return (
        # "Kari Moe ble valgt til ordstyrer", "Anne Austad vart vald til møtestyrar", "Pål Hermunn Johansen foreslått
        # som protokollfører", "Elisabeth Skoglund meldte seg for å skrive under protokollen"
        re.compile(rf"{_PEOPLE_OR_GIVEN}[ \t]+(?i:(?:{_CHOSEN}|(?:valgt|vald|valt|foreslått|føreslått)(?=[ \t]+(?:til|som)[ \t])"
                   rf"|meldte[ \t]+seg(?:[ \t]+frivillig)?)[ \t]+(?:(?:til|som|for)[ \t]+(?:\w+[ \t]+)?)?{role})"),
        # "Styret instiller Kristin til dirigent", "Valgkomiteen foreslår Kari Moe og Per Dahl som tellekorps"
        re.compile(rf"(?:instiller|innstiller|instilte|innstilte|foreslår|foreslo|føreslår|føreslo)[ \t]+"
                   rf"{_PEOPLE_OR_GIVEN}[ \t]+(?:til|som)[ \t]+(?i:{role})(?![\wæøå])"),
        # "To som er villige til å underskrive protokollen: Grete Fiskaa og Ingrid Dundas"
        re.compile(rf"(?i:(?P<role>{to_sign}))[ \t]*:[ \t]*{_PEOPLE}(?=[ \t]*[.,]?[ \t]*(?:\n|$))"),
        # "Som referent ble valgt Per Hansen", "Til å underskrive protokollen ble valgt: Ola og Kari", "Som referent
        # fungerte Jonas Aurdal Kvamme"
        re.compile(rf"(?:Som|Til)[ \t]+{role}[ \t]+(?:{_CHOSEN}|fungerte|fungerer)[ \t]*:?[ \t]*{_PEOPLE}", re.I),
        # "Ordstyrer er Hauk Storjord.", "Referent blir Stine Tollerud."
        re.compile(rf"(?<![\wæøå]){role}[ \t]+(?:er|blir|ble|var|vart|vert)[ \t]*:?[ \t]+{_PEOPLE}", re.I),
        # "d. Valg av to til å underskrive protokollen. Geir Stølsvik og Karsten Hansen ble valgt", and an item that
        # names the role with the chosen on its next line: "b) Valg av møteleder\nPål Hermunn Johansen ble valgt
        # uten motkandidater", "Valg av protokollfører: Marius Næss Olsen", "d) Undertegnelse av protokoll\nKnut
        # Morten Brekke og Johannes Albert Slettedal meldte seg frivillig"
        re.compile(rf"(?i:(?:Valg|Val)[ \t]+av[ \t]+(?:[\wæøå]+[ \t]+){{0,3}}?{role}|(?P<signing>{signing}))[.:,]?\s+"
                   rf"{_PEOPLE}(?=[ \t]+{_CHOSEN}|[ \t]+(?:stiller|stilte|meldte)[ \t]|[ \t]*[.,]?[ \t]*(?:\n|$))"),
        # "Årsmøtet valde Øyvind Grov og Svein Slettan til å skrive under"
        re.compile(rf"(?:valgte|valde|valte)[ \t]+{_PEOPLE}[ \t]+(?:(?:til|som)[ \t]+)?{role}", re.I),
        # "Som møteleder ble foreslått Rune Holdhus", "Møtet ble åpnet av Per Otto Selnes", "ledet av styreleder Per Moe"
        re.compile(rf"[Mm]øtet[ \t]+(?:ble|vart|blei)[ \t]+(?:åpnet|opna|opnet|ledet|leia|leda|styrt|satt)[ \t]+av"
                   rf"[ \t]+(?:[a-zæøå]+[ \t]+)?{_PEOPLE}"),
        # "I tillegg stilte Jørgen Foss som representant for NHF Oslo", "der Cathrine Linn Kristensen representerer
        # NHF Oslo": who speaks for an owner or a member at the meeting is at it
        re.compile(rf"(?:stilte|møtte|møtte[ \t]+også)[ \t]+{_PEOPLE}[ \t]+som[ \t]+representant"),
        re.compile(rf"{_PEOPLE}[ \t]+(?:stilte|møtte)[ \t]+som[ \t]+representant"),
        re.compile(rf"(?<![\wæøå])(?:der|hvor|og)[ \t]+{_PEOPLE}[ \t]+representerer[ \t]+[A-ZÆØÅ]"),
        # "10 stemmer var representert ved Jørgen Foss for NHF Oslo": who carried them was there
        re.compile(rf"(?:representert|representerte)[ \t]+(?:ved|av)[ \t]+(?:[a-zæøå]+[ \t]+)?{_PEOPLE}"),
        # "Styreleder Per Otto Selnes ledet møtet og skrev protokoll"
        re.compile(rf"{_PEOPLE}[ \t]+(?:ledet|leia|leda|styrte|åpnet|opna)[ \t]+møtet"),
    )


def _elected(text: str) -> list[ParsedParticipant]:
    """People chosen at the meeting to run it or sign for it: they took part in it."""
    out = []
    for pattern in _elected_patterns():
        for m in pattern.finditer(text):
            found = m.groupdict()
            role = lexicon.mapping("roles", "signing-items").get(" ".join(found["signing"].split()).lower()) \
                if found.get("signing") else " ".join((found.get("role") or "").split()).lower() or None
            for n in re.finditer(_PERSON_OR_GIVEN, m.group("people")):
                s, e = m.start("people") + n.start(), m.start("people") + n.end()
                words = text[s:e].split()
                if len(words) == 1 and words[0] not in given_names():
                    continue
                while len(words) > 2 and is_role(words[0]):
                    s = text.index(words[1], s + len(words[0]))  # "Styreleder Helge Smebye ble valgt til møteleder"
                    words.pop(0)
                if any(w in stop_words() or is_role(w) for w in words) or (
                        words[0] not in given_names() and any(w.lower() in common_words() for w in words)):
                    continue  # "Øyvind Grov" is a name, "Styret Godkjent" is not
                # the one chosen to write the minutes serves the meeting: "Bjørg Risberg ble valgt til protokollfører"
                status = "secretariat" if role and role in secretariat_roles() else "present"
                out.append(ParsedParticipant(" ".join(words), status, s, e,
                                             role=None if not role or role.startswith(("til ", "å ")) else role,
                                             took_part=True))
    return out


# "Erik Landsnes i valgkomiteen var ikke til stede", "Kari Moe hadde meldt forfall", "Per Olsen møtte ikke", and
# by a given name alone: "Frida hadde meldt forfall"
_ABSENT = re.compile(rf"{_PEOPLE_OR_GIVEN}(?:[ \t]+(?:i|fra|frå)[ \t]+[\wæøå]+)?[ \t]+(?:(?:var|er|vart|blei)[ \t]+ikke[ \t]+til[ \t]+stede"
                     rf"|(?:var|er)[ \t]+ikkje[ \t]+til[ \t]+stades|(?:hadde|har)[ \t]+(?:meldt[ \t]+)?(?:gyldig[ \t]+)?forfall"
                     rf"|møtte[ \t]+ikke|møtte[ \t]+ikkje)(?![\wæøå])")


def _absent_in_sentences(text: str) -> list[ParsedParticipant]:
    """Members a sentence says were not there: they are the absent of the meeting."""
    out = []
    for m in _ABSENT.finditer(text):
        for n in re.finditer(_PERSON_OR_GIVEN, m.group("people")):
            s, e = m.start("people") + n.start(), m.start("people") + n.end()
            words = text[s:e].split()
            if len(words) == 1 and not re.search(r"(?:^|[.!?]\s|\n)\s*$", text[max(0, m.start() - 3):m.start()]):
                continue  # a given name alone only opens a sentence: not "(Ragnhild er ikke til stede fysisk)"
            if words[0] in given_names() and not any(w in stop_words() or is_role(w) for w in words):
                out.append(ParsedParticipant(" ".join(words), "absent", s, e))
    return out


_SIGNED = re.compile(rf"(?P<name>{_PERSON})[ \t]*(?i:\((?:sign|sign\.|signert|sign\.\))\)?|/s/|\(s\))")


@cache
def _association_kinds() -> frozenset[str]:
    return lexicon.folded_set("organisations", "kind-before-name")


def _signers(doc: Document, text: str) -> list[ParsedParticipant]:
    """The names signed under the minutes ("Ola Hansen (sign.)", the names under "Underskrifter:")."""
    found = [(m.start("name"), m.end("name"), True) for m in _SIGNED.finditer(text)]
    for zone in doc.zones_of("signatures"):
        start = zone.label.value_start if zone.label else zone.start
        for m in re.finditer(_NAME_RUN, text[start:zone.end]):
            found += [(start + m.start() + s, start + m.start() + e, False) for s, e in _names_side_by_side(m.group())]
    out = []
    for s, e, signed in found:
        words = list(re.finditer(r"\S+", text[s:e]))
        while words and (is_role(words[0].group()) or words[0].group() in stop_words()):
            words.pop(0)  # "Leder Kari Moe (sign.)"
        names = [w.group() for w in words]
        if len(names) < 2 or any(w in stop_words() or is_role(w) or w.lower() in common_words() for w in names):
            continue
        if not signed and names[0] not in given_names():
            continue
        if names[0].casefold() in _association_kinds():
            continue  # "Sameiet Folke Bernadottes vei 2, v/Styret" signs for the co-op
        out.append(ParsedParticipant(" ".join(names), "present", s + words[0].start(), e))  # a notice is signed too
    return out


_PAGE_MARK = re.compile(r"[ \t]*(?:[-–]?[ \t]*\d{1,3}[ \t]*[-–]?|(?i:side)[ \t]+\d{1,3}(?:[ \t]+av[ \t]+\d{1,3})?)[ \t]*")
_SIGNED_LINE = re.compile(rf"(?i:\((?:sign|sign\.|signert)\)|/s/|\(s\))")


def _signature_pairs(text: str) -> list[ParsedParticipant]:
    """Signatures set as a name on its line and the signer's role on the next ("Lars Midtstraum\nLeder\nAnniken
    Nordland\nSekretær"), where the run of them ends a page or the minutes, or follows a signed name."""
    lines = text_lines(text)
    out: list[ParsedParticipant] = []
    i = 0
    while i < len(lines):
        run, j = [], i
        while j + 1 < len(lines) and (pair := _name_and_role(lines[j][1], lines[j + 1][1])):
            run.append((lines[j], pair))
            j += 2
        if not run:
            i += 1
            continue
        after = next((ln for _, ln in lines[j:] if ln.strip()), None)
        before = next((ln for _, ln in reversed(lines[max(0, i - 2):i]) if ln.strip()), "")
        page_ends = j < len(lines) and text[lines[j][0] - 1] == "\f"
        signed = _SIGNED_LINE.search(before) or any(_SIGNED_LINE.search(ln) for _, ln in lines[i:j])
        if after is None or page_ends or _PAGE_MARK.fullmatch(after) or signed:
            for (start, line), pairs in run:
                for name, role in pairs:
                    s = start + line.index(name.split()[0])
                    status = "secretariat" if role.casefold() in secretariat_roles() else "present"
                    out.append(ParsedParticipant(name, status, s, s + len(name), role=role))
        i = j
    return out


def _name_and_role(name_line: str, role_line: str) -> list[tuple[str, str]] | None:
    """The (name, role) pairs of a name line over a role line; two signatures side by side pair up in order
    ("Sigrid Hatlevik Gunhild Rønneberg" over "leiar sekretær")."""
    words = name_line.split()
    role_words = _SIGNED_LINE.sub("", role_line).split()
    if not 2 <= len(words) <= 8 or words[0] not in given_names() or not all(is_name_token(w) for w in words) \
            or any(w in stop_words() or is_role(w) for w in words):
        return None
    if not 1 <= len(role_words) <= 3 or not is_role(role_words[0]):
        return None
    joined = " ".join(words)
    if len(role_words) > 1 and all(is_role(w) for w in role_words):
        names = [joined[a:b] for a, b in _names_side_by_side(joined)]
        return list(zip(names, role_words)) if len(names) == len(role_words) else None
    return [(joined, " ".join(role_words))] if len(words) <= 4 else None


_NAME_RUN = rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD})+"


def _names_side_by_side(run: str) -> list[tuple[int, int]]:
    """Spans of the names in a run of name words: signatures set side by side lose their gap in many text layers
    ("Marit Bjørdal Aasen Oddny Årseth"), so a given name after a surname, two words or more into a name, starts the
    next name."""
    words = list(re.finditer(r"\S+", run))
    cuts = [0]
    for i in range(2, len(words) - 1):
        if i - cuts[-1] >= 2 and words[i].group() in given_names() and words[i - 1].group() not in given_names():
            cuts.append(i)
    bounds = cuts + [len(words)]
    return [(words[a].start(), words[b - 1].end()) for a, b in zip(bounds, bounds[1:]) if b - a <= 4]


def parse_participants(text: str, start: int = 0, end: int | None = None) -> list[ParsedParticipant]:
    """The participants of a text (for tests and text sources): its attendance zones within [start, end)."""
    doc = document_from_text(text)
    end = len(text) if end is None else end
    doc.zones = [z for z in doc.zones if z.kind != "attendance" or start <= z.start < end]
    return read_participants(doc)


def _label_role(phrase: str) -> str | None:
    low = phrase.lower()
    return low if low in secretariat_roles() else None


def _entries(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a block into entries: by lines where lines are entries (a "Name, Place" line also at its comma), by
    commas and 'og' in a running list, not at all in a flattened table that wraps like a paragraph."""
    content = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group(0)), text[start:end])
    lines = [ln for ln in content.split("\n") if ln.strip()]
    # "og" between names separates them; "velkomen og takka" in a sentence after the list does not
    separators = sum(ln.count(",") + len(re.findall(r"[A-ZÆØÅ][\wæøå.-]*\sog\s[A-ZÆØÅ]", ln)) for ln in lines)
    # one "Name, Place (note)" per line is a list of lines
    one_per_line = len(lines) >= 2 and all(ln.count(",") == 1 for ln in lines)
    comma_list = separators >= max(1, len(lines) - 1) and not one_per_line \
        and not all(re.search(r",\s*[a-zæøå]", ln) for ln in lines)
    # a flattened table wraps like a paragraph: its line breaks fall inside names ("Therese Chr\nHjortland (H)")
    flowing = len(lines) >= 2 and sum(map(len, lines)) / len(lines) > 70 \
        and len(_PAREN.findall(text, start, end)) > len(lines)
    # names run together and parted by their parties only ("Tore Kvalvåg Ap Helga Marie\nBleiknes Ap ..."): the
    # lines wrap like a paragraph, inside names
    parties = sum(is_party(w) for ln in lines for w in ln.split())
    flowing = flowing or (len(lines) >= 3 and not comma_list and parties >= 2 * len(lines)
                          and sum(not is_party(ln.split()[-1]) for ln in lines) >= len(lines) // 3)
    pattern = re.compile(r"(?:(?!\s+og\s)[^,;])+" if comma_list else r"[^\n,;]+" if one_per_line
                         else r"[^;]+" if flowing else r"[^\n;]+")
    spans = [(start + m.start(), start + m.end()) for m in pattern.finditer(content)]
    return [piece for s, e in spans for piece in _at_new_lines(text, s, e)] if comma_list else spans


def _at_new_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """An entry of a list by commas ends at a line break where a given name opens the next line: "Kari Nordmann,
    Visma\nOla Hansen, Telenor" (each line a name and its employer); "Ola\nHansen" is one name that wrapped."""
    out, piece = [], start
    for m in re.finditer(r"\n[ \t]*(?=(\S+)[ \t]+\S)", text[start:end]):
        before = text[piece:start + m.start()].split()
        if m.group(1) in given_names() and before and before[-1] not in given_names():  # "Rolf\nTore Kvarv"
            out.append((piece, start + m.start()))
            piece = start + m.end()
    return out + [(piece, end)]


@cache
def _substitute_sentence() -> re.Pattern:
    pronouns = lexicon.alternation(lexicon.words("attendance", "pronouns"))
    return re.compile(rf"(?<![\wæøå])[Ff]or[ \t]+(?:(?P<who>{_PERSON})|(?:{pronouns}))[ \t]+møtte[ \t]+"
                      rf"(?:(?:[a-zæøå]*vara[a-zæøå]*)[ \t]+)?(?P<name>{_PERSON})")


def _substitutes_in_sentences(text: str) -> list[ParsedParticipant]:
    """"For henne møtte varamann Torleif Haugsrud.", "For Kari Moe møtte Per Dahl": a substitute named in prose."""
    out = []
    for m in _substitute_sentence().finditer(text):
        words = m.group("name").split()
        if any(w in stop_words() or is_role(w) for w in words):
            continue
        out.append(ParsedParticipant(" ".join(words), "substitute", m.start("name"), m.end("name"),
                                     substitute_for=" ".join(m.group("who").split()) if m.group("who") else None))
    return out


_PAREN = re.compile(r"\(([^()]{1,60})\)")
_CELL_GAP = re.compile(re.escape(CELL_SEPARATOR))
_SUBSTITUTE = re.compile(r"(?:\s+møtte|\s+møtte\s+som\s+vara)?[\s(]+(?:(?:vara(?:medlem)?|varamedlem)\s+)?for\s+"
                         rf"(?P<who>(?:[{NAME_UPPER}][\wæøå.-]*\s*){{1,4}})")
_GROUP = re.compile(r"^\s*(?P<head>[A-ZÆØÅa-zæøå][\wæøå./ -]{0,40}?)\s*:\s*")


@cache
def _for_municipality() -> re.Pattern:
    words = "|".join(lexicon.words("places", "municipality-words") + lexicon.words("places", "county-words"))
    return re.compile(rf"^\s*For\s+(?P<place>[A-ZÆØÅ][\wæøå -]+?)\s+(?:{words})\s*:\s*")


@cache
def _column_heads() -> re.Pattern:
    heads = lexicon.alternation(lexicon.words("attendance", "column-heads"))
    return re.compile(rf"(?:\s*(?:{heads})(?![\wæøå]))+\s*", re.IGNORECASE)


def _column_header(text: str, start: int, end: int) -> tuple[int, frozenset[str]]:
    """Where the rows begin under a member table's header ("Navn Funksjon Parti Vara for"), two heads at least,
    and the header's columns (case-folded)."""
    m = _column_heads().match(text, start, end)
    if m and len(re.findall(r"\S+", m.group())) >= 2:
        heads = lexicon.words("attendance", "column-heads")
        found = {h.casefold() for h in heads if re.search(rf"(?<![\wæøå]){re.escape(h)}(?![\wæøå])", m.group(), re.I)}
        return m.end(), frozenset(found)
    return start, frozenset()


def _parse_block(text: str, start: int, end: int, status: str, role_hint: str | None,
                 label_line: str = "") -> list[ParsedParticipant]:
    out: list[ParsedParticipant] = []
    start, columns = _column_header(text, start, end)
    columns = columns or _column_header(label_line, 0, len(label_line))[1]  # the label took the header row with it
    affiliation_columns = lexicon.folded_set("attendance", "affiliation-heads")
    # a column of municipalities: several names of the block are followed by one ("Anders Tveit Vang Bente Kvale Vang")
    places_follow_names = _municipality_column(text, start, end)
    group_party = group_role = group_place = None
    # lines that open a group: "Ap: Ingvild ..., ...", "Ordførar: Jon Askeland, ...", "For Skien kommune: ..."
    block_status = status
    for seg_start, seg_end in _segments_by_group(text, start, end):
        seg = text[seg_start:seg_end]
        status = block_status
        m = _for_municipality().match(seg)
        g = _GROUP.match(seg)
        if m:
            group_place, group_party, group_role = m.group("place"), None, None
            seg_start += m.end()
        elif g and len(g.group("head").split()) <= 4:
            head = g.group("head").strip()
            if _is_party_head(head):
                group_party, group_role = head, None
            else:
                group_role = head.lower()
                group_party = None
                if status == "secretariat" and is_role(head.split()[0]) and group_role not in secretariat_roles():
                    status = "present"  # "Referent: Astrid Pettersen\nProtokollstyrer: Tiril Lappegård"
            seg_start += g.end()
        for es, ee in _entries(text, seg_start, seg_end):
            affiliation = None
            if columns & affiliation_columns and (gap := _CELL_GAP.search(text, es, ee)):
                # "Frode Skjævestad   Kystverket" under "Navn Tilhørighet": the rest is where the member comes from
                affiliation, ee = (gap.end(), ee), gap.start()
                cell = " ".join(text[gap.end():affiliation[1]].split())
                if cell and " ".join(text[es:ee].split()).endswith(" " + cell):
                    ee = es + text[es:ee].rstrip().rindex(cell.split()[0])  # "Per Linnerud Nes Kommune   Nes Kommune"
            if (heads := _party_group_line(text[es:ee])) is not None:
                group_party, group_role = (heads[0] if len(heads) == 1 else None), None  # "Arbeiderpartiet"
                continue
            if coded := _status_coded_row(text, es, ee, columns, group_party):
                out.extend(coded)
                continue
            es = _attach_leading_place(text, es, ee, out)
            substitute = _find_substitute(text, es, ee)
            found = _parse_entry(text, es, ee, status, group_party, group_role or role_hint, group_place, substitute,
                                 columns, places_follow_names)
            sub, sub_for, _ = substitute
            if sub and out and (not found or not text[es:sub.start()].strip(" \t\n,")):
                # "Bjørg Solvang, varamedlem for Kai Rune Hågensen": the note after the comma is the name's
                out[-1].status, out[-1].substitute_for = "substitute", sub_for
            elif not found and out and (marker := _last_marker(text, es, ee)):
                out[-1].status = marker  # "Tore Våde, Austefjorden 3. vara FORFALL": the row goes on after the comma
            if found and affiliation:
                found[-1].affiliation_spans.append(affiliation)
            out.extend(found)
    return _affiliations_apart(text, out)


def _party_group_line(entry: str) -> list[str] | None:
    """A row of a member table that names only parties heads the members below it: "Arbeiderpartiet", "Kristelig
    Folkeparti, Venstre, Folkets Stemme" (a joint list: the members' own parties follow their names)."""
    parts = [p.strip() for p in re.split(r",|\s+og\s+", entry.strip()) if p.strip()]
    if not parts or "\n" in entry.strip() or any(p.split()[0] in given_names() for p in parts):
        return None
    return parts if any(_is_party_head(p) for p in parts) and all(p[:1].isupper() and len(p.split()) <= 3
                                                                    for p in parts) else None


@cache
def _status_code() -> tuple[re.Pattern, dict[str, str], frozenset[str]]:
    codes = lexicon.mapping("attendance", "status-codes")
    alternation = "|".join(map(re.escape, sorted(codes, key=len, reverse=True)))
    return (re.compile(rf"(?<=\s)(?:{alternation})(?=\s|$)"), codes,
            lexicon.folded_set("attendance", "status-columns"))


def _status_coded_row(text: str, start: int, end: int, columns: frozenset[str],
                      party: str | None) -> list[ParsedParticipant]:
    """A row under a column of attendance codes: "2. Leif Eriksen   F   Agnes S. Antonsen Bossum" (absent, and
    the name after the code, under the substitutes' column, stood in for him)."""
    pattern, codes, status_columns = _status_code()
    m = pattern.search(text, start, end) if columns & status_columns else None
    if not m:
        return []
    member = _parse_entry(text, start, m.start(), codes[m.group()], party, None, None, columns=columns)
    if len(member) != 1:
        return []
    subs = _parse_entry(text, m.end(), end, "substitute", party, None, None, columns=columns) \
        if columns & {"vara", "varamedlemmer", "varamedlemer"} else []
    for sub in subs:
        sub.substitute_for = member[0].name
    return member + subs


def _affiliations_apart(text: str, people: list[ParsedParticipant]) -> list[ParsedParticipant]:
    """"Kari Nordmann, Visma\nOla Hansen, Telenor": where a block sets one word after full names and their comma
    more than once, that word says where each comes from; one such word alone may be a given name."""
    words = [i for i in range(1, len(people)) if _is_affiliation(text, people[i - 1], people[i])]
    full_names = sum(len(p.name.split()) >= 2 for p in people)
    # once is enough in a list of full names only: "Ola Dale (DNR), Kari Li, Per Moe, Visma"
    if not words or (len(words) < 2 and full_names + len(words) < len(people)) or (len(words) < 2 and full_names < 3):
        return people
    for i in words:
        people[i - 1].affiliation_spans.append((people[i].start, people[i].end))
    return [p for i, p in enumerate(people) if i not in set(words)]


def _is_affiliation(text: str, before: ParsedParticipant, word: ParsedParticipant) -> bool:
    """A single word that is no given name, right after a full name and a comma on the same line."""
    return len(word.name.split()) == 1 and word.name not in given_names() and len(before.name.split()) >= 2 \
        and re.fullmatch(r"[ \t]*,[ \t]*", text[before.end:word.start]) is not None


def _last_marker(text: str, start: int, end: int) -> str | None:
    toks = [(m.start(), m.group()) for m in _TOKEN.finditer(text, start, end)]
    found = [m for i in range(len(toks)) if (m := _marker_at(toks, i))]
    return found[-1][0] if found else None


def _is_party_head(head: str) -> bool:
    """A group heading that names a party: "Ap", "Kristelig Folkeparti", "SAMLINGSLISTA", "Bygdelista"."""
    if is_party(head) or (head.isupper() and len(head) <= 4):
        return True
    words = head.split()
    return len(words) == 1 and words[0][0].isupper() \
        and words[0].casefold().endswith(tuple(lexicon.words("parties", "group-suffixes")))


@cache
def _directions() -> str:
    return "|".join(lexicon.words("places", "directions"))


def _attach_leading_place(text: str, start: int, end: int, people: list[ParsedParticipant]) -> int:
    """In 'Name, Municipality, Name, Municipality' lists the place follows its person, sometimes without the comma
    before the next name ('Per Morstad, Røyken Trude Andresen'). Returns where the rest of the entry starts."""
    if not people:
        return start
    leading = re.compile(rf"\s*((?:{_directions()})[ -][A-ZÆØÅ][\wæøå]+|[A-ZÆØÅ][\wæøå-]+(?:\s+og\s+[A-ZÆØÅ][\wæøå-]+)?)")
    m = leading.match(text, start, end)
    if m and " og " in m.group(1) and not is_municipality_name(m.group(1)):
        m = leading.match(text[:start + m.group(0).index(" og ")], start)  # "Nore og Uvdal", else "Nore"
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
    """Group heads ("Ap:", "Rådmenn:", "For Skien kommune:", "Miljøpartiet De Grønne:") split a block; without them
    the block is one segment."""
    heads = []
    for colon in re.finditer(r":(?=\s)", text[start:end]):
        before = text[start:start + colon.start()]
        m = re.search(r"For\s+[A-ZÆØÅ][\wæøå -]+?\s+(?:kommune|herad)$", before)
        if m:
            heads.append(m.start())
            continue
        # the longest head of up to three words that names a party or a role: "Kristelig Folkeparti", "Rådmenn"
        for n in (3, 2, 1):
            m = re.search(rf"(?:(?<=\s)|^)[A-ZÆØÅ][\wæøå./-]{{0,20}}(?:[ \t]+[A-ZÆØÅa-zæøå][\wæøå-]*){{{n - 1}}}[ \t]*$",
                          before)
            if m and _head_ok(before[m.start():] + ":"):
                heads.append(m.start())
                break
    if not heads:
        return [(start, end)]
    bounds = [start] + [start + h for h in heads if h > 0] + [end]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]


def _head_ok(s: str) -> bool:
    head = s.split(":", 1)[0].strip()
    if head.startswith("For "):
        return True
    return _is_party_head(head) or is_role(head.split()[0]) or head.isupper() or head in ("Andre",)


@dataclass
class _Draft:
    tokens: list[tuple[int, str]]
    role: str | None = None
    party: str | None = None
    place: str | None = None
    place_span: tuple[int, int] | None = None
    status: str | None = None  # from a marker in its row ("Forfall", "MØTT", "x")
    follows_absence: bool = False  # right after an absence marker: in a "Møtt for" table, the substitute


_TOKEN = re.compile(r"\([^()]{0,60}\)|[^\s,;:()]+")


@cache
def _markers() -> tuple[dict[str, str], int]:
    """Row markers, case-folded, and the most words one has."""
    table = {k.casefold(): v for k, v in lexicon.mapping("attendance", "entry-markers").items()}
    return table, max(len(k.split()) for k in table)


def _marker_at(toks: list[tuple[int, str]], i: int) -> tuple[str, int] | None:
    """(status, number of tokens) of a row marker starting at token i."""
    table, longest = _markers()
    for n in range(longest, 0, -1):
        words = [t for _, t in toks[i:i + n]]
        if len(words) < n:
            continue
        phrase = " ".join(words).strip("-").casefold()
        if phrase in table and (n > 1 or words[0] not in ("X",) or i > 0):
            if phrase == "x" and words[0] == "X" and i + 1 < len(toks) and toks[i + 1][1][:1].isupper():
                continue  # "X" before a name is an initial, not a tick
            return table[phrase], n
    return None


def _parse_entry(text: str, start: int, end: int, status: str, party: str | None, role: str | None,
                 place: str | None, substitute: tuple | None = None,
                 columns: frozenset[str] = frozenset(), places_follow_names: bool = False) -> list[ParsedParticipant]:
    """One entry: 'Ordfører Helge Solheim (H)', 'Tove Marit Eriksen (Ap) møtte for Rune Kvalø', 'Arnt Inge Nordheim,
    leder', a flattened table row 'Bjørn Arild Gram Ordfører SP', or several names run together."""
    entry = text[start:end]
    if re.fullmatch(r"\s*[\wæøåÆØÅ-]+:\s*", entry):
        return []  # "Styresaker:" below a member table heads what follows, it names no one
    m, sub_for, rest = substitute if substitute is not None else _find_substitute(text, start, end)
    cut = m.start() - start if m else len(entry)
    drafts: list[_Draft] = []
    current: list[tuple[int, str]] = []
    pending_role: list[str] = []
    after_absence = False

    def close() -> None:
        nonlocal current, pending_role, after_absence
        if current:
            drafts.append(_Draft(current, role=" ".join(pending_role) or None, follows_absence=after_absence))
            current, pending_role, after_absence = [], [], False

    toks = [(t.start(), t.group(0)) for t in _TOKEN.finditer(entry, 0, cut)]
    skip = 0
    for i, (pos, tok) in enumerate(toks):
        if skip:
            skip -= 1
            continue
        if i and ":" in entry[toks[i - 1][0] + len(toks[i - 1][1]):pos]:
            close()  # no name runs over a colon: "Kasserar: Kamilla" is a label and a name
        if current and i and toks[i - 1][1].endswith(".") and not re.fullmatch(r"[A-ZÆØÅ][a-zæøå]?\.", toks[i - 1][1]):
            close()  # "Eskil Bruvik. Konstitueringen ble godkjent": a full stop ends the name
        if entry.startswith(":", pos + len(tok)) and current and not is_role(tok) \
                and "\n" in entry[current[-1][0]:pos]:
            close()  # "Referent: Astrid Pettersen\nProtokollstyrer: Tiril Lappegård": the word before a colon labels
            continue
        bare = tok if re.fullmatch(r"[A-ZÆØÅ]\.", tok) else tok.rstrip(".")
        nxt = toks[i + 1][1] if i + 1 < len(toks) else ""
        if tok.startswith("("):
            close()
            if drafts:
                _apply_note(drafts[-1], tok[1:-1].strip(), start + pos + 1)
            continue
        marker = _marker_at(toks, i) if not (current and bare in given_names()) else None
        if marker and (current or drafts):
            close()
            target = drafts[-1]
            if len(drafts) > 1 and len(target.tokens) == 1 and target.tokens[0][1] not in given_names():
                target = drafts[-2]  # "Olav Barøy (OB)   Trener   Ikke tilstede": a word between name and marker
            target.status = target.status or marker[0]
            after_absence = marker[0] == "absent"
            skip = marker[1] - 1
            continue
        if re.fullmatch(r"\d{1,3}[A-Za-z]?", nxt) and is_name_token(bare):
            close()  # "Havnevegen 12": an address after the name
            continue
        if places_follow_names and is_name_token(bare) and len(current) >= 2 and current[-1][1] not in given_names() \
                and (slot := _place_at(toks, i)) and not _place_follows(text, start + slot[1]):
            close()  # "Eivind Brenna Sør-Aurdal", "Are Vattekar Oslo": the member's municipality after the surname
            drafts[-1].place, drafts[-1].place_span = slot[0], (start + pos, start + slot[1])
            skip = slot[2] - 1
            continue
        if current and bare in _particles() and nxt[:1].isupper() and is_name_token(nxt.rstrip(".,")):
            current.append((pos, bare))  # "Thijs Christiaan van Son"
            continue
        if is_name_token(bare) and not _common_word_ending(current, bare, nxt):
            if current and _starts_new_person(current, bare, nxt):
                close()
            current.append((pos, bare))
            continue
        if is_role(bare):
            if current:
                close()
                drafts[-1].role = drafts[-1].role or bare.lower()
            else:
                pending_role.append(bare)
                after_absence = False  # a role opens the next row of the table
            continue
        if (is_party(bare) or re.fullmatch(r"[A-ZÆØÅ]{2,5}", bare)) and (current or drafts):
            # a short list name in capitals after a member: "Willy Holmgren KOBL"
            close()
            drafts[-1].party = drafts[-1].party or bare
            continue
        if current:
            close()
        elif pending_role and bare[:1].islower():
            pending_role.append(bare)
    close()
    if pending_role and drafts and not drafts[-1].role:
        drafts[-1].role = pending_role[0].lower()  # a table row "Robert Svarva ap ordfører ap/krf x": the role follows
    substitute_column = bool(columns & {"møtt for", "møtte for", "vara for", "varamedlem for"})
    if substitute_column and len(drafts) == 2 and (drafts[0].role or drafts[0].party) \
            and not (drafts[1].party or drafts[1].status):
        # "Greger Thorvaldsen 1. VARAMEDLEM AP Eli Skartlien" under "Vara for": the row's last name is whom its
        # member stood in for (listed as absent in a block of its own), the role between them the member's
        sub_for = " ".join(t for _, t in drafts[1].tokens)
        drafts[0].role = drafts[0].role or drafts[1].role
        drafts = drafts[:1]
    people = []
    absent_before: ParsedParticipant | None = None
    for d in drafts:
        toks_ = d.tokens
        if len(toks_) == 1 and not (toks_[0][1] in given_names() or len(entry.split()) == 1):
            continue
        if all(t.lower() in common_words() for _, t in toks_):
            continue
        s = start + toks_[0][0]
        e = start + toks_[-1][0] + len(toks_[-1][1])
        if legal_form_after().match(text, e, start + len(entry)):
            continue  # "Konsek Trøndelag IKS" is the secretary's employer, not a person
        where = d.place or place
        spans = [d.place_span] if d.place_span else []
        who_role = d.role or role
        who_for = sub_for if d is drafts[-1] else None  # "Ola Dahl Kari Moe møtte som vara for X": Kari only
        if d.follows_absence and substitute_column and absent_before and not d.status:
            who_for = absent_before.name  # "Medlem Ola Dahl SP Gyldig forfall Siri Moe SP" under "Møtt for"
        who_status = "substitute" if who_for else (d.status or status)
        if who_status == "present" and who_role and who_role.lower() in secretariat_roles():
            who_status = "secretariat"  # the secretary in a member table
        elif who_status == "present" and who_role and who_role.lower() in lexicon.folded_set("roles", "substitute"):
            who_status = "substitute"  # "Kristi (varamedlem)" among those present
        person = ParsedParticipant(
            name=" ".join(text[s:e].split()), status=who_status, start=s, end=e,
            role=who_role, party=d.party or party,
            municipality=where if where and is_municipality_name(where) else None,
            county=where if where and not is_municipality_name(where) and is_county_name(where) else None,
            substitute_for=who_for, place_spans=spans)
        people.append(person)
        absent_before = person if d.status == "absent" else None
    if rest is not None:
        people += _parse_entry(text, rest, end, status, party, role, place, columns=columns,
                               places_follow_names=places_follow_names)
    return people


def _municipality_column(text: str, start: int, end: int) -> bool:
    toks = [(m.start(), m.group()) for m in _TOKEN.finditer(text, start, end)]
    found = sum(1 for i in range(len(toks)) if i >= 2 and _place_at(toks, i)
                and is_name_token(toks[i - 1][1]) and toks[i - 1][1] not in given_names())
    rows = sum(1 for line in text[start:end].split("\n") if line.strip())
    # a column fills most rows; two surnames that are also places ("Toril Melheim Strand", "Margareth Hoff Berg")
    # among thirteen members are no column
    return found >= max(2, rows // 3)


@cache
def _particles() -> frozenset[str]:
    return frozenset(lexicon.words("names", "particles"))


def _place_follows(text: str, pos: int) -> bool:
    """A place right after ("Aud Norunn Strand, Modum"): the word before it is a surname, not the member's place."""
    m = re.match(r"[ \t]*,?[ \t]*([A-ZÆØÅ][\wæøå-]+(?:[ \t]+[A-ZÆØÅ][\wæøå-]+)?)", text[pos:pos + 60])
    return bool(m) and any(is_municipality_name(w) or is_county_name(w) for w in (m.group(1), m.group(1).split()[0]))


def _place_at(toks: list[tuple[int, str]], i: int) -> tuple[str, int, int] | None:
    """(name, end offset, number of tokens) of a municipality or county named by tokens i.. ("Øystre Slidre")."""
    for n in (3, 2, 1):
        words = toks[i:i + n]
        if len(words) < n:
            continue
        name = " ".join(t for _, t in words).rstrip(".,")
        if is_municipality_name(name) or is_county_name(name):
            return name, words[-1][0] + len(words[-1][1].rstrip(".,")), n
    return None


def _find_substitute(text: str, start: int, end: int) -> tuple[re.Match | None, str | None, int | None]:
    """The "(varamedlem) for NAME" of an entry: the match, NAME without labels and parties, and where the rest of
    the entry starts when the next line is an entry of its own ("..., for Heidi Nguyen\nÁslat Gaup (Sp), Lavangen")."""
    m = _SUBSTITUTE.search(text, start, end)
    if not m:
        return None, None, None
    who_text, rest = m.group("who"), None
    nl = who_text.find("\n")
    if nl > 0 and re.match(r"[^\n]*[(,]", text[m.start("who") + nl + 1:end]):
        who_text, rest = who_text[:nl], m.start("who") + nl + 1
    who = [w for w in who_text.split() if w not in stop_words() and not is_party(w.strip("()"))]
    return m, " ".join(who).rstrip(".") or None, rest


def _apply_note(draft: _Draft, inner: str, offset: int) -> None:
    """'(H)', '(ordførar)', '(varaordførar Masfjorden)', '(sekretær)'; notes like '(sak 022/09)' are skipped."""
    words = inner.split()
    if not words or re.search(r"\d", inner):
        return
    if is_party(inner) or (len(words) == 1 and len(inner) <= 5 and inner[:1].isupper()):
        draft.party = draft.party or inner
    elif is_role(words[0]):
        draft.role = draft.role or (inner if len(words) == 1 else words[0])
        rest = " ".join(words[1:])
        if rest and (is_municipality_name(rest) or is_county_name(rest)):
            draft.place = rest
            s = offset + inner.find(rest)
            draft.place_span = (s, s + len(rest))


def _common_word_ending(current: list[tuple[int, str]], tok: str, nxt: str) -> bool:
    """'Jan Kåre Fure Godkjenning av ...': an ordinary word after a complete name opens the next sentence."""
    return len(current) >= 2 and tok.lower() in common_words() and (nxt[:1].islower() or nxt.startswith(":"))


def _starts_new_person(current: list[tuple[int, str]], tok: str, nxt: str) -> bool:
    """'Anders Ryssdal Ola Tarjei Kroken': a given name after a surname opens the next person, if a name follows it
    ('Synnøve Pedersen Eira': a given name last is a surname)."""
    last = current[-1][1]
    return tok in given_names() and last not in given_names() and not re.fullmatch(r"[A-ZÆØÅ]\.", last) \
        and len(current) >= 2 and is_name_token(nxt.rstrip(".,"))
