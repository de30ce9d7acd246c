"""Regular expressions built from word lists: the one place phrases from rules/ become patterns."""

from __future__ import annotations

from collections.abc import Iterable

import regex

# A phrase is a whole word only when no letter (or combining mark) touches it.
NO_LETTER_BEFORE = r"(?<![\p{L}\p{M}])"
NO_LETTER_AFTER = r"(?![\p{L}\p{M}])"
# Years as written in the genre: 1945-2099.
YEAR = r"(?:19|20)\d\d"


def alternation(items: Iterable[str]) -> str:
    """A regex alternation of literal phrases, longest first, spaces matching any run of spaces."""
    ordered = sorted(set(items), key=len, reverse=True)
    return "|".join(regex.escape(item).replace(r"\ ", r"\s+") for item in ordered)


def alternation_first_letter_exact(items: Iterable[str]) -> str:
    """Like `alternation`, but only the first letter's case must match: news sites write
    "Ủy ban Nhân dân", "Phó trưởng Ban", "Công Đoàn" for the listed forms."""

    def one(item: str) -> str:
        rest = regex.escape(item[1:]).replace(r"\ ", r"\s+")
        return regex.escape(item[0]) + (f"(?i:{rest})" if rest else "")

    return "|".join(one(item) for item in sorted(set(items), key=len, reverse=True))


def whole_words(items: Iterable[str], flags: int = 0) -> regex.Pattern[str]:
    """Any of the phrases as whole words."""
    return regex.compile(rf"{NO_LETTER_BEFORE}(?:{alternation(items)}){NO_LETTER_AFTER}", flags)


def with_lower_first(items: Iterable[str]) -> list[str]:
    """The phrases as listed and with a lower-case first letter ("Chủ tịch", "chủ tịch")."""
    items = list(items)
    return items + [item[0].lower() + item[1:] for item in items]
