"""`extract --engine dask`: the same extraction on a Dask distributed cluster.

The driver reads the inputs and skips unchanged articles exactly as the local engine does,
then sends chunks of articles to the cluster. Each task extracts its chunk and writes one
Parquet file per table (articles and each fact kind) with the schema's columns, so results
never travel back through the scheduler. The driver finally loads the Parquet files into
DuckDB in one transaction. The Parquet directory must be reachable by the workers and the
driver under the same path (a shared or network filesystem on a real cluster).
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from pipeline.archive import entities
from pipeline.batch import store
from pipeline.batch.runner import (
    CHUNK_SIZE,
    Progress,
    RunSummary,
    chunked,
    pending_articles,
    pipeline_version,
    process_chunk,
    show_progress,
)
from pipeline.errors import InputError
from pipeline.ingest import ReadOptions


def extract_to_parquet(chunk: list, out_dir: str, index: int, version: str) -> tuple[int, int, list[InputError]]:
    """Runs on a Dask worker: extract a chunk, write part-INDEX.parquet under out_dir/TABLE/.

    Returns (articles, facts, InputError records): small, so the scheduler never carries facts.
    """
    import pyarrow.parquet as pq

    done, failed = process_chunk(chunk)
    # The last copy of an article_id wins within a chunk (an archive may repeat a URL).
    latest = {article.article_id: (article, facts, digest) for article, facts, digest in done}
    now = datetime.now(UTC).replace(tzinfo=None)
    rows: dict[str, list[dict]] = {table: [] for table in store.ARROW_SCHEMAS}
    for article, facts, digest in latest.values():
        rows["articles"].append(store.article_row(article, digest, version, now))
        for kind in store.COLUMNS:
            rows[kind].extend(store._fact_rows(facts, kind))
    written = 0
    for table, table_rows in rows.items():
        if not table_rows:
            continue
        directory = Path(out_dir) / table
        directory.mkdir(parents=True, exist_ok=True)
        pq.write_table(
            pa.Table.from_pylist(table_rows, schema=store.ARROW_SCHEMAS[table]), directory / f"part-{index:06d}.parquet"
        )
        if table != "articles":
            written += len(table_rows)
    return len(latest), written, failed


def load_parquet(connection: duckdb.DuckDBPyConnection, out_dir: Path) -> None:
    """Replace the articles found under out_dir and their facts, in one transaction.

    When an article_id appears in several parts, the highest part (last read) wins, facts included.
    """
    articles = out_dir / "articles"
    if not any(articles.glob("*.parquet")):
        return

    def source(table: str) -> str:
        return f"read_parquet('{(out_dir / table).as_posix()}/*.parquet', filename = true)"

    connection.execute("BEGIN TRANSACTION")
    try:
        connection.execute(
            f"CREATE OR REPLACE TEMP TABLE chosen AS SELECT article_id, max(filename) AS part "
            f"FROM {source('articles')} GROUP BY article_id"
        )
        for table in ["articles", *store.COLUMNS]:
            connection.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM chosen)")
        for table, columns in [("articles", store.ARTICLE_COLUMNS[1:]), *store.COLUMNS.items()]:
            if not any((out_dir / table).glob("*.parquet")):
                continue
            quoted = ", ".join(f'"{column}"' for column in ["article_id", *columns])
            selected = ", ".join(f'p."{column}"' for column in ["article_id", *columns])
            # A fact file is named like its chunk's articles file, so basenames pair them up.
            connection.execute(
                f"INSERT INTO {table} ({quoted}) SELECT {selected} FROM {source(table)} p JOIN chosen c "
                f"ON p.article_id = c.article_id AND parse_filename(p.filename) = parse_filename(c.part)"
            )
        connection.execute("DROP TABLE chosen")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def run_dask(
    inputs: list[str],
    db_path: str | Path,
    scheduler: str,
    parquet_dir: str | Path | None = None,
    force: bool = False,
    quiet: bool = False,
    options: ReadOptions | None = None,
    chunk_size: int = CHUNK_SIZE * 4,
) -> RunSummary:
    from distributed import Client, as_completed

    summary = RunSummary()
    started = time.perf_counter()
    version = pipeline_version()
    # One directory per run, so a run never loads another run's (or a failed run's) partitions.
    base = Path(parquet_dir) if parquet_dir else Path(db_path).with_suffix(".parquet")
    out_dir = (base / datetime.now(UTC).strftime("run-%Y%m%dT%H%M%S%fZ")).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)

    options = replace(options or ReadOptions(), defer_html=True)  # pages are parsed on the cluster
    connection = store.connect(db_path)
    try:
        known = {} if force else store.known_hashes(connection)
    finally:
        connection.close()  # not held open while the cluster works: DuckDB allows one writer process

    progress = Progress(summary, show_progress(quiet))
    problems: list[InputError] = []  # unreadable inputs and extraction failures, for the errors table
    client = Client(scheduler)
    try:
        limit = max(2, 2 * sum(client.nthreads().values()))  # bounded in flight: memory stays flat

        def collect(future) -> None:
            articles, facts, failed = future.result()
            summary.articles += articles
            summary.facts += facts
            problems.extend(failed)
            progress.advance(articles + len(failed), facts=facts)

        running = as_completed()
        in_flight = 0
        todo = pending_articles(inputs, known, version, summary, problems, options, on_skip=progress.advance)
        for index, chunk in enumerate(chunked(todo, chunk_size)):
            running.add(client.submit(extract_to_parquet, chunk, str(out_dir), index, version, pure=False))
            in_flight += 1
            if in_flight >= limit:
                collect(next(running))
                in_flight -= 1
        for future in running:
            collect(future)
    finally:
        progress.close()
        client.close()

    has_parts = any(out_dir.iterdir())
    if not has_parts:
        out_dir.rmdir()  # nothing changed: leave no empty run behind
    if has_parts or problems:
        connection = store.connect(db_path)
        try:
            if has_parts:
                load_parquet(connection, out_dir)
                archive_problem = entities.resolve_after_run(connection)  # as a local run: the same ids
                if archive_problem:
                    problems.append(archive_problem)
            store.write_errors(connection, problems)
        finally:
            connection.close()
    for problem in problems:
        summary.record(problem)
    summary.seconds = time.perf_counter() - started
    for message in summary.error_messages:
        if not quiet or message.startswith("error"):
            print(message, file=sys.stderr)
    return summary
