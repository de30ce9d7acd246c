"""Money: every amount of Vietnamese đồng (spec §1).

An amount is money when a currency word follows it (`8.500.000đ`, `370.000.000 đồng`,
`500 ngàn VNĐ`) or, written with a scale word but no currency, when a money-context
word precedes it in the clause (`tổng trị giá 30 triệu`, `mỗi suất 300 ngàn`).
"""

from __future__ import annotations

from functools import cache

import regex

from pipeline import rules
from pipeline.models import Money
from pipeline.text import numbers
from pipeline.text.segment import Document

LEXICON = "money/lexicon"


@cache
def _patterns() -> dict[str, regex.Pattern[str]]:
    lex = rules.load(LEXICON)
    nums = rules.load("common/numbers")
    scale = f"(?i:{numbers.scale_pattern()})"  # "2 TỶ 300 TRIỆU ĐỒNG" in capitals
    amount = (
        rf"(?:{numbers.DIGITS})(?:\s*(?:{scale})(?![\p{{L}}]))?(?:\s+(?:{numbers.DIGITS})\s*(?:{scale})(?![\p{{L}}]))*"
    )
    scaled = rf"(?:{numbers.DIGITS})\s*(?:{scale})(?![\p{{L}}])(?:\s+(?:{numbers.DIGITS})\s*(?:{scale})(?![\p{{L}}]))*"
    joiner = rules.alternation(nums["range_joiners"])
    opener = rules.alternation(nums["range_openers"])
    currency = rules.alternation(lex["currency_words"])
    not_dong = rules.alternation(lex["dong_not_currency_before"])
    per_word = rules.alternation(lex["per_unit_suffix_words"])
    qualifier = numbers.qualifier_pattern()
    start = r"(?<![\p{L}\d.,/])"
    head = (
        rf"{start}(?:(?P<qual>{qualifier})\s+)?"
        rf"(?:(?P<open>{opener})\s+(?P<low>{amount})(?:\s*(?:{currency})(?![\p{{L}}]))?\s*(?:{joiner})\s*"
        rf"|(?P<low2>{amount})\s*(?:-|–)\s*)?"
    )
    with_currency = (
        rf"{head}(?P<amount>{amount})\s*(?P<currency>{currency})(?![\p{{L}}])(?!\s+(?:{not_dong})(?![\p{{L}}]))"
        rf"(?:\s*/\s*(?P<per>{per_word})(?![\p{{L}}]))?"
    )
    without_currency = rf"{head}(?P<amount>{scaled})"
    return {
        "currency": regex.compile(with_currency),
        "context": regex.compile(without_currency),
        "context_word": regex.compile(
            rf"(?<![\p{{L}}])(?:{rules.alternation(lex['context_words'])})(?![\p{{L}}])", regex.IGNORECASE
        ),
        "per_marker": regex.compile(
            rf"(?<![\p{{L}}])(?:{rules.alternation(lex['per_unit_markers'])})(?![\p{{L}}])", regex.IGNORECASE
        ),
        "per_after": regex.compile(
            rf"\s*(?:{rules.alternation(lex['per_unit_after'])})(?![\p{{L}}\p{{M}}])", regex.IGNORECASE
        ),
        "total_marker": regex.compile(
            rf"(?<![\p{{L}}])(?:{rules.alternation(lex['total_markers'])})(?![\p{{L}}])", regex.IGNORECASE
        ),
        "foreign_after": regex.compile(rf"\s*(?:{rules.alternation(lex['foreign_currencies'])})"),
        "clause_break": regex.compile("|".join(regex.escape(c) for c in lex["clause_breaks"])),
    }


def _clause_before(doc: Document, start: int) -> tuple[int, str]:
    """Text from the start of the sentence (or the last ; :) up to `start`."""
    sentence = doc.sentence_at(start)
    begin = sentence.start if sentence.start <= start else 0
    before = doc.text[begin:start]
    breaks = list(_patterns()["clause_break"].finditer(before))
    if breaks:
        begin += breaks[-1].end()
        before = doc.text[begin:start]
    return begin, before


def _is_per_unit(doc: Document, match: regex.Match[str]) -> bool:
    if match.groupdict().get("per") or _patterns()["per_after"].match(doc.text, match.end()):
        return True
    _, before = _clause_before(doc, match.start())
    markers = list(_patterns()["per_marker"].finditer(before))
    if not markers:
        return False
    # "mỗi suất 500.000 đồng, tổng kinh phí 142 triệu đồng": the total is not per unit.
    return not _patterns()["total_marker"].search(before, markers[-1].end())


def _has_money_context(doc: Document, start: int) -> bool:
    window = rules.load(LEXICON)["context_window"]
    _, before = _clause_before(doc, start)
    return bool(_patterns()["context_word"].search(before[-window:]))


def _ends_clause(text: str, end: int) -> bool:
    """After a currency-less amount there must be no counted noun ("1,2 triệu lượt học sinh")."""
    from pipeline.extractors.counts import starts_with_stop_word

    rest = text[end : end + 30]
    stripped = rest.lstrip(" ")
    return not stripped or not stripped[0].isalpha() or starts_with_stop_word(stripped)


def _qualifier(match: regex.Match[str]) -> str:
    if match.group("low") or match.group("low2"):
        return "range"
    if match.group("qual"):
        return numbers.qualifiers().get(" ".join(match.group("qual").lower().split()), "exact")
    return "exact"


def _range_low(low_text: str, high_text: str) -> int | None:
    """'từ 2 đến 5 triệu': a low end with no scale word takes the high end's scale."""
    low_plain = numbers.parse_digits(low_text.strip()) if regex.fullmatch(numbers.DIGITS, low_text.strip()) else None
    if low_plain is not None and low_plain < 1000:
        scale_word = regex.search(rf"({numbers.scale_pattern()})\s*$", high_text, regex.IGNORECASE)
        if scale_word:  # "từ 1,1 đến 1,2 tỉ": 1,1 tỉ
            return int(numbers.parse_digits(low_text.strip()) * numbers.scales()[scale_word.group(1).lower()])
    return numbers.parse_scaled(low_text)


def _to_fact(doc: Document, match: regex.Match[str], rule: str) -> Money | None:
    amount = numbers.parse_scaled(match.group("amount"))
    if not amount:
        return None
    low_text = match.group("low") or match.group("low2")
    amount_max = None
    if low_text:
        low = _range_low(low_text, match.group("amount"))
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
        qualifier=_qualifier(match),
        per_unit=_is_per_unit(doc, match),
    )


def extract(doc: Document) -> list[Money]:
    patterns = _patterns()
    facts: list[Money] = []
    taken: list[tuple[int, int]] = []
    for match in patterns["currency"].finditer(doc.text):
        fact = _to_fact(doc, match, "money.currency_word")
        if fact:
            facts.append(fact)
            taken.append((match.start(), match.end()))
    for match in patterns["context"].finditer(doc.text):
        if any(start < match.end() and match.start() < end for start, end in taken):
            continue
        if patterns["foreign_after"].match(doc.text, match.end()):
            continue
        if not _has_money_context(doc, match.start()) or not _ends_clause(doc.text, match.end()):
            continue
        fact = _to_fact(doc, match, "money.context_scaled")
        if fact:
            facts.append(fact)
    return sorted(facts, key=lambda fact: fact.char_start)
