"""`python -m pipeline review`: the database as self-contained HTML pages for a person to check.

Every article's text is shown with each fact highlighted in its kind's colour
(hover for value, unit, title, canonical name and rule; a money fact also shows its
links: giver, recipients, purpose and date), followed by a table of its facts. A click
on a money fact outlines the facts it is linked to: the count of its recipients and
the mentions of its giver (`?show=ARTICLE_ID/f3` in the address does the same on load).
The page filters by kind (`?kind=money`) and searches organizations
and people (`?q=kon tum`, accents optional) with a small inline script.

Article text is untrusted (scraped pages): every piece of it goes through
html.escape, and a Content-Security-Policy allows only the page's own script
(by hash), so nothing in an article can run or fetch anything. No network,
no CDN: CSS and JS are inline, so the files work from a USB stick.

Large archives are split: up to --page-size articles go in the one file;
beyond that the file is an index of every article (with counts, filter and
search) linking to pages of --page-size articles in <name>_files/.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipeline.batch import store
from pipeline.batch.store import COLUMNS
from pipeline.models import FACT_KINDS, FACT_MODELS
from pipeline.quality.labels import labels

PAGE_SIZE = 200
COLOURS = {kind: model.colour for kind, model in FACT_MODELS.items()}


@dataclass
class ArticleRow:
    """One line of the article list: enough to find, filter and link an article."""

    article_id: str
    title: str
    source: str
    published: str | None
    counts: dict[str, int]
    names: list[str]
    page: int = 1


@dataclass
class ReviewSummary:
    articles: int = 0
    facts: int = 0
    pages: int = 0
    files: list[Path] = field(default_factory=list)

    @property
    def bytes(self) -> int:
        return sum(path.stat().st_size for path in self.files)


def _fmt_int(value: int | float | None) -> str:
    return "" if value is None else f"{value:,.0f}".replace(",", ".")


def summarize(kind: str, fact: dict) -> str:
    """A fact's value in one line, for the hover text and the facts table."""
    if kind == "money":
        currency = labels().currency
        value = f"{_fmt_int(fact['amount_vnd'])} {currency}"
        if fact.get("amount_max_vnd"):
            value += f" – {_fmt_int(fact['amount_max_vnd'])} {currency}"
        extras = [fact.get("qualifier") or "exact"] + (["per unit"] if fact.get("per_unit") else [])
        links = [
            f"giver {fact.get('giver') or 'not stated'}",
            f"recipients {_fmt_int(fact['recipients_value'])} {fact.get('recipients_unit') or ''}".rstrip()
            if fact.get("recipients_value")
            else "no recipients count",
            f"purpose {fact.get('purpose') or '?'}",
            f"date {fact.get('date') or '?'}",
        ]
        return f"{value} ({', '.join(extras)}) · " + " · ".join(links)
    if kind == "counts":
        return f"{_fmt_int(fact['value'])} × {fact['unit']} ({fact.get('qualifier') or 'exact'})"
    if kind == "officials":
        titles = [fact.get("title") or "", *(fact.get("other_titles") or [])]
        parts = [", ".join(t for t in titles if t), fact.get("organization") or ""]
        return f"{fact['name']}" + "".join(f" — {part}" for part in parts if part)
    if kind == "organizations":
        return f"{fact['name']} → {fact['canonical']}"
    if kind == "dates":  # (its own `kind` column is replaced by the fact kind when loaded)
        start, end = fact.get("start"), fact.get("end")
        return str(start or "?") if start == end else f"{start or '?'} – {end or '?'}"
    of = f" of {fact['of']}" if fact.get("of") else ""
    return f"{fact['value']:g}%{of}"


# ---------------------------------------------------------------------------
# Reading the database


