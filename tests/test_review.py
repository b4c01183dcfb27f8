"""The review page (pipeline/review.py): a small PDF written here, a record made by hand whose boxes come from
pdfplumber's word boxes (not from the extractor), and the HTML checked as parsed markup and, when Debian's
chromium is installed, as a browser shows it."""
from __future__ import annotations

import base64
import io
import json
import random
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest

from pipeline import review
from pipeline.review import review_html, write_review

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "vestregionen-radmannsgruppen-2018-02-22"
CHROMIUM = Path("/usr/bin/chromium")

PAGES = [
    ["Møteprotokoll Formannskapet",
     "Dato: 12. mars 2024",
     "Til stede: Kari Nordmann, Asker",
     "Sak 12/2024 Budsjett for Viken",
     "Vedtak: Budsjettet vedtas med",
     "1 200 000 kroner til skole."],
    ["Sak 13/2024 Skolebruksplan",
     "a) Bjørnsløkka skole"],
]


class Elements(HTMLParser):
    """Every start tag of a document as (tag, attributes, classes)."""

    def __init__(self, text: str):
        super().__init__()
        self.found: list[tuple[str, dict, set[str]]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.found.append((tag, attributes, set(attributes.get("class", "").split())))

    def with_class(self, name: str) -> list[dict]:
        return [attributes for _, attributes, classes in self.found if name in classes]

    def refs(self, name: str) -> list[str]:
        return [attributes["data-ref"] for attributes in self.with_class(name)]


def phrase_box(words: list[dict], phrase: str, page: int) -> dict:
    """The box of the consecutive words that spell `phrase` on the page."""
    wanted = phrase.split()
    for i in range(len(words) - len(wanted) + 1):
        run = words[i:i + len(wanted)]
        if [w["text"].strip(",.") for w in run] == [w.strip(",.") for w in wanted]:
            bbox = [min(w["x0"] for w in run), min(w["top"] for w in run),
                    max(w["x1"] for w in run), max(w["bottom"] for w in run)]
            return {"page": page, "bbox": [round(v, 2) for v in bbox]}
    raise AssertionError(f"{phrase!r} not on page {page}")


def placed(*boxes: dict) -> dict:
    return {"page": boxes[0]["page"], "bbox": boxes[0]["bbox"], "boxes": list(boxes)}


def make_record(pdf: Path) -> dict:
    with pdfplumber.open(pdf) as document:
        words = [page.extract_words() for page in document.pages]

    def at(phrase: str, page: int = 1) -> dict:
        return phrase_box(words[page - 1], phrase, page)

    def entity(kind: str, text: str, value, page: int = 1) -> dict:
        return {"id": f"e-{text}", "type": kind, "text": text, "value": value, "start": 0, "end": len(text),
                **placed(at(text, page))}

    return {
        "schema_version": "2", "id": "0" * 64,
        "source": {"path": str(pdf), "sha256": "0" * 64, "pages": 2, "ocr_pages": [],
                   "extractor": {"name": "minutes", "version": "test"}},
        "meeting": {"title": "Møteprotokoll Formannskapet", "kind": "protokoll", "body": "Formannskapet",
                    "organization": "Asker kommune", "date": "2024-03-12", "start_time": "18:00",
                    "end_time": None, "location": None, "language": "nb"},
        "participants": [{"name": "Kari Nordmann", "status": "present", "role": "ordfører", "party": "Ap",
                          "municipality": "Asker", **placed(at("Kari Nordmann"))}],
        "cases": [
            {"number": "12/2024", "title": "Budsjett for Viken", "decision": "Budsjettet vedtas med 1 200 000 "
             "kroner til skole.", "items": [], "page_start": 1, **placed(at("Sak 12/2024 Budsjett for Viken")),
             "decision_box": placed(at("Vedtak: Budsjettet vedtas med"), at("1 200 000 kroner til skole."))},
            {"number": "13/2024", "title": "Skolebruksplan", "decision": None, "page_start": 2,
             **placed(at("Sak 13/2024 Skolebruksplan", 2)), "decision_box": None,
             "items": [{"label": "a)", "title": "Bjørnsløkka skole", "text": "", "decision": None,
                        **placed(at("a) Bjørnsløkka skole", 2))}]},
        ],
        "entities": [
            entity("ORGANIZATION", "Formannskapet", "Formannskapet"),
            entity("DATE", "12. mars 2024", "2024-03-12"),
            entity("PERSON", "Kari Nordmann", "Kari Nordmann"),
            entity("MUNICIPALITY", "Asker", "Asker"),
            entity("COUNTY", "Viken", "Viken"),
            entity("AMOUNT", "1 200 000 kroner", 1200000),
            entity("ORGANIZATION", "Bjørnsløkka skole", "Bjørnsløkka skole", page=2),
        ],
        "text": "",
        "warnings": [{"code": "near_empty_page", "message": "page 2 has little text", "page": 2}],
    }


@pytest.fixture
def minutes(make_pdf):
    pdf = make_pdf(PAGES)
    return pdf, make_record(pdf)


def expected_refs(record: dict) -> set[str]:
    refs = {f"participant-{i}" for i in range(len(record["participants"]))}
    refs |= {f"entity-{i}" for i in range(len(record["entities"]))}
    refs |= {f"case-{i}" for i in range(len(record["cases"]))}
    refs |= {"case-0-decision", "case-1-item-0"}
    return refs


def without_boxes(value):
    """A copy with every page, bbox, boxes and decision_box removed, like a schema 1 record."""
    if isinstance(value, dict):
        return {k: without_boxes(v) for k, v in value.items() if k not in ("page", "bbox", "boxes", "decision_box")}
    if isinstance(value, list):
        return [without_boxes(v) for v in value]
    return value


def image_sources(elements: Elements) -> list[str]:
    return [attributes["src"] for tag, attributes, _ in elements.found if tag == "img"]


def decode_image(uri: str):
    from PIL import Image

    return Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))


