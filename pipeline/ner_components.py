"""spaCy parts of the NER model (models/ner.cfg) that spaCy does not ship: the place-name feature component and the
scorer that picks the best checkpoint by the figure we report."""
from __future__ import annotations

import importlib.resources
import json
import re
from pathlib import Path

from spacy.language import Language
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
