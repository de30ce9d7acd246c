"""`python -m pipeline report`: charts a union officer would want, and a Markdown summary beside them.

Charts (PNG, matplotlib's Agg backend, no display needed), all drawn from the money links
(spec §7: the links component reads who gives, to whom and for what; nothing is guessed here):

- money_by_giver.png: amounts summed per giver (the canonical organization the article says
  gives it; "(giver not stated)" when it does not). Per-unit amounts ("500.000 đồng/suất") are
  left out of every money total: they are rates, not sums.
- money_by_purpose_year.png: the same amounts per year, stacked by purpose. The year is that
  of the amount's own `date` (the date of its clause, else of its sentence, else the article's),
  else "unknown"; never a year found elsewhere in the article.
- beneficiaries_by_purpose.png: the recipients counts linked to money, summed per purpose (a
  count linked to several amounts, such as the cash and the goods of one gift, counts once).
- top_officials.png: officials by number of mentions, one bar per person of the `people`
  table (namesakes of two provinces are two people), labelled with their province.

The purposes, in their order, are the links lexicon's (rules/links/lexicon.yaml).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipeline import lexicon as lexicons
from pipeline.extractors.links import purposes
from pipeline.models import FACT_KINDS
from pipeline.quality.labels import labels

NO_GIVER = "(giver not stated)"
NO_PURPOSE = "(no purpose)"
UNKNOWN_YEAR = "unknown"
TOP = 15


@dataclass
class Report:
    articles: int = 0
    facts: dict[str, int] = field(default_factory=dict)
    money_total: int = 0
    money_amounts: int = 0
    per_unit_left_out: int = 0
    by_giver: Counter[str] = field(default_factory=Counter)
    by_year_purpose: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    beneficiaries: Counter[str] = field(default_factory=Counter)
    beneficiary_counts: int = 0
    officials: Counter[str] = field(default_factory=Counter)
    official_titles: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    official_names: dict[str, str] = field(default_factory=dict)  # person_id (or name) -> label
    files: list[Path] = field(default_factory=list)

    @property
    def by_year(self) -> Counter[str]:
        return Counter({year: sum(amounts.values()) for year, amounts in self.by_year_purpose.items()})


def purpose_order() -> list[str]:
    """The purposes as the links lexicon lists them, then the report's own label for none."""
    return [*purposes(lexicons.default()), NO_PURPOSE]


def money_year(date: str | None) -> str:
    """The year of an amount's own date ("2022-05-01" -> "2022"), else "unknown"."""
    return date[:4] if date and date[:4].isdigit() else UNKNOWN_YEAR


# ---------------------------------------------------------------------------
# Gathering


