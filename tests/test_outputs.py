"""Getting data out: query formats, export through COPY, pipeline.connect, and the read-only query's guard."""

from __future__ import annotations

import csv
import io
import json

import duckdb
import pyarrow.parquet as pq
import pytest

import pipeline
from pipeline.batch import store
from pipeline.cli import main
from pipeline.errors import DatabaseUnavailable


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_parser_offers_the_formats_outputs_knows():
    from pipeline import cli
    from pipeline.batch import outputs

    assert cli.QUERY_FORMATS == list(outputs.QUERY_FORMATS)
    assert cli.EXPORT_FORMATS == list(outputs.EXPORT_FORMATS)


# -- query --format ------------------------------------------------------------------------------


def test_query_csv_json_jsonl_markdown(facts_db, capsys):
    sql = "SELECT amount_vnd, per_unit, text FROM money ORDER BY amount_vnd"
    code, out, _ = run(capsys, "query", sql, "--db", str(facts_db), "--format", "csv")
    assert code == 0
    assert list(csv.reader(io.StringIO(out))) == [
        ["amount_vnd", "per_unit", "text"],
        ["8500000", "false", "8.500.000 đồng"],
        ["50000000", "true", "50 triệu đồng"],
        ["300000000", "false", "300 triệu đồng"],
    ]

    code, out, _ = run(capsys, "query", sql, "--db", str(facts_db), "--format", "json")
    assert code == 0 and json.loads(out)[0] == {"amount_vnd": 8500000, "per_unit": False, "text": "8.500.000 đồng"}

    code, out, _ = run(capsys, "query", sql, "--db", str(facts_db), "--format", "jsonl")
    assert code == 0 and [json.loads(line)["amount_vnd"] for line in out.splitlines()] == [8500000, 50000000, 300000000]

    code, out, _ = run(capsys, "query", sql, "--db", str(facts_db), "--format", "markdown")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "| amount_vnd | per_unit | text |" and lines[1] == "|---|---|---|"
    assert lines[2] == "| 8500000 | false | 8.500.000 đồng |"


def test_json_formats_carry_timestamps_lists_and_nulls(facts_db, capsys):
    sql = "SELECT processed_at, other_titles, organization FROM articles, officials LIMIT 1"
    code, out, _ = run(capsys, "query", sql, "--db", str(facts_db), "--format", "json")
    record = json.loads(out)[0]
    assert code == 0 and "T" in record["processed_at"] and record["other_titles"] == []
    code, out, _ = run(capsys, "query", "SELECT 1 AS n WHERE false", "--db", str(facts_db), "--format", "json")
    assert json.loads(out) == []


def test_markdown_escapes_pipes_and_newlines(facts_db, capsys):
    code, out, _ = run(
        capsys, "query", "SELECT 'a|b' || chr(10) || 'c' AS x", "--db", str(facts_db), "--format", "markdown"
    )
    assert code == 0 and out.splitlines()[2] == "| a\\|b c |"


def test_table_marks_a_cut_cell_and_max_width_0_cuts_nothing(facts_db, capsys):
    long = "x" * 300 + "y"
    sql = f"SELECT '{long}' AS sentence"
    code, out, _ = run(capsys, "query", sql, "--db", str(facts_db))
    cell = out.splitlines()[2]
    assert code == 0 and len(cell) == 80 and cell.endswith("…") and cell.startswith("x" * 79)
    code, out, _ = run(capsys, "query", sql, "--db", str(facts_db), "--max-width", "0")
    assert out.splitlines()[2] == long
    code, out, _ = run(capsys, "query", "SELECT 'short' AS s", "--db", str(facts_db), "--max-width", "3")
    assert out.splitlines()[2] == "sh…"


# -- query is read-only ------------------------------------------------------------------------


@pytest.fixture
def other_db(tmp_path):
    path = tmp_path / "other.duckdb"
    with duckdb.connect(str(path)) as connection:
        connection.execute("CREATE TABLE precious AS SELECT 42 AS answer")
    return path


def _still_precious(path) -> bool:
    with duckdb.connect(str(path), read_only=True) as connection:
        return connection.execute("SELECT answer FROM precious").fetchall() == [(42,)]


