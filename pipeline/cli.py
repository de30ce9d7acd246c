"""Command line: thin wrappers over runner, store and evaluate."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = PROJECT_ROOT / "outputs" / "facts.duckdb"
DEFAULT_CORPUS = PROJECT_ROOT / "corpus" / "articles"


def _cmd_extract(args: argparse.Namespace) -> int:
    from pipeline.ingest import ReadOptions

    inputs = args.inputs or [str(DEFAULT_CORPUS)]
    missing = [item for item in inputs if not Path(item).exists()]
    if missing:
        print(f"error: no such file or directory: {', '.join(missing)}", file=sys.stderr)
        return 2
    if args.workers is not None and args.workers < 1:
        print("error: --workers must be at least 1", file=sys.stderr)
        return 2
    options = ReadOptions().with_fields(
        text=args.text_field, title=args.title_field, url=args.url_field, date=args.date_field
    )
    if args.engine == "dask":
        if not args.scheduler:
            print("error: --engine dask needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)", file=sys.stderr)
            return 2
        from pipeline.engines.dask_engine import run_dask

        summary = run_dask(
            inputs, args.db, scheduler=args.scheduler, parquet_dir=args.parquet_dir,
            force=args.force, quiet=args.quiet, options=options,
        )
    else:
        from pipeline.runner import run

        summary = run(inputs, args.db, force=args.force, quiet=args.quiet, workers=args.workers, options=options)
    if not args.quiet:
        print(f"{summary.line()} -> {args.db}")
    return 1 if summary.errors else 0


def format_table(columns: list[str], rows: list[tuple]) -> str:
    """An aligned plain-text table."""
    cells = [[("" if value is None else str(value)).replace("\n", " ") for value in row] for row in rows]
    widths = [len(column) for column in columns]
    for row in cells:
        widths = [max(width, min(len(cell), 80)) for width, cell in zip(widths, row, strict=False)]
    def line(values: list[str]) -> str:
        return "  ".join(value[:80].ljust(width) for value, width in zip(values, widths, strict=False)).rstrip()
    out = [line(columns), line(["-" * width for width in widths])]
    out.extend(line(row) for row in cells)
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def _cmd_query(args: argparse.Namespace) -> int:
    import duckdb

    from pipeline import store

    if not Path(args.db).exists():
        print(f"error: no database at {args.db}; run `python -m pipeline extract` first", file=sys.stderr)
        return 2
    connection = store.connect(args.db, read_only=True)
    try:
        cursor = connection.execute(args.sql)
        if cursor.description is None:
            return 0
        columns = [column[0] for column in cursor.description]
        print(format_table(columns, cursor.fetchall()))
    except duckdb.Error as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        connection.close()
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from pipeline import evaluate, store

    gold = evaluate.load_gold(Path(args.gold_dir))
    if not gold:
        print(f"error: no gold files (*.json) in {args.gold_dir}", file=sys.stderr)
        return 2
    if not Path(args.db).exists():
        print(f"error: no database at {args.db}", file=sys.stderr)
        return 2
    connection = store.connect(args.db, read_only=True)
    try:
        predictions = evaluate.predictions_by_gold_id(connection, gold)
    finally:
        connection.close()
    totals, missing = evaluate.evaluate(gold, predictions)
    if args.format == "json":
        print(json.dumps(evaluate.as_json(totals, missing), ensure_ascii=False, indent=1))
    else:
        print(evaluate.render(totals, missing, details=not args.summary))
    return 0


def _cmd_goldens(args: argparse.Namespace) -> int:
    from pipeline import goldens

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pipeline", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="extract facts from articles into DuckDB")
    extract.add_argument("inputs", nargs="*", help="files or directories (default: corpus/articles)")
    extract.add_argument("--db", default=str(DEFAULT_DB), help="database path (default: outputs/facts.duckdb)")
    extract.add_argument("--force", action="store_true", help="re-extract unchanged articles too")
    extract.add_argument("--quiet", action="store_true", help="no progress bar, no summary; errors only")
    extract.add_argument(
        "--workers", type=int, default=None, help="worker processes (default: all cores; 1: no pool)"
    )
    extract.add_argument("--text-field", help="JSON/JSONL field holding the text (default: text, content, body)")
    extract.add_argument("--title-field", help="JSON/JSONL field holding the title (default: title, headline)")
    extract.add_argument("--url-field", help="JSON/JSONL field holding the URL (default: url, link)")
    extract.add_argument("--date-field", help="JSON/JSONL field holding the date (default: date, published)")
    extract.add_argument("--engine", choices=["local", "dask"], default="local", help="where extraction runs")
    extract.add_argument("--scheduler", help="Dask scheduler address for --engine dask (tcp://HOST:8786)")
    extract.add_argument(
        "--parquet-dir", help="--engine dask: where workers write Parquet (shared by workers and driver; "
        "default: next to the database)"
    )
    extract.set_defaults(func=_cmd_extract)

    query = commands.add_parser("query", help="run SQL against the database and print a table")
    query.add_argument("sql")
    query.add_argument("--db", default=str(DEFAULT_DB))
    query.set_defaults(func=_cmd_query)

    evaluate = commands.add_parser("evaluate", help="precision/recall/F1 per kind against gold files")
    evaluate.add_argument("gold_dir")
    evaluate.add_argument("--db", default=str(DEFAULT_DB))
    evaluate.add_argument("--format", choices=["text", "json"], default="text")
    evaluate.add_argument("--summary", action="store_true", help="scores only, no list of misses")
    evaluate.set_defaults(func=_cmd_evaluate)

    golden = commands.add_parser("goldens", help="compare corpus extractions with outputs/*.json")
    golden.add_argument("--accept", action="store_true", help="rewrite the goldens after review")
    golden.set_defaults(func=_cmd_goldens)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.func(args)
