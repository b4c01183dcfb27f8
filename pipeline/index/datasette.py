"""Datasette metadata for the SQLite index: `datasette minutes.sqlite --metadata minutes.datasette.json`.

The index is a Datasette database as it is: `cases_search` is declared with content="cases", which Datasette
detects as the full-text index of `cases`. The metadata adds facets (body, municipality, year, person, outcome),
labels and column descriptions, and hides the tables only `minutes search` reads.
"""
from __future__ import annotations

import json
from pathlib import Path

CASE_COLUMNS = {
    "case_number": "Case number as written (Sak 12/18 -> 12/18)",
    "title": "Case title",
    "text": "The case's text",
    "decision": "The decision (vedtak)",
    "outcome": "adopted, rejected, postponed, noted or unknown",
    "body": "The body that met",
    "organization": "Municipality, county or organisation the body belongs to",
    "meeting_date": "Meeting date, ISO",
    "meeting_year": "Year of the meeting",
    "persons": "People named in the case",
    "participants": "People listed at the meeting",
    "municipalities": "Municipalities named in the case or represented at the meeting",
    "path": "The PDF",
    "page_start": "First page of the case",
}
FACETS = ["body", "meeting_year", "outcome", {"array": "municipalities"}, {"array": "persons"}]
HIDDEN = ["meta", "facets", "cases_fts", "records"]


def metadata_path(db_path: Path) -> Path:
    return Path(db_path).with_suffix(".datasette.json")


def metadata(db_path: Path) -> dict:
    database = Path(db_path).stem
    tables = {name: {"hidden": True} for name in HIDDEN}
    tables["cases"] = {
        "title": "Cases", "description": "One row per case of each meeting's minutes",
        "label_column": "title", "sort_desc": "meeting_date", "facets": FACETS,
        "fts_table": "cases_search", "fts_pk": "rowid", "columns": CASE_COLUMNS,
    }
    return {"title": "Minutes", "description": "Cases from Norwegian meeting minutes, indexed by `minutes index`",
            "databases": {database: {"tables": tables}}}


def write_metadata(db_path: Path) -> Path:
    path = metadata_path(db_path)
    path.write_text(json.dumps(metadata(db_path), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path
