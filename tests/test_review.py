"""`python -m pipeline review`: escaping, highlights, pagination, and the page as a browser shows it.

The browser tests open the written file in headless Chromium and read back the
DOM after the page's own script ran. They are skipped when Chromium is absent,
except under CI (CI set), where .ci/run installs it and they must run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest
from conftest import SCRIPT, build_db

from pipeline.cli import main
from pipeline.models import FACT_KINDS
from pipeline.quality import review

ESCAPED_SCRIPT = "&lt;script&gt;window.__pwned=1&lt;/script&gt;"


class Page(HTMLParser):
    """What a test needs from a review page: articles, their marks and fact rows, list rows."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.root: dict[str, str | None] = {}
        self.sections: list[dict] = []
        self.rows: list[dict[str, str | None]] = []
        self.scripts = 0
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.root = attributes
        elif tag == "script":
            self.scripts += 1
        elif tag == "section" and "article" in (attributes.get("class") or ""):
            self.sections.append({**attributes, "marks": [], "fact_rows": []})
        elif tag == "mark" and self.sections:
            self.sections[-1]["marks"].append(attributes)
        elif tag == "tr" and attributes.get("data-kind") and self.sections:
            self.sections[-1]["fact_rows"].append(attributes)
        elif tag == "tr" and attributes.get("class") == "row":
            self.rows.append(attributes)

    def section(self, article_id: str) -> dict:
        return next(s for s in self.sections if s["id"] == f"a-{article_id}")


def _db_facts(db: Path) -> dict[str, dict[str, int]]:
    """article_id -> kind -> number of facts, from the database."""
    connection = duckdb.connect(str(db), read_only=True)
    result: dict[str, dict[str, int]] = {}
    for kind in FACT_KINDS:
        for article_id, number in connection.execute(f"SELECT article_id, count(*) FROM {kind} GROUP BY 1").fetchall():
            result.setdefault(article_id, {})[kind] = number
    connection.close()
    return result


def _marked_facts(section: dict) -> dict[str, set[str]]:
    """kind -> ids of the facts that some mark in the section highlights."""
    marked: dict[str, set[str]] = {}
    for fact_row in section["fact_rows"]:
        fact_id = fact_row["id"].rsplit("-", 1)[1]
        if any(fact_id in (mark.get("data-facts") or "").split() for mark in section["marks"]):
            marked.setdefault(fact_row["data-kind"], set()).add(fact_id)
    return marked


