"""Entities with character offsets into the document text: PERSON, MUNICIPALITY, COUNTY, ORGANIZATION, DATE, AMOUNT.

Rules and gazetteers find places, dates and amounts; people and organisations come from the participant lists,
name rules and the trained NER model (pipeline/nlp.py), merged so that a name found in the participant list is a
PERSON everywhere in the document.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipeline.amounts import find_amounts
from pipeline.dates import find_dates
from pipeline.participants import (NAME_LOWER, NAME_UPPER, STOP_WORDS, ParsedParticipant, common_words, given_names,
                                   is_party, is_role)
from pipeline.places import find_places, is_county_name, is_municipality_name, resolve_county, resolve_municipality


@dataclass
class Mention:
    type: str
    start: int
    end: int
    text: str
    value: str | int | float
    id: str | None = None
    currency: str | None = None


_NAME_TOKEN = rf"(?:[{NAME_UPPER}][{NAME_LOWER}]+(?:-[{NAME_UPPER}][{NAME_LOWER}]+)?|[{NAME_UPPER}]\.)"
_PERSON_RULE = re.compile(rf"(?<![\wæøå.-])(?P<first>[{NAME_UPPER}][{NAME_LOWER}]+(?:-[{NAME_UPPER}][{NAME_LOWER}]+)?)"
                          rf"(?P<rest>(?:[ \t]+|[ \t]*\n[ \t]*){_NAME_TOKEN}){{1,3}}(?![\wæøå])")
_NOT_NAME = {"Kong", "Dronning", "Prins", "Prinsesse", "Statsminister", "President", "Fru", "Herr", "Dr", "Sankt",
             "Sak", "Vedtak", "Møte", "Kommune"}
_SEP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"  # words of a name may wrap onto the next line
# institutions named by place and kind: "Teie skole", "Nøtterøy kirkelige fellesråd", "Tønsberg brann- og redningsvesen"
_INSTITUTION_KINDS = (r"[a-zæøå]*(?:skole|skule|sykehjem|sjukeheim|omsorgssenter|legevakt|sykehus|sjukehus|museum|"
                      r"tingrett|lagmannsrett|borettslag|idrettsforening|idrettslag|fellesråd|barnehage|bibliotek|"
                      r"redningsvesen|brannvesen|kraftverk|energiverk|vannverk|sparebank|menighetsråd|sokneråd|"
                      r"grendalag|grendelag|bygdelag|ungdomslag|velforening|handelsforening|næringsforening|"
                      r"sanitetsforening|skyttarlag|skytterlag|musikkorps|skolekorps|skulekorps|pensjonistforening|"
                      r"pensjonistlag|historielag|sogelag|bondelag|turlag|klubb)")
# national bodies and companies that minutes name by one word
_KNOWN_ORGANISATIONS = ("KS", "NAV", "KLP", "NVE", "Husbanken", "Innovasjon Norge", "Kartverket", "Skatteetaten",
                        "Fagforbundet", "Helsedirektoratet", "Miljødirektoratet", "Kommunalbanken", "Avinor", "Widerøe",
                        "Enova", "Statnett", "Statkraft", "Equinor", "Telenor", "NRK", "Bane NOR", "Nye Veier",
                        "Posten", "Bufetat", "Udir", "IMDi", "UDI", "Riksantikvaren", "Kystverket", "Mattilsynet",
                        "Helse Nord", "Helse Midt-Norge", "Helse Vest", "Helse Sør-Øst", "Norsk Tipping", "Lånekassen",
                        "Sametinget", "Stortinget", "Regjeringen", "Distriktssenteret", "Sintef", "SINTEF", "Forsvarsbygg",
                        "Statsbygg", "Vegvesenet", "Brønnøysundregistrene", "Arbeidstilsynet", "Riksrevisjonen")
_ORG_RULES = [
    re.compile(r"(?<![\wæøå])Bydel[ \t]+[A-ZÆØÅ][\wæøå-]+(?:[ \t]+[A-ZÆØÅ][\wæøå-]+)?"),  # Oslo's districts
    re.compile(rf"(?<![\wæøå])(?:[A-ZÆØÅ][\wæøå&.-]*{_SEP}(?:(?:og|i|for){_SEP})?){{0,4}}[A-ZÆØÅ][\wæøå&.-]*"
               r"(?:[ \t]+|[ \t]*[\n\f][ \t]*)(?:AS|ASA|IKS|HF|SA|KF|BA|DA|ANS)(?![\wæøå])"),
    re.compile(rf"(?<![\wæøå])[A-ZÆØÅ][\wæøå-]+(?:{_SEP}og{_SEP}[A-ZÆØÅ][\wæøå-]+)?{_SEP}"
               rf"(?:[a-zæøå]+e{_SEP}|[a-zæøå]+-{_SEP}og{_SEP})?(?i:{_INSTITUTION_KINDS})(?![\wæøå])"),
    re.compile(r"(?<![\wæøå])[A-ZÆØÅ][\wæøå]*(?:-?[ \t]+og[ \t]+[a-zæøå]+)?(?:departementet|direktoratet|tilsynet|etaten)"
               r"(?![\wæøå])"),
    re.compile(r"(?<![\wæøå])(?:Fylkesmannen|Statsforvaltaren|Statsforvalteren|Universitetet|Høgskolen|Høyskolen)"
               r"[ \t]+i[ \t]+[A-ZÆØÅ][\wæøå]+(?:[ \t]+og[ \t]+[A-ZÆØÅ][\wæøå]+)?"),
    re.compile(r"(?<![\wæøå])(?:Norsk|Norske|Statens)[ \t]+[A-ZÆØÅa-zæøå][\wæøå]+"
               r"(?:[ \t]+[Rr]egion[ \t]+(?:sør|nord|øst|vest|midt)|[ \t]+[A-ZÆØÅ][\wæøå]+)?"),
    re.compile(rf"(?<![\wæøå])(?:{'|'.join(map(re.escape, _KNOWN_ORGANISATIONS))}|"
               rf"Utdanningsforbundet(?:{_SEP}i{_SEP}[A-ZÆØÅ][\wæøå]+)?)(?![\wæøå])"),
    re.compile(r"(?<![\wæøå])(?:Sparebanken|Sparebank 1)[ \t]+[A-ZÆØÅ][\wæøå-]+(?:[ \t]+og[ \t]+[A-ZÆØÅ][\wæøå-]+)?"),
    re.compile(r"(?<![\wæøå])(?:Forum|Senter|Senteret|Forbundet|Foreningen|Stiftelsen|Selskapet|Direktoratet|"
               r"Kontoret|Instituttet)[ \t]+for[ \t]+"
               r"[\wæøå-]+(?:[ \t]+og[ \t]+[\wæøå-]+)?(?![\wæøå])"),
    re.compile(r"(?<![\wæøå])[A-ZÆØÅ][a-zæøå]+regionen(?![\wæøå])"),
    re.compile(r"(?<![\wæøå])Ungdommens[ \t]+(?:bystyre|kommunestyre|fylkesting|råd|kommuneråd)(?![\wæøå])"),
]


def extract_entities(text: str, participants: list[ParsedParticipant], meeting_date: str | None,
                     ref: dt.date | None, ner_spans: list[tuple[int, int, str]] | None = None,
                     body: str | None = None, organization: str | None = None) -> list[Mention]:
    mentions: list[Mention] = []
    mentions += _places(text, participants, meeting_date)
    for d in find_dates(text, ref):
        mentions.append(Mention("DATE", d.start, d.end, d.text, d.value))
    for a in find_amounts(text):
        mentions.append(Mention("AMOUNT", a.start, a.end, a.text, a.value, currency="NOK"))
    place_spans = [(m.start, m.end) for m in mentions if m.type in _PLACE_TYPES]
    named, modelled = _people(text, participants, ner_spans or [], place_spans)
    organisations = _organisations_by_rule(text, [(m.start, m.end) for m in named], body, organization)
    # "Lerøy Seafood Group ASA": a rule's organisation outweighs the model's person
    people = named + [m for m in modelled if not _overlaps(m.start, m.end, [(o.start, o.end) for o in organisations])]
    person_spans = [(m.start, m.end) for m in people]
    # a place inside a person's name is the surname: "Kari Mette Årdal", "Julie Kristensen Haram"
    mentions = [m for m in mentions if m.type not in _PLACE_TYPES
                or not any(s <= m.start and m.end <= e for s, e in person_spans)]
    place_spans = [(m.start, m.end) for m in mentions if m.type in _PLACE_TYPES]
    organisations += _organisations_by_model(text, ner_spans or [], place_spans + person_spans,
                                             [(o.start, o.end) for o in organisations])
    return sorted(mentions + people + organisations, key=lambda m: (m.start, m.type))


_PLACE_TYPES = ("MUNICIPALITY", "COUNTY")


def _places(text: str, participants: list[ParsedParticipant], meeting_date: str | None) -> list[Mention]:
    forced = {span for p in participants for span in p.place_spans}
    found = find_places(text, forced)
    hint: set[str] = set()
    for p in found:
        if p.kind == "MUNICIPALITY":
            period = resolve_municipality(p.text, meeting_date)
            if period:
                hint.add(period.county)
    out = []
    for p in found:
        if p.kind == "MUNICIPALITY":
            period = resolve_municipality(p.text, meeting_date, frozenset(hint))
        else:
            period = resolve_county(p.text, meeting_date)
        if period:
            out.append(Mention(p.kind, p.start, p.end, text[p.start:p.end], period.name, id=period.number))
    return out


def _overlaps(start: int, end: int, spans) -> bool:
    return any(s < end and start < e for s, e in spans)


def _clean_person(name: str) -> str:
    return " ".join(name.split())


def _people(text: str, participants: list[ParsedParticipant], ner_spans, blocked) -> tuple[list[Mention], list[Mention]]:
    """PERSON mentions found by name (participants, their names elsewhere, given name + surname) and those only the
    model found."""
    names = {p.name for p in participants if len(p.name.split()) >= 1}
    names |= {p.substitute_for for p in participants if p.substitute_for}
    spans: list[tuple[int, int]] = []
    out: list[Mention] = []

    def add(start: int, end: int) -> None:
        surface = text[start:end]
        if _overlaps(start, end, spans):
            return
        spans.append((start, end))
        out.append(Mention("PERSON", start, end, surface, _clean_person(surface)))

    for p in participants:
        add(p.start, p.end)
    # every other mention of a known name, whitespace and line breaks allowed between its words
    for name in sorted(names, key=len, reverse=True):
        words = name.split()
        if len(words) == 1 and name not in given_names():
            continue
        pattern = r"(?<![\wæøå])" + r"\s+".join(map(re.escape, words)) + r"(?![\wæøå])"
        for m in re.finditer(pattern, text):
            add(m.start(), m.end())
    pos = 0
    while m := _PERSON_RULE.search(text, pos):
        first = m.group("first")
        if first not in given_names() or first in _NOT_NAME:
            pos = m.end("first")  # "Sekretær Siv Kvalsvik Haugen": the name may start at the next word
            continue
        span = _person_by_rule(text, m.start(), m.end())
        pos = span[1] if span else m.end("first")  # what follows a cut name may be the next name
        if span and not _overlaps(span[0], m.end("first"), blocked):  # a place after the given name is a surname
            add(*span)
    named = list(out)
    for s, e, label in ner_spans:
        if label == "PER" and not _overlaps(s, e, blocked):
            s = _after_titles(text, s, e)
            if _plausible_person(text[s:e]):
                add(s, e)
    return named, out[len(named):]


def _after_titles(text: str, start: int, end: int) -> int:
    """Start of a span without its leading titles: the model's "Overlege Håkon Thue" is "Håkon Thue"."""
    while (m := re.match(r"\S+[ \t]+", text[start:end])) and is_role(m.group().strip()):
        start += m.end()
    return start


