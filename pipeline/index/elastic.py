"""Elasticsearch / OpenSearch: bulk NDJSON (one document per case) and the index mapping.

Load with e.g.
  curl -XPUT localhost:9200/minutes -H 'Content-Type: application/json' -d @mapping.json
  curl -XPOST localhost:9200/_bulk -H 'Content-Type: application/x-ndjson' --data-binary @cases.ndjson
The `_id` is "<sha256>-<case number>", so re-exporting and re-loading replaces documents, never duplicates them.
Every document carries the `export_id` of its export; after loading, the queries of `stale_queries` (one
`_delete_by_query` body per line) remove what an earlier export left at the same paths: the old version of a file
that has changed, and cases that a re-extraction no longer finds.
  while read -r q; do curl -XPOST localhost:9200/minutes/_delete_by_query -H 'Content-Type: application/json' -d "$q"; done < stale.ndjson
"""
from __future__ import annotations

import json
from typing import Iterable, Iterator

from pipeline.index.documents import case_documents

INDEX_NAME = "minutes"

_TEXT = {"type": "text", "analyzer": "norwegian"}
_KEYWORD = {"type": "keyword"}
_INTEGER = {"type": "integer"}
_DATE = {"type": "date", "format": "strict_date"}
_PLACE = {"properties": {"name": _KEYWORD, "id": _KEYWORD}}


def mapping() -> dict:
    """Index settings and mappings: Norwegian-analysed text, keyword facets, dates, amounts as scaled_float."""
    titled = dict(_TEXT, fields={"raw": {"type": "keyword", "ignore_above": 1024}})
    return {
        "mappings": {
            "dynamic": "strict",
            "properties": {
                "record_id": _KEYWORD, "export_id": _KEYWORD, "path": _KEYWORD, "pages": _INTEGER,
                "case_number": _KEYWORD, "case_seq": _INTEGER, "case_year": _INTEGER,
                "title": titled, "text": _TEXT, "decision": _TEXT, "outcome": _KEYWORD,
                "page_start": _INTEGER, "page_end": _INTEGER,
                "meeting": {"properties": {
                    "title": titled, "kind": _KEYWORD, "body": _KEYWORD, "organization": _KEYWORD,
                    "date": _DATE, "start_time": _KEYWORD, "end_time": _KEYWORD, "location": _KEYWORD,
                    "language": _KEYWORD,
                }},
                "persons": _KEYWORD, "participants": _KEYWORD, "participant_municipalities": _KEYWORD,
                "municipalities": _PLACE, "counties": _PLACE,
                "dates": _DATE,
                "amounts": {"type": "scaled_float", "scaling_factor": 100},
            },
        },
    }


def bulk_lines(records: Iterable[dict], index: str = INDEX_NAME, export_id: str | None = None) -> Iterator[str]:
    """Bulk API lines: an `index` action, then the case document, for every case of every record."""
    for record in records:
        for doc in case_documents(record):
            doc_id = doc.pop("id")
            if export_id is not None:
                doc["export_id"] = export_id
            yield json.dumps({"index": {"_index": index, "_id": doc_id}}, ensure_ascii=False)
            yield json.dumps(doc, ensure_ascii=False)


def stale_queries(paths: Iterable[str], export_id: str, chunk: int = 10_000) -> Iterator[str]:
    """`_delete_by_query` bodies for documents at `paths` that are not from the export `export_id`, `chunk` paths a
    query (Elasticsearch allows 65,536 terms by default)."""
    unique = sorted(set(p for p in paths if p))
    for start in range(0, len(unique), chunk):
        yield json.dumps({"query": {"bool": {
            "filter": [{"terms": {"path": unique[start:start + chunk]}}],
            "must_not": [{"term": {"export_id": export_id}}]}}}, ensure_ascii=False)
