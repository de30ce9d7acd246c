"""Span arithmetic shared by the extractors."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence


def overlaps_any(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Does [start, end) overlap one of `spans` (sorted by start, not overlapping each other)?

    Binary search: an article full of amounts checks each candidate in log time, not against
    every fact before it."""
    index = bisect_left(spans, (end, end))
    # Only the span starting last before `end` can overlap, since the spans do not overlap.
    return index > 0 and spans[index - 1][1] > start
