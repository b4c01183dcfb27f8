"""The `minutes` command. The only module that prints or exits; stages raise MinutesError subclasses."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Optional

import typer

from pipeline import guard
from pipeline.errors import InputError, MinutesError, UsageError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Structured records from Norwegian meeting minutes (PDF).")

DEBUG = {"on": False}


def _version(show: bool) -> None:
    if show:
        from pipeline import __version__

        typer.echo(f"minutes {__version__}")
        raise typer.Exit()


@app.callback()
def main(debug: bool = typer.Option(False, "--debug", help="Show tracebacks instead of one-line errors."),
         version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="Print the version and exit.")):
    DEBUG["on"] = debug


def fail(error: Exception) -> None:
    """Print one line naming the problem and exit with the error's documented code (with --debug, the traceback
    first: the exit code stays the documented one)."""
    code = getattr(error, "exit_code", 1)
    if DEBUG["on"]:
        import traceback

        traceback.print_exception(error, file=sys.stderr)
    typer.echo(f"minutes: error: {_one_line(error)}", err=True)
    raise typer.Exit(code)


def _one_line(error: Exception) -> str:
    """The message with control characters escaped: file names may contain newlines."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(error))


def _hard_stop(error: MinutesError) -> None:
    """Called by the guard's watchdog thread when a file is stuck past its time limit in code that cannot be
    interrupted; ends the process at once (nothing has been written yet)."""
    sys.stderr.write(f"minutes: error: {_one_line(error)}\n")
    sys.stderr.flush()
    os._exit(error.exit_code)


def _cannot_write(error: Exception, path) -> MinutesError:
    """The error to report for a failed write: ours as it is, an OSError as the path and its reason."""
    if isinstance(error, MinutesError):
        return error
    return MinutesError(f"{path}: cannot write ({error.strerror or error})")


def write_output(text: str, out: Optional[Path]) -> None:
    """Write atomically: a temp file next to the target, then rename; never a half-written output. Text ends with a
    newline; no text is an empty file."""
    text = text + "\n" if text else ""
    if out is None:
        sys.stdout.write(text)
        return
    if not out.parent.is_dir():  # a mistyped folder is an error, not a new folder
        raise MinutesError(f"{out}: cannot write (no folder {out.parent})")
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# the per-file limits, the same for extract and batch (defaults in pipeline/guard.py)
_MAX_PAGES = typer.Option(guard.MAX_PAGES, help="Refuse PDFs with more pages (0: no limit)")
_MAX_CHARS_PER_PAGE = typer.Option(guard.MAX_CHARS_PER_PAGE,
                                   help="Refuse PDFs with a page of more characters (0: no limit)")
_MAX_MB = typer.Option(guard.MAX_FILE_MB, help="Refuse files larger than this (MB, 0: no limit)")
_MAX_STREAM_MB = typer.Option(guard.MAX_STREAM_MB, help="Refuse PDFs with a stream decoding to more (MB, 0: no limit)")
_MAX_OPERATORS_PER_PAGE = typer.Option(guard.MAX_OPERATORS_PER_PAGE,
                                       help="Refuse PDFs with a page drawing more operators (0: no limit)")


def _limits(max_mb: float, max_pages: int, max_chars_per_page: int, max_stream_mb: float, max_operators: int):
    from pipeline.pdf import Limits

    return Limits(max_bytes=int(max_mb * 2**20), max_pages=max_pages, max_chars_per_page=max_chars_per_page,
                  max_stream_bytes=int(max_stream_mb * 2**20), max_operators_per_page=max_operators)


