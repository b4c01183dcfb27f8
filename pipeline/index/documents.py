"""Search documents: one per case of a record, with its meeting's fields and the case's facets.

Both indexes (sqlite.py, elastic.py) are built from this plain view of a record (its JSON dict, so
records written by newer versions with added fields still index). A record without cases becomes one
document for the whole text, so nothing extracted is unsearchable.
"""
from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.errors import InputError


def read_records(path: Path, problems: list[str] | None = None) -> Iterator[dict]:
    """Records from a batch output folder (<sha256>.json files), a .jsonl file or one .json file.
    Unreadable records are skipped and named in `problems`."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.glob("*.json") if not p.name.startswith("."))
    elif path.is_file():
        files = [path]
    else:
        raise InputError(f"{path}: no such folder or file of records")
    for file in files:
        try:
            with open(file, encoding="utf-8", newline="\n") as f:
                chunks = list(f) if file.suffix == ".jsonl" else [f.read()]
        except OSError as e:
            (problems if problems is not None else []).append(f"{file}: {e.strerror or e}")
            continue
        except UnicodeDecodeError:
            (problems if problems is not None else []).append(f"{file}: not UTF-8 text")
            continue
        for n, chunk in enumerate(chunks, 1):
            if not chunk.strip():
                continue
            try:
                record = json.loads(chunk)
            except ValueError as e:
                (problems if problems is not None else []).append(f"{file}:{n}: not JSON ({e})")
                continue
            problem = _record_problem(record)
            if problem is None:
                yield record
            elif problems is not None:
                problems.append(f"{file}:{n}: {problem}")


def _record_problem(record) -> str | None:
    """None for a record the schema accepts (fields newer versions add are let through), else what is wrong with
    it: a corrupt record in a folder of ten thousand is named and skipped, never the end of the run."""
    from pydantic import ValidationError

    from pipeline.records import Record

    if not isinstance(record, dict) or not record.get("id") or not isinstance(record.get("source"), dict):
        return "not a minutes record"
    try:
        valid = Record.model_validate(record)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return f"not a valid minutes record ({where}: {first['msg']})"
    for n, entity in enumerate(valid.entities):
        if isinstance(entity.value, float) and not math.isfinite(entity.value):
            return f"not a valid minutes record (entities.{n}.value: {entity.value} is no number JSON can hold)"
    return None


def case_documents(record: dict) -> list[dict]:
    """One search document per case (or one for the whole record if it has none)."""
    sha = record["id"]
    source = record.get("source") or {}
    meeting = record.get("meeting") or {}
    meeting_doc = {
        "title": meeting.get("title"), "kind": meeting.get("kind"), "body": meeting.get("body"),
        "organization": meeting.get("organization"), "date": iso_date(meeting.get("date")),
        "start_time": meeting.get("start_time"), "end_time": meeting.get("end_time"),
        "location": meeting.get("location"), "language": meeting.get("language"),
    }
    participants = record.get("participants") or []
    cases = record.get("cases") or [{"number": None, "title": meeting.get("title"), "text": record.get("text", ""),
                                     "page_start": 1 if source.get("pages") else None,
                                     "page_end": source.get("pages")}]
    entities = record.get("entities") or []
    documents, used_ids = [], set()
    for case in cases:
        number = case.get("number")
        doc_id = f"{sha}-{number}" if number else sha
        n = 1
        while doc_id in used_ids:  # the same case number twice in one record keeps both cases
            n += 1
            doc_id = f"{sha}-{number}-{n}"
        used_ids.add(doc_id)
        mine = [e for e in entities if _belongs(e, case)]
        documents.append({
            "id": doc_id, "record_id": sha, "path": source.get("path"), "pages": source.get("pages"),
            "meeting": meeting_doc,
            "case_number": number, "case_seq": case.get("seq"), "case_year": case.get("year"),
            "title": case.get("title"), "text": case.get("text") or "", "decision": case.get("decision"),
            "page_start": case.get("page_start"), "page_end": case.get("page_end"),
            "outcome": case.get("outcome"),
            "persons": _unique(e["value"] for e in mine if e.get("type") == "PERSON"),
            "municipalities": _places(mine, "MUNICIPALITY"),
            "counties": _places(mine, "COUNTY"),
            "dates": _unique(iso_date(e.get("value")) for e in mine if e.get("type") == "DATE"),
            "amounts": _unique(e["value"] for e in mine if e.get("type") == "AMOUNT" and _is_number(e.get("value"))),
            "participants": _unique(p.get("name") for p in participants),
            "participant_municipalities": _unique(p.get("municipality") for p in participants),
        })
    return documents


def iso_date(value) -> str | None:
    """`value` if it is a valid ISO date (YYYY-MM-DD), else None."""
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def _belongs(entity: dict, case: dict) -> bool:
    """Tagged with this case's number, or untagged but inside the case's span of the record text
    (offsets 0/0 mean the position is unknown)."""
    if entity.get("case") is not None:
        return case.get("number") is not None and entity["case"] == case.get("number")
    start, end, at = case.get("start"), case.get("end"), entity.get("start")
    return None not in (start, end, at) and start <= at < end and entity.get("end", 0) > 0


def _official_number(entity: dict) -> str | None:
    """Schema 2 writes a place's official number as `number`; schema 1 wrote it as `id`."""
    return entity["number"] if "number" in entity else entity.get("id")


def _places(entities: list[dict], kind: str) -> list[dict]:
    seen, places = set(), []
    for e in entities:
        number = _official_number(e)
        if e.get("type") == kind and e.get("value") and (e["value"], number) not in seen:
            seen.add((e["value"], number))
            places.append({"name": str(e["value"]), "id": number})
    return places


def _unique(values: Iterable) -> list:
    seen = {}
    for v in values:
        if v is not None and v != "":
            seen.setdefault(v, None)
    return list(seen)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
