"""Golden extractions: the reviewed facts of every corpus article, one JSON file each in outputs/.

`python -m pipeline goldens` shows what changed against the goldens; after
review, `python -m pipeline goldens --accept` rewrites them.
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.core import extract
from pipeline.models import FACT_KINDS, ArticleFacts

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT_ROOT / "corpus" / "articles"
OUTPUTS = PROJECT_ROOT / "outputs"

# Fields that identify a fact (its span) and fields that are its value.
SPAN = ("char_start", "char_end")
VALUE_FIELDS = {
    "money": ("text", "amount_vnd", "amount_max_vnd", "qualifier", "per_unit"),
    "counts": ("text", "value", "unit", "qualifier"),
    "officials": ("text", "name", "title", "other_titles", "organization"),
    "organizations": ("text", "name", "canonical"),
    "percents": ("text", "value", "of"),
}


def record(facts: ArticleFacts) -> dict:
    """The golden form of an article's facts: spans, values and rules, no sentences."""
    return {
        kind: [
            {field: getattr(fact, field) for field in (*SPAN, *VALUE_FIELDS[kind], "rule")}
            for fact in getattr(facts, kind)
        ]
        for kind in FACT_KINDS
    }


def _key(kind: str, fact: dict) -> tuple:
    return (fact["char_start"], fact["char_end"])


def diff_records(old: dict, new: dict) -> list[dict]:
    """Facts added, removed and changed (same span, different value) per kind."""
    changes: list[dict] = []
    for kind in FACT_KINDS:
        before = {_key(kind, fact): fact for fact in old.get(kind, [])}
        after = {_key(kind, fact): fact for fact in new.get(kind, [])}
        for key in sorted(before.keys() | after.keys()):
            was, now = before.get(key), after.get(key)
            if was is None:
                changes.append({"kind": kind, "change": "added", "new": now})
            elif now is None:
                changes.append({"kind": kind, "change": "removed", "old": was})
            elif any(was.get(f) != now.get(f) for f in VALUE_FIELDS[kind]):
                changes.append({"kind": kind, "change": "changed", "old": was, "new": now})
    return changes


def describe(change: dict) -> str:
    kind, what = change["kind"], change["change"]
    fields = VALUE_FIELDS[kind][1:]
    def show(fact: dict) -> str:
        values = ", ".join(f"{f}={fact.get(f)!r}" for f in fields if fact.get(f) not in (None, [], ""))
        return f"{fact['text']!r} @{fact['char_start']}-{fact['char_end']} ({values})"
    if what == "added":
        return f"  + {kind}: {show(change['new'])}"
    if what == "removed":
        return f"  - {kind}: {show(change['old'])}"
    return f"  ~ {kind}: {show(change['old'])}\n      -> {show(change['new'])}"


def golden_path(article: Path) -> Path:
    return OUTPUTS / f"{article.stem}.json"


def current(article: Path) -> dict:
    return record(extract(article.read_text(encoding="utf-8"), article_id=article.stem))


def check_all() -> dict[str, list[dict]]:
    """article stem -> changes against its golden file (a missing golden counts as all added)."""
    result = {}
    for article in sorted(CORPUS.glob("*.txt")):
        path = golden_path(article)
        old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        changes = diff_records(old, current(article))
        if changes:
            result[article.stem] = changes
    return result


def accept_all() -> int:
    OUTPUTS.mkdir(exist_ok=True)
    written = 0
    for article in sorted(CORPUS.glob("*.txt")):
        text = json.dumps(current(article), ensure_ascii=False, indent=1) + "\n"
        path = golden_path(article)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written += 1
    return written
