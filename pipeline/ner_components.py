"""spaCy parts of the NER model (models/ner.cfg) that spaCy does not ship: the place-name feature component, the
scorer that picks the best checkpoint by the figure we report, and the two components that join several trained
NERs into one voting ensemble."""
from __future__ import annotations

import importlib.resources
import json
import re
from collections import Counter
from collections.abc import Set as AbstractSet
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Span
from spacy.util import registry

from pipeline.train import OUTPUT_LABELS


def place_name_kinds() -> dict[str, str]:
    """Place names as space-joined tokens -> kind (COUNTY, MUNI, COUNTRY, REGION), genitives ("Bergens") included:
    the municipalities and counties of the gazetteer and the world's countries and regions (territories.json)."""
    from pipeline.places import gazetteer

    def words(name: str) -> tuple[str, ...]:
        return tuple(re.findall(r"[\wæøåÆØÅ]+(?:-[\wæøåÆØÅ]+)*|[^\w\s]", name))

    g = gazetteer()
    kinds = {words(n): "COUNTY" for n in g.counties}
    kinds.update({words(n): "MUNI" for n in g.municipalities})
    world = json.loads(importlib.resources.files("pipeline.data").joinpath("territories.json").read_text("utf-8"))
    for kind, names in (("COUNTRY", world["countries"]), ("REGION", world["regions"])):
        for name in names:
            kinds.setdefault(words(name), kind)
    for name, kind in list(kinds.items()):
        if name and not name[-1].endswith(("s", "x", "z")):
            kinds.setdefault(name[:-1] + (name[-1] + "s",), kind)
    return {" ".join(name): kind for name, kind in kinds.items() if name}


class PlaceNameTagger:
    """spaCy component before the tok2vec: sets `token.tag_` to B-/I-<kind> on known place names (longest match),
    a feature the tok2vec embeds (models/ner.cfg, attrs TAG). It brings what NorNE alone cannot: the names of every
    municipality, county and country, also those the train split never mentions. The names are saved with the model.
    """

    def __init__(self, kinds: dict[str, str] | None = None):
        self.kinds = kinds or {}

    @property
    def kinds(self) -> dict[str, str]:
        return self._kinds

    @kinds.setter
    def kinds(self, kinds: dict[str, str]) -> None:
        self._kinds = kinds
        self._longest: dict[str, int] = {}  # first word -> most words of a name starting with it
        for name in kinds:
            words = name.split(" ")
            self._longest[words[0]] = max(self._longest.get(words[0], 0), len(words))

    def initialize(self, get_examples=None, nlp=None) -> None:
        self.kinds = place_name_kinds()

    def __call__(self, doc):
        texts = [t.text for t in doc]
        i, n = 0, len(texts)
        while i < n:
            longest = self._longest.get(texts[i], 0)
            for j in range(min(n, i + longest), i, -1):
                kind = self._kinds.get(" ".join(texts[i:j]))
                if kind:
                    doc[i].tag_ = "B-" + kind
                    for k in range(i + 1, j):
                        doc[k].tag_ = "I-" + kind
                    i = j
                    break
            else:
                i += 1
        return doc

    def to_disk(self, path, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "names.json").write_text(json.dumps(self.kinds, ensure_ascii=False), encoding="utf-8")

    def from_disk(self, path, exclude=()):
        self.kinds = json.loads((Path(path) / "names.json").read_text(encoding="utf-8"))
        return self


@Language.factory("minutes_place_names")
def make_place_name_tagger(nlp, name: str) -> PlaceNameTagger:
    """Also found by a plain `spacy.load` through the `spacy_factories` entry point in pyproject.toml."""
    return PlaceNameTagger()


@registry.scorers("minutes.ner_scorer.v1")
def make_ner_scorer():
    """Also found by a plain `spacy.load` through the `spacy_scorers` entry point in pyproject.toml."""
    return score_output_labels


def score_output_labels(examples, **kwargs) -> dict:
    """spaCy's NER scores, except that `ents_p/r/f` (which select model-best) count PER, ORG, LOC and GPE only."""
    from spacy.scorer import get_ner_prf

    tp = predicted = gold = 0
    for eg in examples:
        ref = {(e.start_char, e.end_char, e.label_) for e in eg.reference.ents if e.label_ in OUTPUT_LABELS}
        pred = {(e.start_char, e.end_char, e.label_) for e in eg.predicted.ents if e.label_ in OUTPUT_LABELS}
        tp, predicted, gold = tp + len(ref & pred), predicted + len(pred), gold + len(ref)
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return {"ents_p": p, "ents_r": r, "ents_f": 2 * p * r / (p + r) if p + r else 0.0,
            "ents_per_type": get_ner_prf(examples)["ents_per_type"]}


