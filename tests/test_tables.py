"""Tables (CSV, TSV, gzipped CSV, Parquet) and standard input: the same articles, and facts, as .txt files."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from archive_fixtures import article, csv_bytes, parquet_bytes, tar_gz_bytes, zip_bytes
from test_decode import to_cp1258, to_tcvn3

from pipeline.batch import store
from pipeline.batch.runner import run
from pipeline.cli import main
from pipeline.ingest import InputError, RawArticle, ReadOptions, detect, iter_articles
from pipeline.ingest.stdin import read_stdin

ROOT = Path(__file__).resolve().parent.parent


def rich(place: str, n: int) -> str:
    """An article with every kind of fact, and the characters that CSV must quote: commas, quotes, newlines."""
    return (
        article(place, n)
        + f'\n\nÔng Nguyễn Văn An, Chủ tịch LĐLĐ tỉnh {place}, trao "Mái ấm công đoàn" trị giá 50 triệu đồng.'
        + "\nTỷ lệ đoàn viên đạt 95%, tăng 3% so với năm trước."
    )


TEXTS = {
    name: rich(place, n)
    for n, (name, place) in enumerate(
        [("csv-a", "Huế"), ("csv-b", "Kon Tum"), ("tsv", "Gia Lai"), ("gz", "Nghệ An"), ("parquet", "Lâm Đồng")],
        start=3,
    )
}


def _split(items) -> tuple[list[RawArticle], list[InputError]]:
    items = list(items)
    return [i for i in items if isinstance(i, RawArticle)], [i for i in items if isinstance(i, InputError)]


def _facts_by_text(db: Path) -> dict[str, dict]:
    """Each stored article's facts keyed by its text: forms of one article compare equal whatever their ids."""
    connection = store.connect(db, read_only=True)
    try:
        facts = store.load_facts(connection)
        texts = dict(connection.execute("SELECT article_id, text FROM articles").fetchall())
    finally:
        connection.close()
    # A date without a year resolves with the article's date, which a table row may carry and a
    # .txt form does not: dates are compared by what was found, not by how it resolved.
    return {
        texts[article_id]: f.model_dump(exclude={"article_id": True, "dates": {"__all__": {"start", "end"}}})
        for article_id, f in facts.items()
    }


def _jsonl() -> bytes:
    return "".join(json.dumps({"text": text}, ensure_ascii=False) + "\n" for text in TEXTS.values()).encode()


@pytest.fixture(scope="module")
def txt_facts(tmp_path_factory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("txt")
    for name, text in TEXTS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    db = folder / "facts.duckdb"
    summary = run([str(folder)], db, quiet=True, workers=1)
    assert (summary.articles, summary.errors) == (len(TEXTS), 0)
    facts = _facts_by_text(db)
    assert all(f["money"] and f["counts"] and f["officials"] and f["percents"] for f in facts.values())
    return facts


def test_every_table_form_gives_the_facts_of_the_txt_forms(tmp_path, txt_facts):
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "dump.csv").write_bytes(
        csv_bytes(
            [{"id": 1, "text": TEXTS["csv-a"]}, {"id": 2, "text": TEXTS["csv-b"], "url": "https://x/b"}], bom=True
        )
    )
    (folder / "dump.tsv").write_bytes(csv_bytes([{"content": TEXTS["tsv"], "published": "2024-01-02"}], "\t"))
    (folder / "dump.csv.gz").write_bytes(gzip.compress(csv_bytes([{"body": TEXTS["gz"]}])))
    (folder / "part-0.parquet").write_bytes(
        parquet_bytes({"text": [TEXTS["parquet"]], "meta": [{"url": "https://x/p", "lang": "vi"}]})
    )
    articles, errors = _split(iter_articles([str(folder)], ReadOptions().with_fields(url="meta.url")))
    assert errors == []
    by_source = {a.source: a for a in articles}
    assert sorted(by_source) == sorted(
        [
            f"{folder}/dump.csv:2",
            f"{folder}/dump.csv:8",  # the first row's cell spans lines 2 to 7
            f"{folder}/dump.csv.gz:2",
            f"{folder}/dump.tsv:2",
            f"{folder}/part-0.parquet[0]",
        ]
    )
    assert by_source[f"{folder}/dump.csv:2"].text == TEXTS["csv-a"]
    assert by_source[f"{folder}/part-0.parquet[0]"].url == "https://x/p"  # the nested meta.url
    assert by_source[f"{folder}/dump.tsv:2"].date == "2024-01-02"

    db = tmp_path / "facts.duckdb"
    assert main(["extract", str(folder), "--db", str(db), "--url-field", "meta.url", "--workers", "1", "--quiet"]) == 0
    assert _facts_by_text(db) == txt_facts
    with duckdb.connect(str(db), read_only=True) as connection:
        urls = dict(connection.execute("SELECT source, url FROM articles").fetchall())
    assert urls[f"{folder}/part-0.parquet[0]"] == "https://x/p"


