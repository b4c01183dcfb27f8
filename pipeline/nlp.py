"""The trained Norwegian NER (models/nb_minutes_ner, installed as package data of `minutes_models`)."""
from __future__ import annotations

import functools
import importlib.resources
import os
import re
from pathlib import Path

from pipeline.errors import ModelError

MODEL_NAME = "nb_minutes_ner"
LABELS = frozenset({"PER", "ORG", "LOC", "GPE"})
# Paragraph breaks: the model was trained on sentences, and a paragraph is the widest context that helps it.
_PARAGRAPH_BREAK = re.compile(r"\f|\n[ \t\r]*\n")
_LETTER = re.compile(r"[^\W\d_]")
_LINE_PIECE = re.compile(r"\S(?:[^\n]*\S)?")  # a line's text without surrounding whitespace


def model_path() -> Path:
    return Path(str(importlib.resources.files("minutes_models") / MODEL_NAME))


def load_ner(vote: bool = True):
    """The spaCy pipeline (place names, then the member NERs and their vote), loaded once per process and mode; with
    `vote=False` only the place names and the first member (faster to load, less memory), a plain NER pipeline."""
    return _load(bool(vote))


@functools.cache
def _load(vote: bool):
    import spacy

    from pipeline.ner_components import cast_weights

    path = model_path()
    if not (path / "config.cfg").is_file():
        raise ModelError(f"NER model not found at {path}; reinstall the package (pip install .) "
                         "or train it with `minutes train ner`")
    try:
        nlp = spacy.load(path, exclude=[] if vote else _vote_only(path))
    except (OSError, ValueError) as e:
        raise ModelError(f"NER model at {path} cannot be loaded: {e}") from e
    cast_weights(nlp, "float32")  # without its vote component nothing else turns the stored float16 back
    return nlp


def _vote_only(path: Path) -> list[str]:
    """Components an ensemble needs for the vote only: every member NER but the first, the holds, the vote."""
    from spacy.util import load_config

    components = load_config(path / "config.cfg")["components"]
    if "vote" not in components:
        return []
    first = components["vote"]["keys"][0]
    return [name for name, cfg in components.items()
            if cfg.get("factory") in ("ner", "minutes_ner_member", "minutes_ner_vote") and name != first]


def ner_spans(text: str, vote: bool | None = None) -> list[tuple[int, int, str]]:
    """(start, end, label) character spans of PER, ORG, LOC and GPE entities in `text`, in text order.

    `vote`: all members of the ensemble vote (the model card's figures; about three times the time) instead of the
    first member alone; by default only when the environment sets MINUTES_NER=vote (`--ner-vote` of the CLI). In
    minutes the rules carry people and organisations, and the vote measurably changes neither (README, "Named
    entities").

    The text is cut at blank lines and form feeds and the paragraphs run through spaCy in batches. An entity the
    model lets run over a line break is cut there: in minutes a line break inside a name is rarer than one
    between two names in a list.
    """
    from pipeline.ner_components import ensemble_pipe

    if vote is None:
        vote = vote_asked()
    nlp = load_ner(vote)
    blocks = list(_paragraphs(text))
    spans = []
    for (offset, _), doc in zip(blocks, ensemble_pipe(nlp, [block for _, block in blocks])):
        for ent in doc.ents:
            if ent.label_ in LABELS:
                spans.extend(_split_at_newlines(text, offset + ent.start_char, offset + ent.end_char, ent.label_))
    return spans


def vote_asked() -> bool:
    """Whether the process runs the ensemble's vote: MINUTES_NER=vote (set by `--ner-vote`)."""
    return os.environ.get("MINUTES_NER") == "vote"


def _paragraphs(text: str):
    """(offset, text) for every run of sentences of a paragraph that can hold a name; a paragraph longer than
    MAX_PIECE (a text layer without blank lines) in pieces cut at line breaks or spaces, so spaCy's length limit
    never applies."""
    start = 0
    for brk in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        for s, e in _pieces(text, start, end):
            for rs, re_ in _runs_with_names(text, s, e):
                yield rs, text[rs:re_]
        start = brk.end() if brk else end


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9«\"(-])")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _runs_with_names(text: str, start: int, end: int):
    """The runs of consecutive sentences in text[start:end] that can hold a name: a capitalised word that is not
    an ordinary word opening its line or sentence. A sentence of ordinary words only ("Protokollen ble godkjent.")
    has no entity to find, and the model, trained on sentences, needs no neighbour sentence to read one."""
    from pipeline.names import common_words, stop_words

    ordinary = common_words()
    stop = _folded_stop_words(stop_words())
    bounds = [start] + [m.end() for m in _SENTENCE_END.finditer(text, start, end)] + [end]
    run_start = None
    for s, e in zip(bounds, bounds[1:]):
        can = any(w.group()[0].isupper() and (i > 0 or (w.group().lower() not in ordinary
                                                         and w.group().lower() not in stop))
                  for line in text[s:e].split("\n") for i, w in enumerate(_WORD.finditer(line)))
        if can and run_start is None:
            run_start = s
        elif not can and run_start is not None:
            yield run_start, s
            run_start = None
    if run_start is not None:
        yield run_start, end


@functools.cache
def _folded_stop_words(words: frozenset[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


MAX_PIECE = 20_000


def _pieces(text: str, start: int, end: int):
    while end - start > MAX_PIECE:
        cut = max(text.rfind("\n", start, start + MAX_PIECE), text.rfind(" ", start, start + MAX_PIECE))
        cut = cut + 1 if cut > start else start + MAX_PIECE
        yield start, cut
        start = cut
    yield start, end


def _split_at_newlines(text: str, start: int, end: int, label: str):
    for piece in _LINE_PIECE.finditer(text, start, end):
        if _LETTER.search(piece.group()):
            yield piece.start(), piece.end(), label
