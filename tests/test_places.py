from pipeline.places import find_places, resolve_county, resolve_municipality


def names(text, forced=frozenset()):
    return [(p.text, p.kind) for p in find_places(text, forced)]


def test_number_valid_on_the_meeting_date():
    assert resolve_municipality("Røyken", "2018-02-22").number == "0627"
    assert resolve_municipality("Asker", "2018-02-22").number == "0220"
    assert resolve_municipality("Asker", "2021-05-01").number == "3025"
    assert resolve_county("Buskerud", "2018-02-22").number == "06"
    assert resolve_county("Buskerud", "2024-06-01").number == "33"
    assert resolve_county("Viken fylkeskommune", "2021-01-01").number == "30"


def test_homonyms_prefer_the_documents_counties():
    assert resolve_municipality("Sande", "2018-02-22", frozenset({"06", "07"})).number == "0713"
    assert resolve_municipality("Sande", "2018-02-22", frozenset({"15"})).number == "1514"


def test_ambiguous_names_need_context():
    assert names("Lier og Hole bes orientere.") == []
    text = "Lier og Hole kommuner har inngått avtale. Lier og Hole bes orientere."
    assert names(text) == [("Lier", "MUNICIPALITY"), ("Hole", "MUNICIPALITY")] * 2
    assert names("Det var et møte i Vik i går") == [("Vik", "MUNICIPALITY")]
    assert names("Helga Vik Lægreid (Sp)") == []
    assert names("Aud Norunn Strand, Modum") == [("Modum", "MUNICIPALITY")]


def test_counties_and_letterheads():
    assert names("med en sterkere involvering fra Viken fylkeskommune") == [("Viken", "COUNTY")]
    assert names("NØTTERØY KOMMUNE") == [("NØTTERØY", "MUNICIPALITY")]
    assert names("UNIVERSITETET I BERGEN") == []
    assert names("Prosjekt i Vestre Vikens område") == []


def test_forced_participant_slot():
    text = "Olav Grande, Sande"
    assert names(text) == []
    assert names(text, {(13, 18)}) == [("Sande", "MUNICIPALITY")]


def test_a_county_name_wrapped_over_two_lines_and_the_nynorsk_label_stad():
    found = find_places("Rådet ber om at Møre og\nRomsdal fylkeskommune blir kontakta.\nStad: Volda rådhus")
    assert [(p.text, p.kind) for p in found] == [("Møre og Romsdal", "COUNTY"), ("Volda", "MUNICIPALITY")]
