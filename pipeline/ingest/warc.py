"""WARC web archives (plain or gzipped) via warcio: each HTML response is one HTML article."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from pipeline.ingest.base import InputError, Item, ReadOptions, read_limited
from pipeline.ingest.html import read_html


def iter_warc(stream: BinaryIO, source: str, options: ReadOptions) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator

    for record in ArchiveIterator(stream):
        if record.rec_type != "response" or record.http_headers is None:
            continue
        content_type = record.http_headers.get_header("Content-Type") or ""
        if "html" not in content_type.lower():
            continue
        url = record.rec_headers.get_header("WARC-Target-URI")
        date = record.rec_headers.get_header("WARC-Date")
        where = f"{source}!{url}"
        try:
            data = read_limited(record.content_stream(), options.max_member_bytes)
            yield read_html(data, where, url=url, date=date, defer=options.defer_html)
        except Exception as exc:  # one bad record must not lose the rest of the crawl
            yield InputError(where, "warc", type(exc).__name__, str(exc))
