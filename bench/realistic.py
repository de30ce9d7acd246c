"""Archives of union-news articles whose sentences do not repeat, from a grammar (bench/grammar.yaml).

bench/make_archive.py stitches the corpus's own paragraphs, so the same sentences recur across
articles and the tokenizer's caches hit far more often than on a real archive. Here every
article is drawn from a grammar with many slots (people, places, bodies, amounts, counts,
dates, percentages, word order), 1,100-3,000 characters long, in the genre's topics (Tết
gifts, congresses, loans, housing, inspections, scholarships and events). Deterministic:
article i depends only on (seed, i), so the 1k archive is the first 1k of the 10k one.

    python bench/realistic.py 10000 /tmp/bench/real-10000.jsonl.gz       # write an archive
    python bench/realistic.py 2000 --check                                # distinct-sentence share
    python bench/realistic.py --dense 1.0 /tmp/bench/dense-1mb.jsonl.gz   # one dense 1 MB article
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import regex
import yaml

GRAMMAR = Path(__file__).resolve().parent / "grammar.yaml"
MIN_CHARS, MAX_CHARS = 1100, 3000
_SLOT = regex.compile(r"\{([@#]?)(\w+)\}")
_SPACES = regex.compile(r" {2,}")
_PUNCT_SPACE = regex.compile(r" ([,.;:])")


@cache
def grammar() -> dict:
    return yaml.safe_load(GRAMMAR.read_text(encoding="utf-8"))


def _choice_end(template: str, start: int) -> int:
    """Index of the `]` closing the `[` at `start` (alternatives nest)."""
    depth = 0
    for index in range(start, len(template)):
        if template[index] == "[":
            depth += 1
        elif template[index] == "]":
            depth -= 1
            if depth == 0:
                return index
    raise ValueError(f"unclosed [ in {template!r}")


def _split_top(inner: str) -> list[str]:
    """Alternatives of `a|[b|c]|d` at the top level only."""
    parts, depth, last = [], 0, 0
    for index, char in enumerate(inner):
        depth += char == "["
        depth -= char == "]"
        if char == "|" and depth == 0:
            parts.append(inner[last:index])
            last = index + 1
    parts.append(inner[last:])
    return parts


class Writer:
    """Expands templates for one article: article-wide values (`{@...}`) are drawn once."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        lex = grammar()["lexicon"]
        self.fixed = {
            "province": rng.choice(lex["province"]),
            "district": rng.choice(lex["district"]),
            "district_level": rng.choice(lex["district_level"]),
        }

    def expand(self, template: str) -> str:
        """A sentence (or title, caption) from `template`, starting with a capital."""
        # an empty alternative leaves doubled or stray spaces
        text = _PUNCT_SPACE.sub(r"\1", _SPACES.sub(" ", self._expand(template))).strip()
        return text[:1].upper() + text[1:]

    def _expand(self, template: str) -> str:
        out: list[str] = []
        index = 0
        while index < len(template):
            char = template[index]
            if char == "[":
                end = _choice_end(template, index)
                out.append(self._expand(self.rng.choice(_split_top(template[index + 1 : end]))))
                index = end + 1
                continue
            slot = _SLOT.match(template, index) if char == "{" else None
            if slot:
                out.append(self._slot(slot.group(1), slot.group(2)))
                index = slot.end()
                continue
            out.append(char)
            index += 1
        return "".join(out)

    def _slot(self, sigil: str, name: str) -> str:
        if sigil == "@":
            return self.fixed[name]
        if sigil == "#":
            return getattr(self, f"_gen_{name}")()
        rules, lex = grammar()["rules"], grammar()["lexicon"]
        if name in rules:
            return self._expand(self.rng.choice(rules[name]))
        return self.rng.choice(lex[name])

    # generated values ------------------------------------------------------------------
    def _gen_person(self, sex: str = "") -> str:
        lex, rng = grammar()["lexicon"], self.rng
        sex = sex or rng.choice(("male", "female"))
        middles = [rng.choice(lex[f"middle_{sex}"]) for _ in range(rng.choice((1, 1, 1, 2)))]
        return " ".join([rng.choice(lex["surname"]), *dict.fromkeys(middles), rng.choice(lex[f"given_{sex}"])])

    def _gen_person_h(self) -> str:
        sex = self.rng.choice(("male", "female"))
        honorific = self.rng.choice(grammar()["lexicon"][f"honorific_{sex}"])
        return f"{honorific} {self._gen_person(sex)}"

    def _gen_count_small(self) -> str:
        low, high = grammar()["generators"]["count_small"]
        value = self.rng.randint(low, high)
        return f"{value:02d}" if value < 10 and self.rng.random() < 0.3 else str(value)  # "07 CĐCS"

    def _gen_count_mid(self) -> str:
        return _dotted(self.rng.randint(*grammar()["generators"]["count_mid"]))

    def _gen_count_big(self) -> str:
        return _dotted(self.rng.randint(*grammar()["generators"]["count_big"]))

    def _gen_year(self) -> str:
        return str(self.rng.randint(*grammar()["generators"]["year"]))

    def _gen_date(self) -> str:
        day, month = self.rng.randint(1, 28), self.rng.randint(1, 12)
        padded = self.rng.random() < 0.4
        return f"{day:02d}/{month:02d}/{self._gen_year()}" if padded else f"{day}/{month}/{self._gen_year()}"

    def _gen_daymonth(self) -> str:
        return f"{self.rng.randint(1, 28)}{self.rng.choice('/-')}{self.rng.randint(1, 12)}"

    def _gen_clock(self) -> str:
        return f"{self.rng.randint(6, 21):02d}:{self.rng.randint(0, 59):02d}"

    def _gen_term(self) -> str:
        start = self.rng.randint(2018, 2025)
        return f"{start} - {start + 5}" if self.rng.random() < 0.7 else f"{start}-{start + 5}"

    def _gen_roman(self) -> str:
        return self.rng.choice(("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII"))

    def _gen_ordinal(self) -> str:
        return self._gen_roman() if self.rng.random() < 0.5 else str(self.rng.randint(2, 20))

    def _gen_rate(self) -> str:
        if self.rng.random() < 0.6:
            return f"0,{self.rng.randint(1, 9)}"
        return f"{self.rng.randint(1, 3)},{self.rng.randint(0, 9)}"

    def _gen_percent(self) -> str:
        if self.rng.random() < grammar()["generators"]["percent_decimals"]:
            return f"{self.rng.randint(1, 99)},{self.rng.randint(1, 9)}"
        return str(self.rng.randint(1, 100))

    def _gen_money(self) -> str:
        rng = self.rng
        kind = rng.choice(grammar()["generators"]["money_formats"])
        if kind in ("dots_dong", "dots_d"):
            amount = _round(10 ** rng.uniform(5, 9.7))  # log-uniform: 100 thousand to 5 billion
            return f"{_dotted(amount)}{'đ' if kind == 'dots_d' else ' đồng'}"
        if kind == "scaled_trieu":
            currency = rng.choice(("đồng", "đồng", "VNĐ", ""))  # "tổng trị giá 30 triệu": no currency word
            return f"{rng.randint(1, 999)} triệu {currency}".rstrip()
        if kind == "decimal_trieu":
            return f"{rng.randint(1, 99)},{rng.randint(1, 9)} triệu đồng"
        if kind == "scaled_ty":
            return f"{rng.randint(1, 50)},{rng.randint(1, 9)} {rng.choice(('tỷ', 'tỉ'))} đồng"
        if kind == "mixed_ty":
            return f"{rng.randint(1, 20)} tỷ {rng.randint(1, 9)}00 triệu đồng"
        return f"{rng.randint(1, 9)}00 {rng.choice(('ngàn', 'nghìn'))} đồng"

    def _gen_money_each(self) -> str:
        """An amount per person or per gift: 100 thousand to 20 million đồng."""
        amount = _round(10 ** self.rng.uniform(5, 7.3))
        if amount >= 1_000_000 and amount % 100_000 == 0 and self.rng.random() < 0.5:
            return f"{amount / 1e6:g}".replace(".", ",") + " triệu đồng"
        return f"{_dotted(amount)}{self.rng.choice((' đồng', ' đồng', 'đ'))}"


