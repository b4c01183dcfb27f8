"""Votes and outcomes read from the sentences that record them (pipeline/votes.py)."""
import pytest

from pipeline.votes import case_outcome, find_votes
from pipeline.zones import Document


def votes(text: str):
    return [(v.result, v.unanimous, v.motion, v.votes_for, v.against, v.abstained, v.parties_for, v.parties_against)
            for v in find_votes(Document(text, [], [0]), 0, len(text))]


@pytest.mark.parametrize("text, expected", [
    ("Enstemmig vedtatt.", ("adopted", True, None, None, None, None, [], [])),
    ("Samrøystes vedteke.", ("adopted", True, None, None, None, None, [], [])),
    ("Innstillingen ble vedtatt med 21 mot 6 stemmer.", ("adopted", False, "Innstillingen", 21, 6, None, [], [])),
    ("Forslaget fra FrP falt med 8 mot 25 stemmer (FrP, H).",
     ("rejected", False, "Forslaget fra FrP", 8, 25, None, ["FrP", "H"], [])),
    ("Innstillinga vart vedteken mot 3 røyster (SV).", ("adopted", False, "Innstillinga", None, 3, None, [], ["SV"])),
    ("Rådmannens innstilling ble enstemmig vedtatt.",
     ("adopted", True, "Rådmannens innstilling", None, None, None, [], [])),
    ("Innstillingen ble vedtatt mot 2 stemmer.", ("adopted", False, "Innstillingen", None, 2, None, [], [])),
    ("Innstillingen ble vedtatt med ni mot to stemmer.", ("adopted", False, "Innstillingen", 9, 2, None, [], [])),
    ("Votering: 15 stemte for, 4 mot, 1 avsto.", ("adopted", False, None, 15, 4, 1, [], [])),
    ("Framlegget frå Ap fall med 5 mot 12 røyster.", ("rejected", False, "Framlegget frå Ap", 5, 12, None, [], [])),
])
def test_a_vote_sentence_gives_result_counts_and_parties(text, expected):
    assert votes(text) == [expected]


def test_a_vote_broken_over_two_lines_is_one_vote():
    assert votes("Innstillingen ble vedtatt med 21\nmot 6 stemmer (FrP).") == [
        ("adopted", False, "Innstillingen", 21, 6, None, [], ["FrP"])]


def test_two_votes_in_one_sentence_are_two():
    found = votes("Forslaget fra FrP falt med 8 mot 25 stemmer, og innstillingen ble vedtatt med 25 mot 8 stemmer.")
    assert [(v[0], v[2], v[3], v[4]) for v in found] == [("rejected", "Forslaget fra FrP", 8, 25),
                                                         ("adopted", "innstillingen", 25, 8)]


def test_parties_named_as_voting_go_to_their_side():
    found = votes("Ap, SV og Sp stemte for forslaget, som ble vedtatt med 20 mot 13 stemmer.")
    assert found[0][6] == ["Ap", "SV", "Sp"] and found[0][2] == "forslaget"


@pytest.mark.parametrize("text", [
    "Kommunestyret vedtar budsjettet slik det foreligger.",
    "Budsjettet vedtas som foreslått i rådmannens innstilling.",
    "Innkalling og saksliste ble godkjent.",
    "Formannskapet behandlet saken i møte 12. mars.",
])
def test_a_decision_in_its_own_words_is_no_vote(text):
    assert votes(text) == []


@pytest.mark.parametrize("decision, expected", [
    ("Saken utsettes til neste møte.", "postponed"),
    ("Saka vert utsett.", "postponed"),
    ("Referatsakene tas til orientering.", "noted"),
    ("Meldinga vert teken til vitande.", "adopted"),  # "teken til vitande" is not the lexicon's "teke til vitande"
    ("Kommunestyret godkjenner årsregnskapet for 2018.", "adopted"),
    (None, "unknown"),
])
def test_the_outcome_follows_the_decision(decision, expected):
    assert case_outcome(decision, [], notice=False) == expected


def test_a_notice_has_no_outcome_yet():
    assert case_outcome("Kommunestyret godkjenner årsregnskapet.", [], notice=True) == "unknown"


def test_without_a_decision_the_last_vote_decides():
    found = find_votes(Document("Forslaget falt med 3 mot 6 stemmer.", [], [0]), 0, 35)
    assert case_outcome(None, found, notice=False) == "rejected"
