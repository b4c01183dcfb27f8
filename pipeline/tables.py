"""Records as flat tables for analysts: meetings, participants, cases, votes and entities, written as CSV or Parquet.

Each table's columns and their types are declared once, in COLUMNS; the rows, the CSV header and the Parquet schema
all follow that declaration. Rows are built from record dicts, so schema-1 records (no votes, a place's official
number in `id`) and records missing keys give empty cells, not errors.

Keys for joining: every row has `record_id`; cases, votes and entities have `case_number`; votes have `item_label`
(empty for a vote on the case itself) and `vote_index`; `entities.participant` is `participants.participant_index`.
Indexes count from 0, as in the record.
"""
from __future__ import annotations

import csv
import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.errors import UsageError
from pipeline.index.documents import iso_date

# table -> [(column, type)]; type is "string" | "int" | "float" | "bool", every column nullable
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "meetings": [
        ("record_id", "string"), ("path", "string"), ("title", "string"), ("kind", "string"), ("body", "string"),
        ("organization", "string"), ("date", "string"), ("start_time", "string"), ("end_time", "string"),
        ("location", "string"), ("language", "string"), ("pages", "int"), ("ocr_pages", "int"),
        ("participants", "int"), ("cases", "int"),
    ],
    "participants": [
        ("record_id", "string"), ("participant_index", "int"), ("meeting_date", "string"), ("body", "string"),
        ("name", "string"), ("status", "string"), ("role", "string"), ("party", "string"),
        ("municipality", "string"), ("county", "string"), ("substitute_for", "string"), ("page", "int"),
    ],
    "cases": [
        ("record_id", "string"), ("meeting_date", "string"), ("body", "string"), ("case_number", "string"),
        ("seq", "int"), ("year", "int"), ("title", "string"), ("outcome", "string"), ("decision", "string"),
        ("votes", "int"), ("page_start", "int"), ("page_end", "int"),
    ],
    "votes": [
        ("record_id", "string"), ("meeting_date", "string"), ("case_number", "string"), ("item_label", "string"),
        ("vote_index", "int"), ("motion", "string"), ("result", "string"), ("unanimous", "bool"), ("for", "int"),
        ("against", "int"), ("abstained", "int"), ("parties_for", "string"), ("parties_against", "string"),
        ("page", "int"),
    ],
    "entities": [
        ("record_id", "string"), ("case_number", "string"), ("entity_id", "string"), ("type", "string"),
        ("text", "string"), ("value", "string"), ("amount", "float"), ("number", "string"), ("source", "string"),
        ("participant", "int"), ("page", "int"), ("start", "int"), ("end", "int"),
    ],
}

LIST_SEPARATOR = "; "
PARQUET_HINT = "pip install 'minutes[parquet]'"


def record_tables(records: Iterable[dict]) -> dict[str, list[dict]]:
    """The five tables of `records`: each row a flat dict with the columns of COLUMNS, in their order."""
    tables: dict[str, list[dict]] = {name: [] for name in COLUMNS}
    for record in records:
        meeting = record.get("meeting") or {}
        tables["meetings"].append(_meeting_row(record, meeting))
        tables["participants"] += _participant_rows(record, meeting)
        tables["cases"] += _case_rows(record, meeting)
        tables["votes"] += _vote_rows(record, meeting)
        tables["entities"] += _entity_rows(record)
    return tables


def case_votes(case: dict) -> list[tuple[str | None, int, dict]]:
    """(item label, index in the case, vote) for each vote of a case: its own votes (label None) first, then each
    item's, in order."""
    labelled = [(None, vote) for vote in case.get("votes") or []]
    labelled += [(item.get("label"), vote) for item in case.get("items") or [] for vote in item.get("votes") or []]
    return [(label, index, vote) for index, (label, vote) in enumerate(labelled)]


def write_csv(tables: dict[str, list[dict]], out_dir: Path) -> dict[str, int]:
    """One <table>.csv per table in `out_dir` (made if missing); returns the rows written per table.

    UTF-8 with a BOM so spreadsheets read æøå right; numbers unquoted with "." decimals, booleans as true/false,
    null as an empty cell; fields holding commas, quotes or newlines are quoted by the csv module."""
    out_dir = _output_folder(out_dir)
    counts = {}
    for name, columns in COLUMNS.items():
        rows = tables.get(name, [])
        with atomic_path(out_dir / f"{name}.csv") as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(column for column, _ in columns)
            writer.writerows([_csv_cell(row.get(column)) for column, _ in columns] for row in rows)
        counts[name] = len(rows)
    return counts


