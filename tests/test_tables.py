import csv
import io
import re
import sys

import pytest

from pipeline.errors import UsageError
from pipeline.records import Case, CaseItem, Entity, Extractor, Meeting, Participant, Record, Source, Vote
from pipeline.tables import COLUMNS, record_tables, write_csv, write_parquet

DECISION = "Rådmannens forslag vedtas, med disse endringene:\n1. Økt ramme for skolene."


def baerum_record() -> dict:
    """A schema-2 record with votes on a case and on one of its items."""
    sha = "a" * 64
    return Record(
        id=sha,
        source=Source(path="in/bærum-fsk.pdf", sha256=sha, pages=3, ocr_pages=[3],
                      extractor=Extractor(name="minutes", version="0")),
        meeting=Meeting(title="Møteprotokoll Formannskapet", kind="protokoll", body="Formannskapet",
                        organization="Bærum kommune", date="2024-03-05", start_time="18:00", end_time="20:30",
                        location="Kommunestyresalen, Bærum rådhus"),
        participants=[
            Participant(name="Åse Ødegård", status="present", role="ordfører", party="H", municipality="Bærum",
                        page=1),
            Participant(name="Per Hansen", status="absent", party="Ap", municipality="Bærum", page=1),
            Participant(name="Kari Nilsen", status="secretariat", role="referent", page=1),
        ],
        cases=[
            Case(number="12/24", seq=12, year=2024, title="Budsjett 2025", decision=DECISION, outcome="adopted",
                 page_start=1, page_end=2,
                 votes=[Vote(motion="innstillingen", result="adopted", votes_for=30, against=10,
                             parties_for=["H", "V"], parties_against=["Ap"], page=2)],
                 items=[CaseItem(label="a)", title="Driftsbudsjett",
                                 votes=[Vote(result="rejected", votes_for=5, against=35, abstained=1, page=2)]),
                        CaseItem(label="b)", title="Investeringer")]),
            Case(number="13/24", seq=13, year=2024, title="Referatsaker", outcome="noted", page_start=3, page_end=3),
        ],
        entities=[
            Entity(id="e1", type="AMOUNT", text="1,5 mill. kroner", value=1500000.0, currency="NOK", start=10,
                   end=26, case="12/24", page=2),
            Entity(id="e2", type="MUNICIPALITY", text="Bærum", value="Bærum", number="3024", start=0, end=5,
                   source="gazetteer", page=1),
            Entity(id="e3", type="PERSON", text="Åse Ødegård", value="Åse Ødegård", start=30, end=41,
                   participant=0, source="list", page=1),
        ],
    ).model_dump(mode="json")


def schema_1_record() -> dict:
    """As version 1 wrote it: no votes or outcome, a place's official number in `id`; some keys missing."""
    return {
        "schema_version": "1", "id": "c" * 64,
        "source": {"path": "in/vestregionen.pdf", "sha256": "c" * 64, "pages": 4},
        "meeting": {"title": "Referat", "body": "Rådmannsgruppen", "organization": "Vestregionen",
                    "date": "2018-02-22"},
        "participants": [{"name": "Bente Gravdal", "status": "present", "municipality": "Lier", "page": 1}],
        "cases": [{"number": "01/2018", "seq": 1, "year": 2018, "title": "Referat", "items": []}],
        "entities": [{"type": "MUNICIPALITY", "text": "Drammen", "value": "Drammen", "id": "0602", "page": 1,
                      "start": 139, "end": 146, "case": "01/2018"}],
    }


@pytest.fixture
def tables():
    return record_tables([baerum_record(), schema_1_record()])


def column_names(table):
    return [column for column, _ in COLUMNS[table]]


def test_row_counts_follow_the_records(tables):
    assert {name: len(rows) for name, rows in tables.items()} == {
        "meetings": 2, "participants": 4, "cases": 3, "votes": 2, "entities": 4}


def test_every_row_has_its_table_columns_in_order_and_its_keys(tables):
    for name, rows in tables.items():
        for row in rows:
            assert list(row) == column_names(name)
            assert row["record_id"]
    assert all(row["case_number"] for row in tables["cases"] + tables["votes"])


def test_meeting_row(tables):
    meeting = tables["meetings"][0]
    assert meeting["date"] == "2024-03-05" and meeting["path"] == "in/bærum-fsk.pdf"
    assert (meeting["pages"], meeting["ocr_pages"], meeting["participants"], meeting["cases"]) == (3, 1, 3, 2)
    assert tables["meetings"][1]["location"] is None and tables["meetings"][1]["ocr_pages"] == 0


def test_participants_carry_their_index_meeting_date_and_body(tables):
    first, _, secretary, lier = tables["participants"]
    assert (first["participant_index"], first["meeting_date"], first["body"]) == (0, "2024-03-05", "Formannskapet")
    assert secretary["role"] == "referent" and secretary["municipality"] is None
    assert (lier["participant_index"], lier["name"], lier["status"]) == (0, "Bente Gravdal", "present")


def test_votes_on_the_case_and_on_an_item(tables):
    case_vote, item_vote = tables["votes"]
    assert (case_vote["case_number"], case_vote["item_label"], case_vote["vote_index"]) == ("12/24", None, 0)
    assert (item_vote["case_number"], item_vote["item_label"], item_vote["vote_index"]) == ("12/24", "a)", 1)
    assert (case_vote["for"], case_vote["against"], case_vote["abstained"]) == (30, 10, None)
    assert case_vote["parties_for"] == "H; V" and case_vote["parties_against"] == "Ap"
    assert item_vote["result"] == "rejected" and item_vote["unanimous"] is False
    assert [case["votes"] for case in tables["cases"]] == [2, 0, 0]


