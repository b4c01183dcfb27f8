import datetime as dt

from pipeline.dates import find_dates, infer_year

REF = dt.date(2018, 2, 22)


def values(text, ref=REF):
    return [d.value for d in find_dates(text, ref)]


def test_numeric_dates():
    assert values("møte 23.11.2017 og 1.1.2019, ny frist 15.3.18") == ["2017-11-23", "2019-01-01", "2018-03-15"]
    assert values("Møtetid: kl. 18.30 - 21.05. Neste møte den 19.2") == ["2018-02-19"]  # 21.05 is a clock time


def test_written_dates_bokmal_and_nynorsk():
    assert values("torsdag 7. desember 2017") == ["2017-12-07"]
    assert values("måndag 14. september 2015") == ["2015-09-14"]
    assert values("Møtedato er satt til den 14. juni kl. 16.00") == ["2018-06-14"]


def test_year_is_inferred_nearest_to_the_meeting():
    assert values("referat fra 5.12. godkjennes") == ["2017-12-05"]
    assert infer_year(1, 5, dt.date(2018, 12, 20)) == 2019


def test_case_numbers_times_and_money_are_not_dates():
    assert values("Sak 03/2018 kl. 09.00 – 11.15, kr 4.560.650, PS 12/18") == []


def test_date_range_keeps_the_full_end_date_only():
    assert values("Oversikt av 5.-7.9.2005") == ["2005-09-07"]


def test_list_of_days_takes_the_year_named_before():
    assert values("møteplan for året 2006: 16.2., 30.3., 15.6.") == ["2006-02-16", "2006-03-30", "2006-06-15"]
    assert values("møteplan for året 2006:\n16.2., 30.3. 15.6.") == ["2006-02-16", "2006-03-30", "2006-06-15"]  # OCR lost a comma


def test_offsets_point_at_the_text():
    text = "Styringsgruppen møtes 15.3.2018."
    d = find_dates(text, REF)[0]
    assert text[d.start:d.end] == d.text == "15.3.2018"


def test_no_year_without_reference_is_skipped():
    assert values("den 14. juni", ref=None) == []


def test_a_weekday_picks_the_year():
    ref = dt.date(2015, 1, 20)
    # 14 September is a Monday in 2015, a Sunday in 2014 (the nearer one without the weekday)
    assert [d.value for d in find_dates("valet er måndag 14. september", ref)] == ["2015-09-14"]
    assert [d.value for d in find_dates("14. september", ref)] == ["2014-09-14"]


def test_written_day_range_gives_both_days_and_section_numbers_are_no_dates():
    ref = dt.date(2015, 4, 28)
    assert [d.value for d in find_dates("Fagkonferansen 9.-10. juni 2015 på Gardermoen", ref)] == [
        "2015-06-09", "2015-06-10"]
    assert find_dates("dette er teke med under punkt 4.2. Vedtak", ref) == []


def test_slashed_dates_and_day_pairs():
    ref = dt.date(2025, 2, 13)
    assert [(d.text, d.value) for d in find_dates("frist 15/1-97 og brev av 26/4-2012.", ref)] == [
        ("15/1-97", "1997-01-15"), ("26/4-2012", "2012-04-26")]
    assert find_dates("Arkivsak: 18/11-12, PS 15/11-24", ref) == []
    assert [d.value for d in find_dates("konferansen 22. og 23. mai", ref)] == ["2025-05-22", "2025-05-23"]


def test_day_month_year_with_slashes():
    assert values("Den 11/12/2024 ble det avholdt stiftelsesmøte. Møtet startet 12/12/2016 klokken 12.") == [
        "2024-12-11", "2016-12-12"]
    assert values("Arkivsak 18/12/2016, sak 3/12/2016") == []  # reference numbers
