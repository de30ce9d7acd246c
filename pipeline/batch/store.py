"""DuckDB storage: the documented schema users write SQL against.

Facts reach DuckDB in batches through Arrow tables, never row by row. Writing an
article first deletes its old facts, so a re-run replaces and never duplicates.
SQL text is built only from the table and column names below, never from input
text: values travel as parameters or Arrow tables.

A batch (articles, facts and the errors met while reading them) commits in one
transaction, so a crash leaves either the whole batch or none of it. The
`errors` table holds the latest outcome of each failing input: recording an
input's errors, or writing its article, first deletes its earlier error rows.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from pipeline.errors import DatabaseUnavailable, InputError
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
    source VARCHAR, stage VARCHAR, error_type VARCHAR, message VARCHAR, occurred_at TIMESTAMP,
    severity VARCHAR DEFAULT 'error'
);
-- Databases made before the severity column get it here.
ALTER TABLE errors ADD COLUMN IF NOT EXISTS severity VARCHAR DEFAULT 'error';
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
ERROR_COLUMNS = ["source", "stage", "error_type", "message", "occurred_at", "severity"]
ARTICLE_COLUMNS = [
    "article_id",
    "source",
    "title",
    "text",
    "url",
    "published",
    "content_hash",
    "pipeline_version",
    "processed_at",
]


_ARROW_PROVENANCE = [
    ("text", pa.string()),
    ("char_start", pa.int32()),
    ("char_end", pa.int32()),
    ("sentence", pa.string()),
    ("rule", pa.string()),
]
# Arrow types mirroring SCHEMA, so empty or all-null columns still get the right type
# (used by this writer and by the Dask engine's Parquet files).
ARROW_SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema(
        [
            ("article_id", pa.string()),
            ("source", pa.string()),
            ("title", pa.string()),
            ("text", pa.string()),
            ("url", pa.string()),
            ("published", pa.string()),
            ("content_hash", pa.string()),
            ("pipeline_version", pa.string()),
            ("processed_at", pa.timestamp("us")),
        ]
    ),
    "money": pa.schema(
        [
            ("article_id", pa.string()),
            ("amount_vnd", pa.int64()),
            ("amount_max_vnd", pa.int64()),
            ("qualifier", pa.string()),
            ("per_unit", pa.bool_()),
            *_ARROW_PROVENANCE,
        ]
    ),
    "counts": pa.schema(
        [
            ("article_id", pa.string()),
            ("value", pa.int64()),
            ("unit", pa.string()),
            ("qualifier", pa.string()),
            *_ARROW_PROVENANCE,
        ]
    ),
    "officials": pa.schema(
        [
            ("article_id", pa.string()),
            ("name", pa.string()),
            ("title", pa.string()),
            ("other_titles", pa.list_(pa.string())),
            ("organization", pa.string()),
            *_ARROW_PROVENANCE,
        ]
    ),
    "organizations": pa.schema(
        [("article_id", pa.string()), ("name", pa.string()), ("canonical", pa.string()), *_ARROW_PROVENANCE]
    ),
    "percents": pa.schema(
        [("article_id", pa.string()), ("value", pa.float64()), ("of", pa.string()), *_ARROW_PROVENANCE]
    ),
}


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the database; DatabaseUnavailable (one-line message) if another process holds it or it is no database."""
    try:
        if not read_only:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseUnavailable(f"cannot create the folder for database {path}: {error.strerror}") from None
    try:
        connection = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as error:
        # DuckDB locks the file for the life of a read-write connection, across processes.
        if "lock" in str(error).lower():
            raise DatabaseUnavailable(f"database {path} is in use by another process; try again when it ends") from None
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise DatabaseUnavailable(f"cannot open database {path}: {first_line}") from None
    if not read_only:
        try:
            connection.execute(SCHEMA)
        except duckdb.Error as error:  # e.g. a writable file in a read-only folder: no room for its WAL
            connection.close()
            raise DatabaseUnavailable(f"cannot write database {path}: {_first_line(error)}") from None
    return connection


def _first_line(error: BaseException) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _rollback(connection: duckdb.DuckDBPyConnection) -> None:
    """Roll back after a failure without hiding it: a failed COMMIT (disk full) has ended the
    transaction already, and the error of a second ROLLBACK would replace the one that matters."""
    try:
        connection.execute("ROLLBACK")
    except duckdb.Error:
        pass


def _fact_rows(facts: ArticleFacts, kind: str) -> list[dict]:
    return [
        {"article_id": facts.article_id, **{column: getattr(fact, column) for column in COLUMNS[kind]}}
        for fact in getattr(facts, kind)
    ]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def article_row(article: Article, content_hash: str, version: str, processed_at: datetime) -> dict:
    """One row of the articles table (shared by this writer and the Dask engine's Parquet)."""
    return {
        "article_id": article.article_id,
        "source": article.source,
        "title": article.title,
        "text": article.text,
        "url": article.url,
        "published": article.date,
        "content_hash": content_hash,
        "pipeline_version": version,
        "processed_at": processed_at,
    }


