"""Vietnam's provinces before and after the 2025 merger (63 became 34), from `vietnamadminunits`.

The package's documented data (tables `admin_units_legacy` and `admin_units` of its
dataset, and the old -> new province mapping its 2025 converter uses) is read straight
from its data folder: importing the package itself loads its address parser and geocoding
libraries, about 3 s, for a table of 97 rows.
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PACKAGE = "vietnamadminunits"
_CITY_KEY = "thanhpho"  # the package keys a centrally-run city "thanhpho<name>", a province "tinh<name>"


def key(name: str) -> str:
    """The package's way of keying a place: no accents, no spaces or punctuation, lower case."""
    # the crossed d has no decomposition: map it by code point (U+0111, U+0110)
    decomposed = unicodedata.normalize("NFD", name.translate({0x111: "d", 0x110: "D"}))
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c)).lower()


@dataclass(frozen=True)
class Provinces:
    legacy: tuple[str, ...]  # the 63 short names before 2025-07-01 ("Kon Tum")
    current: tuple[str, ...]  # the 34 short names after ("Quảng Ngãi")
    today: dict[str, str]  # any short name -> the current province it is part of
    keywords: dict[str, str]  # package keywords ("hcm", "bariavungtau", "vungtau") -> short name
    cities: frozenset[str]  # centrally-run cities ("thành phố Hà Nội" is a province, "thành phố Kon Tum" is not)

    def short_name(self, written: str) -> str | None:
        """The short name of a province as written ("Đăk Lăk", "TP.HCM"), or None."""
        return self.keywords.get(key(written))


def _data_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{PACKAGE} is not installed (pip install -e .)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@cache
def provinces() -> Provinces:
    data = _data_dir()
    with sqlite3.connect(f"file:{data / 'dataset.db'}?mode=ro", uri=True) as connection:
        tables = {
            table: connection.execute(
                f"SELECT DISTINCT provinceShort, provinceKey, provinceKeywords FROM {table} ORDER BY provinceCode"
            ).fetchall()
            for table in ("admin_units_legacy", "admin_units")
        }
    mapping = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))["DICT_PROVINCE"]
    short_of_key = {row[1]: row[0] for rows in tables.values() for row in rows}
    today = {short_of_key[old]: short_of_key[new] for new, olds in mapping.items() for old in olds}
    today.update({row[0]: row[0] for row in tables["admin_units"]})
    keywords: dict[str, str] = {}
    for rows in tables.values():
        for short, _, words in rows:
            keywords[key(short)] = short
            for word in json.loads(words or "[]"):
                keywords.setdefault(word, short)
    return Provinces(
        legacy=tuple(row[0] for row in tables["admin_units_legacy"]),
        current=tuple(row[0] for row in tables["admin_units"]),
        today=today,
        keywords=keywords,
        cities=frozenset(short for rows in tables.values() for short, code, _ in rows if code.startswith(_CITY_KEY)),
    )
