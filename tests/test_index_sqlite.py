import json
import sqlite3
from pathlib import Path

import pytest

from pipeline.errors import InputError, MinutesError
from pipeline.index.documents import case_documents, read_records
from pipeline.index.sqlite import connect, index_records, search, snippet_of, term, translate_query
from pipeline.records import Case, Entity, Extractor, Meeting, Participant, Record, Source


def make_record(sha: str, path: str, meeting: Meeting, cases: list[Case], entities=(), participants=()) -> dict:
    text = "\f".join(c.text for c in cases)
    record = Record(id=sha, source=Source(path=path, sha256=sha, pages=2, extractor=Extractor(name="t", version="0")),
                    meeting=meeting, cases=cases, entities=list(entities), participants=list(participants),
                    text=text)
    return record.model_dump(mode="json")


BAERUM = make_record(
    "a" * 64, "in/baerum-fsk.pdf",
    Meeting(title="Møteprotokoll Formannskapet", body="Formannskapet", organization="Bærum kommune",
            date="2018-03-12", kind="protokoll"),
    [Case(number="12/18", seq=12, year=2018, title="Økonomiplan 2019–2022 for barnehagene",
          text="PS 12/18 Økonomiplan 2019–2022 for barnehagene\nRådmannen foreslår at barnehagen på Østerås "
               "utvides.\fBehandling: Ordføreren la fram saken. Vedtak: Forslaget ble enstemmig vedtatt.",
          decision="Forslaget ble enstemmig vedtatt.", page_start=1, page_end=2),
     Case(number="13/18", seq=13, year=2018, title="Reguleringsplan for Fornebu",
          text="PS 13/18 Reguleringsplan for Fornebu\nSaken utsettes til neste møte.", page_start=2, page_end=2)],
    entities=[Entity(type="PERSON", text="Lisbeth Hammer Krog", value="Lisbeth Hammer Krog", page=1, start=0,
                     end=0, case="12/18"),
              Entity(type="MUNICIPALITY", text="Bærum", value="Bærum", number="0219", page=1, start=0, end=0,
                     case="13/18"),
              Entity(type="AMOUNT", text="kr 8 000 471", value=8000471, currency="NOK", page=1, start=0, end=0,
                     case="12/18")],
    participants=[Participant(name="Ole Åsmund Ødegård", status="present", municipality="Bærum")])

ASKER = make_record(
    "b" * 64, "in/asker-ks.pdf",
    Meeting(title="Protokoll Kommunestyret", body="Kommunestyret", organization="Asker kommune", date="2019-06-18"),
    [Case(number="45/19", title="Skolebehov i Asker sentrum",
          text="Sak 45/19 Skolebehov i Asker sentrum\nKommunestyret ber om en ny skole og flere barnehageplasser.",
          decision="Ny skole utredes.", page_start=1, page_end=1)],
    entities=[Entity(type="MUNICIPALITY", text="Asker", value="Asker", number="3203", page=1, start=0, end=0,
                     case="45/19")])

NO_CASES = make_record("c" * 64, "in/referat.pdf", Meeting(title="Referat fra styremøte i borettslaget"), [])
NO_CASES["text"] = "Styret diskuterte vedlikehold av taket og vaktmestertjenester."


@pytest.fixture()
def db(tmp_path: Path) -> sqlite3.Connection:
    conn = connect(tmp_path / "minutes.sqlite")
    index_records(conn, [BAERUM, ASKER, NO_CASES])
    yield conn
    conn.close()


def numbers(hits) -> list:
    return [h.case_number for h in hits]


def test_search_finds_cases_by_their_words_with_meeting_fields_and_snippet(db):
    [hit] = search(db, "reguleringsplan Fornebu")
    assert (hit.case_number, hit.body, hit.meeting_date, hit.path) == ("13/18", "Formannskapet", "2018-03-12",
                                                                       "in/baerum-fsk.pdf")
    assert "**Reguleringsplan**" in hit.snippet and "**Fornebu**" in hit.snippet
    assert numbers(search(db, "vaktmestertjenester")) == [None]  # a record without cases is one document


def test_norwegian_letters_case_folding_and_stemming(db):
    assert numbers(search(db, "ØSTERÅS")) == ["12/18"]
    assert numbers(search(db, "osteras")) == []  # æ, ø, å are letters of their own, not o/a with accents
    # "barnehagene" (title), "barnehagen", "barnehageplasser" share no surface form with the query "barnehager"
    assert set(numbers(search(db, "barnehager"))) == {"12/18"}
    assert set(numbers(search(db, "barnehage*"))) == {"12/18", "45/19"}


