from pipeline.participants import parse_participants


def people(text):
    return [(p.name, p.status, p.role, p.party, p.municipality, p.substitute_for)
            for p in parse_participants(text, 0, len(text))]


def test_comma_list_with_municipalities_and_missing_comma():
    text = "Til stede:\nPer Morstad, Røyken Trude Andresen, Øvre Eiker, Kari Solberg Økland for Trond Julin,\nDrammen\n"
    assert people(text) == [("Per Morstad", "present", None, None, "Røyken", None),
                            ("Trude Andresen", "present", None, None, "Øvre Eiker", None),
                            ("Kari Solberg Økland", "substitute", None, None, "Drammen", "Trond Julin")]


def test_roles_parties_and_blocks():
    text = ("Til stede:\nOrdfører Helge Solheim (H)\nJan Egil Wold (H)\n\nForfall:\nRune Kvalø (Ap)\n\n"
            "Varamedlemmer:\nTove Marit Eriksen (Ap) møtte for Rune Kvalø\n\nFra administrasjonen:\n"
            "Rådmann Sverre Thorstensen\n")
    assert people(text) == [("Helge Solheim", "present", "Ordfører", "H", None, None),
                            ("Jan Egil Wold", "present", None, "H", None, None),
                            ("Rune Kvalø", "absent", None, "Ap", None, None),
                            ("Tove Marit Eriksen", "substitute", None, "Ap", None, "Rune Kvalø"),
                            ("Sverre Thorstensen", "secretariat", "Rådmann", None, None, None)]


def test_nynorsk_party_groups():
    text = "Desse møtte:\nAp: Ingvild Tveit Eitrheim (ordførar), Sigbjørn Lægreid\nSp: Arnfinn Lothe\n"
    assert people(text) == [("Ingvild Tveit Eitrheim", "present", "ordførar", "Ap", None, None),
                            ("Sigbjørn Lægreid", "present", None, "Ap", None, None),
                            ("Arnfinn Lothe", "present", None, "Sp", None, None)]


def test_names_run_together_are_split_at_given_names():
    text = "Desse medlemmene møtte: Anders Ryssdal Ola Tarjei Kroken Kristin Sandal Parti Sp Ap Sp\n"
    assert [p[0] for p in people(text)] == ["Anders Ryssdal", "Ola Tarjei Kroken", "Kristin Sandal"]


def test_units_of_the_organisation_are_not_names():
    text = "Til stede fra administrasjonen:\nFormidlingsavdelingen Kristen Haugland, Kollegiesekretariatet Torny Aarbakke\n"
    assert [p.name for p in parse_participants(text, 0, len(text))] == ["Kristen Haugland", "Torny Aarbakke"]


def test_a_flattened_member_table_wraps_inside_names():
    text = ("Til stede under opprop:\nPer Olav Lie (H) Kari Nordmann (A) Ole Hansen (V) Anne Marie Berg (KrF) Therese Chr\n"
            "Hjortland (H) Jon Dahl (SV) Liv Ullmann (R) Tor Eriksen (A) Siri Moe (H) Lars Holm (FrP) 10 representanter\n")
    names = [p.name for p in parse_participants(text, 0, len(text))]
    assert "Therese Chr Hjortland" in names and "Hjortland" not in names and len(names) == 10


def test_acos_member_table_with_remarks_column():
    text = ("Møtedato: 15.02.2022\nTil stede/forfall:\nNavn Rolle Parti Merknad\nKari Lie leder Sp\n"
            "Ola Berg medlem Ap Forfall\nSiri Moe varamedlem R Møtte for Ola Berg\n"
            "Per Dahl sekretær Konsek Trøndelag IKS\nFaste medlemmer som møtte:\nNavn Funksjon Representerer\n"
            "Anne Holm Ordfører SP\n")
    got = {p.name: (p.status, p.role) for p in parse_participants(text, 0, len(text))}
    assert got == {"Kari Lie": ("present", "leder"), "Ola Berg": ("absent", "medlem"),
                   "Siri Moe": ("substitute", "varamedlem"), "Per Dahl": ("secretariat", "sekretær"),
                   "Anne Holm": ("present", "ordfører")}


def test_an_employer_with_any_legal_form_is_no_participant():
    text = ("Til stede:\nKari Lie, leder, Alta kommune\nBerit Moe, daglig leder, Nord-Troms Regionråd DA\n"
            "Per Dahl, rådgiver, Helse Nord RHF\n")
    assert [p.name for p in parse_participants(text, 0, len(text))] == ["Kari Lie", "Berit Moe", "Per Dahl"]


