"""Command line: thin wrappers over runner, store and evaluate.

Exit codes: 0 every input processed; 1 some inputs failed (the rest are written,
the failures are rows of the `errors` table), or the SQL given to `query` failed;
2 usage error: bad option, missing path, database in use by another process or
unreadable, or writing SQL given to `query` without --write. Errors are one line
on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipeline import resources
from pipeline.errors import DatabaseUnavailable
from pipeline.ingest.stdin import FORMATS as STDIN_FORMATS
from pipeline.lexicon import LexiconError


def _cmd_extract(args: argparse.Namespace) -> int:
    from pipeline.ingest import ReadOptions
    from pipeline.ingest.stdin import STDIN

    # With no INPUT, the corpus of the checkout; an installed package has none.
    corpus = resources.default_corpus()
    if not args.inputs and corpus is None:
        print("error: name the articles to extract: union-facts extract INPUT [INPUT ...]", file=sys.stderr)
        return 2
    inputs = args.inputs or [str(corpus)]
    missing = [item for item in inputs if item != STDIN and not Path(item).exists()]
    if missing:
        print(f"error: no such file or directory: {', '.join(missing)}", file=sys.stderr)
        return 2
    if args.workers is not None and args.workers < 1:
        print("error: --workers must be at least 1", file=sys.stderr)
        return 2
    if args.stdin_format and STDIN not in inputs:
        print("error: --stdin-format is for standard input: name it as the input -", file=sys.stderr)
        return 2
    options = ReadOptions(stdin_format=args.stdin_format).with_fields(
        text=args.text_field, title=args.title_field, url=args.url_field, date=args.date_field
    )
    if args.engine == "dask":
        if not args.scheduler:
            print("error: --engine dask needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)", file=sys.stderr)
            return 2
        from pipeline.batch.dask_engine import run_dask

        summary = run_dask(
            inputs,
            args.db,
            scheduler=args.scheduler,
            parquet_dir=args.parquet_dir,
            force=args.force,
            quiet=args.quiet,
            options=options,
        )
    else:
        from pipeline.batch.runner import run

        summary = run(
            inputs,
            args.db,
            force=args.force,
            quiet=args.quiet,
            workers=args.workers,
            options=options,
            batch_size=args.batch_size,
            max_bytes=args.max_article_bytes,
            progress_lines=args.progress,
            rules_dir=args.rules,
        )
    if not args.quiet:
        print(f"{summary.line()} -> {args.db}")
    return 1 if summary.errors else 0


def _no_database(db: str) -> bool:
    """True (after a one-line error) when there is no database to read at `db`."""
    if Path(db).is_file():
        return False
    print(f"error: no database at {db}; run `{_prog()} extract` first", file=sys.stderr)
    return True


def _cmd_query(args: argparse.Namespace) -> int:
    import duckdb

    from pipeline.batch import outputs, store

    if _no_database(args.db):
        return 2
    if args.max_width < 0:
        print("error: --max-width must be 0 (no limit) or more", file=sys.stderr)
        return 2
    # Read-only unless asked: a typo in ad-hoc SQL must not be able to change the data, and the
    # sandbox (no file access, locked settings) keeps it from writing or loading anything else.
    connection = store.connect(args.db, read_only=not args.write, sandbox=not args.write)
    try:
        refused = None if args.write else outputs.refused_statement(connection, args.sql)
        if refused:
            print(f"error: query is read-only and refuses {refused}; add --write to allow it", file=sys.stderr)
            return 2
        cursor = connection.execute(args.sql)
        if cursor.description is None:
            return 0
        columns = [column[0] for column in cursor.description]
        outputs.write_rows(sys.stdout, args.format, columns, outputs.batches(cursor), args.max_width)
    except duckdb.Error as error:
        if not args.write and isinstance(error, duckdb.PermissionException):
            print(
                "error: this SQL reaches files outside the database, which query refuses; add --write to allow it",
                file=sys.stderr,
            )
            return 2
        if not args.write and "read-only" in str(error):
            print(
                "error: this SQL changes the database, which query opens read-only; add --write to allow it",
                file=sys.stderr,
            )
            return 2
        print(f"error: {_one_line(str(error))}", file=sys.stderr)
        return 1
    finally:
        connection.close()
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    import duckdb

    from pipeline.batch import outputs, store

    db = Path(args.db)
    if not db.is_file():
        print(f"error: no database at {args.db}; run `union-facts extract` first", file=sys.stderr)
        return 2
    if sum(bool(choice) for choice in (args.table, args.sql, args.all)) != 1:
        print("error: export needs one of --table NAME, --sql SELECT or --all DIR", file=sys.stderr)
        return 2
    if not args.all and not args.to:
        print("error: --table and --sql need --to FILE (money.parquet, out.csv, facts.jsonl)", file=sys.stderr)
        return 2
    connection = store.connect(db, read_only=True)
    try:
        if args.all:
            fmt = outputs.export_format("", args.format or "parquet")
            jobs = [
                (outputs.table_select(connection, table), Path(args.all) / f"{table}{outputs.EXTENSIONS[fmt]}", fmt)
                for table in outputs.tables(connection)
            ]
        else:
            if args.table:
                select = outputs.table_select(connection, args.table)
            else:
                select = outputs.one_select(connection, args.sql)
            jobs = [(select, Path(args.to), outputs.export_format(args.to, args.format))]
        for select, path, fmt in jobs:
            rows = outputs.export(connection, select, path, fmt, db)
            if not args.quiet:
                print(f"{rows} row{'' if rows == 1 else 's'} -> {path}")
    except outputs.OutputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except duckdb.Error as error:
        print(f"error: {_one_line(str(error))}", file=sys.stderr)
        return 1
    finally:
        connection.close()
    return 0


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _positive_int(value: str) -> int:
    try:
        number = int(value.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number <= 0:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value!r}")
    return number


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from pipeline.batch import store
    from pipeline.quality import evaluate

    gold = evaluate.load_gold(Path(args.gold_dir))
    if not gold:
        print(f"error: no gold files (*.json) in {args.gold_dir}", file=sys.stderr)
        return 2
    if _no_database(args.db):
        return 2
    connection = store.connect(args.db, read_only=True)
    try:
        predictions = evaluate.predictions_by_gold_id(connection, gold)
        person_ids = evaluate.person_ids_by_gold_id(connection, gold)
        published = evaluate.published_by_gold_id(connection, gold)
    finally:
        connection.close()
    totals, missing = evaluate.evaluate(gold, predictions)
    published_right, published_scored = evaluate.score_published(gold, published)
    people = evaluate.score_people(gold, person_ids) if person_ids is not None else None
    if args.format == "json":
        result = evaluate.as_json(totals, missing)
        if people is not None:
            result["people_pairwise"] = {
                "precision": round(people.precision, 4),
                "recall": round(people.recall, 4),
                "f1": round(people.f1, 4),
                **{"tp": people.tp, "fp": people.fp, "fn": people.fn},
            }
        result["published"] = {"right": published_right, "scored": published_scored}
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(evaluate.render(totals, missing, details=not args.summary))
        if published_scored:
            print(f"published (the article's own date) right for {published_right}/{published_scored} articles")
        if people is not None:
            print(
                f"people (pairs of one person's mentions across articles): P {people.precision:.3f} "
                f"R {people.recall:.3f} F1 {people.f1:.3f} (tp {people.tp}, fp {people.fp}, fn {people.fn})"
            )
    return 0


def _cmd_goldens(args: argparse.Namespace) -> int:
    if resources.repository_root() is None:
        print("error: goldens compares the checkout's corpus with its outputs/; run it in a checkout", file=sys.stderr)
        return 2
    from pipeline.quality import goldens

    if args.accept:
        print(f"{goldens.accept_all()} golden files rewritten in {goldens.OUTPUTS}")
        return 0
    changes = goldens.check_all()
    for article, items in changes.items():
        print(f"{article}:")
        for change in items:
            print(goldens.describe(change))
    print(f"{len(changes)} articles differ from their goldens" if changes else "goldens are up to date")
    return 1 if changes else 0


def _cmd_diff(args: argparse.Namespace) -> int:
    from pipeline.quality import diff

    try:
        result = diff.compare(diff.load_side(args.old), diff.load_side(args.new))
    except diff.DiffInputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(diff.render_json(result) if args.format == "json" else diff.render_text(result))
    return 0 if result.equal else 1


def _cmd_review(args: argparse.Namespace) -> int:
    import duckdb

    from pipeline.quality import review

    if _no_database(args.db):
        return 2
    if args.page_size < 1:
        print("error: --page-size must be at least 1", file=sys.stderr)
        return 2
    try:
        summary = review.write_review(args.db, args.out, page_size=args.page_size)
    except duckdb.Error as error:
        print(f"error: {args.db} is not a facts database: {error}", file=sys.stderr)
        return 2
    where = args.out
    if summary.pages > 1:
        where = f"{args.out} (index) + {summary.pages} pages in {summary.files[1].parent}"
    print(f"{summary.articles} articles, {summary.facts} facts -> {where} ({summary.bytes / 1e6:.1f} MB)")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    import duckdb

    from pipeline.quality import report

    if _no_database(args.db):
        return 2
    try:
        result = report.write_report(args.db, args.out)
    except duckdb.Error as error:
        print(f"error: {args.db} is not a facts database: {error}", file=sys.stderr)
        return 2
    print(f"{len(result.files)} files -> {args.out}: " + ", ".join(path.name for path in result.files))
    return 0


# Mirrors pipeline.batch.outputs (which imports duckdb; the parser must not).
QUERY_FORMATS = ["table", "csv", "json", "jsonl", "markdown"]
EXPORT_FORMATS = ["csv", "parquet", "jsonl", "json"]


def _prog() -> str:
    """The name the tool was started by, for usage lines: python -m pipeline, union-facts (the console script)."""
    main_module = sys.modules.get("__main__")
    spec = getattr(main_module, "__spec__", None)
    if spec is not None and spec.name in ("pipeline", "pipeline.__main__"):
        return "python -m pipeline"
    name = Path(sys.argv[0]).stem if sys.argv and sys.argv[0] else ""
    # Called in-process (tests, scripts): the package's name, as before.
    return name if name.startswith("union-facts") else "pipeline"


class _Version(argparse.Action):
    """--version: the package version and the pipeline version (which reads the rules, so only when asked)."""

    def __init__(self, option_strings: list[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        from pipeline import __version__
        from pipeline.batch.runner import pipeline_version

        print(f"union-news-facts {__version__}, pipeline {pipeline_version()}")
        parser.exit()


def _cmd_people(args: argparse.Namespace) -> int:
    import duckdb

    from pipeline.archive import entities
    from pipeline.batch import store
    from pipeline.batch.outputs import format_table

    if _no_database(args.db):
        return 2
    connection = store.connect(args.db, read_only=True)
    try:
        if args.suspect:
            found = entities.suspects(connection)
            rows = [(s.issue, s.name, s.where, " ".join(s.people), "; ".join(s.details)) for s in found]
            print(format_table(["issue", "name", "where", "people", "bodies or posts"], rows))
            return 0
        cursor = connection.execute(
            "SELECT p.name, p.province_today, p.first_seen, p.last_seen, p.articles, "
            "string_agg(po.title || ' @ ' || coalesce(b.canonical, '?'), '; ' ORDER BY po.first_seen, po.title) "
            "AS posts, p.person_id FROM people p LEFT JOIN posts po USING (person_id) "
            "LEFT JOIN bodies b USING (body_id) GROUP BY ALL ORDER BY p.articles DESC, p.name LIMIT ?",
            [args.limit],
        )
        print(format_table([column[0] for column in cursor.description], cursor.fetchall()))
    except duckdb.CatalogException:
        print(f"error: {args.db} has no people yet; run `python -m pipeline extract` on it", file=sys.stderr)
        return 2
    finally:
        connection.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    # In a checkout, its outputs/; an installed package writes to the working directory's outputs/.
    default_db = str(resources.default_database())
    parser = argparse.ArgumentParser(prog=_prog(), description=__doc__)
    parser.add_argument(
        "--version", action=_Version, help="print the package version and the pipeline version (code + rules)"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="extract facts from articles into DuckDB")
    extract.add_argument(
        "inputs",
        nargs="*",
        help="files, directories, archives, tables, - for standard input (default in a checkout: corpus/articles)",
    )
    extract.add_argument("--db", default=default_db, help="database path (default: outputs/facts.duckdb)")
    extract.add_argument("--force", action="store_true", help="re-extract unchanged articles too")
    extract.add_argument("--quiet", action="store_true", help="no progress bar, no summary; errors only")
    extract.add_argument(
        "--batch-size", type=_positive_int, default=500, help="articles per transaction (default: 500)"
    )
    extract.add_argument(
        "--max-article-bytes",
        type=_positive_int,
        default=5 * 1024 * 1024,
        help="larger inputs are recorded as too_large errors (default: 5 MiB)",
    )
    extract.add_argument("--progress", action="store_true", help="print a line on stderr after each committed batch")
    extract.add_argument("--workers", type=int, default=None, help="worker processes (default: all cores; 1: no pool)")
    extract.add_argument(
        "--rules", metavar="DIR", help="a rules folder to extract with instead of the shipped rules/ (validated first)"
    )
    extract.add_argument(
        "--text-field", help="JSON/JSONL field or CSV/Parquet column holding the text (default: text, content, body)"
    )
    extract.add_argument(
        "--title-field", help="JSON/JSONL field or CSV/Parquet column holding the title (default: title, headline)"
    )
    extract.add_argument(
        "--url-field", help="JSON/JSONL field or CSV/Parquet column holding the URL (default: url, link)"
    )
    extract.add_argument(
        "--date-field", help="JSON/JSONL field or CSV/Parquet column holding the date (default: date, published)"
    )
    extract.add_argument(
        "--stdin-format",
        choices=sorted(STDIN_FORMATS),
        help="format of standard input (-); default: found from its first bytes (gzip, JSON lines, else text)",
    )
    extract.add_argument("--engine", choices=["local", "dask"], default="local", help="where extraction runs")
    extract.add_argument("--scheduler", help="Dask scheduler address for --engine dask (tcp://HOST:8786)")
    extract.add_argument(
        "--parquet-dir",
        help="--engine dask: where workers write Parquet (shared by workers and driver; default: next to the database)",
    )
    extract.set_defaults(func=_cmd_extract)

    query = commands.add_parser(
        "query",
        help="run SQL against the database and print the result (table, csv, json, jsonl, markdown)",
        description="Run SQL against the database, opened read-only: SQL that changes it, and COPY, EXPORT "
        "DATABASE, INSTALL, LOAD, ATTACH and reading other files are refused unless --write is given.",
    )
    query.add_argument("sql")
    query.add_argument("--db", default=default_db, help="database path (default: outputs/facts.duckdb)")
    query.add_argument("--format", choices=QUERY_FORMATS, default="table", help="output format (default: table)")
    query.add_argument(
        "--max-width",
        type=int,
        default=80,
        help="table format: cut longer cells, marking the cut with … (default: 80; 0: never cut)",
    )
    query.add_argument(
        "--write", action="store_true", help="allow SQL that changes the database, writes files or loads extensions"
    )
    query.set_defaults(func=_cmd_query)

    exporter = commands.add_parser(
        "export",
        help="write a table, a SELECT or every table to CSV, Parquet or JSON lines files",
        description="Write data out with DuckDB's COPY: --table NAME (a table or the facts view) or --sql SELECT "
        "to --to FILE, or every table to --all DIR (one file per table). The format comes from the file name "
        "(.csv, .parquet, .jsonl, .json for one JSON array; add .gz to compress CSV and JSON) or --format.",
    )
    exporter.add_argument("--db", default=default_db, help="database path (default: outputs/facts.duckdb)")
    what = exporter.add_mutually_exclusive_group()
    what.add_argument("--table", help="a table (money, counts, officials, ...) or the facts view")
    what.add_argument("--sql", help="one SELECT statement")
    what.add_argument("--all", metavar="DIR", help="every table, as DIR/<table>.<format> (default format: parquet)")
    exporter.add_argument("--to", metavar="FILE", help="the file to write (with --table or --sql)")
    exporter.add_argument("--format", choices=list(EXPORT_FORMATS), help="file format (default: from the file name)")
    exporter.add_argument("--quiet", action="store_true", help="print nothing but errors")
    exporter.set_defaults(func=_cmd_export)

    evaluate = commands.add_parser("evaluate", help="precision/recall/F1 per kind against gold files")
    evaluate.add_argument("gold_dir")
    evaluate.add_argument("--db", default=default_db)
    evaluate.add_argument("--format", choices=["text", "json"], default="text")
    evaluate.add_argument("--summary", action="store_true", help="scores only, no list of misses")
    evaluate.set_defaults(func=_cmd_evaluate)

    golden = commands.add_parser("goldens", help="compare corpus extractions with outputs/*.json")
    golden.add_argument("--accept", action="store_true", help="rewrite the goldens after review")
    golden.set_defaults(func=_cmd_goldens)

    differ = commands.add_parser(
        "diff",
        help="facts added, removed and changed between two databases, or a golden directory and a database",
        description="Compare two extractions. OLD and NEW are each a DuckDB database or a golden directory "
        "(one JSON per article, as in outputs/). Two databases are matched by article_id; a golden "
        "directory is matched to a database by the stem of each article's source file name. "
        "Exit code: 0 equal, 1 different, 2 usage error.",
    )
    differ.add_argument("old", help="database file or golden directory")
    differ.add_argument("new", help="database file or golden directory")
    differ.add_argument("--format", choices=["text", "json"], default="text")
    differ.set_defaults(func=_cmd_diff)

    reviewer = commands.add_parser(
        "review",
        help="write self-contained HTML pages showing every article with its facts highlighted",
        description="Write an HTML review of the database: each article's text with every fact highlighted "
        "by kind (hover for value and rule), a facts table per article, a filter by kind and a search "
        "by organization or person. Works offline: no network, CSS and JS inline. Up to --page-size "
        "articles go in the one file OUT; a larger archive is split: OUT becomes an index of all "
        "articles (counts, filter, search) linking to pages of --page-size articles in a folder "
        "named after it (review.html -> review_files/page-0001.html ...). Open with ?kind=money or ?q=name to "
        "start filtered.",
    )
    reviewer.add_argument("--db", default=default_db, help="database path (default: outputs/facts.duckdb)")
    reviewer.add_argument("--out", default="review.html", help="HTML file to write (default: review.html)")
    reviewer.add_argument("--page-size", type=int, default=200, help="articles per page file (default: 200)")
    reviewer.set_defaults(func=_cmd_review)

    reporter = commands.add_parser(
        "report",
        help="charts (money by giver, by year and purpose, beneficiaries by purpose, top officials) and summary.md",
        description="Write PNG charts and a Markdown summary (summary.md, linking the charts and giving totals) "
        "into OUT: money by giver, money by year and purpose, beneficiaries by purpose (the money links: "
        "giver, recipients, purpose and date of each amount; purposes from rules/links/lexicon.yaml) and "
        "the most mentioned officials.",
    )
    reporter.add_argument("--db", default=default_db, help="database path (default: outputs/facts.duckdb)")
    reporter.add_argument("--out", default="report", help="directory to write into (default: report)")
    reporter.set_defaults(func=_cmd_report)

    person = commands.add_parser(
        "people",
        help="people across the archive with their posts; --suspect: possible merges and splits to review",
        description="List the people of the archive (one per name and body hierarchy of a province) with their "
        "posts. --suspect lists what to check: one name in different bodies of one province (a possible merge "
        "when kept apart, a possible split when made one person) and one person with different posts on one date.",
    )
    person.add_argument("--db", default=default_db, help="database path (default: outputs/facts.duckdb)")
    person.add_argument("--suspect", action="store_true", help="possible merges and splits instead of the list")
    person.add_argument("--limit", type=_positive_int, default=50, help="people listed (default: 50)")
    person.set_defaults(func=_cmd_people)
    return parser


class Terminated(KeyboardInterrupt):
    """SIGTERM (`kill`, a service manager, a CI timeout): handled like Ctrl-C."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    import signal

    # Only where signals can be set (the main thread), and put back after: callers keep theirs.
    installed = _in_main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if installed else None
    try:
        return args.func(args)
    except (DatabaseUnavailable, LexiconError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except Terminated:
        return _interrupted("terminated", 128 + signal.SIGTERM)
    except KeyboardInterrupt:
        return _interrupted()
    except BrokenPipeError:
        # `... | head` closed the pipe: the reader has what it wanted; no traceback.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:
        if type(error).__name__ != "InterruptException":  # duckdb's form of Ctrl-C inside a statement
            raise
        return _interrupted()
    finally:
        if installed:
            signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


def _in_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _interrupted(what: str = "interrupted", code: int = 130) -> int:
    # Batches already committed stay; the open one was rolled back. A re-run finishes the job.
    print(f"{what}; committed batches are kept, run extract again to finish", file=sys.stderr)
    return code
