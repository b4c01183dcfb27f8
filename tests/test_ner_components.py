import spacy

from pipeline.ner_components import PlaceNameTagger, place_name_kinds


def tags(tagger: PlaceNameTagger, words: list[str]) -> list[str]:
    nlp = spacy.blank("nb")
    return [t.tag_ for t in tagger(spacy.tokens.Doc(nlp.vocab, words=words))]


def test_kinds_cover_municipalities_counties_countries_regions_and_genitives():
    kinds = place_name_kinds()
    assert kinds["Bærum"] == kinds["Bergens"] == "MUNI"
    assert kinds["Nordland"] == "COUNTY" and kinds["Møre og Romsdal"] == "COUNTY"
    assert kinds["Tyskland"] == kinds["Austerrike"] == "COUNTRY"  # bokmål and nynorsk names
    assert kinds["Sør-Amerika"] == "REGION"
    assert "verden" not in kinds and "Norgess" not in kinds


def test_longest_match_with_begin_and_inside_tags():
    tagger = PlaceNameTagger({"Møre og Romsdal": "COUNTY", "Møre": "REGION", "Oslo": "MUNI"})
    assert tags(tagger, ["Fra", "Møre", "og", "Romsdal", "til", "Oslo", "og", "Møre", "."]) == \
        ["", "B-COUNTY", "I-COUNTY", "I-COUNTY", "", "B-MUNI", "", "B-REGION", ""]
    assert tags(tagger, ["oslo", "Osloo"]) == ["", ""]  # case and whole tokens matter


def test_names_are_saved_with_the_model(tmp_path):
    tagger = PlaceNameTagger()
    tagger.initialize()
    tagger.to_disk(tmp_path / "place_names")
    loaded = PlaceNameTagger().from_disk(tmp_path / "place_names")
    assert loaded.kinds == tagger.kinds and len(loaded.kinds) > 1000


def test_plain_spacy_load_finds_the_component_through_the_entry_point():
    """A process that never imports `pipeline` (a search indexer, a notebook) can still load the model."""
    import subprocess
    import sys

    from pipeline.nlp import model_path

    script = ("import sys, spacy; nlp = spacy.load(sys.argv[1]); "
              "doc = nlp('Han flyttet fra Tromsø til Tyskland.'); print(nlp.pipe_names[0], [t.tag_ for t in doc][3:6])")
    done = subprocess.run([sys.executable, "-c", script, str(model_path())], capture_output=True, text=True,
                          cwd="/", timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "place_names ['B-MUNI', '', 'B-COUNTRY']"


def test_scorer_counts_the_reported_labels_only():
    from spacy.training import Example

    from pipeline.ner_components import score_output_labels

    nlp = spacy.blank("nb")
    words = ["Kari", "leste", "Aftenposten", "i", "Oslo"]
    predicted = spacy.tokens.Doc(nlp.vocab, words=words, ents=["B-PER", "O", "B-ORG", "O", "B-GPE"])
    reference = spacy.tokens.Doc(nlp.vocab, words=words, ents=["B-PER", "O", "B-PROD", "O", "B-GPE"])
    scores = score_output_labels([Example(predicted, reference)])
    assert (scores["ents_p"], scores["ents_r"]) == (2 / 3, 1.0)  # the PROD miss is no recall loss
    assert set(scores["ents_per_type"]) == {"PER", "ORG", "GPE", "PROD"}


def test_vote_keeps_what_a_majority_found_with_the_same_bounds_and_label():
    from pipeline.ner_components import vote

    a = {(0, 2, "PER"), (4, 5, "GPE"), (7, 9, "ORG")}
    b = {(0, 2, "PER"), (4, 5, "ORG"), (7, 8, "ORG")}
    c = {(0, 1, "PER"), (4, 5, "GPE"), (7, 8, "ORG"), (10, 11, "LOC")}
    assert vote([a, b, c], 2) == [(0, 2, "PER"), (4, 5, "GPE"), (7, 8, "ORG")]
    assert vote([a, b, c], 3) == []
    assert vote([a], 1) == sorted(a)


def test_vote_between_overlapping_spans_prefers_votes_then_length():
    from pipeline.ner_components import vote

    assert vote([{(0, 3, "ORG")}, {(1, 3, "ORG")}, {(1, 3, "ORG")}], 1) == [(1, 3, "ORG")]
    assert vote([{(0, 3, "ORG")}, {(1, 3, "ORG")}], 1) == [(0, 3, "ORG")]


def test_member_hold_stores_the_entities_and_leaves_the_next_member_a_blank_doc():
    from pipeline.ner_components import EntityVote, MemberHold

    nlp = spacy.blank("nb")
    doc = spacy.tokens.Doc(nlp.vocab, words=["Kari", "bor", "i", "Bergen"], ents=["B-PER", "O", "O", "B-GPE"])
    MemberHold("ner_1")(doc)
    assert [(s.text, s.label_) for s in doc.spans["ner_1"]] == [("Kari", "PER"), ("Bergen", "GPE")]
    assert doc.ents == () and {t.ent_iob_ for t in doc} == {""}  # missing, not "O": no constraint on the next NER
    doc.spans["ner_2"] = [spacy.tokens.Span(doc, 3, 4, "GPE")]
    EntityVote(["ner_1", "ner_2", "ner_3"], 2)(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Bergen", "GPE")] and not doc.spans
    EntityVote(["ner_1", "ner_2", "ner_3"], 2)(doc)  # no member ran: the doc stays as it is
    assert [(e.text, e.label_) for e in doc.ents] == [("Bergen", "GPE")]


def test_members_needed_before_agreement_settles_the_vote():
    from pipeline.ner_components import EntityVote

    assert EntityVote(["a", "b", "c"], 2).settled_after() == 2
    assert EntityVote(["a", "b"], 2).settled_after() == 2  # both must vote
    assert EntityVote(["a", "b", "c", "d", "e"], 3).settled_after() == 3


def test_ensemble_pipe_skips_the_third_member_where_the_first_two_agree_and_votes_the_same():
    from spacy.language import Language
    from spacy.tokens import Span

    from pipeline.ner_components import ensemble_pipe

    calls = []

    def tagger(name, tags, counted=False):
        @Language.component(name)
        def tag(doc):
            if counted:
                calls.append(doc.text)
            doc.set_ents([Span(doc, t.i, t.i + 1, tags[t.text]) for t in doc if t.text in tags], default="outside")
            return doc

    tagger("test_member_a", {"Kari": "PER"})
    tagger("test_member_b", {"Kari": "PER", "Oslo": "ORG"})
    tagger("test_member_c", {"Oslo": "GPE"}, counted=True)
    nlp = spacy.blank("nb")
    for key, factory in (("ner_1", "test_member_a"), ("ner_2", "test_member_b"), ("ner_3", "test_member_c")):
        nlp.add_pipe(factory, name=key)
        nlp.add_pipe("minutes_ner_member", name=f"hold_{key}", config={"key": key})
    nlp.add_pipe("minutes_ner_vote", name="vote", config={"keys": ["ner_1", "ner_2", "ner_3"], "min_votes": 2})
    texts = ["Kari bor her", "Kari bor i Oslo", "Oslo er stor"]
    full = [[(e.text, e.label_) for e in doc.ents] for doc in nlp.pipe(texts)]
    calls.clear()
    assert [[(e.text, e.label_) for e in doc.ents] for doc in ensemble_pipe(nlp, texts)] == full == \
        [[("Kari", "PER")], [("Kari", "PER")], []]
    assert calls == ["Kari bor i Oslo", "Oslo er stor"]  # not the first text, on which the first two agree