def test_running_paragraph_of_an_old_protocol():
    text = ("Til stede var: ordfører Kari Bugge, Ola Hvaal og Per Sem.\nForfall hadde Siv Kjær og Tor Sand. Som varamenn "
            "møtte Jon Aas for Siv Kjær og Eva Toll for Tor Sand.\n")
    got = {p.name: (p.status, p.substitute_for) for p in parse_participants(text, 0, len(text))}
    assert got == {"Kari Bugge": ("present", None), "Ola Hvaal": ("present", None), "Per Sem": ("present", None),
                   "Siv Kjær": ("absent", None), "Tor Sand": ("absent", None), "Jon Aas": ("substitute", "Siv Kjær"),
                   "Eva Toll": ("substitute", "Tor Sand")}


def test_party_groups_named_in_full():
    text = ("Til stede (faste medlemmer per partigruppe):\nArbeiderpartiet: Tor Brekke, Siv Tangen, Kjell Roger\n"
            "Sunde\nSosialistisk Venstreparti: Marte Lid, Anders Haukvik\nMiljøpartiet De Grønne: Hedda Rime\n")
    got = {p.name: p.party for p in parse_participants(text, 0, len(text))}
    assert got == {"Tor Brekke": "Arbeiderpartiet", "Siv Tangen": "Arbeiderpartiet", "Kjell Roger Sunde": "Arbeiderpartiet",
                   "Marte Lid": "Sosialistisk Venstreparti", "Anders Haukvik": "Sosialistisk Venstreparti",
                   "Hedda Rime": "Miljøpartiet De Grønne"}


def test_one_name_and_place_per_line():
    text = ("Til stede fra representantskapet:\nKari Holtet Berntsen, Kongsberg (leder)\n"
            "Jorunn Sæther, Flesberg (vara for Arne Rustad)\nTorleiv Nøkleby, Nore og Uvdal\n"
            "Bjørg Solvang, varamedlem for Kai Hågensen\nSekretær: Marit Lid Hovden\nOddbjørg ønskte velkomen og takka.\n")
    got = {p.name: (p.status, p.municipality, p.substitute_for) for p in parse_participants(text, 0, len(text))}
    assert got == {"Kari Holtet Berntsen": ("present", "Kongsberg", None),
                   "Jorunn Sæther": ("substitute", "Flesberg", "Arne Rustad"),
                   "Torleiv Nøkleby": ("present", "Nore og Uvdal", None),
                   "Bjørg Solvang": ("substitute", None, "Kai Hågensen"),
                   "Marit Lid Hovden": ("secretariat", None, None)}


def test_a_substitute_note_ends_at_the_line_and_the_next_line_is_a_member():
    text = ("Til stede:\nNils Jakobsen (Sp), Senja, leiar\nArild Rasmussen (Ap), Sørreisa, for Heidi Nguyen\n"
            "Áslat Mikkel Gaup (Sp), Lavangen\nRevisjon:\nKjetil Brøndbo, revisor, Namdal Revisjon SA\n"
            "Fra administrasjonen møtte:\nRådmann Jan Erik Bakke\n"
            "Til å underskrive møteboka ble valgt: Bodil Strømsnes og Rolf\nTore Kvarv.\n")
    got = {p.name: (p.status, p.municipality, p.substitute_for) for p in parse_participants(text, 0, len(text))}
    assert got == {"Nils Jakobsen": ("present", "Senja", None),
                   "Arild Rasmussen": ("substitute", "Sørreisa", "Heidi Nguyen"),
                   "Áslat Mikkel Gaup": ("present", "Lavangen", None),
                   "Kjetil Brøndbo": ("other", None, None),
                   "Jan Erik Bakke": ("secretariat", None, None),
                   # the people chosen to sign the minutes are participants of the meeting
                   "Bodil Strømsnes": ("present", None, None), "Rolf Tore Kvarv": ("present", None, None)}


def test_dotted_leaders_observers_and_a_given_name_as_surname():
    text = ("Til stede på møtet:\nMedlemmer ............ Olav Lifjell (Sp), leder\nGunnar Bø (H)\n"
            "Forfall .............. Kjell Ivar Hegna (Ap)\n"
            "Varamedlemmer ........ Siv Helene Tangen, varamedlem (for Kjell Ivar Hegna)\n"
            "Observatør med talerett:\nKjell-Arne Niemi (R)\nFra administrasjonen:\n"
            "Utvalgssekretær Synnøve Pedersen Eira (referent)\nØvrige:\nFrode Strand, varaordfører\n")
    got = {p.name: (p.status, p.substitute_for) for p in parse_participants(text, 0, len(text))}
    assert got == {"Olav Lifjell": ("present", None), "Gunnar Bø": ("present", None),
                   "Kjell Ivar Hegna": ("absent", None), "Siv Helene Tangen": ("substitute", "Kjell Ivar Hegna"),
                   "Kjell-Arne Niemi": ("other", None), "Synnøve Pedersen Eira": ("secretariat", None),
                   "Frode Strand": ("other", None)}


