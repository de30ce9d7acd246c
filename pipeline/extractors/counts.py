"""Counts: a cardinal number that counts people, bodies, items or events (spec §2).

A number counts when a noun phrase (the unit) follows it. The unit is read from
underthesea's words of a short window after the number, so that a stop word is
recognised as a whole word ("học" stops a unit, "học sinh" does not); only those
windows are tokenized, never the whole article.
"""

from __future__ import annotations

from functools import cache

import regex

from pipeline import rules
from pipeline.extractors import money
from pipeline.models import Count
from pipeline.text import numbers
from pipeline.text.segment import Document, Span, tokenize_words

LEXICON = "counts/lexicon"
_PUNCT = regex.compile(r"[\p{P}\p{S}\n]")
_YEAR = regex.compile(r"(?:19|20)\d\d")
_DIGITS_NEXT = regex.compile(r"[ \t]+\d")  # "0913 456", "lớp 5": more digits after a space
# Patterns anchored at the end of a look-back window are searched in reverse (regex.REVERSE):
# the same answer, found from the end instead of trying every start position.
_CODE_BEFORE = regex.compile(r"(?<![\p{L}\p{M}])\p{Lu}{2,}[ \t]+$", regex.REVERSE)
_HYPHENATED = regex.compile(r"\p{L}\s*[-–]\s*$", regex.REVERSE)


@cache
def _lexicon() -> dict:
    lex = rules.load(LEXICON)
    return {
        "stop": {word.lower() for word in lex["unit_stop_words"]},
        "non_count": {word.lower() for word in lex["non_count_units"]},
        # "ba nông trường", "hai công ty": bodies are counted nouns too
        "spelled_nouns": {word.lower() for word in lex["spelled_count_nouns"]}
        | {head.lower() for head in rules.load("organizations/lexicon")["heads"] if not head.isupper()},
        "ambiguous_spelled": {word.lower() for word in lex["ambiguous_spelled"]},
        "year_before": set(lex["year_words_before_nam"]),
        "max": int(lex["max_unit_syllables"]),
        "attached": tuple(lex["attached_non_count"]),
    }


@cache
def _patterns() -> dict[str, regex.Pattern[str]]:
    lex = rules.load(LEXICON)
    qualifier = numbers.qualifier_pattern()
    scale = numbers.scale_pattern()
    number = (
        rf"(?P<digits>{numbers.DIGITS})(?:\s*(?P<scale>{scale})(?![\p{{L}}]))?|(?P<spelled>{numbers.spelled_pattern()})"
    )
    return {
        "number": regex.compile(
            rf"(?<![\p{{L}}\p{{M}}\d.,/:])(?:(?P<qual>{qualifier})\s+)?(?:{number})(?=[ \t]+\S)",
            regex.IGNORECASE,
        ),
        "number_before": regex.compile(rf"(?:\d|(?<![\p{{L}}])(?:{numbers.spelled_pattern()}))\s+$", regex.REVERSE),
        "preceder": regex.compile(
            rf"(?<![\p{{L}}])(?:{rules.alternation(lex['non_count_preceders'])})\s*[-–:]?\s*$", regex.REVERSE
        ),
        "preceder_exception": regex.compile(
            rf"(?<![\p{{L}}])(?:{rules.alternation(lex['preceder_exceptions'])})\s*$", regex.IGNORECASE | regex.REVERSE
        ),
        "stop_start": regex.compile(
            rf"^(?:{rules.alternation(lex['unit_stop_words'])})(?![\p{{L}}])", regex.IGNORECASE
        ),
    }


def starts_with_stop_word(text: str) -> bool:
    """True when `text` begins with a word that cannot start a counted noun phrase."""
    return bool(_patterns()["stop_start"].match(text))


_SYLLABLES = regex.compile(r"(?:[ \t]*[^\s\p{P}\p{S}]+){1,7}")


def _window(text: str, start: int) -> tuple[int, int]:
    """From `start` over at most seven syllables, stopping at punctuation or a newline:
    enough to read a unit of five syllables and where it ends."""
    span = _SYLLABLES.match(text, start)
    return start, span.end() if span else start


def unit_after(doc: Document, start: int) -> list[Span]:
    """The counted noun phrase that starts at `start`: words up to a stop word or punctuation."""
    begin, end = _window(doc.text, start)
    lex = _lexicon()
    unit: list[Span] = []
    syllables = 0
    for word in doc.words_in(begin, end):
        lowered = word.text.lower()
        if lowered in lex["stop"] or any(ch.isdigit() for ch in word.text):
            break
        size = len(word.text.split())
        if unit and syllables + size > lex["max"]:
            break
        unit.append(word)
        syllables += size
    return unit


def _non_count_name(word: str, lex: dict) -> bool:
    """'tháng Chạp', 'năm Giáp Thìn': a time word followed by a name."""
    syllables = word.split()
    return len(syllables) > 1 and syllables[0].lower() in lex["non_count"] and syllables[1][:1].isupper()


