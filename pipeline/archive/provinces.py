"""Vietnam's provinces before and after the 2025 merger (63 became 34), as the archive uses them.

The data is the `vietnamadminunits` package's, read once for the whole pipeline by
`pipeline.text.gazetteers.admin_units`; this is the view of it the archive pass needs.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from pipeline.text.gazetteers import ADMIN_UNITS_PACKAGE, admin_units

PACKAGE = ADMIN_UNITS_PACKAGE


def key(name: str) -> str:
    """The package's way of keying a place: no accents, no spaces or punctuation, lower case."""
    # the crossed d has no decomposition: map it by code point (U+0111, U+0110)
    decomposed = unicodedata.normalize("NFD", name.translate({0x111: "d", 0x110: "D"}))
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c)).lower()


@dataclass(frozen=True)
class Provinces:
    current: frozenset[str]  # the 34 short names after 2025-07-01 ("Quảng Ngãi")
    today: dict[str, str]  # any short name -> the current province it is part of
    keywords: dict[str, str]  # accent-free keys ("hcm", "bariavungtau", "vungtau") -> short name
    cities: frozenset[str]  # centrally-run cities ("thành phố Hà Nội" is a province, "thành phố Kon Tum" is not)

    def short_name(self, written: str) -> str | None:
        """The short name of a province as written ("Đăk Lăk", "TP.HCM"), or None."""
        return self.keywords.get(key(written))


@cache
def provinces() -> Provinces:
    units = admin_units()
    today = {**units.merged_into, **{name: name for name in units.current_provinces}}
    keywords = dict(units.keywords)
    for name in units.provinces:
        keywords.setdefault(key(name), name)
    return Provinces(current=units.current_provinces, today=today, keywords=keywords, cities=units.cities)
