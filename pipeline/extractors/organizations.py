"""Organizations: named bodies with a canonical name (spec §4).

A mention starts at a head word from rules/organizations/lexicon.yaml ("Liên đoàn
Lao động", "UBND", "Công ty", "Quỹ" ...) and its name runs on over capitalized
words, a level word with its place ("tỉnh Kon Tum"), "ngành X", a quoted name and
short lower-case bridges between capitalized parts. A personal name glued to the
end ("Công đoàn ngành Giáo dục Hà Nội Trần Thị Thu Hà") is cut off where
underthesea's words put a boundary, so only such runs are tokenized.

Canonical names expand abbreviations, drop quotes and resolve a bare level
("LĐLĐ tỉnh") to the article's place of that level when the article names it.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import regex
from pydantic import field_validator

from pipeline.extractors.registry import Component
from pipeline.lexicon import Lexicon, Section, section
from pipeline.models import Organization
from pipeline.text.clauses import clauses
from pipeline.text.decode import has_syllable_shape
from pipeline.text.document import Document
from pipeline.text.gazetteers import admin_units, body_words, people, places, province_names
from pipeline.text.numbers import number_words
from pipeline.text.patterns import (
    LINE_SPACE,
    NO_LETTER_AFTER,
    NO_LETTER_BEFORE,
    alternation,
    alternation_first_letter_exact,
    with_lower_first,
)
from pipeline.text.segment import (
    is_known_word,
    pos_tags,
    pos_words,
    starts_inside_word,
    starts_known_word,
    tokenize_words,
)
from pipeline.text.spans import Covering

_T = TypeVar("_T")

_QUOTES = '"“”‘’«»'
# dotted initials are one word ("Công ty S.L.F"), as are hyphenated ones
_WORD = regex.compile(r"\p{Lu}(?:\.\p{Lu})+(?![\p{L}\p{M}])|[\p{L}\d][\p{L}\p{M}\d'’&]*(?:-[\p{L}\p{M}\d&]+)*")
_SPACE = regex.compile(r"[ \t]*")
_CLOSE_QUOTE = regex.compile(rf"[{_QUOTES}]")
# A document number's code right before a head ("1146/QD-" style): the head is the issuing body's code.
_DOCUMENT_CODE_BEFORE = regex.compile(r"\d+/[\p{Lu}&]+(?:-[\p{Lu}&]+)*-$")
_SMALL_NUMBER = regex.compile(r" \d{1,4}(?![\d.,\p{L}])")
_LOWER_NEXT = regex.compile(r" \p{Ll}")
_SYLLABLE = regex.compile(r"[\p{L}\p{M}]+")
_CAPITAL_BEFORE = regex.compile(r"\p{Lu}[\p{L}\p{M}]*\s*$", regex.REVERSE)
_CAPITAL_WORD_BEFORE = regex.compile(r"(?<![\p{L}\p{M}\d])(\p{Lu}[\p{L}\p{M}]*) $", regex.REVERSE)
_LOWER_BEFORE = regex.compile(r"\p{Ll} $", regex.REVERSE)
_DASH_AFTER = regex.compile(r"[ \t]+[-–][ \t]+")
_SHORT_NAME = r"(?:[\p{Lu}&]{2,12}|\p{Lu}[\p{L}]{2,13})"  # "NHCSXH", "Agribank"
_PAREN_ABBREVIATION = regex.compile(rf"\s*\({_SHORT_NAME}\)")
# "(Petrovietnam)", "(EVNSPC)", "(PTSC M&C)" right after a body: the short name the article gives it
# "(NHCSXH)", "(Petrovietnam)", "(EVN NPC)", and a brand with its place: "(VietinBank Huế)"
_PLACE_WORDS = r"\p{Lu}[\p{Ll}\p{M}]+(?: \p{Lu}[\p{Ll}\p{M}]+)?"
_DEFINED_ABBREVIATION = regex.compile(rf"\s*\((?P<short>{_SHORT_NAME}(?: [\p{{Lu}}&]{{1,6}}| {_PLACE_WORDS})?)\)")
_NAMED_NEXT = regex.compile(r"\s+[\p{Lu}\d]")
# a count on the head's line, or a share of the bodies ("95% CĐCS hưởng ứng")
_COUNTED = regex.compile(rf"(?<![\d.,/:])\d{{1,3}}(?:,\d+)?(?:[ \t]?%)?{LINE_SPACE}+$", regex.REVERSE)
# a name and the separator that ties it to the post after it ("Lê Công Anh Kiệt – Giám đốc ...")
_HOLDER_BEFORE = regex.compile(r"(?P<name>\p{Lu}[\p{Ll}\p{M}]*(?: \p{Lu}[\p{Ll}\p{M}]*){2,3})\s*[-–—,:]\s*$")
_CAPITALIZED_RUN = regex.compile(r"\p{Lu}[\p{Ll}\p{M}]*(?: \p{Lu}[\p{Ll}\p{M}]*)*(?![\p{L}\p{M}])")  # "Ô Môn" too
_DAY = r"/\d{1,2}(?![\d/])"  # "Dệt may 29/3", "Khuyến học 28/10": a day after a name's number names it
_DAY_AFTER = regex.compile(_DAY)
_PLACE_NUMBER = regex.compile(r"\d{1,2}(?![\d/\p{L}])(?![.,]\d)")
_NAME_NUMBER = regex.compile(rf" \d{{1,2}}(?:{_DAY})?(?=[\s.,;:)\]]|$)(?![.,]\d)")  # not "34,5 tỷ đồng"
_LOWER_WORD_NEXT = regex.compile(r" +(?=\p{Ll})")
_PARENTHESES = regex.compile(r"\([^()]*\)")
_SPACED_WORD = regex.compile(r"\S+")
_INITIALS = regex.compile(r"(?<![\p{L}\p{M}])\p{Lu}{2,6}(?![\p{L}\p{M}])")  # "CAND", "ĐLVN"


def _head_leads_before_level(heads: list[str], levels: dict[str, str]) -> list[str]:
    """The words before a level word that ends a head ("Hợp tác" of "Hợp tác xã"), with either case of their first
    letter."""
    level_words = {level.lower() for level in levels}
    leads = [
        " ".join(words[:-1])
        for words in (head.split() for head in heads)
        if len(words) > 1 and words[-1].lower() in level_words
    ]
    return with_lower_first(leads)


def _spelled_with(name: str, defined: dict[str, str]) -> str:
    """`name` with a short name the article defines spelled out: "Công đoàn Petrovietnam" -> "Công đoàn Tập đoàn
    ... Việt Nam"; a body's head followed by the short name of a body with that head is that body ("Công đoàn
    EVNSPC" after "Công đoàn Tổng công ty Điện lực miền Nam (EVNSPC)")."""
    for short, full in defined.items():
        if short not in name:  # most names hold none of the short names: skip the pattern (a dense article has many)
            continue
        word = regex.search(rf"(?<!\S){regex.escape(short)}(?!\S)", name)
        if word is None:
            continue
        at, end = word.span()
        head = name[:at].strip()
        if head and full.startswith(f"{head} ") and not name[end:].strip():
            return full
        # "Công đoàn cơ sở Công ty Newwing Bắc Giang" with "Newwing Bắc Giang" for "Công ty TNHH ... Newwing
        # Interconnect Bắc Giang": the head words the full name begins with are written once
        words = head.split()
        overlap = next((k for k in range(len(words), 0, -1) if full.startswith(" ".join(words[-k:]) + " ")), 0)
        lead = " ".join(words[: len(words) - overlap])
        return f"{lead} {full}{name[end:]}".strip() if overlap else f"{name[:at]}{full}{name[end:]}"
    return name


def _written_first(names: list[str], joiner: regex.Pattern[str]) -> dict[str, str]:
    """The same body written with other joiners or capitals in one article ("Công đoàn các khu công nghiệp, khu
    kinh tế tỉnh Đồng Tháp" and, from its abbreviation, "Công đoàn các Khu công nghiệp - Khu kinh tế tỉnh Đồng
    Tháp"): each later spelling goes to the first one written."""
    first: dict[str, str] = {}
    same: dict[str, str] = {}
    for name in names:
        key = joiner.sub(" | ", name).casefold()
        kept = first.setdefault(key, name)
        if kept != name:
            same[name] = kept
    return same


def _followed(merged: dict[str, str], name: str) -> str:
    """Where a chain of merges ends ("Công đoàn BVTW Huế" -> "Công đoàn Bệnh viện Trung ương Huế" -> "Công đoàn
    cơ sở Bệnh viện Trung ương Huế"); a merge back to a name already met stops it."""
    seen = {name}
    while merged.get(name, name) not in seen:
        name = merged[name]
        seen.add(name)
    return name


_DEFINED_BRAND = regex.compile(r"\s*\((?P<brand>\p{Lu}[\p{L}]{2,14})\)")


def _bank_key(name: str, lex: dict) -> str:
    """A bank's name with its branch word and its legal form written one way (`legal_form_spellings`), for comparing
    spellings."""
    name = lex["branch_any_re"].sub(" ", name)
    for spelled, short in lex["legal_form_spellings"]:
        name = spelled.sub(short, name)
    return " ".join(name.casefold().split())


def _brands_defined(matches: list[OrgMatch], brands: dict[str, str]) -> dict[str, str]:
    """The brands (rules/common/bodies.yaml brand_names) and those an article defines inside a bank's name
    ("Ngân hàng TMCP Công Thương Việt Nam (VietinBank) - Chi nhánh Thanh Hóa"), with the names they stand for."""
    defined = dict(brands)
    for match in matches:
        bracket = _DEFINED_BRAND.search(match.text)
        if bracket is not None and bracket.start() > 0:
            defined.setdefault(bracket["brand"], match.text[: bracket.start()].strip())
    return defined


def _brand_words(name: str) -> set[str]:
    """The capitalized words of a name that are no Vietnamese syllable ("Formosa", "Jye"): a brand's, which one
    body's names share however short ("Công ty Formosa Hà Tĩnh")."""
    return {w for w in name.split() if w[:1].isupper() and w[1:].islower() and not has_syllable_shape(w)}


_BRAND_GROUP = 12


def _name_words(name: str, lex: dict) -> list[str]:
    """A name's words with the grassroots word left out ("Công đoàn cơ sở Công ty X" as "Công đoàn Công ty X")."""
    return name.replace(f" {lex['grassroots']} ", " ").split()


def _short_names(names: list[str], lex: dict) -> dict[str, str]:
    """A name written shorter than the one longer name of the same head (its first two words) it stands for:
    - its words, a brand word among them, all stand in that order in the longer one ("Công ty Formosa Hà Tĩnh" beside
      "Công ty TNHH Gang thép Hưng Nghiệp Formosa Hà Tĩnh", "Công đoàn Công ty giày Chung Jye" beside "Công đoàn cơ
      sở Công ty TNHH sản xuất giày Chung Jye Tuyên Quang - Việt Nam");
    - or its words after the head, two capitalized words or more, end the longer one ("Công ty Cốc San Phát" beside
      "Công ty Cổ phần Khoáng sản Cốc San Phát": its legal form and trade left out).
    A word many names share tells none apart: groups over `_BRAND_GROUP` are left alone (and it stays linear)."""
    split = {name: _name_words(name, lex) for name in set(names)}
    groups: dict[str, list[str]] = {}
    for name, words in split.items():
        for key in {*_brand_words(name), f"ending {words[-1]}"}:
            groups.setdefault(key, []).append(name)
    merged: dict[str, str] = {}
    for name in sorted(split):
        short, tail = split[name], split[name][2:]
        candidates = {
            other
            for brand in _brand_words(name)
            if len(groups[brand]) <= _BRAND_GROUP
            for other in groups[brand]
            if _in_order(tail, split[other][2:])
        }
        ending = groups[f"ending {short[-1]}"]
        if len(tail) >= 2 and all(_is_capitalized(word) for word in tail) and len(ending) <= _BRAND_GROUP:
            candidates |= {other for other in ending if split[other][-len(tail) :] == tail}
        longer = {other for other in candidates if len(split[other]) > len(short) and split[other][:2] == short[:2]}
        if len(longer) == 1:
            merged[name] = longer.pop()
    return merged


def _in_order(part: list[str], whole: list[str]) -> bool:
    """Do the words of `part` all stand in `whole`, in the same order?"""
    rest = iter(whole)
    return all(word in rest for word in part)