def test_row_markers_and_a_moett_for_column():
    text = ("Til stede:\nFunksjon Navn Forfall Møtt for\nMedlem Øyvind Moberg Larsen SP Gyldig forfall Signe Karlsen SP "
            "Medlem Harald Bredesen SV Medlem Reidar Holmgren KOBL Permisjon\n")
    got = {p.name: (p.status, p.substitute_for) for p in parse_participants(text)}
    assert got == {"Øyvind Moberg Larsen": ("absent", None), "Signe Karlsen": ("substitute", "Øyvind Moberg Larsen"),
                   "Harald Bredesen": ("present", None), "Reidar Holmgren": ("absent", None)}
    text = "Fylkesstyret:\nNamn Verv Oppmøte\nOddvar Mikkelsen, Kvanne Styremedlem MØTT\nTore Våde, Austefjorden 3. vara FORFALL\n"
    got = {p.name: p.status for p in parse_participants(text)}
    assert got == {"Oddvar Mikkelsen": "present", "Tore Våde": "absent"}


def test_a_column_of_municipalities_after_the_names():
    text = ("Møtande medlemer: Leiar Anders Rune Tveit Vang Ordførar Bente Strøm Kvale Vang Ordførar Eivind Brenna "
            "Sør-Aurdal\n")
    got = {p.name: p.municipality for p in parse_participants(text)}
    assert got == {"Anders Rune Tveit": "Vang", "Bente Strøm Kvale": "Vang", "Eivind Brenna": "Sør-Aurdal"}
    # one place after a name is the surname; a surname that is a place before the member's place too
    assert [p.name for p in parse_participants("Til stede: Marianne Haslev Skånland, Per Li\n")] == \
        ["Marianne Haslev Skånland", "Per Li"]
    text = "Til stede: Aud Norunn Strand, Modum, Per Morstad, Røyken, Kari Li, Lier\n"
    assert [p.name for p in parse_participants(text)][0] == "Aud Norunn Strand"


def test_addresses_employers_and_name_particles():
    text = "Til stede:\nDavid Cooke, Havnevegen 12\nThijs Christiaan van Son (Naturhistorisk museum)\n"
    assert [p.name for p in parse_participants(text)] == ["David Cooke", "Thijs Christiaan van Son"]
    text = "Til stede: Elisabeth Nilsen (Kirkerådet), Diakonhjemmets Høgskole, Norsk Lærerakademi og Kari Moe\n"
    assert [p.name for p in parse_participants(text)] == ["Elisabeth Nilsen", "Kari Moe"]


def test_people_elected_to_run_or_sign_for_the_meeting_and_the_signers():
    text = ("Sak 2: Val av møtestyrar\nAnne Austad vart vald til møtestyrar.\n"
            "Sak 4: Val av to til å skrive under\nÅrsmøtelyden valde Øyvind Grov og Svein Slettan til å skrive under "
            "møteprotokollen.\nSom referent ble foreslått Rune Holdhus\nMøtet ble åpnet av Per Otto Selnes.\n"
            "Kari Moe (sign.)   Ola Dahl /s/\n")
    got = {p.name: (p.status, p.role) for p in parse_participants(text)}
    assert got == {"Anne Austad": ("present", "møtestyrar"), "Øyvind Grov": ("present", None),
                   "Svein Slettan": ("present", None), "Rune Holdhus": ("secretariat", "referent"),
                   "Per Otto Selnes": ("present", None), "Kari Moe": ("present", None), "Ola Dahl": ("present", None)}


def test_everyone_but_and_a_substitute_among_those_present():
    got = {p.name: p.status for p in parse_participants("Fremmøtte: Alle unntatt: Anja Lyngstad\n")}
    assert got == {"Anja Lyngstad": "absent"}
    got = {p.name: p.status for p in parse_participants("Tilstede: Geir, Haakon, Kristi (varamedlem). Forfall: Odd.\n")}
    assert got["Kristi"] == "substitute" and got["Odd"] == "absent"


def test_everyone_but_in_prose_and_a_substitute_named_in_a_sentence():
    text = ("Til stede var: alle unntatt Ingrid Brenna, som hadde meldt forfall.\n"
            "For henne møtte varamann Torleif Haugsrud.\n")
    assert [(n, s) for n, s, *_ in people(text)] == [("Ingrid Brenna", "absent"), ("Torleif Haugsrud", "substitute")]


