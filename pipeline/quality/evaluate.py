"""Precision, recall and F1 per kind against gold files (spec § Scoring).

Matching rules, kind by kind:
- money: multisets of amount_vnd;
- counts: equal values, and the gold unit's first word occurs in the predicted unit;
- officials: by name, case- and space-insensitive (title and organization accuracy
  reported on the matched ones);
- organizations: by canonical name, or a predicted surface equal to the gold canonical.
A prediction that matches no gold entry but equals an entry of the gold file's
"ignore" block is dropped: neither rewarded nor punished.

Money links (v2): on the money pairs matched above (by amount, in order of occurrence),
the share whose giver (canonical, case-insensitive, empty equals empty), recipients (value
and the unit's first word, none equals none), purpose and date equal the gold's, each on
its own and only where the gold entry writes that link.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.models import SCORED_KINDS, ArticleFacts
from pipeline.quality.keys import article_key
from pipeline.text.normalize import fold


@dataclass
class KindScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    title_ok: int = 0
    organization_ok: int = 0
    # officials whose gold gives organization_canonical, and those whose canonical is right
    canonical_total: int = 0
    canonical_ok: int = 0
    misses: list[tuple[str, str]] = field(default_factory=list)
    spurious: list[tuple[str, str]] = field(default_factory=list)
    # money links: link -> pairs scored and pairs right; the wrong ones as (article, what)
    links_scored: Counter[str] = field(default_factory=Counter)
    links_ok: Counter[str] = field(default_factory=Counter)
    link_errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: KindScore) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.title_ok += other.title_ok
        self.organization_ok += other.organization_ok
        self.canonical_total += other.canonical_total
        self.canonical_ok += other.canonical_ok
        self.misses += other.misses
        self.spurious += other.spurious
        self.links_scored += other.links_scored
        self.links_ok += other.links_ok
        self.link_errors += other.link_errors

    def link_accuracy(self, link: str) -> float:
        return self.links_ok[link] / self.links_scored[link] if self.links_scored[link] else 1.0


def _greedy(gold: list[Any], predicted: list[Any], same) -> tuple[list[tuple[Any, Any]], list[Any], list[Any]]:
    """Pair each gold entry with the first unused prediction that matches it."""
    unused = list(predicted)
    pairs, missed = [], []
    for entry in gold:
        hit = next((p for p in unused if same(entry, p)), None)
        if hit is None:
            missed.append(entry)
        else:
            unused.remove(hit)
            pairs.append((entry, hit))
    return pairs, missed, unused


def _ignored(ignore: dict[str, list], kind: str, keys: list[str]) -> bool:
    entries = {fold(str(item)) for item in ignore.get(kind, [])}
    return any(fold(key) in entries for key in keys)


def _count_match(gold: dict, fact) -> bool:
    first = gold["unit"].split()[0].strip(",.;:()").lower() if gold.get("unit") else ""
    return gold["value"] == fact.value and first in fact.unit.lower()


def _org_keys(fact) -> list[str]:
    return [fact.canonical, fact.name, *fact.surfaces]


def _org_match(gold: dict, fact) -> bool:
    canonicals = {fold(gold["canonical"]), *(fold(alt) for alt in gold.get("canonical_alt", []))}
    return fold(fact.canonical) in canonicals or any(fold(s) in canonicals for s in fact.surfaces + [fact.name])


LINKS = ("giver", "recipients", "purpose", "date")


def _first_word(unit: str | None) -> str:
    words = (unit or "").split()
    return words[0].strip(",.;:()").lower() if words else ""


def _link_values(gold: dict, fact, alternatives: dict[str, set[str]]) -> dict[str, tuple[object, object]]:
    """link -> (gold's, predicted) as compared, for the links the gold entry writes."""
    values: dict[str, tuple[object, object]] = {}
    if "giver" in gold:
        wanted = fold(gold["giver"] or "")
        same = _same_body(gold["giver"], fact.giver, alternatives)
        values["giver"] = (wanted, wanted if same else fold(fact.giver or ""))
    if "recipients" in gold:
        entry = gold["recipients"]
        wanted = (entry["value"], _first_word(entry.get("unit"))) if entry else None
        got = (fact.recipients_value, _first_word(fact.recipients_unit)) if fact.recipients_value else None
        values["recipients"] = (wanted, got)
    if "purpose" in gold:
        values["purpose"] = (gold["purpose"] or None, fact.purpose)
    if "date" in gold:
        values["date"] = (gold["date"] or None, fact.date)
    return values


def _canonical_forms(gold: dict) -> dict[str, set[str]]:
    """Each gold body's canonical (folded) with every form the gold allows for it (`canonical_alt`)."""
    return {
        fold(org["canonical"]): {fold(org["canonical"]), *(fold(alt) for alt in org.get("canonical_alt", []))}
        for org in gold.get("organizations", [])
    }


def _same_body(wanted: str | None, got: str | None, forms: dict[str, set[str]]) -> bool:
    """Is `got` the body `wanted` names, in its canonical or one of the forms the gold allows?"""
    key = fold(wanted or "")
    return fold(got or "") in forms.get(key, {key})


def score_links(
    article: str, pairs: list[tuple[dict, object]], alternatives: dict[str, set[str]], score: KindScore
) -> None:
    """The links of matched amounts; a giver may be written as any canonical form the gold allows for that body."""
    for entry, fact in pairs:
        for link, (wanted, got) in _link_values(entry, fact, alternatives).items():
            score.links_scored[link] += 1
            if wanted == got:
                score.links_ok[link] += 1
            else:
                score.link_errors.append((article, f"{link}: {entry['text']} gold {wanted!r} got {got!r}"))


def distinct_organizations(facts: ArticleFacts) -> list:
    """One organization per canonical name, carrying every surface it was written with."""
    merged: dict[str, object] = {}
    for fact in facts.organizations:
        key = fold(fact.canonical)
        if key in merged:
            known = merged[key]
            known.surfaces = list(dict.fromkeys([*known.surfaces, *fact.surfaces, fact.name]))
        else:
            merged[key] = fact.model_copy(update={"surfaces": list(dict.fromkeys([*fact.surfaces, fact.name]))})
    return list(merged.values())


def distinct_officials(facts: ArticleFacts) -> list:
    seen: dict[str, object] = {}
    for fact in facts.officials:
        seen.setdefault(fold(fact.name), fact)
    return list(seen.values())


def score_article(gold: dict, facts: ArticleFacts) -> dict[str, KindScore]:
    ignore = gold.get("ignore", {})
    facts = facts.model_copy(
        update={"organizations": distinct_organizations(facts), "officials": distinct_officials(facts)}
    )
    article = gold.get("id", facts.article_id)
    rules = {
        "money": (lambda g, p: g["amount_vnd"] == p.amount_vnd, lambda p: [str(p.amount_vnd)], lambda g: g["text"]),
        "counts": (_count_match, lambda p: [str(p.value)], lambda g: g["text"]),
        "officials": (lambda g, p: fold(g["name"]) == fold(p.name), lambda p: [p.name], lambda g: g["name"]),
        "organizations": (_org_match, _org_keys, lambda g: g["canonical"]),
    }
    forms = _canonical_forms(gold)  # every form of each gold body, for givers and officials' bodies
    result: dict[str, KindScore] = {}
    for kind in SCORED_KINDS:
        same, ignore_keys, describe = rules[kind]
        predicted = list(getattr(facts, kind))
        pairs, missed, extra = _greedy(gold.get(kind, []), predicted, same)
        extra = [p for p in extra if not _ignored(ignore, kind, ignore_keys(p))]
        score = KindScore(tp=len(pairs), fp=len(extra), fn=len(missed))
        score.misses = [(article, describe(g)) for g in missed]
        score.spurious = [(article, _describe_fact(p)) for p in extra]
        if kind == "money":
            score_links(article, pairs, forms, score)
        if kind == "officials":
            score.title_ok = sum(fold(g.get("title", "")) == fold(p.title) for g, p in pairs)
            score.organization_ok = sum(
                fold(g.get("organization") or "") == fold(p.organization or "") for g, p in pairs
            )
            # the official's body may be written as any canonical form the gold allows for it, as a giver may
            with_canonical = [(g, p) for g, p in pairs if "organization_canonical" in g]
            score.canonical_total = len(with_canonical)
            score.canonical_ok = sum(
                _same_body(g["organization_canonical"], p.organization_canonical, forms) for g, p in with_canonical
            )
        result[kind] = score
    for kind, (same, key) in V2_KINDS.items():
        if kind not in gold:  # spec: what a gold file leaves out is not scored
            continue
        wanted = [g for g in gold[kind] if kind != "dates" or g.get("start")]
        predicted = [p for p in getattr(facts, kind) if kind != "dates" or p.start]
        pairs, missed, extra = _greedy(wanted, predicted, same)
        score = KindScore(tp=len(pairs), fp=len(extra), fn=len(missed))
        score.misses = [(article, f"{g.get('text', '')} {key(g)}") for g in missed]
        score.spurious = [(article, _describe_fact(p)) for p in extra]
        result[kind] = score
    return result


def _date_key(entry) -> tuple:
    if isinstance(entry, dict):
        return (entry.get("kind"), entry.get("start"), entry.get("end"))
    return (entry.kind, entry.start.isoformat() if entry.start else None, entry.end.isoformat() if entry.end else None)


# Kinds of spec v2, scored only in gold files that write them: percents by value, dates by
# (kind, start, end), gold dates with no start left out.
V2_KINDS = {
    "percents": (lambda g, p: abs(float(g["value"]) - p.value) < 1e-9, lambda g: g.get("value")),
    "dates": (lambda g, p: _date_key(g) == _date_key(p), _date_key),
}


def _describe_fact(fact) -> str:
    if fact.kind == "organizations":
        return f"{fact.canonical}  [{fact.text}]"
    if fact.kind == "officials":
        return f"{fact.name} | {fact.title} | {fact.organization}"
    return fact.text


def load_gold(gold_dir: Path) -> dict[str, dict]:
    gold = {}
    for path in sorted(Path(gold_dir).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        gold[data.get("id", path.stem)] = data
    return gold


def evaluate(gold: dict[str, dict], predictions: dict[str, ArticleFacts]) -> tuple[dict[str, KindScore], list[str]]:
    """Micro-averaged scores; gold articles with no prediction are listed and count as all missed."""
    totals = {kind: KindScore() for kind in SCORED_KINDS}
    missing = []
    for article_id, entry in gold.items():
        facts = predictions.get(article_id)
        if facts is None:
            missing.append(article_id)
            facts = ArticleFacts(article_id=article_id)
        for kind, score in score_article(entry, facts).items():
            totals.setdefault(kind, KindScore()).add(score)
    return totals, missing


def score_published(gold: dict[str, dict], published: dict[str, str | None]) -> tuple[int, int]:
    """(right, scored): articles whose gold gives `published` and whose stored date is that day."""
    scored = [gold_id for gold_id, entry in gold.items() if entry.get("published")]
    right = sum(1 for gold_id in scored if (published.get(gold_id) or "")[:10] == gold[gold_id]["published"])
    return right, len(scored)


def published_by_gold_id(connection, gold: dict[str, dict]) -> dict[str, str | None]:
    """articles.published keyed by gold id (matched as predictions_by_gold_id matches articles)."""
    from pipeline.batch import store

    rows = dict(connection.execute("SELECT article_id, published FROM articles").fetchall())
    by_stem: dict[str, str] = {}
    for article_id, source in store.article_sources(connection).items():
        by_stem.setdefault(article_key(source), article_id)
    return {gold_id: rows.get(gold_id if gold_id in rows else by_stem.get(gold_id, "")) for gold_id in gold}


def render(totals: dict[str, KindScore], missing: list[str], details: bool = True) -> str:
    lines = [f"{'kind':<14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for kind, score in totals.items():
        lines.append(
            f"{kind:<14}{score.precision:>7.3f}{score.recall:>7.3f}{score.f1:>7.3f}{score.tp:>6}{score.fp:>6}{score.fn:>6}"
        )
    officials = totals["officials"]
    if officials.tp:
        lines.append(
            f"officials matched: title correct {officials.title_ok}/{officials.tp}, "
            f"organization correct {officials.organization_ok}/{officials.tp}"
            + (
                f", organization_canonical correct {officials.canonical_ok}/{officials.canonical_total}"
                if officials.canonical_total
                else ""
            )
        )
    money = totals.get("money")
    if money is not None and money.links_scored:
        lines.append(
            f"money links on {money.tp} matched amounts: "
            + ", ".join(
                f"{link} {money.links_ok[link]}/{money.links_scored[link]} ({money.link_accuracy(link):.3f})"
                for link in LINKS
                if money.links_scored[link]
            )
        )
    if missing:
        lines.append(f"gold articles with no extraction: {', '.join(missing)}")
    if details:
        for kind, score in totals.items():
            for label, items in (("missed", score.misses), ("spurious", score.spurious)):
                for article, text in items:
                    lines.append(f"  {kind:<13} {label:<9} {article:<28} {text}")
        for article, text in money.link_errors if money is not None else []:
            lines.append(f"  {'links':<13} {'wrong':<9} {article:<28} {text}")
    return "\n".join(lines)


def as_json(totals: dict[str, KindScore], missing: list[str]) -> dict:
    return {
        "kinds": {
            kind: {
                "precision": round(s.precision, 4),
                "recall": round(s.recall, 4),
                "f1": round(s.f1, 4),
                "tp": s.tp,
                "fp": s.fp,
                "fn": s.fn,
                "missed": s.misses,
                "spurious": s.spurious,
                **(
                    {
                        "links": {
                            link: {
                                "accuracy": round(s.link_accuracy(link), 4),
                                "ok": s.links_ok[link],
                                "scored": s.links_scored[link],
                            }
                            for link in LINKS
                            if s.links_scored[link]
                        },
                        "link_errors": s.link_errors,
                    }
                    if s.links_scored
                    else {}
                ),
            }
            for kind, s in totals.items()
        },
        "officials_matched": {
            "title_correct": totals["officials"].title_ok,
            "organization_correct": totals["officials"].organization_ok,
            "organization_canonical_correct": totals["officials"].canonical_ok,
            "organization_canonical_scored": totals["officials"].canonical_total,
            "matched": totals["officials"].tp,
        },
        "missing_articles": missing,
    }


def predictions_by_gold_id(connection, gold: dict[str, dict]) -> dict[str, ArticleFacts]:
    """Stored facts keyed by gold id: an article matches a gold file by id or by its source file's stem."""
    from pipeline.batch import store

    facts = store.load_facts(connection)
    by_stem = {}
    for article_id, source in store.article_sources(connection).items():
        stem = article_key(source)
        by_stem.setdefault(stem, article_id)
    result = {}
    for gold_id in gold:
        article_id = gold_id if gold_id in facts else by_stem.get(gold_id)
        if article_id in facts:
            result[gold_id] = facts[article_id]
    return result


def _gold_person(official: dict) -> str | None:
    """Who a gold official is across the archive: its `person` key, else name and body canonical."""
    if official.get("person"):
        return fold(official["person"])
    if "organization_canonical" in official:
        return f"{fold(official['name'])}|{fold(official['organization_canonical'] or '')}"
    return None


def score_people(gold: dict[str, dict], person_ids: dict[str, dict[str, str]]) -> KindScore:
    """Pairwise precision, recall and F1 of same-person official mentions over the archive (spec
    § Scoring, people). The mentions are the gold officials that say who they are (a `person` key
    or an organization canonical); two of them are one person in gold when their keys are equal,
    and in the prediction when the officials of the same name extracted from their articles
    share a person_id (`person_ids`: gold id -> folded name -> person_id). A gold official the
    pipeline missed is a person of its own, so its pairs count as missed."""
    mentions: list[tuple[str, str | None]] = []
    for gold_id, entry in gold.items():
        predicted = person_ids.get(gold_id, {})
        for official in entry.get("officials", []):
            key = _gold_person(official)
            if key is not None:
                mentions.append((key, predicted.get(fold(official["name"]))))
    score = KindScore()
    for i, (key, person) in enumerate(mentions):
        for other_key, other_person in mentions[i + 1 :]:
            same_gold = key == other_key
            same_predicted = person is not None and person == other_person
            score.tp += same_gold and same_predicted
            score.fp += same_predicted and not same_gold
            score.fn += same_gold and not same_predicted
    return score


def person_ids_by_gold_id(connection, gold: dict[str, dict]) -> dict[str, dict[str, str]] | None:
    """The stored officials' person_id by gold id and folded name; None when the database has no
    people yet (made before the archive pass)."""
    from pipeline.batch import store

    columns = {row[0] for row in connection.execute("DESCRIBE officials").fetchall()}
    if "person_id" not in columns:
        return None
    by_stem: dict[str, str] = {}
    for article_id, source in store.article_sources(connection).items():
        by_stem.setdefault(article_key(source), article_id)
    ids = {gold_id: gold_id if gold_id in by_stem.values() else by_stem.get(gold_id) for gold_id in gold}
    found: dict[str, dict[str, str]] = {}
    for article_id, name, person in connection.execute(
        "SELECT article_id, name, person_id FROM officials WHERE person_id IS NOT NULL"
    ).fetchall():
        found.setdefault(article_id, {}).setdefault(fold(name), person)
    return {gold_id: found.get(article_id, {}) for gold_id, article_id in ids.items() if article_id}
