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

import datetime as dt
from collections.abc import Collection, Iterable
from datetime import UTC, datetime
from pathlib import Path
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin

import duckdb
import pyarrow as pa
from pydantic.fields import FieldInfo

from pipeline.errors import DatabaseUnavailable, InputError
from pipeline.models import FACT_MODELS, Article, ArticleFacts, sql_type_override, stored_fields

_ARTICLES_TABLE = """
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
CREATE TABLE IF NOT EXISTS errors (
    source VARCHAR, stage VARCHAR, error_type VARCHAR, message VARCHAR, occurred_at TIMESTAMP,
    severity VARCHAR DEFAULT 'error'
);
-- Databases made before the severity column get it here.
ALTER TABLE errors ADD COLUMN IF NOT EXISTS severity VARCHAR DEFAULT 'error';
"""

# Python types of the models' fields -> DuckDB and Arrow types.
_TYPES: dict[Any, tuple[str, pa.DataType]] = {
    str: ("VARCHAR", pa.string()),
    int: ("BIGINT", pa.int64()),
    float: ("DOUBLE", pa.float64()),
    bool: ("BOOLEAN", pa.bool_()),
    dt.date: ("DATE", pa.date32()),
}
_NARROW: dict[str, pa.DataType] = {"INTEGER": pa.int32()}


def _column_type(field: FieldInfo) -> tuple[str, pa.DataType]:
    annotation = field.annotation
    if get_origin(annotation) in (Union, UnionType):  # "int | None": nullable, same type
        annotation = next(arg for arg in get_args(annotation) if arg is not type(None))
    if get_origin(annotation) is Literal:
        annotation = type(get_args(annotation)[0])
    if get_origin(annotation) is list:
        sql, arrow = _TYPES[get_args(annotation)[0]]
        return f"{sql}[]", pa.list_(arrow)
    sql, arrow = _TYPES[annotation]
    narrow = sql_type_override(field)
    return (narrow, _NARROW[narrow]) if narrow else (sql, arrow)


def _fact_columns(kind: str) -> list[tuple[str, str, pa.DataType]]:
    return [(name, *_column_type(field)) for name, field in stored_fields(FACT_MODELS[kind]).items()]


# Every fact table, its columns and their Arrow types come from the kind's model (pipeline.models).
COLUMNS: dict[str, list[str]] = {kind: [name for name, _, _ in _fact_columns(kind)] for kind in FACT_MODELS}
_FACT_TABLES = "".join(
    f"CREATE TABLE IF NOT EXISTS {kind} (\n    article_id VARCHAR, "
    + ", ".join(f'"{name}" {sql}' for name, sql, _ in _fact_columns(kind))
    + "\n);\n"
    # a database made before a column was added to the model gets it here
    + "".join(f'ALTER TABLE {kind} ADD COLUMN IF NOT EXISTS "{name}" {sql};\n' for name, sql, _ in _fact_columns(kind))
    for kind in FACT_MODELS
)
_FACTS_VIEW = (
    "CREATE OR REPLACE VIEW facts AS\n    "
    + "\n    UNION ALL ".join(
        f"SELECT article_id, '{kind}' AS kind, text, char_start, char_end, sentence, rule FROM {kind}"
        for kind in FACT_MODELS
    )
    + ";\n"
)
SCHEMA = _ARTICLES_TABLE + _FACT_TABLES + _FACTS_VIEW

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
    **{
        kind: pa.schema([("article_id", pa.string()), *((name, arrow) for name, _, arrow in _fact_columns(kind))])
        for kind in FACT_MODELS
    },
}


# For SQL typed by a user into a read-only `query`: no files but the database itself (COPY TO,
# EXPORT, ATTACH, read_csv, INSTALL fail), no extension loaded behind its back, and settings
# locked so the SQL cannot switch any of this back on.
SANDBOX = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "lock_configuration": True,
}


def connect(path: str | Path, read_only: bool = False, sandbox: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the database; DatabaseUnavailable (one-line message) if another process holds it or it is no database.

    `sandbox` (read-only connections only) applies SANDBOX."""
    try:
        if not read_only:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseUnavailable(f"cannot create the folder for database {path}: {error.strerror}") from None
    try:
        connection = duckdb.connect(str(path), read_only=read_only, config=dict(SANDBOX) if sandbox else {})
    except duckdb.IOException as error:
        # DuckDB locks the file for the life of a read-write connection, across processes.
        if "lock" in str(error).lower():
            raise DatabaseUnavailable(f"database {path} is in use by another process; try again when it ends") from None
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise DatabaseUnavailable(f"cannot open database {path}: {first_line}") from None
    except duckdb.ConnectionException as error:  # open in this process already, with other settings
        raise DatabaseUnavailable(f"cannot open database {path}: {str(error).splitlines()[0]}") from None
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
    models = FACT_MODELS
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