def test_a_list_ends_where_a_sentence_of_running_text_begins():
    text = ("Møtende:\nHalvard Rustad Ordfører, leder Gol kommune\n\nSekretariat:\nMarte Østgaard, rådgiver\n"
            "Leder Halvard Rustad åpnet møtet og ønsket spesielt velkommen til fylkesvaraordfører\nTrine Harsvik.\n")
    assert [(n, s) for n, s, *_ in people(text)] == [("Halvard Rustad", "present"), ("Marte Østgaard", "secretariat")]


def test_people_a_decision_elects_are_not_attendance():
    text = ("Til stede: Vidar Kjeldsen (leder)\n\nSak 4/23 Valg av dirigent og referent\n"
            "Vedtak: Dirigent: Gunnar Holtet. Referent: Line Kristin Sætermoen.\n\nSak 5/23 Årsberetning\n"
            "Godkjent.\n")
    assert [n for n, *_ in people(text)] == ["Vidar Kjeldsen"]


def test_signatures_set_side_by_side_are_two_names():
    text = ("Til stede: Kari Moe\n\nSak 1/21 Budsjett\nVedtak: Godkjent.\n\nRett utskrift:\n"
            "_______________   _______________\nMarit Bjørdal Aasen Oddny Årseth\nordførar sekretær\n")
    assert [n for n, *_ in people(text)] == ["Kari Moe", "Marit Bjørdal Aasen", "Oddny Årseth"]


def test_a_title_before_an_elected_name_is_no_part_of_it():
    text = "B. Valg av møteleder\nStyreleder Helge Smebye ble valgt til møteleder.\n"
    assert [(n, s, r) for n, s, r, *_ in people(text)] == [("Helge Smebye", "present", "møteleder")]


def test_the_one_chosen_to_write_the_minutes_is_secretariat():
    text = "Anne Grethe Vigeland ble valgt til møteleder. Bjørg Risberg ble valgt til protokollfører.\n"
    assert [(n, s, r) for n, s, r, *_ in people(text)] == [("Anne Grethe Vigeland", "present", "møteleder"),
                                                           ("Bjørg Risberg", "secretariat", "protokollfører")]


def test_an_abbreviated_title_after_a_name_ends_the_name():
    text = "Fra administrasjonen møtte:\nPer Kierulf Ass. fylkesdirektør, plan, næring og miljø\n"
    assert [(n, s) for n, s, *_ in people(text)] == [("Per Kierulf", "secretariat")]


def test_a_vara_for_column_names_whom_the_rows_member_stood_in_for():
    text = ("Følgende medlemmer møtte:\nNavn Funksjon Repr Vara for\nJørgen Foss LEDER AP\n"
            "Greger Thorvaldsen 1. VARAMEDLEM AP Eli Skartlien\n\nFølgende medlemmer hadde forfall:\n"
            "Navn Funksjon Repr\nEli Skartlien MEDLEM AP\n\nFølgende fra administrasjonen møtte:\n"
            "Morten Nordlie avdelingsdirektør\n")
    assert [(n, s, f) for n, s, r, p, m, f in people(text)] == [
        ("Jørgen Foss", "present", None), ("Greger Thorvaldsen", "substitute", "Eli Skartlien"),
        ("Eli Skartlien", "absent", None), ("Morten Nordlie", "secretariat", None)]


def test_an_elected_name_that_wraps_after_its_given_name_is_one_name():
    text = "Valg av to til å underskrive protokollen. Jørgen Foss og Knut\nNoremsaune ble valgt til å underskrive protokollen.\n"
    assert [n for n, *_ in people(text)] == ["Jørgen Foss", "Knut Noremsaune"]


def test_officers_named_in_sentences_and_under_the_heading_of_their_election():
    text = "Møtet er vedtaksdyktig.\nOrdstyrer er Hauk Storjord. Referent er Aslak Vik Sørvik.\n"
    assert [(n, s, r) for n, s, r, *_ in people(text)] == [("Hauk Storjord", "present", "ordstyrer"),
                                                           ("Aslak Vik Sørvik", "secretariat", "referent")]
    text = "d. Valg av to til å underskrive protokollen. Geir Stølsvik og Karsten Hansen ble valgt uten motkandidater.\n"
    assert [(n, s) for n, s, *_ in people(text)] == [("Geir Stølsvik", "present"), ("Karsten Hansen", "present")]


def test_a_member_table_whose_last_cell_says_who_came():
    text = ("Møtedeltakere:\nJon Olav Båtbukt (JOB)   Leder   Tilstede\nOlav Barøy (OB)   Trener   Ikke tilstede\n"
            "Nora Næssén (NN)   Arrangementsansvarlig   Delvis tilstede\nVincent Canaguier (VG)   Styremedlem   Tilstede\n")
    assert [(p.name, p.status) for p in parse_participants(text)] == [
        ("Jon Olav Båtbukt", "present"), ("Olav Barøy", "absent"), ("Nora Næssén", "present"),
        ("Vincent Canaguier", "present")]


