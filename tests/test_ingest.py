"""Reading every input format, and archive safety: bad input becomes InputError records, never a crash."""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from pathlib import Path

from archive_fixtures import article, build_mixed, html_page, jsonl_gz, zip_bytes

from pipeline.ingest import InputError, RawArticle, ReadOptions, detect, iter_articles


def _split(items) -> tuple[list[RawArticle], list[InputError]]:
    items = list(items)
    return [i for i in items if isinstance(i, RawArticle)], [i for i in items if isinstance(i, InputError)]


def test_every_format_in_a_directory(tmp_path):
    root = tmp_path / "mixed"
    expected = build_mixed(root)
    articles, errors = _split(iter_articles([str(root)]))
    assert errors == []
    per_file: dict[str, int] = {}
    for item in articles:
        top = Path(item.source.split("!")[0].split(":")[0].split("[")[0]).name
        per_file[top] = per_file.get(top, 0) + 1
    assert per_file == expected
    by_source = {item.source: item for item in articles}
    # archive members are named archive!member
    assert f"{root}/bundle.zip!dir/a.html" in by_source
    assert f"{root}/bundle.zip!dir/c.txt" in by_source
    assert f"{root}/bundle.tar.gz!sub/y.json[0]" in by_source
    assert f"{root}/records.jsonl.gz:1" in by_source
    # HTML: main text kept, furniture (nav, script, footer) dropped, metadata from canonical/og tags
    page = by_source[f"{root}/page.html"]
    assert "8.000.000 đồng" in page.text
    assert "Bản quyền" not in page.text and "tracking" not in page.text and "Trang chủ" not in page.text
    assert page.url == "https://tin.example/nghe-an.html"
    assert page.title == "LĐLĐ tỉnh Nghệ An trao quà cho đoàn viên"
    assert page.date == "2023-05-01"
    # JSONL under other common field names
    hue = by_source[f"{root}/records.jsonl.gz:1"]
    assert (hue.title, hue.url, hue.date) == ("Tin Huế", "https://tin.example/hue", "2024-01-02")
    # WARC: the record's URL wins over the page's canonical
    (warc,) = [a for a in articles if "crawl.warc.gz" in a.source]
    assert warc.url == "https://tin.example/quang-nam.html"
    assert "Quảng Nam" in warc.text
    # tables: a row per article, named by the line it starts on (CSV) or its index (Parquet)
    long_an = by_source[f"{root}/table.csv:2"]  # the BOM does not hide the header's first column
    assert (long_an.title, long_an.url) == ("Tin Long An", "https://tin.example/long-an")
    assert long_an.text == article("Long An", 14)  # its quoted cell spans three lines
    assert f"{root}/table.csv:5" in by_source and by_source[f"{root}/table.csv:5"].url is None
    assert by_source[f"{root}/table.tsv:2"].date == "2024-04-05"
    assert f"{root}/table.csv.gz:2" in by_source
    assert by_source[f"{root}/part-0.parquet[1]"].text == article("An Giang", 19)
    assert f"{root}/bundle.zip!dir/rows.csv:2" in by_source and f"{root}/bundle.tar.gz!sub/z.parquet[0]" in by_source
    # stable ids: the same inputs give the same ids
    assert [a.article_id for a in articles] == [
        a.article_id for a in iter_articles([str(root)]) if isinstance(a, RawArticle)
    ]
    assert len({a.article_id for a in articles}) == len(articles)


def test_detection_by_content_beats_extension(tmp_path):
    disguised = tmp_path / "download.bin"
    disguised.write_bytes(zip_bytes({"a.txt": article("Huế")}))
    articles, errors = _split(iter_articles([str(disguised)]))
    assert errors == [] and [a.source for a in articles] == [f"{disguised}!a.txt"]
    assert detect("x", b"WARC/1.0\r\n") == "warc"
    assert detect("noext", b"<!DOCTYPE html><html>") == "html"
    assert detect("a.png", b"\x89PNG") is None


