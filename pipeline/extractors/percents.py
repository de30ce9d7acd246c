"""Percentages (spec §5): `90% công đoàn cơ sở` -> 90, of `công đoàn cơ sở`.

Runs spaCy Matcher patterns from rules/percents/lexicon.yaml over underthesea's
tokens of a short window around each percent sign or word, never the whole sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex

from pipeline.extractors.registry import Component
from pipeline.lexicon import Lexicon, Section, section
from pipeline.models import Percent
from pipeline.text.clauses import noun_phrase_after
from pipeline.text.document import Document
from pipeline.text.numbers import parse_digits
from pipeline.text.spacy_doc import matcher, sentence_doc, vocab

_SKIP_WINDOW = 64  # characters after a percent where "số", "tổng số" ... may stand


@section("percents/lexicon")
class PercentsLexicon(Section):
    patterns: dict[str, list[dict[str, Any]]]
    triggers: tuple[str, ...]
    skip_before_of: tuple[str, ...]


@dataclass(frozen=True)
class PercentPatterns:
    matcher: Any
    trigger: regex.Pattern[str]
    skip_before_of: tuple[str, ...]


def _compile(lexicon: Lexicon) -> PercentPatterns:
    lex = lexicon.section("percents/lexicon", PercentsLexicon)
    triggers = "|".join(regex.escape(t) for t in lex.triggers)
    return PercentPatterns(
        matcher=matcher(lex.patterns),
        trigger=regex.compile(rf"\d[\d.,]*\s*(?:{triggers})"),
        skip_before_of=tuple(sorted(lex.skip_before_of, key=len, reverse=True)),
    )


def extract(doc: Document, lexicon: Lexicon) -> list[Percent]:
    patterns = lexicon.derived(_compile)
    facts: list[Percent] = []
    for trigger in patterns.trigger.finditer(doc.text):
        sentence = doc.sentence_at(trigger.start())
        start = max(sentence.start, doc.text.rfind(" ", sentence.start, max(sentence.start, trigger.start() - 1)) + 1)
        end = min(sentence.end, trigger.end() + 60)
        spacy_doc, offsets = sentence_doc(doc, start, end)
        if spacy_doc is None:
            continue
        for match_id, first, last in patterns.matcher(spacy_doc):
            begin, finish = offsets[first][0], offsets[last - 1][1]
            if not begin <= trigger.start() < finish:
                continue
            value = float(parse_digits(spacy_doc[first].text))
            if value <= 0:
                continue
            of_start = finish
            # Only a short window after the percent is read: the whole rest of the article once
            # per percent made a dense article quadratic.
            window = doc.text[finish : finish + _SKIP_WINDOW]
            following = window.lstrip(" ")
            for skip in patterns.skip_before_of:
                if following.lower().startswith(skip + " "):
                    of_start = finish + (len(window) - len(following)) + len(skip)
                    break
            unit = noun_phrase_after(doc, of_start, lexicon)
            facts.append(
                Percent(
                    text=doc.text[begin:finish],
                    char_start=begin,
                    char_end=finish,
                    sentence=sentence.text,
                    rule=f"percents.{vocab().strings[match_id]}",
                    value=value,
                    of=doc.text[unit[0].start : unit[-1].end] if unit else "",
                )
            )
    return facts


COMPONENT = Component(kind="percents", model=Percent, extract=extract)
