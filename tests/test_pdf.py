from pipeline.layout import Line, Page, words_to_lines
from pipeline.pdf import Limits, clean_pages, extract_pages, read_pdf_bytes


def _extract(path):
    return extract_pages(read_pdf_bytes(path, Limits()), str(path), ocr="never")


def _line(text, top, x0=62.0):
    return Line(text, x0, top, x0 + 300, top + 10, 10.0)


def test_running_header_footer_and_page_numbers_are_dropped_but_the_letterhead_stays(make_pdf):
    pdf = make_pdf([["Sak 01/2018 Referat", "Til behandling forelå referat."], ["Sak 02/2018 Eventuelt", "Ingen saker."]],
                   header="Vestregionen – referat")
    pages = _extract(pdf)
    texts = [[ln.text for ln in p.lines] for p in pages]
    assert texts == [["Vestregionen – referat", "Sak 01/2018 Referat", "Til behandling forelå referat."],
                     ["Sak 02/2018 Eventuelt", "Ingen saker."]]


def test_words_are_grouped_into_lines_in_reading_order():
    words = [
        {"text": "Sted:", "x0": 62, "x1": 90, "top": 120, "bottom": 130, "size": 10},
        {"text": "Tid:", "x0": 62, "x1": 80, "top": 100, "bottom": 110, "size": 10},
        {"text": "09.00", "x0": 102, "x1": 130, "top": 100.5, "bottom": 110.5, "size": 10},
        {"text": "kl.", "x0": 84, "x1": 99, "top": 100, "bottom": 110, "size": 10},
    ]
    assert [ln.text for ln in words_to_lines(words)] == ["Tid: kl. 09.00", "Sted:"]


def test_wide_gaps_become_cell_separators():
    words = [{"text": "Kompetanse", "x0": 62, "x1": 120, "top": 100, "bottom": 110, "size": 10},
             {"text": "4", "x0": 300, "x1": 306, "top": 100, "bottom": 110, "size": 10}]
    assert words_to_lines(words)[0].text == "Kompetanse   4"


def test_hyphenation_is_joined_but_not_before_og():
    page = Page(1, 595, 842, [_line("Saken gjelder kommune-", 200), _line("styrets vedtak og Helse-", 212),
                              _line("og omsorgsdepartementet.", 224)])
    clean_pages([page])
    assert [ln.text for ln in page.lines] == ["Saken gjelder kommunestyrets", "vedtak og Helse-", "og omsorgsdepartementet."]


def test_label_column_is_paired_with_value_column():
    page = Page(1, 595, 842, [_line("Tid:", 200), _line("Sted:", 212), _line("Torsdag 23.11.2017 kl. 09.00 – 11.15", 230),
                              _line("Drammen rådhus", 242), _line("Til stede:", 260)])
    clean_pages([page])
    assert [ln.text for ln in page.lines][:2] == ["Tid: Torsdag 23.11.2017 kl. 09.00 – 11.15", "Sted: Drammen rådhus"]
    assert page.lines[2].text == "Til stede:"


def test_single_label_is_left_alone():
    page = Page(1, 595, 842, [_line("Til stede:", 200), _line("Per Hansen, Bærum", 212)])
    clean_pages([page])
    assert [ln.text for ln in page.lines] == ["Til stede:", "Per Hansen, Bærum"]


def test_a_soft_hyphen_ending_a_word_shows_as_a_hyphen_and_inside_a_word_goes():
    from pipeline.layout import words_to_lines

    words = [{"text": t, "x0": x, "x1": x + 30, "top": 10, "bottom": 20}
             for t, x in [("Innhenting", 0), ("av", 40), ("300.000,\xad", 80), ("kr", 120), ("kom\xadmune", 160)]]
    assert [ln.text for ln in words_to_lines(words)] == ["Innhenting av 300.000,- kr kommune"]


def test_bold_made_by_drawing_each_glyph_twice_is_read_once_and_repeated_letters_stay():
    from tests.pdfs import handmade_pdf, stream

    # a word processor's bold: the line drawn again 0.4 pt to the right; "Ellingsen" keeps its two l's in 7 pt type
    text = (b"BT /F1 12 Tf 72 720 Td (Til stede:) Tj ET BT /F1 12 Tf 72.4 720 Td (Til stede:) Tj ET "
            b"BT /F1 7 Tf 72 700 Td (Mariel Ellingsen) Tj ET BT /F1 7 Tf 72.3 700 Td (Mariel Ellingsen) Tj ET")
    data = handmade_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        stream(text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])
    pages = extract_pages(data, "bold.pdf", ocr="never")
    assert [ln.text for ln in pages[0].lines] == ["Til stede:", "Mariel Ellingsen"]


def test_overprint_copies_go_but_a_letter_repeated_a_glyphs_width_away_stays():
    from pipeline.pdf import _without_overprint

    def glyph(x):
        return {"text": "l", "fontname": "F1", "size": 7.0, "x0": x, "x1": x + 1.55, "top": 130.0}

    chars = [glyph(97.67), glyph(99.22), glyph(98.08), glyph(99.63)]  # "ll", then drawn again 0.41 pt right
    assert [c["x0"] for c in _without_overprint(chars)] == [97.67, 99.22]


def test_labels_left_empty_above_a_list_are_not_paired_with_its_names():
    page = Page(1, 595, 842, [_line("Møtedato:", 200), _line("Møtestart:", 212), _line("Tilstede:", 236),
                              _line("Ordfører Viggo Johnsen", 248), _line("Kjell Richardsen", 260),
                              _line("Hilde Nilsen", 272)])
    clean_pages([page])
    assert [ln.text for ln in page.lines][:3] == ["Møtedato:", "Møtestart:", "Tilstede:"]
