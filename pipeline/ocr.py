"""Pages with no or garbled text layer -> Tesseract (Norwegian model) -> the same Line type as pipeline/pdf.py.

`text_layer_problem` decides per page whether the text layer can be trusted; `ocr_pages` renders the
pages that cannot with pdfium, deskews them, runs Tesseract once per page for words with boxes, fixes
frequent Norwegian OCR confusions and groups the words into lines in PDF point coordinates.
"""
from __future__ import annotations

import contextlib
import os
import re
import tempfile
import threading
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor

from pipeline.errors import OcrUnavailable
from pipeline.layout import Line, Page, words_to_lines

# Render resolution, measured on the 13 dev scans (200-dpi JPEG scans, body text 9.5-11 pt) against the text
# of their born-digital twins: mean character error rate 0.20% at 150 dpi, 0.19% at 200, 2.3% at 250 and
# 8.9% at 300 (upsampling a 200-dpi scan enlarges JPEG noise and speckle, and Tesseract's layout analysis
# then splits lines), at 1.8 / 2.1 / 2.3 / 2.7 s a page. 200 dpi is the usual scan resolution and gives
# 8-pt small print (footnotes, tables) capitals of ~16 px instead of ~12 px at 150 dpi.
DPI = 200
MAX_OCR_PIXELS = 40_000_000  # an A4 page at 200 dpi is 3.9 million; A0 at 200 dpi 52 million
LANGUAGE = "nor"
PACKAGES = "tesseract-ocr tesseract-ocr-nor"

# A scan carrying a little real text (a stamp, a page number, a filing note) still needs OCR.
_SCAN_COVER = 0.5
_MIN_CHARS_ON_SCAN = 200

_UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")
# UTF-8 read as Latin-1/cp1252: "Ã¸" for ø, "Ã¥" for å, "Ã¦" for æ, "â€“" for a dash, ...
_MOJIBAKE = re.compile(r"Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u02c6\u02dc\u2013-\u203a]|â€")
# Lone letters that are words in Norwegian; any other lone letter in running text is a word broken by a
# glyph the font does not map ("GODKJE I G" for "GODKJENNING").
_ONE_LETTER_WORDS = set("iåIÅ")
# Shares of letters common in Norwegian (and English) running text; a font that maps one of them to
# nothing or to a space makes it (nearly) vanish from the text layer.
_COMMON_LETTERS = {"e": 0.13, "n": 0.07, "r": 0.07, "t": 0.07, "s": 0.06, "a": 0.06, "i": 0.05, "o": 0.04,
                   "l": 0.04, "d": 0.035}
_MIN_WORDS_FOR_STATISTICS = 30
_MAX_LONE_LETTER_SHARE = 0.06
_MIN_KNOWN_SHARE = 0.5


def text_layer_problem(page: Page) -> str | None:
    """None when the page's text layer can be used as it is, else why the page needs OCR."""
    text = "\n".join(ln.text for ln in page.lines)
    visible = sum(not c.isspace() for c in text)
    if visible == 0:
        # a page with neither text, image nor drawing is blank: there is nothing to read on it
        return "no text layer" if page.image_cover > 0 or page.curves else None
    if page.image_cover >= _SCAN_COVER and visible < _MIN_CHARS_ON_SCAN:
        return "too little text"
    reason = garbled_reason(text)
    return f"garbled text layer ({reason})" if reason else None


def is_scanner_layer(page: Page) -> bool:
    """A page image covered by a text layer of its own: a scanner's OCR, which may read worse than ours."""
    return page.image_cover >= _SCAN_COVER and bool(page.lines)


def reading_quality(lines: list[Line]) -> float:
    """The share of a page's words (of three letters or more) that are known Norwegian words or given names."""
    return _known_share("\n".join(ln.text for ln in lines))


def _known_share(text: str) -> float:
    from pipeline.names import common_words, given_names

    words = re.findall(r"[^\W\d_]{3,}", text)
    if not words:
        return 0.0
    known = common_words()
    return sum(w.lower() in known or w.capitalize() in given_names() for w in words) / len(words)


def reads_better(new: list[Line], old: list[Line], margin: float = 0.02) -> bool:
    return reading_quality(new) > reading_quality(old) + margin