def _inside_word(doc: Document, match: regex.Match[str]) -> bool:
    """'tâm tư công nhân', 'đầu năm đơn vị': the spelled number is part of a word before it."""
    start = match.start("spelled")
    previous = doc.text.rfind(" ", 0, max(0, start - 1)) + 1
    if previous >= start or not doc.text[previous:start].strip():
        return False
    if match.group("spelled").lower() == "năm" and doc.text[previous:start].strip() in _lexicon()["year_before"]:
        return True
    end = min(len(doc.text), match.end("spelled") + 12)
    words = tokenize_words(doc.text[previous:end])
    return not any(previous + word.start == start for word in words)


def _is_abbreviation(word: str) -> bool:
    return len(word) >= 2 and word.isupper()


def number_is_not_a_count(before: str) -> bool:
    """True when the words before a number make it an ordinal, a date part or an identifier."""
    patterns = _patterns()
    return bool(patterns["preceder"].search(before)) and not patterns["preceder_exception"].search(before)


def _rejected_by_context(doc: Document, match: regex.Match[str]) -> bool:
    text = doc.text
    number_end = match.end()
    if match.group("digits") and not match.group("scale"):
        digits = match.group("digits")
        if _YEAR.fullmatch(digits):
            return True
        after = text[match.end("digits") : match.end("digits") + 2]
        if after[:1] and (after.startswith(_lexicon()["attached"]) or after[:1].isalpha()):
            return True
        # "0913 456 789", "603 0": digits followed by more digits are an identifier.
        if _DIGITS_NEXT.match(text, number_end):
            return True
    number_start = match.start("qual") if match.group("qual") else match.start()
    before = text[max(0, number_start - 40) : number_start]
    if match.group("spelled") and _patterns()["number_before"].search(before):
        return True  # "hai năm chị ...": "năm" belongs to "hai năm" (two years)
    if number_is_not_a_count(before):
        return True
    if _CODE_BEFORE.search(before):
        return True  # "tàu PY 90456 TS": a number after a capital-letter code is an identifier
    # "Covid-19", "Covid – 19": a number hyphenated to a word is part of a name.
    return bool(_HYPHENATED.search(before))


def _to_fact(doc: Document, match: regex.Match[str], unit: list[Span]) -> Count | None:
    if match.group("spelled"):
        value = numbers.parse_spelled(match.group("spelled"))
    else:
        digits = match.group("digits")
        if match.group("scale"):
            value = numbers.parse_scaled(f"{digits} {match.group('scale')}")
        else:
            parsed = numbers.parse_digits(digits)
            value = int(parsed) if parsed == int(parsed) else None
    if not value or value < 1:
        return None
    qualifier = "exact"
    if match.group("qual"):
        qualifier = numbers.qualifiers().get(" ".join(match.group("qual").lower().split()), "exact")
    end = unit[-1].end
    return Count(
        text=doc.text[match.start() : end],
        char_start=match.start(),
        char_end=end,
        sentence=doc.sentence_at(match.start()).text,
        rule="counts.spelled_number" if match.group("spelled") else "counts.number_unit",
        value=value,
        unit=doc.text[unit[0].start : end],
        qualifier=qualifier,
    )


def extract(doc: Document, money_facts: list | None = None) -> list[Count]:
    """Counts in `doc`; numbers inside money amounts are skipped (pass the money facts
    if already extracted, to avoid finding them again)."""
    lex = _lexicon()
    money_facts = money.extract(doc) if money_facts is None else money_facts
    money_spans = [(fact.char_start, fact.char_end) for fact in money_facts]
    facts: list[Count] = []
    for match in _patterns()["number"].finditer(doc.text):
        if any(start < match.end() and match.start() < end for start, end in money_spans):
            continue
        if _rejected_by_context(doc, match):
            continue
        unit = unit_after(doc, match.end())
        if not unit:
            continue
        first = unit[0].text
        if first.lower() in lex["non_count"] or _non_count_name(first, lex):
            continue
        if match.group("spelled"):
            spelled = match.group("spelled").strip().lower()
            if not first[0].islower():
                continue
            if spelled in lex["ambiguous_spelled"] and not any(
                doc.text[unit[0].start : unit[-1].end].lower().startswith(noun) for noun in lex["spelled_nouns"]
            ):
                continue
            if match.group("spelled").strip().lower() == "một" or _inside_word(doc, match):
                continue
        elif first[0].isupper() and not _is_abbreviation(first.split()[0]):
            continue
        if _DIGITS_NEXT.match(doc.text, unit[0].end):
            continue  # "năm lớp 5", "hai tổ 3": the noun is numbered, so the number before is not a count
        fact = _to_fact(doc, match, unit)
        if fact:
            facts.append(fact)
    return facts
