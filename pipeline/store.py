"""DuckDB storage: the documented schema users write SQL against.

Facts reach DuckDB in batches through Arrow tables, never row by row. Writing an
article first deletes its old facts, so a re-run replaces and never duplicates.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from pipeline.models import Article, ArticleFacts

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    article_id VARCHAR PRIMARY KEY,
    source VARCHAR,
    title VARCHAR,
    text VARCHAR,
    url VARCHAR,
    published VARCHAR,
    content_hash VARCHAR,
    pipeline_version VARCHAR,
    processed_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS money (
    article_id VARCHAR, amount_vnd BIGINT, amount_max_vnd BIGINT, qualifier VARCHAR, per_unit BOOLEAN,
    text VARCHAR, char_start INTEGER, char_end INTEGER, sentence VARCHAR, rule VARCHAR
);
CREATE TABLE IF NOT EXISTS counts (
    article_id VARCHAR, value BIGINT, unit VARCHAR, qualifier VARCHAR,
    text VARCHAR, char_start INTEGER, char_end INTEGER, sentence VARCHAR, rule VARCHAR
);
CREATE TABLE IF NOT EXISTS officials (
    article_id VARCHAR, name VARCHAR, title VARCHAR, other_titles VARCHAR[], organization VARCHAR,
    text VARCHAR, char_start INTEGER, char_end INTEGER, sentence VARCHAR, rule VARCHAR
);
CREATE TABLE IF NOT EXISTS organizations (
    article_id VARCHAR, name VARCHAR, canonical VARCHAR,
    text VARCHAR, char_start INTEGER, char_end INTEGER, sentence VARCHAR, rule VARCHAR
);
CREATE TABLE IF NOT EXISTS percents (
    article_id VARCHAR, value DOUBLE, "of" VARCHAR,
    text VARCHAR, char_start INTEGER, char_end INTEGER, sentence VARCHAR, rule VARCHAR
);
CREATE TABLE IF NOT EXISTS errors (
    source VARCHAR, stage VARCHAR, error_type VARCHAR, message VARCHAR, occurred_at TIMESTAMP
);
CREATE OR REPLACE VIEW facts AS
    SELECT article_id, 'money' AS kind, text, char_start, char_end, sentence, rule FROM money
    UNION ALL SELECT article_id, 'counts', text, char_start, char_end, sentence, rule FROM counts
    UNION ALL SELECT article_id, 'officials', text, char_start, char_end, sentence, rule FROM officials
    UNION ALL SELECT article_id, 'organizations', text, char_start, char_end, sentence, rule FROM organizations
    UNION ALL SELECT article_id, 'percents', text, char_start, char_end, sentence, rule FROM percents;
"""

PROVENANCE = ["text", "char_start", "char_end", "sentence", "rule"]
COLUMNS: dict[str, list[str]] = {
    "money": ["amount_vnd", "amount_max_vnd", "qualifier", "per_unit", *PROVENANCE],
    "counts": ["value", "unit", "qualifier", *PROVENANCE],
    "officials": ["name", "title", "other_titles", "organization", *PROVENANCE],
    "organizations": ["name", "canonical", *PROVENANCE],
    "percents": ["value", "of", *PROVENANCE],
}
ARTICLE_COLUMNS = [
    "article_id", "source", "title", "text", "url", "published",
    "content_hash", "pipeline_version", "processed_at",
]


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    if not read_only:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect(str(path), read_only=read_only)
    if not read_only:
        connection.execute(SCHEMA)
    return connection


def _fact_rows(facts: ArticleFacts, kind: str) -> list[dict]:
    return [
        {"article_id": facts.article_id, **{column: getattr(fact, column) for column in COLUMNS[kind]}}
        for fact in getattr(facts, kind)
    ]


