"""Bytes to text: which encodings are accepted, what is repaired and what is refused.

Order of decisions (first match wins):

1. empty or whitespace only                      -> DecodeError("empty")
2. a BOM: UTF-8, UTF-16 LE/BE, UTF-32 LE/BE      -> decoded with that codec
3. NUL bytes, or over 5% control characters      -> DecodeError("binary")
4. valid UTF-8                                   -> as is
5. not UTF-8, with over 1% invalid sequences or no valid multi-byte sequence at
   all: a single-byte legacy file; Windows-1258, TCVN3 (ABC) and VNI are tried and
   the one whose words read as Vietnamese syllables most often wins, if at least
   90% do (Windows-1258 is NFC-composed: it writes tones as combining marks)
6. mostly UTF-8 with a few bad bytes (at most 1% of the characters): decoded with
   U+FFFD for the bad bytes and a "replaced_bytes" warning; more damage than that
   -> DecodeError("undecodable"), since facts read from such text cannot be trusted

Whatever the route, text that still reads as a legacy font encoding (TCVN3 or
VNI text saved as Windows-1252 or as UTF-8 mojibake, e.g. "Liªn ®oµn" or
"Lieân ñoaøn") is converted with the tables in rules/encodings/ and a
"legacy_encoding" warning, or only warned about when the conversion would not
read as Vietnamese.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache

import regex

from pipeline import lexicon as lexicons
from pipeline.lexicon import Section, section

# Beyond this share of control characters a ".txt" file is binary, not text.
MAX_CONTROL_RATIO = 0.05
# Beyond this share of undecodable bytes UTF-8 text is refused rather than repaired.
MAX_REPLACED_RATIO = 0.01
# A legacy reading is taken when this share of its non-ASCII words is Vietnamese ...
MIN_PLAUSIBLE = 0.9
# ... and it beats the text as it is by at least this much.
MIN_GAIN = 0.2
# Detection reads a prefix: enough words to decide, bounded time on huge inputs.
SAMPLE_CHARS = 200_000

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_WORD = regex.compile(r"[\p{L}\p{M}]+")
# Characters that are never Vietnamese letters but are common in TCVN3/VNI read as Windows-1252:
# without one of them, text is not checked further (fast path for ordinary Unicode text).
_LEGACY_TELLS = frozenset("¡¢£¤¥¦§¨©ª«¬\xad®µ¶·¸¹»¼½¾ÆÇËÎÏÐÑÖ×ØÜÞßäåæçëîïñöøûüþ÷")


class DecodeError(ValueError):
    """Input bytes that cannot be turned into text; `error_type` names why."""

    def __init__(self, error_type: str, message: str, source: str = "") -> None:
        super().__init__(f"{source}: {message}" if source else message)
        self.error_type = error_type
        self.message = message
        self.source = source


@dataclass
class Decoded:
    text: str
    encoding: str
    # (error_type, message) pairs: the input was decoded but deserves a look.
    warnings: list[tuple[str, str]] = field(default_factory=list)


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


@section("common/orthography")
class OrthographyLexicon(Section):
    syllable_initials: tuple[str, ...]
    syllable_nuclei: tuple[str, ...]
    syllable_finals: tuple[str, ...]
    abbreviation_letters: tuple[str, ...]


@section("encodings/tcvn3")
class Tcvn3Encoding(Section):
    map: dict[str, str]


@section("encodings/vni")
class VniEncoding(Section):
    letters: dict[str, str]
    tones: dict[str, str]
    circumflex: dict[str, str]
    breve: dict[str, str]
    horn_letters: tuple[str, ...]


@cache
def _orthography() -> tuple[regex.Pattern[str], dict[int, None]]:
    words = lexicons.default().section("common/orthography", OrthographyLexicon)

    def group(items: tuple[str, ...]) -> str:
        return "|".join(regex.escape(item) for item in sorted(items, key=len, reverse=True))

    # A Vietnamese syllable without its tone: initial consonant, vowel nucleus, final consonant.
    syllable = regex.compile(
        rf"(?:{group(words.syllable_initials)})?(?:{group(words.syllable_nuclei)})(?:{group(words.syllable_finals)})?"
    )
    return syllable, str.maketrans("", "", "".join(words.abbreviation_letters))


def is_vietnamese_syllable(word: str) -> bool:
    """A word that can be written in Vietnamese: a known syllable shape and at most one tone mark."""
    _, no_abbreviation_letters = _orthography()
    if word.translate(no_abbreviation_letters).isascii():
        return True  # abbreviations (LĐLĐ, CNVCLĐ) and the currency sign đ
    return has_syllable_shape(word)


@lru_cache(maxsize=65536)  # words recur: normalization asks for every long word of an archive
def has_syllable_shape(word: str) -> bool:
    """The word is one Vietnamese syllable (ASCII ones too: "trao", not "ngtrao")."""
    syllable, _ = _orthography()
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(decomposed.count(mark) for mark in _TONE_MARKS) > 1:
        return False
    toneless = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return syllable.fullmatch(toneless) is not None


def vietnamese_score(text: str) -> float:
    """Share of the words holding a non-ASCII character that are Vietnamese syllables (1.0 if none)."""
    total = good = 0
    for match in _WORD.finditer(unicodedata.normalize("NFC", text[:SAMPLE_CHARS])):
        word = match.group()
        if word.isascii():
            continue
        total += 1
        good += is_vietnamese_syllable(word)
    return good / total if total else 1.0


@cache
def _tcvn3_table() -> dict[int, str]:
    table = lexicons.default().section("encodings/tcvn3", Tcvn3Encoding)
    return {ord(key): value for key, value in table.map.items()}


def from_tcvn3(text: str) -> str:
    """TCVN3 (ABC) text read as Windows-1252/Latin-1 -> Unicode NFC."""
    return unicodedata.normalize("NFC", text.translate(_tcvn3_table()))


@cache
def _vni_pattern() -> tuple[regex.Pattern[str], dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    table = lexicons.default().section("encodings/vni", VniEncoding)
    letters, tones, circumflex, breve = table.letters, table.tones, table.circumflex, table.breve
    modifiers = "".join(sorted(set(tones) | set(circumflex) | set(breve)))
    vowels = regex.escape("aeouyAEOUY" + "".join(table.horn_letters))
    # A vowel (or a VNI horn letter) followed by a modifier, or a letter that stands alone.
    pattern = regex.compile(rf"([{vowels}])([{regex.escape(modifiers)}])|([{regex.escape(''.join(letters))}])")
    return pattern, letters, tones, circumflex, breve


def from_vni(text: str) -> str:
    """VNI-Windows text read as Windows-1252/Latin-1 -> Unicode NFC."""
    pattern, letters, tones, circumflex, breve = _vni_pattern()

    def convert(match: regex.Match[str]) -> str:
        base, modifier, single = match.groups()
        if single:
            return letters[single]
        base = letters.get(base, base)  # ô ö are the horn letters ơ ư
        if modifier in tones:
            return base + tones[modifier]
        if modifier in circumflex and base in "aeoAEO":
            return base + circumflex[modifier]
        if modifier in breve and base in "aA":
            return base + breve[modifier]
        # Not a VNI pair (e.g. "uâ"): the modifier is a letter of its own.
        return base + letters.get(modifier, modifier)

    return unicodedata.normalize("NFC", pattern.sub(convert, text))


LEGACY_CONVERTERS = {"TCVN3": from_tcvn3, "VNI": from_vni}


def repair_legacy(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Convert text that reads as TCVN3 or VNI; warn about it either way."""
    sample = text[:SAMPLE_CHARS]
    if _LEGACY_TELLS.isdisjoint(sample):  # the common case, and the cheap test: plain Unicode
        return text, []
    as_is = vietnamese_score(sample)
    if as_is >= MIN_PLAUSIBLE:
        return text, []
    scores = {name: vietnamese_score(convert(sample)) for name, convert in LEGACY_CONVERTERS.items()}
    name = max(scores, key=lambda key: scores[key])
    if scores[name] < as_is + MIN_GAIN:
        return text, []
    if scores[name] >= MIN_PLAUSIBLE:
        message = f"text is in the legacy {name} font encoding; converted to Unicode"
        return LEGACY_CONVERTERS[name](text), [("legacy_encoding", message)]
    message = f"text looks like the legacy {name} font encoding but does not convert cleanly; left as is"
    return text, [("legacy_encoding", message)]


