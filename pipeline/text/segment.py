"""Segmentation with underthesea: sentences for every article, words only on demand.

Sentence splitting is cheap and every fact needs its sentence for provenance.
Word segmentation is the expensive step, so a `Document` tokenizes a span only
when an extractor asks for it (`words_in`) and caches the result.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache, lru_cache

import regex

_LINE = regex.compile(r"[^\n]+")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass
class Document:
    """A normalized article split into sentences; offsets index `text`."""

    text: str
    title: str = ""
    sentences: list[Span] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list, repr=False)
    _word_cache: dict[tuple[int, int], list[Span]] = field(default_factory=dict, repr=False)

    def sentence_at(self, offset: int) -> Span:
        """The sentence holding a character offset (the last one if past the end)."""
        if not self.sentences:
            return Span(0, len(self.text), self.text)
        index = max(0, bisect_right(self._starts, offset) - 1)
        return self.sentences[index]

    def words_in(self, start: int, end: int) -> list[Span]:
        """underthesea words of text[start:end], with offsets into the document."""
        key = (start, end)
        if key not in self._word_cache:
            self._word_cache[key] = [
                Span(start + w.start, start + w.end, w.text) for w in tokenize_words(self.text[start:end])
            ]
        return self._word_cache[key]


@cache
def _underthesea():
    from underthesea import sent_tokenize, word_tokenize

    return sent_tokenize, word_tokenize


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


@lru_cache(maxsize=65536)
def _tokenize_cached(text: str) -> tuple[Span, ...]:
    _, word_tokenize = _underthesea()
    return tuple(_align(word_tokenize(text), text))


def tokenize_words(text: str) -> list[Span]:
    """Word segmentation of a short text; offsets are relative to `text`.

    Cached: the same short spans (a unit after a number, an organization's tail)
    recur across an archive, and the CRF is the expensive step."""
    if not text.strip():
        return []
    return list(_tokenize_cached(text))


@lru_cache(maxsize=16384)
def pos_tags(text: str) -> tuple[tuple[str, str], ...]:
    """underthesea part-of-speech tags of a short text (word, tag); used sparingly."""
    from underthesea import pos_tag

    return tuple(pos_tag(text))


def split_sentences(text: str) -> list[Span]:
    """Lines first (captions, headlines and bylines stand on their own line), then underthesea's splitter."""
    sent_tokenize, _ = _underthesea()
    sentences: list[Span] = []
    for line in _LINE.finditer(text):
        if not line.group().strip():
            continue
        sentences.extend(_align(sent_tokenize(line.group()), line.group(), line.start()))
    return sentences


def segment(text: str, title: str = "") -> Document:
    sentences = split_sentences(text)
    return Document(text=text, title=title, sentences=sentences, _starts=[s.start for s in sentences])