def test_who_carried_the_votes_of_others_was_there_and_a_heading_below_a_table_is_no_one():
    text = "Det ble registrert 29 stemmer, der 10 av disse var representert av Jørgen Foss for NHF Oslo.\n"
    assert [(n, s) for n, s, *_ in people(text)] == [("Jørgen Foss", "present")]
    text = "Møtedeltakere:\nJon Olav Båtbukt (JOB)   Leder   Tilstede\nStyresaker:\nSak 1: Budsjett\n"
    assert [p.name for p in parse_participants(text)] == ["Jon Olav Båtbukt"]


def test_candidates_after_an_attendance_list_did_not_attend():
    from pipeline.participants import read_participants
    from pipeline.zones import document_from_text

    text = "Til stede:\nKari Moe\nOla Dahl\nKandidater:\nPer Olsen\nSiri Berg\n1. Valg av leder\n"
    assert [(p.name, p.status) for p in read_participants(document_from_text(text))] == [
        ("Kari Moe", "present"), ("Ola Dahl", "present")]


def test_members_a_sentence_says_were_not_there_are_absent():
    from pipeline.participants import read_participants
    from pipeline.zones import document_from_text

    text = ("Til stede: Kari Moe, Ola Dahl\nErik Landsnes i valgkomiteen var ikke til stede, men foreslo James Stott.\n"
            "Per Olsen hadde meldt forfall.\n")
    assert [(p.name, p.status) for p in read_participants(document_from_text(text))] == [
        ("Kari Moe", "present"), ("Ola Dahl", "present"), ("Erik Landsnes", "absent"), ("Per Olsen", "absent")]


def test_an_item_naming_an_officer_role_gives_the_people_on_its_next_line_that_role():
    text = ("1: Valg av møteleder\nValg av møteleder, Øyvind Bakkeli stiller og blir valgt med akklamasjon.\n"
            "2: Valg av referent\nValg av protokollfører: Marius Næss Olsen\n"
            "3. Valg av tellekorps\nVegard Lillevoll (vegardli) og Atle Nordland (atleno) blir valgt til tellekorps.\n"
            "d) Undertegnelse av protokoll\nKnut Morten Brekke og Johannes Albert Slettedal meldte seg frivillig.\n"
            "5. Valg av styreleder\nKari Nordmann stiller til valg.\n")
    got = {(p.name, p.status, p.role) for p in parse_participants(text)}
    assert got == {("Øyvind Bakkeli", "present", "møteleder"), ("Marius Næss Olsen", "secretariat", "protokollfører"),
                   ("Vegard Lillevoll", "present", "tellekorps"), ("Atle Nordland", "present", "tellekorps"),
                   ("Knut Morten Brekke", "present", "protokollunderskriver"),
                   ("Johannes Albert Slettedal", "present", "protokollunderskriver")}  # a candidate is no participant


def test_a_member_table_with_an_affiliation_column_keeps_only_the_first_cell_as_the_name():
    text = ("Oppmøte\nNavn   Tilhørighet\nAna Fernandez Torralbo   Frogn Kommune\n"
            "Christopher H. Strutz   Avinet / Asplan Viak Internet\nRamez Rafat   Statnett SF\n")
    assert [p.name for p in parse_participants(text)] == ["Ana Fernandez Torralbo", "Christopher H. Strutz",
                                                         "Ramez Rafat"]


def test_officers_proposed_or_volunteering_in_a_lettered_constitution_are_participants():
    text = ("1. Konstituering\nb. Foreslått: Knut Noremsaune, godtatt\n"
            "c. Pål Hermunn Johansen foreslått som protokollfører, ingen motkandidater.\n"
            "d. To som er villige til å underskrive protokollen: Grete Fiskaa og Ingrid Dundas\n"
            "e. Ingen innsigelser på om møtet er lovlig innkalt\n"
            "● Elisabeth Skoglund meldte seg for å skrive under protokollen etter møtet.\n")
    got = {(p.name, p.status) for p in parse_participants(text)}
    assert got == {("Pål Hermunn Johansen", "secretariat"), ("Grete Fiskaa", "present"), ("Ingrid Dundas", "present"),
                   ("Elisabeth Skoglund", "present")}