def test_named_fields(tmp_path):
    path = tmp_path / "custom.jsonl"
    path.write_text(
        json.dumps(
            {"noi_dung": article("Huế"), "tieu_de": "T", "duong_dan": "https://x/1", "ngay": "2024-01-01"},
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    options = ReadOptions().with_fields(text="noi_dung", title="tieu_de", url="duong_dan", date="ngay")
    (item,) = iter_articles([str(path)], options)
    assert isinstance(item, RawArticle)
    assert (item.title, item.url, item.date) == ("T", "https://x/1", "2024-01-01")
    (missing,) = iter_articles([str(path)])
    assert isinstance(missing, InputError) and missing.error_type == "NoText"


def test_truncated_gzip_is_an_error_and_the_run_goes_on(tmp_path):
    records = [{"text": article(f"Tỉnh {i}", i + 1), "url": f"https://x/{i}"} for i in range(200)]
    data = jsonl_gz(records)
    truncated = tmp_path / "a-truncated.jsonl.gz"
    truncated.write_bytes(data[: len(data) // 2])
    good = tmp_path / "b-good.txt"
    good.write_text(article("Huế"), encoding="utf-8")
    articles, errors = _split(iter_articles([str(truncated), str(good)]))
    assert [e.source for e in errors] == [str(truncated)]
    assert (errors[0].stage, errors[0].error_type) == ("read", "truncated")  # the cut line gives way to it
    assert articles[-1].source == str(good)  # the next input is still read
    assert 0 < len(articles) - 1 < 200  # what came before the cut is kept


def test_malformed_jsonl_lines_are_errors_for_those_lines(tmp_path):
    path = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"text": article("A")}),
        "{not json",
        json.dumps({"text": article("B")}),
        json.dumps(["not", "an", "object"]),
        "",
        json.dumps({"title": "no text"}),
        json.dumps({"text": article("C")}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, errors = _split(iter_articles([str(path)]))
    assert [a.source for a in articles] == [f"{path}:1", f"{path}:3", f"{path}:7"]
    assert [(e.source, e.error_type) for e in errors] == [
        (f"{path}:2", "JSONDecodeError"),
        (f"{path}:4", "NotAnObject"),
        (f"{path}:6", "NoText"),
    ]


def test_zip_slip_names_are_refused_and_nothing_is_written(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    evil = work / "evil.zip"
    evil.write_bytes(
        zip_bytes(
            {
                "../escaped.txt": article("A"),
                "/etc/absolute.txt": article("B"),
                "ok/../../up.txt": article("C"),
                "fine.txt": article("D"),
            }
        )
    )
    before = sorted(p for p in tmp_path.rglob("*"))
    articles, errors = _split(iter_articles([str(evil)]))
    assert [a.source for a in articles] == [f"{evil}!fine.txt"]
    assert {e.error_type for e in errors} == {"UnsafeMemberName"} and len(errors) == 3
    assert sorted(p for p in tmp_path.rglob("*")) == before  # we never unpack


def test_zip_bomb_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("huge.txt", b"0" * (51 * 1024 * 1024))  # over the size limit
        archive.writestr("dense.txt", b"0" * (2 * 1024 * 1024))  # under it, but a ratio near 1000
        archive.writestr("fine.txt", article("Huế").encode())
    bomb = tmp_path / "bomb.zip"
    bomb.write_bytes(buffer.getvalue())
    assert bomb.stat().st_size < 200_000
    articles, errors = _split(iter_articles([str(bomb)]))
    assert [a.source for a in articles] == [f"{bomb}!fine.txt"]
    assert {(e.source, e.error_type) for e in errors} == {
        (f"{bomb}!huge.txt", "TooLarge"),
        (f"{bomb}!dense.txt", "CompressionRatio"),
    }


def test_zip_member_lying_about_its_size_is_cut_off(tmp_path):
    bomb = tmp_path / "liar.zip"
    bomb.write_bytes(zip_bytes({"a.txt": b"x" * 5000}))
    options = ReadOptions(max_member_bytes=1000)  # stands in for a header that under-reports
    items = list(iter_articles([str(bomb)], options))
    assert len(items) == 1 and isinstance(items[0], InputError) and items[0].error_type == "TooLarge"


def test_deep_html_with_scripts_does_not_crash(tmp_path):
    page = tmp_path / "deep.html"
    page.write_text(
        "<html><body>"
        + "<div><script>while(1){}</script>" * 10_000
        + "<p>"
        + article("A")
        + "</p>"
        + "</div>" * 10_000
        + "</body></html>",
        encoding="utf-8",
    )
    other = tmp_path / "z.html"
    other.write_text(html_page("Huế", "https://tin.example/hue.html"), encoding="utf-8")
    items = list(iter_articles([str(tmp_path)]))
    assert len(items) == 2 and all(isinstance(i, RawArticle | InputError) for i in items)
    assert all("while(1)" not in i.text for i in items if isinstance(i, RawArticle))
    assert isinstance(items[1], RawArticle) and items[1].url == "https://tin.example/hue.html"


def test_corrupt_and_unknown_inputs_are_errors(tmp_path):
    corrupt = tmp_path / "corrupt.zip"
    corrupt.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    unknown = tmp_path / "image.png"
    unknown.write_bytes(b"\x89PNG\r\n")
    bad_gzip = tmp_path / "bad.jsonl.gz"
    bad_gzip.write_bytes(gzip.compress(b"x")[:5])
    items = list(iter_articles([str(corrupt), str(unknown), str(bad_gzip), str(tmp_path / "missing.txt")]))
    assert all(isinstance(i, InputError) for i in items)
    assert [i.source for i in items] == [str(corrupt), str(unknown), str(bad_gzip), str(tmp_path / "missing.txt")]
    # in a directory, files of unknown formats are skipped quietly
    assert [i.source for i in iter_articles([str(tmp_path)]) if "image.png" in i.source] == []


def test_tar_with_unsafe_names_is_read_in_memory_only(tmp_path):
    from archive_fixtures import tar_gz_bytes

    archive = tmp_path / "evil.tar.gz"
    archive.write_bytes(tar_gz_bytes({"../../escaped.txt": article("A"), "good/b.txt": article("B")}))
    before = sorted(tmp_path.parent.rglob("escaped.txt"))
    articles, errors = _split(iter_articles([str(archive)]))
    assert [a.source for a in articles] == [f"{archive}!good/b.txt"]
    assert [(e.source, e.error_type) for e in errors] == [(f"{archive}!../../escaped.txt", "UnsafeMemberName")]
    assert sorted(tmp_path.parent.rglob("escaped.txt")) == before


def test_page_url_for_deferred_pages():
    from pipeline.ingest.html import page_url, read_html

    assert page_url("<head><link href='https://a.vn/x' rel='canonical'></head>") == "https://a.vn/x"
    assert (
        page_url('<meta content="https://a.vn/og" property="og:url"><link rel="stylesheet" href="s.css">')
        == "https://a.vn/og"
    )
    assert page_url("<p>no metadata</p>") is None
    html = html_page("Huế", "https://tin.example/hue.html").encode()
    deferred = read_html(html, "p.html", defer=True)
    eager = read_html(html, "p.html")
    assert isinstance(deferred, RawArticle) and isinstance(eager, RawArticle)
    assert deferred.text == "" and deferred.article_id == eager.article_id
