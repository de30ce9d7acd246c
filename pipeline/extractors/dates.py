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
from typing import Any, Literal

import regex
from pydantic import model_validator

from pipeline.extractors.registry import Component
from pipeline.lexicon import Lexicon, Section, default, section
from pipeline.models import DateFact, DateKind
from pipeline.text.document import Document
from pipeline.text.patterns import alternation

Resolver = Literal[
    "date", "day_span", "month", "quarter", "part_of_year", "years", "since", "year_to_date", "lunar", "decade", "year"
]

# Not inside a word or a number, nor glued to one by / - . ("vlcsnap-2019-09-04", "12/2019/QĐ").
_LEFT = r"(?<![\p{L}\p{M}\d]|[\p{L}\p{M}\d][/\-.])"
_RIGHT = r"(?![\p{L}\p{M}\d]|[/\-.]\d|/\p{L})"
_PLACEHOLDER = regex.compile(r"\{([a-z_][a-z0-9_]*)\}")


# The model is the kind's schema, declared once with the others (pipeline.models).
DateMention = DateFact


class DateRule(Section):
    kind: DateKind
    resolve: Resolver
    pattern: str


class DateSettings(Section):
    name_window: int
    min_year: int
    max_year: int
    window_before: int
    window_after: int


class DateJoins(Section):
    from_words: tuple[str, ...]
    to_words: tuple[str, ...]
    dashes: tuple[str, ...]
    now_words: tuple[str, ...]
    share_year: tuple[str, ...]
    kinds: tuple[DateKind, ...]


class PublishedLines(Section):
    max_lines: int
    max_other_words: int
    labels: tuple[str, ...]
    clock: str
    dateline: str


def _fold(word: str) -> str:
    return " ".join(word.casefold().split())


@section("dates/lexicon")
class DatesLexicon(Section):
    """rules/dates/lexicon.yaml: word lists, number tables, regex slots and the rules built from them."""

    words: dict[str, tuple[str, ...]]
    numbers: dict[str, dict[str, int]]
    settings: DateSettings
    slots: dict[str, str]
    rules: dict[str, DateRule]
    joins: DateJoins
    published: PublishedLines

    @model_validator(mode="after")
    def _consistent(self) -> DatesLexicon:
        # The loader refuses a word written twice; a word listed twice in another case is refused here.
        lists = {f"words.{name}": items for name, items in self.words.items()}
        lists |= {f"numbers.{name}": tuple(table) for name, table in self.numbers.items()}
        for where, items in lists.items():
            folded = [_fold(item) for item in items]
            repeated = sorted({item for item in folded if folded.count(item) > 1})
            if repeated:
                raise ValueError(f"{where}: {repeated[0]!r} listed twice")
        kinds = [set(self.slots), set(self.words), set(self.numbers)]
        clashes = (kinds[0] & kinds[1]) | (kinds[0] & kinds[2]) | (kinds[1] & kinds[2])
        if clashes:
            raise ValueError(f"{sorted(clashes)[0]!r} names two of a slot, a word list, a number table")
        templates = {f"slots.{name}": slot for name, slot in self.slots.items()}
        templates |= {f"rules.{name}": rule.pattern for name, rule in self.rules.items()}
        templates["published.dateline"] = self.published.dateline
        names = kinds[0] | kinds[1] | kinds[2]
        for where, template in templates.items():
            unknown = [name for name in _PLACEHOLDER.findall(template) if name not in names]
            if unknown:
                raise ValueError(f"{where}: unknown placeholder {{{unknown[0]}}}")
        for name, rule in self.rules.items():
            try:
                _compile_rule(rule.pattern, self)
            except (regex.error, RecursionError) as error:
                raise ValueError(f"rules.{name}: not a valid pattern: {error}") from None
        return self


def _expand(template: str, lex: DatesLexicon) -> str:
    """A template with its {placeholders} replaced: a slot (itself expanded), a word list, a number table."""

    def substitute(match: regex.Match[str]) -> str:
        name = match.group(1)
        if name in lex.slots:
            return f"(?:{_expand(lex.slots[name], lex)})"
        if name in lex.words:
            return f"(?:{alternation(lex.words[name])})"
        return f"(?:{alternation(lex.numbers[name])})"

    return _PLACEHOLDER.sub(substitute, template)


def _compile_rule(pattern: str, lex: DatesLexicon) -> regex.Pattern[str]:
    return regex.compile(f"{_LEFT}(?:{_expand(pattern, lex)}){_RIGHT}", regex.IGNORECASE)


@dataclass(frozen=True)
class _Grammar:
    lex: DatesLexicon
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
    half_last: frozenset[str]


