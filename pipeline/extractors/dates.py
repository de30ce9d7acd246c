"""Dates (spec §6): every date, month, year, period and term, resolved to an ISO start and end.

The grammar is data: rules/dates/lexicon.yaml holds one regex template per rule
(`day_month_year`, `term`, `lunar_year` ...) built from its word lists, and the
rule's resolver here turns the named groups into (start, end). Every rule runs
over windows around date anchors; where matches overlap the longest wins. Then a
year-less item of a list takes the next item's year (`quý I và quý II/2024`), and
two dates or months join into one period (`20/10/1930 - 20/10/2023`, `từ tháng 8/2020 đến nay`).

Why rules and not dateparser (installed with trafilatura): its `search_dates` reads
Vietnamese dd/mm and "tháng 8/2020", but it has no periods, quarters, terms or lunar
years, gives no granularity (a month comes back as its 1st day), reads durations as
relative dates ("Trong 6 tháng" -> six months after the base date), splits "ngày 2.2"
into "ngày 2", and runs at about 60k chars/s (CPU time, project corpus). These rules
run at about 1.4M chars/s, 1 ms an article. Duckling's VI time rules (Haskell, no
periods or terms either) were the reference for the word lists.

Year-less mentions (`ngày 20/4`, `tháng 6`, `Tết Tân Sửu`) take the year of the
article's date, the candidate year nearest to it (so `ngày 28/12` in an article of
3 January is the previous December); without an article date they stay unresolved.
"""

from __future__ import annotations

import calendar
import datetime as dt
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import regex
import yaml
from pydantic import BaseModel, ConfigDict, Field

from pipeline import rules

LEXICON_PATH = ("dates", "lexicon.yaml")

DateKind = Literal["date", "month", "year", "period", "term"]
KINDS: tuple[str, ...] = ("date", "month", "year", "period", "term")
RESOLVERS: tuple[str, ...] = (
    "date",
    "day_span",
    "month",
    "quarter",
    "part_of_year",
    "years",
    "since",
    "lunar",
    "decade",
    "year",
)
TOP_KEYS = {"words", "numbers", "settings", "slots", "rules", "joins", "published"}
RULE_KEYS = {"kind", "resolve", "pattern"}
SETTING_KEYS = {"name_window", "min_year", "max_year", "window_before", "window_after"}
JOIN_KEYS = {"from", "to", "dash", "now", "share_year", "kinds"}
PUBLISHED_KEYS = {"max_lines", "max_other_words", "labels", "clock", "dateline"}

# Not inside a word or a number, nor glued to one by / - . ("vlcsnap-2019-09-04", "12/2019/QĐ").
_LEFT = r"(?<![\p{L}\p{M}\d]|[\p{L}\p{M}\d][/\-.])"
_RIGHT = r"(?![\p{L}\p{M}\d]|[/\-.]\d|/\p{L})"
_PLACEHOLDER = regex.compile(r"\{([a-z_][a-z0-9_]*)\}")


class DateMention(BaseModel):
    """One mention of a time; start and end are inclusive, None when the article has no date to resolve it."""

    model_config = ConfigDict(extra="forbid")

    kind: DateKind
    start: dt.date | None = None
    end: dt.date | None = None
    text: str
    char_start: int = Field(ge=0)
    char_end: int = Field(ge=0)
    sentence: str = ""
    rule: str = ""


class LexiconError(ValueError):
    """rules/dates/lexicon.yaml is malformed: an unknown key, a repeated word, an unknown placeholder."""


class _StrictLoader(yaml.SafeLoader):
    """YAML that refuses a key given twice in one mapping (plain YAML keeps the last silently)."""


def _mapping_without_duplicates(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise LexiconError(f"key {key!r} given twice (line {key_node.start_mark.line + 1})")
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates)


def parse_lexicon(text: str) -> dict[str, Any]:
    """Reads and validates lexicon YAML text; raises LexiconError on any problem."""
    data = yaml.load(text, Loader=_StrictLoader) or {}  # a SafeLoader subclass: no arbitrary objects
    validate(data)
    return data


def _check_keys(where: str, got: Any, allowed: set[str], required: bool = True) -> None:
    if not isinstance(got, dict):
        raise LexiconError(f"{where}: expected a mapping")
    unknown = set(got) - allowed
    if unknown:
        raise LexiconError(f"{where}: unknown keys {sorted(unknown)}")
    missing = allowed - set(got)
    if required and missing:
        raise LexiconError(f"{where}: missing keys {sorted(missing)}")


