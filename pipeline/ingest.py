"""Reading inputs: files and directories of articles, yielded one at a time (streaming).

A plain-text article's first non-empty line is its title.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = {".txt", ".md"}


@dataclass
class RawArticle:
    """An input before normalization: where it came from and its text."""

    source: str
    text: str
    title: str | None = None
    url: str | None = None
    date: str | None = None

    @property
    def article_id(self) -> str:
        """Stable across runs: from the URL when known, else from the source path (and member)."""
        key = self.url or self.source
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def iter_paths(inputs: list[str]) -> Iterator[Path]:
    """Files named, and files below directories named, in a stable order."""
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        else:
            yield path


def read_text_file(path: Path) -> RawArticle:
    return RawArticle(source=str(path), text=path.read_text(encoding="utf-8"))


def iter_articles(inputs: list[str]) -> Iterator[RawArticle]:
    for path in iter_paths(inputs):
        if path.suffix.lower() in TEXT_SUFFIXES:
            yield read_text_file(path)