def garbled_reason(text: str) -> str | None:
    """Why a text layer is garbled (broken font encoding), or None when it reads as ordinary text."""
    unmapped = len(_UNMAPPED_GLYPH.findall(text))
    if unmapped >= 3:
        return f"{unmapped} unmapped glyphs"
    mojibake = len(_MOJIBAKE.findall(text))
    if mojibake >= 2:
        return f"{mojibake} mojibake sequences"
    junk = sum(c == "\ufffd" or (unicodedata.category(c) in ("Cc", "Co") and c not in "\t\n\f") for c in text)
    if junk >= 3:
        return f"{junk} unreadable characters"
    letters = [c for c in text.casefold() if c.isalpha()]
    missing = [(letter, letters.count(letter), share * len(letters)) for letter, share in _COMMON_LETTERS.items()
               if share * len(letters) >= 12 and letters.count(letter) < 0.15 * share * len(letters)]
    # a letter the font does not map leaves words nobody knows; a page that merely lacks the letter ("Sak 1/2020"
    # headings have no "n") still reads as known words
    if missing and _known_share(text) < _MIN_KNOWN_SHARE:
        letter, count, expected = missing[0]
        return f"letter '{letter}' missing ({count} of ~{expected:.0f} expected)"
    words = text.split()
    lone = sum(len(w) == 1 and w.isalpha() and w not in _ONE_LETTER_WORDS for w in words)
    if len(words) >= _MIN_WORDS_FOR_STATISTICS and lone > _MAX_LONE_LETTER_SHARE * len(words):
        return f"{lone} of {len(words)} words are lone letters"
    return None


def check_tesseract() -> None:
    """Raise OcrUnavailable unless the tesseract program and its Norwegian model are installed."""
    import pytesseract

    try:
        languages = pytesseract.get_languages()
    except pytesseract.TesseractNotFoundError:
        raise OcrUnavailable(f"a page needs OCR but Tesseract is not installed; install the Debian packages "
                             f"{PACKAGES} (apt-get install {PACKAGES})") from None
    if LANGUAGE not in languages:
        raise OcrUnavailable(f"a page needs OCR but Tesseract has no Norwegian model ('{LANGUAGE}'); install "
                             f"the Debian package tesseract-ocr-nor (apt-get install {PACKAGES})")


def ocr_pages(data: bytes, numbers: list[int], workers: int = 1,
              user_units: dict[int, float] | None = None) -> dict[int, list[Line]]:
    """OCR the given pages (1-based) of the PDF; lines in PDF points of each page, in reading order.
    Up to `workers` pages are OCRed at once; rendering is serialised because pdfium is not thread-safe.
    `user_units`: a page's /UserUnit (its unit is that many 72nds of an inch), so it is read at its true size."""
    import pypdfium2

    if not numbers:
        return {}
    check_tesseract()
    _sweep_scratch()
    # Tesseract's OpenMP threads fight each other (and our page workers) on few cores: one page took
    # 3.2 s with them and 1.4 s without on the 2-core dev machine. Parallelism comes from page workers.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    document = pypdfium2.PdfDocument(data)
    render_lock = threading.Lock()

    def one(number: int) -> tuple[int, list[Line]]:
        with _page_slots.held() if _page_slots else contextlib.nullcontext():
            with render_lock:
                image, dpi = render_page_bounded(document, number, unit=(user_units or {}).get(number, 1.0))
            return number, ocr_image(image, dpi)

    try:
        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(numbers)))) as pool:
            return dict(pool.map(one, numbers))
    finally:
        document.close()


class PageSlots:
    """At most `count` pages OCRed at once by all the processes that share `folder` (the workers of a batch), so
    a long scanned volume is read by every worker's core, page by page, while files of text cost no slot. One
    lock file per slot, held with flock while a page is rendered and read: the kernel frees the lock of a holder
    that dies, so a worker killed mid-page never keeps its slot."""

    def __init__(self, folder: str, count: int):
        self.count = max(1, count)
        self.paths = [os.path.join(folder, f"slot-{i}") for i in range(self.count)]

    @contextlib.contextmanager
    def held(self):
        import fcntl

        while True:
            for path in self.paths:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    os.close(fd)
                    continue
                try:
                    yield
                finally:
                    os.close(fd)  # closing the last descriptor of the open file releases its lock
                return
            time.sleep(0.05)


