"""Differences between two sets of extractions: databases, golden directories, or one of each.

One piece of code serves `python -m pipeline diff`, `python -m pipeline goldens`
and the golden test's failure message: facts are compared as *records* (the
golden form: span, value fields and rule per fact), keyed by their span.

A fact is "added" or "removed" when its span is only on one side, and
"changed" when the span is the same but a value field differs (value, unit,
title, canonical name ...). The rule that found a fact is shown but not
compared: renaming a rule does not change a fact.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipeline.models import FACT_KINDS, FACT_MODELS, ArticleFacts, value_fields
from pipeline.quality.keys import article_key

# Fields that identify a fact (its span) and fields that are its value.
SPAN = ("char_start", "char_end")
VALUE_FIELDS: dict[str, tuple[str, ...]] = {kind: value_fields(model) for kind, model in FACT_MODELS.items()}
CHANGES = ("added", "removed", "changed")


def record(facts: ArticleFacts) -> dict[str, list[dict]]:
    """The golden form of an article's facts: spans, values and rules, no sentences."""
    return {
        kind: [
            {name: value for name, value in _json_fields(fact, (*SPAN, *VALUE_FIELDS[kind], "rule"))}
            for fact in getattr(facts, kind)
        ]
        for kind in FACT_KINDS
    }


def _by_span(facts: list[dict]) -> dict[tuple, dict]:
    """Facts keyed by span; a second fact on the same span gets its own key (rare, but must not vanish)."""
    keyed: dict[tuple, dict] = {}
    seen: dict[tuple[int, int], int] = defaultdict(int)
    for fact in facts:
        span = (fact["char_start"], fact["char_end"])
        keyed[(*span, seen[span])] = fact
        seen[span] += 1
    return keyed


def _json_fields(fact, names: tuple[str, ...]) -> list[tuple[str, object]]:
    """The named fields as JSON has them (dates as ISO strings), in the order given."""
    dumped = fact.model_dump(mode="json")
    return [(name, dumped[name]) for name in names]


def _norm(value: object) -> object:
    # JSON has no tuples or dates: compare lists as lists and dates as ISO strings.
    if isinstance(value, tuple):
        return list(value)
    return value.isoformat() if isinstance(value, date) else value


def diff_records(old: dict, new: dict) -> list[dict]:
    """Facts added, removed and changed (same span, different value) per kind, in text order."""
    changes: list[dict] = []
    for kind in FACT_KINDS:
        before, after = _by_span(old.get(kind) or []), _by_span(new.get(kind) or [])
        for key in sorted(before.keys() | after.keys()):
            was, now = before.get(key), after.get(key)
            if was is None:
                changes.append({"kind": kind, "change": "added", "new": now})
            elif now is None:
                changes.append({"kind": kind, "change": "removed", "old": was})
            elif any(_norm(was.get(f)) != _norm(now.get(f)) for f in VALUE_FIELDS[kind]):
                changes.append({"kind": kind, "change": "changed", "old": was, "new": now})
    return changes


def describe(change: dict) -> str:
    """One change as an indented line (two for a changed fact), as printed by diff and goldens."""
    kind, what = change["kind"], change["change"]
    fields = VALUE_FIELDS[kind][1:]

    def show(fact: dict) -> str:
        values = ", ".join(f"{f}={fact.get(f)!r}" for f in fields if fact.get(f) not in (None, [], ""))
        rule = f" [{fact['rule']}]" if fact.get("rule") else ""
        return f"{fact['text']!r} @{fact['char_start']}-{fact['char_end']} ({values}){rule}"

    if what == "added":
        return f"  + {kind}: {show(change['new'])}"
    if what == "removed":
        return f"  - {kind}: {show(change['old'])}"
    return f"  ~ {kind}: {show(change['old'])}\n      -> {show(change['new'])}"


# ---------------------------------------------------------------------------
# Loading either side


class DiffInputError(Exception):
    """A side that cannot be read: a usage error (exit code 2)."""


@dataclass
class Side:
    """One side of a diff: article key -> records, with a label to print for each article."""

    path: str
    kind: str  # "database" or "goldens"
    records: dict[str, dict] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    stems: dict[str, str] = field(default_factory=dict)  # article key -> source file stem (databases)


def load_goldens(directory: Path) -> Side:
    """A golden directory: one JSON per article, named after the article file's stem."""
    files = sorted(directory.glob("*.json"))
    if not files:
        raise DiffInputError(f"no golden files (*.json) in {directory}")
    side = Side(str(directory), "goldens")
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise DiffInputError(f"{path}: not a golden file: {error}") from error
        if not isinstance(data, dict):
            raise DiffInputError(f"{path}: not a golden file (expected an object of kinds)")
        side.records[path.stem] = data
        side.labels[path.stem] = path.stem
    return side


