"""Clauses and noun phrases: where the words that belong to a number or an amount end.

The words are in rules/common/clauses.yaml, shared by counts, money and percents: a
noun phrase stops at a stop word, read as a whole underthesea word ("học" stops a unit,
"học sinh" does not), and a clause at ; : or a newline.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from pipeline.lexicon import Lexicon, Section, section
from pipeline.text.document import Document
from pipeline.text.patterns import NO_LETTER_AFTER, NO_LETTER_BEFORE, alternation
from pipeline.text.segment import Span


@section("common/clauses")
class ClausesLexicon(Section):
    phrase_stop_words: tuple[str, ...]
    clause_breaks: tuple[str, ...]
    max_phrase_syllables: int
    and_words: tuple[str, ...]
    on_behalf_markers: tuple[str, ...]


@dataclass(frozen=True)
class Clauses:
    stop_words: frozenset[str]
    stop_start: regex.Pattern[str]
    breaks: regex.Pattern[str]
    max_syllables: int
    and_words: tuple[str, ...]
    on_behalf: regex.Pattern[str]  # searched backward from a body: "Thay mặt" right before it


def _compile(lexicon: Lexicon) -> Clauses:
    words = lexicon.section("common/clauses", ClausesLexicon)
    return Clauses(
        stop_words=frozenset(word.lower() for word in words.phrase_stop_words),
        stop_start=regex.compile(rf"^(?:{alternation(words.phrase_stop_words)}){NO_LETTER_AFTER}", regex.IGNORECASE),
        breaks=regex.compile("|".join(regex.escape(c) for c in words.clause_breaks)),
        max_syllables=words.max_phrase_syllables,
        and_words=words.and_words,
        on_behalf=regex.compile(
            rf"{NO_LETTER_BEFORE}(?:{alternation(words.on_behalf_markers, 'backward')})[\s\"“]*$",
            regex.IGNORECASE | regex.REVERSE,
        ),
    )


def clauses(lexicon: Lexicon) -> Clauses:
    return lexicon.derived(_compile)


def starts_with_stop_word(text: str, lexicon: Lexicon) -> bool:
    """True when `text` begins with a word that cannot start a counted noun phrase."""
    return bool(clauses(lexicon).stop_start.match(text))


def clause_before(doc: Document, start: int, lexicon: Lexicon) -> tuple[int, str]:
    """Text from the start of the sentence (or the last clause break) up to `start`."""
    sentence = doc.sentence_at(start)
    begin = sentence.start if sentence.start <= start else 0
    before = doc.text[begin:start]
    breaks = list(clauses(lexicon).breaks.finditer(before))
    if breaks:
        begin += breaks[-1].end()
        before = doc.text[begin:start]
    return begin, before


_SYLLABLES = regex.compile(r"(?:[ \t]*[^\s\p{P}\p{S}]+){1,7}")


def noun_phrase_after(doc: Document, start: int, lexicon: Lexicon) -> list[Span]:
    """The noun phrase that starts at `start` (a count's unit, what a percent is of): words up
    to a stop word, a digit or punctuation, within seven syllables so only a short window
    is tokenized."""
    span = _SYLLABLES.match(doc.text, start)
    if not span or span.group().lstrip()[:1].isdigit():
        return []  # a phrase starts with no digit, and its first word would hold one: no need to tokenize
    end = span.end()
    rules = clauses(lexicon)
    phrase: list[Span] = []
    syllables = 0
    for word in doc.words_in(start, end):
        if word.text.lower() in rules.stop_words or any(ch.isdigit() for ch in word.text):
            break
        size = len(word.text.split())
        if phrase and syllables + size > rules.max_syllables:
            break
        phrase.append(word)
        syllables += size
    return phrase
