"""The meeting header: title, kind, body, organisation, date, start and end time, location, language.

Field values come from the document's labels (pipeline/zones.py): a label's value runs to the next label or the
end of its line. The meeting date is chosen by what says it: the title's date, then a meeting-date label, then
the opening sentence of an old protocol, then the signature line ("Askvoll, 12.12.2017"); a letter's own dates
("Vår dato", "Din dato") never count.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from pipeline import lexicon
from pipeline.dates import find_dates
from pipeline.places import is_county_name, is_municipality_name
from pipeline.zones import Document, Label, find_labels


@dataclass
class MeetingInfo:
    title: str | None = None
    kind: str = "other"
    body: str | None = None
    organization: str | None = None
    date: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    location: str | None = None
    language: str = "nb"
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (code, message)


# --- field values ----------------------------------------------------------------------------------------------

@cache
def _value_stop() -> re.Pattern:
    """Phrases that end a header value in flattened text even without a colon ("Rådhuset, salen Følgende ...")."""
    words = lexicon.alternation(lexicon.words("header", "sentence-openers"))
    return re.compile(rf"(?<![\wæøå])(?:{words})(?![\wæøå])")


def field_values(text: str, labels: list[Label], kind: str, end: int | None = None) -> list[str]:
    """The values of every label of `kind` before `end`, in text order."""
    out = []
    for i, lb in enumerate(labels):
        if not lb.means(kind) or (end is not None and lb.start >= end):
            continue
        nxt = labels[i + 1].start if i + 1 < len(labels) else len(text)
        value = _value(text, lb, nxt, labels)
        if value:
            out.append(value)
    return out


def _value(text: str, lb: Label, next_label: int, labels: list[Label]) -> str | None:
    """A label's value: to the next label or the end of its line. A label last on its line takes the next line
    (unless that is a label of its own), and a value ending in a comma goes on there."""
    line_end = _line_end(text, lb.value_start)
    value = text[lb.value_start:min(line_end, next_label)]
    if not value.strip() and line_end < next_label:
        nxt_end = _line_end(text, line_end + 1)
        value = text[line_end + 1:min(nxt_end, next_label)]
    elif value.rstrip().endswith(",") and next_label > line_end and line_end < len(text) and text[line_end] == "\n":
        nxt_end = _line_end(text, line_end + 1)
        value = value.rstrip() + " " + text[line_end + 1:min(nxt_end, next_label)].strip()
    stop = _value_stop().search(value)
    if stop:
        value = value[:stop.start()]
    value = " ".join(value.split()).strip(" ,;")
    return value or None


def _line_end(text: str, pos: int) -> int:
    ends = [e for e in (text.find("\n", pos), text.find("\f", pos)) if e != -1]
    return min(ends) if ends else len(text)


def field_value(text: str, kind: str) -> str | None:
    """The first value of a field in a plain text (for tests and callers without a Document)."""
    values = field_values(text, find_labels(text), kind)
    return values[0] if values else None


# --- title, kind, language, organisation --------------------------------------------------------------------

@cache
def _title_words() -> re.Pattern:
    words = lexicon.alternation(lexicon.words("documents", "title-words"))
    return re.compile(rf"(?i)(?<![\wæøå])(?:\d+\s+)?(?:{words})|(?:møte|styremøte|årsmøte)\s+i\b")


def title_of(text: str) -> str | None:
    """The first line that names the document ('Protokoll fra møte i ...'), else the first line with words;
    a letterhead line ('Bergen kommune') above the title is not the title."""
    lines = [s for s in (re.sub(r"\s+", " ", ln).strip() for ln in text.split("\n")[:6])
             if len(s) >= 4 and not re.fullmatch(r"[\d\W]+", s)]
    lines = [re.sub(r"^\d{1,3}\s+(?=\D)", "", s) for s in lines]  # a flattened page starts with its number
    # a title word near the line's start ("Referat fra ...", "Sakliste"), or a meeting word opening it ("Årsmøte
    # torsdag 9. mai"); a title word deep in a sentence ("Til stede var ... og referent") names nothing
    named = [s for s in lines[:5] if (m := _title_words().search(s[:80])) and len(s[:m.start()].split()) <= 3
             or re.match(r"[\wæøåÆØÅ]*møte\b", s, re.IGNORECASE) and not re.match(r"(?i)møte\b", s)]
    # a running header "Vestregionen – referat rådmannsgruppen" also names the document, the title names the meeting
    named.sort(key=lambda s: not re.search(r"(?i)møte|\d", s))
    chosen = named or lines
    return chosen[0][:200] if chosen else None


def kind_of(head: str, title: str | None = None) -> str:
    """The kind the document's title names ("Møteinnkalling"), else the first kind word of the lexicon's order
    anywhere in the header."""
    for text in (title or "", head):
        h = text.lower()
        for word, kind in lexicon.mapping("documents", "kinds").items():
            if word in h:
                return kind
    return "other"


@cache
def _language_words() -> tuple[re.Pattern, re.Pattern]:
    return tuple(re.compile(rf"\b(?:{'|'.join(map(re.escape, lexicon.words('language', s)))})\b", re.IGNORECASE)
                 for s in ("nn", "nb"))


def language_of(text: str) -> str:
    nn, nb = _language_words()
    return "nn" if len(nn.findall(text)) > len(nb.findall(text)) else "nb"


@cache
def _municipality_words() -> str:
    return "|".join(lexicon.words("places", "municipality-words") + lexicon.words("places", "county-words"))


def letterhead(text: str) -> str | None:
    """The organisation's name alone on the first line, above the title ('Regionrådet Nordhordland', 'NMBU'),
    or before a dash there ('Vestregionen – referat rådmannsgruppen')."""
    lines = text.split("\n", 2)
    first = re.sub(r"\s+", " ", lines[0]).strip()
    first = re.split(r"\s+[–-]\s+", first, maxsplit=1)[0]
    second = re.sub(r"\s+", " ", lines[1]).strip() if len(lines) > 1 else ""
    if re.search(r"[a-zæøå]s$", first) and re.fullmatch(r"[A-ZÆØÅ][\wæøå-]+(?: [A-ZÆØÅ][\wæøå-]+)?", second) \
            and not _title_words().search(second) and not _body_word(second.split()[0]):
        first = f"{first} {second}"  # a name in a genitive wrapped onto the next line: "Tromsøstudentenes\nDataforening"
    if not first or len(first) > 50 or len(first.split()) > 5 or re.search(r"\d", first) or _title_words().search(first):
        return None
    if re.search(rf"(?i)(?<![\wæøå])(?:{_municipality_words()})(?![\wæøå])", first):
        return None  # municipalities are named by organization_of's own rule ("KONTROLLUTVALGET I LENVIK KOMMUNE")
    if _body_pattern().fullmatch(first) or not first[0].isupper() or first.endswith(":"):
        return None
    return first


def organization_of(header: str) -> str | None:
    """The letterhead, else the organisation named first in the header: 'Bergen kommune', 'møte i representantskapet
    i Vekst i Grenland IKS', 'Styremøte i Danvik borettslag'."""
    head = letterhead(header)
    if head:
        return head
    found = []
    m = re.search(r"(?<![\wæøå])(?!(?:For|Fra|Frå|Til|I|Hos)\s)((?:[A-ZÆØÅ][\wæøå-]+\s+){1,3}?)"
                  r"(kommune|herad|fylkeskommune|KOMMUNE|HERAD|FYLKESKOMMUNE)(?![\wæøå])", header[:800])
    if m:
        name = _tidy_name(m.group(0)) if m.group(0).isupper() else re.sub(r"\s+", " ", m.group(0)).strip()
        found.append((m.start(), name))
    forms = "|".join(map(re.escape, lexicon.words("legal_forms", "forms")))
    m = re.search(rf"(?:møte\s+i|[Ss]tyremøte\s+i)\s+[\wæøå ]*?\bi\s+([A-ZÆØÅ][\wæøå]+(?:\s+[A-ZÆØÅ]?[\wæøå]+){{0,3}}?"
                  rf"\s+(?:{forms}|borettslag))(?![\wæøå])", header[:800])
    if m:
        found.append((m.start(1), m.group(1)))
    # "Protokoll fra ordinært sameiermøte i S/E Tananger Brygge", "Årsmøte i QGIS Norge", "Styremøte i Danvik borettslag"
    m = re.search(rf"(?:[\wæøå]*møte|[Gg]eneralforsamling)\s+i\s+(?P<org>(?:[A-ZÆØÅ]/[A-ZÆØÅ]\s+)?[A-ZÆØÅ][\wæøå&-]+"
                  rf"(?:[ \t]+(?:(?:i|og|på|for)[ \t]+)?[A-ZÆØÅ][\wæøå&-]+)*"
                  rf"(?:[ \t]+(?:{forms}|borettslag|sameie|velforening|idrettslag|brukergruppe|forening|lag))?)",
                  header[:400])
    if m and not _body_word(m.group("org").split()[0]):
        found.append((m.start("org"), m.group("org") + _address_after(header, m.group("org"), m.end("org"))))
    return min(found)[1] if found else None


