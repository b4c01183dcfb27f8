import json
from datetime import date

from pipeline.index.elastic import bulk_lines, mapping, stale_queries
from pipeline.records import Case, Entity, Meeting
from test_index_sqlite import ASKER, BAERUM, NO_CASES, make_record

TWICE = make_record(
    "e" * 64, "in/twice.pdf", Meeting(title="Referat", date="2018-02-30"),  # an impossible date is dropped
    [Case(number="3/18", title="Første", text="Sak 3/18 Første"), Case(number="3/18", title="Andre", text="Andre")],
    entities=[Entity(type="DATE", text="14. juni", value="2018-06-14", page=1, start=0, end=0, case="3/18"),
              Entity(type="DATE", text="32. mai", value="2018-05-32", page=1, start=0, end=0, case="3/18"),
              Entity(type="AMOUNT", text="- 380 173", value=-380173.5, page=1, start=0, end=0, case="3/18"),
              Entity(type="COUNTY", text="Viken", value="Viken", number="30", page=1, start=0, end=0, case="3/18")])


def check_value(value, spec: dict, where: str) -> None:
    """`value` fits the mapping `spec`: every field is mapped (dynamic: strict) and of the mapped type."""
    if value is None:
        return
    if isinstance(value, list):
        for item in value:
            check_value(item, spec, where)
        return
    if "properties" in spec:
        assert isinstance(value, dict), where
        for key, item in value.items():
            assert key in spec["properties"], f"{where}.{key} is not in the mapping"
            check_value(item, spec["properties"][key], f"{where}.{key}")
        return
    kind = spec["type"]
    if kind in ("keyword", "text"):
        assert isinstance(value, str), where
    elif kind == "integer":
        assert isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**31, where
    elif kind == "date":
        assert spec["format"] == "strict_date" and date.fromisoformat(value).isoformat() == value, where
    elif kind == "scaled_float":
        assert isinstance(value, (int, float)) and abs(value * spec["scaling_factor"]) < 2**63, where
    else:
        raise AssertionError(f"{where}: unexpected mapping type {kind}")


def test_every_bulk_line_fits_the_mapping():
    lines = list(bulk_lines([BAERUM, ASKER, NO_CASES, TWICE], index="møter"))
    assert len(lines) == 2 * 6
    root = mapping()["mappings"]
    assert root["dynamic"] == "strict"
    ids = []
    for action_line, doc_line in zip(lines[::2], lines[1::2]):
        action, doc = json.loads(action_line), json.loads(doc_line)
        assert list(action) == ["index"] and action["index"]["_index"] == "møter"
        ids.append(action["index"]["_id"])
        check_value(doc, root, "doc")
        assert doc["text"] or doc["title"]
    assert ids == ["a" * 64 + "-12/18", "a" * 64 + "-13/18", "b" * 64 + "-45/19", "c" * 64,
                   "e" * 64 + "-3/18", "e" * 64 + "-3/18-2"]
    assert ids == [json.loads(line)["index"]["_id"] for line in list(bulk_lines([BAERUM, ASKER, NO_CASES, TWICE]))[::2]]


def test_facets_and_dates_in_documents():
    docs = [json.loads(line) for line in list(bulk_lines([TWICE, BAERUM]))[1::2]]
    assert docs[0]["meeting"]["date"] is None
    assert docs[0]["dates"] == ["2018-06-14"] and docs[0]["amounts"] == [-380173.5]
    assert docs[0]["counties"] == [{"name": "Viken", "id": "30"}]
    assert docs[2]["persons"] == ["Lisbeth Hammer Krog"] and docs[2]["participants"] == ["Ole Åsmund Ødegård"]
    assert docs[3]["municipalities"] == [{"name": "Bærum", "id": "0219"}]


def test_mapping_uses_norwegian_analyzer_on_text_and_keywords_for_facets():
    props = mapping()["mappings"]["properties"]
    for field in ("title", "text", "decision"):
        assert props[field]["analyzer"] == "norwegian"
    assert props["meeting"]["properties"]["title"]["analyzer"] == "norwegian"
    assert props["meeting"]["properties"]["date"]["type"] == "date"
    assert props["persons"]["type"] == "keyword" and props["municipalities"]["properties"]["id"]["type"] == "keyword"
    assert props["amounts"]["type"] == "scaled_float"


def test_cli_export_bulk_and_mapping(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    (tmp_path / f"{BAERUM['id']}.json").write_text(json.dumps(BAERUM), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["export", str(tmp_path), "--format", "elasticsearch",
                                 "-o", str(tmp_path / "b.ndjson")])
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "b.ndjson").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4 and json.loads(lines[0])["index"]["_id"] == BAERUM["id"] + "-12/18"
    result = runner.invoke(app, ["export", "--mapping"])
    assert result.exit_code == 0 and json.loads(result.output) == mapping()
    result = runner.invoke(app, ["export", str(tmp_path), "--format", "solr"])
    assert result.exit_code == 2 and "--format" in result.output


def test_stale_queries_remove_earlier_exports_at_the_same_paths():
    lines = list(bulk_lines([BAERUM, ASKER], export_id="x1"))
    docs = [json.loads(line) for line in lines[1::2]]
    assert {doc["export_id"] for doc in docs} == {"x1"}
    check_value(docs[0], mapping()["mappings"], "doc")
    queries = [json.loads(q) for q in stale_queries(["b.pdf", "a.pdf", None, "a.pdf", "c.pdf"], "x1", chunk=2)]
    assert [q["query"]["bool"]["filter"][0]["terms"]["path"] for q in queries] == [["a.pdf", "b.pdf"], ["c.pdf"]]
    assert all(q["query"]["bool"]["must_not"] == [{"term": {"export_id": "x1"}}] for q in queries)


def test_cli_export_writes_stale_queries_for_the_exported_paths(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / f"{BAERUM['id']}.json").write_text(json.dumps(BAERUM), encoding="utf-8")
    result = CliRunner().invoke(app, ["export", str(tmp_path / "in"), "-o", str(tmp_path / "b.ndjson"),
                                      "--stale-queries", str(tmp_path / "stale.ndjson")])
    assert result.exit_code == 0, result.output
    export_id = json.loads((tmp_path / "b.ndjson").read_text(encoding="utf-8").splitlines()[1])["export_id"]
    (query,) = [json.loads(q) for q in (tmp_path / "stale.ndjson").read_text(encoding="utf-8").splitlines()]
    assert query["query"]["bool"]["filter"][0]["terms"]["path"] == [BAERUM["source"]["path"]]
    assert query["query"]["bool"]["must_not"][0]["term"]["export_id"] == export_id


def test_cli_export_of_nothing_writes_an_empty_stale_queries_file(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    (tmp_path / "in").mkdir()
    (tmp_path / "stale.ndjson").write_text("left from an earlier export\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["export", str(tmp_path / "in"), "-o", str(tmp_path / "b.ndjson"),
                                      "--stale-queries", str(tmp_path / "stale.ndjson")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "stale.ndjson").read_bytes() == b""
    assert not list(tmp_path.glob(".*.tmp"))
