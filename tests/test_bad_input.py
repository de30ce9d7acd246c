"""Input that used to crash, hang, lose or duplicate articles (issue 13, part 3), through `extract`.

Each case must end as a row of `errors`, a line on stderr and a count in the summary, with
every other article stored, exit 0 or 1 and no traceback.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import tarfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from archive_fixtures import article, html_page, jsonl_gz, warc_gz_bytes, zip_bytes

from pipeline import cli
from pipeline.ingest import ReadOptions, iter_articles

ROOT = Path(__file__).resolve().parent.parent
GOOD = "LĐLĐ tỉnh trao 19 suất quà, mỗi suất trị giá 500.000 đồng cho đoàn viên khó khăn.\n"


@dataclass
class Outcome:
    code: int
    out: str
    err: str
    db: Path

    def rows(self) -> list[tuple[str, str, str, str]]:
        """(source, stage, error_type, severity) of every row of errors."""
        return self.query("SELECT source, stage, error_type, severity FROM errors ORDER BY ALL")

    def sources(self) -> list[str]:
        return [source for (source,) in self.query("SELECT source FROM articles ORDER BY source")]

    def query(self, sql: str) -> list[tuple]:
        connection = duckdb.connect(str(self.db), read_only=True)
        try:
            return connection.execute(sql).fetchall()
        finally:
            connection.close()


def extract(capsys, db: Path, *inputs: str | Path, workers: int = 1) -> Outcome:
    code = cli.main(["extract", *map(str, inputs), "--db", str(db), "--workers", str(workers)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return Outcome(code, out, err, db)


def counted(outcome: Outcome, errors: int, warnings: int) -> None:
    """The summary counts them, and stderr has a line for each."""
    assert f"{errors} errors, {warnings} warnings" in outcome.out
    lines = outcome.err.strip().splitlines()
    assert sum(line.startswith("error: ") for line in lines) == errors
    assert sum(line.startswith("warning: ") for line in lines) == warnings


# ---------------------------------------------------------------- crashes


def test_numbers_beyond_bigint_drop_the_fact_with_a_warning(tmp_path, capsys):
    """A fact whose value no BIGINT holds is dropped with a warning; its article and other facts are written."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "huge.txt").write_text(
        "Công đoàn trao 99999999999 tỷ đồng cho 12345678901234567890123 đoàn viên.\n" + GOOD, encoding="utf-8"
    )
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    outcome = extract(capsys, tmp_path / "f.duckdb", folder)
    assert outcome.code == 0
    counted(outcome, errors=0, warnings=2)
    assert [(Path(s).name, stage, kind, level) for s, stage, kind, level in outcome.rows()] == [
        ("huge.txt", "store", "value_out_of_range", "warning"),
        ("huge.txt", "store", "value_out_of_range", "warning"),
    ]
    assert [Path(s).name for s in outcome.sources()] == ["good.txt", "huge.txt"]
    money = outcome.query("SELECT a.source, m.text FROM money m JOIN articles a USING (article_id) ORDER BY ALL")
    assert [(Path(s).name, text) for s, text in money] == [("good.txt", "500.000 đồng"), ("huge.txt", "500.000 đồng")]
    assert outcome.query("SELECT count(*) FROM counts WHERE text LIKE '1234567890%'") == [(0,)]


def test_lone_surrogates_in_json_title_url_and_date(tmp_path, capsys):
    path = tmp_path / "records.jsonl"
    lines = [
        json.dumps({"text": article("Huế"), "title": "Tin \ud800 Huế"}),
        json.dumps({"text": article("Kon Tum"), "url": "https://tin.example/\udc00"}),
        json.dumps({"text": article("Gia Lai"), "date": "\udfff2024"}),
        json.dumps({"text": article("Bến \ud83d Tre")}),  # a lone high surrogate in the body
        json.dumps({"text": article("Cà Mau")}),
    ]
    assert "\\ud800" in lines[0]  # JSON's own escape, as a scraper writes it
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outcome = extract(capsys, tmp_path / "f.duckdb", path)
    assert outcome.code == 0
    counted(outcome, errors=0, warnings=4)
    assert len(outcome.sources()) == 5
    assert outcome.query("SELECT title, url, published FROM articles WHERE source LIKE '%:1'") == [
        ("Tin \ufffd Huế", None, None)
    ]
    assert outcome.query("SELECT url FROM articles WHERE source LIKE '%:2'") == [("https://tin.example/\ufffd",)]
    assert {kind for _, _, kind, _ in outcome.rows()} == {"replaced_bytes"}


