"""The Norwegian lexicon: every domain word the pipeline knows, as data, bokmål and nynorsk side by side.

Each `*.txt` file in this folder is one kind of word (attendance labels, header labels, case prefixes, decision
phrases, roles, parties, legal forms, bodies, months and weekdays ...). The format is meant to be edited by
hand:

    # a comment
    [section]                 entries below belong to this section (a status, a field, a kind of word)
    Til stede                 one phrase per line; matching ignores case and takes any run of whitespace
    Møteleder = møteleder     a phrase with a value (a role, a canonical name, a number)
    Til stede fra ...         "..." stands for a few words of any kind (at the start: for one word,
                              "... vedtak" is "Formannskapets vedtak")

Files are read and compiled once per process. Code asks for sections (`words`, `mapping`) or for a
regular-expression alternation of a section's phrases (`alternation`), never spells the words itself.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

WILDCARD = "..."
# what "..." matches: a few words on one line, no colon (a label's colon ends it)
_WILDCARD_RE = r"[^\n\f:]{1,40}"
_ONE_WORD_RE = r"[^\s:]{1,30}"


@dataclass(frozen=True)
class Entry:
    phrase: str
    value: str | None = None


@cache
def sections(name: str) -> dict[str, tuple[Entry, ...]]:
    """The sections of lexicon file `name` (without .txt), in file order."""
    text = resources.files(__name__).joinpath(f"{name}.txt").read_text(encoding="utf-8")
    out: dict[str, list[Entry]] = {}
    current = ""
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
            out.setdefault(current, [])
            continue
        phrase, sep, value = line.partition(" = ")
        if not phrase.strip():
            raise ValueError(f"lexicon {name}.txt line {number}: empty phrase")
        if phrase.rstrip().endswith(":"):
            raise ValueError(f"lexicon {name}.txt line {number}: write a label without its colon: {line!r}")
        out.setdefault(current, []).append(Entry(" ".join(phrase.split()), value.strip() if sep else None))
    return {k: tuple(v) for k, v in out.items()}


def entries(name: str, section: str) -> tuple[Entry, ...]:
    try:
        return sections(name)[section]
    except KeyError:
        raise KeyError(f"lexicon {name}.txt has no section [{section}]") from None


@cache
def words(name: str, section: str) -> tuple[str, ...]:
    return tuple(e.phrase for e in entries(name, section))


def mapping(name: str, section: str) -> dict[str, str]:
    """phrase -> value for the section's entries (an entry without a value maps to itself)."""
    return {e.phrase: e.value if e.value is not None else e.phrase for e in entries(name, section)}


@cache
def folded_set(name: str, *section_names: str) -> frozenset[str]:
    """The case-folded phrases of the sections, for membership tests."""
    return frozenset(p.casefold() for s in section_names for p in words(name, s))


def phrase_regex(phrase: str) -> str:
    """A phrase as a regular expression: literal words, any whitespace between them, "..." a few words."""
    pieces = phrase.split(WILDCARD)
    out = r"\s+".join(re.escape(w) for w in pieces[0].split())
    for i, (before, piece) in enumerate(zip(pieces, pieces[1:])):
        # "... vedtak" at the start is the one word before ("Formannskapets vedtak"), not a stretch of the line
        leading = i == 0 and not before.strip()
        wildcard = _ONE_WORD_RE if leading else _WILDCARD_RE
        # the one word before a phrase stands on the phrase's line: "Møtende fra administrasjonen", never the
        # last word of the line above
        after = r"[ \t]+" if leading else r"\s+"
        out += (r"\s+" if before.endswith(" ") else "") + wildcard + (after if piece.startswith(" ") else "")
        out += r"\s+".join(re.escape(w) for w in piece.split())
    return out


def alternation(phrases) -> str:
    """One regex alternation of phrases, longest first so that the most specific label wins."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "|".join(f"(?:{phrase_regex(p)})" for p in ordered)


@cache
def compiled(name: str, section: str, flags: int = re.IGNORECASE) -> re.Pattern:
    """The section's phrases as one pattern between word boundaries."""
    return re.compile(rf"(?<![\wæøå])(?:{alternation(words(name, section))})(?![\wæøå])", flags)