# --- fast ------------------------------------------------------------------------------------------------------

def test_review_is_one_self_contained_file(minutes, tmp_path):
    pdf, record = minutes
    out = tmp_path / "review.html"
    write_review(record, pdf, out)
    text = out.read_text(encoding="utf-8")
    elements = Elements(text)
    assert "http://" not in text and "https://" not in text
    for _, attributes, _ in elements.found:
        for name in ("src", "href"):
            if name in attributes:
                assert attributes[name].startswith(("data:", "#")), attributes[name]
    assert not [tag for tag, _, _ in elements.found if tag in ("link", "iframe", "object", "embed")]
    sources = image_sources(elements)
    assert len(sources) == 2 and all(re.match(r"data:image/(jpeg|png);base64,", uri) for uri in sources)
    assert [a["id"] for a in elements.with_class("page-frame")] == ["page-1", "page-2"]


def test_every_finding_is_an_item_with_its_boxes(minutes):
    pdf, record = minutes
    elements = Elements(review_html(record, pdf))
    items, boxes = elements.refs("item"), elements.refs("box")
    assert set(items) == expected_refs(record) and len(items) == len(set(items))
    assert set(boxes) == expected_refs(record)
    assert not elements.with_class("unplaced")
    assert boxes.count("case-0-decision") == 2  # one per line
    kinds = {a["data-ref"]: a["data-kind"] for a in elements.with_class("box")}
    assert [kinds[f"entity-{i}"] for i in range(len(record["entities"]))] == [
        e["type"] for e in record["entities"]]
    assert kinds["participant-0"] == "participant" and kinds["case-1-item-0"] == "item"
    pages = {a["data-ref"]: a["data-page"] for a in elements.with_class("box")}
    assert pages["case-1"] == pages["entity-6"] == "2" and pages["case-0"] == "1"


def test_a_vote_is_listed_under_its_case_and_drawn_where_it_is_written(minutes):
    pdf, record = minutes
    record = json.loads(json.dumps(record))
    decision = record["cases"][0]["decision_box"]
    record["cases"][0]["votes"] = [{"motion": None, "result": "adopted", "unanimous": False, "votes_for": 21,
                                    "against": 6, "abstained": None, "parties_for": [], "parties_against": [],
                                    "text": "vedtas", **placed(*decision["boxes"])}]
    elements = Elements(review_html(record, pdf))
    assert "case-0-vote-0" in elements.refs("item") and "case-0-vote-0" in elements.refs("box")
    kinds = {a["data-ref"]: a["data-kind"] for a in elements.with_class("box")}
    assert kinds["case-0-vote-0"] == "vote"
    assert "adopted 21-6" in review_html(record, pdf)


