"""Seconds per page: the pipeline's OCR path next to the bare `tesseract` CLI on the same page images.

  python benchmarks/bench_ocr.py [PDF ...]      (default: ../shared/dev/pdf-scan/*.pdf, else generated scans)

Pipeline = pipeline.ocr.ocr_pages on one page (render with pdfium, deskew, one Tesseract run with word
boxes, lines, clean-up). CLI = `tesseract page.pgm stdout -l nor` on the image the pipeline renders,
with the same OMP_THREAD_LIMIT, and once more with the environment as it was. Runs are interleaved page
by page so load from other processes hits both alike.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import ocr  # noqa: E402

DEV_SCANS = ROOT.parent / "shared" / "dev" / "pdf-scan"


def inputs(args: list[str]) -> list[tuple[str, bytes]]:
    if args:
        return [(Path(a).name, Path(a).read_bytes()) for a in args]
    if DEV_SCANS.is_dir():
        return [(p.name, p.read_bytes()) for p in sorted(DEV_SCANS.glob("*.pdf"))]
    from tests import scans

    return [("generated.pdf", scans.make_pdf([scans.scan_page(lines, seed=i)
                                               for i, lines in enumerate(scans.MINUTES)]))]


def timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", help="PDFs to OCR (default: the dev scans, else generated ones)")
    args = parser.parse_args()
    missing = [name for name in args.pdfs if not Path(name).is_file()]
    if missing:
        parser.error(f"no such file: {', '.join(missing)}")
    import pypdfium2

    inherited = dict(os.environ)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # what ocr_pages uses
    cli, cli_default_env, pipeline = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        image_path = os.path.join(tmp, "page.pgm")
        for name, data in inputs(args.pdfs):
            document = pypdfium2.PdfDocument(data)
            count = len(document)
            for number in range(1, count + 1):
                ocr.render_page(document, number).save(image_path)
                command = ["tesseract", image_path, "stdout", "-l", ocr.LANGUAGE]
                cli.append(timed(lambda: subprocess.run(command, capture_output=True, check=True)))
                cli_default_env.append(timed(lambda: subprocess.run(command, capture_output=True, check=True,
                                                                     env=inherited)))
                pipeline.append(timed(lambda: ocr.ocr_pages(data, [number], workers=1)))
            document.close()
            print(f"{name}: {count} pages", file=sys.stderr)
    cli_s, pipe_s = statistics.mean(cli), statistics.mean(pipeline)
    print(f"pages: {len(pipeline)}  dpi: {ocr.DPI}  OMP_THREAD_LIMIT={os.environ['OMP_THREAD_LIMIT']}")
    print(f"tesseract CLI alone:            {cli_s:.2f} s/page")
    print(f"tesseract CLI, inherited env:   {statistics.mean(cli_default_env):.2f} s/page "
          f"(OMP_THREAD_LIMIT={inherited.get('OMP_THREAD_LIMIT', 'unset')})")
    print(f"pipeline OCR path:              {pipe_s:.2f} s/page")
    print(f"ratio pipeline / CLI:           {pipe_s / cli_s:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