def _check_words(where: str, items: Any) -> None:
    if not isinstance(items, list) or not all(isinstance(item, str) and item.strip() for item in items):
        raise LexiconError(f"{where}: expected a list of words")
    seen: set[str] = set()
    for item in items:
        key = " ".join(item.casefold().split())
        if key in seen:
            raise LexiconError(f"{where}: {item!r} listed twice")
        seen.add(key)


def validate(data: dict[str, Any]) -> None:
    """Structure of the lexicon: known keys only, no word twice in a list, every placeholder defined."""
    _check_keys("lexicon", data, TOP_KEYS)
    for name, items in data["words"].items():
        _check_words(f"words.{name}", items)
    for name, table in data["numbers"].items():
        if not isinstance(table, dict) or not all(isinstance(v, int) for v in table.values()):
            raise LexiconError(f"numbers.{name}: expected a mapping of words to integers")
        _check_words(f"numbers.{name}", [str(key) for key in table])
    _check_keys("settings", data["settings"], SETTING_KEYS)
    _check_keys("joins", data["joins"], JOIN_KEYS)
    for name in ("from", "to", "dash", "now", "share_year"):
        _check_words(f"joins.{name}", data["joins"][name])
    if not set(data["joins"]["kinds"]) <= set(KINDS):
        raise LexiconError(f"joins.kinds: kinds are {KINDS}")
    _check_keys("published", data["published"], PUBLISHED_KEYS)
    _check_words("published.labels", data["published"]["labels"])
    names = set(data["slots"]) | set(data["words"]) | set(data["numbers"])
    clashes = (set(data["slots"]) & set(data["words"])) | (set(data["slots"]) & set(data["numbers"]))
    if clashes or set(data["words"]) & set(data["numbers"]):
        raise LexiconError(f"a name is both a slot, a word list or a number table: {sorted(clashes)}")
    for name, template in data["slots"].items():
        _check_placeholders(f"slots.{name}", template, names)
    for name, rule in data["rules"].items():
        _check_keys(f"rules.{name}", rule, RULE_KEYS)
        if rule["kind"] not in KINDS:
            raise LexiconError(f"rules.{name}.kind: {rule['kind']!r} is not one of {KINDS}")
        if rule["resolve"] not in RESOLVERS:
            raise LexiconError(f"rules.{name}.resolve: {rule['resolve']!r} is not one of {RESOLVERS}")
        _check_placeholders(f"rules.{name}", rule["pattern"], names)
    _check_placeholders("published.dateline", data["published"]["dateline"], names)
    _compile_all(data)  # a template that expands to a bad regex fails here, on load


def _check_placeholders(where: str, template: Any, names: set[str]) -> None:
    if not isinstance(template, str):
        raise LexiconError(f"{where}: expected a regex template")
    for placeholder in _PLACEHOLDER.findall(template):
        if placeholder not in names:
            raise LexiconError(f"{where}: unknown placeholder {{{placeholder}}}")


def _expand(template: str, lex: dict[str, Any], depth: int = 0) -> str:
    if depth > 8:
        raise LexiconError(f"slots refer to each other in a loop: {template!r}")

    def substitute(match: regex.Match[str]) -> str:
        name = match.group(1)
        if name in lex["slots"]:
            return f"(?:{_expand(lex['slots'][name], lex, depth + 1)})"
        if name in lex["words"]:
            return f"(?:{rules.alternation(lex['words'][name])})"
        return f"(?:{rules.alternation([str(key) for key in lex['numbers'][name]])})"

    return _PLACEHOLDER.sub(substitute, template)


def _compile_all(lex: dict[str, Any]) -> dict[str, regex.Pattern[str]]:
    compiled = {}
    for name, rule in lex["rules"].items():
        try:
            compiled[name] = regex.compile(f"{_LEFT}(?:{_expand(rule['pattern'], lex)}){_RIGHT}", regex.IGNORECASE)
        except regex.error as error:
            raise LexiconError(f"rules.{name}: {error}") from error
    return compiled