def test_boxes_are_scaled_from_points_to_the_page(minutes):
    pdf, record = minutes
    document = pypdfium2.PdfDocument(pdf)
    width, height = document[0].get_size()
    document.close()
    box = next(a for a in Elements(review_html(record, pdf)).with_class("box") if a["data-ref"] == "entity-3")
    style = dict(re.findall(r"([a-z]+):([\d.]+)%", box["style"]))
    x0, top, x1, bottom = record["entities"][3]["bbox"]
    assert float(style["left"]) == pytest.approx(x0 / width * 100, abs=0.01)
    assert float(style["top"]) == pytest.approx(top / height * 100, abs=0.01)
    assert float(style["width"]) == pytest.approx((x1 - x0) / width * 100, abs=0.01)
    assert float(style["height"]) == pytest.approx((bottom - top) / height * 100, abs=0.01)


def test_record_text_is_escaped(minutes):
    pdf, record = minutes
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    record["meeting"]["title"] = hostile
    record["participants"][0].update(name=hostile, party=hostile)
    record["cases"][0].update(number=hostile, title=hostile, decision=hostile)
    record["entities"][0].update(type=hostile, text=hostile, value=hostile)
    record["warnings"][0].update(code=hostile, message=hostile)
    text = review_html(record, pdf)
    assert "<script>alert" not in text and "<img src=x" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert text.count("<script") == 1  # the page's own
    elements = Elements(text)
    assert not [a for _, a, _ in elements.found if any(name.startswith("on") for name in a)]
    assert {"entity-0", "participant-0", "case-0"} <= set(elements.refs("item"))


def test_records_without_boxes_still_render(minutes):
    pdf, record = minutes
    elements = Elements(review_html(without_boxes(record), pdf))
    assert not elements.with_class("box")
    assert set(elements.refs("unplaced")) == set(elements.refs("item")) == expected_refs(record)
    assert len(image_sources(elements)) == 2
    for broken in ({}, {"meeting": None, "participants": None, "cases": [None, {"items": "x"}], "entities": [
            {"type": "PERSON", "boxes": [{"page": "1", "bbox": ["a", 0, 1, 2]}, {"page": 9, "bbox": [0, 0, 5, 5]},
                                         None], "bbox": [float("nan")] * 4}], "warnings": "none"}):
        elements = Elements(review_html(broken, pdf))
        assert not elements.with_class("box") and len(image_sources(elements)) == 2


def test_the_sample_record_without_its_boxes_renders_every_item_unplaced():
    record = without_boxes(json.loads(SAMPLE.with_suffix(".json").read_text(encoding="utf-8")))
    elements = Elements(review_html(record, SAMPLE.with_suffix(".pdf")))
    assert len(image_sources(elements)) == 4
    assert len(elements.refs("item")) == len(elements.refs("unplaced")) > len(record["participants"])
    assert not elements.with_class("box")


def test_a_ten_page_review_stays_under_2_mb(make_pdf, tmp_path):
    words = json.loads(SAMPLE.with_suffix(".json").read_text(encoding="utf-8"))["text"].split()
    choose = random.Random(7).choice
    pages = [[" ".join(choose(words) for _ in range(14)) for _ in range(50)] for _ in range(10)]  # full pages
    pdf = make_pdf(pages, name="long.pdf", header="Asker kommune - Formannskapet")
    out = tmp_path / "long.html"
    write_review({}, pdf, out)
    assert len(image_sources(Elements(out.read_text(encoding="utf-8")))) == 10
    assert out.stat().st_size < 2 * 2**20


def test_dpi_sets_the_image_resolution(minutes):
    pdf, record = minutes
    image = decode_image(image_sources(Elements(review_html(record, pdf, dpi=144)))[0])
    assert image.size[0] == pytest.approx(595.28 * 2, abs=2)


