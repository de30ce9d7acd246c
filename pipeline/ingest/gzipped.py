"""Gzip streams that hand over every byte they could decode before reporting what went wrong.

`gzip.GzipFile` raises in the middle of a read when the data is cut or followed by garbage, and
a buffered reader above it drops the bytes of that read: complete records decoded just before the
problem were lost, and warcio takes an EOFError for the end of the archive (a cut .warc.gz was
read as a shorter, complete one). Here the stream ends cleanly instead, and `problem` says why, for
the caller to report once it has used what was decoded.
"""

from __future__ import annotations

import io
import zlib
from typing import BinaryIO

from pipeline.ingest.base import InputProblem

_MAGIC = b"\x1f\x8b"
_READ = 64 * 1024


class Truncated(InputProblem):
    error_type = "truncated"


class TrailingGarbage(InputProblem):
    error_type = "trailing_garbage"


class GzipReader(io.RawIOBase):
    """Decompresses one gzip stream (of any number of members, zero padding allowed), lazily."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._input = b""  # compressed bytes read but not yet given to zlib
        self._in_member = False  # a member started and its end marker not yet seen
        self._done = False
        self._out = b""  # decoded, not yet handed over
        self.problem: InputProblem | None = None
        self.decoded = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        while not self._out and not self._done:
            self._out = self._next(len(buffer))
        data, self._out = self._out[: len(buffer)], self._out[len(buffer) :]
        buffer[: len(data)] = data
        self.decoded += len(data)
        return len(data)

    def _next(self, size: int) -> bytes:
        if not self._input:
            self._input = self._stream.read(_READ)
            if not self._input:
                return self._end()
        if not self._in_member:
            self._input = self._input.lstrip(b"\x00")  # padding between or after members is allowed
            if not self._input:
                return b""
            if len(self._input) < len(_MAGIC):
                self._input += self._stream.read(_READ)
            if not self._input.startswith(_MAGIC):
                return self._fail(TrailingGarbage(self._where("is followed by data that is not gzip; ignored")))
            self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
            self._in_member = True
        try:
            # Bounded output per call: a small, highly compressed input must not inflate all at once.
            data = self._inflate.decompress(self._input, max(size, _READ))
        except zlib.error as error:
            return self._fail(Truncated(self._where(f"is damaged ({error})")))
        self._input = self._inflate.unconsumed_tail
        if self._inflate.eof:
            self._in_member = False
            self._input = self._inflate.unused_data + self._input
        return data

    def _end(self) -> bytes:
        if self._in_member:
            self._in_member = False
            rest = self._inflate.flush()  # what zlib can still give of the cut member
            self._fail(Truncated(self._where("ends before its end marker (a cut download or copy?)")))
            return rest
        self._done = True
        return b""

    def _fail(self, problem: InputProblem) -> bytes:
        self.problem = problem
        self._done = True
        return b""

    def _where(self, what: str) -> str:
        return f"the compressed data {what}; the {self.decoded} bytes decoded before it were read"
