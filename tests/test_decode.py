"""Bytes to text (pipeline.text.decode) and the equivalence of every Vietnamese spelling of one article."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest
import regex

from pipeline import extract
from pipeline import lexicon as lexicons
from pipeline.text.decode import DecodeError, decode, decode_bytes, from_tcvn3, from_vni
from pipeline.text.normalize import normalize_text

CORPUS = sorted((Path(__file__).resolve().parent.parent / "corpus" / "articles").glob("*.txt"))
VIET = (
    "Liên đoàn Lao động tỉnh đã trao 19 suất quà, mỗi suất trị giá 500.000 đồng cho đoàn viên "
    "khó khăn. Ủy ban kiểm tra, hòa giải viên và công nhân khỏe mạnh."
)
TONES = "\u0300\u0301\u0303\u0309\u0323"


# ---------------------------------------------------------------- encoders for the tests


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese software writes it: base letter, then the tone as a combining mark."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out += base.encode("cp1258") + "".join(c for c in parts if c in TONES).encode("cp1258")
    return bytes(out)


def to_tcvn3(text: str) -> str:
    """TCVN3 as read through Windows-1252; upper-case toned letters (which TCVN3 lacks) go lower-case."""
    inverse = {value: key for key, value in lexicons.default().section("encodings/tcvn3").map.items()}
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char not in inverse and char.lower() in inverse and not char.isascii():
            char = char.lower()
        out.append(inverse.get(char, char))
    return "".join(out)


def tcvn3_lossy(text: str) -> str:
    """What TCVN3 can carry of `text`: the letters to_tcvn3 lowers."""
    inverse = {value for value in lexicons.default().section("encodings/tcvn3").map.values()}
    return "".join(
        c.lower() if c not in inverse and c.lower() in inverse and not c.isascii() else c
        for c in unicodedata.normalize("NFC", text)
    )


def to_vni(text: str) -> str:
    """VNI-Windows as read through Windows-1252."""
    table = lexicons.default().section("encodings/vni").model_dump()
    letters = {value: key for key, value in table["letters"].items() if key.islower() == value.islower()}
    tone_key = {mark: key for key, mark in table["tones"].items() if key.islower()}
    circ_key = {mark: key for key, mark in table["circumflex"].items() if key.islower()}
    breve_key = {mark: key for key, mark in table["breve"].items() if key.islower()}
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char in letters:
            out.append(letters[char])
            continue
        parts = unicodedata.normalize("NFD", char)
        if len(parts) == 1:
            out.append(char)
            continue
        base, marks = parts[0], parts[1:]
        tone = "".join(m for m in marks if m in TONES)
        shape = "".join(m for m in marks if m not in TONES)
        upper = base.isupper()
        if shape == "\u031b":  # horn: ơ ư
            horn = letters[unicodedata.normalize("NFC", base + shape)]
            key = tone_key[tone] if tone else ""
        elif shape == "\u0302":
            horn, key = base, circ_key[shape + tone]
        elif shape == "\u0306":
            horn, key = base, breve_key[shape + tone]
        else:
            horn, key = base, tone_key[tone]
        out.append(horn + (key.upper() if upper else key))
    return "".join(out)


def to_old_tones(text: str) -> str:
    """Old-style tone placement: hòa -> hoà, ủy -> uỷ, khỏe -> khoẻ (the normalizer undoes it)."""
    decomposed = unicodedata.normalize("NFD", text)

    def move(match: regex.Match[str]) -> str:
        initial, first, tone, second = match.groups()
        if initial.lower().endswith("q") or (initial.lower() == "g" and first in "uU"):
            return match.group()
        return f"{initial}{first}{second}{tone}"

    syllable_end = r"(?![\p{L}\p{M}])"
    pattern = rf"(?<![\p{{L}}\p{{M}}])(\p{{L}}*?)([oOuU])([{TONES}])([aAeEyY]){syllable_end}"
    old = regex.sub(pattern, move, decomposed)
    return unicodedata.normalize("NFC", old)


def facts_of(text: str) -> dict:
    return extract(text, article_id="x").model_dump()


# ---------------------------------------------------------------- accepted encodings


@pytest.mark.parametrize(
    "data,encoding",
    [
        (VIET.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + VIET.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + VIET.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + VIET.encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + VIET.encode("utf-32-le"), "utf-32-le"),
        (to_cp1258(VIET), "windows-1258"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf32le-bom", "cp1258"],
)
def test_unicode_encodings_decode_to_the_same_text(data, encoding):
    decoded = decode(data, "a.txt")
    assert decoded.encoding == encoding
    assert decoded.text == VIET
    assert decoded.warnings == []


def test_cp1258_tone_marks_are_composed():
    data = to_cp1258("Lao động")
    assert b"\xf2" in data  # the dot below travels as a combining mark in cp1258
    assert decode_bytes(data) == "Lao động"


def test_cp1258_with_a_single_non_ascii_byte():
    # One invalid byte is little damage for UTF-8, but with no valid UTF-8 sequence at all it is cp1258.
    assert decode_bytes(b"Tong kinh phi 500.000\xf0 cho cong nhan") == "Tong kinh phi 500.000đ cho cong nhan"


def test_cp1258_whole_article_extracts_like_utf8():
    text = CORPUS[0].read_text(encoding="utf-8")
    decoded = decode_bytes(to_cp1258(text), "a.txt")
    assert decoded == unicodedata.normalize("NFC", text)


# ---------------------------------------------------------------- refused inputs


@pytest.mark.parametrize(
    "data,error_type",
    [
        (b"", "empty"),
        (b"  \n\r\n\t ", "empty"),
        (codecs.BOM_UTF8, "empty"),
        (codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"), "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (b"text then \x00 a NUL", "binary"),
        (bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15]) * 50 + b"abc", "binary"),
        (bytes(range(0x80, 0x100)) * 20, "undecodable"),
        (VIET.encode("utf-8") + b"\xff\xfe\xfd" * 50, "undecodable"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "undecodable"),  # a lone surrogate
    ],
    ids=[
        "empty",
        "whitespace",
        "bom-only",
        "utf16-whitespace",
        "png",
        "nul",
        "controls",
        "high-bytes",
        "utf8-badly-damaged",
        "utf16-broken",
    ],
)
def test_refused_inputs_raise_a_named_decode_error(data, error_type):
    with pytest.raises(DecodeError) as caught:
        decode(data, "bad.txt")
    assert caught.value.error_type == error_type
    assert caught.value.source == "bad.txt"
    assert "\n" not in str(caught.value)


def test_slightly_damaged_utf8_is_repaired_with_a_warning():
    # Policy: at most 1% of the characters may be invalid bytes; each becomes U+FFFD.
    decoded = decode(VIET.encode("utf-8") + b"\xff", "a.txt")
    assert decoded.text == VIET + "\ufffd"
    assert [kind for kind, _ in decoded.warnings] == ["replaced_bytes"]
    assert extract(decoded.text).money[0].amount_vnd == 500_000


# ---------------------------------------------------------------- legacy font encodings


def test_tcvn3_example_from_the_issue():
    assert from_tcvn3("Liªn ®oµn Lao ®éng") == "Liên đoàn Lao động"


def test_vni_example_from_the_issue():
    assert from_vni("Lieân ñoaøn Lao ñoäng") == "Liên đoàn Lao động"


@pytest.mark.parametrize("as_bytes", [True, False], ids=["cp1252-bytes", "utf8-mojibake"])
@pytest.mark.parametrize("encoder,name", [(to_tcvn3, "TCVN3"), (to_vni, "VNI")])
def test_legacy_article_is_converted_with_a_warning(encoder, name, as_bytes):
    text = CORPUS[1].read_text(encoding="utf-8")
    legacy = encoder(text)
    data = legacy.encode("cp1252") if as_bytes else legacy.encode("utf-8")
    decoded = decode(data, "old.txt")
    expected = tcvn3_lossy(text) if name == "TCVN3" else unicodedata.normalize("NFC", text)
    assert decoded.text == expected
    assert len(decoded.warnings) == 1
    kind, message = decoded.warnings[0]
    assert kind == "legacy_encoding" and name in message


def test_legacy_article_extracts_the_same_facts():
    text = CORPUS[0].read_text(encoding="utf-8")
    converted = decode_bytes(to_vni(text).encode("cp1252"), "old.txt")
    assert facts_of(converted) == facts_of(text)


def test_ordinary_text_is_never_converted():
    for path in CORPUS:
        decoded = decode(path.read_bytes(), str(path))
        assert decoded.warnings == []
        assert decoded.text == path.read_text(encoding="utf-8")


def test_unconvertible_legacy_looking_text_is_only_warned_about():
    # Mostly TCVN3, but half of it is garbage no table turns into Vietnamese.
    garbage = "Liªn ®oµn Lao ®éng ¶ÆÇ¾» ÜÞß×Ø ¼½¾ ÆËÎÏ ©«¬®"
    decoded = decode(garbage.encode("utf-8"), "odd.txt")
    assert decoded.text == garbage
    assert [kind for kind, _ in decoded.warnings] == ["legacy_encoding"]
    assert "left as is" in decoded.warnings[0][1]


# ---------------------------------------------------------------- NFD and old tone placement


@pytest.mark.parametrize("article", CORPUS, ids=[p.stem for p in CORPUS])
@pytest.mark.parametrize("form", ["NFD", "old-tones", "NFD-old-tones"])
def test_spellings_of_a_whole_article_extract_the_same_facts(article, form):
    text = article.read_text(encoding="utf-8")
    variant = {
        "NFD": lambda t: unicodedata.normalize("NFD", t),
        "old-tones": to_old_tones,
        "NFD-old-tones": lambda t: unicodedata.normalize("NFD", to_old_tones(t)),
    }[form](text)
    if form != "old-tones":  # some articles have no syllable whose tone can move; NFD always differs
        assert variant != text
    assert normalize_text(variant) == normalize_text(text)
    assert facts_of(variant) == facts_of(text)


def test_old_tone_helper_moves_tones():
    assert to_old_tones("hòa khỏe Ủy quý") == "hoà khoẻ Uỷ quý"
