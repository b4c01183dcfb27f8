"""Overlap tests between character spans in logarithmic time (a document can hold tens of thousands of mentions)."""
from __future__ import annotations

import bisect
from itertools import accumulate


class Spans:
    """A fixed set of (start, end) spans, which may overlap each other."""

    def __init__(self, spans=()):
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._max_end = list(accumulate((e for _, e in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        return self.covering_end(start, end) is not None

    def covering_end(self, start: int, end: int) -> int | None:
        """The largest end of the spans that overlap [start, end), if any does."""
        i = bisect.bisect_left(self._starts, end)  # the spans that start before `end`
        return self._max_end[i - 1] if i > 0 and self._max_end[i - 1] > start else None


class DisjointSpans:
    """Spans added one at a time, none overlapping another (callers add only what `overlaps` let through)."""

    def __init__(self):
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end)
        return i > 0 and self._ends[i - 1] > start

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)

    def covering_end(self, start: int, end: int) -> int | None:
        """The end of the span that overlaps [start, end), if one does."""
        i = bisect.bisect_left(self._starts, end)
        return self._ends[i - 1] if i > 0 and self._ends[i - 1] > start else None