def test_entities_schema_2_and_schema_1(tables):
    amount, place, person, old_place = tables["entities"]
    assert (amount["entity_id"], amount["case_number"], amount["value"], amount["amount"]) == (
        "e1", "12/24", "1500000", 1500000.0)
    assert (place["number"], place["amount"], place["source"]) == ("3024", None, "gazetteer")
    assert person["participant"] == 0 and person["case_number"] is None
    assert (old_place["entity_id"], old_place["number"], old_place["case_number"]) == (None, "0602", "01/2018")


def test_missing_keys_give_empty_cells():
    tables = record_tables([{"id": "x", "source": {}, "cases": [{"number": "1/24"}]}])
    assert tables["meetings"][0]["title"] is None and tables["meetings"][0]["cases"] == 1
    assert tables["cases"][0]["outcome"] is None and tables["cases"][0]["votes"] == 0


def read_csv(path):
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    return text[1:]


def test_csv_files(tables, tmp_path):
    counts = write_csv(tables, tmp_path / "out")
    assert counts == {name: len(rows) for name, rows in tables.items()}
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(f"{name}.csv" for name in COLUMNS)
    for name in COLUMNS:
        rows = list(csv.DictReader(io.StringIO(read_csv(tmp_path / "out" / f"{name}.csv"))))
        assert len(rows) == counts[name]
        assert list(rows[0]) == column_names(name)

    cases = list(csv.DictReader(io.StringIO(read_csv(tmp_path / "out" / "cases.csv"))))
    assert cases[0]["decision"] == DECISION
    votes_text = read_csv(tmp_path / "out" / "votes.csv")
    votes = list(csv.DictReader(io.StringIO(votes_text)))
    assert (votes[0]["for"], votes[0]["abstained"], votes[0]["unanimous"], votes[0]["item_label"]) == (
        "30", "", "false", "")
    assert re.search(r'"-?\d+(\.\d+)?"', votes_text) is None  # no number is quoted
    entities_text = read_csv(tmp_path / "out" / "entities.csv")
    assert ",1500000,1500000.0," in entities_text
    meetings = list(csv.DictReader(io.StringIO(read_csv(tmp_path / "out" / "meetings.csv"))))
    assert meetings[0]["path"] == "in/bærum-fsk.pdf" and meetings[0]["title"] == "Møteprotokoll Formannskapet"


def test_a_failed_csv_export_leaves_no_file(tables, tmp_path):
    class Unprintable:
        def __str__(self):
            raise RuntimeError("stopped")

    tables["cases"][1]["title"] = Unprintable()
    with pytest.raises(RuntimeError):
        write_csv(tables, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["meetings.csv", "participants.csv"]


def test_parquet_files_have_the_declared_types(tables, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow_types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    counts = write_parquet(tables, tmp_path)
    for name, columns in COLUMNS.items():
        table = pq.read_table(tmp_path / f"{name}.parquet")
        assert table.num_rows == counts[name] == len(tables[name])
        assert [(field.name, field.type) for field in table.schema] == [
            (column, arrow_types[kind]) for column, kind in columns]
    votes = pq.read_table(tmp_path / "votes.parquet").to_pylist()
    assert votes[0]["for"] == 30 and votes[1]["item_label"] == "a)" and votes[1]["unanimous"] is False
    assert pq.read_table(tmp_path / "cases.parquet").to_pylist()[0]["decision"] == DECISION


def test_an_empty_table_still_gets_a_parquet_file_with_its_schema(tmp_path):
    import pyarrow.parquet as pq

    assert write_parquet(record_tables([]), tmp_path) == {name: 0 for name in COLUMNS}
    votes = pq.read_table(tmp_path / "votes.parquet")
    assert votes.num_rows == 0 and votes.schema.names == column_names("votes")


def test_parquet_without_pyarrow_is_a_usage_error(tables, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(UsageError, match=re.escape("pip install 'minutes[parquet]'")):
        write_parquet(tables, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_text_a_spreadsheet_would_run_as_a_formula_is_written_as_text():
    from pipeline.tables import _csv_cell

    assert _csv_cell('=HYPERLINK("http://x","y")') == "'=HYPERLINK(\"http://x\",\"y\")"
    assert _csv_cell("@SUM(A1)") == "'@SUM(A1)" and _csv_cell("+1") == "'+1"
    assert _csv_cell("- punkt 1") == "- punkt 1" and _csv_cell("-380 173") == "-380 173"
    assert _csv_cell(-5) == -5


def test_the_export_command_writes_tables_whose_rows_match_the_records(tmp_path):
    import json

    from typer.testing import CliRunner

    from pipeline.cli import app

    records = tmp_path / "records.jsonl"
    records.write_text(json.dumps(baerum_record(), ensure_ascii=False) + "\n", encoding="utf-8")
    runner = CliRunner()
    for fmt in ("csv", "parquet", "popolo"):
        result = runner.invoke(app, ["export", str(records), "--format", fmt, "-o", str(tmp_path / fmt)])
        assert result.exit_code == 0, result.output
    with open(tmp_path / "csv" / "votes.csv", encoding="utf-8-sig", newline="") as f:
        assert len(list(csv.DictReader(f))) == 2
    import pyarrow.parquet as pq

    assert pq.read_table(tmp_path / "parquet" / "participants.parquet").num_rows == 3
    assert len(json.loads((tmp_path / "popolo" / "vote_events.json").read_text(encoding="utf-8"))) == 2
    result = runner.invoke(app, ["export", str(records), "--format", "csv"])
    assert result.exit_code == 2 and "-o DIR" in result.output
