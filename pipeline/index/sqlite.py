"""The embedded search index: SQLite FTS5, one row per case, bm25-ranked, with facet filters.

Text is normalised in Python before FTS5 sees it (and queries the same way): words are case folded
with æ, ø, å kept, and optionally reduced by the Snowball Norwegian stemmer; the index remembers which.
Snippets are cut from the original case text. Re-indexing a record replaces its rows.
"""
from __future__ import annotations

import bisect
import json
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from pipeline.errors import InputError, MinutesError
from pipeline.index.documents import case_documents, iso_date

DEFAULT_STEMMER = "norwegian"
STEMMERS = ("norwegian", "none")
_WORD = re.compile(r"\w+")
# bm25 weights of the FTS columns: a hit in the case title counts most, then the decision.
_COLUMNS = ("title", "text", "decision", "meeting")
_WEIGHTS = (4.0, 1.0, 2.0, 0.5)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records(id TEXT PRIMARY KEY, path TEXT, indexed_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cases(
    rowid INTEGER PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE, record_id TEXT NOT NULL, path TEXT,
    case_number TEXT, case_seq INTEGER, case_year INTEGER, title TEXT, text TEXT NOT NULL, decision TEXT,
    page_start INTEGER, page_end INTEGER, meeting_title TEXT, meeting_kind TEXT, body TEXT, body_key TEXT,
    organization TEXT, meeting_date TEXT, location TEXT, language TEXT, meeting_year INTEGER, outcome TEXT,
    persons TEXT, participants TEXT, municipalities TEXT);
CREATE INDEX IF NOT EXISTS cases_record ON cases(record_id);
CREATE INDEX IF NOT EXISTS cases_date ON cases(meeting_date);
CREATE TABLE IF NOT EXISTS facets(case_rowid INTEGER NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL,
    key TEXT NOT NULL, code TEXT);
CREATE INDEX IF NOT EXISTS facets_lookup ON facets(kind, key);
CREATE INDEX IF NOT EXISTS facets_case ON facets(case_rowid);
CREATE VIRTUAL TABLE IF NOT EXISTS cases_fts USING fts5(title, text, decision, meeting,
    tokenize = "unicode61 remove_diacritics 0");
CREATE VIRTUAL TABLE IF NOT EXISTS cases_search USING fts5(title, text, decision, content="cases",
    content_rowid="rowid", tokenize = "unicode61 remove_diacritics 0");
"""
# cases_fts holds the normalised (stemmed) terms `minutes search` queries; cases_search indexes the cases' own
# words, declared with content="cases" so that Datasette finds it as the full-text index of `cases`.
# Columns added after the first release, added to older indexes when they are opened for writing:
_ADDED_COLUMNS = {"meeting_year": "INTEGER", "outcome": "TEXT", "persons": "TEXT", "participants": "TEXT",
                  "municipalities": "TEXT"}


@dataclass
class Hit:
    score: float
    record_id: str
    path: str | None
    page: int | None
    case_number: str | None
    title: str | None
    meeting_date: str | None
    body: str | None
    organization: str | None
    snippet: str


# ---------------------------------------------------------------- normalisation

@lru_cache(maxsize=1)
def _norwegian():
    import snowballstemmer

    return snowballstemmer.stemmer("norwegian")


@lru_cache(maxsize=500_000)
def _stem(word: str) -> str:
    return _norwegian().stemWord(word)


def words(text: str, stemmer: str) -> list[str]:
    """The index terms of `text`: case-folded words (æ, ø, å kept), stemmed if `stemmer` is norwegian."""
    return [term(w, stemmer) for w in _WORD.findall(text.casefold())]


def term(word: str, stemmer: str) -> str:
    """One case-folded word as an index term."""
    return _stem(word) if stemmer == "norwegian" else word


def facet_key(value: str) -> str:
    """Facet values compare case-folded, spaces collapsed, without a trailing 'kommune'."""
    key = " ".join(str(value).casefold().split())
    return key[: -len(" kommune")] if key.endswith(" kommune") else key


# ---------------------------------------------------------------- indexing

def connect(db_path: Path, stemmer: str | None = None, create: bool = True) -> sqlite3.Connection:
    """Open (or create) the index. `stemmer` None means: as the index was built (new ones: the default)."""
    db_path = Path(db_path)
    if not create and not db_path.is_file():
        raise InputError(f"{db_path}: no search index there; build one with `minutes index OUT_DIR --db {db_path}`")
    if stemmer is not None and stemmer not in STEMMERS:
        raise MinutesError(f"--stemmer must be one of {', '.join(STEMMERS)}, not {stemmer!r}")
    if not create:
        return _open_for_reading(db_path)
    try:
        conn = sqlite3.connect(db_path)
        conn.execute("PRAGMA journal_mode=WAL")
        _create_or_upgrade(conn)
        row = conn.execute("SELECT value FROM meta WHERE key = 'stemmer'").fetchone()
    except sqlite3.DatabaseError as e:
        raise InputError(f"{db_path}: not a minutes search index ({e})") from None
    if row is None:
        conn.execute("INSERT INTO meta VALUES ('stemmer', ?)", (stemmer or DEFAULT_STEMMER,))
        conn.commit()
    elif stemmer is not None and row[0] != stemmer:
        conn.close()
        raise MinutesError(f"{db_path} was built with stemmer {row[0]!r}, not {stemmer!r}; "
                           f"delete it to rebuild with another stemmer")
    return conn


def _create_or_upgrade(conn: sqlite3.Connection) -> None:
    had_search = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'cases_search'").fetchone()
    had_cases = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'cases'").fetchone()
    if had_cases:
        have = {row[1] for row in conn.execute("PRAGMA table_info(cases)")}
        for column, kind in _ADDED_COLUMNS.items():
            if column not in have:
                conn.execute(f"ALTER TABLE cases ADD COLUMN {column} {kind}")
    conn.executescript(_SCHEMA)
    if had_cases and not had_search:
        conn.execute("INSERT INTO cases_search(cases_search) VALUES ('rebuild')")
        conn.commit()


def _open_for_reading(db_path: Path) -> sqlite3.Connection:
    """Open an index to search it, read-only: a read-only file or folder is searched as it is, and a file that is
    no index (an empty one, another database) is left untouched."""
    for mode in ("ro", "ro&immutable=1"):  # immutable: a WAL index in a folder we may not write to
        try:
            conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode={mode}", uri=True)
            conn.execute("SELECT value FROM meta WHERE key = 'stemmer'").fetchone()
            conn.execute("SELECT 1 FROM cases_fts LIMIT 1")
            return conn
        except sqlite3.OperationalError as e:
            error = e
            if "no such table" in str(e):
                break
        except sqlite3.DatabaseError as e:
            error = e
            break
    raise InputError(f"{db_path}: not a minutes search index ({error}); build one with `minutes index OUT_DIR "
                     f"--db {db_path}`")


def index_stemmer(conn: sqlite3.Connection) -> str:
    return conn.execute("SELECT value FROM meta WHERE key = 'stemmer'").fetchone()[0]


def index_records(conn: sqlite3.Connection, records: Iterable[dict], commit_every: int = 200,
                  problems: list[str] | None = None) -> tuple[int, int]:
    """Add records, replacing earlier rows of the same record and of an earlier version of the same file (same
    source path, other content). A record that cannot be stored (a number too large for SQLite) is left out, its
    rows rolled back, and named in `problems`. Returns (records, cases) indexed."""
    stemmer = index_stemmer(conn)
    n_records = n_cases = 0
    for record in records:
        conn.execute("SAVEPOINT one_record")
        try:
            n_cases += _index_record(conn, record, stemmer)
        except (sqlite3.Error, OverflowError, TypeError, ValueError, KeyError, AttributeError) as e:
            conn.execute("ROLLBACK TO one_record")
            if problems is not None:
                problems.append(f"{record.get('id', '?') if isinstance(record, dict) else '?'}: cannot be indexed "
                                f"({type(e).__name__}: {e})")
            continue
        finally:
            conn.execute("RELEASE one_record")
        n_records += 1
        if n_records % commit_every == 0:
            conn.commit()
    conn.commit()
    return n_records, n_cases


def _delete_record(conn: sqlite3.Connection, sha: str) -> None:
    old = "SELECT rowid FROM cases WHERE record_id = ?"
    conn.execute(f"DELETE FROM cases_fts WHERE rowid IN ({old})", (sha,))
    # an external-content index forgets a row when told the words it indexed
    conn.execute("INSERT INTO cases_search(cases_search, rowid, title, text, decision) "
                 "SELECT 'delete', rowid, title, text, decision FROM cases WHERE record_id = ?", (sha,))
    conn.execute(f"DELETE FROM facets WHERE case_rowid IN ({old})", (sha,))
    conn.execute("DELETE FROM cases WHERE record_id = ?", (sha,))
    conn.execute("DELETE FROM records WHERE id = ?", (sha,))


def _index_record(conn: sqlite3.Connection, record: dict, stemmer: str) -> int:
    sha = record["id"]
    path = (record.get("source") or {}).get("path")
    # the same record again, and an earlier version of a file at the same path (re-scanned, corrected)
    stale = [row[0] for row in conn.execute("SELECT id FROM records WHERE path = ? AND id != ?", (path, sha))]
    for old_sha in [sha, *stale]:
        _delete_record(conn, old_sha)
    conn.execute("INSERT INTO records VALUES (?, ?, ?)", (sha, path, datetime.now(timezone.utc).isoformat()))
    documents = case_documents(record)
    for doc in documents:
        m = doc["meeting"]
        rowid = conn.execute(
            "INSERT INTO cases(doc_id, record_id, path, case_number, case_seq, case_year, title, text, decision,"
            " page_start, page_end, meeting_title, meeting_kind, body, body_key, organization, meeting_date,"
            " location, language, meeting_year, outcome, persons, participants, municipalities)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc["id"], sha, doc["path"], doc["case_number"], doc["case_seq"], doc["case_year"], doc["title"],
             doc["text"], doc["decision"], doc["page_start"], doc["page_end"], m["title"], m["kind"], m["body"],
             facet_key(m["body"]) if m["body"] else None, m["organization"], m["date"], m["location"],
             m["language"], int(m["date"][:4]) if m["date"] else None, doc["outcome"],
             _json_list(doc["persons"]), _json_list(doc["participants"]),
             _json_list(_unique_names([p["name"] for p in doc["municipalities"]] + doc["participant_municipalities"]))
             )).lastrowid
        conn.execute("INSERT INTO cases_search(rowid, title, text, decision) VALUES (?, ?, ?, ?)",
                     (rowid, doc["title"], doc["text"], doc["decision"]))
        # the meeting's participants are searchable with its cases: a name finds the meetings a person attended
        meeting_text = " ".join(filter(None, (m["title"], m["body"], m["organization"], *doc["participants"])))
        fields = (doc["title"] or "", doc["text"], doc["decision"] or "", meeting_text)
        conn.execute("INSERT INTO cases_fts(rowid, title, text, decision, meeting) VALUES (?, ?, ?, ?, ?)",
                     (rowid, *(" ".join(words(f, stemmer)) for f in fields)))
        conn.executemany("INSERT INTO facets VALUES (?, ?, ?, ?, ?)",
                         [(rowid, kind, str(value), facet_key(value), code) for kind, value, code in _facets(doc)])
    return len(documents)


def _json_list(values: list) -> str:
    return json.dumps([str(v) for v in values], ensure_ascii=False)


def _unique_names(names: list[str]) -> list[str]:
    return list(dict.fromkeys(n for n in names if n))


def _municipality_number(name: str, iso: str | None) -> str | None:
    """The official number of a municipality named in a participant list or as the organisation, so that a
    search by number finds it as a search by name does."""
    from pipeline.places import resolve_municipality

    period = resolve_municipality(re.sub(r"\s+(?:kommune|herad)$", "", name.strip(), flags=re.I), iso)
    return period.number if period else None


def _facets(doc: dict) -> Iterable[tuple[str, object, str | None]]:
    day = doc["meeting"]["date"]
    for name in doc["persons"]:
        yield "person", name, None
    for name in doc["participants"]:
        yield "participant", name, None
    for place in doc["municipalities"]:
        yield "municipality", place["name"], place["id"]
    for name in doc["participant_municipalities"]:
        yield "participant_municipality", name, _municipality_number(name, day)
    if doc["meeting"]["organization"]:
        organization = doc["meeting"]["organization"]
        yield "organization", organization, _municipality_number(organization, day)
    for place in doc["counties"]:
        yield "county", place["name"], place["id"]
    for day in doc["dates"]:
        yield "date", day, None
    for amount in doc["amounts"]:
        yield "amount", amount, None


# ---------------------------------------------------------------- searching

_TOKEN = re.compile(r'"[^"]*"?|[()]|[^\s()"]+')
_OPERATORS = {"AND", "OR", "NOT"}
_SYNTAX_HELP = 'use words, "exact phrases", prefix*, AND, OR, NOT and parentheses'


def translate_query(query: str, stemmer: str) -> tuple[str, set[str], set[str]]:
    """The user's query as an FTS5 expression over normalised terms, plus the terms and prefixes to mark
    in snippets. Every term becomes a quoted FTS5 string, so punctuation in it cannot break the syntax.
    Negation is read as users write it: "budsjett AND NOT 2016", "budsjett -2016", "NOT 2016 budsjett"."""
    parts, terms, prefixes = [], set(), set()
    for token in _TOKEN.findall(query):
        if token in _OPERATORS or token in "()":
            if token == "NOT" and parts[-1:] == ["AND"]:
                parts.pop()  # FTS5's NOT is binary: "a AND NOT b" is "a NOT b"
            parts.append(token)
            continue
        if len(token) > 1 and token[0] == "-" and token[1] != "-":
            parts.append("NOT")
            token = token[1:]
        if token.startswith('"'):
            if len(token) == 1 or not token.endswith('"'):
                raise MinutesError(f"bad search query {_brief(query)}: a quote is not closed; {_SYNTAX_HELP}")
            token = token[1:-1]
        prefix = token.endswith("*")
        found = words(token, "none" if prefix else stemmer)
        if not found:
            if parts[-1:] == ["NOT"]:
                parts.pop()
            continue
        if prefix:  # "barnehage*" must also find the stem "barnehag" of "barnehagen"
            found[-1] = os.path.commonprefix([found[-1], term(found[-1], stemmer)])
            parts.append(f'"{" ".join(found)}"*')
            if parts[-2:-1] != ["NOT"]:
                prefixes.add(found[-1])
                terms.update(found[:-1])
        else:
            parts.append(f'"{" ".join(found)}"')
            if parts[-2:-1] != ["NOT"]:
                terms.update(found)
    parts = _negations_last(parts)
    if not terms and not prefixes:
        raise MinutesError(f"bad search query {_brief(query)}: it has no words that must be there "
                           f"(NOT and -word only leave words out)")
    _check_operators(query, parts)
    return " ".join(parts), terms, prefixes


def _negations_last(parts: list[str]) -> list[str]:
    """FTS5 has no NOT at the start of a query: "NOT 2016 budsjett" becomes "budsjett NOT 2016"."""
    leading = []
    while len(parts) >= 2 and parts[0] == "NOT" and parts[1] not in _OPERATORS and parts[1] != "(":
        leading += parts[:2]
        parts = parts[2:]
    return parts + leading


def _check_operators(query: str, parts: list[str]) -> None:
    """Say what is wrong in the user's words before FTS5 says "fts5: syntax error near ..."."""
    depth = 0
    for i, part in enumerate(parts):
        depth += (part == "(") - (part == ")")
        if depth < 0:
            raise MinutesError(f"bad search query {_brief(query)}: a ')' has no '('; {_SYNTAX_HELP}")
        if part in _OPERATORS:
            before = parts[i - 1] if i else None
            after = parts[i + 1] if i + 1 < len(parts) else None
            if before in (None, "(", *_OPERATORS) or after in (None, ")", "AND", "OR"):
                raise MinutesError(f"bad search query {_brief(query)}: {part} needs a word on each side; "
                                   f"{_SYNTAX_HELP}")
    if depth:
        raise MinutesError(f"bad search query {_brief(query)}: a '(' is not closed; {_SYNTAX_HELP}")


def search(conn: sqlite3.Connection, query: str, municipality: str | None = None, person: str | None = None,
           body: str | None = None, date_from: str | None = None, date_to: str | None = None,
           limit: int = 20) -> list[Hit]:
    """bm25-ranked cases matching `query` and every filter given. All values go in as SQL parameters."""
    stemmer = index_stemmer(conn)
    expression, terms, prefixes = translate_query(query, stemmer)
    sql = [f"SELECT c.*, bm25(cases_fts, {', '.join(map(str, _WEIGHTS))}) AS score",
           "FROM cases_fts JOIN cases c ON c.rowid = cases_fts.rowid WHERE cases_fts MATCH ?"]
    params: list = [expression]
    if municipality:
        sql.append("AND c.rowid IN (SELECT case_rowid FROM facets WHERE kind IN ('municipality', "
                   "'participant_municipality', 'organization') AND (key = ? OR code = ?))")
        params += [facet_key(municipality), municipality.strip()]
    if person:
        sql.append("AND c.rowid IN (SELECT case_rowid FROM facets WHERE kind IN ('person', 'participant') "
                   "AND key LIKE ? ESCAPE '\\')")
        params.append(f"%{_like_escape(facet_key(person))}%")
    if body:
        sql.append("AND c.body_key LIKE ? ESCAPE '\\'")
        params.append(f"{_like_escape(facet_key(body))}%")
    for bound, op in ((date_from, ">="), (date_to, "<=")):
        if bound:
            if iso_date(bound) is None:
                raise MinutesError(f"dates are given as YYYY-MM-DD, not {bound!r}")
            sql.append(f"AND c.meeting_date {op} ?")
            params.append(bound)
    sql.append("ORDER BY score LIMIT ?")
    params.append(max(1, limit))
    conn.row_factory = sqlite3.Row
    try:
        rows = conn.execute(" ".join(sql), params).fetchall()
    except sqlite3.OperationalError as e:
        if "fts5" in str(e) or "syntax" in str(e):
            near = re.search(r'near "([^"]*)"', str(e))
            where = f" near {near.group(1)!r}" if near else ""
            raise MinutesError(f"bad search query {_brief(query)}: it cannot be read{where}; {_SYNTAX_HELP}") \
                from None
        raise
    finally:
        conn.row_factory = None
    return [_hit(row, terms, prefixes, stemmer) for row in rows]


def _brief(query: str, most: int = 80) -> str:
    """The query as an error quotes it: a 40 KB query is cut, not echoed whole."""
    return repr(query) if len(query) <= most else repr(query[:most]) + f"... ({len(query)} characters)"


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _hit(row: sqlite3.Row, terms: set[str], prefixes: set[str], stemmer: str) -> Hit:
    source = row["text"] or row["decision"] or row["title"] or ""
    snippet, offset = snippet_of(source, terms, prefixes, stemmer)
    page = row["page_start"]
    if page is not None and offset is not None:
        page += source.count("\f", 0, offset)
    return Hit(score=-row["score"], record_id=row["record_id"], path=row["path"], page=page,
               case_number=row["case_number"], title=row["title"], meeting_date=row["meeting_date"],
               body=row["body"], organization=row["organization"], snippet=snippet)


def snippet_of(text: str, terms: set[str], prefixes: set[str], stemmer: str,
               width: int = 24) -> tuple[str, int | None]:
    """The `width`-word window of `text` with the most query terms, terms marked **so**, and the offset of
    its first hit (None without hits)."""
    spans = [m.span() for m in _WORD.finditer(text)]
    hits = []
    for i, (start, end) in enumerate(spans):
        word = text[start:end].casefold()
        if term(word, stemmer) in terms or word.startswith(tuple(prefixes)):
            hits.append(i)
    if not spans:
        return "", None
    if not hits:
        first = 0
    else:
        # the hit whose window holds the most hits (hits are sorted: a binary search per hit, not a scan)
        first = max(range(len(hits)), key=lambda k: bisect.bisect_left(hits, hits[k] + width, k) - k)
        first = max(0, hits[first] - 3)
    window = spans[first:first + width]
    marked, pos, hit_set = [], window[0][0], set(hits)
    for i, (start, end) in enumerate(window, first):
        marked.append(text[pos:start])
        marked.append(f"**{text[start:end]}**" if i in hit_set else text[start:end])
        pos = end
    snippet = " ".join("".join(marked).split())
    return (("… " if first else "") + snippet + (" …" if first + width < len(spans) else ""),
            spans[hits[0]][0] if hits else None)