def gather(connection: duckdb.DuckDBPyConnection) -> Report:
    report = Report()
    report.articles = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    for kind in FACT_KINDS:
        report.facts[kind] = connection.execute(f"SELECT count(*) FROM {kind}").fetchone()[0]

    linked: set[tuple] = set()
    for article_id, amount, per_unit, giver, value, unit, purpose, date in connection.execute(
        "SELECT article_id, amount_vnd, per_unit, giver, recipients_value, recipients_unit, purpose, date "
        "FROM money ORDER BY article_id, char_start"
    ).fetchall():
        purpose = purpose or NO_PURPOSE
        if value:
            # one count, linked by several amounts (a gift's cash and goods), is counted once
            key = (article_id, value, unit, purpose)
            if key not in linked:
                linked.add(key)
                report.beneficiaries[purpose] += value
                report.beneficiary_counts += 1
        if per_unit:
            report.per_unit_left_out += 1
            continue
        report.money_total += amount
        report.money_amounts += 1
        report.by_giver[giver or NO_GIVER] += amount
        report.by_year_purpose[money_year(date)][purpose] += amount

    # One bar per person (people table), not per name string: namesakes of two provinces are two
    # bars, and one person is one bar; a database made before the archive pass counts names.
    tables = {row[0] for row in connection.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    by_person = "people" in tables
    sql = (
        "SELECT coalesce(o.person_id, o.name), coalesce(p.name, o.name), p.province_today, o.title "
        "FROM officials o LEFT JOIN people p USING (person_id)"
        if by_person
        else "SELECT name, name, NULL, title FROM officials"
    )
    for key, name, province, title in connection.execute(sql).fetchall():
        if name:
            report.officials[key] += 1
            report.official_names[key] = f"{name}, {province}" if province else name
            if title:
                report.official_titles[key][title] += 1
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


def _stacked_chart(path: Path, title: str, groups: list[str], stacks: dict[str, list[float]], ylabel: str) -> Path:
    """Vertical bars per group (years), each stacked by series (purposes), with a legend."""
    import matplotlib

    matplotlib.use("Agg")  # files only: no display on a server or in CI
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(9, 4.8))
    if not groups:
        axes.text(0.5, 0.5, "no data in this database", ha="center", va="center", transform=axes.transAxes)
        axes.set_axis_off()
    else:
        bottoms = [0.0] * len(groups)
        colours = plt.get_cmap("tab20").colors
        for index, (series, values) in enumerate(stacks.items()):
            axes.bar(groups, values, bottom=bottoms, label=series, color=colours[index % len(colours)])
            bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
        for position, total in enumerate(bottoms):
            axes.text(position, total, _number(total), ha="center", va="bottom", fontsize=8)
        axes.set_ylabel(ylabel)
        axes.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    axes.set_title(title)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def draw(report: Report, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    files = []
    top_givers = report.by_giver.most_common(TOP)
    scale, unit = _money_scale([value for _, value in top_givers])
    files.append(
        _bar_chart(
            out / "money_by_giver.png",
            f"Money by giver (top {TOP})",
            [giver for giver, _ in top_givers],
            [value / scale for _, value in top_givers],
            unit,
        )
    )
    years = sorted(report.by_year_purpose, key=_year_order)
    used = [p for p in purpose_order() if any(report.by_year_purpose[y][p] for y in years)]
    scale, unit = _money_scale(list(report.by_year.values()))
    files.append(
        _stacked_chart(
            out / "money_by_purpose_year.png",
            "Money by year and purpose",
            years,
            {p: [report.by_year_purpose[y][p] / scale for y in years] for p in used},
            unit,
        )
    )
    kinds = sorted(report.beneficiaries.items(), key=lambda item: (-item[1], purpose_order().index(item[0])))
    files.append(
        _bar_chart(
            out / "beneficiaries_by_purpose.png",
            "Beneficiaries by purpose",
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


def _official_label(report: Report, key: str) -> str:
    name = report.official_names.get(key, key)
    titles = report.official_titles.get(key)
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
    years = sorted(report.by_year_purpose, key=_year_order)
    used = [p for p in purpose_order() if any(report.by_year_purpose[y][p] for y in years)]
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
        "## Money by giver",
        "",
        "![Money by giver](money_by_giver.png)",
        "",
        "Each amount goes to the giver its links name (the organization that gives, spends or lends it, "
        f"as the article says); `{NO_GIVER}` when the article does not say.",
        "",
        "| giver | money |",
        "| --- | ---: |",
        *(f"| {_md(giver)} | {_vnd(value)} |" for giver, value in report.by_giver.most_common(TOP)),
        "",
        "## Money by year and purpose",
        "",
        "![Money by year and purpose](money_by_purpose_year.png)",
        "",
        "Year: of the amount's own date (its clause's, else its sentence's, else the article's), else unknown.",
        "",
        "| year | " + " | ".join(used) + " | total |",
        "| --- | " + " | ".join("---:" for _ in used) + " | ---: |",
        *(
            f"| {year} | "
            + " | ".join(_vnd(report.by_year_purpose[year][p]) for p in used)
            + f" | {_vnd(sum(report.by_year_purpose[year].values()))} |"
            for year in years
        ),
        "",
        "## Beneficiaries by purpose",
        "",
        "![Beneficiaries by purpose](beneficiaries_by_purpose.png)",
        "",
        f"{report.beneficiary_counts} counts are the recipients of an amount (the purposes are those of "
        "`rules/links/lexicon.yaml`); counts no amount links to are left out.",
        "",
        "| purpose | beneficiaries |",
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
