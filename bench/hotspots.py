"""Where the time goes: cProfile of a real-like run and of dense articles.

    python bench/hotspots.py articles --count 300      # `extract --workers 1`, in-process, by category
    python bench/hotspots.py dense --mb 0.1 0.3        # hot functions of dense articles, and how they grow
    python bench/hotspots.py stages --mb 0.1 0.3 1.0   # each extractor's wall time on dense articles

`articles` runs `runner.run(..., workers=1)` (what `extract --workers 1` does) in a fresh
interpreter on the first COUNT articles of bench/realistic.py's archive, twice: once plain
(wall times of the phases) and once under cProfile (the split by category). Categories are
inclusive and nest (CRF is inside word_tokenize and pos_tag; the extractors include the
underthesea calls they make). The profiler slows Python code more than C code, so shares of
pure-Python work are somewhat overstated; the plain wall times are the reference.

`dense` profiles `process()` on one dense article per size after a warm-up and lists the
functions by own time, with how much each grew from the previous size: a function whose time
grows with the square of the size is the quadratic step.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import realistic  # noqa: E402

OUT = Path("/tmp/union-bench")


def _stats(profile: cProfile.Profile) -> dict:
    return pstats.Stats(profile).stats  # {(file, line, name): (cc, nc, tt, ct, callers)}


def _cum(stats: dict, file_part: str, name: str) -> float:
    return sum(v[3] for (f, _, n), v in stats.items() if file_part in f and n == name)


def _calls(stats: dict, file_part: str, name: str) -> int:
    return sum(v[1] for (f, _, n), v in stats.items() if file_part in f and n == name)


def _builtin(stats: dict, part: str, field: int = 3) -> float:
    return sum(v[field] for (f, _, n), v in stats.items() if f == "~" and part in n)


def _cum_from(stats: dict, file_part: str, name: str, caller_part: str) -> float:
    """Cumulative time of a function over the calls made from callers whose file matches."""
    total = 0.0
    for (f, _, n), v in stats.items():
        if file_part in f and n == name:
            total += sum(edge[3] for (cf, _, _), edge in v[4].items() if caller_part in cf)
    return total


def inner_articles(count: int, profiled: bool) -> None:
    """Internal: one run in this fresh interpreter; prints JSON. Start-up (imports, the first
    article's model loading) and the run are profiled apart, so the run's categories hold no
    one-off cost."""
    import psutil

    interpreter = time.time() - psutil.Process().create_time()
    archive = OUT / f"real-{count}.jsonl.gz"
    db = OUT / f"profile-{count}-{'p' if profiled else 'plain'}.duckdb"
    for leftover in (db, Path(f"{db}.wal")):
        leftover.unlink(missing_ok=True)
    startup, run = cProfile.Profile(), cProfile.Profile()
    if profiled:
        startup.enable()
    t0 = time.perf_counter()
    from pipeline.batch import runner
    from pipeline.ingest import RawArticle

    t1 = time.perf_counter()
    runner.warm_up()  # what the first article pays in a --workers 1 run: models, rules, patterns
    small = realistic.dense_article(0.005, seed=99)  # a percent sign: loads spaCy too
    runner.process(RawArticle(source="warm-up", text=small["text"], title=small["title"]))
    t2 = time.perf_counter()
    if profiled:
        startup.disable()
        run.enable()
    c2 = time.process_time()
    summary = runner.run([str(archive)], db, workers=1, quiet=True)
    t3 = time.perf_counter()
    run.disable()
    cpu_run = time.process_time() - c2  # a busy machine stretches wall time; CPU time less so
    result = {
        "articles": summary.articles,
        "interpreter": interpreter,
        "imports": t1 - t0,
        "warm_up": t2 - t1,
        "run": t3 - t2,
        "cpu_run": cpu_run,
        "cpu_total": time.process_time(),
    }
    if profiled:
        s = _stats(startup)
        result["startup"] = {
            "imports (pipeline, pydantic, duckdb, pyarrow, regex ...)": t1 - t0,
            "spaCy import (`import spacy`, at the first percent)": _cum(s, "spacy/__init__.py", "<module>"),
            "spaCy blank vocab": _cum(s, "spacy_doc.py", "vocab"),
            "underthesea import": _cum(s, "underthesea/__init__.py", "<module>"),
            "underthesea word model load (FastCRFSequenceTagger.load)": _cum(s, "fast_crf_sequence_tagger.py", "load"),
            "underthesea POS model load": _cum(s, "pos_tag/model_crf.py", "__init__"),
            "underthesea sentence model load": _cum(s, "sent_tokenize/__init__.py", "_load_model"),
            "rules: YAML load and regex compile": _cum(s, "pipeline/rules.py", "load")
            + _builtin(s, "_regex.compile", field=3),
        }
        s = _stats(run)
        result["categories"] = {
            "main process: reading, decoding, hashing, skip check": _cum(s, "batch/runner.py", "pending_articles"),
            "normalize_text": _cum(s, "text/normalize.py", "normalize_text"),
            "underthesea sent_tokenize": _cum(s, "sent_tokenize/__init__.py", "sent_tokenize"),
            "underthesea word_tokenize (all calls)": _cum(s, "word_tokenize/__init__.py", "word_tokenize"),
            "  of which called by the pipeline directly": _cum_from(
                s, "word_tokenize/__init__.py", "word_tokenize", "text/segment.py"
            ),
            "  of which inside pos_tag": _cum_from(s, "word_tokenize/__init__.py", "word_tokenize", "pos_tag"),
            "underthesea pos_tag (its word_tokenize included)": _cum(s, "pos_tag/__init__.py", "pos_tag"),
            "CRF: underthesea_core CRFTagger.tag (in word_tokenize and pos_tag)": _builtin(
                s, "'tag' of 'builtins.CRFTagger'"
            ),
            "CRF: features (CRFFeaturizer.process + POS word2features)": _builtin(
                s, "'process' of 'builtins.CRFFeaturizer'"
            )
            + _cum(s, "pos_tag/model_crf.py", "transform"),
            "regex: pipeline's `regex` calls (own time; finditer's iteration not seen)": _builtin(
                s, "of '_regex.Pattern' objects", field=2
            ),
            "pydantic validation (BaseModel.__init__)": _cum(s, "pydantic/main.py", "__init__"),
            "spaCy Doc + Matcher (percents; its words_in tokenization not included)": _cum(
                s, "spacy_doc.py", "sentence_doc"
            )
            - _cum_from(s, "text/segment.py", "words_in", "spacy_doc.py")
            + _builtin(s, "Matcher", field=3),
            "word_tokenize windows: counts.unit_after": _cum_from(s, "text/segment.py", "words_in", "counts.py"),
            "word_tokenize windows: percents (sentence_doc)": _cum_from(
                s, "text/segment.py", "words_in", "spacy_doc.py"
            ),
            "word_tokenize windows: organizations (_extend_word, _person_cut, _inside_word)": _cum_from(
                s, "text/segment.py", "tokenize_words", "organizations.py"
            ),
            "word_tokenize windows: counts._inside_word": _cum_from(
                s, "text/segment.py", "tokenize_words", "counts.py"
            ),
            "pos_tag windows: organizations (_verb_between, _nouns_only)": _cum_from(
                s, "text/segment.py", "pos_tags", "organizations.py"
            ),
            "DuckDB writes (store.write_batch)": _cum(s, "batch/store.py", "write_batch"),
            "money.extract": _cum(s, "extractors/money.py", "extract"),
            "counts.extract (money facts passed in)": _cum(s, "extractors/counts.py", "extract"),
            "officials.extract": _cum(s, "extractors/officials.py", "extract"),
            "organizations.extract": _cum(s, "extractors/organizations.py", "extract"),
            "percents.extract": _cum(s, "extractors/percents.py", "extract"),
        }
        result["calls"] = {
            "word_tokenize": _calls(s, "word_tokenize/__init__.py", "word_tokenize"),
            "pos_tag": _calls(s, "pos_tag/__init__.py", "pos_tag"),
            "sent_tokenize": _calls(s, "sent_tokenize/__init__.py", "sent_tokenize"),
        }
        result["profiled_run"] = t3 - t2
        result["profiled_startup"] = t2 - t0
        run.dump_stats(str(OUT / f"articles-{count}.prof"))
    print(json.dumps(result))


def articles(count: int) -> str:
    archive = OUT / f"real-{count}.jsonl.gz"
    if not archive.exists():
        realistic.write(realistic.articles(count), archive)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = {}
    for mode in ("plain", "profiled"):
        load = os.getloadavg()[0]
        command = [sys.executable, "bench/hotspots.py", "--inner", mode, "--count", str(count)]
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
        runs[mode] = json.loads(done.stdout.strip().splitlines()[-1]) | {"load": load}
    plain, prof = runs["plain"], runs["profiled"]
    wall = plain["interpreter"] + plain["imports"] + plain["warm_up"] + plain["run"]
    lines = [
        f"`python bench/hotspots.py articles --count {count}`: `runner.run(workers=1)` in-process on "
        f"{plain['articles']} articles of the real-like archive (load {plain['load']:.1f} / {prof['load']:.1f}).",
        "",
        "Plain run (no profiler), wall seconds:",
        "",
        "| phase | seconds | share |",
        "|---|---:|---:|",
    ]
    for label, key in (
        ("interpreter start (before the script's first line)", "interpreter"),
        ("imports (pipeline, pydantic, duckdb, pyarrow, regex ...)", "imports"),
        ("model loading: first article's underthesea models, rules, patterns, spaCy", "warm_up"),
        (f"extracting {plain['articles']} articles (read, extract, write)", "run"),
    ):
        lines.append(f"| {label} | {plain[key]:.2f} | {100 * plain[key] / wall:.1f}% |")
    per_article = 1000 * plain["run"] / max(plain["articles"], 1)
    lines += [
        f"| **total** | **{wall:.2f}** | {per_article:.1f} ms an article once started |",
        "",
        f"CPU time of the plain run: {plain['cpu_total']:.1f} s in all, {plain['cpu_run']:.1f} s for the articles: "
        f"{1000 * plain['cpu_run'] / max(plain['articles'], 1):.1f} ms CPU an article.",
        "",
        f"Profiled start-up (cProfile; {prof['profiled_startup']:.1f} s after the interpreter's own "
        f"{prof['interpreter']:.1f} s), inclusive:",
        "",
        "| start-up before the first article | seconds | share of start-up |",
        "|---|---:|---:|",
    ]
    for label, seconds in prof["startup"].items():
        lines.append(f"| {label} | {seconds:.2f} | {100 * seconds / prof['profiled_startup']:.1f}% |")
    run_total = prof["profiled_run"]
    lines += [
        "",
        f"Profiled run over the {plain['articles']} articles (cProfile; {run_total:.1f} s, "
        f"{1000 * run_total / max(plain['articles'], 1):.0f} ms an article). Inclusive categories that nest "
        "(CRF is inside word_tokenize and pos_tag; an extractor includes the underthesea calls it makes):",
        "",
        "| where an article's time goes | seconds | share of the run |",
        "|---|---:|---:|",
    ]
    for label, seconds in prof["categories"].items():
        lines.append(f"| {label} | {seconds:.2f} | {100 * seconds / run_total:.1f}% |")
    calls = prof["calls"]
    lines += [
        "",
        f"Calls: word_tokenize {calls['word_tokenize']}, pos_tag {calls['pos_tag']}, sent_tokenize "
        f"{calls['sent_tokenize']} ({calls['word_tokenize'] / max(plain['articles'], 1):.0f} word_tokenize calls an "
        "article, cache misses only).",
    ]
    return "\n".join(lines)


def inner_dense(megabytes: float, top: int) -> None:
    from pipeline.batch import runner
    from pipeline.ingest import RawArticle

    runner.warm_up()
    small = realistic.dense_article(0.005, seed=99)
    runner.process(RawArticle(source="warm-up", text=small["text"], title=small["title"]))
    record = realistic.dense_article(megabytes)
    raw = RawArticle(source="dense", text=record["text"], title=record["title"])
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    runner.process(raw)
    profile.disable()
    seconds = time.perf_counter() - started
    rows = []
    for (f, line, name), (_, calls, tt, ct, _) in _stats(profile).items():
        if tt > 0.005 or ct > 0.05:
            short = f.split("site-packages/")[-1].replace(str(ROOT) + "/", "")
            rows.append({"fn": f"{short}:{line}:{name}", "calls": calls, "tt": round(tt, 3), "ct": round(ct, 3)})
    rows.sort(key=lambda r: -r["tt"])
    print(json.dumps({"mb": megabytes, "chars": len(record["text"]), "seconds": seconds, "rows": rows[: top * 4]}))


def dense(sizes: list[float], top: int) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    results = []
    for megabytes in sizes:
        load = os.getloadavg()[0]
        command = [sys.executable, "bench/hotspots.py", "--inner", "dense", "--mb", str(megabytes), "--top", str(top)]
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]) | {"load": load})
    lines = []
    for index, result in enumerate(results):
        previous = {r["fn"]: r for r in results[index - 1]["rows"]} if index else {}
        scale = result["chars"] / results[index - 1]["chars"] if index else 0
        lines += [
            "",
            f"Dense {result['mb']} MB ({result['chars']} characters): {result['seconds']:.1f} s under cProfile "
            f"(load {result['load']:.1f})" + (f"; size x{scale:.1f} from the previous" if index else ""),
            "",
            "| function | calls | own s | cumulative s | own time growth |",
            "|---|---:|---:|---:|---:|",
        ]
        for row in result["rows"][:top]:
            before = previous.get(row["fn"])
            growth = f"x{row['tt'] / before['tt']:.1f}" if before and before["tt"] > 0 else ""
            lines.append(f"| `{row['fn']}` | {row['calls']} | {row['tt']} | {row['ct']} | {growth} |")
    return "\n".join(lines)


def inner_stages(megabytes: float) -> None:
    """Internal: wall time of each stage of process() on one dense article, without a profiler."""
    from pipeline import lexicon as lexicons
    from pipeline.api import COMPONENTS, extract_document
    from pipeline.batch import runner
    from pipeline.ingest import RawArticle
    from pipeline.text.document import segment
    from pipeline.text.normalize import normalize_text

    runner.warm_up()
    small = realistic.dense_article(0.005, seed=99)
    runner.process(RawArticle(source="warm-up", text=small["text"], title=small["title"]))
    record = realistic.dense_article(megabytes)
    lexicon = lexicons.default()
    times: dict[str, float] = {}

    cpu: dict[str, float] = {}

    def timed(name: str, action):  # noqa: ANN001, ANN202
        started, cpu_started = time.perf_counter(), time.process_time()
        result = action()
        times[name] = round(time.perf_counter() - started, 2)
        cpu[name] = round(time.process_time() - cpu_started, 2)  # less moved by a busy machine
        return result

    text = timed("normalize_text", lambda: normalize_text(record["text"]))
    doc = timed("segment (sent_tokenize per line)", lambda: segment(text, title=record["title"]))
    for component in COMPONENTS:  # in dependency order, each kind's facts stored as the registry does
        facts = timed(f"{component.kind}.extract", lambda c=component: c.extract(doc, lexicon))
        doc.facts[component.kind] = facts
        if component.updates:
            doc.facts[component.updates] = facts
    # the same again through extract_document: models (pydantic) built once more, caches now warm
    timed("extract_document again (warm word caches)", lambda: extract_document(doc, "x"))
    print(json.dumps({"mb": megabytes, "chars": len(text), "times": times, "cpu": cpu}))


def stages(sizes: list[float]) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    results = []
    for megabytes in sizes:
        load = os.getloadavg()[0]
        command = [sys.executable, "bench/hotspots.py", "--inner", "stages", "--mb", str(megabytes)]
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]) | {"load": load})
    names = list(results[0]["times"])
    header = " | ".join(f"{r['mb']} MB ({r['chars']} chars, load {r['load']:.1f})" for r in results)
    lines = [
        f"| stage: wall s / CPU s, no profiler | {header} |",
        "|---|" + "---:|" * len(results),
    ]
    for name in names:
        cells = [f"{r['times'][name]} / {r['cpu'][name]}" for r in results]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    # every stage but the last row (extract_document again, a second pass over warm caches)
    totals = [f"{sum(list(r['times'].values())[:-1]):.1f} / {sum(list(r['cpu'].values())[:-1]):.1f}" for r in results]
    lines.append("| **process() stages in all** | " + " | ".join(totals) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", nargs="?", choices=["articles", "dense", "stages"], default="articles")
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--mb", type=float, nargs="+", default=[0.3, 1.0])
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--inner", choices=["plain", "profiled", "dense", "stages"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.inner == "dense":
        inner_dense(args.mb[0], args.top)
    elif args.inner == "stages":
        inner_stages(args.mb[0])
    elif args.mode == "stages":
        print(stages(args.mb))
    elif args.inner:
        inner_articles(args.count, args.inner == "profiled")
    else:
        print(articles(args.count) if args.mode == "articles" else dense(args.mb, args.top))


if __name__ == "__main__":
    main()
