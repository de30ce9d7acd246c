"""The `Document` every extractor reads and writes, like a spaCy `Doc`.

It holds the normalized text and its sentences, gives words of a span on demand
(cached: the tokenizer is the expensive step), and carries each kind's results:
a component reads the kinds it requires from `doc.facts` and writes its own, so no
extractor calls another or scans the text for another kind again.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pipeline.text.segment import Span, split_sentences, tokenize_syllables, tokenize_words


@dataclass
class Document:
    """A normalized article split into sentences; offsets index `text`."""

    text: str
    title: str = ""
    sentences: list[Span] = field(default_factory=list)
    published: date | None = None
    # kind -> facts, in the order the components ran (pipeline.extractors.run)
    facts: dict[str, list[Any]] = field(default_factory=dict)
    # what a component leaves for later ones besides its facts, by "kind.name"
    annotations: dict[str, Any] = field(default_factory=dict)
    _starts: list[int] = field(default_factory=list, repr=False)
    _word_cache: dict[tuple[int, int], list[Span]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._starts = [sentence.start for sentence in self.sentences]

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

    def syllables_in(self, start: int, end: int) -> list[Span]:
        """underthesea's tokens of text[start:end] before its CRF joins them into words."""
        return [Span(start + t.start, start + t.end, t.text) for t in tokenize_syllables(self.text[start:end])]

    def results(self, kind: str) -> list[Any]:
        """The facts of a kind an earlier component wrote (KeyError names a missing `requires`)."""
        if kind not in self.facts:
            raise KeyError(f"{kind} has not run on this document: add it to the component's requires")
        return self.facts[kind]


def segment(text: str, title: str = "", published: date | None = None) -> Document:
    return Document(text=text, title=title, sentences=split_sentences(text), published=published)