def _spelled_out(names: list[str], initial_spellings: dict[str, str]) -> dict[str, str]:
    """ "Công đoàn CAND" beside "Công đoàn Công an nhân dân", "Công đoàn ĐLVN" beside "Công đoàn Điện
    lực Việt Nam": a name holding the initials of words another name of the article spells out in
    their place is that name (the abbreviations of rules/organizations are expanded before)."""
    distinct = sorted(set(names))
    # Each name abbreviated at every run of 2-6 words, keyed with where the initials stand: one
    # lookup per initials token instead of a scan of every name sharing its prefix (quadratic on a
    # dense article, where most tokens open the name and share the empty prefix).
    wanted = {token.group() for name in distinct for token in _INITIALS.finditer(name)}
    abbreviated: dict[tuple[str, int, int], str] = {}
    for other in distinct if wanted else ():
        words = list(_SPACED_WORD.finditer(other))
        spelled_initials = "".join(w.group()[0].upper() for w in words)
        # a letter also written as another in initials (rules/organizations/lexicon.yaml `initial_spellings`)
        other_initials = "".join(initial_spellings.get(letter, letter) for letter in spelled_initials)
        for initials in dict.fromkeys((spelled_initials, other_initials)):
            for first in range(len(words)):
                for last in range(first + 1, min(first + 6, len(words))):
                    letters = initials[first : last + 1]
                    if letters not in wanted:
                        continue
                    at = words[first].start()
                    key = (other[:at] + letters + other[words[last].end() :], at, len(letters))
                    abbreviated.setdefault(key, other)  # sorted: the first spelling, as the scan found it
    spelled: dict[str, str] = {}
    for name in distinct:
        for token in _INITIALS.finditer(name):
            other = abbreviated.get((name, token.start(), len(token.group())))
            if other is not None and other != name:
                spelled[name] = other
                break
    return spelled


@dataclass(frozen=True)
class OrgMatch:
    start: int
    end: int
    head: str
    text: str
    party: bool = False  # a party committee or board: a post there goes to other_titles
    union: bool = False  # a body of the union itself: its post is the title of a chain
    rule: str = "head"  # the name rule that ended the mention
    canonical: str | None = None  # set on the references left for officials
    named: str | None = None  # the name to canonicalize when it is not `text` (a place shared in a list)


@dataclass
class _Scan:
    """Where the scan of a name stands: `pos` is how far it read, `anchor` where the name ends
    so far (None: nothing names it yet), `bridge` the lower-case words since the anchor."""

    text: str
    head: regex.Match[str]
    pos: int
    start: int = 0
    anchor: int | None = None
    bridge: int = 0
    rule: str = "head"

    def move(self, end: int, rule: str, bridge: int | None = None) -> None:
        self.anchor = self.pos = end
        self.rule = rule
        if bridge is not None:
            self.bridge = bridge


def _is_capitalized(word: str) -> bool:
    return bool(word) and (word[0].isupper() or word[0].isdigit() and word.isupper())


@section("organizations/lexicon")
class OrganizationsLexicon(Section):
    lowercase_heads: tuple[str, ...]
    named_after_people: tuple[str, ...]
    not_after_head: tuple[str, ...]
    dash_continuations: tuple[str, ...]
    before_body_heads: tuple[str, ...]
    time_units_after_number: tuple[str, ...]
    generic_before: tuple[str, ...]
    max_bridge_syllables: int
    max_comma_words: int
    bridge_stop_words: tuple[str, ...]
    bridge_compounds: tuple[str, ...]
    name_phrases: tuple[str, ...]
    zone_list_leads: tuple[str, ...]
    business_words: tuple[str, ...]
    bridge_words_ok: tuple[str, ...]
    and_continuations: tuple[str, ...]
    open_tail_heads: tuple[str, ...]
    open_tail_bridge_ok: tuple[str, ...]
    max_open_tail_syllables: int
    fund_name_starts: tuple[str, ...]
    provincial_heads: tuple[str, ...]
    canonical_spellings: tuple[str, ...]
    abbreviations: dict[str, str]
    abbreviation_pair_joiner: str
    grassroots_word: str
    not_bodies: tuple[str, ...]
    enterprise_heads: tuple[str, ...]
    legal_forms: tuple[str, ...]
    legal_form_spellings: dict[str, str] = {}
    initial_spellings: dict[str, str] = {}
    branch_words: tuple[str, ...]
    board_words: tuple[str, ...]
    central_owner_words: tuple[str, ...]
    host_reference_heads: tuple[str, ...]
    host_references: dict[str, tuple[str, ...]]
    host_references_not_before: tuple[str, ...]

    @field_validator("name_phrases")
    @classmethod
    def _capitalized(cls, phrases: tuple[str, ...]) -> tuple[str, ...]:
        # a name holding a comma left unquoted in a YAML flow list splits in two: the second piece starts in lower case
        split = [phrase for phrase in phrases if not phrase[:1].isupper()]
        if split:
            raise ValueError(f"a name phrase starts in lower case (quote a name that holds a comma): {split}")
        return phrases


def _known_places() -> dict[str, dict[str, list[str]]]:
    """Level kind -> first syllable -> the package's place names of that kind, longest first."""
    index: dict[str, dict[str, list[str]]] = {}
    for kind, names in admin_units().by_level.items():
        by_first = index.setdefault(kind, {})
        for name in names:
            by_first.setdefault(name.split()[0], []).append(name)
    for by_first in index.values():
        for names in by_first.values():
            names.sort(key=len, reverse=True)
    return index


