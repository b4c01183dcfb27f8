import datetime as dt

from pipeline.entities import extract_entities


def organisations(text, ner_spans=()):
    mentions = extract_entities(text, [], "2020-05-01", dt.date(2020, 5, 1), list(ner_spans))
    return [m.value for m in mentions if m.type == "ORGANIZATION"]


def test_company_suffixes_also_across_a_line_break():
    assert organisations("Tilbod frå Voss Bygg\nAS og Indre Vekst i Hardanger IKS.") == [
        "Voss Bygg AS", "Indre Vekst i Hardanger IKS"]
    # a sentence that opens with a noun does not join the company name
    assert organisations("Revisjonen av Senja\nAvfall IKS er ferdig.") == ["Senja Avfall IKS"]


def test_institutions_named_by_place_and_kind():
    text = ("Elevane ved Teie skole og Borgheim ungdomsskole, bebuarane på Nøtterøy sykehjem, Vik kirkelige fellesråd, "
            "Tønsberg brann- og\nredningsvesen og AUST-TELEMARK TINGRETT.")
    assert organisations(text) == ["Teie skole", "Borgheim ungdomsskole", "Nøtterøy sykehjem", "Vik kirkelige fellesråd",
                                   "Tønsberg brann- og redningsvesen", "AUST-TELEMARK TINGRETT"]


def test_state_agencies():
    assert organisations("Statens vegvesen Region sør og Fiskeridirektoratet har gitt innspill, likeså Mattilsynet.") == [
        "Statens vegvesen Region sør", "Fiskeridirektoratet", "Mattilsynet"]


def test_model_organisations_are_filtered():
    text = "BUSETTING AV FLYKNINGAR\nValstyret si tilråding\nKrF Forfall\nNorsk Folkehjelp held kurs."
    spans = [(0, 23, "ORG"), (24, 36, "ORG"), (47, 58, "ORG"), (59, 75, "ORG")]
    assert [text[s:e] for s, e, _ in spans] == ["BUSETTING AV FLYKNINGAR", "Valstyret si", "KrF Forfall",
                                                 "Norsk Folkehjelp"]
    assert organisations(text, spans) == ["Norsk Folkehjelp"]


def test_model_organisation_in_text_run_together_is_dropped_but_inner_capitals_are_kept():
    from pipeline.entities import _plausible_organisation

    text = "Si DIN meningSi DIN mening i sakene. Norsk Folkehjelp held kurs."
    assert organisations(text, [(0, 15, "ORG"), (37, 53, "ORG")]) == ["Norsk Folkehjelp"]
    assert _plausible_organisation("SpareBank Nord") and _plausible_organisation("NorgesGruppen Servicehandel")


def test_the_meeting_organisation_is_named_wherever_it_occurs():
    text = "Regionrådet Vesterålen\nMøte i Regionrådet Vesterålen. Saka gjeld REGIONRÅDET VESTERÅLEN sitt budsjett."
    mentions = extract_entities(text, [], None, None, [], "Regionrådet Vesterålen", "Regionrådet Vesterålen")
    assert [m.start for m in mentions if m.type == "ORGANIZATION"] == [0, 30, 65]


def people(text, ner_spans=()):
    mentions = extract_entities(text, [], "2020-05-01", dt.date(2020, 5, 1), list(ner_spans))
    return [m.value for m in mentions if m.type == "PERSON"]


def test_names_stop_before_labels_and_ordinary_words():
    text = "Saksbehandlar: Jan Kåre Fure Godkjenning av innkalling\nSekretær Siv Kvalsvik Haugen Underskrifter: Kari"
    assert people(text) == ["Jan Kåre Fure", "Siv Kvalsvik Haugen"]
    text = "Varamedlemmer Magnus Hardang (SP) og Heradshuset Saksnr"
    assert people(text, [(0, 29, "PER"), (39, 57, "PER")]) == ["Magnus Hardang"]


def test_a_name_ends_at_a_role_and_takes_in_an_unknown_given_name_before():
    text = "Andre: Rådmann Rune Engehult Organisasjonssjef Torleif Nordskog. Fritak for Mildred Marita Ramberg Røthe."
    assert people(text) == ["Rune Engehult", "Torleif Nordskog", "Mildred Marita Ramberg Røthe"]