def _person_by_rule(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A given name and up to three name words: the name ends before a role, party, label or ordinary word
    ('Rune Engehult Organisasjonssjef Torleif'), and takes in an unknown given name right before ('Mildred Marita
    Ramberg Røthe')."""
    tokens = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", text[start:end])]
    for i, (_, _, tok) in enumerate(tokens[1:], 1):
        if _not_name_word(tok) or (i >= 2 and tok.lower() in common_words()):
            tokens = tokens[:i]
            break
    # "Ola Nordmann Bergen" in a member list: the place after a surname is the member's municipality; after given
    # names only it is the surname ("Kari Mette Årdal")
    while len(tokens) > 2 and is_municipality_name(tokens[-1][2]) \
            and any(tok not in given_names() for _, _, tok in tokens[1:-1]):
        tokens.pop()
    if len(tokens) < 2:
        return None
    end = start + tokens[-1][1]
    before = re.search(rf"(?<![\wæøå.-])(?P<w>[{NAME_UPPER}][{NAME_LOWER}]+)[ \t]+$", text[max(0, start - 30):start])
    if before and not _not_name_word(before.group("w")) and before.group("w").lower() not in common_words() \
            and not is_municipality_name(before.group("w")):
        start -= len(before.group(0))
    return start, end


def _not_name_word(tok: str) -> bool:
    return is_role(tok) or is_party(tok) or tok in _NOT_NAME or tok in STOP_WORDS


def _plausible_person(surface: str) -> bool:
    """The model's PER spans in minutes' headings are often 'Sak 01/2018 Referat': every word must look like a name."""
    words = surface.split()
    return len(words) >= 2 and all(re.fullmatch(_NAME_TOKEN, w) and w.lower() not in common_words()
                                   and w not in _NOT_NAME and w not in STOP_WORDS for w in words)


# "ved Institutt for matematiske realfag og teknologi (IMT)": an acronym defined in parentheses after a name, which
# starts with a capital inside a sentence ("5. Samarbeidet om brukerstyrt personlig assistanse (BPA)" names a service)
_ACRONYM_DEFINED = re.compile(r"(?<=[a-zæøå] )[A-ZÆØÅ][\wæøå-]*(?:\s+[\wæøå-]+){1,6}\s+\((?P<acr>[A-ZÆØÅ]{3,6})\)")


def _defined_acronyms(text: str) -> set[str]:
    return {m.group("acr") for m in _ACRONYM_DEFINED.finditer(text) if not is_party(m.group("acr"))}


_REGION_AFTER = re.compile(rf"{_SEP}([A-ZÆØÅ][\wæøå]+(?:[ \t]+og[ \t]+[A-ZÆØÅ][\wæøå]+)?)(?![\wæøå])")


def _plausible_organisation(surface: str) -> bool:
    words = surface.split()
    if not words or re.search(r"\d", surface) or words[-1].lower() in ("og", "i", "for", "av") or surface.endswith("-"):
        return False
    if re.fullmatch(r"[A-ZÆØÅa-zæøå]", words[0]) and len(words) > 1:
        return False  # a lettered item "E Regional utvikling"
    if surface.isupper() or words[-1] in ("si", "sin", "sitt", "sine") or is_party(words[0]) or is_party(surface) \
            or any(w.lower() in _MINUTES_WORDS for w in words):
        return False  # the model guesses on all-caps agenda lines, nynorsk possessives and document labels
    # single words from the model are mostly programme names and headings here; rules find the acronyms we keep
    return len(words) >= 2 and not any(w.lower() in common_words() for w in words[:1])


_MINUTES_WORDS = {"protokoll", "møtebok", "møteprotokoll", "referat", "saksliste", "sakliste", "utvalgssaksnr", "saksnr",
                  "sak", "vedtak", "forfall", "innstilling", "tilråding", "merknad", "merknader", "møterom", "dato",
                  "møtedato", "underskrifter", "underskrift", "saksbehandler", "saksbehandlar", "arkiv", "arkivsak"}


def _organisations_by_rule(text: str, people, body: str | None, organization: str | None) -> list[Mention]:
    """The meeting's own organisation, defined acronyms and the rules' names, none across a person's name."""
    out: list[Mention] = []
    spans: list[tuple[int, int]] = []

    def add(start: int, end: int, own: bool = False) -> None:
        surface = " ".join(text[start:end].split())
        if not surface or _overlaps(start, end, spans) or (not own and body and surface.casefold() == body.casefold()):
            return
        if is_municipality_name(surface) or is_county_name(surface):
            return
        spans.append((start, end))
        out.append(Mention("ORGANIZATION", start, end, text[start:end], surface))

    if organization and not re.search(r"(?i)(?:kommune|herad)$", organization):
        # the meeting's own organisation (the letterhead), wherever the text names it
        for m in re.finditer(rf"(?<![\wæøå]){re.escape(organization)}(?![\wæøå])", text, re.IGNORECASE):
            add(m.start(), m.end(), own=True)
    for acronym in _defined_acronyms(text):
        for m in re.finditer(rf"(?<![\wæøå]){acronym}(?![\wæøå])", text):
            add(m.start(), m.end())
    for rule in _ORG_RULES:
        pos = 0
        while m := rule.search(text, pos):
            clash = max((e for s, e in spans + people if s < m.end() and m.start() < e), default=None)
            if clash is not None:
                pos = clash  # "Bydel Nordre Aker og Storo sjakklubb": the next name starts after the one found
                continue
            region = _REGION_AFTER.match(text, m.end())  # "Innovasjon Norge Nordland": a regional office
            add(m.start(), region.end() if region and is_county_name(region.group(1)) else m.end())
            pos = m.end()
    return out


def _organisations_by_model(text: str, ner_spans, blocked, found) -> list[Mention]:
    out: list[Mention] = []
    spans = list(found)
    for s, e, label in ner_spans:
        if label == "ORG" and not _overlaps(s, e, blocked + spans) and text[s].isupper() \
                and _plausible_organisation(text[s:e]):
            surface = " ".join(text[s:e].split())
            if not (is_municipality_name(surface) or is_county_name(surface)):
                spans.append((s, e))
                out.append(Mention("ORGANIZATION", s, e, text[s:e], surface))
    return out
