"""Loads the rule data in rules/ (YAML) once per process.

Language knowledge lives in those files; adding a title, an abbreviation or a
count noun is an edit there, never here.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

import yaml

RULES_DIR = Path(os.environ.get("PIPELINE_RULES_DIR", Path(__file__).resolve().parent.parent / "rules"))


@cache
def load(name: str) -> dict[str, Any]:
    """rules/<name>.yaml as a dict, e.g. load("money/lexicon")."""
    path = RULES_DIR / f"{name}.yaml"
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def words(name: str, key: str) -> list[str]:
    """A word list from a rules file, longest first so alternations prefer the longer phrase."""
    return sorted(load(name)[key], key=len, reverse=True)


def alternation(items: list[str]) -> str:
    """A regex alternation of literal phrases, longest first, spaces matching any run of spaces."""
    import regex

    ordered = sorted(set(items), key=len, reverse=True)
    return "|".join(regex.escape(item).replace(r"\ ", r"\s+") for item in ordered)


def alternation_first_letter_exact(items: list[str]) -> str:
    """Like `alternation`, but only the first letter's case must match: news sites write
    "Ủy ban Nhân dân", "Phó trưởng Ban", "Công Đoàn" for the listed forms."""
    import regex

    def one(item: str) -> str:
        rest = regex.escape(item[1:]).replace(r"\ ", r"\s+")
        return regex.escape(item[0]) + (f"(?i:{rest})" if rest else "")

    return "|".join(one(item) for item in sorted(set(items), key=len, reverse=True))


def rules_fingerprint() -> str:
    """A hash of every rule file: part of the pipeline version stored with each article."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(RULES_DIR.rglob("*.yaml")):
        # Examples and report groupings do not change what is extracted.
        if path.name == "examples.yaml" or path.relative_to(RULES_DIR).parts[0] == "report":
            continue
        digest.update(path.relative_to(RULES_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
