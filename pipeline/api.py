"""The Python API: article text in, typed facts out, no database involved."""

from __future__ import annotations

import hashlib

from pipeline.extractors import counts, money, officials, organizations, percents
from pipeline.models import ArticleFacts
from pipeline.text.normalize import normalize_text
from pipeline.text.segment import Document, segment


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def extract_document(doc: Document, article_id: str = "") -> ArticleFacts:
    """Run every extractor over an already segmented document."""
    money_facts = money.extract(doc)
    return ArticleFacts(
        article_id=article_id,
        money=money_facts,
        counts=counts.extract(doc, money_facts),
        officials=officials.extract(doc),
        organizations=organizations.extract(doc),
        percents=percents.extract(doc),
    )


def extract(text: str, article_id: str = "", title: str | None = None) -> ArticleFacts:
    """Normalize, segment and extract one article's facts.

    >>> facts = extract("LĐLĐ thành phố đã trao 19 xuất quà với tổng số tiền 8.500.000đ.")
    >>> [(m.amount_vnd, m.text) for m in facts.money]
    [(8500000, '8.500.000đ')]
    """
    normalized = normalize_text(text)
    if not article_id:
        article_id = hashlib.sha1(normalized.encode()).hexdigest()[:16]
    doc = segment(normalized, title=first_line(normalized) if title is None else normalize_text(title))
    return extract_document(doc, article_id)
