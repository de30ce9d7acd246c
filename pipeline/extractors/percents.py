"""Percentages (spec §5): `90% công đoàn cơ sở` -> 90, of `công đoàn cơ sở`.

Runs spaCy Matcher patterns from rules/percents/lexicon.yaml over underthesea's
words, only in sentences that contain a percent sign or word.
"""

from __future__ import annotations

from functools import cache

from pipeline import rules
from pipeline.extractors.counts import unit_after
from pipeline.models import Percent
from pipeline.text.numbers import parse_digits
from pipeline.text.segment import Document
from pipeline.text.spacy_doc import matcher, sentence_doc, vocab

LEXICON = "percents/lexicon"


@cache
def _matcher():
    return matcher(rules.load(LEXICON)["patterns"])


@cache
def _trigger_re():
    import regex

    triggers = "|".join(regex.escape(t) for t in rules.load(LEXICON)["triggers"])
    return regex.compile(rf"\d[\d.,]*\s*(?:{triggers})")


def extract(doc: Document) -> list[Percent]:
    """Tokenizes only a short window around each percent sign or word, not the sentence."""
    lex = rules.load(LEXICON)
    facts: list[Percent] = []
    for trigger in _trigger_re().finditer(doc.text):
        sentence = doc.sentence_at(trigger.start())
        start = max(sentence.start, doc.text.rfind(" ", sentence.start, max(sentence.start, trigger.start() - 1)) + 1)
        end = min(sentence.end, trigger.end() + 60)
        spacy_doc, offsets = sentence_doc(doc, start, end)
        if spacy_doc is None:
            continue
        for match_id, first, last in _matcher()(spacy_doc):
            begin, finish = offsets[first][0], offsets[last - 1][1]
            if not begin <= trigger.start() < finish:
                continue
            value = float(parse_digits(spacy_doc[first].text))
            if value <= 0:
                continue
            of_start = finish
            for skip in sorted(lex["skip_before_of"], key=len, reverse=True):
                if doc.text[finish:].lstrip(" ").lower().startswith(skip + " "):
                    of_start = doc.text.index(" ", doc.text.lower().index(skip, finish) + len(skip) - 1)
                    break
            unit = unit_after(doc, of_start)
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
