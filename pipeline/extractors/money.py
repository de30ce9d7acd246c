"""Money: every amount of Vietnamese đồng (spec §1).

An amount is money when a currency word follows it (`8.500.000đ`, `370.000.000 đồng`,
`500 ngàn VNĐ`) or, written with a scale word but no currency, when a money-context
word precedes it in the clause (`tổng trị giá 30 triệu`, `mỗi suất 300 ngàn`).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from pipeline.extractors.registry import Component
from pipeline.lexicon import Lexicon, Section, section
from pipeline.models import Money
from pipeline.text.clauses import clause_before, starts_with_stop_word
from pipeline.text.document import Document
from pipeline.text.numbers import DIGITS, NumberWords, number_words, parse_digits
from pipeline.text.patterns import LINE_SPACE, NO_LETTER_AFTER, alternation, whole_words
from pipeline.text.spans import overlaps_any


@section("money/lexicon")
class MoneyLexicon(Section):
    currency_words: tuple[str, ...]
    context_words: tuple[str, ...]
    context_window: int
    foreign_currencies: tuple[str, ...]
    per_unit_suffix_words: tuple[str, ...]
    per_unit_markers: tuple[str, ...]
    per_unit_after: tuple[str, ...]
    dong_not_currency_before: tuple[str, ...]
    dong_currency_despite: tuple[str, ...]
    total_markers: tuple[str, ...]


@dataclass(frozen=True)
class MoneyPatterns:
    numbers: NumberWords
    currency: regex.Pattern[str]
    bare_per_unit: regex.Pattern[str]
    context: regex.Pattern[str]
    context_word: regex.Pattern[str]
    context_window: int
    per_marker: regex.Pattern[str]
    per_after: regex.Pattern[str]
    total_marker: regex.Pattern[str]
    foreign_after: regex.Pattern[str]


def _compile(lexicon: Lexicon) -> MoneyPatterns:
    lex = lexicon.section("money/lexicon", MoneyLexicon)
    numbers = number_words(lexicon)
    scale = f"(?i:{numbers.scale_pattern})"  # "2 TỶ 300 TRIỆU ĐỒNG" in capitals
    amount = rf"(?:{DIGITS})(?:\s*(?:{scale})(?![\p{{L}}]))?(?:\s+(?:{DIGITS})\s*(?:{scale})(?![\p{{L}}]))*"
    scaled = rf"(?:{DIGITS})\s*(?:{scale})(?![\p{{L}}])(?:\s+(?:{DIGITS})\s*(?:{scale})(?![\p{{L}}]))*"
    joiner = alternation(numbers.words.range_joiners)
    opener = alternation(numbers.words.range_openers)
    currency = alternation(lex.currency_words)
    not_dong = alternation(lex.dong_not_currency_before)
    despite = alternation(lex.dong_currency_despite)
    per_word = alternation(lex.per_unit_suffix_words)
    start = r"(?<![\p{L}\d.,/])"
    head = (
        rf"{start}(?:(?P<qual>{numbers.qualifier_pattern})\s+)?"
        rf"(?:(?P<open>{opener})\s+(?P<low>{amount})(?:\s*(?:{currency})(?![\p{{L}}]))?\s*(?:{joiner})\s*"
        rf"|(?P<low2>{amount})\s*(?:-|–)\s*)?"
    )
    # the currency on its amount's line: "16:40\nĐỒNG THÁP - ..." (a clock, then the dateline's place) is no amount
    with_currency = (
        rf"{head}(?P<amount>{amount}){LINE_SPACE}*(?P<currency>{currency})(?![\p{{L}}])(?!\s+(?!(?:{despite})(?![\p{{L}}]))(?:{not_dong})(?![\p{{L}}]))"
        rf"(?:\s*/\s*(?P<per>{per_word})(?![\p{{L}}]))?"
    )
    return MoneyPatterns(
        numbers=numbers,
        currency=regex.compile(with_currency),
        # "50 suất quà (500.000/suất)": an amount in thousands written per unit with no currency word
        bare_per_unit=regex.compile(
            rf"{start}(?P<amount>\d{{1,3}}(?:\.\d{{3}})+)\s*/\s*(?P<per>{per_word})(?![\p{{L}}])"
        ),
        context=regex.compile(rf"{head}(?P<amount>{scaled})"),
        context_word=whole_words(lex.context_words, regex.IGNORECASE),
        context_window=lex.context_window,
        per_marker=whole_words(lex.per_unit_markers, regex.IGNORECASE),
        per_after=regex.compile(rf"\s*(?:{alternation(lex.per_unit_after)}){NO_LETTER_AFTER}", regex.IGNORECASE),
        total_marker=whole_words(lex.total_markers, regex.IGNORECASE),
        foreign_after=regex.compile(rf"\s*(?:{alternation(lex.foreign_currencies)})"),
    )


def _is_per_unit(doc: Document, match: regex.Match[str], patterns: MoneyPatterns, lexicon: Lexicon) -> bool:
    if match.groupdict().get("per") or patterns.per_after.match(doc.text, match.end()):
        return True
    _, before = clause_before(doc, match.start(), lexicon)
    markers = list(patterns.per_marker.finditer(before))
    if not markers:
        return False
    # "mỗi suất 500.000 đồng, tổng kinh phí 142 triệu đồng": the total is not per unit.
    return not patterns.total_marker.search(before, markers[-1].end())


def _has_money_context(doc: Document, start: int, patterns: MoneyPatterns, lexicon: Lexicon) -> bool:
    _, before = clause_before(doc, start, lexicon)
    return bool(patterns.context_word.search(before[-patterns.context_window :]))


def _ends_clause(text: str, end: int, lexicon: Lexicon) -> bool:
    """After a currency-less amount there must be no counted noun ("1,2 triệu lượt học sinh")."""
    stripped = text[end : end + 30].lstrip(" ")
    return not stripped or not stripped[0].isalpha() or starts_with_stop_word(stripped, lexicon)


def _range_low(low_text: str, high_text: str, numbers: NumberWords) -> int | None:
    """'từ 2 đến 5 triệu': a low end with no scale word takes the high end's scale."""
    low_plain = parse_digits(low_text.strip()) if regex.fullmatch(DIGITS, low_text.strip()) else None
    if low_plain is not None and low_plain < 1000:
        scale_word = regex.search(rf"({numbers.scale_pattern})\s*$", high_text, regex.IGNORECASE)
        if scale_word:  # "từ 1,1 đến 1,2 tỉ": 1,1 tỉ
            return int(low_plain * numbers.scales[scale_word.group(1).lower()])
    return numbers.parse_scaled(low_text)


