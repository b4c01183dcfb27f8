from pipeline.layout import Line, Page
from pipeline.zones import document_from_pages, document_from_text, find_headings, find_labels


def labels(text):
    return [(lb.kind, lb.phrase, lb.status) for lb in find_labels(text)]


def headings(text):
    return [h.number for h in document_from_text(text).headings]


def attendance(text):
    doc = document_from_text(text)
    return [(z.label.status, doc.text[z.start:z.end].strip()) for z in doc.zones_of("attendance")]


def test_a_label_needs_a_colon_a_line_of_its_own_or_a_name_after_it():
    assert labels("Forfall: Ola Dahl\n") == [("attendance", "Forfall", "absent")]
    assert labels("Forfall\nOla Dahl\n") == [("attendance", "Forfall", "absent")]
    assert labels("Ola Berg medlem Ap Forfall\n") == []  # a remark at the end of a table row
    # a flattened form: the label mid-line, a list of names after it
    assert labels("møtet er kunngjort. Medlemmer (føre opp kven som er borte) Gunvald Tho (SP)")[0][2] == "present"
    # a sentence: "Forfall hadde Siv Kjær og Tor Sand."
    assert labels("Møtet ble satt. Forfall hadde Siv Kjær og Tor Sand.")[0][:2] == ("attendance", "Forfall hadde")


def test_labels_run_on_to_their_colon_and_are_found_on_a_scanners_text_layer():
    assert labels("Til stede av representantskapets stemmeberettigede medlemmer: Ola Dahl\n")[0][1] == \
        "Til stede av representantskapets stemmeberettigede medlemmer"
    assert labels("Ti! stede: Gro Bjelland, David Cooke\n")[0][2] == "present"


def test_labels_by_their_structure_a_unit_and_a_role_heading_a_list():
    found = labels("Fra rektoratet: Gro Mo, Åse Holm\nFra administrasjonen: Per Li\nRådmenn: Alf Rørbakk og Lena Hansson\n")
    assert [(kind, status) for kind, _, status in found] == [("attendance", "other"), ("attendance", "secretariat"),
                                                              ("attendance", "present")]


def test_a_label_with_two_meanings():
    (label,) = find_labels("Tid og sted: torsdag 18. april kl. 12.30, Alta rådhus\n")
    assert label.means("time") and label.means("location")


def test_case_headings_with_any_prefix_year_first_or_last():
    assert headings("SR 2017/43 Budsjett\nSR 2017/44 Eventuelt\n") == ["2017/43", "2017/44"]
    assert headings("Saksliste\nF-01/17 Budsjett for 2017\nF-02/17 Val av leiar\n") == ["01/17", "02/17"]
    assert headings("V-SAK 1 Godkjenning av dagsorden\nV-SAK 2 Høringsuttalelse\n") == ["1", "2"]
    # an archive number column between the case number and its title
    assert headings("Saksnr. Arkivsaksnr. Tittel 2/12 10/133 REVIDERING AV VEGPLAN 3/12 11/555 KRISEPLAN") == \
        ["2/12", "3/12"]
    # a legal form before a number in running text is no prefix
    assert headings("092/16 FRAMTIDIG ORGANISERING AV RUSSMARKEN VA AS 093/16 HJARTDAL OMSORGSSENTER") == \
        ["092/16", "093/16"]


def test_a_row_of_a_vote_table_by_party_is_no_case_heading():
    text = "PS 25/05 Revidert budsjett\nParti   For   Mot\nSV   5   0\nMDG   3   1\nPS 26/05 Skolebruksplan\n"
    assert headings(text) == ["25/05", "26/05"]


def test_numbers_in_running_text_count_where_they_form_a_run():
    assert headings("Faste saker: 1/2016 Godkjenning av saksliste Vedtak: Godkjent 2/2016 Godkjenning av "
                    "protokoll Vedtak: Godkjent 3/2016 Medlemsutvikling") == ["1/2016", "2/2016", "3/2016"]
    assert headings("Referat frå møte 5/2014 vart godkjent. Sak 48/14 Godkjenning\n") == ["48/14"]
    assert headings("Saksnr.: PS 10/2021 - PS 19/2021\nAv heradsstyret sine 35 medlemer møtte 34.\n") == []


def test_plain_numbered_agendas():
    assert headings("Saker:\n1. Brukersamling\n2. Discord\n3. Regnskap\n") == ["1", "2", "3"]
    assert headings("00 Valg av referent\n01 Godkjenne agendaen\n02 Opptelling\n") == ["0", "1", "2"]
    assert headings("1 – Konstituering\n2 – Årsberetning for 2011\n") == ["1", "2"]
    assert headings("Sak 80 (2017-18): Godkjenning av dagsorden\n81: Godkjenning av referat\n") == ["80", "81"]
    # a numbered list inside a case whose agenda numbers stand alone on their lines is no agenda
    assert headings("63\nFullmakt- og referatsaker\nVedtak:\n1. Styret tar saken til etterretning\n"
                    "2. Styret slutter seg til møteplanen\n64\nKonstituering\n") == ["63", "64"]


