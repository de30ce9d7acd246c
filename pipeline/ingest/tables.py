"""CSV, TSV and Parquet, as scrapers and dataset hubs write them: one article per row.

Columns are found under the same names as JSON fields (ReadOptions, `--text-field` ...), and
rows are streamed: CSV through Python's csv module over a text stream (quoted multi-line
cells, a BOM), Parquet through pyarrow a batch of rows at a time. A bad row is an error record
for that row (`dump.csv:17`, the line where the row starts; `part-0.parquet[42]`, the row
index) and the rest of the table is still read.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from pipeline.ingest.base import (
    InputError,
    Item,
    RawArticle,
    ReadOptions,
    TooLarge,
    _decode,
    error,
    read_limited,
)
from pipeline.ingest.records import to_article
from pipeline.text.decode import DecodeError

# Rows per Parquet batch: a few MB of articles in memory at a time, whatever the file's size.
PARQUET_BATCH_ROWS = 256
# pyarrow reads a column chunk through a buffer of this size instead of whole: a large row
# group of long texts is not held in memory at once.
PARQUET_BUFFER_BYTES = 1 << 20

_TEXT_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _encoding(head: bytes) -> str:
    """UTF-16/32 when a BOM says so (Excel's "Unicode text" export), else UTF-8 with or without BOM;
    bytes that are not UTF-8 survive as surrogates and are decoded cell by cell (`_clean`)."""
    for bom, codec in _TEXT_BOMS:
        if head.startswith(bom):
            return codec
    return "utf-8-sig"


def _to_bytes(text: str) -> bytes:
    try:
        return text.encode("utf-8", "surrogateescape")  # the file's own bytes back
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")  # invalid UTF-8: _decode repairs or refuses it


def _repair(value: str | None, source: str) -> str | None:
    """A title, URL or date cell as valid text: undecodable bytes decoded like a file's, else replaced."""
    if value is None or value.isascii():
        return value
    try:
        value.encode("utf-8")
        return value  # the common case: nothing to repair
    except UnicodeEncodeError:
        pass
    try:
        return _decode(_to_bytes(value), source)
    except DecodeError:
        return _to_bytes(value).decode("utf-8", "replace")


def _clean(item: Item) -> Item:
    """The text of a row decoded as a file's text is (Windows-1258 bytes, TCVN3/VNI fonts, BOMs:
    pipeline.text.decode), so a row gives the same article, and warnings, as the same text in a .txt."""
    if not isinstance(item, RawArticle):
        return item
    try:
        item.text = _decode(_to_bytes(item.text), item.source, item.warnings)
    except DecodeError as exc:
        return error(item.source, "decode", exc)
    item.title, item.url, item.date = (_repair(value, item.source) for value in (item.title, item.url, item.date))
    return item


def _no_text_column(source: str, columns: Iterable[str], options: ReadOptions) -> InputError | None:
    """One error for the whole table, rather than one per row, when no column can hold the text."""
    present = set(columns)
    if any(name in present or name.split(".")[0] in present for name in options.text_fields):
        return None
    return InputError(
        source,
        "read",
        "NoTextColumn",
        f"no column named {', '.join(options.text_fields)}; name the text column with --text-field",
    )


def _lines(stream: io.TextIOBase, limit: int) -> Iterator[str]:
    """Physical lines, each bounded: one endless line must not take all memory."""
    for number, line in enumerate(iter(functools.partial(stream.readline, limit + 1), ""), start=1):
        if len(line) > limit:
            raise TooLarge(f"line {number} is longer than {limit} characters")
        yield line


def _raise_field_limit(limit: int) -> None:
    """csv's default cell limit (128 KiB) is below an article's: raise it (process-wide) to the
    per-line bound, so that a cell over the article limit is read and refused as too_large by the
    runner (one error, the rows after it intact) instead of breaking the parse mid-row."""
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)


def iter_csv(stream: BinaryIO, source: str, options: ReadOptions, delimiter: str = ",") -> Iterator[Item]:
    """Rows of a CSV or TSV with a header row, streamed; `source:N` names the line where a row starts."""
    limit = max(options.max_member_bytes, options.max_article_bytes)
    _raise_field_limit(limit)
    head = stream.peek(4)[:4] if hasattr(stream, "peek") else b""
    text = io.TextIOWrapper(stream, encoding=_encoding(head), errors="surrogateescape", newline="")
    try:
        # strict: a stray quote is an error for its row, not a cell silently glued to the next ones
        reader = csv.reader(_lines(text, limit), delimiter=delimiter, strict=True)
        header: list[str] | None = None
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield InputError(f"{source}:{start}", "record", "CSVError", str(exc))
                continue
            if not any(row):
                continue  # blank lines (a cell of spaces is a row without text, reported as such)
            if header is None:
                header = [cell.strip().lstrip("\ufeff") for cell in row]
                missing = _no_text_column(source, header, options)
                if missing:
                    yield missing
                    return
                continue
            where = f"{source}:{start}"
            if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
                message = f"{len(row)} cells, the header has {len(header)} (an unquoted delimiter in a cell?)"
                yield InputError(where, "record", "WrongFieldCount", message)
                continue
            # Missing trailing cells are absent fields, as in a JSON record without them.
            yield _clean(to_article(dict(zip(header, row, strict=False)), where, options))
    finally:
        text.detach()  # the caller owns the byte stream (standard input, an archive member)


def _columns(names: list[str], options: ReadOptions) -> list[str]:
    """The top-level columns worth reading: those a field name starts with (`meta` for `meta.url`)."""
    wanted = (*options.text_fields, *options.title_fields, *options.url_fields, *options.date_fields)
    present = set(names)
    keep = {name for name in wanted if name in present} | {
        name.split(".")[0] for name in wanted if name.split(".")[0] in present
    }
    return [name for name in names if name in keep]


def iter_parquet(stream: BinaryIO, source: str, options: ReadOptions) -> Iterator[Item]:
    """Rows of a Parquet file, a batch at a time, only the columns that can hold a field;
    `source[N]` names the row. A row group that cannot be read is one error; the next is still read."""
    import pyarrow.parquet as pq  # imported lazily, as the other optional formats are

    # Parquet needs seeking: a file on disk is read in place; an archive member, a gzip or a pipe
    # (whose seeks would be missing or re-decompress) is copied into memory, bounded like a zip.
    if not (isinstance(getattr(stream, "raw", stream), io.FileIO) and stream.seekable()):
        stream = io.BytesIO(read_limited(stream, options.max_member_bytes))
    table = pq.ParquetFile(stream, buffer_size=PARQUET_BUFFER_BYTES)
    names = table.schema_arrow.names
    missing = _no_text_column(source, names, options)
    if missing:
        yield missing
        return
    columns = _columns(names, options)
    first = 0
    for group in range(table.num_row_groups):
        rows = table.metadata.row_group(group).num_rows
        index = first
        try:
            for batch in table.iter_batches(
                batch_size=PARQUET_BATCH_ROWS, row_groups=[group], columns=columns, use_threads=False
            ):
                for record in batch.to_pylist():
                    yield _clean(to_article(record, f"{source}[{index}]", options))
                    index += 1
        except Exception as exc:  # a corrupt row group loses its rows only
            message = f"row group {group} (rows {first}-{first + rows - 1}): {exc}"
            yield InputError(f"{source}[{index}]", "parquet", type(exc).__name__, message)
        first += rows
