from pipeline.meeting import body_of, field_value, find_meeting


def test_labelled_header():
    text = ("NØTTERØY KOMMUNE\n\nPROTOKOLL FRA MØTE I FORMANNSKAPET\n\nMøtedato: 11.03.2009\n"
            "Møtested: Formannskapssalen, Nøtterøy rådhus\nMøtetid: kl. 14.00 - 18.45\n")
    m = find_meeting(text, len(text), [2009])
    assert (m.kind, m.body, m.organization, m.date, m.start_time, m.end_time, m.location) == (
        "protokoll", "Formannskapet", "Nøtterøy kommune", "2009-03-11", "14:00", "18:45",
        "Formannskapssalen, Nøtterøy rådhus")


def test_title_date_wins_and_conflict_is_warned():
    text = "Referat fra møte i Rådmannsgruppen 22. februar 2018\n\nTid: Torsdag 23.11.2017 kl. 09.00 – 11.15\n"
    m = find_meeting(text, len(text), [])
    assert (m.body, m.date, m.start_time, m.kind) == ("Rådmannsgruppen", "2018-02-22", "09:00", "referat")
    assert [code for code, _ in m.warnings] == ["meeting_date_conflict"]


def test_nynorsk():
    text = ("ULLENSVANG HERAD\n\nMØTEBOK\n\nUtval: Heradsstyret\nMøtestad: Odda rådhus\nMøtedato: 25.03.2021\n"
            "Frå - til: 10:00 - 16:10\n\nDesse møtte:\nFrå administrasjonen: ikkje nokon. Vedtaket vart samrøystes.\n")
    m = find_meeting(text, len(text), [2021])
    assert (m.language, m.body, m.date, m.start_time, m.end_time, m.location) == (
        "nn", "Heradsstyret", "2021-03-25", "10:00", "16:10", "Odda rådhus")


def location(text):
    return find_meeting(text, len(text), []).location


def test_location_in_flattened_and_running_text():
    # label last on its line, value wrapped after a comma, a header phrase without a colon after the value
    assert location("1 SULDAL KOMMUNE MØTEBOK Møtedato: Møtestad:\nKommunehuset, kommunestyresalen Møtetid: Kl") == \
        "Kommunehuset, kommunestyresalen"
    assert location("Tid: Fredag 7. mars kl. 09:00 Stad: Voss rådhus,\nformannskapssal Til stades: Ordførar") == \
        "Voss rådhus, formannskapssal"
    assert location("Møtested: Rådhuset,\nBystyresalen Følgende medlemmer møtte: Navn") == "Rådhuset, Bystyresalen"
    assert location("Møtestad: Rådhuset (nokre medlemer deltok på Teams)\n") == "Rådhuset"
    assert location("Protokoll fra møte i Styret 1.9.2005. Møtet ble holdt i møterom 2,\nParkveien 1 og varte til "
                    "kl. 14.") == "møterom 2, Parkveien 1"
    assert location("Styremøte i Solsiden borettslag\n– 19.2 kl 18.30 hos Kari\nTilstede: Kari, Per") == "hos Kari"
    assert location("Det ble avholdt ordinært møte i Representantskapet i Renovasjon IKS 15. april 2016\n") is None


def test_letterhead_is_the_organisation_not_the_title():
    text = "Regionrådet Vesterålen\nPROTOKOLL FRA MØTE I REGIONRÅDET\nMøtedato: 02.03.2015\n"
    m = find_meeting(text, len(text), [])
    assert (m.organization, m.title) == ("Regionrådet Vesterålen", "PROTOKOLL FRA MØTE I REGIONRÅDET")
    text = ("Protokoll Representantskapet 15. april 2016\nDet ble avholdt møte i representantskapet i Vekst i Nord IKS\n"
            "Følgende møtte:\nFor Bodø kommune: Kari Li\n")
    assert find_meeting(text, len(text), []).organization == "Vekst i Nord IKS"
    text = "KONTROLLUTVALGET I RANA KOMMUNE\nPROTOKOLL\nMøtedato: 28.04.2015\n"
    assert find_meeting(text, len(text), []).organization == "Rana kommune"


