"""Text normalization: the form every offset refers to.

Web text arrives as NFC or NFD and with either tone placement (`hoà` / `hòa`,
`uỷ` / `ủy`). We store NFC with the tone mark on the first vowel of the open
syllables oa, oe, uy (`hòa`, `khỏe`, `ủy`), the form most Vietnamese news uses,
so that every spelling extracts the same facts.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
_QUOTES = regex.compile(r"[\"“”‘’'«»]")
_SYLLABLE = regex.compile(r"[\p{L}\p{M}]+")
# In NFD, an old-style open syllable ends in o/u, then a/e/y, then the tone mark.
# "qu" and "gi" are consonant clusters, so "quý" keeps its tone on y.
_OPEN_PAIR = regex.compile(rf"^([^\W\d_]*?)([oOuU])([aAeEyY])([{_TONES}])$")
_SPACES = regex.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")
_ZERO_WIDTH = regex.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")


def _retone(match: regex.Match[str]) -> str:
    syllable = match.group(0)
    pair = _OPEN_PAIR.match(syllable)
    if not pair:
        return syllable
    initial, first, second, tone = pair.groups()
    if initial.lower().endswith("q") or (initial.lower() == "g" and first in "uU"):
        return syllable
    return f"{initial}{first}{tone}{second}"


# In NFC, an old-style syllable shows as o/u followed by a toned a/e/y at the end of a word:
# most articles have none, and then the per-syllable pass is skipped.
_TONED_SECOND = "".join(unicodedata.normalize("NFC", vowel + tone) for vowel in "aAeEyY" for tone in _TONES)
_OLD_STYLE_HINT = regex.compile(rf"(?<![qQ])[oOuU][{_TONED_SECOND}](?![\p{{L}}\p{{M}}])")


# Scraped text that lost a space glues a syllable to a capitalized one: "Công đoànGiáo dục".
_GLUED = regex.compile(r"(?<![\p{L}\p{M}])(\p{L}\p{Ll}*)(\p{Lu}\p{Ll}+)(?![\p{L}\p{M}])")


def _unglue(match: regex.Match[str]) -> str:
    """A space between two Vietnamese syllables glued together; brand names ("VinFast", "iPhone")
    are written in ASCII and stay as they are."""
    from pipeline.text.decode import is_vietnamese_syllable

    left, right = match.groups()
    if match.group().isascii() or not (is_vietnamese_syllable(left) and is_vietnamese_syllable(right)):
        return match.group()
    return f"{left} {right}"


# ... or to a lower-case one ("Phù Cátcùng", "Hải Phòngtrao"): a word of six letters or more that
# is no syllable but splits into two in exactly one way.
_LONG_WORD = regex.compile(r"(?<![\p{L}\p{M}'’])(?=\p{L}*[^\p{ASCII}])\p{L}{6,}(?![\p{L}\p{M}'’])")


def _split_glued(match: regex.Match[str]) -> str:
    from pipeline.text.decode import has_syllable_shape

    word = match.group()
    if word.isascii() or has_syllable_shape(word):
        return word
    splits = [
        cut
        for cut in range(2, len(word) - 1)
        if word[cut].islower() and has_syllable_shape(word[:cut]) and has_syllable_shape(word[cut:])
    ]
    return f"{word[: splits[0]]} {word[splits[0] :]}" if len(splits) == 1 else word


def normalize_text(text: str) -> str:
    """NFC, modern tone placement, one kind of space, glued syllables apart; newlines are kept
    (they separate captions)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = _SPACES.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    # Apart first, then the tone placement of each syllable (the other order is not idempotent:
    # a split can leave an old-style syllable behind).
    text = _LONG_WORD.sub(_split_glued, _GLUED.sub(_unglue, text))
    if _OLD_STYLE_HINT.search(text):
        text = unicodedata.normalize("NFC", _SYLLABLE.sub(_retone, unicodedata.normalize("NFD", text)))
    return text


@lru_cache(maxsize=8192)  # names and canonicals are folded again and again (10k calls in 300 articles)
def fold(text: str) -> str:
    """Comparison key: normalized, lower case, single spaces, no quotes."""
    text = normalize_text(text).lower()
    text = _QUOTES.sub("", text)
    return " ".join(text.split())
