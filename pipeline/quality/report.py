"""`python -m pipeline report`: charts a union officer would want, and a Markdown summary beside them.

Charts (PNG, matplotlib's Agg backend, no display needed):

- money_by_organization.png: amounts of money summed per organization. Each
  amount goes to exactly one organization, so nothing is counted twice: the
  nearest organization mentioned before it in the same sentence, else the first
  one after it in that sentence, else the organization the article mentions
  most (first mentioned on a tie), else "(no organization)". Organizations are
  grouped by canonical name. Per-unit amounts ("500.000 đồng/suất") are left
  out of every money total: they are rates, not sums.
- money_by_year.png: the same amounts per year: the article's `published` year
  when set, else a year in its title, else the year its text mentions most
  (the latest on a tie), else "unknown".
- beneficiaries_by_support.png: counts summed per kind of support, the kinds
  and their words being rules/report/support_kinds.yaml.
- top_officials.png: officials by number of mentions.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import duckdb
import regex as re

from pipeline import lexicon as lexicons
from pipeline.models import FACT_KINDS
from pipeline.quality.labels import labels
from pipeline.text.patterns import YEAR, alternation

SUPPORT_KINDS = "report/support_kinds"
NO_ORGANIZATION = "(no organization)"
UNKNOWN_YEAR = "unknown"
TOP = 15
_YEAR = re.compile(rf"(?<!\d)({YEAR})(?!\d)")
# Clause boundaries: ; ! ? and line breaks, and . or , only before a space (not inside 8.500.000 or 12,5).
_CLAUSE_END = re.compile(r"[;!?\n]|[.,](?=\s|$)")


@dataclass
class Report:
    articles: int = 0
    facts: dict[str, int] = field(default_factory=dict)
    money_total: int = 0
    money_amounts: int = 0
    per_unit_left_out: int = 0
    by_organization: Counter[str] = field(default_factory=Counter)
    attribution: Counter[str] = field(default_factory=Counter)  # how amounts found their organization
    by_year: Counter[str] = field(default_factory=Counter)
    beneficiaries: Counter[str] = field(default_factory=Counter)
    beneficiary_counts: int = 0
    officials: Counter[str] = field(default_factory=Counter)
    official_titles: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    files: list[Path] = field(default_factory=list)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# ---------------------------------------------------------------------------
# Years


def article_year(published: str | None, title: str | None, text: str | None) -> str:
    """The year an article reports on, as described in the module docstring."""
    for source in (published, title):
        if source and (match := _YEAR.search(source)):
            return match.group(1)
    years = Counter(_YEAR.findall(text or ""))
    if not years:
        return UNKNOWN_YEAR
    return max(years.items(), key=lambda item: (item[1], item[0]))[0]


# ---------------------------------------------------------------------------
# Kinds of support


@cache
def _support_patterns() -> tuple[list[tuple[str, re.Pattern[str] | None, re.Pattern[str] | None]], re.Pattern[str]]:
    data, _ = lexicons.default().raw(SUPPORT_KINDS)

    def pattern(words: list[str]) -> re.Pattern[str] | None:
        words = [_nfc(str(w)) for w in words or []]
        return re.compile(rf"(?<!\w)(?:{alternation(words)})(?!\w)", re.IGNORECASE) if words else None

    kinds = [(name, pattern(spec.get("units")), pattern(spec.get("context"))) for name, spec in data["kinds"].items()]
    excluded = pattern(data.get("not_beneficiaries") or []) or re.compile(r"(?!)")
    return kinds, excluded


def clause_around(text: str, start: int, end: int) -> str:
    """The text between the nearest clause boundaries before start and after end."""
    # Look back a bounded way: clauses are short, and articles can be long.
    left = max(0, start - 600)
    for match in _CLAUSE_END.finditer(text, left, start):
        left = match.end()
    after = _CLAUSE_END.search(text, end)
    return text[left : after.start() if after else len(text)]


def support_kind(unit: str, clause: str, sentence: str) -> str | None:
    """The kind of support a count counts beneficiaries of, or None if it is not a beneficiary count."""
    kinds, excluded = _support_patterns()
    unit, clause, sentence = _nfc(unit or ""), _nfc(clause or ""), _nfc(sentence or "")
    if excluded.fullmatch(unit.strip()):
        return None
    for name, units, _ in kinds:
        if units and units.search(unit):
            return name
    # Only the count's own clause: a whole sentence often lists several kinds of support.
    for name, _, context in kinds:
        if context and context.search(clause or sentence):
            return name
    return None


# ---------------------------------------------------------------------------
# Gathering


def gather(connection: duckdb.DuckDBPyConnection) -> Report:
    report = Report()
    articles = {
        article_id: (published, title, text)
        for article_id, published, title, text in connection.execute(
            "SELECT article_id, published, title, text FROM articles"
        ).fetchall()
    }
    report.articles = len(articles)
    for kind in FACT_KINDS:
        report.facts[kind] = connection.execute(f"SELECT count(*) FROM {kind}").fetchone()[0]
    years = {article_id: article_year(*values) for article_id, values in articles.items()}

    # Organization mentions per article, in text order, for attributing money.
    mentions: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for article_id, start, sentence, canonical, name in connection.execute(
        "SELECT article_id, char_start, sentence, canonical, name FROM organizations ORDER BY article_id, char_start"
    ).fetchall():
        mentions[article_id].append((start or 0, sentence or "", canonical or name or ""))
    most_mentioned: dict[str, str] = {}
    for article_id, items in mentions.items():
        tally = Counter(org for _, _, org in items)
        first = {org: index for index, (_, _, org) in reversed(list(enumerate(items)))}
        most_mentioned[article_id] = max(tally, key=lambda org: (tally[org], -first[org]))

    for article_id, amount, per_unit, start, sentence in connection.execute(
        "SELECT article_id, amount_vnd, per_unit, char_start, sentence FROM money"
    ).fetchall():
        if per_unit:
            report.per_unit_left_out += 1
            continue
        report.money_total += amount
        report.money_amounts += 1
        report.by_year[years.get(article_id, UNKNOWN_YEAR)] += amount
        same = [(s, org) for s, sent, org in mentions.get(article_id, []) if sent == sentence and org]
        before = [org for s, org in same if s < (start or 0)]
        if before:
            organization, how = before[-1], "nearest before, same sentence"
        elif same:
            organization, how = same[0][1], "first after, same sentence"
        elif article_id in most_mentioned:
            organization, how = most_mentioned[article_id], "most mentioned in the article"
        else:
            organization, how = NO_ORGANIZATION, "no organization in the article"
        report.by_organization[organization] += amount
        report.attribution[how] += 1

    for article_id, value, unit, start, end, sentence in connection.execute(
        "SELECT article_id, value, unit, char_start, char_end, sentence FROM counts"
    ).fetchall():
        text = articles.get(article_id, (None, None, ""))[2] or ""
        clause = clause_around(text, start or 0, end or 0) if text else sentence
        kind = support_kind(unit, clause, sentence)
        if kind:
            report.beneficiaries[kind] += value
            report.beneficiary_counts += 1

    for name, title in connection.execute("SELECT name, title FROM officials").fetchall():
        if name:
            report.officials[name] += 1
            if title:
                report.official_titles[name][title] += 1
    return report


# ---------------------------------------------------------------------------
# Drawing


def _money_scale(values: list[int]) -> tuple[float, str]:
    top = max(values, default=0)
    if top >= 1e9:
        return 1e9, labels().billion_axis
    return 1e6, labels().million_axis


def _short(label: str, width: int = 48) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


def _number(value: float) -> str:
    """As the articles write numbers: 1.189.000, and 2,5 (decimal comma)."""
    if value >= 100 or float(value).is_integer():
        return f"{round(value):,}".replace(",", ".")
    return f"{value:.1f}".replace(".", ",") if value >= 1 else f"{value:.2g}".replace(".", ",")


def _bar_chart(
    path: Path,
    title: str,
    labels: list[str],
    values: list[float],
    xlabel: str,
    horizontal: bool = True,
    integers: bool = False,
) -> Path:
    import matplotlib

    matplotlib.use("Agg")  # files only: no display on a server or in CI
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    height = 1.6 + 0.38 * max(len(labels), 3) if horizontal else 4.5
    figure, axes = plt.subplots(figsize=(9, height))
    if not labels:
        axes.text(0.5, 0.5, "no data in this database", ha="center", va="center", transform=axes.transAxes)
        axes.set_axis_off()
    elif horizontal:
        positions = range(len(labels))
        axes.barh(positions, values, color="#3a86ff")
        axes.set_yticks(list(positions), [_short(label) for label in labels])
        axes.invert_yaxis()  # largest on top
        axes.margins(x=0.1)  # room for the value labels
        axes.set_xlabel(xlabel)
        log_scale = len(values) > 1 and min(values) > 0 and max(values) / min(values) > 100
        if log_scale:
            axes.set_xscale("log")  # one huge figure would flatten every other bar to nothing
            axes.set_xlim(min(values) / 2, max(values) * 4)  # room for the value labels
            axes.set_xlabel(f"{xlabel} (log scale)")
        for position, value in zip(positions, values, strict=True):
            axes.text(value, position, f" {_number(value)}", va="center", fontsize=8)
    else:
        axes.bar(labels, values, color="#3a86ff")
        axes.set_ylabel(xlabel)
        for position, value in enumerate(values):
            axes.text(position, value, _number(value), ha="center", va="bottom", fontsize=8)
    if integers and labels and (axes.xaxis if horizontal else axes.yaxis).get_scale() == "linear":
        # people and mentions come whole
        (axes.xaxis if horizontal else axes.yaxis).set_major_locator(MaxNLocator(integer=True))
    axes.set_title(title)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def _year_order(year: str) -> tuple[int, str]:
    return (1, year) if year == UNKNOWN_YEAR else (0, year)


def draw(report: Report, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    files = []
    top_orgs = report.by_organization.most_common(TOP)
    scale, unit = _money_scale([value for _, value in top_orgs])
    files.append(
        _bar_chart(
            out / "money_by_organization.png",
            f"Money by organization (top {TOP})",
            [org for org, _ in top_orgs],
            [value / scale for _, value in top_orgs],
            unit,
        )
    )
    years = sorted(report.by_year.items(), key=lambda item: _year_order(item[0]))
    scale, unit = _money_scale([value for _, value in years])
    files.append(
        _bar_chart(
            out / "money_by_year.png",
            "Money by year",
            [year for year, _ in years],
            [value / scale for _, value in years],
            unit,
            horizontal=False,
        )
    )
    kinds = report.beneficiaries.most_common()
    files.append(
        _bar_chart(
            out / "beneficiaries_by_support.png",
            "Beneficiaries by kind of support",
            [kind for kind, _ in kinds],
            [value for _, value in kinds],
            "people, households or gifts",
            integers=True,
        )
    )
    officials = report.officials.most_common(TOP)
    files.append(
        _bar_chart(
            out / "top_officials.png",
            f"Top officials by mentions (top {TOP})",
            [_official_label(report, name) for name, _ in officials],
            [count for _, count in officials],
            "mentions",
            integers=True,
        )
    )
    return files


def _official_label(report: Report, name: str) -> str:
    titles = report.official_titles.get(name)
    return f"{name} ({titles.most_common(1)[0][0]})" if titles else name


# ---------------------------------------------------------------------------
# Summary


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + f" {labels().currency}"


def _md(text: str) -> str:
    # Names come from scraped text: keep them from breaking a Markdown table.
    return text.replace("|", "\\|").replace("\n", " ")


def summary_markdown(report: Report, db_path: str) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Extraction report",
        "",
        f"Database `{db_path}`: {report.articles} articles, {sum(report.facts.values())} facts; written {now}.",
        "",
        "| kind | facts |",
        "| --- | ---: |",
        *(f"| {kind} | {report.facts.get(kind, 0)} |" for kind in FACT_KINDS),
        "",
        f"**Money:** {_vnd(report.money_total)} in {report.money_amounts} amounts"
        f" ({report.per_unit_left_out} per-unit amounts left out: they are rates, not sums). "
        "Amounts are summed as reported: one repeated by several articles is counted in each.",
        "",
        "## Money by organization",
        "",
        "![Money by organization](money_by_organization.png)",
        "",
        "Each amount goes to one organization: the nearest one mentioned before it in the same sentence, "
        "else the first after it in that sentence, else the one the article mentions most, "
        "grouped by canonical name.",
        "",
        "| organization | money |",
        "| --- | ---: |",
        *(f"| {_md(org)} | {_vnd(value)} |" for org, value in report.by_organization.most_common(TOP)),
        "",
        "How amounts found their organization: "
        + (", ".join(f"{how}: {n}" for how, n in report.attribution.most_common()) or "no amounts")
        + ".",
        "",
        "## Money by year",
        "",
        "![Money by year](money_by_year.png)",
        "",
        "Year: the article's published date, else a year in its title, else the year its text mentions most.",
        "",
        "| year | money |",
        "| --- | ---: |",
        *(
            f"| {year} | {_vnd(value)} |"
            for year, value in sorted(report.by_year.items(), key=lambda item: _year_order(item[0]))
        ),
        "",
        "## Beneficiaries by kind of support",
        "",
        "![Beneficiaries by kind of support](beneficiaries_by_support.png)",
        "",
        f"{report.beneficiary_counts} counts matched a kind of `rules/report/support_kinds.yaml`; "
        "counts of members, branches or meetings match none and are left out.",
        "",
        "| kind of support | beneficiaries |",
        "| --- | ---: |",
        *(f"| {_md(kind)} | {value:,} |" for kind, value in report.beneficiaries.most_common()),
        "",
        "## Top officials",
        "",
        "![Top officials by mentions](top_officials.png)",
        "",
        "| official | mentions |",
        "| --- | ---: |",
        *(f"| {_md(_official_label(report, name))} | {n} |" for name, n in report.officials.most_common(TOP)),
        "",
    ]
    return "\n".join(lines)


def write_report(db_path: str | Path, out: str | Path) -> Report:
    """Charts and summary.md for the database at db_path, written into the directory out."""
    from pipeline.batch import store

    out = Path(out)
    connection = store.connect(db_path, read_only=True)  # "in use by another process", not "not a database"
    try:
        report = gather(connection)
    finally:
        connection.close()
    report.files = draw(report, out)
    summary = out / "summary.md"
    summary.write_text(summary_markdown(report, str(db_path)), encoding="utf-8")
    report.files.append(summary)
    return report