def article_rows(connection: duckdb.DuckDBPyConnection) -> list[ArticleRow]:
    """Every article with its fact counts and the names a search should find, in source order."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for kind in FACT_KINDS:
        for article_id, number in connection.execute(f"SELECT article_id, count(*) FROM {kind} GROUP BY 1").fetchall():
            counts[article_id][kind] = number
    names: dict[str, set[str]] = defaultdict(set)
    for article_id, name in connection.execute(
        "SELECT article_id, name FROM organizations UNION SELECT article_id, canonical FROM organizations "
        "UNION SELECT article_id, name FROM officials UNION SELECT article_id, organization FROM officials"
    ).fetchall():
        if name:
            names[article_id].add(name)
    rows = connection.execute(
        "SELECT article_id, title, source, published FROM articles ORDER BY source, article_id"
    ).fetchall()
    return [
        ArticleRow(
            article_id,
            title or "",
            source or "",
            published,
            {kind: counts[article_id].get(kind, 0) for kind in FACT_KINDS},
            sorted(names[article_id]),
        )
        for article_id, title, source, published in rows
    ]


def _entity_columns(connection: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The archive pass's id columns on the fact tables (none in a database made before it)."""
    found: dict[str, list[str]] = defaultdict(list)
    for table, column in connection.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE column_name IN ('body_id', 'person_id') AND table_name IN ('organizations', 'officials')"
    ).fetchall():
        found[table].append(column)
    return found


def _page_facts(connection: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, list[dict]]:
    """article_id -> its facts of every kind (dicts with a `kind`), in text order."""
    facts: dict[str, list[dict]] = defaultdict(list)
    entity_columns = _entity_columns(connection)
    for kind in FACT_KINDS:
        columns = ["article_id", *COLUMNS[kind], *sorted(entity_columns.get(kind, []))]
        quoted = ", ".join(f'"{column}"' for column in columns)
        cursor = connection.execute(
            f"SELECT {quoted} FROM {kind} WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [ids]
        )
        for row in cursor.fetchall():
            fact = dict(zip(columns, row, strict=True))
            fact["kind"] = kind
            facts[fact["article_id"]].append(fact)
    for items in facts.values():
        items.sort(key=lambda f: (f["char_start"] or 0, -(f["char_end"] or 0), FACT_KINDS.index(f["kind"])))
    return facts


# ---------------------------------------------------------------------------
# Rendering


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def highlight(text: str, facts: list[dict]) -> str:
    """The article text, escaped, with <mark> around every fact span.

    Facts may overlap (an organization inside an official's span), so the text
    is cut at every fact boundary and each piece is marked with all the facts
    covering it; its colour is the innermost (shortest) fact's kind.
    """
    spans = [
        (f["char_start"], f["char_end"], index, f)
        for index, f in enumerate(facts)
        if f.get("char_start") is not None
        and f.get("char_end") is not None
        and 0 <= f["char_start"] < f["char_end"] <= len(text)
    ]
    starts: dict[int, list[int]] = defaultdict(list)
    ends: dict[int, list[int]] = defaultdict(list)
    for start, end, index, _ in spans:
        starts[start].append(index)
        ends[end].append(index)
    bounds = sorted({0, len(text), *starts, *ends})
    active: set[int] = set()
    out: list[str] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        active.difference_update(ends.get(a, ()))
        active.update(starts.get(a, ()))
        piece = _e(text[a:b])
        if not active:
            out.append(piece)
            continue
        covering = sorted(active, key=lambda i: (facts[i]["char_end"] - facts[i]["char_start"], i))
        kinds = list(dict.fromkeys(facts[i]["kind"] for i in covering))
        tip = "\n".join(
            f"{facts[i]['kind']}: {summarize(facts[i]['kind'], facts[i])} · rule {facts[i].get('rule') or '?'}"
            for i in covering
        )
        out.append(
            f'<mark class="k-{kinds[0]}" data-kinds="{" ".join(kinds)}" '
            f'data-facts="{" ".join(f"f{i}" for i in sorted(covering))}" title="{_e(tip)}">{piece}</mark>'
        )
    return "".join(out)


