"""--engine dask gives the local engine's facts, fact for fact, on the corpus."""

from __future__ import annotations

from pathlib import Path

import duckdb
from distributed import LocalCluster

from pipeline.batch import store
from pipeline.batch.dask_engine import run_dask
from pipeline.batch.runner import run

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "articles"


def _load(db: Path) -> tuple[dict, list]:
    connection = store.connect(db, read_only=True)
    try:
        articles = connection.execute(
            "SELECT article_id, source, title, text, url, published, content_hash, pipeline_version "
            "FROM articles ORDER BY article_id"
        ).fetchall()
        return store.load_facts(connection), articles
    finally:
        connection.close()


def _entities(db: Path) -> dict[str, list]:
    with duckdb.connect(str(db), read_only=True) as connection:
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
            for table in ("bodies", "people", "posts")
        } | {
            "officials": connection.execute(
                "SELECT article_id, name, body_id, person_id FROM officials ORDER BY ALL"
            ).fetchall()
        }


def test_dask_equals_local(tmp_path):
    local_db, dask_db = tmp_path / "local.duckdb", tmp_path / "dask.duckdb"
    local = run([str(CORPUS)], local_db, quiet=True, workers=1)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        summary = run_dask(
            [str(CORPUS)],
            dask_db,
            scheduler=cluster.scheduler_address,
            parquet_dir=tmp_path / "parquet",
            quiet=True,
            chunk_size=1,
        )
        assert (summary.articles, summary.facts, summary.errors) == (local.articles, local.facts, 0)
        # incremental in the same way: nothing changed, nothing sent to the cluster
        again = run_dask(
            [str(CORPUS)], dask_db, scheduler=cluster.scheduler_address, parquet_dir=tmp_path / "parquet", quiet=True
        )
        assert (again.articles, again.skipped) == (0, local.articles)
    assert _load(dask_db) == _load(local_db)
    # the driver runs the archive pass after loading the parts: the same bodies, people and ids
    assert _entities(dask_db) == _entities(local_db) and _entities(local_db)["people"]
    # one set of Parquet files per table, queryable by DuckDB directly
    (run_dir,) = (tmp_path / "parquet").iterdir()
    assert {p.name for p in run_dir.iterdir()} >= {"articles", "money", "counts"}
    with duckdb.connect() as connection:
        parquet_money = connection.execute(
            f"SELECT count(*) FROM read_parquet('{run_dir.as_posix()}/money/*.parquet')"
        ).fetchone()[0]
    assert parquet_money == sum(len(f.money) for f in _load(local_db)[0].values())


def test_the_organizations_memo_is_kept_per_thread():
    # Dask's threaded workers share one grammar per lexicon: a document's memo must not serve another's. Thread A
    # keeps an answer while thread B starts its own document; B, asking the same key, computes its own answer.
    import threading

    from pipeline import lexicon as lexicons
    from pipeline.extractors.organizations import OrganizationGrammar

    grammar = lexicons.default().derived(OrganizationGrammar)
    text_a, text_b = "văn bản A", "văn bản B"
    a_started, b_done = threading.Event(), threading.Event()
    answers = {}

    def slow_a():
        a_started.set()
        b_done.wait(5)  # B starts and answers its own document meanwhile
        return "A"

    def in_a():
        answers["a"] = grammar._kept(text_a, ("head", 0), slow_a)
        answers["a again"] = grammar._kept(text_a, ("head", 0), lambda: "recomputed")

    def in_b():
        a_started.wait(5)
        answers["b"] = grammar._kept(text_b, ("head", 0), lambda: "B")
        b_done.set()

    threads = [threading.Thread(target=in_a), threading.Thread(target=in_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert answers == {"a": "A", "a again": "A", "b": "B"}
