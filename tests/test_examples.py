"""Runs every example in rules/<kind>/examples.yaml (Duckling-style: the tests are the examples)."""

import pytest
import yaml

from pipeline import extract
from pipeline.lexicon import DEFAULT_RULES_DIR as RULES_DIR

KINDS = ("money", "counts", "officials", "organizations", "percents")


def _examples():
    for kind in KINDS:
        path = RULES_DIR / kind / "examples.yaml"
        if not path.exists():
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for section, items in data.items():
            for index, item in enumerate(items or []):
                yield pytest.param(kind, item, id=f"{kind}-{section}-{index}")


def _project(fact, fields):
    return {field: getattr(fact, field) for field in fields}


@pytest.mark.parametrize("kind,example", list(_examples()))
def test_example(kind, example):
    facts = getattr(extract(example["text"]), kind)
    expected = example.get("expect", [])
    if kind == "organizations":
        # One organization per canonical name, in order of first mention.
        seen, distinct = set(), []
        for fact in facts:
            if fact.canonical not in seen:
                seen.add(fact.canonical)
                distinct.append(fact)
        facts = distinct
    # Each expected entry names the fields it checks; a fact is compared on those only.
    got = [_project(fact, entry) for fact, entry in zip(facts, expected)]
    got += [fact.text for fact in facts[len(expected) :]]
    want = [dict(entry) for entry in expected]
    assert got == want, f"text: {example['text']!r}"
