"""Do two versions of the code extract the same facts? The check for speed work.

    python bench/same_facts.py save /tmp/before.jsonl     # on the code before a change
    python bench/same_facts.py check /tmp/before.jsonl    # on the code after it: lists every difference

The articles: the corpus (corpus/articles), the first COUNT articles of bench/realistic.py's
archive (sentences that never repeat, so every tokenizer window is new) and one dense 0.1 MB
article. The goldens cover only the corpus; a speed change that alters a tokenizer window's
answer shows on the generated articles first. Exit status 1 when anything differs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import realistic  # noqa: E402

from pipeline.batch.runner import process  # noqa: E402
from pipeline.ingest import RawArticle  # noqa: E402


def _articles(count: int):  # noqa: ANN202
    for path in sorted((ROOT / "corpus" / "articles").glob("*.txt")):
        yield path.stem, RawArticle(source=path.name, text=path.read_text(encoding="utf-8"))
    for index, record in enumerate(realistic.articles(count)):
        yield f"real-{index}", RawArticle(source=f"real-{index}", text=record["text"], title=record["title"])
    dense = realistic.dense_article(0.1)
    yield "dense-0.1", RawArticle(source="dense-0.1", text=dense["text"], title=dense["title"])


def _facts(count: int) -> tuple[dict[str, dict], float]:
    out: dict[str, dict] = {}
    started = time.process_time()
    for key, raw in _articles(count):
        result = process(raw)
        if isinstance(result, tuple):
            out[key] = json.loads(result[1].model_dump_json())
        else:
            out[key] = {"error": str(result)}
    return out, time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["save", "check"])
    parser.add_argument("path", type=Path)
    parser.add_argument("--count", type=int, default=1000, help="generated articles (default 1000)")
    args = parser.parse_args()
    facts, cpu = _facts(args.count)
    print(f"{len(facts)} articles, {cpu:.1f} s CPU", file=sys.stderr)
    if args.mode == "save":
        args.path.write_text("\n".join(json.dumps({"id": k, "facts": v}, ensure_ascii=False) for k, v in facts.items()))
        return
    before = {row["id"]: row["facts"] for row in map(json.loads, args.path.read_text().splitlines())}
    differ = 0
    unmatched = sorted(set(before) ^ set(facts))
    if unmatched:
        print(f"not compared (in one run only): {' '.join(unmatched)}")
    for key in sorted(set(before) & set(facts)):
        old, new = before[key], facts[key]
        if old == new:
            continue
        differ += 1
        for kind in sorted(k for k in set(old) | set(new) if isinstance(old.get(k, new.get(k)), list)):
            was, now = old.get(kind, []), new.get(kind, [])
            if was == now:
                continue
            gone = [f for f in was if f not in now]
            added = [f for f in now if f not in was]
            print(f"{key} {kind}: -{len(gone)} +{len(added)}")
            for fact in gone[:3]:
                print(f"   - {fact.get('text')!r} {fact.get('rule')}")
            for fact in added[:3]:
                print(f"   + {fact.get('text')!r} {fact.get('rule')}")
    print(f"{differ} of {len(facts)} articles differ")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
