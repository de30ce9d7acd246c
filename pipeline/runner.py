"""The batch job behind `extract`: read, skip what is unchanged, extract, write in batches."""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import __version__, rules, store
from pipeline.core import extract_document, first_line
from pipeline.errors import InputError
from pipeline.ingest import RawArticle, iter_articles
from pipeline.limits import MAX_ARTICLE_BYTES, decode_warnings, text_too_large
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
    warnings: int = 0
    error_messages: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.articles} articles extracted, {self.skipped} unchanged and skipped, "
            f"{self.facts} facts written, {self.errors} errors, {self.warnings} warnings"
        )

    def record(self, problem: InputError) -> None:
        if getattr(problem, "severity", "error") == "error":
            self.errors += 1
        else:
            self.warnings += 1
        self.error_messages.append(_describe(problem))


def _describe(problem: InputError) -> str:
    # Duck-typed: ingest readers may yield their own record type with the same fields.
    severity = getattr(problem, "severity", "error")
    return f"{severity}: {problem.source}: {problem.stage}/{problem.error_type}: {problem.message}"


def _as_record(problem: InputError) -> InputError:
    if isinstance(problem, InputError):
        return problem
    return InputError(problem.source, problem.stage, problem.error_type, problem.message,
                      getattr(problem, "severity", "error"))


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


def run(
    inputs: list[str],
    db_path: str | Path,
    force: bool = False,
    quiet: bool = False,
    batch_size: int = BATCH_SIZE,
    max_bytes: int = MAX_ARTICLE_BYTES,
    progress: bool = False,
) -> RunSummary:
    """Extract every input into the database; inputs that fail become error rows, and the run goes on.

    Each batch (articles, facts and the errors met since the last batch) is one transaction.
    """
    summary = RunSummary()
    version = pipeline_version()
    connection = store.connect(db_path)
    try:
        known = {} if force else store.known_hashes(connection)
        batch: list[tuple[Article, ArticleFacts, str, str]] = []
        problems: list[InputError] = []
        for item in iter_articles(inputs, max_bytes):
            if not isinstance(item, RawArticle):
                problems.append(_as_record(item))
                if len(problems) >= batch_size:  # a folder of bad files must not pile up in memory
                    _flush(connection, batch, problems, summary, progress)
                    batch, problems = [], []
                continue
            raw = item
            too_large = text_too_large(raw.source, raw.text, max_bytes)
            if too_large:
                problems.append(too_large)
                continue
            digest = content_hash(normalize_text(raw.text))
            if known.get(raw.article_id) == (digest, version):
                summary.skipped += 1  # its decode warnings were recorded when it was written
                continue
            try:
                article, facts = process(raw)
            except Exception as error:  # one bad article must not stop a batch run
                problems.append(InputError(raw.source, "extract", type(error).__name__, str(error)))
                continue
            problems.extend(decode_warnings(raw.source, raw.warnings))
            batch.append((article, facts, digest, version))
            summary.articles += 1
            if len(batch) >= batch_size:
                _flush(connection, batch, problems, summary, progress)
                batch, problems = [], []
        _flush(connection, batch, problems, summary, progress)
    finally:
        connection.close()
    for message in summary.error_messages:
        if not quiet or message.startswith("error"):  # --quiet: "print nothing but errors"
            print(message, file=sys.stderr)
    return summary


def _flush(
    connection: store.duckdb.DuckDBPyConnection,
    batch: list[tuple[Article, ArticleFacts, str, str]],
    problems: list[InputError],
    summary: RunSummary,
    progress: bool,
) -> None:
    """Commit one batch with its error records; count them only once they are stored."""
    if not batch and not problems:
        return
    summary.facts += store.write_batch(connection, batch, problems)
    for problem in problems:
        summary.record(problem)
    if progress:
        print(f"committed {len(batch)} articles, {len(problems)} error records", file=sys.stderr, flush=True)
