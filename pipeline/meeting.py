"""The meeting header: title, kind, body, organisation, date, start and end time, location, language."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from pipeline.dates import find_dates

# Labels of header fields, bokmål and nynorsk. Values run to the end of the line or to the next label.
FIELD_LABELS = {
    "date": r"Møtedato|Møtedag|Dato",
    "time": r"Møtetid|Tidspunkt|Tid|Fra\s*-\s*til|Frå\s*-\s*til|Klokkeslett",
    "location": r"Møtested|Møtestad|Møtelokale|Sted|Stad",
    "body": r"Utvalg|Utval|Organ|Styre,\s*råd,\s*utvalg",
}
OTHER_LABELS = (r"Saksnr\.?(?:\s+til\s+og\s+frå)?|Møte|Til\s+stede|Tilstede|Til\s+stades|Forfall|Fraværende|Møteleder|"
                r"Møteleiar|Sekretær|Referent|Arkivsak|Innkalt|Protokollfører|Medlemmer|Desse|Følgende|Følgjande")
# a label ends in a colon or in dotted leaders: "Møtested ........ Bø rådhus"
_LABEL_END = r"(?:\s*:|[ \t]*\.{3,})"
_ANY_LABEL = re.compile(rf"(?<![\wæøå])(?:{'|'.join(FIELD_LABELS.values())}|{OTHER_LABELS}){_LABEL_END}", re.IGNORECASE)

BODY_WORDS = {
    "kommunestyre": "Kommunestyret", "bystyre": "Bystyret", "heradsstyre": "Heradsstyret",
    "formannskap": "Formannskapet", "representantskap": "Representantskapet", "fylkesting": "Fylkestinget",
    "styremøte": "Styret", "styre": "Styret",
}
_BODY_SUFFIX = (r"styret|utvalget|utvalet|utvalg|utval|rådet|gruppen|gruppa|nemnda|nemnd|skapet|tinget|komiteen|"
                r"komitéen|forumet|møtet")
_BODY = re.compile(rf"(?<![\wæøå])(?:(?:Komit[eé]|Hovedutvalg|Hovudutval|Utvalg|Utval)\s+for\s+[\wæøå]+(?:\s+og\s+[\wæøå]+)?|"
                   r"Råd(?:et)?\s+for\s+(?:personer|mennesker|menneske)\s+med\s+[\wæøå]+(?:\s+funksjonsevne)?|"
                   rf"[A-ZÆØÅ][\wæøå-]*(?:{_BODY_SUFFIX})|[A-ZÆØÅ]+(?:{_BODY_SUFFIX.upper()}))(?![\wæøå])")
_BODY_EXCLUDE = {"møtet", "styremøtet", "MØTET"}
_NYNORSK = re.compile(r"\b(frå|ikkje|vart|blei|møtestad|desse|vedteke|handsaming|handsama|heradsstyret|eit|kva|dei|"
                      r"saka|òg|medlemer|framlegg|samrøystes|møtande|forfall|følgjande|tilråding|gjeld|mellom|"
                      r"kommunen sin|vert|skal|korleis|berre|hjå|noko|nokre|utval|sakliste)\b", re.IGNORECASE)
_BOKMAL = re.compile(r"\b(fra|ikke|ble|møtested|disse|vedtatt|behandling|behandlet|et|hva|de|saken|også|medlemmer|"
                     r"forslag|enstemmig|møtende|følgende|innstilling|gjelder|blir|hvordan|bare|hos|noe|noen|"
                     r"utvalg|saksliste)\b", re.IGNORECASE)


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


# header phrases that end a value in flattened text even without a colon ("Rådhuset, Fredrikkesalen Følgende ...")
_VALUE_STOP = re.compile(r"(?<![\wæøå])(?:Følgende|Følgjande|Desse|Disse|Til\s+stede|Tilstede|Til\s+stades|Medlemmer|"
                         r"Medlemer|Forfall|Møtet\s+(?:ble|blei|vart))\b")


def _label_value(header: str, label_re: str) -> str | None:
    """The value after a label, to the end of its line or the next label. In flattened text a value wraps: a label
    last on its line takes the next line, and a value ending in a comma goes on there."""
    m = re.search(rf"(?<![\wæøå])(?:{label_re}){_LABEL_END}[ \t]*", header, re.IGNORECASE)
    if not m:
        return None
    lines = header[m.end():].split("\n", 2)
    value = _until_label(lines[0])
    if len(lines) > 1 and (not lines[0].strip() or value.rstrip().endswith(",") and value == lines[0]):
        value = value.rstrip() + " " + _until_label(lines[1]).strip()
    return value.strip(" ,;") or None


def _until_label(line: str) -> str:
    stops = [m.start() for m in (_ANY_LABEL.search(line), _VALUE_STOP.search(line)) if m]
    return line[:min(stops)] if stops else line


_TITLE_WORDS = re.compile(r"(?i)(?<![\wæøå])(?:\d+\s+)?(?:møteprotokoll|protokoll|møtebok|referat|sakliste|saksliste|"
                          r"innkalling|utkast)|(?:møte|styremøte)\s+i\b")


def title_of(text: str) -> str | None:
    """The first line that names the document ('Protokoll fra møte i ...'), else the first line with words;
    a letterhead line ('Bergen kommune') above the title is not the title."""
    lines = [s for s in (re.sub(r"\s+", " ", ln).strip() for ln in text.split("\n")[:6])
             if len(s) >= 4 and not re.fullmatch(r"[\d\W]+", s)]
    lines = [re.sub(r"^\d{1,3}\s+(?=\D)", "", s) for s in lines]  # a flattened page starts with its number
    named = [s for s in lines[:5] if _TITLE_WORDS.search(s[:80])]
    # a running header "Vestregionen – referat rådmannsgruppen" also names the document, the title names the meeting
    named.sort(key=lambda s: not re.search(r"(?i)møte|\d", s))
    chosen = named or lines
    return chosen[0][:200] if chosen else None


def letterhead(text: str) -> str | None:
    """The organisation's name alone on the first line, above the title ('Regionrådet Nordhordland', 'NMBU'),
    or before a dash there ('Vestregionen – referat rådmannsgruppen')."""
    first = re.sub(r"\s+", " ", text.split("\n", 1)[0]).strip()
    first = re.split(r"\s+[–-]\s+", first, maxsplit=1)[0]
    if not first or len(first) > 50 or len(first.split()) > 5 or re.search(r"\d", first) or _TITLE_WORDS.search(first):
        return None
    if re.search(r"(?i)(?<![\wæøå])(?:kommune|herad|fylkeskommune)(?![\wæøå])", first):
        return None  # municipalities are named by organization_of's own rule ("KONTROLLUTVALGET I LENVIK KOMMUNE")
    if _BODY.fullmatch(first) or not first[0].isupper() or first.endswith(":"):
        return None
    return first


def kind_of(head: str) -> str:
    h = head.lower()
    for word, kind in (("møtebok", "protokoll"), ("protokoll", "protokoll"), ("referat", "referat"),
                       ("innkalling", "innkalling"), ("saksliste", "saksliste"), ("sakliste", "saksliste")):
        if word in h:
            return kind
    return "other"


def language_of(text: str) -> str:
    nn = len(_NYNORSK.findall(text))
    nb = len(_BOKMAL.findall(text))
    return "nn" if nn > nb else "nb"


def body_of(header: str) -> str | None:
    value = _label_value(header, FIELD_LABELS["body"])
    if value:
        return _tidy_name(value)
    m = re.search(r"(?:møte|protokoll|referat|møtebok)\s+(?:fra\s+|frå\s+|for\s+)?(?:møte\s+)?i\s+(?P<b>[^\n]+)", header[:600],
                  re.IGNORECASE)
    candidates = []
    if m:
        own = re.match(rf"[a-zæøå]+(?:{_BODY_SUFFIX})(?![\wæøå])", m.group("b"))
        if own and own.group() not in _BODY_EXCLUDE:
            return own.group()  # "Møte i fellesrådet"
        candidates.append(m.group("b"))
    candidates.append(header[:600])
    for chunk in candidates:
        for b in _BODY.finditer(chunk):
            word = b.group(0)
            if word in _BODY_EXCLUDE or word.lower() in ("møtet",):
                continue
            if word.lower().endswith("møtet") and re.match(rf"\s+i\s+{_BODY.pattern}", chunk[b.end():], re.IGNORECASE):
                continue  # "ÅRSMØTET I REPRESENTANTSKAPET": the body comes after
            name = word
            if word.isupper():
                # "REGIONRÅDET NORDHORDLAND": an uppercase proper name right after belongs to the body's name
                nxt = re.match(r"\s+([A-ZÆØÅ]{3,})(?![\wæøå:])", chunk[b.end():])
                if nxt and nxt.group(1) not in ("KOMMUNE", "HERAD", "MØTEBOK", "PROTOKOLL", "FYLKESKOMMUNE", "MØTE"):
                    name = f"{word} {nxt.group(1)}"
            return _tidy_name(name)
        for word, body in BODY_WORDS.items():
            if re.search(rf"(?<![\wæøå]){word}(?![\wæøå])", chunk[:300], re.IGNORECASE):
                return body
    return None


# "Møte i Vesterålen regionråd": a place and an indefinite council word
_PLACE_COUNCIL = re.compile(r"(?:møte|referat|protokoll)\s+(?:fra\s+|frå\s+)?(?:møte\s+)?i\s+"
                            r"(?P<b>[A-ZÆØÅ][\wæøå-]+\s+[a-zæøå]*(?:råd|utval|utvalg|nemnd|forum))(?![\wæøå])",
                            re.IGNORECASE)
# "Protokoll fra kontrollutvalgets møte"
_GENITIVE_BODY = re.compile(rf"(?<![\wæøå])(?P<b>[a-zæøå]+(?:{_BODY_SUFFIX}))s\s+møte\b")
# the case prefix names the body: "KU 3/2022", "FSK 12/16"
_PREFIX_BODY = {"KU": "Kontrollutvalget", "FSK": "Formannskapet", "FS": "Formannskapet", "KST": "Kommunestyret",
                "KS": "Kommunestyret", "HS": "Heradsstyret", "BY": "Bystyret"}


def _body_by_other_names(header: str) -> str | None:
    m = _PLACE_COUNCIL.search(header[:600])
    if m:
        return re.sub(r"\s+", " ", m.group("b"))
    m = _GENITIVE_BODY.search(header)
    if m and m.group("b") not in _BODY_EXCLUDE:
        return m.group("b").capitalize()
    m = re.search(rf"(?m)^\s*({'|'.join(_PREFIX_BODY)})\s+\d{{1,3}}/\d{{2,4}}\b", header)
    return _PREFIX_BODY[m.group(1)] if m else None


def _tidy_name(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip(" .,:;")
    if s.isupper():
        s = s.capitalize()
    return s


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
    m = re.search(r"(?:møte\s+i|[Ss]tyremøte\s+i)\s+[\wæøå ]*?\bi\s+([A-ZÆØÅ][\wæøå]+(?:\s+[A-ZÆØÅ]?[\wæøå]+){0,3}?"
                  r"\s+(?:IKS|AS|borettslag|SA|HF))", header[:800])
    if m:
        found.append((m.start(1), m.group(1)))
    m = re.search(r"[Ss]tyremøte\s+i\s+([A-ZÆØÅ][\wæøå]+\s+(?:borettslag|sameie|AS|SA|IKS))", header[:400])
    if m:
        found.append((m.start(1), m.group(1)))
    return min(found)[1] if found else None


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
        m = re.search(r"\bkl\.?\s*(\d{1,2})(?![\d.:])", value, re.IGNORECASE)
        return (f"{int(m.group(1)):02d}:00", None) if m and int(m.group(1)) < 24 else (None, None)
    return found[0], (found[1] if len(found) > 1 else None)


def reference_date(text: str, case_years: list[int]) -> dt.date | None:
    """Anchor for dates written without a year: the year of the cases, else the latest full date in the text."""
    if case_years:
        year = Counter(case_years).most_common(1)[0][0]
        return dt.date(year, 7, 1)
    full = [d.value for d in find_dates(text) if re.search(r"\d{4}|\.\d{2}$", d.text)]
    return dt.date.fromisoformat(max(full)) if full else None


def find_meeting(text: str, header_end: int, case_years: list[int]) -> MeetingInfo:
    header = text[:max(header_end, 200)][:4000]
    info = MeetingInfo(title=title_of(header), kind=kind_of(header[:400]), language=language_of(text[:20000]))
    # the first case often names the body when the header does not: "KU 1/2022", "kontrollutvalgets møte"
    info.body = body_of(header) or _body_by_other_names(text[:header_end + 600])
    info.organization = organization_of(header)
    ref = reference_date(text, case_years)
    info.location = _location(header)
    time_value = _label_value(header, FIELD_LABELS["time"])
    info.date = _date(header, text, ref, info)
    info.start_time, info.end_time = times_of(time_value) if time_value else _times_near_title(header)
    return info


def _location(header: str) -> str | None:
    value = _label_value(header, FIELD_LABELS["location"])
    if value:
        # a trailing remark is no part of the place: "Odda rådhus (enkelte medlemer deltok på Teams)"
        return re.sub(r"\s*\((?:[^()\s]+\s+){2,}[^()]*\)$", "", value) or None
    flat = header.replace("\n", " ")  # a sentence wraps over lines
    m = re.search(r"(?:ble|vart|blei)\s+(?:holdt|halde)\s+(?:i|på)\s+(?P<loc>[^\f]+?)(?:\s+og\s+varte|\.\s|\f|$)", flat,
                  re.IGNORECASE)
    if not m:  # "ble det holdt møte i Ramnes kommunestyre i kommunestyresalen på Ramnes kommunehus."
        m = re.search(r"(?:holdt|halde)\s+møte\s+i\s+[A-ZÆØÅ][\wæøå]*(?:\s+[\wæøå]+){0,3}?\s+(?:i|på)\s+"
                      r"(?P<loc>[a-zæøå]+(?:sal|salen|rom|rommet|huset)\b[^.\f]*?)(?:\.\s|\.$|\s+og\s+varte|\f)", flat)
    if not m:
        m = re.search(r"holdt\s+[^.\n]{0,60}?\s+møte\s+(?:i|på)\s+(?P<loc>[A-ZÆØÅ][^.\n]+)", header)
        if m and _BODY.match(m.group("loc")):
            m = None  # "avholdt møte i representantskapet ..." names the body, not the place
    if not m:  # "Styremøte – 19.2 kl 18.30 hos Jan"
        m = re.search(r"\bkl\.?\s*\d{1,2}[.:]\d{2}\s+(?P<loc>hos\s+[A-ZÆØÅ][^\n,.]*)", "\n".join(header.split("\n")[:4]))
    return m.group("loc").strip(" ,.") if m else None


def _times_near_title(header: str) -> tuple[str | None, str | None]:
    m = re.search(r"\bkl\.?\s*[\d.:]+(?:\s*[-–]\s*[\d.:]+)?", header[:1500], re.IGNORECASE)
    return times_of(m.group(0)) if m else (None, None)


def _date(header: str, text: str, ref: dt.date | None, info: MeetingInfo) -> str | None:
    """The title's date wins over the date label (a copied-forward 'Tid:' line is a known template error);
    a disagreement becomes a warning."""
    # the first lines, and the title line below a letterhead of several lines
    title_dates = [d.value for d in find_dates("\n".join(header.split("\n")[:3] + [info.title or ""]), ref)]
    labelled = None
    for label in (FIELD_LABELS["date"], FIELD_LABELS["time"]):
        value = _label_value(header, label)
        if value:
            found = find_dates(value, ref)
            if found:
                labelled = found[0].value
                break
    if title_dates and labelled and title_dates[0] != labelled:
        info.warnings.append(("meeting_date_conflict",
                              f"title says {title_dates[0]}, the date field says {labelled}"))
    if title_dates:
        return title_dates[0]
    if labelled:
        return labelled
    # the opening formula of older protocols: "År 1996, den 3. oktober kl. 19.00 ble det holdt møte ..."
    m = re.search(r"(?<![\wæøå])[ÅåAa]r\s+((?:19|20)\d\d)\s*,?\s+den\s+(\d{1,2})\.\s*([a-zæøå]+)", header)
    if m:
        found = find_dates(f"{m.group(2)}. {m.group(3)} {m.group(1)}", ref)
        if found:
            return found[0].value
    m = re.search(r"(?:holdt|halde|avholdt|avhalde)[^.\n]{0,80}?\b(\d{1,2}\.\s*[a-zæøå]+\s+\d{4}|\d{1,2}\.\d{1,2}\.\d{2,4})",
                  header, re.IGNORECASE)
    if m:
        found = find_dates(m.group(1), ref)
        if found:
            return found[0].value
    m = re.search(r"(?<![\wæøå])(?:[Dd]en)\s+(\d{1,2}\.\s*[a-zæøå]+(?:\s+\d{4})?)\s+(?:holdt|halde)", header)
    if m:
        found = find_dates(m.group(1), ref)
        if found:
            return found[0].value
    m = re.search(r"møtet\s+den\s+(\d{1,2}\.\s*[a-zæøå]+(?:\s+\d{4})?|\d{1,2}\.\d{1,2}\.(?:\d{2,4})?)", text, re.IGNORECASE)
    if m:
        found = find_dates(m.group(1), ref)
        if found:
            return found[0].value
    return None
