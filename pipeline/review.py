"""A review page: one self-contained HTML file that shows a record beside its PDF.

Each page is rendered with pypdfium2 and embedded as a data URI; every finding that knows where it lies (schema 2's
`page`, `bbox` and `boxes`) is drawn over the page in its type's colour, and the record is listed beside the pages.
Clicking an item in the list highlights its boxes and scrolls to them, and clicking a box highlights its item;
`review.html#entity-3` opens with that finding selected. The file needs no network and no server.

Conventions the tests (and anyone scripting the page) rely on: list entries have class "item", overlay rectangles
class "box"; both carry data-ref ("participant-0", "case-2", "case-2-decision", "case-2-item-0",
"case-2-item-0-decision", "case-2-vote-0", "entity-3") and data-kind (an entity type, "participant", "case",
"decision", "item" or "vote");
an item with no box on any page also has class "unplaced". Pages are `.page-frame` with id "page-N"; a page that
cannot be rendered shows a `.placeholder` with the reason. All record text is escaped: it comes from the PDF.
"""
from __future__ import annotations

import base64
import html
import io
import math
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2

ENTITY_TYPES = ("PERSON", "MUNICIPALITY", "COUNTY", "ORGANIZATION", "DATE", "AMOUNT")
# kind: (legend label, colour)
KINDS = {
    "PERSON": ("person", "#d62728"),
    "MUNICIPALITY": ("municipality", "#2ca02c"),
    "COUNTY": ("county", "#17becf"),
    "ORGANIZATION": ("organization", "#9467bd"),
    "DATE": ("date", "#1f77b4"),
    "AMOUNT": ("amount", "#ff7f0e"),
    "participant": ("participant", "#e377c2"),
    "case": ("case heading", "#8c564b"),
    "decision": ("decision", "#bcbd22"),
    "item": ("case item", "#000080"),
    "vote": ("vote", "#7f7f00"),
}
OTHER_KIND = "other"  # an entity type this module does not know: drawn in grey, not in the legend
JPEG_QUALITY = 60
MAX_PAGE_PIXELS = 4_000_000  # a poster-sized page is rendered coarser rather than taking hundreds of MB
A4 = (595.28, 841.89)
MEETING_FIELDS = ("title", "kind", "body", "organization", "date", "time", "location", "language")

BBox = tuple[float, float, float, float]


@dataclass
class PageView:
    number: int
    width: float  # PDF points
    height: float
    image: str | None = None  # data URI
    problem: str | None = None  # why there is no image


@dataclass
class Finding:
    ref: str
    kind: str
    label: str
    boxes: list[tuple[int, BBox]]


def write_review(record: dict, pdf_path: Path, out: Path, *, dpi: int = 72) -> None:
    """Write the review page of `record` and the PDF it was read from to `out`."""
    Path(out).write_text(review_html(record, pdf_path, dpi=dpi), encoding="utf-8")


def review_html(record: dict, pdf_path, *, dpi: int = 72) -> str:
    """The review page as one HTML document; a record of any schema version, or none ({}), is shown as far as it
    goes."""
    record = record if isinstance(record, dict) else {}
    pages = _render_pages(Path(pdf_path), dpi, _claimed_page_count(record))
    findings = list(_record_findings(record))
    boxes_by_page = _boxes_by_page(findings, {page.number: page for page in pages})
    placed = {finding.ref for drawn in boxes_by_page.values() for finding, _ in drawn}
    title = _text(_dict(record, "meeting").get("title")) or html.escape(Path(pdf_path).name)
    return (
        f'<!DOCTYPE html>\n<html lang="nb"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Review: {title}</title><style>{_css()}</style></head>\n"
        f'<body><main id="pages">{"".join(_page_html(p, boxes_by_page.get(p.number, [])) for p in pages)}</main>\n'
        f'<aside id="record">{_sidebar(record, title, placed)}</aside>\n'
        f"<script>{_SCRIPT}</script></body></html>\n"
    )


# --- pages -----------------------------------------------------------------------------------------------------

