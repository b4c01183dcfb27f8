from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.errors import InputError
from pipeline.train import (Sentence, augment, entity_spans, load_splits, read_conll, score,
                            train_ner)

# A tiny NorNE-shaped corpus: (token, NorNE tag) per sentence.
SENTENCES = [
    [("Kari", "B-PER"), ("Nordmann", "I-PER"), ("bor", "O"), ("i", "O"), ("Bergen", "B-GPE_LOC"), (".", "O")],
    [("Norsk", "B-ORG"), ("Helsenett", "I-ORG"), ("leverer", "O"), ("tjenester", "O"), ("til", "O"),
     ("Helse", "B-ORG"), ("Vest", "I-ORG"), (".", "O")],
    [("Ola", "B-PER"), ("Hansen", "I-PER"), ("gikk", "O"), ("til", "O"), ("Galdhøpiggen", "B-LOC"), (".", "O")],
    [("Oslo", "B-GPE_ORG"), ("kommune", "O"), ("vedtok", "O"), ("budsjettet", "O"), (".", "O")],
    [("Han", "O"), ("leste", "O"), ("Aftenposten", "B-PROD"), ("og", "O"), ("lo", "O"), (".", "O")],
    [("Hun", "O"), ("har", "O"), ("sett", "O"), ("kreftcellene", "B-MISC"), ("selv", "I-MISC"), (".", "O")],
    [("Lise", "B-PER"), ("Berg", "I-PER"), ("leder", "O"), ("Statens", "B-ORG"), ("vegvesen", "I-ORG"),
     ("i", "O"), ("Trondheim", "B-GPE_LOC"), (".", "O")],
    [("Møtet", "O"), ("ble", "O"), ("holdt", "O"), ("i", "O"), ("Stavanger", "B-GPE_LOC"), (".", "O")],
]
HEADLINE = [("Ny", "O"), ("leder", "O"), ("i", "O"), ("Tromsø", "B-GPE_LOC")]


def conll_x(sentences) -> str:
    """NDT's CoNLL-X: 10 columns, NER as name=... in the last."""
    return "".join(
        "".join(f"{i}\t{w}\t{w}\t_\t_\t_\t0\t_\t_\tname={t}\n" for i, (w, t) in enumerate(s, 1)) + "\n"
        for s in sentences)


def conll_u(sentences) -> str:
    """UD's CoNLL-U: comments, SpaceAfter=No before the final full stop."""
    out = []
    for n, s in enumerate(sentences):
        out.append(f"# sent_id = {n}\n# text = {' '.join(w for w, _ in s)}\n")
        for i, (w, t) in enumerate(s, 1):
            space = "SpaceAfter=No|" if i < len(s) and s[i][0] == "." else ""  # s[i] is the next token
            out.append(f"{i}\t{w}\t{w}\tX\t_\t_\t0\tdep\t_\t{space}name={t}\n")
        out.append("\n")
    return "".join(out)


@pytest.fixture
def norne(tmp_path: Path) -> Path:
    """NorNE layout: the whole treebank in ndt/, dev = sentence 0 and the headline, test = sentence 1."""
    for lang, prefix in (("nob", "no_bokmaal"), ("nno", "no_nynorsk")):
        (tmp_path / "ndt" / lang).mkdir(parents=True)
        (tmp_path / "ud" / lang).mkdir(parents=True)
        # NDT marks headlines with a final "|" token that UD drops.
        headline = HEADLINE + [("|", "O")]
        (tmp_path / "ndt" / lang / "a.conll").write_text(conll_x(SENTENCES + [headline]), encoding="utf-8")
        (tmp_path / "ud" / lang / f"{prefix}-ud-dev.conllu").write_text(
            conll_u([SENTENCES[0], HEADLINE]), encoding="utf-8")
        (tmp_path / "ud" / lang / f"{prefix}-ud-test.conllu").write_text(conll_u([SENTENCES[1]]), encoding="utf-8")
    return tmp_path


def test_read_conll_maps_labels_and_spacing(norne):
    sentences = read_conll(norne / "ndt" / "nob" / "a.conll")
    assert len(sentences) == len(SENTENCES) + 1
    assert sentences[0].tags == ("B-PER", "I-PER", "O", "O", "B-GPE", "O")
    assert sentences[3].tags[0] == "B-GPE"  # GPE_ORG
    assert sentences[4].tags[2] == "B-PROD"
    assert sentences[5].tags == ("O",) * 6  # MISC is dropped
    dev = read_conll(norne / "ud" / "nob" / "no_bokmaal-ud-dev.conllu")
    assert dev[0].words == tuple(w for w, _ in SENTENCES[0])
    assert dev[0].spaces[-2:] == (False, True)


def test_train_split_excludes_dev_and_test_sentences(norne):
    splits = load_splits(norne, "nob")
    held_out = {s.words for s in splits["dev"] + splits["test"]}
    assert len(splits["train"]) == len(SENTENCES) - 2
    assert not {s.words for s in splits["train"]} & held_out
    assert all(s.words[-1] != "|" for s in splits["train"])  # the headline is in dev


def test_missing_data_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="--data"):
        load_splits(tmp_path, "nob")
    result = CliRunner().invoke(app, ["train", "ner", "--data", str(tmp_path), "--out", str(tmp_path / "m")])
    assert result.exit_code == InputError.exit_code
    assert "NorNE data not found" in result.output