@cache
def lexicon() -> dict[str, Any]:
    path = rules.RULES_DIR.joinpath(*LEXICON_PATH)
    return parse_lexicon(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class _Grammar:
    patterns: dict[str, regex.Pattern[str]]
    anchor: regex.Pattern[str]
    name_before: regex.Pattern[str]
    join_to: regex.Pattern[str]
    join_dash: regex.Pattern[str]
    join_now: regex.Pattern[str]
    share_year: regex.Pattern[str]
    from_before: regex.Pattern[str]
    from_start: regex.Pattern[str]
    published_noise: regex.Pattern[str]
    dateline: regex.Pattern[str]
    numbers: dict[str, dict[str, int]]


@cache
def _grammar() -> _Grammar:
    lex = lexicon()
    words, joins = lex["words"], lex["joins"]
    window = lex["settings"]["name_window"]
    noise = "|".join(
        [
            lex["published"]["clock"],
            rf"(?<![\p{{L}}\p{{M}}])(?:{rules.alternation(lex['published']['labels'] + words['weekdays'])})"
            r"(?![\p{L}\p{M}])",
        ]
    )
    return _Grammar(
        patterns=_compile_all(lex),
        anchor=regex.compile(_expand(lex["slots"]["anchor"], lex), regex.IGNORECASE),
        name_before=regex.compile(
            rf"(?<![\p{{L}}\p{{M}}])(?:{rules.alternation(words['name_heads'])})(?:\s+[\p{{L}}\p{{M}}]+){{0,{window}}}\s+$",
            regex.IGNORECASE,
        ),
        join_to=regex.compile(rf"\s+(?:{rules.alternation(joins['to'])})\s+", regex.IGNORECASE),
        join_dash=regex.compile(rf"\s*(?:{rules.alternation(joins['dash'])})\s*"),
        join_now=regex.compile(
            rf"\s+(?:{rules.alternation(joins['to'])})\s+(?:{rules.alternation(joins['now'])})(?![\p{{L}}\p{{M}}])",
            regex.IGNORECASE,
        ),
        share_year=regex.compile(rf"\s*(?:{rules.alternation(joins['share_year'])})\s*$", regex.IGNORECASE),
        from_before=regex.compile(
            rf"(?<![\p{{L}}\p{{M}}])(?:{rules.alternation(joins['from'])})\s+$", regex.IGNORECASE
        ),
        from_start=regex.compile(rf"(?:{rules.alternation(joins['from'])})\s", regex.IGNORECASE),
        published_noise=regex.compile(noise, regex.IGNORECASE),
        dateline=regex.compile(_expand(lex["published"]["dateline"], lex), regex.IGNORECASE),
        numbers={
            name: {" ".join(str(key).casefold().split()): value for key, value in table.items()}
            for name, table in lex["numbers"].items()
        },
    )


class _Reject(Exception):
    """The match looked like a date but is not one (31/2, a year out of range, 2023-2018)."""


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    value = int(text)
    settings = lexicon()["settings"]
    if not settings["min_year"] <= value <= settings["max_year"]:
        raise _Reject
    return value


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _nearest(candidates: list[tuple[dt.date, dt.date]], published: dt.date) -> tuple[dt.date, dt.date]:
    def distance(span: tuple[dt.date, dt.date]) -> int:
        first, last = span
        if first <= published <= last:
            return 0
        return min(abs((first - published).days), abs((last - published).days))

    return min(candidates, key=distance)


def _lookup(table: str, word: str) -> int:
    return _grammar().numbers[table][" ".join(word.casefold().split())]


Span = tuple[dt.date | None, dt.date | None]


def _month_number(text: str | None) -> int:
    if text and text.isdigit():
        return int(text)
    return _lookup("month_names", text or "")


def _resolve_date(groups: dict[str, str | None], published: dt.date | None) -> Span:
    day, month = int(groups["d"]), _month_number(groups["m"])
    year = _year(groups.get("y"))
    try:
        if year is not None:
            day_date = dt.date(year, month, day)
            return day_date, day_date
        dt.date(2000, month, day)  # a leap year: 29/2 is a date
    except ValueError as error:
        raise _Reject from error
    if published is None:
        return None, None
    candidates = []
    for candidate_year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append((dt.date(candidate_year, month, day),) * 2)
        except ValueError:
            continue
    return _nearest(candidates, published)


def _resolve_day_span(groups: dict[str, str | None], published: dt.date | None) -> Span:
    """'ngày 20-25/4': both days resolved like dates, in that order."""
    first, _ = _resolve_date(groups, published)
    last, _ = _resolve_date({**groups, "d": groups["d2"]}, published)
    if first is not None and last is not None and not first < last:
        raise _Reject
    if first is None and int(groups["d"]) >= int(groups["d2"] or 0):
        raise _Reject
    return first, last


def _resolve_month(groups: dict[str, str | None], published: dt.date | None) -> Span:
    month = _month_number(groups["m"])
    year = _year(groups.get("y"))
    if year is not None:
        return dt.date(year, month, 1), _month_end(year, month)
    if published is None:
        return None, None
    years = (published.year - 1, published.year, published.year + 1)
    return _nearest([(dt.date(y, month, 1), _month_end(y, month)) for y in years], published)


def _year_or_published(groups: dict[str, str | None], published: dt.date | None) -> int | None:
    year = _year(groups.get("y"))
    if year is None and published is not None:
        return published.year
    return year


def _resolve_quarter(groups: dict[str, str | None], published: dt.date | None) -> Span:
    quarter = _lookup("quarters", groups["q"] or "")
    year = _year_or_published(groups, published)
    if year is None:
        return None, None
    return dt.date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter)


