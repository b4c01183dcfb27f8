from pipeline.amounts import find_amounts, parse_number


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
