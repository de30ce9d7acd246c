"""Standard input (`-` as an input): a scraper piped straight into the pipeline.

Its format is named (`--stdin-format`, ReadOptions.stdin_format) or found from its first bytes:
gzip is looked into, then zip, tar, WARC and Parquet signatures, JSON lines (`{`), a JSON
array (`[`), an HTML page; anything else is one plain-text article. Sources read `<stdin>`
(one article), `<stdin>:3` (line 3 of JSON lines or CSV), `<stdin>[2]` (a JSON array's record).
"""

from __future__ import annotations

import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from pipeline.ingest.base import InputError, Item, ReadOptions

# The token that names standard input among the inputs, and the source its articles get.
STDIN = "-"
SOURCE = "<stdin>"
# What pipeline.ingest.iter_paths yields for "-": compared by identity, so no file path is taken for it.
STDIN_PATH = Path(SOURCE)

# --stdin-format -> the reader's kind (pipeline.ingest.detect's names).
FORMATS = {
    "txt": "text",
    "md": "text",
    "html": "html",
    "json": "json",
    "jsonl": "jsonl",
    "csv": "csv",
    "tsv": "tsv",
    "parquet": "parquet",
    "warc": "warc",
    "zip": "zip",
    "tar": "tar",
}


# A name for what a gzip on standard input holds, so that the gzip reader (the one files get,
# with its handling of cut and damaged streams) reads it as that format.
SUFFIXES = {
    "text": ".txt",
    "html": ".html",
    "json": ".json",
    "jsonl": ".jsonl",
    "csv": ".csv",
    "tsv": ".tsv",
    "parquet": ".parquet",
    "warc": ".warc",
    "zip": ".zip",
    "tar": ".tar",
    "gzip": ".gz",
}
# Enough of a gzip's first bytes to inflate the start of what it holds (a tar's magic is at 257).
HEAD_BYTES = 8192


def _inflated_head(head: bytes) -> bytes:
    """The first bytes inside a gzip, from its first compressed bytes alone (nothing is consumed)."""
    try:
        return zlib.decompressobj(wbits=31).decompress(head, 1024)
    except zlib.error:
        return b""  # damaged: the gzip reader reports it


def read_stdin(options: ReadOptions, stream: BinaryIO | None = None) -> Iterator[Item]:
    """Every article on standard input (or `stream`); bad input becomes error records, as for files."""
    from pipeline.ingest import _guard, _peek, _read_kind, detect  # the dispatcher imports this module

    head, data = _peek(stream if stream is not None else sys.stdin.buffer, HEAD_BYTES)
    gzipped = head.startswith(b"\x1f\x8b")  # `zcat` left out of the pipe: look inside, whatever the format
    if gzipped:
        head = _inflated_head(head)
    if options.stdin_format:
        kind = FORMATS.get(options.stdin_format, "")
        if not kind:
            message = f"unknown stdin format {options.stdin_format!r}; one of {', '.join(FORMATS)}"
            yield InputError(SOURCE, "read", "unsupported_type", message)
            return
    else:
        kind = detect(SOURCE, head) or "text"
    if gzipped:
        yield from _guard(_read_kind("gzip", f"{SOURCE}{SUFFIXES[kind]}.gz", data, SOURCE, options, 0), SOURCE, kind)
    else:
        yield from _guard(_read_kind(kind, SOURCE, data, SOURCE, options, 0), SOURCE, kind)