def load_database(path: Path) -> Side:
    """A DuckDB database written by `extract`, read straight from the schema (fast on large archives)."""
    import duckdb

    from pipeline.batch import store
    from pipeline.batch.store import COLUMNS
    from pipeline.errors import DatabaseUnavailable

    try:
        connection = store.connect(path, read_only=True)
    except DatabaseUnavailable as error:  # in use by a writer, or no DuckDB file: say which
        raise DiffInputError(str(error)) from None
    side = Side(str(path), "database")
    try:
        for article_id, source in connection.execute("SELECT article_id, source FROM articles").fetchall():
            side.records[article_id] = {kind: [] for kind in FACT_KINDS}
            stem = article_key(source or article_id)
            side.stems[article_id] = stem
            side.labels[article_id] = f"{stem} ({article_id})" if stem != article_id else article_id
        for kind in FACT_KINDS:
            wanted = [*SPAN, *VALUE_FIELDS[kind], "rule"]
            present = set(COLUMNS[kind]) | {"rule"}
            quoted = ", ".join(f'"{name}"' for name in wanted if name in present)
            rows = connection.execute(
                f"SELECT article_id, {quoted} FROM {kind} ORDER BY article_id, char_start, char_end"
            ).fetchall()
            names = [name for name in wanted if name in present]
            for article_id, *values in rows:
                facts = side.records.setdefault(article_id, {k: [] for k in FACT_KINDS})[kind]
                facts.append(dict(zip(names, values, strict=True)))
    except duckdb.Error as error:
        raise DiffInputError(f"{path}: not a facts database: {error}") from error
    finally:
        connection.close()
    return side


def load_side(path: str | Path) -> Side:
    path = Path(path)
    if path.is_dir():
        return load_goldens(path)
    if path.is_file():
        return load_database(path)
    raise DiffInputError(f"no such file or directory: {path}")


def _rekey_by_stem(side: Side) -> Side:
    """Database articles keyed by their source file's stem, to meet golden files named the same way."""
    if side.kind != "database":
        return side
    by_stem = Side(side.path, side.kind)
    for article_id, stem in sorted(side.stems.items(), key=lambda item: (item[1], item[0])):
        if stem in by_stem.records:
            print(
                f"warning: {side.path}: several articles come from files named {stem!r}; "
                f"comparing the first ({sorted(a for a, s in side.stems.items() if s == stem)[0]})",
                file=sys.stderr,
            )
            continue
        by_stem.records[stem] = side.records[article_id]
        by_stem.labels[stem] = stem
    return by_stem


# ---------------------------------------------------------------------------
# Comparing


@dataclass
class ArticleDiff:
    key: str
    label: str
    status: str  # "both", "only old", "only new"
    changes: list[dict]


@dataclass
class Result:
    old: Side
    new: Side
    articles: list[ArticleDiff]
    summary: dict[str, dict[str, int]]

    @property
    def equal(self) -> bool:
        return not self.articles


def compare(old: Side, new: Side) -> Result:
    """Two sides compared article by article.

    Two databases are matched by article_id (stable across runs); as soon as a
    golden directory is involved, articles are matched by source file stem.
    """
    if old.kind != new.kind or old.kind == "goldens":
        old, new = _rekey_by_stem(old), _rekey_by_stem(new)
    summary = {kind: {"old": 0, "new": 0, **dict.fromkeys(CHANGES, 0)} for kind in FACT_KINDS}
    articles: list[ArticleDiff] = []
    keys = sorted(old.records.keys() | new.records.keys(), key=lambda k: (old.labels.get(k) or new.labels[k], k))
    for key in keys:
        before, after = old.records.get(key), new.records.get(key)
        for kind in FACT_KINDS:
            summary[kind]["old"] += len((before or {}).get(kind) or [])
            summary[kind]["new"] += len((after or {}).get(kind) or [])
        changes = diff_records(before or {}, after or {})
        for change in changes:
            summary[change["kind"]][change["change"]] += 1
        status = "both" if before is not None and after is not None else ("only old" if after is None else "only new")
        if changes or status != "both":
            articles.append(ArticleDiff(key, old.labels.get(key) or new.labels[key], status, changes))
    return Result(old, new, articles, summary)


def render_text(result: Result) -> str:
    lines = [
        f"old: {result.old.path} ({result.old.kind}, {len(result.old.records)} articles)",
        f"new: {result.new.path} ({result.new.kind}, {len(result.new.records)} articles)",
        "",
    ]
    for article in result.articles:
        where = {"only old": " (only in old)", "only new": " (only in new)"}.get(article.status, "")
        lines.append(f"{article.label}{where}:")
        lines.extend(describe(change) for change in article.changes)
        if not article.changes:
            lines.append("  (no facts)")
    if result.articles:
        lines.append("")
    columns = ["kind", "old", "new", *CHANGES]
    rows = [[kind, *(str(result.summary[kind][c]) for c in columns[1:])] for kind in FACT_KINDS]
    rows.append(["total", *(str(sum(result.summary[k][c] for k in FACT_KINDS)) for c in columns[1:])])
    widths = [max(len(row[i]) for row in [columns, *rows]) for i in range(len(columns))]
    for row in [columns, ["-" * w for w in widths], *rows]:
        cells = enumerate(zip(row, widths, strict=True))
        lines.append("  ".join(cell.rjust(w) if i else cell.ljust(w) for i, (cell, w) in cells))
    lines.append("")
    differing = len(result.articles)
    lines.append("no differences" if result.equal else f"{differing} article{'s' if differing != 1 else ''} differ")
    return "\n".join(lines)


def render_json(result: Result) -> str:
    data = {
        "old": {"path": result.old.path, "kind": result.old.kind, "articles": len(result.old.records)},
        "new": {"path": result.new.path, "kind": result.new.kind, "articles": len(result.new.records)},
        "equal": result.equal,
        "articles": [
            {"article": a.key, "label": a.label, "status": a.status, "changes": a.changes} for a in result.articles
        ],
        "summary": result.summary,
    }
    return json.dumps(data, ensure_ascii=False, indent=1, default=str)