def test_json_lines_on_standard_input_give_the_facts_of_the_txt_forms(tmp_path, txt_facts):
    db = tmp_path / "piped.duckdb"
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", "-", "--db", str(db), "--workers", "1"],
        input=_jsonl(),
        capture_output=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert b"5 articles extracted" in done.stdout
    assert _facts_by_text(db) == txt_facts
    with duckdb.connect(str(db), read_only=True) as connection:
        sources = sorted(s for (s,) in connection.execute("SELECT source FROM articles").fetchall())
    assert sources == [f"<stdin>:{n}" for n in range(1, 6)]


def test_standard_input_through_main(tmp_path, monkeypatch, txt_facts):
    db = tmp_path / "main.duckdb"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(gzip.compress(_jsonl()))))
    assert main(["extract", "-", "--db", str(db), "--workers", "1", "--quiet"]) == 0  # gzip is looked into
    assert _facts_by_text(db) == txt_facts
    # one plain-text article, and a named format
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TEXTS["tsv"].encode())))
    assert main(["extract", "-", "--db", str(tmp_path / "one.duckdb"), "--workers", "1", "--quiet"]) == 0
    assert _facts_by_text(tmp_path / "one.duckdb") == {TEXTS["tsv"]: txt_facts[TEXTS["tsv"]]}
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(csv_bytes([{"text": TEXTS["gz"]}], "\t"))))
    tsv_db = tmp_path / "tsv.duckdb"
    assert main(["extract", "-", "--stdin-format", "tsv", "--db", str(tsv_db), "--workers", "1", "--quiet"]) == 0
    with duckdb.connect(str(tsv_db), read_only=True) as connection:
        assert connection.execute("SELECT source FROM articles").fetchall() == [("<stdin>:2",)]


