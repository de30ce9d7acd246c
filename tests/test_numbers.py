import pytest

from pipeline.text.normalize import fold, normalize_text
from pipeline.text.numbers import parse_digits, parse_scaled, parse_spelled


@pytest.mark.parametrize(
    "text,value",
    [
        ("14.237.098.350", 14237098350),
        ("8.500.000", 8500000),
        ("07", 7),
        ("1,5 tỷ", 1500000000),
        ("1,2 tỉ", 1200000000),
        ("2 tỷ 300 triệu", 2300000000),
        ("500 nghìn", 500000),
        ("500 ngàn", 500000),
        ("gần 1,2 triệu", 1200000),
    ],
)
def test_scaled_numbers(text, value):
    assert parse_scaled(text) == value


def test_decimal_comma():
    assert parse_digits("12,5") == pytest.approx(12.5)


@pytest.mark.parametrize(
    "text,value",
    [("hai", 2), ("ba", 3), ("mười", 10), ("mười hai", 12), ("hai mươi lăm", 25), ("ba trăm linh năm", 305)],
)
def test_spelled_numbers(text, value):
    assert parse_spelled(text) == value


@pytest.mark.parametrize(
    "old,new",
    [
        ("hoà", "hòa"),
        ("Khánh Hoà", "Khánh Hòa"),
        ("Tỉnh uỷ", "Tỉnh ủy"),
        ("khoẻ", "khỏe"),
        ("quý", "quý"),
        ("hoàn", "hoàn"),
    ],
)
def test_old_tone_placement_is_normalized(old, new):
    assert normalize_text(old) == new


def test_nfd_becomes_nfc():
    import unicodedata

    text = "Liên đoàn Lao động tỉnh Khánh Hòa"
    assert normalize_text(unicodedata.normalize("NFD", text)) == text


def test_fold_ignores_case_quotes_and_spaces():
    assert fold("Quỹ “Mái ấm  Công đoàn”") == fold("quỹ mái ấm công đoàn")