def linked_facts(facts: list[dict]) -> dict[int, list[int]]:
    """Money fact index -> the indexes of the facts its links name: the recipients count (the one
    with that value and unit nearest before it, else the first) and every mention of its giver."""
    links: dict[int, list[int]] = {}
    for index, fact in enumerate(facts):
        if fact["kind"] != "money":
            continue
        linked: list[int] = []
        if fact.get("recipients_value"):
            same = [
                j
                for j, other in enumerate(facts)
                if other["kind"] == "counts"
                and other.get("value") == fact["recipients_value"]
                and other.get("unit") == fact.get("recipients_unit")
            ]
            before = [j for j in same if (facts[j]["char_start"] or 0) <= (fact["char_start"] or 0)]
            linked += before[-1:] or same[:1]
        if fact.get("giver"):
            linked += [
                j
                for j, other in enumerate(facts)
                if other["kind"] == "organizations" and other.get("canonical") == fact["giver"]
            ]
        if linked:
            links[index] = linked
    return links


def _names_attr(names: list[str]) -> str:
    return _e("\n".join(names))


def _kinds_attr(counts: dict[str, int]) -> str:
    return " ".join(kind for kind in FACT_KINDS if counts.get(kind))


def _entity_links(fact: dict, entity_href: str | None) -> str:
    """Links from a fact to the pages of its person and body (when the archive pass ran)."""
    if entity_href is None:
        return ""
    links = []
    if fact.get("person_id"):
        links.append(f'<a class="keep" href="{_e(entity_href)}people.html#p-{_e(fact["person_id"])}">person</a>')
    if fact.get("body_id"):
        links.append(f'<a class="keep" href="{_e(entity_href)}bodies.html#b-{_e(fact["body_id"])}">body</a>')
    return f" ({', '.join(links)})" if links else ""


def render_article(row: ArticleRow, text: str, facts: list[dict], entity_href: str | None = None) -> str:
    """One article; `entity_href` is the folder of the people and bodies pages, relative to this page."""
    counts = " · ".join(f"{row.counts[k]} {k}" for k in FACT_KINDS if row.counts.get(k))
    meta = " · ".join(_e(part) for part in (row.source, row.published, row.article_id) if part)
    links = linked_facts(facts)
    table_rows = "".join(
        f'<tr data-kind="{f["kind"]}" id="{_e(row.article_id)}-f{i}" data-fact="f{i}"'
        f"{_links_attr(links.get(i))}><td>f{i}</td>"
        f'<td><span class="chip k-{f["kind"]}">{f["kind"]}</span></td><td>{_e(f["text"])}</td>'
        f"<td>{_e(summarize(f['kind'], f))}{_entity_links(f, entity_href)}</td><td>{_e(f.get('rule'))}</td>"
        f"<td>{_e(f.get('char_start'))}–{_e(f.get('char_end'))}"
        f"{'' if _in_text(text, f) else ' ⚠ span not in text'}</td></tr>"
        for i, f in enumerate(facts)
    )
    return (
        f'<section class="article" id="a-{_e(row.article_id)}" data-kinds="{_kinds_attr(row.counts)}" '
        f'data-names="{_names_attr(row.names)}">'
        f'<h2>{_e(row.title) or "(untitled)"}</h2><p class="meta">{meta}<br>{counts or "no facts"}</p>'
        f'<div class="text">{highlight(text, facts)}</div>'
        f'<details open><summary>{len(facts)} facts</summary><table class="facts"><thead><tr><th>#</th>'
        f"<th>kind</th><th>text</th><th>value</th><th>rule</th><th>span</th></tr></thead>"
        f"<tbody>{table_rows}</tbody></table></details></section>"
    )


def _links_attr(linked: list[int] | None) -> str:
    return f' data-links="{" ".join(f"f{j}" for j in linked)}"' if linked else ""


def _in_text(text: str, fact: dict) -> bool:
    start, end = fact.get("char_start"), fact.get("char_end")
    return start is not None and end is not None and 0 <= start < end <= len(text)


