"""The batch job behind `extract`: read, skip what is unchanged, extract, write in batches."""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import __version__, rules, store
from pipeline.core import extract_document, first_line
from pipeline.ingest import RawArticle, iter_articles
from pipeline.models import Article, ArticleFacts
from pipeline.normalize import normalize_text
from pipeline.segment import segment

BATCH_SIZE = 200


@dataclass
class RunSummary:
    articles: int = 0
    skipped: int = 0
    facts: int = 0
    errors: int = 0
    error_messages: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.articles} articles extracted, {self.skipped} unchanged and skipped, "
            f"{self.facts} facts written, {self.errors} errors"
        )


def pipeline_version() -> str:
    return f"{__version__}+rules.{rules.rules_fingerprint()}"


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def process(raw: RawArticle) -> tuple[Article, ArticleFacts]:
    """One article from raw input to typed facts (pure: no database)."""
    text = normalize_text(raw.text)
    title = normalize_text(raw.title) if raw.title else first_line(text)
    article = Article(
        article_id=raw.article_id, source=raw.source, title=title, text=text, url=raw.url, date=raw.date
    )
    facts = extract_document(segment(text, title=title), article.article_id)
    return article, facts


def run(inputs: list[str], db_path: str | Path, force: bool = False, quiet: bool = False) -> RunSummary:
    summary = RunSummary()
    version = pipeline_version()
    connection = store.connect(db_path)
    try:
        known = {} if force else store.known_hashes(connection)
        batch: list[tuple[Article, ArticleFacts, str, str]] = []
        for raw in iter_articles(inputs):
            digest = content_hash(normalize_text(raw.text))
            if known.get(raw.article_id) == (digest, version):
                summary.skipped += 1
                continue
            try:
                article, facts = process(raw)
            except Exception as error:  # one bad article must not stop a batch run
                summary.errors += 1
                summary.error_messages.append(f"{raw.source}: {type(error).__name__}: {error}")
                continue
            batch.append((article, facts, digest, version))
            summary.articles += 1
            if len(batch) >= BATCH_SIZE:
                summary.facts += store.write_batch(connection, batch)
                batch = []
        summary.facts += store.write_batch(connection, batch)
    finally:
        connection.close()
    if not quiet:
        for message in summary.error_messages:
            print(f"error: {message}", file=sys.stderr)
    return summary
