"""Votes and outcomes: what a case's proposals got when they were put to the vote, and how the case ended.

A vote is a clause that records a result ("vedtatt", "falt", "samrøystes vedteke") together with a cue that a
vote was taken: "enstemmig", a count ("med 21 mot 6 stemmer", "mot 3 røyster", "15 stemte for"), or the name of a
proposal ("Innstillingen ble vedtatt"). A decision's own wording ("Kommunestyret vedtar ...") is no vote. Every
word comes from pipeline/lexicon/votes.txt.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from pipeline import lexicon
from pipeline.names import NAME_LOWER, NAME_UPPER, given_names, is_party
from pipeline.zones import Document


@dataclass
class VoteSpan:
    start: int
    end: int
    result: str  # adopted | rejected | unknown
    unanimous: bool = False
    motion: str | None = None
    votes_for: int | None = None
    against: int | None = None
    abstained: int | None = None
    parties_for: list[str] = field(default_factory=list)
    parties_against: list[str] = field(default_factory=list)
    counted_only: bool = False  # the result is inferred from counts, no word says it


def _words(section: str) -> str:
    return lexicon.alternation(lexicon.words("votes", section))


def _bounded(alternation: str) -> str:
    return rf"(?<![\wæøå])(?:{alternation})(?![\wæøå])"


@cache
def _patterns() -> dict[str, re.Pattern]:
    number = rf"(?:\d{{1,3}}|{_words('numbers')})"
    noun = rf"(?:{_words('vote-noun')})"
    voted_for = lexicon.alternation(w for w in lexicon.words("votes", "for") if " " in w)  # "stemte for", not "for"
    return {
        "rejected": re.compile(_bounded(_words("rejected")), re.I),
        "adopted": re.compile(_bounded(_words("adopted")), re.I),
        "weak": re.compile(_bounded(_words("present-tense")), re.I),
        "unanimous": re.compile(_bounded(_words("unanimous") + "|" + _words("acclamation")), re.I),
        "acclamation": re.compile(_bounded(_words("acclamation")), re.I),
        "motion": re.compile(_bounded(_words("motion")), re.I),
        "postponed": re.compile(_bounded(_words("postponed")), re.I),
        "noted": re.compile(_bounded(_words("noted")), re.I),
        "agreed": re.compile(_bounded(_words("agreed")), re.I),
        "discussed": re.compile(_bounded(_words("discussed")), re.I),
        # "med 21 mot 6 stemmer", "21 mot 6 røyster", "med ni stemmer mot to"
        "for_against": re.compile(rf"(?<![\wæøå])(?:med\s+)?(?P<a>{number})\s+(?:{noun}\s+)?mot\s+"
                                  rf"(?P<b>{number})(?![\wæøå])(?:\s+{noun})?", re.I),
        "against": re.compile(rf"(?<![\wæøå])mot\s+(?P<n>{number})\s+{noun}", re.I),
        # "15 stemte for", "48 stemmer for", "15 for, 4 mot"; not the "000 for" of "kr 95 000 for perioden"
        "for": re.compile(rf"(?<![\wæøå])(?<!\d[ .])(?P<n>{number})\s+(?:{noun}\s+for|(?:{voted_for})"
                          rf"|for(?=\s*(?:,|og)\s*{number}\s+(?:{noun}\s+)?mot))(?![\wæøå])", re.I),
        "against_count": re.compile(rf"(?<![\wæøå])(?P<n>{number})\s+(?:{noun}\s+)?(?:{_words('against')})"
                                    r"(?![\wæøå])(?!\s+\d)", re.I),
        "abstained": re.compile(rf"(?<![\wæøå])(?P<n>{number})\s+(?:{noun}\s+)?(?:{_words('abstained')})"
                                r"(?![\wæøå])", re.I),
        "sided": re.compile(rf"(?P<who>[^.;:()]{{1,80}}?)[ \t]+(?:{_words('for')}|{_words('against')})(?![\wæøå])",
                            re.I),
        # an alternative vote: "fikk innstillingen 19 stemmer og forslaget fra Sp 8 stemmer"
        "alternative": re.compile(rf"(?<![\wæøå])(?:fikk|fekk)\s+(?P<first>[^.;:]{{1,80}}?)\s+(?P<a>{number})\s+{noun}"
                                  rf"(?:\s*(?P<pa>\([^()]{{1,60}}\)))?\s*,?\s+og\s+(?P<second>[^.;:]{{1,80}}?)\s+"
                                  rf"(?P<b>{number})\s+{noun}", re.I),
        "vote_word": re.compile(rf"(?<![\wæøå])(?:{noun}|votering|røysting|avstemning|stemte|røysta)(?![\wæøå])",
                                re.I),
    }


@cache
def _numbers() -> dict[str, int]:
    return {k.casefold(): int(v) for k, v in lexicon.mapping("votes", "numbers").items()}


def _number(token: str) -> int | None:
    token = token.strip().casefold()
    return int(token) if token.isdigit() else _numbers().get(token)


@cache
def _vote_sections() -> frozenset[str]:
    return lexicon.folded_set("votes", "vote-section")


def votes_start(doc: Document, heading_end: int, end: int, decision: tuple[int, int] | None) -> int:
    """Where a case's record of its handling begins: at its first "Behandling"/"Votering" label, else at its
    decision, else after its heading. What comes before (the case's history) may tell of earlier votes."""
    for label in doc.labels:
        if heading_end <= label.start < end and label.phrase.casefold() in _vote_sections():
            return label.start
    if not decision:
        return heading_end
    # the paragraph of the decision: "Forslaget fra X falt med 21 mot 57 stemmer. Styrets forslag ble vedtatt ..."
    paragraph = max(doc.text.rfind("\n\n", heading_end, decision[0]), doc.text.rfind("\n \n", heading_end, decision[0]))
    return paragraph + 1 if paragraph >= 0 else heading_end


def find_votes(doc: Document, start: int, end: int) -> list[VoteSpan]:
    """The votes recorded in doc.text[start:end], in order."""
    text = doc.unwrapped(start, end)
    tallies = _tallies(text)
    found = [(s, e, _vote(text[s:e])) for s, e in _clauses(text) if not any(ts <= s < te for ts, te, _ in tallies)]
    out: list[VoteSpan] = []
    for s, e, vote in sorted(found + tallies, key=lambda f: f[0]):
        last = out[-1] if out else None
        between = text[last.end - start:s] if last else ""
        # a count told first and its result in the next sentence of the same paragraph
        counted_before = last is not None and last.counted_only and len(between) < 150 \
            and not re.search(r"\n[ \t]*\n", between)
        if not vote:
            if counted_before and (cue := _result_cue(text[s:e])):
                # "Stemmer mot: 1" then "Reseksjonering av seksjon 43 er vedtatt.": the tally's result
                last.result, last.end, last.counted_only = cue, start + e, False
            continue
        vote.start, vote.end = start + s, start + e
        if counted_before and vote.result != "unknown" and (not vote.unanimous or last.against in (None, 0)) \
                and vote.votes_for is None and vote.against is None:
            # "Votering: 42 røysta for, 7 mot, 3 avstod. Framlegget er vedteke.": one vote, told in two sentences
            last.result, last.motion, last.end, last.counted_only = vote.result, last.motion or vote.motion, vote.end, False
            last.unanimous = last.unanimous or vote.unanimous
            continue
        out.append(vote)
    _add_party_tables(text, start, out)
    return out


# a tally written as fields, one a line: "Stemmer for: 15 + 2 + 1 + 9", "Stemmer mot: 0", "Blanke: 2"
_TALLY_LINE = re.compile(r"(?im)^[ \t]*(?:antall[ \t]+)?(?:(?:stemmer|stemme|stemte|røyster|røysta)[ \t]+(?P<side>for|mot|imot)"
                         r"|(?P<blank>blanke?(?:[ \t]+stemmer)?|avstår|avsto|avstod|avholdende))[ \t]*:[ \t]*"
                         r"(?P<n>\d{1,4}(?:[ \t]*\+[ \t]*\d{1,4})*)[ \t.]*$")


def _tallies(text: str) -> list[tuple[int, int, VoteSpan]]:
    """Runs of tally lines as one vote each; its result follows from the counts, or from the sentence after it."""
    out: list[tuple[int, int, VoteSpan]] = []
    run: list[re.Match] = []
    for m in [*_TALLY_LINE.finditer(text), None]:
        if run and (m is None or text[run[-1].end():m.start()].strip()):
            counts = {"for": None, "mot": None, "blank": None}
            for r in run:
                side = "blank" if r.group("blank") else ("mot" if r.group("side").lower() != "for" else "for")
                counts[side] = sum(int(x) for x in re.findall(r"\d+", r.group("n")))
            for_, against, blank = counts["for"], counts["mot"], counts["blank"]
            result = "unknown" if for_ is None or against is None or for_ == against else \
                ("adopted" if for_ > against else "rejected")
            out.append((run[0].start(), run[-1].end(), VoteSpan(0, 0, result, against == 0, None, for_, against, blank,
                                                                counted_only=True)))
            run = []
        if m is not None:
            run.append(m)
    return out


# a sentence ends at . ! ? or : before whitespace, at a blank line or a page break, and at a line break unless the
# next line goes on with the sentence (a lower-case word, a number, a parenthesis)
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\n[ \t]*\n|\f|\n(?![ \t]*[a-zæøå0-9(])")
# a clause of its own: after a semicolon, or ", og" / ", mens" before another proposal's result
_CLAUSE_END = re.compile(r";\s*|,\s+(?=(?:og|mens|men|medan)\s)")


def _clauses(text: str):
    pos = 0
    for m in [*_SENTENCE_END.finditer(text), None]:
        stop = m.start() if m else len(text)
        if _patterns()["alternative"].search(text, pos, stop):  # "mellom A, med vedtatt endring, og B fikk ..."
            yield pos, stop
            pos = m.end() if m else len(text)
            continue
        sub = pos
        # ", og innstillingen ble vedtatt" starts a vote of its own; ", og 26 mot" goes on with the counts before it
        cuts = [c for c in _CLAUSE_END.finditer(text, pos, stop)
                if c.group().startswith(";") or _result_cue(text[c.end():stop])]
        for c in [*cuts, None]:
            cut = c.start() if c else stop
            if text[sub:cut].strip():
                yield sub, cut
            sub = c.end() if c else stop
        pos = m.end() if m else len(text)


def _result_cue(clause: str) -> str | None:
    """The result a clause's words give, rejected before adopted ("falt", "vedtatt"), or None."""
    if _patterns()["rejected"].search(clause):
        return "rejected"
    return "adopted" if _patterns()["adopted"].search(clause) else None


def _alternative_vote(clause: str) -> VoteSpan | None:
    """One vote on the proposal that won: "fikk innstillingen 19 stemmer og forslaget fra Sp 8 stemmer (Sp, H)"."""
    m = _patterns()["alternative"].search(clause)
    a, b = (_number(m.group("a")), _number(m.group("b"))) if m else (None, None)
    if a is None or b is None or a == b:
        return None
    winner, votes_for, against = (m.group("first"), a, b) if a > b else (m.group("second"), b, a)
    # parties in parentheses after a count voted for that proposal
    after_first = _party_list(m.group("pa")[1:-1]) if m.group("pa") else []
    after_second = [x for p in _PARENS.finditer(clause, m.end("b")) for x in _party_list(p.group(1))]
    parties_for, parties_against = (after_first, after_second) if a > b else (after_second, after_first)
    return VoteSpan(0, 0, "adopted", False, " ".join(winner.split())[:80], votes_for, against, None,
                    parties_for, parties_against)


def _vote(clause: str) -> VoteSpan | None:
    p = _patterns()
    if alternative := _alternative_vote(clause):
        return alternative
    rejected, adopted = p["rejected"].search(clause), p["adopted"].search(clause)
    cue = rejected or adopted
    unanimous = bool(p["unanimous"].search(clause))
    counts = _counts(clause)
    counted = any(v is not None for v in counts[:3])
    if not cue and unanimous and (len(clause.split()) <= 3 or p["acclamation"].search(clause)):
        # "Samrøystes.", "(Samr.)", "Enstemmig.", "Kari Moe vinner ved akklamasjon."
        return VoteSpan(0, 0, "adopted", True)
    if not cue:
        # without a result word, counts on both sides say a vote was taken; "én stemme for hver seksjon" does not
        if sum(v is not None for v in counts) < 2:
            return None
        result = "unknown" if counts[0] is None or counts[1] is None else \
            ("adopted" if counts[0] > counts[1] else "rejected")
        return VoteSpan(0, 0, result, False, None, *counts, *_parties(clause, result), counted_only=True)
    if clause.rstrip().endswith(":") and not (unanimous or counted):
        return None  # "Votering over innstillingen med vedtatt endring:" leads in; "Et enstemmig utval vedtok:" votes
    result = "rejected" if rejected else "adopted"
    if rejected and counts[0] is None and counts[1] is not None and not p["for_against"].search(clause) \
            and p["against"].search(clause):
        counts = (counts[1], None, counts[2])  # "Forslaget ble avvist mot 2 stemmer": the 2 voted for it
    motion_named = bool(p["motion"].search(clause[:cue.start()]))
    weak = p["weak"].fullmatch(cue.group()) is not None
    if not (unanimous or counted or (not weak and (motion_named or p["vote_word"].search(clause)))):
        return None
    return VoteSpan(0, 0, result, unanimous, _motion(clause, cue.start()), *counts, *_parties(clause, result))


def _counts(clause: str) -> tuple[int | None, int | None, int | None]:
    p = _patterns()
    votes_for = against = abstained = None
    if m := p["for_against"].search(clause):
        votes_for, against = _number(m.group("a")), _number(m.group("b"))
    else:
        if m := p["against"].search(clause):
            against = _number(m.group("n"))
        if m := p["for"].search(clause):
            votes_for = _number(m.group("n"))
        if against is None and (m := p["against_count"].search(clause)):
            against = _number(m.group("n"))
    if m := p["abstained"].search(clause):
        abstained = _number(m.group("n"))
    return votes_for, against, abstained


_PARENS = re.compile(r"\(([^()]{1,80})\)")
_LIST_SPLIT = re.compile(r"\s*(?:,|\bog\b|\+|/|&)\s*")


_LIST_ACRONYM = re.compile(r"[A-ZÆØÅ][A-Za-zÆØÅæøå]{0,4}")


def _party_list(text: str) -> list[str]:
    """'FrP, H og KrF' or '2 FrP, 1 H' as parties; [] unless one piece is a known party and every other one is a
    party or a short acronym of a local list ("SV, RV", "Ap, TvF")."""
    pieces = [re.sub(r"^\d+\s+", "", x).strip(" .") for x in _LIST_SPLIT.split(text) if x.strip(" .")]
    known = [is_party(x) for x in pieces]
    if any(known) and all(k or _LIST_ACRONYM.fullmatch(x) for k, x in zip(known, pieces)):
        return pieces
    return []


def _parties(clause: str, result: str) -> tuple[list[str], list[str]]:
    """Parties named as voting for or against: "(FrP, H)" after the counts belongs to the minority, "Ap og SV
    stemte for" to its side."""
    p = _patterns()
    sides: dict[str, list[str]] = {"for": [], "against": []}
    for m in p["sided"].finditer(clause):
        tail = re.search(r"((?:[\wæøåÆØÅ]+\s*(?:,|og)\s*)*[\wæøåÆØÅ]+)\s*$", m.group("who"))
        parties = _party_list(tail.group(1)) if tail else []
        if parties:
            side = "for" if re.search(_bounded(_words("for")) + r"\s*$", m.group(0), re.I) else "against"
            sides[side] += [x for x in parties if x not in sides[side]]
    minority = "against" if result == "adopted" else "for"
    counted = [m.end() for m in (p["for_against"].search(clause), p["against"].search(clause)) if m]
    # "(SV)" after a member's name is the member's party; after the counts it names the minority
    for m in _PARENS.finditer(clause, min(counted) if counted else len(clause)):
        for x in _party_list(m.group(1)):
            if x not in sides["for"] and x not in sides["against"]:
                sides[minority].append(x)
    return sides["for"], sides["against"]


_AUXILIARY = re.compile(r"(?:\s+(?:ble|blei|vart|var|er|vert|blir|enstemmig|samrøystes|einstemmig|deretter|så))+\s*$",
                        re.I)
_OWNER = re.compile(r"(?:[\wæøåÆØÅ-]+s|[\wæøåÆØÅ-]+\s+(?:sitt|sin|si|sine))\s+$")


def _motion(clause: str, cue_start: int) -> str | None:
    """The proposal named before the result: "Forslaget fra FrP", "Rådmannens innstilling"."""
    before = clause[:cue_start]
    m = _patterns()["motion"].search(before)
    if not m:
        return None
    start = m.start()
    if owner := _OWNER.search(before[:start]):
        start = owner.start()
    motion = _AUXILIARY.sub("", " ".join(before[start:].split()))
    motion = re.split(r"\s+(?:med|mot)\s+\d|,", motion)[0].strip(" ,.")
    return motion[:80] or None


# a row of a vote table by party: "Ap   13   0", "FrP 0 8" (for, against, maybe abstained)
_TABLE_ROW = re.compile(r"(?m)^[ \t]*(?P<party>[A-ZÆØÅ][\wÆØÅæøå.-]{0,30})[ \t]+(?P<a>\d{1,3})[ \t]+(?P<b>\d{1,3})"
                        r"(?:[ \t]+\d{1,3})?[ \t]*$")


def _add_party_tables(text: str, offset: int, votes: list[VoteSpan]) -> None:
    """A table of votes by party names who voted how in the vote recorded right after (or before) it."""
    rows = [m for m in _TABLE_ROW.finditer(text) if is_party(m.group("party"))]
    tables: list[list[re.Match]] = []
    for row in rows:
        if tables and not text[tables[-1][-1].end():row.start()].strip():
            tables[-1].append(row)
        else:
            tables.append([row])
    for table in (t for t in tables if len(t) >= 2):
        start, end = offset + table[0].start(), offset + table[-1].end()
        near = [v for v in votes if v.start >= end and v.start - end < 200 and not v.parties_for
                and not v.parties_against] or [v for v in votes if v.end <= start and start - v.end < 200]
        if near:
            vote = near[0] if near[0].start >= end else near[-1]
            vote.parties_for = [r.group("party") for r in table if int(r.group("a")) > 0]
            vote.parties_against = [r.group("party") for r in table if int(r.group("b")) > 0]


def _only_noted(decision: str) -> bool:
    """The decision takes something to note and decides nothing else ("1. ... til orientering. 2. Rådmannen bes
    ..." decides more)."""
    noted = _patterns()["noted"]
    rest = [x for x in re.split(r"(?<=[.!?])\s+|\n\s*\n", decision) if x.strip() and not noted.search(x)
            and not _patterns()["unanimous"].search(x) and not _patterns()["adopted"].search(x)]
    return bool(noted.search(decision)) and len(" ".join(rest)) < 40


def _someone_elected(title: str | None, handling: str) -> bool:
    """An election item whose text names the one chosen: "Valg av referent" / "Valg av protokollfører: Marius Næss
    Olsen"."""
    first = (title or "").split()[:1]
    if not first or first[0].casefold() not in lexicon.folded_set("attendance", "election-words"):
        return False
    return any(m.group(1) in given_names() for m in re.finditer(
        rf"(?<![\wæøå])([{NAME_UPPER}][{NAME_LOWER}]+)[ \t]+[{NAME_UPPER}][{NAME_LOWER}]+", handling))


def case_outcome(decision: str | None, votes: list[VoteSpan], notice: bool, handling: str = "",
                 title: str | None = None) -> str:
    """adopted | rejected | postponed | noted | unknown: how the case ended. `handling` is the case's text after
    its history (from its "Behandling" or decision on), read where no decision is labelled; an item's title may
    say it too ("Innkalling godkjent ved akklamasjon.")."""
    if notice:
        return "unknown"
    p = _patterns()
    said = decision or re.split(r"\n[ \t]*\n", handling.strip())[-1]  # without a decision: its last paragraph
    if any(v.result == "adopted" and v.motion and p["postponed"].search(v.motion) for v in votes) \
            or (said and p["postponed"].search(said)):
        return "postponed"
    if said and _only_noted(said):
        return "noted"
    if decision:
        return "adopted"
    if votes and votes[-1].result != "unknown":
        return "adopted" if any(v.result == "adopted" for v in votes) else votes[-1].result
    # no decision written as such: what the case's own text says was done with it
    if p["agreed"].search(handling) or (title and p["agreed"].search(title)) or _someone_elected(title, handling):
        return "adopted"
    if p["discussed"].search(handling):
        return "noted"
    return "unknown"