def _compile(lexicon: Lexicon) -> dict:
    lex = lexicon.section("organizations/lexicon", OrganizationsLexicon)
    place = places(lexicon)
    provinces = province_names(lexicon)
    person = people(lexicon)
    bodies = body_words(lexicon)
    heads = [*bodies.heads, *bodies.central_bodies]
    and_word = alternation(clauses(lexicon).and_words)
    level_kinds = alternation(set(place.levels.values()))
    abbreviation_words = alternation(list(lex.abbreviations))
    return {
        "heads": heads,
        # a bare head ending a list right before a position ("Đảng ủy, HĐND, " before "UBND xã X"), also
        # a chain of one person's posts ("Phó Bí thư Đảng ủy, Chủ tịch " before "UBND xã X")
        "bare_list_re": regex.compile(
            rf"{NO_LETTER_BEFORE}(?P<head>{alternation_first_letter_exact(heads)})"
            rf"(?:\s*,\s*(?:(?:{alternation(person.titles)})\s+)?|\s+(?:{and_word})\s+)$"
        ),
        "head_re": regex.compile(
            rf"{NO_LETTER_BEFORE}(?:{alternation_first_letter_exact(heads)}|(?i:{alternation(lex.lowercase_heads)}))"
            rf"{NO_LETTER_AFTER}"
        ),
        "level_re": regex.compile(
            # "Hợp tác xã Dao Phúc Sen": a level word that ends a body's head is part of the head, no level
            rf"(?<!{NO_LETTER_BEFORE}(?:{alternation(_head_leads_before_level(heads, place.levels), 'both')})\s+)"
            rf"(?!(?i:{alternation(place.not_levels)}){NO_LETTER_AFTER})"
            rf"(?:{alternation([level for level in place.levels if level.endswith('.')])}"  # "TP.HCM"
            rf"|(?:{alternation([level for level in place.levels if not level.endswith('.')])})"
            rf"{NO_LETTER_AFTER})",
            regex.IGNORECASE,
        ),
        "levels": {key.lower(): value for key, value in place.levels.items()},
        "bare_level_end": regex.compile(rf"{NO_LETTER_BEFORE}(?:{level_kinds})$"),
        "brands": dict(bodies.brand_names),
        "province_level": place.province_level,
        "listed_levels": frozenset(place.listed_levels),
        "naming": regex.compile(rf"\p{{Lu}}|\d|(?i:{level_kinds}){NO_LETTER_AFTER}"),
        "named_level": regex.compile(rf"(?:{alternation(place.levels_above_commune)})(?:\s+\p{{Lu}}|$)"),
        "province_re": regex.compile(rf"(?:{alternation(provinces)}){NO_LETTER_AFTER}"),
        # a two-syllable province at the end ("Mai Hưng Yên") is a place; "Trần Thị Huế" is a name
        "place_name_re": regex.compile(rf"(?:{alternation([*provinces, *place.country_names])})"),
        "joiner_re": regex.compile(rf"\s*(?:,|{and_word})\s*"),
        "place_end_re": regex.compile(
            rf"(?<![\p{{L}}\p{{M}}])(?:{alternation([*provinces, *place.country_names], 'backward')})$", regex.REVERSE
        ),
        # "Công ty TNHH Ce Link Hải Dương Việt Nam": a run ending in the country is no person
        "country_end_re": regex.compile(rf"{NO_LETTER_BEFORE}(?:{alternation(place.country_names)})$"),
        "country_re": regex.compile(rf"(?:{alternation(place.country_names)})"),
        # the marks that join the parts of one name, written one way or another ("khu công nghiệp, khu kinh tế",
        # "Khu công nghiệp - Khu kinh tế", "KCN và KKT")
        "part_joiner": regex.compile(rf"\s*(?:,|[-–&]|{NO_LETTER_BEFORE}(?:{and_word}){NO_LETTER_AFTER})\s*"),
        # a branch word, after a dash or not ("... Việt Nam - Chi nhánh Huế", "... chi nhánh Tây Ninh")
        "branch_any_re": regex.compile(rf"(?:\s+[-–])?\s+(?i:{alternation(lex.branch_words)})\s+"),
        "legal_form_spellings": [
            (regex.compile(rf"(?i:{regex.escape(spelled)})"), short)
            for spelled, short in lex.legal_form_spellings.items()
        ],
        "initial_spellings": dict(lex.initial_spellings),
        "province_end_re": regex.compile(rf"{NO_LETTER_BEFORE}(?:{alternation([p for p in provinces if ' ' in p])})$"),
        "known_places": _known_places(),
        # every place name of the package, any level, before and after the 2025 merger
        "place_names": frozenset(provinces).union(*admin_units().by_level.values()),
        "enterprise_re": regex.compile(
            rf"{NO_LETTER_BEFORE}(?:{alternation_first_letter_exact(lex.enterprise_heads)})"
        ),
        "not_body": regex.compile(rf"(?:{alternation(lex.not_bodies)}){NO_LETTER_AFTER}"),
        "not_after": regex.compile(rf"\s*(?:{alternation(lex.not_after_head)}){NO_LETTER_AFTER}"),
        "generic_before": regex.compile(
            rf"{NO_LETTER_BEFORE}(?:{alternation(lex.generic_before, 'backward')})\s+$",
            regex.IGNORECASE | regex.REVERSE,
        ),
        "stop_re": regex.compile(
            rf"(?!(?:{alternation(lex.bridge_compounds)}){NO_LETTER_AFTER})(?:{alternation(lex.bridge_stop_words)}){NO_LETTER_AFTER}",
            regex.IGNORECASE,
        ),
        "time_after_re": regex.compile(
            rf"\s+(?:{alternation(lex.time_units_after_number)}){NO_LETTER_AFTER}", regex.IGNORECASE
        ),
        "bridge_ok": {word.lower() for word in lex.bridge_words_ok},
        "and_start_re": regex.compile(rf"(?:{and_word}) "),
        "and_re": regex.compile(rf"(?:{and_word})\s+(?i:{alternation(lex.and_continuations)}){NO_LETTER_AFTER}"),
        "numbered_levels": set(place.numbered_levels),
        "head_before_re": regex.compile(rf"(?:{alternation_first_letter_exact(heads, 'backward')})\s+$", regex.REVERSE),
        "level_before_re": regex.compile(
            rf"{NO_LETTER_BEFORE}(?:{alternation(list(place.levels), 'backward')})\s+$",
            regex.IGNORECASE | regex.REVERSE,
        ),
        "dash_re": regex.compile(
            rf"(?:{alternation(lex.dash_continuations)}){NO_LETTER_AFTER}"
            rf"|(?=[\d&]*\p{{Lu}})[\p{{Lu}}\d&]{{2,6}}{NO_LETTER_AFTER}(?!\s+\p{{Lu}})"
        ),
        "open_tail": set(lex.open_tail_heads),
        "before_body": set(lex.before_body_heads),
        "open_tail_ok": set(lex.open_tail_bridge_ok),
        "business": {word.lower() for word in lex.business_words},
        "business_list": sorted(lex.business_words, key=len, reverse=True),
        "list_lead_re": regex.compile(
            rf"{NO_LETTER_BEFORE}(?:{alternation(lex.zone_list_leads, 'backward')})\s+$",
            regex.IGNORECASE | regex.REVERSE,
        ),
        # ... joined by commas, "và" or a dash ("các Khu công nghiệp - Khu kinh tế tỉnh")
        "zone_list_re": regex.compile(
            rf"(?i:{alternation(lex.name_phrases)})"
            rf"(?:(?:,|\s+{and_word}|\s+[-–])\s+(?i:{alternation(lex.name_phrases)}))*{NO_LETTER_AFTER}"
        ),
        # "Công ty TNHH Thương mại - Dịch vụ Hải Đăng": a company's trades, listed with a dash
        "business_re": regex.compile(rf"(?i:{alternation(lex.business_words)}){NO_LETTER_AFTER}"),
        # "Bệnh viện Y học cổ truyền và Phục hồi chức năng": two fields joined by "và" are one name
        "phrase_re": regex.compile(
            rf"(?:{alternation_first_letter_exact(lex.name_phrases)})"
            rf"(?:\s+{and_word}\s+(?:{alternation_first_letter_exact(lex.name_phrases)}))*{NO_LETTER_AFTER}"
        ),
        "max_open_tail": lex.max_open_tail_syllables,
        "fund_start_re": regex.compile(rf"\s*(?:{alternation(lex.fund_name_starts)}){NO_LETTER_AFTER}"),
        # a post right before a body, as written mid-sentence too ("giám đốc công ty Vương Tuấn Phương")
        "title_before_re": regex.compile(
            rf"{NO_LETTER_BEFORE}(?:{alternation(with_lower_first(person.all_titles), 'backward')})\s+$", regex.REVERSE
        ),
        # a union department's name after its "Ban" ("Ban Công tác công đoàn"), however its words are capitalized
        "department_before_re": regex.compile(
            rf"{NO_LETTER_BEFORE}(?i:ban)\s+(?i:{alternation(bodies.departments)}){NO_LETTER_AFTER}"
        ),
        "title_inside_re": regex.compile(rf"{NO_LETTER_BEFORE}(?:{alternation(person.titles)}){NO_LETTER_AFTER}"),
        "provincial": set(lex.provincial_heads),
        "titles_re": regex.compile(rf"(?:{alternation([*person.titles, *person.honorifics])}){NO_LETTER_AFTER}"),
        "not_names": set(person.not_names),
        "max_bridge": lex.max_bridge_syllables,
        "max_comma_words": lex.max_comma_words,
        "people_heads": set(lex.named_after_people),
        "party": set(bodies.party_heads),
        "surnames": set(person.surnames),
        # "Từ Quỹ “Mái ấm Công đoàn” tỉnh": a preposition that is also a surname opens no name before a head
        "function_words": clauses(lexicon).stop_words,
        "middle_names": set(person.middle_names),
        "strong_middle_names": set(person.strong_middle_names),
        "abbreviations": dict(lex.abbreviations),
        "abbreviation_pair_joiner": lex.abbreviation_pair_joiner,
        # an abbreviation ending in a dot may run into the next word ("LĐLĐ TP.Đà Nẵng")
        "abbreviation_re": regex.compile(
            rf"{NO_LETTER_BEFORE}(?:(?:{abbreviation_words}){NO_LETTER_AFTER}(?!\.\p{{L}})"
            rf"|(?:{alternation([a for a in lex.abbreviations if a.endswith('.')])}))"
        ),
        # "KKT&CKCN": two abbreviations joined by "&" are two names joined by "và" (unless the pair is listed whole)
        "abbreviation_pair_re": regex.compile(
            rf"{NO_LETTER_BEFORE}(?P<first>{abbreviation_words})&(?P<second>{abbreviation_words}){NO_LETTER_AFTER}"
        ),
        "head_forms": {head.lower(): head for head in reversed(heads)},
        "spelling_re": regex.compile(
            rf"{NO_LETTER_BEFORE}(?i:{alternation(lex.canonical_spellings)}){NO_LETTER_AFTER}"
        ),
        "spellings": {word.lower(): word for word in lex.canonical_spellings},
        "grassroots": f" {lex.grassroots_word} ",
        # committees named after a level, resolved to the article's place: the party's and the Youth Union's
        "party_levels": {
            head.lower(): level for head, level in {**bodies.party_committee_levels, **bodies.level_committees}.items()
        },
        "standard_names": {
            name.lower(): standard
            for name, standard in [*bodies.standard_names.items(), *bodies.central_bodies.items()]
        },
        "standard_starts": dict(bodies.standard_starts),
        "union": set(bodies.union_heads),
        "numbers": number_words(lexicon),
        # "Công đoàn cơ sở công ty": a union named by its host's kind alone, then the host's heads
        "host_reference_re": regex.compile(
            rf"(?P<head>{alternation_first_letter_exact(with_lower_first(lex.host_reference_heads))})\s+"
            rf"(?P<host>(?i:{alternation(list(lex.host_references))})){NO_LETTER_AFTER}(?!\s+[\p{{Lu}}\d\"“])"
        ),
        "host_heads": {host.lower(): heads for host, heads in lex.host_references.items()},
        # "Giám đốc công ty", "Hiệu trưởng nhà trường": a host's kind alone, no name after it
        "host_noun_re": regex.compile(
            rf"{NO_LETTER_BEFORE}(?i:{alternation(list(lex.host_references))}){NO_LETTER_AFTER}"
            rf"(?!\s+(?:[\p{{Lu}}\d\"“]|(?i:{alternation(lex.host_references_not_before)}){NO_LETTER_AFTER}))"
        ),
        # ... or before a capitalized run: its holder's name when a post precedes ("Giám đốc Công ty Nguyễn Văn Phong")
        "host_noun_named_re": regex.compile(
            rf"{NO_LETTER_BEFORE}(?i:{alternation(list(lex.host_references))}){NO_LETTER_AFTER}(?=[ \t]+\p{{Lu}})"
        ),
        "host_reference_heads": sorted(lex.host_reference_heads, key=len, reverse=True),
        # "Công ty Vard Vũng Tàu" in a headline, "Công ty TNHH Vard Vũng Tàu" in the body: one company
        # a legal form opening what follows an enterprise's head, however it is capitalized ("Công ty cổ phần Dệt ...")
        "legal_form_opening_re": regex.compile(rf"\s*(?i:{alternation(lex.legal_forms)}){NO_LETTER_AFTER}"),
        "legal_form_re": regex.compile(
            rf"(?<=(?:{alternation(lex.enterprise_heads, 'both')}) )(?:{alternation(lex.legal_forms, 'both')}) "
        ),
        "branch_re": regex.compile(rf"(?<=\S) (?:{alternation(lex.branch_words)})(?= \p{{Lu}})", regex.IGNORECASE),
        "board_re": regex.compile(rf"^(?:{alternation(lex.board_words)}) (?=(?:{alternation(bodies.union_heads)}) )"),
        "central": set(bodies.central_bodies),
        # "Ủy ban Pháp luật và Tư pháp của Quốc hội": a central body's owner after "của" is part of its name
        "central_owner": regex.compile(
            rf"\s+(?:{alternation(lex.central_owner_words)})\s+(?:{alternation(bodies.central_bodies)}){NO_LETTER_AFTER}"
        ),
    }


def _skip_spaces(text: str, pos: int) -> int:
    return _SPACE.match(text, pos).end()


def _capitalized_run(text: str, pos: int) -> list[tuple[int, int]]:
    """Spans of consecutive capitalized words from `pos` (single spaces between them)."""
    run = []
    while True:
        word = _WORD.match(text, pos)
        if not word or not _is_capitalized(word.group()):
            break
        run.append((word.start(), word.end()))
        after = _skip_spaces(text, word.end())
        if after == word.end() or after - word.end() > 1:
            break
        pos = after
    return run


_NOUN_TAGS = {"N", "Np", "Nc", "Ny", "Nu", "A"}


def _nouns_only(words: str) -> bool:
    """True when underthesea tags every word as a noun or adjective ("đô thị"), not a verb ("bày tỏ")."""
    tags = pos_tags(words.strip())
    return bool(tags) and all(tag in _NOUN_TAGS for _, tag in tags)


def _end_before(text: str, cut: int) -> int:
    end = cut
    while end > 0 and text[end - 1] == " ":
        end -= 1
    return end


def _inside_word(text: str, head: regex.Match[str]) -> bool:
    """True when underthesea joins the head's syllable to the word before it."""
    begin = max(0, text.rfind(" ", 0, max(0, head.start() - 1)) + 1)
    if begin >= head.start() or not text[begin : head.start()].strip() or "\n" in text[begin : head.start()]:
        return False
    return starts_inside_word(text, begin, head.start(), head.end())


def _quoted_name(text: str, head: regex.Match[str]) -> int | None:
    """“Quỹ mái ấm công đoàn”: a head right after an opening quote runs to the closing quote."""
    if head.start() == 0 or text[head.start() - 1] not in '“"«':
        return None
    close = _CLOSE_QUOTE.search(text, head.end(), head.end() + 80)
    if not close or "\n" in text[head.end() : close.start()] or close.start() <= head.end() + 1:
        return None
    return close.start()


_ROMAN = regex.compile(r"[IVXLC]+")


def _place_end(text: str, start: int, names: Iterable[str]) -> int | None:
    """End of the first of `names` (places, in the lexicon's order) written at `start` as a whole word."""
    for name in names:
        end = start + len(name)
        if text.startswith(name, start) and not (end < len(text) and (text[end].isalnum() or text[end] == "'")):
            return end
    return None