_page_slots: PageSlots | None = None


def share_page_slots(folder: str, count: int) -> None:
    """Make this process's OCR take its page slots from `folder` (see PageSlots)."""
    global _page_slots
    _page_slots = PageSlots(folder, count)


def page_slots_folder() -> str:
    """A folder for a batch's page slots, removed by the batch, or by the next OCR run once the batch is dead."""
    return tempfile.mkdtemp(prefix=f"{_SCRATCH_PREFIX}{os.getpid()}-")


def render_page(document, number: int, dpi: int = DPI):
    """Page `number` (1-based) of an open pypdfium2 document as a grayscale PIL image."""
    return render_page_bounded(document, number, dpi)[0]


def render_page_bounded(document, number: int, dpi: float = DPI, unit: float = 1.0):
    """The page as an image and its pixels per 72 units of the page's space: `dpi` of the page's physical size
    (its MediaBox times its /UserUnit, which pdfium ignores), or less where the page is so large (a 14,400 pt
    MediaBox, a UserUnit of 75,000) that it would take more than MAX_OCR_PIXELS; a poster-sized page is read
    coarsely instead of taking gigabytes."""
    page = document[number - 1]
    try:
        width, height = page.get_size()
        per_unit = dpi * max(unit, 1e-6)  # pixels per 72 units of page space
        pixels = max(1.0, width * height) * (per_unit / 72) ** 2
        if pixels > MAX_OCR_PIXELS:
            per_unit *= (MAX_OCR_PIXELS / pixels) ** 0.5
        return page.render(scale=per_unit / 72, grayscale=True).to_pil().convert("L"), per_unit
    finally:
        page.close()


def ocr_image(image, dpi: float) -> list[Line]:
    """Deskew a page image, OCR it once with word boxes, and group the words into lines in PDF points."""
    lines = words_to_lines(tesseract_words(deskew(image), dpi))
    return [Line(clean_text(ln.text), ln.x0, ln.top, ln.x1, ln.bottom, ln.font_size, ln.bold, _type_boxes(ln))
            for ln in lines]


def _type_boxes(line: Line) -> tuple[tuple[float, float, float, float], ...]:
    """Tesseract boxes the ink; a text layer boxes the type, ascenders to descenders. Each word's box grown to the
    line's height and a fifth beyond it, so a box covers its word as a PDF reader's crop of the page would."""
    pad = 0.2 * (line.bottom - line.top)
    return tuple((x0 - pad / 2, line.top - pad, x1 + pad / 2, line.bottom + pad) for x0, _, x1, _ in line.words)


def skew_angle(image, max_angle: float = 3.0, step: float = 0.1) -> float:
    """Degrees to rotate `image` counter-clockwise (PIL's sense) so its text lines run level: the angle at
    which the dark pixels' horizontal projection is sharpest. Works on a copy reduced to ~800 px wide."""
    import numpy as np

    small = np.asarray(image.reduce(max(1, round(image.width / 800))))  # ~100 dpi keeps strokes dark
    ys, xs = np.nonzero(small < 160)
    if len(ys) < 200:
        return 0.0
    ys = ys - ys.mean()
    xs = xs - xs.mean()

    def sharpness(angle: float) -> float:
        a = np.deg2rad(angle)
        rows = np.round(ys * np.cos(a) - xs * np.sin(a)).astype(np.int64)
        counts = np.bincount(rows - rows.min()).astype(np.float64)
        return float(counts @ counts)

    coarse = max(np.arange(-max_angle, max_angle + step / 2, step), key=sharpness)
    fine = max(np.arange(coarse - step, coarse + step * 1.01, step / 5), key=sharpness)
    return round(float(fine), 2)


def deskew(image):
    """The page image rotated level (unchanged when it already is within 0.1 degrees)."""
    from PIL import Image

    angle = skew_angle(image)
    if abs(angle) < 0.1:
        return image
    return image.rotate(angle, resample=Image.BILINEAR, fillcolor=255)


# A run of digits and the letters Tesseract confuses with them: "2O18", "l2/18", "1O.3O".
_NUMBER_LIKE = re.compile(r"(?<![\w])[\dOolI|][\dOolI|.,:/-]*[\dOolI|](?![\w])")
_DIGIT_FOR = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"})
_KL_COLON = re.compile(r"\b([Kk]l):(?=\s?\d)")


