"""Speed on real-like archives (issue 12): every figure side by side, measured in one run.

    python bench/speed.py                                   # 1k and 10k, dense 0.1/0.3/1 MB
    python bench/speed.py --sizes 1000 10000 --memory-sizes 50000 --write-md   # what BENCHMARKS.md shows

The archives come from bench/realistic.py (sentences do not repeat across articles, 1,100-3,000
characters an article), so the tokenizer's caches hit as often as they would on a real archive;
they are left as they are (no clearing, no warming). Each measurement is its own subprocess:
wall time of the whole process (interpreter start and imports included), CPU time (user +
system, summed over the process tree: less sensitive to a busy machine), peak memory sampled
every 250 ms with psutil over the process tree (PSS summed: pages shared by forked workers are
shared out; RSS of the largest process), and the 1-minute load average before and after.

For every size in --sizes:
  (a) baseline: underthesea sent_tokenize + word_tokenize over every sentence, one process;
  (b) `extract ARCHIVE --workers 1` into a fresh database;
  (c) `extract ARCHIVE` with defaults (--workers = all cores) into a fresh database;
  (d) the defaults again over the unchanged archive (everything skipped);
  (e) the machine's own ceiling for two processes: two copies of (a) started together. Two
      workers cannot beat 2 x (a) / (e) of one: on a machine whose two cores slow each other
      down (shared host cores, a lower clock with both busy) that is well under 2.
Then single dense articles (--dense MB ...: amounts, counts, people and bodies packed one after
another), each through `process()` in-process after a warm-up, to show whether time is linear.
Last, for every size in --memory-sizes, only (c) and (d) (peak memory must stay flat).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import shlex
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import realistic  # noqa: E402  (a sibling script, not a package)

MD_BEGIN, MD_END = "<!-- speed.py:begin -->", "<!-- speed.py:end -->"


def measure(command: list[str], timeout: float | None = None) -> dict:
    """Run a command; wall seconds, peak PSS (process tree), largest RSS, load before and after."""
    import psutil

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    load_before = os.getloadavg()[0]  # a shared machine: other work skews timings, so it is recorded
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    parent = psutil.Process(process.pid)
    peak_pss = peak_one = 0
    cpu: dict[tuple[int, float], float] = {}  # last user+system seconds seen per process of the tree
    timed_out = False
    while process.poll() is None:
        if timeout and time.perf_counter() - started > timeout:
            process.kill()
            timed_out = True
            break
        rss, pss = [], []
        try:
            members = [parent, *parent.children(recursive=True)]
        except psutil.Error:
            members = [parent]
        for member in members:
            try:
                info = member.memory_full_info()
                times = member.cpu_times()
                cpu[(member.pid, member.create_time())] = times.user + times.system
            except psutil.Error:
                continue
            rss.append(info.rss)
            pss.append(getattr(info, "pss", info.rss))
        if rss:
            peak_pss, peak_one = max(peak_pss, sum(pss)), max(peak_one, max(rss))
        # 250 ms: reading every process's smaps every 50 ms took 16-18% of a core, stolen from the run
        # measured on a 2-core machine; memory grows slowly enough for the peak to be seen at 250 ms
        time.sleep(0.25)
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # every waited-for process of the tree, to its end
    waited = (children.ru_utime - children_before.ru_utime) + (children.ru_stime - children_before.ru_stime)
    if not timed_out and process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-2000:]}")
    return {
        "seconds": seconds,
        # CPU time moves less than wall time with the machine's load; the samples miss a process's
        # last 250 ms, the kernel's count of waited-for children does not
        "cpu_seconds": max(waited, sum(cpu.values())),
        "pss_tree_mb": peak_pss / 2**20,
        "rss_max_mb": peak_one / 2**20,
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
        "timed_out": timed_out,
        "stdout": stdout,
        "stderr_tail": stderr[-500:],
    }


def dense_one(archive: Path) -> None:
    """Internal (--dense-one): time process() on the one article of `archive`, after a warm-up."""
    import gzip

    started = time.perf_counter()
    from pipeline.batch.runner import process, warm_up
    from pipeline.ingest import RawArticle

    warm_up()
    # a small dense article of another seed loads what warm_up() leaves lazy (spaCy for percents)
    small = realistic.dense_article(0.005, seed=99)
    process(RawArticle(source="warm-up", text=small["text"], title=small["title"]))
    ready = time.perf_counter()
    record = json.loads(gzip.open(archive, "rt", encoding="utf-8").readline())
    raw = RawArticle(source=str(archive), text=record["text"], title=record["title"], url=record["url"])
    begin = time.perf_counter()
    article, facts = process(raw)
    seconds = time.perf_counter() - begin
    counts = {kind: len(getattr(facts, kind)) for kind in ("money", "counts", "officials", "organizations", "percents")}
    print(json.dumps({"startup": ready - started, "process": seconds, "chars": len(article.text), "facts": counts}))


def _row(run: str, size: int, articles: int, chars: int, result: dict) -> dict:
    return {
        "run": run,
        "size": size,
        "articles": articles,
        "seconds": round(result["seconds"], 2),
        "cpu_seconds": round(result["cpu_seconds"], 1),
        "articles_s": round(articles / result["seconds"], 1),
        "chars_s": round(chars / result["seconds"]),
        "pss_tree_mb": round(result["pss_tree_mb"]),
        "rss_max_mb": round(result["rss_max_mb"]),
        "load": f"{result['load_before']:.1f} / {result['load_after']:.1f}",
    }


def archive_runs(size: int, out: Path, full: bool, log, base: dict | None = None) -> list[dict]:  # noqa: ANN001
    """The runs over one archive; with `base` (a baseline row measured earlier in this run on a
    smaller archive) the baseline is scaled from it instead of measured: underthesea keeps no
    cache between sentences, so its time is linear in the articles."""
    archive = out / f"real-{size}.jsonl.gz"
    if not archive.exists():
        realistic.write(realistic.articles(size), archive)
    stats = realistic.distinct_share(realistic.articles(size))
    articles, chars = stats["articles"], stats["chars"]
    log(f"archive {archive}: {json.dumps(stats)}")
    extract = [sys.executable, "-m", "pipeline", "extract", str(archive), "--quiet"]
    rows = []

    def fresh(name: str) -> list[str]:
        db = out / f"{name}-{size}.duckdb"
        for leftover in (db, Path(f"{db}.wal")):
            leftover.unlink(missing_ok=True)
        return ["--db", str(db)]

    if full and base is None:
        command = [sys.executable, "bench/run.py", "--baseline", str(archive), "--baseline-size", str(size)]
        rows.append(_row("(a) baseline: sent_tokenize + word_tokenize", size, articles, chars, measure(command)))
        log(rows[-1])
        both = " & ".join([shlex.join(command)] * 2) + " & wait"
        ceiling = _row("(e) two copies of (a) at once", size, 2 * articles, 2 * chars, measure(["sh", "-c", both]))
        ceiling["ratio"] = f"{2 * rows[-1]['seconds'] / ceiling['seconds']:.2f}x (a): the most 2 workers can give"
        log(ceiling)
    elif full:
        scale = articles / base["articles"]
        scaled = {
            "seconds": base["seconds"] * scale,
            "cpu_seconds": base["cpu_seconds"] * scale,
            "pss_tree_mb": base["pss_tree_mb"],
            "rss_max_mb": base["rss_max_mb"],
            "load_before": 0.0,
            "load_after": 0.0,
        }
        label = f"(a) baseline, scaled x{scale:g} from its {base['articles']}-article measurement above"
        rows.append(_row(label, size, articles, chars, scaled) | {"load": "(as above)"})
        log(rows[-1])
    if full:
        one = measure([*extract, *fresh("w1"), "--workers", "1"])
        rows.append(_row("(b) extract --workers 1", size, articles, chars, one))
        log(rows[-1])
    db = fresh("defaults")
    label = f"(c) extract defaults (--workers {os.cpu_count()})"
    rows.append(_row(label, size, articles, chars, measure(extract + db)))
    log(rows[-1])
    rows.append(_row("(d) re-run unchanged (defaults)", size, articles, chars, measure(extract + db)))
    log(rows[-1])
    by = {row["run"][:3]: row for row in rows}
    by["(d)"]["ratio"] = f"{100 * by['(d)']['seconds'] / by['(c)']['seconds']:.1f}% of (c)"
    if full:
        for key in ("(b)", "(c)"):
            by[key]["ratio"] = f"{by['(a)']['seconds'] / by[key]['seconds']:.2f}x (a)"
            by[key]["cpu_ratio"] = f"{by['(a)']['cpu_seconds'] / by[key]['cpu_seconds']:.2f}x (a)"
        by["(c)"]["ratio"] += f", {by['(b)']['seconds'] / by['(c)']['seconds']:.2f}x (b)"
    if full and base is None:
        rows.append(ceiling)
    for row in rows:
        row["distinct"] = f"{100 * stats['distinct_share']:.1f}%"
    return rows


def dense_runs(sizes: list[float], out: Path, timeout: float, log) -> list[dict]:  # noqa: ANN001
    rows = []
    for megabytes in sizes:
        archive = out / f"dense-{megabytes}mb.jsonl.gz"
        if not archive.exists():
            realistic.write(iter([realistic.dense_article(megabytes)]), archive)
        result = measure([sys.executable, "bench/speed.py", "--dense-one", str(archive)], timeout=timeout)
        if result["timed_out"]:
            row = {"mb": megabytes, "process": f"> {timeout:.0f}", "chars": "", "facts": "", "startup": ""}
        else:
            inner = json.loads(result["stdout"].strip().splitlines()[-1])
            row = {
                "mb": megabytes,
                "chars": inner["chars"],
                "process": round(inner["process"], 2),
                "startup": round(inner["startup"], 2),
                "facts": sum(inner["facts"].values()),
                "by_kind": inner["facts"],
            }
        row["pss_tree_mb"] = round(result["pss_tree_mb"])
        row["load"] = f"{result['load_before']:.1f} / {result['load_after']:.1f}"
        rows.append(row)
        log(row)
    for row, previous in zip(rows[1:], rows):
        if isinstance(row["process"], float) and isinstance(previous["process"], float):
            growth = row["process"] / previous["process"]
            size_ratio = row["chars"] / previous["chars"]
            # exponent k in time ~ size^k between consecutive sizes: 1 linear, 2 quadratic
            row["exponent"] = round(math.log(growth) / math.log(size_ratio), 2)
    return rows


def markdown(archive_rows: list[dict], dense_rows: list[dict], machine: str, started: str) -> str:
    lines = [
        f"Measured {started} by `python bench/speed.py` ({machine}). Load = 1-minute load average "
        "before / after each measurement (2 cores: 2.0 means both already busy).",
        "",
        "| run | articles | wall s | articles/s | chars/s | ratio (wall) | CPU s | ratio (CPU) | peak PSS tree (MB) "
        "| largest RSS (MB) | distinct sentences | load |",
        "|---|---:|---:|---:|---:|---|---:|---|---:|---:|---:|---|",
    ]
    for r in archive_rows:
        lines.append(
            f"| {r['run']} | {r['articles']} | {r['seconds']} | {r['articles_s']} | {r['chars_s']} | "
            f"{r.get('ratio', '')} | {r['cpu_seconds']} | {r.get('cpu_ratio', '')} | {r['pss_tree_mb']} | "
            f"{r['rss_max_mb']} | {r['distinct']} | {r['load']} |"
        )
    lines += [
        "",
        "Dense single articles (`process()` in-process after a warm-up: normalize, segment, extract; "
        "no database). Exponent k: time grows as size^k from the row above (1 = linear, 2 = quadratic).",
        "",
        "| article | characters | facts | seconds | exponent k | peak PSS (MB) | load |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in dense_rows:
        lines.append(
            f"| dense {r['mb']} MB | {r['chars']} | {r['facts']} | {r['process']} | {r.get('exponent', '')} | "
            f"{r['pss_tree_mb']} | {r['load']} |"
        )
    return "\n".join(lines)


def write_md(block: str) -> None:
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8")
    if MD_BEGIN in text:
        head, rest = text.split(MD_BEGIN, 1)
        text = head + MD_BEGIN + "\n" + block + "\n" + MD_END + rest.split(MD_END, 1)[1]
    else:
        text += f"\n{MD_BEGIN}\n{block}\n{MD_END}\n"
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--memory-sizes", type=int, nargs="*", default=[])
    parser.add_argument(
        "--baseline-sizes",
        type=int,
        nargs="*",
        help="measure the baseline only at these sizes; larger ones scale the last measured (default: all)",
    )
    parser.add_argument("--dense", type=float, nargs="*", default=[0.1, 0.3, 1.0])
    parser.add_argument("--dense-timeout", type=float, default=900)
    parser.add_argument("--out", type=Path, default=Path("/tmp/union-bench"), help="archives and databases")
    parser.add_argument("--write-md", action="store_true", help="put the tables into BENCHMARKS.md")
    parser.add_argument("--dense-one", type=Path, help=argparse.SUPPRESS)  # internal: one dense measurement
    args = parser.parse_args()
    if args.dense_one:
        dense_one(args.dense_one)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    machine = f"nproc={os.cpu_count()}, Python {platform.python_version()}, {platform.platform()}"
    log_path = args.out / "speed.log"

    def log(item: object) -> None:
        line = item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)
        print(line, flush=True)
        with log_path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")

    log(f"start {started}: {machine}")
    archive_rows: list[dict] = []
    dense_rows: list[dict] = []

    def save() -> str:  # after every phase, so a run stopped during the 50k phase keeps the rest
        block = markdown(archive_rows, dense_rows, machine, started)
        (args.out / "speed.json").write_text(json.dumps({"archives": archive_rows, "dense": dense_rows}, indent=1))
        if args.write_md:
            write_md(block)
        return block

    base = None
    for size in args.sizes:
        archive_rows += archive_runs(size, args.out, full=True, log=log, base=base)
        if args.baseline_sizes is not None and size in args.baseline_sizes:
            # the baseline row just measured: later sizes scale it
            base = next(row for row in reversed(archive_rows) if row["run"].startswith("(a)"))
        save()
    dense_rows = dense_runs(args.dense, args.out, args.dense_timeout, log)
    save()
    for size in args.memory_sizes:
        archive_rows += archive_runs(size, args.out, full=False, log=log)
        save()
    print()
    print(save())


if __name__ == "__main__":
    main()