def _resolve_part_of_year(groups: dict[str, str | None], published: dt.date | None) -> Span:
    words = lexicon()["words"]
    count_text = groups.get("n")
    if groups.get("half"):
        months = 6
    elif count_text and count_text.isdigit():
        months = int(count_text)
    else:
        months = _lookup("month_counts", count_text or "")
    if not 1 <= months <= 11:
        raise _Reject
    year = _year_or_published(groups, published)
    if year is None:
        return None, None
    edge = " ".join((groups.get("edge") or "").casefold().split())
    if edge in {word.casefold() for word in words["half_last"]}:
        return dt.date(year, 13 - months, 1), dt.date(year, 12, 31)
    return dt.date(year, 1, 1), _month_end(year, months)


def _resolve_years(groups: dict[str, str | None], published: dt.date | None) -> Span:
    first, last = _year(groups["y"]), _year(groups["y2"])
    if first is None or last is None or not first < last:
        raise _Reject
    return dt.date(first, 1, 1), dt.date(last, 12, 31)


def _resolve_since(groups: dict[str, str | None], published: dt.date | None) -> Span:
    first = _year(groups["y"])
    if first is None or (published is not None and published.year < first):
        raise _Reject
    return dt.date(first, 1, 1), published


def _resolve_lunar(groups: dict[str, str | None], published: dt.date | None) -> Span:
    stem, branch = _lookup("stems", groups["can"] or ""), _lookup("branches", groups["chi"] or "")
    if stem % 2 != branch % 2:  # no such year in the sexagenary cycle ("Giáp Sửu")
        raise _Reject
    year = _year(groups.get("y"))
    if year is None:
        if published is None:
            return None, None
        # The year of that name nearest the article's date.
        base = published.year - 30
        year = next(y for y in range(base, base + 60) if (y - 4) % 10 == stem and (y - 4) % 12 == branch)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _resolve_decade(groups: dict[str, str | None], published: dt.date | None) -> Span:
    first = _year(groups["y"])
    if first is None:
        raise _Reject
    return dt.date(first, 1, 1), dt.date(first + 9, 12, 31)


def _resolve_year(groups: dict[str, str | None], published: dt.date | None) -> Span:
    year = _year(groups["y"])
    if year is None:
        raise _Reject
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


_RESOLVE: dict[str, Callable[[dict[str, str | None], dt.date | None], Span]] = {
    "date": _resolve_date,
    "day_span": _resolve_day_span,
    "month": _resolve_month,
    "quarter": _resolve_quarter,
    "part_of_year": _resolve_part_of_year,
    "years": _resolve_years,
    "since": _resolve_since,
    "lunar": _resolve_lunar,
    "decade": _resolve_decade,
    "year": _resolve_year,
}


@dataclass
class _Candidate:
    rule: str
    kind: str
    begin: int
    finish: int
    start: dt.date | None
    end: dt.date | None
    order: int
    groups: dict[str, str | None] | None = None
    resolve: str = ""


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _windows(text: str) -> list[tuple[int, int]]:
    """Disjoint spans around the anchors; every mention lies inside one (about 2x faster than whole-text scans)."""
    settings = lexicon()["settings"]
    before, after = settings["window_before"], settings["window_after"]
    windows: list[tuple[int, int]] = []
    for anchor in _grammar().anchor.finditer(text):
        begin, finish = max(0, anchor.start() - before), min(len(text), anchor.end() + after)
        if windows and begin <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], finish))
        else:
            windows.append((begin, finish))
    return windows


