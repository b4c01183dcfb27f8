import json

from pipeline.popolo import COLLECTIONS, popolo, write_popolo
from pipeline.records import Case, CaseItem, Extractor, Meeting, Participant, Record, Source, Vote


def make_record(sha: str, body: str, date: str, participants: list[Participant], cases=(),
                organization: str = "Bærum kommune") -> dict:
    return Record(
        id=sha, source=Source(path=f"in/{sha[:4]}.pdf", sha256=sha, pages=2,
                              extractor=Extractor(name="t", version="0")),
        meeting=Meeting(title=f"Møteprotokoll {body}", kind="protokoll", body=body, organization=organization,
                        date=date, start_time="18:00", location="Bærum rådhus"),
        participants=participants, cases=list(cases),
    ).model_dump(mode="json")


BUDGET = Case(
    number="12/24", seq=12, year=2024, title="Budsjett 2025", outcome="adopted",
    votes=[Vote(motion="innstillingen", result="adopted", votes_for=30, against=10,
                parties_for=["H", "V"], parties_against=["Ap"])],
    items=[CaseItem(label="a)", title="Driftsbudsjett", votes=[Vote(result="rejected", votes_for=5, against=35,
                                                                     abstained=1)]),
           CaseItem(label="b)", title="Investeringer", votes=[Vote(result="unknown", unanimous=True)])])


def records() -> list[dict]:
    formannskapet = make_record("a" * 64, "Formannskapet", "2024-03-05", [
        Participant(name="Åse Ødegård", status="present", role="ordfører", party="H", municipality="Bærum"),
        Participant(name="Per Hansen", status="present", party="Ap", municipality="Bærum"),
        Participant(name="Kari Nilsen", status="secretariat", role="referent"),
    ], [BUDGET])
    kommunestyret = make_record("b" * 64, "Kommunestyret", "2024-03-12", [
        Participant(name="åse  ødegård", status="present", role="ordfører", party="H", municipality="Bærum"),
        Participant(name="Kari Nilsen", status="secretariat", role="referent"),
    ])
    asker = make_record("d" * 64, "Formannskapet", "2024-03-06", [
        Participant(name="Per Hansen", status="present", party="Ap", municipality="Asker"),
    ], organization="Asker kommune")
    return [formannskapet, kommunestyret, asker]


def by_id(data, collection):
    return {obj["id"]: obj for obj in data[collection]}


def persons_named(data, name):
    return [p for p in data["persons"] if p["name"].casefold() == name.casefold()]


def test_collections():
    data = popolo(records())
    assert tuple(data) == COLLECTIONS
    assert len(data["events"]) == 3 and len(data["motions"]) == len(data["vote_events"]) == 3


def test_the_same_name_in_the_same_municipality_is_one_person():
    data = popolo(records())
    assert len(persons_named(data, "Åse Ødegård")) == 1
    assert len(persons_named(data, "Kari Nilsen")) == 1  # no municipality: keyed by the meeting's organization


def test_the_same_name_in_different_municipalities_is_two_persons():
    assert len(persons_named(popolo(records()), "Per Hansen")) == 2


def test_organizations_bodies_belong_to_their_municipality_and_parties_are_named():
    data = popolo(records())
    organizations = by_id(data, "organizations")
    bodies = [o for o in data["organizations"] if o["classification"] == "body"]
    assert sorted((b["name"], organizations[b["parent_id"]]["name"]) for b in bodies) == [
        ("Formannskapet", "Asker kommune"), ("Formannskapet", "Bærum kommune"), ("Kommunestyret", "Bærum kommune")]
    assert sorted(o["name"] for o in data["organizations"] if o["classification"] == "party") == ["Ap", "H", "V"]


def test_events_list_participants_with_their_status():
    data = popolo(records())
    event = data["events"][0]
    organizations, persons = by_id(data, "organizations"), by_id(data, "persons")
    assert event["start_date"] == "2024-03-05T18:00" and event["location"] == {"name": "Bærum rådhus"}
    assert organizations[event["organization_id"]]["name"] == "Formannskapet"
    assert [(persons[p["entity_id"]]["name"], p["note"]) for p in event["participants"]] == [
        ("Åse Ødegård", "present"), ("Per Hansen", "present"), ("Kari Nilsen", "secretariat")]
    assert all(p["entity_type"] == "person" for p in event["participants"])


def test_memberships_are_of_the_body_on_behalf_of_the_party_and_deduplicated():
    data = popolo(records() + records())
    organizations, persons = by_id(data, "organizations"), by_id(data, "persons")

    def described(membership):
        body = organizations[membership["organization_id"]]
        return (persons[membership["person_id"]]["name"], body["name"], organizations[body["parent_id"]]["name"],
                membership["role"], organizations[membership["on_behalf_of_id"]]["name"])

    assert sorted(described(m) for m in data["memberships"]) == [  # the secretary is no member
        ("Per Hansen", "Formannskapet", "Asker kommune", None, "Ap"),
        ("Per Hansen", "Formannskapet", "Bærum kommune", None, "Ap"),
        ("Åse Ødegård", "Formannskapet", "Bærum kommune", "ordfører", "H"),
        ("Åse Ødegård", "Kommunestyret", "Bærum kommune", "ordfører", "H"),
    ]


def test_motions_and_vote_events():
    data = popolo(records())
    motions = by_id(data, "motions")
    case_vote, item_vote, unanimous = data["vote_events"]
    assert motions[case_vote["motion_id"]]["text"] == "innstillingen"
    assert motions[item_vote["motion_id"]]["text"] == "Driftsbudsjett"
    assert motions[item_vote["motion_id"]]["identifier"] == "12/24 a)"
    assert case_vote["legislative_session_id"] == data["events"][0]["id"] == motions[case_vote["motion_id"]][
        "legislative_session_id"]
    assert (case_vote["result"], item_vote["result"], unanimous["result"]) == ("pass", "fail", None)
    assert case_vote["counts"] == [{"option": "yes", "value": 30}, {"option": "no", "value": 10}]
    assert item_vote["counts"] == [{"option": "yes", "value": 5}, {"option": "no", "value": 35},
                                   {"option": "abstain", "value": 1}]
    assert unanimous["counts"] == [] and unanimous["extras"]["unanimous"] is True
    assert [(g["group"]["name"], g["result"]) for g in case_vote["group_results"]] == [
        ("H", "pass"), ("V", "pass"), ("Ap", "fail")]


def test_ids_are_stable_and_unique():
    first, second = popolo(records()), popolo(list(reversed(records())))
    for collection in COLLECTIONS:
        ids = [obj["id"] for obj in first[collection]]
        assert len(ids) == len(set(ids))
        assert set(ids) == {obj["id"] for obj in second[collection]}
    assert popolo(records()) == first


def test_a_repeated_case_number_keeps_both_motions():
    record = make_record("e" * 64, "Bystyret", "2024-01-01", [], [BUDGET, BUDGET])
    assert len(popolo([record])["motions"]) == 6


def test_write_popolo(tmp_path):
    data = popolo(records())
    counts = write_popolo(data, tmp_path / "popolo")
    assert counts == {name: len(data[name]) for name in COLLECTIONS}
    assert sorted(p.name for p in (tmp_path / "popolo").iterdir()) == sorted(f"{n}.json" for n in COLLECTIONS)
    text = (tmp_path / "popolo" / "persons.json").read_text(encoding="utf-8")
    assert "Åse Ødegård" in text
    assert json.loads(text) == data["persons"]