def _to_fact(
    doc: Document, match: regex.Match[str], rule: str, patterns: MoneyPatterns, lexicon: Lexicon
) -> Money | None:
    numbers = patterns.numbers
    amount = numbers.parse_scaled(match.group("amount"))
    if not amount:
        return None
    groups = match.groupdict()
    low_text = groups.get("low") or groups.get("low2")
    amount_max = None
    if low_text:
        low = _range_low(low_text, match.group("amount"), numbers)
        if not low or low >= amount:
            return None
        amount, amount_max = low, amount
    return Money(
        text=match.group(0),
        char_start=match.start(),
        char_end=match.end(),
        sentence=doc.sentence_at(match.start()).text,
        rule=rule,
        amount_vnd=amount,
        amount_max_vnd=amount_max,
        qualifier="range" if low_text else numbers.qualifier(groups.get("qual")),
        per_unit=_is_per_unit(doc, match, patterns, lexicon),
    )


def extract(doc: Document, lexicon: Lexicon) -> list[Money]:
    patterns = lexicon.derived(_compile)
    facts: list[Money] = []
    taken: list[tuple[int, int]] = []
    for match in patterns.currency.finditer(doc.text):
        fact = _to_fact(doc, match, "money.currency_word", patterns, lexicon)
        if fact:
            facts.append(fact)
            taken.append((match.start(), match.end()))
    for match in patterns.bare_per_unit.finditer(doc.text):
        if not overlaps_any(match.start(), match.end(), taken):
            fact = _to_fact(doc, match, "money.per_unit_bare", patterns, lexicon)
            if fact:
                facts.append(fact)
                taken.append((match.start(), match.end()))
    for match in patterns.context.finditer(doc.text):
        if overlaps_any(match.start(), match.end(), taken):
            continue
        if patterns.foreign_after.match(doc.text, match.end()):
            continue
        if not _has_money_context(doc, match.start(), patterns, lexicon):
            continue
        if not _ends_clause(doc.text, match.end(), lexicon):
            continue
        fact = _to_fact(doc, match, "money.context_scaled", patterns, lexicon)
        if fact:
            facts.append(fact)
    return sorted(facts, key=lambda fact: fact.char_start)


COMPONENT = Component(kind="money", model=Money, extract=extract)