@app.command()
def extract(
    file: Path = typer.Argument(..., readable=False, help="PDF file of minutes"),  # read_pdf_bytes says why not
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the JSON record here (default: stdout)"),
    ocr: str = typer.Option("auto", help="auto: OCR pages with no usable text layer; always; never"),
    workers: int = typer.Option(1, min=1, max=256, help="Pages OCRed in parallel"),
    max_pages: int = _MAX_PAGES,
    max_chars_per_page: int = _MAX_CHARS_PER_PAGE,
    max_mb: float = _MAX_MB,
    max_stream_mb: float = _MAX_STREAM_MB,
    max_operators_per_page: int = _MAX_OPERATORS_PER_PAGE,
    timeout: float = typer.Option(guard.TIMEOUT_S, help="Seconds the file may take (0: no limit)"),
    max_memory_mb: int = typer.Option(guard.MAX_MEMORY_MB, help="Memory the extraction may use (MB, 0: no limit)"),
    ner_vote: bool = typer.Option(False, "--ner-vote", help="All three NER models vote (better on running text, "
                                  "NER three times slower; sets MINUTES_NER=vote)"),
):
    """Extract one PDF into a schema-v1 JSON record."""
    from pipeline.extract import extract_file
    from pipeline.pdf import quiet_pdf_loggers

    if ocr not in ("auto", "always", "never"):
        fail(UsageError(f"--ocr must be auto, always or never, not {ocr!r}"))
    if ner_vote:
        os.environ["MINUTES_NER"] = "vote"
    limits = _limits(max_mb, max_pages, max_chars_per_page, max_stream_mb, max_operators_per_page)
    if not DEBUG["on"]:  # pdfminer logs a warning line for every oddity of a broken file
        quiet_pdf_loggers()
    try:
        with guard.guarded(str(file), timeout, max_memory_mb, on_hard_stop=_hard_stop):
            record = extract_file(file, ocr=ocr, workers=workers, limits=limits)
        text = json.dumps(record.model_dump(mode="json"), ensure_ascii=False, indent=1)
    except MinutesError as e:
        fail(e)
    except Exception as e:  # a bug, or a broken input no stage anticipated: still one line
        if DEBUG["on"]:
            raise
        fail(MinutesError(f"{file}: internal error ({type(e).__name__}: {e}); --debug shows the traceback"))
    try:
        write_output(text, output)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader (`head`) has seen enough: as for export, not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (MinutesError, OSError) as e:
        fail(_cannot_write(e, output))


@app.command()
def show(
    source: Path = typer.Argument(..., help="A PDF (extracted first), or a record JSON (its PDF: --pdf or the "
                                            "record's source path)"),
    output: Path = typer.Option(..., "-o", "--output", help="The review page to write (.html)"),
    pdf: Optional[Path] = typer.Option(None, "--pdf", help="The record's PDF, where its source path is not it"),
    ocr: str = typer.Option("auto", help="auto | always | never, when SOURCE is a PDF"),
    dpi: int = typer.Option(72, min=36, max=200, help="Resolution of the page images"),
):
    """Write one self-contained HTML review page: the PDF's pages with every finding boxed and coloured by type,
    beside the record (meeting, participants, cases with decisions, entities, warnings). Opens from a file."""
    from pipeline.review import write_review

    if not source.is_file():
        fail(InputError(f"{source}: no such file"))
    if source.suffix.lower() == ".json":
        try:
            record = json.loads(source.read_text(encoding="utf-8"))
        except (OSError, UnicodeError, ValueError) as e:
            fail(InputError(f"{source}: not a record ({e})"))
        if not isinstance(record, dict):
            fail(InputError(f"{source}: not a record"))
        pdf = pdf or Path(str((record.get("source") or {}).get("path") or ""))
        if not pdf.is_file():
            fail(InputError(f"{source}: its PDF {str(pdf)!r} is not there; give it with --pdf"))
    else:
        from pipeline.extract import extract_file

        try:
            record = extract_file(source, ocr=ocr).model_dump(mode="json")
        except MinutesError as e:
            fail(e)
        pdf = source
    try:
        write_review(record, pdf, output, dpi=dpi)
    except OSError as e:
        fail(_cannot_write(e, output))
    typer.echo(f"wrote {output}")


@app.command()
def schema():
    """Print the JSON Schema of the output record."""
    from pipeline.records import json_schema

    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=1))


train_app = typer.Typer(no_args_is_help=True, help="Train the models shipped in models/.")
app.add_typer(train_app, name="train")


