"""Money links (spec §7): the examples in rules/links/examples.yaml, the component's wiring
(updates money, runs after dates when registered), its date link and its storage."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from pydantic import BaseModel

from pipeline import extract
from pipeline.extractors import COMPONENTS, links
from pipeline.extractors.registry import Component, in_dependency_order, run
from pipeline.lexicon import DEFAULT_RULES_DIR, Lexicon, LexiconError, default
from pipeline.models import Money, value_fields
from pipeline.text.document import segment
from pipeline.text.normalize import normalize_text

EXAMPLES = DEFAULT_RULES_DIR / "links" / "examples.yaml"


def _examples():
    data = yaml.safe_load(EXAMPLES.read_text(encoding="utf-8")) or {}
    for section, items in data.items():
        for index, item in enumerate(items or []):
            marks = [pytest.mark.xfail(strict=True, reason="known failure")] if section == "known_failures" else []
            yield pytest.param(item, id=f"{section}-{index}", marks=marks)


def _links(fact: Money, wanted: dict) -> dict:
    got = {
        "giver": fact.giver,
        "recipients": {"value": fact.recipients_value, "unit": fact.recipients_unit} if fact.recipients_value else None,
        "purpose": fact.purpose,
        "date": fact.date,
        "amount_vnd": fact.amount_vnd,
    }
    return {name: got[name] for name in wanted}


@pytest.mark.parametrize("example", list(_examples()))
def test_example(example):
    money = extract(example["text"]).money
    expected = example["expect"]
    assert len(money) == len(expected), f"money facts of {example['text']!r}: {[m.text for m in money]}"
    assert [_links(fact, entry) for fact, entry in zip(money, expected)] == expected, example["text"]


def test_the_links_are_money_fields_so_diff_and_storage_carry_them():
    assert {"giver", "recipients_value", "recipients_unit", "purpose", "date"} <= set(value_fields(Money))


def test_links_update_money_and_run_after_what_they_read():
    component = next(c for c in COMPONENTS if c.kind == "links")
    assert component.updates == "money" and set(component.requires) == {"money", "counts", "organizations", "officials"}
    order = [c.kind for c in COMPONENTS]
    assert all(order.index(kind) < order.index("links") for kind in component.requires)


def test_after_waits_for_a_registered_kind_only():
    def nothing(doc, lexicon):
        return []

    first = Component(kind="a", model=Money, extract=nothing, after=("b",))
    second = Component(kind="b", model=Money, extract=nothing)
    assert [c.kind for c in in_dependency_order([first, second])] == ["b", "a"]
    assert [c.kind for c in in_dependency_order([first])] == ["a"]  # "b" not registered: no wait


def test_an_update_without_requiring_its_kind_is_refused():
    def nothing(doc, lexicon):
        return []

    rogue = Component(kind="rogue", model=Money, extract=nothing, updates="money")
    with pytest.raises(ValueError, match="updates money without requiring it"):
        run([rogue], segment("x"), default())


class _Date(BaseModel):
    """The shape links read from a dates component: a span and a start."""

    text: str
    char_start: int
    char_end: int
    start: dt.date | None


def _linked(text: str, published: dt.date | None, dates: list[_Date] | None) -> Money:
    doc = segment(normalize_text(text), published=published)
    components = [c for c in COMPONENTS if c.kind != "dates"]  # the dates given, or none
    if dates is not None:
        components.append(Component(kind="dates", model=Money, extract=lambda doc, lexicon: dates))
    run(in_dependency_order(components), doc, default())
    (money,) = doc.results("money")
    return money


def test_date_is_the_clauses_else_the_sentences_else_the_articles():
    text = "Ngày 5/2/2024, LĐLĐ tỉnh Gia Lai trao 10 suất quà; tổng số tiền 10 triệu đồng. Năm 2023 cũng vậy."
    published = dt.date(2024, 2, 6)
    day = _Date(text="5/2/2024", char_start=5, char_end=13, start=dt.date(2024, 2, 5))
    later = _Date(
        text="Năm 2023",
        char_start=text.index("Năm 2023"),
        char_end=text.index("Năm 2023") + 8,
        start=dt.date(2023, 1, 1),
    )
    assert _linked(text, published, [day, later]).date == "2024-02-05"  # its sentence's, not the next one's
    assert _linked(text, published, [later]).date == "2024-02-06"  # no date in its sentence: the article's
    assert _linked(text, published, None).date == "2024-02-06"  # no dates component: the article's

    assert _linked(text, None, None).date is None


def test_with_the_registered_dates_the_amount_takes_its_sentences_date():
    facts = extract("Ngày 5/2/2024, LĐLĐ tỉnh Gia Lai trao 10 suất quà; tổng số tiền 10 triệu đồng.")
    assert facts.money[0].date == "2024-02-05"


def test_a_purpose_the_model_does_not_know_is_a_lexicon_error(tmp_path):
    data = yaml.safe_load((DEFAULT_RULES_DIR / "links" / "lexicon.yaml").read_text(encoding="utf-8"))
    data["purposes"]["charity"] = {"words": ["từ thiện"]}
    lexicon = Lexicon(data={"links/lexicon": data})
    with pytest.raises(LexiconError, match="purposes"):
        lexicon.section("links/lexicon")


def test_links_are_stored_as_money_columns(tmp_path):
    from pipeline.batch import store
    from pipeline.models import Article

    facts = extract("LĐLĐ tỉnh Gia Lai trao quà cho 250 đoàn viên, tổng số tiền 125 triệu đồng.", article_id="a")
    connection = store.connect(tmp_path / "links.duckdb")
    store.write_batch(connection, [(Article(article_id="a", source="a.txt", text="x"), facts, "h", "v")])
    row = connection.execute("SELECT giver, recipients_value, recipients_unit, purpose, date FROM money").fetchone()
    assert row == ("Liên đoàn Lao động tỉnh Gia Lai", 250, "đoàn viên", "gift", None)
    assert store.load_facts(connection)["a"].money == facts.money
    connection.close()


def test_an_old_money_table_gets_the_link_columns(tmp_path):
    import duckdb

    from pipeline.batch import store

    path = tmp_path / "old.duckdb"
    old = duckdb.connect(str(path))
    old.execute("CREATE TABLE money (article_id VARCHAR, amount_vnd BIGINT, text VARCHAR)")
    old.close()
    connection = store.connect(path)
    columns = {row[0] for row in connection.execute("DESCRIBE money").fetchall()}
    connection.close()
    assert {"giver", "recipients_value", "recipients_unit", "purpose", "date"} <= columns


def test_links_component_reads_no_other_kinds_text_again():
    # every kind links reads is one it requires (or reads when registered): nothing re-scanned
    assert set(links.COMPONENT.requires) | set(links.COMPONENT.after) == {
        "money",
        "counts",
        "organizations",
        "officials",
        "dates",
    }


def test_diff_shows_a_changed_link_as_a_change():
    from pipeline.quality.diff import diff_records, record

    before = extract("LĐLĐ tỉnh Gia Lai trao quà cho 250 đoàn viên, tổng số tiền 125 triệu đồng.", article_id="a")
    after = before.model_copy(update={"money": [before.money[0].model_copy(update={"giver": None})]})
    (change,) = diff_records(record(before), record(after))
    assert change["kind"] == "money" and change["change"] == "changed"
    assert change["old"]["giver"] == "Liên đoàn Lao động tỉnh Gia Lai" and change["new"]["giver"] is None
