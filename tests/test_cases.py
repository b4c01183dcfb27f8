from pipeline.cases import find_cases


def numbers(text):
    return [(c.number, c.title) for c in find_cases(text)]


def test_usual_numberings():
    text = ("Sak 01/2018 Referat fra møte\nVedtak:\nGodkjent.\n\nPS 12/18 Budsjett 2019\n\nSak nr. 47/09 Valg\n"
            "RS 4/21 Melding fra KS\n")
    assert numbers(text) == [("01/2018", "Referat fra møte"), ("12/18", "Budsjett 2019"), ("47/09", "Valg"),
                             ("4/21", "Melding fra KS")]
    assert numbers("BU-sak 12/22 Årsregnskap 2021\nFU-sak 3/22 Eventuelt\n") == [("12/22", "Årsregnskap 2021"),
                                                                                ("3/22", "Eventuelt")]


def test_references_and_ranges_are_not_cases():
    text = "Saksnr.: 020/09 - 028/09\n\nSak 020/09 Protokoll\nSaken ble utsatt, jf. sak 034/08 og se sak 040/09.\n"
    assert numbers(text) == [("020/09", "Protokoll")]
    assert numbers("Saksnr.: KU 5/2015 - KU 7/2015\nTil stede:\nKU 5/2015 Protokoll\n") == [("5/2015", "Protokoll")]


def test_reference_continuing_the_run_of_cases_is_a_case():
    text = "Sak 83-11 Protokoll\nMuntlig innlegg til sak 84-11: Ola Nordmann\n"
    assert numbers(text) == [("83-11", "Protokoll"), ("84-11", None)]
    text = "Møtte: Ola Dal (til 12/14), Kari Li\nSak 10/14 Protokoll\nSak 11/14 Budsjett\n"
    cases = find_cases(text)
    assert [(c.number, c.referenced) for c in cases] == [("10/14", False), ("11/14", False), ("12/14", True)]
    assert numbers("Sak 10/14 Protokoll\nSak 11/14 Budsjett\nRevidert plan (1/14) og (40/14)\n")[2:] == []


def test_agenda_and_body_are_merged_and_decision_found():
    text = ("SAKSLISTE\nSak 1/2019 Godkjenning av innkalling\nSak 2/2019 Eventuelt\n\n"
            "Sak 1/2019 Godkjenning av innkalling\nInnstilling:\nGodkjennes.\nVedtak:\nInnkallinga vert godkjend.\n\n"
            "Sak 2/2019 Eventuelt\nIngen saker.\n")
    cases = find_cases(text)
    assert [c.number for c in cases] == ["1/2019", "2/2019"]
    start, end = cases[0].decision
    assert text[start:end].strip() == "Innkallinga vert godkjend."


def test_lettered_items():
    text = "Sak 06/2018 Prosjekter\n A Kommunehelsesamarbeidet\n B KomUt\nVedtak:\nTatt til orientering.\n"
    assert [i["label"] for i in find_cases(text)[0].items] == ["A", "B"]
    text = ("Sak 07/2018 Høyringar\nA Plan for sykkel\nInnstilling:\nSvar sendast.\nVedtak:\nIkkje felles svar.\n"
            "B Plan for klima\nOrientering.\n")
    a, b = find_cases(text)[0].items
    assert text[slice(*a["decision"])].strip() == "Ikkje felles svar." and b["decision"] is None


def test_flattened_agenda():
    text = "SAKLISTE Sak nr. Sakstittel 001/15 Godkjenning av innkalling og sakliste 002/15 Val av leiar Side 1"
    assert [c.number for c in find_cases(text)] == ["001/15", "002/15"]
    text = ("Saksliste Utvalgssaksnr PS 16/180 PS 16/181 PS\n16/182 Innhold Budsjett 2017 Ny skole Fritak fra verv\n"
            "PS 16/180 Budsjett 2017\nVedtak:\nVedtatt.\n")
    assert [n for n, _ in numbers(text)] == ["16/180", "16/181", "16/182"]
    assert numbers(text)[:2] == [("16/180", "Budsjett 2017"), ("16/181", None)]


def test_titles_in_flattened_text():
    text = ("Saksliste 001/15 Godkjenning av sakliste 002/15 Framlegg om endring av namn i Gloppen Side 1\n"
            "003/15 RESPONSSENTER FOR VELFERDSTEKNOLOGI 004/15 KOMMUNEREFORMA - OPPMODING 3 005/15: MØTEBOK\n"
            "2 83-11 Godkjenning av protokoll fra møte 10. november 2011 Komite for oppvekst behandlet saken i "
            "møtet sak 83-11: Protokollen ble godkjent.")
    titles = dict(numbers(text))
    assert titles["002/15"] == "Framlegg om endring av namn i Gloppen"
    assert titles["003/15"] == "RESPONSSENTER FOR VELFERDSTEKNOLOGI"
    assert titles["004/15"] == "KOMMUNEREFORMA - OPPMODING"
    assert titles["83-11"] == "Godkjenning av protokoll fra møte 10. november 2011"


def test_agenda_link_columns_and_ocr_specks_leave_the_title():
    text = ("Saksnr. Sak Utredning Vedtak\nPS 81/11 Møteplan 2012 utredning vedtak *\n"
            "PS 82/11 Søknader om støtte utredning\nvedtak '\n")
    assert numbers(text) == [("81/11", "Møteplan 2012"), ("82/11", "Søknader om støtte")]