def write_batch(
    connection: duckdb.DuckDBPyConnection,
    batch: Iterable[tuple[Article, ArticleFacts, str, str]],
    errors: Iterable[InputError] = (),
    replace: bool | Collection[str] = True,
) -> int:
    """Replace the given articles and their facts, and record `errors`, in one transaction.

    Each item is (article, facts, content_hash, pipeline_version). Returns facts written.
    `replace` may name the ids that can be stored already: the others are known to be new, and
    their deletes (a scan of every fact table, costly as the database grows) are skipped.
    """
    items = list(batch)
    problems = list(errors)
    if not items:
        if problems:
            write_errors(connection, problems)
        return 0
    now = _now()
    article_rows = [article_row(article, content_hash, version, now) for article, _, content_hash, version in items]
    ids = pa.table({"article_id": [row["article_id"] for row in article_rows]})
    written = 0
    connection.execute("BEGIN TRANSACTION")
    try:
        if replace is not True:
            ids = pa.table({"article_id": [i for i in ids.column("article_id").to_pylist() if i in set(replace or ())]})
        if ids.num_rows:
            connection.register("batch_ids", ids)
            for table in ["articles", *COLUMNS]:
                connection.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM batch_ids)")
            connection.unregister("batch_ids")
        _insert(connection, "articles", ARTICLE_COLUMNS, article_rows)
        for kind, columns in COLUMNS.items():
            rows = [row for _, facts, _, _ in items for row in _fact_rows(facts, kind)]
            written += len(rows)
            _insert(connection, kind, ["article_id", *columns], rows)
        _replace_errors(connection, problems, [row["source"] for row in article_rows], now)
        connection.execute("COMMIT")
    except BaseException:
        _rollback(connection)
        raise
    return written


def write_errors(connection: duckdb.DuckDBPyConnection, errors: Iterable[InputError]) -> int:
    """Record errors in their own transaction, replacing earlier rows of the same sources. Returns rows written."""
    problems = list(errors)
    if not problems:
        return 0
    connection.execute("BEGIN TRANSACTION")
    try:
        _replace_errors(connection, problems, [], _now())
        connection.execute("COMMIT")
    except BaseException:
        _rollback(connection)
        raise
    return len(problems)


def _replace_errors(
    connection: duckdb.DuckDBPyConnection, errors: list[InputError], written_sources: list[str], now: datetime
) -> None:
    """Inside a transaction: drop old rows of these sources (an input now written, or failing anew), add `errors`."""
    sources = sorted({*written_sources, *(error.source for error in errors)})
    if not sources:
        return
    connection.register("cleared_sources", pa.table({"source": pa.array(sources, pa.string())}))
    connection.execute("DELETE FROM errors WHERE source IN (SELECT source FROM cleared_sources)")
    connection.unregister("cleared_sources")
    rows = [
        {
            "source": e.source,
            "stage": e.stage,
            "error_type": e.error_type,
            "message": e.message,
            "occurred_at": now,
            "severity": e.severity,
        }
        for e in errors
    ]
    _insert(connection, "errors", ERROR_COLUMNS, rows)


def load_errors(connection: duckdb.DuckDBPyConnection) -> list[InputError]:
    rows = connection.execute(
        "SELECT source, stage, error_type, message, severity FROM errors ORDER BY source, stage, error_type"
    ).fetchall()
    return [InputError(*row) for row in rows]


def _insert(connection: duckdb.DuckDBPyConnection, table: str, columns: list[str], rows: list[dict]) -> None:
    if not rows:
        return
    arrow = pa.Table.from_pylist(rows, schema=ARROW_SCHEMAS.get(table))
    connection.register("incoming", arrow)
    quoted = ", ".join(f'"{column}"' for column in columns)
    connection.execute(f"INSERT INTO {table} ({quoted}) SELECT {quoted} FROM incoming")
    connection.unregister("incoming")


def known_hashes(connection: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """article_id -> (content_hash, pipeline_version) of what is stored."""
    rows = connection.execute("SELECT article_id, content_hash, pipeline_version FROM articles").fetchall()
    return {article_id: (content_hash, version) for article_id, content_hash, version in rows}


def load_facts(connection: duckdb.DuckDBPyConnection) -> dict[str, ArticleFacts]:
    """Every stored article's facts, as the typed models (for evaluate and diff)."""
    from pipeline.models import Count, Money, Official, Organization, Percent

    models = {
        "money": Money,
        "counts": Count,
        "officials": Official,
        "organizations": Organization,
        "percents": Percent,
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