def test_referat_heading_an_items_account_opens_no_list_but_names_the_writer_when_a_name_follows():
    assert people("Sak 9: Presentering\nReferat:\nJon: Kan vi slå sammen sak 9 og 10?\nJa\n") == []
    assert people("Referat: Det er 25 oppmøtte.\n") == []
    assert [(n, s) for n, s, *_ in people("Til stede: Kari Moe\nReferat: Per Olsen\n")] == [
        ("Kari Moe", "present"), ("Per Olsen", "secretariat")]


def test_a_board_proposing_someone_for_an_officer_role_names_a_participant_even_by_given_name_alone():
    text = ("Referat: Styret instiller Kristin til dirigent. Godkjennes med akklamasjon.\n"
            "Referent: Styret instiller Olav som referent. Godkjennes med akklamasjon.\n"
            "Valgkomiteen foreslår Kari Moe som styreleder.\n")
    assert {(p.name, p.status) for p in parse_participants(text)} == {("Kristin", "present"), ("Olav", "secretariat")}


def test_a_list_ends_at_a_heading_of_ordinary_words_and_no_name_runs_over_a_colon():
    text = ("Møte 17.06.2015 hos Kamilla. Til stades: Kamilla, Nils og Olga\nForslag til ansvarsområde:\n"
            "Leiar: Nils\nKasserar: Kamilla\nDugnadsansvarleg/vara i styret: Cato, Anne-Ma – Olga spør desse\n")
    assert [n for n, *_ in people(text)] == ["Kamilla", "Nils", "Olga"]
    text = "Møteleder: Victor Zimmer\nReferent: Astrid Pettersen\nProtokollstyrer: Tiril Lappegård\n"
    assert "Astrid Pettersen" in [n for n, *_ in people(text)]


def test_a_given_name_alone_is_the_participant_of_that_given_name_named_in_full_elsewhere():
    text = ("Til stede: Martin Lilleeng Sætra, Kari Moe\n4. Valg av protokollunderskrivere\n"
            "Martin (martinsa) og Olav ble valgt til å skrive under på protokollen.\n")
    assert sorted(p.name for p in parse_participants(text)) == ["Kari Moe", "Martin Lilleeng Sætra", "Olav"]


def test_a_name_before_a_colon_at_the_end_of_a_line_is_kept_whole():
    text = "Til stede:\nKari Moe og Ove Høiby:\nPer Olsen\n"
    assert [n for n, *_ in people(text)] == ["Kari Moe", "Ove Høiby", "Per Olsen"]


def test_who_represents_an_owner_at_the_meeting_took_part():
    text = ("a. Registrerte 17 digitale deltakere i møtet, der Cathrine Linn Kristensen representerer NHF\nOslo.\n"
            "I tillegg stilte Jørgen Foss som representant for NHF Oslo (10 stemmer).\n")
    assert {(p.name, p.status) for p in parse_participants(text)} == {("Cathrine Linn Kristensen", "present"),
                                                                     ("Jørgen Foss", "present")}


def test_an_employer_after_a_name_and_its_comma_is_no_participant_but_an_affiliation():
    for text in ("Til stede:\nKari Nordmann, Visma\nOla Hansen, Telenor\nPer Olsen (NAV)\n",
                 "Til stede: Kari Nordmann, Visma, Ola Hansen, Telenor, Per Olsen\n"):
        got = parse_participants(text)
        assert [p.name for p in got] == ["Kari Nordmann", "Ola Hansen", "Per Olsen"]
        assert [text[s:e] for s, e in got[0].affiliation_spans] == ["Visma"]
    assert [p.name for p in parse_participants("Til stede: Kamilla, Nils og Olga\n")] == ["Kamilla", "Nils", "Olga"]
    # once is enough among full names only
    text = "Deltakere: Ola Dale (DNR), Kari Li, Per Moe, Visma\n"
    assert [p.name for p in parse_participants(text)] == ["Ola Dale", "Kari Li", "Per Moe"]


def test_an_election_boards_counts_and_candidates_are_no_attendance():
    text = ("Møtebok for Vik valgstyre\nMøtedato: 10.09.2019\nTil stede: Kari Moe (leder), Per Olsen, Line Berg\n"
            "Sekretær: Ola Nordmann\nValgresultat\nParti   Stemmer\nArbeiderpartiet   345\nKandidatkåring\n"
            "Kandidatnavn   Stemmetillegg   Personstemmer   Totalt\nAnne Vik   123   45   168\n"
            "Valgte representanter\nArbeiderpartiet: Anne Vik, Bjørn Dale\n")
    assert [(n, s) for n, s, *_ in people(text)] == [("Kari Moe", "present"), ("Per Olsen", "present"),
                                                    ("Line Berg", "present"), ("Ola Nordmann", "secretariat")]
    text = "Sekretær: Ola Nordmann\n1. Opptelling\nStemmene ble talt opp.\n"
    assert [n for n, *_ in people(text)] == ["Ola Nordmann"]
    text = "Til stede:\n1. Kari Moe (Ap)\n2. Per Olsen (H)\nSak 1/19 Godkjenning\n"
    assert [n for n, *_ in people(text)] == ["Kari Moe", "Per Olsen"]  # a numbered member list goes on


