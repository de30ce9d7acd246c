"""Zip and tar archives, read member by member in memory: nothing is ever unpacked to disk."""

from __future__ import annotations

import io
import tarfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import PurePosixPath
from typing import BinaryIO

from pipeline.ingest.base import RATIO_MIN_BYTES, InputError, Item, LimitedReader, ReadOptions, printable_name

# dispatch(name, stream, source, depth) -> items; passed in to avoid a circular import
Dispatch = Callable[[str, BinaryIO, str, int], Iterator[Item]]


def unsafe_name(name: str) -> bool:
    """Absolute paths and `..` parts: harmless to us (we never write), but a sign of a hostile archive."""
    path = PurePosixPath(name.replace("\\", "/"))
    return path.is_absolute() or ".." in path.parts or (len(name) > 1 and name[1] == ":")


def refusal(where: str, name: str, size: int, options: ReadOptions, compressed: int | None = None) -> InputError | None:
    """Why an archive member is refused before it is read: a name that leaves the archive, a
    declared size over the limit, or (when the compressed size is known) a zip-bomb ratio."""
    if unsafe_name(name):
        return InputError(where, "archive", "UnsafeMemberName", "member name leaves the archive; refused")
    if size > options.max_member_bytes:
        return InputError(
            where, "archive", "TooLarge", f"{size} bytes, over the {options.max_member_bytes} limit; refused"
        )
    ratio = size / max(compressed or 1, 1)
    if compressed is not None and size > RATIO_MIN_BYTES and ratio > options.max_ratio:
        return InputError(
            where,
            "archive",
            "CompressionRatio",
            f"compression ratio {ratio:.0f} over the {options.max_ratio} limit; refused",
        )
    return None


def iter_zip(stream: BinaryIO, source: str, options: ReadOptions, dispatch: Dispatch, depth: int) -> Iterator[Item]:
    with zipfile.ZipFile(stream) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            where = f"{source}!{info.filename}"
            refused = refusal(where, info.filename, info.file_size, options, compressed=info.compress_size)
            if refused:
                yield refused
                continue
            try:  # an encrypted member (or a damaged header) is that member's error, not the archive's
                opened = archive.open(info)
            except Exception as exc:
                yield InputError(where, "archive", type(exc).__name__, str(exc))
                continue
            # The declared size can lie, so the limit is enforced again on the bytes read.
            member = io.BufferedReader(LimitedReader(opened, options.max_member_bytes))
            yield from dispatch(info.filename, member, where, depth + 1)


def iter_tar(stream: BinaryIO, source: str, options: ReadOptions, dispatch: Dispatch, depth: int) -> Iterator[Item]:
    # "r|": a forward-only stream, so a .tar.gz is decompressed once, as it is read.
    with tarfile.open(fileobj=stream, mode="r|") as archive:
        for info in archive:
            if not info.isfile():
                continue  # links, devices and directories carry no articles
            where = f"{source}!{printable_name(info.name)}"  # a name with a non-UTF-8 byte stays storable
            refused = refusal(where, info.name, info.size, options)
            if refused:
                yield refused
                continue
            member = archive.extractfile(info)
            if member is not None:
                yield from dispatch(info.name, member, where, depth + 1)
