"""HTML pages: trafilatura keeps the main text and drops navigation, ads, scripts and footers."""

from __future__ import annotations

import logging
import re

from pipeline.ingest.base import InputError, Item, RawArticle, _decode

# trafilatura logs every page it finds nothing in; those become InputError records instead.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

_TAG = re.compile(r"<(?:link|meta)\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([a-z:_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def page_url(html: str) -> str | None:
    """The canonical (else og:url) URL in a page's tags, found cheaply: a deferred page's
    article_id is needed by the reading process before any worker parses the page."""
    found: dict[str, str] = {}
    for tag in _TAG.finditer(html, 0, 200_000):
        attributes = {
            match.group(1).lower(): match.group(2) or match.group(3) or match.group(4) or ""
            for match in _ATTRIBUTE.finditer(tag.group(0))
        }
        if attributes.get("rel", "").lower() == "canonical" and attributes.get("href", "").startswith("http"):
            found.setdefault("canonical", attributes["href"].strip())
        elif attributes.get("property", "").lower() == "og:url" and attributes.get("content", "").startswith("http"):
            found.setdefault("og", attributes["content"].strip())
    return found.get("canonical") or found.get("og")


def read_html(data: bytes, source: str, url: str | None = None, date: str | None = None, defer: bool = False) -> Item:
    """One article from a page: main text, title, and date/URL from its metadata (canonical, og:*).

    `url` (e.g. a WARC record's target URI) wins over the page's own; `date` is a fallback for
    pages that state no publication date. defer=True only decodes the page and finds its URL:
    the extraction worker parses it later (`resolve`), so one reading process is no bottleneck.
    """
    html = _decode(data, source)
    if defer:
        return RawArticle(source=source, text="", url=url or page_url(html), date=date, html=html)
    return parse_html(html, source, url, date)


def resolve(raw: RawArticle) -> Item:
    """A deferred page, parsed (an article that is not one comes back as is)."""
    if raw.html is None:
        return raw
    return parse_html(raw.html, raw.source, raw.url, raw.date)


def parse_html(html: str, source: str, url: str | None = None, date: str | None = None) -> Item:
    import trafilatura  # imported lazily: it is slow to import and only HTML inputs need it

    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        favor_recall=True,
        include_comments=False,
        include_images=False,
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