def write_batch(
    connection: duckdb.DuckDBPyConnection,
    batch: Iterable[tuple[Article, ArticleFacts, str, str]],
    replace: bool = True,
) -> int:
    """Replace the given articles and their facts in one transaction.

    Each item is (article, facts, content_hash, pipeline_version). Returns facts written.
    replace=False: the caller knows none of them is stored yet, so the deletes (a scan of
    every fact table, costly as the database grows) are skipped.
    """
    items = list(batch)
    if not items:
        return 0
    now = datetime.now(UTC).replace(tzinfo=None)
    article_rows = [
        {
            "article_id": article.article_id,
            "source": article.source,
            "title": article.title,
            "text": article.text,
            "url": article.url,
            "published": article.date,
            "content_hash": content_hash,
            "pipeline_version": version,
            "processed_at": now,
        }
        for article, _, content_hash, version in items
    ]
    ids = pa.table({"article_id": [row["article_id"] for row in article_rows]})
    written = 0
    connection.execute("BEGIN TRANSACTION")
    try:
        if replace:
            connection.register("batch_ids", ids)
            for table in ["articles", *COLUMNS]:
                connection.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM batch_ids)")
            connection.unregister("batch_ids")
        _insert(connection, "articles", ARTICLE_COLUMNS, article_rows)
        for kind, columns in COLUMNS.items():
            rows = [row for _, facts, _, _ in items for row in _fact_rows(facts, kind)]
            written += len(rows)
            _insert(connection, kind, ["article_id", *columns], rows)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return written


def _insert(connection: duckdb.DuckDBPyConnection, table: str, columns: list[str], rows: list[dict]) -> None:
    if not rows:
        return
    arrow = pa.Table.from_pylist(rows) if table != "officials" else _officials_table(rows)
    connection.register("incoming", arrow)
    quoted = ", ".join(f'"{column}"' for column in columns)
    connection.execute(f"INSERT INTO {table} ({quoted}) SELECT {quoted} FROM incoming")
    connection.unregister("incoming")


def _officials_table(rows: list[dict]) -> pa.Table:
    schema = pa.schema(
        [("article_id", pa.string()), ("name", pa.string()), ("title", pa.string()),
         ("other_titles", pa.list_(pa.string())), ("organization", pa.string()),
         ("text", pa.string()), ("char_start", pa.int64()), ("char_end", pa.int64()),
         ("sentence", pa.string()), ("rule", pa.string())]
    )
    return pa.Table.from_pylist(rows, schema=schema)


def known_hashes(connection: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """article_id -> (content_hash, pipeline_version) of what is stored."""
    rows = connection.execute("SELECT article_id, content_hash, pipeline_version FROM articles").fetchall()
    return {article_id: (content_hash, version) for article_id, content_hash, version in rows}


def load_facts(connection: duckdb.DuckDBPyConnection) -> dict[str, ArticleFacts]:
    """Every stored article's facts, as the typed models (for evaluate and diff)."""
    from pipeline.models import Count, Money, Official, Organization, Percent

    models = {
        "money": Money, "counts": Count, "officials": Official, "organizations": Organization, "percents": Percent,
    }
    result: dict[str, ArticleFacts] = {
        article_id: ArticleFacts(article_id=article_id)
        for (article_id,) in connection.execute("SELECT article_id FROM articles").fetchall()
    }
    for kind, model in models.items():
        columns = ["article_id", *COLUMNS[kind]]
        quoted = ", ".join(f'"{column}"' for column in columns)
        cursor = connection.execute(f"SELECT {quoted} FROM {kind} ORDER BY article_id, char_start")
        for row in cursor.fetchall():
            record = dict(zip(columns, row, strict=True))
            article_id = record.pop("article_id")
            if kind == "organizations":
                record["surfaces"] = [record["name"]]
            if record.get("other_titles") is None and kind == "officials":
                record["other_titles"] = []
            getattr(result.setdefault(article_id, ArticleFacts(article_id=article_id)), kind).append(model(**record))
    return result


def article_sources(connection: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(connection.execute("SELECT article_id, source FROM articles").fetchall())
