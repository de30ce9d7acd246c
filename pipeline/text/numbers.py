"""Vietnamese numbers: digits with `.` thousands and `,` decimals, scale words, spelled-out forms.

Shared by the money and count extractors so both read "1,2 triệu" the same way.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import cache

import regex

from pipeline import rules

# 14.237.098.350 | 1,5 | 07 | 500 ; a lone dotted group that is not a thousands group
# (1.6, a date) is not matched as one number.
DIGITS = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"


@cache
def scales() -> dict[str, int]:
    return {word.lower(): value for word, value in rules.load("common/numbers")["scales"].items()}


@cache
def scale_pattern() -> str:
    return rules.alternation(list(scales()))


@cache
def qualifiers() -> dict[str, str]:
    return dict(rules.load("common/numbers")["qualifiers"])


@cache
def qualifier_pattern() -> str:
    return rules.alternation(list(qualifiers()))


def parse_digits(text: str) -> Decimal:
    """'14.237.098.350' -> 14237098350, '1,5' -> 1.5, '07' -> 7."""
    cleaned = text.replace(".", "").replace(",", ".").replace(" ", "")
    try:
        return Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError(f"not a number: {text!r}") from error


@cache
def _scaled_term() -> regex.Pattern[str]:
    return regex.compile(rf"({DIGITS})\s*({scale_pattern()})?(?![\p{{L}}])", regex.IGNORECASE)


def parse_scaled(text: str) -> int | None:
    """'2 tỷ 300 triệu' -> 2300000000; '8.500.000' -> 8500000; '1,2 triệu' -> 1200000.

    Terms are added, each multiplied by its scale; a bare trailing number after a
    scaled term is read in the next lower scale ("2 tỷ 3" is rare, but "1 triệu 500"
    in speech means 1 500 000).
    """
    total = Decimal(0)
    last_scale: int | None = None
    found = False
    for match in _scaled_term().finditer(text):
        number = parse_digits(match.group(1))
        scale_word = match.group(2)
        if scale_word:
            scale = scales()[scale_word.lower()]
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


@cache
def spelled_pattern() -> str:
    """Spelled-out numbers up to the hundreds: 'hai', 'mười hai', 'hai mươi lăm', 'ba trăm'."""
    data = rules.load("common/numbers")
    digit = rules.alternation(list(data["spelled_digits"]) + ["một"])
    ones = rules.alternation(list(data["spelled_ones_after_tens"]) + list(data["spelled_digits"]))
    tens = rules.alternation(data["spelled_tens_marker"])
    hundreds = rules.alternation(data["spelled_hundreds_marker"])
    ten_part = rf"(?:mười|(?:{digit})\s+(?:{tens}))(?:\s+(?:{ones}))?"
    return rf"(?:(?:{digit})\s+(?:{hundreds})(?:\s+(?:linh|lẻ)\s+(?:{digit})|\s+{ten_part})?|{ten_part}|(?:{digit}))"


def parse_spelled(text: str) -> int | None:
    """'mười hai' -> 12, 'hai mươi lăm' -> 25, 'ba trăm linh năm' -> 305; 'một' -> 1."""
    data = rules.load("common/numbers")
    digits = {**data["spelled_digits"], "một": 1}
    after_tens = data["spelled_ones_after_tens"]
    words = text.lower().split()
    total = 0
    current = 0
    for index, word in enumerate(words):
        if word in data["spelled_hundreds_marker"]:
            total += (current or 1) * 100
            current = 0
        elif word in data["spelled_tens_marker"]:
            current = (current or 1) * 10
        elif word == "mười":
            current = 10
        elif word in ("linh", "lẻ"):
            continue
        elif index > 0 and current >= 10 and word in after_tens:
            current += after_tens[word]
        elif word in digits:
            current += digits[word]
        else:
            return None
    value = total + current
    return value or None
