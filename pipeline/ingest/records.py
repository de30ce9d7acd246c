"""JSON Lines and JSON arrays: one article per record, fields found under common names."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from pipeline.ingest.base import InputError, Item, RawArticle, ReadOptions, _decode


def _field(record: dict, names: tuple[str, ...]) -> Any:
    for name in names:
        value: Any = record.get(name)  # a flat key, even a dotted one (a CSV header "meta.url")
        if value in (None, "") and "." in name:
            value = record
            for part in name.split("."):  # "meta.url" reaches into nested objects
                value = value.get(part) if isinstance(value, dict) else None
        if value not in (None, ""):
            return value
    return None


def to_article(record: Any, source: str, options: ReadOptions) -> Item:
    if not isinstance(record, dict):
        return InputError(source, "record", "NotAnObject", f"expected a JSON object, got {type(record).__name__}")
    text = _field(record, options.text_fields)
    if not isinstance(text, str) or not text.strip():
        return InputError(source, "record", "NoText", f"no text under any of {', '.join(options.text_fields)}")

    def optional(names: tuple[str, ...]) -> str | None:
        value = _field(record, names)
        if hasattr(value, "isoformat"):  # a Parquet date or timestamp: ISO, as JSON dates are written
            return value.isoformat()
        return None if value is None else str(value)

    return RawArticle(
        source=source,
        text=text,
        title=optional(options.title_fields),
        url=optional(options.url_fields),
        date=optional(options.date_fields),
    )


def iter_jsonl(stream: BinaryIO, source: str, options: ReadOptions) -> Iterator[Item]:
    """Line by line (streaming); a malformed or oversized line is an error for that line only."""
    lineno = 0
    limit = options.max_member_bytes
    while True:
        # Bounded readline: one endless line must not take all memory.
        line = stream.readline(limit + 1)
        if not line:
            return
        lineno += 1
        where = f"{source}:{lineno}"
        if len(line) > limit:
            skipped = len(line) + _skip_line(stream, limit)
            yield InputError(where, "read", "too_large", f"line of {skipped} bytes or more, over the {limit} limit")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(_decode(line, where))
        except (ValueError, RecursionError) as exc:  # JSONDecodeError, undecodable bytes, nesting too deep
            yield InputError(where, "record", type(exc).__name__, str(exc))
            continue
        yield to_article(record, where, options)


def _skip_line(stream: BinaryIO, size: int) -> int:
    """Read past the rest of an oversized line, a bounded piece at a time; returns the bytes skipped."""
    skipped = 0
    while True:
        piece = stream.readline(size)
        skipped += len(piece)
        if not piece or piece.endswith(b"\n"):
            return skipped


def iter_json(data: bytes, source: str, options: ReadOptions) -> Iterator[Item]:
    """A JSON array of records (loaded whole: use JSONL for large inputs), or a single record."""
    document = json.loads(_decode(data, source))
    if isinstance(document, dict) and _field(document, options.text_fields) is None:
        # {"articles": [...]}: the first list of records in the object
        document = next((value for value in document.values() if isinstance(value, list)), document)
    if isinstance(document, list):
        for index, record in enumerate(document):
            yield to_article(record, f"{source}[{index}]", options)
    else:
        yield to_article(document, source, options)