def _compile(lexicon: Lexicon) -> _Grammar:
    lex = lexicon.section("dates/lexicon", DatesLexicon)
    words, joins = lex.words, lex.joins
    window = lex.settings.name_window
    not_letter = r"(?![\p{L}\p{M}])"
    labels = alternation(lex.published.labels + words["weekdays"])
    return _Grammar(
        lex=lex,
        patterns={name: _compile_rule(rule.pattern, lex) for name, rule in lex.rules.items()},
        anchor=regex.compile(_expand(lex.slots["anchor"], lex), regex.IGNORECASE),
        name_before=regex.compile(
            rf"(?<![\p{{L}}\p{{M}}])(?:{alternation(words['name_heads'])})(?:\s+[\p{{L}}\p{{M}}]+){{0,{window}}}\s+$",
            regex.IGNORECASE,
        ),
        join_to=regex.compile(rf"\s+(?:{alternation(joins.to_words)})\s+", regex.IGNORECASE),
        join_dash=regex.compile(rf"\s*(?:{alternation(joins.dashes)})\s*"),
        join_now=regex.compile(
            rf"\s+(?:{alternation(joins.to_words)})\s+(?:{alternation(joins.now_words)}){not_letter}", regex.IGNORECASE
        ),
        share_year=regex.compile(rf"\s*(?:{alternation(joins.share_year)})\s*$", regex.IGNORECASE),
        from_before=regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{alternation(joins.from_words)})\s+$", regex.IGNORECASE),
        from_start=regex.compile(rf"(?:{alternation(joins.from_words)})\s", regex.IGNORECASE),
        published_noise=regex.compile(
            rf"{lex.published.clock}|(?<![\p{{L}}\p{{M}}])(?:{labels}){not_letter}", regex.IGNORECASE
        ),
        dateline=regex.compile(_expand(lex.published.dateline, lex), regex.IGNORECASE),
        numbers={name: {_fold(key): value for key, value in table.items()} for name, table in lex.numbers.items()},
        half_last=frozenset(_fold(word) for word in words["half_last"]),
    )


def _grammar(lexicon: Lexicon | None = None) -> _Grammar:
    return (lexicon or default()).derived(_compile)


class _Reject(Exception):
    """The match looked like a date but is not one (31/2, a year out of range, 2023-2018)."""


def _year(text: str | None, g: _Grammar) -> int | None:
    if text is None:
        return None
    value = int(text)
    if not g.lex.settings.min_year <= value <= g.lex.settings.max_year:
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


def _lookup(table: str, word: str, g: _Grammar) -> int:
    return g.numbers[table][_fold(word)]


Span = tuple[dt.date | None, dt.date | None]
Groups = dict[str, str | None]


def _month_number(text: str | None, g: _Grammar) -> int:
    if text and text.isdigit():
        return int(text)
    return _lookup("month_names", text or "", g)


def _resolve_date(groups: Groups, published: dt.date | None, g: _Grammar) -> Span:
    day, month = int(groups["d"]), _month_number(groups["m"], g)
    year = _year(groups.get("y"), g)
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
    if not candidates:  # 29/2 with no leap year within a year of the article's date
        return None, None
    return _nearest(candidates, published)


def _resolve_day_span(groups: Groups, published: dt.date | None, g: _Grammar) -> Span:
    """'ngày 20-25/4': both days resolved like dates, in that order."""
    first, _ = _resolve_date(groups, published, g)
    last, _ = _resolve_date({**groups, "d": groups["d2"]}, published, g)
    if first is not None and last is not None and not first < last:
        raise _Reject
    if first is None and int(groups["d"]) >= int(groups["d2"] or 0):
        raise _Reject
    return first, last


def _resolve_month(groups: Groups, published: dt.date | None, g: _Grammar) -> Span:
    month = _month_number(groups["m"], g)
    year = _year(groups.get("y"), g)
    if year is not None:
        return dt.date(year, month, 1), _month_end(year, month)
    if published is None:
        return None, None
    years = (published.year - 1, published.year, published.year + 1)
    return _nearest([(dt.date(y, month, 1), _month_end(y, month)) for y in years], published)


def _year_or_published(groups: Groups, published: dt.date | None, g: _Grammar) -> int | None:
    year = _year(groups.get("y"), g)
    if year is None and published is not None:
        return published.year
    return year


def _resolve_quarter(groups: Groups, published: dt.date | None, g: _Grammar) -> Span:
    quarter = _lookup("quarters", groups["q"] or "", g)
    year = _year_or_published(groups, published, g)
    if year is None:
        return None, None
    return dt.date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter)


def _resolve_part_of_year(groups: Groups, published: dt.date | None, g: _Grammar) -> Span:
    count_text = groups.get("n")
    if groups.get("half"):
        months = 6
    elif count_text and count_text.isdigit():
        months = int(count_text)
    else:
        months = _lookup("month_counts", count_text or "", g)
    if not 1 <= months <= 11:
        raise _Reject
    year = _year_or_published(groups, published, g)
    if year is None:
        return None, None
    if _fold(groups.get("edge") or "") in g.half_last:
        return dt.date(year, 13 - months, 1), dt.date(year, 12, 31)
    return dt.date(year, 1, 1), _month_end(year, months)