def test_body_from_a_place_council_a_genitive_or_the_case_prefix():
    text = "REFERAT\nMøte i Lofoten regionråd\nDato: 10.03.2017\n"
    assert find_meeting(text, len(text), []).body == "Lofoten regionråd"
    text = "PROTOKOLL\nMøtedato: 15.02.2022\nKU 1/2022 Godkjenning\nProtokoll fra kontrollutvalgets møte godkjennes.\n"
    assert find_meeting(text, text.index("KU 1"), []).body == "Kontrollutvalget"
    text = "PROTOKOLL\nMøtedato: 15.02.2022\nKU 1/2022 Godkjenning av innkalling\n"
    assert find_meeting(text, text.index("KU 1"), []).body == "Kontrollutvalget"


def test_a_running_header_above_the_title():
    text = ("Vestregionen – referat rådmannsgruppen\nReferat fra møte i Rådmannsgruppen 22. februar 2018\n"
            "Tid: Torsdag 23.11.2017 kl. 09.00\n")
    m = find_meeting(text, len(text), [])
    assert (m.title, m.organization, m.date) == (
        "Referat fra møte i Rådmannsgruppen 22. februar 2018", "Vestregionen", "2018-02-22")
    text = "UNIVERSITETET I BERGEN\nUNIVERSITETSSTYRET\nUNIVERSITETET I BERGEN\nPROTOKOLL fra møte i Styret 15.9.2005.\n"
    m = find_meeting(text, len(text), [])
    assert (m.title, m.organization, m.date) == (
        "PROTOKOLL fra møte i Styret 15.9.2005.", "UNIVERSITETET I BERGEN", "2005-09-15")


def test_opening_formula_of_an_old_protocol():
    text = ("MØTEBOK FOR RAMNES KOMMUNESTYRE\nÅr 1996, den 3. oktober kl. 19.00 ble det holdt møte i Ramnes kommunestyre\n"
            "i kommunestyresalen på Ramnes kommunehus, Revetal.\nSak nr. 38/96 GODKJENNING AV MØTEBOK FRA MØTET DEN "
            "29. AUGUST 1996\n")
    m = find_meeting(text, text.index("Sak nr."), [1996])
    assert (m.date, m.location) == ("1996-10-03", "kommunestyresalen på Ramnes kommunehus, Revetal")
    text = "PROTOKOLL FRA ÅRSMØTET I REPRESENTANTSKAPET\nDato: Torsdag 25. april 2024\n"
    assert find_meeting(text, len(text), []).body == "Representantskapet"


def test_dotted_leaders_councils_for_people_with_disabilities_and_a_lowercase_body():
    header = ("BØ KOMMUNE\nM Ø T E B O K\nUtvalg ........ HOVEDUTVALG FOR OPPVEKST OG KULTUR\n"
              "Møtested ...... Bø rådhus, møterom 2. etg.\nMøtedato ...... 11.02.1997\n")
    assert body_of(header) == "Hovedutvalg for oppvekst og kultur"
    assert field_value(header, "location") == "Bø rådhus, møterom 2. etg."
    assert body_of("Arendal kommune\n\nRåd for personer med funksjonsnedsettelse\n\nMøteprotokoll\n") == \
        "Råd for personer med funksjonsnedsettelse"
    assert body_of("ØSTRE TOTEN KIRKELIGE FELLESRÅD\n\nPROTOKOLL\n\nMøte i fellesrådet\nDato: 20.10.2021\n") == "Fellesrådet"


