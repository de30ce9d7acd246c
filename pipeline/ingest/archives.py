"""Zip and tar archives, read member by member in memory: nothing is ever unpacked to disk."""

from __future__ import annotations

import io
import tarfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import PurePosixPath
from typing import BinaryIO

from pipeline.ingest.base import RATIO_MIN_BYTES, InputError, Item, LimitedReader, ReadOptions

# dispatch(name, stream, source, depth) -> items; passed in to avoid a circular import
Dispatch = Callable[[str, BinaryIO, str, int], Iterator[Item]]


def unsafe_name(name: str) -> bool:
    """Absolute paths and `..` parts: harmless to us (we never write), but a sign of a hostile archive."""
    path = PurePosixPath(name.replace("\\", "/"))
    return path.is_absolute() or ".." in path.parts or (len(name) > 1 and name[1] == ":")


def iter_zip(stream: BinaryIO, source: str, options: ReadOptions, dispatch: Dispatch, depth: int) -> Iterator[Item]:
    with zipfile.ZipFile(stream) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            where = f"{source}!{info.filename}"
            if unsafe_name(info.filename):
                yield InputError(where, "archive", "UnsafeMemberName", "member name leaves the archive; refused")
                continue
            if info.file_size > options.max_member_bytes:
                yield InputError(
                    where,
                    "archive",
                    "TooLarge",
                    f"{info.file_size} bytes uncompressed, over the {options.max_member_bytes} limit; refused",
                )
                continue
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > RATIO_MIN_BYTES and ratio > options.max_ratio:
                yield InputError(
                    where,
                    "archive",
                    "CompressionRatio",
                    f"compression ratio {ratio:.0f} over the {options.max_ratio} limit; refused",
                )
                continue
            # The declared size can lie, so the limit is enforced again on the bytes read.
            member = io.BufferedReader(LimitedReader(archive.open(info), options.max_member_bytes))
            yield from dispatch(info.filename, member, where, depth + 1)


def iter_tar(stream: BinaryIO, source: str, options: ReadOptions, dispatch: Dispatch, depth: int) -> Iterator[Item]:
    # "r|": a forward-only stream, so a .tar.gz is decompressed once, as it is read.
    with tarfile.open(fileobj=stream, mode="r|") as archive:
        for info in archive:
            if not info.isfile():
                continue  # links, devices and directories carry no articles
            where = f"{source}!{info.name}"
            if unsafe_name(info.name):
                yield InputError(where, "archive", "UnsafeMemberName", "member name leaves the archive; refused")
                continue
            if info.size > options.max_member_bytes:
                yield InputError(
                    where,
                    "archive",
                    "TooLarge",
                    f"{info.size} bytes, over the {options.max_member_bytes} limit; refused",
                )
                continue
            member = archive.extractfile(info)
            if member is not None:
                yield from dispatch(info.name, member, where, depth + 1)