def _candidates(text: str, published: dt.date | None) -> list[_Candidate]:
    grammar = _grammar()
    found: list[_Candidate] = []
    windows = _windows(text)
    for order, (name, rule) in enumerate(lexicon()["rules"].items()):
        resolve = _RESOLVE[rule["resolve"]]
        pattern = grammar.patterns[name]
        matches = (match for begin, finish in windows for match in pattern.finditer(text, begin, finish))
        for match in matches:
            if rule["kind"] == "year" and grammar.name_before.search(text, max(0, match.start() - 80), match.start()):
                continue  # "Luật Công đoàn năm 2012" names a law
            try:
                start, end = resolve(match.groupdict(), published)
            except (_Reject, KeyError):
                continue
            groups = match.groupdict()
            found.append(
                _Candidate(name, rule["kind"], match.start(), match.end(), start, end, order, groups, rule["resolve"])
            )
    return found


def _select(found: list[_Candidate]) -> list[_Candidate]:
    """Longest first, then the earlier rule; a match overlapping a chosen one is dropped."""
    begins: list[int] = []  # chosen spans, kept sorted by start: overlap tests need only the neighbours
    chosen: list[_Candidate] = []
    for candidate in sorted(found, key=lambda c: (-(c.finish - c.begin), c.order, c.begin)):
        at = bisect_left(begins, candidate.begin)
        if at > 0 and chosen[at - 1].finish > candidate.begin:
            continue
        if at < len(chosen) and chosen[at].begin < candidate.finish:
            continue
        begins.insert(at, candidate.begin)
        chosen.insert(at, candidate)
    return chosen


# Resolvers whose mention may lack a year and take it from the article's date or a neighbour.
_YEAR_TAKERS = {"date", "day_span", "month", "quarter", "part_of_year"}


def _share_years(text: str, chosen: list[_Candidate]) -> list[_Candidate]:
    """'quý I và quý II/2024': a year-less mention listed right before one with a year takes that year."""
    grammar = _grammar()
    result = list(chosen)
    for index in range(len(result) - 2, -1, -1):
        first, second = result[index], result[index + 1]
        if not _yearless(first) or _yearless(second) or second.start is None or second.resolve != first.resolve:
            continue
        if grammar.share_year.match(text[first.finish : second.begin]):
            result[index] = _relative_to(first, second.start)
    return result


def _yearless(candidate: _Candidate) -> bool:
    return bool(candidate.groups) and candidate.resolve in _YEAR_TAKERS and not candidate.groups.get("y")


def _relative_to(candidate: _Candidate, base: dt.date) -> _Candidate:
    """A year-less end of a range takes its year from the other end ("từ ngày 04/9 đến 22/9/2023")."""
    groups = candidate.groups or {}
    start, end = _RESOLVE[candidate.resolve](groups, base)
    # Now it has a year: record it, so that an earlier item of a list can take it in turn.
    groups = {**groups, "y": str(start.year)} if start else groups
    return _Candidate(
        candidate.rule,
        candidate.kind,
        candidate.begin,
        candidate.finish,
        start,
        end,
        candidate.order,
        groups,
        candidate.resolve,
    )


def _join(text: str, chosen: list[_Candidate], published: dt.date | None) -> list[_Candidate]:
    """'từ A đến B', 'A - B' (dates or months) become one period; 'từ A đến nay' ends on the article's date."""
    grammar = _grammar()
    joinable = set(lexicon()["joins"]["kinds"])
    result: list[_Candidate] = []
    index = 0
    while index < len(chosen):
        first = chosen[index]
        second = chosen[index + 1] if index + 1 < len(chosen) else None
        if first.kind not in joinable:
            result.append(first)
            index += 1
            continue
        from_word = grammar.from_before.search(text, max(0, first.begin - 20), first.begin)
        begin = from_word.start() if from_word else first.begin
        # "từ 1/7" may hold its "từ" itself.
        from_word = from_word or grammar.from_start.match(text, first.begin, first.finish)
        if second is not None and second.kind in joinable and _joined(text, first, second, bool(from_word)):
            if _yearless(first) and not _yearless(second) and second.end:
                first = _relative_to(first, second.end)
            elif _yearless(second) and not _yearless(first) and first.start:
                second = _relative_to(second, first.start)
            if first.start is not None and second.end is not None and first.start <= second.end:
                result.append(_Candidate("range", "period", begin, second.finish, first.start, second.end, -1))
                index += 2
                continue
        now = grammar.join_now.match(text, first.finish) if from_word else None
        if now and first.start is not None and (published is None or first.start <= published):
            result.append(_Candidate("since", "period", begin, now.end(), first.start, published, -1))
            index += 1
            continue
        result.append(first)
        index += 1
    return result


