"""Per-field precision / recall / F1 of records against gold files (shared/docs/GOLD_SCHEMA.md).

The rules are those of the project's reference scorer: every field is micro-averaged over per-document sets;
names, bodies and titles compare after case folding and punctuation/whitespace normalisation; places without
"kommune"/"(Vestfold)"; case numbers as (seq, year) pairs; gold `ignore` values neither reward nor penalise.
Votes and outcomes, where the gold has them, as samples/corpus/VOTES.md says.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

ENTITY_TYPES = ["PERSON", "MUNICIPALITY", "COUNTY", "ORGANIZATION", "DATE", "AMOUNT"]


def norm_text(s) -> str:
    if s is None:
        return ""
    s = unicodedata.normalize("NFC", str(s)).casefold()
    s = re.sub(r"[\u2010-\u2015\-]+", "-", s)
    s = re.sub(r"\s*-\s*", " - ", s)
    s = re.sub(r"[\"'«»“”.,:;]", "", s)
    return re.sub(r"\s+", " ", s).strip()


def norm_place(s) -> str:
    s = re.sub(r"\s*\([^)]*\)\s*$", "", str(s or ""))
    s = norm_text(s)
    return re.sub(r"\s+(kommune|fylkeskommune|fylke|herad|kommunestyre)$", "", s)


def norm_case(number) -> tuple | None:
    m = re.search(r"(\d{1,4})(?:\s*/\s*(\d{2,4}))?", str(number or ""))
    if not m:
        return None
    seq, year = int(m.group(1)), int(m.group(2)) if m.group(2) else None
    if year is not None and year < 100:
        year += 2000 if year < 50 else 1900
    return seq, year


def norm_value(kind: str, v):
    if kind == "AMOUNT":
        try:
            return round(float(v), 2)
        except (TypeError, ValueError):
            return None
    if kind == "DATE":
        return str(v)[:10] if v else None
    if kind in ("MUNICIPALITY", "COUNTY"):
        if isinstance(v, dict):
            v = v.get("name")
        return norm_place(v) or None
    if isinstance(v, dict):
        v = v.get("name") or v.get("text")
    return norm_text(v) or None


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set, pred: set) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    def add_counts(self, gold: Counter, pred: Counter) -> None:
        """As `add`, for multisets."""
        self.tp += sum((gold & pred).values())
        self.fp += sum((pred - gold).values())
        self.fn += sum((gold - pred).values())

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def _pred_entities(pred: dict) -> dict[str, set]:
    out = {t: set() for t in ENTITY_TYPES}
    for e in pred.get("entities") or []:
        t = (e.get("type") or "").upper()
        if t in out:
            v = norm_value(t, e.get("value", e.get("text")))
            if v is not None and v != "":
                out[t].add(v)
    return out


def _vote_keys(case_number, votes) -> tuple[Counter, Counter]:
    plain, parties = Counter(), Counter()
    for v in votes:
        plain[(case_number, v.get("result"), bool(v.get("unanimous")), v.get("for"), v.get("against"),
               v.get("abstained"))] += 1
        named = (frozenset(map(norm_text, v.get("parties_for") or [])),
                 frozenset(map(norm_text, v.get("parties_against") or [])))
        if any(named):
            parties[(case_number, v.get("result"), *named)] += 1
    return plain, parties


def _tally_votes(gold: dict, pred: dict, tally) -> None:
    """votes, votes.parties and cases.outcome (samples/corpus/VOTES.md), over the cases the gold lists."""
    gold_cases = {norm_case(c["number"]): c for c in gold.get("cases") or [] if norm_case(c["number"])}
    pred_cases = {norm_case(c.get("number")): c for c in pred.get("cases") or [] if norm_case(c.get("number"))}
    counts = {"votes": [Counter(), Counter()], "votes.parties": [Counter(), Counter()]}
    for side, cases in ((0, gold_cases), (1, pred_cases)):
        for number, case in cases.items():
            votes = list(case.get("votes") or [])
            votes += [v for item in case.get("items") or [] for v in item.get("votes") or []]
            plain, parties = _vote_keys(number, votes)
            counts["votes"][side] += plain
            counts["votes.parties"][side] += parties
    for name, (g, p) in counts.items():
        tally(name).add_counts(g, p)
    outcomes = ({(n, c.get("outcome") or "unknown") for n, c in gold_cases.items()},
                {(n, c.get("outcome") or "unknown") for n, c in pred_cases.items() if n in gold_cases})
    tally("cases.outcome").add(*outcomes)


def score_documents(pairs) -> dict[str, dict[str, float]]:
    """`pairs`: (gold dict, predicted record dict or {}) per document."""
    fields: dict[str, Tally] = {}

    for gold, pred in pairs:
        unscored = tuple(gold.get("unscored") or ())  # fields the annotator left out ("entities", "cases.title")

        def tally(name: str) -> Tally:
            if any(name == u or name.startswith(u + ".") for u in unscored):
                return Tally()  # counted nowhere
            return fields.setdefault(name, Tally())

        gm, pm = gold.get("meeting") or {}, pred.get("meeting") or {}
        for key, fn in (("date", lambda x: str(x)[:10] if x else ""), ("body", norm_text), ("location", norm_text)):
            g, p = fn(gm.get(key)), fn(pm.get(key))
            tally(f"meeting.{key}").add({g} if g else set(), {p} if p else set())
        gp = {norm_text(x["name"]): x.get("status") for x in gold.get("participants") or []}
        pp = {norm_text(x.get("name")): x.get("status") for x in pred.get("participants") or [] if x.get("name")}
        tally("participants.name").add(set(gp), set(pp))
        both = set(gp) & set(pp)
        tally("participants.status").add({(n, gp[n]) for n in both}, {(n, pp[n]) for n in both})
        gc = {norm_case(c["number"]): norm_text(c.get("title")) for c in gold.get("cases") or [] if norm_case(c["number"])}
        pc = {norm_case(c.get("number")): norm_text(c.get("title")) for c in pred.get("cases") or []
              if norm_case(c.get("number"))}
        ignored_cases = {norm_case(n) for n in (gold.get("ignore") or {}).get("cases", [])}
        pc = {k: v for k, v in pc.items() if k not in ignored_cases}
        tally("cases.number").add(set(gc), set(pc))
        bothc = set(gc) & set(pc)
        tally("cases.title").add({(n, gc[n]) for n in bothc}, {(n, pc[n]) for n in bothc})
        if any("votes" in c for c in gold.get("cases") or []):
            _tally_votes(gold, pred, tally)
        ge, ign, pe = gold.get("entities") or {}, gold.get("ignore") or {}, _pred_entities(pred)
        for t in ENTITY_TYPES:
            gs = {norm_value(t, v) for v in ge.get(t, [])} - {None}
            ig = {norm_value(t, v) for v in ign.get(t, [])} - {None}
            tally(f"entities.{t}").add(gs, pe[t] - ig)
    return {k: dict(zip(("precision", "recall", "f1"), (round(x, 4) for x in v.prf()))) for k, v in fields.items()}
