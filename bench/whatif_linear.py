"""What the four quadratic steps cost: the dense articles with linear versions patched in.

    python bench/whatif_linear.py --mb 0.1 0.3 1.0

The pipeline's code is not changed: copies of money.extract, counts.extract, percents.extract
and organizations._merge_partials with the fixes of BENCHMARKS.md are patched in at run time,
the facts are checked equal to the unpatched ones (on the smallest size), and process() is timed
(wall and CPU) with the patches.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from bisect import bisect_left
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import realistic  # noqa: E402

from pipeline.extractors import counts, money, organizations, percents  # noqa: E402
from pipeline.models import Percent  # noqa: E402
from pipeline.rules import load  # noqa: E402


def _overlaps(spans: list[tuple[int, int]], cursor: int, start: int, end: int) -> tuple[bool, int]:
    """Sorted, non-overlapping spans: skip those ending before `start`; overlap with the next?"""
    while cursor < len(spans) and spans[cursor][1] <= start:
        cursor += 1
    return cursor < len(spans) and spans[cursor][0] < end, cursor


def money_extract(doc):  # noqa: ANN001, ANN201
    patterns = money._patterns()
    facts, taken = [], []
    for match in patterns["currency"].finditer(doc.text):
        fact = money._to_fact(doc, match, "money.currency_word")
        if fact:
            facts.append(fact)
            taken.append((match.start(), match.end()))
    cursor = 0
    for match in patterns["context"].finditer(doc.text):
        hit, cursor = _overlaps(taken, cursor, match.start(), match.end())  # was: any(...) over all
        if hit:
            continue
        if patterns["foreign_after"].match(doc.text, match.end()):
            continue
        if not money._has_money_context(doc, match.start()) or not money._ends_clause(doc.text, match.end()):
            continue
        fact = money._to_fact(doc, match, "money.context_scaled")
        if fact:
            facts.append(fact)
    return sorted(facts, key=lambda fact: fact.char_start)


def counts_extract(doc, money_facts=None):  # noqa: ANN001, ANN201
    lex = counts._lexicon()
    money_facts = money_extract(doc) if money_facts is None else money_facts
    money_spans = sorted((fact.char_start, fact.char_end) for fact in money_facts)
    facts = []
    cursor = 0
    for match in counts._patterns()["number"].finditer(doc.text):
        hit, cursor = _overlaps(money_spans, cursor, match.start(), match.end())  # was: any(...) over all
        if hit:
            continue
        if counts._rejected_by_context(doc, match):
            continue
        unit = counts.unit_after(doc, match.end())
        if not unit:
            continue
        first = unit[0].text
        if first.lower() in lex["non_count"] or counts._non_count_name(first, lex):
            continue
        if match.group("spelled"):
            spelled = match.group("spelled").strip().lower()
            if not first[0].islower():
                continue
            if spelled in lex["ambiguous_spelled"] and not any(
                doc.text[unit[0].start : unit[-1].end].lower().startswith(noun) for noun in lex["spelled_nouns"]
            ):
                continue
            if match.group("spelled").strip().lower() == "một" or counts._inside_word(doc, match):
                continue
        elif first[0].isupper() and not counts._is_abbreviation(first.split()[0]):
            continue
        if counts._DIGITS_NEXT.match(doc.text, unit[0].end):
            continue
        fact = counts._to_fact(doc, match, unit)
        if fact:
            facts.append(fact)
    return facts


def percents_extract(doc):  # noqa: ANN001, ANN201
    lex = load(percents.LEXICON)
    skips = sorted(lex["skip_before_of"], key=len, reverse=True)  # once, not per match
    facts = []
    for trigger in percents._trigger_re().finditer(doc.text):
        sentence = doc.sentence_at(trigger.start())
        start = max(sentence.start, doc.text.rfind(" ", sentence.start, max(sentence.start, trigger.start() - 1)) + 1)
        end = min(sentence.end, trigger.end() + 60)
        spacy_doc, offsets = percents.sentence_doc(doc, start, end)
        if spacy_doc is None:
            continue
        for match_id, first, last in percents._matcher()(spacy_doc):
            begin, finish = offsets[first][0], offsets[last - 1][1]
            if not begin <= trigger.start() < finish:
                continue
            value = float(percents.parse_digits(spacy_doc[first].text))
            if value <= 0:
                continue
            of_start = finish
            head = doc.text[finish : finish + 64]  # was: doc.text[finish:], the rest of the article
            rest = head.lstrip(" ")
            lowered = rest.lower()
            for skip in skips:
                if lowered.startswith(skip + " "):
                    at = finish + (len(head) - len(rest))  # where the phrase starts in the text
                    of_start = doc.text.index(" ", at + len(skip) - 1)
                    break
            unit = percents.unit_after(doc, of_start)
            facts.append(
                Percent(
                    text=doc.text[begin:finish],
                    char_start=begin,
                    char_end=finish,
                    sentence=sentence.text,
                    rule=f"percents.{percents.vocab().strings[match_id]}",
                    value=value,
                    of=doc.text[unit[0].start : unit[-1].end] if unit else "",
                )
            )
    return facts


def merge_partials(canonicals: list[str]) -> dict[str, str]:
    lex = organizations._lex()
    distinct = sorted(set(canonicals), key=len)
    bare = {name: organizations._without_levels(name) for name in distinct}
    levels = {name: len(lex["level_re"].findall(name)) + (" cơ sở " in name) for name in distinct}
    by_bare: dict[str, list[str]] = {}
    for name in distinct:  # in length order, as the quadratic scan saw them
        by_bare.setdefault(bare[name], []).append(name)
    merged = {}
    for name in distinct:
        same = [o for o in by_bare[bare[name]] if levels[o] > levels[name]]  # was: a scan of all names
        if same:
            merged[name] = same[-1]
    distinct = [name for name in distinct if name not in merged]
    stripped = {name: name.replace(" cơ sở ", " ") for name in distinct}  # was: once per pair
    ordered = sorted((form, index, name) for index, (name, form) in enumerate(stripped.items()))
    forms = [form for form, _, _ in ordered]
    for name in distinct:
        prefix = stripped[name] + " "
        at = bisect_left(forms, prefix)
        longer = []
        while at < len(forms) and forms[at].startswith(prefix):
            longer.append(ordered[at])
            at += 1
        if len(longer) == 1:
            merged[name] = longer[0][2]
    return {name: merged.get(merged.get(name, name), merged.get(name, name)) for name in set(canonicals)}


def patch() -> None:
    import pipeline.api as api

    api.money.extract = money_extract
    api.counts.extract = counts_extract
    api.percents.extract = percents_extract
    organizations._merge_partials = merge_partials


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, nargs="+", default=[0.1, 0.3, 1.0])
    args = parser.parse_args()
    from pipeline.batch import runner
    from pipeline.ingest import RawArticle

    runner.warm_up()
    small = realistic.dense_article(0.005, seed=99)
    runner.process(RawArticle(source="warm-up", text=small["text"], title=small["title"]))
    originals = (money.extract, counts.extract, percents.extract, organizations._merge_partials)
    for index, megabytes in enumerate(args.mb):
        record = realistic.dense_article(megabytes)
        raw = RawArticle(source="dense", text=record["text"], title=record["title"])
        if index == 0:  # the patched code must give the same facts
            money.extract, counts.extract, percents.extract, organizations._merge_partials = originals
            _, before = runner.process(raw)
            patch()
            _, after = runner.process(raw)
            same = before.model_dump() == after.model_dump()
            print(json.dumps({"mb": megabytes, "facts_equal": same}), flush=True)
        patch()
        started, cpu = time.perf_counter(), time.process_time()
        runner.process(raw)
        print(
            json.dumps(
                {
                    "mb": megabytes,
                    "chars": len(record["text"]),
                    "wall": round(time.perf_counter() - started, 2),
                    "cpu": round(time.process_time() - cpu, 2),
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
