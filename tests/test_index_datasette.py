"""The SQLite index as a Datasette database: full-text search over cases and facets, driven through
Datasette's own test client."""
import asyncio
import json

import pytest

from pipeline.index.datasette import metadata, write_metadata
from pipeline.index.sqlite import connect, index_records
from pipeline.records import Case, Meeting, Participant
from tests.test_index_sqlite import ASKER, BAERUM, NO_CASES, make_record

datasette_app = pytest.importorskip("datasette.app")

HURUM = make_record(
    "d" * 64, "in/hurum-ks.pdf",
    Meeting(title="Protokoll Kommunestyret", body="Kommunestyret", organization="Hurum kommune", date="2016-11-02"),
    [Case(number="61/16", title="Budsjett 2017", text="Sak 61/16 Budsjett 2017\nBudsjettet for skolene økes.",
          decision="Budsjettet vedtas.", outcome="adopted", page_start=1, page_end=1)],
    participants=[Participant(name="Kari Nordmann", status="present", municipality="Hurum")])


@pytest.fixture()
def index(tmp_path):
    db = tmp_path / "minutes.sqlite"
    conn = connect(db)
    index_records(conn, [BAERUM, ASKER, NO_CASES, HURUM])
    conn.close()
    return db


def get(db, path: str) -> dict:
    async def fetch():
        ds = datasette_app.Datasette([str(db)], metadata=metadata(db))
        response = await ds.client.get(path)
        assert response.status_code == 200, response.text
        return response.json()
    return asyncio.run(fetch())


def test_datasette_finds_the_full_text_index_of_cases_by_itself(index):
    async def detected():
        ds = datasette_app.Datasette([str(index)])  # no metadata: detection alone
        return await ds.get_database("minutes").fts_table("cases")
    assert asyncio.run(detected()) == "cases_search"


def test_a_search_in_datasette_finds_cases_by_their_own_words(index):
    rows = get(index, "/minutes/cases.json?_search=budsjettet&_shape=array")
    assert [r["case_number"] for r in rows] == ["61/16"]


def test_the_metadata_facets_body_year_outcome_municipality_and_person(index):
    data = get(index, "/minutes/cases.json")
    facets = data["facet_results"]
    facets = facets.get("results", facets)  # Datasette 1.0 nests them
    assert {"body", "meeting_year", "outcome", "municipalities", "persons"} <= set(facets)
    years = {str(v["value"]) for v in facets["meeting_year"]["results"]}
    assert {"2016", "2018", "2019"} <= years
    assert "adopted" in {v["value"] for v in facets["outcome"]["results"]}
    assert "Hurum" in {v["value"] for v in facets["municipalities"]["results"]}


def test_re_indexing_a_record_keeps_the_datasette_search_in_step(index):
    conn = connect(index)
    index_records(conn, [HURUM])
    conn.close()
    assert len(get(index, "/minutes/cases.json?_search=budsjettet&_shape=array")) == 1


def test_the_index_command_writes_the_metadata_beside_the_index(index):
    path = write_metadata(index)
    assert json.loads(path.read_text())["databases"]["minutes"]["tables"]["cases"]["fts_table"] == "cases_search"
