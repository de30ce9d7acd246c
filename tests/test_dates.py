"""Dates (spec §6): runs rules/dates/examples.yaml, checks the lexicon's validation and published_from_text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from pipeline.extractors import dates
from pipeline.rules import RULES_DIR

EXAMPLES = RULES_DIR / "dates" / "examples.yaml"
LEXICON = RULES_DIR / "dates" / "lexicon.yaml"
CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "articles"


def _examples():
    data = yaml.safe_load(EXAMPLES.read_text(encoding="utf-8")) or {}
    for section, items in data.items():
        if section == "published":
            continue
        for index, item in enumerate(items or []):
            marks = [pytest.mark.xfail(strict=True, reason="known failure")] if section == "known_failures" else []
            yield pytest.param(item, id=f"dates-{section}-{index}", marks=marks)


def _published_examples():
    data = yaml.safe_load(EXAMPLES.read_text(encoding="utf-8")) or {}
    for index, item in enumerate(data.get("published") or []):
        yield pytest.param(item, id=f"published-{index}")


def _project(mention: dates.DateMention, fields) -> dict:
    return {field: getattr(mention, field) for field in fields}


@pytest.mark.parametrize("example", list(_examples()))
def test_example(example):
    mentions = dates.find_dates(example["text"], example.get("published"))
    expected = example.get("expect", [])
    # Each expected entry names the fields it checks; a mention is compared on those only.
    got = [_project(mention, entry) for mention, entry in zip(mentions, expected)]
    got += [mention.text for mention in mentions[len(expected) :]]
    assert got == [dict(entry) for entry in expected], f"text: {example['text']!r}"


@pytest.mark.parametrize("example", list(_published_examples()))
def test_published_example(example):
    want = example["expect"]
    assert dates.published_from_text(example["text"]) == (want.isoformat() if want else None)


def test_offsets_index_the_text():
    text = (CORPUS / "002_08f37fe5482334e2.txt").read_text(encoding="utf-8")
    mentions = dates.find_dates(text, dt.date(2018, 9, 14))
    assert mentions
    for mention in mentions:
        assert text[mention.char_start : mention.char_end] == mention.text
        assert mention.text in mention.sentence
        assert mention.rule.startswith("dates.")


def test_seed_published():
    # The seed with a date line under its title, and the one without.
    assert dates.published_from_text((CORPUS / "002_08f37fe5482334e2.txt").read_text(encoding="utf-8")) == "2018-09-14"
    assert dates.published_from_text((CORPUS / "000_20090dda0295a578.txt").read_text(encoding="utf-8")) is None


def test_seed_dates():
    text = (CORPUS / "000_20090dda0295a578.txt").read_text(encoding="utf-8")
    found = [(m.kind, m.start, m.end) for m in dates.find_dates(text, None)]
    assert ("period", dt.date(2017, 7, 1), dt.date(2017, 12, 31)) in found
    assert ("term", dt.date(2017, 1, 1), dt.date(2022, 12, 31)) in found
    assert ("period", None, None) in found  # "6 tháng đầu năm" with no article date


def test_published_accepts_an_iso_string():
    assert dates.find_dates("Ngày 20/4 họp.", "2023-04-21")[0].start == dt.date(2023, 4, 20)


def test_extract_uses_the_document_sentences():
    from pipeline.text.segment import segment

    doc = segment("Tiêu đề.\nNgày 20/4/2023, LĐLĐ tỉnh tổ chức hội nghị. Năm 2022 đã qua.")
    mentions = dates.extract(doc)
    assert [m.sentence for m in mentions] == [doc.sentence_at(m.char_start).text for m in mentions]
    assert [m.kind for m in mentions] == ["date", "year"]


def _lexicon_text() -> str:
    return LEXICON.read_text(encoding="utf-8")


def test_lexicon_loads():
    assert dates.parse_lexicon(_lexicon_text())["rules"]


@pytest.mark.parametrize(
    "edit",
    [
        ("words:\n", "colours: [red]\nwords:\n"),  # an unknown top-level key
        ("  day_words: [ngày, mùng", "  day_words: [ngày, Ngày, mùng"),  # a word twice in one list
        ("  month_words: [tháng]\n", "  month_words: [tháng]\n  month_words: [tháng]\n"),  # a key twice
        ("    kind: term\n", "    kind: term\n    weight: 2\n"),  # an unknown rule key
        ("    kind: term\n", "    kind: decade\n"),  # an unknown kind
        ("{term_words}", "{term_wrds}"),  # an unknown placeholder
        ("  name_window: 4\n", "  name_window: 4\n  window: 9\n"),  # an unknown setting
    ],
)
def test_lexicon_rejects(edit):
    old, new = edit
    text = _lexicon_text()
    assert old in text
    with pytest.raises(dates.LexiconError):
        dates.parse_lexicon(text.replace(old, new, 1))