def test_ranking_prefers_title_hits(db):
    assert numbers(search(db, "skolebehov OR utvides")) == ["45/19", "12/18"]


def test_query_syntax_phrases_operators_and_errors(db):
    assert numbers(search(db, '"enstemmig vedtatt"')) == ["12/18"]
    assert numbers(search(db, "plan NOT Fornebu")) == []
    assert numbers(search(db, "forslaget NOT Fornebu")) == ["12/18"]
    assert numbers(search(db, "(Fornebu OR Asker) AND reguleringsplan")) == ["13/18"]
    assert numbers(search(db, "PS 13/18")) == ["13/18"]
    for bad in ['"enstemmig vedtatt', "Fornebu AND", "(Fornebu", "OR"]:
        with pytest.raises(MinutesError, match="bad search query"):
            search(db, bad)
    with pytest.raises(MinutesError, match="no words"):
        search(db, "– ;")


def test_negation_as_users_write_it(db):
    assert numbers(search(db, "forslaget AND NOT Fornebu")) == ["12/18"]
    assert numbers(search(db, "forslaget -Fornebu")) == ["12/18"]
    assert numbers(search(db, "NOT Asker saken")) == numbers(search(db, "saken NOT Asker"))
    assert "45/19" in numbers(search(db, "saken")) and numbers(search(db, "saken -skole -fornebu")) == ["12/18"]
    with pytest.raises(MinutesError, match="no words that must be there"):
        search(db, "-Fornebu")
    for bad, says in [("Fornebu OR", "OR needs a word on each side"), ("Fornebu)", "has no '\\('"),
                      ("(Fornebu", "is not closed")]:
        with pytest.raises(MinutesError, match=says):
            search(db, bad)


def test_a_municipality_by_name_or_number_finds_the_same_cases(db):
    for query in ("saken", "skole", "barnehage*"):
        assert sorted(numbers(search(db, query, municipality="Bærum"))) == \
            sorted(numbers(search(db, query, municipality="0219")))
        assert sorted(numbers(search(db, query, municipality="Asker kommune"))) == \
            sorted(numbers(search(db, query, municipality="3203")))
    assert numbers(search(db, "saken", municipality="0219"))  # Bærum only as organisation and participant's


def test_a_participants_name_finds_the_cases_of_the_meeting(db):
    assert set(numbers(search(db, "Ødegård"))) == {"12/18", "13/18"}


def test_queries_are_parameters_not_sql(db):
    assert search(db, "x' OR 1=1; DROP TABLE cases; --") == []
    with pytest.raises(MinutesError, match="bad search query"):
        search(db, "x'); DROP TABLE cases; --")
    assert search(db, "Fornebu", person="%") == []
    assert db.execute("SELECT count(*) FROM cases").fetchone()[0] == 4


def test_filters(db):
    assert set(numbers(search(db, "saken", municipality="Bærum"))) == {"12/18", "13/18"}
    assert numbers(search(db, "skole", municipality="bærum")) == []
    assert numbers(search(db, "skole", municipality="3203")) == ["45/19"]
    assert numbers(search(db, "barnehage*", person="hammer krog")) == ["12/18"]
    assert set(numbers(search(db, "saken", person="Ødegård"))) == {"12/18", "13/18"}  # a participant
    assert numbers(search(db, "barnehage*", body="kommunestyret")) == ["45/19"]
    assert numbers(search(db, "barnehage*", date_from="2019-01-01", date_to="2019-12-31")) == ["45/19"]
    assert numbers(search(db, "barnehage*", date_to="2018-12-31")) == ["12/18"]
    with pytest.raises(MinutesError, match="YYYY-MM-DD"):
        search(db, "skole", date_from="12.03.2018")


def test_hit_page_is_where_the_first_match_is(db):
    [hit] = search(db, "ordføreren")
    assert hit.page == 2
    [hit] = search(db, "rådmannen")
    assert hit.page == 1


def test_reindexing_replaces_rows(db):
    changed = json.loads(json.dumps(ASKER))
    changed["cases"][0]["title"] = "Nytt skolebygg i Asker"
    changed["cases"][0]["text"] = "Sak 45/19 Nytt skolebygg i Asker"
    for _ in range(2):
        index_records(db, [changed])
    assert db.execute("SELECT count(*) FROM cases WHERE record_id = ?", ("b" * 64,)).fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM cases_fts").fetchone()[0] == 4
    assert numbers(search(db, "skolebehov")) == []
    assert numbers(search(db, "skolebygg")) == ["45/19"]