@cache
def _c1_to_cp1252() -> dict[int, str]:
    table = {}
    for byte in range(0x80, 0xA0):
        try:
            table[byte] = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            pass  # the five bytes cp1252 leaves undefined stay Latin-1
    return table


def _windows_1252(data: bytes) -> str:
    """Windows-1252, with Latin-1 for the bytes it leaves undefined (legacy fonts may use them)."""
    return data.decode("latin-1").translate(_c1_to_cp1252())


def _read_cp1258(data: bytes) -> str:
    return unicodedata.normalize("NFC", data.decode("cp1258"))


SINGLE_BYTE_READERS: dict[str, Callable[[bytes], str]] = {
    "windows-1258": _read_cp1258,  # first: wins ties
    "TCVN3": lambda data: from_tcvn3(_windows_1252(data)),
    "VNI": lambda data: from_vni(_windows_1252(data)),
}


def _best_single_byte_reading(data: bytes) -> tuple[str, float]:
    """The single-byte encoding whose reading of a prefix looks most Vietnamese, and its score."""
    sample = data[:SAMPLE_CHARS]
    scores: dict[str, float] = {}
    for name, read in SINGLE_BYTE_READERS.items():
        try:
            if name == "windows-1258":
                data.decode("cp1258")  # it leaves five bytes undefined: check all the data, not the prefix
            scores[name] = vietnamese_score(read(sample))
        except UnicodeDecodeError:
            continue
    best = max(scores, key=lambda key: scores[key])
    return best, scores[best]