def test_the_body_as_the_title_or_the_lines_around_it_name_it():
    from pipeline.meeting import body_in

    assert body_in("Møtebok for Fellesnemnd") == "Fellesnemnda"  # a council word alone, in its definite form
    assert body_in("Protokoll fra møte i Herdla sokneråd") == "Herdla sokneråd"
    assert body_in("Referat fra styremøte 14.02.2018") == "Styret"
    assert body_in("Styret for Etnedal Kraft AS") == "Styret"  # the organisation is no part of the body
    assert body_in("TRANØY KOMMUNESTYRE") == "Kommunestyret"  # a municipality's own organ
    assert body_in("Samarbeidsgruppen for Ungdomsløftet Alta - referat") == "Samarbeidsgruppen for Ungdomsløftet Alta"
    assert body_in("Den 8. desember holdt Komite for oppvekst Den 8. desember") == "Komite for oppvekst"
    assert body_in("Plan- og miljøutvalet") == "Plan- og miljøutvalet"
    assert body_in("Formannskap 04.11.11") == "Formannskapet"
    text = "DEN NORSKE KYRKJA\nBygland sokneråd\nMØTEBOK\nStad: Kyrkjelydssalen\n"
    assert find_meeting(text, len(text), []).body == "Bygland sokneråd"


def test_an_assembly_of_the_members_is_named_as_the_text_names_it():
    from pipeline.meeting import body_in

    # an årsmøte or a generalforsamling is itself the organ: its name as written, definite or not, with its adjective
    assert body_in("PROTOKOLL FRA ÅRSMØTE 2023") == "Årsmøte"
    assert body_in("Referat fra årsmøtet i sameiet") == "Årsmøtet"
    assert body_in("Referat fra ekstraordinært sameiemøte 4. juni 2024") == "Ekstraordinært sameiemøte"
    assert body_in("PROTOKOLL FRA ORDINÆR GENERALFORSAMLING") == "Ordinær generalforsamling"
    assert body_in("PROTOKOLL FRÅ ÅRSMØTET I REPRESENTANTSKAPET") == "Representantskapet"  # a standing body met
    text = "Tromsøstudentenes Dataforening\nÅrsmøte Torsdag 9. Mai 2019 kl 16:16\nTil stede: Kari Nordmann\n1. Generelt\n" \
           "Referat er godkjent. Innkalling til årsmøtet er godkjent.\n"
    assert find_meeting(text, len(text), []).body == "Årsmøte"
    # the sentence saying it was held names it as the minutes do, over the title's capitals
    text = "PROTOKOLL FRA ÅRSMØTE 2023\nÅrsmøtet i Brandvoll Skilag ble avholdt tirsdag 14. mars 2023 kl. 19.00.\n"
    assert find_meeting(text, len(text), []).body == "Årsmøtet"


def test_the_meeting_date_is_not_the_letters_nor_another_meetings():
    text = "Vår dato: 12.03.2019  Vår ref: 19/233\nMøteprotokoll\nMøtedato: 05.03.2019\n"
    assert find_meeting(text, len(text), []).date == "2019-03-05"
    text = "Bergen 27. juni 1999\n\nNKMR's årsmøte i Göteborg lørdag 5. juni 1999\n\nReferat\n"
    assert find_meeting(text, len(text), []).date == "1999-06-05"
    text = "Fylkesutvalget 19. september 2017\nMøtet i fylkesutvalget ble avsluttet. Neste møte i fylkesutvalget er 17. oktober.\n"
    assert find_meeting(text, len(text), []).date == "2017-09-19"
    text = "Protokoll fra ekstraordinært årsmøte torsdag 6. 12. 2018.\n\nMøtet ble holdt i klubbens lokaler\n"
    m = find_meeting(text, len(text), [])
    assert (m.date, m.location, m.body) == ("2018-12-06", "klubbens lokaler", "Ekstraordinært årsmøte")


