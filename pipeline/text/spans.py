"""Span arithmetic shared by the extractors."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence


def overlaps_any(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Does [start, end) overlap one of `spans` (sorted by start, not overlapping each other)?

    Binary search: an article full of amounts checks each candidate in log time, not against
    every fact before it."""
    index = bisect_left(spans, (end, end))
    # Only the span starting last before `end` can overlap, since the spans do not overlap.
    return index > 0 and spans[index - 1][1] > start


class Covering:
    """Spans that may overlap or nest (the bodies named at every head), asked whether an
    offset lies strictly inside one of them: log time, not a scan of every span."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._reach: list[int] = []  # the furthest end of the spans up to each one
        for _, end in ordered:
            self._reach.append(max(end, self._reach[-1]) if self._reach else end)

    def strictly_inside(self, offset: int) -> bool:
        """Is start < offset < end for one of the spans?"""
        before = bisect_left(self._starts, offset)  # the spans that start before `offset`
        return before > 0 and self._reach[before - 1] > offset

    def contains(self, start: int, end: int) -> bool:
        """Does one of the spans hold [start, end) (its start <= start and end <= its end)?"""
        before = bisect_right(self._starts, start)  # the spans that start at or before `start`
        return before > 0 and self._reach[before - 1] >= end