def test_associations_banks_forums_and_national_bodies():
    text = ("Søknad frå Loen grendalag og Hof handelsforening, lån i Kommunalbanken og Sparebanken Sogn og Fjordane, "
            "invitasjon frå Forum for kontroll og tilsyn, fly med Widerøe, tilskot frå Innovasjon Norge\nNordland.")
    assert organisations(text) == ["Loen grendalag", "Hof handelsforening", "Kommunalbanken",
                                   "Sparebanken Sogn og Fjordane", "Forum for kontroll og tilsyn", "Widerøe",
                                   "Innovasjon Norge Nordland"]


def test_defined_acronyms_and_youth_councils():
    text = ("Professorer ved Institutt for matematiske realfag og teknologi (IMT) er oppnevnt. Brev fra IMT studenter. "
            "Innlegg fra Ungdommens bystyre og Leder i Utdanningsforbundet i\nBergen. Ola Dal (SV) og Kari Li (MDG). "
            "5. Samarbeidet om brukerstyrt personlig assistanse (BPA) fortsetter.")
    assert organisations(text) == ["Institutt for matematiske realfag og teknologi", "IMT", "IMT", "Ungdommens bystyre",
                                   "Utdanningsforbundet i Bergen"]


def test_agencies_districts_clubs_and_parties_by_their_full_names():
    text = ("Uttale fra Plan- og bygningsetaten og Direktoratet for samfunnssikkerhet og beredskap til Bydel Nordre Aker "
            "og Storo sjakklubb.")
    assert organisations(text) == ["Plan- og bygningsetaten", "Direktoratet for samfunnssikkerhet og beredskap",
                                   "Bydel Nordre Aker", "Storo sjakklubb"]
    text = "Forslag fra Kristelig Folkeparti og Norsk Folkehjelp."  # NorNE names parties organisations too
    assert organisations(text, [(13, 32, "ORG"), (36, 51, "ORG")]) == ["Kristelig Folkeparti", "Norsk Folkehjelp"]


def people_and_places(text, ner_spans=()):
    mentions = extract_entities(text, [], "2021-05-01", dt.date(2021, 5, 1), list(ner_spans))
    return ([m.value for m in mentions if m.type == "PERSON"],
            [m.value for m in mentions if m.type in ("MUNICIPALITY", "COUNTY")])


def test_a_title_before_a_name_is_no_part_of_it():
    text = "Overlege Håkon Thue orienterte. Takstmann Olav Rønning har sett verdien. Psykolog Nadia Karimi deltok."
    spans = [(text.index("Psykolog"), text.index(" deltok"), "PER")]
    assert people_and_places(text, spans)[0] == ["Håkon Thue", "Olav Rønning", "Nadia Karimi"]


def test_a_municipality_after_given_names_is_a_surname():
    people, places = people_and_places("Leiar i laget, Kari Mette Årdal, har søkt. Ola Nordmann Bergen møtte ikkje.")
    assert people == ["Kari Mette Årdal", "Ola Nordmann"] and "Årdal" not in places


def test_names_with_sami_and_other_letters():
    text = "Forvaltningsrevisor Amira Hadžić og Áslat Mikkel Gaup la fram saka."
    spans = [(text.index("Amira"), text.index(" og"), "PER"), (text.index("Áslat"), text.index(" la"), "PER")]
    assert people_and_places(text, spans)[0] == ["Amira Hadžić", "Áslat Mikkel Gaup"]


def test_a_company_name_outweighs_the_models_person():
    text = "Resten går til eksport gjennom Lerøy Seafood Group ASA."
    spans = [(text.index("Lerøy"), text.index(" Group"), "PER")]
    mentions = extract_entities(text, [], None, None, spans)
    assert [(m.type, m.value) for m in mentions] == [("ORGANIZATION", "Lerøy Seafood Group ASA")]