def test_a_date_only_in_the_signature_line_or_in_a_sentence():
    text = "REFERAT\nUngdomsrådet\nTilstede: Kari Moe\nSak 1/22 Budsjett\nVedtak: Godkjent.\n\nKautokeino, 10.02.2022\nKari Moe\n"
    assert find_meeting(text, text.index("Sak 1"), [2022]).date == "2022-02-10"
    text = "Representantskapsmøtet i KIFO for 2006 ble holdt 8. juni på Diakonhjemmet.\n"
    m = find_meeting(text, len(text), [])
    assert (m.date, m.location, m.body) == ("2006-06-08", "Diakonhjemmet", "Representantskapet")


def test_a_place_after_the_titles_time_and_a_place_without_its_date():
    text = "Protokoll fra styremøte i M&R Bondelag torsdag 7. april 2016 kl 10.30 16.00 på Felleskjøpets moterom, Molde\n"
    assert location(text) == "Felleskjøpets moterom, Molde"
    assert location("Tid og sted: torsdag 18. april 2024 kl. 12.30 - 14.30, Alta rådhus, møterom Komsa\n") == \
        "Alta rådhus, møterom Komsa"
    assert location("Møtestad: Sandane kyrkje Dato\n13.08.2014\n") == "Sandane kyrkje"


def test_a_body_in_a_title_written_in_capitals():
    from pipeline.meeting import body_in

    assert body_in("PROTOKOLL FOR HAFSLO SOKNERÅD") == "Hafslo sokneråd"
    assert body_in("MØTEPROTOKOLL - HOVEDUTVALG FOR SAMFERDSEL") == "Hovedutvalg for samferdsel"
    assert body_in("KONTROLLUTVALGET I RANA KOMMUNE") == "Kontrollutvalget"


def test_a_body_field_that_names_the_meeting_gives_the_body():
    from pipeline.meeting import body_of

    assert body_of("FRØYA KOMMUNE\nMøteinnkalling\nUtvalg/styre/råd : Møte i kontrollutvalget i Frøya kommune\n"
                   "Møtedato: 19.02.2009\n") == "Kontrollutvalget"


def test_a_date_line_under_the_letterhead_and_a_time_and_place_field():
    text = ("PROTOKOLL FRA ÅRSMØTE\nSKOGLI HISTORIELAG\nOrg nr 899 322 622\n18.august 2024 i Skogli grendehus\n"
            "Saker:\nÅpning av møtet\n")
    m = find_meeting(text, len(text), [])
    assert (m.date, m.location) == ("2024-08-18", "Skogli grendehus")
    text = "Protokoll\nMøte i hovedstyret\nTid og sted: Storgata 1, Oslo, tirsdag 12.07.2016 kl. 19:00.\nTil stede: Kari Moe\n"
    m = find_meeting(text, len(text), [])
    assert (m.date, m.location, m.start_time) == ("2016-07-12", "Storgata 1, Oslo", "19:00")


def test_a_co_op_named_by_its_address_is_the_organisation_with_its_house_number():
    from pipeline.meeting import organization_of

    assert organization_of("Referat fra årsmøte\nÅrsmøte i Sameiet Solbergs vei 2\n") == "Sameiet Solbergs vei 2"
    assert organization_of("Referat fra ordinært sameiemøte i Sameiet Solbergsvei 2, holdt på Zoom") == \
        "Sameiet Solbergsvei 2"
    assert organization_of("Årsmøte i QGIS Norge 2018\n") == "QGIS Norge"  # a year is no house number


def test_the_place_after_the_time_in_the_title_line():
    for text, place in [("Årsmøte onsdag 6. mars 2024 kl 16:16 @ B302\nTil stede: Kari Moe\n", "B302"),
                        ("Styremøte 12.03.2024 kl. 18.00, Rådhuset\nTil stede: Kari Moe\n", "Rådhuset"),
                        ("Årsmøte 9. mai 2019 kl 16:16 (Rom A010, Realfagsbygget\nTil stede: Kari\n",
                         "Rom A010, Realfagsbygget"),
                        ("Møte 12.03.2024 kl. 18.00 - 20.00\nTil stede: Kari Moe\n", None)]:
        assert find_meeting(text, len(text), []).location == place


