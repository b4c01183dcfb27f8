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
    # counts after ", og" belong to the same vote; "avvist mot 2 stemmer": the two voted for what fell
    ("Dette ble nedstemt med én stemme for, to blanke, og 26 mot.", ("rejected", False, None, 1, 26, 2, [], [])),
    ("Forslaget ble vedtatt med 26 stemmer for, og tre blanke stemmer.",
     ("adopted", False, "Forslaget", 26, None, 3, [], [])),
    ("Dette ble avvist mot 2 stemmer.", ("rejected", False, None, 2, None, None, [], [])),
    ("Innkalling godkjent ved akklamasjon.", ("adopted", True, None, None, None, None, [], [])),
    ("Kari Moe og Ola Dahl vinner ved akklamasjon.", ("adopted", True, None, None, None, None, [], [])),
    ("Årsmøtet godkjente regnskapet enstemmig uten merknader.", ("adopted", True, None, None, None, None, [], [])),
    ("Begge ble enstemmig valgt.", ("adopted", True, None, None, None, None, [], [])),
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
    "Kari Moe ble valgt til leder.",  # an election without a word of voting
])
def test_a_decision_in_its_own_words_is_no_vote(text):
    assert votes(text) == []


@pytest.mark.parametrize("decision, expected", [
    ("Saken utsettes til neste møte.", "postponed"),
    ("Saka vert utsett.", "postponed"),
    ("Referatsakene tas til orientering.", "noted"),
    ("Meldinga vert teken til vitande.", "noted"),
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


@pytest.mark.parametrize("handling, expected", [
    ("Det var enighet om å opprette en egen gruppe for arbeidet.", "adopted"),
    ("Innkalling godkjent ved akklamasjon.", "adopted"),
    ("Hovedstyret sin rolle ble gjennomgått og diskutert.", "noted"),
    ("Leder orienterte om årets arrangementer.", "noted"),
    ("Saken står på sakslista.", "unknown"),
])
def test_without_a_decision_or_a_vote_the_cases_own_words_tell_how_it_ended(handling, expected):
    assert case_outcome(None, [], notice=False, handling=handling) == expected


def test_an_alternative_vote_is_one_vote_for_the_proposal_that_won():
    assert votes("Ved alternativ votering mellom innstillingen og forslaget fra Sp fikk innstillingen 19 stemmer og "
                 "forslaget fra Sp 8 stemmer (Sp, H, KrF).") == [
        ("adopted", False, "innstillingen", 19, 8, None, [], ["Sp", "H", "KrF"])]


def test_counts_then_a_result_are_one_vote():
    assert votes("Votering: 42 røysta for, 7 mot, 3 avstod.\nFramlegget er vedteke.") == [
        ("adopted", False, "Framlegget", 42, 7, 3, [], [])]


def test_a_table_of_votes_by_party_names_the_sides_of_the_vote_after_it():
    table = "Parti   For   Mot\nAp   13   0\nFrP   0   8\nH   0   6\nSV   5   0\nSum   18   14\n\n"
    assert votes(table + "Innstillingen ble vedtatt med 18 mot 14 stemmer.") == [
        ("adopted", False, "Innstillingen", 18, 14, None, ["Ap", "SV"], ["FrP", "H"])]


def test_a_local_list_beside_a_party_is_a_party_too():
    assert votes("Forslaget fra SV falt med 7 mot 36 stemmer (SV, RV).")[0][6] == ["SV", "RV"]
    assert votes("Forslaget falt med 7 mot 36 stemmer (se vedlegg).")[0][6] == []


def test_an_adopted_postponement_postpones_the_case():
    found = find_votes(Document("Utsettelsesforslaget fra Ap ble vedtatt med 30 mot 13 stemmer.", [], [0]), 0, 62)
    assert case_outcome(None, found, notice=False) == "postponed"


def test_without_a_labelled_decision_the_handling_says_the_outcome():
    assert case_outcome(None, [], notice=False, handling="Debatt.\n\nFylkestinget tok svaret til orientering.") == \
        "noted"


def test_a_lead_in_to_a_vote_is_no_vote_unless_it_says_how_the_vote_went():
    assert votes("Votering over formannskapets innstilling med vedtatt endring:") == []
    assert votes("Et enstemmig fylkesutvalg vedtok:") == [("adopted", True, None, None, None, None, [], [])]


def test_an_amount_before_for_is_no_count():
    assert votes("Styret foreslo kr 95 000 for perioden. Forslaget ble vedtatt.") == [
        ("adopted", False, "Forslaget", None, None, None, [], [])]


def test_a_count_on_one_side_without_a_result_is_no_vote():
    assert votes("I møtet har sameierne stemmerett med én stemme for hver seksjon de eier.") == []
    assert votes("Votering: 15 stemte for, 4 mot.") == [("adopted", False, None, 15, 4, None, [], [])]


def _record(lines):
    from pipeline.extract import build_record
    from pipeline.layout import Line, Page

    page = Page(1, 595, 842, [Line(t, 50, 50 + 14 * i, 400, 60 + 14 * i, 10) for i, t in enumerate(lines)])
    return build_record([page], "x.pdf", "0" * 64)


def test_the_votes_of_a_case_in_the_record_and_a_notice_has_none():
    case = ["Sak 12/19 Budsjett 2020", "Behandling:", "Forslaget fra FrP falt med 8 mot 25 stemmer.",
            "Innstillingen ble vedtatt med 25 mot 8 stemmer.", "Vedtak:", "Budsjettet vedtas."]
    record = _record(["Møteprotokoll", "Kommunestyret", "Møtedato: 12.12.2019", *case])
    [c] = record.cases
    assert [(v.result, v.votes_for, v.against) for v in c.votes] == [("rejected", 8, 25), ("adopted", 25, 8)]
    assert c.outcome == "adopted" and c.votes[1].page == 1 and c.votes[1].bbox
    notice = _record(["Møteinnkalling", "Kommunestyret", "Møtedato: 12.12.2019", *case])
    assert notice.cases[0].votes == [] and notice.cases[0].outcome == "unknown"


def test_a_tally_written_as_fields_is_one_vote_with_the_result_after_it():
    assert votes("Saken utsettes.\nStemmer for: 15 + 2 + 1 + 9\nStemmer mot: 0\n") == [
        ("adopted", True, None, 27, 0, None, [], [])]
    assert votes("Stemmer mot: 1\nReseksjonering av seksjon nummer 43 er vedtatt som godkjent.\n") == [
        ("adopted", False, None, None, 1, None, [], [])]
    assert votes("Stemmer for: 4\nStemmer mot: 11\nBlanke: 2\n") == [("rejected", False, None, 4, 11, 2, [], [])]


def test_an_item_approved_in_one_word_or_only_reported_on_has_its_outcome():
    assert case_outcome(None, [], notice=False, handling="Godkjent.") == "adopted"
    assert case_outcome(None, [], notice=False, handling="Leder Atle Nordland orienterer om semesteret.") == "noted"
    assert case_outcome(None, [], notice=False, handling="Det stilles spørsmål. Generalforsamlingen ser seg orientert.") \
        == "noted"


def test_outcome_from_an_election_that_names_the_chosen_a_title_that_decides_and_a_report():
    assert case_outcome(None, [], False, "Valg av protokollfører: Marius Næss Olsen", "Valg av referent") == "adopted"
    assert case_outcome(None, [], False, "", "Innkalling godkjent ved akklamasjon.") == "adopted"
    assert case_outcome(None, [], False, "Øyvind legger fram at vi har vært aktive.", "Semesterberetning") == "noted"
    assert case_outcome(None, [], False, "Ingen stilte til valg.", "Valg av revisor") == "unknown"