def test_an_initialled_member_and_the_full_name_of_an_officer_are_one_person_and_a_repeated_cell_leaves_the_name():
    text = "Til stede:\n* J. Johansen\n* M. Ellingsen\nOrdstyrer blir Jon Johansen.\nReferent blir Mariel Ellingsen.\n"
    assert [(p.name, p.status) for p in parse_participants(text)] == [("J. Johansen", "present"),
                                                                     ("M. Ellingsen", "present")]
    text = "Oppmøte\nNavn   Tilhørighet\nPer Linnerud Nes Kommune   Nes Kommune\nEva Heggem NIBIO   NIBIO\n"
    assert [p.name for p in parse_participants(text)] == ["Per Linnerud", "Eva Heggem"]


def test_names_parted_by_parties_only_wrap_like_a_paragraph_and_an_election_result_is_no_attendance():
    text = ("Møtende medlemmer:\nOrdfører Bjørn Ivar Kolstad Ap Sissel Hoff Sp Tore Kvalvåg Ap Helga Marie\n"
            "Bleiknes Ap Johnny Rølvåg Ap Arnold Sivertsen Ap Roar\nStenvik Ap Per Dahl Sp Oddbjørg\n"
            "Hatten Ap Ketil Åsli Sp Geir Ove Thoresen H\nForfall:\nTerje Mo FrP\n")
    assert [n for n, *_ in people(text)] == [
        "Bjørn Ivar Kolstad", "Sissel Hoff", "Tore Kvalvåg", "Helga Marie Bleiknes", "Johnny Rølvåg",
        "Arnold Sivertsen", "Roar Stenvik", "Per Dahl", "Oddbjørg Hatten", "Ketil Åsli", "Geir Ove Thoresen",
        "Terje Mo"]
    text = ("Val\n- Styreleiar: Kristin Hauge Ølmheim (attval, 1 år)\n- Kasserar: Eli Marie Navarsete (ny, 2 år)\n"
            "Referent\nSynnøve Kvåle Sandnes\nProtokollen er godkjend elektronisk av Ingvar Hatlevik og Tormod Fet.\n")
    assert [(n, s) for n, s, *_ in people(text)] == [("Synnøve Kvåle Sandnes", "secretariat")]


def test_everyone_but_after_a_roster_makes_the_rest_of_the_roster_present():
    text = ("Formannskapets medlemmer:\nRandi Kvaale Ruud (Ap), ordfører\nOlaf Kleppe (Sp), varaordfører\n"
            "Asle Tofte Moen (Ap)\nMøtt: Alle unntatt Olaf Kleppe (Sp), som hadde meldt forfall.\n"
            "Møtende vara: Marte Flatmoen (Sp) for Olaf Kleppe\n")
    assert {(n, s) for n, s, *_ in people(text)} == {("Randi Kvaale Ruud", "present"), ("Asle Tofte Moen", "present"),
                                                    ("Olaf Kleppe", "absent"), ("Marte Flatmoen", "substitute")}
    text = ("Medlemmer:\nKari Moe, Per Olsen, Line Berg\nTilstede: Alle unntatt Line Berg.\n"
            "For Line Berg møtte varamedlem Ola Dahl (H).\n")
    assert {(n, s) for n, s, *_ in people(text)} == {("Kari Moe", "present"), ("Per Olsen", "present"),
                                                    ("Line Berg", "absent"), ("Ola Dahl", "substitute")}


def test_a_member_table_headed_members_and_substitutes_with_a_remark_column():
    text = ("Medlemmer og varamedlemmer\nNavn Funksjon Parti Kommune Merknad\nLinn Ekeberg Leder Ap Askim\n"
            "Ragnhild Tveter Medlem H Hobøl Forfall\nHåkon Brekke Lind Varamedlem H Hobøl Vara for Ragnhild Tveter\n"
            "Reidar Skau Medlem Sp Skiptvet Fra kl. 09:40, fra sak SR 2019/14\nFra administrasjonen: rådmann Ove Tangen\n"
            "Saksliste\nSR 2019/13 Godkjenning\nSR 2019/14 Budsjett\n")
    assert [(n, s) for n, s, *_ in people(text)] == [
        ("Linn Ekeberg", "present"), ("Ragnhild Tveter", "absent"), ("Håkon Brekke Lind", "substitute"),
        ("Reidar Skau", "present"), ("Ove Tangen", "secretariat")]


