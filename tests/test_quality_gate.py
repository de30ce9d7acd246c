"""The hand gold is a gate: every corpus/gold file is scored as `evaluate` scores it, and a kind
that drops below its floor fails CI. Floors sit just under the scores the rules reach today
(see README, Quality); raise them when the rules get better, never lower them to pass."""

from pathlib import Path

import pytest

from pipeline.api import extract
from pipeline.quality import evaluate
from pipeline.quality.keys import article_key

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "corpus" / "articles"
GOLD = ROOT / "corpus" / "gold"

F1_FLOORS = {"money": 0.99, "counts": 0.99, "officials": 0.99, "organizations": 0.975, "percents": 0.95, "dates": 0.985}
# Of the matched officials: the title, and the organization as written, equal the gold's.
TITLE_FLOOR = 0.95
ORGANIZATION_FLOOR = 0.85
# ... and organization_canonical, where the gold gives it (spec v2)
CANONICAL_FLOOR = 0.75


@pytest.fixture(scope="module")
def scores():
    gold = evaluate.load_gold(GOLD)
    predictions = {}
    for path in sorted(ARTICLES.glob("*.txt")):
        key = article_key(str(path))
        predictions[key] = extract(path.read_text(encoding="utf-8"), article_id=key)
    assert set(gold) <= set(predictions), "every gold file has its article"
    totals, _ = evaluate.evaluate(gold, predictions)
    return totals


@pytest.mark.parametrize("kind", sorted(F1_FLOORS))
def test_f1_stays_above_its_floor(scores, kind):
    assert scores[kind].f1 >= F1_FLOORS[kind], f"{kind}: F1 {scores[kind].f1:.3f} < {F1_FLOORS[kind]}"


def test_officials_titles_and_bodies_stay_right(scores):
    officials = scores["officials"]
    assert officials.title_ok / officials.tp >= TITLE_FLOOR
    assert officials.organization_ok / officials.tp >= ORGANIZATION_FLOOR
    assert officials.canonical_total and officials.canonical_ok / officials.canonical_total >= CANONICAL_FLOOR


# Money links (spec §7), on the matched amounts of the gold files that write them (c64-c151,
# 506 amounts). Each batch since c104 was scored as it came before any rule change for it (see
# corpus/BATCH_*.md; c140-c151 as it came: giver 0.76, recipients 0.86, purpose 0.84). Floors sit
# just under today's 0.858 / 0.953 / 0.885 over all of them, so a drop fails CI.
LINK_FLOORS = {"giver": 0.855, "recipients": 0.945, "purpose": 0.88}


@pytest.mark.parametrize("link", sorted(LINK_FLOORS))
def test_money_links_stay_above_their_floor(scores, link):
    money = scores["money"]
    assert money.links_scored[link], f"no gold file writes {link}"
    accuracy = money.link_accuracy(link)
    assert accuracy >= LINK_FLOORS[link], f"{link}: {accuracy:.3f} < {LINK_FLOORS[link]}"
