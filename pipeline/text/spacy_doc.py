"""spaCy Docs built from underthesea's tokens (spaCy has no Vietnamese tokenizer of its own
without pyvi), so rule files can hold spaCy Matcher patterns over Vietnamese syllables."""

from __future__ import annotations

from functools import cache

from pipeline.text.document import Document


@cache
def vocab():
    import spacy

    return spacy.blank("xx").vocab


def sentence_doc(doc: Document, start: int, end: int):
    """A spaCy Doc of text[start:end], one token per syllable, number or punctuation mark
    (underthesea's tokens before its CRF: the patterns need no word boundaries, and the CRF
    was most of the cost); `offsets[i]` is token i's (start, end) in the article text."""
    from spacy.tokens import Doc

    words = doc.syllables_in(start, end)
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