def _round(amount: float) -> int:
    """To two or three significant digits, as amounts are written (8.500.000, 14.237.000)."""
    step = 10 ** max(3, len(str(int(amount))) - _significant(amount))
    return max(1000, int(amount) // step * step)


def _significant(amount: float) -> int:
    return 2 if amount < 10_000_000 else 3


def _dotted(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _sentences(writer: Writer, templates: list[str], rng: random.Random) -> Iterator[str]:
    """Sentences from `templates` in a random order, each template once per round."""
    while True:
        order = list(templates)
        rng.shuffle(order)
        for template in order:
            yield writer.expand(template)


def article(index: int, seed: int = 0) -> dict:
    """Article `index` of the archive: depends only on (seed, index)."""
    rng = random.Random(f"{seed}:{index}")
    writer = Writer(rng)
    spec = grammar()
    topic = spec["topics"][rng.choice(sorted(spec["topics"]))]
    rules = spec["rules"]
    title = writer.expand(rng.choice(topic["title"]))
    target = rng.randint(MIN_CHARS, MAX_CHARS)
    head = [writer.expand(rng.choice(rules["dateline"]))] if rng.random() < 0.5 else []
    tail = [writer.expand(rng.choice(topic["close"]))]
    if rng.random() < 0.4:
        tail.insert(0, writer.expand(rng.choice(rules["caption"])))
    tail.append(writer.expand(rng.choice(rules["byline"])))
    body = [writer.expand(rng.choice(topic["lead"]))]
    pool = _sentences(writer, topic["body"] + rules["attend"] + rules["stats"] + rules["quote"], rng)
    size = len(title) + sum(len(part) + 2 for part in head + body + tail)
    paragraph: list[str] = []
    misses = 0
    while size < target and misses < 20:
        sentence = next(pool)
        if size + len(sentence) + 1 > MAX_CHARS:
            misses += 1  # too long to fit: try another, and stop when none fits
            continue
        paragraph.append(sentence)
        size += len(sentence) + 1
        if len(paragraph) >= rng.randint(1, 3):
            body.append(" ".join(paragraph))
            paragraph = []
    if paragraph:
        body.append(" ".join(paragraph))
    return {
        "url": f"https://bench.example/tin/{seed}-{index:07d}.html",
        "title": title,
        "date": f"20{rng.randint(15, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "text": "\n\n".join(head + body + tail),
    }


def articles(count: int, seed: int = 0) -> Iterator[dict]:
    for index in range(count):
        yield article(index, seed)


def dense_article(megabytes: float, seed: int = 0) -> dict:
    """One article of about `megabytes` MB (UTF-8), packed with amounts, counts, people and bodies."""
    rng = random.Random(f"dense:{seed}:{megabytes}")
    writer = Writer(rng)
    templates = grammar()["rules"]["dense"] + grammar()["rules"]["attend"] + grammar()["rules"]["stats"]
    pool = _sentences(writer, templates, rng)
    target = int(megabytes * 1_000_000)
    paragraphs: list[str] = []
    size = 0
    while size < target:
        paragraph = " ".join(next(pool) for _ in range(rng.randint(3, 8)))
        paragraphs.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
    return {
        "url": f"https://bench.example/dense/{megabytes}mb.html",
        "title": f"Tổng hợp kết quả chăm lo cho đoàn viên năm {writer._gen_year()}",
        "text": "\n\n".join(paragraphs),
    }


def write(records: Iterator[dict], out: Path) -> Path:
    """A .jsonl.gz archive; mtime=0 so the same records give the same bytes."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as stream:
        for record in records:
            stream.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
    return out


_SENTENCE_END = regex.compile(r"(?<=[.!?…])\s+|\n+")
_DIGITS = regex.compile(r"\d+")


def distinct_share(records: Iterator[dict]) -> dict:
    """How many sentences (split at . ! ? and newlines) are distinct across the archive, as
    written and with every digit run masked (the second shows the templates' own variety)."""
    seen: set[str] = set()
    masked: set[str] = set()
    total = chars = count = 0
    for record in records:
        count += 1
        chars += len(record["title"]) + len(record["text"])
        for sentence in _SENTENCE_END.split(f"{record['title']}\n{record['text']}"):
            if len(sentence.strip()) < 20:  # "Ảnh: X", short bylines: not sentences
                continue
            total += 1
            seen.add(sentence)
            masked.add(_DIGITS.sub("0", sentence))
    return {
        "articles": count,
        "chars": chars,
        "mean_chars": round(chars / max(count, 1)),
        "sentences": total,
        "distinct": len(seen),
        "distinct_share": round(len(seen) / max(total, 1), 4),
        "distinct_share_digits_masked": round(len(masked) / max(total, 1), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int, nargs="?", default=1000)
    parser.add_argument("out", type=Path, nargs="?")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--check", action="store_true", help="print the distinct-sentence share and lengths")
    parser.add_argument("--dense", type=float, metavar="MB", help="write one dense article of this size instead")
    args = parser.parse_args()
    if args.dense:
        print(write(iter([dense_article(args.dense, args.seed)]), args.out))
        return
    if args.check:
        print(json.dumps(distinct_share(articles(args.count, args.seed))))
    if args.out:
        print(write(articles(args.count, args.seed), args.out))


if __name__ == "__main__":
    main()