def test_article_text_is_escaped(facts_db, tmp_path):
    out = tmp_path / "review.html"
    assert main(["review", "--db", str(facts_db), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert SCRIPT not in text and ESCAPED_SCRIPT in text
    assert "<b>đậm</b>" not in text and "&lt;b&gt;đậm&lt;/b&gt;" in text
    assert Page(text).scripts == 1  # the page's own, nothing from an article
    assert "http://" not in text and "https://" not in text  # nothing to fetch


def test_usage_errors_exit_2(tmp_path):
    junk = tmp_path / "junk.duckdb"
    junk.write_text("not a database")
    assert main(["review", "--db", str(tmp_path / "missing.duckdb"), "--out", str(tmp_path / "r.html")]) == 2
    assert main(["review", "--db", str(junk), "--out", str(tmp_path / "r.html")]) == 2


def test_every_fact_is_highlighted_and_listed(facts_db, tmp_path):
    out = tmp_path / "review.html"
    review.write_review(facts_db, out)
    page = Page(out.read_text(encoding="utf-8"))
    expected = _db_facts(facts_db)
    assert len(page.sections) == 3 and len(page.rows) == 3
    for article_id, kinds in expected.items():
        section = page.section(article_id)
        assert {k: len(v) for k, v in _marked_facts(section).items()} == kinds
        hover = " ".join(mark["title"] or "" for mark in section["marks"])
        assert "rule " in hover
    assert "Liên đoàn Lao động tỉnh Kon Tum" in page.section("id-tin-a")["marks"][0]["title"]


def test_large_archive_is_paginated(tmp_path):
    db = build_db(tmp_path / "facts.duckdb")
    connection = duckdb.connect(str(db))
    # 450 articles: the 3 samples copied 150 times under new ids, facts and all.
    connection.execute(
        "INSERT INTO articles SELECT article_id || '-' || i, replace(source, '.txt', '-' || i || '.txt'), title, text, "
        "url, published, content_hash, pipeline_version, processed_at FROM articles, range(1, 150) t(i)"
    )
    for kind in FACT_KINDS:
        columns = [row[0] for row in connection.execute(f"DESCRIBE {kind}").fetchall()][1:]
        quoted = ", ".join(f'"{c}"' for c in columns)
        connection.execute(
            f"INSERT INTO {kind} SELECT article_id || '-' || i, {quoted} FROM {kind}, range(1, 150) t(i)"
        )
    connection.close()
    out = tmp_path / "site" / "review.html"
    summary = review.write_review(db, out, page_size=200)  # its time: bench/review_10k.py
    assert summary.articles == 450 and summary.pages == 3
    pages = sorted((out.parent / "review_files").glob("page-*.html"))
    assert [p.name for p in pages] == ["page-0001.html", "page-0002.html", "page-0003.html"]
    index = Page(out.read_text(encoding="utf-8"))
    assert len(index.rows) == 450 and not index.sections
    assert sum(len(Page(p.read_text(encoding="utf-8")).sections) for p in pages) == 450
    # A smaller archive later leaves no stale pages behind.
    assert review.write_review(db, out, page_size=300).pages == 2
    assert len(list((out.parent / "review_files").glob("page-*.html"))) == 2


def test_review_of_a_real_extraction(tmp_path):
    """Through `extract`: whatever facts the extractors find, each is highlighted and the text escaped."""
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "script.txt").write_text(
        f"Trao quà Tết\n\nLĐLĐ thành phố đã trao 19 suất quà với tổng số tiền 8.500.000đ cho công nhân. {SCRIPT}\n",
        encoding="utf-8",
    )
    db = tmp_path / "facts.duckdb"
    assert main(["extract", str(articles), "--db", str(db), "--quiet"]) == 0
    out = tmp_path / "review.html"
    review.write_review(db, out)
    text = out.read_text(encoding="utf-8")
    assert ESCAPED_SCRIPT in text and SCRIPT not in text
    expected = _db_facts(db)
    for section in Page(text).sections:
        article_id = section["id"][2:]
        assert {k: len(v) for k, v in _marked_facts(section).items()} == expected.get(article_id, {})


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if path := shutil.which(name):
            return path
    if os.environ.get("CI"):
        pytest.fail("chromium is required under CI (.ci/run installs it)")
    pytest.skip("chromium is not installed")


def _dump_dom(url: str, profile: Path) -> Page:
    command = [
        _chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--dump-dom",
        url,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    page = Page(result.stdout)
    assert page.root.get("data-ready") == "1", "the page's own script did not run"
    assert "data-pwned" not in page.root, "a script from an article ran"
    return page


def test_in_browser_filter_search_and_no_injected_script(facts_db, tmp_path):
    out = tmp_path / "review.html"
    review.write_review(facts_db, out)
    url = out.as_uri()
    expected = _db_facts(facts_db)

    everything = _dump_dom(url, tmp_path / "profile")
    for article_id, kinds in expected.items():
        section = everything.section(article_id)
        assert not section.get("hidden")
        assert {k: len(v) for k, v in _marked_facts(section).items()} == kinds
        assert all(mark["class"] != "off" for mark in section["marks"])

    money = _dump_dom(url + "?kind=money", tmp_path / "profile")
    assert money.root.get("data-kind") == "money"
    for section in money.sections:
        lit = [mark for mark in section["marks"] if mark["class"] != "off"]
        assert lit and all(mark["class"] == "k-money" for mark in lit)
        assert len(lit) == expected[section["id"][2:]]["money"]
        assert all(row.get("hidden") is not None for row in section["fact_rows"] if row["data-kind"] != "money")
        assert all(row.get("hidden") is None for row in section["fact_rows"] if row["data-kind"] == "money")

    percents = _dump_dom(url + "?kind=percents", tmp_path / "profile")
    shown = [s["id"] for s in percents.sections if s.get("hidden") is None]
    assert shown == ["a-id-tin-a"]

    # Search folds accents: "tran thi binh" finds "Trần Thị Bình"; the injected text shows as text.
    search = _dump_dom(url + "?q=tran%20thi%20binh", tmp_path / "profile")
    assert [s["id"] for s in search.sections if s.get("hidden") is None] == ["a-id-tin-b"]
    assert [r for r in search.rows if r.get("hidden") is None][0]["data-names"].startswith("Công đoàn Việt Nam")


def test_in_browser_paginated_index(facts_db, tmp_path):
    out = tmp_path / "review.html"
    assert review.write_review(facts_db, out, page_size=2).pages == 2
    index = _dump_dom(out.as_uri() + "?q=kon%20tum", tmp_path / "profile")
    assert [r.get("hidden") is None for r in index.rows] == [True, False, False]
    page = _dump_dom((tmp_path / "review_files" / "page-0002.html").as_uri() + "?kind=money", tmp_path / "profile")
    assert [s["id"] for s in page.sections] == ["a-id-tin-c"]


def test_money_shows_its_links_and_names_the_facts_they_link(facts_db, tmp_path):
    out = tmp_path / "review.html"
    review.write_review(facts_db, out)
    section = Page(out.read_text(encoding="utf-8")).section("id-tin-a")
    rows = {row["data-fact"]: row for row in section["fact_rows"]}
    (money,) = [row for row in rows.values() if row["data-kind"] == "money"]
    linked = [rows[fact] for fact in money["data-links"].split()]
    # the 19 gifts it was given as, and the three mentions of the LĐLĐ that gave it
    assert sorted(row["data-kind"] for row in linked) == ["counts", "organizations", "organizations", "organizations"]
    hover = next(mark["title"] for mark in section["marks"] if money["data-fact"] in mark["data-facts"].split())
    assert "giver Liên đoàn Lao động tỉnh Kon Tum" in hover and "recipients 19 suất quà" in hover
    assert "purpose gift" in hover and "date 2023-01-20" in hover


def test_in_browser_a_money_fact_outlines_its_links(facts_db, tmp_path):
    out = tmp_path / "review.html"
    review.write_review(facts_db, out)
    section = Page(out.read_text(encoding="utf-8")).section("id-tin-a")
    money = next(row for row in section["fact_rows"] if row["data-kind"] == "money")
    shown = _dump_dom(f"{out.as_uri()}?show=id-tin-a/{money['data-fact']}", tmp_path / "profile").section("id-tin-a")
    outlined = {row["data-fact"] for row in shown["fact_rows"] if row.get("data-linked")}
    assert outlined == set(money["data-links"].split())
    assert sum(1 for mark in shown["marks"] if mark.get("data-linked")) >= 4  # the count and three mentions
    assert all(
        not row.get("data-linked") for row in shown["fact_rows"] if row["data-kind"] in ("officials", "percents")
    )