def _resolve_years(groups: Groups, published: dt.date | None, g: _Grammar) -> Span:
    first, last = _year(groups["y"], g), _year(groups["y2"], g)
    if first is None or last is None or not first < last:
        raise _Reject
    return dt.date(first, 1, 1), dt.date(last, 12, 31)


def _resolve_since(groups: Groups, published: dt.date | None, g: _Grammar) -> Span:
    first = _year(groups["y"], g)
    if first is None or (published is not None and published.year < first):
        raise _Reject
    return dt.date(first, 1, 1), published


def _resolve_year_to_date(groups: Groups, published: dt.date | None, g: _Grammar) -> Span:
    if published is None:
        return None, None
    return dt.date(published.year, 1, 1), published


def _resolve_lunar(groups: Groups, published: dt.date | None, g: _Grammar) -> Span:
    stem, branch = _lookup("stems", groups["can"] or "", g), _lookup("branches", groups["chi"] or "", g)
    if stem % 2 != branch % 2:  # no such year in the sexagenary cycle ("Giáp Sửu")
        raise _Reject
    year = _year(groups.get("y"), g)
    if year is None:
        if published is None:
            return None, None
        # The year of that name nearest the article's date.
        base = published.year - 30
        year = next(y for y in range(base, base + 60) if (y - 4) % 10 == stem and (y - 4) % 12 == branch)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _resolve_decade(groups: Groups, published: dt.date | None, g: _Grammar) -> Span:
    first = _year(groups["y"], g)
    if first is None:
        raise _Reject
    return dt.date(first, 1, 1), dt.date(first + 9, 12, 31)


def _resolve_year(groups: Groups, published: dt.date | None, g: _Grammar) -> Span:
    year = _year(groups["y"], g)
    if year is None:
        raise _Reject
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


_RESOLVE: dict[str, Callable[[Groups, dt.date | None, _Grammar], Span]] = {
    "date": _resolve_date,
    "day_span": _resolve_day_span,
    "month": _resolve_month,
    "quarter": _resolve_quarter,
    "part_of_year": _resolve_part_of_year,
    "years": _resolve_years,
    "since": _resolve_since,
    "year_to_date": _resolve_year_to_date,
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
    if isinstance(value, dt.datetime):  # a datetime compares with no date: keep the day
        return value.date()
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _windows(text: str, g: _Grammar) -> list[tuple[int, int]]:
    """Disjoint spans around the anchors; every mention lies inside one (about 2x faster than whole-text scans)."""
    before, after = g.lex.settings.window_before, g.lex.settings.window_after
    windows: list[tuple[int, int]] = []
    for anchor in g.anchor.finditer(text):
        begin, finish = max(0, anchor.start() - before), min(len(text), anchor.end() + after)
        if windows and begin <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], finish))
        else:
            windows.append((begin, finish))
    return windows


