"""Standard input (`-` as an input): a scraper piped straight into the pipeline.

Its format is named (`--stdin-format`, ReadOptions.stdin_format) or found from its first bytes:
gzip is looked into, then zip, tar, WARC and Parquet signatures, JSON lines (`{`), a JSON
array (`[`), an HTML page; anything else is one plain-text article. Sources read `<stdin>`
(one article), `<stdin>:3` (line 3 of JSON lines or CSV), `<stdin>[2]` (a JSON array's record).
"""

from __future__ import annotations

import gzip
import sys
from collections.abc import Iterator
from typing import BinaryIO

from pipeline.ingest.base import InputError, Item, ReadOptions

# The token that names standard input among the inputs, and the source its articles get.
STDIN = "-"
SOURCE = "<stdin>"

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


def read_stdin(options: ReadOptions, stream: BinaryIO | None = None) -> Iterator[Item]:
    """Every article on standard input (or `stream`); bad input becomes error records, as for files."""
    from pipeline.ingest import _guard, _peek, _read_kind, detect  # the dispatcher imports this module

    raw = stream if stream is not None else sys.stdin.buffer
    head, data = _peek(raw)
    if head.startswith(b"\x1f\x8b"):  # `zcat` left out of the pipe: look inside, whatever the format
        head, data = _peek(gzip.GzipFile(fileobj=data, mode="rb"))  # type: ignore[arg-type]
    if options.stdin_format:
        kind = FORMATS.get(options.stdin_format, "")
        if not kind:
            message = f"unknown stdin format {options.stdin_format!r}; one of {', '.join(FORMATS)}"
            yield InputError(SOURCE, "read", "unsupported_type", message)
            return
    else:
        kind = detect(SOURCE, head) or "text"
    yield from _guard(_read_kind(kind, SOURCE, data, SOURCE, options, 0), SOURCE, kind)
