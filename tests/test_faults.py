"""Bad inputs, faults and re-runs through the command line: clear errors, nothing lost.

In-process (`cli.main`) where a process boundary does not matter; subprocesses for
kill -9 and for two processes on one database.
"""

from __future__ import annotations

import codecs
import os
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import duckdb
import pytest

from pipeline import cli, ingest
from pipeline.batch import runner, store
from pipeline.errors import InputError
from pipeline.ingest import limits
from pipeline.text import segment

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpus" / "articles").glob("00*.txt"))  # the two real seed articles
GOOD = "LĐLĐ tỉnh trao 19 suất quà, mỗi suất trị giá 500.000 đồng cho đoàn viên khó khăn.\n"
FACT_TABLES = ("money", "counts", "officials", "organizations", "percents")


def extract(*args: str) -> int:
    return cli.main(["extract", *args])


def errors_by_source(db: Path) -> dict[str, list[tuple[str, str, str]]]:
    connection = duckdb.connect(str(db), read_only=True)
    try:
        rows = connection.execute("SELECT source, stage, error_type, severity FROM errors ORDER BY ALL").fetchall()
    finally:
        connection.close()
    result: dict[str, list[tuple[str, str, str]]] = {}
    for source, stage, error_type, severity in rows:
        result.setdefault(Path(source).name, []).append((stage, error_type, severity))
    return result


