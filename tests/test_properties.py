"""Properties every extractor and the normalizer must keep, whatever text comes in (hypothesis).

Strategies mix random unicode with union-news vocabulary and number shapes, so the
extractors' real code paths run, not only their "nothing here" exits.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import tarfile
import tempfile
import unicodedata
import zipfile

import pyarrow as pa
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


# ---------------------------------------------------------------- every reader, whatever bytes come in

# Unicode with lone surrogates (what JSON's \ud800 escapes and non-UTF-8 file names become in Python).
ANY_TEXT = st.text(st.characters(blacklist_categories=()), max_size=40) | TEXTS
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | ANY_TEXT,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["text", "title", "url", "date", "content", "meta", "x"]) | ANY_TEXT, children
        )
    ),
    max_leaves=12,
)
# Records shaped like articles, so reading goes past "no text" and the fields are used.
RECORDS = st.fixed_dictionaries(
    {"text": TEXTS.filter(str.strip) | ANY_TEXT},
    optional={"title": ANY_TEXT | JSON_VALUES, "url": ANY_TEXT, "date": ANY_TEXT, "meta": JSON_VALUES},
)
NAMES = ["a.txt", "a.md", "a.html", "a.json", "a.jsonl", "a.zip", "a.tar", "a.warc", "a.gz", "a.jsonl.gz", "a.tgz", "a"]
MAGIC = [
    b"",
    b"\x1f\x8b\x08\x00",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"WARC/1.0\r\n",
    b"[",
    b"{",
    b"<html>",
    b"\xef\xbb\xbf",
]
# A byte name as a folder holds it: anything but "/" and NUL (not hidden, which would be skipped).
FILE_NAMES = st.binary(min_size=1, max_size=12).filter(lambda b: b"/" not in b and b"\0" not in b and b[:1] != b".")


def _json_bytes(value) -> bytes:
    return json.dumps(value).encode()  # ensure_ascii: a lone surrogate is written \udXXX, valid JSON


def _member_bytes(data: st.DataObject) -> bytes:
    return data.draw(
        st.binary(max_size=300) | JSON_VALUES.map(_json_bytes) | RECORDS.map(_json_bytes) | TEXTS.map(str.encode)
    )


def _archive(data: st.DataObject) -> tuple[str, bytes]:
    """A zip, tar, tar.gz, JSONL(.gz) or WARC of random members, maybe cut or with a byte changed."""
    from archive_fixtures import warc_gz_bytes

    kind = data.draw(st.sampled_from(["zip", "tar", "tgz", "jsonl", "jsonl.gz", "warc.gz", "warc"]))
    names = st.text(st.characters(blacklist_categories=()), min_size=1, max_size=12).map(lambda n: n + ".txt")
    members = data.draw(
        st.dictionaries(names | st.sampled_from(["a.json", "b.jsonl", "c.html"]), st.just(b""), max_size=4)
    )
    if kind == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in members:
                try:
                    archive.writestr(
                        name.encode("utf-8", "surrogatepass").decode("utf-8", "replace"), _member_bytes(data)
                    )
                except (IndexError, ValueError):
                    continue  # a name zipfile cannot write (a NUL cuts it short)
        raw = buffer.getvalue()
    elif kind in ("tar", "tgz"):
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz" if kind == "tgz" else "w", errors="surrogateescape") as archive:
            for name in members:
                payload = _member_bytes(data)
                info = tarfile.TarInfo(name)
                info.size = len(payload)
                try:
                    archive.addfile(info, io.BytesIO(payload))
                except (UnicodeEncodeError, ValueError):
                    continue  # a name tar cannot hold
        raw = buffer.getvalue()
    elif kind in ("jsonl", "jsonl.gz"):
        lines = data.draw(st.lists(RECORDS | JSON_VALUES, max_size=5))
        raw = b"".join(_json_bytes(line) + b"\n" for line in lines)
        raw = gzip.compress(raw) if kind == "jsonl.gz" else raw
    else:
        pages = data.draw(st.lists(st.tuples(ANY_TEXT, TEXTS), max_size=3))
        pages = [
            (f"https://tin.example/{i}", f"<html><title>{t}</title><p>{b}</p></html>") for i, (t, b) in enumerate(pages)
        ]
        try:
            raw = warc_gz_bytes(
                [(url, page.encode("utf-8", "surrogatepass").decode("utf-8", "replace")) for url, page in pages]
            )
        except Exception:
            raw = b"WARC/1.0\r\n"
        if kind == "warc":
            raw = gzip.decompress(raw)
    damage = data.draw(st.sampled_from(["none", "cut", "flip", "append"]))
    # Where to damage, as a fraction: the archive's length varies with the clock (zip and WARC dates).
    at = data.draw(st.integers(0, 10**6)) * len(raw) // (10**6 + 1)
    if damage == "cut":
        raw = raw[:at]
    elif damage == "flip" and raw:
        raw = raw[:at] + bytes([raw[at] ^ data.draw(st.integers(1, 255))]) + raw[at + 1 :]
    elif damage == "append":
        raw += data.draw(st.binary(min_size=1, max_size=50))
    return f"a.{kind}", raw


def _input(data: st.DataObject) -> tuple[bytes, bytes]:
    """(file name, content): random bytes behind a format's magic, random Unicode, JSON shapes, archives."""
    name = data.draw(st.sampled_from(NAMES)).encode()
    shape = data.draw(st.sampled_from(["bytes", "unicode", "json", "jsonl", "archive"]))
    if shape == "bytes":
        content = data.draw(st.sampled_from(MAGIC)) + data.draw(st.binary(max_size=600))
    elif shape == "unicode":
        text = data.draw(ANY_TEXT | TEXTS)
        content = text.encode(data.draw(st.sampled_from(["utf-8", "utf-16", "utf-32"])), "surrogatepass")
    elif shape == "json":
        name = data.draw(st.sampled_from([b"a.json", b"a"]))
        content = _json_bytes(data.draw(st.lists(RECORDS | JSON_VALUES, max_size=4) | RECORDS | JSON_VALUES))
    elif shape == "jsonl":
        name = b"a.jsonl"
        content = b"\n".join(_json_bytes(value) for value in data.draw(st.lists(RECORDS | JSON_VALUES, max_size=5)))
    else:
        archive_name, content = _archive(data)
        name = archive_name.encode()
    if data.draw(st.booleans()):  # a name that is not UTF-8, as a folder copied from Windows may hold
        name = data.draw(FILE_NAMES) + name
    return name, content


