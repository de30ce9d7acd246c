"""A 10,000-article archive for review, report and diff: how long they take and how big the output is.

    python bench/review_10k.py [--articles 10000] [--db SMALL.duckdb] [--out bench/out/10k]

The archive is made by copying the rows of a small database (by default the
corpus, extracted first) under new article ids in SQL, so it takes seconds
instead of a 10k-article extraction.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import diff, report, review, runner  # noqa: E402
from pipeline.models import FACT_KINDS  # noqa: E402


def build_archive(small: Path, target: Path, articles: int) -> int:
    """Copy small's articles and facts under new ids until there are `articles` of them."""
    shutil.copy(small, target)
    connection = duckdb.connect(str(target))
    have = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    copies = -(-articles // have)
    connection.execute("CREATE TEMP TABLE copies AS SELECT range AS i FROM range(1, ?)", [copies])
    connection.execute(
        "INSERT INTO articles SELECT article_id || '-' || i, replace(source, '.txt', '-' || i || '.txt'), title, "
        "text, url, published, content_hash, pipeline_version, processed_at FROM articles, copies"
    )
    for kind in FACT_KINDS:
        columns = [row[0] for row in connection.execute(f"DESCRIBE {kind}").fetchall()][1:]
        quoted = ", ".join(f'"{c}"' for c in columns)
        connection.execute(f"INSERT INTO {kind} SELECT article_id || '-' || i, {quoted} FROM {kind}, copies")
    total = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    connection.close()
    return total


def timed(label: str, action):  # noqa: ANN001, ANN201
    started = time.perf_counter()
    result = action()
    print(f"{label}: {time.perf_counter() - started:.1f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--db", help="small database to copy (default: the corpus, extracted now)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "out" / "10k"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(args.db) if args.db else Path(tmp) / "corpus.duckdb"
        if not args.db:
            runner.run([str(ROOT / "corpus" / "articles")], small, quiet=True)
        archive = out / "archive.duckdb"
        archive.unlink(missing_ok=True)
        total = timed("build archive", lambda: build_archive(small, archive, args.articles))
        facts = sum(
            duckdb.connect(str(archive), read_only=True).execute(f"SELECT count(*) FROM {k}").fetchone()[0]
            for k in FACT_KINDS
        )
        print(f"archive: {total} articles, {facts} facts, {archive.stat().st_size / 1e6:.1f} MB")
        summary = timed("review", lambda: review.write_review(archive, out / "review.html"))
        sizes = [path.stat().st_size for path in summary.files]
        print(
            f"review: {len(summary.files)} files ({summary.pages} pages + index), {sum(sizes) / 1e6:.1f} MB in all; "
            f"index {sizes[0] / 1e6:.1f} MB, largest page {max(sizes[1:] or [0]) / 1e6:.1f} MB"
        )
        timed("report", lambda: report.write_report(archive, out / "report"))
        result = timed(
            "diff (archive against itself)", lambda: diff.compare(diff.load_side(archive), diff.load_side(archive))
        )
        print(f"diff: equal={result.equal}")


if __name__ == "__main__":
    main()
