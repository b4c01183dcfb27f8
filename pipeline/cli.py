"""The `minutes` command. The only module that prints or exits; stages raise MinutesError subclasses."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from pipeline.errors import MinutesError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Structured records from Norwegian meeting minutes (PDF).")

DEBUG = {"on": False}


@app.callback()
def main(debug: bool = typer.Option(False, "--debug", help="Show tracebacks instead of one-line errors.")):
    DEBUG["on"] = debug


def fail(error: Exception) -> None:
    """Print one line naming the problem and exit with the error's documented code."""
    if DEBUG["on"]:
        raise error
    code = getattr(error, "exit_code", 1)
    typer.echo(f"minutes: error: {error}", err=True)
    raise typer.Exit(code)


def write_output(text: str, out: Optional[Path]) -> None:
    """Write atomically: a temp file next to the target, then rename; never a half-written output."""
    if out is None:
        sys.stdout.write(text + "\n")
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(text + "\n", encoding="utf-8")
    tmp.replace(out)


@app.command()
def extract(
    file: Path = typer.Argument(..., help="PDF file of minutes"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the JSON record here (default: stdout)"),
    ocr: str = typer.Option("auto", help="auto: OCR pages with no usable text layer; always; never"),
    workers: int = typer.Option(1, help="Pages OCRed in parallel"),
):
    """Extract one PDF into a schema-v1 JSON record."""
    from pipeline.extract import extract_file

    if ocr not in ("auto", "always", "never"):
        fail(MinutesError(f"--ocr must be auto, always or never, not {ocr!r}"))
    try:
        record = extract_file(file, ocr=ocr, workers=workers)
    except MinutesError as e:
        fail(e)
    write_output(json.dumps(record.model_dump(mode="json"), ensure_ascii=False, indent=1), output)


@app.command()
def schema():
    """Print the JSON Schema of the output record."""
    from pipeline.records import json_schema

    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=1))
