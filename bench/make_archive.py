"""A deterministic synthetic archive of N union-news articles, for benchmarks.

Articles are stitched from the corpus's own paragraphs (corpus/articles/*.txt) and from
templates, with numbers, names, places and amounts varied by a seeded RNG: the same N and
seed always give byte-identical output.

    python bench/make_archive.py 10000 bench/out/archive-10000.jsonl.gz
    python bench/make_archive.py 1000 bench/out/dir-1000 --format dir
    python bench/make_archive.py 1000 bench/out/crawl-1000.warc.gz --format warc.gz
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from collections.abc import Iterator
from html import escape
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "articles"

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Minh", "Hữu", "Đức", "Thanh", "Ngọc", "Quang", "Thu", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hùng", "Lan", "Long", "Mai", "Nam", "Phương", "Sơn", "Tâm"]
PLACES = [
    "Bắc Kạn",
    "Kon Tum",
    "Thái Bình",
    "Nghệ An",
    "Quảng Nam",
    "Cần Thơ",
    "Lâm Đồng",
    "Hà Tĩnh",
    "Bình Dương",
    "Đồng Nai",
    "Hải Dương",
    "Phú Thọ",
    "Sóc Trăng",
    "Gia Lai",
]
POSTS = [
    "Chủ tịch LĐLĐ tỉnh",
    "Phó Chủ tịch LĐLĐ tỉnh",
    "Chủ tịch Công đoàn ngành Giáo dục tỉnh",
    "Trưởng ban Tuyên giáo LĐLĐ tỉnh",
    "Chủ tịch LĐLĐ thành phố",
]
TITLES = [
    "LĐLĐ tỉnh {place} trao quà cho đoàn viên có hoàn cảnh khó khăn",
    "Hội nghị Ban Chấp hành Liên đoàn Lao động tỉnh {place} lần thứ {n}",
    "Công đoàn {place} chăm lo Tết cho người lao động",
    "Tổng kết phong trào thi đua lao động giỏi năm {year} tại {place}",
]
TEMPLATES = [
    "Dịp này, LĐLĐ tỉnh {place} đã trao {count} suất quà với tổng số tiền {money} cho đoàn viên có hoàn cảnh khó khăn.",
    "Đồng chí {name}, {post} {place} đã đến dự và phát biểu chỉ đạo hội nghị.",
    "Năm {year}, toàn tỉnh có {count} công đoàn cơ sở với hơn {big} đoàn viên, tăng {pct}% so với cùng kỳ.",
    "Quỹ Mái ấm Công đoàn đã hỗ trợ xây dựng {small} nhà, mỗi nhà {money_each}, "
    "tổng trị giá gần {millions} triệu đồng.",
    "Tham dự có {count} đại biểu đại diện cho các cấp công đoàn trong tỉnh {place}.",
]


# A fixed set of source articles (the seeds and c01-c33), so the archive for a given N stays
# the same as the corpus grows and benchmark runs remain comparable.
SOURCES = ("00*.txt", "c0*.txt", "c1*.txt", "c2*.txt", "c3[0-3]_*.txt")


def corpus_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted({path for pattern in SOURCES for path in CORPUS.glob(pattern)}):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        paragraphs.extend(line for line in lines[1:] if len(line) > 40)  # skip the title line
    return paragraphs


def _vary_numbers(text: str, rng: random.Random) -> str:
    """Every digit run replaced by another of the same length (keeps 8.500.000đ well formed)."""

    def repl(match: re.Match) -> str:
        digits = match.group(0)
        first = str(rng.randint(1, 9)) if len(digits) > 1 and digits[0] != "0" else digits[0]
        return first + "".join(str(rng.randint(0, 9)) for _ in digits[1:])

    return re.sub(r"\d+", repl, text)


def _fill(template: str, rng: random.Random, place: str) -> str:
    return template.format(
        place=place,
        name=f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
        post=rng.choice(POSTS),
        count=rng.randint(2, 500),
        big=f"{rng.randint(1, 99)}.{rng.randint(0, 999):03d}",
        small=rng.randint(2, 40),
        pct=rng.randint(1, 30),
        year=rng.randint(2015, 2024),
        n=rng.randint(2, 20),
        money=f"{rng.randint(1, 900)}.{rng.randint(0, 999):03d}.000 đồng",
        money_each=f"{rng.randint(30, 80)} triệu đồng",
        millions=rng.randint(100, 5000),
    )


def articles(count: int, seed: int = 0) -> Iterator[dict]:
    rng = random.Random(seed)
    paragraphs = corpus_paragraphs()
    for index in range(count):
        place = rng.choice(PLACES)
        body = [_vary_numbers(rng.choice(paragraphs), rng) for _ in range(rng.randint(2, 5))]
        for _ in range(rng.randint(2, 5)):
            body.insert(rng.randint(0, len(body)), _fill(rng.choice(TEMPLATES), rng, place))
        yield {
            "url": f"https://bench.example/tin-tuc/{index:07d}.html",
            "title": _fill(rng.choice(TITLES), rng, place),
            "date": f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "text": "\n\n".join(body),
        }


def html_page(article: dict) -> str:
    """A news page around the article: menus, scripts and a footer for trafilatura to drop."""
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in article["text"].split("\n\n"))
    title = escape(article["title"])
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title} - Báo Lao Động</title>'
        f'<link rel="canonical" href="{article["url"]}"><meta property="og:title" content="{title}">'
        f'<meta property="article:published_time" content="{article["date"]}T08:00:00+07:00">'
        "<script>window.dataLayer = [];</script></head><body>"
        '<nav><a href="/">Trang chủ</a> | <a href="/cong-doan">Công đoàn</a> | <a href="/viec-lam">Việc làm</a></nav>'
        f"<main><article><h1>{title}</h1>{paragraphs}</article></main>"
        "<aside>Tin liên quan: Hội nghị tổng kết năm</aside>"
        "<footer>Bản quyền thuộc về Báo Lao Động. Giấy phép số 123/GP.</footer></body></html>"
    )


def write(count: int, out: Path, fmt: str = "jsonl.gz", seed: int = 0) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "warc.gz":
        return _write_warc(count, out, seed)
    if fmt == "dir":
        out.mkdir(parents=True, exist_ok=True)
        for index, article in enumerate(articles(count, seed)):
            (out / f"{index:07d}.txt").write_text(f"{article['title']}\n\n{article['text']}\n", encoding="utf-8")
        return out
    # mtime=0: the same archive byte for byte on every run
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as stream:
        for article in articles(count, seed):
            stream.write(json.dumps(article, ensure_ascii=False).encode("utf-8") + b"\n")
    return out


def _write_warc(count: int, out: Path, seed: int) -> Path:
    """Each article as an HTML response record (with its request record) in a gzipped WARC."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(out, "wb") as raw:
        writer = WARCWriter(raw, gzip=True)
        for article in articles(count, seed):
            # fixed record date and id: the same archive byte for byte on every run
            fixed = [
                ("WARC-Date", f"{article['date']}T08:00:00Z"),
                ("WARC-Record-ID", f"<urn:uuid:{article['url'].rsplit('/', 1)[-1]}>"),
            ]
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            payload = io.BytesIO(html_page(article).encode("utf-8"))
            record = writer.create_warc_record(
                article["url"], "response", payload=payload, http_headers=headers, warc_headers_dict=dict(fixed)
            )
            writer.write_record(record)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--format", choices=["jsonl.gz", "dir", "warc.gz"], default="jsonl.gz")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(write(args.count, args.out, args.format, args.seed))


if __name__ == "__main__":
    main()
