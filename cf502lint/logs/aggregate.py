"""Counting 5xx responses: a hot tally per reader, merged into a bounded aggregate."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

OTHER = "(other)"
"""What a key becomes once its dimension holds ``MAX_GROUPS`` others."""

MAX_GROUPS = 20_000
MAX_SAMPLES = 3
MAX_PROBLEMS = 200
MAX_MALFORMED_SHOWN = 20
"""Malformed lines listed by line number for each input; the others are counted."""
TALLY_LIMIT = 100_000
"""Distinct keys a tally holds before it folds them into its aggregate."""

BUCKETS = (60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400, 7 * 86_400)
"""Timeline bucket sizes in seconds; the timeline moves to the next once it has too many."""
MAX_BUCKETS = 2_000


@dataclass(frozen=True, slots=True)
class GroupKey:
    site: str
    """The distribution: from the infrastructure code, else its ID or domain name."""
    host: str
    """What viewers asked for (``x-host-header``)."""
    pattern: str
    """The cache behaviour's path pattern, or the path's first segment when not known."""
    detailed: str
    status: str


@dataclass(slots=True)
class Group:
    count: int = 0
    first: int = -1
    """Epoch seconds of the first error's minute; -1 when the records carry no time."""
    last: int = -1

    def add(self, count: int, first: int, last: int) -> None:
        self.count += count
        if first >= 0 and (self.first < 0 or first < self.first):
            self.first = first
        self.last = max(self.last, last)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with an input: a malformed line, a truncated file."""

    source: str
    line: int | None
    message: str
    fatal: bool = False
    """The input could not be read at all."""


@dataclass(slots=True)
class Timeline:
    """5xx counts by detailed result type and time bucket, coarser as the span grows."""

    bucket: int = BUCKETS[0]
    counts: dict[tuple[str, int], int] = field(default_factory=dict)

    def add(self, detailed: str, when: int, count: int) -> None:
        key = (detailed, when - when % self.bucket)
        self.counts[key] = self.counts.get(key, 0) + count
        if len(self.counts) > MAX_BUCKETS and self._starts() > MAX_BUCKETS:
            self._coarsen(self._next_size())

    def merge(self, other: Timeline) -> None:
        if other.bucket > self.bucket:
            self._coarsen(other.bucket)
        for (detailed, when), count in other.counts.items():
            self.add(detailed, when, count)

    def _starts(self) -> int:
        return len({when for _, when in self.counts})

    def _next_size(self) -> int:
        larger = [size for size in BUCKETS if size > self.bucket]
        return larger[0] if larger else self.bucket * 2

    def _coarsen(self, size: int) -> None:
        old, self.counts, self.bucket = self.counts, {}, size
        for (detailed, when), count in old.items():
            key = (detailed, when - when % size)
            self.counts[key] = self.counts.get(key, 0) + count


@dataclass(slots=True)
class Aggregate:
    """Everything a run learns from the logs; merging two is adding them up."""

    groups: dict[GroupKey, Group] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], int] = field(default_factory=dict)
    """5xx by (site, detailed result type, edge location)."""
    timeline: Timeline = field(default_factory=Timeline)
    samples: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)
    """A few request paths for each (site, host, pattern)."""
    inputs: int = 0
    lines: int = 0
    """Records read (excluding headers, blank and malformed lines)."""
    errors: int = 0
    """5xx records."""
    malformed: int = 0
    problems: list[Problem] = field(default_factory=list)
    problems_left_off: int = 0
    unreadable: int = 0
    """Inputs (or parts of one) that could not be read at all: fatal problems."""
    unmatched_hosts: dict[str, int] = field(default_factory=dict)
    """Hosts that no distribution of the infrastructure code serves, with their 5xx."""

    def add_group(self, key: GroupKey, count: int, first: int, last: int) -> None:
        group = self.groups.get(key)
        if group is None:
            if len(self.groups) >= MAX_GROUPS:
                key = GroupKey(key.site, OTHER, OTHER, key.detailed, key.status)
            group = self.groups.setdefault(key, Group())
        group.add(count, first, last)

    def add_edge(self, key: tuple[str, str, str], count: int) -> None:
        if key not in self.edges and len(self.edges) >= MAX_GROUPS:
            key = (key[0], key[1], OTHER)
        self.edges[key] = self.edges.get(key, 0) + count

    def add_samples(self, key: tuple[str, str, str], paths: list[str]) -> None:
        if key not in self.samples and len(self.samples) >= MAX_GROUPS:
            return
        kept = self.samples.setdefault(key, [])
        for path in paths:
            if len(kept) < MAX_SAMPLES and path not in kept:
                kept.append(path)

    def problem(self, problem: Problem) -> None:
        self.unreadable += problem.fatal
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)
        else:
            self.problems_left_off += 1

    def merge(self, other: Aggregate) -> None:
        for key, group in other.groups.items():
            self.add_group(key, group.count, group.first, group.last)
        for edge, count in other.edges.items():
            self.add_edge(edge, count)
        self.timeline.merge(other.timeline)
        for sample, paths in other.samples.items():
            self.add_samples(sample, paths)
        self.inputs += other.inputs
        self.lines += other.lines
        self.errors += other.errors
        self.malformed += other.malformed
        for problem in other.problems:
            self.problem(problem)
            self.unreadable -= problem.fatal
        self.unreadable += other.unreadable
        self.problems_left_off += other.problems_left_off
        for host, count in other.unmatched_hosts.items():
            self.unmatched_hosts[host] = self.unmatched_hosts.get(host, 0) + count

    def by(self, *dimensions: str) -> list[tuple[tuple[str, ...], Group]]:
        """Groups summed over every dimension but ``dimensions``, largest first."""
        summed: dict[tuple[str, ...], Group] = {}
        for key, group in self.groups.items():
            sub = tuple(getattr(key, d) for d in dimensions)
            summed.setdefault(sub, Group()).add(group.count, group.first, group.last)
        return sorted(summed.items(), key=lambda item: (-item[1].count, item[0]))


RawKey = tuple[str, bytes, str, bytes, bytes, bytes, int]
"""(site, host, pattern, detailed, status, edge, minute) as a reader sees them."""


@dataclass(slots=True)
class Tally:
    """The counts of one reader, keyed by raw bytes: the cheapest thing to do per line."""

    into: Aggregate
    counts: dict[RawKey, int] = field(default_factory=dict)
    samples: dict[tuple[str, bytes, str], list[bytes]] = field(default_factory=dict)

    def add(self, key: RawKey, stem: bytes) -> None:
        counts = self.counts
        counts[key] = counts.get(key, 0) + 1
        where = (key[0], key[1], key[2])
        kept = self.samples.get(where)
        if kept is None:
            self.samples[where] = [stem]
        elif len(kept) < MAX_SAMPLES and stem not in kept:
            kept.append(stem)
        if len(counts) > TALLY_LIMIT:
            self.fold()

    def fold(self) -> None:
        """Move the counts into the aggregate, decoded."""
        into = self.into
        for (site, host, pattern, detailed, status, edge, minute), count in self.counts.items():
            detailed_text = _text(detailed)
            into.add_group(
                GroupKey(site, _text(host), pattern, detailed_text, _text(status)),
                count,
                minute,
                minute,
            )
            into.add_edge((site, detailed_text, _text(edge)), count)
            if minute >= 0:
                into.timeline.add(detailed_text, minute, count)
            into.errors += count
        for (site, host, pattern), stems in self.samples.items():
            into.add_samples((site, _text(host), pattern), [_text(s) for s in stems])
        self.counts.clear()
        self.samples.clear()


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "backslashreplace") or "-"


def bucket_starts(timeline: Timeline) -> Iterator[int]:
    """Every bucket from the first to the last with an error, empty ones included."""
    starts = [when for _, when in timeline.counts]
    if not starts:
        return
    yield from range(min(starts), max(starts) + 1, timeline.bucket)
