"""Segmentation with underthesea: sentences for every article, words only on demand.

Sentence splitting is cheap and every fact needs its sentence for provenance.
Word segmentation is the expensive step, so a `Document` (pipeline.text.document)
tokenizes a span only when an extractor asks for it and caches the result.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

_LINE = regex.compile(r"[^\n]+")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


_LOADING = threading.Lock()


@cache
def _underthesea():
    """underthesea's sentence splitter, word segmenter and tagger, their models loaded. underthesea
    assigns each model to its module's global before loading it, so a thread calling it during
    another thread's first load tags with an empty model (tests/test_threads.py): load all three
    here, one thread at a time."""
    with _LOADING:
        from underthesea import pos_tag, sent_tokenize, word_tokenize

        sent_tokenize("a. b.")
        word_tokenize("a b")
        pos_tag("a b")
    return sent_tokenize, word_tokenize, pos_tag


@cache
def _syllable_tokenizer():
    # underthesea's own first step: syllables, numbers and punctuation, no CRF
    from underthesea.pipeline.word_tokenize.regex_tokenize import tokenize

    return tokenize


def _align(pieces: list[str], text: str, base: int = 0) -> list[Span]:
    """Map strings produced from `text` back to offsets, tolerating the tokenizer's space changes."""
    spans: list[Span] = []
    cursor = 0
    for piece in pieces:
        first = piece.split()[0] if piece.split() else piece
        found = text.find(first, cursor)
        if found < 0:
            continue
        # Walk the piece's words to find where it ends in the original text.
        end = found
        for part in piece.split():
            at = text.find(part, end)
            if at < 0:
                break
            end = at + len(part)
        spans.append(Span(base + found, base + end, text[found:end]))
        cursor = end
    return spans


@cache
def _dictionary() -> list[str]:
    """underthesea's word list (the CRF's dictionary feature), lower case, sorted for prefix search."""
    from pathlib import Path

    import joblib
    from underthesea.pipeline import word_tokenize as package

    models = Path(package.__file__).parent / "models"
    return sorted(word.lower() for word in joblib.load(next(models.glob("*/dictionary.bin"))))


def starts_known_word(syllables: str) -> bool:
    """Does underthesea's dictionary hold a word that begins with these syllables and goes on
    ("y tế" begins "y tế"; "hà chi" begins nothing)? A cheap test before asking the CRF."""
    words = _dictionary()
    key = syllables.lower()
    at = bisect_left(words, key)
    return at < len(words) and (words[at] == key or words[at].startswith(key + " "))


def is_known_word(syllables: str) -> bool:
    """Is this exactly one of underthesea's dictionary words ("trợ cấp": yes; "tỉnh đã": no)?"""
    words = _dictionary()
    key = syllables.lower()
    at = bisect_left(words, key)
    return at < len(words) and words[at] == key


# Bounded so a worker's memory stays flat on a long archive: over 3,000 non-repeating
# articles 4,096 entries answered 71% of lookups and 65,536 (never full: 17,161 used) 75%,
# at 0.5-1 KB an entry; 8,192 keeps nearly all of the hits at a few MB.
@lru_cache(maxsize=8192)
def _tokenize_cached(text: str) -> tuple[Span, ...]:
    _, word_tokenize, _ = _underthesea()
    return tuple(_align(word_tokenize(text), text))


def tokenize_words(text: str) -> list[Span]:
    """Word segmentation of a short text; offsets are relative to `text`.

    Cached: the same short spans (a unit after a number, an organization's tail)
    recur across an archive, and the CRF is the expensive step."""
    if not text.strip():
        return []
    return list(_tokenize_cached(text))


def tokenize_syllables(text: str) -> list[Span]:
    """The tokens underthesea's CRF joins into words: syllables, numbers ("1.234,5") and
    punctuation, each alone. For rules that need no word boundaries ("90" "%"): about
    twenty times cheaper than `tokenize_words`, so not cached."""
    if not text.strip():
        return []
    return _align(_syllable_tokenizer()(text), text)


@lru_cache(maxsize=4096)
def pos_words(text: str) -> tuple[str, ...]:
    """underthesea's words of a short text as it writes them: the very words `pos_tags` tags
    (its pos_tag tags the output of word_tokenize), known at the cost of one CRF instead of two."""
    _, word_tokenize, _ = _underthesea()
    return tuple(word_tokenize(text))


@lru_cache(maxsize=4096)
def pos_tags(text: str) -> tuple[tuple[str, str], ...]:
    """underthesea part-of-speech tags of a short text (word, tag); used sparingly."""
    *_, pos_tag = _underthesea()
    return tuple(pos_tag(text))


def split_sentences(text: str) -> list[Span]:
    """Lines first (captions, headlines and bylines stand on their own line), then underthesea's splitter."""
    sent_tokenize, _, _ = _underthesea()
    sentences: list[Span] = []
    for line in _LINE.finditer(text):
        if not line.group().strip():
            continue
        sentences.extend(_align(sent_tokenize(line.group()), line.group(), line.start()))
    return sentences


def starts_inside_word(text: str, begin: int, start: int, end: int) -> bool:
    """Does underthesea put the syllable at `start` inside a word that begins earlier?
    ("tâm tư công nhân": "tư" is part of "tâm tư"; "Hội trường": "trường" is no school).
    Only text[begin:end], a few syllables around it, is tokenized."""
    for word in tokenize_words(text[begin:end]):
        if begin + word.start < start < begin + word.end:
            return True
    return False


def warm_up() -> None:
    """Load what the extractors may ask for later: the word and part-of-speech models and the
    dictionary (a forked worker then shares them instead of loading its own)."""
    _underthesea()
    _dictionary()
