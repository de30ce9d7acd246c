"""`python -m pipeline report`: chart files, summary.md, and the rules behind the numbers."""

from __future__ import annotations

import duckdb
import pytest

from pipeline.cli import main
from pipeline.quality import report

CHARTS = ["money_by_giver.png", "money_by_purpose_year.png", "beneficiaries_by_purpose.png", "top_officials.png"]


def test_report_writes_charts_and_summary(facts_db, tmp_path):
    out = tmp_path / "report"
    assert main(["report", "--db", str(facts_db), "--out", str(out)]) == 0
    for name in CHARTS:
        assert (out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    summary = (out / "summary.md").read_text(encoding="utf-8")
    for name in CHARTS:
        assert f"]({name})" in summary
    # 8.5 million + 300 million; the per-unit 50 million is a rate and is left out.
    assert "308.500.000 đồng in 2 amounts (1 per-unit" in summary
    assert "| Tổng Liên đoàn Lao động Việt Nam | 300.000.000 đồng |" in summary
    # years come from each amount's own date; purposes are the links lexicon's
    assert "| year | loan | gift | total |" in summary
    assert "| 2022 | 300.000.000 đồng | 0 đồng | 300.000.000 đồng |" in summary
    assert "| 2023 | 0 đồng | 8.500.000 đồng | 8.500.000 đồng |" in summary
    assert "| Nguyễn Văn An (Chủ tịch) | 2 |" in summary


def test_figures(facts_db):
    connection = duckdb.connect(str(facts_db), read_only=True)
    result = report.gather(connection)
    connection.close()
    assert result.by_giver == {
        "Tổng Liên đoàn Lao động Việt Nam": 300_000_000,
        "Liên đoàn Lao động tỉnh Kon Tum": 8_500_000,
    }
    assert result.by_year == {"2022": 300_000_000, "2023": 8_500_000}
    # the per-unit house money is a rate, but its 3 houses are beneficiaries
    assert result.beneficiaries == {"gift": 19, "loan": 7, "housing": 3}
    assert result.officials.most_common(1) == [("Nguyễn Văn An", 2)]


def test_empty_database_still_reports(tmp_path):
    from pipeline.batch import store

    db = tmp_path / "empty.duckdb"
    store.connect(db).close()
    assert main(["report", "--db", str(db), "--out", str(tmp_path / "r")]) == 0
    assert all((tmp_path / "r" / name).exists() for name in CHARTS)


def test_missing_database_is_a_usage_error(tmp_path):
    assert main(["report", "--db", str(tmp_path / "nope.duckdb"), "--out", str(tmp_path / "r")]) == 2


@pytest.mark.parametrize(
    "date,year",
    [("2021-03-04", "2021"), (None, "unknown"), ("", "unknown")],
)
def test_money_year_is_the_amounts_own(date, year):
    assert report.money_year(date) == year


def test_report_purposes_are_the_links_lexicons():
    from pipeline import lexicon
    from pipeline.extractors.links import purposes

    assert report.purpose_order()[:-1] == list(purposes(lexicon.default()))
    assert not (lexicon.DEFAULT_RULES_DIR / "report" / "support_kinds.yaml").exists()


def test_unstated_giver_and_unknown_year(tmp_path):
    from pipeline.batch import store
    from pipeline.models import Article, ArticleFacts, Money

    db = tmp_path / "links.duckdb"
    connection = store.connect(db)
    text = "Tổng kinh phí 20 triệu đồng."
    money = Money(text="20 triệu đồng", char_start=14, char_end=27, amount_vnd=20_000_000, purpose="program")
    store.write_batch(
        connection,
        [(Article(article_id="a", source="a.txt", text=text), ArticleFacts(article_id="a", money=[money]), "h", "v")],
    )
    result = report.gather(connection)
    connection.close()
    assert result.by_giver == {report.NO_GIVER: 20_000_000}
    assert result.by_year_purpose == {"unknown": {"program": 20_000_000}}
