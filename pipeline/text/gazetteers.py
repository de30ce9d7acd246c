"""Knowledge shared by several kinds: places, bodies and person names (rules/common/).

Officials and organizations both need to know where a body's name ends and a
person's begins, and counts count bodies too ("hai công ty"): each reads these
sections instead of another kind's lexicon.
"""

from __future__ import annotations

from pipeline.lexicon import Lexicon, Section, section


@section("common/places")
class PlacesLexicon(Section):
    provinces: tuple[str, ...]
    not_levels: tuple[str, ...]
    numbered_levels: tuple[str, ...]
    levels: dict[str, str]
    province_level: str
    levels_above_commune: tuple[str, ...]


@section("common/bodies")
class BodiesLexicon(Section):
    heads: tuple[str, ...]
    party_heads: tuple[str, ...]


@section("common/people")
class PeopleLexicon(Section):
    honorifics: tuple[str, ...]
    titles: tuple[str, ...]
    surnames: tuple[str, ...]
    not_names: tuple[str, ...]
    middle_names: tuple[str, ...]
    name_starts: tuple[str, ...]
    strong_middle_names: tuple[str, ...]


def places(lexicon: Lexicon) -> PlacesLexicon:
    return lexicon.section("common/places", PlacesLexicon)


def body_words(lexicon: Lexicon) -> BodiesLexicon:
    return lexicon.section("common/bodies", BodiesLexicon)


def people(lexicon: Lexicon) -> PeopleLexicon:
    return lexicon.section("common/people", PeopleLexicon)
