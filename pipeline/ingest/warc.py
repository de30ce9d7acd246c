"""WARC web archives (plain or gzipped) via warcio: each HTML response is one HTML article."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from pipeline.ingest.base import InputError, InputProblem, Item, ReadOptions, read_limited
from pipeline.ingest.html import read_html


class CutRecord(InputProblem):
    """warcio reads a record that ends early as a short one: the archive was cut."""

    error_type = "truncated"


def _left_unread(record) -> int:
    """Bytes the record's Content-Length promised that the archive does not hold (0: complete)."""
    while record.raw_stream.read(64 * 1024):
        pass
    return getattr(record.raw_stream, "limit", 0) or 0


def iter_warc(stream: BinaryIO, source: str, options: ReadOptions) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator

    archive = ArchiveIterator(stream)
    url = None
    for record in archive:
        url = record.rec_headers.get_header("WARC-Target-URI")
        where = f"{source}!{url}"
        content_type = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
        if record.rec_type != "response" or "html" not in content_type.lower():
            if _left_unread(record):
                raise CutRecord(f"the archive ends inside its record of {url}")
            continue
        date = record.rec_headers.get_header("WARC-Date")
        try:
            data = read_limited(record.content_stream(), options.max_member_bytes)
            missing = _left_unread(record)
            item = read_html(data, where, url=url, date=date, defer=options.defer_html)
        except Exception as exc:  # one bad record must not lose the rest of the crawl
            yield InputError(where, "warc", type(exc).__name__, str(exc))
            continue
        if missing:  # a cut page would be stored with part of its text, and its facts, missing
            yield InputError(where, "read", "truncated", f"the archive ends inside this record ({missing} bytes short)")
            return
        yield item
    # warcio ends quietly when the archive stops inside a record's headers: bytes were read past
    # the end of the last whole record, and no record came of them.
    if archive.fh.tell() > archive.offset:
        after = f" after the record of {url}" if url else ""
        raise CutRecord(f"the archive ends inside a record's headers{after}")