def _check_binary(data: bytes, source: str) -> None:
    if b"\x00" in data:
        raise DecodeError("binary", "NUL bytes: binary content (or UTF-16 without a BOM), not text", source)
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > MAX_CONTROL_RATIO * len(sample):
        raise DecodeError("binary", f"{controls} control bytes in the first {len(sample)}: binary content", source)


def _utf8_with_repairs(data: bytes, source: str) -> Decoded:
    """Mostly valid UTF-8 with a few bad bytes: repaired if the damage is small, refused if not."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad > MAX_REPLACED_RATIO * len(text):
        raise DecodeError(
            "undecodable",
            f"not UTF-8 ({bad} invalid sequences in {len(text)} characters) and not a known Vietnamese encoding",
            source,
        )
    return Decoded(text, "utf-8", [("replaced_bytes", f"{bad} invalid UTF-8 sequences replaced by U+FFFD")])


def decode(data: bytes, source: str = "") -> Decoded:
    """Decode an input's bytes (see the module doc for the rules); raises DecodeError."""
    if not data.strip():
        raise DecodeError("empty", "empty input" if not data else "input holds only whitespace", source)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as error:
                raise DecodeError("undecodable", f"{codec} BOM but invalid {codec}: {error.reason}", source) from None
            return _finish(Decoded(text, codec), source)
    _check_binary(data, source)
    try:
        return _finish(Decoded(data.decode("utf-8"), "utf-8"), source)
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd")
    # Single-byte text: many invalid sequences, or no valid multi-byte one at all (a file with one "đ").
    # U+FFFD takes 3 bytes in UTF-8, any other non-ASCII character at least 2: extra bytes beyond
    # the replacements' mean at least one valid multi-byte sequence (counted at C speed).
    has_multibyte = len(replaced.encode("utf-8")) - len(replaced) > 2 * bad
    mostly_utf8 = bad <= MAX_REPLACED_RATIO * len(replaced) and has_multibyte
    if not mostly_utf8:
        best, score = _best_single_byte_reading(data)
        if score >= MIN_PLAUSIBLE:
            warnings = []
            if best in LEGACY_CONVERTERS:
                message = f"text is in the legacy {best} font encoding; converted to Unicode"
                warnings.append(("legacy_encoding", message))
            return _finish(Decoded(SINGLE_BYTE_READERS[best](data), best.lower(), warnings), source)
    return _finish(_utf8_with_repairs(data, source), source)


def _finish(decoded: Decoded, source: str) -> Decoded:
    if not decoded.text.strip():
        raise DecodeError("empty", "input holds only whitespace", source)
    if decoded.encoding.lower() not in ("tcvn3", "vni"):
        decoded.text, warnings = repair_legacy(decoded.text)
        decoded.warnings.extend(warnings)
    return decoded


def decode_bytes(data: bytes, source: str = "", warnings: list[tuple[str, str]] | None = None) -> str:
    """The text of an input's bytes; raises DecodeError. Pass a list to collect warnings."""
    decoded = decode(data, source)
    if warnings is not None:
        warnings.extend(decoded.warnings)
    return decoded.text