def _storable(value: str | None) -> None:
    if value is not None:
        value.encode("utf-8")  # strict: what Arrow and DuckDB need


def _check_item(item) -> None:
    from pipeline.batch.runner import content_hash
    from pipeline.ingest import InputError, RawArticle

    assert isinstance(item, RawArticle | InputError), item
    if isinstance(item, InputError):
        for value in (item.source, item.stage, item.error_type, item.message):
            _storable(value)
        return
    for value in (item.source, item.text, item.title, item.url, item.date, item.html):
        _storable(value)
    assert item.article_id and content_hash(item.html if item.html is not None else item.text, item.title)
    pa.table({"source": [item.source], "text": [item.text], "title": [item.title], "url": [item.url]})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_every_reader_turns_any_input_into_articles_or_errors(data):
    from pipeline.ingest import ReadOptions, iter_articles

    name, content = _input(data)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(os.fsencode(folder), name)
        with open(path, "wb") as handle:
            handle.write(content)
        for as_named in (True, False):  # named on the command line, and found in a folder
            target = os.fsdecode(path) if as_named else folder
            for item in iter_articles([target], ReadOptions(max_member_bytes=100_000, max_ratio=100)):
                _check_item(item)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.data(), min_size=1, max_size=3))
def test_any_input_reaches_the_database_or_the_errors_table(draws):
    """End to end in one process: reading, extraction and the writer never raise, and every
    fact has its article (numbers beyond BIGINT, lone surrogates and all)."""
    import duckdb

    from pipeline.batch import runner

    with tempfile.TemporaryDirectory() as folder:
        for index, data in enumerate(draws):
            name, content = _input(data)
            with open(os.path.join(os.fsencode(folder), str(index).encode() + name), "wb") as handle:
                handle.write(content)
        db = os.path.join(folder, "facts.duckdb")
        big = "Công đoàn trao 99999999999 tỷ đồng cho 12345678901234567890123 đoàn viên."
        with open(os.path.join(folder, "big.txt"), "w", encoding="utf-8") as handle:
            handle.write(big)
        summary = runner.run([folder], db, workers=1, quiet=True)
        connection = duckdb.connect(db, read_only=True)
        try:
            stored = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
            orphans = connection.execute(
                "SELECT count(*) FROM money WHERE article_id NOT IN (SELECT article_id FROM articles)"
            ).fetchone()[0]
        finally:
            connection.close()
        assert stored >= 1 and orphans == 0  # big.txt at least, without its two unstorable facts
        assert summary.warnings >= 2
