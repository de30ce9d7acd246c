"""The archive pass: bodies, people and posts from the stored facts (spec §8), kept up to date incrementally.

Ids are content keys, never row counters:
- a body is its canonical name: `body_id` is a hash of the folded canonical;
- a person is a name within a scope: `person_id` is a hash of the folded name and the root of
  the mention's body, so it is decided by the mention alone and never changes as articles
  arrive. The root is the body's hierarchy in its province as of today ("union|Quảng Ngãi":
  every union body of the province lies inside its LĐLĐ; the same for party, state and
  association bodies), the central hierarchy for central bodies, and the body itself for
  bodies that nest in nothing (companies, schools, funds ...). Namesakes in bodies of
  different provinces are two people; an official with no body is a person of its article only.

Incremental: `entity_articles` remembers, per article, the `processed_at` it was resolved at
and the bodies and people its mentions gave. An article written since (new or re-extracted)
is resolved again: its mentions get their ids, and every body, person and post it touches,
now or before, is recomputed from the stored mentions, so a run over new articles gives the
tables a single run over all of them gives, and a re-run adds nothing. A change of the bodies
lexicon or of this code resolves everything again.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from pipeline import lexicon as lexicons
from pipeline.archive.bodies import NESTING_KINDS, BodyRules, body_id
from pipeline.archive.provinces import PACKAGE
from pipeline.batch import store
from pipeline.errors import InputError
from pipeline.extractors.organizations import OrganizationGrammar
from pipeline.lexicon import Lexicon
from pipeline.text.gazetteers import body_words
from pipeline.text.normalize import fold

CHUNK = 5000  # articles resolved per query round: memory stays flat on a large first run
# Articles resolved per transaction after a run. One pass over 50k new articles grew the process
# to 680 MB (RSS) even with DuckDB held to 256 MB, and most of it came back only at the commit;
# passes of 10k peaked at 460 MB (measured on the same database). Each pass leaves the tables as a
# run over the articles resolved so far would, so a failure in a later one loses nothing.
STEP = 10000

SCHEMA = """
ALTER TABLE organizations ADD COLUMN IF NOT EXISTS body_id VARCHAR;
ALTER TABLE officials ADD COLUMN IF NOT EXISTS body_id VARCHAR;
ALTER TABLE officials ADD COLUMN IF NOT EXISTS person_id VARCHAR;
CREATE TABLE IF NOT EXISTS bodies (
    body_id VARCHAR PRIMARY KEY, canonical VARCHAR, kind VARCHAR, level VARCHAR, province VARCHAR,
    province_today VARCHAR, parent_body_id VARCHAR, aliases VARCHAR[], first_seen DATE, last_seen DATE,
    articles INTEGER, mentions INTEGER
);
CREATE TABLE IF NOT EXISTS people (
    person_id VARCHAR PRIMARY KEY, name VARCHAR, province_today VARCHAR, first_seen DATE, last_seen DATE,
    articles INTEGER, mentions INTEGER
);
CREATE TABLE IF NOT EXISTS posts (
    person_id VARCHAR, title VARCHAR, body_id VARCHAR, first_seen DATE, last_seen DATE, articles INTEGER
);
CREATE TABLE IF NOT EXISTS provinces (province VARCHAR PRIMARY KEY, today VARCHAR, merged_on DATE);
CREATE TABLE IF NOT EXISTS entity_articles (
    article_id VARCHAR PRIMARY KEY, processed_at TIMESTAMP, published DATE, province VARCHAR,
    body_ids VARCHAR[], person_ids VARCHAR[], person_provinces VARCHAR[]
);
ALTER TABLE entity_articles ADD COLUMN IF NOT EXISTS person_provinces VARCHAR[];
CREATE TABLE IF NOT EXISTS entity_state (name VARCHAR PRIMARY KEY, value VARCHAR);
"""
ENTITY_TABLES = ("bodies", "people", "posts", "entity_articles")


@dataclass
class EntitySummary:
    articles: int = 0  # articles resolved in this pass
    bodies: int = 0  # rows of each table after it
    people: int = 0
    posts: int = 0
    rebuilt: bool = False  # everything was resolved again (new rules or code)


# ---------------------------------------------------------------------------
# One mention


def person_id(name: str, root: str) -> str:
    return "p" + hashlib.sha256(f"person\0{fold(name)}\0{root}".encode()).hexdigest()[:15]


@dataclass
class Context:
    """What the pass knows of one article while resolving its mentions."""

    article_id: str
    places: dict[str, str]  # the article's place at each level word ("huyện": "Tuần Giáo")
    province: str | None  # its province, as the package names it
    mentions: list[tuple[int, int, str, str]] = field(default_factory=list)  # start, end, name, canonical


class Resolver:
    """Mention -> body and person, from one lexicon's rules (pure: no database)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.rules = lexicon.derived(BodyRules)
        self.grammar = lexicon.derived(OrganizationGrammar)
        self.bare_heads = {fold(head) for head in body_words(lexicon).heads} | {
            fold(head) for heads in self.rules.lex.kinds.values() for head in heads
        }
        self.central = {fold(head) for head in self.rules.lex.central_heads}
        self.level_heads = {fold(head): (head, level) for head, level in self.rules.lex.level_heads.items()}

    def context(self, article_id: str, mentions: list[tuple[int, int, str, str]]) -> Context:
        """An article's places and province, read from its organization mentions' canonical names
        (the extractor resolved "LĐLĐ tỉnh" to the article's province already): the first place
        of each level, and the province named most (first named on a tie)."""
        found: dict[str, str] = {}
        named: Counter[str] = Counter()
        first: dict[str, int] = {}
        for index, (_, _, _, canonical) in enumerate(mentions):
            info = self.rules.classify(canonical)
            for place in info.places:
                found.setdefault(place.level_word, place.name)
            province = info.province
            if province:
                named[province] += 1
                first.setdefault(province, index)
        province = min(named, key=lambda p: (-named[p], first[p])) if named else None
        return Context(article_id, found, province, list(mentions))

    def official_body(
        self, ctx: Context, start: int, end: int, organization: str, canonical: str | None = None
    ) -> str | None:
        """The canonical name of the body an official's title is tied to, or None.

        `canonical` is the official's own organization_canonical once the extractor gives one;
        until then the organization as written is matched to the article's mention at the same
        offsets (it lies inside the official's span), else to a mention written the same way,
        else to the one body of the article it abbreviates ("Công đoàn công ty"), else it is
        canonicalized like a mention ("Huyện ủy" -> "Huyện ủy Tuần Giáo")."""
        if canonical:
            return canonical
        written = (organization or "").strip()
        if not written:
            return None
        inside = [m for m in ctx.mentions if m[2] == written and start <= m[0] and m[1] <= end]
        if inside:
            return inside[0][3]
        same = sorted((abs(m[0] - start), m[3]) for m in ctx.mentions if m[2] == written)
        if same:
            return same[0][1]
        resolved = self.grammar.canonical_name(written, ctx.places)
        prefix = fold(resolved) + " "
        longer = {fold(m[3]): m[3] for m in ctx.mentions if fold(m[3]).startswith(prefix)}
        if len(longer) == 1:
            return next(iter(longer.values()))
        head = self.level_heads.get(fold(written))
        if head:
            place = ctx.places.get(head[1])
            return f"{head[0]} {place}" if place else None
        if fold(resolved) in self.bare_heads and fold(resolved) not in self.central:
            return None  # "Công ty", "Bệnh viện": which one, the article does not say
        return resolved

    def root_province(self, ctx: Context, canonical: str | None) -> str | None:
        """Today's province of a mention: its body's, else its article's."""
        named = self.rules.classify(canonical).province if canonical else None
        return self.rules.today(named or ctx.province)

    def root(self, ctx: Context, canonical: str | None) -> str:
        """The scope a person's name is unique in: see the module docstring."""
        if not canonical:
            return f"article|{ctx.article_id}"
        info = self.rules.classify(canonical)
        if info.kind in NESTING_KINDS:
            if info.level == "central":
                return f"{info.kind}|central"
            today = self.rules.today(info.province or ctx.province)
            if today:
                return f"{info.kind}|{today}"
        return f"body|{body_id(canonical)}"