def scalar(db: Path, sql: str):
    connection = duckdb.connect(str(db), read_only=True)
    try:
        return connection.execute(sql).fetchone()[0]
    finally:
        connection.close()


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every stored row but the processing time, sorted: two equal snapshots hold the same facts."""
    connection = duckdb.connect(str(db), read_only=True)
    try:
        tables = {"articles": [c for c in store.ARTICLE_COLUMNS if c != "processed_at"]}
        tables.update({kind: ["article_id", *columns] for kind, columns in store.COLUMNS.items()})
        result = {}
        for table, columns in tables.items():
            quoted = ", ".join(f'"{column}"' for column in columns)
            result[table] = connection.execute(f"SELECT {quoted} FROM {table} ORDER BY ALL").fetchall()
        return result
    finally:
        connection.close()


def assert_consistent(db: Path) -> None:
    """No fact without its article row, and no fact stored twice."""
    for table in FACT_TABLES:
        orphans = scalar(db, f"SELECT count(*) FROM {table} WHERE article_id NOT IN (SELECT article_id FROM articles)")
        assert orphans == 0, f"{table} has facts without an article"
        total = scalar(db, f"SELECT count(*) FROM {table}")
        key = "article_id, char_start, char_end, rule"
        distinct = scalar(db, f"SELECT count(*) FROM (SELECT DISTINCT {key} FROM {table})")
        assert total == distinct, f"{table} has duplicate facts"
    assert scalar(db, "SELECT count(*) - count(DISTINCT article_id) FROM articles") == 0


# ---------------------------------------------------------------- bad inputs are rows, the run goes on


@pytest.fixture
def bad_inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "bom.txt").write_bytes(codecs.BOM_UTF8 + GOOD.encode())
    (folder / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le"))
    (folder / "nfd.txt").write_text(unicodedata.normalize("NFD", GOOD), encoding="utf-8")
    (folder / "tcvn3.txt").write_bytes("L§L§ tØnh trao 19 suÊt quµ, tæng trÞ gi¸ 8.500.000 ®ång.\n".encode("cp1252"))
    (folder / "vni.txt").write_bytes("LÑLÑ tænh trao 19 suaát quaø, toång trò giaù 8.500.000 ñoàng.\n".encode("cp1252"))
    (folder / "damaged.txt").write_bytes(GOOD.encode() * 3 + b"\xff")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b"\n  \n")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (folder / "garbage.txt").write_bytes(bytes(range(0x80, 0x100)) * 8)
    (folder / "big.txt").write_text("đoàn viên " * 300, encoding="utf-8")  # over the limit set below
    return folder


def test_bad_inputs_are_recorded_and_the_rest_written(bad_inputs, tmp_path, capsys):
    db = tmp_path / "facts.duckdb"
    assert extract(str(bad_inputs), "--db", str(db), "--max-article-bytes", "2000") == 1
    out, err = capsys.readouterr()
    assert "7 articles extracted" in out and "5 errors, 3 warnings" in out
    assert errors_by_source(db) == {
        "big.txt": [("read", "too_large", "error")],
        "blank.txt": [("decode", "empty", "error")],
        "damaged.txt": [("decode", "replaced_bytes", "warning")],
        "empty.txt": [("decode", "empty", "error")],
        "garbage.txt": [("decode", "undecodable", "error")],
        "image.txt": [("decode", "binary", "error")],
        "tcvn3.txt": [("decode", "legacy_encoding", "warning")],
        "vni.txt": [("decode", "legacy_encoding", "warning")],
    }
    assert len(err.strip().splitlines()) == 8  # one line per problem, no traceback
    stored = dict(
        duckdb.connect(str(db), read_only=True)
        .execute(
            "SELECT regexp_extract(a.source, '[^/]+$'), string_agg(m.text, '|' ORDER BY m.char_start) "
            "FROM articles a LEFT JOIN money m USING (article_id) GROUP BY ALL"
        )
        .fetchall()
    )
    assert stored == {
        "good.txt": "500.000 đồng",
        "bom.txt": "500.000 đồng",
        "utf16.txt": "500.000 đồng",
        "nfd.txt": "500.000 đồng",
        "damaged.txt": "500.000 đồng|500.000 đồng|500.000 đồng",
        "tcvn3.txt": "8.500.000 đồng",
        "vni.txt": "8.500.000 đồng",
    }
    assert_consistent(db)


def test_rerun_keeps_one_row_per_problem_and_clears_fixed_inputs(bad_inputs, tmp_path, capsys):
    db = tmp_path / "facts.duckdb"
    args = (str(bad_inputs), "--db", str(db), "--max-article-bytes", "2000")
    assert extract(*args) == 1
    first = errors_by_source(db)
    assert extract(*args) == 1
    assert errors_by_source(db) == first  # the same problems, not twice
    out = capsys.readouterr().out
    assert "0 articles extracted, 7 unchanged and skipped" in out
    (bad_inputs / "empty.txt").write_text(GOOD, encoding="utf-8")
    for name in ("blank.txt", "image.txt", "garbage.txt", "big.txt"):
        (bad_inputs / name).unlink()
    assert extract(*args) == 0
    # empty.txt is fixed and written: its error row is gone. The warnings of unchanged articles stay,
    # and so do the rows of deleted inputs, as their articles would (a run never forgets an input).
    assert set(errors_by_source(db)) == {
        "damaged.txt",
        "tcvn3.txt",
        "vni.txt",
        "big.txt",
        "blank.txt",
        "garbage.txt",
        "image.txt",
    }
    assert scalar(db, "SELECT count(*) FROM articles") == 8


def test_all_good_inputs_exit_0(tmp_path, capsys):
    db = tmp_path / "facts.duckdb"
    assert extract(*map(str, CORPUS), "--db", str(db)) == 0
    assert "2 articles extracted" in capsys.readouterr().out
    assert scalar(db, "SELECT count(*) FROM errors") == 0


def test_unsupported_file_named_on_the_command_line_is_an_error(tmp_path, capsys):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    db = tmp_path / "facts.duckdb"
    assert extract(str(pdf), str(CORPUS[0]), "--db", str(db)) == 1
    assert errors_by_source(db) == {"report.pdf": [("read", "unsupported_type", "error")]}
    assert scalar(db, "SELECT count(*) FROM articles") == 1


def test_an_extractor_crash_is_recorded_and_the_run_goes_on(tmp_path, monkeypatch, capsys):
    real = runner.process

    def flaky(raw, lexicon=None):
        if raw.source.endswith(CORPUS[0].name):
            raise RuntimeError("boom")
        return real(raw)

    monkeypatch.setattr(runner, "process", flaky)
    db = tmp_path / "facts.duckdb"
    # one process: the patched function must be the one that runs
    assert extract(*map(str, CORPUS), "--db", str(db), "--workers", "1") == 1
    assert errors_by_source(db) == {CORPUS[0].name: [("extract", "RuntimeError", "error")]}
    assert scalar(db, "SELECT count(*) FROM articles") == 1
    assert "boom" in capsys.readouterr().err


def test_an_unreadable_file_is_recorded(tmp_path, monkeypatch, capsys):
    from pipeline import ingest

    real = ingest.read_bounded

    def denied(path, max_bytes):
        if path.name == CORPUS[0].name:
            raise PermissionError(13, "Permission denied")
        return real(path, max_bytes)

    monkeypatch.setattr(ingest, "read_bounded", denied)
    db = tmp_path / "facts.duckdb"
    assert extract(*map(str, CORPUS), "--db", str(db)) == 1
    assert errors_by_source(db) == {CORPUS[0].name: [("read", "io_error", "error")]}
    assert "Permission denied" in capsys.readouterr().err


# ---------------------------------------------------------------- size


def test_50mb_single_line_is_refused_quickly(tmp_path, capsys, monkeypatch):
    huge = tmp_path / "huge.txt"
    line = ("Công đoàn trao 19 suất quà trị giá 8.500.000đ " * 1000).encode()
    with huge.open("wb") as handle:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            handle.write(line)
    db = tmp_path / "facts.duckdb"
    # "Quickly" without a clock: the file is refused by its size, never opened, so the 50 MB are
    # neither read into memory nor segmented (timings are for bench/, not a shared machine).
    opened: list[str] = []
    opener = limits.nonblocking

    def recording(path: str, flags: int) -> int:
        opened.append(Path(path).name)
        return opener(path, flags)

    monkeypatch.setattr(limits, "nonblocking", recording)
    monkeypatch.setattr(ingest, "nonblocking", recording)
    assert extract(str(huge), str(CORPUS[0]), "--db", str(db), "--workers", "1") == 1
    assert errors_by_source(db) == {"huge.txt": [("read", "too_large", "error")]}
    assert "--max-article-bytes" in capsys.readouterr().err
    assert opened == [CORPUS[0].name]
    assert scalar(db, "SELECT count(*) FROM articles") == 1


def test_a_long_single_line_under_the_limit_is_processed_in_linear_work(tmp_path, monkeypatch):
    """A 1 MB article on one line (no line breaks for the splitter to start from) is read, not
    refused, and costs what its copies cost one by one: each copy's facts are found, and the
    word segmenter (the expensive step) is not handed the line or overlapping windows of it.
    Its time is measured in bench/speed.py's dense rows, not here."""
    text = CORPUS[1].read_text(encoding="utf-8").replace("\n", " ")
    copies = 1_000_000 // len(text.encode()) + 1
    segmented: list[int] = []
    sent_tokenize, word_tokenize, pos_tag = segment._underthesea()

    def counting(piece: str, *args, **kwargs):  # noqa: ANN002, ANN003
        segmented.append(len(piece))
        return word_tokenize(piece, *args, **kwargs)

    monkeypatch.setattr(segment, "_underthesea", lambda: (sent_tokenize, counting, pos_tag))
    runs: dict[int, tuple[int, int]] = {}
    for times in (1, copies):
        article = tmp_path / f"line-{times}.txt"
        article.write_text(text * times, encoding="utf-8")
        db = tmp_path / f"facts-{times}.duckdb"
        segment._tokenize_cached.cache_clear()
        segment.pos_words.cache_clear()
        segmented.clear()
        assert extract(str(article), "--db", str(db), "--workers", "1") == 0
        runs[times] = (scalar(db, "SELECT count(*) FROM money"), sum(segmented))
        assert max(segmented) < 2_000  # short spans only
    (money_once, segmented_once), (money_all, segmented_all) = runs[1], runs[copies]
    assert money_once > 0 and money_all == copies * money_once
    assert segmented_all <= copies * segmented_once