def _address_after(text: str, name: str, end: int) -> str:
    """The street and house number a co-op is named by, after its capitalised words: "Sameiet Folke Bernadottes"
    + " vei 2", "Sameiet Folke Bernadottesvei" + " 2"."""
    streets = lexicon.alternation(lexicon.words("organisations", "street-words"))
    endings = tuple(lexicon.words("organisations", "street-endings"))
    m = re.match(rf"(?:[ \t]+(?:{streets}))?[ \t]+\d{{1,4}}[A-Za-z]?(?![\w/:-]|[.,]\d)", text[end:end + 30])
    if m and (name.casefold().endswith(endings) or m.group().strip()[:1].isalpha()):
        return m.group()
    return ""


def _tidy_name(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip(" .,:;")
    if s.isupper():
        s = s.capitalize()
    return s


# --- body --------------------------------------------------------------------------------------------------------

@cache
def _body_suffix() -> str:
    return "|".join(map(re.escape, lexicon.words("bodies", "suffixes")))


@cache
def _body_pattern() -> re.Pattern:
    suffix = _body_suffix()
    return re.compile(rf"(?<![\wæøå])(?:(?:Komit[eé]|Hovedutvalg|Hovudutval|Utvalg|Utval|Styret|Regionrådet|Rådet)\s+for\s+"
                      r"[\wæøå-]+(?:\s+og\s+[\wæøå]+)?|"
                      r"Råd(?:et)?\s+for\s+(?:personer|mennesker|menneske)\s+med\s+[\wæøå]+(?:\s+funksjonsevne)?|"
                      rf"[A-ZÆØÅ][\wæøå-]*(?:{suffix})|[A-ZÆØÅ]+(?:{suffix.upper()}))(?![\wæøå])")


@cache
def _not_body() -> frozenset[str]:
    return lexicon.folded_set("bodies", "not-body")


def body_of(header: str, labels: list[Label] | None = None, title: str | None = None) -> str | None:
    labels = find_labels(header) if labels is None else labels
    values = field_values(header, labels, "body")
    if values:
        # "Utvalg/styre/råd: Møte i kontrollutvalget i Frøya kommune": the body the value names
        said = re.match(r"(?i)(?:møte|protokoll|referat|møtebok)\b", values[0].strip())
        named = said and body_in(values[0])
        return named[:1].upper() + named[1:] if named else _normal_body(values[0])
    if (named := _body_in_first_lines(header, title)):
        return named
    m = re.search(r"(?:møte|protokoll|referat|møtebok)\s+(?:fra\s+|frå\s+|for\s+)?(?:møte\s+)?i\s+(?P<b>[^\n]+)",
                  header[:600], re.IGNORECASE)
    candidates = []
    if m:
        own = re.match(rf"[a-zæøå]+(?:{_body_suffix()})(?![\wæøå])", m.group("b"))
        if own and own.group().casefold() not in _not_body():
            return own.group()  # "Møte i fellesrådet"
        candidates.append(m.group("b"))
    candidates.append(header[:600])
    for chunk in candidates:
        for b in _body_pattern().finditer(chunk):
            word = b.group(0)
            if word.casefold() in _not_body():
                continue
            if word.lower().endswith("møtet") and re.match(rf"\s+i\s+{_body_pattern().pattern}", chunk[b.end():],
                                                           re.IGNORECASE):
                continue  # "ÅRSMØTET I REPRESENTANTSKAPET": the body comes after
            name = word
            if word.isupper():
                # "REGIONRÅDET NORDHORDLAND": an uppercase proper name right after belongs to the body's name
                nxt = re.match(r"\s+([A-ZÆØÅ]{3,})(?![\wæøå:])", chunk[b.end():])
                if nxt and nxt.group(1) not in ("KOMMUNE", "HERAD", "MØTEBOK", "PROTOKOLL", "FYLKESKOMMUNE", "MØTE"):
                    name = f"{word} {nxt.group(1)}"
            return _tidy_name(name)
    return None


_WORD = re.compile(r"[\wæøåÆØÅáđŋšŧžč-]+")
_JOINING = {"og", "for", "i", "kirkelige", "kyrkjelege", "kyrkjelige"}


_PREPOSITIONS = frozenset({"i", "for", "fra", "frå", "til", "med", "om", "av"})  # "MØTEBOK FOR HAFSLO SOKNERÅD"


def body_in(line: str) -> str | None:
    """The body a title names: "Møtebok for Fellesnemnd" -> "Fellesnemnd", "Protokoll fra møte i Herdla sokneråd" ->
    "Herdla sokneråd", "Referat fra styremøte 14.02.2018" -> "Styret", "Hovedutvalg for samferdsel" as written."""
    words = list(_WORD.finditer(line))
    # the body after "møte i", "protokoll frå", "møtebok for" comes first: "Regionrådet Austrheim, ... MØTE I
    # REGIONRÅDET NORDHORDLAND" met as Regionrådet Nordhordland
    said = re.search(r"(?i)(?<![\wæøå])(?:møte|protokoll|referat|møtebok)[ \t]+(?:(?:fra|frå|for|i)[ \t]+)?", line)
    order = list(range(len(words)))
    if said:
        first = next((i for i, w in enumerate(words) if w.start() >= said.end()), len(words))
        order = order[first:] + order[:first]
    for i in order:
        w = words[i]
        after = line[w.end():]
        kind = _body_word(w.group()) or _council_for(w.group(), words[i - 1].group() if i else "", after)
        if not kind:
            continue
        if kind in ("compound", "definite") and w.group().casefold().endswith("møtet") or kind == "compound":
            inner = re.match(r"[ \t]+i[ \t]+(\S+)", after, re.I)  # "ÅRSMØTET I REPRESENTANTSKAPET": the body comes after
            if inner and _body_word(inner.group(1)) in ("definite", "indefinite") \
                    and not re.fullmatch(r"[A-ZÆØÅ][a-zæøå]+", inner.group(1)):
                continue
        if w.group().casefold() in _assemblies():  # "Årsmøte", "Ekstraordinært sameiemøte": the meeting is the organ
            return _assembly_as_written(line, words, i)
        if kind == "compound":  # "styremøte", "Representantskapsmøtet": the body its first part names
            return _compound_body(w.group())
        start, end = w.start(), w.end()
        if w.group().isupper() and (proper := re.match(r"[ \t]+([A-ZÆØÅ]{3,})(?![\wæøå:])", after)) \
                and proper.group(1).lower() not in _PREPOSITIONS and not _title_words().fullmatch(proper.group(1)) \
                and not re.fullmatch(rf"(?i){_municipality_words()}", proper.group(1)):
            end += proper.end()  # "REGIONRÅDET NORDHORDLAND"
        # "Plan- og miljøutvalet", "Helse- og sosialkomiteen": the first half of a joined compound
        joined = re.search(r"(?:[\wæøåÆØÅ]+-[ \t]+og[ \t]+)$", line[:start])
        if joined:
            start = joined.start()
        # a place or adjective before an indefinite council word: "Herdla sokneråd", "Rauma kirkelige fellesråd"
        j = i - 1
        while kind == "indefinite" and j >= 0 and (words[j].group()[0].isupper() or words[j].group().lower()
                                                   in _JOINING - {"og", "for", "i"}) \
                and not _title_words().fullmatch(words[j].group()) \
                and words[j].group().lower() not in _PREPOSITIONS | {"møte"}:
            start = words[j].start()
            j -= 1
        # "Hovedutvalg for samferdsel", "Styret for Naustdal-Gjengedal landskapsvernområde"
        rest = re.match(r"[ \t]+(?i:for|i)[ \t]+([\wæøåÆØÅ][\wæøåÆØÅ-]*(?:[ \t]+[\wæøåÆØÅ][\wæøåÆØÅ-]*){0,4}?)(?=[ \t]+[-–][ \t]|[ \t]*(?:$|[\d,.:;–(]))",
                        line[end:])
        complement = rest.group(1) if rest else ""
        if rest:
            # the complement ends where a capitalised word follows lowercase ones ("for oppvekst Den 8. desember")
            parts = list(re.finditer(r"\S+", complement))
            for prev, p in zip(parts, parts[1:]):
                if (p.group()[0].isupper() and prev.group()[0].islower() and prev.group() != "og") \
                        or _stops_complement(p.group()):
                    complement = complement[:prev.end()]
                    break
            if rest.group(0).split()[0].lower() == "i" and len(complement.split()) > 1:
                rest = None  # "representantskapet i Vekst i Grenland IKS", "i Bydel Grünerløkka": the organisation
        if rest and not re.search(r"\d", complement):
            if legal_form_after_name(complement) or _municipality_or_county(complement):
                rest = None  # "Styret for Etnedal Kraft AS", "Kontrollutvalget i Rana kommune": the organisation
        if rest and complement == rest.group(1):
            # "Hovedutvalget for miljø, plan- og byggesaker", "Utval for helse, omsorg og sosial": a list of fields
            more = re.match(r"(?:,[ \t]+[a-zæøå][\wæøå-]*)+[ \t]+og[ \t]+[a-zæøå][\wæøå-]*(?![\wæøå])",
                            line[end + rest.end(1):])
            complement += more.group() if more else ""
        if rest:
            end += rest.start(1) + len(complement)
        return _normal_body(line[start:end])
    return None


_HELD = re.compile(r"(?i)(?<![\wæøå])(?:ble|blei|vart|er|var)(?:[ \t]+det)?[ \t]+(?:avholdt|holdt|avhalde|halde|haldt)\b")


@cache
def _assemblies() -> frozenset[str]:
    return lexicon.folded_set("bodies", "assemblies")


def _assembly_as_written(line: str, words: list[re.Match], i: int) -> str:
    """An assembly as the line names it, with an adjective before it ("ordinært sameiemøte"); capitals lowered."""
    start = words[i].start()
    if i and words[i - 1].group().casefold() in lexicon.folded_set("bodies", "assembly-adjectives"):
        start = words[i - 1].start()
    name = re.sub(r"\s+", " ", line[start:words[i].end()])
    name = name.lower() if name.isupper() else name
    return name[:1].upper() + name[1:]


def _body_in_first_lines(header: str, title: str | None) -> str | None:
    """The body the title names, or the first lines around it ("MØTEBOK" above "Bygland sokneråd"); a body named
    with its place or field ("Soknerådet i Vereide") wins over the same body named by a compound in the title."""
    lines = [ln for ln in header.split("\n")[:8] if ln.strip()]
    # lines that say a meeting was held ("Møte i fellesrådet") before the letterhead's lines
    lines.sort(key=lambda ln: not re.search(r"(?i)(?<![\wæøå])møte[ \t]+(?:i|for)[ \t]", ln))
    # the sentence that says an assembly was held names it as the minutes do ("Årsmøtet i X ble avholdt ..." below
    # "PROTOKOLL FRA ÅRSMØTE 2023")
    for ln in lines:
        if _HELD.search(ln) and (held := body_in(ln)) and held.split()[-1].casefold() in _assemblies():
            return held
    found = [b for b in ([body_in(title)] if title else []) + [body_in(ln) for ln in lines] if b]
    if not found:
        return None
    best = found[0]
    for other in found[1:4]:
        if len(other) > len(best) and other.casefold().startswith(best.casefold() + " "):
            best = other
    return best


def _stops_complement(word: str) -> bool:
    """A word that cannot be part of a body's name: a document word, a label or a case prefix ("Utskrift")."""
    low = word.casefold().strip(".:")
    return bool(_title_words().fullmatch(word)) or low in lexicon.folded_set("documents", "kinds") \
        or low in lexicon.folded_set("cases", "prefix") or low in lexicon.folded_set("header", "other", "date", "time")


def legal_form_after_name(name: str) -> bool:
    forms = lexicon.folded_set("legal_forms", "forms")
    return name.split()[-1].casefold() in forms if name.split() else False


def _municipality_or_county(name: str) -> bool:
    """"Rana kommune", "Vestland fylkeskommune", or the place alone: "Kontrollutvalget i Rana" is the organ of its
    municipality."""
    name = name.strip()
    return bool(re.search(rf"(?i)(?<![\wæøå])(?:{_municipality_words()})$", name)) \
        or is_municipality_name(name) or is_county_name(name)


def _council_for(word: str, before: str, after: str) -> str | None:
    """"Råd for mennesker med nedsatt funksjonsevne", "Kommunalt råd for ...", "Utval for helse": a bare council
    word heads a name where the name starts with it and a field follows."""
    capitalised = word[:1].isupper() or before[:1].isupper()
    return "indefinite" if capitalised and word.casefold() in lexicon.folded_set("bodies", "indefinite") \
        and re.match(r"[ \t]+(?:for|i)[ \t]+[a-zæøå]", after) else None


def _body_word(word: str) -> str | None:
    """definite | indefinite | compound, for a word that names a body; None for any other word."""
    low = word.casefold()
    if low == "møte" or low in _not_body():
        return "compound" if low == "styremøtet" else None
    if re.search(r"møte(?:t)?$", low) and _compound_body(word):
        return "compound"
    if low in lexicon.folded_set("bodies", "words") or low.endswith(tuple(lexicon.words("bodies", "suffixes"))):
        return "definite" if not low.endswith(tuple(lexicon.words("bodies", "indefinite"))) else "indefinite"
    if low.endswith(tuple(lexicon.words("bodies", "indefinite"))) and len(low) > 5:
        return "indefinite"
    return None


def _compound_body(word: str) -> str | None:
    """'styremøte' -> 'Styret', 'Representantskapsmøtet' -> 'Representantskapet', 'årsmøte' -> 'Årsmøtet'."""
    low = word.casefold()
    mapping = {k.casefold(): v for k, v in lexicon.mapping("bodies", "words").items()}
    if low in mapping:
        return mapping[low]
    stem = re.sub(r"møte(?:t)?$", "", low)
    for candidate in (stem, stem[:-1] if stem.endswith("s") else None):
        if candidate and candidate in mapping:
            return mapping[candidate]
    return None


def _normal_body(name: str) -> str:
    """A body as minutes name it, with a municipality's name before its own organ dropped ("TRANØY KOMMUNESTYRE"
    is the Kommunestyret of Tranøy kommune); all capitals become a capitalised name."""
    name = _tidy_name(name)
    words = name.split()
    if len(words) == 1:  # "Formannskap 04.11.11", "Bydelsutvalg": the council standing alone, in its definite form
        low = words[0].casefold()
        for ending, definite in lexicon.mapping("bodies", "definite-endings").items():
            if low.endswith(ending) and not low.endswith(definite):
                return words[0][:-len(ending)] + definite if len(words[0]) > len(ending) else definite.capitalize()
    municipal = {k.casefold(): v for k, v in lexicon.mapping("bodies", "municipal").items()}
    last = words[-1].casefold() if words else ""
    for organ, canonical in municipal.items():
        if len(words) >= 2 and last in (organ, organ + "t", organ + "et", organ + "a"):
            return canonical
    return name[:1].upper() + name[1:]  # "Valgprotokoll for valgstyret" names Valgstyret


def _body_by_words(header: str) -> str | None:
    """A word in the header that names the body when nothing else does: "kommunestyremøte", "årsmøte"."""
    for word, body in lexicon.mapping("bodies", "words").items():
        if re.search(rf"(?<![\wæøå]){word}(?![\wæøå])", header[:300], re.IGNORECASE):
            return body
    return None


# "Møte i Vesterålen regionråd": a place and an indefinite council word
_PLACE_COUNCIL = re.compile(r"(?:møte|referat|protokoll)\s+(?:fra\s+|frå\s+)?(?:møte\s+)?i\s+"
                            r"(?P<b>[A-ZÆØÅ][\wæøå-]+\s+[a-zæøå]*(?:råd|utval|utvalg|nemnd|forum))(?![\wæøå])",
                            re.IGNORECASE)


def _body_by_other_names(header: str) -> str | None:
    m = _PLACE_COUNCIL.search(header[:600])
    if m:
        return re.sub(r"\s+", " ", m.group("b"))
    m = re.search(rf"(?<![\wæøå])(?P<b>[a-zæøå]+(?:{_body_suffix()}))s\s+møte\b", header)  # kontrollutvalgets møte
    if m and m.group("b").casefold() not in _not_body():
        return m.group("b").capitalize()
    prefix_body = lexicon.mapping("cases", "prefix-body")
    m = re.search(rf"(?m)^\s*({'|'.join(map(re.escape, prefix_body))})\s+\d{{1,3}}/\d{{2,4}}\b", header)
    return prefix_body[m.group(1)] if m else None


# --- times and dates ---------------------------------------------------------------------------------------------

_TIME_PAIR = re.compile(r"(?<![\d.:/])([01]?\d|2[0-3])[.:]([0-5]\d)(?![\d.:]?\d)")
_TIME_COMPACT = re.compile(r"\bkl\.?\s*(\d{2})(\d{2})\s*[-–]\s*(\d{2})(\d{2})\b", re.IGNORECASE)


def times_of(value: str) -> tuple[str | None, str | None]:
    """'Torsdag 23.11.2017 kl. 09.00 – 11.15' -> ('09:00', '11:15'); dates are masked first."""
    for d in find_dates(value):
        value = value[:d.start] + " " * (d.end - d.start) + value[d.end:]
    m = _TIME_COMPACT.search(value)
    if m:
        return f"{m.group(1)}:{m.group(2)}", f"{m.group(3)}:{m.group(4)}"
    found = [f"{int(a):02d}:{b}" for a, b in _TIME_PAIR.findall(value)]
    if not found:
        m = re.search(r"\b(?:kl\.?|klokken|klokka)\s*(\d{1,2})(?![\d:]|\.\d)", value, re.IGNORECASE)
        return (f"{int(m.group(1)):02d}:00", None) if m and int(m.group(1)) < 24 else (None, None)
    return found[0], (found[1] if len(found) > 1 else None)


def reference_date(text: str, case_years: list[int]) -> dt.date | None:
    """Anchor for dates written without a year: the year of the cases, else the latest full date in the text."""
    if case_years:
        year = Counter(case_years).most_common(1)[0][0]
        return dt.date(year, 7, 1)
    full = [d.value for d in find_dates(text) if re.search(r"\d{4}|\.\d{2}$", d.text)]
    if full:
        return dt.date.fromisoformat(max(full))
    # a year the header names: "Representantskapsmøtet i KIFO for 2006", "Årsmøteprotokoll 2013"
    year = re.search(r"(?<![\d/.,-])((?:19|20)\d\d)(?![\d/.,-]?\d)", text[:1500])
    return dt.date(int(year.group(1)), 7, 1) if year else None


# --- the reader ----------------------------------------------------------------------------------------------

def read_meeting(doc: Document, case_years: list[int]) -> MeetingInfo:
    end = min(max(doc.header_end, 200), 4000)
    return find_meeting(doc.text, doc.header_end, case_years, doc.labels, doc.unwrapped(0, end))


def find_meeting(text: str, header_end: int, case_years: list[int], labels: list[Label] | None = None,
                 unwrapped: str | None = None) -> MeetingInfo:
    """`unwrapped`: the header with the line breaks of wrapped paragraphs as spaces (Document.unwrapped)."""
    header_end = max(header_end, 200)
    header = (unwrapped or text[:header_end])[:header_end][:4000]
    labels = find_labels(text) if labels is None else labels
    head_labels = [lb for lb in labels if lb.start < len(header)]
    title = title_of(header)
    info = MeetingInfo(title=title, kind=kind_of(header[:400], title), language=language_of(text[:20000]))
    # the first case often names the body when the header does not: "KU 1/2022", "kontrollutvalgets møte"
    info.body = body_of(header, head_labels, info.title) or _body_by_other_names(text[:header_end + 600]) \
        or _body_by_words(header)
    info.organization = organization_of(header)
    ref = reference_date(text, case_years)
    info.location = _location(header, head_labels)
    time_values = field_values(header, head_labels, "time")
    info.date = _date(header, text, head_labels, ref, info)
    info.start_time, info.end_time = times_of(time_values[0]) if time_values else _times_near_title(header)
    return info


def _location(header: str, labels: list[Label]) -> str | None:
    values = field_values(header, labels, "location")
    if values:
        return _clean_location(values[0])
    # a sentence wraps over lines; a paragraph or a numbered item ends it ("... Google Meet\n1. Konstituering")
    flat = re.sub(r"(?<!\n)\n(?!\n|[ \t]*(?:\d{1,2}|[a-zA-Z])[.)][ \t]|[ \t]*[●•▪*–-][ \t])", " ", header)
    for pattern in _PLACE_SENTENCES:
        for m in pattern.finditer(flat):
            place = _clean_location(m.group("loc"))
            if place and not _body_word(place.split()[0]) and not find_dates(place[:12]):
                return place  # "avholdt møte i representantskapet ..." names the body, not the place
    for line in header.split("\n")[:6]:
        # the title line's date and time, then the place: "Årsmøte 6. mars 2024 kl 16:16 @ B302",
        # "Styremøte 12.03.2024 kl. 18.00, Rådhuset", "... kl 16:16 (Rom A010, Realfagsbygget"
        m = re.search(rf"{_TIME_RANGE}[ \t]*(?:[,@(–]|[ \t](?:i|på)[ \t])[ \t]*(?P<loc>[^\n]+)$", line)
        if m and find_dates(line[:m.start()]) and (place := _clean_location(m.group("loc").strip(" ()"))) \
                and not find_dates(place) and not _body_word(place.split()[0]):
            return place
    if place := _venue_in_title_block(header.split("\n")[:6]):
        return place
    if m := _DATE_LINE.search("\n".join(header.split("\n")[:8])):
        if m.group("loc") and (place := _clean_location(m.group("loc"))):
            return place  # "18.august 2024 i Risberget grendehus"
    m = re.search(r"(?:\bkl\.?\s*\d{1,2}[.:]\d{2}|\d{1,2}\.\d{1,2}\.\d{2,4})\s+(?P<loc>hos\s+[A-ZÆØÅ][^\n,.]*)",
                  "\n".join(header.split("\n")[:4]))
    return m.group("loc").strip(" ,.") if m else None  # "Styremøte – 19.2 kl 18.30 hos Jan", "Møte 17.06.2015 hos Kamilla"


def _venue_in_title_block(lines: list[str]) -> str | None:
    """A place in the title block with no label: before the date on its line ("Videomøte via Google Meet,
    13.03.2020, kl. 18:45"), or on the line below the date ("LØRDAG 8. FEBRUAR KL. 11" / "Auditorium R5
    Gløshaugen"), where a venue word says it is one."""
    for i, line in enumerate(lines):
        dates = find_dates(line)
        if not dates and not re.search(r"(?i)(?<![\wæøå])kl\s*\.?\s*\d", line):
            continue
        before = line[:dates[0].start].strip(" ,–-") if dates else ""
        if before and _is_venue(before):
            return _clean_location(before)
        below = lines[i + 1].split("\f")[0].strip() if i + 1 < len(lines) else ""
        if below and len(below.split()) <= 6 and not find_dates(below) and _is_venue(below):
            return _clean_location(below)
    return None


@cache
def _venue_words() -> re.Pattern:
    words = lexicon.alternation(lexicon.words("header", "venue-words"))
    return re.compile(rf"(?i)(?<![\wæøå])(?:{words})(?![\wæøå])|(?:salen|rommet|huset)(?![\wæøå])")


def _is_venue(phrase: str) -> bool:
    words = phrase.split()
    return len(words) <= 8 and _venue_words().search(phrase) is not None and not _body_word(words[0]) \
        and not _stops_complement(words[0]) and not re.match(r"\d", phrase) \
        and not any(w in ("for", "om", "til", "av", "med") for w in words) \
        and not re.search(r"(?i)\b(?:møte|referat|protokoll)\b", phrase)


_TIME_RANGE = r"(?:kl\.?\s*)?\d{1,2}[.:]\d{2}(?:\s*[-–]?\s*\d{1,2}[.:]\d{2})?"
_WEEKDAYS = r"(?:mandag|måndag|tirsdag|tysdag|onsdag|torsdag|fredag|lørdag|laurdag|søndag)"
# a header line that is the meeting's date, perhaps with its time and place: "18.august 2024 i Risberget grendehus"
_DATE_LINE = re.compile(rf"(?im)^[ \t]*(?:{_WEEKDAYS},?[ \t]+)?(?:den[ \t]+)?(?P<date>\d{{1,2}}\.[ \t]*(?:[a-zæøå]{{3,}}\.?"
                        rf"[ \t]+\d{{4}}|\d{{1,2}}\.[ \t]*\d{{2,4}}))(?:[ \t,]+{_TIME_RANGE})?"
                        r"(?:[ \t,]+(?:i|på)[ \t]+(?P<loc>[A-ZÆØÅ][^\n\f]*?))?[ \t.]*$")
_PLACE_SENTENCES = [
    # "Møtet ble holdt i møterom 2, Parkveien 1 og varte til kl. 14", "ble holdt 8. juni på Diakonhjemmet"
    re.compile(r"(?:ble|vart|blei|er|var)\s+(?:holdt|halde|avholdt|avhalde|satt|sett)\s+(?:[^,\n]{0,40}?\s)?(?:i|på|via)\s+"
               r"(?P<loc>[^\f\n]+?)(?:\s+og\s+varte|\.\s|\f|\n|$)", re.IGNORECASE),
    # "Møtet fant sted på Hotell Europa", "møtte på Fylkeshuset"
    re.compile(r"(?:fant\s+sted|finn\s+stad|gjennomført|gjennomførd)\s+(?:[^.,]{0,30}?\s)?(?:i|på)\s+"
               r"(?P<loc>[^\f\n]+?)(?:\.\s|\f|\n|$)", re.IGNORECASE),
    # "ble det holdt møte i Ramnes kommunestyre i kommunestyresalen på Ramnes kommunehus."
    re.compile(r"(?:holdt|halde)\s+møte\s+i\s+[A-ZÆØÅ][\wæøå]*(?:\s+[\wæøå]+){0,3}?\s+(?:i|på)\s+"
               r"(?P<loc>[a-zæøå]+(?:sal|salen|rom|rommet|huset)\b[^.\f]*?)(?:\.\s|\.$|\s+og\s+varte|\f)"),
    # a title's time, then the place: "... 7. april 2016 kl 10.30 16.00 på Felleskjøpets moterom, Molde"
    re.compile(rf"{_TIME_RANGE}\s+(?:i|på|via)\s+(?P<loc>[^\f\n\"]+?)(?:\.\s|\.$|\f|\n|$|\s{{2}}|\")"),
    re.compile(r"holdt\s+[^.\n]{0,60}?\s+møte\s+(?:i|på)\s+(?P<loc>[A-ZÆØÅ][^.\n]+)"),
    # "År 2019, 4. juni kl. 10.00 kom fylkestinget i Sogn og Fjordane saman til fylkesting på Scandic Sunnfjord Hotel"
    re.compile(r"(?:kom|kommer|trådte|trådde)\s+[^.\n]{0,80}?\s(?:saman|sammen)\b[^.\n]{0,40}?\s(?:i|på)\s+"
               r"(?P<loc>\w[^\n]*?)(?:\.\s|\.$|\n|$)"),
]


def _clean_location(value: str) -> str | None:
    """A place without the date and time written with it ("torsdag 18. april 2024 kl. 12.30, Alta rådhus"), a
    trailing remark ("Odda rådhus (enkelte medlemer deltok på Teams)") or sentence, or a label run into it."""
    for d in reversed(find_dates(value)):
        if d.start < 3 or re.fullmatch(r"[\s,]*", value[d.end:]) or re.search(
                r"(?i)(?:mandag|måndag|tirsdag|tysdag|onsdag|torsdag|fredag|lørdag|laurdag|søndag)\s*$", value[:d.start]):
            value = value[:d.start] + " " * (d.end - d.start) + value[d.end:]
    value = re.sub(rf"(?i)^[\s,]*(?:(?:mandag|måndag|tirsdag|tysdag|onsdag|torsdag|fredag|lørdag|laurdag)\s*)?"
                   rf"(?:{_TIME_RANGE})?[\s,]*", "", value)
    value = re.sub(r"\s*\((?:[^()\s]+\s+){2,}[^()]*\)$", "", value)
    # "Zoom-møte, ID 977 2684 2709. Passord: 470404": the meeting's login is no part of the place
    value = re.sub(r"(?i)[,;]?\s*(?:møte-?)?(?:ID|meeting ID)\s*:?\s*\d[\d ]{5,}.*$", "", value)
    value = re.sub(r"\.\s+[A-ZÆØÅ][\wæøå-]*\s*:.*$", "", value)
    # "Turbinveien 1, Oslo, tirsdag 12.07.2016 kl. 19:00": the weekday and time left after the date went
    value = re.sub(rf"(?i)[\s,]+(?:{_WEEKDAYS}\s*)?(?:{_TIME_RANGE})?[\s.]*$", "", value) \
        if re.search(rf"(?i)(?:{_WEEKDAYS}|{_TIME_RANGE})[\s.]*$", value) else value
    months = "|".join(lexicon.words("calendar", "months"))
    value = re.sub(rf"(?i)[\s,]+(?:{months})\.?(?:\s+\d{{4}})?$", "", value.strip())  # "Hamar, november 2022"
    value = re.sub(r",\s+(?:\S+\s+){4,}\S+\.?$", lambda m: "" if re.search(
        r"(?i)\b(?:vil|blir|er|ble|skal|vert|vart|kan)\b", m.group()) else m.group(), value)  # ", nærmere beskjed ..."
    value = re.sub(rf"(?i)^\s*(?:{lexicon.alternation(lexicon.words('header', 'location-lead'))})\s+(?=\S)", "", value)
    # "i lokala til Fjordhack på Fosshaugane Campus og ønskte velkomen": the sentence goes on after the place
    value = re.sub(rf"\s+og\s+(?:{lexicon.alternation(lexicon.words('header', 'after-place-verbs'))})\b.*$", "", value)
    words = value.split()
    labels = lexicon.folded_set("header", "date", "time", "location", "other")
    while words and words[-1].casefold().strip(":") in labels:
        words.pop()  # "Sandane kyrkje Dato" before the date on the next line
    value = " ".join(words).strip(" ,.;")
    return value or None


def _times_near_title(header: str) -> tuple[str | None, str | None]:
    m = re.search(r"\b(?:kl\.?|klokken|klokka)\s*[\d.:]+(?:\s*(?:[-–]|til)\s*[\d.:]+)?", header[:1500], re.IGNORECASE)
    return times_of(m.group(0)) if m else (None, None)


# "Askvoll, 12.12.2017", "Guovdageaidnu/Kautokeino, 10.02.2022": the place and date the minutes were signed
_SIGNED_AT = re.compile(r"(?m)^[ \t]*[A-ZÆØÅ][\wæøåáčđŋšŧž-]+(?:[ /][A-ZÆØÅ][\wæøåáčđŋšŧž-]+){0,2},?[ \t]+(?:den[ \t]+)?"
                        r"(?P<date>\d{1,2}\.[ \t]*(?:\d{1,2}\.\d{2,4}|[a-zæøå]+[ \t]+\d{4})|\d{1,2}/\d{1,2}/\d{4})[ \t]*$")


@cache
def _other_meeting() -> re.Pattern:
    words = lexicon.alternation(lexicon.words("documents", "other-meeting"))
    return re.compile(rf"(?i)(?<![\wæøå])(?:{words})(?![\wæøå])[^.!?]*$")


def _date(header: str, text: str, labels: list[Label], ref: dt.date | None, info: MeetingInfo) -> str | None:
    """The title's date wins over the date label (a copied-forward 'Tid:' line is a known template error);
    a disagreement becomes a warning. Then the opening sentence of an old protocol, then the signature line."""
    # the first lines, and the title line below a letterhead of several lines; a letter field's line is left out
    letter_lines = {header[:lb.start].count("\n") for lb in labels if lb.kind == "letter"}
    top = [ln for i, ln in enumerate(header.split("\n")[:6]) if i not in letter_lines]
    # the lines that name the document before the other first lines: "Bergen 27. juni 1999" (the letter's place
    # and date) above "NKMR's årsmøte i Göteborg lørdag 5. juni 1999"
    first = [ln for ln in top if _title_words().search(ln[:80])] + [ln for ln in top[:3] if not _title_words().search(ln[:80])] \
        + [ln for ln in top[3:] if _DATE_LINE.fullmatch(ln)]
    title_dates = [d.value for ln in first + [info.title or ""] for d in find_dates(ln, ref)
                   if not _other_meeting().search(ln[max(0, d.start - 40):d.start])]
    labelled = None
    for kind in ("date", "time"):
        for value in field_values(header, labels, kind):
            found = find_dates(value, ref)
            if found:
                labelled = found[0].value
                break
        if labelled:
            break
    if title_dates and labelled and title_dates[0] != labelled:
        info.warnings.append(("meeting_date_conflict", f"title says {title_dates[0]}, the date field says {labelled}"))
    if title_dates:
        return title_dates[0]
    if labelled:
        return labelled
    for pattern in _DATE_SENTENCES:
        m = pattern.search(header)
        if m:
            parts = m.groupdict()
            written = parts.get("date") or f"{parts['day']} {parts['month']} {parts['year']}"
            found = find_dates(written, ref)
            if found:
                return found[0].value
    m = re.search(r"møtet\s+den\s+(\d{1,2}\.\s*[a-zæøå]+(?:\s+\d{4})?|\d{1,2}\.\d{1,2}\.(?:\d{2,4})?)", text, re.IGNORECASE)
    if m:
        found = find_dates(m.group(1), ref)
        if found:
            return found[0].value
    signed = list(_SIGNED_AT.finditer(text[-3000:]))
    if signed:
        found = find_dates(signed[-1].group("date"), ref)
        if found:
            return found[0].value
    return None


_DATE_FORMS = r"\d{1,2}\.\s*[a-zæøå]+(?:\s+\d{4})?|\d{1,2}\.\d{1,2}\.\d{2,4}|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}/\d{1,2}-\d{2,4}"
_DATE_SENTENCES = [
    # the opening formula of older protocols: "År 1996, den 3. oktober kl. 19.00 ble det holdt møte ...",
    # "År 2019, 4. juni ... kom fylkestinget saman"
    re.compile(r"(?<![\wæøå])[ÅåAa]r\s+(?P<year>(?:19|20)\d\d)\s*,?\s+(?:den\s+)?(?P<day>\d{1,2}\.)\s*(?P<month>[a-zæøå]+)"),
    re.compile(r"(?:holdt|halde|avholdt|avhalde|fant sted|gjennomført)[^.\n]{0,80}?\b(?P<date>\d{1,2}\.\s*[a-zæøå]+\s+\d{4}|"
               r"\d{1,2}\.\d{1,2}\.\d{2,4}|\d{1,2}\.\s*[a-zæøå]+)", re.IGNORECASE),
    re.compile(r"(?<![\wæøå])(?:[Dd]en)\s+(?P<date>\d{1,2}\.\s*[a-zæøå]+(?:\s+\d{4})?)\s+(?:holdt|halde)"),
    # "Den 11/12/2024 ble det avholdt stiftelsesmøte", "Møtet startet 12/12/2016 klokken 12."
    re.compile(rf"(?<![\wæøå])[Dd]en\s+(?P<date>{_DATE_FORMS})\s+(?:ble|vart|blei)\s+(?:det\s+)?"
               r"(?:holdt|halde|avholdt|avhalde)"),
    re.compile(rf"(?<![\wæøå])[Mm]øtet\s+(?:startet|starta|begynte|byrja|ble\s+satt|vart\s+sett)\s+(?:den\s+)?"
               rf"(?:{_WEEKDAYS}\s+(?:den\s+)?)?(?P<date>{_DATE_FORMS})", re.IGNORECASE),
]