# ---------------------------------------------------------------------------
# The pass


ARCHIVE_SOURCE = "(archive pass)"  # the `source` of the archive pass's own error rows


def resolve_after_run(connection: duckdb.DuckDBPyConnection, lexicon: Lexicon | None = None) -> InputError | None:
    """`resolve` at the end of an extraction run, STEP articles a transaction. The run's facts are
    committed already, so a failure here must not lose them: it becomes a row of `errors` (and the
    run's exit status), and the entity tables are left as the passes before it made them until a
    run succeeds, which clears the row."""
    try:
        while resolve(connection, lexicon, limit=STEP).articles >= STEP:
            pass
    except Exception as error:  # reported, never a traceback: the next run tries again
        problem = InputError(ARCHIVE_SOURCE, "archive", type(error).__name__, str(error))
        store.write_errors(connection, [problem])
        return problem
    connection.execute("DELETE FROM errors WHERE source = ?", [ARCHIVE_SOURCE])
    return None


def fingerprint(lexicon: Lexicon) -> str:
    """What the ids and attributes depend on besides the facts: rules, this code, the package."""
    digest = hashlib.sha256()
    data, _ = lexicon.raw("bodies/lexicon")
    digest.update(repr(data).encode())
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(path.read_bytes())
    digest.update(importlib.metadata.version(PACKAGE).encode())
    return digest.hexdigest()[:16]


