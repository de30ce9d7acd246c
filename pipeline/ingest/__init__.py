"""Reading inputs: files, directories and archives of articles, yielded one at a time (streaming).

`iter_articles` yields a `RawArticle` per article and an `InputError` for each input, member,
record, row or line that cannot be read, and never raises for bad input; `-` is standard input. Formats are detected by
content (gzip, zip, tar and WARC magic) and by extension; see `detect`. One module per format.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from pipeline.errors import InputError
from pipeline.ingest.base import (
    MAX_DEPTH,
    Item,
    RawArticle,
    ReadOptions,
    TooLarge,
    _decode,
    error,
    printable_name,
    read_limited,
    storable,
)
from pipeline.ingest.limits import nonblocking, read_bounded

__all__ = [
    "InputError",
    "Item",
    "RawArticle",
    "ReadOptions",
    "TooLarge",
    "_decode",
    "detect",
    "iter_articles",
    "iter_paths",
    "read_stream",
]

EXTENSIONS = {
    ".txt": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".parquet": "parquet",
    ".zip": "zip",
    ".tar": "tar",
    ".tgz": "gzip",
    ".warc": "warc",
    ".gz": "gzip",
}


def detect(name: str, head: bytes) -> str | None:
    """The format of an input from its first bytes, then its extension; None when unknown.

    Magic bytes win (a .zip saved as .dat is still read), then the extension, then a
    look at the text for extension-less files.
    """
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head[257:262] == b"ustar":
        return "tar"
    if head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(b"PAR1"):
        return "parquet"
    kind = EXTENSIONS.get(Path(name).suffix.lower())
    if kind in ("text", "html", "jsonl", "json", "csv", "tsv"):
        return kind
    if Path(name).suffix:
        return None  # .png, a .zip that is not a zip, a .parquet without its magic...: not ours
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:64].lower()
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return "html"
    if start.startswith(b"["):
        return "json"
    if start.startswith(b"{"):
        return "jsonl"
    return None


def _inner_name(name: str) -> str:
    """The name of what a gzip holds: a.jsonl.gz -> a.jsonl, a.tgz -> a.tar."""
    lower = name.lower()
    if lower.endswith(".tgz"):
        return name[:-4] + ".tar"
    return name[:-3] if lower.endswith(".gz") else name


def _peek(stream: BinaryIO, size: int = 512) -> tuple[bytes, BinaryIO]:
    """The first bytes of a stream, and a stream that still starts at them."""
    if not isinstance(stream, io.BufferedReader):
        stream = io.BufferedReader(stream)  # type: ignore[arg-type]
    head = stream.peek(size)[:size]
    if len(head) < size:  # peek returns at most one buffer; top it up for tar's magic at 257
        head = stream.peek(size)[:size]
    return head, stream


def _guard(items: Iterator[Item], source: str, stage: str) -> Iterator[Item]:
    """Pass items through; if the reader fails (truncated gzip, corrupt zip, undecodable text...)
    yield an error record and stop."""
    try:
        yield from items
    except Exception as exc:  # bad input must become an error record, never end the run
        yield error(source, stage, exc)


def read_stream(
    name: str, stream: BinaryIO, source: str, options: ReadOptions, depth: int = 0, named: bool = False
) -> Iterator[Item]:
    """Every article in one input stream, whatever its format. `named`: the user named it explicitly,
    so an unknown format is reported rather than skipped."""
    if depth > MAX_DEPTH:
        yield InputError(source, "archive", "TooDeep", f"archives nested more than {MAX_DEPTH} deep; refused")
        return
    try:
        head, stream = _peek(stream)  # reads: a damaged zip member fails here (bad CRC), as that member's error
    except Exception as exc:
        yield error(source, "read", exc)
        return
    kind = detect(name, head)
    if kind is None:
        if named:  # named on the command line: say why it is not read
            message = "not a text, HTML, JSON(L), CSV, Parquet, zip, tar or WARC input"
            yield InputError(source, "read", "unsupported_type", message)
        return
    yield from _guard(_read_kind(kind, name, stream, source, options, depth), source, kind)


def _read_kind(kind: str, name: str, stream: BinaryIO, source: str, options: ReadOptions, depth: int) -> Iterator[Item]:
    from pipeline.ingest import archives, records, tables
    from pipeline.ingest.html import read_html
    from pipeline.ingest.text import read_text
    from pipeline.ingest.warc import iter_warc

    def dispatch(member: str, member_stream: BinaryIO, where: str, level: int) -> Iterator[Item]:
        return read_stream(member, member_stream, where, options, level)

    limit = options.max_member_bytes
    if kind == "gzip":
        yield from _read_gzip(name, stream, source, options, depth)
    elif kind == "zip":
        if not stream.seekable() or depth > 0:
            stream = io.BytesIO(read_limited(stream, limit))  # zip needs seeking: bounded copy in memory
        yield from archives.iter_zip(stream, source, options, dispatch, depth)
    elif kind == "tar":
        yield from archives.iter_tar(stream, source, options, dispatch, depth)
    elif kind == "warc":
        yield from iter_warc(stream, source, options)
    elif kind == "jsonl":
        yield from records.iter_jsonl(stream, source, options)
    elif kind == "json":
        yield from records.iter_json(read_limited(stream, limit), source, options)
    elif kind in ("csv", "tsv"):
        yield from tables.iter_csv(stream, source, options, delimiter="," if kind == "csv" else "\t")
    elif kind == "parquet":
        yield from tables.iter_parquet(stream, source, options)
    elif kind == "html":
        yield read_html(read_limited(stream, min(limit, options.max_article_bytes)), source, defer=options.defer_html)
    else:
        yield read_text(read_limited(stream, min(limit, options.max_article_bytes)), source)


def _read_gzip(name: str, stream: BinaryIO, source: str, options: ReadOptions, depth: int) -> Iterator[Item]:
    """What a gzip holds. Everything decoded before a cut or trailing garbage is used; then the problem
    is reported for the whole file. A single document (text, page, JSON) that was cut is refused, not stored cut."""
    from pipeline.ingest.gzipped import GzipReader
    from pipeline.ingest.warc import iter_warc

    reader = GzipReader(stream)
    inner_head, inner_stream = _peek(reader)  # type: ignore[arg-type]
    if inner_head.startswith(b"WARC/"):
        items = iter_warc(inner_stream, source, options)
    else:
        items = read_stream(_inner_name(name), inner_stream, source, options, depth, named=True)
    single = not inner_head.startswith(b"WARC/") and detect(_inner_name(name), inner_head) in ("text", "html", "json")
    held: list[Item] = []  # a single document whole; of a stream, one item behind the reading
    try:
        for item in items:
            if held and not single:
                yield held.pop()
            held.append(item)
    except Exception:
        if reader.problem is None:
            raise
    if reader.problem is None:
        yield from held
        return
    if not single:  # the cut record's own error gives way to the file's; a whole last record is kept
        yield from (item for item in held if isinstance(item, RawArticle))
    raise reader.problem


def iter_paths(inputs: list[str], problems: list[InputError] | None = None) -> Iterator[tuple[Path, bool]]:
    """(file, named explicitly) for files named and files below directories named, in a stable order.
    A directory that cannot be listed is skipped, with an error appended to `problems`."""

    def unreadable(exc: OSError) -> None:
        if problems is not None:
            problems.append(error(printable_name(str(exc.filename or "")), "read", exc))

    from pipeline.ingest.stdin import STDIN, STDIN_PATH

    stdin_named = False
    for item in inputs:
        if item == STDIN:  # "-" (a file named "-" is "./-"): yielded, once, as the one STDIN_PATH object
            if not stdin_named:
                yield STDIN_PATH, True
            stdin_named = True
            continue
        path = Path(item)
        if path.is_dir():
            for root, dirs, files in os.walk(path, onerror=unreadable):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for file in sorted(files):
                    if not file.startswith("."):
                        yield Path(root) / file, False
        else:
            yield path, True


def iter_articles(inputs: list[str], options: ReadOptions | None = None) -> Iterator[RawArticle | InputError]:
    """Every article below the inputs, one at a time; unreadable parts come out as InputError.
    Every string of what comes out is valid Unicode (see `storable`)."""
    for item in _iter_articles(inputs, options or ReadOptions()):
        yield storable(item)


def _iter_articles(inputs: list[str], options: ReadOptions) -> Iterator[Item]:
    from pipeline.ingest.stdin import SOURCE, STDIN_PATH, read_stdin

    seen: set[tuple[int, int]] = set()
    problems: list[InputError] = []
    for path, named in iter_paths(inputs, problems):
        yield from problems
        problems.clear()
        if path is STDIN_PATH:  # "-": no file to look at
            yield from _guard(read_stdin(options), SOURCE, "read")
            continue
        source = str(path)
        try:
            status = path.stat()
        except OSError as exc:
            yield error(source, "read", exc)
            continue
        # The same file however it is spelled (relative, absolute, through a link): read once.
        identity = (status.st_dev, status.st_ino)
        if identity in seen:
            continue
        seen.add(identity)
        if not stat.S_ISREG(status.st_mode):
            # A FIFO or device would block or never end: only regular files are read.
            yield InputError(
                source,
                "read",
                "not_a_regular_file",
                f"a {_file_kind(status.st_mode)}, not a regular file; not read",
                severity="error" if named else "warning",
            )
            continue
        if EXTENSIONS.get(path.suffix.lower()) in ("text", "html"):
            # One article per file: refuse an oversized one by its size, without reading it.
            try:
                data = read_bounded(path, options.max_article_bytes)
            except Exception as exc:
                yield error(source, "read", exc)
                continue
            yield from _guard(read_stream(path.name, io.BytesIO(data), source, options, named=named), source, "read")
            continue
        try:
            stream = open(path, "rb", opener=nonblocking)
        except OSError as exc:
            yield error(source, "read", exc)
            continue
        with stream:
            yield from _guard(read_stream(path.name, stream, source, options, named=named), source, "read")
    yield from problems


def _file_kind(mode: int) -> str:
    kinds = {
        stat.S_ISFIFO: "FIFO",
        stat.S_ISSOCK: "socket",
        stat.S_ISCHR: "character device",
        stat.S_ISBLK: "block device",
    }
    return next((name for test, name in kinds.items() if test(mode)), "special file")
