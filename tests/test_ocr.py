import difflib
from pathlib import Path

import pytest

from pipeline import ocr
from pipeline.errors import OcrUnavailable
from pipeline.layout import Line, Page
from pipeline.pdf import extract_pages
from tests import scans

DEV = Path(__file__).resolve().parents[2] / "shared" / "dev"


def page_of(text: str, image_cover: float = 0.0) -> Page:
    lines = [Line(t, 60, 80 + 15 * i, 400, 92 + 15 * i, 11) for i, t in enumerate(text.splitlines())]
    return Page(1, 595, 842, lines, image_cover=image_cover)


def similarity(lines: list[Line], expected: list[str]) -> float:
    got = " ".join(" ".join(ln.text for ln in lines).split())
    return difflib.SequenceMatcher(None, got, " ".join(" ".join(expected).split())).ratio()


CLEAN = "\n".join(scans.MINUTES[0] + scans.MINUTES[1])


def test_clean_norwegian_text_layer_is_trusted():
    assert ocr.text_layer_problem(page_of(CLEAN)) is None
    assert ocr.text_layer_problem(page_of("Side 6 av 6")) is None  # a short born-digital page is fine


def test_missing_and_sparse_text_layers_need_ocr_and_a_blank_page_does_not():
    assert ocr.text_layer_problem(page_of("", image_cover=0.98)) == "no text layer"
    assert ocr.text_layer_problem(Page(1, 595, 842, [], curves=3000)) == "no text layer"  # text drawn as outlines
    assert ocr.text_layer_problem(page_of("")) is None  # nothing on it to read
    assert ocr.text_layer_problem(page_of("Journalført 12.03.2018", image_cover=0.98)) == "too little text"


@pytest.mark.parametrize("lies, reason", [
    ({"n": " ", "N": " "}, "letter 'n' missing"),  # "GODKJE I G": glyphs mapped to a space
    ({"ø": " ", "Ø": " ", "å": " ", "Å": " ", "æ": " "}, "lone letters"),  # "M te", "S knad", "r dhuset"
    ({"ø": "Ã¸", "å": "Ã¥", "æ": "Ã¦"}, "mojibake"),
])
def test_garbled_text_layers_are_detected(lies, reason):
    garbled = "".join(lies.get(c, c) for c in CLEAN)
    assert reason in ocr.text_layer_problem(page_of(garbled))


def test_unmapped_glyphs_are_detected():
    text = "M(cid:31)tedato: 14.03.2018 Forma(cid:3)skapet (cid:31) (cid:12) i Åsnes"
    assert "unmapped glyphs" in ocr.text_layer_problem(page_of(text))


def test_clean_text_fixes_number_confusions_only():
    assert ocr.clean_text("Møtet startet kl: 18.30, sak l2/2O18") == "Møtet startet kl. 18.30, sak 12/2018"
    assert ocr.clean_text("kl. 1O.3O") == "kl. 10.30"
    for untouched in ("Ola Olsen i Io", "I 2019 og i år", "Oslo 1", "Klokka var mye: 3"):
        assert ocr.clean_text(untouched) == untouched


@pytest.mark.parametrize("angle", [-1.1, -0.4, 0.6, 1.2])
def test_skew_angle_measures_the_tilt_of_a_page(angle):
    import pypdfium2
    from PIL import Image

    document = pypdfium2.PdfDocument(scans.make_pdf([{"lines": scans.MINUTES[0]}]))
    image = ocr.render_page(document, 1).rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    assert ocr.skew_angle(image) == pytest.approx(-angle, abs=0.15)


def test_born_digital_pdf_is_not_ocred_and_needs_no_tesseract(monkeypatch):
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    pages = extract_pages(scans.make_pdf([{"lines": lines} for lines in scans.MINUTES]), "born.pdf")
    assert not any(p.ocr for p in pages)
    assert similarity(pages[1].lines, scans.MINUTES[1]) > 0.99


def test_missing_tesseract_names_the_packages_when_a_page_needs_ocr(monkeypatch):
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    with pytest.raises(OcrUnavailable, match="tesseract-ocr tesseract-ocr-nor"):
        extract_pages(scans.make_pdf([scans.scan_page(scans.MINUTES[0])]), "scan.pdf")