def test_a_scan_is_jpeg_and_a_page_of_text_png(make_pdf, tmp_path):
    from PIL import Image, ImageFilter
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    noise = Image.effect_noise((400, 560), 60).filter(ImageFilter.GaussianBlur(2))  # like a photographed page
    noise.save(tmp_path / "scan.png")
    scan = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(scan), pagesize=A4)
    c.drawImage(str(tmp_path / "scan.png"), 0, 0, *A4)
    c.save()
    text = make_pdf([PAGES[0] * 8])
    assert image_sources(Elements(review_html({}, scan)))[0].startswith("data:image/jpeg;")
    assert image_sources(Elements(review_html({}, text)))[0].startswith("data:image/png;")


def test_without_pillow_pages_are_png(minutes, monkeypatch):
    pdf, record = minutes

    def no_pillow(bitmap):
        raise ImportError("No module named 'PIL'")

    monkeypatch.setattr(pypdfium2.PdfBitmap, "to_pil", no_pillow)
    sources = image_sources(Elements(review_html(record, pdf)))
    assert all(uri.startswith("data:image/png;base64,") for uri in sources) and len(sources) == 2
    image = decode_image(sources[0])
    image.load()
    assert image.mode == "L" and image.size[0] == pytest.approx(595.28, abs=1)
    assert image.getextrema()[0] < 100  # text is drawn, not a blank page


def test_a_page_that_cannot_be_rendered_is_a_placeholder(minutes, monkeypatch):
    pdf, record = minutes
    render = review._page_image
    calls = []

    def fails_on_page_two(page, area, dpi):
        calls.append(page)
        if len(calls) == 2:
            raise RuntimeError("broken content stream")
        return render(page, area, dpi)

    monkeypatch.setattr(review, "_page_image", fails_on_page_two)
    text = review_html(record, pdf)
    elements = Elements(text)
    assert len(image_sources(elements)) == 1 and len(elements.with_class("placeholder")) == 1
    assert "cannot render page 2: broken content stream" in text
    assert "case-1" in elements.refs("box")  # boxes still drawn over the placeholder


def test_a_pdf_that_cannot_be_opened_becomes_placeholders(minutes, tmp_path):
    _, record = minutes
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.7\nnot really")
    for path in (garbage, tmp_path / "missing.pdf"):
        text = review_html(record, path)
        elements = Elements(text)
        assert len(elements.with_class("placeholder")) == 2 and not image_sources(elements)
        assert "cannot open the PDF" in text
        assert set(elements.refs("box")) == expected_refs(record)


# --- in a browser ----------------------------------------------------------------------------------------------