def test_local_branches_legal_forms_and_names_joined_by_og():
    text = ("Fagforbundet Gjøvik og NAV Sunnfjord har uttalt seg. Lån i Husbanken og Kommunalbanken AS, rapport frå "
            "Kontrollsekretariatet Midt IKS og Namdal Revisjon SA. Overlegen fra Akershus universitetssykehus HF og "
            "Bufetat region Midt-Norge deltok.")
    assert organisations(text) == ["Fagforbundet Gjøvik", "NAV Sunnfjord", "Husbanken", "Kommunalbanken AS",
                                   "Kontrollsekretariatet Midt IKS", "Namdal Revisjon SA",
                                   "Akershus universitetssykehus HF", "Bufetat region Midt-Norge"]


def test_no_organisation_runs_in_from_a_header_line_or_a_common_noun():
    text = ("Søker Prosjekt Søkt Forslag\nSenja Havbruk AS Forprosjekt 350 000 300 000\n"
            "Styret i Helse Nord RHF skal behandle saken. Interkommunal legevakt for Gjøvik.")
    assert organisations(text) == ["Senja Havbruk AS", "Helse Nord RHF"]


def test_associations_and_their_acronyms():
    text = ("Pensjonistforbundet Lillestrøm, Midtre Namdal samkommune, Sunnfjord Raude\nKross og Kommunenes\n"
            "Sentralforbund. Norsk Renholdsverks-Forening (NRF) anbefaler dette, og NRF viser til Sykehuset\nNamsos.")
    assert organisations(text) == ["Pensjonistforbundet Lillestrøm", "Midtre Namdal samkommune", "Sunnfjord Raude Kross",
                                   "Kommunenes Sentralforbund", "Norsk Renholdsverks-Forening", "NRF", "NRF",
                                   "Sykehuset Namsos"]


def test_newspapers_state_enterprises_regional_offices_and_listed_directorates():
    text = ("Saka var omtala i Jærbladet, Bø Blad og Avisa Nordland, og i Sunnmørsposten. Lønnsposten økes. "
            "Bane NOR SF og Kystverket Sørøst har uttalt seg, likeså Fagforbundet Østre Toten og "
            "Barne-, ungdoms- og familiedirektoratet (Bufdir).")
    assert organisations(text) == ["Jærbladet", "Bø Blad", "Avisa Nordland", "Sunnmørsposten", "Bane NOR SF",
                                   "Kystverket Sørøst", "Fagforbundet Østre Toten",
                                   "Barne-, ungdoms- og familiedirektoratet", "Bufdir"]


def test_titles_in_plural_and_headings_after_a_name():
    text = "Kirkeverge Anders Wiik Bjerke og Byggesakkyndig Håkon Ruud Amundsen orienterte.\nSigbjørn Tjessem Saksopplysningar"
    assert people_and_places(text)[0] == ["Anders Wiik Bjerke", "Håkon Ruud Amundsen", "Sigbjørn Tjessem"]


def test_acronyms_used_as_names_in_running_text_and_one_word_names_by_their_ending():
    text = "Representantskapet i KIFO møttes. Misjonshøgskolen og Diakonhjemmet var ikke representert.\nSAKSLISTE\n"
    assert set(organisations(text)) == {"KIFO", "Misjonshøgskolen", "Diakonhjemmet"}
    # a heading in capitals, a common abbreviation and a generic organ are no organisations
    assert organisations("REFERAT FRA STYRET\nSaken gjelder MVA og TV. Eldrerådet ga råd.\n") == []


def test_a_members_party_is_no_organisation_but_an_employer_in_parentheses_is():
    from pipeline.participants import parse_participants

    text = "Til stede: Willy Holmgren KOBL, Lasse Hansen KOBL\nKristin Rønneberg (NHN)\n"
    people = parse_participants(text)
    mentions = extract_entities(text, people, "2020-05-01", dt.date(2020, 5, 1), [])
    assert [m.value for m in mentions if m.type == "ORGANIZATION"] == ["NHN"]


def test_the_models_persons_need_a_given_name_or_a_title():
    text = "Fair Play ble tema. Ola Nordmann la fram. Rådgiver Amira Hadžić svarte."
    spans = [(0, 9, "PER"), (text.index("Ola"), text.index(" la"), "PER"), (text.index("Amira"), text.index(" svarte"), "PER")]
    assert people_and_places(text, spans)[0] == ["Ola Nordmann", "Amira Hadžić"]