@train_app.command("ner")
def train_ner_command(
    out: Path = typer.Option(Path("models/nb_minutes_ner"), help="Where the trained pipeline is written"),
    data: Path = typer.Option(Path("../shared/data/norne"), help="NorNE folder (ndt/ and ud/)"),
    config: Optional[Path] = typer.Option(None, help="spaCy config (default: models/ner.cfg)"),
    langs: str = typer.Option("nob,nno", help="Languages whose train split is used, comma-separated"),
    max_steps: Optional[int] = typer.Option(None, help="Override training.max_steps of the config"),
    copies: int = typer.Option(3, min=0, help="Mention-replaced copies of every train sentence with an entity"),
    members: int = typer.Option(3, min=1, help="NERs trained (seeds counting up) and joined by majority vote"),
):
    """Train the Norwegian NER on NorNE (PER, ORG, LOC, GPE); print scores on bokmål dev/test, nynorsk test."""
    from pipeline.train import DEFAULT_CONFIG, score_table, train_ner

    try:
        scores = train_ner(out, data=data, config=config or DEFAULT_CONFIG,
                           langs=tuple(lang.strip() for lang in langs.split(",")), max_steps=max_steps,
                           copies=copies, members=members)
    except MinutesError as e:
        fail(e)
    for split, table in scores.items():
        typer.echo(f"\n{split}:\n{score_table(table)}")


class _BatchProgress:
    """A rich progress bar (files, pages/s, ETA) on a terminal; one plain log line per file otherwise."""

    def __init__(self):
        from rich.console import Console

        self.console = Console(stderr=True)
        self.bar = None
        self.pages = 0
        self.started = 0.0

    def plan(self, plan) -> None:
        import time

        self.started = time.monotonic()
        message = (f"{plan.inputs} PDFs: {len(plan.tasks)} to do, {plan.skipped} already done, "
                   f"{plan.failed_earlier} failed before (--retry-failed retries them)")
        if not self.console.is_terminal:
            typer.echo(f"minutes: {message}", err=True)
            if plan.tasks:
                typer.echo("minutes: loading the language model in the workers", err=True)
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.console.print(message, markup=False, highlight=False)
        self.bar = Progress(TextColumn("files"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[rate]}"), TextColumn("ETA"), TimeRemainingColumn(),
                            console=self.console)
        self.bar.start()  # at once: the workers' first seconds go to loading the model, and the bar says so
        self.task = self.bar.add_task("files", total=len(plan.tasks), rate="loading model")

    def outcome(self, outcome) -> None:
        import time

        self.pages += outcome.pages
        rate = self.pages / max(time.monotonic() - self.started, 1e-6)
        if outcome.ok:
            line = f"done {outcome.path} ({outcome.pages} pages, {outcome.seconds:.1f} s)"
        else:
            line = f"failed {outcome.path}: {outcome.error_class}: {outcome.message}"
        note = f"no review page for {outcome.path}: {outcome.review_error}" if outcome.review_error else None
        if self.bar is None:
            typer.echo(f"minutes: {line} [{rate:.1f} pages/s]", err=True)
            if note:
                typer.echo(f"minutes: {note}", err=True)
            return
        self.bar.update(self.task, advance=1, rate=f"{rate:.1f} pages/s")
        for text in ([] if outcome.ok else [line]) + ([note] if note else []):
            self.console.print(text, markup=False, highlight=False, style="red")

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