class OrganizationGrammar:
    """The grammar compiled from one lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = _compile(lexicon)
        # The document whose answers are kept, and the answers, per thread: the grammar is shared by every
        # thread extracting with one lexicon (Dask's threaded workers), and one document's answers must never
        # serve another's.
        self._memo = threading.local()

    def _kept(self, text: str, key: tuple[Any, ...], compute: Callable[[], _T]) -> _T:
        """A per-document memo: organizations and the references officials read ask the same
        questions of the same heads (whether a head is a mention at all, where its name ends,
        where a person's name starts), and the answers do not depend on which of them asks."""
        memo = self._memo
        if getattr(memo, "text", None) is not text:
            memo.text, memo.answers = text, {}
        answers: dict[tuple[Any, ...], Any] = memo.answers
        if key not in answers:
            answers[key] = compute()
        return answers[key]

    def _counted(self, text: str, start: int) -> bool:
        """A number (or a percentage) right before the head counts the bodies, unless it is an ordinal or a
        name's number ("lần thứ 15 Liên đoàn Lao động ...")."""
        before = text[max(0, start - 40) : start]
        number = _COUNTED.search(before)
        return bool(number) and not self.lex["numbers"].is_not_a_count(before[: number.start()])

    def _person_cut(
        self,
        text: str,
        run: list[tuple[int, int]],
        allow_whole: bool,
        min_size: int = 2,
        whole_by_middle_name: bool = False,
    ) -> int | None:
        """Where a personal name starts inside a capitalized run; else None.

        underthesea usually keeps a personal name in one word ("Hà Nội | Trần Thị Thu Hà");
        when it glues the name to a place ("Cao Lộc Vi Đức Toàn"), a surname followed by a
        common middle name decides."""
        lex = self.lex
        syllables = [text[start:end] for start, end in run]
        candidates = [
            index
            for index in range(0 if allow_whole else 1, len(run) - 1)
            if min_size <= len(run) - index <= 5
            and (syllables[index] in lex["surnames"] or self._starts_by_middle_name(syllables, index))
            and not lex["province_re"].fullmatch(text[run[index][0] : run[-1][1]])
            and not lex["province_end_re"].search(text[run[index][0] : run[-1][1]])
            and not lex["country_end_re"].search(text[run[index][0] : run[-1][1]])
        ]
        if not candidates:
            return None
        offset = max(0, run[0][0] - 12)
        words = tokenize_words(text[offset : run[-1][1]])
        for index in candidates:
            if index == 0 and syllables[1] not in lex["middle_names"]:
                continue  # a whole run right after a level is a place unless it reads as a name
            if any(offset + w.start == run[index][0] and offset + w.end == run[-1][1] for w in words):
                return run[index][0]
        for index in candidates:
            if index == 0 and not whole_by_middle_name:
                continue  # "huyện Châu Thành A": a place may read like a name too
            if len(run) - index >= 3 and syllables[index + 1] in lex["middle_names"]:
                return run[index][0]
        return None

    def _full_name(self, syllables: list[str]) -> bool:
        """A personal name in full: a surname, a middle name and one or two more ("Nguyễn Văn Phong")."""
        return (
            3 <= len(syllables) <= 4
            and syllables[0] in self.lex["surnames"]
            and syllables[1] in self.lex["middle_names"]
            and " ".join(syllables) not in self.lex["place_names"]
        )

    def _starts_by_middle_name(self, syllables: list[str], index: int) -> bool:
        """A syllable the surname list lacks still starts a full name when a strong middle name
        follows and a given name ends it ("Tổng LĐLĐ Việt Nam | Ngọ Duy Hiểu"), after another part
        of the run that is a whole province or the country: the people gazetteer's rule for names
        without an honorific, where a place's own name cannot go on."""
        if not (0 < index and len(syllables) - index == 3 and syllables[index + 1] in self.lex["strong_middle_names"]):
            return False
        return bool(self.lex["place_name_re"].fullmatch(" ".join(syllables[:index])))

    def _inside_title(self, text: str, head: regex.Match[str]) -> bool:
        begin = max(0, head.start() - 30)
        # "Bộ trưởng Bộ ...": the post goes on after the head; "Chánh Văn phòng LĐLĐ tỉnh": the post ends
        # with the head and the body named next is the one meant. "Trưởng Ban | Quản lý ..." only
        # shares a word, and "Trưởng Công an xã X" keeps its body.
        for title in self.lex["title_inside_re"].finditer(text, begin, head.end() + 30):
            if title.start() <= head.start() and head.end() < title.end():
                return True
            if title.start() < head.start() and head.end() == title.end():
                return bool(self.lex["head_re"].match(text, _skip_spaces(text, head.end())))
        return False

    def _place_at(self, text: str, head: regex.Match[str]) -> bool:
        """Does a place the package lists start at the head, after a level word or as the whole capitalized run?"""
        after_level = bool(self.lex["level_before_re"].search(text[max(0, head.start() - 12) : head.start()]))
        word = _WORD.match(text, head.start())
        if not word:
            return False
        run = _capitalized_run(text, head.start())
        for of_kind in self.lex["known_places"].values():  # the word is matched once, not once a kind
            end = _place_end(text, head.start(), of_kind.get(word.group(), ()))
            if end is not None and end > head.end() and (after_level or (run and run[-1][1] == end)):
                return True
        return False

    def _known_place(self, text: str, start: int, kind: str) -> int | None:
        """End of the longest place of this level kind the package lists at `start`."""
        word = _WORD.match(text, start)
        if not word:
            return None
        return _place_end(text, start, self.lex["known_places"].get(kind, {}).get(word.group(), ()))

    def _place_after_level(self, text: str, level: str, pos: int) -> int | None:
        """End of the place named after a level word, or None for a bare level."""
        start = _skip_spaces(text, pos)
        if start == pos and not level.endswith("."):  # "TP.HCM": the place may follow the dot directly
            return None
        province = self.lex["province_re"].match(text, start)
        if province:
            # "phường Điện Biên Phủ": a place of this level that begins with a province's name
            known = self._known_place(text, start, self.lex["levels"][level.lower()])
            return known if known is not None and known > province.end() else province.end()
        if self.lex["levels"][level.lower()] in self.lex["numbered_levels"]:
            number = _PLACE_NUMBER.match(text, start)
            after = _WORD.match(text, _skip_spaces(text, number.end())) if number else None
            if number and not (after and after.group().lower() in self.lex["numbers"].scales):
                return number.end()  # "Quận 7"; not "Công đoàn phường 20 triệu đồng"
        kind = self.lex["levels"][level.lower()]
        if kind == self.lex["province_level"]:
            return None  # after "tỉnh" only a known province is a place
        if kind in self.lex["listed_levels"]:
            return self._known_place(text, start, kind)  # "đặc khu Vân Đồn", one of the package's
        run = _capitalized_run(text, start)
        if not run:
            return None
        # After a level a run is a place, unless it reads as a full name ("thị xã Nguyễn Đình Phúc"): a
        # place the package lists stands; a run of three or more from a surname that it does not list
        # is a person ("Phó Chủ tịch LĐLĐ thành phố Nguyễn Huy Khánh")
        known = self._known_place(text, start, self.lex["levels"][level.lower()])
        if known is not None:
            return known
        words = [text[a:b] for a, b in run]
        person = len(run) >= 3 and words[0] in self.lex["surnames"]
        cut = self._person_cut(text, run, allow_whole=person, whole_by_middle_name=person)
        if cut is not None:
            return None if cut == run[0][0] else text.rfind(" ", 0, cut) if text.rfind(" ", 0, cut) > start else None
        return run[-1][1]

    # The ways a name goes on after its head, tried in this order at each step. Each rule
    # returns None when it does not apply here, True to go on scanning, False to end the name;
    # the rule that last moved the end of the name is the mention's `rule`.
    NAME_RULES = (
        "country_in_parentheses",
        "abbreviation_in_parentheses",
        "quoted_name",
        "level_place",
        "dash_continuation",
        "and_continuation",
        "zone_list",
        "comma_continuation",
        "host_body",
        "capitalized_word",
        "bridge_word",
    )

    def _scan_name(self, text: str, head: regex.Match[str], lower_only_ok: bool = False) -> tuple[int, str] | None:
        """End of the organization's name after its head and the rule that ended it, or None
        when nothing names it.

        `lower_only_ok`: a name of lower-case nouns only ends the mention too ("Chủ tịch Công
        đoàn công ty, chị X"): used where a title makes the reference clear."""
        scan = self._scanned(text, head)
        ends_here = scan.pos == len(text) or text[scan.pos] in ",.;:)\n"
        if scan.anchor is None:
            if lower_only_ok and 0 < scan.bridge <= 3 and ends_here and _nouns_only(text[head.end() : scan.pos]):
                return scan.pos, "bare_reference"
            return None
        anchor = self._extend_word(text, head.start(), scan.anchor)
        trailing = text[anchor : scan.pos].split()
        # "Công ty TNHH MTV Môi trường đô thị, cho biết": the name ends at the comma; not after its place ("Công
        # đoàn Viên chức Việt Nam chung tay,": the words after the country are the sentence's)
        if (
            scan.bridge
            and 0 < len(trailing) <= 3
            and ends_here
            and not self.lex["place_end_re"].search(text, head.end(), anchor)
            and _nouns_only(" ".join(trailing))
        ):
            return scan.pos, "noun_tail"
        return anchor, scan.rule

    def _scanned(self, text: str, head: regex.Match[str]) -> _Scan:
        """The name rules run from `head` to where the name stops. Kept for the document being
        read: organizations and the references officials read scan the same heads, and the scan
        does not depend on whether a bare reference is accepted."""
        return self._kept(text, ("scan", head.start(), head.end()), lambda: self._scan(text, head))

    def _scan(self, text: str, head: regex.Match[str]) -> _Scan:
        scan = _Scan(text, head, head.end())
        rules = [getattr(self, name) for name in self.NAME_RULES]
        while True:
            scan.start = _skip_spaces(text, scan.pos)
            if scan.start >= len(text) or text[scan.start] == "\n":
                break
            outcome = None
            for rule in rules:
                outcome = rule(scan)
                if outcome is not None:
                    break
            if not outcome:
                break
        return scan

    def country_in_parentheses(self, scan: _Scan) -> bool | None:
        """ "Công ty TNHH Oucanyon Furniture (Việt Nam)": the country in parentheses right after an enterprise's
        name is the last part of the name (the local company of a foreign group), not a remark."""
        text, start = scan.text, scan.start
        if text[start] != "(" or scan.anchor is None or scan.bridge or start != scan.pos + 1:
            return None
        close = text.find(")", start, start + 30)
        if close < 0 or not self.lex["country_re"].fullmatch(text, start + 1, close):
            return None
        if not self.lex["enterprise_re"].search(text, scan.head.start(), start):
            return None
        scan.move(close + 1, "country_in_parentheses", bridge=0)
        return True

    def abbreviation_in_parentheses(self, scan: _Scan) -> bool | None:
        """ "Ngân hàng Chính sách xã hội (NHCSXH) tỉnh": an abbreviation in parentheses is skipped."""
        text, start = scan.text, scan.start
        if text[start] != "(":
            return None
        close = text.find(")", start, start + 14)
        inner = text[start + 1 : close] if close > 0 else ""
        # "(Agribank) Đà Lạt": a one-word brand goes the same way when the name goes on after it
        # "(VietinBank) - Chi nhánh Ba Đình": or a dash continuation
        dash = _DASH_AFTER.match(text, close + 1)
        goes_on = bool(_NAMED_NEXT.match(text, close + 1) or (dash and self.lex["dash_re"].match(text, dash.end())))
        brand = inner.isalpha() and inner[:1].isupper() and goes_on
        if inner and (inner.replace("&", "").isupper() or brand) and scan.bridge <= 3:
            scan.pos = close + 1
            return True
        return False

    def quoted_name(self, scan: _Scan) -> bool | None:
        """ "Quỹ “Mái ấm Công đoàn” tỉnh Hưng Yên": a quoted name ends the mention, with its place if one follows."""
        text, start = scan.text, scan.start
        if text[start] not in _QUOTES:
            return None
        if start > 0 and text[start - 1].isalnum():
            return None  # "“Mái ấm Công đoàn” tại xã": the quote closes a name the head was inside
        close = _CLOSE_QUOTE.search(text, start + 1, start + 90)
        if close and "\n" not in text[start : close.start()] and (scan.anchor is None or scan.bridge == 0):
            scan.move(close.end(), "quoted_name")
            after = _skip_spaces(text, scan.pos)
            level = self.lex["level_re"].match(text, after) if after > scan.pos else None
            if level:
                scan.anchor = self._place_after_level(text, level.group(), level.end()) or level.end()
        return False

    def level_place(self, scan: _Scan) -> bool | None:
        """ "Công đoàn phường Hoàng Mai", "LĐLĐ tỉnh": a name ends with its level and place."""
        level = self.lex["level_re"].match(scan.text, scan.start)
        if not level:
            return None
        if (
            scan.bridge
            and scan.anchor is not None
            and scan.head.group() not in self.lex["open_tail"]
            and self.lex["place_end_re"].search(scan.text, scan.head.end(), scan.anchor)
        ):
            # "Tổng LĐLĐ Việt Nam ủng hộ tỉnh Cao Bằng": a name already ending in its place does not go
            # on over a verb to a level ("Sở Giao thông vận tải tỉnh Khánh Hòa" has no place before)
            if self._verb_between(scan.text, scan.head.start(), scan.anchor, scan.start, level.end()):
                return False
        scan.move(self._place_after_level(scan.text, level.group(), level.end()) or level.end(), "level_place")
        return False

    def dash_continuation(self, scan: _Scan) -> bool | None:
        """ "Công ty Than Thống Nhất - TKV", "Thành ủy Phan Rang - Tháp Chàm": a name goes on after a dash."""
        text, start = scan.text, scan.start
        if text[start] not in "-–—" or start == 0 or text[start - 1] != " ":
            return None
        after = _skip_spaces(text, start + 1)
        continuation = (
            self.lex["dash_re"].match(text, after)
            or self._trade_continuation(scan, after)
            or self._place_continuation(text, start, after)
        )
        if after > start + 1 and continuation:
            scan.move(continuation.end(), "dash_continuation", bridge=0)
            return True
        return False

    def _trade_continuation(self, scan: _Scan, after: int) -> regex.Match[str] | None:
        """ "Công ty TNHH Thương mại - Dịch vụ Hải Đăng": after a dash, a capitalized trade goes on in a company's
        name when a trade came before it."""
        text = scan.text
        if not text[after : after + 1].isupper():
            return None
        if not self.lex["enterprise_re"].search(text, scan.head.start(), after):
            return None
        trade_before = self.lex["business_re"].search(text, scan.head.end(), scan.pos)
        if trade_before is None or trade_before.end() != scan.pos:
            return None
        return self.lex["business_re"].match(text, after)

    def and_continuation(self, scan: _Scan) -> bool | None:
        """ "Sở Giáo dục và Đào tạo": "và" goes on only before a listed continuation."""
        if not self.lex["and_start_re"].match(scan.text, scan.start):
            return None
        continuation = self.lex["and_re"].match(scan.text, scan.start)
        if continuation:
            scan.move(continuation.end(), "and_continuation", bridge=0)
            return True
        return self._and_in_enterprise_name(scan)

    def _and_in_enterprise_name(self, scan: _Scan) -> bool:
        """ "Công ty Cổ phần Supe Phốt phát và Hóa chất Lâm Thao": in a company's name "và" is a
        bridge when a capitalized or business word follows that starts no other body or person."""
        text, lex = scan.text, self.lex
        if scan.anchor is None or not lex["enterprise_re"].search(text, scan.head.start(), scan.start):
            return False
        after = _skip_spaces(text, scan.start + len(text[scan.start :].split(" ", 1)[0]))
        word = _WORD.match(text, after)
        if not word or lex["head_re"].match(text, after) or word.group() in lex["surnames"]:
            return False
        if lex["titles_re"].match(text, after):
            return False  # "Công đoàn cơ sở Công ty X và Giám đốc công ty ký": a post starts a person
        business = any(text.startswith(w, after) for w in lex["business_list"]) and text[after].islower()
        if not (_is_capitalized(word.group()) or business):
            return False
        scan.bridge += 1
        scan.pos = _skip_spaces(text, scan.start) + len(text[scan.start :].split(" ", 1)[0])
        return True

    def zone_list(self, scan: _Scan) -> bool | None:
        """ "Ban Công đoàn các khu công nghiệp, khu kinh tế tỉnh Lào Cai": after "các", the zones a body
        serves, in lower case too and listed with commas, go on to its level and place."""
        text, start = scan.text, scan.start
        if not scan.bridge or not self.lex["list_lead_re"].search(text, scan.head.end(), start):
            return None
        zones = self.lex["zone_list_re"].match(text, start)
        if not zones:
            return None
        scan.move(zones.end(), "zone_list", bridge=0)
        return True

    def comma_continuation(self, scan: _Scan) -> bool | None:
        """ "Ban Quản lý Khu kinh tế, công nghiệp thành phố Huế", "Ban Quản lý bến xe, bến thủy tỉnh Hưng Yên": a
        name with no place yet goes on over a comma and a few words of its own to its level and place."""
        text, start, lex = scan.text, scan.start, self.lex
        if text[start] != "," or (not scan.bridge and scan.anchor is None):
            return None
        if lex["place_end_re"].search(text, scan.head.end(), start):
            return False  # "Công đoàn phường X, ..." already ends in its place
        first = at = _skip_spaces(text, start + 1)
        for _ in range(lex["max_comma_words"] + 1):
            level = lex["level_re"].match(text, at)
            if level:
                end = self._place_after_level(text, level.group(), level.end())
                if end is None or at == first:
                    return False
                scan.move(end, "comma_continuation", bridge=0)
                return True
            word = _WORD.match(text, at)
            if (
                not word
                or lex["stop_re"].match(text, at)
                or lex["head_re"].match(text, at)
                or lex["titles_re"].match(text, at)
                or word.group() in lex["surnames"]
            ):
                return False
            at = _skip_spaces(text, word.end())
        return False

    def host_body(self, scan: _Scan) -> bool | None:
        """ "Công đoàn Công an nhân dân", "CĐCS Ủy ban nhân dân xã X": a body named after its host."""
        text, start = scan.text, scan.start
        inner = self.lex["head_re"].match(text, start) or self.lex["phrase_re"].match(text, start)
        if not (inner and " " in inner.group() and inner.group()[0].isupper()):
            return None
        if (
            scan.bridge
            and scan.anchor is not None
            and self._verb_between(text, scan.head.start(), scan.anchor, start, inner.end())
        ):
            return False
        scan.move(inner.end(), "host_body", bridge=0)
        self._name_number(scan, "host_body")
        return True

    def capitalized_word(self, scan: _Scan) -> bool | None:
        """ "Công ty TNHH Minh Phát", "Trường Tiểu học Đất Mũi 2": capitalized words (and a small
        number after them) go on; a lower-case bridge before them must be made of nouns."""
        text, start = scan.text, scan.start
        word = _WORD.match(text, start)
        if not word or not _is_capitalized(word.group()):
            return None
        if (
            not scan.bridge
            and scan.anchor is not None
            and word.group() in self.lex["surnames"]
            and not self.lex["province_re"].match(text, start)  # "... Việt Nam Thái Nguyên": a second place
            and self.lex["place_end_re"].search(text, scan.head.end(), scan.anchor)
        ):
            return False  # "Tổng LĐLĐ Việt Nam Huỳnh Thanh Xuân mong ...": after its place, a surname starts a person
        if scan.bridge and scan.anchor is not None and scan.head.group() not in self.lex["open_tail"]:
            if self.lex["place_end_re"].search(text, scan.head.end(), scan.anchor) and not self._bridge_ok(
                text, scan.anchor, start
            ):
                return False  # "Tổng LĐLĐ Việt Nam dẫn đầu Đoàn công tác": a name ending in its place has ended
            # "Nhà máy bánh kẹo Hải Châu" goes on; "Công ty X chậm đóng Bảo hiểm xã hội" stops at the verb
            if self._verb_between(text, scan.head.start(), scan.anchor, start, word.end()):
                return False
        scan.move(word.end(), "capitalized_word", bridge=0)
        if not word.group().isdigit():
            self._name_number(scan, "capitalized_word")
        return True

    def _name_number(self, scan: _Scan, rule: str) -> None:
        """ "Công ty Cổ phần May 10 trao quà", "Công ty Cổ phần Xây lắp điện 1 hỗ trợ": a small number
        right after the name goes on to it; "Công đoàn các KCN 25 ủy viên" does not: a lower-case word
        after the number must end a name (a verb, a preposition); "Đất Mũi 2 năm liền" is a time."""
        text = scan.text
        number = _NAME_NUMBER.match(text, scan.pos)
        if number is None or self.lex["time_after_re"].match(text, number.end()):
            return
        if "/" in number.group() and self.lex["place_end_re"].search(text, scan.head.end(), scan.pos):
            return  # "Ngày thành lập Công đoàn Việt Nam 28/7": a name ended by its place takes no day
        lower = _LOWER_WORD_NEXT.match(text, number.end())
        if lower is None or self.lex["stop_re"].match(text, lower.end()):
            scan.move(number.end(), rule)

    def _bridge_ok(self, text: str, start: int, end: int) -> bool:
        """Is every lower-case word of text[start:end] one a name may hold ("chi nhánh", "cơ sở")?"""
        bridge = _PARENTHESES.sub(" ", text[start:end]).strip().lower()  # "Việt Nam (BIDV) chi nhánh Đồng Tháp"
        return bool(bridge) and (
            bridge in self.lex["bridge_ok"] or all(w in self.lex["bridge_ok"] for w in bridge.split())
        )

    def bridge_word(self, scan: _Scan) -> bool:
        """A lower-case word between capitalized parts ("Nhà máy bánh kẹo Hải Châu"), or the
        lower-case tail of a fund's name ("Quỹ Tết sum vầy", "Quỹ quốc gia giải quyết việc làm")."""
        lex, text, start, head = self.lex, scan.text, scan.start, scan.head
        word = _WORD.match(text, start)
        if not word:
            return False
        token = word.group()
        open_tail = head.group() in lex["open_tail"]
        if lex["stop_re"].match(text, start) and token.lower() not in lex["bridge_ok"]:
            previous = text[text.rfind(" ", 0, start - 1) + 1 : start].strip()
            # "Tổng công ty Hàng không Việt Nam": a stop word that ends a word begun by a capitalized syllable
            known = previous[:1].isupper() and is_known_word(f"{previous} {token}")
            if not (open_tail and token in lex["open_tail_ok"]) and not known:
                return False
        if token.isdigit():
            self._number_after_word(scan, word)
            return False  # "Công đoàn các KCN bầu 25 ủy viên": a number ends a name
        scan.bridge += 1
        if scan.bridge > (lex["max_open_tail"] if open_tail else lex["max_bridge"]):
            return False
        scan.pos = word.end()
        lower_fund = scan.bridge >= 3 and head.group()[0].isupper() and lex["fund_start_re"].match(text, head.end())
        if open_tail and (scan.anchor is not None or lower_fund):
            number = _SMALL_NUMBER.match(text, scan.pos)
            if number and lex["time_after_re"].match(text, number.end()):
                number = None  # "... tự tạo việc làm 6 tháng đầu năm 2025": a time, after the name
            if number and self._counts_a_noun(text, number):
                return False  # "Quỹ Vì phụ nữ lao động giúp 45 trường hợp vay": the word is the predicate's verb
            scan.anchor = scan.pos
            scan.rule = "fund_tail"
            if number and scan.bridge >= 3:
                scan.move(number.end(), "fund_tail")
                return False  # "Quỹ quốc gia giải quyết việc làm 120 cho vay": the number closes the name
        return True

    def _counts_a_noun(self, text: str, number: regex.Match[str]) -> bool:
        """Is the number followed by a lower-case word that is no stop word: a count ("45 trường hợp"), the
        object of a verb, where a fund's name ends with a number of its own ("... việc làm 120 cho vay")?"""
        after = _skip_spaces(text, number.end())
        word = _WORD.match(text, after)
        return bool(word) and word.group().islower() and not self.lex["stop_re"].match(text, after)

    def _number_after_word(self, scan: _Scan, number: regex.Match[str]) -> None:
        """ "Công đoàn Tổng Công ty Phát điện 3 tặng ...": a small number after one lower-case word that
        finishes the capitalized word before it ("Phát điện" is one word) closes the name, when a verb,
        a preposition or punctuation follows; "Trường THCS Nguyễn Du lớp 9" ("Du lớp" is none) does not."""
        text, lex = scan.text, self.lex
        if scan.anchor is None or scan.bridge != 1 or len(number.group()) > 2:
            return
        words = text[: number.start()].rsplit(maxsplit=2)  # the last two words; not a list of all before
        if len(words) < 2 or not words[-2][:1].isupper() or not is_known_word(f"{words[-2]} {words[-1]}"):
            return
        day = _DAY_AFTER.match(text, number.end())  # "Quỹ Khuyến học 28/10": a day names it
        end = day.end() if day else number.end()
        after = _skip_spaces(text, end)
        if after < len(text) and text[after].isalnum() and not lex["stop_re"].match(text, after):
            return
        scan.move(end, "capitalized_word", bridge=0)

    def _verb_between(
        self, text: str, context_start: int, bridge_start: int, bridge_end: int, context_end: int
    ) -> bool:
        """Does underthesea tag a word that lies wholly inside text[bridge_start:bridge_end] as a verb?
        Words that finish the capitalized word before ("Điện tử") are not part of the bridge."""
        snippet = text[context_start:context_end]
        # Only a word wholly inside the bridge that the lexicon does not let through can be the
        # verb, and the words are known before tagging: most bridges have none (the word that
        # ends "Cổ phần" begins before the bridge), so their tagging, a second CRF, is skipped.
        suspects = self._bridge_words(pos_words(snippet), snippet, context_start, bridge_start, bridge_end)
        if not suspects:
            return False
        tags = [tag for _, tag in pos_tags(snippet)]  # one tag per word of pos_words(snippet), in order
        return any(tags[index] not in _NOUN_TAGS | {"CH", "E", "C", "L", "M"} for index in suspects)

    def _bridge_words(
        self, words: tuple[str, ...], snippet: str, offset: int, bridge_start: int, bridge_end: int
    ) -> list[int]:
        """Indexes of the words lying wholly inside text[bridge_start:bridge_end] (`snippet` starts
        at `offset`) that are neither bridge words nor business words."""
        found = []
        cursor = 0
        for index, word in enumerate(words):
            at = snippet.find(word, cursor)
            if at < 0:
                continue
            cursor = at + len(word)
            start, end = offset + at, offset + at + len(word)
            if start >= bridge_start and end <= bridge_end:
                if word.lower() not in self.lex["bridge_ok"] and word.lower() not in self.lex["business"]:
                    found.append(index)
        return found

    def _place_continuation(self, text: str, dash: int, after: int) -> regex.Match[str] | None:
        """'Phan Rang - Tháp Chàm', 'Bà Rịa - Vũng Tàu': a capitalized name goes on after a dash,
        unless what follows is a title, an honorific, another body, a person or page furniture."""
        lex = self.lex
        before = _CAPITAL_BEFORE.search(text[max(0, dash - 20) : dash])
        run = _CAPITALIZED_RUN.match(text, after)
        if not before or not run:
            return None
        first = run.group().split()[0]
        if first in lex["surnames"] or first in lex["not_names"] or lex["titles_re"].match(text, after):
            return None
        if lex["head_re"].match(text, after):
            return None
        return run

    def _extend_word(self, text: str, start: int, end: int) -> int:
        """'Sở Y tế', 'Công đoàn Viên chức': finish the word the last capitalized syllable begins."""
        if not _LOWER_NEXT.match(text, end):
            return end
        last_word = text.rfind(" ", start, end) + 1
        following = _SYLLABLE.match(text, end + 1)
        if self.lex["stop_re"].match(text, end + 1) and not (
            following and is_known_word(f"{text[last_word:end]} {following.group()}")
        ):
            return end  # "Công ty X và": the name ends; "Hàng không" is one word though "không" ends names
        if not following or not starts_known_word(f"{text[last_word:end]} {following.group()}"):
            # only a word the dictionary knows goes on: the CRF alone also glued verbs to
            # names ("Công đoàn KCN Nam Đông Hà chi 790.000 đồng"), and it is the costly step
            return end
        for word in tokenize_words(text[start : min(len(text), end + 25)]):
            # only a word that begins at the last capitalized syllable: "Y tế", not "Tây Ninh cử"
            if start + word.start == last_word and end < start + word.end and " " in word.text:
                return start + word.end
        return end

    def _post_before(self, text: str, end: int) -> regex.Match[str] | None:
        """A post written right before `end` (in the 40 characters before it), in capitals or not."""
        return self.lex["title_before_re"].search(text, max(0, end - 40), end)

    def _after_title(self, text: str, head: regex.Match[str]) -> bool:
        """Does a post stand right before the head, its holder not named before it? ("Giám đốc Công ty X Nguyễn
        Văn A": the name after the body may be the holder's; "Lê Văn B – Giám đốc Công ty CP Dệt Trần Hiệp Thành":
        the holder is named, the words after the body are its own)"""
        title = self._post_before(text, head.start())
        if title is None:
            return False
        holder = _HOLDER_BEFORE.search(text, max(0, title.start() - 40), title.start())
        return holder is None or not self._full_name(holder.group("name").split())

    def _trim_person(self, text: str, head: regex.Match[str], end: int) -> int:
        """Cut a personal name off the end of a name ("... Hà Nội Trần Thị Thu Hà")."""
        # The last capitalized run ending at `end`.
        words = list(_WORD.finditer(text, head.end(), end))
        run: list[tuple[int, int]] = []
        for word in reversed(words):
            if not _is_capitalized(word.group()):
                break
            if run and text[word.end() : run[0][0]] != " ":
                break
            run.insert(0, (word.start(), word.end()))
        if len(run) < 2:
            return end
        people_heads = self.lex["people_heads"]
        syllables = [text[a:b] for a, b in run]
        named_at = max((i for i, word in enumerate(syllables) if word in people_heads), default=None)
        enterprise = self.lex["enterprise_re"].search(text, head.start(), run[0][0]) if named_at is None else None
        legal_form = enterprise and self.lex["legal_form_opening_re"].match(text, enterprise.end(), run[-1][0])
        if legal_form and not self._after_title(text, head):
            # "(CĐCS) Công ty cổ phần Dệt Trần Hiệp Thành tặng quà": with no post before it, the full name after a
            # company's legal form and trade is the company's own, named after a person
            return end
        if named_at is None and head.group() in people_heads and run[0][0] <= head.end() + 1:
            if self._after_title(text, head) and self._full_name(syllables):
                # "Giám đốc Công ty Nguyễn Văn Phong trả lời": after a post, a bare head and a full name are the
                # post's body and its holder (a company named after a person has more: "Công ty TNHH Giày Hoàng Phát")
                return _end_before(text, run[0][0])
            named_at = -1
        if (
            head.group().lower() in self.lex["party_levels"]
            and run[0][0] == _skip_spaces(text, head.end())
            and 2 <= len(syllables) <= 4
            and syllables[0] in self.lex["surnames"]
            and " ".join(syllables) not in self.lex["place_names"]
        ):
            # "Bí thư Tỉnh ủy Nguyễn Long Hải": a committee's name goes on only with its place, and a
            # run that starts with a surname and is no place of the gazetteer is the person
            return _end_before(text, run[0][0])
        if named_at is not None:
            # "Trường THPT Nguyễn Đình Chiểu", "Công ty TNHH Giày Hoàng Phát", "Trường THPT Đồng Đăng":
            # named after a person or place; only a full name after that name is cut off.
            rest = run[named_at + 2 :]
            if len(rest) < 3:
                return end
            cut = self._person_cut(text, rest, allow_whole=True, min_size=3)
            return end if cut is None else _end_before(text, cut)
        # A run after a lower-case word may be a person as a whole ("Công an nhân dân Hà Minh Quân").
        after_lower = bool(_LOWER_BEFORE.search(text[max(0, run[0][0] - 2) : run[0][0]]))
        after_lower = after_lower and not self.lex["level_re"].search(text[max(0, run[0][0] - 12) : run[0][0]])
        titled = self._after_title(text, head)
        after_lower = after_lower and len(run) >= 3 and titled  # only "Chủ tịch <body> <Name>"
        # with no post before the body a name of two syllables after it is the body's own ("Hợp tác xã Dao Phúc Sen Hà
        # Kiểm"): a person so named follows a post ("Chủ tịch Công đoàn X Lê Hà")
        cut = self._person_cut(
            text, run, allow_whole=after_lower, whole_by_middle_name=after_lower, min_size=2 if titled else 3
        )
        return end if cut is None else _end_before(text, cut)

    def _organization_from_head(self, text: str, head: regex.Match[str], bare_ok: bool = False) -> OrgMatch | None:
        """The mention that starts at `head`, or None when the context shows it is not one."""
        if self._kept(text, ("not_a_mention", head.start(), head.end()), lambda: self._not_a_mention(text, head)):
            return None
        lex = self.lex
        if head.group() in lex["central"]:
            # a central body's head is its whole name ("Ủy ban Kiểm tra Trung ương"): nothing goes on after it
            owner = lex["central_owner"].match(text, head.end())
            end = owner.end() if owner else head.end()
            return OrgMatch(head.start(), end, head.group(), text[head.start() : end], rule="central_body")
        # “Quỹ mái ấm công đoàn”: a fund's name in quotes; “Công đoàn đồng hành ...” is a slogan
        quoted = _quoted_name(text, head) if head.group() in lex["open_tail"] else None
        scanned = (quoted, "quoted_fund") if quoted is not None else self._scan_name(text, head, bare_ok)
        bare = OrgMatch(head.start(), head.end(), head.group(), head.group(), rule="bare_head") if bare_ok else None
        if scanned is None:
            return bare
        end, rule = scanned
        trimmed = self._kept(text, ("trim", head.start(), head.end(), end), lambda: self._trim_person(text, head, end))
        rule = "person_cut" if trimmed != end else rule
        tail = text[head.end() : trimmed]
        if not bare_ok and quoted is None and not self.lex["naming"].search(tail):
            return None  # "Công đoàn công ty" once the person is cut off: a bare reference
        if trimmed <= head.end() or _ROMAN.fullmatch(tail.strip()):
            return bare  # "Đại hội Công đoàn XIII": a congress number, not a name
        return OrgMatch(head.start(), trimmed, head.group(), text[head.start() : trimmed], rule=rule)

    def _not_a_mention(self, text: str, head: regex.Match[str]) -> bool:
        """The context shows the head starts no mention, whatever follows it."""
        lex = self.lex
        if lex["not_after"].match(text, head.end()) or lex["not_body"].match(text, head.start()):
            return True
        if lex["generic_before"].search(text[max(0, head.start() - 20) : head.start()]):
            return True
        if _DOCUMENT_CODE_BEFORE.search(text, max(0, head.start() - 20), head.start()):
            return True  # "Quyết định số 1146/QĐ-LĐLĐ": the issuer's code in a document's number
        if self._counted(text, head.start()):
            return True  # "08 LĐLĐ huyện, thành phố": counted bodies, not one named body
        # "Chủ tịch công đoàn công ty, chị X": right after a post, a lower-case union may be named by lower-case
        # nouns (a bare reference, which only a post's body takes; "Giám đốc công ty" is a host noun's)
        after_post = (
            head.group()[0].islower()
            and head.group().capitalize() in lex["union"]
            and bool(self._post_before(text, head.start()))
        )
        if head.group()[0].islower():
            following = _skip_spaces(text, head.end())
            next_char = text[following : following + 1]
            if not next_char or not (next_char.isupper() or next_char in _QUOTES or after_post):
                return True
        previous = _CAPITAL_WORD_BEFORE.search(text[max(0, head.start() - 20) : head.start()])
        if previous and previous.group(1) in lex["surnames"] and previous.group(1).lower() not in lex["function_words"]:
            return True  # "Lê Trường Giang": a name, not a school
        if previous and " " not in head.group() and previous.group(1) in lex["strong_middle_names"]:
            name_start = head.start() - len(previous.group())
            surname = _CAPITAL_WORD_BEFORE.search(text[max(0, name_start - 20) : name_start])
            if surname and surname.group(1) in lex["surnames"]:
                return True  # "ông Lâm Văn Sở, Chủ tịch ...": the last syllable of a full name, not a department
        if previous and " " not in head.group() and self._inside_proper_name(text, head, previous.group(1)):
            return True  # "Trạm Kiểm lâm Khe Mỏ Rang": a one-word head inside a place's name
        if head.group()[0].islower() and lex["head_before_re"].search(text[max(0, head.start() - 30) : head.start()]):
            return True  # "Công đoàn công ty X": the lower-case head belongs to the mention before it
        body_next = _skip_spaces(text, head.end())
        if head.group() in lex["before_body"] and text[body_next : body_next + 1].isupper() and not after_post:
            if lex["head_re"].match(text, body_next):
                # "công đoàn Trường X": the union of a body named next; the body is the mention (but "chủ tịch công đoàn
                # UBND xã X" holds the union's post)
                return True
        if head.group()[0].islower() and _inside_word(text, head):
            return True  # "Hội trường", "Bộ Luật": the head is part of another word
        if self._inside_title(text, head):
            return True  # "Chánh Văn phòng LĐLĐ tỉnh", "Chánh Thanh tra Sở": the head is part of a post
        department = lex["department_before_re"].search(text, max(0, head.start() - 40), head.end())
        if department and department.end() == head.end():
            return True  # "trưởng ban Công tác công đoàn Trần Thị Hồng Thái": the head ends a department's name
        if self._place_at(text, head):
            return True  # "phường Hội Thương", "huyện Mỏ Cày Nam": a place whose name begins like a body
        return False

    def _inside_proper_name(self, text: str, head: regex.Match[str], previous: str) -> bool:
        """Is the capitalized word right before a one-word head part of one proper name with it: no
        head, post, honorific or initials of its own, and not the first word of its sentence?"""
        lex = self.lex
        at = head.start() - len(previous) - 1
        if at <= 0 or text[at - 1] != " " or previous.isupper() or not previous[1:].islower():
            return False
        before = text[: at - 1].rstrip()
        if not before or before[-1] in '.:;!?\n"“(-–':
            return False
        if lex["head_re"].match(text, at) or lex["titles_re"].match(text, at) or previous in lex["not_names"]:
            return False
        return not lex["title_before_re"].search(text[max(0, at - 40) : head.start()])

    def _party_committee(self, text: str, head: regex.Match[str]) -> OrgMatch | None:
        """ "Bí thư Tỉnh ủy": a committee named by its level alone names the committee of the
        article's place at that level (canonical_name resolves it)."""
        if head.group().lower() not in self.lex["party_levels"]:
            return None
        bare = self._organization_from_head(text, head, bare_ok=True)
        if bare is None or bare.end != head.end():
            return None
        return replace(bare, rule="party_committee" if head.group() in self.lex["party"] else "level_committee")

    def find_organizations(self, text: str) -> list[OrgMatch]:
        """Every organization mention in `text`, left to right, without canonicalization."""
        found: list[OrgMatch] = []
        started: set[str] = set()  # every shorter run of words a mention found so far starts with
        pos = 0
        while True:
            head = self.lex["head_re"].search(text, pos)
            if not head:
                break
            match = (
                self._organization_from_head(text, head)
                or self._party_committee(text, head)
                or self._host_reference(text, head, found)
            )
            if match is not None and match.rule == "host_body" and match.text not in started:
                # "Công đoàn cơ sở Công ty cũng trích ...": a host's kind alone, written with a capital, names no
                # host of its own; it is the union of the host named before, as "Công đoàn cơ sở công ty" is
                # (unless the union was named in full before: the same article's merge finds it)
                hosted = self._host_reference(text, head, found)
                match = hosted if hosted is not None and hosted.end == match.end else match
            if match is None:
                pos = head.end()
                continue
            found.append(match)
            words = (match.named or match.text).split()
            started.update(" ".join(words[:size]) for size in range(1, len(words)))
            pos = match.end
        return self._shared_places(text, found)

    def _host_reference(self, text: str, head: regex.Match[str], found: list[OrgMatch]) -> OrgMatch | None:
        """ "Công đoàn cơ sở công ty trích 45 triệu đồng": a union named by its host's kind alone is the
        union of the nearest host of that kind named before ("Công ty TNHH Giày Thịnh An"); None when
        the article names none."""
        written = self.lex["host_reference_re"].match(text, head.start())
        if not written or written.end("head") != head.end():
            return None
        heads = self.lex["host_heads"][written["host"].lower()]
        host = next((name for m in reversed(found) if (name := self._host_named(m, heads))), None)
        if host is None:
            return None
        return OrgMatch(
            head.start(),
            written.end(),
            head.group(),
            written.group(),
            rule="host_reference",
            named=f"{head.group()} {host}",
        )

    def _host_named(self, mention: OrgMatch, heads: tuple[str, ...]) -> str | None:
        """The host a mention names: itself ("Công ty X"), or the host of a union named in full ("Công đoàn Công ty
        X", which a later "Công đoàn công ty" refers to as well as "Công ty X" does)."""
        return self._host_in(mention.named or mention.text, heads)

    def _host_in(self, name: str, heads: tuple[str, ...]) -> str | None:
        if any(name.startswith(f"{h} ") for h in heads):
            return name
        for union in self.lex["host_reference_heads"]:
            rest = name[len(union) + 1 :] if name.startswith(f"{union} ") else ""
            if any(rest.startswith(f"{h} ") for h in heads):
                return rest
        return None

    def _shared_places(self, text: str, found: list[OrgMatch]) -> list[OrgMatch]:
        """ "Đảng ủy, HĐND, UBND, Ủy ban MTTQ phường Vĩnh Yên": bare heads listed right before a body
        named with its level and place share that place; each is a body of its own."""
        lex = self.lex
        shared: list[OrgMatch] = []
        spans = Covering((m.start, m.end) for m in found)
        for match in found:
            level = lex["level_re"].search(match.text, len(match.head))
            if not level or not lex["bare_list_re"].search(text, max(0, match.start - 40), match.start):
                continue
            place = match.text[level.start() :]
            at = match.start
            while listed := lex["bare_list_re"].search(text, max(0, at - 40), at):
                head = lex["head_re"].match(text, listed.start("head"))
                if not head or head.end() != listed.end("head") or spans.contains(head.start(), head.end()):
                    break  # "Công đoàn Công an nhân dân, LĐLĐ tỉnh Sơn La": the end of a body named before
                if self._kept(
                    text, ("not_a_mention", head.start(), head.end()), lambda h=head: self._not_a_mention(text, h)
                ):
                    break  # "Ông Lâm Văn Sở, Chủ tịch Công đoàn phường X": a name's last syllable, no body
                shared.append(
                    OrgMatch(
                        head.start(),
                        head.end(),
                        head.group(),
                        head.group(),
                        rule="shared_place",
                        named=f"{head.group()} {place}",
                    )
                )
                at = head.start()
        return sorted([*found, *shared], key=lambda m: m.start) if shared else found

    def article_places(self, text: str) -> dict[str, str]:
        """The place the article names first at each level: {"tỉnh": "Kon Tum", "thành phố": "Kon Tum"}.

        A province never written after "tỉnh" is the first province the article names
        on its own ("Liên đoàn Lao động huyện Núi Thành (Quảng Nam)").
        """
        lex = self.lex
        province = lex["province_level"]
        places: dict[str, str] = {}
        for named in lex["province_re"].finditer(text):
            if not lex["level_before_re"].search(text[max(0, named.start() - 12) : named.start()]):
                places[province] = named.group()
                break
        province_written = False  # written after the province level: beats a province named alone
        for level in lex["level_re"].finditer(text):
            kind = lex["levels"][level.group().lower()]
            if kind in places and (kind != province or province_written):
                continue
            end = self._place_after_level(text, level.group(), level.end())
            if end:
                places[kind] = " ".join(text[level.end() : end].split())
                province_written = province_written or kind == province
        expand = lex["abbreviation_re"]
        return {kind: expand.sub(lambda m: lex["abbreviations"][m.group()], place) for kind, place in places.items()}

    def _places_near(self, doc: Document, match: OrgMatch, places: dict[str, str], bodies: Covering) -> dict[str, str]:
        """ "Tại huyện Diễn Châu, LĐLĐ huyện trao ...": a bare level below the province is the place of that
        level named last before it in its sentence, or as a place of its own (not inside a body's name, of
        `bodies`) earlier in its paragraph ("Ở xã Núi Thành, Công đoàn xã trao ... Trong số này, ... do Công
        đoàn xã tự vận động"), else the article's."""
        lex = self.lex
        surface = match.named or match.text
        if not lex["bare_level_end"].search(surface):
            return places
        near = dict(places)
        sentence_start = doc.sentence_at(match.start).start
        paragraph_start = min(doc.text.rfind("\n", 0, match.start) + 1, sentence_start)
        named: set[str] = set()
        for level in lex["level_re"].finditer(doc.text, paragraph_start, match.start):
            if level.start() < sentence_start and bodies.contains(level.start(), level.end()):
                continue  # "LĐLĐ thành phố Huế" of a sentence before: a body's place, not the scene's
            kind = lex["levels"][level.group().lower()]
            end = self._place_after_level(doc.text, level.group(), level.end())
            if kind != lex["province_level"] and end and end <= match.start:
                near[kind] = " ".join(doc.text[level.end() : end].split())
                named.add(kind)
        bare = lex["bare_level_end"].search(surface)
        kind = lex["levels"].get(bare.group().lower()) if bare else None
        if kind and kind not in named and kind != lex["province_level"]:
            # "Thay mặt Công đoàn xã Đồng Đăng, ... (next paragraph) ... của Công đoàn xã và LĐLĐ tỉnh": the same
            # body written in full before, in one of the last paragraphs, before the article's first place
            window_start, until = max(0, paragraph_start - 1500), paragraph_start
            for _ in range(4):  # the last few writings only: a dense article stays linear
                at = doc.text.rfind(f"{surface} ", window_start, until)
                # a place the package lists only ("Công đoàn phường Lương Chánh Định cho biết" names a person)
                end = self._known_place(doc.text, at + len(surface) + 1, kind) if at >= 0 else None
                if end:
                    near[kind] = " ".join(doc.text[at + len(surface) : end].split())
                    break
                if at < 0:
                    break
                until = at + len(surface)
        return near

    def canonical_name(self, surface: str, places: dict[str, str]) -> str:
        """Abbreviations expanded, quotes and "(LĐLĐ)" dropped, bare levels resolved to `places`."""
        lex = self.lex
        name = _PAREN_ABBREVIATION.sub("", surface)
        name = _CLOSE_QUOTE.sub("", name)
        full, joiner = lex["abbreviations"], lex["abbreviation_pair_joiner"]
        name = lex["abbreviation_pair_re"].sub(
            lambda m: m.group() if m.group() in full else f"{full[m['first']]} {joiner} {full[m['second']]}", name
        )
        name = lex["abbreviation_re"].sub(lambda m: full[m.group()] + (" " if m.group().endswith(".") else ""), name)
        name = " ".join(name.split())
        name = lex["spelling_re"].sub(lambda m: lex["spellings"][m.group().lower()], name)
        head = lex["head_re"].match(name)
        if head and head.group().lower() in lex["head_forms"]:
            name = lex["head_forms"][head.group().lower()] + name[head.end() :]
        elif head:
            name = name[0].upper() + name[1:]

        def resolve(match: regex.Match[str]) -> str:
            kind = lex["levels"][match.group().lower()]
            rest = name[match.end() :]
            if _NAMED_NEXT.match(rest):
                return kind  # a named place: "Thành phố Kon Tum" -> "thành phố Kon Tum", "Quận 7" -> "quận 7"
            if rest.strip() == "":
                return f"{kind} {places[kind]}" if kind in places else kind  # a bare level: "LĐLĐ tỉnh"
            return match.group()  # not a level here: "Xã hội", "tỉnh ủy"

        name = " ".join(lex["level_re"].sub(resolve, name).split())
        level = lex["party_levels"].get(name.lower())
        if level and level in places:
            name = f"{name} {places[level]}"  # "Tỉnh ủy" of an article about Cà Mau: "Tỉnh ủy Cà Mau"
        for short, full in lex["standard_starts"].items():
            if name.startswith(short + " ") and not name.startswith(full):
                name = full + name[len(short) :]  # "Ủy ban Mặt trận Tổ quốc phường X": "... Việt Nam phường X"
        return lex["standard_names"].get(name.lower(), name)

    def _provincial(self, name: str, places: dict[str, str]) -> str:
        """'Sở Y tế' written without a place is the Sở of the article's province."""
        lex = self.lex
        head = lex["head_re"].match(name)
        province = lex["province_level"]
        if not head or head.group() not in lex["provincial"] or province not in places:
            return name
        if lex["named_level"].search(name) or lex["province_re"].search(name):
            return name
        return f"{name} {province} {places[province]}"

    def is_party_body(self, name: str) -> bool:
        return any(name.startswith(head) for head in self.lex["party"])

    def _without_levels(self, name: str) -> str:
        """The key two spellings of one body share: no level words, no "cơ sở"
        ("Công đoàn Công ty X" is "Công đoàn cơ sở Công ty X")."""
        return " ".join(self.lex["level_re"].sub("", name.replace(self.lex["grassroots"], " ")).split())

    def _without_legal_form(self, canonicals: list[str]) -> dict[str, str]:
        """A company written without its legal form ("Công ty Vard Vũng Tàu", "Công đoàn cơ sở Công ty Vard
        Vũng Tàu") is the one the article names with it ("Công ty TNHH Vard Vũng Tàu"), when only one does; so is
        a branch written without "chi nhánh" ("VietinBank Quảng Nam") and a union board without "Ban"."""
        with_form: dict[str, set[str]] = {}
        for name in set(canonicals):
            bare = self.lex["branch_re"].sub("", self.lex["legal_form_re"].sub("", name))
            bare = self.lex["board_re"].sub("", bare)
            if bare != name:
                with_form.setdefault(bare, set()).add(name)
        return {
            name: next(iter(with_form[name]))
            for name in set(canonicals)
            if name in with_form and len(with_form[name]) == 1
        }

    def _unions_of_merged_hosts(
        self, matches: list[OrgMatch], canonicals: list[str], merged: dict[str, str]
    ) -> dict[str, str]:
        """ "CĐCS công ty" after "Công ty Mingshin", a short name of "Công ty TNHH Công nghệ Bao bì Mingshin Việt
        Nam": a union the article names by its host's kind only is the union of the host as merged (a union written
        in full keeps its own name)."""
        unions = {}
        for match, name in zip(matches, canonicals):
            if match.rule != "host_reference":
                continue
            union = next((u for u in self.lex["host_reference_heads"] if name.startswith(f"{u} ")), None)
            host = name[len(union) + 1 :] if union else ""
            full = merged.get(host, host)
            if union and full != host and merged.get(name, name) == name:
                unions[name] = f"{self._union_spelled(union)} {full}"
        return unions

    def _union_spelled(self, union: str) -> str:
        """A union head as canonicals write it ("CĐCS" is "Công đoàn cơ sở")."""
        return self.lex["abbreviations"].get(union, union)

    def _by_brand(self, canonicals: list[str], brands: dict[str, str]) -> dict[str, str]:
        """A bank written by its brand and place ("BIDV Tây Ninh", "VietinBank Huế") is the one the article names in
        full at that place ("Ngân hàng TMCP Đầu tư và Phát triển Việt Nam chi nhánh Tây Ninh"), when only one is."""
        full: dict[str, set[str]] = {}
        branded: dict[str, str] = {}
        for name in set(canonicals):
            brand = next((b for b in brands if name.startswith(f"{b} ")), None)
            if brand is None:
                full.setdefault(_bank_key(name, self.lex), set()).add(name)
            else:
                branded[name] = _bank_key(brands[brand] + name[len(brand) :], self.lex)
        return {name: next(iter(full[key])) for name, key in branded.items() if len(full.get(key, ())) == 1}

    def _merge_partials(self, canonicals: list[str]) -> dict[str, str]:
        """The same body written shorter in the same article: "Sở GD&ĐT" for "Sở GD&ĐT Hà Nội",
        "Công đoàn ngành Giáo dục Hậu Giang" for "... tỉnh Hậu Giang"."""
        # Grouped and sorted once: every name against every other made an article dense in
        # bodies quadratic.
        distinct = sorted(set(canonicals), key=len)
        grassroots = self.lex["grassroots"]
        levels = {name: len(self.lex["level_re"].findall(name)) + (grassroots in name) for name in distinct}
        by_bare: dict[str, list[str]] = {}
        for name in distinct:
            by_bare.setdefault(self._without_levels(name), []).append(name)
        merged = {}
        for group in by_bare.values():
            for name in group:
                same = [other for other in group if levels[other] > levels[name]]
                if same:
                    merged[name] = same[-1]
        distinct = [name for name in distinct if name not in merged]
        # prefix on the names without "cơ sở" (but with their levels: "LĐLĐ tỉnh" is no part of
        # "LĐLĐ thành phố X")
        forms = sorted((name.replace(grassroots, " "), name) for name in distinct)
        for name in distinct:
            key = name.replace(grassroots, " ") + " "
            at = bisect_left(forms, (key,))
            longer = []
            while at < len(forms) and forms[at][0].startswith(key) and len(longer) < 2:
                longer.append(forms[at][1])
                at += 1
            if len(longer) == 1:
                merged[name] = longer[0]
        return {name: merged.get(merged.get(name, name), merged.get(name, name)) for name in set(canonicals)}

    def _defined_abbreviations(self, text: str, matches: list[OrgMatch], canonicals: list[str]) -> dict[str, str]:
        """ "Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam (Petrovietnam)": a short name the article defines
        in brackets after a body, for its other mentions ("Công đoàn Petrovietnam"); not a place in brackets
        ("(Huế)") and not an abbreviation the rules expand anyway ("(LĐLĐ)")."""
        defined: dict[str, str] = {}
        for match, canonical in zip(matches, canonicals):
            bracket = _DEFINED_ABBREVIATION.match(text, match.end)
            if bracket is None:
                continue
            short = bracket["short"]
            if short in self.lex["abbreviations"] or self.lex["province_re"].fullmatch(short) or short in canonical:
                continue
            defined.setdefault(short, canonical)
        return defined

    def organizations(self, doc: Document) -> tuple[list[Organization], Callable[[str], str | None]]:
        """The mentions, and the function that gives any mention of this article its canonical
        name (the same places and merges, for the references officials read)."""
        matches = self.find_organizations(doc.text)
        places = self.article_places(doc.text)
        bodies = Covering((match.start, match.end) for match in matches)
        canonicals = [
            self.canonical_name(match.named or match.text, self._places_near(doc, match, places, bodies))
            for match in matches
        ]
        defined = self._defined_abbreviations(doc.text, matches, canonicals)
        canonicals = [_spelled_with(name, defined) for name in canonicals]
        merged = self._merge_partials(canonicals)
        merged.update(_spelled_out(canonicals, self.lex["initial_spellings"]))
        merged.update(self._without_legal_form(canonicals))
        merged.update(self._by_brand(canonicals, _brands_defined(matches, self.lex["brands"])))
        for short, full in _short_names(canonicals, self.lex).items():
            if merged.get(short, short) == short:  # no other merge took it
                merged[short] = full
        for name, first in _written_first(canonicals, self.lex["part_joiner"]).items():
            merged[name] = merged.get(first, first)
        # "Công đoàn VNPT và Công đoàn VNPT Hà Nội": a shorter name joined to the longer one is a body
        # of its own, not the same body written shorter (a provincial body, "Sở GD&ĐT Hà Nội và Sở
        # GD&ĐT", is the same one)
        for first, second, a, b in zip(matches, matches[1:], canonicals, canonicals[1:]):
            if self.lex["joiner_re"].fullmatch(doc.text, first.end, second.start):
                for short, long in ((a, b), (b, a)):
                    head = self.lex["head_re"].match(short)
                    if merged.get(short) == long and not (head and head.group() in self.lex["provincial"]):
                        merged[short] = short
        merged = {name: self._provincial(_followed(merged, name), places) for name in canonicals}
        merged.update(self._unions_of_merged_hosts(matches, canonicals, merged))

        def canonical_of(surface: str) -> str | None:
            """None when the name ends in a level the article never places ("LĐLĐ tỉnh" with no province)."""
            name = _spelled_with(self.canonical_name(surface, places), defined)
            name = merged.get(name) or self._provincial(name, places)
            return None if self.lex["bare_level_end"].search(name) else name

        facts = [
            _mention(doc, match.start, match.end, match.rule, merged.get(canonical, canonical))
            for match, canonical in zip(matches, canonicals)
        ]
        return self._short_names_alone(doc, facts, defined, merged), canonical_of

    def _short_names_alone(
        self, doc: Document, facts: list[Organization], defined: dict[str, str], merged: dict[str, str]
    ) -> list[Organization]:
        """ "Công ty Cổ phần Cấp nước Huế (HueWACO) ... HueWACO tổ chức chương trình": a short name the article
        defines in brackets, written alone later, is a mention of that body. The facts in text order, with those."""
        if not defined:
            return facts
        covered = Covering((fact.char_start, fact.char_end) for fact in facts)
        pattern = regex.compile(rf"(?<![\p{{L}}\p{{M}}\d(]){alternation(defined, 'both')}(?![\p{{L}}\p{{M}}\d)])")
        added = []
        for found in pattern.finditer(doc.text):
            if covered.contains(found.start(), found.end()) or covered.strictly_inside(found.start()):
                continue
            full = defined[found.group()]
            added.append(_mention(doc, found.start(), found.end(), "defined_short_name", merged.get(full, full)))
        return _in_text_order(facts, added)

    def host_nouns(self, text: str, facts: list[Organization], references: dict[int, OrgMatch]) -> dict[int, OrgMatch]:
        """ "Ông X, Giám đốc công ty, cho biết": a host's kind alone, where no mention starts, is a reference to
        the nearest host of that kind named before (as "Công đoàn công ty" is to its union), for a post's body."""
        found: dict[int, OrgMatch] = {}
        covered = Covering((f.char_start, f.char_end) for f in facts)
        # per kind, the hosts in the order the article names them: one bisect a noun, linear on a dense article
        hosts: dict[str, tuple[list[int], list[str]]] = {}
        for kind, heads in self.lex["host_heads"].items():
            named = [(f.char_start, host) for f in facts if (host := self._host_in(f.canonical, heads))]
            hosts[kind] = ([start for start, _ in named], [host for _, host in named])
        nouns = [*self.lex["host_noun_re"].finditer(text), *self._host_nouns_before_holder(text)]
        for noun in sorted(nouns, key=lambda match: match.start()):
            known = references.get(noun.start())
            if (known is not None and known.end > noun.end()) or covered.contains(noun.start(), noun.end()):
                continue
            starts, names = hosts[noun.group().lower()]
            at = bisect_left(starts, noun.start())
            if at:
                found[noun.start()] = OrgMatch(
                    noun.start(), noun.end(), noun.group(), noun.group(), rule="host_noun", canonical=names[at - 1]
                )
        return found

    def hosts_named_inside_unions(
        self, doc: Document, facts: list[Organization], host_nouns: dict[int, OrgMatch]
    ) -> list[Organization]:
        """ "Công đoàn cơ sở Công ty TNHH X ... Ông Y, Giám đốc công ty, cho biết", "công ty trích 15 triệu đồng": a
        host the article names only inside its union's name is a body of the article, and each host noun that refers
        to it is a mention of it. The facts in text order, with those mentions."""
        known = {fact.canonical for fact in facts}
        added: list[Organization] = []
        for _, noun in sorted(host_nouns.items()):
            if noun.canonical in known:
                continue
            added.append(_mention(doc, noun.start, noun.end, "host_noun", noun.canonical))
        return _in_text_order(facts, added)

    def _host_nouns_before_holder(self, text: str) -> Iterator[regex.Match[str]]:
        """Host nouns right after a post and right before the full name of the post's holder."""
        for noun in self.lex["host_noun_named_re"].finditer(text):
            run = _CAPITALIZED_RUN.match(text, _skip_spaces(text, noun.end()))
            if run and self._full_name(run.group().split()) and self._after_title(text, noun):
                yield noun

    def references(self, text: str) -> dict[int, OrgMatch]:
        """The body named at every head, a bare head included ("Bí thư Tỉnh ủy"): what a title
        is tied to, for officials. Heads inside other heads count too (overlapped search)."""
        found: dict[int, OrgMatch] = {}
        for head in self.lex["head_re"].finditer(text, overlapped=True):
            if head.start() in found:
                continue
            match = self._organization_from_head(text, head, bare_ok=True)
            if match:
                union = match.head in self.lex["union"]
                found[head.start()] = replace(match, party=self.is_party_body(match.text), union=union)
        return found


def _mention(doc: Document, start: int, end: int, rule: str, canonical: str) -> Organization:
    """The organization fact of the mention at doc.text[start:end], found by `rule`."""
    text = doc.text[start:end]
    return Organization(
        text=text,
        char_start=start,
        char_end=end,
        sentence=doc.sentence_at(start).text,
        rule=f"organizations.{rule}",
        name=text,
        canonical=canonical,
        surfaces=[text],
    )


def _in_text_order(facts: list[Organization], added: list[Organization]) -> list[Organization]:
    """`facts` with the mentions `added`, in text order."""
    return sorted([*facts, *added], key=lambda fact: fact.char_start) if added else facts


class _NamedBefore:
    """The mentions' canonicals in text order, to find the last one before an offset that a bare head begins."""

    def __init__(self, facts: list[Organization]) -> None:
        self._facts = sorted(facts, key=lambda fact: fact.char_start)
        self._starts = [fact.char_start for fact in self._facts]

    def last(self, head: str, before: int) -> str | None:
        """The canonical of the last of the 40 mentions before `before` that `head` begins and goes on from."""
        end = bisect_left(self._starts, before)
        recent = self._facts[max(0, end - 40) : end]  # a few back: a dense article stays linear
        return next((f.canonical for f in reversed(recent) if f.canonical.startswith(f"{head} ")), None)


REFERENCES = "organizations.references"


def extract(doc: Document, lexicon: Lexicon) -> list[Organization]:
    """Organization mentions; also leaves on the document, under REFERENCES, the body each
    head names (bare heads included), so officials read what a title is tied to."""
    grammar = lexicon.derived(OrganizationGrammar)
    facts, canonical_of = grammar.organizations(doc)
    # A title's body that is also a mention reads the mention's canonical: a union named by its host's kind is
    # its host's union ("Chủ tịch Công đoàn cơ sở công ty"), a bare level the place of its sentence ("Tại huyện
    # Chi Lăng, bà X, Chủ tịch LĐLĐ huyện, ...").
    bare_level = grammar.lex["bare_level_end"]
    named = {
        (f.char_start, f.char_end): f.canonical
        for f in facts
        if f.rule == "organizations.host_reference" or not bare_level.search(f.canonical)
    }
    # "Chủ tịch Công đoàn bệnh viện": the reference at a host's union is the whole mention, not its bare head
    hosts = {f.char_start: f for f in facts if f.rule == "organizations.host_reference"}
    references = {}
    named_before = _NamedBefore(facts)
    for start, match in grammar.references(doc.text).items():
        host = hosts.get(start)
        if host is not None and host.char_end > match.end:
            match = replace(match, end=host.char_end, text=host.text)
        canonical = named.get((match.start, match.end)) or canonical_of(match.text)
        if match.rule == "bare_head" and canonical:
            # "anh X tái đắc cử Chủ tịch CĐCS": a bare head after a post is the body of that head named last before
            canonical = named_before.last(canonical, start) or canonical
        references[start] = replace(match, canonical=canonical)
    host_nouns = grammar.host_nouns(doc.text, facts, references)
    references.update(host_nouns)
    doc.annotations[REFERENCES] = references
    return grammar.hosts_named_inside_unions(doc, facts, host_nouns)


COMPONENT = Component(kind="organizations", model=Organization, extract=extract)