def test_stacked_labels_share_the_people_after_them():
    zones = attendance("Møteleder: Tilstede: Forfall: Arnfinn Aabø (A) Liv Thorstensen (A)\nSak 91/09 Godkjenning\n")
    assert zones == [("present", "Arnfinn Aabø (A) Liv Thorstensen (A)")]


def test_a_list_of_people_ends_where_running_text_begins():
    zones = attendance("Til stede:\nKari Moe, Per Li\n\nRepresentantskapet drøftet og tok til etterretning Årsmelding 2005.\n")
    assert zones == [("present", "Kari Moe, Per Li")]
    zones = attendance("Forfall: Kåre Eikli,\nStyreleder Per Otto Selnes ledet møtet og skrev protokoll.\n")
    assert zones == [("absent", "Kåre Eikli,")]


def test_a_board_listed_inside_a_case_is_no_attendance():
    text = ("Til stede: Kari Moe, Per Li\nSak 1/16 Konstituering av styret\n" + "Styret konstituerte seg. " * 8
            + "\nVaramedlem Per Gunnar Søiland 2016-2017\n")
    assert [status for status, _ in attendance(text)] == ["present"]


def test_the_line_breaks_of_a_wrapped_paragraph_are_soft():
    words = "Tilstede: Ordfører Viggo Johnsen Kjell Richardsen Hilde Nilsen Jan Andersen Ann".split()
    first = Line(" ".join(words), 62, 100, 533, 110, 10.0)
    second = Line("Helen Pedersen møtte som vara", 62, 113, 200, 123, 10.0)
    short = Line("Robert Svarva ap ordfører x", 62, 126, 180, 136, 10.0)
    after_short = Line("Hans Heieraas sp varaordfører x", 62, 139, 190, 149, 10.0)
    doc = document_from_pages([Page(1, 595, 842, [first, second, short, after_short])])
    assert "Ann Helen" in doc.unwrapped(0, len(doc.text))
    assert "x\nHans" in doc.unwrapped(0, len(doc.text))  # a table row that ends short is its own line
    heading = Line("2. Årsregnskap og revisors beretning for 2022 og budsjett for 2023 med noter", 62, 100, 530,
                   120, 20.0)
    body = Line("Årsregnskap og revisors beretning ble gjennomgått", 62, 124, 400, 135, 11.0)
    doc = document_from_pages([Page(1, 595, 842, [heading, body])])
    assert "noter\nÅrsregnskap" in doc.unwrapped(0, len(doc.text))  # a heading in a larger size is no paragraph


def test_find_headings_takes_the_labels_of_letter_fields():
    text = "Vår ref: 19/233\nSak 12/19 Budsjett\n"
    assert [h.number for h in find_headings(text, find_labels(text))] == ["12/19"]


def test_the_letterhead_and_a_page_of_signatures():
    doc = document_from_text("Tynset kommune\nVår dato: 12.03.2019\nMøteprotokoll\nMøtedato: 05.03.2019\n"
                             "Sak 1/19 Budsjett\nVedtak: Godkjent.\f"
                             "Kari Moe (sign.)\nOla Dahl (sign.)\nPer Li\n")
    (head, field) = doc.zones_of("letterhead")
    assert doc.text[head.start:head.end].strip() == "Tynset kommune\nVår dato: 12.03.2019"
    assert doc.text[field.start:field.end] == "Vår dato: 12.03.2019"
    (signed,) = doc.zones_of("signatures")
    assert doc.text[signed.start:signed.end].startswith("Kari Moe")


def test_a_list_of_who_met_in_either_spelling_of_medlem_m_er():
    found = labels("Følgjande medlemmer møtte:\nOla Dahl\nFølgjande medlemmer hadde meldt forfall:\nKari Li\n"
                   "Følgjande varamedlemmer møtte:\nPer Ås\n")
    assert [status for _, _, status in found] == ["present", "absent", "substitute"]


def test_an_empty_label_above_a_label_with_its_own_people_stays_empty():
    assert attendance("Meldt forfall: Kari Li\nIkke møtt:\nFra administrasjonen: Terje Johnsen, Solveig Busch\n") \
        == [("absent", "Kari Li"), ("absent", ""), ("secretariat", "Terje Johnsen, Solveig Busch")]
    # the members of a status, grouped below it, keep that status
    assert attendance("Forfall:\nMedlemmer: Per Hansen, Ola Dahl\n") == [("absent", "Per Hansen, Ola Dahl")]