def render_list(rows: list[ArticleRow], href: dict[str, str], show_page: bool) -> str:
    head = "".join(f'<th class="n">{kind}</th>' for kind in FACT_KINDS)
    page_head = '<th class="n">page</th>' if show_page else ""
    body = []
    for row in rows:
        cells = "".join(f'<td class="n">{row.counts.get(kind, 0) or ""}</td>' for kind in FACT_KINDS)
        page = f'<td class="n">{row.page}</td>' if show_page else ""
        body.append(
            f'<tr class="row" data-kinds="{_kinds_attr(row.counts)}" data-names="{_names_attr(row.names)}">'
            f'<td><a class="keep" href="{_e(href[row.article_id])}">{_e(row.title) or "(untitled)"}</a></td>'
            f'<td class="src">{_e(Path(row.source).name)}</td><td>{_e(row.published)}</td>{cells}{page}</tr>'
        )
    return (
        f'<table class="list"><thead><tr><th>article</th><th>source</th><th>published</th>{head}{page_head}'
        f"</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


CSS = """
body{font:15px/1.5 system-ui,'Segoe UI',Roboto,'Noto Sans',sans-serif;margin:0;color:#222;background:#fafafa}
header{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;padding:.5em 1em;z-index:2}
header h1{font-size:1.2em;margin:0 0 .3em}
main{padding:0 1em 2em;max-width:70em}
.controls{display:flex;flex-wrap:wrap;gap:.6em;align-items:center}
.legend .chip{margin-right:.3em}
.chip{display:inline-block;padding:0 .4em;border-radius:.3em;font-size:.85em}
mark{border-radius:.2em;padding:0 .05em;color:inherit;cursor:help}
mark.off{background:none;cursor:auto}
.article{background:#fff;border:1px solid #ddd;border-radius:.4em;padding:.2em 1em 1em;margin:1em 0}
.article h2{font-size:1.1em}
.entity{scroll-margin-top:8em;border-top:1px solid #ddd}
.meta{color:#666;font-size:.85em}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
table{border-collapse:collapse;font-size:.85em;margin-top:.5em}
td,th{border-bottom:1px solid #eee;padding:.15em .5em;text-align:left;vertical-align:top}
td.n,th.n{text-align:right}
.list{width:100%;background:#fff}
.src{color:#666}
nav a{margin-right:1em}
#status{color:#666;font-size:.85em}
[data-linked]{outline:2px solid #d62828;outline-offset:1px}
[data-linking]{outline:2px dashed #d62828;outline-offset:1px}
tr[data-links] td:first-child{cursor:pointer}
"""

JS = """
(function () {
  var fold = function (s) {
    return s.normalize('NFD').replace(/[\\u0300-\\u036f]/g, '').replace(/[\\u0111\\u0110]/g, 'd').toLowerCase();
  };
  var params = new URLSearchParams(location.search);
  var kind = document.getElementById('kind'), q = document.getElementById('q');
  var status = document.getElementById('status');
  var wanted = (params.get('kind') || '').replace(/[^a-z]/g, '');
  if (wanted && kind.querySelector('option[value="' + wanted + '"]')) kind.value = wanted;
  if (params.get('q')) q.value = params.get('q');
  var items = Array.prototype.slice.call(document.querySelectorAll('[data-names]'));
  // Count articles where the page shows them, else the rows of the index.
  var counted = document.querySelector('section.article') ? 'SECTION' : 'TR';
  items.forEach(function (el) { el._names = fold(el.getAttribute('data-names')); });
  var marks = document.querySelectorAll('mark[data-kinds]');
  var factRows = document.querySelectorAll('tr[data-kind]');
  var links = document.querySelectorAll('a.keep');
  function apply() {
    var k = kind.value, term = fold(q.value.trim()), shown = 0, total = 0;
    document.documentElement.setAttribute('data-kind', k);
    items.forEach(function (el) {
      var ok = (k === 'all' || el.getAttribute('data-kinds').split(' ').indexOf(k) >= 0) &&
               (!term || el._names.indexOf(term) >= 0);
      el.hidden = !ok;
      if (el.tagName === counted) { total++; if (ok) shown++; }
    });
    Array.prototype.forEach.call(marks, function (m) {
      var ks = m.getAttribute('data-kinds').split(' ');
      var on = k === 'all' ? ks[0] : (ks.indexOf(k) >= 0 ? k : '');
      m.className = on ? 'k-' + on : 'off';
    });
    Array.prototype.forEach.call(factRows, function (r) {
      r.hidden = !(k === 'all' || r.getAttribute('data-kind') === k);
    });
    var query = new URLSearchParams();
    if (k !== 'all') query.set('kind', k);
    if (q.value.trim()) query.set('q', q.value.trim());
    var suffix = query.toString() ? '?' + query.toString() : '';
    Array.prototype.forEach.call(links, function (a) {
      var href = a.getAttribute('href'), hash = href.indexOf('#');
      var base = href.slice(0, hash < 0 ? href.length : hash).split('?')[0];
      a.setAttribute('href', base + suffix + (hash < 0 ? '' : href.slice(hash)));
    });
    status.textContent = shown + ' of ' + total + ' articles shown';
  }
  kind.addEventListener('change', apply);
  q.addEventListener('input', apply);
  apply();
  // A money fact's links: outline the facts it names (its recipients count, its giver's mentions).
  function showLinks(section, id) {
    Array.prototype.forEach.call(section.ownerDocument.querySelectorAll('[data-linked],[data-linking]'),
      function (el) { el.removeAttribute('data-linked'); el.removeAttribute('data-linking'); });
    var row = section.querySelector('tr[data-fact="' + id + '"]');
    if (!row || !row.getAttribute('data-links')) return false;
    var linked = row.getAttribute('data-links').split(' ');
    row.setAttribute('data-linking', '1');
    Array.prototype.forEach.call(section.querySelectorAll('mark[data-facts]'), function (m) {
      var ids = m.getAttribute('data-facts').split(' ');
      if (ids.indexOf(id) >= 0) m.setAttribute('data-linking', '1');
      if (ids.some(function (f) { return linked.indexOf(f) >= 0; })) m.setAttribute('data-linked', '1');
    });
    linked.forEach(function (f) {
      var r = section.querySelector('tr[data-fact="' + f + '"]');
      if (r) r.setAttribute('data-linked', '1');
    });
    return true;
  }
  document.addEventListener('click', function (event) {
    var target = event.target.closest('mark[data-facts], tr[data-links]');
    if (!target) return;
    var section = target.closest('section.article');
    var ids = target.tagName === 'TR' ? [target.getAttribute('data-fact')]
      : target.getAttribute('data-facts').split(' ');
    ids.some(function (id) { return showLinks(section, id); });
  });
  var show = params.get('show') || '', cut = show.lastIndexOf('/');
  if (cut > 0) {
    var shown = document.getElementById('a-' + show.slice(0, cut));
    if (shown) showLinks(shown, show.slice(cut + 1));
  }
  // Only this script (allowed by hash) can run; it reports if anything else did.
  if (window.__pwned) document.documentElement.setAttribute('data-pwned', '1');
  document.documentElement.setAttribute('data-ready', '1');
})();
"""

_SCRIPT_HASH = base64.b64encode(hashlib.sha256(JS.encode("utf-8")).digest()).decode("ascii")
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    f"script-src 'sha256-{_SCRIPT_HASH}'; base-uri 'none'; form-action 'none'"
)