def _candidates(text: str, published: dt.date | None, g: _Grammar) -> list[_Candidate]:
    found: list[_Candidate] = []
    windows = _windows(text, g)
    for order, (name, rule) in enumerate(g.lex.rules.items()):
        resolve = _RESOLVE[rule.resolve]
        pattern = g.patterns[name]
        matches = (match for begin, finish in windows for match in pattern.finditer(text, begin, finish))
        for match in matches:
            if rule.kind == "year" and g.name_before.search(text, max(0, match.start() - 80), match.start()):
                continue  # "Luật Công đoàn năm 2012" names a law
            try:
                start, end = resolve(match.groupdict(), published, g)
            except (_Reject, KeyError):
                continue
            groups = match.groupdict()
            found.append(
                _Candidate(name, rule.kind, match.start(), match.end(), start, end, order, groups, rule.resolve)
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


def _share_years(text: str, chosen: list[_Candidate], g: _Grammar) -> list[_Candidate]:
    """'quý I và quý II/2024': a year-less mention listed right before one with a year takes that year."""
    result = list(chosen)
    for index in range(len(result) - 2, -1, -1):
        first, second = result[index], result[index + 1]
        if not _yearless(first) or _yearless(second) or second.start is None or second.resolve != first.resolve:
            continue
        if g.share_year.match(text[first.finish : second.begin]):
            result[index] = _relative_to(first, second.start, g)
    return result


def _yearless(candidate: _Candidate) -> bool:
    return bool(candidate.groups) and candidate.resolve in _YEAR_TAKERS and not candidate.groups.get("y")


def _relative_to(candidate: _Candidate, base: dt.date, g: _Grammar) -> _Candidate:
    """A year-less end of a range takes its year from the other end ("từ ngày 04/9 đến 22/9/2023")."""
    groups = candidate.groups or {}
    start, end = _RESOLVE[candidate.resolve](groups, base, g)
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


def _join(text: str, chosen: list[_Candidate], published: dt.date | None, g: _Grammar) -> list[_Candidate]:
    """'từ A đến B', 'A - B' (dates or months) become one period; 'từ A đến nay' ends on the article's date."""
    grammar = g
    joinable = set(g.lex.joins.kinds)
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
        if second is not None and second.kind in joinable and _joined(text, first, second, bool(from_word), g):
            if _yearless(first) and not _yearless(second) and second.end:
                first = _relative_to(first, second.end, g)
            elif _yearless(second) and not _yearless(first) and first.start:
                second = _relative_to(second, first.start, g)
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


def _joined(text: str, first: _Candidate, second: _Candidate, after_from: bool, g: _Grammar) -> bool:
    """A dash between them, or (after "từ") a "đến" between them or opening the second ("đến 22/3")."""
    grammar = g
    dash = grammar.join_dash.match(text, first.finish)
    if dash and dash.end() == second.begin:
        return True
    if not after_from:
        return False
    to_word = grammar.join_to.match(text, first.finish)
    # "đến hết tháng 11/2025": the second may have taken the joiner's last word as its edge ("hết tháng 11")
    if to_word and first.finish < second.begin <= to_word.end():
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
    lexicon: Lexicon | None = None,
) -> list[DateMention]:
    """Every date mention of a normalized text, in text order.

    `published` (the article's date, a date or ISO string) resolves mentions without a
    year; `sentence_at` maps an offset to its sentence (a Document's `sentence_at`), else
    the line is used; `lexicon` defaults to the rules/ folder's."""
    g = _grammar(lexicon)
    published_date = _as_date(published)
    chosen = _select(_candidates(text, published_date, g))
    chosen = _join(text, _share_years(text, chosen, g), published_date, g)
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


def extract(doc: Document, lexicon: Lexicon) -> list[DateMention]:
    """The registry's shape (pipeline.extractors.registry.Component.extract): the Document's own date resolves."""
    return find_dates(doc.text, doc.published, doc.sentence_at, lexicon)


# Bounds that keep the head read short whatever the article: a date line is far under this
# length, and the head lines fit in the first characters.
_DATE_LINE_CHARS = 300
_HEAD_CHARS = 20_000


def published_from_text(text: str, lexicon: Lexicon | None = None) -> str | None:
    """The article's date (ISO) from a date line near the headline, else None.

    A date line is one of the first few lines holding a full date with little else
    once labels, clock times and weekdays are dropped: `14-9-2018`, `Thứ Hai, 12/01/2026
    15:56`, `Cập nhật: 20/04/2025`, `Tin tức - 03/11/2019 08:12 Minh Anh`. A
    date inside the first sentence of the body (`Sáng ngày 15/11/2022 LĐLĐ huyện đã trao
    nhà ...`) is an event, not the article's date. The text need not be normalized."""
    from pipeline.text.normalize import normalize_text

    grammar = _grammar(lexicon)
    settings = grammar.lex.published
    # Only the head is read, so only the head is normalized (a whole article costs ~10x more).
    head = []
    for line in text[:_HEAD_CHARS].replace("\r", "\n").split("\n"):
        if line.strip():
            # a line this long holds far more than a date and its few words: it is no date line
            head.append(normalize_text(line) if len(line) <= _DATE_LINE_CHARS else "")
            if len(head) == settings.max_lines:
                break
    lines = head
    full_dates = [name for name, rule in grammar.lex.rules.items() if rule.kind == "date" and "{y}" in rule.pattern]
    for line in lines:
        dateline = grammar.dateline.match(line)
        if dateline:
            try:
                start, _ = _resolve_date(dateline.groupdict(), None, grammar)
            except _Reject:
                start = None
            if start:
                return start.isoformat()
        for name in full_dates:
            for match in grammar.patterns[name].finditer(line):
                if not match.groupdict().get("y"):
                    continue
                try:
                    start, _ = _resolve_date(match.groupdict(), None, grammar)
                except _Reject:
                    continue
                rest = grammar.published_noise.sub(" ", line[: match.start()] + " " + line[match.end() :])
                if start and len(regex.findall(r"[\p{L}\p{M}]+", rest)) <= settings.max_other_words:
                    return start.isoformat()
    return None


COMPONENT = Component(kind="dates", model=DateFact, extract=extract)


def article_day(published: str | dt.date | None) -> dt.date | None:
    """The day of an article's date as readers give it (ISO date, ISO datetime, or a date); None
    when it is not one (page metadata can hold anything)."""
    try:
        return _as_date(published)
    except ValueError:
        return None