def test_a_changed_file_at_the_same_path_replaces_its_earlier_version(db):
    rescanned = json.loads(json.dumps(ASKER))
    rescanned["id"] = rescanned["source"]["sha256"] = "d" * 64
    rescanned["cases"][0]["text"] = "Sak 45/19 Skolebehov i Asker sentrum, skannet på nytt"
    index_records(db, [rescanned])
    assert [r[0] for r in db.execute("SELECT id FROM records WHERE path = ?", ("in/asker-ks.pdf",))] == ["d" * 64]
    assert db.execute("SELECT count(*) FROM cases WHERE record_id = ?", ("b" * 64,)).fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM cases_fts").fetchone()[0] == 4
    assert [h.path for h in search(db, "skolebehov")] == ["in/asker-ks.pdf"]


def test_stemmer_is_a_property_of_the_index(tmp_path: Path):
    conn = connect(tmp_path / "plain.sqlite", stemmer="none")
    index_records(conn, [BAERUM])
    assert numbers(search(conn, "barnehager")) == []
    assert numbers(search(conn, "barnehagene")) == ["12/18"]
    conn.close()
    with pytest.raises(MinutesError, match="built with stemmer"):
        connect(tmp_path / "plain.sqlite", stemmer="norwegian")
    with pytest.raises(InputError, match="minutes index"):
        connect(tmp_path / "missing.sqlite", create=False)
    (tmp_path / "junk.sqlite").write_bytes(b"not a database" * 100)
    with pytest.raises(InputError, match="not a minutes search index"):
        connect(tmp_path / "junk.sqlite")


def test_translate_query_quotes_every_term():
    expression, terms, prefixes = translate_query('Bærum-kommune AND "Økonomiplan 2019" vedta*', "norwegian")
    assert expression == '"bærum kommun" AND "økonomiplan 2019" "vedt"*'
    assert prefixes == {"vedt"} and "økonomiplan" in terms


def test_snippet_marks_the_densest_window():
    text = " ".join(["fyll"] * 50 + ["budsjett", "for", "skole"] + ["fyll"] * 50)
    snippet, offset = snippet_of(text, {"budsjett", "skol"}, set(), "norwegian", width=10)
    assert snippet.startswith("… ") and "**budsjett** for **skole**" in snippet
    assert offset == text.index("budsjett")


def test_case_documents_assign_entities_and_read_records(tmp_path: Path):
    docs = {d["case_number"]: d for d in case_documents(BAERUM)}
    assert docs["12/18"]["persons"] == ["Lisbeth Hammer Krog"] and docs["12/18"]["amounts"] == [8000471]
    assert docs["13/18"]["municipalities"] == [{"name": "Bærum", "id": "0219"}]
    assert docs["12/18"]["id"] == "a" * 64 + "-12/18"
    (tmp_path / f"{'a' * 64}.json").write_text(json.dumps(BAERUM), encoding="utf-8")
    (tmp_path / f"{'d' * 64}.json").write_text("{broken", encoding="utf-8")
    (tmp_path / "records.jsonl").write_text(json.dumps(ASKER) + "\n", encoding="utf-8")
    problems = []
    assert [r["id"] for r in read_records(tmp_path, problems)] == ["a" * 64]
    assert len(problems) == 1 and "not JSON" in problems[0]
    assert [r["id"] for r in read_records(tmp_path / "records.jsonl")] == ["b" * 64]