def test_items_typed_without_a_space_and_a_note_cut_from_the_title():
    text = ("Agenda:\n1.Innkalling godkjent ved akklamasjon.\n2.Agenda godkjent.\n3.Arne valgt som møteleder.\n"
            "4.Semesterberetning:\n-Øyvind legger fram.\n")
    assert [c.number for c in find_cases(text)] == ["1", "2", "3", "4"]
    # the duration after every heading is no part of its title, nor is what is left of it
    text = ("Sak 1: Støtte Kompetansehelga 2020 (20 minutter)\nTekst.\nSak 2: Badehetter (10 minutter)\nTekst.\n"
            "Sak 3: Gullfisken (20 minutter)\nTekst.\n")
    assert numbers(text) == [("1", "Støtte Kompetansehelga 2020"), ("2", "Badehetter"), ("3", "Gullfisken")]


def test_a_lettered_part_of_a_case_is_a_case_of_its_own():
    text = ("Sak 6: Innkomne saker\nAlle innkomne saker er samlet her.Sak 6a: Rens av blandebatterier\n"
            "Forslaget ble nedstemt.\nSak 6b: Ventilasjonsanlegget\nVedtatt.\nSak 7: Godtgjørelse\n")
    assert [c.number for c in find_cases(text)] == ["6", "6a", "6b", "7"]


def test_the_number_of_a_prefixed_heading_is_not_an_agenda_item_of_its_own():
    text = ("Sak 1: Konstituering\na. Registrering av deltakere. Det ble registrert 29 stemmer.\nSak 2: Årsregnskap\n"
            "Årsregnskapet ble godkjent.\nSak 3: Etablering av ladestasjoner for El-kjøretøy\n"
            "Etter en diskusjon ble følgende forslag fremmet:\n")
    assert numbers(text) == [("1", "Konstituering"), ("2", "Årsregnskap"),
                             ("3", "Etablering av ladestasjoner for El-kjøretøy")]


def test_parts_the_document_numbers_as_items_of_their_own_are_cases():
    text = ("1. Åpning\nLeder åpnet.\n2. Årsberetning\nGodkjent.\n3. Valg\n3.1 Valg av leder\nKari ble valgt.\n"
            "3.2 Valg av styre\nOla ble valgt.\n4. Eventuelt\nIngen saker.\n")
    assert numbers(text) == [("1", "Åpning"), ("2", "Årsberetning"), ("3", "Valg"), ("3.1", "Valg av leder"),
                             ("3.2", "Valg av styre"), ("4", "Eventuelt")]
    # a council's numbered cases keep a decision's numbered points inside them
    text = "Sak 12/18 Budsjett\nVedtak:\n12.1 Budsjettet vedtas.\nSak 13/18 Eventuelt\n"
    assert [c.number for c in find_cases(text)] == ["12/18", "13/18"]


def test_prefixed_parts_bracketed_tags_and_an_account_after_the_colon_leave_the_title():
    text = ("Sak 1: Konstitusjon\n● Sak 1.1: [Vedtak] Godkjenne stemmeberettigede\n● Sak 1.2: [Info] Melde inn saker\n"
            "Sak 2: Verv i Styret\nGodkjent.\n"
            "Sak 3: Styrets arbeid: Styreleder informerte om arbeidet (se innkalling). Utover det ble lite nevnt.\n"
            "Sak 4: Innkommet sak: Reseksjonering av seksjon nummer 42\nVedtatt.\n")
    assert numbers(text) == [("1", "Konstitusjon"), ("1.1", "Godkjenne stemmeberettigede"),
                             ("1.2", "Melde inn saker"), ("2", "Verv i Styret"), ("3", "Styrets arbeid"),
                             ("4", "Innkommet sak: Reseksjonering av seksjon nummer 42")]
    from pipeline.cases import _clean_title

    assert _clean_title("Godkjenning av protokoll fra Styret ønsker at forslag utformes skriftlig", False,
                        frozenset()) == "Godkjenning av protokoll fra"  # the board's sentence, run into the title


def test_agenda_titles_with_a_colon_a_road_number_and_a_page_column():
    text = ("Saksliste\n58/13 Innbyggerinitiativ: Gjenopprett bussen Asker - Oslo\n"
            "61/13 E 16 Kongsvinger-Slomarka: Flytting av bomstasjon\n"
            "62/13 EKSTERN GRANSKNING Tilbud fra tre selskaper\n"
            "036/17 Refererte skriv og meldingar (s. 18)\n")
    assert [(c.number, c.title) for c in find_cases(text)] == [
        ("58/13", "Innbyggerinitiativ: Gjenopprett bussen Asker - Oslo"),
        ("61/13", "E 16 Kongsvinger-Slomarka: Flytting av bomstasjon"),
        ("62/13", "EKSTERN GRANSKNING"),
        ("036/17", "Refererte skriv og meldingar")]


def test_added_cases_after_a_colon_but_not_a_reference_that_wrapped():
    text = ("Det ble vedtatt å behandle flg. tilleggssaker:\n22/09: Fredrikstad kommune og krisepakke\n"
            "Komiteen behandlet saken i møtet sak\n85-11: Se muntlige spørsmål\n")
    assert numbers(text) == [("22/09", "Fredrikstad kommune og krisepakke")]
