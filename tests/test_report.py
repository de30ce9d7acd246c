"""`python -m pipeline report`: chart files, summary.md, and the rules behind the numbers."""

from __future__ import annotations

import duckdb
import pytest

from pipeline.cli import main
from pipeline.quality import report

CHARTS = ["money_by_organization.png", "money_by_year.png", "beneficiaries_by_support.png", "top_officials.png"]


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
    assert "| 2022 | 300.000.000 đồng |" in summary and "| 2023 | 8.500.000 đồng |" in summary
    assert "| Nguyễn Văn An (Chủ tịch) | 2 |" in summary


def test_figures(facts_db):
    connection = duckdb.connect(str(facts_db), read_only=True)
    result = report.gather(connection)
    connection.close()
    assert result.by_organization == {
        "Tổng Liên đoàn Lao động Việt Nam": 300_000_000,
        "Liên đoàn Lao động tỉnh Kon Tum": 8_500_000,
    }
    assert result.beneficiaries == {"Tết gifts": 19, "loans": 7, "housing": 3}
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
    "published,title,text,year",
    [
        ("2021-03-04", "Năm 2019", "2018 2018", "2021"),
        (None, "Tổng kết năm 2019", "2018 2018", "2019"),
        (None, "Tổng kết", "năm 2017, nhiệm kỳ 2017-2022, 2017", "2017"),
        (None, "Tổng kết", "từ 2013 đến 2018", "2018"),
        (None, "Tổng kết", "8.500.000 đồng cho 120 người", "unknown"),
    ],
)
def test_article_year(published, title, text, year):
    assert report.article_year(published, title, text) == year


@pytest.mark.parametrize(
    "unit,clause,kind",
    [
        ("suất quà", "trao 19 suất quà", "Tết gifts"),
        ("xuất quà", "trao 19 xuất quà", "Tết gifts"),
        ("đoàn viên", "giải quyết cho 61 nữ đoàn viên vay vốn từ Quỹ", "loans"),
        ("đoàn viên", "từ quỹ “Mái ấm công đoàn” cho 07 đoàn viên có hoàn cảnh khó khăn", "housing"),
        ("nhà", "xây 3 nhà", "housing"),
        ("CĐCS", "hỗ trợ 07 CĐCS vay vốn", None),
        ("CNVCLĐ", "Liên đoàn Lao động thành phố Kon Tum có 5.053 CNVCLĐ", None),
    ],
)
def test_support_kind(unit, clause, kind):
    assert report.support_kind(unit, clause, clause) == kind


def test_clause_around_keeps_numbers_whole():
    text = "Trao 19 suất quà, trị giá 8.500.000 đồng; cho 07 đoàn viên vay vốn. Hết."
    start = text.index("07")
    assert report.clause_around(text, start, start + 12) == " cho 07 đoàn viên vay vốn"
    start = text.index("8.500")
    assert report.clause_around(text, start, start + 9) == " trị giá 8.500.000 đồng"
