"""spaCy Docs built from underthesea's words (spaCy has no Vietnamese tokenizer of its own
without pyvi), so rule files can hold spaCy Matcher patterns over Vietnamese words."""

from __future__ import annotations

from functools import cache

from pipeline.text.document import Document


@cache
def vocab():
    import spacy

    return spacy.blank("xx").vocab


def sentence_doc(doc: Document, start: int, end: int):
    """A spaCy Doc of one sentence; `offsets[i]` is token i's start in the article text."""
    from spacy.tokens import Doc

    words = doc.words_in(start, end)
    if not words:
        return None, []
    spaces = [words[i + 1].start > words[i].end for i in range(len(words) - 1)] + [False]
    return Doc(vocab(), words=[w.text for w in words], spaces=spaces), [(w.start, w.end) for w in words]


def matcher(patterns: dict[str, list[dict]]):
    """A spaCy Matcher with one named rule per pattern (patterns come from rules/)."""
    from spacy.matcher import Matcher

    built = Matcher(vocab())
    for name, pattern in patterns.items():
        built.add(name, [pattern])
    return built