def test_an_online_meetings_login_is_no_part_of_its_place():
    text = "Protokoll fra årsmøtet\nDato: 20.04.2021\nSted : Zoom-møte, ID 977 2684 2709. Passord: 470404\n1. Konstituering\n"
    assert find_meeting(text, len(text), []).location == "Zoom-møte"


def test_an_online_meetings_platform_is_its_place_without_the_words_around_it():
    for sentence, place in [("på den digitale møteplattformen Zoom", "Zoom"), ("på møteplattformen Google Meet",
                             "Google Meet"), ("via Facebook chat", "Facebook chat"), ("på Teams", "Teams")]:
        text = f"Referat fra årsmøte\nMøtet ble avholdt mandag 27. april 2020 klokken 18.30 {sentence}.\n1. Konstituering\n"
        assert find_meeting(text, len(text), []).location == place
    text = "Møtereferat\nVideomøte via Google Meet, 13.03.2020, kl. 18:00\nSted: Videomøte via Google Meet\n"
    assert find_meeting(text, len(text), []).location == "Videomøte via Google Meet"  # the kind of meeting stays


def test_a_letterhead_name_in_the_genitive_goes_on_on_the_next_line():
    from pipeline.meeting import letterhead

    assert letterhead("Tromsøstudentenes\nDataforening\nÅrsmøte onsdag 6. mars 2024\n") == \
        "Tromsøstudentenes Dataforening"
    assert letterhead("NMBU\nUniversitetsstyret\nProtokoll\n") == "NMBU"


def test_a_body_named_with_its_municipality_is_the_organ_alone():
    assert body_of("Kommunestyre- og fylkestingsvalget 2019\nValgprotokoll for valgstyret i Vik\nDato: 10.09.2019\n") \
        == "Valgstyret"
    assert body_of("Protokoll fra kontrollutvalget i Rana\nMøtedato: 12.03.2018\n") == "Kontrollutvalget"
    assert body_of("Møte i representantskapet i Vekst i Grenland IKS\nDato: 1.2.2016\n") == "Representantskapet"


def test_the_place_a_sentence_says_the_body_came_together_at():
    text = ("Møtebok\nÅr 2019, 4. juni kl. 10.00 kom fylkestinget i Sogn og Fjordane saman til fylkesting på Scandic "
            "Sunnfjord Hotel.\n")
    assert find_meeting(text, len(text), []).location == "Scandic Sunnfjord Hotel"


def test_dates_in_an_opening_sentence_a_typo_and_a_slashed_signature_and_a_place_at_someones_home():
    cases = [("Stiftelsesdokument for: Offentlig paas\nDen 11/12/2024 ble det avholdt stiftelsesmøte\n", "2024-12-11"),
             ("STIFTELSESMØTE FOR QGIS\nAgenda\n- Valg av styre\nMøtet startet 12/12/2016 klokken 12.\n", "2016-12-12"),
             ("Referat fra årsmøtet i sameiet FB2\nDato: Mandag 3..april 2017 kl. 18:00.\n", "2017-04-03"),
             ("Protokoll\nSak 1 Åpning\nGodkjent.\nOslo, 12/12/2016\nKari Moe\n", "2016-12-12")]
    for text, date in cases:
        assert find_meeting(text, len(text), []).date == date
    text = "STIFTELSESMØTE FOR QGIS\nMøtet startet 12/12/2016 klokken 12.\n"
    assert find_meeting(text, len(text), []).start_time == "12:00"
    text = "Møte 17.06.2015 hos Kamilla. Til stades: Kamilla, Nils og Olga\n"
    assert find_meeting(text, len(text), []).location == "hos Kamilla"