@app.command()
def batch(
    in_dir: Path = typer.Argument(..., help="Folder searched recursively for *.pdf"),
    out_dir: Path = typer.Argument(..., help="Output: <sha256>.json per input, records.jsonl, errors.jsonl"),
    workers: int = typer.Option(1, min=1, max=256, help="Files extracted in parallel (worker processes)"),
    timeout: float = typer.Option(600, help="Seconds one file may take before its worker is stopped"),
    ocr: str = typer.Option("auto", help="auto: OCR pages with no usable text layer; always; never"),
    retry_failed: bool = typer.Option(False, "--retry-failed", help="Retry inputs that failed in earlier runs"),
    executor: str = typer.Option("local", help="local (worker processes) or dask"),
    scheduler: Optional[str] = typer.Option(None, help="Dask scheduler address, e.g. tcp://HOST:8786"),
    max_memory_mb: int = typer.Option(4096, help="MB one worker may use; a file needing more fails (0: no limit)"),
    max_pages: int = _MAX_PAGES,
    max_chars_per_page: int = _MAX_CHARS_PER_PAGE,
    max_mb: float = _MAX_MB,
    max_stream_mb: float = _MAX_STREAM_MB,
    max_operators_per_page: int = _MAX_OPERATORS_PER_PAGE,
    ner_vote: bool = typer.Option(False, "--ner-vote", help="All three NER models vote (better on running text, "
                                  "NER three times slower; sets MINUTES_NER=vote)"),
    review: bool = typer.Option(False, "--review", help="Also write <sha256>.review.html beside each new record: "
                                "its pages with every finding boxed (see `minutes show`)"),
):
    """Extract every PDF under IN_DIR into OUT_DIR; resumable (rerun to continue), exit 3 if some files failed."""
    from pipeline.batch import Options, run_batch

    if ner_vote:  # the local workers inherit it; dask workers need it in their own environment
        os.environ["MINUTES_NER"] = "vote"

    limits = _limits(max_mb, max_pages, max_chars_per_page, max_stream_mb, max_operators_per_page)
    options = Options(workers=workers, timeout=timeout, ocr=ocr, retry_failed=retry_failed, executor=executor,
                      scheduler=scheduler, max_memory_mb=max_memory_mb, limits=limits, review=review)
    progress = _BatchProgress()
    try:
        summary = run_batch(in_dir, out_dir, options, on_plan=progress.plan, on_outcome=progress.outcome)
    except MinutesError as e:
        progress.stop()
        fail(e)
    except KeyboardInterrupt:
        progress.stop()
        typer.echo("minutes: interrupted; finished records are kept, run the same command to resume", err=True)
        raise typer.Exit(130)
    progress.stop()
    typer.echo(f"done {summary.done}, skipped {summary.skipped}, failed {summary.failed}, pages {summary.pages}, "
               f"time {summary.seconds:.1f} s" + (f" (see {out_dir / 'errors.jsonl'})" if summary.failed else ""))
    raise typer.Exit(summary.exit_code)


@app.command("index")
def index_command(
    records: Path = typer.Argument(..., help="Batch output folder (<sha256>.json records), or a .jsonl/.json file"),
    db: Path = typer.Option(Path("minutes.sqlite"), "--db", help="SQLite index file, created if missing"),
    stemmer: Optional[str] = typer.Option(None, help="norwegian or none; chosen when the index is created"),
):
    """Add records to the embedded full-text index (SQLite FTS5); re-indexing a record replaces its rows."""
    from pipeline.index.datasette import metadata_path, write_metadata
    from pipeline.index.documents import read_records
    from pipeline.index.sqlite import connect, index_records

    problems: list[str] = []
    if not records.exists():
        fail(InputError(f"{records}: no such folder or file of records"))  # before the index file is made
    try:
        conn = connect(db, stemmer)
        try:
            n_records, n_cases = index_records(conn, read_records(records, problems), problems=problems)
        finally:
            conn.close()
    except MinutesError as e:
        fail(e)
    for problem in problems:
        typer.echo(f"minutes: skipped {problem}", err=True)
    try:
        datasette_metadata = write_metadata(db)
    except OSError as e:
        fail(_cannot_write(e, metadata_path(db)))
    typer.echo(f"indexed {n_records} records ({n_cases} cases) into {db}; browse it with "
               f"`datasette {db} --metadata {datasette_metadata}`")


