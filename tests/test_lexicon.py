import re

from pipeline import lexicon
from pipeline.zones import find_labels


def test_sections_entries_and_values_are_read_from_the_files():
    attendance = lexicon.sections("attendance")
    assert {"present", "absent", "substitute", "secretariat", "other"} <= set(attendance)
    assert lexicon.mapping("attendance", "present")["Møteleder"] == "møteleder"
    assert lexicon.mapping("calendar", "months")["desember"] == "12"
    assert "Til stede" in lexicon.words("attendance", "present")


def test_phrases_take_any_whitespace_and_a_wildcard_for_a_few_words():
    assert re.fullmatch(lexicon.phrase_regex("Til stede"), "Til\n  stede")
    assert re.fullmatch(lexicon.phrase_regex("Til stede fra ..."), "Til stede fra Universitetsstyret")
    assert re.fullmatch(lexicon.phrase_regex("Til stede (...)"), "Til stede (per partigruppe)")
    assert not re.fullmatch(lexicon.phrase_regex("Til stede fra ..."), "Til stede fra: Ola")


def test_every_attendance_label_of_the_lexicon_is_found_as_a_label():
    # a new label is one line of data: whatever stands in the file is found before a colon at a line start
    for status in ("present", "absent", "substitute", "secretariat", "other"):
        for phrase in lexicon.words("attendance", status):
            if "..." in phrase:
                continue
            text = f"Møtedato: 01.02.2020\n{phrase}: Ola Nordmann, Kari Nordmann\n"
            found = [lb for lb in find_labels(text) if lb.kind == "attendance"]
            assert found and found[0].phrase == phrase and found[0].status == status, phrase


def test_a_missing_section_is_named_in_the_error():
    try:
        lexicon.entries("attendance", "no-such-section")
    except KeyError as e:
        assert "no-such-section" in str(e)
    else:
        raise AssertionError("expected a KeyError")


def test_no_phrase_is_listed_twice_in_a_section_or_under_two_attendance_statuses():
    from importlib import resources

    names = [p.name[:-4] for p in resources.files("pipeline.lexicon").iterdir() if p.name.endswith(".txt")]
    for name in names:
        for section, items in lexicon.sections(name).items():
            phrases = [e.phrase.casefold() for e in items]
            assert len(phrases) == len(set(phrases)), (name, section, {p for p in phrases if phrases.count(p) > 1})
    statuses = ("present", "absent", "substitute", "secretariat", "other")
    seen: dict[str, str] = {}
    for status in statuses:
        for e in lexicon.sections("attendance")[status]:
            assert seen.setdefault(e.phrase.casefold(), status) == status, (e.phrase, seen[e.phrase.casefold()], status)


def test_a_leading_wildcard_is_a_word_on_the_phrases_own_line():
    pattern = re.compile(lexicon.phrase_regex("... fra administrasjonen"), re.IGNORECASE)
    assert pattern.search("Møtende fra administrasjonen:").group() == "Møtende fra administrasjonen"
    assert pattern.search("Rune Kvalø\n\nFra administrasjonen:") is None
