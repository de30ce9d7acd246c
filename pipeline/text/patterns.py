"""Regular expressions built from word lists: the one place phrases from rules/ become patterns."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import regex

# A phrase is a whole word only when no letter (or combining mark) touches it.
NO_LETTER_BEFORE = r"(?<![\p{L}\p{M}])"
NO_LETTER_AFTER = r"(?![\p{L}\p{M}])"
# Space that stays on its line: a number ending one line ("16:40", "8 giờ 15" of a date line) says nothing of the
# words that open the next.
LINE_SPACE = r"[^\S\n]"
# Years as written in the genre: 1945-2099.
YEAR = r"(?:19|20)\d\d"


Direction = Literal["forward", "backward", "both"]


NEVER = "(?!)"


def alternation(items: Iterable[str], direction: Direction = "forward") -> str:
    """A regex alternation of literal phrases, longest first, spaces matching any run of spaces.

    Written as a trie ("Phó Chủ tịch|Phó Bí thư" as "Phó\\s+(?:Chủ\\s+tịch|Bí\\s+thư)"): the same
    matches as the plain longest-first alternation, found several times faster, since the
    regex engine otherwise tries every phrase at every position. `direction` is how the pattern
    is searched: "backward" for patterns compiled with regex.REVERSE (a trie of the phrases'
    ends), "both" for a piece used both ways (the plain alternation)."""
    ordered = _longest_first(items)
    if not ordered:
        return NEVER  # an emptied word list must match nothing, not the empty string everywhere
    trie = None if direction == "both" else _trie(ordered, fold_from=None, backward=direction == "backward")
    if trie is None:
        return "|".join(_literal(item) for item in ordered)
    return trie


def alternation_first_letter_exact(items: Iterable[str], direction: Direction = "forward") -> str:
    """Like `alternation`, but only the first letter's case must match: news sites write
    "Ủy ban Nhân dân", "Phó trưởng Ban", "Công Đoàn" for the listed forms."""
    ordered = _longest_first(items)
    if not ordered:
        return NEVER
    trie = _trie(ordered, fold_from=1) if direction == "forward" else None
    if trie is not None:
        return trie

    def one(item: str) -> str:
        rest = _literal(item[1:])
        return regex.escape(item[0]) + (f"(?i:{rest})" if rest else "")

    return "|".join(one(item) for item in ordered)


def _longest_first(items: Iterable[str]) -> list[str]:
    """Longest first, ties in a fixed order: the same pattern in every process (a set's order
    changes with the interpreter's hash seed)."""
    return sorted({item for item in items if item}, key=lambda item: (-len(item), item))


def _literal(item: str) -> str:
    return regex.escape(item).replace(r"\ ", r"\s+")


def _trie(items: list[str], fold_from: int | None, backward: bool = False) -> str | None:
    """The phrases as a trie pattern, or None when two branches of one node differ only in
    case ("Chủ tịch", "chủ tịch"): matched case-insensitively, the first such branch would
    hide the other's phrases, so those lists keep the plain alternation (the characters before
    `fold_from` are matched in their case, so they may differ in case).

    Equivalent to the longest-first alternation: phrases that match at one position are
    prefixes of each other, and a trie with greedy optional tails tries the longer first.
    Searched backward (regex.REVERSE) the phrases that match at one end are suffixes of each
    other, so `backward` builds the trie of the phrases' ends, with greedy optional heads.
    `fold_from`: from this character on the phrase is matched case-insensitively."""
    if fold_from is not None and (fold_from == 0 or backward):
        raise ValueError("fold_from: forward only, from the second character on")
    root: dict[str, dict] = {}
    for item in items:
        node = root
        for index, char in enumerate(reversed(item) if backward else item):
            key = char.lower() if fold_from is not None and index >= fold_from else char
            node = node.setdefault(key, {})
        node[""] = {}

    def emit(node: dict[str, dict], depth: int) -> str | None:
        keys = [key for key in node if key]
        exact = fold_from is not None and depth < fold_from  # matched in its case whatever the flags
        if not exact and len({key.lower() for key in keys}) < len(keys):
            return None
        branches = []
        for key in keys:
            rest = emit(node[key], depth + 1)
            if rest is None:
                return None
            atom = r"\s+" if key == " " else regex.escape(key)
            if fold_from is not None and depth + 1 == fold_from and rest:
                rest = f"(?i:{rest})"
            branches.append(rest + atom if backward else atom + rest)
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a phrase ends (backward: starts) here: the longer ones are tried first
            return f"(?:{body})?" if len(branches) == 1 else f"{body}?"
        return body

    if not root:
        return ""
    return emit(root, 0)


def whole_words(items: Iterable[str], flags: int = 0) -> regex.Pattern[str]:
    """Any of the phrases as whole words."""
    return regex.compile(rf"{NO_LETTER_BEFORE}(?:{alternation(items)}){NO_LETTER_AFTER}", flags)


def with_lower_first(items: Iterable[str]) -> list[str]:
    """The phrases as listed and with a lower-case first letter ("Chủ tịch", "chủ tịch")."""
    items = list(items)
    return items + [item[0].lower() + item[1:] for item in items]
