"""Shared types of the readers: what an input yields, limits, and the bytes -> text hook."""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field, replace
from typing import BinaryIO

from pipeline.errors import InputError
from pipeline.ingest.limits import MAX_ARTICLE_BYTES, TooLarge
from pipeline.text.decode import DecodeError, decode_bytes

# Archive safety: we never unpack to disk, but an archive member is read into memory
# (or streamed) in full, so a member that inflates past these is refused.
MAX_MEMBER_BYTES = 50 * 1024 * 1024
MAX_RATIO = 100
# Ratios only matter for large members: small repetitive files compress very well legitimately.
RATIO_MIN_BYTES = 1024 * 1024
# Archives inside archives are followed this deep, then refused.
MAX_DEPTH = 3


@dataclass
class RawArticle:
    """An input before normalization: where it came from and its text."""

    source: str
    text: str
    title: str | None = None
    url: str | None = None
    date: str | None = None
    # A page whose parsing is left to the worker that extracts it (ReadOptions.defer_html):
    # then `text` is empty until pipeline.ingest.html.resolve() parses `html`.
    html: str | None = None
    # (error_type, message) from decoding: written to the errors table as warnings.
    warnings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def article_id(self) -> str:
        """Stable across runs: from the URL when known, else from the source path (and member)."""
        key = self.url or self.source
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


Item = RawArticle | InputError


@dataclass
class ReadOptions:
    """Field names tried, in order, for records in JSON and JSONL inputs and columns of CSV and Parquet."""

    text_fields: tuple[str, ...] = ("text", "content", "body", "article", "maintext")
    title_fields: tuple[str, ...] = ("title", "headline")
    url_fields: tuple[str, ...] = ("url", "link", "href", "canonical_url")
    date_fields: tuple[str, ...] = ("date", "published", "published_at", "pubdate", "datetime")
    max_member_bytes: int = MAX_MEMBER_BYTES
    max_ratio: int = MAX_RATIO
    # One article's text (a .txt or .html file, a JSON field) above this is refused as too_large.
    max_article_bytes: int = MAX_ARTICLE_BYTES
    # Leave HTML parsing (trafilatura, the costliest part of reading) to the extraction
    # workers instead of the single reading process; the runner turns this on.
    defer_html: bool = False
    # The format of standard input ("-" as an input: txt, jsonl, csv ...; pipeline.ingest.stdin.FORMATS);
    # None: found from its first bytes.
    stdin_format: str | None = None

    def with_fields(
        self, text: str | None = None, title: str | None = None, url: str | None = None, date: str | None = None
    ) -> ReadOptions:
        """A copy where a named field is tried first (user's --text-field etc.)."""

        def first(name: str | None, names: tuple[str, ...]) -> tuple[str, ...]:
            return names if not name else (name, *(n for n in names if n != name))

        return replace(
            self,
            text_fields=first(text, self.text_fields),
            title_fields=first(title, self.title_fields),
            url_fields=first(url, self.url_fields),
            date_fields=first(date, self.date_fields),
        )


class InputProblem(Exception):
    """A problem with a whole input met while reading it (a cut download, trailing garbage...):
    raised by a reader, it becomes an error row of this stage and type."""

    stage = "read"
    error_type = "input_problem"


class LimitedReader(io.RawIOBase):
    """Wraps a binary stream and raises TooLarge once more than `limit` bytes were read.

    Archive headers can lie about sizes, so the limit is enforced on what is actually read.
    """

    def __init__(self, stream: BinaryIO, limit: int) -> None:
        self._stream = stream
        self._left = limit
        self._limit = limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        data = self._stream.read(min(len(buffer), self._left + 1))
        if len(data) > self._left:
            raise TooLarge(f"more than {self._limit} bytes once uncompressed")
        self._left -= len(data)
        buffer[: len(data)] = data
        return len(data)


def read_limited(stream: BinaryIO, limit: int) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"more than {limit} bytes once uncompressed")
    return data


def _decode(data: bytes, source: str, warnings: list[tuple[str, str]] | None = None) -> str:
    """Bytes -> text for every reader (BOM, UTF-16, Windows-1258, legacy fonts: pipeline.text.decode);
    raises DecodeError. Pass `warnings` to collect (error_type, message) pairs for RawArticle.warnings."""
    return decode_bytes(data, source, warnings)


def error(source: str, stage: str, exc: BaseException | str, error_type: str | None = None) -> InputError:
    """The error record for a problem met while reading `source` at `stage`."""
    if isinstance(exc, DecodeError):
        return InputError(source, "decode", exc.error_type, exc.message)
    if isinstance(exc, InputProblem):
        return InputError(source, exc.stage, exc.error_type, str(exc))
    if isinstance(exc, TooLarge):
        return InputError(source, "read", "too_large", str(exc))
    if isinstance(exc, OSError) and not error_type:
        return InputError(source, "read", "io_error", exc.strerror or str(exc))
    if isinstance(exc, BaseException):
        return InputError(source, stage, error_type or type(exc).__name__, str(exc) or type(exc).__name__)
    return InputError(source, stage, error_type or "InputError", exc)


# Lone surrogates: what Python makes of bytes that are not UTF-8 in a file name (surrogateescape)
# or of a lone \ud800 escape in JSON. Neither hashes as UTF-8 nor goes into Arrow or DuckDB.
_SURROGATE = re.compile("[\ud800-\udfff]")


def printable_name(name: str) -> str:
    """A file or member name that can be stored: a byte that is not UTF-8 is written \\xNN (and any
    other lone surrogate \\uXXXX), so distinct names stay distinct and one name is always the same text."""
    if not _SURROGATE.search(name):
        return name

    def escape(match: re.Match) -> str:
        code = ord(match.group())
        return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"

    return _SURROGATE.sub(escape, name)


def storable(item: Item) -> Item:
    """The item with every string valid Unicode: a source keeps its escaped name, other text gets
    U+FFFD for each lone surrogate, and the article a `replaced_bytes` warning saying which fields."""
    if isinstance(item, InputError):
        if _SURROGATE.search(item.source + item.message):
            return replace(item, source=printable_name(item.source), message=_SURROGATE.sub("\ufffd", item.message))
        return item
    fixed = {}
    for name in ("text", "title", "url", "date", "html"):
        value = getattr(item, name)
        if value and _SURROGATE.search(value):
            fixed[name] = _SURROGATE.sub("\ufffd", value)
    if _SURROGATE.search(item.source):
        item.source = printable_name(item.source)
    if fixed:
        for name, value in fixed.items():
            setattr(item, name, value)
        fields = ", ".join(fixed)
        item.warnings.append(("replaced_bytes", f"invalid Unicode (lone surrogates) in {fields} became U+FFFD"))
    return item
