import importlib.resources
from pathlib import Path

import pytest

from pipeline import nlp
from pipeline.errors import ModelError
from pipeline.nlp import LABELS, load_ner, ner_spans


def entities(text: str) -> set[tuple[str, str]]:
    return {(text[start:end], label) for start, end, label in ner_spans(text)}


def test_model_loads_once_from_the_installed_package():
    package_dir = Path(str(importlib.resources.files("minutes_models")))
    assert nlp.model_path().parent == package_dir
    pipeline = load_ner()
    assert load_ner() is pipeline
    assert pipeline.lang == "nb"
    members = pipeline.get_pipe("vote").keys
    assert len(members) == 3 and all(LABELS <= set(pipeline.get_pipe(key).labels) for key in members)


def test_missing_model_is_a_model_error(monkeypatch, tmp_path):
    monkeypatch.setattr(nlp, "model_path", lambda: tmp_path / "nb_minutes_ner")
    with pytest.raises(ModelError, match="minutes train ner"):
        nlp._load.__wrapped__(True)


@pytest.mark.parametrize("text, expected", [
    ("Erik Kjeldstadli presenterte utsendt skisse.", {("Erik Kjeldstadli", "PER")}),
    ("Norsk Helsenett gjennomfører prosjektet sammen med Helse Vest.",
     {("Norsk Helsenett", "ORG"), ("Helse Vest", "ORG")}),
    ("Ordføreren i Trondheim, Rita Ottervik, ønsket velkommen.", {("Trondheim", "GPE"), ("Rita Ottervik", "PER")}),
    ("Saken ble sendt til Statens vegvesen før møtet i Bergen.", {("Statens vegvesen", "ORG"), ("Bergen", "GPE")}),
    ("Kari Nordmann og Ola Hansen var til stede.", {("Kari Nordmann", "PER"), ("Ola Hansen", "PER")}),
    ("Styret gikk tur langs Akerselva.", {("Akerselva", "LOC")}),
])
def test_known_entities(text, expected):
    assert expected <= entities(text)


def test_offsets_across_paragraphs_pages_and_lines():
    text = ("Referat fra styremøtet\n\n"
            "Kari Nordmann ønsket velkommen til møtet i Bergen.\f"
            "  Sak 2/24 Budsjett\n\nOla Hansen la fram saken fra Norsk Helsenett.\n"
            "Til stede:\nKari Nordmann\nOla Hansen\n")
    spans = ner_spans(text)
    assert spans == sorted(spans)
    assert {label for _, _, label in spans} <= LABELS
    found = {(text[start:end], start) for start, end, _ in spans}
    for name in ("Kari Nordmann", "Ola Hansen", "Bergen"):
        assert (name, text.index(name)) in found
    assert all("\n" not in text[start:end] and text[start:end] == text[start:end].strip() for start, end, _ in spans)


def test_empty_and_letterless_text():
    assert ner_spans("") == []
    assert ner_spans("\f\n\n 12 345 \n\f") == []


def test_paragraphs_keep_offsets_and_leave_out_sentences_that_can_hold_no_name():
    text = "Kari kom.\n\nOla Moe\nsa nei.\f\n \nfire\f"
    assert list(nlp._paragraphs(text)) == [(0, "Kari kom."), (11, "Ola Moe\nsa nei.")]
    text = "Det ble vedtatt. Kari Moe la fram saken. Det ble vedtatt. Styret viste til NAV."
    assert list(nlp._paragraphs(text)) == [(17, "Kari Moe la fram saken. "), (58, "Styret viste til NAV.")]


def test_entity_over_a_line_break_is_cut_there():
    text = "Kari Nordmann\n  Ola Hansen"
    assert list(nlp._split_at_newlines(text, 0, len(text), "PER")) == [(0, 13, "PER"), (16, 26, "PER")]


def test_first_member_by_default_the_vote_when_asked(monkeypatch):
    """Default: the first member's entities alone; MINUTES_NER=vote (or vote=True): the model's voted entities."""
    monkeypatch.delenv("MINUTES_NER", raising=False)
    pipeline = load_ner()
    text = ("Ola Nordmann fra Helse Nord RHF møtte Kari Berg og Per Sandvik i Tromsø.\n\nUllevål sykehus og "
            "Rikshospitalet ble slått sammen til Oslo universitetssykehus.")  # the members disagree on the second
    paragraphs = [p for _, p in nlp._paragraphs(text)]
    offsets = [o for o, _ in nlp._paragraphs(text)]

    def chars(docs):
        return sorted((o + e.start_char, o + e.end_char, e.label_) for o, d in zip(offsets, docs) for e in d.ents
                      if e.label_ in LABELS)

    first = pipeline.get_pipe("vote").keys[0]
    with pipeline.select_pipes(enable=["place_names", first]):
        alone = chars(pipeline.pipe(paragraphs))
    voted = chars(pipeline.pipe(paragraphs))
    assert alone and voted and alone != voted
    assert ner_spans(text) == alone
    first_only = load_ner(False)
    assert first_only.pipe_names == ["place_names", first]  # the other members are not even loaded
    assert load_ner(vote=True) is load_ner() and load_ner(0) is first_only
    assert chars(first_only.pipe(paragraphs)) == alone  # a plain NER pipeline, float32 again
    assert ner_spans(text, vote=True) == voted
    monkeypatch.setenv("MINUTES_NER", "vote")
    assert ner_spans(text) == voted
