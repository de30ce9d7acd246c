"""The `extract` job: every format end to end, incremental re-runs, --force, and parallel == serial."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
from archive_fixtures import article, build_mixed, jsonl_gz

from pipeline.batch import store
from pipeline.batch.runner import run
from pipeline.cli import main
from pipeline.ingest import InputError, iter_articles

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "articles"


def _facts(db: Path) -> dict:
    connection = store.connect(db, read_only=True)
    try:
        return store.load_facts(connection)
    finally:
        connection.close()


def _articles(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as connection:
        return connection.execute(
            "SELECT article_id, source, title, text, url, published, content_hash FROM articles ORDER BY article_id"
        ).fetchall()


def test_mixed_archive_extracts_fully(tmp_path):
    expected = build_mixed(tmp_path / "in")
    db = tmp_path / "facts.duckdb"
    summary = run([str(tmp_path / "in")], db, quiet=True, workers=1)
    assert summary.errors == 0, summary.error_messages
    assert summary.articles == sum(expected.values())
    rows = _articles(db)
    assert len(rows) == summary.articles
    sources = {row[1] for row in rows}
    assert f"{tmp_path}/in/bundle.zip!dir/a.html" in sources
    assert {f"{tmp_path}/in/table.csv:2", f"{tmp_path}/in/part-0.parquet[1]", f"{tmp_path}/in/table.tsv:2"} <= sources
    facts = _facts(db)
    assert all(f.money for f in facts.values()), "every article states an amount of money"
    assert summary.facts > summary.articles
    # pages are parsed by the workers, yet keep the ids and URLs the reader gives them
    urls = {row[1].rsplit("/", 1)[-1]: row[4] for row in rows}
    assert urls["page.html"] == "https://tin.example/nghe-an.html"
    assert {row[0] for row in rows} == {a.article_id for a in iter_articles([str(tmp_path / "in")])}
    again = run([str(tmp_path / "in")], db, quiet=True, workers=2)
    assert (again.articles, again.skipped, again.errors) == (0, summary.articles, 0)


def test_incremental_skip_and_force(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    for index, place in enumerate(["Huế", "Hà Tĩnh", "Gia Lai"]):
        (source / f"{index}.txt").write_text(article(place, index + 2), encoding="utf-8")
    db = tmp_path / "facts.duckdb"
    first = run([str(source)], db, quiet=True, workers=1)
    assert (first.articles, first.skipped) == (3, 0)
    again = run([str(source)], db, quiet=True, workers=1)
    assert (again.articles, again.skipped, again.facts) == (0, 3, 0)
    (source / "1.txt").write_text(article("Hà Tĩnh", 99), encoding="utf-8")
    changed = run([str(source)], db, quiet=True, workers=1)
    assert (changed.articles, changed.skipped) == (1, 2)
    forced = run([str(source)], db, quiet=True, workers=1, force=True)
    assert (forced.articles, forced.skipped) == (3, 0)
    assert len(_articles(db)) == 3  # re-runs replace, never duplicate
    counts = {f.value for facts in _facts(db).values() for f in facts.counts}
    assert 99 in counts and 3 not in counts


def test_workers_2_equals_workers_1(tmp_path):
    records = [{"text": article(f"Tỉnh {i}", i + 1, i % 9 + 1), "url": f"https://x/{i}"} for i in range(60)]
    records += [
        {"text": path.read_text(encoding="utf-8"), "url": f"https://corpus/{path.stem}"}
        for path in sorted(CORPUS.glob("*.txt"))
    ]
    archive = tmp_path / "archive.jsonl.gz"
    archive.write_bytes(jsonl_gz(records))
    serial = run([str(archive)], tmp_path / "one.duckdb", quiet=True, workers=1)
    parallel = run([str(archive)], tmp_path / "two.duckdb", quiet=True, workers=2, chunk_size=4)
    assert (serial.articles, serial.facts) == (parallel.articles, parallel.facts) == (len(records), serial.facts)
    assert _facts(tmp_path / "one.duckdb") == _facts(tmp_path / "two.duckdb")
    assert _articles(tmp_path / "one.duckdb") == _articles(tmp_path / "two.duckdb")


def test_input_errors_are_counted_and_kept(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": article("Huế")}) + "\n{broken\n", encoding="utf-8")
    truncated = tmp_path / "cut.jsonl.gz"
    truncated.write_bytes(jsonl_gz([{"text": article("A")}] * 50)[:60])
    summary = run([str(bad), str(truncated)], tmp_path / "f.duckdb", quiet=True, workers=1)
    assert summary.articles == 1
    assert summary.errors == 2 == len(summary.input_errors)
    assert all(isinstance(e, InputError) for e in summary.input_errors)
    assert [e.source for e in summary.input_errors] == [f"{bad}:2", str(truncated)]


def test_pages_without_text_are_errors(tmp_path):
    (tmp_path / "empty.html").write_text("<html><body><script>x()</script></body></html>", encoding="utf-8")
    (tmp_path / "ok.txt").write_text(article("Huế"), encoding="utf-8")
    summary = run([str(tmp_path)], tmp_path / "f.duckdb", quiet=True, workers=2)
    assert summary.articles == 1
    assert [(e.source, e.stage, e.error_type) for e in summary.input_errors] == [
        (str(tmp_path / "empty.html"), "html", "NoMainText"),
    ]


def test_duplicate_urls_in_one_archive(tmp_path):
    archive = tmp_path / "dup.jsonl"
    archive.write_text(
        "\n".join(json.dumps({"text": article("Huế", n), "url": "https://x/same"}) for n in (2, 3)) + "\n",
        encoding="utf-8",
    )
    summary = run([str(archive)], tmp_path / "f.duckdb", quiet=True, workers=1)
    assert summary.errors == 0
    (facts,) = _facts(tmp_path / "f.duckdb").values()
    assert 3 in {c.value for c in facts.counts}  # the last copy wins


def test_cli_options(tmp_path, capsys):
    data = tmp_path / "custom.jsonl"
    data.write_text(json.dumps({"noi_dung": article("Huế"), "duong_dan": "https://x/hue"}) + "\n", encoding="utf-8")
    db = tmp_path / "f.duckdb"
    assert (
        main(
            [
                "extract",
                str(data),
                "--db",
                str(db),
                "--workers",
                "1",
                "--text-field",
                "noi_dung",
                "--url-field",
                "duong_dan",
            ]
        )
        == 0
    )
    assert "1 articles extracted" in capsys.readouterr().out
    assert _articles(db)[0][4] == "https://x/hue"
    assert main(["extract", str(data), "--db", str(db), "--quiet"]) == 1  # no text under the default names
    assert capsys.readouterr().out == ""
