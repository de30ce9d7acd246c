"""Getting data out: `query` results as text, CSV, JSON or Markdown; `export` through DuckDB's COPY;
and the guard that keeps a read-only `query` from touching anything but the database it reads.

Export never builds SQL from data: a table name is checked against the database's own
tables and a file name goes in as a quoted string literal; a user's SELECT is parsed by
DuckDB and must be exactly one SELECT statement.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

import duckdb

QUERY_FORMATS = ("table", "csv", "json", "jsonl", "markdown")
# COPY options per export format; compression (.gz, .zst) DuckDB takes from the file name.
EXPORT_FORMATS = {
    "csv": "FORMAT csv, HEADER true",
    "parquet": "FORMAT parquet",
    "jsonl": "FORMAT json",
    "json": "FORMAT json, ARRAY true",
}
SUFFIXES = {
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
}
EXTENSIONS = {"csv": ".csv", "parquet": ".parquet", "jsonl": ".jsonl", "json": ".json"}
CUT = "…"

# Statements a read-only query refuses: they write files, reach other databases or load code.
# DuckDB's settings on the read-only connection block most of them too; this check names them.
_REFUSED = {
    "COPY": "COPY",
    "EXPORT": "EXPORT DATABASE",
    "EXTENSION": "extension statements",
    "ATTACH": "ATTACH",
    "DETACH": "DETACH",
    "COPY_DATABASE": "COPY FROM DATABASE",
}


class OutputError(ValueError):
    """A usage problem with a query or an export, in one line."""


# -- query results ---------------------------------------------------------------------------


def refused_statement(connection: duckdb.DuckDBPyConnection, sql: str) -> str | None:
    """The kind of the first statement in `sql` a read-only query refuses, or None."""
    for statement in connection.extract_statements(sql):
        name = getattr(statement.type, "name", str(statement.type))
        if name == "LOAD":  # DuckDB's one type for INSTALL, FORCE INSTALL and LOAD
            return "LOAD" if statement.query.lstrip().upper().startswith("LOAD") else "INSTALL"
        if name in _REFUSED:
            return _REFUSED[name]
    return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    return str(value)


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def cut(cell: str, width: int) -> str:
    """`cell` in at most `width` characters, ending in … when something was cut; width 0 cuts nothing."""
    if width <= 0 or len(cell) <= width:
        return cell
    return cell[: width - 1] + CUT


def format_table(columns: list[str], rows: list[tuple], max_width: int = 80) -> str:
    """An aligned plain-text table; cells over `max_width` characters end in … (0: no limit)."""
    cells = [[cut(_text(value).replace("\n", " "), max_width) for value in row] for row in rows]
    widths = [len(column) for column in columns]
    for row in cells:
        widths = [max(width, len(cell)) for width, cell in zip(widths, row, strict=True)]

    def line(values: list[str]) -> str:
        return "  ".join(value.ljust(width) for value, width in zip(values, widths, strict=True)).rstrip()

    out = [line(columns), line(["-" * width for width in widths])]
    out.extend(line(row) for row in cells)
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def _markdown_cell(value: Any) -> str:
    return " ".join(_text(value).split()).replace("\\", "\\\\").replace("|", "\\|")


def batches(cursor: duckdb.DuckDBPyConnection, size: int = 1000) -> Iterator[tuple]:
    while chunk := cursor.fetchmany(size):
        yield from chunk


def write_rows(out: TextIO, fmt: str, columns: list[str], rows: Iterable[tuple], max_width: int = 80) -> None:
    """Write a query's rows to `out` in one of QUERY_FORMATS (all but table stream row by row)."""
    if fmt == "table":
        out.write(format_table(columns, list(rows), max_width) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_text(value) for value in row] for row in rows)
    elif fmt in ("json", "jsonl"):
        first = True
        if fmt == "json":
            out.write("[")
        for row in rows:
            record = json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False, default=_json_default)
            if fmt == "jsonl":
                out.write(record + "\n")
            else:
                out.write(("\n " if first else ",\n ") + record)
            first = False
        if fmt == "json":
            out.write("\n]\n" if not first else "]\n")
    elif fmt == "markdown":
        out.write("| " + " | ".join(_markdown_cell(column) for column in columns) + " |\n")
        out.write("|" + "|".join("---" for _ in columns) + "|\n")
        for row in rows:
            out.write("| " + " | ".join(_markdown_cell(value) for value in row) + " |\n")
    else:
        raise OutputError(f"unknown format {fmt!r}; one of {', '.join(QUERY_FORMATS)}")


