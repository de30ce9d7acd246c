"""Percentages (spec §5): `90% công đoàn cơ sở` -> 90, of `công đoàn cơ sở`.

Runs spaCy Matcher patterns from rules/percents/lexicon.yaml over underthesea's
words, only in sentences that contain a percent sign or word.
"""

from __future__ import annotations

from functools import cache

from pipeline import rules
from pipeline.extractors.counts import unit_after
from pipeline.models import Percent
from pipeline.numbers import parse_digits
from pipeline.segment import Document
from pipeline.spacy_doc import matcher, sentence_doc, vocab

LEXICON = "percents/lexicon"


@cache
def _matcher():
    return matcher(rules.load(LEXICON)["patterns"])


def extract(doc: Document) -> list[Percent]:
    lex = rules.load(LEXICON)
    facts: list[Percent] = []
    for sentence in doc.sentences:
        if not any(trigger in sentence.text for trigger in lex["triggers"]):
            continue
        spacy_doc, offsets = sentence_doc(doc, sentence.start, sentence.end)
        if spacy_doc is None:
            continue
        for match_id, first, last in _matcher()(spacy_doc):
            start, end = offsets[first][0], offsets[last - 1][1]
            value = float(parse_digits(spacy_doc[first].text))
            if value <= 0:
                continue
            of_start = end
            for skip in sorted(lex["skip_before_of"], key=len, reverse=True):
                if doc.text[end:].lstrip(" ").lower().startswith(skip + " "):
                    of_start = doc.text.index(" ", doc.text.lower().index(skip, end) + len(skip) - 1)
                    break
            unit = unit_after(doc, of_start)
            facts.append(
                Percent(
                    text=doc.text[start:end],
                    char_start=start,
                    char_end=end,
                    sentence=sentence.text,
                    rule=f"percents.{vocab().strings[match_id]}",
                    value=value,
                    of=doc.text[unit[0].start : unit[-1].end] if unit else "",
                )
            )
    return facts