def write_parquet(tables: dict[str, list[dict]], out_dir: Path) -> dict[str, int]:
    """One <table>.parquet per table in `out_dir` (made if missing), typed by COLUMNS (an empty table still gets its
    file and schema); returns the rows written per table. Needs pyarrow (the `parquet` extra)."""
    pa, pq = _pyarrow()
    arrow_types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    out_dir = _output_folder(out_dir)
    counts = {}
    for name, columns in COLUMNS.items():
        rows = tables.get(name, [])
        schema = pa.schema([pa.field(column, arrow_types[kind], nullable=True) for column, kind in columns])
        with atomic_path(out_dir / f"{name}.parquet") as tmp:
            pq.write_table(pa.Table.from_pylist(rows, schema=schema), str(tmp))
        counts[name] = len(rows)
    return counts


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside `target` to write to: renamed over `target` once the block completes, removed if it
    fails or is interrupted, so a stopped export leaves no half file."""
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _output_folder(out_dir: Path) -> Path:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return out_dir


def _row(table: str, values: dict) -> dict:
    """`values` cut to the table's columns, in their declared order (a column `values` lacks is null)."""
    return {column: values.get(column) for column, _ in COLUMNS[table]}


def _meeting_row(record: dict, meeting: dict) -> dict:
    source = record.get("source") or {}
    return _row("meetings", {
        **meeting, "record_id": record.get("id"), "path": source.get("path"), "date": iso_date(meeting.get("date")),
        "pages": source.get("pages"), "ocr_pages": len(source.get("ocr_pages") or []),
        "participants": len(record.get("participants") or []), "cases": len(record.get("cases") or []),
    })


def _participant_rows(record: dict, meeting: dict) -> list[dict]:
    return [_row("participants", {
        **participant, "record_id": record.get("id"), "participant_index": index,
        "meeting_date": iso_date(meeting.get("date")), "body": meeting.get("body"),
    }) for index, participant in enumerate(record.get("participants") or [])]


def _case_rows(record: dict, meeting: dict) -> list[dict]:
    return [_row("cases", {
        **case, "record_id": record.get("id"), "meeting_date": iso_date(meeting.get("date")),
        "body": meeting.get("body"), "case_number": case.get("number"), "votes": len(case_votes(case)),
    }) for case in record.get("cases") or []]


def _vote_rows(record: dict, meeting: dict) -> list[dict]:
    return [_row("votes", {
        **vote, "record_id": record.get("id"), "meeting_date": iso_date(meeting.get("date")),
        "case_number": case.get("number"), "item_label": label, "vote_index": index,
        "parties_for": _joined(vote.get("parties_for")), "parties_against": _joined(vote.get("parties_against")),
    }) for case in record.get("cases") or [] for label, index, vote in case_votes(case)]


def _entity_rows(record: dict) -> list[dict]:
    schema_1 = str(record.get("schema_version")) == "1"  # schema 1 had no entity ids; `id` held a place's number
    return [_row("entities", {
        **entity, "record_id": record.get("id"), "case_number": entity.get("case"),
        "entity_id": None if schema_1 else entity.get("id"),
        "number": entity.get("id") if schema_1 else entity.get("number"),
        "value": _value_text(entity.get("value")),
        "amount": float(entity["value"]) if entity.get("type") == "AMOUNT" and _is_number(entity.get("value"))
        else None,
    }) for entity in record.get("entities") or []]


def _value_text(value) -> str | None:
    """An entity's value as text; a whole amount without a trailing ".0"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return None if value is None else str(value)


def _joined(values) -> str | None:
    return LIST_SEPARATOR.join(values) if values else None


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# text a spreadsheet would run as a formula: "=HYPERLINK(...)" planted in a hostile PDF. "- punkt 1" and "-380 173"
# are left as written.
_FORMULA_START = re.compile(r"[=+@\t\r]|-(?=[^\s\d])")


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and _FORMULA_START.match(value):
        return "'" + value  # shown as text, as spreadsheets do for a leading apostrophe
    return value


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise UsageError(f"Parquet export needs pyarrow: {PARQUET_HINT}") from None
    return pyarrow, pyarrow.parquet