def _kind_css() -> str:
    # A piece inside several facts takes the innermost fact's colour and is underlined in the others'.
    return "".join(
        f".k-{kind}{{background:{colour}}}"
        f'mark[data-kinds~="{kind}"]:not(.k-{kind}):not(.off){{box-shadow:inset 0 -3px 0 {colour}}}'
        for kind, colour in COLOURS.items()
    )


def render_document(title: str, heading: str, nav: str, body: str, totals: dict[str, int]) -> str:
    legend = "".join(f'<span class="chip k-{kind}">{kind} {totals.get(kind, 0)}</span>' for kind in FACT_KINDS)
    options = "".join(f'<option value="{kind}">{kind}</option>' for kind in FACT_KINDS)
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{CSS}{_kind_css()}</style></head><body>"
        f'<header><h1>{_e(heading)}</h1><div class="controls"><span class="legend">{legend}</span>'
        f'<label>kind <select id="kind"><option value="all">all</option>{options}</select></label>'
        '<label>organization or person <input id="q" type="search" placeholder="e.g. Kon Tum"></label>'
        f'<span id="status"></span></div>{nav}</header><main>{body}</main>'
        f"<script>{JS}</script></body></html>\n"
    )


# ---------------------------------------------------------------------------
# People and bodies (the archive pass's tables)