def test_officers_of_a_student_general_assembly_and_no_elected_board_as_attendance():
    text = ("Sak 1 – Åpning og konstituering\n• Mathias Øvrebø Lunde ble valgt til ordstyrer.\n"
            "• Som referent fungerte Jonas Aurdal Kvamme.\n• Protokollen signeres av Tuva Hjelmeland og Eskil Bruvik.\n"
            "Konstitueringen ble enstemmig godkjent.\nSak 8 – Valg\nØvrige verv etter valgkomiteens innstilling:\n"
            "Nestleder Marte Liang\nValgkomité Kaja Strømsnes, Emil Fosse\n")
    assert {(n, s) for n, s, *_ in people(text)} == {
        ("Mathias Øvrebø Lunde", "present"), ("Jonas Aurdal Kvamme", "secretariat"), ("Tuva Hjelmeland", "present"),
        ("Eskil Bruvik", "present")}


def test_a_from_heading_alone_on_its_line_opens_a_list():
    text = ("Vara\n– Linnea Brodtkorb (Lakselv ungdomsskole) møtte for Emma Hansen-Sara\nFra kommunen\n"
            "– Roy-Arne Isaksen, ungdomskontakt (sekretær)\n– Hilde Margrethe Nilsen, kultursjef\n")
    assert [(n, s) for n, s, *_ in people(text)] == [("Linnea Brodtkorb", "substitute"),
                                                    ("Roy-Arne Isaksen", "secretariat"),
                                                    ("Hilde Margrethe Nilsen", "secretariat")]


def test_a_sentence_after_the_list_says_who_sent_apologies():
    text = "Tilstede: Karoline, Vanja og Silje. Frida og Ola Dahl hadde meldt forfall.\n"
    assert [(p[0], p[1]) for p in people(text)] == [("Karoline", "present"), ("Vanja", "present"),
                                                    ("Silje", "present"), ("Frida", "absent"), ("Ola Dahl", "absent")]
    aside = "Kandidater: Ragnhild Gran og Per Moe (Ragnhild er ikke til stede fysisk).\n"
    assert "Ragnhild" not in [p[0] for p in people(aside)]


def test_member_table_with_a_column_of_attendance_codes_and_party_rows():
    text = ("MEDLEMMER                          MØTT    VARAMEDLEMMER\n"
            "Arbeiderpartiet\n"
            "1. Kari Agerup                     M\n"
            "2. Jon-Ivar Nygård                 M\n"
            "Fremskrittspartiet\n"
            "1. Leif Eriksen                    F       Agnes S. Antonsen Bossum\n"
            "Kristelig Folkeparti, Venstre, Folkets Stemme\n"
            "1. Per Lebesby (KrF)               M\n\n"
            "Sak 22/09 Budsjett\n")
    assert [(p[0], p[1], p[3], p[5]) for p in people(text)] == [
        ("Kari Agerup", "present", "Arbeiderpartiet", None),
        ("Jon-Ivar Nygård", "present", "Arbeiderpartiet", None),
        ("Leif Eriksen", "absent", "Fremskrittspartiet", None),
        ("Agnes S. Antonsen Bossum", "substitute", "Fremskrittspartiet", "Leif Eriksen"),
        ("Per Lebesby", "present", "KrF", None)]


def test_signatures_as_a_name_above_its_role_at_a_page_end():
    text = ("Orienteringer:\nTT-kort v/Ulla Myhre\n\nLars Midtstraum\nLeder\nAnniken Nordland\nSekretær\n-1-\n\n"
            "Saksliste\n")
    assert [(p[0], p[1], p[2]) for p in people(text)] == [("Lars Midtstraum", "present", "Leder"),
                                                          ("Anniken Nordland", "secretariat", "Sekretær")]
    signed = "Sten Kristian Røvik\nleder (sign)\nPer O. Johansen\nRådgiver\nFrøya kommune kontrollutvalget\n"
    assert [p[0] for p in people(signed)] == ["Sten Kristian Røvik", "Per O. Johansen"]
    elected = "Følgende ble valgt:\nOla Dahl\nLeder\nKari Moe\nKasserer\n\nSak 3 Budsjett\n"
    assert people(elected) == []
    side_by_side = "Møtet slutta kl. 15.30.\nLeikanger, 19.10.2010\nSigrid Hatlevik Gunhild Rønneberg\nleiar sekretær\n"
    assert [(p[0], p[2]) for p in people(side_by_side)] == [("Sigrid Hatlevik", "leiar"),
                                                            ("Gunhild Rønneberg", "sekretær")]