@app.command("search")
def search_command(
    query: str = typer.Argument(..., help='Words, "exact phrases", prefix*, AND, OR, NOT, parentheses'),
    db: Path = typer.Option(Path("minutes.sqlite"), "--db", help="SQLite index built by `minutes index`"),
    municipality: Optional[str] = typer.Option(None, help="Municipality name or number"),
    person: Optional[str] = typer.Option(None, help="Person named in the case or present at the meeting"),
    body: Optional[str] = typer.Option(None, help="The body that met, e.g. Formannskapet"),
    date_from: Optional[str] = typer.Option(None, "--from", help="Meeting date from, YYYY-MM-DD"),
    date_to: Optional[str] = typer.Option(None, "--to", help="Meeting date to, YYYY-MM-DD"),
    limit: int = typer.Option(20, min=1, max=10_000, help="Most hits shown"),
    output_format: str = typer.Option("table", "--format", help="table (for reading), json or csv"),
    as_json: bool = typer.Option(False, "--json", help="Same as --format json"),
):
    """Search the cases, best first (bm25), with snippets, meeting date, body, case number, file and page."""
    import dataclasses
    import re

    from pipeline.index.sqlite import Hit, connect, search

    output_format = "json" if as_json else output_format
    if output_format not in ("table", "json", "csv"):
        fail(UsageError(f"--format must be table, json or csv, not {output_format!r}"))

    try:
        conn = connect(db, create=False)
        try:
            hits = search(conn, query, municipality=municipality, person=person, body=body, date_from=date_from,
                          date_to=date_to, limit=limit)
        finally:
            conn.close()
    except MinutesError as e:
        fail(e)
    if output_format == "json":
        typer.echo(json.dumps([dataclasses.asdict(h) for h in hits], ensure_ascii=False, indent=1))
        return
    if output_format == "csv":
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=[f.name for f in dataclasses.fields(Hit)], lineterminator="\n")
        writer.writeheader()
        writer.writerows(dataclasses.asdict(h) for h in hits)
        return
    if not hits:
        typer.echo("no cases match", err=True)
    bold = sys.stdout.isatty()
    best = max((h.score for h in hits), default=1.0) or 1.0
    for n, hit in enumerate(hits, 1):
        snippet = re.sub(r"\*\*(.+?)\*\*", lambda m: typer.style(m.group(1), bold=True) if bold else m.group(0),
                         hit.snippet)
        typer.echo(f"{n}. {hit.meeting_date or 'undated'}  {hit.body or hit.organization or ''}  "
                   f"sak {hit.case_number or '-'}  {hit.title or ''}".rstrip())
        # relative to the best hit: bm25 scores of a small index are tiny and would all print as 0.00
        typer.echo(f"   {hit.path}, page {hit.page or '?'}  (relevance {max(0.01, hit.score / best):.2f})")
        typer.echo(f"   {snippet}")


