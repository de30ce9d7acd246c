"""Bodies, people and posts across the archive (spec §8), on a small archive of our own.

tests/archive/ holds six articles written for this: namesakes in two provinces (Nguyễn Văn
Hùng of Kon Tum and of Cà Mau), one person written with two spellings of one body (Trần Thị
Mai, "LĐLĐ tỉnh" and "Liên đoàn Lao động tỉnh Đồng Tháp") and one person moving from post to
post over the years, across the 2025 merger (Lê Văn Bình: Phó Chủ tịch, then Chủ tịch LĐLĐ
tỉnh Kon Tum, then Chủ tịch LĐLĐ tỉnh Quảng Ngãi). Articles are fed as JSONL records so
that they carry their dates.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from pipeline.archive import entities
from pipeline.archive.bodies import body_id
from pipeline.batch.runner import run
from pipeline.cli import main

ARCHIVE = Path(__file__).resolve().parent / "archive"
DATES = {
    "a1_kontum_2018": "2018-12-20",
    "a2_camau_2020": "2020-01-15",
    "a3_dongthap_2021": "2021-06-01",
    "a4_dongthap_2022": "2022-05-03",
    "a5_kontum_2021": "2021-09-10",
    "a6_quangngai_2026": "2026-01-20",
}
KON_TUM = "Liên đoàn Lao động tỉnh Kon Tum"


def _records(path: Path, stems: list[str], replace: dict[str, str] | None = None) -> Path:
    lines = []
    for stem in stems:
        title, _, text = (ARCHIVE / f"{stem}.txt").read_text(encoding="utf-8").partition("\n")
        for old, new in (replace or {}).items():
            text = text.replace(old, new)
        lines.append(json.dumps({"title": title, "text": text.strip(), "date": DATES[stem]}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _parts(tmp_path: Path, replace: dict[str, str] | None = None) -> tuple[Path, Path]:
    stems = sorted(DATES)
    return (
        _records(tmp_path / "part1.jsonl", stems[:3]),
        _records(tmp_path / "part2.jsonl", stems[3:], replace),
    )


def tables(db: Path) -> dict[str, list[tuple]]:
    """Every entity table and the ids on the mentions, in a stable order (articles named by their
    record, "part2.jsonl:1", since databases in different folders give them other ids)."""
    record = "regexp_extract(a.source, '[^/]+$')"
    with duckdb.connect(str(db), read_only=True) as connection:
        queries = {
            "bodies": "SELECT * FROM bodies ORDER BY body_id",
            "people": "SELECT * FROM people ORDER BY person_id",
            "posts": "SELECT * FROM posts ORDER BY ALL",
            "officials": f"SELECT {record}, name, body_id, person_id FROM officials JOIN articles a USING (article_id) "
            "ORDER BY ALL",
            "organizations": f"SELECT {record}, char_start, body_id FROM organizations JOIN articles a "
            "USING (article_id) ORDER BY ALL",
        }
        return {name: connection.execute(sql).fetchall() for name, sql in queries.items()}


@pytest.fixture(scope="module")
def one_run(tmp_path_factory) -> Path:
    tmp_path = tmp_path_factory.mktemp("one")
    db = tmp_path / "facts.duckdb"
    run([str(p) for p in _parts(tmp_path)], db, quiet=True, workers=1)
    return db


def _query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as connection:
        return connection.execute(sql, params or []).fetchall()


def test_two_runs_give_the_tables_of_one_run_and_a_rerun_adds_nothing(tmp_path, one_run):
    part1, part2 = _parts(tmp_path)
    db = tmp_path / "facts.duckdb"
    run([str(part1)], db, quiet=True, workers=1)
    first = tables(db)
    run([str(part1), str(part2)], db, quiet=True, workers=1)
    assert tables(db) == tables(one_run)
    # ids are content keys: what the first run gave is still there, unchanged
    assert set(first["organizations"]) <= set(tables(db)["organizations"])
    again = run([str(part1), str(part2)], db, quiet=True, workers=1)
    assert again.skipped == 6 and tables(db) == tables(one_run)


def test_a_pass_in_steps_gives_the_tables_of_one_pass(tmp_path, one_run, monkeypatch):
    monkeypatch.setattr(entities, "STEP", 2)  # 6 articles: three transactions
    db = tmp_path / "facts.duckdb"
    run([str(p) for p in _parts(tmp_path)], db, quiet=True, workers=1)
    assert tables(db) == tables(one_run)
    assert _query(db, "SELECT count(*) FROM entity_articles") == [(6,)]


def test_namesakes_in_two_provinces_are_two_people(one_run):
    rows = _query(one_run, "SELECT person_id, province_today FROM people WHERE name = 'Nguyễn Văn Hùng' ORDER BY 2")
    assert [province for _, province in rows] == ["Cà Mau", "Quảng Ngãi"]


def test_two_spellings_of_one_body_are_one_body_and_one_person(one_run):
    (row,) = _query(
        one_run,
        "SELECT p.articles, po.title, b.canonical, po.first_seen, po.last_seen, po.articles, b.aliases "
        "FROM people p JOIN posts po USING (person_id) JOIN bodies b USING (body_id) WHERE p.name = 'Trần Thị Mai'",
    )
    articles, title, body, first, last, post_articles, aliases = row
    assert (articles, title, body, post_articles) == (2, "Phó Chủ tịch", "Liên đoàn Lao động tỉnh Đồng Tháp", 2)
    assert (str(first), str(last)) == ("2021-06-01", "2022-05-03")
    assert {"LĐLĐ tỉnh", "Liên đoàn Lao động tỉnh Đồng Tháp"} <= set(aliases)


def test_a_person_moving_from_post_to_post_over_the_years(one_run):
    rows = _query(
        one_run,
        "SELECT po.title, b.canonical, CAST(po.first_seen AS VARCHAR), po.articles FROM people p "
        "JOIN posts po USING (person_id) JOIN bodies b USING (body_id) WHERE p.name = 'Lê Văn Bình' ORDER BY 3",
    )
    assert rows == [
        ("Phó Chủ tịch", KON_TUM, "2018-12-20", 1),
        ("Chủ tịch", KON_TUM, "2021-09-10", 1),
        # Kon Tum is part of Quảng Ngãi since 2025-07-01: the same union hierarchy, the same person
        ("Chủ tịch", "Liên đoàn Lao động tỉnh Quảng Ngãi", "2026-01-20", 1),
    ]
    ((first, last, articles),) = _query(
        one_run,
        "SELECT CAST(first_seen AS VARCHAR), CAST(last_seen AS VARCHAR), articles FROM people "
        "WHERE name = 'Lê Văn Bình'",
    )
    assert (first, last, articles) == ("2018-12-20", "2026-01-20", 3)


def test_bodies_kind_level_province_and_the_merger(one_run):
    rows = _query(
        one_run,
        "SELECT kind, level, province, province_today, parent_body_id, mentions, articles FROM bodies "
        "WHERE canonical = ?",
        [KON_TUM],
    )
    assert rows == [("union", "province", "Kon Tum", "Quảng Ngãi", None, 7, 2)]
    assert _query(one_run, "SELECT today, CAST(merged_on AS VARCHAR) FROM provinces WHERE province = 'Kon Tum'") == [
        ("Quảng Ngãi", "2025-07-01")
    ]
    # queries by today's province find the older articles' bodies too
    by_today = {row[0] for row in _query(one_run, "SELECT canonical FROM bodies WHERE province_today = 'Quảng Ngãi'")}
    assert {KON_TUM, "Liên đoàn Lao động tỉnh Quảng Ngãi"} <= by_today
    # every mention carries its body, and the body id is the hash of the canonical name
    assert _query(one_run, "SELECT count(*) FROM organizations WHERE body_id IS NULL") == [(0,)]
    ((key,),) = _query(one_run, "SELECT body_id FROM bodies WHERE canonical = ?", [KON_TUM])
    assert key == body_id(KON_TUM)


def test_the_readme_query_who_has_chaired_a_union(one_run):
    rows = _query(
        one_run,
        """SELECT p.name, min(po.first_seen) AS since, max(po.last_seen) AS last_seen
           FROM posts po JOIN people p USING (person_id) JOIN bodies b USING (body_id)
           WHERE b.canonical = 'Liên đoàn Lao động tỉnh Kon Tum' AND po.title = 'Chủ tịch'
           GROUP BY p.name ORDER BY since""",
    )
    assert [(name, str(since)) for name, since, _ in rows] == [
        ("Nguyễn Văn Hùng", "2018-12-20"),
        ("Lê Văn Bình", "2021-09-10"),
    ]


def test_re_extracting_an_article_updates_what_depended_on_it(tmp_path, one_run):
    part1, part2 = _parts(tmp_path)
    db = tmp_path / "facts.duckdb"
    run([str(part1), str(part2)], db, quiet=True, workers=1)
    # the 2022 article no longer names Trần Thị Mai; Đồng Tháp's union stays (other mentions)
    changed = _parts(tmp_path, replace={"Bà Trần Thị Mai - Phó Chủ tịch Liên đoàn Lao động tỉnh Đồng Tháp": "Ban"})[1]
    run([str(part1), str(changed)], db, quiet=True, workers=1)
    ((articles, last),) = _query(
        db,
        "SELECT p.articles, CAST(po.last_seen AS VARCHAR) FROM people p JOIN posts po USING (person_id) "
        "WHERE p.name = 'Trần Thị Mai'",
    )
    assert (articles, last) == (1, "2021-06-01")
    fresh = tmp_path / "fresh.duckdb"
    run([str(part1), str(changed)], fresh, quiet=True, workers=1)
    assert tables(db) == tables(fresh)
    assert tables(db) != tables(one_run)


def test_suspects_list_possible_merges_and_conflicting_posts(tmp_path, one_run, capsys):
    db = tmp_path / "facts.duckdb"
    extra = tmp_path / "extra.jsonl"
    extra.write_text(
        json.dumps(
            {
                "title": "Doanh nghiệp Kon Tum chăm lo cho công nhân",
                "text": "Ngày 10-9-2021, ông Nguyễn Văn Hùng, Giám đốc Công ty TNHH Minh Phát cho biết công ty "
                "tăng lương cho công nhân. Đồng chí Lê Văn Bình, Phó Chủ tịch LĐLĐ tỉnh Kon Tum dự buổi gặp mặt.",
                "date": "2021-09-10",
            },
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    run([*(str(p) for p in _parts(tmp_path)), str(extra)], db, quiet=True, workers=1)
    with duckdb.connect(str(db), read_only=True) as connection:
        found = entities.suspects(connection)
    issues = {(s.issue, s.name) for s in found}
    assert ("possible merge", "Nguyễn Văn Hùng") in issues  # the union's chair and a director, both of Kon Tum
    assert ("conflicting posts", "Lê Văn Bình") in issues  # Chủ tịch and Phó Chủ tịch on 2021-09-10
    assert main(["people", "--db", str(db), "--suspect"]) == 0
    out = capsys.readouterr().out
    assert "conflicting posts" in out and "Lê Văn Bình" in out
    assert main(["people", "--db", str(db)]) == 0
    assert "Trần Thị Mai" in capsys.readouterr().out


def test_an_official_body_is_the_mention_at_its_offsets():
    from pipeline import lexicon

    resolver = entities.Resolver(lexicon.default())
    mentions = [
        (40, 49, "LĐLĐ tỉnh", "Liên đoàn Lao động tỉnh Đồng Tháp"),
        (100, 111, "Công ty TNHH Minh Phát", "Công ty TNHH Minh Phát"),
    ]
    ctx = resolver.context("a", mentions)
    ctx.places["huyện"] = "Tuần Giáo"
    assert ctx.province == "Đồng Tháp"
    assert resolver.official_body(ctx, 20, 60, "LĐLĐ tỉnh") == "Liên đoàn Lao động tỉnh Đồng Tháp"
    assert resolver.official_body(ctx, 20, 60, "Công ty") == "Công ty TNHH Minh Phát"  # the article's one company
    assert resolver.official_body(ctx, 20, 60, "Huyện ủy") == "Huyện ủy Tuần Giáo"  # a head that carries its level
    assert resolver.official_body(ctx, 20, 60, "Bệnh viện") is None  # which one, the article does not say
    assert resolver.official_body(ctx, 20, 60, "") is None
    # organization_canonical, once the extractor gives it, wins
    assert resolver.official_body(ctx, 20, 60, "LĐLĐ tỉnh", "Liên đoàn Lao động tỉnh X") == "Liên đoàn Lao động tỉnh X"


def test_people_pairwise_score():
    from pipeline.quality.evaluate import score_people

    gold = {
        "g1": {"officials": [{"name": "Lê Văn Bình", "person": "lvb"}, {"name": "Nguyễn Văn Hùng", "person": "kt"}]},
        "g2": {"officials": [{"name": "Lê Văn Bình", "person": "lvb"}, {"name": "Nguyễn Văn Hùng", "person": "cm"}]},
        "g3": {"officials": [{"name": "Trần Thị Mai"}]},  # says nothing of who she is: not scored
    }
    perfect = {
        "g1": {"lê văn bình": "p1", "nguyễn văn hùng": "p2"},
        "g2": {"lê văn bình": "p1", "nguyễn văn hùng": "p3"},
    }
    score = score_people(gold, perfect)
    assert (score.tp, score.fp, score.fn, score.f1) == (1, 0, 0, 1.0)
    merged = {"g1": {"lê văn bình": "p1", "nguyễn văn hùng": "p2"}, "g2": {"nguyễn văn hùng": "p2"}}
    score = score_people(gold, merged)  # namesakes made one, and Lê Văn Bình missed in g2
    assert (score.tp, score.fp, score.fn) == (0, 1, 1)


def test_review_has_a_page_section_per_person_and_body_linked_from_the_articles(tmp_path, one_run):
    from pipeline.quality import review

    out = tmp_path / "review.html"
    review.write_review(one_run, out)
    people = (tmp_path / "review_files" / "people.html").read_text(encoding="utf-8")
    bodies = (tmp_path / "review_files" / "bodies.html").read_text(encoding="utf-8")
    with duckdb.connect(str(one_run), read_only=True) as connection:
        person_ids = [row[0] for row in connection.execute("SELECT person_id FROM people").fetchall()]
        body_ids = [row[0] for row in connection.execute("SELECT body_id FROM bodies").fetchall()]
    assert all(f'id="p-{p}"' in people for p in person_ids)
    assert all(f'id="b-{b}"' in bodies for b in body_ids)
    # Lê Văn Bình's section lists his three posts; Kon Tum's union its money and chairs
    section = people.split(f'id="p-{person_ids[0]}"')[1].split("</section>")[0]
    assert "<h2>" in section
    kon_tum = bodies.split(f'id="b-{body_id(KON_TUM)}"')[1].split("</section>")[0]
    assert "Lê Văn Bình" in kon_tum and "Nguyễn Văn Hùng" in kon_tum and "60.000.000" in kon_tum
    page = out.read_text(encoding="utf-8")
    assert f"review_files/bodies.html#b-{body_id(KON_TUM)}" in page and "review_files/people.html#p-" in page
    assert "../review.html#a-" in people  # and back to the articles


def test_the_bodies_lexicon_is_typed(tmp_path):
    import shutil

    from pipeline.lexicon import DEFAULT_RULES_DIR, Lexicon, LexiconError

    rules = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, rules)
    path = rules / "bodies" / "lexicon.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  fund: [", "  funds: ["), encoding="utf-8")
    with pytest.raises(LexiconError, match=r"bodies/lexicon\.yaml:\d+: kinds\.funds"):
        Lexicon(rules).section("bodies/lexicon")


def test_a_failing_archive_pass_is_an_error_row_and_the_facts_stay(tmp_path, monkeypatch):
    part1, _ = _parts(tmp_path)
    db = tmp_path / "facts.duckdb"

    def broken(connection, lexicon=None, limit=None):
        raise RuntimeError("resolver broke")

    monkeypatch.setattr(entities, "resolve", broken)
    summary = run([str(part1)], db, quiet=True, workers=1)
    assert summary.errors == 1 and summary.articles == 3
    assert _query(db, "SELECT stage, error_type, message FROM errors") == [
        ("archive", "RuntimeError", "resolver broke")
    ]
    monkeypatch.undo()
    again = run([str(part1)], db, quiet=True, workers=1)  # nothing to extract; the pass runs and succeeds
    assert again.errors == 0 and again.skipped == 3
    assert _query(db, "SELECT count(*) FROM errors") == [(0,)]
    assert _query(db, "SELECT count(*) FROM people") == [(4,)]
