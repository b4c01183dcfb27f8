"""Folders of PDFs -> one JSON record per input: parallel, resumable, with a per-file timeout.

OUT_DIR holds
  <sha256>.json   one record per distinct input content, written atomically (temp file + rename)
  records.jsonl   the same records, one per line, appended as they finish; rebuilt from the
                  <sha256>.json files when a killed run left it short, torn or duplicated
  errors.jsonl    one line per input that failed: path, sha256, error class, message
A rerun skips inputs whose content already has a record or an error line (failed ones again only with
`retry_failed`). The local executor runs files in worker processes that are killed and replaced when a
file exceeds the timeout or crashes them; the Dask executor runs the same `process_file` on a cluster.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import shutil
import signal
import stat
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from pipeline import errors
from pipeline.errors import InputError, MinutesError, UsageError
from pipeline.guard import MAX_MEMORY_MB

if TYPE_CHECKING:
    from pipeline.pdf import Limits

RECORDS = "records.jsonl"
ERRORS = "errors.jsonl"
_RECORD_NAME = re.compile(r"^[0-9a-f]{64}\.json$")
_LINE_ID = re.compile(r'"id":"([0-9a-f]{64})"')


@dataclass
class Options:
    workers: int = 1
    timeout: float = 600.0  # seconds per file
    ocr: str = "auto"
    retry_failed: bool = False
    executor: str = "local"  # local | dask
    scheduler: str | None = None  # Dask scheduler address, e.g. tcp://host:8786
    max_memory_mb: int = MAX_MEMORY_MB  # per local worker: a file needing more fails; 0 = no limit
    limits: Limits | None = None  # per file, as `minutes extract` takes them; None = the defaults
    review: bool = False  # also write <sha256>.review.html, the record next to its pages


@dataclass
class Outcome:
    """What became of one input. `record_json` is the record as one JSON line when it succeeded."""
    path: str
    sha256: str | None
    pages: int = 0
    record_json: str | None = None
    error_class: str | None = None
    message: str | None = None
    seconds: float = 0.0
    review_html: str | None = None  # the review page, when asked for
    review_error: str | None = None  # why the review page could not be made (the record stands)

    @property
    def ok(self) -> bool:
        return self.record_json is not None


@dataclass
class Task:
    path: str
    sha256: str
    duplicates: list[str] = field(default_factory=list)  # further paths with the same content
    error: str | None = None  # the input could not be read: fails without a worker


@dataclass
class Plan:
    inputs: int
    tasks: list[Task]
    skipped: int  # content already has a record (or is a duplicate of such a file)
    failed_earlier: int  # content failed in an earlier run and is not retried

    @property
    def pending_files(self) -> int:
        return sum(1 + len(t.duplicates) for t in self.tasks)


@dataclass
class Summary:
    inputs: int = 0
    done: int = 0
    skipped: int = 0
    failed: int = 0  # this run, plus earlier failures not retried
    pages: int = 0
    seconds: float = 0.0
    peak_worker_mb: float = 0.0

    @property
    def exit_code(self) -> int:
        return 3 if self.failed else 0


# ---------------------------------------------------------------- per-file work (runs in workers)

def process_file(path: str, ocr: str = "auto", max_memory_mb: int = 0, limits: Limits | None = None,
                 review: bool = False, ocr_workers: int = 1) -> Outcome:
    """Extract one PDF, OCRing up to `ocr_workers` of its pages at once. Never raises for a bad file: any failure
    becomes an Outcome with its error."""
    from pipeline.extract import extract_file
    from pipeline.guard import guarded

    start = time.monotonic()
    try:
        with guarded(path, 0, max_memory_mb, on_hard_stop=lambda error: None):  # the batch bounds the time
            record = extract_file(Path(path), ocr=ocr, workers=ocr_workers, limits=limits)
            data = record.model_dump(mode="json")
            line = record_line(data)
        outcome = Outcome(path, record.id, record.source.pages, line, seconds=time.monotonic() - start)
    except Exception as e:  # one file's failure, whatever it is, is recorded and the batch goes on
        return Outcome(path, None, error_class=type(e).__name__, message=str(e) or repr(e),
                       seconds=time.monotonic() - start)
    if review:
        from pipeline.review import review_html

        try:
            with guarded(path, 0, max_memory_mb, on_hard_stop=lambda error: None):
                outcome.review_html = review_html(data, Path(path))
        except Exception as e:  # the record is made; only its review page is missing
            outcome.review_error = f"{type(e).__name__}: {e}"
    return outcome


def process_file_within(path: str, ocr: str, timeout: float, limits: Limits | None = None,
                        review: bool = False) -> Outcome:
    """`process_file` given `timeout` seconds, for executors that cannot kill a task (Dask): a stuck
    extraction is left running in its thread and the file is recorded as timed out."""
    result: list[Outcome] = []
    thread = threading.Thread(target=lambda: result.append(process_file(path, ocr, limits=limits, review=review)),
                              daemon=True)
    thread.start()
    thread.join(timeout)
    if result:
        return result[0]
    return Outcome(path, None, error_class="Timeout",
                   message=f"no result after {timeout:g} s; the extraction could not be stopped on Dask")


def record_line(record: dict) -> str:
    """The record as one JSON line. U+2028/2029/0085 are escaped too: some readers split lines on them."""
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    text.encode("utf-8")  # text that cannot be written fails here, in the worker, as this file's error
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085")


# ---------------------------------------------------------------- output folder

class OutDir:
    """The output folder, locked against a second batch writing to it at the same time."""

    def __init__(self, path: Path):
        import fcntl

        self.path = Path(path)
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self._lock = open(self.path / ".lock", "w")
        except OSError as e:
            raise InputError(f"{path}: cannot create the output folder ({e.strerror or e})") from None
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise MinutesError(f"{path}: another `minutes batch` is writing to this folder") from None
        for stale in self.path.glob(".*.tmp-*"):  # left by a killed run; never renamed into place
            stale.unlink(missing_ok=True)

    def close(self) -> None:
        self._lock.close()

    def record_ids(self) -> set[str]:
        return {p.name[:-5] for p in self.path.iterdir() if _RECORD_NAME.match(p.name)}

    def repair_records_jsonl(self, ids: set[str]) -> None:
        """Make records.jsonl hold exactly one whole line per record file: rebuild it if it does not."""
        jsonl = self.path / RECORDS
        seen: list[str] = []
        if jsonl.exists():
            with open(jsonl, encoding="utf-8", newline="\n") as f:
                for line in f:
                    m = _LINE_ID.search(line[:300])
                    if not line.endswith("}\n") or not m:
                        break
                    seen.append(m.group(1))
                else:
                    if len(seen) == len(set(seen)) and set(seen) == ids:
                        return
        with _AtomicWriter(jsonl) as out:
            for sha in sorted(ids):
                text = (self.path / f"{sha}.json").read_text(encoding="utf-8").strip()
                out.write(text + "\n")

    def write_record(self, sha: str, line: str, review_html: str | None = None) -> None:
        """The record file (atomically) and its review page, then its line appended to records.jsonl."""
        with _AtomicWriter(self.path / f"{sha}.json") as out:
            out.write(line + "\n")
        if review_html is not None:
            with _AtomicWriter(self.path / f"{sha}.review.html") as out:
                out.write(review_html)
        self._append(RECORDS, line)

    def read_errors(self) -> list[dict]:
        """errors.jsonl, skipping a torn last line."""
        entries = []
        try:
            with open(self.path / ERRORS, encoding="utf-8", newline="\n") as f:
                for line in f:
                    try:
                        entry = json.loads(line)
                    except ValueError:
                        continue
                    if isinstance(entry, dict) and "path" in entry:
                        entries.append(entry)
        except FileNotFoundError:
            pass
        return entries

    def rewrite_errors(self, entries: list[dict]) -> None:
        with _AtomicWriter(self.path / ERRORS) as out:
            for entry in entries:
                out.write(json.dumps(entry, ensure_ascii=False) + "\n")

    def append_error(self, entry: dict) -> None:
        self._append(ERRORS, json.dumps(entry, ensure_ascii=False))

    def _append(self, name: str, line: str) -> None:
        """One whole line or none: a write the disk cannot take (full) is cut back to where the line began."""
        data = (line + "\n").encode("utf-8")
        fd = os.open(self.path / name, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            start = os.lseek(fd, 0, os.SEEK_END)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
                os.fsync(fd)
            except OSError:
                os.ftruncate(fd, start)
                raise
        finally:
            os.close(fd)


class _AtomicWriter:
    """Write to a temp file beside `target`, fsync, then rename over it: readers never see half a file."""

    def __init__(self, target: Path):
        self.target = target
        self.tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")

    def __enter__(self):
        self.file = open(self.tmp, "w", encoding="utf-8", newline="\n")
        return self.file

    def __exit__(self, exc_type, exc, tb):
        try:
            if exc_type is None:
                self.file.flush()
                os.fsync(self.file.fileno())
        finally:
            self.file.close()
        if exc_type is None:
            os.replace(self.tmp, self.target)
        else:
            self.tmp.unlink(missing_ok=True)


# ---------------------------------------------------------------- planning

def find_pdfs(in_dir: Path) -> list[Path]:
    """All files named *.pdf (any case) under `in_dir`, recursively, in a stable order."""
    if not in_dir.is_dir():
        raise InputError(f"{in_dir}: not a folder")
    found = []
    for root, dirs, files in os.walk(in_dir):
        dirs.sort()
        found.extend(Path(root) / name for name in sorted(files) if name.lower().endswith(".pdf"))
    return found


def sha256_file(path: Path) -> str:
    """Raises OSError for anything but a regular file: a FIFO or device named *.pdf would block or never end."""
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise OSError("not a regular file")
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def error_entry(outcome: Outcome, path: str | None = None) -> dict:
    """The error line of one input; a file with the same content as the one that failed has its own path in its
    message too."""
    message = outcome.message
    if path and path != outcome.path and message:
        message = message.replace(outcome.path, path)
    return {"path": path or outcome.path, "sha256": outcome.sha256, "error_class": outcome.error_class,
            "message": message}


def plan_batch(in_dir: Path, out: OutDir, retry_failed: bool = False) -> Plan:
    """Hash every input and decide what is left to do. Also compacts errors.jsonl: drops lines whose
    input now has a record or reads fine, repeated lines, and (with `retry_failed`) the failures to retry."""
    paths = [str(p) for p in find_pdfs(in_dir)]
    hashes: dict[str, str | None] = {}
    unreadable: dict[str, str] = {}
    for path in paths:
        try:
            hashes[path] = sha256_file(Path(path))
        except OSError as e:
            hashes[path] = None
            unreadable[path] = f"{path}: cannot read file ({e.strerror or e})"
    done = out.record_ids()
    out.repair_records_jsonl(done)
    old_errors = out.read_errors()
    input_shas = set(hashes.values())
    kept, lines = [], set()
    for entry in old_errors:
        sha, path = entry.get("sha256"), entry["path"]
        if (sha in done or (sha, path) in lines or (sha is None and hashes.get(path))
                or (retry_failed and (path in hashes or sha in input_shas))):
            continue
        lines.add((sha, path))
        kept.append(entry)
    failed = {e["sha256"]: e for e in reversed(kept) if e.get("sha256")}

    tasks: dict[str, Task] = {}
    skipped = failed_earlier = 0
    for path in paths:
        sha = hashes[path]
        if sha is None:
            if (None, path) in lines:
                failed_earlier += 1
            else:
                tasks.setdefault(path, Task(path, "", error=unreadable[path]))
        elif sha in done:
            skipped += 1
        elif sha in failed:
            failed_earlier += 1
            if (sha, path) not in lines:  # a new copy of content that failed before
                kept.append(dict(failed[sha], path=path))
                lines.add((sha, path))
        elif sha in tasks:
            tasks[sha].duplicates.append(path)
        else:
            tasks[sha] = Task(path, sha)
    if kept != old_errors:
        out.rewrite_errors(kept)
    return Plan(len(paths), list(tasks.values()), skipped, failed_earlier)


# ---------------------------------------------------------------- running

def run_batch(in_dir: Path, out_dir: Path, options: Options,
              on_plan: Callable[[Plan], None] | None = None,
              on_outcome: Callable[[Outcome], None] | None = None) -> Summary:
    """Process every PDF under `in_dir` not yet done in `out_dir`. Safe to kill at any moment and rerun."""
    if options.ocr not in ("auto", "always", "never"):
        raise UsageError(f"--ocr must be auto, always or never, not {options.ocr!r}")
    if options.executor not in ("local", "dask"):
        raise UsageError(f"--executor must be local or dask, not {options.executor!r}")
    if options.workers < 1 or options.timeout <= 0:
        raise UsageError("--workers must be at least 1 and --timeout above 0")
    started = time.monotonic()
    out = OutDir(out_dir)
    try:
        plan = plan_batch(Path(in_dir), out, options.retry_failed)
        summary = Summary(inputs=plan.inputs, skipped=plan.skipped, failed=plan.failed_earlier)
        if on_plan:
            on_plan(plan)

        def finish(task: Task, outcome: Outcome) -> None:
            if outcome.ok:
                try:
                    out.write_record(outcome.sha256, outcome.record_json, outcome.review_html)
                    outcome.review_html = None  # written; the summary need not hold it
                except (UnicodeError, ValueError) as e:  # a record that cannot be written is that file's error
                    outcome = Outcome(outcome.path, None, error_class=type(e).__name__,
                                      message=f"the record cannot be written: {e}", seconds=outcome.seconds)
            if outcome.ok:
                summary.done += 1
                summary.skipped += len(task.duplicates)
                summary.pages += outcome.pages
            else:
                outcome.sha256 = task.sha256 or None
                for path in [task.path, *task.duplicates]:
                    out.append_error(error_entry(outcome, path))
                summary.failed += 1 + len(task.duplicates)
            if on_outcome:
                on_outcome(outcome)

        for task in plan.tasks:
            if task.error:
                finish(task, Outcome(task.path, None, error_class=InputError.__name__, message=task.error))
        tasks = [t for t in plan.tasks if not t.error]
        if tasks and options.executor == "dask":
            _run_dask(tasks, options, finish)
        elif tasks:
            summary.peak_worker_mb = _run_local(tasks, options, finish)
    except OSError as e:
        raise MinutesError(f"{out_dir}: cannot write the batch output ({e.strerror or e})") from None
    finally:
        out.close()
    summary.seconds = time.monotonic() - started
    return summary


def _run_dask(tasks: list[Task], options: Options, finish: Callable[[Task, Outcome], None]) -> None:
    """The same per-file function on a Dask cluster. Workers must see the input paths (shared storage)."""
    if not options.scheduler:
        raise MinutesError("--executor dask needs --scheduler tcp://HOST:8786")
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise MinutesError("--executor dask needs dask.distributed: pip install 'minutes[dask]'") from None
    from pipeline.extract import warm_up

    try:
        client = Client(options.scheduler, timeout=30)
    except OSError as e:
        raise MinutesError(f"cannot reach the Dask scheduler at {options.scheduler}: {e}") from None
    with client:
        client.run(warm_up)
        futures = {client.submit(process_file_within, t.path, options.ocr, options.timeout, options.limits,
                                 options.review, key=f"minutes-{t.sha256}", pure=False): t for t in tasks}
        for future in as_completed(futures):
            task = futures.pop(future)
            if future.status == "finished":
                outcome = future.result()
            else:
                exc = future.exception()
                outcome = Outcome(task.path, task.sha256, error_class="WorkerCrashed",
                                  message=f"Dask task failed: {type(exc).__name__}: {exc}")
            future.release()
            finish(task, outcome)


class _Worker:
    """One worker process with its own pipe; killed and replaced when its file hangs or crashes it."""

    def __init__(self, ctx, options: Options, page_slots: tuple[str, int] | None = None):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, options.ocr, options.max_memory_mb, os.getpid(),
                                                              options.limits, options.review, page_slots),
                                   daemon=True)
        self.process.start()
        child.close()
        self.ready = False
        self.task: Task | None = None
        self.started = 0.0

    def assign(self, task: Task) -> None:
        self.task, self.started = task, time.monotonic()
        self.conn.send(task.path)

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


def _run_local(tasks: list[Task], options: Options, finish: Callable[[Task, Outcome], None]) -> float:
    """Run tasks on `options.workers` processes; returns the peak resident memory of any worker in MB."""
    import multiprocessing
    from multiprocessing.connection import wait

    from pipeline.ocr import page_slots_folder

    ctx = multiprocessing.get_context("spawn")  # clean workers: no inherited threads or locks
    queue = deque(tasks)
    # every worker may OCR as many pages at once as the batch has workers, and all of them together no more:
    # the last long scanned volume of a batch is read on every core, not on one
    slots = (page_slots_folder(), options.workers) if options.workers > 1 else None
    workers = [_Worker(ctx, options, slots)
               for _ in range(min(options.workers, len(tasks)))]
    peak_mb = 0.0

    def replace(worker: _Worker, outcome: Outcome | None) -> None:
        task = worker.task
        worker.kill()
        workers.remove(worker)
        if queue or outcome is None:
            workers.append(_Worker(ctx, options, slots))
        if outcome is not None:
            finish(task, outcome)

    try:
        while queue or any(w.task for w in workers):
            for w in workers:
                if w.ready and w.task is None and queue:
                    w.assign(queue.popleft())
            busy = [w for w in workers if w.task]
            timeout = max(0.0, min(w.started + options.timeout for w in busy) - time.monotonic()) if busy else None
            wait([w.conn for w in workers] + [w.process.sentinel for w in workers], timeout)
            for w in list(workers):
                message = None
                if w.conn.poll():
                    try:
                        message = w.conn.recv()
                    except (EOFError, OSError):
                        message = None
                if message and message[0] == "ready":
                    w.ready = True
                elif message and message[0] == "startup_failed":
                    raise _startup_error(message[1], message[2])
                elif message and message[0] == "outcome":
                    _, outcome, worker_peak_mb, worker_mb = message
                    peak_mb = max(peak_mb, worker_peak_mb)
                    task, w.task = w.task, None
                    if options.max_memory_mb and worker_mb > options.max_memory_mb / 2:  # keeps what a big file grew
                        replace(w, None)
                    elif queue:
                        w.assign(queue.popleft())  # before the record is written, so the worker is not idle
                    finish(task, outcome)
                elif not w.process.is_alive():
                    if not w.ready:
                        raise MinutesError(f"a batch worker died while starting (exit code {w.process.exitcode})")
                    if w.task is None:
                        replace(w, None)
                        continue
                    code = w.process.exitcode
                    replace(w, Outcome(w.task.path, w.task.sha256, error_class="WorkerCrashed",
                                       message=f"the worker process died on this file (exit code {code})"))
                elif w.task and time.monotonic() - w.started > options.timeout:
                    replace(w, Outcome(w.task.path, w.task.sha256, error_class="Timeout",
                                       message=f"no result after {options.timeout:g} s; the worker was stopped"))
    finally:
        for w in workers:
            w.kill()
        if slots:
            shutil.rmtree(slots[0], ignore_errors=True)
    return peak_mb


def _startup_error(class_name: str, message: str) -> MinutesError:
    cls = getattr(errors, class_name, None)
    if isinstance(cls, type) and issubclass(cls, MinutesError):
        return cls(message)
    return MinutesError(f"a batch worker could not start: {class_name}: {message}")


def _worker_main(conn, ocr: str, max_memory_mb: int, parent_pid: int, limits: Limits | None = None,
                 review: bool = False, page_slots: tuple[str, int] | None = None) -> None:
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the workers
    try:
        from pipeline.extract import warm_up
        from pipeline.ocr import share_page_slots

        warm_up()
        if page_slots:
            share_page_slots(*page_slots)
    except Exception as e:
        conn.send(("startup_failed", type(e).__name__, str(e)))
        return
    conn.send(("ready",))
    while True:
        try:
            path = conn.recv()
        except (EOFError, OSError):
            return
        outcome = process_file(path, ocr, max_memory_mb, limits, review, page_slots[1] if page_slots else 1)
        conn.send(("outcome", outcome, _peak_mb(), _resident_mb()))


def _die_with_parent(parent_pid: int) -> None:
    """Ask Linux to kill this worker when the batch process dies, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent_pid:  # the parent died before the request took effect
        os._exit(1)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def _resident_mb() -> float:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0
