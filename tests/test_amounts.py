from pipeline.amounts import find_amounts, find_damaged_numbers, parse_number


def values(text):
    return [a.value for a in find_amounts(text)]


def test_currency_forms():
    assert values("inntekter på kr 8 000 471, pluss kr. 4.560.650,- og kr 193.062,50.") == [8000471, 4560650, 193062.5]
    assert values("NOK 1,2 mill. og 2,5 millioner kroner og 4 mrd. kroner") == [1_200_000, 2_500_000, 4_000_000_000]
    assert values("ca 700 tkr inkl mva") == [700_000]
    assert values("kr 10 pr innbygger") == [10]


def test_not_money():
    assert values("57 % av inntektene, 17 av 18 medlemmer, Sak 03/2018, i 2019, 1.530 kvm, 2 mill. innbyggere") == []


def test_money_table_with_minus_signs():
    text = ("Resultatet for den enkelte avdeling fordeler seg slik:\n"
            "Areal og transport - 380 173\nKompetanse 0\nKomUt 1 598\nFolkehelse - 11 377\n")
    assert values(text) == [-380173, 0, 1598, -11377]


def test_number_runs_without_a_money_heading_are_ignored():
    assert values("Oppmøte:\nSkien 3\nPorsgrunn 3\nBamble 3\n") == []


def test_parse_number():
    assert parse_number("8 000 471") == 8000471
    assert parse_number("4.560.650") == 4560650
    assert parse_number("1,5") == 1.5


def test_flattened_money_columns_are_split_by_the_header_years():
    text = ("Budsjett for kulturskolen (kroner):\n"
            "Post Budsjett 2020 Budsjett 2021\n"
            "Lønn og sosiale utgifter 512 000 530 500\n"
            "Leie av lokaler 96 000 -\n"
            "Netto resultat -1 250 000 2 300 400\n"
            "Sum 608 000 530 500\n")
    assert values(text) == [512000, 530500, 96000, -1250000, 2300400, 608000, 530500]


def test_column_count_from_rows_when_the_header_has_no_years():
    text = ("Tilskudd fordelt slik:\nLag og foreninger 1 140 000 1 164 000\nIdrett 241 000 246 500\n"
            "Kor og korps 20 000 25 000\nAndre formål 1 500 -\n")
    assert values(text) == [1140000, 1164000, 241000, 246500, 20000, 25000, 1500]


def test_wrapped_amount_and_nynorsk_scale_words():
    assert values("eit årsresultat på kr 1\n245 000. Vidare") == [1245000]
    assert values("ei ramme på kr 1695 500 (OCR)") == [1695500]
    assert values("ei ramme på kr 14,5 millionar og 2 milliardar kroner") == [14_500_000, 2_000_000_000]


def test_a_row_with_lost_digits_is_reported_not_read():
    text = ("Resultat per prosjekt (kroner):\nAreal og transport - 380 173\nKompetanse 4 559\n"
            "Løpende drift - 95 63\nOrkesteret 7 086\n")
    assert values(text) == [-380173, 4559, 7086]
    assert [text[s:e] for s, e in find_damaged_numbers(text)] == ["Løpende drift - 95 63"]


def test_a_table_in_millions_with_decimals():
    text = ("Driftsbudsjett 2022, hovedoversikt (netto):\nOmråde Budsjett 2022\nmill. kr\n"
            "Skatt og rammetilskudd -6 412,8\nVideregående opplæring 2 874,3\nTannhelsetjenesten 312,4\n"
            "Resultatet tilsvarer -0,5\nprosent av inntektene. Ramma er 1 147,5 mill. kr.\n3. Fylkesdirektøren får fullmakt.\n")
    assert values(text) == [-6_412_800_000, 2_874_300_000, 312_400_000, 1_147_500_000]


