"""End to end: the founding sample PDF against its checked-in record and its gold facts."""
import json

import pytest

from conftest import ROOT, SAMPLE_PDF
from pipeline.extract import extract_file

EXPECTED = SAMPLE_PDF.with_suffix(".json")


@pytest.fixture(scope="module")
def record():
    return extract_file(SAMPLE_PDF).model_dump(mode="json")


@pytest.mark.slow
def test_sample_matches_checked_in_record(record, monkeypatch):
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    expected["source"]["path"] = record["source"]["path"]
    assert record == expected


@pytest.mark.slow
def test_sample_meeting_cases_and_participants(record):
    m = record["meeting"]
    assert (m["date"], m["body"], m["start_time"], m["end_time"], m["location"]) == (
        "2018-02-22", "Rådmannsgruppen", "09:00", "11:15", "Drammen rådhus")
    assert [c["number"] for c in record["cases"]] == [f"0{i}/2018" for i in range(1, 9)]
    assert all(c["title"] for c in record["cases"])
    people = {p["name"]: p for p in record["participants"]}
    assert len(people) == 19
    assert people["Kari Solberg Økland"]["status"] == "substitute"
    assert people["Kari Solberg Økland"]["substitute_for"] == "Trond Julin"
    assert people["Trude Andresen"]["municipality"] == "Øvre Eiker"
    assert people["Georg N. Smedhus"]["county"] == "Buskerud"
    assert people["Nina Solberg"]["status"] == "secretariat"
    assert people["Per Kierulf"]["status"] == "absent"
    assert [w["code"] for w in record["warnings"]] == ["meeting_date_conflict", "damaged_number"]
    assert "Løpende drift - 95 63" in record["warnings"][1]["message"]


@pytest.mark.slow
def test_sample_entities_and_offsets(record):
    by_type = {}
    for e in record["entities"]:
        assert record["text"][e["start"]:e["end"]] == e["text"]
        by_type.setdefault(e["type"], set()).add(e["value"])
    gold = json.loads((ROOT.parent / "shared/samples/vestregionen-radmannsgruppen-2018-02-22.json").read_text()) \
        if (ROOT.parent / "shared/samples").exists() else None
    assert {"Bærum", "Røyken", "Sande", "Svelvik", "Nedre Eiker"} <= by_type["MUNICIPALITY"]
    assert {-380173, 8000471, 4560650, 2} <= by_type["AMOUNT"]
    assert {"2018-06-14", "2019-01-01", "2017-11-23"} <= by_type["DATE"]
    ids = {e["value"]: e["number"] for e in record["entities"] if e["type"] == "MUNICIPALITY"}
    assert ids["Røyken"] == "0627" and ids["Sande"] == "0713"
    if gold:
        for t in ("MUNICIPALITY", "COUNTY", "DATE", "AMOUNT"):
            assert set(gold["entities"][t]) <= by_type.get(t, set()), t


def test_attendance_after_the_agenda(make_pdf):
    pdf = make_pdf([["Møteprotokoll Formannskapet 04.11.2011", "Saksliste", "PS 75/11 Godkjenning av protokoll",
                     "PS 76/11 Referatsaker", "Oppmøte medlemmer Formannskapet",
                     "Navn Parti Funksjon Liste Møtte Merknad", "Robert Svarva ap ordfører ap/krf x",
                     "Anne-Grethe Hojem ap medlem ap/krf - forfall",
                     "PS 75/11 Godkjenning av protokoll", "Vedtak:", "Protokollen godkjennes. Kari Li hadde ordet."]])
    record = extract_file(pdf)
    assert {(p.name, p.status, p.role) for p in record.participants} == {
        ("Robert Svarva", "present", "ordfører"), ("Anne-Grethe Hojem", "absent", "medlem")}


def test_the_members_a_notice_lists_are_invited_not_present(make_pdf):
    pdf = make_pdf([["FRØYA KOMMUNE", "Møteinnkalling", "Utvalg: Kontrollutvalget", "Møtedato: 19.02.2009",
                     "Deltagere: Sten Kristian Røvik leder", "Thor Pettersen nestleder", "Forfall: Odd Larsen",
                     "Sakliste:", "Sak 1/2009 Godkjenning av protokoll"]])
    record = extract_file(pdf)
    assert record.meeting.kind == "innkalling"
    assert {(p.name, p.status) for p in record.participants} == {
        ("Sten Kristian Røvik", "other"), ("Thor Pettersen", "other"), ("Odd Larsen", "absent")}


def test_a_notice_followed_by_its_minutes_keeps_those_who_took_part(make_pdf):
    pdf = make_pdf([["INNKALLING TIL ÅRSMØTE", "Sameiet Solbakken vei 4, v/Styret", "Sakliste:",
                     "1. Konstituering", "2. Budsjett", "REFERAT", "1. Konstituering",
                     "Styreleder Pål Hermunn Johansen ble valgt til møteleder.",
                     "Bjørn Gran og Karsten Hansen ble valgt til å underskrive protokollen.", "2. Budsjett",
                     "Budsjettet ble enstemmig vedtatt."]])
    record = extract_file(pdf)
    assert {(p.name, p.status) for p in record.participants} == {
        ("Pål Hermunn Johansen", "present"), ("Bjørn Gran", "present"), ("Karsten Hansen", "present")}