def _joined(text: str, first: _Candidate, second: _Candidate, after_from: bool) -> bool:
    """A dash between them, or (after "từ") a "đến" between them or opening the second ("đến 22/3")."""
    grammar = _grammar()
    dash = grammar.join_dash.match(text, first.finish)
    if dash and dash.end() == second.begin:
        return True
    if not after_from:
        return False
    to_word = grammar.join_to.match(text, first.finish)
    if to_word and to_word.end() == second.begin:
        return True
    gap = text[first.finish : second.begin]
    return not gap.strip() and bool(grammar.join_to.match(" " + text[second.begin : second.finish]))


def _line_at(text: str, offset: int) -> str:
    begin = text.rfind("\n", 0, offset) + 1
    finish = text.find("\n", offset)
    return text[begin : finish if finish >= 0 else len(text)].strip()


def find_dates(
    text: str,
    published: dt.date | str | None = None,
    sentence_at: Callable[[int], Any] | None = None,
) -> list[DateMention]:
    """Every date mention of a normalized text, in text order.

    `published` (the article's date) resolves mentions without a year; `sentence_at`
    maps an offset to its sentence (a Document's `sentence_at`), else the line is used."""
    published_date = _as_date(published)
    chosen = _join(text, _share_years(text, _select(_candidates(text, published_date))), published_date)
    mentions = []
    for candidate in chosen:
        if sentence_at is not None:
            sentence = sentence_at(candidate.begin)
            sentence_text = getattr(sentence, "text", sentence)
        else:
            sentence_text = _line_at(text, candidate.begin)
        mentions.append(
            DateMention(
                kind=candidate.kind,
                start=candidate.start,
                end=candidate.end,
                text=text[candidate.begin : candidate.finish],
                char_start=candidate.begin,
                char_end=candidate.finish,
                sentence=str(sentence_text),
                rule=f"dates.{candidate.rule}",
            )
        )
    return mentions


def extract(doc: Any, published: dt.date | str | None = None) -> list[DateMention]:
    """The registry's shape: a segmented Document (pipeline.text.segment) in, facts out."""
    return find_dates(doc.text, published, doc.sentence_at)


def published_from_text(text: str) -> str | None:
    """The article's date (ISO) from a date line near the headline, else None.

    A date line is one of the first few lines holding a full date with little else
    once labels, clock times and weekdays are dropped: `14-9-2018`, `Thứ Hai, 12/01/2026
    15:56`, `Cập nhật: 20/04/2025`, `Tin tức - 03/11/2019 08:12 Minh Anh`. A
    date inside the first sentence of the body (`sáng ngày 15/11/2022 LĐLĐ huyện ... trao
    chức`) is an event, not the article's date."""
    from pipeline.text.normalize import normalize_text

    grammar = _grammar()
    settings = lexicon()["published"]
    # Only the head is read, so only the head is normalized (a whole article costs ~10x more).
    head = []
    for line in text.replace("\r", "\n").split("\n"):
        if line.strip():
            head.append(normalize_text(line))
            if len(head) == settings["max_lines"]:
                break
    lines = head
    full_dates = [
        name for name, rule in lexicon()["rules"].items() if rule["kind"] == "date" and "{y}" in rule["pattern"]
    ]
    for line in lines:
        dateline = grammar.dateline.match(line)
        if dateline:
            try:
                start, _ = _resolve_date(dateline.groupdict(), None)
            except _Reject:
                start = None
            if start:
                return start.isoformat()
        for name in full_dates:
            for match in grammar.patterns[name].finditer(line):
                if not match.groupdict().get("y"):
                    continue
                try:
                    start, _ = _resolve_date(match.groupdict(), None)
                except _Reject:
                    continue
                rest = grammar.published_noise.sub(" ", line[: match.start()] + " " + line[match.end() :])
                if start and len(regex.findall(r"[\p{L}\p{M}]+", rest)) <= settings["max_other_words"]:
                    return start.isoformat()
    return None