def test_a_column_without_a_year_counts_in_the_flattened_header():
    text = ("Tabellen viser regnskap og prognose (hele kroner):\n"
            "Enhet Budsjett 2019 Prognose 2019 Avvik\n"
            "Barnehager 48 250 000 49 100 000 -850 000\n"
            "Skoler 96 400 000 95 900 000 500 000\n"
            "Sum oppvekst 144 650 000 145 000 000 -350 000\n")
    assert values(text) == [48250000, 49100000, -850000, 96400000, 95900000, 500000,
                            144650000, 145000000, -350000]


def test_a_table_under_prose_about_money_needs_numbers_of_money_size():
    money = ("Rammen er på kr 12 000 000, og disse kuttene foreslås:\n\nTiltak 2025 2026\n"
             "Færre vikarer -1 200 000 -1 500 000\nKortere åpningstid -400 000 -400 000\n"
             "Lavere kjøregodtgjørelse -150 000 -150 000\n")
    assert values(money)[1:] == [-1200000, -1500000, -400000, -400000, -150000, -150000]
    counts = ("Budsjettet er på kr 12 000 000.\n\nElevtall 2025 2026\nBarnetrinnet 410 402\n"
              "Ungdomstrinnet 205 211\nVoksenopplæring 18 22\n")
    assert values(counts) == [12000000]


def test_the_unit_of_a_table_is_no_amount_and_scales_across_a_blank_line():
    text = ("Driftsregnskap (tall i 1000 kr)\n\nBudsjett 2004 Regnskap 30.06 Prognose 2004\n"
            "Gebyrer 12 300 6 150 12 450\nLønn -5 100 -2 600 -5 250\nDrift -3 900 -1 800 -3 700\n")
    assert values(text) == [12300000, 6150000, 12450000, -5100000, -2600000, -5250000,
                            -3900000, -1800000, -3700000]


def test_a_header_cell_of_two_words_is_one_column():
    text = ("Følgende fordeling foreslås:\nSøker Søkt beløp Forslag\nSkiklubben 40 000 30 000\n"
            "Sanitetsforeningen 25 000 20 000\nKoret 15 000 10 000\nSum 80 000 60 000\n")
    assert values(text) == [40000, 30000, 25000, 20000, 15000, 10000, 80000, 60000]


def test_flattened_columns_split_where_numbers_can_start():
    text = ("Prognose (tall i 1000 kr):\nSektor Justert budsjett Prognose Avvik\nOppvekst 148 200 148 950 -750\n"
            "Helse og omsorg 212 400 215 750 -3 350\nTeknisk drift 61 300 61 400 -100\n"
            "Sum driftsresultat 0 210 700 -185 000\n")
    assert values(text) == [148200000, 148950000, -750000, 212400000, 215750000, -3350000, 61300000, 61400000,
                            -100000, 0, 210700000, -185000000]


def test_scaled_currency_before_the_number():
    assert values("Rammen er MNOK 38,5, hvorav MNOK\n32 til kran og TNOK 450 til kai.") == [38_500_000, 32_000_000, 450_000]


def test_a_run_of_digit_groups_is_never_cut_into_more_numbers_than_it_has_groups():
    # a balance sheet whose text layer split numbers ("5 1 786", "1 9 695") into more groups than its columns hold:
    # once an IndexError that lost the whole file
    text = ("Sum Anleggsmidler   -   5 1 786\nOmløpsmidler\nRestanser fellesutgifter   8   4 445   1 9 695\n"
            "Kundefordringer   10   5 0 345   6 0 287\nForskuddsbet kostnader   9   1 9 934   1 20 401\n"
            "DNB 1645.06.48837   1 058 923   1 603 226")
    assert all(isinstance(v, int) for v in values(text))


def test_a_bare_number_after_a_money_word():
    assert values("Vi hadde en vedlikeholdsavtale som kostet 100 000, og utgiftene gikk ned.") == [100000]
    assert values("Det er sendt søknad til SiT for ekstrastøtte, 18 000.") == [18000]
    assert values("kontingenten er 350 for medlemmer") == [350]
    assert values("budsjettert 40 deltakere. Budsjett 2020 ble vedtatt. Prisen er 12 %") == []
