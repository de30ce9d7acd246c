"""HTML pages: trafilatura keeps the main text and drops navigation, ads, scripts and footers."""

from __future__ import annotations

import logging

from pipeline.ingest.base import InputError, Item, RawArticle, _decode

# trafilatura logs every page it finds nothing in; those become InputError records instead.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


def read_html(data: bytes, source: str, url: str | None = None, date: str | None = None) -> Item:
    """One article from a page: main text, title, and date/URL from its metadata (canonical, og:*).

    `url` (e.g. a WARC record's target URI) wins over the page's own; `date` is a fallback for
    pages that state no publication date.
    """
    import trafilatura  # imported lazily: it is slow to import and only HTML inputs need it

    document = trafilatura.bare_extraction(
        _decode(data, source), url=url, with_metadata=True, favor_recall=True,
        include_comments=False, include_images=False,
    )
    text = (document.text or "").strip() if document is not None else ""
    if not text:
        return InputError(source, "html", "NoMainText", "no main text found in the page")
    return RawArticle(
        source=source,
        text=text,
        title=document.title or None,
        url=url or document.url or None,
        date=document.date or date,
    )
