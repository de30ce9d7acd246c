"""Knowledge shared by several kinds: places, bodies and person names (rules/common/).

Officials and organizations both need to know where a body's name ends and a
person's begins, and counts count bodies too ("hai công ty"): each reads these
sections instead of another kind's lexicon.
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import model_validator

from pipeline.lexicon import Lexicon, Section, section

# The package of Vietnam's administrative units whose data files are read (never imported:
# its code pulls in geometry libraries that extraction does not need).
ADMIN_UNITS_PACKAGE = "vietnamadminunits"


@dataclass(frozen=True)
class AdminUnits:
    """Places as the package lists them: before the 2025 merger (63 provinces, districts,
    wards) and after it (34 provinces, wards). Names are short forms ("Kon Tum", "Hương Vân")."""

    provinces: frozenset[str]
    current_provinces: frozenset[str]
    # level kind as written in an article ("huyện", "phường", "xã" ...) -> place names of that kind
    by_level: dict[str, frozenset[str]] = field(default_factory=dict)
    # a pre-2025 province -> the province it merged into
    merged_into: dict[str, str] = field(default_factory=dict)
    # centrally-run cities ("thành phố Hà Nội" is a province, "thành phố Kon Tum" is not)
    cities: frozenset[str] = frozenset()
    # the package's accent-free keywords of each province ("hcm", "vungtau") -> its short name
    keywords: dict[str, str] = field(default_factory=dict)


def _data_dir() -> Path:
    spec = importlib.util.find_spec(ADMIN_UNITS_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the package {ADMIN_UNITS_PACKAGE} is not installed (pip install {ADMIN_UNITS_PACKAGE})")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _add_ward(by_level: dict[str, set[str]], unit: dict) -> None:
    kind, name = unit.get("wardType"), unit.get("wardShort")
    if isinstance(kind, str) and isinstance(name, str):  # a few records lack them (NaN in the data)
        by_level.setdefault(kind.lower(), set()).add(name)


@cache
def admin_units() -> AdminUnits:
    data = _data_dir()
    legacy = json.loads((data / "parser_legacy.json").read_text(encoding="utf-8"))
    current = json.loads((data / "parser_from_2025.json").read_text(encoding="utf-8"))
    converter = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))
    old_provinces = {key: unit["provinceShort"] for key, unit in legacy["DICT_PROVINCE"].items()}
    new_provinces = {key: unit["provinceShort"] for key, unit in current["DICT_PROVINCE"].items()}
    by_level: dict[str, set[str]] = {}
    for districts in legacy["DICT_PROVINCE_DISTRICT"].values():
        for unit in districts.values():
            by_level.setdefault(unit["districtType"].lower(), set()).add(unit["districtShort"])
    for tree in (legacy["DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED"],):
        for districts in tree.values():
            for wards in districts.values():
                for unit in wards.values():
                    _add_ward(by_level, unit)
    for wards in current["DICT_PROVINCE_WARD_NO_ACCENTED"].values():
        for unit in wards.values():
            _add_ward(by_level, unit)
    merged_into = {
        old_provinces[old]: new_provinces[new]
        for new, olds in converter["DICT_PROVINCE"].items()
        for old in olds
        if old in old_provinces and new in new_provinces
    }
    units = [*legacy["DICT_PROVINCE"].items(), *current["DICT_PROVINCE"].items()]
    return AdminUnits(
        provinces=frozenset(old_provinces.values()) | frozenset(new_provinces.values()),
        current_provinces=frozenset(new_provinces.values()),
        by_level={kind: frozenset(names) for kind, names in by_level.items()},
        merged_into=merged_into,
        # the package keys a city "thanhpho<name>", a province "tinh<name>"
        cities=frozenset(unit["provinceShort"] for key, unit in units if key.startswith("thanhpho")),
        keywords={word: unit["provinceShort"] for _, unit in units for word in unit.get("provinceKeywords", [])},
    )


@section("common/places")
class PlacesLexicon(Section):
    province_spellings: tuple[str, ...]
    not_levels: tuple[str, ...]
    numbered_levels: tuple[str, ...]
    levels: dict[str, str]
    province_level: str
    listed_levels: tuple[str, ...]
    levels_above_commune: tuple[str, ...]
    country_names: tuple[str, ...]


@section("common/bodies")
class BodiesLexicon(Section):
    heads: tuple[str, ...]
    party_heads: tuple[str, ...]
    party_committee_levels: dict[str, str]
    level_committees: dict[str, str] = {}
    union_heads: tuple[str, ...]
    standard_names: dict[str, str]
    central_bodies: dict[str, str] = {}
    standard_starts: dict[str, str] = {}
    brand_names: dict[str, str] = {}
    departments: tuple[str, ...]


@section("common/people")
class PeopleLexicon(Section):
    honorifics: tuple[str, ...]
    titles: tuple[str, ...]
    surnames: tuple[str, ...]
    not_names: tuple[str, ...]
    middle_names: tuple[str, ...]
    name_starts: tuple[str, ...]
    strong_middle_names: tuple[str, ...]
    memorial_places: tuple[str, ...]
    title_abbreviations: dict[str, str]
    unit_posts: tuple[str, ...] = ()  # units whose head is a post (people.yaml) ...
    unit_post_forms: tuple[str, ...] = ()  # ... written in these forms: "{unit}", "{Unit}" capitalized

    @model_validator(mode="before")
    @classmethod
    def _with_unit_posts(cls, data: Any) -> Any:
        """The head of a unit is named in two orders, each with a deputy: every unit of `unit_posts`
        in every form of `unit_post_forms` joins `titles`, so a new unit is one word in the rules."""
        if not isinstance(data, dict) or not data.get("unit_posts"):
            return data
        forms = [
            form.format(unit=unit, Unit=unit[:1].upper() + unit[1:])
            for unit in data["unit_posts"]
            for form in data.get("unit_post_forms", ())
        ]
        return {**data, "titles": list(dict.fromkeys([*data.get("titles", ()), *forms]))}

    @property
    def all_titles(self) -> tuple[str, ...]:
        """The posts as written, their abbreviations included."""
        return (*self.titles, *self.title_abbreviations)


def places(lexicon: Lexicon) -> PlacesLexicon:
    return lexicon.section("common/places", PlacesLexicon)


def province_names(lexicon: Lexicon) -> list[str]:
    """Every province and centrally-run city, before and after the merger, as the package
    names them and as articles also spell them (rules/common/places.yaml)."""
    return sorted(admin_units().provinces | set(places(lexicon).province_spellings))


def body_words(lexicon: Lexicon) -> BodiesLexicon:
    return lexicon.section("common/bodies", BodiesLexicon)


def people(lexicon: Lexicon) -> PeopleLexicon:
    return lexicon.section("common/people", PeopleLexicon)
