"""Small input files of every supported format, built from strings (shared by the ingest and runner tests)."""

from __future__ import annotations

import csv
import gzip
import io
import json
import tarfile
import zipfile
from pathlib import Path

ARTICLE = (
    "LĐLĐ tỉnh {place} trao quà cho đoàn viên\n\n"
    "Ngày 5/3, LĐLĐ tỉnh {place} đã trao {n} suất quà với tổng số tiền {money}.000.000 đồng "
    "cho đoàn viên có hoàn cảnh khó khăn. Tham dự có 45 đại biểu."
)


def article(place: str, n: int = 19, money: int = 8) -> str:
    return ARTICLE.format(place=place, n=n, money=money)


def html_page(place: str, url: str, depth_noise: bool = False) -> str:
    body = article(place).split("\n\n")
    return f"""<!DOCTYPE html><html><head><title>{body[0]} - Báo Lao Động</title>
<link rel="canonical" href="{url}"><meta property="og:title" content="{body[0]}">
<meta property="article:published_time" content="2023-05-01T08:00:00+07:00">
<script>var tracking = "Quảng cáo 999.000.000 đồng";</script></head>
<body><nav><a href="/">Trang chủ</a> | <a href="/thoi-su">Thời sự</a></nav>
<article><h1>{body[0]}</h1><p>{body[1]}</p><p>Công đoàn sẽ tiếp tục chăm lo đời sống người lao động.</p></article>
<footer>Bản quyền thuộc về Báo Lao Động. Giấy phép số 123.</footer></body></html>"""


def jsonl_gz(records: list[dict]) -> bytes:
    return gzip.compress("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode())


def csv_bytes(rows: list[dict], delimiter: str = ",", bom: bool = False, encoding: str = "utf-8") -> bytes:
    """A table as csv.DictWriter writes it: cells holding newlines, quotes or the delimiter are quoted."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(dict.fromkeys(k for row in rows for k in row)), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode(encoding)


def parquet_bytes(columns: dict[str, list], row_group_size: int | None = None) -> bytes:
    """A Parquet file of these columns (dicts become struct columns: {"meta": [{"url": ...}]})."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    pq.write_table(pa.table(columns), buffer, row_group_size=row_group_size)
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data if isinstance(data, bytes) else data.encode())
    return buffer.getvalue()


def tar_gz_bytes(members: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in members.items():
            raw = data if isinstance(data, bytes) else data.encode()
            info = tarfile.TarInfo(name)
            info.size = len(raw)
            archive.addfile(info, io.BytesIO(raw))
    return buffer.getvalue()


def warc_gz_bytes(pages: list[tuple[str, str]]) -> bytes:
    """A gzipped WARC: an HTML response per (url, html), plus a request and an image response to skip."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, html in pages:
        request = writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
        writer.write_record(request)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()), http_headers=headers)
        writer.write_record(record)
    image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            "https://tin.example/logo.png", "response", payload=io.BytesIO(b"\x89PNG...."), http_headers=image
        )
    )
    return buffer.getvalue()


def build_mixed(root: Path) -> dict[str, int]:
    """A directory holding every format; returns how many articles each top-level file holds."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "a.txt").write_text(article("Bắc Kạn"), encoding="utf-8")
    (root / "b.md").write_text("# " + article("Kon Tum", 7, 3), encoding="utf-8")
    (root / "page.html").write_text(html_page("Nghệ An", "https://tin.example/nghe-an.html"), encoding="utf-8")
    (root / "records.jsonl.gz").write_bytes(
        jsonl_gz(
            [
                {
                    "content": article("Huế", 3),
                    "headline": "Tin Huế",
                    "link": "https://tin.example/hue",
                    "published": "2024-01-02",
                },
                {"body": article("Cần Thơ", 4), "title": "Tin Cần Thơ", "url": "https://tin.example/can-tho"},
            ]
        )
    )
    (root / "array.json").write_text(
        json.dumps(
            [
                {"text": article("Hà Tĩnh", 5), "title": "Tin Hà Tĩnh", "date": "2024-02-03"},
                {"text": article("Gia Lai", 6)},
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    (root / "bundle.zip").write_bytes(
        zip_bytes(
            {
                "dir/a.html": html_page("Lâm Đồng", "https://tin.example/lam-dong.html"),
                "dir/c.txt": article("Phú Thọ", 8),
                "nested.jsonl": json.dumps({"text": article("Sóc Trăng", 9)}, ensure_ascii=False) + "\n",
                "dir/rows.csv": csv_bytes([{"text": article("Bình Định", 12), "url": "https://tin.example/binh-dinh"}]),
                "dir/": "",
            }
        )
    )
    (root / "bundle.tar.gz").write_bytes(
        tar_gz_bytes(
            {
                "x.txt": article("Thái Bình", 10),
                "sub/y.json": json.dumps([{"text": article("Hải Dương", 11), "url": "https://tin.example/hai-duong"}]),
                "sub/z.parquet": parquet_bytes({"text": [article("Nam Định", 13)]}),
            }
        )
    )
    (root / "crawl.warc.gz").write_bytes(
        warc_gz_bytes(
            [
                (
                    "https://tin.example/quang-nam.html",
                    html_page("Quảng Nam", "https://tin.example/other-canonical.html"),
                ),
            ]
        )
    )
    # Tables, as scrapers and dataset hubs write them: one article per row.
    (root / "table.csv").write_bytes(
        csv_bytes(
            [
                {"id": 1, "title": "Tin Long An", "text": article("Long An", 14), "url": "https://tin.example/long-an"},
                {"id": 2, "title": "", "text": article("Bến Tre", 15), "url": ""},
            ],
            bom=True,
        )
    )
    (root / "table.tsv").write_bytes(csv_bytes([{"content": article("Trà Vinh", 16), "date": "2024-04-05"}], "\t"))
    (root / "table.csv.gz").write_bytes(gzip.compress(csv_bytes([{"body": article("Vĩnh Long", 17)}])))
    (root / "part-0.parquet").write_bytes(
        parquet_bytes(
            {
                "text": [article("Đồng Tháp", 18), article("An Giang", 19)],
                "meta": [{"url": "https://tin.example/dong-thap"}, {"url": "https://tin.example/an-giang"}],
            }
        )
    )
    return {
        "a.txt": 1,
        "b.md": 1,
        "page.html": 1,
        "records.jsonl.gz": 2,
        "array.json": 2,
        "bundle.zip": 4,
        "bundle.tar.gz": 3,
        "crawl.warc.gz": 1,
        "table.csv": 2,
        "table.tsv": 1,
        "table.csv.gz": 1,
        "part-0.parquet": 2,
    }