def test_offices_in_a_place_whose_name_holds_og_and_wraps():
    text = "Saka gjeld Statsforvaltaren i Møre og\nRomsdal og brev frå Skoledirektøren i Oppland."
    assert organisations(text) == ["Statsforvaltaren i Møre og Romsdal", "Skoledirektøren i Oppland"]


def test_older_and_public_legal_forms():
    assert organisations("Avtale med Valdres\nTrafikkselskap A/S og tilskudd til Hedmark Trafikk FKF.") == \
        ["Valdres Trafikkselskap A/S", "Hedmark Trafikk FKF"]


def test_two_names_joined_by_og_where_the_first_is_a_name_of_its_own():
    assert organisations("Samhandling med Sykehuset Levanger og Helse Nord-Trøndelag HF om pasientene.") == \
        ["Sykehuset Levanger", "Helse Nord-Trøndelag HF"]


def test_an_acronym_defined_in_mixed_case_after_its_name():
    text = "Det søkes om tilskudd fra Nasjonal kommunikasjonsmyndighet (Nkom). Nkom svarer i mai."
    assert organisations(text) == ["Nasjonal kommunikasjonsmyndighet", "Nkom", "Nkom"]
    assert "Sel" not in organisations("Til stede var Per Olsen (Sel) og Kari Moe.")


def test_associations_named_by_two_place_words_or_an_adjective_and_forening():
    assert organisations("Hilsen fra Åsnes Finnskog Historielag og Risberget kulturhistoriske forening.") == \
        ["Åsnes Finnskog Historielag", "Risberget kulturhistoriske forening"]


def test_a_place_that_opens_the_next_name_is_no_branch_and_a_union_before_og_is_a_name_of_its_own():
    assert organisations("Hafslo sokneråd\nLuster kyrkjelege fellesråd, 6868 Gaupne") == \
        ["Hafslo sokneråd", "Luster kyrkjelege fellesråd"]
    assert organisations("Samarbeid med Pensjonistforbundet Trøndelag og Levanger frivilligsentral.") == \
        ["Pensjonistforbundet Trøndelag", "Levanger frivilligsentral"]


def test_kinds_before_names_lines_of_business_and_school_abbreviations():
    assert organisations("Stemmer fra Sameiet FB2 og Borettslaget Solbakken. Leie fra FNP Eiendom og Bergeland vgs.") \
        == ["Sameiet FB2", "Borettslaget Solbakken", "FNP Eiendom", "Bergeland vgs"]
    assert organisations("Årsmelding Nordland fylkes eldreråd 2014.") == ["Nordland fylkes eldreråd"]
    assert organisations("Fra Innlandet idrettskrets og Lunner idrettsråd.") == ["Innlandet idrettskrets", "Lunner idrettsråd"]


def test_a_department_of_a_university_is_named_by_what_it_is_for():
    assert organisations("studenter ved Institutt for informatikk, og Fakultet for biovitenskap.") == \
        ["Institutt for informatikk", "Fakultet for biovitenskap"]
    assert organisations("Innspill fra Senter for omsorgsforskning og Forum for natur og friluftsliv.") == \
        ["Senter for omsorgsforskning", "Forum for natur og friluftsliv"]
    assert organisations("Leder orienterte fra Forum for Kontroll og Tilsyn (FKT).")[0] == "Forum for Kontroll og Tilsyn"


def test_a_co_op_named_by_its_address_keeps_the_street_and_house_number():
    assert organisations("Årsmøte i Sameiet Folke Bernadottes vei 2. Borettslaget Kirkeveien 5 deltok.") == \
        ["Sameiet Folke Bernadottes vei 2", "Borettslaget Kirkeveien 5"]
    assert organisations("Sameiet FB2 12 stemmer for.") == ["Sameiet FB2"]  # a count after the name is no house number


def test_a_building_is_where_a_meeting_is_held_not_an_organisation():
    assert organisations("Møtestad: Fylkeshuset Molde", [(10, 27, "ORG")]) == []
    assert organisations("Møtet i Brandval samfunnshus") == []