# ---------------------------------------------------------------- usage errors: exit 2, one line


@pytest.mark.parametrize(
    "argv",
    [
        ["extract", "no/such/dir"],
        ["extract", "--batch-size", "0"],
        ["extract", "--batch-size", "many"],
        ["extract", "--max-article-bytes", "-5"],
        ["extract", "--no-such-option"],
        ["query", "SELECT 1", "--db", "no/such.duckdb"],
        ["nosuchcommand"],
    ],
)
def test_usage_errors_exit_2_with_one_line(argv, capsys):
    try:
        code = cli.main(argv)
    except SystemExit as stop:  # argparse's own errors
        code = stop.code
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err and err[-1].startswith(("error:", "pipeline")) and "Traceback" not in "\n".join(err)
    assert "error" in err[-1]


def test_a_file_that_is_no_database_is_a_one_line_error(tmp_path, capsys):
    fake = tmp_path / "fake.duckdb"
    fake.write_text("not a database at all " * 100)
    assert extract(str(CORPUS[0]), "--db", str(fake)) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: cannot open database")


# ---------------------------------------------------------------- query is read-only unless --write


def test_query_refuses_writes_without_write_flag(tmp_path, capsys):
    db = tmp_path / "facts.duckdb"
    assert extract(str(CORPUS[0]), "--db", str(db)) == 0
    capsys.readouterr()
    writes = ("DELETE FROM articles", "DROP TABLE money", "CREATE TABLE x (a INT)", "UPDATE money SET amount_vnd = 1")
    for sql in writes:
        assert cli.main(["query", sql, "--db", str(db)]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "--write" in err[0]
    assert scalar(db, "SELECT count(*) FROM articles") == 1
    assert cli.main(["query", "SELECT count(*) AS n FROM articles", "--db", str(db)]) == 0
    assert cli.main(["query", "DELETE FROM errors", "--db", str(db), "--write"]) == 0
    assert cli.main(["query", "SELECT nonsense FROM nowhere", "--db", str(db)]) == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


# ---------------------------------------------------------------- transactions


def test_a_failing_batch_leaves_nothing_half_written(tmp_path, monkeypatch):
    from pipeline.api import extract as extract_text
    from pipeline.models import Article

    db = tmp_path / "facts.duckdb"
    connection = store.connect(db)
    facts = extract_text(GOOD, article_id="a1")
    article = Article(article_id="a1", source="a.txt", text=GOOD)
    real_insert = store._insert

    def failing_insert(connection, table, columns, rows):
        if table == "counts":
            raise OSError("disk full")
        real_insert(connection, table, columns, rows)

    monkeypatch.setattr(store, "_insert", failing_insert)
    problem = InputError("b.txt", "decode", "empty", "empty input")
    with pytest.raises(OSError):
        store.write_batch(connection, [(article, facts, "h", "v")], [problem])
    for table in ("articles", "money", "counts", "errors"):
        assert connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    monkeypatch.setattr(store, "_insert", real_insert)
    assert store.write_batch(connection, [(article, facts, "h", "v")], [problem]) > 0
    assert store.write_errors(connection, [problem]) == 1
    assert store.load_errors(connection) == [problem]
    connection.close()


# ---------------------------------------------------------------- processes: kill -9 and locking


def make_articles(folder: Path, count: int = 300) -> Path:
    """`count` distinct articles: corpus articles with a varied headline and one varied sentence."""
    folder.mkdir()
    texts = [path.read_text(encoding="utf-8") for path in CORPUS]
    for index in range(count):
        title, _, body = texts[index % len(texts)].partition("\n")
        sentence = f"LĐLĐ tỉnh đã trao {index + 1} suất quà, tổng trị giá {index + 2}.500.000 đồng."
        (folder / f"a{index:03d}.txt").write_text(f"{title} (bản {index})\n\n{sentence}\n{body}", encoding="utf-8")
    return folder


def cli_process(*args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", *args],
        cwd=ROOT,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,
    )


def wait_for_first_commit(process: subprocess.Popen) -> None:
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith("committed"):
            return
    pytest.fail(f"no commit seen; exit {process.wait()}")


@pytest.fixture(scope="module")
def many_articles(tmp_path_factory) -> Path:
    return make_articles(tmp_path_factory.mktemp("many") / "articles")


@pytest.fixture(scope="module")
def clean_run(many_articles, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("clean") / "facts.duckdb"
    done = cli_process("extract", str(many_articles), "--db", str(db), "--quiet")
    assert done.wait(timeout=120) == 0, done.stderr.read()
    return db


def test_kill_9_mid_run_then_rerun_equals_a_clean_run(many_articles, clean_run, tmp_path):
    db = tmp_path / "facts.duckdb"
    process = cli_process("extract", str(many_articles), "--db", str(db), "--batch-size", "20", "--progress")
    wait_for_first_commit(process)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    articles = scalar(db, "SELECT count(*) FROM articles")
    assert 0 < articles < 300 and articles % 20 == 0  # whole batches only
    assert_consistent(db)
    # Every stored article holds exactly its facts: compare with the clean run, restricted to them.
    partial, clean = snapshot(db), snapshot(clean_run)
    kept = {row[0] for row in partial["articles"]}
    for table, rows in clean.items():
        assert partial[table] == [row for row in rows if row[0] in kept], table

    rerun = cli_process("extract", str(many_articles), "--db", str(db), "--batch-size", "20")
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    assert f"{300 - articles} articles extracted, {articles} unchanged and skipped" in out
    assert_consistent(db)
    assert snapshot(db) == clean


def test_ctrl_c_keeps_committed_batches_and_exits_130(many_articles, tmp_path):
    db = tmp_path / "facts.duckdb"
    # Ctrl-C as from a terminal: a suite run as a background job (`... &`) ignores SIGINT, and its children would too
    process = cli_process(
        "extract",
        str(many_articles),
        "--db",
        str(db),
        "--batch-size",
        "20",
        "--progress",
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    wait_for_first_commit(process)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "Traceback" not in err and "interrupted" in err
    assert scalar(db, "SELECT count(*) FROM articles") % 20 == 0
    assert_consistent(db)


def test_a_second_extract_on_the_same_database_fails_at_once(many_articles, clean_run, tmp_path):
    db = tmp_path / "facts.duckdb"
    first = cli_process("extract", str(many_articles), "--db", str(db), "--batch-size", "20", "--progress")
    try:
        wait_for_first_commit(first)
        second = cli_process("extract", str(CORPUS[0]), "--db", str(db))
        out, err = second.communicate(timeout=60)
        # "At once" without a clock: a second run that waited for the lock would have succeeded (0)
        # once the first ended; it is refused with 2 and the in-use message instead.
        assert second.returncode == 2
        message = f"error: database {db} is in use by another process; try again when it ends"
        assert err.strip().splitlines() == [message]
        reader = cli_process("query", "SELECT 1", "--db", str(db))
        _, err = reader.communicate(timeout=60)
        assert reader.returncode == 2 and "in use by another process" in err
    finally:
        first.stderr.read()
        assert first.wait(timeout=120) == 0
    assert_consistent(db)
    assert snapshot(db) == snapshot(clean_run)


# ---------------------------------------------------------------- faults of processes (issue 13, part 3)


def session_processes(leader: int) -> list[int]:
    """Live processes of the session a `start_new_session` child leads: it, the forkserver, the
    workers and the resource tracker (they stay in it when the leader dies and they are reparented)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == leader and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def worker_pids(leader: int) -> list[int]:
    """The extraction workers: children of the forkserver, itself a child of the leader."""
    parents = {}
    for pid in session_processes(leader):
        try:
            parents[pid] = int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
    return [pid for pid, parent in parents.items() if parents.get(parent) == leader]


def end_session(leader: int) -> None:
    """Kill whatever of a session is left, by pid, so a failing test leaves no processes behind."""
    for pid in session_processes(leader):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def wait_until_gone(leader: int, seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while session_processes(leader) and time.monotonic() < deadline:
        time.sleep(0.05)
    return session_processes(leader)


def test_kill_9_of_a_worker_loses_nothing(many_articles, clean_run, tmp_path):
    db = tmp_path / "facts.duckdb"
    args = ("extract", str(many_articles), "--db", str(db), "--batch-size", "20", "--progress", "--workers", "2")
    process = cli_process(*args, start_new_session=True)
    try:
        wait_for_first_commit(process)
        workers = worker_pids(process.pid)
        assert workers
        os.kill(workers[0], signal.SIGKILL)
        out, err = process.communicate(timeout=300)
    finally:
        end_session(process.pid)
    assert process.returncode == 0, err
    assert "Traceback" not in err and "BrokenProcessPool" not in err
    assert "0 errors" in out and "worker process died" in err
    assert_consistent(db)
    assert snapshot(db) == snapshot(clean_run)  # the chunks in flight were run again, nothing lost


POISON = """
import multiprocessing, os

if os.environ.get("PIPELINE_TEST_POISON"):
    from pipeline.batch import runner

    real = runner.process

    def process(raw, *args, **kwargs):
        # kill the worker (never the main process) on the marked article, as a crash in native code would
        if "POISON-PILL" in raw.text and multiprocessing.parent_process() is not None:
            os.kill(os.getpid(), 9)
        return real(raw, *args, **kwargs)

    runner.process = process
"""


def test_an_article_that_kills_its_worker_is_an_error_and_the_rest_is_written(tmp_path):
    folder = make_articles(tmp_path / "articles", count=60)
    (folder / "a030.txt").write_text(GOOD + "POISON-PILL\n", encoding="utf-8")
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(POISON, encoding="utf-8")  # imported by every process, forkserver too
    db = tmp_path / "facts.duckdb"
    env = {**os.environ, "PYTHONPATH": f"{hooks}{os.pathsep}{ROOT}", "PIPELINE_TEST_POISON": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "extract", str(folder), "--db", str(db), "--workers", "2"],
        cwd=ROOT,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        out, err = process.communicate(timeout=300)
    finally:
        end_session(process.pid)
    assert process.returncode == 1, err
    assert "Traceback" not in err
    assert errors_by_source(db) == {"a030.txt": [("extract", "WorkerDied", "error")]}
    assert "59 articles extracted" in out and "1 errors" in out
    assert scalar(db, "SELECT count(*) FROM articles") == 59
    assert_consistent(db)


def test_kill_9_of_the_main_process_leaves_no_process_of_the_run(many_articles, tmp_path):
    db = tmp_path / "facts.duckdb"
    args = ("extract", str(many_articles), "--db", str(db), "--batch-size", "20", "--progress", "--workers", "2")
    process = cli_process(*args, start_new_session=True)
    try:
        wait_for_first_commit(process)
        assert len(session_processes(process.pid)) >= 4  # main, forkserver, 2 workers (and the resource tracker)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        left = wait_until_gone(process.pid, 5)
        assert left == [], f"still running 5 s after kill -9 of the main process: {left}"
        process.communicate(timeout=30)  # and nothing holds the caller's pipes any more
    finally:
        end_session(process.pid)
    assert_consistent(db)


def test_sigterm_is_handled_like_ctrl_c_and_exits_143(many_articles, tmp_path):
    db = tmp_path / "facts.duckdb"
    args = ("extract", str(many_articles), "--db", str(db), "--batch-size", "20", "--progress", "--workers", "2")
    process = cli_process(*args, start_new_session=True)
    try:
        wait_for_first_commit(process)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=120)
        assert wait_until_gone(process.pid, 5) == []
    finally:
        end_session(process.pid)
    assert process.returncode == 143, err
    assert "Traceback" not in err and "terminated; committed batches are kept" in err
    assert scalar(db, "SELECT count(*) FROM articles") % 20 == 0
    assert_consistent(db)


def _file_size_limit(limit: int):
    def apply() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past it fails (EFBIG), as on a full disk

    return apply


def test_a_write_that_fails_mid_run_is_one_line_naming_the_cause(many_articles, tmp_path):
    """A full disk, stood in for by a file size limit: the same failed COMMIT, with `File too large`
    where a full disk says `No space left on device` (measured on a 3 MB tmpfs, see the README)."""
    db = tmp_path / "facts.duckdb"
    args = (sys.executable, "-m", "pipeline", "extract", str(many_articles), "--db", str(db), "--batch-size", "20")
    done = subprocess.run(
        [*args, "--workers", "1"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=_file_size_limit(1_500_000),
    )
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: cannot write database {db}: "), lines
    assert "File too large" in lines[0] and "batches committed before are kept" in lines[0]
    committed = scalar(db, "SELECT count(*) FROM articles")
    assert 0 < committed < 300 and committed % 20 == 0
    assert_consistent(db)


def _read_only_folder(folder: Path):
    """Make `folder` read-only even for root (chattr +i), else with chmod for other users; None if neither works."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return lambda: folder.chmod(0o755)
    done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True)
    if done.returncode != 0:
        return None
    return lambda: subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_writable_database_in_a_read_only_folder_is_one_line(tmp_path, capsys):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "facts.duckdb"
    assert extract(str(CORPUS[0]), "--db", str(db)) == 0
    capsys.readouterr()
    undo = _read_only_folder(folder)
    if undo is None:
        pytest.skip("no way to make a folder read-only for root here (chattr unsupported)")
    try:
        code = extract(str(CORPUS[1]), "--db", str(db))
    finally:
        undo()
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and err[0].startswith(f"error: cannot write database {db}: "), err
    assert scalar(db, "SELECT count(*) FROM articles") == 1


def test_review_report_and_diff_on_a_database_in_use_say_so(facts_db, tmp_path, capsys):
    db = facts_db  # written through the schema only (conftest), not by the extractors
    # A writer that holds the database until told to end: no race with a run that could finish first.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); sys.stdin.read()",
            str(db),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        message = f"error: database {db} is in use by another process; try again when it ends"
        for argv in (
            ["review", "--db", str(db), "--out", str(tmp_path / "review.html")],
            ["report", "--db", str(db), "--out", str(tmp_path / "report")],
            ["diff", str(db), str(db)],
        ):
            assert cli.main(argv) == 2, argv
            assert capsys.readouterr().err.strip().splitlines() == [message], argv
    finally:
        holder.communicate("", timeout=60)
    assert cli.main(["review", "--db", str(db), "--out", str(tmp_path / "review.html")]) == 0


def test_a_pool_stuck_by_a_worker_killed_mid_send_is_broken_by_hand(monkeypatch):
    """A worker killed while it sends a result leaves the pool's manager thread waiting in recv()
    forever (reproduced with a 300 MB result). Simulated here: a dead worker, a future nobody
    completes until our writing end of the result pipe is closed, as recv() getting EOF would."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    monkeypatch.setattr(runner, "STUCK_POOL_SECONDS", 0.0)
    future: Future = Future()
    killed = []

    class Dead:
        exitcode = -9

        def kill(self):
            killed.append(self)

    class Writer:
        def close(self):
            future.set_exception(BrokenProcessPool("EOF on the result pipe"))

    class Queue:
        _writer = Writer()

    class Stuck:
        _processes = {1: Dead()}
        _result_queue = Queue()

    pool = runner.LazyPool(2)
    pool.executor = Stuck()  # type: ignore[assignment]
    with pytest.raises(BrokenProcessPool):
        pool._result(future)
    assert killed


def test_a_ctrl_c_swallowed_inside_a_commit_still_stops_the_run(tmp_path, monkeypatch):
    # DuckDB checks for signals inside a statement; one that arrives as the statement ends may lose
    # its KeyboardInterrupt (seen once in CI: Ctrl-C after the first commit, and the run went on to exit 0).
    articles = make_articles(tmp_path / "articles", count=60)
    real_write = store.write_batch
    calls = []

    def write_and_swallow(*args, **kwargs):
        written = real_write(*args, **kwargs)
        calls.append(1)
        if len(calls) == 1:
            try:
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.05)  # the handler runs here, as it would inside the statement
            except KeyboardInterrupt:
                pass  # what a native call may do with it
        return written

    monkeypatch.setattr(store, "write_batch", write_and_swallow)
    db = tmp_path / "facts.duckdb"
    outer = signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal, whatever the suite inherited
    try:
        with pytest.raises(KeyboardInterrupt):
            runner.run([str(articles)], db, quiet=True, workers=1, batch_size=20)
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # the caller's handler is back
    finally:
        signal.signal(signal.SIGINT, outer)
    assert len(calls) == 1  # stopped after the batch it committed
