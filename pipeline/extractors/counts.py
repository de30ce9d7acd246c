"""Counts: a cardinal number that counts people, bodies, items or events (spec §2).

A number counts when a noun phrase (the unit) follows it. The unit is read from
underthesea's words of a short window after the number, so that a stop word is
recognised as a whole word ("học" stops a unit, "học sinh" does not); only those
windows are tokenized, never the whole article.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from pipeline.extractors.registry import Component
from pipeline.lexicon import Lexicon, Section, section
from pipeline.models import Count
from pipeline.text.clauses import noun_phrase_after
from pipeline.text.document import Document
from pipeline.text.gazetteers import body_words
from pipeline.text.numbers import DIGITS, NumberWords, number_words, parse_digits
from pipeline.text.patterns import YEAR, alternation
from pipeline.text.segment import Span, starts_inside_word
from pipeline.text.spans import overlaps_any

_YEAR = regex.compile(YEAR)
_DIGITS_NEXT = regex.compile(r"[ \t]+\d")  # "0913 456", "lớp 5": more digits after a space
# Patterns anchored at the end of a look-back window are searched in reverse (regex.REVERSE):
# the same answer, found from the end instead of trying every start position.
_CODE_BEFORE = regex.compile(r"(?<![\p{L}\p{M}])\p{Lu}{2,}[ \t]+$", regex.REVERSE)
_HYPHENATED = regex.compile(r"\p{L}\s*[-–]\s*$", regex.REVERSE)


@section("counts/lexicon")
class CountsLexicon(Section):
    non_count_units: tuple[str, ...]
    ambiguous_spelled: tuple[str, ...]
    spelled_count_nouns: tuple[str, ...]
    attached_non_count: tuple[str, ...]
    year_words_before_nam: tuple[str, ...]
    spelled_year_word: tuple[str, ...]
    capitalized_count_nouns: tuple[str, ...]
    vague_quantifiers: tuple[str, ...]


@dataclass(frozen=True)
class CountPatterns:
    numbers: NumberWords
    non_count: frozenset[str]
    vague: frozenset[str]
    spelled_nouns: frozenset[str]
    ambiguous_spelled: frozenset[str]
    year_before: frozenset[str]
    year_word: frozenset[str]
    attached: tuple[str, ...]
    capitalized_unit: regex.Pattern[str]
    number: regex.Pattern[str]
    number_before: regex.Pattern[str]


def _compile(lexicon: Lexicon) -> CountPatterns:
    lex = lexicon.section("counts/lexicon", CountsLexicon)
    numbers = number_words(lexicon)
    number = (
        rf"(?P<digits>{DIGITS})(?:\s*(?P<scale>{numbers.scale_pattern})(?![\p{{L}}]))?"
        rf"|(?P<spelled>{numbers.spelled_pattern})"
    )
    return CountPatterns(
        numbers=numbers,
        non_count=frozenset(word.lower() for word in lex.non_count_units),
        vague=frozenset(word.lower() for word in lex.vague_quantifiers),
        # "ba nông trường", "hai công ty": bodies are counted nouns too
        spelled_nouns=frozenset(word.lower() for word in lex.spelled_count_nouns)
        | frozenset(head.lower() for head in body_words(lexicon).heads if not head.isupper()),
        ambiguous_spelled=frozenset(word.lower() for word in lex.ambiguous_spelled),
        year_before=frozenset(lex.year_words_before_nam),
        year_word=frozenset(lex.spelled_year_word),
        attached=tuple(lex.attached_non_count),
        capitalized_unit=regex.compile(
            rf"[ \t]*[“\"]?(?P<unit>{alternation(lex.capitalized_count_nouns)})(?![\p{{L}}\p{{M}}])"
        ),
        number=regex.compile(
            rf"(?<![\p{{L}}\p{{M}}\d.,/:])(?:(?P<qual>{numbers.qualifier_pattern})\s+)?(?:{number})(?=[ \t]+\S)",
            regex.IGNORECASE,
        ),
        number_before=regex.compile(rf"(?:\d|(?<![\p{{L}}])(?:{numbers.spelled_pattern}))\s+$", regex.REVERSE),
    )


def _non_count_name(word: str, patterns: CountPatterns) -> bool:
    """'tháng Chạp', 'năm Giáp Thìn': a time word followed by a name."""
    syllables = word.split()
    return len(syllables) > 1 and syllables[0].lower() in patterns.non_count and syllables[1][:1].isupper()


def _inside_word(doc: Document, match: regex.Match[str], patterns: CountPatterns) -> bool:
    """'tâm tư công nhân', 'đầu năm đơn vị': the spelled number is part of a word before it."""
    start = match.start("spelled")
    previous = doc.text.rfind(" ", 0, max(0, start - 1)) + 1
    if previous >= start or not doc.text[previous:start].strip():
        return False
    spelled = match.group("spelled").lower()
    if spelled in patterns.year_word and doc.text[previous:start].strip() in patterns.year_before:
        return True
    return starts_inside_word(doc.text, previous, start, min(len(doc.text), match.end("spelled") + 12))


def _capitalized_unit(doc: Document, start: int, patterns: CountPatterns) -> list[Span]:
    """'2 Bằng khen', '1 Huân chương Lao động hạng Ba': a capitalized noun that is counted (an award, a programme's
    house), not a name, with the capitalized words of its name after it ("Lao động"; "hạng Ba" is its class). The
    noun may stand in quotes ('05 “Mái ấm Công đoàn”')."""
    noun = patterns.capitalized_unit.match(doc.text, start)
    if not noun:
        return []
    end = noun.end()
    for word in doc.words_in(end, min(len(doc.text), end + 30)):
        if word.start > end + 1 or not word.text[:1].isupper():
            break
        end = word.end  # the award's name: "Lao động" (underthesea's word), not "hạng Ba"
    return [Span(noun.start("unit"), end, doc.text[noun.start("unit") : end])]


def _is_abbreviation(word: str) -> bool:
    return len(word) >= 2 and word.isupper()


def _rejected_by_context(doc: Document, match: regex.Match[str], patterns: CountPatterns) -> bool:
    text = doc.text
    number_end = match.end()
    if match.group("digits") and not match.group("scale"):
        digits = match.group("digits")
        if _YEAR.fullmatch(digits):
            return True
        after = text[match.end("digits") : match.end("digits") + 2]
        if after[:1] and (after.startswith(patterns.attached) or after[:1].isalpha()):
            return True
        # "0913 456 789", "603 0": digits followed by more digits are an identifier.
        if _DIGITS_NEXT.match(text, number_end):
            return True
    number_start = match.start("qual") if match.group("qual") else match.start()
    before = text[max(0, number_start - 40) : number_start]
    if match.group("spelled") and patterns.number_before.search(before):
        return True  # "hai năm chị ...": "năm" belongs to "hai năm" (two years)
    if patterns.numbers.is_not_a_count(before):
        return True
    if _CODE_BEFORE.search(before):
        return True  # "tàu PY 90456 TS": a number after a capital-letter code is an identifier
    # "Covid-19", "Covid – 19": a number hyphenated to a word is part of a name.
    return bool(_HYPHENATED.search(before))


def _to_fact(doc: Document, match: regex.Match[str], unit: list[Span], numbers: NumberWords) -> Count | None:
    if match.group("spelled"):
        value = numbers.parse_spelled(match.group("spelled"))
    else:
        digits = match.group("digits")
        if match.group("scale"):
            value = numbers.parse_scaled(f"{digits} {match.group('scale')}")
        else:
            parsed = parse_digits(digits)
            value = int(parsed) if parsed == int(parsed) else None
    if not value or value < 1:
        return None
    qualifier = numbers.qualifier(match.group("qual"))
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


def extract(doc: Document, lexicon: Lexicon) -> list[Count]:
    """Counts in `doc`; numbers inside the money amounts found before are skipped."""
    patterns = lexicon.derived(_compile)
    money_spans = [(fact.char_start, fact.char_end) for fact in doc.results("money")]
    facts: list[Count] = []
    for match in patterns.number.finditer(doc.text):
        if overlaps_any(match.start(), match.end(), money_spans):
            continue
        if _rejected_by_context(doc, match, patterns):
            continue
        unit = _capitalized_unit(doc, match.end(), patterns) or noun_phrase_after(doc, match.end(), lexicon)
        if not unit or "\n" in doc.text[match.end() : unit[0].start]:
            continue  # a number ending a line ("8 giờ 15" of a date line) counts nothing on the next
        first = unit[0].text
        if first.lower() in patterns.non_count or _non_count_name(first, patterns):
            continue
        if first.lower().split()[0] in patterns.vague:
            continue  # "mười mấy năm": ten-odd, no number of anything
        if match.group("spelled"):
            spelled = match.group("spelled").strip().lower()
            if not first[0].islower() and not (_is_abbreviation(first) and first.lower() in patterns.spelled_nouns):
                continue  # "Hai Bà Trưng", "Năm Căn": names; "Hai CĐCS doanh nghiệp": a listed noun's abbreviation
            if spelled in patterns.ambiguous_spelled and not any(
                doc.text[unit[0].start : unit[-1].end].lower().startswith(noun) for noun in patterns.spelled_nouns
            ):
                continue
            if patterns.numbers.is_one(spelled) or _inside_word(doc, match, patterns):
                continue
        elif first[0].isupper() and not (_is_abbreviation(first.split()[0]) or patterns.capitalized_unit.match(first)):
            continue
        numbered = _DIGITS_NEXT.match(doc.text, unit[0].end)
        if numbered and not overlaps_any(numbered.end() - 1, numbered.end(), money_spans):
            continue  # "năm lớp 5", "hai tổ 3": the noun is numbered ("10 xuất 500.000 đồng": an amount follows)
        fact = _to_fact(doc, match, unit, patterns.numbers)
        if fact:
            facts.append(fact)
    return facts


COMPONENT = Component(kind="counts", model=Count, extract=extract, requires=("money",))