def test_missing_norwegian_model_names_the_package(monkeypatch, tmp_path):
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    with pytest.raises(OcrUnavailable, match="tesseract-ocr-nor"):
        ocr.check_tesseract()


@pytest.mark.slow
def test_scanned_pages_are_ocred_into_lines_in_points():
    data = scans.make_pdf([scans.scan_page(lines, seed=i) for i, lines in enumerate(scans.MINUTES)])
    pages = extract_pages(data, "scan.pdf", workers=2)
    assert [p.ocr for p in pages] == [True, True]
    for page, expected in zip(pages, scans.MINUTES):
        assert similarity(page.lines, expected) > 0.97
        # rows as printed (15 pt leading from 80 pt down, 62 pt left margin), in reading order
        assert len(page.lines) == len(expected)
        assert all(55 < ln.x0 < 70 for ln in page.lines)
        assert [round((ln.top + ln.bottom) / 2 / 15) for ln in page.lines] == \
            [round((80 - 4 + 15 * i) / 15) for i in range(len(expected))]


@pytest.mark.slow
def test_mixed_pdf_ocrs_only_the_scanned_page():
    data = scans.make_pdf([{"lines": scans.MINUTES[0]}, scans.scan_page(scans.MINUTES[1], seed=3)])
    pages = extract_pages(data, "mixed.pdf")
    assert [p.ocr for p in pages] == [False, True]
    assert similarity(pages[1].lines, scans.MINUTES[1]) > 0.97
    assert [p.ocr for p in extract_pages(data, "mixed.pdf", ocr="never")] == [False, False]
    assert [p.ocr for p in extract_pages(data, "mixed.pdf", ocr="always")] == [True, True]


@pytest.mark.slow
def test_garbled_font_page_is_replaced_by_ocr():
    data = scans.make_pdf([{"lines": scans.MINUTES[0], "lies": {"n": " ", "N": " "}}])
    [without] = extract_pages(data, "garbled.pdf", ocr="never")
    assert similarity(without.lines, scans.MINUTES[0]) < 0.95
    [page] = extract_pages(data, "garbled.pdf")
    assert page.ocr
    assert similarity(page.lines, scans.MINUTES[0]) > 0.98


@pytest.mark.slow
@pytest.mark.skipif(not DEV.is_dir(), reason="needs ../shared/dev beside the checkout")
def test_dev_pdfs_born_digital_pages_are_trusted_and_scans_are_not():
    for path in sorted((DEV / "pdf").glob("*.pdf")):
        for page in extract_pages(path.read_bytes(), str(path), ocr="never"):
            assert ocr.text_layer_problem(page) is None, (path.name, page.number)
        for page in extract_pages((DEV / "pdf-scan" / path.name).read_bytes(), path.name, ocr="never"):
            assert ocr.text_layer_problem(page) is not None, (path.name, page.number)


def test_a_scanners_own_text_layer_is_read_again_and_the_better_reading_kept():
    good = [Line("Til stede: Gro Bjelland, David Cooke og Per Otto Selnes", 60, 80, 400, 92, 11),
            Line("Forfall: Kåre Eikli. Styreleder ledet møtet og skrev protokoll.", 60, 95, 400, 107, 11)]
    poor = [Line("Ti! stede: Gro Bjelland, Dav1d Cooke og Per 0tto Se1nes", 60, 80, 400, 92, 11),
            Line("Forfa11: Kàre Eik1i. Sty re1eder 1edet møtet og skrev prot0k011.", 60, 95, 400, 107, 11)]
    scan = Page(1, 595, 842, poor, image_cover=1.0)
    assert ocr.is_scanner_layer(scan) and not ocr.is_scanner_layer(Page(1, 595, 842, good, image_cover=0.0))
    assert ocr.reads_better(good, poor) and not ocr.reads_better(poor, good) and not ocr.reads_better(good, good)


def test_a_poster_sized_page_is_rendered_within_the_pixel_bound():
    import pypdfium2

    from tests.pdfs import handmade_pdf

    data = handmade_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                         b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] >>"])
    document = pypdfium2.PdfDocument(data)
    try:
        image, dpi = ocr.render_page_bounded(document, 1)
    finally:
        document.close()
    assert image.width * image.height <= ocr.MAX_OCR_PIXELS * 1.01 and dpi < ocr.DPI
    assert abs(image.width - 14400 * dpi / 72) <= 2