def test_the_opening_sentence_of_an_old_protocol_gives_date_and_place():
    cases = [("Bygningsrådet\nMØTEBOK FOR BYGNINGSRÅDET\nMøtet ble satt tirsdag 12/3-96 kl. 1830 i formannskapssalen, "
              "Steinkjer rådhus.\nBygningsrådets medlemmer:\n", "1996-03-12", "formannskapssalen, Steinkjer rådhus"),
             ("HORNINDAL SOKNERÅD\nM Ø T E B O K\nÅr 1997, den 23. oktober, kom Hornindal sokneråd saman til møte på\n"
              "kyrkjelydshuset i Grodås.\nMøtet tok til kl. 19.30.\n", "1997-10-23", "kyrkjelydshuset i Grodås"),
             ("Referat frå årsmøtet i Fjordhack 8. februar 2024\nOpning\nStyreleiar Kari Moe opna møtet kl. 18.30 i lokala "
              "til Fjordhack på Fosshaugane\nCampus og ønskte velkomen. Det var 19 medlemer til stades.\n", "2024-02-08",
              "lokala til Fjordhack på Fosshaugane Campus")]
    for text, date, place in cases:
        info = find_meeting(text, len(text), [])
        assert (info.date, info.location) == (date, place)
    text = "HEMNES KOMMUNE\nMØTEBOK\nStyre, råd, utvalg m.v.: KOMMUNESTYRET\nMøtedato: 17.06.1999\n"
    assert find_meeting(text, len(text), []).body == "Kommunestyret"


def test_header_labels_of_a_flattened_form_need_no_colon():
    text = "MØTEPROTOKOLL\n\nKommunestyret\n\nMøtested Bø ungdomsskole\nMøtedato 12.03.2006\n\nTilstede:\nOla Dahl\n"
    m = find_meeting(text, len(text), [])
    assert (m.body, m.location, m.date) == ("Kommunestyret", "Bø ungdomsskole", "2006-03-12")
    prose = "Møtested for neste møte er ikke avklart.\n"
    assert find_meeting(prose, len(prose), []).location is None


def test_a_body_for_a_list_of_fields_keeps_the_whole_list():
    text = "Frogn kommune\n\nMØTEPROTOKOLL\n\nFra møtet i:   Hovedutvalget for miljø, plan- og byggesaker\n"
    assert find_meeting(text, len(text), []).body == "Hovedutvalget for miljø, plan- og byggesaker"
    text = "Møteprotokoll\nUtval for helse, omsorg og sosial\nMøtedato: 12.06.2013\n"
    assert find_meeting(text, len(text), []).body == "Utval for helse, omsorg og sosial"
    text = "Møteprotokoll\n\nKommunalt råd for mennesker med nedsatt funksjonsevne\n\nMøtested: Formannskapssalen\n"
    assert find_meeting(text, len(text), []).body == "Kommunalt råd for mennesker med nedsatt funksjonsevne"


def test_a_place_in_the_title_block_without_a_label():
    text = "Møtereferat\nNTNUI SVØMMESTYRET NR 2 2020\nVideomøte via Google Meet, 13.03.2020, kl. 18:45- 20:10\n"
    assert find_meeting(text, len(text), []).location == "Videomøte via Google Meet"
    text = "GENERALFORSAMLING\n2020\nLØRDAG 8. FEBRUAR 2020 KL. 11\nAuditorium R5 Gløshaugen\nSak 1: Konstitusjon\n"
    assert find_meeting(text, len(text), []).location == "Auditorium R5 Gløshaugen"
    for text in ("Referat fra styremøte, 13.03.2020\nTilstede: Ola Dahl\n",
                 "Styremøte 12.03.2024\nSak 1 Budsjett for huset\n"):
        assert find_meeting(text, len(text), []).location is None


def test_a_place_in_a_sentence_ends_at_a_numbered_item_below():
    text = ("Referat fra årsmøte\nDato: 22.04.2025 kl. 18:00\n"
            "Møtet ble avholdt på den digitale møteplattformen Google Meet\n1. Konstituering\n")
    assert find_meeting(text, len(text), []).location == "Google Meet"