class MemberHold:
    """After one member NER of an ensemble: keeps its entities in `doc.spans[key]` and clears `doc.ents` (to
    *missing*, not to "outside", which the next NER would take as given) so the next member starts afresh."""

    def __init__(self, key: str):
        self.key = key

    def __call__(self, doc):
        doc.spans[self.key] = list(doc.ents)
        doc.set_ents([], default="missing")
        return doc


@Language.factory("minutes_ner_member", default_config={"key": "ner_1"})
def make_member_hold(nlp, name: str, key: str) -> MemberHold:
    return MemberHold(key)


def vote(members: list[AbstractSet[tuple[int, int, str]]], min_votes: int) -> list[tuple[int, int, str]]:
    """Entities (start, end, label) that at least `min_votes` members found with the same bounds and label; where
    such spans overlap, the one with more votes wins, then the longer one. In text order."""
    votes = Counter(span for spans in members for span in spans)
    taken: set[int] = set()
    chosen = []
    for span, n in sorted(votes.items(), key=lambda item: (-item[1], item[0][0] - item[0][1], item[0])):
        tokens = set(range(span[0], span[1]))
        if n >= min_votes and not tokens & taken:
            taken |= tokens
            chosen.append(span)
    return sorted(chosen)


class EntityVote:
    """Last component of an ensemble: `doc.ents` becomes the vote of the members' span groups, which it removes.

    The members' weights are stored as float16 (`store_half_precision`), which halves the model on disk; being
    loaded last, this component turns them back into the float32 that spaCy computes with. A pipeline loaded without
    it must do that itself (`cast_weights(nlp, "float32")`, as `pipeline.nlp.load_ner` does)."""

    def __init__(self, keys: list[str], min_votes: int, nlp=None):
        self.keys = list(keys)
        self.min_votes = min_votes
        self.nlp = nlp

    def to_disk(self, path, exclude=()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path, exclude=()):
        if self.nlp is not None:
            cast_weights(self.nlp, "float32")
        return self

    def __call__(self, doc):
        members = [_span_set(doc.spans[key]) for key in self.keys if key in doc.spans]
        if not members:
            return doc  # no member ran before it (a pipeline loaded without them): nothing to vote on
        doc.set_ents([Span(doc, start, end, label) for start, end, label in vote(members, self.min_votes)],
                     default="outside")
        for key in self.keys:
            doc.spans.pop(key, None)
        return doc

    def settled_after(self) -> int:
        """How many members must have run before agreement among them decides the vote: once they all agree, their
        entities have the votes they need and the members left are too few to carry any other."""
        return max(self.min_votes, len(self.keys) - self.min_votes + 1)


@Language.factory("minutes_ner_vote", default_config={"keys": ["ner_1"], "min_votes": 1})
def make_entity_vote(nlp, name: str, keys: list[str], min_votes: int) -> EntityVote:
    return EntityVote(keys, min_votes, nlp)


def store_half_precision(nlp, path: Path) -> None:
    """Write `nlp` with its weights as float16 (a rounding of about 1e-3 that leaves the entities as they were;
    measured on NorNE dev in the model card). `EntityVote.from_disk` restores float32 on load."""
    cast_weights(nlp, "float16")
    try:
        nlp.to_disk(path)
    finally:
        cast_weights(nlp, "float32")


def cast_weights(nlp, dtype: str) -> None:
    """Every float weight of every component's model to `dtype`."""
    for _, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            for param in node.param_names:
                if node.has_param(param):
                    weights = node.get_param(param)
                    if weights.dtype.kind == "f" and weights.dtype != dtype:
                        node.set_param(param, weights.astype(dtype))


def ensemble_pipe(nlp, texts, batch_size: int = 64):
    """`nlp.pipe(texts)` with the same entities, faster for a voting ensemble: members run in order, and a text on
    which the first `settled_after()` members agree skips the others (they could not change the vote)."""
    if "vote" not in nlp.pipe_names:
        yield from nlp.pipe(texts, batch_size=batch_size)
        return
    voter = nlp.get_pipe("vote")
    first = voter.keys[:voter.settled_after()]
    cut = 1 + max(i for i, (_, pipe) in enumerate(nlp.pipeline) if isinstance(pipe, MemberHold) and pipe.key in first)
    rest = [name for name in nlp.pipe_names[cut:] if name != "vote"]
    docs = list(nlp.pipe(texts, batch_size=batch_size, disable=rest + ["vote"]))
    open_docs = [doc for doc in docs if len({_span_set(doc.spans[key]) for key in first}) > 1]
    for name in rest:
        pipe = nlp.get_pipe(name)
        open_docs = list(pipe.pipe(open_docs, batch_size=batch_size)) if hasattr(pipe, "pipe") else \
            [pipe(doc) for doc in open_docs]
    for doc in docs:
        voter(doc)
    yield from docs


def _span_set(spans) -> frozenset:
    return frozenset((s.start, s.end, s.label_) for s in spans)
