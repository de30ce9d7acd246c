"""The command line end to end on the two real seed articles."""

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus" / "articles").glob("00*.txt"))


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seeds")
    for seed in SEEDS:
        shutil.copy(seed, folder / seed.name)
    db = folder / "facts.duckdb"
    assert main(["extract", str(folder), "--db", str(db), "--quiet"]) == 0
    return folder, db


def rows(db, sql):
    with duckdb.connect(str(db), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def test_seed_money_is_complete(seed_db):
    _, db = seed_db
    amounts = sorted(value for (value,) in rows(db, "SELECT amount_vnd FROM money"))
    assert amounts == sorted(
        [8500000, 300000000, 370000000, 100000000, 230000000, 216120000, 1215766000, 828800000, 14237098350]
    )


def test_seed_counts_and_non_counts(seed_db):
    _, db = seed_db
    found = {(value, unit) for value, unit in rows(db, "SELECT value, unit FROM counts")}
    for expected in [(19, "xuất quà"), (176, "lượt đoàn viên"), (7, "CĐCS"), (5053, "CNVCLĐ"), (61, "nữ đoàn viên")]:
        assert expected in found
    values = {value for value, _ in found}
    assert not values & {2017, 15, 585, 120, 90, 2018, 2013, 2023}, "years, ordinals, page furniture, names, percents"


def test_seed_officials(seed_db):
    _, db = seed_db
    officials = {name: (title, org) for name, title, org in rows(db, "SELECT name, title, organization FROM officials")}
    assert officials == {
        "Vũ Thị Kim Quỳnh": ("Chủ tịch", "LĐLĐ thành phố"),
        "Nghiêm Xuân Bang": ("Phó Chủ tịch", "LĐLĐ tỉnh Kon Tum"),
        "Trần Thị Thúy Hằng": ("Phó Chủ tịch", "LĐLĐ Thành phố Kon Tum"),
    }


def test_seed_organizations_are_canonical(seed_db):
    _, db = seed_db
    canonicals = {c for (c,) in rows(db, "SELECT DISTINCT canonical FROM organizations")}
    assert {
        "Liên đoàn Lao động thành phố Bắc Kạn",
        "Liên đoàn Lao động thành phố Kon Tum",
        "Liên đoàn Lao động tỉnh Kon Tum",
        "Quỹ Mái ấm công đoàn",
    } <= canonicals


def test_offsets_slice_the_stored_text(seed_db):
    _, db = seed_db
    bad = rows(
        db,
        "SELECT f.kind, f.text FROM facts f JOIN articles a USING (article_id) "
        "WHERE substr(a.text, f.char_start + 1, f.char_end - f.char_start) <> f.text",
    )
    assert bad == []


def test_rerun_skips_and_force_replaces_without_duplicates(seed_db, capsys):
    folder, db = seed_db
    before = rows(db, "SELECT kind, count(*) FROM facts GROUP BY kind ORDER BY kind")
    assert main(["extract", str(folder), "--db", str(db)]) == 0
    assert "2 unchanged and skipped" in capsys.readouterr().out
    assert main(["extract", str(folder), "--db", str(db), "--force", "--quiet"]) == 0
    assert rows(db, "SELECT kind, count(*) FROM facts GROUP BY kind ORDER BY kind") == before
    assert rows(db, "SELECT count(*) FROM articles") == [(2,)]


def test_query_prints_an_aligned_table(seed_db, capsys):
    _, db = seed_db
    assert main(["query", "SELECT count(*) AS n FROM money", "--db", str(db)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].strip() == "n" and out[2].strip() == "9"


def test_evaluate_against_seed_gold(seed_db, capsys, tmp_path):
    _, db = seed_db
    for seed in SEEDS:
        shutil.copy(ROOT / "corpus" / "gold" / f"{seed.stem}.json", tmp_path)
    assert main(["evaluate", str(tmp_path), "--db", str(db), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["kinds"]["money"]["f1"] == 1.0
    assert report["kinds"]["officials"]["f1"] == 1.0


def test_missing_input_is_a_usage_error(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "nope"), "--db", str(tmp_path / "x.duckdb")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_python_api_returns_typed_facts():
    from pipeline import Money, extract

    facts = extract("Công đoàn trao 19 suất quà, mỗi suất trị giá 500.000 đồng.")
    assert isinstance(facts.money[0], Money)
    assert (facts.money[0].amount_vnd, facts.money[0].per_unit) == (500000, True)
    assert facts.counts[0].value == 19
