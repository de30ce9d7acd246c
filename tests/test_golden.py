"""Every corpus article's extraction equals its reviewed golden file in outputs/.

A failure lists each fact added, removed or changed. After reviewing the change,
accept it with `python -m pipeline goldens --accept`.
"""

import json

import pytest

from pipeline.quality import diff, goldens

ARTICLES = sorted(goldens.CORPUS.glob("*.txt"))


def test_corpus_is_not_empty():
    assert len(ARTICLES) >= 2


@pytest.mark.parametrize("article", ARTICLES, ids=[a.stem for a in ARTICLES])
def test_extraction_matches_golden(article):
    path = goldens.golden_path(article)
    assert path.exists(), f"no golden for {article.name}: run `python -m pipeline goldens --accept` after review"
    changes = diff.diff_records(json.loads(path.read_text(encoding="utf-8")), goldens.current(article))
    assert not changes, f"{article.stem} differs from its golden:\n" + "\n".join(map(diff.describe, changes))
