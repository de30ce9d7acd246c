"""Plain text and Markdown: the whole file is the article, its first non-empty line the title."""

from __future__ import annotations

from pipeline.ingest.base import RawArticle, _decode


def read_text(data: bytes, source: str) -> RawArticle:
    # title=None: the runner takes the first non-empty line, as for every untitled article.
    warnings: list[tuple[str, str]] = []
    text = _decode(data, source, warnings)
    return RawArticle(source=source, text=text, warnings=warnings)