def test_oslo_districts_end_before_a_broken_word():
    assert organisations("Bydel Sagene Post- og besøksadresse: Thorvald Meyers gate. Bydel St. Hanshaugen.") == \
        ["Bydel Sagene", "Bydel St. Hanshaugen"]


def test_an_acronym_in_the_genitive_is_the_organisation():
    assert organisations("Program for NKRFs kontrollutvalgskonferanse på Gardermoen.") == ["NKRF"]


def test_a_place_in_a_companys_name_is_no_mention_of_the_place_but_in_an_offices_it_is():
    text = "Avtale med Agder Energi AS og Sykehuset Innlandet HF. Brev frå Fylkesmannen i Troms."
    mentions = extract_entities(text, [], "2020-05-01", dt.date(2020, 5, 1), [])
    places = [m.value for m in mentions if m.type in ("COUNTY", "MUNICIPALITY")]
    assert places == ["Troms"]
    assert {"Agder Energi AS", "Sykehuset Innlandet HF"} <= {m.value for m in mentions if m.type == "ORGANIZATION"}


def test_a_participants_initials_are_no_organisation():
    text = ("Møtedeltakere:\nJon Olav Båtbukt (JOB)   Leder   Tilstede\nSak 1: Budsjett\nSaksfremlegger: JOB\n"
            "JOB orienterte. Saken sendes til NTNUI for godkjenning.\n")
    mentions = extract_entities(text, [], None, dt.date(2020, 3, 1),
                                [(text.index("Jon"), text.index("Jon") + len("Jon Olav Båtbukt"), "PER")])
    assert [m.value for m in mentions if m.type == "ORGANIZATION"] == ["NTNUI"]


def test_an_organisation_in_the_genitive_before_its_meeting_is_named_without_the_s():
    text = "Referat for Cybernetisk Selskabs generalforsamling høst 09."
    start = text.index("Cyber")
    assert organisations(text, [(start, start + len("Cybernetisk Selskabs"), "ORG")]) == ["Cybernetisk Selskab"]
    text = "Møte i Norges Bondelags styre."
    assert organisations(text, [(7, 22, "ORG")]) == ["Norges Bondelag"]


def test_a_name_with_its_surname_ends_at_the_end_of_its_line():
    assert people("Styret: Amund Sigurdssønn Karlsen\nSigrun Reinhardtsen og Sondre Bø Kongsgård\nStyremedlemmer: "
                  "Kari Moe\nKandidater:\nMarius\nMarius Møller-Hansen. Jørgen Foss og Knut\nNoremsaune.") == [
        "Amund Sigurdssønn Karlsen", "Sigrun Reinhardtsen", "Sondre Bø Kongsgård", "Kari Moe", "Marius Møller-Hansen",
        "Jørgen Foss", "Knut Noremsaune"]


def test_payment_and_trade_abbreviations_are_no_organisations():
    text = "Fakturaen betales med KID 12345 til konto, IBAN oppgitt. Styret bestiller VVS arbeid. NHF Oslo deltok."
    assert organisations(text) == ["NHF Oslo"]


def test_a_name_ends_before_a_label_on_the_next_line():
    assert people("Valg av Leder: Aslak\nKandidater: Aslak Vik Sørvik vinner ved akklamasjon.") == ["Aslak Vik Sørvik"]
    assert people("Representanten Else\nMargrethe Lund (KrF) fremmet forslag.") == ["Else Margrethe Lund"]


def test_a_member_tables_affiliation_column_names_organisations_and_places():
    from pipeline.participants import parse_participants

    text = ("Oppmøte\nNavn   Tilhørighet\nAna Fernandez Torralbo   Frogn Kommune\n"
            "Christopher H. Strutz   Avinet / Asplan Viak Internet\nFredrik Duvholt Haug   Troms fylkeskommune\n")
    found = {(m.type, m.text) for m in extract_entities(text, parse_participants(text), None, None, [])}
    assert {("ORGANIZATION", "Avinet"), ("ORGANIZATION", "Asplan Viak Internet"), ("MUNICIPALITY", "Frogn"),
            ("COUNTY", "Troms")} <= found
    assert not any(t == "ORGANIZATION" and ("Frogn" in x or "Troms" in x) for t, x in found)