def test_cli_index_and_search(tmp_path: Path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    out = tmp_path / "out"
    out.mkdir()
    for record in (BAERUM, ASKER):
        (out / f"{record['id']}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    db = str(tmp_path / "m.sqlite")
    runner = CliRunner()
    for _ in range(2):  # indexing again replaces, never duplicates
        result = runner.invoke(app, ["index", str(out), "--db", db])
        assert result.exit_code == 0 and "indexed 2 records (3 cases)" in result.output, result.output
    result = runner.invoke(app, ["search", "økonomiplan", "--db", db, "--municipality", "Bærum", "--json"])
    assert result.exit_code == 0, result.output
    [hit] = json.loads(result.output)
    assert (hit["case_number"], hit["path"], hit["page"], hit["body"]) == ("12/18", "in/baerum-fsk.pdf", 1,
                                                                          "Formannskapet")
    result = runner.invoke(app, ["search", "reguleringsplan", "--db", db, "--from", "2018-01-01", "--to",
                                 "2018-12-31", "--body", "Formannskapet"])
    assert result.exit_code == 0 and "sak 13/18  Reguleringsplan for Fornebu" in result.output
    result = runner.invoke(app, ["search", "Fornebu", "--db", db])
    assert "(relevance 1.00)" in result.output and "0.00" not in result.output
    result = runner.invoke(app, ["search", "Fornebu", "--db", db, "--format", "csv"])
    assert result.output.splitlines()[0].startswith("score,record_id,path") and "13/18" in result.output
    result = runner.invoke(app, ["search", "(skole", "--db", db])
    assert result.exit_code == 1 and "bad search query" in result.output
    result = runner.invoke(app, ["search", "skole", "--db", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 2 and "minutes index" in result.output


def test_an_index_over_corrupt_records_indexes_every_good_one(tmp_path: Path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    out = tmp_path / "out"
    out.mkdir()
    (out / f"{BAERUM['id']}.json").write_text(json.dumps(BAERUM, ensure_ascii=False), encoding="utf-8")
    bad = {"cases-a-string": dict(ASKER, id="c" * 64, cases="PS 1/18"),
           "id-a-list": dict(ASKER, id=["e" * 64]),
           "huge-page": dict(ASKER, id="f" * 64, cases=[dict(ASKER["cases"][0], page_start=10 ** 30)])}
    for name, record in bad.items():
        (out / f"{name}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    (out / "latin1.json").write_bytes(b'{"id": "M\xf8te"}')
    result = CliRunner().invoke(app, ["index", str(out), "--db", str(tmp_path / "m.sqlite")])
    assert result.exit_code == 0, result.output
    assert "indexed 1 records (2 cases)" in result.output
    for name in [*bad, "latin1"]:
        assert f"{name}.json" in result.output or "cannot be indexed" in result.output, name


def test_an_export_skips_records_it_cannot_write_and_leaves_no_temporary_file(tmp_path: Path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    out = tmp_path / "out"
    out.mkdir()
    (out / f"{BAERUM['id']}.json").write_text(json.dumps(BAERUM, ensure_ascii=False), encoding="utf-8")
    infinite = dict(ASKER, id="c" * 64, entities=[dict(type="AMOUNT", text="kr 9", value=float("inf"), page=1,
                                                       start=0, end=4)])
    (out / "infinite.json").write_text(json.dumps(infinite), encoding="utf-8")
    (out / "typed.json").write_text(json.dumps(dict(ASKER, id="d" * 64, cases=7)), encoding="utf-8")
    result = CliRunner().invoke(app, ["export", str(out), "-o", str(tmp_path / "cases.ndjson")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "cases.ndjson").read_text(encoding="utf-8")
    assert "Infinity" not in text and text.count('"_id"') == 2
    assert "infinite.json" in result.output and "typed.json" in result.output
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_the_snippet_is_the_window_with_most_hits():
    stemmer = "norwegian"
    text = "skole " + "ord " * 40 + "skole ord skole ord skole"
    snippet, offset = snippet_of(text, {term("skole", stemmer)}, set(), stemmer)
    assert snippet.count("**skole**") == 3 and offset == 0


def test_a_long_bad_query_is_quoted_in_brief(tmp_path: Path):
    import pytest

    from pipeline.errors import MinutesError

    conn = connect(tmp_path / "m.sqlite")
    with pytest.raises(MinutesError) as error:
        search(conn, '"' + "skole " * 8000)
    assert len(str(error.value)) < 400 and "48001 characters" in str(error.value)


def test_search_reads_a_read_only_index_and_never_writes_into_a_file_that_is_none(tmp_path: Path):
    import os
    import stat

    import pytest

    from pipeline.errors import InputError

    folder = tmp_path / "ro"
    folder.mkdir()
    conn = connect(folder / "m.sqlite")
    index_records(conn, [BAERUM])
    conn.close()
    os.chmod(folder / "m.sqlite", stat.S_IRUSR)
    os.chmod(folder, stat.S_IRUSR | stat.S_IXUSR)
    try:
        reader = connect(folder / "m.sqlite", create=False)
        assert [h.case_number for h in search(reader, "økonomiplan")] == ["12/18"]
        reader.close()
    finally:
        os.chmod(folder, stat.S_IRWXU)
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="not a minutes search index"):
        connect(empty, create=False)
    assert empty.read_bytes() == b""