@pytest.mark.parametrize(
    "sql, refused",
    [
        ("COPY money TO '{other}' (FORMAT csv)", "COPY"),
        ("EXPORT DATABASE '{tmp}/exported'", "EXPORT DATABASE"),
        ("INSTALL json", "INSTALL"),
        ("LOAD json", "LOAD"),
        ("ATTACH '{other}' AS other", "ATTACH"),
        ("SELECT 1; COPY (SELECT 1) TO '{other}'", "COPY"),  # hidden behind a harmless statement
    ],
)
def test_query_refuses_files_databases_and_extensions(facts_db, other_db, tmp_path, capsys, sql, refused):
    sql = sql.format(other=other_db, tmp=tmp_path)
    code, out, err = run(capsys, "query", sql, "--db", str(facts_db))
    assert code == 2 and out == ""
    assert err == f"error: query is read-only and refuses {refused}; add --write to allow it\n"
    assert _still_precious(other_db) and not (tmp_path / "exported").exists()


def test_duckdb_settings_block_what_the_statement_check_does_not_name(facts_db, other_db, capsys):
    # Reading a file and switching access back on are not statement types the guard lists.
    code, _, err = run(capsys, "query", f"SELECT * FROM read_csv('{other_db}')", "--db", str(facts_db))
    assert code == 2 and "reaches files outside the database" in err and len(err.splitlines()) == 1
    code, _, err = run(capsys, "query", "SET enable_external_access = true", "--db", str(facts_db))
    assert code == 1 and "locked" in err and len(err.splitlines()) == 1
    # The sandboxed connection itself: COPY is blocked by DuckDB even without the statement check.
    connection = store.connect(facts_db, read_only=True, sandbox=True)
    try:
        with pytest.raises(duckdb.PermissionException):
            connection.execute(f"COPY money TO '{other_db}' (FORMAT csv)")
    finally:
        connection.close()
    assert _still_precious(other_db)


def test_query_refuses_changes_without_write(facts_db, capsys):
    code, _, err = run(capsys, "query", "DELETE FROM money", "--db", str(facts_db))
    assert code == 2 and "add --write" in err


def test_write_allows_them(facts_db, tmp_path, capsys):
    db = str(facts_db)
    target = tmp_path / "money.csv"
    assert run(capsys, "query", f"COPY money TO '{target}' (FORMAT csv, HEADER)", "--db", db, "--write")[0] == 0
    assert len(target.read_text(encoding="utf-8").splitlines()) == 4
    assert run(capsys, "query", f"EXPORT DATABASE '{tmp_path / 'exported'}'", "--db", db, "--write")[0] == 0
    assert (tmp_path / "exported" / "schema.sql").is_file()
    assert run(capsys, "query", "LOAD json", "--db", db, "--write")[0] == 0
    other = tmp_path / "attached.duckdb"
    code, out, _ = run(capsys, "query", f"ATTACH '{other}' AS o; SELECT 7 AS seven", "--db", db, "--write")
    assert code == 0 and "7" in out and other.is_file()
    # INSTALL is let through to DuckDB (which here has no extension at that empty repository to install).
    code, _, err = run(capsys, "query", f"INSTALL json FROM '{tmp_path}'", "--db", db, "--write")
    assert "refuses" not in err


# -- export ------------------------------------------------------------------------------------


