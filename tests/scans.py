"""Test fixtures for OCR: born-digital, scanned, mixed and garbled-font PDFs generated from text.

Pages are written as a minimal PDF by hand (Helvetica, WinAnsi), so a page can carry text, a JPEG
"scan" of text, or text whose font has a ToUnicode map that lies (letters dropped, mojibake): the
page looks right but its text layer is garbled, like PDFs from old case systems.
"""
from __future__ import annotations

import io
import random

from tests.pdfs import handmade_pdf

FONT_SIZE = 11
LEADING = 15
LEFT, TOP = 62, 80
A4 = (595, 842)


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _text_stream(lines: list[str]) -> bytes:
    out = [b"BT", f"/F1 {FONT_SIZE} Tf {LEADING} TL {LEFT} {A4[1] - TOP} Td".encode()]
    out += [b"(" + _escape(line) + b") Tj T*" for line in lines]
    out.append(b"ET")
    return b"\n".join(out)


def _to_unicode(lies: dict[str, str]) -> bytes:
    """A ToUnicode CMap: every WinAnsi byte maps to its own character, except those in `lies`."""
    entries = []
    for code in range(32, 256):
        try:
            char = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            continue
        target = lies.get(char, char)
        entries.append(f"<{code:02X}> <{target.encode('utf-16-be').hex().upper()}>")
    body = [f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar"
            for chunk in (entries[i:i + 100] for i in range(0, len(entries), 100))]
    return ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CMapName /Lies def 1 begincodespacerange <00> <FF> endcodespacerange\n"
            + "\n".join(body) + "\nendcmap CMapName currentdict /CMap defineresource pop end end").encode()


def make_pdf(pages: list[dict]) -> bytes:
    """Pages are {"lines": [...]} (text, optionally "lies": {char: replacement} for its font's ToUnicode map)
    or {"jpeg": bytes, "size": (w, h)} (a full-page grayscale image, as a scanner writes it)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(dictionary: str, data: bytes) -> int:
        return add(f"<< {dictionary} /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream")

    page_ids = []
    pages_id = 2  # reserved below: 1 is the catalog, 2 the page tree
    add(b"<< /Type /Catalog /Pages 2 0 R >>")
    add(b"")
    for page in pages:
        if "jpeg" in page:
            w, h = page["size"]
            image = stream(f"/Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray "
                           f"/BitsPerComponent 8 /Filter /DCTDecode", page["jpeg"])
            content = stream("", f"q {A4[0]} 0 0 {A4[1]} 0 0 cm /Im1 Do Q".encode())
            resources = f"<< /XObject << /Im1 {image} 0 R >> >>"
        else:
            lies = f" /ToUnicode {stream('', _to_unicode(page['lies']))} 0 R" if page.get("lies") else ""
            font = add(f"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding{lies} >>"
                       .encode())
            content = stream("", _text_stream(page["lines"]))
            resources = f"<< /Font << /F1 {font} 0 R >> >>"
        page_ids.append(add(f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {A4[0]} {A4[1]}] "
                            f"/Resources {resources} /Contents {content} 0 R >>".encode()))
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    objects[pages_id - 1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()

    return handmade_pdf(objects)


def scan_page(lines: list[str], seed: int = 0, dpi: int = 200) -> dict:
    """A text page printed, scanned and saved as JPEG: rasterised, tilted, blurred, speckled, compressed."""
    import pypdfium2
    from PIL import Image, ImageFilter

    rnd = random.Random(seed)
    document = pypdfium2.PdfDocument(make_pdf([{"lines": lines}]))
    image = document[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    document.close()
    image = image.rotate(rnd.uniform(-1.2, 1.2), resample=Image.BICUBIC, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(rnd.uniform(0.3, 0.7)))
    pixels = image.load()
    for _ in range(image.width * image.height // 900):
        pixels[rnd.randrange(image.width), rnd.randrange(image.height)] = rnd.choice((0, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=rnd.choice((60, 70)))
    return {"jpeg": buffer.getvalue(), "size": image.size}


MINUTES = [
    [
        "MØTEPROTOKOLL",
        "Formannskapet i Åsnes kommune",
        "Møtedato: 14.03.2018",
        "Møtested: Kommunestyresalen, rådhuset",
        "Tid: kl. 09:00 - 14:30",
        "Møtende medlemmer:",
        "Ørjan Bækken, ordfører",
        "Kjersti Løvås, varaordfører",
        "Håkon Sæther, medlem",
        "Forfall: Grete Åmodt",
        "Sak 12/18 Godkjenning av innkalling og saksliste",
        "Vedtak: Innkalling og saksliste godkjennes.",
        "Vedtaket var enstemmig.",
    ],
    [
        "Sak 13/18 Økonomirapport for første kvartal",
        "Rådmannen orienterte om økonomien. Driftsresultatet",
        "viser et mindreforbruk på kr 1 250 000 etter tre måneder.",
        "Behandling: Formannskapet drøftet saken.",
        "Vedtak: Rapporten tas til orientering.",
        "Sak 14/18 Søknad om tilskudd til nærmiljøanlegg",
        "Vedtak: Søknaden innvilges med inntil kr 85 000.",
        "Vedtatt med 5 mot 2 stemmer.",
        "Møtet hevet kl. 14.30.",
    ],
]
