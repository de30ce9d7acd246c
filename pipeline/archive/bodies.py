"""What a body's canonical name says about it: kind, level, province, places and parent (spec §8).

Pure functions of the name and rules/bodies/lexicon.yaml (plus the provinces of the
vietnamadminunits package), so every mention of a body gets the same answer on any
machine and in any run, which keeps the ids derived from them stable.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, get_args

import regex

from pipeline.archive.provinces import provinces
from pipeline.lexicon import Lexicon, Section, section
from pipeline.text.gazetteers import places as place_words
from pipeline.text.normalize import fold
from pipeline.text.patterns import NO_LETTER_AFTER, NO_LETTER_BEFORE, alternation

Kind = Literal["union", "party", "state", "enterprise", "school", "hospital", "fund", "press", "association", "other"]
Level = Literal["central", "province", "district", "commune", "grassroots"]
KINDS: tuple[str, ...] = get_args(Kind)
LEVELS: tuple[str, ...] = get_args(Level)
ANY_LEVEL = "*"
# Kinds whose bodies nest in a province's hierarchy: a person's posts there are one person's.
NESTING_KINDS = ("union", "party", "state", "association")


@section("bodies/lexicon")
class BodiesLexicon(Section):
    kinds: dict[Kind, tuple[str, ...]]
    grassroots_kinds: tuple[Kind, ...]
    grassroots_words: tuple[str, ...]
    levels: dict[str, Level]
    province_words: tuple[str, ...]
    level_heads: dict[str, str]
    central_heads: tuple[str, ...]
    central_suffixes: tuple[str, ...]
    province_spellings: dict[str, str]
    merger_date: str
    parents: dict[Kind, dict[str, tuple[str, ...]]]
    central_parents: dict[Kind, tuple[str, ...]]


@dataclass(frozen=True)
class Place:
    level_word: str  # "tỉnh", "huyện" ...
    name: str  # "Kon Tum"

    @property
    def text(self) -> str:
        return f"{self.level_word} {self.name}"


@dataclass(frozen=True)
class BodyInfo:
    canonical: str
    kind: str
    level: str | None
    province: str | None  # as the name writes it, the package's short name ("Kon Tum")
    places: tuple[Place, ...]  # places the name names, in order (a level head's own place included)


@lru_cache(maxsize=65536)  # the same few thousand names come back in every article
def body_id(canonical: str) -> str:
    """A body's key: a hash of its canonical name, folded (case, spaces)."""
    return "b" + hashlib.sha256(f"body\0{fold(canonical)}".encode()).hexdigest()[:15]


