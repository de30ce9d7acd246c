"""Dates (spec §6): runs rules/dates/examples.yaml, checks the lexicon's validation and published_from_text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extractors import dates
from pipeline.lexicon import DEFAULT_RULES_DIR as RULES_DIR
from pipeline.lexicon import Lexicon, LexiconError

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


def test_published_accepts_an_iso_string_or_a_datetime():
    assert dates.find_dates("Ngày 20/4 họp.", "2023-04-21")[0].start == dt.date(2023, 4, 20)
    found = dates.find_dates("Từ năm 2013 đến nay.", dt.datetime(2023, 4, 21, 15, 56))
    assert (found[0].start, found[0].end) == (dt.date(2013, 1, 1), dt.date(2023, 4, 21))


def test_extract_uses_the_document_sentences_and_date():
    from pipeline.lexicon import default
    from pipeline.text.document import segment

    doc = segment("Tiêu đề.\nNgày 20/4, LĐLĐ tỉnh tổ chức hội nghị. Năm 2022 đã qua.", published=dt.date(2023, 4, 21))
    mentions = dates.extract(doc, default())
    assert [m.sentence for m in mentions] == [doc.sentence_at(m.char_start).text for m in mentions]
    assert [(m.kind, m.start) for m in mentions] == [("date", dt.date(2023, 4, 20)), ("year", dt.date(2022, 1, 1))]


def test_published_from_text_normalizes():
    import unicodedata

    text = unicodedata.normalize("NFD", "Tiêu đề\nCập nhật lúc 16:05 ngày 24/03/2024\n")
    assert dates.published_from_text(text) == "2024-03-24"


def _lexicon_text() -> str:
    return LEXICON.read_text(encoding="utf-8")


def _load(tmp_path, text: str) -> dates.DatesLexicon:
    (tmp_path / "dates").mkdir(exist_ok=True)
    (tmp_path / "dates" / "lexicon.yaml").write_text(text, encoding="utf-8")
    return Lexicon(tmp_path).section("dates/lexicon", dates.DatesLexicon)


def test_lexicon_loads(tmp_path):
    assert _load(tmp_path, _lexicon_text()).rules


def test_a_tiny_lexicon_runs(tmp_path):
    # A rules folder of its own: only the year rule is left.
    text = _lexicon_text()
    head, rules_and_rest = text.split("\nrules:\n", 1)
    rest = rules_and_rest[rules_and_rest.index("\njoins:") :]
    year_rule = "  year:\n    kind: year\n    resolve: year\n    pattern: '{year_words}\\s+{y}'\n"
    _load(tmp_path, head + "\nrules:\n" + year_rule + rest)
    found = dates.find_dates("Ngày 20/4/2023, năm 2022.", lexicon=Lexicon(tmp_path))
    assert [(m.kind, m.text) for m in found] == [("year", "năm 2022")]


@pytest.mark.parametrize(
    "edit",
    [
        ("words:\n", "colours: [red]\nwords:\n"),  # an unknown top-level key
        ("  day_words: [ngày, mùng", "  day_words: [ngày, Ngày, mùng"),  # a word twice in one list (any case)
        ("  day_words: [ngày, mùng", "  day_words: [ngày, ngày, mùng"),  # a word written twice
        ("  month_words: [tháng]\n", "  month_words: [tháng]\n  month_words: [tháng]\n"),  # a key twice
        ("    kind: term\n", "    kind: term\n    weight: 2\n"),  # an unknown rule key
        ("    kind: term\n", "    kind: decade\n"),  # an unknown kind
        ("{term_words}", "{term_wrds}"),  # an unknown placeholder
        ("  name_window: 4\n", "  name_window: 4\n  window: 9\n"),  # an unknown setting
    ],
)
def test_lexicon_rejects(edit, tmp_path):
    old, new = edit
    text = _lexicon_text()
    assert old in text
    with pytest.raises(LexiconError, match=r"rules/dates/lexicon.yaml|dates/lexicon.yaml:\d+"):
        _load(tmp_path, text.replace(old, new, 1))


def test_29_february_without_a_leap_year_near():
    # 2021-2023 have no 29 February: the mention stays unresolved rather than failing.
    found = dates.find_dates("Ngày 29/2, công đoàn họp.", dt.date(2022, 6, 1))
    assert [(m.kind, m.start) for m in found] == [("date", None)]


WORDS = ["ngày", "tháng", "năm", "quý", "từ", "đến", "nay", "Tết", "Tân Sửu", "nhiệm kỳ", "giai đoạn", "sáng", "và"]


@given(
    st.lists(
        st.one_of(
            st.sampled_from(WORDS),
            st.from_regex(r"\d{1,4}([-/.]\d{1,4}){0,2}", fullmatch=True),
            st.sampled_from([",", " - ", "(", ")", "\n", "I", "IV", "6 tháng đầu năm"]),
        ),
        max_size=12,
    ),
    st.one_of(st.none(), st.dates(dt.date(1950, 1, 1), dt.date(2090, 12, 31))),
)
def test_never_fails_and_offsets_hold(parts, published):
    text = " ".join(parts)
    for mention in dates.find_dates(text, published):
        assert text[mention.char_start : mention.char_end] == mention.text
        assert mention.start is None or mention.end is None or mention.start <= mention.end