@app.command("export")
def export_command(
    records: Optional[Path] = typer.Argument(None, help="Batch output folder, or a .jsonl/.json file of records"),
    format: str = typer.Option("elasticsearch", "--format",
                               help="elasticsearch (also fits OpenSearch): bulk NDJSON; csv or parquet: a table each "
                                    "of meetings, participants, cases, votes and entities; popolo: Popolo JSON"),
    mapping: bool = typer.Option(False, "--mapping", help="Print the index mapping instead of documents"),
    index: str = typer.Option("minutes", "--index", help="Index name in the bulk actions"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here (default: stdout)"),
    stale: Optional[Path] = typer.Option(
        None, "--stale-queries", help="Also write _delete_by_query bodies (one a line) that remove what earlier "
        "exports left at these files' paths; run them after loading the bulk file"),
):
    """Export records: bulk NDJSON of the cases for Elasticsearch/OpenSearch (one document each, _id =
    sha256-case number), tables (CSV, Parquet) into the folder -o, or Popolo JSON into the folder -o."""
    from datetime import datetime, timezone

    from pipeline.index import elastic
    from pipeline.index.documents import read_records

    if mapping:
        try:
            write_output(json.dumps(elastic.mapping(), ensure_ascii=False, indent=1), output)
        except (MinutesError, OSError) as e:
            fail(_cannot_write(e, output))
        return
    if records is None:
        fail(UsageError("give a folder or file of records to export, or --mapping"))
    if format in ("csv", "parquet", "popolo"):
        _export_files(records, format, output)
        return
    if format not in ("elasticsearch", "opensearch"):
        fail(UsageError(f"--format must be elasticsearch, opensearch, csv, parquet or popolo, not {format!r}"))
    export_id = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    problems: list[str] = []
    paths: list[str] = []

    def noting_paths(found):
        for record in found:
            paths.append(record["source"].get("path"))
            yield record

    out = sys.stdout
    tmp = None
    try:
        if output is not None:
            tmp = output.with_name(f".{output.name}.tmp")
            out = open(tmp, "w", encoding="utf-8", newline="\n")
        for line in elastic.bulk_lines(noting_paths(read_records(records, problems)), index=index,
                                       export_id=export_id):
            out.write(line + "\n")
        if tmp is not None:
            out.close()
            tmp.replace(output)
        if stale is not None:
            write_output("\n".join(elastic.stale_queries(paths, export_id)), stale)  # none: an empty file
    except BrokenPipeError:  # the reader (e.g. `head`) has seen enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    except (MinutesError, OSError) as e:
        fail(_cannot_write(e, getattr(e, "filename", None) or output))
    finally:
        if tmp is not None and tmp.exists():  # an export that stopped leaves no half file behind
            out.close()
            tmp.unlink(missing_ok=True)
    for problem in problems:
        typer.echo(f"minutes: skipped {problem}", err=True)


def _export_files(records: Path, format: str, output: Optional[Path]) -> None:
    from pipeline.index.documents import read_records
    from pipeline.popolo import popolo, write_popolo
    from pipeline.tables import record_tables, write_csv, write_parquet

    if output is None:
        fail(UsageError(f"--format {format} writes a folder of files: give it with -o DIR"))
    if output.resolve() == records.resolve():
        fail(UsageError("-o must be another folder than the records': the export's files are no records"))
    problems: list[str] = []
    found = read_records(records, problems)
    try:
        if format == "popolo":
            counts = write_popolo(popolo(found), output)
        else:
            counts = (write_parquet if format == "parquet" else write_csv)(record_tables(found), output)
    except (MinutesError, OSError) as e:
        fail(_cannot_write(e, getattr(e, "filename", None) or output))
    for problem in problems:
        typer.echo(f"minutes: skipped {problem}", err=True)
    typer.echo(f"wrote {', '.join(f'{n} {name}' for name, n in counts.items())} to {output}")


@app.command("eval")
def eval_command(
    gold_dir: Path = typer.Argument(..., help="Folder of gold files <id>.json (shared/docs/GOLD_SCHEMA.md)"),
    pdf_dir: Path = typer.Argument(..., help="Folder holding <id>.pdf for every gold file"),
    out: Optional[Path] = typer.Option(None, help="Also write each extracted record to OUT/<id>.json"),
    ocr: str = typer.Option("auto", help="auto | always | never"),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON"),
):
    """Extract every PDF and print per-field precision, recall and F1 against gold annotations."""
    from pipeline.evaluate import score_documents
    from pipeline.extract import extract_file

    if not gold_dir.is_dir() or not pdf_dir.is_dir():
        fail(MinutesError(f"{gold_dir if not gold_dir.is_dir() else pdf_dir}: not a folder"))
    pairs = []
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)  # the folder --out names is made for the records
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pdf = pdf_dir / f"{gold_path.stem}.pdf"
        record = {}
        if pdf.exists():
            try:
                record = extract_file(pdf, ocr=ocr).model_dump(mode="json")
            except MinutesError as e:
                typer.echo(f"minutes: {pdf}: {e} (scored as all missed)", err=True)
        else:
            typer.echo(f"minutes: {pdf}: missing (scored as all missed)", err=True)
        if out is not None and record:
            write_output(json.dumps(record, ensure_ascii=False, indent=1), out / f"{gold_path.stem}.json")
        pairs.append((gold, record))
    if not pairs:
        fail(MinutesError(f"{gold_dir}: no gold files (*.json)"))
    figures = score_documents(pairs)
    if as_json:
        typer.echo(json.dumps(figures, indent=1))
        return
    for field, v in figures.items():
        typer.echo(f"{field:24s} P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}")