def test_export_table_to_parquet_csv_jsonl(facts_db, tmp_path, capsys):
    db = str(facts_db)
    code, out, _ = run(capsys, "export", "--db", db, "--table", "money", "--to", str(tmp_path / "money.parquet"))
    assert code == 0 and out == f"3 rows -> {tmp_path / 'money.parquet'}\n"
    table = pq.read_table(tmp_path / "money.parquet")
    assert table.num_rows == 3 and table.schema.field("amount_vnd").type == "int64"
    assert sorted(table.column("amount_vnd").to_pylist()) == [8_500_000, 50_000_000, 300_000_000]

    sql = "SELECT name, title FROM officials ORDER BY name -- a trailing comment"
    assert run(capsys, "export", "--db", db, "--sql", sql, "--to", str(tmp_path / "out.csv"))[0] == 0
    assert list(csv.reader((tmp_path / "out.csv").open(encoding="utf-8")))[:2] == [
        ["name", "title"],
        ["Nguyễn Văn An", "Chủ tịch"],
    ]

    assert run(capsys, "export", "--db", db, "--table", "facts", "--to", str(tmp_path / "facts.jsonl"))[0] == 0
    lines = (tmp_path / "facts.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 16 and {json.loads(line)["kind"] for line in lines} >= {"money", "officials"}

    # --format wins over the name
    assert (
        run(capsys, "export", "--db", db, "--table", "counts", "--to", str(tmp_path / "c.out"), "--format", "csv")[0]
        == 0
    )
    assert (tmp_path / "c.out").read_text(encoding="utf-8").startswith("article_id,value,unit")


def test_export_all_tables(facts_db, tmp_path, capsys):
    code, out, _ = run(capsys, "export", "--db", str(facts_db), "--all", str(tmp_path / "dump"))
    assert code == 0
    names = sorted(path.name for path in (tmp_path / "dump").iterdir())
    from pipeline.models import FACT_KINDS

    assert names == [f"{t}.parquet" for t in sorted(["articles", "errors", *FACT_KINDS])]
    assert pq.read_table(tmp_path / "dump" / "organizations.parquet").num_rows == 6
    assert run(capsys, "export", "--db", str(facts_db), "--all", str(tmp_path / "csv"), "--format", "csv")[0] == 0
    assert (tmp_path / "csv" / "money.csv").is_file()


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--table", "nope", "--to", "x.csv"], "no table 'nope'"),
        (["--table", "money", "--to", "x.txt"], "cannot tell the format"),
        (["--sql", "DELETE FROM money", "--to", "x.csv"], "one SELECT statement"),
        (["--sql", "SELECT 1; SELECT 2", "--to", "x.csv"], "one SELECT statement"),
        (["--table", "money"], "need --to FILE"),
        ([], "needs one of --table"),
        (["--table", "money", "--to", "{other}", "--format", "csv"], "is a DuckDB database"),
    ],
)
def test_export_usage_errors(facts_db, other_db, tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.chdir(tmp_path)
    argv = [item.format(other=other_db) for item in argv]
    code, _, err = run(capsys, "export", "--db", str(facts_db), *argv)
    assert code == 2 and message in err and len(err.splitlines()) == 1
    assert _still_precious(other_db)


def test_export_without_a_database_is_a_usage_error(tmp_path, capsys):
    code, _, err = run(capsys, "export", "--db", str(tmp_path / "none.duckdb"), "--table", "money", "--to", "m.csv")
    assert code == 2 and "no database" in err


# -- pipeline.connect ----------------------------------------------------------------------------


def test_connect_is_read_only_by_default(facts_db):
    connection = pipeline.connect(facts_db)
    try:
        assert connection.sql("SELECT count(*) FROM money").fetchall() == [(3,)]
        with pytest.raises(duckdb.Error, match="read-only"):
            connection.execute("DELETE FROM money")
    finally:
        connection.close()
    with pipeline.connect(facts_db, read_only=False) as connection:
        connection.execute("DELETE FROM percents")
    with pipeline.connect(facts_db) as connection:
        assert connection.sql("SELECT count(*) FROM percents").fetchall() == [(0,)]


def test_connect_to_nothing_says_so(tmp_path):
    with pytest.raises(DatabaseUnavailable, match="cannot open database"):
        pipeline.connect(tmp_path / "missing.duckdb")


def test_connect_gives_dataframes(facts_db):
    pandas = pytest.importorskip("pandas")
    with pipeline.connect(facts_db) as connection:
        frame = connection.sql("SELECT amount_vnd, qualifier FROM money ORDER BY amount_vnd").df()
    assert isinstance(frame, pandas.DataFrame) and frame["amount_vnd"].tolist() == [8_500_000, 50_000_000, 300_000_000]
    polars = pytest.importorskip("polars")
    with pipeline.connect(facts_db) as connection:
        assert isinstance(connection.sql("SELECT * FROM counts").pl(), polars.DataFrame)