def test_file_and_tar_member_names_that_are_not_utf8(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/tin-\xff.txt", "wb") as handle:  # a name from a Windows-1252 zip, say
        handle.write(GOOD.encode())
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT, errors="surrogateescape") as archive:
        for name in ("ok.txt", "bad-\udcfe.txt"):  # how Python names a member holding the byte 0xfe
            data = article("Huế").encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    (folder / "bundle.tar").write_bytes(buffer.getvalue())
    db = tmp_path / "f.duckdb"
    outcome = extract(capsys, db, folder)
    assert outcome.code == 0
    counted(outcome, errors=0, warnings=0)
    names = sorted(source.removeprefix(str(folder) + "/") for source in outcome.sources())
    assert names == ["bundle.tar!bad-\\xfe.txt", "bundle.tar!ok.txt", "tin-\\xff.txt"]
    # the same name gives the same article on the next run
    assert "0 articles extracted, 3 unchanged and skipped" in extract(capsys, db, folder).out


# ---------------------------------------------------------------- losses


def _member_ends(data: bytes) -> list[int]:
    """Where each gzip member of `data` ends."""
    ends, offset = [], 0
    while offset < len(data):
        inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        inflate.decompress(data[offset:])
        offset = len(data) - len(inflate.unused_data)
        ends.append(offset)
    return ends


def test_a_cut_warc_gz_is_an_error_and_keeps_every_whole_record(tmp_path, capsys):
    pages = [
        (f"https://tin.example/{i}.html", html_page(f"Tỉnh {i}", f"https://tin.example/{i}.html")) for i in range(40)
    ]
    data = warc_gz_bytes(pages)
    ends = _member_ends(data)  # a request and a response member per page, then an image
    cut = (ends[40] + ends[41]) // 2  # inside the response of page 20 (member 41)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(data[:cut])
    outcome = extract(capsys, tmp_path / "f.duckdb", path)
    assert outcome.code == 1
    counted(outcome, errors=1, warnings=0)
    assert outcome.rows() == [(str(path), "read", "truncated", "error")]
    assert len(outcome.sources()) == 20  # pages 0-19, whole; page 20 is not stored cut
    assert "20 articles extracted" in outcome.out


def test_a_cut_plain_warc_does_not_store_its_last_record_cut_off(tmp_path, capsys):
    pages = [
        (f"https://tin.example/{i}.html", html_page(f"Tỉnh {i}", f"https://tin.example/{i}.html")) for i in range(5)
    ]
    path = tmp_path / "crawl.warc"
    path.write_bytes(gzip.decompress(warc_gz_bytes(pages)))
    data = path.read_bytes()
    last = data.rindex(b"WARC-Type: response")  # the image record: cut it, then the last page
    path.write_bytes(data[: last + 200])
    whole = extract(capsys, tmp_path / "whole.duckdb", path)
    assert whole.code == 1 and whole.rows() == [(str(path), "read", "truncated", "error")]
    assert len(whole.sources()) == 5
    page = data.rindex(b"<footer>")  # inside the last page's HTML
    path.write_bytes(data[:page])
    outcome = extract(capsys, tmp_path / "f.duckdb", path)
    assert outcome.code == 1
    counted(outcome, errors=1, warnings=0)
    assert outcome.rows() == [(f"{path}!https://tin.example/4.html", "read", "truncated", "error")]
    assert len(outcome.sources()) == 4


