"""Properties every extractor and the normalizer must keep, whatever text comes in (hypothesis).

Strategies mix random unicode with union-news vocabulary and number shapes, so the
extractors' real code paths run, not only their "nothing here" exits.
"""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import extract
from pipeline.models import FACT_KINDS
from pipeline.text.decode import DecodeError, decode
from pipeline.text.normalize import normalize_text

PHRASES = [
    "trao 19 suất quà",
    "8.500.000đ",
    "370.000.000 đồng",
    "500 ngàn VNĐ",
    "1,2 triệu đồng",
    "30 triệu",
    "Chủ tịch LĐLĐ tỉnh",
    "Chủ tịch Công đoàn",
    "Phó Chủ tịch",
    "ông Nguyễn Văn An",
    "bà Trần Thị Bình",
    "Liên đoàn Lao động thành phố",
    "Công đoàn cơ sở",
    "Tổng Liên đoàn Lao động Việt Nam",
    "LĐLĐ",
    "CĐCS",
    "đoàn viên",
    "công nhân lao động",
    "người",
    "suất quà",
    "tổng trị giá",
    "mỗi suất",
    "hơn",
    "gần",
    "khoảng",
    "từ",
    "đến",
    "-",
    "–",
    "/người",
    "%",
    "phần trăm",
    "tỷ",
    "tỉ",
    "nghìn",
    "ngàn",
    "triệu",
    "USD",
    "đ",
    "đồng",
    "năm 2023",
    "ngày 12/3",
    "khóa V",
    "hòa",
    "hoà",
    "Ủy ban",
    "Uỷ ban",
    "kinh phí",
    "hỗ trợ",
    "tặng",
    "đạt 95,5%",
    "tăng 12%",
    "với tổng số tiền",
    "\n",
    ". ",
    ", ",
    "; ",
    ": ",
    " ",
    "  ",
    "(",
    ")",
    '"',
]
NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=10**13).map(str),
    st.integers(min_value=0, max_value=10**13).map(lambda n: f"{n:,}".replace(",", ".")),
    st.tuples(st.integers(0, 999), st.integers(0, 99)).map(lambda t: f"{t[0]},{t[1]}"),
    st.sampled_from(["0", "00", "1.6", "1.000.", ".5", "1,", "0.000.000", "9" * 25]),
)
UNITS = [
    " đồng",
    "đ",
    " triệu đồng",
    " tỷ đồng",
    " nghìn đồng",
    " suất quà",
    " người",
    " đoàn viên",
    " cán bộ",
    " công đoàn cơ sở",
    "%",
    " triệu",
    " ngàn VNĐ",
    " đ/người",
    " USD",
    " năm",
    "",
]
# A number with a qualifier and a unit: the shape most facts have, so extractors do real work.
FACT_LIKE = st.builds(
    lambda qualifier, number, unit: f"{qualifier}{number}{unit}",
    st.sampled_from(["", "hơn ", "gần ", "khoảng ", "từ ", "trên ", "mỗi suất ", "tổng trị giá ", "trao "]),
    NUMBERS,
    st.sampled_from(UNITS),
)
PIECES = st.one_of(
    FACT_LIKE,
    st.sampled_from(PHRASES),
    NUMBERS,
    st.text(max_size=8),
    st.text(alphabet="0123456789.,đ %-/", max_size=10),
    st.sampled_from(list("\u0300\u0301\u0303\u0309\u0323\u00a0\u200b\ufeff\r\t")),
)
TEXTS = st.lists(PIECES, max_size=25).map(" ".join) | st.lists(PIECES, max_size=25).map("".join)

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_facts(text: str) -> None:
    facts = extract(text)
    stored = normalize_text(text)
    for kind in FACT_KINDS:
        for fact in getattr(facts, kind):
            assert 0 <= fact.char_start <= fact.char_end <= len(stored), (kind, fact)
            assert stored[fact.char_start : fact.char_end] == fact.text, (kind, fact)
            assert fact.text, (kind, fact)
    for money in facts.money:
        assert isinstance(money.amount_vnd, int) and money.amount_vnd > 0, money
        if money.amount_max_vnd is not None:
            assert isinstance(money.amount_max_vnd, int) and money.amount_max_vnd > 0, money
    for count in facts.counts:
        assert isinstance(count.value, int) and count.value > 0, count


@SETTINGS
@given(TEXTS)
def test_extractors_never_raise_and_offsets_slice_the_stored_text(text):
    _check_facts(text)


@SETTINGS
@given(st.text(max_size=200))
def test_extractors_survive_any_unicode(text):
    _check_facts(text)


@settings(max_examples=60, deadline=None)
@given(TEXTS)
def test_extraction_is_deterministic(text):
    assert extract(text).model_dump() == extract(text).model_dump()


@settings(max_examples=60, deadline=None)
@given(TEXTS)
def test_nfd_input_extracts_the_same_facts(text):
    assert extract(unicodedata.normalize("NFD", text)).model_dump() == extract(text).model_dump()


@settings(max_examples=300, deadline=None)
@given(st.one_of(TEXTS, st.text()))
def test_normalizer_is_total_idempotent_and_form_blind(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert normalize_text(unicodedata.normalize("NFD", text)) == once
    assert normalize_text(unicodedata.normalize("NFC", text)) == once
    assert "\r" not in once


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=300), TEXTS.map(lambda t: t.encode("utf-8", errors="surrogatepass"))))
def test_decoder_returns_text_or_a_named_error(data):
    try:
        decoded = decode(data, "x.txt")
    except DecodeError as error:
        assert error.error_type in {"empty", "binary", "undecodable"}
        return
    assert decoded.text.strip()
    assert all(kind in {"legacy_encoding", "replaced_bytes"} for kind, _ in decoded.warnings)