def _render_pages(pdf_path: Path, dpi: int, claimed_pages: int) -> list[PageView]:
    """Every page of the PDF as an image; placeholders (as many as the record claims) if it cannot be opened."""
    try:
        document = pypdfium2.PdfDocument(pdf_path)
    except (pypdfium2.PdfiumError, OSError) as e:
        return [PageView(n, *A4, problem=f"cannot open the PDF: {e}") for n in range(1, claimed_pages + 1)]
    try:
        return [_page_view(document, n, dpi) for n in range(1, len(document) + 1)]
    finally:
        document.close()


def _page_view(document, number: int, dpi: int) -> PageView:
    try:
        page = document[number - 1]
    except pypdfium2.PdfiumError as e:
        return PageView(number, *A4, problem=f"cannot load page {number}: {e}")
    try:
        width, height = page.get_size()
        if not (math.isfinite(width) and math.isfinite(height) and width > 0 and height > 0):
            return PageView(number, *A4, problem=f"page {number} has no usable size")
        try:
            return PageView(number, width, height, image=_page_image(page, width * height, dpi))
        except Exception as e:  # a hostile page may fail anywhere in pdfium or the encoder: show the others anyway
            return PageView(number, width, height, problem=f"cannot render page {number}: {e}")
    finally:
        page.close()


def _page_image(page, area_points: float, dpi: int) -> str:
    """The page in grayscale (smaller, and the coloured boxes stand out) as a data URI."""
    scale = min(dpi / 72, math.sqrt(MAX_PAGE_PIXELS / area_points))
    bitmap = page.render(scale=scale, force_bitmap_format=pypdfium2.raw.FPDFBitmap_Gray)
    try:
        image = bitmap.to_pil()
    except ImportError:  # Pillow is optional for pypdfium2
        return _data_uri("image/png", _gray_png(bitmap))
    return _data_uri(*_smallest_encoding(image))


def _smallest_encoding(image) -> tuple[str, bytes]:
    """JPEG suits scans; PNG is half the size of JPEG on a page of text, and crisper: keep the smaller."""
    encodings = []
    for mime, image_format, options in (("image/jpeg", "JPEG", {"quality": JPEG_QUALITY}), ("image/png", "PNG", {})):
        buffer = io.BytesIO()
        image.save(buffer, image_format, optimize=True, **options)
        encodings.append((mime, buffer.getvalue()))
    return min(encodings, key=lambda encoding: len(encoding[1]))


def _gray_png(bitmap) -> bytes:
    width, height, stride, pixels = bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer)
    rows = b"".join(b"\x00" + pixels[y * stride:y * stride + width] for y in range(height))  # filter 0 per row

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grayscale
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9))
            + chunk(b"IEND", b""))