def clean_text(text: str) -> str:
    """Fix frequent OCR confusions in Norwegian minutes without inventing text: letters inside numbers
    ("2O18" -> "2018", "l2/18" -> "12/18") when digits are the majority, and "kl:" before a time -> "kl."."""
    def digits(m: re.Match) -> str:
        token = m.group(0)
        n_digits = sum(c.isdigit() for c in token)
        n_letters = sum(c in "OolI|" for c in token)
        return token.translate(_DIGIT_FOR) if n_digits >= 2 and n_digits >= n_letters else token

    return _KL_COLON.sub(r"\1.", _NUMBER_LIKE.sub(digits, text))


def _die_with_this_process() -> None:
    """Runs in each Tesseract child before it starts: Linux kills it when the process that started it dies, so a
    batch worker killed on a timeout (or a batch killed by SIGKILL) leaves no Tesseract running."""
    _PRCTL[0](1, 9)  # PR_SET_PDEATHSIG, SIGKILL


_PRCTL: list = []


def _tesseract_children_die_with_us() -> None:
    import sys

    if _PRCTL or not sys.platform.startswith("linux"):
        return
    import ctypes

    import pytesseract.pytesseract as tess

    _PRCTL.append(ctypes.CDLL(None).prctl)  # looked up here: a forked child only calls it
    plain = tess.subprocess_args

    def subprocess_args(include_stdout=True):
        return dict(plain(include_stdout), preexec_fn=_die_with_this_process)

    tess.subprocess_args = subprocess_args


_SCRATCH_PREFIX = "minutes-ocr-"


# pytesseract's own temporary files (tess_*) live for the seconds of one Tesseract run; one older than this was
# left by a process killed during its run
_STALE_TESS_SECONDS = 3600


def _sweep_scratch() -> None:
    """Remove the scratch folders of OCR processes that were killed before they could clean up, and the
    temporary files pytesseract left in such a run."""
    import shutil

    root = tempfile.gettempdir()
    now = time.time()
    for name in os.listdir(root):
        path = os.path.join(root, name)
        m = re.fullmatch(rf"{_SCRATCH_PREFIX}(\d+)-\w+", name)
        if m and not _alive(int(m.group(1))):
            shutil.rmtree(path, ignore_errors=True)
        elif name.startswith("tess_"):
            try:
                if now - os.lstat(path).st_mtime > _STALE_TESS_SECONDS and not os.path.isdir(path):
                    os.unlink(path)
            except OSError:
                pass  # gone already, or another user's


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # PermissionError: alive, another user's
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def tesseract_words(image, dpi: float) -> list[dict]:
    """One Tesseract run: word dicts {text, x0, x1, top, bottom, size} in points (size = its line's height)."""
    import pytesseract

    _tesseract_children_die_with_us()
    with tempfile.TemporaryDirectory(prefix=f"{_SCRATCH_PREFIX}{os.getpid()}-") as tmp:
        path = os.path.join(tmp, "page.pgm")  # uncompressed: PNG encoding would cost ~0.2 s a page
        image.save(path)
        data = pytesseract.image_to_data(path, lang=LANGUAGE, output_type=pytesseract.Output.DICT)
    scale = 72 / dpi
    # Every word takes its line's box: word boxes alone differ by ascenders and descenders ("og" sits lower
    # than "Kontrakt"), which would split a line when pipeline.layout.words_to_lines groups them into rows.
    line_box = {}
    for i, level in enumerate(data["level"]):
        if level == 4:
            line_box[(data["block_num"][i], data["par_num"][i], data["line_num"][i])] = (
                data["top"][i], data["top"][i] + data["height"][i])
    words = []
    for i, level in enumerate(data["level"]):
        text = data["text"][i].strip()
        if level != 5 or not text:
            continue
        left, width = data["left"][i], data["width"][i]
        top, bottom = line_box.get((data["block_num"][i], data["par_num"][i], data["line_num"][i]),
                                   (data["top"][i], data["top"][i] + data["height"][i]))
        words.append({"text": text, "x0": left * scale, "x1": (left + width) * scale,
                      "top": top * scale, "bottom": bottom * scale, "size": (bottom - top) * scale})
    return words