def _columns(connection: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {row[0] for row in connection.execute(f"DESCRIBE {table}").fetchall()}


def _register(connection: duckdb.DuckDBPyConnection, name: str, data: dict[str, list], schema: pa.Schema) -> None:
    connection.register(name, pa.table(data, schema=schema))


def _ids_table(connection: duckdb.DuckDBPyConnection, name: str, ids: Iterable[str]) -> None:
    _register(connection, name, {"id": sorted(set(ids))}, pa.schema([("id", pa.string())]))


def resolve(
    connection: duckdb.DuckDBPyConnection, lexicon: Lexicon | None = None, limit: int | None = None
) -> EntitySummary:
    """Bring bodies, people and posts up to date with the stored facts, in one transaction; with
    `limit`, only the first `limit` changed articles (by id): call again while it resolves as many."""
    lexicon = lexicon or lexicons.default()
    connection.execute(SCHEMA)
    summary = EntitySummary()
    version = fingerprint(lexicon)
    connection.execute("BEGIN TRANSACTION")
    try:
        stored = connection.execute("SELECT value FROM entity_state WHERE name = 'version'").fetchone()
        if not stored or stored[0] != version:
            summary.rebuilt = True
            connection.execute("UPDATE organizations SET body_id = NULL")
            connection.execute("UPDATE officials SET body_id = NULL, person_id = NULL")
            for table in ENTITY_TABLES:
                connection.execute(f"DELETE FROM {table}")
            _write_provinces(connection, lexicon)
            connection.execute("INSERT OR REPLACE INTO entity_state VALUES ('version', ?)", [version])
        resolver = Resolver(lexicon) if _anything_to_do(connection) else None
        if resolver is not None:
            summary.articles = _resolve_changed(connection, resolver, limit)
        for table in ("bodies", "people", "posts"):
            setattr(summary, table, connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return summary


_CHANGED = """
    SELECT a.article_id FROM articles a LEFT JOIN entity_articles e USING (article_id)
    WHERE e.article_id IS NULL OR e.processed_at IS DISTINCT FROM a.processed_at
"""
_STALE = """
    SELECT e.article_id FROM entity_articles e LEFT JOIN articles a USING (article_id)
    WHERE a.article_id IS NULL OR e.processed_at IS DISTINCT FROM a.processed_at
"""


def _anything_to_do(connection: duckdb.DuckDBPyConnection) -> bool:
    return bool(connection.execute(f"SELECT EXISTS ({_CHANGED}) OR EXISTS ({_STALE})").fetchone()[0])


def _write_provinces(connection: duckdb.DuckDBPyConnection, lexicon: Lexicon) -> None:
    """Every province before and after 2025, with the province it is part of today."""
    rules = lexicon.derived(BodyRules)
    merger = rules.lex.merger_date
    names = sorted(rules.provinces.today)
    table = {
        "province": names,
        "today": [rules.provinces.today[name] for name in names],
        "merged_on": [None if name in rules.provinces.current else merger for name in names],
    }
    _register(connection, "new_provinces", table, pa.schema([(column, pa.string()) for column in table]))
    connection.execute("DELETE FROM provinces")
    connection.execute("INSERT INTO provinces SELECT province, today, CAST(merged_on AS DATE) FROM new_provinces")
    connection.unregister("new_provinces")


def _resolve_changed(connection: duckdb.DuckDBPyConnection, resolver: Resolver, limit: int | None = None) -> int:
    touched_bodies: set[str] = set()
    touched_people: set[str] = set()
    for body_ids, person_ids in connection.execute(
        f"SELECT body_ids, person_ids FROM entity_articles WHERE article_id IN ({_STALE})"
    ).fetchall():
        touched_bodies.update(body_ids or ())
        touched_people.update(person_ids or ())
    connection.execute(f"DELETE FROM entity_articles WHERE article_id IN ({_STALE})")
    last = f" LIMIT {int(limit)}" if limit else ""
    changed = [row[0] for row in connection.execute(_CHANGED + " ORDER BY a.article_id" + last).fetchall()]
    names: dict[str, str] = {}  # body_id -> canonical, for bodies first met in this pass
    has_canonical = "organization_canonical" in _columns(connection, "officials")
    for at in range(0, len(changed), CHUNK):
        bodies, people = _resolve_articles(connection, resolver, changed[at : at + CHUNK], names, has_canonical)
        touched_bodies |= bodies
        touched_people |= people
    _refresh_bodies(connection, resolver, touched_bodies, names)
    _refresh_people(connection, touched_people)
    return len(changed)


def _resolve_articles(
    connection: duckdb.DuckDBPyConnection,
    resolver: Resolver,
    ids: list[str],
    names: dict[str, str],
    has_canonical: bool,
) -> tuple[set[str], set[str]]:
    _ids_table(connection, "entity_batch", ids)
    articles = connection.execute(
        "SELECT article_id, processed_at, TRY_CAST(left(published, 10) AS DATE) FROM articles "
        "WHERE article_id IN (SELECT id FROM entity_batch)"
    ).fetchall()
    org_rows = connection.execute(
        "SELECT article_id, char_start, char_end, name, canonical FROM organizations "
        "WHERE article_id IN (SELECT id FROM entity_batch) ORDER BY article_id, char_start"
    ).fetchall()
    canonical_column = "organization_canonical" if has_canonical else "NULL"
    official_rows = connection.execute(
        f"SELECT article_id, char_start, char_end, name, organization, {canonical_column} FROM officials "
        "WHERE article_id IN (SELECT id FROM entity_batch) ORDER BY article_id, char_start"
    ).fetchall()
    mentions: dict[str, list[tuple[int, int, str, str]]] = defaultdict(list)
    for article_id, start, end, name, canonical in org_rows:
        mentions[article_id].append((start, end, name, canonical))
    contexts = {row[0]: resolver.context(row[0], mentions[row[0]]) for row in articles}
    per_article_bodies: dict[str, set[str]] = defaultdict(set)
    per_article_people: dict[str, dict[str, str | None]] = defaultdict(dict)
    org_updates: dict[str, list] = {"article_id": [], "char_start": [], "char_end": [], "body_id": []}
    for article_id, start, end, _, canonical in org_rows:
        key = body_id(canonical)
        names.setdefault(key, canonical)
        per_article_bodies[article_id].add(key)
        for column, value in zip(org_updates, (article_id, start, end, key), strict=True):
            org_updates[column].append(value)
    official_updates: dict[str, list] = {"article_id": [], "char_start": [], "name": [], "body_id": [], "person_id": []}
    for article_id, start, end, name, organization, given in official_rows:
        ctx = contexts[article_id]
        canonical = resolver.official_body(ctx, start, end, organization, given)
        key = body_id(canonical) if canonical else None
        if key:
            names.setdefault(key, canonical)
            per_article_bodies[article_id].add(key)
        root = resolver.root(ctx, canonical)
        person = person_id(name, root)
        per_article_people[article_id][person] = resolver.root_province(ctx, canonical)
        for column, value in zip(official_updates, (article_id, start, name, key, person), strict=True):
            official_updates[column].append(value)
    string = pa.string()
    _register(
        connection,
        "org_ids",
        org_updates,
        pa.schema([("article_id", string), ("char_start", pa.int32()), ("char_end", pa.int32()), ("body_id", string)]),
    )
    connection.execute(
        "UPDATE organizations o SET body_id = u.body_id FROM org_ids u WHERE o.article_id = u.article_id "
        "AND o.char_start = u.char_start AND o.char_end = u.char_end"
    )
    _register(
        connection,
        "official_ids",
        official_updates,
        pa.schema(
            [
                ("article_id", string),
                ("char_start", pa.int32()),
                ("name", string),
                ("body_id", string),
                ("person_id", string),
            ]
        ),
    )
    connection.execute(
        "UPDATE officials o SET body_id = u.body_id, person_id = u.person_id FROM official_ids u "
        "WHERE o.article_id = u.article_id AND o.char_start = u.char_start AND o.name = u.name"
    )
    done = {
        "article_id": [row[0] for row in articles],
        "processed_at": [row[1] for row in articles],
        "published": [row[2] for row in articles],
        "province": [contexts[row[0]].province for row in articles],
        "body_ids": [sorted(per_article_bodies[row[0]]) for row in articles],
        "person_ids": [sorted(per_article_people[row[0]]) for row in articles],
        "person_provinces": [
            [per_article_people[row[0]][p] for p in sorted(per_article_people[row[0]])] for row in articles
        ],
    }
    _register(
        connection,
        "done_articles",
        done,
        pa.schema(
            [
                ("article_id", string),
                ("processed_at", pa.timestamp("us")),
                ("published", pa.date32()),
                ("province", string),
                ("body_ids", pa.list_(string)),
                ("person_ids", pa.list_(string)),
                ("person_provinces", pa.list_(string)),
            ]
        ),
    )
    connection.execute("INSERT INTO entity_articles BY NAME SELECT * FROM done_articles")
    for name in ("entity_batch", "org_ids", "official_ids", "done_articles"):
        connection.unregister(name)
    bodies = set().union(*per_article_bodies.values()) if per_article_bodies else set()
    people = {person for found in per_article_people.values() for person in found}
    return bodies, people


_BODY_MENTIONS = """
    WITH m AS (
        SELECT article_id, body_id, name AS alias, 1 AS mention, canonical FROM organizations
        WHERE body_id IN (SELECT id FROM touched)
        UNION ALL  -- an official's body counts its article, not a mention (its text is mostly one already)
        SELECT article_id, body_id, organization, 0, NULL FROM officials WHERE body_id IN (SELECT id FROM touched)
    )
"""


def _refresh_bodies(
    connection: duckdb.DuckDBPyConnection, resolver: Resolver, touched: set[str], names: dict[str, str]
) -> None:
    """Recompute the bodies that gained or lost mentions, then the parents (a new body may be one)."""
    if not touched:
        return
    _ids_table(connection, "touched", touched)
    existing = connection.execute(
        "SELECT body_id, canonical, province FROM bodies WHERE body_id IN (SELECT id FROM touched)"
    ).fetchall()
    for key, canonical, _ in existing:
        names.setdefault(key, canonical)
    aggregates = connection.execute(
        _BODY_MENTIONS
        + """SELECT m.body_id, sum(m.mention), count(DISTINCT m.article_id), min(e.published), max(e.published),
                  list(DISTINCT m.alias ORDER BY m.alias) FILTER (WHERE m.alias <> ''), min(m.canonical)
           FROM m JOIN entity_articles e USING (article_id) GROUP BY m.body_id"""
    ).fetchall()
    article_provinces: dict[str, Counter[str]] = defaultdict(Counter)
    for key, province, count in connection.execute(
        _BODY_MENTIONS + "SELECT m.body_id, e.province, count(*) FROM m JOIN entity_articles e USING (article_id) "
        "WHERE e.province IS NOT NULL GROUP BY ALL"
    ).fetchall():
        article_provinces[key][province] = count
    rows = []
    for key, mentions, articles, first, last, aliases, spelled in aggregates:
        # the name as its mentions spell it (the same in any order of runs), else as resolved
        names[key] = spelled or names[key]
        info = resolver.rules.classify(names[key])
        province = info.province
        if province is None and info.level != "central" and article_provinces[key]:
            # a name without its province ("LĐLĐ huyện Tuần Giáo"): the province its articles are about
            tally = article_provinces[key]
            province = min(tally, key=lambda p: (-tally[p], p))
        rows.append(
            (
                key,
                names[key],
                info.kind,
                info.level,
                province,
                resolver.rules.today(province),
                None,
                aliases or [],
                first,
                last,
                articles,
                mentions,
            )
        )
    connection.execute("DELETE FROM bodies WHERE body_id IN (SELECT id FROM touched)")
    if rows:
        string, date = pa.string(), pa.date32()
        schema = pa.schema(
            [
                ("body_id", string),
                ("canonical", string),
                ("kind", string),
                ("level", string),
                ("province", string),
                ("province_today", string),
                ("parent_body_id", string),
                ("aliases", pa.list_(string)),
                ("first_seen", date),
                ("last_seen", date),
                ("articles", pa.int32()),
                ("mentions", pa.int32()),
            ]
        )
        connection.register("new_bodies", pa.Table.from_pylist([dict(zip(schema.names, row)) for row in rows], schema))
        connection.execute("INSERT INTO bodies SELECT * FROM new_bodies")
        connection.unregister("new_bodies")
    connection.unregister("touched")
    # a body that came or went may be another's parent: recompute all; else only the touched
    # bodies' own parents can change (their province may have)
    kept = {key for key, *_ in existing}
    came_or_went = {row[0] for row in rows} != kept
    _refresh_parents(connection, resolver, None if came_or_went else touched)


def _refresh_parents(connection: duckdb.DuckDBPyConnection, resolver: Resolver, only: set[str] | None) -> None:
    """parent_body_id: the nearest body above that the archive has (see BodyRules.parent), for
    every body or `only` these."""
    bodies = connection.execute("SELECT body_id, canonical, province, parent_body_id FROM bodies").fetchall()
    known = {fold(canonical) for _, canonical, _, _ in bodies}
    changes = {"body_id": [], "parent_body_id": []}
    for key, canonical, province, current in bodies:
        if only is not None and key not in only:
            continue
        parent = resolver.rules.parent(resolver.rules.classify(canonical), province, known)
        parent_id = body_id(parent) if parent else None
        if parent_id != current:
            changes["body_id"].append(key)
            changes["parent_body_id"].append(parent_id)
    if changes["body_id"]:
        _register(
            connection, "parents", changes, pa.schema([("body_id", pa.string()), ("parent_body_id", pa.string())])
        )
        connection.execute(
            "UPDATE bodies b SET parent_body_id = p.parent_body_id FROM parents p WHERE b.body_id = p.body_id"
        )
        connection.unregister("parents")


def _refresh_people(connection: duckdb.DuckDBPyConnection, touched: set[str]) -> None:
    """Recompute the people (and their posts) whose mentions changed."""
    if not touched:
        return
    _ids_table(connection, "touched", touched)
    connection.execute("DELETE FROM people WHERE person_id IN (SELECT id FROM touched)")
    connection.execute("DELETE FROM posts WHERE person_id IN (SELECT id FROM touched)")
    connection.execute(
        """INSERT INTO people
           WITH m AS (
               -- the province of the mention's root, kept per article: decided by the mention alone, so
               -- a person's row never depends on articles that do not name them
               SELECT o.person_id, o.name, o.article_id, e.published,
                      e.person_provinces[list_position(e.person_ids, o.person_id)] AS province
               FROM officials o JOIN entity_articles e USING (article_id)
               WHERE o.person_id IN (SELECT id FROM touched)
           ),
           spelling AS (
               SELECT person_id, name, row_number() OVER (PARTITION BY person_id ORDER BY count(*) DESC, name) AS r
               FROM m GROUP BY person_id, name
           ),
           place AS (
               SELECT person_id, province,
                      row_number() OVER (PARTITION BY person_id ORDER BY count(*) DESC, province) AS r
               FROM m WHERE province IS NOT NULL GROUP BY person_id, province
           )
           SELECT m.person_id, s.name, pl.province, min(m.published), max(m.published),
                  count(DISTINCT m.article_id), count(*)
           FROM m JOIN spelling s ON s.person_id = m.person_id AND s.r = 1
           LEFT JOIN place pl ON pl.person_id = m.person_id AND pl.r = 1
           GROUP BY m.person_id, s.name, pl.province"""
    )
    connection.execute(
        """INSERT INTO posts
           SELECT o.person_id, min(o.title), o.body_id, min(e.published), max(e.published), count(DISTINCT o.article_id)
           FROM officials o JOIN entity_articles e USING (article_id)
           WHERE o.person_id IN (SELECT id FROM touched) AND coalesce(o.title, '') <> ''
           GROUP BY o.person_id, lower(o.title), o.body_id"""
    )
    connection.unregister("touched")


# ---------------------------------------------------------------------------
# What a person should check


@dataclass
class Suspect:
    """A place where the resolution may be wrong, for `people --suspect`."""

    issue: str  # "possible merge", "possible split", "conflicting posts"
    name: str
    where: str  # today's province, or the date of the conflicting posts
    people: list[str]
    details: list[str]


def suspects(connection: duckdb.DuckDBPyConnection) -> list[Suspect]:
    """Possible merges and splits: one name in different bodies of one province (kept apart:
    a possible merge; made one person: a possible split), and one person holding different
    posts on the same date."""
    found = []
    for name, province, people, bodies in connection.execute(
        """SELECT min(o.name), b.province_today, list(DISTINCT o.person_id ORDER BY o.person_id),
                  list(DISTINCT b.canonical ORDER BY b.canonical)
           FROM officials o JOIN bodies b USING (body_id)
           WHERE b.province_today IS NOT NULL
           GROUP BY lower(o.name), b.province_today HAVING count(DISTINCT o.body_id) > 1
           ORDER BY 1, 2"""
    ).fetchall():
        issue = "possible split" if len(people) == 1 else "possible merge"
        found.append(Suspect(issue, name, province, people, bodies))
    for name, person, day, posts in connection.execute(
        """WITH m AS (
               SELECT o.name, o.person_id, e.published, o.title || ' @ ' || coalesce(b.canonical, '?') AS post
               FROM officials o JOIN entity_articles e USING (article_id) LEFT JOIN bodies b USING (body_id)
               WHERE e.published IS NOT NULL AND coalesce(o.title, '') <> ''
           )
           SELECT min(name), person_id, published, list(DISTINCT post ORDER BY post) FROM m
           GROUP BY person_id, published HAVING count(DISTINCT lower(post)) > 1
           ORDER BY 1, 3"""
    ).fetchall():
        found.append(Suspect("conflicting posts", name, str(day), [person], posts))
    return found