class BodyRules:
    """The bodies lexicon compiled once per lexicon (`lexicon.derived(BodyRules)`)."""

    def __init__(self, lexicon: Lexicon) -> None:
        lex = lexicon.section("bodies/lexicon", BodiesLexicon)
        self.lex = lex
        self.provinces = provinces()
        self._classified: dict[str, BodyInfo] = {}
        self._shorts: dict[tuple[str, bool], str | None] = {}
        heads = [(head, kind) for kind, items in lex.kinds.items() for head in items]
        self.kind_of_head = dict(heads)
        self.head_re = regex.compile(rf"(?:{alternation(self.kind_of_head)}){NO_LETTER_AFTER}")
        self.level_re = regex.compile(
            rf"{NO_LETTER_BEFORE}({alternation(lex.levels)})\s+(\d{{1,2}}(?!\d)|\p{{Lu}}[\p{{L}}\p{{M}}]*"
            rf"(?:(?:\s+|\s*[-–]\s*)\p{{Lu}}[\p{{L}}\p{{M}}]*)*)"
        )
        self.level_head_re = regex.compile(rf"({alternation(lex.level_heads)})\s+(\p{{Lu}}.*)$")
        self.central_head_re = regex.compile(rf"(?:{alternation(lex.central_heads)}){NO_LETTER_AFTER}")
        self.central_suffix_re = regex.compile(rf"{NO_LETTER_BEFORE}(?:{alternation(lex.central_suffixes)})$")
        self.grassroots_re = regex.compile(
            rf"{NO_LETTER_BEFORE}(?:{alternation(lex.grassroots_words)}){NO_LETTER_AFTER}"
        )
        unit_heads = [head for head, kind in heads if kind in lex.grassroots_kinds]
        self.unit_after_union_re = regex.compile(
            rf"(?:{alternation(lex.kinds.get('union', ()))})\s+(?:{alternation(unit_heads)}){NO_LETTER_AFTER}",
            regex.IGNORECASE,
        )
        # capitalized runs: where a province named without a level word may be ("... Long An")
        self.run_re = regex.compile(r"\p{Lu}[\p{L}\p{M}]*(?:(?:\s+|\s*[-–]\s*)\p{Lu}[\p{L}\p{M}]*)*")
        # accents matter ("Kiến Giang" is no "Kiên Giang"): the package's names, the extractor's
        # province list (common/places) and the spellings above, each as written
        self.spellings = {fold(short): short for short in self.provinces.today}
        for written in place_words(lexicon).province_spellings:
            short = self.provinces.short_name(written)
            if short:
                self.spellings.setdefault(fold(written), short)
        self.spellings.update({fold(written): short for written, short in lex.province_spellings.items()})

    # -- provinces ------------------------------------------------------------------

    def province_short(self, written: str | None, exact: bool = False) -> str | None:
        """A province as the package names it ("Đắk Lắk" for "Đăk Lăk"), or None if it is none.
        `exact`: only a known spelling, accents included (no accent-free keyword match)."""
        if not written:
            return None
        if (written, exact) not in self._shorts:
            found = self.spellings.get(fold(written)) or (None if exact else self.provinces.short_name(written))
            self._shorts[(written, exact)] = found
        return self._shorts[(written, exact)]

    def today(self, province: str | None) -> str | None:
        """The province a province is part of since the 2025 merger (itself if it was kept)."""
        return self.provinces.today.get(province) if province else None

    # -- classification -------------------------------------------------------------

    def kind(self, canonical: str) -> str:
        head = self.head_re.match(canonical)
        return self.kind_of_head[head.group()] if head else "other"

    def places(self, canonical: str) -> tuple[Place, ...]:
        found = [Place(match.group(1), " ".join(match.group(2).split())) for match in self.level_re.finditer(canonical)]
        own = self.level_head_re.match(canonical)
        if own:
            found.insert(0, Place(self.lex.level_heads[own.group(1)], own.group(2)))
        return tuple(found)

    def _is_province(self, place: Place) -> bool:
        short = self.province_short(place.name)
        if short is None or place.level_word not in self.lex.province_words:
            return False
        # "thành phố" names a province only for a centrally-run city; "tỉnh" always does
        return place.level_word == self.lex.province_words[0] or short in self.provinces.cities

    def place_level(self, place: Place) -> str | None:
        if self._is_province(place):
            return "province"
        return self.lex.levels.get(place.level_word)

    def name_province(self, canonical: str, places: tuple[Place, ...]) -> str | None:
        """The province a name names: after a province-level word, else on its own ("Công đoàn
        các Khu công nghiệp Tây Ninh"), never a place after a lower level ("phường Điện Biên")."""
        for place in places:
            if self._is_province(place):
                return self.province_short(place.name)
        below = {match.start(2) for match in self.level_re.finditer(canonical)}
        for run in self.run_re.finditer(canonical):
            words = run.group().split()
            for size in range(min(4, len(words)), 1, -1):
                tail = " ".join(words[-size:])
                short = self.province_short(tail, exact=True)
                start = run.end() - len(tail)
                if short and not any(start <= b < run.end() for b in below):
                    return short
        return None

    def classify(self, canonical: str) -> BodyInfo:
        """What the name says (cached: names repeat across articles)."""
        info = self._classified.get(canonical)
        if info is None:
            info = self._classified[canonical] = self._classify(canonical)
        return info

    def _classify(self, canonical: str) -> BodyInfo:
        kind = self.kind(canonical)
        places = self.places(canonical)
        province = self.name_province(canonical, places)
        return BodyInfo(canonical, kind, self._level(canonical, kind, places), province, places)

    def _level(self, canonical: str, kind: str, places: tuple[Place, ...]) -> str | None:
        if kind in self.lex.grassroots_kinds:
            return "grassroots"
        if kind == "union" and (self.grassroots_re.search(canonical) or self.unit_after_union_re.match(canonical)):
            return "grassroots"
        if places:
            return self.place_level(places[-1])
        if self.central_head_re.match(canonical) or self.central_suffix_re.search(canonical):
            return "central"
        if self.name_province(canonical, places):
            return "province"
        return None

    # -- parents ----------------------------------------------------------------------

    def province_place(self, province: str) -> Place:
        """The province as a place: "tỉnh Kon Tum", "thành phố Hà Nội"."""
        city = province in self.provinces.cities
        return Place(self.lex.province_words[1 if city else 0], province)

    def _templates(self, kind: str, place: Place) -> tuple[str, ...]:
        by_level = self.lex.parents.get(kind, {})
        return by_level.get(place.level_word, by_level.get(ANY_LEVEL, ()))

    def parent_candidates(self, info: BodyInfo, province: str | None) -> Iterator[str]:
        """Names of the bodies above `info`, nearest first; `province` is the body's province
        (from its name, else from its articles)."""
        province_places = [self.province_place(province)] if province else []
        ordered = sorted(info.places, key=lambda p: LEVELS.index(self.place_level(p) or "grassroots"), reverse=True)
        for place in (*ordered, *province_places):
            names = [
                template.format(place=place.text, name=place.name) for template in self._templates(info.kind, place)
            ]
            if info.canonical in names:
                continue  # the body of this place is the body itself: look higher
            yield from names
        if info.level in ("province", "central"):
            yield from (name for name in self.lex.central_parents.get(info.kind, ()) if name != info.canonical)

    def parent(self, info: BodyInfo, province: str | None, known: Collection[str]) -> str | None:
        """The canonical name of the nearest body above that is in `known` (folded names), or None."""
        for name in self.parent_candidates(info, province):
            if fold(name) in known and fold(name) != fold(info.canonical):
                return name
        return None