def test_a_deeply_nested_jsonl_line_is_an_error_for_that_line_only(tmp_path, capsys):
    path = tmp_path / "records.jsonl"
    lines = [json.dumps({"text": article("A")}), "[" * 100_000 + "]" * 100_000, json.dumps({"text": article("B")})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outcome = extract(capsys, tmp_path / "f.duckdb", path)
    assert outcome.code == 1
    counted(outcome, errors=1, warnings=0)
    assert outcome.rows() == [(f"{path}:2", "record", "RecursionError", "error")]
    assert outcome.sources() == [f"{path}:1", f"{path}:3"]


def test_a_jsonl_line_over_the_size_limit_is_an_error_for_that_line_only(tmp_path):
    path = tmp_path / "records.jsonl"
    lines = [json.dumps({"text": article("A")}), json.dumps({"text": "x" * 5000}), json.dumps({"text": article("B")})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_articles([str(path)], ReadOptions(max_member_bytes=1000)))
    assert [(i.source, type(i).__name__) for i in items] == [
        (f"{path}:1", "RawArticle"),
        (f"{path}:2", "InputError"),
        (f"{path}:3", "RawArticle"),
    ]
    assert items[1].error_type == "too_large"


def _flag_member(data: bytes, name: str, local_offset: int, central_offset: int, mask: int, xor: bool = False) -> bytes:
    """`data` with a byte of `name`'s local and central headers changed (set bits, or flipped with xor)."""
    buffer = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    positions = [info.header_offset + local_offset]
    entry = data.find(b"PK\x01\x02")
    while entry != -1:
        length = int.from_bytes(data[entry + 28 : entry + 30], "little")
        if data[entry + 46 : entry + 46 + length] == name.encode():
            positions.append(entry + central_offset)
        entry = data.find(b"PK\x01\x02", entry + 1)
    for position in positions:
        buffer[position] = buffer[position] ^ mask if xor else buffer[position] | mask
    return bytes(buffer)


def test_a_zip_member_with_a_bad_crc_or_encryption_loses_only_itself(tmp_path, capsys):
    data = zip_bytes({f"{name}.txt": article(name) for name in ("a", "b", "c", "d")})
    data = _flag_member(data, "a.txt", 6, 8, 0x01)  # general purpose flag bit 0: encrypted
    data = _flag_member(data, "c.txt", 14, 16, 0xFF, xor=True)  # first byte of the CRC-32
    path = tmp_path / "bundle.zip"
    path.write_bytes(data)
    outcome = extract(capsys, tmp_path / "f.duckdb", path)
    assert outcome.code == 1
    counted(outcome, errors=2, warnings=0)
    assert [(source, kind) for source, _, kind, _ in outcome.rows()] == [
        (f"{path}!a.txt", "RuntimeError"),
        (f"{path}!c.txt", "BadZipFile"),
    ]
    assert outcome.sources() == [f"{path}!b.txt", f"{path}!d.txt"]


def test_a_gzip_with_trailing_garbage_keeps_every_record(tmp_path, capsys):
    records = [{"text": article(f"Tỉnh {i}", i + 1), "url": f"https://x/{i}"} for i in range(300)]
    path = tmp_path / "records.jsonl.gz"
    path.write_bytes(jsonl_gz(records) + b"garbage after the gzip data")
    outcome = extract(capsys, tmp_path / "f.duckdb", path)
    assert outcome.code == 1
    counted(outcome, errors=1, warnings=0)
    assert outcome.rows() == [(str(path), "read", "trailing_garbage", "error")]
    assert len(outcome.sources()) == 300
    # zero padding after the data is allowed (gzip itself accepts it)
    path.write_bytes(jsonl_gz(records) + b"\0" * 512)
    padded = extract(capsys, tmp_path / "padded.duckdb", path)
    assert padded.code == 0 and len(padded.sources()) == 300


def test_a_cut_single_document_gzip_is_refused_not_stored_cut(tmp_path, capsys):
    path = tmp_path / "long.txt.gz"
    data = gzip.compress((GOOD * 2000).encode())
    path.write_bytes(data[: len(data) // 2])
    outcome = extract(capsys, tmp_path / "f.duckdb", path)
    assert outcome.code == 1
    assert outcome.rows() == [(str(path), "read", "truncated", "error")]
    assert outcome.sources() == []


def test_an_unreadable_subdirectory_is_an_error(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "hidden.txt").write_text(GOOD, encoding="utf-8")
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    real = os.scandir

    def scandir(path="."):
        # as chmod 000 does for anyone but root (the tests may run as root, which chmod does not stop)
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    outcome = extract(capsys, tmp_path / "f.duckdb", folder)
    assert outcome.code == 1
    counted(outcome, errors=1, warnings=0)
    assert outcome.rows() == [(str(folder / "locked"), "read", "io_error", "error")]
    assert outcome.sources() == [str(folder / "good.txt")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 folder")
def test_a_chmod_000_subdirectory_is_an_error(tmp_path, capsys):
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "locked").chmod(0)
    try:
        outcome = extract(capsys, tmp_path / "f.duckdb", folder)
    finally:
        (folder / "locked").chmod(0o755)
    assert outcome.code == 1 and outcome.rows() == [(str(folder / "locked"), "read", "io_error", "error")]


# ---------------------------------------------------------------- hangs


def test_a_fifo_or_device_is_reported_not_read(tmp_path):
    """In a subprocess with a timeout: before the fix, opening the FIFO blocked forever."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(folder / "feed.txt")
    os.mkfifo(folder / "feed.jsonl")
    (folder / "null.txt").symlink_to("/dev/null")
    named = tmp_path / "named.jsonl"
    os.mkfifo(named)
    db = tmp_path / "f.duckdb"
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", str(folder), str(named), "--db", str(db), "--workers", "1"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    outcome = Outcome(done.returncode, done.stdout, done.stderr, db)
    counted(outcome, errors=1, warnings=3)
    assert sorted((Path(s).name, kind, level) for s, _, kind, level in outcome.rows()) == [
        ("feed.jsonl", "not_a_regular_file", "warning"),
        ("feed.txt", "not_a_regular_file", "warning"),
        ("named.jsonl", "not_a_regular_file", "error"),
        ("null.txt", "not_a_regular_file", "warning"),
    ]
    assert outcome.sources() == [str(folder / "good.txt")]


# ---------------------------------------------------------------- duplicates


def test_one_folder_by_two_spellings_is_read_once(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "b.txt").write_text(article("Huế"), encoding="utf-8")
    (tmp_path / "link").symlink_to(folder)
    monkeypatch.chdir(tmp_path)
    outcome = extract(capsys, tmp_path / "f.duckdb", "in", folder, "./in/../in/a.txt", "link")
    assert outcome.code == 0
    assert outcome.sources() == ["in/a.txt", "in/b.txt"]  # as written the first time
    assert "2 articles extracted" in outcome.out
