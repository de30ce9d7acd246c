"""Throughput, re-run cost and memory of `extract` against a plain underthesea baseline, on the
repeated-paragraph archive of bench/make_archive.py (the old harness: its articles reuse the
corpus's sentences, so tokenizer caches hit more than on a real archive; for issue 12's figures
on non-repeating articles use bench/speed.py).

    python bench/run.py --sizes 1000 10000          # writes bench/out/, prints a Markdown table

Measured side by side, each in its own subprocess (wall time of the whole process, startup
included; peak RSS summed over the process tree, sampled with psutil every 50 ms):
  (a) baseline: underthesea sent_tokenize + word_tokenize over every sentence, one process
      (on the first --baseline-size articles);
  (b) `python -m pipeline extract ARCHIVE` with defaults, into a fresh database;
  (c) the same command again over the unchanged archive (everything skipped).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import make_archive  # noqa: E402  (a sibling script, not a package)


def measure(command: list[str]) -> dict:
    """Run a command; wall seconds and peak RSS (sum over the process tree, and largest process)."""
    import psutil

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    load = os.getloadavg()[0]  # other work on the machine skews timings: recorded with each row
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    parent = psutil.Process(process.pid)
    peak_tree = peak_one = peak_pss = 0
    while process.poll() is None:
        rss, pss = [], []
        for member in [parent, *_children(parent)]:
            try:
                # PSS splits pages shared by forked workers among them: RSS summed counts them twice.
                info = member.memory_full_info()
            except psutil.Error:
                continue
            rss.append(info.rss)
            pss.append(getattr(info, "pss", info.rss))
        if rss:
            peak_tree, peak_one, peak_pss = max(peak_tree, sum(rss)), max(peak_one, max(rss)), max(peak_pss, sum(pss))
        time.sleep(0.05)
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-2000:]}")
    return {
        "seconds": seconds,
        "rss_tree_mb": peak_tree / 2**20,
        "rss_max_mb": peak_one / 2**20,
        "pss_tree_mb": peak_pss / 2**20,
        "load_before": load,
    }


def _children(parent) -> list:
    import psutil

    try:
        return parent.children(recursive=True)
    except psutil.Error:
        return []


def baseline(archive: Path, limit: int) -> None:
    """The (a) measurement, run in a subprocess by `measure`."""
    from underthesea import sent_tokenize, word_tokenize

    count = 0
    with gzip.open(archive, "rt", encoding="utf-8") as lines:
        for line in lines:
            if count >= limit:
                break
            record = json.loads(line)
            for sentence in sent_tokenize(f"{record['title']}\n\n{record['text']}"):
                word_tokenize(sentence)
            count += 1
    print(count)


def archive_stats(size: int) -> tuple[int, int]:
    """Articles and characters (title + text) of the archive of this size, whatever its format."""
    articles = chars = 0
    for record in make_archive.articles(size):
        articles += 1
        chars += len(record["text"]) + len(record["title"])
    return articles, chars


def row(label: str, size: int, articles: int, chars: int, result: dict) -> dict:
    seconds = result["seconds"]
    return {
        "run": label,
        "size": size,
        "articles": articles,
        "seconds": round(seconds, 2),
        "articles_s": round(articles / seconds, 1),
        "chars_s": round(chars / seconds),
        "rss_tree_mb": round(result["rss_tree_mb"]),
        "pss_tree_mb": round(result["pss_tree_mb"]),
        "rss_max_mb": round(result["rss_max_mb"]),
        "load": round(result["load_before"], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--baseline-size", type=int, default=1000)
    parser.add_argument(
        "--format",
        choices=["jsonl.gz", "warc.gz"],
        default="jsonl.gz",
        help="archive format for (b) and (c): JSON lines, or HTML pages in a WARC",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--baseline", type=Path, help=argparse.SUPPRESS)  # internal: run (a) on this archive
    args = parser.parse_args()
    if args.baseline:
        baseline(args.baseline, args.baseline_size)
        return

    args.out.mkdir(parents=True, exist_ok=True)
    print(f"machine: nproc={os.cpu_count()}, python {platform.python_version()}, {platform.platform()}", flush=True)
    rows: list[dict] = []
    base: dict | None = None
    for size in args.sizes:
        archive = args.out / f"archive-{size}.{args.format}"
        if not archive.exists():
            make_archive.write(size, archive, args.format)
        articles, chars = archive_stats(size)
        if base is None:
            base_archive = args.out / f"archive-{args.baseline_size}.jsonl.gz"  # (a) reads plain text records
            if not base_archive.exists():
                make_archive.write(args.baseline_size, base_archive)
            base_articles, base_chars = archive_stats(args.baseline_size)
            result = measure(
                [
                    sys.executable,
                    "bench/run.py",
                    "--baseline",
                    str(base_archive),
                    "--baseline-size",
                    str(args.baseline_size),
                ]
            )
            base = row("(a) underthesea baseline", base_articles, base_articles, base_chars, result)
            rows.append(base)
            print(json.dumps(base), flush=True)
        db = args.out / f"bench-{size}-{args.format.split('.')[0]}.duckdb"
        for leftover in (db, Path(f"{db}.wal")):
            leftover.unlink(missing_ok=True)
        extract = [sys.executable, "-m", "pipeline", "extract", str(archive), "--db", str(db), "--quiet"]
        first = row(f"(b) extract {args.format}", size, articles, chars, measure(extract))
        again = row(f"(c) re-run unchanged {args.format}", size, articles, chars, measure(extract))
        first["vs_baseline"] = round(first["articles_s"] / base["articles_s"], 2)
        again["vs_b_time"] = f"{100 * again['seconds'] / first['seconds']:.1f}%"
        rows += [first, again]
        print(json.dumps(first), flush=True)
        print(json.dumps(again), flush=True)
    (args.out / f"results-{args.format}.json").write_text(json.dumps(rows, indent=1))
    print()
    print(
        "| run | articles | seconds | articles/s | chars/s | peak RSS tree (MB) | peak PSS tree (MB) "
        "| largest process RSS (MB) | ratio | load avg before |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    for r in rows:
        ratio = (
            f"{r['vs_baseline']}x (a)" if "vs_baseline" in r else f"{r['vs_b_time']} of (b)" if "vs_b_time" in r else ""
        )
        print(
            f"| {r['run']} | {r['articles']} | {r['seconds']} | {r['articles_s']} | {r['chars_s']} | "
            f"{r['rss_tree_mb']} | {r['pss_tree_mb']} | {r['rss_max_mb']} | {ratio} | {r['load']} |"
        )


if __name__ == "__main__":
    main()