def test_augment_swaps_mentions_of_the_same_label(norne):
    sentences = read_conll(norne / "ndt" / "nob" / "a.conll")
    augmented = augment(sentences, seed=1)
    with_entities = [s for s in sentences if any(t != "O" and not t.endswith("PROD") for t in s.tags)]
    assert augmented[:len(sentences)] == sentences
    copies = augmented[len(sentences):]
    assert len(copies) == len(with_entities)
    mentions = {(s.words[a:b], label) for s in sentences for a, b, label in entity_spans(s.tags)}
    for original, copy in zip(with_entities, copies):
        assert len(copy.words) == len(copy.spaces) == len(copy.tags)
        assert {(copy.words[a:b], label) for a, b, label in entity_spans(copy.tags)} <= mentions
        assert [t[2:] for t in copy.tags if t.startswith("B-")] == [t[2:] for t in original.tags if t.startswith("B-")]
        assert [w for w, t in zip(copy.words, copy.tags) if t == "O"] == [
            w for w, t in zip(original.words, original.tags) if t == "O"]


def test_augment_makes_as_many_copies_as_asked(norne):
    sentences = read_conll(norne / "ndt" / "nob" / "a.conll")
    copies = augment(sentences, seed=2, copies=2)[len(sentences):]
    assert len(copies) == 2 * len([s for s in sentences if any(t != "O" and not t.endswith("PROD") for t in s.tags)])


def test_entity_spans_from_iob():
    assert entity_spans(["B-PER", "I-PER", "O", "B-ORG", "B-ORG", "I-ORG"]) == {
        (0, 2, "PER"), (3, 4, "ORG"), (4, 6, "ORG")}


def test_score_counts_exact_spans_only():
    import spacy
    from spacy.language import Language

    @Language.component("test_fixed_ents")
    def fixed_ents(doc):
        doc.ents = [doc.char_span(0, 4, "PER"), doc.char_span(14, 20, "GPE")]  # "Kari", "Bergen"
        return doc

    nlp = spacy.blank("nb")
    nlp.add_pipe("test_fixed_ents")
    gold = Sentence(("Kari", "Nordmann", "Bergen"), (True, True, False), ("B-PER", "I-PER", "B-GPE"))
    scores = score(nlp, [gold])
    assert scores["PER"] == {"p": 0.0, "r": 0.0, "f": 0.0, "n": 1}  # partial span is wrong
    assert scores["GPE"]["f"] == 1.0
    assert scores["ALL"]["p"] == scores["ALL"]["r"] == 0.5


@pytest.mark.slow
def test_training_smoke(norne, tmp_path):
    """The whole path (conversion, spaCy training, copy of model-best, scoring) with a tiny network."""
    import spacy

    small = {"components.tok2vec.model.encode.width": 16, "components.tok2vec.model.encode.depth": 1,
             "training.eval_frequency": 5}
    scores = train_ner(tmp_path / "model", data=norne, max_steps=10, overrides=small, members=1)
    nlp = spacy.load(tmp_path / "model")
    assert nlp.pipe_names == ["place_names", "tok2vec", "ner"]
    assert nlp.get_pipe("place_names").kinds["Bergen"] == "MUNI"
    assert {"PER", "ORG", "LOC", "GPE", "PROD"} <= set(nlp.get_pipe("ner").labels)
    assert set(scores) == {"nob dev", "nob test", "nno test"}
    assert scores["nob dev"]["ALL"]["n"] == 3 and scores["nob test"]["ALL"]["n"] == 2


@pytest.mark.slow
def test_ensemble_smoke(norne, tmp_path):
    """Three tiny members joined into one pipeline: each tags inside it as it does alone, the pipeline's entities are
    the majority vote of theirs, and the cascade `ner_spans` uses (later members only where the first disagree)
    gives the same entities."""
    import spacy

    from pipeline.ner_components import cast_weights, ensemble_pipe, vote

    small = {"components.tok2vec.model.encode.width": 16, "components.tok2vec.model.encode.depth": 1,
             "training.eval_frequency": 2, "system.seed": 7}
    train_ner(tmp_path / "model", data=norne, max_steps=6, overrides=small, work=tmp_path / "work", members=3)
    nlp = spacy.load(tmp_path / "model")
    keys = ["ner_1", "ner_2", "ner_3"]
    assert nlp.pipe_names == ["place_names", "ner_1", "hold_ner_1", "ner_2", "hold_ner_2", "ner_3", "hold_ner_3",
                              "vote"]
    texts = [" ".join(w for w, _ in s) for s in SENTENCES] + ["Kari Nordmann og Ola Hansen møtte Helse Vest i Oslo."]

    def spans(spans_):
        return {(s.start, s.end, s.label_) for s in spans_}

    alone = []
    for i in (1, 2, 3):
        member = spacy.load(tmp_path / "work" / f"member_{i}" / "model-best")
        cast_weights(member, "float16")  # rounded as the ensemble stores it
        cast_weights(member, "float32")
        alone.append([spans(d.ents) for d in member.pipe(texts)])
    weights = [node.get_param(p) for node in nlp.get_pipe("ner_2").model.walk() for p in node.param_names
               if node.has_param(p)]
    assert weights and {w.dtype.name for w in weights} == {"float32"}  # stored as float16, computed as float32
    with nlp.select_pipes(disable=["vote"]):
        inside = [[spans(d.spans[key]) for key in keys] for d in nlp.pipe(texts)]
    assert inside == [list(members) for members in zip(*alone)]
    assert any(len({frozenset(m) for m in members}) > 1 for members in inside)  # members that disagree somewhere
    voted = [sorted(spans(d.ents)) for d in nlp.pipe(texts)]
    assert voted == [vote(members, 2) for members in inside]
    assert [sorted(spans(d.ents)) for d in ensemble_pipe(nlp, texts)] == voted