def test_a_function_word_opening_the_sentence_is_no_part_of_the_name_after_it():
    text = "Sak 3 Balkonger\nOm Jørgen Foss mener at dette vil hjelpe, blir det gjort. Hos Kari Moe er det greit.\n"
    from pipeline.participants import parse_participants

    people = [m.value for m in extract_entities(text, parse_participants(text), None, None, []) if m.type == "PERSON"]
    assert people == ["Jørgen Foss", "Kari Moe"]


def test_a_meeting_a_month_and_a_code_in_a_row_of_figures_are_no_organisations():
    text = ("GENERALFORSAMLING\nSaksliste generalforsamling\nNAV deltok på møtet med to rådgivere.\n"
            "SEPT Søppelhus ble tømt av kommunen i september.\nVPS SSD, Ubuntu 12.04   1   2 400\n")
    assert organisations(text) == ["NAV"]


def test_common_given_names_of_today_are_known():
    text = "Valg av Nestleder:\nElla Andersen nominerer Mariel Ellingsen.\nDorthe Dybwad vinner ved akklamasjon.\n"
    people = [m.value for m in extract_entities(text, [], None, None, []) if m.type == "PERSON"]
    assert people == ["Ella Andersen", "Mariel Ellingsen", "Dorthe Dybwad"]


def test_a_party_by_its_full_name_is_an_organisation_its_abbreviation_and_a_plain_word_are_not():
    from pipeline.participants import parse_participants

    text = ("Til stede:\nARBEIDARPARTIET: Ola Dale, Kari Li\nHØGRE: Per Moe (H)\n\nForslaget frå Senterpartiet og "
            "Kristeleg Folkeparti fekk 12 røyster. Ap røystet mot. Høyre side av vegen.\n")
    found = [m.value for m in extract_entities(text, parse_participants(text), None, None, [])
             if m.type == "ORGANIZATION"]
    assert found == ["Arbeidarpartiet", "Senterpartiet", "Kristeleg Folkeparti"]


def test_company_names_with_lowercase_words_and_a_role_before_them():
    assert organisations("59/13 Vaterland bussterminal AS - årsmelding") == ["Vaterland bussterminal AS"]
    assert organisations("Oppfølging av selskaper - Sammen om framtida AS - Styrende dokumenter") == [
        "Sammen om framtida AS"]
    assert organisations("Revisor BDO AS har avgitt revisjonsberetning.") == ["BDO AS"]
    assert organisations("Styret har inngått avtale med selskapet AS.") == []
    # a heading's company and the same company opening the next line are two mentions, not one name
    assert organisations("PS 10/12 Garanti for Florø Hamn KF\nFlorø Hamn KF skal byggje ut kaia.") == [
        "Florø Hamn KF", "Florø Hamn KF"]


def test_det_norske_opens_a_name():
    assert organisations("ei av ofringane til Det Norske Misjonsselskap med ei ofring") == ["Det Norske Misjonsselskap"]
    assert organisations("Det norske folk") == []


def test_newspapers_with_a_hyphen_and_no_generic_local_paper():
    assert organisations("Saka var omtala i Steinkjer-Avisa.") == ["Steinkjer-Avisa"]
    assert organisations("Annonse i Lokalavisa og Jærbladet.") == ["Jærbladet"]


def test_an_ordinary_word_after_a_full_name_and_before_a_verb_is_the_surname():
    assert people("Økonomiansvarlig Sigrid Fjeld Nakken presenterte regnskapet.") == ["Sigrid Fjeld Nakken"]
    assert people("saksbehandler Tove Ramberg Vist, som førte protokollen") == ["Tove Ramberg Vist"]
    assert people("Per Olsen Møtet ble hevet") == ["Per Olsen"]
    assert people("Innlegg fra Bjarne Mohn Olsvold Muntlig innlegg til sak 88-11") == ["Bjarne Mohn Olsvold"]
