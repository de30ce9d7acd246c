"""A small facts database built straight through the storage schema, for diff, review and report tests.

The facts are written by hand (not by the extractors, which change under other
engineers' work) so that these tests depend on the schema only.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from pipeline.batch import store
from pipeline.models import Article, ArticleFacts, Count, Money, Official, Organization, Percent

# Under CI the property tests draw the same examples every run, so a landing never depends on
# luck; locally they explore new ones each time (a 4,000-example run found nothing).
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

SCRIPT = "<script>window.__pwned=1</script>"

TEXTS = {
    "tin-a": (
        "LĐLĐ tỉnh Kon Tum trao quà Tết năm 2023\n\n"
        "LĐLĐ tỉnh Kon Tum đã trao 19 suất quà Tết với tổng số tiền 8.500.000 đồng cho công nhân. "
        "Ông Nguyễn Văn An, Chủ tịch LĐLĐ tỉnh Kon Tum, phát biểu. Tỷ lệ đoàn viên đạt 95%."
    ),
    "tin-b": (
        "Tin có mã độc <b>đậm</b> & chữ\n\n"
        f"Bài cào về có chèn {SCRIPT} vào giữa. Công đoàn Việt Nam đã giải quyết cho 07 đoàn viên vay vốn "
        "với số tiền 300 triệu đồng. Bà Trần Thị Bình, Phó Chủ tịch Công đoàn Việt Nam, cho biết."
    ),
    "tin-c": (
        "Mái ấm công đoàn\n\n"
        "Công đoàn ngành Y tế hỗ trợ xây 3 nhà Mái ấm công đoàn, mỗi nhà 50 triệu đồng. "
        "Ông Nguyễn Văn An dự lễ bàn giao."
    ),
}
PUBLISHED = {"tin-b": "2022-05-01"}


def _span(text: str, surface: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    sentence_start = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    sentence_end = text.find(". ", start)
    sentence = text[sentence_start : sentence_end + 1 if sentence_end != -1 else len(text)]
    return {"text": surface, "char_start": start, "char_end": start + len(surface), "sentence": sentence}


def _facts(stem: str, text: str) -> ArticleFacts:
    facts = ArticleFacts(article_id=stem)
    if stem == "tin-a":
        facts.money = [
            Money(
                **_span(text, "8.500.000 đồng"),
                amount_vnd=8_500_000,
                rule="money.test",
                giver="Liên đoàn Lao động tỉnh Kon Tum",
                recipients_value=19,
                recipients_unit="suất quà",
                purpose="gift",
                date="2023-01-20",
            )
        ]
        facts.counts = [Count(**_span(text, "19 suất quà"), value=19, unit="suất quà", rule="counts.test")]
        facts.officials = [
            Official(
                **_span(text, "Ông Nguyễn Văn An, Chủ tịch LĐLĐ tỉnh Kon Tum"),
                name="Nguyễn Văn An",
                title="Chủ tịch",
                organization="Liên đoàn Lao động tỉnh Kon Tum",
                rule="officials.test",
            )
        ]
        facts.organizations = [
            Organization(
                **_span(text, "LĐLĐ tỉnh Kon Tum", n),
                name="LĐLĐ tỉnh Kon Tum",
                canonical="Liên đoàn Lao động tỉnh Kon Tum",
                rule="organizations.test",
            )
            for n in range(3)
        ]
        facts.percents = [Percent(**_span(text, "95%"), value=95.0, of="đoàn viên", rule="percents.test")]
    elif stem == "tin-b":
        facts.money = [
            Money(
                **_span(text, "300 triệu đồng"),
                amount_vnd=300_000_000,
                rule="money.test",
                giver="Tổng Liên đoàn Lao động Việt Nam",
                recipients_value=7,
                recipients_unit="đoàn viên",
                purpose="loan",
                date="2022-05-01",
            )
        ]
        facts.counts = [Count(**_span(text, "07 đoàn viên"), value=7, unit="đoàn viên", rule="counts.test")]
        facts.officials = [
            Official(
                **_span(text, "Bà Trần Thị Bình"),
                name="Trần Thị Bình",
                title="Phó Chủ tịch",
                organization="Công đoàn Việt Nam",
                rule="officials.test",
            )
        ]
        facts.organizations = [
            Organization(
                **_span(text, "Công đoàn Việt Nam", n),
                name="Công đoàn Việt Nam",
                canonical="Tổng Liên đoàn Lao động Việt Nam",
                rule="organizations.test",
            )
            for n in range(2)
        ]
    else:
        facts.money = [
            Money(
                **_span(text, "50 triệu đồng"),
                amount_vnd=50_000_000,
                per_unit=True,
                rule="money.test",
                giver="Công đoàn ngành Y tế",
                recipients_value=3,
                recipients_unit="nhà",
                purpose="housing",
            )
        ]
        facts.counts = [Count(**_span(text, "3 nhà"), value=3, unit="nhà", rule="counts.test")]
        facts.officials = [
            Official(**_span(text, "Ông Nguyễn Văn An"), name="Nguyễn Văn An", title="", rule="officials.test")
        ]
        facts.organizations = [
            Organization(
                **_span(text, "Công đoàn ngành Y tế"),
                name="Công đoàn ngành Y tế",
                canonical="Công đoàn ngành Y tế",
                rule="organizations.test",
            )
        ]
    return facts


def build_db(path: Path, texts: dict[str, str] | None = None) -> Path:
    """Write the sample articles and their facts to a DuckDB database at `path`."""
    connection = store.connect(path)
    try:
        batch = []
        for stem, text in (texts or TEXTS).items():
            article = Article(
                article_id=f"id-{stem}",
                source=f"/corpus/{stem}.txt",
                title=text.split("\n")[0],
                text=text,
                date=PUBLISHED.get(stem),
            )
            facts = _facts(stem, text)
            facts.article_id = article.article_id
            batch.append((article, facts, "hash", "test"))
        store.write_batch(connection, batch)
    finally:
        connection.close()
    return path


@pytest.fixture
def facts_db(tmp_path: Path) -> Path:
    return build_db(tmp_path / "facts.duckdb")
