"""Where each finding lies: page, bbox and boxes of entities, participants, cases, items and decisions cover the
text they name (checked by cropping the page as a PDF reader would); ids are stable; PERSON mentions link to
the participants they name."""
import re
from pathlib import Path

import pdfplumber
import pytest

from pipeline.extract import build_record, extract_file
from pipeline.pdf import extract_pages
from tests import scans

SAMPLE_PDF = Path(__file__).resolve().parent.parent / "samples" / "vestregionen-radmannsgruppen-2018-02-22.pdf"


def letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).casefold()


def cropped(pdf, boxes) -> str:
    out = []
    for box in boxes:
        page = pdf.pages[box["page"] - 1]
        x0, top, x1, bottom = box["bbox"]
        assert 0 <= x0 < x1 <= page.width + 1 and 0 <= top < bottom <= page.height + 1, box
        out.append(page.crop((max(0, x0), max(0, top), min(page.width, x1), min(page.height, bottom))).extract_text())
    return " ".join(out)


def findings(record: dict):
    """(what it names, the finding) for every finding that carries a place."""
    for e in record["entities"]:
        yield e["text"], e
    for p in record["participants"]:
        yield p["name"], p
    for c in record["cases"]:
        yield c["number"], c
        if c["decision_box"]:
            yield c["decision"], c["decision_box"]
        for item in c["items"]:
            yield item["label"], item


@pytest.fixture(scope="module")
def sample():
    return extract_file(SAMPLE_PDF).model_dump(mode="json")


def test_every_finding_of_the_sample_lies_on_its_page_and_covers_its_text(sample):
    with pdfplumber.open(SAMPLE_PDF) as pdf:
        for named, finding in findings(sample):
            assert finding["boxes"] and finding["page"] == finding["boxes"][0]["page"], named
            assert letters(named) in letters(cropped(pdf, finding["boxes"])), named
            x0, top, x1, bottom = finding["bbox"]
            assert all(b["page"] != finding["page"] or (x0 <= b["bbox"][0] and b["bbox"][2] <= x1)
                       for b in finding["boxes"]), named


def test_a_finding_over_two_lines_has_a_box_per_line(sample):
    multi = [d for c in sample["cases"] if (d := c["decision_box"]) and len({b["bbox"][1] for b in d["boxes"]}) > 1]
    assert multi, "the sample has decisions running over lines"
    assert all(len(d["boxes"]) == len({(b["page"], b["bbox"][1]) for b in d["boxes"]}) for d in multi)


def test_entity_ids_are_stable_and_say_what_found_them(sample):
    again = extract_file(SAMPLE_PDF).model_dump(mode="json")
    assert [e["id"] for e in again["entities"]] == [e["id"] for e in sample["entities"]]
    assert len({e["id"] for e in sample["entities"]}) == len(sample["entities"])
    sources = {e["type"]: e["source"] for e in sample["entities"]}
    assert sources["MUNICIPALITY"] == "gazetteer" and sources["DATE"] == "rule"


def test_a_person_mention_of_a_participant_links_to_that_participant(sample):
    people = sample["participants"]
    linked = [e for e in sample["entities"] if e["type"] == "PERSON" and e["participant"] is not None]
    assert len(linked) >= len(people)
    for e in linked:
        assert " ".join(people[e["participant"]]["name"].split()).casefold() == str(e["value"]).casefold()
        assert e["source"] == "list"


@pytest.mark.slow
def test_boxes_read_from_a_scan_cover_the_words_on_the_printed_page(tmp_path):
    lines = scans.MINUTES[0]
    printed = tmp_path / "printed.pdf"
    printed.write_bytes(scans.make_pdf([{"lines": lines}]))
    pages = extract_pages(scans.make_pdf([scans.scan_page(lines, seed=3)]), "scan.pdf")
    assert pages[0].ocr
    record = build_record(pages, "scan.pdf", "0" * 64).model_dump(mode="json")
    with pdfplumber.open(printed) as pdf:
        placed = list(findings(record))
        covered = [named for named, f in placed if letters(named) in letters(cropped(pdf, f["boxes"]))]
    assert len(placed) >= 8 and len(covered) >= 0.9 * len(placed), set(n for n, _ in placed) - set(covered)