ENTITY_ROWS = 200  # mentions or amounts listed per person or body; the rest is counted


def has_entity_tables(connection: duckdb.DuckDBPyConnection) -> bool:
    tables = {row[0] for row in connection.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    return {"people", "bodies", "posts"} <= tables


def _vnd(amount: int | None) -> str:
    return f"{_fmt_int(amount)} {labels().currency}"


def _table(head: list[str], rows: list[list[str]], more: int = 0) -> str:
    """An HTML table of cells already escaped (or built from escaped parts)."""
    header = "".join(f"<th>{_e(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    extra = f'<p class="meta">and {more} more</p>' if more > 0 else ""
    return f'<table class="facts"><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>{extra}'


def _capped_table(head: list[str], items: list[tuple], cells: Callable[[tuple], list[str]]) -> str:
    """A table of the first ENTITY_ROWS items, the rest counted under it."""
    return _table(head, [cells(item) for item in items[:ENTITY_ROWS]], len(items) - ENTITY_ROWS)


def _grouped(rows: list[tuple]) -> dict[str, list[tuple]]:
    grouped: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(row[1:])
    return grouped


def write_entity_pages(
    connection: duckdb.DuckDBPyConnection, folder: Path, article_href: dict[str, str], index_name: str
) -> list[Path]:
    """people.html and bodies.html in `folder`: a section per person (posts, mentions, money in the
    sentences that name them) and per body (kind, level, province, parent, people, money)."""

    def article(article_id: str, title: str | None) -> str:
        href = article_href.get(article_id)
        label = _e(title) or "(untitled)"
        return f'<a class="keep" href="{_e(href)}">{label}</a>' if href else label

    def body(body_id: str | None, name: str | None) -> str:
        return f'<a class="keep" href="bodies.html#b-{_e(body_id)}">{_e(name)}</a>' if body_id else "?"

    def person(person_id: str, name: str) -> str:
        return f'<a class="keep" href="people.html#p-{_e(person_id)}">{_e(name)}</a>'

    def money_table(header: str, money: list[tuple]) -> str:
        return _capped_table(
            ["article", header, "as written"], money, lambda m: [article(m[0], m[1]), _e(_vnd(m[2])), _e(m[3])]
        )

    def page(name: str, title: str, sections: list[str]) -> Path:
        path = folder / f"{name}.html"
        path.write_text(
            render_document(title, f"{title}: {len(sections)}", nav, "".join(sections), {}), encoding="utf-8"
        )
        return path

    nav = (
        f'<nav><a class="keep" href="../{_e(index_name)}">articles</a><a class="keep" href="people.html">people</a>'
        '<a class="keep" href="bodies.html">bodies</a></nav>'
    )
    posts = _grouped(
        connection.execute(
            "SELECT po.person_id, po.title, po.body_id, b.canonical, po.first_seen, po.last_seen, po.articles "
            "FROM posts po LEFT JOIN bodies b USING (body_id) ORDER BY po.person_id, po.first_seen, po.title"
        ).fetchall()
    )
    mentions = _grouped(
        connection.execute(
            "SELECT o.person_id, o.article_id, a.title, a.published, o.title, o.organization, o.sentence "
            "FROM officials o JOIN articles a USING (article_id) WHERE o.person_id IS NOT NULL "
            "ORDER BY o.person_id, a.published, a.title"
        ).fetchall()
    )
    person_money = _grouped(
        connection.execute(
            "SELECT DISTINCT o.person_id, m.article_id, a.title, m.amount_vnd, m.text, m.char_start "
            "FROM officials o JOIN money m ON m.article_id = o.article_id AND m.sentence = o.sentence "
            "JOIN articles a ON a.article_id = m.article_id WHERE o.person_id IS NOT NULL ORDER BY ALL"
        ).fetchall()
    )
    sections = []
    for person_id, name, province, first, last, articles in connection.execute(
        "SELECT person_id, name, province_today, first_seen, last_seen, articles FROM people ORDER BY name, person_id"
    ).fetchall():
        held = [
            [_e(title), body(body_id, canonical), _e(a), _e(b), _e(n)]
            for title, body_id, canonical, a, b, n in posts.get(person_id, [])
        ]
        seen = mentions.get(person_id, [])
        money = person_money.get(person_id, [])
        sections.append(
            f'<section class="entity" id="p-{_e(person_id)}" data-kinds="officials" data-names="{_e(name)}">'
            f'<h2>{_e(name)}</h2><p class="meta">{_e(province or "province unknown")} · seen '
            f"{_e(first or '?')} – {_e(last or '?')} · {articles} articles · {_e(person_id)}</p>"
            + _table(["post", "body", "first seen", "last seen", "articles"], held)
            + _capped_table(
                ["article", "published", "title", "organization as written", "sentence"],
                seen,
                lambda m: [article(m[0], m[1]), *(_e(cell) for cell in m[2:])],
            )
            + (money_table("money in the same sentence", money) if money else "")
            + "</section>"
        )
    people_page = page("people", "People", sections)
    holders = _grouped(
        connection.execute(
            "SELECT po.body_id, po.person_id, p.name, po.title, po.first_seen, po.last_seen FROM posts po "
            "JOIN people p USING (person_id) ORDER BY po.body_id, po.first_seen, p.name"
        ).fetchall()
    )
    body_money = _grouped(
        connection.execute(
            "SELECT DISTINCT o.body_id, m.article_id, a.title, m.amount_vnd, m.text, m.char_start "
            "FROM organizations o JOIN money m ON m.article_id = o.article_id AND m.sentence = o.sentence "
            "JOIN articles a ON a.article_id = m.article_id WHERE o.body_id IS NOT NULL AND NOT m.per_unit "
            "ORDER BY ALL"
        ).fetchall()
    )
    body_articles = _grouped(
        connection.execute(
            "SELECT DISTINCT o.body_id, o.article_id, a.title, a.published FROM organizations o "
            "JOIN articles a USING (article_id) WHERE o.body_id IS NOT NULL ORDER BY ALL"
        ).fetchall()
    )
    names = dict(connection.execute("SELECT body_id, canonical FROM bodies").fetchall())
    sections = []
    for body_id, canonical, kind, level, province, today, parent, aliases, first, last, articles in connection.execute(
        "SELECT body_id, canonical, kind, level, province, province_today, parent_body_id, aliases, first_seen, "
        "last_seen, articles FROM bodies ORDER BY canonical"
    ).fetchall():
        where = province if province == today or not province else f"{province} (today {today})"
        money = body_money.get(body_id, [])
        listed = body_articles.get(body_id, [])
        sections.append(
            f'<section class="entity" id="b-{_e(body_id)}" data-kinds="organizations" '
            f'data-names="{_e(chr(10).join([canonical, *(aliases or [])]))}"><h2>{_e(canonical)}</h2>'
            f'<p class="meta">{_e(kind)} · {_e(level or "level unknown")} · {_e(where or "province unknown")}'
            + (f" · inside {body(parent, names.get(parent, parent))}" if parent else "")
            + f" · seen {_e(first or '?')} – {_e(last or '?')} · {articles} articles · {_e(body_id)}<br>"
            f"written {_e(', '.join(aliases or []))}</p>"
            + _table(
                ["person", "post", "first seen", "last seen"],
                [[person(p, n), _e(t), _e(a), _e(b)] for p, n, t, a, b in holders.get(body_id, [])],
            )
            + _capped_table(["article", "published"], listed, lambda m: [article(m[0], m[1]), _e(m[2])])
            + (
                money_table("money in a sentence naming it", money)
                + f'<p class="meta">{len(money)} amounts, {_e(_vnd(sum(row[2] for row in money)))} in all</p>'
                if money
                else ""
            )
            + "</section>"
        )
    return [people_page, page("bodies", "Bodies", sections)]


# ---------------------------------------------------------------------------
# Writing


def write_review(db_path: str | Path, out: str | Path, page_size: int = PAGE_SIZE) -> ReviewSummary:
    """Write the review page(s) for the database at db_path; returns what was written."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    connection = store.connect(db_path, read_only=True)  # "in use by another process", not "not a database"
    try:
        rows = article_rows(connection)
        totals = {kind: sum(row.counts[kind] for row in rows) for kind in FACT_KINDS}
        summary = ReviewSummary(articles=len(rows), facts=sum(totals.values()))
        pages = [rows[i : i + page_size] for i in range(0, len(rows), page_size)] or [[]]
        summary.pages = len(pages)
        files_dir = out.with_name(f"{out.stem}_files")
        if len(pages) > 1:
            files_dir.mkdir(exist_ok=True)
            for stale in files_dir.glob("page-*.html"):  # from an earlier, larger archive
                stale.unlink()
        for number, page in enumerate(pages, start=1):
            for row in page:
                row.page = number
        page_name = [f"page-{number:04d}.html" for number in range(1, len(pages) + 1)]
        db_name = Path(db_path).name
        has_entities = has_entity_tables(connection)
        if has_entities:
            # an article as linked from the people and bodies pages, which live in files_dir
            article_href = {
                row.article_id: (f"../{out.name}" if len(pages) == 1 else page_name[row.page - 1])
                + f"#a-{row.article_id}"
                for row in rows
            }
            files_dir.mkdir(exist_ok=True)
            summary.files.extend(write_entity_pages(connection, files_dir, article_href, out.name))
        for number, page in enumerate(pages, start=1):
            ids = [row.article_id for row in page]
            texts = (
                dict(
                    connection.execute(
                        "SELECT article_id, text FROM articles WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [ids]
                    ).fetchall()
                )
                if ids
                else {}
            )
            facts = _page_facts(connection, ids) if ids else {}
            entity_href = (f"{files_dir.name}/" if len(pages) == 1 else "") if has_entities else None
            articles = "".join(
                render_article(row, texts.get(row.article_id) or "", facts.get(row.article_id, []), entity_href)
                for row in page
            )
            page_totals = {kind: sum(row.counts[kind] for row in page) for kind in FACT_KINDS}
            listing = render_list(page, {row.article_id: f"#a-{row.article_id}" for row in page}, show_page=False)
            if len(pages) == 1:
                html_text = render_document(
                    f"Review: {db_name}",
                    f"Review of {db_name}: {len(rows)} articles, {summary.facts} facts",
                    "",
                    listing + articles,
                    totals,
                )
                out.write_text(html_text, encoding="utf-8")
                summary.files.append(out)
                break
            nav = [f'<a class="keep" href="../{_e(out.name)}">index</a>']
            if number > 1:
                nav.append(f'<a class="keep" href="{page_name[number - 2]}">← page {number - 1}</a>')
            if number < len(pages):
                nav.append(f'<a class="keep" href="{page_name[number]}">page {number + 1} →</a>')
            html_text = render_document(
                f"Review: {db_name}, page {number}/{len(pages)}",
                f"Review of {db_name}: page {number} of {len(pages)} ({len(page)} articles)",
                f"<nav>{''.join(nav)}</nav>",
                listing + articles,
                page_totals,
            )
            path = files_dir / page_name[number - 1]
            path.write_text(html_text, encoding="utf-8")
            summary.files.append(path)
        if len(pages) > 1:
            href = {row.article_id: f"{files_dir.name}/{page_name[row.page - 1]}#a-{row.article_id}" for row in rows}
            pages_nav = " ".join(
                f'<a class="keep" href="{files_dir.name}/{name}">{i}</a>' for i, name in enumerate(page_name, start=1)
            )
            index = render_document(
                f"Review: {db_name}",
                f"Review of {db_name}: {len(rows)} articles, {summary.facts} facts, {len(pages)} pages",
                f"<nav>pages: {pages_nav}</nav>",
                render_list(rows, href, show_page=True),
                totals,
            )
            out.write_text(index, encoding="utf-8")
            summary.files.insert(0, out)
    finally:
        connection.close()
    return summary