def render(fmt: str, columns: list[str], rows: Iterable[tuple], max_width: int = 80) -> str:
    buffer = io.StringIO()
    write_rows(buffer, fmt, columns, rows, max_width)
    return buffer.getvalue()


# -- export ----------------------------------------------------------------------------------


def export_format(path: str | Path, fmt: str | None = None) -> str:
    """The export format: `fmt` if given, else from the file name (money.parquet, out.csv.gz)."""
    if fmt is not None:
        if fmt not in EXPORT_FORMATS:
            raise OutputError(f"unknown export format {fmt!r}; one of {', '.join(EXPORT_FORMATS)}")
        return fmt
    suffixes = [suffix.lower() for suffix in Path(path).suffixes]
    if suffixes and suffixes[-1] in (".gz", ".zst"):
        suffixes = suffixes[:-1]
    if suffixes and suffixes[-1] in SUFFIXES:
        return SUFFIXES[suffixes[-1]]
    raise OutputError(
        f"cannot tell the format of {path} from its name; use --format ({', '.join(EXPORT_FORMATS)}) "
        f"or end it in {', '.join(SUFFIXES)}"
    )


def tables(connection: duckdb.DuckDBPyConnection, views: bool = False) -> list[str]:
    """The database's tables (and views), in schema order."""
    sql = "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main'"
    if views:
        sql += (
            " UNION ALL SELECT view_name FROM duckdb_views() "
            "WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal"
        )
    return [name for (name,) in connection.execute(sql).fetchall()]


def table_select(connection: duckdb.DuckDBPyConnection, table: str) -> str:
    known = tables(connection, views=True)
    if table not in known:
        raise OutputError(f"no table {table!r} in the database; tables: {', '.join(known)}")
    return 'SELECT * FROM "' + table.replace('"', '""') + '"'


def one_select(connection: duckdb.DuckDBPyConnection, sql: str) -> str:
    """`sql` as the text of exactly one SELECT statement, or OutputError."""
    statements = connection.extract_statements(sql)
    if len(statements) != 1 or getattr(statements[0].type, "name", "") != "SELECT":
        raise OutputError("--sql takes one SELECT statement")
    return statements[0].query.strip().rstrip(";")


def _is_duckdb_file(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(12)[8:12] == b"DUCK"
    except OSError:
        return False


def export(connection: duckdb.DuckDBPyConnection, select: str, path: str | Path, fmt: str, database: Path) -> int:
    """Write the rows of `select` to `path` with COPY in `fmt`; returns the rows written."""
    target = Path(path)
    # COPY overwrites whatever is there; a database (this one or another) is never the target.
    if target.resolve() == database.resolve() or _is_duckdb_file(target):
        raise OutputError(f"{path} is a DuckDB database; export writes {fmt} files, choose another name")
    if target.is_dir():
        raise OutputError(f"{path} is a directory; --to names a file (use --all DIR for every table)")
    target.parent.mkdir(parents=True, exist_ok=True)
    literal = "'" + str(target).replace("'", "''") + "'"
    # The newline keeps a trailing -- comment in the SELECT from swallowing the parenthesis.
    row = connection.execute(f"COPY (\n{select}\n) TO {literal} ({EXPORT_FORMATS[fmt]})").fetchone()
    return int(row[0]) if row else 0