def _data_uri(mime: str, data: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _claimed_page_count(record: dict) -> int:
    pages = _dict(record, "source").get("pages")
    return pages if isinstance(pages, int) and 0 < pages <= 10_000 else 1


def _page_html(page: PageView, drawn: list[tuple[Finding, BBox]]) -> str:
    if page.image:
        content = f'<img src="{page.image}" alt="page {page.number}">'
    else:
        content = f'<div class="placeholder">{html.escape(page.problem or "no image")}</div>'
    boxes = "".join(_box_html(finding, bbox, page) for finding, bbox in drawn)
    style = f"width:{page.width * 96 / 72:.0f}px;aspect-ratio:{page.width:.2f}/{page.height:.2f}"
    return (f'<section class="page-frame" id="page-{page.number}" data-page="{page.number}">'
            f'<div class="page-number">page {page.number}</div>'
            f'<div class="page" style="{style}">{content}{boxes}</div></section>\n')


def _box_html(finding: Finding, bbox: BBox, page: PageView) -> str:
    x0, top, x1, bottom = bbox
    style = (f"left:{x0 / page.width * 100:.3f}%;top:{top / page.height * 100:.3f}%;"
             f"width:{(x1 - x0) / page.width * 100:.3f}%;height:{(bottom - top) / page.height * 100:.3f}%")
    return (f'<div class="box k-{finding.kind}" data-ref="{finding.ref}" data-kind="{finding.kind}" '
            f'data-page="{page.number}" title="{html.escape(finding.label)}" style="{style}"></div>')


# --- findings and their boxes ----------------------------------------------------------------------------------

def participant_ref(i: int) -> str:
    return f"participant-{i}"


def case_ref(i: int) -> str:
    return f"case-{i}"


def item_ref(case: str, j: int) -> str:
    return f"{case}-item-{j}"


def decision_ref(owner: str) -> str:
    return f"{owner}-decision"


def vote_ref(owner: str, k: int) -> str:
    return f"{owner}-vote-{k}"


def entity_ref(i: int) -> str:
    return f"entity-{i}"


def _record_findings(record: dict):
    """Every finding that may have boxes, with the ref that links its list item and its boxes."""
    for i, participant in _dicts(record, "participants"):
        yield Finding(participant_ref(i), "participant", f"participant: {participant.get('name')}",
                      _boxes_of(participant))
    for i, case in _dicts(record, "cases"):
        ref = case_ref(i)
        yield Finding(ref, "case", f"case {case.get('number')}: {case.get('title')}", _boxes_of(case))
        yield Finding(decision_ref(ref), "decision", f"decision in case {case.get('number')}",
                      _boxes_of(_dict(case, "decision_box")))
        yield from _vote_findings(ref, case, f"case {case.get('number')}")
        for j, item in _dicts(case, "items"):
            yield Finding(item_ref(ref, j), "item", f"item {item.get('label')}: {item.get('title')}",
                          _boxes_of(item))
            yield Finding(decision_ref(item_ref(ref, j)), "decision", f"decision on item {item.get('label')}",
                          _boxes_of(_dict(item, "decision_box")))
            yield from _vote_findings(item_ref(ref, j), item, f"item {item.get('label')}")
    for i, entity in _dicts(record, "entities"):
        yield Finding(entity_ref(i), _entity_kind(entity), f"{entity.get('type')}: {entity.get('text')}",
                      _boxes_of(entity))


def _vote_findings(owner: str, finding: dict, where: str):
    for k, vote in _dicts(finding, "votes"):
        yield Finding(vote_ref(owner, k), "vote", f"vote in {where}: {_vote_summary(vote)}", _boxes_of(vote))


def _vote_summary(vote: dict) -> str:
    """"adopted, unanimous", "rejected 8-25, 2 abstained": a vote as a reader says it."""
    counts = "-".join(str(vote.get(k)) for k in ("votes_for", "against")) \
        if vote.get("votes_for") is not None and vote.get("against") is not None else ""
    parts = [str(vote.get("result") or "unknown") + (f" {counts}" if counts else "")]
    if vote.get("unanimous"):
        parts.append("unanimous")
    elif vote.get("against") is not None and not counts:
        parts.append(f"{vote.get('against')} against")
    if vote.get("abstained") is not None:
        parts.append(f"{vote.get('abstained')} abstained")
    return ", ".join(parts)


def _entity_kind(entity: dict) -> str:
    return entity.get("type") if entity.get("type") in ENTITY_TYPES else OTHER_KIND


def _boxes_of(finding: dict) -> list[tuple[int, BBox]]:
    """The finding's boxes, or its `page` and `bbox` where it has no list of boxes; malformed ones dropped."""
    raw = finding.get("boxes")
    if not isinstance(raw, list) or not raw:
        raw = [finding]
    boxes = []
    for box in raw:
        bbox = _bbox(box.get("bbox")) if isinstance(box, dict) else None
        if bbox and isinstance(box.get("page"), int):
            boxes.append((box["page"], bbox))
    return boxes


def _bbox(value) -> BBox | None:
    if not isinstance(value, (list, tuple)) or len(value) != 4:
        return None
    try:
        x0, top, x1, bottom = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    if not all(math.isfinite(v) for v in (x0, top, x1, bottom)):
        return None
    return min(x0, x1), min(top, bottom), max(x0, x1), max(top, bottom)


def _boxes_by_page(findings: list[Finding], pages: dict[int, PageView]) -> dict[int, list[tuple[Finding, BBox]]]:
    """The boxes to draw on each page, clipped to it; larger first so that a mention inside a case heading stays
    clickable on top of the heading."""
    drawn: dict[int, list[tuple[Finding, BBox]]] = {}
    for finding in findings:
        for number, bbox in finding.boxes:
            clipped = _clip(bbox, pages[number]) if number in pages else None
            if clipped:
                drawn.setdefault(number, []).append((finding, clipped))
    for boxes in drawn.values():
        boxes.sort(key=lambda drawn_box: -_area(drawn_box[1]))
    return drawn


def _clip(bbox: BBox, page: PageView) -> BBox | None:
    x0, top, x1, bottom = bbox
    x0, x1 = max(0.0, x0), min(page.width, x1)
    top, bottom = max(0.0, top), min(page.height, bottom)
    return (x0, top, x1, bottom) if x1 > x0 and bottom > top else None


def _area(bbox: BBox) -> float:
    return (bbox[2] - bbox[0]) * (bbox[3] - bbox[1])


# --- the record beside the pages -------------------------------------------------------------------------------

def _sidebar(record: dict, title: str, placed: set[str]) -> str:
    source = _dict(record, "source")
    return (f"<h1>{title}</h1>"
            f'<p class="source">{_text(source.get("path"))} · schema {_text(record.get("schema_version"))}</p>'
            f"{_legend()}{_meeting_html(_dict(record, 'meeting'))}"
            f"{_participants_html(record, placed)}{_cases_html(record, placed)}"
            f"{_entities_html(record, placed)}{_warnings_html(record)}")


def _legend() -> str:
    entries = "".join(f'<label class="k-{kind}"><input type="checkbox" checked data-kind="{kind}">'
                      f'<span class="swatch"></span>{label}</label>' for kind, (label, _) in KINDS.items())
    return f'<div class="legend" title="show or hide boxes of a kind">{entries}</div>'


def _meeting_html(meeting: dict) -> str:
    times = "–".join(str(meeting[key]) for key in ("start_time", "end_time") if meeting.get(key))
    shown = {**meeting, "time": times}
    fields = "".join(f"<dt>{name}</dt><dd>{_text(shown[name])}</dd>" for name in MEETING_FIELDS if shown.get(name))
    return f'<h2>Meeting</h2><dl class="meeting">{fields}</dl>'


def _participants_html(record: dict, placed: set[str]) -> str:
    items = []
    for i, participant in _dicts(record, "participants"):
        details = [_text(participant.get(key)) for key in ("role", "party", "municipality", "county")]
        if participant.get("substitute_for"):
            details.append(f"for {_text(participant['substitute_for'])}")
        body = (f'<b>{_text(participant.get("name"))}</b> <span class="status">{_text(participant.get("status"))}'
                f'</span>{_details(details)}{_page_note(participant)}')
        items.append(_item_html(participant_ref(i), "participant", body, placed))
    return _section("Participants", items)


def _cases_html(record: dict, placed: set[str]) -> str:
    items = []
    for i, case in _dicts(record, "cases"):
        ref = case_ref(i)
        outcome = case.get("outcome")
        body = (f'<b>{_text(case.get("number"))}</b> {_text(case.get("title"))}'
                f'{_details([_text(outcome)] if outcome and outcome != "unknown" else [])}{_page_note(case)}')
        children = [_decision_html(ref, case, placed), *_votes_html(ref, case, placed)]
        children += [_case_item_html(item_ref(ref, j), item, placed) for j, item in _dicts(case, "items")]
        items.append(_item_html(ref, "case", body, placed, children))
    return _section("Cases", items)


def _case_item_html(ref: str, item: dict, placed: set[str]) -> str:
    body = f'<b>{_text(item.get("label"))}</b> {_text(item.get("title"))}{_page_note(item)}'
    return _item_html(ref, "item", body, placed, [_decision_html(ref, item, placed), *_votes_html(ref, item, placed)])


def _votes_html(owner: str, finding: dict, placed: set[str]) -> list[str]:
    return [_item_html(vote_ref(owner, k), "vote", f'<span class="label">vote</span> {_text(_vote_summary(vote))}',
                       placed) for k, vote in _dicts(finding, "votes")]


def _decision_html(owner: str, finding: dict, placed: set[str]) -> str:
    ref = decision_ref(owner)
    if not finding.get("decision") and ref not in placed:
        return ""
    body = f'<span class="label">decision</span> {_text(finding.get("decision"))}'
    return _item_html(ref, "decision", body, placed)


def _entities_html(record: dict, placed: set[str]) -> str:
    groups: dict[str, list[str]] = {}
    for i, entity in _dicts(record, "entities"):
        value = entity.get("value")
        shown_value = f' → {_text(value)}' if value is not None and str(value) != str(entity.get("text")) else ""
        body = f'{_text(entity.get("text"))}<span class="value">{shown_value}</span>{_page_note(entity)}'
        groups.setdefault(str(entity.get("type")), []).append(
            _item_html(entity_ref(i), _entity_kind(entity), body, placed))
    order = sorted(groups, key=lambda t: (ENTITY_TYPES.index(t) if t in ENTITY_TYPES else len(ENTITY_TYPES), t))
    details = "".join(f"<details open><summary>{html.escape(t)} ({len(groups[t])})</summary>"
                      f'<ul class="items">{"".join(groups[t])}</ul></details>' for t in order)
    return f"<h2>Entities ({sum(map(len, groups.values()))})</h2>{details}"


def _warnings_html(record: dict) -> str:
    items = []
    for _, warning in _dicts(record, "warnings"):
        page = warning.get("page")
        link = f' <a href="#page-{page}">page {page}</a>' if isinstance(page, int) else ""
        items.append(f'<li class="warning"><code>{_text(warning.get("code"))}</code> '
                     f'{_text(warning.get("message"))}{link}</li>')
    return _section("Warnings", items)


def _item_html(ref: str, kind: str, body: str, placed: set[str], children: Sequence[str] = ()) -> str:
    unplaced = ref not in placed
    marker = ' <span class="nopos">no position</span>' if unplaced else ""
    nested = "".join(children)
    sublist = f'<ul class="items">{nested}</ul>' if nested else ""
    return (f'<li class="item k-{kind}{" unplaced" if unplaced else ""}" data-ref="{ref}" data-kind="{kind}">'
            f'<div class="line">{body}{marker}</div>{sublist}</li>')


def _section(heading: str, items: list[str]) -> str:
    return f'<h2>{heading} ({len(items)})</h2><ul class="items">{"".join(items)}</ul>'


def _details(parts: list[str]) -> str:
    shown = [part for part in parts if part]
    return f' <span class="details">{", ".join(shown)}</span>' if shown else ""


def _page_note(finding: dict) -> str:
    page = finding.get("page") or finding.get("page_start")
    return f' <span class="page-note">p. {page}</span>' if isinstance(page, int) else ""


# --- tolerant access to records of any age ---------------------------------------------------------------------

def _dict(container: dict, key: str) -> dict:
    value = container.get(key)
    return value if isinstance(value, dict) else {}


def _dicts(container: dict, key: str):
    """(index, element) of the list under `key`, skipping elements that are not objects; indices stay those of
    the record so that refs match its JSON."""
    value = container.get(key)
    return [(i, x) for i, x in enumerate(value) if isinstance(x, dict)] if isinstance(value, list) else []


def _text(value) -> str:
    return "" if value is None else html.escape(str(value))


# --- style and behaviour ---------------------------------------------------------------------------------------

def _css() -> str:
    kinds = "".join(f".k-{kind}{{--c:{colour};--f:{_rgba(colour, 0.15)};--s:{_rgba(colour, 0.4)}}}"
                    for kind, (_, colour) in KINDS.items())
    return _BASE_CSS + kinds


def _rgba(colour: str, alpha: float) -> str:
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


_BASE_CSS = """
*{box-sizing:border-box}
html,body{margin:0;height:100%;font:14px/1.4 system-ui,sans-serif;color:#222}
body{display:flex}
#pages{flex:1;overflow:auto;background:#8a8a8a;padding:12px}
#record{width:480px;flex:none;overflow:auto;padding:8px 16px;background:#fafafa;border-left:1px solid #bbb}
.page-frame{margin:0 auto 16px;width:max-content;max-width:100%}
.page-number{color:#fff;font-size:12px}
.page{position:relative;max-width:100%;background:#fff;box-shadow:0 1px 4px rgba(0,0,0,.5)}
.page img{display:block;width:100%;height:100%}
.placeholder{display:flex;height:100%;align-items:center;justify-content:center;padding:2em;text-align:center;
  color:#900;background:repeating-linear-gradient(45deg,#fff,#fff 10px,#f3f3f3 10px,#f3f3f3 20px)}
.box{position:absolute;--c:#777;--f:rgba(119,119,119,.15);outline:2px solid var(--c);background:var(--f);
  cursor:pointer}
.box:hover{background:var(--s)}
.box.selected{outline-width:3px;background:var(--s);box-shadow:0 0 0 6px rgba(255,212,0,.9);z-index:1}
h1{font-size:17px;margin:4px 0}
h2{font-size:15px;margin:14px 0 4px;border-bottom:1px solid #ddd}
.source{color:#666;font-size:12px;margin:0 0 6px;word-break:break-all}
.legend{display:flex;flex-wrap:wrap;gap:2px 10px;font-size:12px}
.legend input{margin:0 3px 0 0;vertical-align:middle}
.swatch{display:inline-block;width:12px;height:12px;margin-right:3px;vertical-align:middle;background:var(--c)}
.meeting{display:grid;grid-template-columns:max-content 1fr;gap:0 10px;margin:0}
.meeting dt{color:#666}.meeting dd{margin:0}
ul.items{margin:0;padding:0}
.item{list-style:none;margin:2px 0;padding:2px 6px;border-left:4px solid var(--c,#ccc);cursor:pointer}
.item .item{margin-left:6px}
.item:hover>.line{background:#eee}
.item.selected>.line{background:#ffe97a}
.item.unplaced{border-left-style:dotted}
.status,.label{font-size:11px;padding:0 4px;border-radius:3px;background:#e4e4e4}
.details,.value,.page-note,.nopos{color:#666;font-size:12px}
.nopos{font-style:italic}
.warning{list-style:none;margin:3px 0}
details summary{cursor:pointer;font-weight:600;margin-top:4px}
"""

_SCRIPT = """
(function () {
  var selected = [];
  function select(ref, scrollTo) {  // scrollTo: the classes ('box', 'item') of the elements to bring into view
    selected.forEach(function (el) { el.classList.remove('selected'); });
    selected = Array.prototype.slice.call(document.querySelectorAll('[data-ref="' + CSS.escape(ref) + '"]'));
    selected.forEach(function (el) { el.classList.add('selected'); });
    scrollTo.forEach(function (name) {
      var target = selected.filter(function (el) { return el.classList.contains(name); })[0];
      if (target) target.scrollIntoView({block: 'center'});
    });
  }
  document.addEventListener('click', function (event) {
    var el = event.target.closest('[data-ref]');
    if (!el) return;
    var ref = el.getAttribute('data-ref');
    select(ref, [el.classList.contains('box') ? 'item' : 'box']);
    try { history.replaceState(null, '', '#' + ref); } catch (e) { /* some browsers refuse it on file:// */ }
  });
  document.querySelectorAll('.legend input').forEach(function (box) {
    box.addEventListener('change', function () {
      document.querySelectorAll('.box[data-kind="' + box.getAttribute('data-kind') + '"]')
        .forEach(function (el) { el.hidden = !box.checked; });
    });
  });
  function selectFromHash() {
    var ref = location.hash.slice(1);
    if (ref && !/^page-/.test(ref)) select(ref, ['box', 'item']);
  }
  window.addEventListener('hashchange', selectFromHash);
  selectFromHash();
  document.body.setAttribute('data-ready', 'true');
})();
"""