def chromium(url: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", *args, url]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=True)


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (apt-get install chromium)")
def test_chromium_shows_the_pages_with_boxes_and_links_them_to_the_list(minutes, tmp_path):
    from PIL import Image

    pdf, record = minutes
    out = tmp_path / "review.html"
    write_review(record, pdf, out)

    screenshot = tmp_path / "review.png"
    chromium(out.as_uri(), tmp_path / "profile-1", f"--screenshot={screenshot}", "--window-size=1400,1000")
    image = Image.open(screenshot).convert("RGB")
    assert len(image.getcolors(2**24)) > 50  # not a blank page
    pages_pane = image.crop((0, 0, 800, image.height))  # the record and its legend are on the right
    red, green, blue = (int(review.KINDS["PERSON"][1][i:i + 2], 16) for i in (1, 3, 5))
    person_pixels = sum(count for count, (r, g, b) in pages_pane.getcolors(2**24)
                        if abs(r - red) < 30 and abs(g - green) < 30 and abs(b - blue) < 30)
    assert person_pixels > 20

    dom = chromium(out.as_uri() + "#entity-2", tmp_path / "profile-2", "--dump-dom",
                   "--virtual-time-budget=2000").stdout
    elements = Elements(dom)
    items = {a["data-ref"]: a for a in elements.with_class("item")}
    boxes = set(elements.refs("box"))
    assert {f"participant-{i}" for i in range(len(record["participants"]))} <= set(items)
    assert {f"case-{i}" for i in range(len(record["cases"]))} <= set(items)
    assert {f"entity-{i}" for i in range(len(record["entities"]))} <= boxes
    assert "Kari Nordmann" in dom and "Budsjett for Viken" in dom and "Skolebruksplan" in dom
    # the script ran and selected the finding named in the URL, in the list and on the page
    assert any(a.get("data-ready") == "true" for tag, a, _ in elements.found if tag == "body")
    assert set(elements.refs("selected")) == {"entity-2"}
    assert len(elements.with_class("selected")) == 2

    # clicks, by a script added to a copy of the page: an item on page 2 scrolls the pages to its box
    clicks = tmp_path / "clicks.html"
    clicks.write_text(out.read_text(encoding="utf-8").replace("</body>", CLICKS + "</body>"), encoding="utf-8")
    dom = chromium(clicks.as_uri(), tmp_path / "profile-3", "--dump-dom", "--virtual-time-budget=2000").stdout
    body = next(a for tag, a, _ in Elements(dom).found if tag == "body")
    assert body["data-box-click"] == "box:case-0 item:case-0"
    assert body["data-item-click"].split(";") == ["box:case-1-item-0 item:case-1-item-0", "scrolled:true"]


CLICKS = """<script>
function selectedRefs() {
  return Array.prototype.map.call(document.querySelectorAll('.selected'), function (el) {
    return (el.classList.contains('box') ? 'box:' : 'item:') + el.getAttribute('data-ref'); }).sort().join(' ');
}
document.querySelector('.box[data-ref="case-0"]').click();
document.body.setAttribute('data-box-click', selectedRefs());
document.querySelector('.item[data-ref="case-1-item-0"] > .line').click();
document.body.setAttribute('data-item-click',
  selectedRefs() + ';scrolled:' + (document.getElementById('pages').scrollTop > 0));
</script>"""


SAMPLE_PDF = Path(__file__).resolve().parent.parent / "samples" / "vestregionen-radmannsgruppen-2018-02-22.pdf"


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (apt-get install chromium)")
def test_the_review_page_of_the_sample_in_chromium_lists_everything_and_boxes_every_entity(tmp_path):
    from PIL import Image
    from typer.testing import CliRunner

    from pipeline.cli import app

    out = tmp_path / "review.html"
    result = CliRunner().invoke(app, ["show", str(SAMPLE_PDF), "-o", str(out)])
    assert result.exit_code == 0, result.output
    record = json.loads(CliRunner().invoke(app, ["extract", str(SAMPLE_PDF)]).output)
    shot = tmp_path / "shot.png"
    chromium(out.as_uri(), tmp_path / "p1", f"--screenshot={shot}", "--window-size=1400,1000")
    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20)
    assert len(colours) > 50, "a blank screenshot"
    person = tuple(int(review.KINDS["PERSON"][1].lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    assert any(rgb == person for _, rgb in colours), "no PERSON box drawn"
    dom = chromium(out.as_uri(), tmp_path / "p2", "--dump-dom", "--virtual-time-budget=2000").stdout
    assert 'data-ready="true"' in dom
    items = set(re.findall(r'<li class="item[^"]*" data-ref="([^"]+)"', dom))
    boxes = set(re.findall(r'<div class="box[^"]*" data-ref="([^"]+)"', dom))
    assert {f"participant-{i}" for i in range(len(record["participants"]))} <= items
    assert {f"case-{i}" for i in range(len(record["cases"]))} <= items
    assert {f"entity-{i}" for i in range(len(record["entities"]))} <= boxes


def test_the_show_command_reads_a_record_and_its_pdf(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    record = tmp_path / "r.json"
    runner = CliRunner()
    assert runner.invoke(app, ["extract", str(SAMPLE_PDF), "-o", str(record)]).exit_code == 0
    result = runner.invoke(app, ["show", str(record), "--pdf", str(SAMPLE_PDF), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    assert 'class="box' in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert runner.invoke(app, ["show", str(record), "-o", str(tmp_path / "s.html")]).exit_code == 0  # its source
    moved = json.loads(record.read_text(encoding="utf-8"))
    moved["source"]["path"] = str(tmp_path / "moved.pdf")
    record.write_text(json.dumps(moved), encoding="utf-8")
    result = runner.invoke(app, ["show", str(record), "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 2 and "--pdf" in result.output
