"""The trie alternation finds what the plain longest-first alternation finds (hypothesis).

`pipeline.text.patterns.alternation` writes word lists as tries for speed; every rule's
pattern goes through it, so it must match the same text at the same places, also under
IGNORECASE, REVERSE and after a letter check."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text.patterns import NO_LETTER_AFTER, _literal, alternation, alternation_first_letter_exact

SYLLABLES = [
    "Chủ",
    "chủ",
    "tịch",
    "Tịch",
    "Phó",
    "phó",
    "Ban",
    "ban",
    "LĐLĐ",
    "TP.",
    "Công",
    "đoàn",
    "cơ",
    "sở",
    "a",
    "A",
]
phrase = st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=4).map(" ".join)
text = st.lists(st.sampled_from([*SYLLABLES, " ", "  ", ",", "x"]), max_size=30).map(" ".join)


def _plain(items: list[str]) -> str:
    return "|".join(_literal(item) for item in sorted(set(items), key=lambda item: (-len(item), item)))


def _plain_first_exact(items: list[str]) -> str:
    ordered = sorted(set(items), key=lambda item: (-len(item), item))
    return "|".join(regex.escape(i[0]) + (f"(?i:{_literal(i[1:])})" if i[1:] else "") for i in ordered)


def _found(pattern: str, flags: int, sample: str) -> list[tuple[tuple[int, int], str]]:
    compiled = regex.compile(f"(?:{pattern}){NO_LETTER_AFTER}", flags)
    return [(m.span(), m.group()) for m in compiled.finditer(sample, overlapped=True)]


@settings(max_examples=300, deadline=None)
@given(st.lists(phrase, min_size=1, max_size=12), text, st.sampled_from([0, regex.IGNORECASE]))
def test_trie_matches_as_the_plain_alternation(items: list[str], sample: str, flags: int) -> None:
    assert _found(alternation(items), flags, sample) == _found(_plain(items), flags, sample)
    assert _found(alternation_first_letter_exact(items), 0, sample) == _found(_plain_first_exact(items), 0, sample)


@settings(max_examples=200, deadline=None)
@given(st.lists(phrase, min_size=1, max_size=12), text, st.sampled_from([0, regex.IGNORECASE]))
def test_trie_anchored_at_the_end_searched_in_reverse(items: list[str], sample: str, flags: int) -> None:
    for end in range(len(sample) + 1):
        window = sample[:end]
        pattern = "(?:{})\\s*$"
        new = regex.search(pattern.format(alternation(items, "backward")), window, flags | regex.REVERSE)
        old = regex.search(pattern.format(_plain(items)), window, flags | regex.REVERSE)
        assert (new and new.span()) == (old and old.span())


@settings(max_examples=200, deadline=None)
@given(st.lists(phrase, min_size=1, max_size=12), text, st.sampled_from([0, regex.IGNORECASE]))
def test_a_piece_used_both_ways_is_the_plain_alternation(items: list[str], sample: str, flags: int) -> None:
    assert alternation(items, "both") == _plain(items)
    assert _found(alternation(items, "both"), flags, sample) == _found(_plain(items), flags, sample)


def test_a_forward_trie_searched_backward_would_differ() -> None:
    """Why REVERSE patterns need the trie of the ends: the phrases that match at one end are
    suffixes of each other, which a trie of the starts does not order."""
    items = ["tịch", "Chủ tịch", "tịch Chủ Nhiệm"]  # the longest first puts the "t" branch first
    backward = regex.search(f"(?:{alternation(items, 'backward')})\\s*$", "Chủ tịch", regex.REVERSE)
    forward = regex.search(f"(?:{alternation(items)})\\s*$", "Chủ tịch", regex.REVERSE)
    assert backward.span() == (0, 8)
    assert forward.span() == (4, 8)


def test_the_pattern_is_the_same_in_every_process() -> None:
    """Ties in length are ordered by the phrase, not by a set's hash order."""
    assert alternation(["tịch Chủ", "Chủ tịch"]) == alternation(["Chủ tịch", "tịch Chủ"])
    assert alternation(["ab", "ba"], "both") == "ab|ba"


def test_an_empty_list_matches_nothing() -> None:
    """An emptied word list in rules/ must switch its rule off, not match the empty string at
    every position (which made "bằng" optional wherever the list was spliced in)."""
    for pattern in (alternation([]), alternation_first_letter_exact([""]), alternation([], "both")):
        assert regex.search(f"a(?:{pattern})", "a b") is None
        assert regex.search(pattern, "") is None
