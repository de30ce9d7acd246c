"""Bounds on one input (the error records for what goes wrong while reading are made by
pipeline.ingest.base.error).

An article over the size limit is refused with a "too_large" error rather than
truncated: a cut article would silently lose facts, while the error names the
file and the option to raise the limit. The check happens before reading, so a
huge file costs a stat call, not its size in memory.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.errors import InputError

MAX_ARTICLE_BYTES = 5 * 1024 * 1024  # a long news article is ~50 KB; 5 MiB extracts in a few seconds


class TooLarge(Exception):
    """An input over a size limit: an article over --max-article-bytes, or a member or stream
    inflated past the archive limit (zip bomb guard)."""


def over_article_limit(size: int, limit: int) -> TooLarge:
    return TooLarge(f"{size} bytes is over the {limit}-byte limit per article (raise it with --max-article-bytes)")


def nonblocking(path: str, flags: int) -> int:
    """An `open` opener that cannot hang on a FIFO swapped in after the file was checked (no effect on files)."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def read_bounded(path: Path, max_bytes: int = MAX_ARTICLE_BYTES) -> bytes:
    """A file's bytes, or TooLarge without reading it when it is over `max_bytes`."""
    size = path.stat().st_size
    if size > max_bytes:
        raise over_article_limit(size, max_bytes)
    with open(path, "rb", opener=nonblocking) as handle:
        data = handle.read(max_bytes + 1)  # the file may have grown since stat
    if len(data) > max_bytes:
        raise over_article_limit(len(data), max_bytes)
    return data


def text_too_large(source: str, text: str, max_bytes: int = MAX_ARTICLE_BYTES) -> InputError | None:
    """The same limit for text that reached us some other way (archive members, JSON fields)."""
    if len(text) * 4 <= max_bytes:  # UTF-8 needs at most 4 bytes a character: no need to encode
        return None
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size <= max_bytes:
        return None
    return InputError(source, "read", "too_large", str(over_article_limit(size, max_bytes)))


def decode_warnings(source: str, warnings: list[tuple[str, str]]) -> list[InputError]:
    return [InputError(source, "decode", error_type, message, severity="warning") for error_type, message in warnings]
