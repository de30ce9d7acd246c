"""`python -m pipeline diff`: databases and golden directories, text and JSON, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline.batch import store
from pipeline.cli import main
from pipeline.quality import diff


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["diff", *map(str, args)])
    return code, capsys.readouterr().out


def _changed_copy(facts_db: Path, tmp_path: Path) -> Path:
    """A copy with one count changed, one money fact removed and one percent added."""
    changed = tmp_path / "changed.duckdb"
    shutil.copy(facts_db, changed)
    connection = duckdb.connect(str(changed))
    connection.execute("UPDATE counts SET unit = 'suất quà Tết' WHERE article_id = 'id-tin-a'")
    connection.execute("DELETE FROM money WHERE article_id = 'id-tin-b'")
    connection.execute("INSERT INTO percents VALUES ('id-tin-c', 10.0, '', '10%', 0, 3, '', 'percents.new')")
    connection.close()
    return changed


def _goldens(facts_db: Path, directory: Path) -> Path:
    """Golden files as pipeline/goldens.py writes them, named after each article's source stem."""
    directory.mkdir()
    connection = store.connect(facts_db, read_only=True)
    sources = store.article_sources(connection)
    for article_id, facts in store.load_facts(connection).items():
        path = directory / f"{Path(sources[article_id]).stem}.json"
        path.write_text(json.dumps(diff.record(facts), ensure_ascii=False, indent=1), encoding="utf-8")
    connection.close()
    return directory


def test_equal_databases_exit_0(facts_db, tmp_path, capsys):
    copy = tmp_path / "copy.duckdb"
    shutil.copy(facts_db, copy)
    code, out = _run(capsys, facts_db, copy)
    assert code == 0
    assert "no differences" in out


def test_changed_database_lists_added_removed_changed(facts_db, tmp_path, capsys):
    code, out = _run(capsys, facts_db, _changed_copy(facts_db, tmp_path))
    assert code == 1
    assert "~ counts: '19 suất quà'" in out and "unit='suất quà Tết'" in out
    assert "- money: '300 triệu đồng'" in out
    assert "+ percents: '10%'" in out
    summary = out[out.index("kind ") :]
    assert [line.split() for line in summary.splitlines() if line.startswith(("money", "counts", "percents"))] == [
        ["money", "3", "2", "0", "1", "0"],
        ["counts", "3", "3", "0", "0", "1"],
        ["percents", "1", "2", "1", "0", "0"],
    ]


def test_json_format(facts_db, tmp_path, capsys):
    code, out = _run(capsys, facts_db, _changed_copy(facts_db, tmp_path), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["equal"] is False
    assert data["summary"]["counts"]["changed"] == 1
    assert {a["article"] for a in data["articles"]} == {"id-tin-a", "id-tin-b", "id-tin-c"}
    kinds = {(c["kind"], c["change"]) for a in data["articles"] for c in a["changes"]}
    assert kinds == {("counts", "changed"), ("money", "removed"), ("percents", "added")}


def test_golden_directory_against_database(facts_db, tmp_path, capsys):
    goldens = _goldens(facts_db, tmp_path / "goldens")
    assert _run(capsys, goldens, facts_db)[0] == 0
    (goldens / "tin-c.json").unlink()
    code, out = _run(capsys, goldens, _changed_copy(facts_db, tmp_path))
    assert code == 1
    assert "tin-a:" in out and "tin-c (only in new):" in out


def test_usage_errors_exit_2(facts_db, tmp_path, capsys):
    assert _run(capsys, facts_db, tmp_path / "missing.duckdb")[0] == 2
    (tmp_path / "empty").mkdir()
    assert _run(capsys, tmp_path / "empty", facts_db)[0] == 2
    (tmp_path / "junk.duckdb").write_text("not a database")
    assert _run(capsys, tmp_path / "junk.duckdb", facts_db)[0] == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["diff", str(facts_db)])
    assert exit_info.value.code == 2


def test_same_span_twice_is_not_lost():
    fact = {"char_start": 0, "char_end": 3, "text": "abc", "name": "A", "canonical": "A", "rule": "r"}
    changes = diff.diff_records({"organizations": [fact]}, {"organizations": [fact, dict(fact, canonical="B")]})
    assert [(c["change"], c["new"]["canonical"]) for c in changes] == [("added", "B")]
