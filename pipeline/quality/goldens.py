"""Golden extractions: the reviewed facts of every corpus article, one JSON file each in outputs/.

`python -m pipeline goldens` shows what changed against the goldens; after
review, `python -m pipeline goldens --accept` rewrites them.
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.api import extract

# The diff code lives in pipeline.quality.diff and serves goldens, `diff` and the golden test alike.
from pipeline.quality.diff import SPAN, VALUE_FIELDS, describe, diff_records, record
from pipeline.quality.keys import article_key

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CORPUS = PROJECT_ROOT / "corpus" / "articles"
OUTPUTS = PROJECT_ROOT / "outputs"

# Re-exported for callers that used them from here before they moved.
__all__ = ["SPAN", "VALUE_FIELDS", "describe", "diff_records", "record", "check_all", "accept_all", "current"]


def golden_path(article: Path) -> Path:
    return OUTPUTS / f"{article_key(str(article))}.json"


def current(article: Path) -> dict:
    return record(extract(article.read_text(encoding="utf-8"), article_id=article_key(str(article))))


def check_all() -> dict[str, list[dict]]:
    """article stem -> changes against its golden file (a missing golden counts as all added)."""
    result = {}
    for article in sorted(CORPUS.glob("*.txt")):
        path = golden_path(article)
        old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        changes = diff_records(old, current(article))
        if changes:
            result[article_key(str(article))] = changes
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
