"""The batch job behind `extract`: read, skip what is unchanged, extract in a process pool, write in batches.

Everything streams: inputs are read one article at a time, sent to the workers in small
chunks with a bounded number in flight, and written by the main process (the single
DuckDB writer) in batches of BATCH_SIZE articles, so memory does not grow with the input.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import multiprocessing
import multiprocessing.forkserver
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

import duckdb
import pyarrow as pa

from pipeline import __version__
from pipeline import lexicon as lexicons
from pipeline.api import extract_document, first_line
from pipeline.archive import entities
from pipeline.batch import store
from pipeline.errors import DatabaseUnavailable, InputError
from pipeline.extractors.dates import article_day, published_from_text
from pipeline.ingest import RawArticle, ReadOptions, iter_articles
from pipeline.ingest.html import resolve
from pipeline.ingest.limits import MAX_ARTICLE_BYTES, decode_warnings, text_too_large
from pipeline.lexicon import Lexicon
from pipeline.models import Article, ArticleFacts
from pipeline.text.document import segment
from pipeline.text.normalize import normalize_text
from pipeline.text.segment import warm_up as load_models

BATCH_SIZE = 500  # articles per transaction
# DuckDB keeps pages it has read or written cached up to its memory limit (default: 80% of RAM),
# which made the writer's memory grow with the database; cap it so memory stays flat.
DUCKDB_MEMORY_LIMIT = "64MB"
ARCHIVE_MEMORY_LIMIT = "256MB"  # the archive pass of 50k articles needs more than 64 MB (measured)
CHUNK_SIZE = 16  # articles per task sent to a worker: big enough to amortize pickling, small for balance
IN_FLIGHT_PER_WORKER = 4  # chunks queued per worker: keeps workers busy, bounds memory
# A pool whose worker died and that did not notice within this long is stuck (see LazyPool._result).
STUCK_POOL_SECONDS = 2.0

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class RunSummary:
    articles: int = 0
    skipped: int = 0
    facts: int = 0
    errors: int = 0
    warnings: int = 0
    error_messages: list[str] = field(default_factory=list)
    # The errors (not warnings) recorded, as stored in the errors table, for callers of run().
    input_errors: list[InputError] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        rate = (self.articles + self.skipped) / self.seconds if self.seconds else 0.0
        return (
            f"{self.articles} articles extracted, {self.skipped} unchanged and skipped, "
            f"{self.facts} facts written, {self.errors} errors, {self.warnings} warnings "
            f"in {self.seconds:.1f}s ({rate:.0f} articles/s)"
        )

    def record(self, problem: InputError) -> None:
        """Count a problem once it is stored in the errors table."""
        if problem.severity == "error":
            self.errors += 1
            self.input_errors.append(problem)
        else:
            self.warnings += 1
        self.error_messages.append(problem.line())


# The modules whose code decides what is extracted: a change to any of them, like a change
# to rules/, gives a new pipeline version, so the next run re-extracts instead of skipping.
_EXTRACTION_CODE = ("api.py", "models.py", "lexicon.py", "text", "extractors")


@functools.cache
def code_fingerprint() -> str:
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for name in _EXTRACTION_CODE:
        target = package / name
        for path in sorted(target.rglob("*.py")) if target.is_dir() else [target]:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def pipeline_version(lexicon: Lexicon | None = None) -> str:
    return f"{__version__}+rules.{(lexicon or lexicons.default()).fingerprint()}.code.{code_fingerprint()}"


def content_hash(text: str, title: str | None = None) -> str:
    """Hash of an article's input as read (title and text), not of its normalized form:
    normalizing costs more than reading, and the skip check must stay cheap. Normalizer
    changes come with a new pipeline version, which re-extracts everything anyway."""
    digest = hashlib.sha256()
    if title:
        digest.update(title.encode("utf-8", "surrogatepass"))
    digest.update(b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def process(raw: RawArticle, lexicon: Lexicon | None = None) -> tuple[Article, ArticleFacts] | InputError:
    """One article from raw input to typed facts (pure: no database)."""
    article_id = raw.article_id  # of the input as read: the id the skip check used
    if raw.html is not None:  # a page left for the worker to parse
        parsed = resolve(raw)
        if isinstance(parsed, InputError):
            return parsed
        raw = parsed
    text = normalize_text(raw.text)
    title = normalize_text(raw.title) if raw.title else first_line(text)
    # A plain-text article has no metadata: its date is the date line under the headline, if any.
    published = raw.date or published_from_text(text, lexicon)
    article = Article(article_id=article_id, source=raw.source, title=title, text=text, url=raw.url, date=published)
    facts = extract_document(segment(text, title=title, published=article_day(published)), article.article_id, lexicon)
    return article, facts


# One chunk's results: (article, facts, digest) for each success; the problems met, errors
# (the article is not written) and warnings (it is written, with a caveat: a legacy encoding).
ChunkResult = tuple[list[tuple[Article, ArticleFacts, str]], list[InputError]]


def process_chunk(
    chunk: list[tuple[RawArticle, str]], max_bytes: int = MAX_ARTICLE_BYTES, rules_dir: str | None = None
) -> ChunkResult:
    """Extract a chunk of (article, content hash); runs in a worker process (or a Dask worker)."""
    lexicon = lexicons.load(rules_dir) if rules_dir else lexicons.default()
    done: list[tuple[Article, ArticleFacts, str]] = []
    problems: list[InputError] = []
    for raw, digest in chunk:
        too_large = text_too_large(raw.source, raw.html if raw.html is not None else raw.text, max_bytes)
        if too_large:
            problems.append(too_large)
            continue
        try:
            result = process(raw, lexicon)
        except Exception as error:  # one bad article must not stop a batch run
            problems.append(InputError(raw.source, "extract", type(error).__name__, str(error)))
            continue
        if isinstance(result, InputError):
            problems.append(result)
        else:
            done.append((result[0], result[1], digest))
            problems.extend(decode_warnings(raw.source, raw.warnings))
            problems.extend(drop_unstorable(result[1], raw.source))
    return done, problems


@functools.cache  # the schema's, fixed: not rebuilt for every article
def _integer_bounds() -> dict[str, list[tuple[str, int, int]]]:
    """kind -> (column, low, high) of each integer column (BIGINT for amounts and counts)."""
    bounds: dict[str, list[tuple[str, int, int]]] = {kind: [] for kind in store.COLUMNS}
    for kind in store.COLUMNS:
        for column in store.ARROW_SCHEMAS[kind]:
            if pa.types.is_integer(column.type):
                bits = column.type.bit_width
                bounds[kind].append((column.name, -(2 ** (bits - 1)), 2 ** (bits - 1) - 1))
    return bounds


def drop_unstorable(facts: ArticleFacts, source: str) -> list[InputError]:
    """Drop the facts whose numbers do not fit their column, with a warning each.

    `99999999999 tỷ đồng` is 10^20 đồng, beyond BIGINT (and beyond any real budget): a typo or an
    OCR slip. Clamping would store a false amount that sums would silently include; failing the
    article would lose its other, sound facts and kill the batch writer. So the article is written
    without that fact, and the warning row names it for a person to look at.
    """
    warnings = []
    bounds = _integer_bounds()
    for kind in store.COLUMNS:
        kept = []
        for fact in getattr(facts, kind):
            wrong = [
                (column, getattr(fact, column))
                for column, low, high in bounds[kind]
                if isinstance(getattr(fact, column, None), int) and not low <= getattr(fact, column) <= high
            ]
            if not wrong:
                kept.append(fact)
                continue
            column, value = wrong[0]
            message = f"{kind} fact {fact.text!r}: {column} {value} does not fit the column; fact dropped"
            warnings.append(InputError(source, "store", "value_out_of_range", message, severity="warning"))
        if len(kept) < len(getattr(facts, kind)):
            setattr(facts, kind, kept)
    return warnings


WARM_UP_KINDS = ("money", "counts", "percents", "organizations", "officials", "dates", "links")


@functools.cache  # once per process and rules folder: a worker forked from the forkserver has it done
def warm_up(rules_dir: str | None = None) -> None:
    """Load underthesea's models, its dictionary, spaCy and the rules once, before the workers
    fork (the forkserver imports this), not once in each worker: extract the first example of each
    kind's rules, so every grammar is compiled and every model a kind asks for is loaded. Then the
    loaded objects are moved out of the garbage collector's view (gc.freeze), so collections in
    the workers do not touch, and thereby copy, the pages they share."""
    lexicon = lexicons.load(rules_dir) if rules_dir else lexicons.default()
    for kind in WARM_UP_KINDS:
        examples, _ = lexicon.raw(f"{kind}/examples")
        first = next(iter(examples.values()))[0]["text"]
        process(RawArticle(source="warm-up", text=first), lexicon)
    load_models()
    gc.freeze()
    # trafilatura is not warmed up: it costs ~35 MB a worker, so it is loaded by the first page only.


def pending_articles(
    inputs: list[str],
    known: dict[str, tuple[str, str]],
    version: str,
    summary: RunSummary,
    problems: list[InputError],
    options: ReadOptions | None = None,
    on_skip: Callable[[], None] | None = None,
) -> Iterator[tuple[RawArticle, str]]:
    """Articles that need extracting, with their content hash. Unchanged ones (same hash and
    pipeline version as stored) are counted in `summary`; unreadable inputs go to `problems`."""
    for item in iter_articles(inputs, options):
        if isinstance(item, InputError):
            problems.append(item)
            if on_skip:
                on_skip()
            continue
        digest = content_hash(item.html if item.html is not None else item.text, item.title)
        if known.get(item.article_id) == (digest, version):
            summary.skipped += 1  # its decode warnings were recorded when it was written
            if on_skip:
                on_skip()
            continue
        yield item, digest


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def bounded_map(executor: Executor, function: Callable[[T], R], items: Iterable[T], in_flight: int) -> Iterator[R]:
    """Like Pool.imap, in order, but never reads more than `in_flight` items ahead of the results
    (Pool.imap drains its input eagerly, which would hold a whole archive in memory)."""
    futures: deque = deque()
    for item in items:
        futures.append(executor.submit(function, item))
        if len(futures) >= in_flight:
            yield futures.popleft().result()
    while futures:
        yield futures.popleft().result()


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class Progress:
    """A tqdm bar on a terminal (articles, articles/s, facts, errors); nothing otherwise."""

    def __init__(self, summary: RunSummary, enabled: bool) -> None:
        self.summary = summary
        self.facts = 0  # facts extracted so far (summary.facts counts them only once written)
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(unit=" articles", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)

    def advance(self, count: int = 1, facts: int = 0) -> None:
        self.facts += facts
        if self.bar is not None:
            self.bar.update(count)
            if self.bar.n % 50 == 0 or count > 1:
                self.bar.set_postfix(facts=self.facts, errors=self.summary.errors, refresh=False)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.set_postfix(facts=self.facts, errors=self.summary.errors, refresh=False)
            self.bar.close()


def show_progress(quiet: bool) -> bool:
    """A bar only for someone watching: both streams on a terminal (not in logs, pipes or CI)."""
    return not quiet and sys.stderr.isatty() and sys.stdout.isatty()


def _count_facts(facts: ArticleFacts) -> int:
    return sum(len(getattr(facts, kind)) for kind in store.COLUMNS)


def _dedupe(batch: list[tuple[Article, ArticleFacts, str, str]]) -> list[tuple[Article, ArticleFacts, str, str]]:
    """The last of each article_id (an archive may hold the same URL twice): one row per key."""
    return list({item[0].article_id: item for item in batch}.values())


def run(
    inputs: list[str],
    db_path: str | Path,
    force: bool = False,
    quiet: bool = False,
    workers: int | None = None,
    options: ReadOptions | None = None,
    chunk_size: int = CHUNK_SIZE,
    batch_size: int = BATCH_SIZE,
    max_bytes: int = MAX_ARTICLE_BYTES,
    progress_lines: bool = False,
    rules_dir: str | Path | None = None,
) -> RunSummary:
    """Extract every input into the database; inputs that fail become rows of `errors`, and the
    run goes on. Each batch (articles, facts and the problems met since the last batch) is one
    transaction, so an interrupted run leaves whole batches and a re-run finishes the rest."""
    summary = RunSummary()
    started = time.perf_counter()
    rules = str(Path(rules_dir).resolve()) if rules_dir else None
    lexicon = lexicons.load(rules) if rules else lexicons.default()
    lexicon.check()  # a bad rules file stops the run here, in one line, not in every worker
    version = pipeline_version(lexicon)
    workers = workers or default_workers()
    pool = LazyPool(workers, rules)
    connection = store.connect(db_path)
    connection.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
    progress = Progress(summary, show_progress(quiet))
    problems: list[InputError] = []
    interrupts = _Interrupts()
    try:
        interrupts.install()
        stored = store.known_hashes(connection)
        options = replace(options or ReadOptions(), defer_html=True, max_article_bytes=max_bytes)
        todo = pending_articles(
            inputs, {} if force else stored, version, summary, problems, options, on_skip=progress.advance
        )
        writer = _Writer(connection, stored, summary, progress_lines, interrupts)
        batch: list[tuple[Article, ArticleFacts, str, str]] = []
        extract_chunk = functools.partial(process_chunk, max_bytes=max_bytes, rules_dir=rules)
        for done, met in pool.map(extract_chunk, chunked(todo, chunk_size), split=_singles, lost=_lost_chunk):
            problems.extend(met)
            summary.articles += len(done)
            batch.extend((article, facts, digest, version) for article, facts, digest in done)
            while len(batch) >= batch_size:  # exactly batch_size articles per transaction
                writer.write(batch[:batch_size], problems)
                # Cleared in place: pending_articles appends read errors to this very list.
                batch = batch[batch_size:]
                problems.clear()
            if len(problems) >= batch_size:  # a folder of bad files must not pile up in memory
                writer.write([], problems)
                problems.clear()
            progress.advance(len(done) + len(met), facts=sum(_count_facts(facts) for _, facts, _ in done))
        writer.write(batch, problems)
        # bodies, people and posts follow the facts just written (only what changed is redone),
        # with the workers gone and more memory for DuckDB: the pass aggregates every mention of
        # the bodies touched, which at 50k articles did not fit in the writer's 64 MB
        pool.shutdown(stop_server=True)
        connection.execute(f"SET memory_limit = '{ARCHIVE_MEMORY_LIMIT}'")
        archive_problem = entities.resolve_after_run(connection, lexicon)
        if archive_problem:
            summary.record(archive_problem)
    except duckdb.Error as error:
        if type(error).__name__ == "InterruptException":  # Ctrl-C inside a statement: the CLI's to report
            raise
        # A full disk, a folder that became read-only...: one line naming the cause, not a traceback.
        cause = " ".join(str(error).split()) or type(error).__name__
        raise DatabaseUnavailable(
            f"cannot write database {db_path}: {cause}; the batches committed before are kept"
        ) from None
    finally:
        interrupts.restore()
        progress.close()
        with contextlib.suppress(duckdb.Error):  # after a failed write DuckDB may refuse even to close
            connection.close()
        pool.shutdown()
    summary.seconds = time.perf_counter() - started
    for message in summary.error_messages:
        if not quiet or message.startswith("error"):  # --quiet: print nothing but errors
            print(message, file=sys.stderr)
    if pool.restarts and not quiet:  # nothing was lost, but something (the OOM killer?) kills workers
        print(f"note: a worker process died {pool.restarts} time(s); its work was done again", file=sys.stderr)
    return summary


def _singles(chunk: list[T]) -> list[list[T]]:
    return [[item] for item in chunk]


def _lost_chunk(chunk: list[tuple[RawArticle, str]]) -> ChunkResult:
    """What is recorded for an article whose worker died every time it was extracted (alone, too)."""
    message = "the worker process extracting it died (killed, out of memory, or a crash); not written"
    return [], [InputError(raw.source, "extract", "WorkerDied", message) for raw, _ in chunk]


class _Interrupts:
    """Ctrl-C remembered as well as raised: DuckDB checks for signals inside a statement and may
    swallow the KeyboardInterrupt of one that arrives as the statement ends, so the run would go
    on to the end. The writer asks after each commit and stops there."""

    def __init__(self) -> None:
        self.seen = False
        self._previous: object = None

    def install(self) -> None:
        if threading.current_thread() is threading.main_thread():  # signals are the main thread's
            self._previous = signal.signal(signal.SIGINT, self._on_signal)

    def restore(self) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)  # type: ignore[arg-type]
            self._previous = None

    def _on_signal(self, signum: int, frame: object) -> None:
        self.seen = True
        raise KeyboardInterrupt

    def check(self) -> None:
        if self.seen:
            raise KeyboardInterrupt


class _Writer:
    """Writes a batch and its problems in one transaction, deleting old rows only for articles
    that may be stored already: new articles (the bulk of a first run) are plain appends."""

    def __init__(
        self,
        connection,
        stored: dict[str, tuple[str, str]],
        summary: RunSummary,
        lines: bool,
        interrupts: _Interrupts,
    ) -> None:
        self.connection = connection
        self.interrupts = interrupts
        self.stored = stored
        self.summary = summary
        self.lines = lines  # print "committed ..." after each batch (tests and log watchers use it)
        self.written: set[str] = set()  # ids written by this run (an archive may repeat a URL)

    def write(self, batch: list[tuple[Article, ArticleFacts, str, str]], problems: list[InputError]) -> None:
        if not batch and not problems:
            return
        items = _dedupe(batch)
        maybe_stored = {
            item[0].article_id
            for item in items
            if item[0].article_id in self.stored or item[0].article_id in self.written
        }
        self.written.update(item[0].article_id for item in items)
        self.summary.facts += store.write_batch(self.connection, items, problems, replace=maybe_stored)
        for problem in problems:
            self.summary.record(problem)
        if self.lines:
            print(f"committed {len(items)} articles, {len(problems)} error records", file=sys.stderr, flush=True)
        self.interrupts.check()  # a Ctrl-C during the commit: the batch is kept, the run stops here


class LazyPool:
    """A process pool started only when the first chunk needs extracting, so a re-run over
    unchanged inputs costs reading and hashing, not starting workers and loading models.

    A worker that dies (kill -9, the OOM killer, a crash in native code) breaks the whole pool and
    every chunk in flight. The pool is then replaced and those chunks are run again one at a time:
    a chunk that kills its worker even alone is split and its articles run alone, so only the
    article that kills a worker is lost, as `lost(...)` reports it.
    """

    def __init__(self, workers: int, rules_dir: str | None = None) -> None:
        self.workers = workers
        self.rules_dir = rules_dir
        self.executor: ProcessPoolExecutor | None = None
        self.restarts = 0

    def map(
        self,
        function: Callable[[T], R],
        items: Iterable[T],
        split: Callable[[T], list[T]] | None = None,
        lost: Callable[[T], R] | None = None,
    ) -> Iterator[R]:
        if self.workers <= 1:
            yield from map(function, items)
            return
        iterator = iter(items)
        in_flight = self.workers * IN_FLIGHT_PER_WORKER
        pending: deque[tuple[T, Future]] = deque()
        suspects: deque[T] = deque()  # in flight when the pool broke: run alone, to find the culprit
        while True:
            if suspects and not pending:
                item = suspects.popleft()
                try:
                    result = self._result(self._submit(function, item))
                except BrokenProcessPool:
                    self._replace()
                    parts = split(item) if split else [item]
                    if lost is None:
                        raise
                    if len(parts) > 1:
                        suspects.extendleft(reversed(parts))
                    else:
                        yield lost(item)
                    continue
                yield result
                continue
            if not suspects and len(pending) < in_flight:
                item = next(iterator, _END)
                if item is not _END:
                    try:
                        pending.append((item, self._submit(function, item)))  # type: ignore[arg-type]
                    except BrokenProcessPool:  # broke before this item went in: it runs again with the rest
                        if lost is None:
                            raise
                        suspects.extend([*(other for other, _ in pending), item])  # type: ignore[list-item]
                        pending.clear()
                        self._replace()
                    continue
            if not pending:
                if suspects:
                    continue
                return
            item, future = pending.popleft()
            try:
                result = self._result(future)
            except BrokenProcessPool:
                if lost is None:
                    raise
                suspects.extend([item, *(other for other, _ in pending)])
                pending.clear()
                self._replace()
                continue
            yield result

    def _result(self, future: Future) -> R:  # type: ignore[type-var]
        """future.result(), except that a pool left stuck by a dead worker is broken by hand.

        A worker killed while it sends a result leaves half a message in the result pipe: the
        pool's manager thread then waits in recv() for the rest, which never comes (the main
        process holds a writing end too, so no EOF), and never marks the pool broken. Once a
        worker has been seen dead for a while, end the other workers and close our writing end:
        recv() gets EOF and the pool breaks as it should. A pool with a dead worker is broken
        either way, so when this happens changes nothing but that the run goes on.
        """
        dead_since: float | None = None
        while True:
            try:
                return future.result(timeout=0.5)
            except TimeoutError:
                pass
            processes = list((getattr(self.executor, "_processes", None) or {}).values())
            if not any(process.exitcode is not None for process in processes):
                continue
            dead_since = dead_since or time.monotonic()
            if time.monotonic() - dead_since > STUCK_POOL_SECONDS:
                for process in processes:
                    process.kill()
                queue = getattr(self.executor, "_result_queue", None)
                if queue is not None:
                    queue._writer.close()
                dead_since = None

    def _submit(self, function: Callable[[T], R], item: T) -> Future:
        if self.executor is None:
            self.executor = self._start()
        return self.executor.submit(function, item)

    def _replace(self) -> None:
        """A new pool for a broken one (its workers are gone or being terminated)."""
        self.restarts += 1
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = None

    def _start(self) -> ProcessPoolExecutor:
        # forkserver: workers fork from a clean server process (not from this one, which holds a
        # DuckDB connection and threads) that has imported the pipeline once for all of them.
        if "forkserver" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["pipeline.batch.preload"])
        else:
            context = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(
            max_workers=self.workers, mp_context=context, initializer=start_worker, initargs=(self.rules_dir,)
        )

    def shutdown(self, stop_server: bool = False) -> None:
        """End the workers; with `stop_server`, the forkserver they came from too. Once its workers
        are gone, the server's copy of the models (about 200 MB) is shared with no one and counts in
        full, during the archive pass that needs none of it; a later pool starts a new server."""
        if self.executor is None:
            return
        self.executor.shutdown(cancel_futures=True)
        if stop_server:
            self.executor = None
            _stop_forkserver()


def _stop_forkserver() -> None:
    # multiprocessing has no public way to end its forkserver: this is the method its own tests use
    server = getattr(multiprocessing.forkserver, "_forkserver", None)
    stop = getattr(server, "_stop", None)
    if callable(stop):
        stop()


_END = object()


def start_worker(rules_dir: str | None = None) -> None:
    """Initializer of each extraction worker: end with the main process, then load the models."""
    exit_with_parent()
    warm_up(rules_dir)


def exit_with_parent() -> None:
    """End this worker as soon as the process that started it is gone, however it went (kill -9 too).

    A worker waits for work on a queue it also holds the writing end of, so it never sees the main
    process go; and while any worker lives the forkserver, which holds the caller's stdout and
    stderr, lives too. multiprocessing gives every child a pipe (`parent_process().sentinel`) that
    becomes readable when the parent ends; for a forkserver's child that parent is the main process,
    so one thread blocked on it ends the worker, after which the forkserver sees its last client go
    and exits by itself. No polling, so nothing to tune or to be slow on a loaded machine.
    """
    import threading
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    sentinel = getattr(parent, "sentinel", None)
    if sentinel is None:
        return

    def watch() -> None:
        wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
