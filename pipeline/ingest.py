"""Reading inputs: files and directories of articles, yielded one at a time (streaming).

A plain-text article's first non-empty line is its title. An input that cannot
be read is yielded as an `InputError` record instead, so the run goes on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.decode import decode_bytes
from pipeline.errors import InputError
from pipeline.limits import MAX_ARTICLE_BYTES, input_error, read_bounded

TEXT_SUFFIXES = {".txt", ".md"}


@dataclass
class RawArticle:
    """An input before normalization: where it came from and its text."""

    source: str
    text: str
    title: str | None = None
    url: str | None = None
    date: str | None = None
    # (error_type, message) from decoding: written to the errors table as warnings.
    warnings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def article_id(self) -> str:
        """Stable across runs: from the URL when known, else from the source path (and member)."""
        key = self.url or self.source
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def iter_paths(inputs: list[str]) -> Iterator[Path]:
    """Files named, and files below directories named, in a stable order."""
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        else:
            yield path


def _decode(data: bytes, source: str, warnings: list[tuple[str, str]] | None = None) -> str:
    """Every reader's bytes go through here (pipeline.decode's rules); raises DecodeError.

    Pass `warnings` to collect (error_type, message) pairs for RawArticle.warnings.
    """
    return decode_bytes(data, source, warnings)


def read_text_file(path: Path, max_bytes: int = MAX_ARTICLE_BYTES) -> RawArticle | InputError:
    source = str(path)
    warnings: list[tuple[str, str]] = []
    try:
        text = _decode(read_bounded(path, max_bytes), source, warnings)
    except Exception as error:  # any unreadable input becomes a record, never a crash
        return input_error(source, error)
    return RawArticle(source=source, text=text, warnings=warnings)


def iter_articles(inputs: list[str], max_bytes: int = MAX_ARTICLE_BYTES) -> Iterator[RawArticle | InputError]:
    named = {Path(item) for item in inputs}
    seen: set[Path] = set()
    for path in iter_paths(inputs):
        if path in seen:  # named twice, or named and inside a named directory
            continue
        seen.add(path)
        if path.suffix.lower() in TEXT_SUFFIXES:
            yield read_text_file(path, max_bytes)
        elif path in named:  # named on the command line: say why it is not read
            kind = path.suffix or "files without a suffix"
            yield InputError(str(path), "read", "unsupported_type", f"no reader for {kind}")
