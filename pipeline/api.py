"""The Python API: article text in, typed facts out, no database involved."""

from __future__ import annotations

import hashlib
from datetime import date

from pipeline import lexicon as lexicons
from pipeline.extractors import COMPONENTS, run
from pipeline.extractors.dates import article_day, published_from_text
from pipeline.lexicon import Lexicon
from pipeline.models import ArticleFacts
from pipeline.text.document import Document, segment
from pipeline.text.normalize import normalize_text


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def extract_document(doc: Document, article_id: str = "", lexicon: Lexicon | None = None) -> ArticleFacts:
    """Run every registered component over an already segmented document."""
    run(COMPONENTS, doc, lexicon or lexicons.default())
    return ArticleFacts(article_id=article_id, **{c.kind: doc.facts[c.kind] for c in COMPONENTS})


def extract(
    text: str,
    article_id: str = "",
    title: str | None = None,
    published: date | None = None,
    lexicon: Lexicon | None = None,
) -> ArticleFacts:
    """Normalize, segment and extract one article's facts.

    >>> facts = extract("LĐLĐ thành phố đã trao 19 xuất quà với tổng số tiền 8.500.000đ.")
    >>> [(m.amount_vnd, m.text) for m in facts.money]
    [(8500000, '8.500.000đ')]
    """
    normalized = normalize_text(text)
    if not article_id:
        article_id = hashlib.sha1(normalized.encode()).hexdigest()[:16]
    title = first_line(normalized) if title is None else normalize_text(title)
    if published is None:  # the date line under the headline, as for plain-text articles in a run
        published = article_day(published_from_text(normalized, lexicon))
    return extract_document(segment(normalized, title=title, published=published), article_id, lexicon)