def test_a_page_with_a_user_unit_is_read_at_its_true_size_within_the_pixel_bound():
    import io

    import pdfplumber
    import pypdfium2

    from pipeline.pdf import _user_unit
    from tests.pdfs import handmade_pdf

    data = handmade_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
                         b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 400] /UserUnit 2 >>",
                         b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /UserUnit 75000 >>"])
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert [_user_unit(p) for p in pdf.pages] == [2.0, 75000.0]
    document = pypdfium2.PdfDocument(data)
    try:
        double, per_unit = ocr.render_page_bounded(document, 1, unit=2.0)  # 600 x 800 pt of paper
        huge, _ = ocr.render_page_bounded(document, 2, unit=75000.0)
    finally:
        document.close()
    assert per_unit == 2 * ocr.DPI and abs(double.width - 600 * ocr.DPI / 72) <= 2
    assert huge.width * huge.height <= ocr.MAX_OCR_PIXELS * 1.01


@pytest.mark.slow
def test_a_killed_ocr_process_leaves_no_tesseract_running_and_its_scratch_is_swept(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import tempfile
    import time

    marker = f"minutes-test-{time.time_ns()}"
    fake = tmp_path / "tesseract"
    fake.write_text("#!/bin/bash\n[ \"$1\" = --version ] && { echo tesseract 5.3.0; exit 0; }\n"
                    f"exec -a {marker} sleep 60\n")  # a Tesseract that hangs on a page, findable by name
    fake.chmod(0o755)
    child = subprocess.Popen([sys.executable, "-c", (
        "import pytesseract.pytesseract as t, sys\n"
        f"t.tesseract_cmd = {str(fake)!r}\n"
        "from PIL import Image\n"
        "from pipeline import ocr\n"
        "ocr.tesseract_words(Image.new('L', (50, 50), 255), 200)\n")])
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and subprocess.run(["pgrep", "-f", marker], capture_output=True).returncode:
        time.sleep(0.1)
    assert subprocess.run(["pgrep", "-f", marker], capture_output=True).returncode == 0, "Tesseract never started"
    scratch = [p for p in os.listdir(tempfile.gettempdir()) if p.startswith(f"minutes-ocr-{child.pid}-")]
    assert scratch
    child.send_signal(signal.SIGKILL)
    child.wait()
    time.sleep(0.5)
    assert subprocess.run(["pgrep", "-f", marker], capture_output=True).returncode == 1  # no sleep left
    ocr._sweep_scratch()
    assert not any(os.path.exists(os.path.join(tempfile.gettempdir(), p)) for p in scratch)


def test_the_sweep_removes_temporary_files_pytesseract_left_in_a_killed_run(tmp_path, monkeypatch):
    import os
    import time as clock

    from pipeline import ocr

    monkeypatch.setattr(ocr.tempfile, "gettempdir", lambda: str(tmp_path))
    old, fresh = tmp_path / "tess_abc123_out.tsv", tmp_path / "tess_def456_out.tsv"
    for path in (old, fresh):
        path.write_text("x")
    os.utime(old, (clock.time() - 2 * 3600,) * 2)
    ocr._sweep_scratch()
    assert not old.exists() and fresh.exists()


_HOLD_A_SLOT = """
import sys, time
from pipeline.ocr import PageSlots
with PageSlots(sys.argv[1], 2).held():
    print("held", flush=True)
    time.sleep(120)
"""


def test_page_slots_are_shared_by_processes_and_a_killed_holder_frees_its_slot(tmp_path):
    import subprocess
    import sys
    import threading

    holders = [subprocess.Popen([sys.executable, "-c", _HOLD_A_SLOT, str(tmp_path)], stdout=subprocess.PIPE,
                                text=True, cwd=Path(__file__).resolve().parent.parent) for _ in range(2)]
    try:
        assert [h.stdout.readline().strip() for h in holders] == ["held", "held"]
        got = threading.Event()

        def take() -> None:
            with ocr.PageSlots(str(tmp_path), 2).held():
                got.set()

        threading.Thread(target=take, daemon=True).start()
        assert not got.wait(0.5)  # both slots are taken
        holders[0].kill()
        holders[0].wait()
        assert got.wait(30)  # the kernel released the dead holder's lock
    finally:
        for h in holders:
            h.kill()
            h.wait()
