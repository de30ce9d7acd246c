"""Vietnamese numbers: digits with `.` thousands and `,` decimals, scale words, spelled-out forms.

Shared by the money, count and percent extractors so all read "1,2 triệu" the same way.
The words are in rules/common/numbers.yaml; `number_words(lexicon)` compiles them once.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import regex

from pipeline import lexicon as lexicons
from pipeline.lexicon import Lexicon, Section, section
from pipeline.text.patterns import alternation
from pipeline.text.segment import is_known_word

# 14.237.098.350 | 1,5 | 07 | 500 ; a lone dotted group that is not a thousands group
# (1.6, a date) is not matched as one number.
DIGITS = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"


@section("common/numbers")
class NumbersLexicon(Section):
    scales: dict[str, int]
    spelled_digits: dict[str, int]
    spelled_one: tuple[str, ...]
    spelled_ten: tuple[str, ...]
    spelled_zero_joiners: tuple[str, ...]
    spelled_tens_marker: tuple[str, ...]
    spelled_hundreds_marker: tuple[str, ...]
    spelled_ones_after_tens: dict[str, int]
    qualifiers: dict[str, str]
    range_joiners: tuple[str, ...]
    range_openers: tuple[str, ...]
    non_count_preceders: tuple[str, ...]
    preceder_exceptions: tuple[str, ...]


def parse_digits(text: str) -> Decimal:
    """'14.237.098.350' -> 14237098350, '1,5' -> 1.5, '07' -> 7."""
    cleaned = text.replace(".", "").replace(",", ".").replace(" ", "")
    try:
        return Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError(f"not a number: {text!r}") from error


@dataclass(frozen=True)
class NumberWords:
    """The number words of one lexicon, compiled."""

    words: NumbersLexicon
    scales: dict[str, int]
    scale_pattern: str
    qualifier_pattern: str
    spelled_pattern: str
    scaled_term: regex.Pattern[str]
    not_a_count_before: regex.Pattern[str]
    not_a_count_exception: regex.Pattern[str]

    def qualifier(self, written: str | None) -> str:
        """The qualifier stored for the words before a number ("gần" -> approx)."""
        if not written:
            return "exact"
        return self.words.qualifiers.get(" ".join(written.lower().split()), "exact")

    def is_one(self, word: str) -> bool:
        return word.strip().lower() in self.words.spelled_one

    def parse_scaled(self, text: str) -> int | None:
        """'2 tỷ 300 triệu' -> 2300000000; '8.500.000' -> 8500000; '1,2 triệu' -> 1200000.

        Terms are added, each multiplied by its scale; a bare trailing number after a
        scaled term is read in the next lower scale ("2 tỷ 3" is rare, but "1 triệu 500"
        in speech means 1 500 000).
        """
        total = Decimal(0)
        last_scale: int | None = None
        found = False
        for match in self.scaled_term.finditer(text):
            number = parse_digits(match.group(1))
            scale_word = match.group(2)
            if scale_word:
                scale = self.scales[scale_word.lower()]
            elif last_scale:
                scale = last_scale // 1000 or 1
            else:
                scale = 1
            total += number * scale
            last_scale = scale
            found = True
        if not found:
            return None
        value = int(total)
        return value if value == total or total > 1000 else None

    def parse_spelled(self, text: str) -> int | None:
        """'mười hai' -> 12, 'hai mươi lăm' -> 25, 'ba trăm linh năm' -> 305; 'một' -> 1."""
        words = self.words
        digits = {**words.spelled_digits, **dict.fromkeys(words.spelled_one, 1)}
        total = 0
        current = 0
        for index, word in enumerate(text.lower().split()):
            if word in words.spelled_hundreds_marker:
                total += (current or 1) * 100
                current = 0
            elif word in words.spelled_tens_marker:
                current = (current or 1) * 10
            elif word in words.spelled_ten:
                current = 10
            elif word in words.spelled_zero_joiners:
                continue
            elif index > 0 and current >= 10 and word in words.spelled_ones_after_tens:
                current += words.spelled_ones_after_tens[word]
            elif word in digits:
                current += digits[word]
            else:
                return None
        value = total + current
        return value or None

    def is_not_a_count(self, before: str) -> bool:
        """True when the words before a number make it an ordinal, a date part or an identifier
        ("lần thứ 15", "Quyết định số 03"): shared by counts and by organizations ("08 LĐLĐ")."""
        found = self.not_a_count_before.search(before)
        if not found or self.not_a_count_exception.search(before):
            return False
        # a one-syllable word counts only as a whole word: "cấp 4" is a grade, "trợ cấp 4.100 lượt" a count
        word = found.group().strip(" -–:")
        if " " not in word and word.islower():
            previous = before[: found.start()].split()[-1:]
            if previous and is_known_word(f"{previous[0]} {word}"):
                return False
        return True


def _compile(lexicon: Lexicon) -> NumberWords:
    words = lexicon.section("common/numbers", NumbersLexicon)
    scales = {word.lower(): value for word, value in words.scales.items()}
    # the spelled number is searched forward (counts) and backward (counts.number_before)
    digit = alternation([*words.spelled_digits, *words.spelled_one], "both")
    ones = alternation([*words.spelled_ones_after_tens, *words.spelled_digits], "both")
    tens = alternation(words.spelled_tens_marker, "both")
    hundreds = alternation(words.spelled_hundreds_marker, "both")
    ten = alternation(words.spelled_ten, "both")
    joiner = alternation(words.spelled_zero_joiners, "both")
    ten_part = rf"(?:{ten}|(?:{digit})\s+(?:{tens}))(?:\s+(?:{ones}))?"
    spelled = (
        rf"(?:(?:{digit})\s+(?:{hundreds})(?:\s+(?:{joiner})\s+(?:{digit})|\s+{ten_part})?|{ten_part}|(?:{digit}))"
    )
    scale_pattern = alternation(scales)
    # Patterns anchored at the end of a look-back window are searched in reverse (regex.REVERSE):
    # the same answer, found from the end instead of trying every start position.
    return NumberWords(
        words=words,
        scales=scales,
        scale_pattern=scale_pattern,
        qualifier_pattern=alternation(words.qualifiers),
        spelled_pattern=spelled,
        scaled_term=regex.compile(rf"({DIGITS})\s*({scale_pattern})?(?![\p{{L}}])", regex.IGNORECASE),
        not_a_count_before=regex.compile(
            rf"(?<![\p{{L}}])(?:{alternation(words.non_count_preceders, 'backward')})\s*[-–:]?\s*$", regex.REVERSE
        ),
        not_a_count_exception=regex.compile(
            rf"(?<![\p{{L}}])(?:{alternation(words.preceder_exceptions, 'backward')})\s*$",
            regex.IGNORECASE | regex.REVERSE,
        ),
    )


def number_words(lexicon: Lexicon | None = None) -> NumberWords:
    return (lexicon or lexicons.default()).derived(_compile)


def parse_scaled(text: str, lexicon: Lexicon | None = None) -> int | None:
    return number_words(lexicon).parse_scaled(text)


def parse_spelled(text: str, lexicon: Lexicon | None = None) -> int | None:
    return number_words(lexicon).parse_spelled(text)
