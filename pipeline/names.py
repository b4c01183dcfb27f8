"""What the pipeline knows of names: given names and ordinary words (from NorNE, scripts/build_names.py), and the
lexicon's roles, parties, legal forms and words that are no part of a name. Shared by the zoning, the participant
reader and the entity extraction."""
from __future__ import annotations

import re
from functools import cache
from importlib import resources

from pipeline import lexicon

# letters of names beyond Norwegian: Sami (Áslat, Ŋ, Č, Š, Ŧ, Ž, Đ) and other names (Hadžić, Müller, Zoë)
NAME_UPPER = "A-ZÆØÅÄÖÜÁÀÉÈÓČĆĐŊŠŦŽ"
NAME_LOWER = "a-zæøåäöüáàâéèêëíïóôúčćđŋšŧžñç"


class _GivenNames(frozenset):
    """Given names, and the double names made of them: "Jon-Ivar", "Anne-Lise"."""

    def __contains__(self, word: object) -> bool:
        if frozenset.__contains__(self, word):
            return True
        parts = word.split("-") if isinstance(word, str) and "-" in word else ()
        return len(parts) == 2 and all(frozenset.__contains__(self, p.capitalize()) for p in parts)


@cache
def given_names() -> frozenset[str]:
    text = resources.files("pipeline.data").joinpath("first_names.txt").read_text(encoding="utf-8")
    return _GivenNames(text.split())


@cache
def common_words() -> frozenset[str]:
    text = resources.files("pipeline.data").joinpath("common_words.txt").read_text(encoding="utf-8")
    return frozenset(text.split())


@cache
def stop_words() -> frozenset[str]:
    return frozenset(lexicon.words("names", "not-name"))


@cache
def _parties() -> frozenset[str]:
    return lexicon.folded_set("parties", "parties")


@cache
def _roles() -> tuple[frozenset[str], tuple[str, ...]]:
    return lexicon.folded_set("roles", "exact"), tuple(lexicon.words("roles", "suffix"))


@cache
def secretariat_roles() -> frozenset[str]:
    return lexicon.folded_set("roles", "secretariat")


@cache
def _forms_longest_first() -> list[str]:
    return sorted(lexicon.words("legal_forms", "forms"), key=len, reverse=True)  # "A/S" before "AS", "ASA" before "AS"


@cache
def legal_form_after() -> re.Pattern:
    """A legal form after a name: "Konsek Trøndelag IKS" is a company, not a person."""
    forms = "|".join(map(re.escape, _forms_longest_first()))
    return re.compile(rf"[ \t]+(?:{forms})(?![\wæøå])")


def legal_forms() -> str:
    return "(?:" + "|".join(map(re.escape, _forms_longest_first())) + ")"


def is_role(word: str) -> bool:
    w = word.lower().strip(".,:()")
    exact, suffixes = _roles()
    return w in exact or (len(w) > 4 and w.endswith(suffixes))


def is_party(word: str) -> bool:
    return word.casefold().strip("()") in _parties()


@cache
def _unit() -> re.Pattern:
    """A unit of an organisation in the definite form: "Formidlingsavdelingen", "Kollegiesekretariatet"."""
    units = "|".join(map(re.escape, lexicon.words("organisations", "units")))
    return re.compile(rf"[A-ZÆØÅ][a-zæøå]{{3,}}(?:{units})")


@cache
def _organisation_endings() -> tuple[str, ...]:
    """Word endings of bodies and institutions: "Representantskapet", "Lærerakademi", "Misjonshøgskolen"."""
    return tuple(lexicon.words("bodies", "suffixes") + lexicon.words("organisations", "institution-kinds")
                 + lexicon.words("organisations", "word-endings"))


def is_organisation_word(tok: str) -> bool:
    low = tok.casefold()
    return len(low) > 5 and low.endswith(_organisation_endings())


def is_name_token(tok: str) -> bool:
    if tok in stop_words() or is_role(tok) or is_party(tok) or _unit().fullmatch(tok) or is_organisation_word(tok):
        return False
    if re.fullmatch(r"[A-ZÆØÅ]\.", tok):  # an initial "N."
        return True
    return bool(re.fullmatch(rf"[{NAME_UPPER}][{NAME_LOWER}'’]+(?:-[{NAME_UPPER}]?[{NAME_LOWER}]+)*", tok))




@cache
def _generic_bodies() -> frozenset[str]:
    """The organs minutes name by their kind alone, in every form: "styre", "styret", "eldrerådet"."""
    out = set()
    for word, canonical in lexicon.mapping("bodies", "words").items():
        out |= {word.casefold(), canonical.casefold()}
    for word in lexicon.words("bodies", "suffixes"):
        out.add(word.casefold())
    return frozenset(out)


def is_generic_body(word: str) -> bool:
    """"Styret", "Representantskapsmøtet", "Formannskapets", "Eldrerådet": an organ named by its kind."""
    low = word.casefold().rstrip("s") if word.casefold().endswith(("ets", "ens", "as")) else word.casefold()
    if low in _generic_bodies():
        return True
    stem = low[:-5] if low.endswith("møtet") else low[:-4] if low.endswith("møte") else None
    return bool(stem) and (stem in _generic_bodies() or stem.rstrip("s") in _generic_bodies())