def test_stdin_format_needs_stdin(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(article("Huế"), encoding="utf-8")
    assert main(["extract", str(tmp_path), "--stdin-format", "csv", "--db", str(tmp_path / "f.duckdb")]) == 2
    assert "standard input" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", "-", "--stdin-format", "xls", "--db", str(tmp_path / "f.duckdb")])
    assert exit_info.value.code == 2


@pytest.mark.parametrize(
    ("data", "stdin_format", "expected"),
    [
        (article("Huế").encode(), None, ["<stdin>"]),
        (b"\xef\xbb\xbf" + article("Huế").encode(), None, ["<stdin>"]),
        (_jsonl(), None, [f"<stdin>:{n}" for n in range(1, 6)]),
        (gzip.compress(article("Huế").encode()), None, ["<stdin>"]),
        (json.dumps([{"text": article("A")}, {"text": article("B")}]).encode(), None, ["<stdin>[0]", "<stdin>[1]"]),
        (
            zip_bytes({"a.txt": article("A"), "b.csv": csv_bytes([{"text": article("B")}])}),
            None,
            ["<stdin>!a.txt", "<stdin>!b.csv:2"],
        ),
        (tar_gz_bytes({"a.txt": article("A")}), None, ["<stdin>!a.txt"]),
        (csv_bytes([{"text": article("A")}, {"text": article("B")}]), "csv", ["<stdin>:2", "<stdin>:5"]),
        (gzip.compress(csv_bytes([{"text": article("A")}])), "csv", ["<stdin>:2"]),  # gzip under a named format
        (parquet_bytes({"text": [article("A"), article("B")]}), None, ["<stdin>[0]", "<stdin>[1]"]),
        (_jsonl(), "txt", ["<stdin>"]),
    ],
)
def test_stdin_formats(data, stdin_format, expected):
    articles, errors = _split(read_stdin(ReadOptions(stdin_format=stdin_format), io.BufferedReader(io.BytesIO(data))))
    assert errors == [] and [a.source for a in articles] == expected


def test_empty_stdin_and_unknown_formats_are_errors():
    (item,) = read_stdin(ReadOptions(), io.BufferedReader(io.BytesIO(b"")))
    assert isinstance(item, InputError) and (item.source, item.error_type) == ("<stdin>", "empty")
    (item,) = read_stdin(ReadOptions(stdin_format="xls"), io.BufferedReader(io.BytesIO(b"x")))
    assert isinstance(item, InputError) and item.error_type == "unsupported_type"


def test_a_malformed_row_is_an_error_and_the_other_rows_are_kept(tmp_path):
    path = tmp_path / "dump.csv"
    path.write_text(
        "id,title,text\n"
        f'1,Một,"{article("A")}"\n'  # lines 2-4
        '2,Hai,"a stray "quote" in a cell"\n'  # line 5: not valid CSV
        f'3,Ba,"{article("B")}"\n'  # lines 6-8
        f"4,Bốn,{article('C').splitlines()[-1]}\n"  # line 9: an unquoted comma makes one cell too many
        "\n"
        f'6,Sáu,"{article("D")}"\n',  # lines 11-13, after a blank line
        encoding="utf-8",
    )
    articles, errors = _split(iter_articles([str(path)]))
    assert [a.source for a in articles] == [f"{path}:2", f"{path}:6", f"{path}:11"]
    assert [a.title for a in articles] == ["Một", "Ba", "Sáu"]
    assert [(e.source, e.stage, e.error_type) for e in errors] == [
        (f"{path}:5", "record", "CSVError"),
        (f"{path}:9", "record", "WrongFieldCount"),
    ]
    db = tmp_path / "facts.duckdb"
    assert main(["extract", str(path), "--db", str(db), "--workers", "1", "--quiet"]) == 1  # some rows failed
    with duckdb.connect(str(db), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM articles").fetchone() == (3,)
        assert connection.execute("SELECT source, stage, error_type FROM errors ORDER BY source").fetchall() == [
            (f"{path}:5", "record", "CSVError"),
            (f"{path}:9", "record", "WrongFieldCount"),
        ]


def test_rows_without_text_and_tables_without_a_text_column(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_bytes(csv_bytes([{"text": article("A")}, {"text": "  "}, {"text": article("C")}]))
    articles, errors = _split(iter_articles([str(path)]))
    assert len(articles) == 2 and [(e.source, e.error_type) for e in errors] == [(f"{path}:5", "NoText")]
    other = tmp_path / "other.csv"
    other.write_bytes(csv_bytes([{"noi_dung": article("A"), "tieu_de": "T", "duong_dan": "https://x/1"}] * 3))
    (error,) = iter_articles([str(other)])  # one error for the table, not one per row
    assert isinstance(error, InputError) and (error.source, error.error_type) == (str(other), "NoTextColumn")
    options = ReadOptions().with_fields(text="noi_dung", title="tieu_de", url="duong_dan")
    articles, errors = _split(iter_articles([str(other)], options))
    assert errors == [] and [(a.title, a.url) for a in articles] == [("T", "https://x/1")] * 3
    parquet = tmp_path / "p.parquet"
    parquet.write_bytes(parquet_bytes({"noi_dung": [article("A")]}))
    (error,) = iter_articles([str(parquet)])
    assert isinstance(error, InputError) and error.error_type == "NoTextColumn"


def test_dotted_names_reach_into_parquet_structs_and_flat_csv_headers(tmp_path):
    parquet = tmp_path / "hub.parquet"
    parquet.write_bytes(
        parquet_bytes(
            {
                "meta": [{"url": "https://x/1", "body": {"text": article("A")}}, {"url": None, "body": {"text": None}}],
                "unused": ["x" * 10, "y"],
            },
            row_group_size=1,
        )
    )
    options = ReadOptions().with_fields(text="meta.body.text", url="meta.url")
    articles, errors = _split(iter_articles([str(parquet)], options))
    assert [(a.source, a.url) for a in articles] == [(f"{parquet}[0]", "https://x/1")]
    assert [(e.source, e.error_type) for e in errors] == [(f"{parquet}[1]", "NoText")]
    flat = tmp_path / "flat.csv"  # as pandas.json_normalize writes nested records
    flat.write_bytes(csv_bytes([{"meta.text": article("A"), "meta.url": "https://x/2"}]))
    (item,) = iter_articles([str(flat)], ReadOptions().with_fields(text="meta.text", url="meta.url"))
    assert isinstance(item, RawArticle) and item.url == "https://x/2"


def test_parquet_dates_and_row_groups(tmp_path):
    import datetime

    import pyarrow as pa

    parquet = tmp_path / "dates.parquet"
    parquet.write_bytes(
        parquet_bytes(
            {
                "text": [article(f"T{i}") for i in range(5)],
                "date": pa.array([datetime.date(2024, 1, i + 1) for i in range(5)]),
                "published_at": pa.array([datetime.datetime(2024, 2, 3, 8, 30)] * 5, pa.timestamp("s")),
            },
            row_group_size=2,
        )
    )
    articles, errors = _split(iter_articles([str(parquet)]))
    assert errors == [] and [a.source for a in articles] == [f"{parquet}[{i}]" for i in range(5)]
    assert [a.date for a in articles][:2] == ["2024-01-01", "2024-01-02"]
    item = next(iter_articles([str(parquet)], ReadOptions().with_fields(date="published_at")))
    assert isinstance(item, RawArticle) and item.date == "2024-02-03T08:30:00"


def test_csv_encodings_and_big_cells(tmp_path):
    text = article("Huế")
    # Excel's "Unicode text": UTF-16 with a BOM, tab-separated
    utf16 = tmp_path / "excel.tsv"
    utf16.write_bytes(csv_bytes([{"text": text}], "\t", encoding="utf-16"))
    # a whole table in Windows-1258 (tones as combining marks): each text cell is decoded as a file would be
    legacy = tmp_path / "legacy.csv"
    legacy.write_bytes(to_cp1258(csv_bytes([{"text": text}]).decode()))
    # TCVN3 font text saved as UTF-8: converted, with the warning a .txt file gets
    font = tmp_path / "font.csv"
    font.write_bytes(csv_bytes([{"text": to_tcvn3(text.lower())}]))
    # a cell over csv's default 128 KiB limit is still one article
    big = tmp_path / "big.csv"
    long_text = text + ("\n\n" + article("Gia Lai")) * 1000
    big.write_bytes(csv_bytes([{"text": long_text}, {"text": text}]))
    articles, errors = _split(iter_articles([str(utf16), str(legacy), str(font), str(big)]))
    assert errors == []
    assert [a.text for a in articles] == [text, text, text.lower(), long_text, text]
    assert [w for w, _ in articles[2].warnings] == ["legacy_encoding"]


def test_a_cell_over_the_article_limit_is_refused_alone(tmp_path):
    path = tmp_path / "dump.csv"
    path.write_bytes(csv_bytes([{"text": article("A")}, {"text": article("B") * 400}, {"text": article("C")}]))
    db = tmp_path / "facts.duckdb"
    summary = run([str(path)], db, quiet=True, workers=1, max_bytes=50_000)
    assert summary.articles == 2
    with duckdb.connect(str(db), read_only=True) as connection:
        assert connection.execute("SELECT source, error_type FROM errors").fetchall() == [(f"{path}:5", "too_large")]


def test_a_corrupt_parquet_is_one_error(tmp_path):
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"PAR1" + b"\x00" * 100)
    (item,) = iter_articles([str(bad)])
    assert isinstance(item, InputError) and item.source == str(bad)


def test_a_bad_row_after_the_first_batch_is_still_an_errors_row(tmp_path):
    # Read errors met after a batch was written used to go to a list the runner no longer wrote.
    path = tmp_path / "dump.csv"
    rows = [{"id": i, "text": article(f"T{i}", i + 2)} for i in range(5)] + [{"id": 5, "text": ""}]
    path.write_bytes(csv_bytes(rows))
    db = tmp_path / "facts.duckdb"
    summary = run([str(path)], db, quiet=True, workers=1, chunk_size=1, batch_size=2)
    assert (summary.articles, summary.errors) == (5, 1)
    with duckdb.connect(str(db), read_only=True) as connection:
        assert connection.execute("SELECT source, error_type FROM errors").fetchall() == [(f"{path}:17", "NoText")]


def test_detection_of_tables():
    assert detect("dump.csv", b"id,text\n") == "csv"
    assert detect("dump.TSV", b"id\ttext\n") == "tsv"
    assert detect("part-0", b"PAR1\x15\x04") == "parquet"  # by its magic, whatever the name
    assert detect("part-0.parquet", b"not parquet") is None
    assert detect("dump.csv.gz", b"\x1f\x8b\x08") == "gzip"
