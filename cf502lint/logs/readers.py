"""Reading log inputs: gzip or not, W3C TSV with or without a header, JSON lines, Parquet.

The hot path never looks at a line that cannot be a 5xx: a regular expression finds the
status field's candidates in a whole block of lines, and only their lines are split. Line
counts and field counts are checked a block at a time (by counting newlines and delimiters),
and line by line only in a block where they disagree.
"""

from __future__ import annotations

import calendar
import json
import os
import re
import zlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain
from types import ModuleType
from typing import BinaryIO

from . import fields as f
from .aggregate import MAX_MALFORMED_SHOWN, Aggregate, Problem, Tally, Timeline
from .match import Router, Routes

PIECE = 1 << 20
"""Bytes read from an input at a time."""
MAX_CHUNK = 4 << 20
"""Bytes of decompressed text produced at a time, whatever the compression ratio."""
MAX_LINE = 1 << 20
"""A longer line is not a log record; it is reported and skipped."""
GZIP_MAGIC = b"\x1f\x8b"
PARQUET_MAGIC = b"PAR1"
DELIMITERS = (b"\t", b" ", b",", b"|", b";")
MAX_MISFITS = 100
"""Records that fit no delimiter before an input with named fields is given up."""

_LEGACY_NAME = re.compile(r"^(?P<id>[A-Z0-9]{5,})\.\d{4}-\d{2}-\d{2}-\d{2}\.")
_HIVE_ID = re.compile(r"(?:^|/)distributionid=(?P<id>[A-Za-z0-9]+)(?:/|$)", re.IGNORECASE)
_DATE = re.compile(rb"^(\d{4})-(\d\d)-(\d\d)(\d\d):(\d\d)$")
_JSON_STATUS = re.compile(rb'"sc[-_]?status"\s*:\s*"?5\d\d\b', re.IGNORECASE)

Progress = Callable[[int], None]
"""Called with the number of input bytes just read."""


def fastest_zlib() -> ModuleType:
    """python-isal's zlib when installed (``cf502lint[fast]``), else the standard one."""
    try:
        from isal import isal_zlib
    except ImportError:
        return zlib
    return isal_zlib


def distribution_of(path: str) -> str | None:
    """The distribution ID a log file's name gives: legacy names and Hive partitions."""
    legacy = _LEGACY_NAME.match(os.path.basename(path))
    if legacy:
        return legacy["id"]
    hive = _HIVE_ID.search(path.replace(os.sep, "/"))
    return hive["id"] if hive else None


@dataclass(frozen=True, slots=True)
class Task:
    """One input file for a reader, possibly in another process."""

    path: str
    layout: f.Layout | None
    """The fields of inputs without a ``#Fields`` header (``--fields``)."""
    routes: Routes | None
    bucket: int


def read_path(task: Task, progress: Progress | None = None) -> Aggregate:
    """Everything one file says; problems reading it are in the aggregate, never raised."""
    aggregate = Aggregate(timeline=Timeline(task.bucket), inputs=1)
    router = Router(task.routes, distribution_of(task.path))
    try:
        with open(task.path, "rb") as stream:
            if stream.read(4) == PARQUET_MAGIC:
                read_parquet(task.path, router, aggregate)
                return aggregate
            stream.seek(0)
            read_stream(stream, task.path, task.layout, router, aggregate, progress)
    except OSError as error:
        reason = f"cannot read it: {error.strerror or error}"
        aggregate.problem(Problem(task.path, None, reason, fatal=True))
    return aggregate


def read_stream(
    stream: BinaryIO,
    name: str,
    layout: f.Layout | None,
    router: Router,
    aggregate: Aggregate,
    progress: Progress | None = None,
) -> None:
    """Read one input, gzipped or not, into ``aggregate``."""

    def pieces() -> Iterator[bytes]:
        while piece := stream.read(PIECE):
            if progress is not None:
                progress(len(piece))
            yield piece

    text = Decoded(pieces(), name, aggregate, fastest_zlib())
    scanner: Scanner | None = None
    carry = b""
    skipping = False
    for chunk in text:
        start = 0
        if skipping or carry or scanner is None:
            newline = chunk.find(b"\n")
            if newline < 0:
                if not skipping:
                    carry += chunk
                    if len(carry) > MAX_LINE:
                        scanner = scanner or _scanner_for(carry, name, layout, router, aggregate)
                        scanner.skip_long_line()
                        carry, skipping = b"", True
                continue
            start = newline + 1
            if skipping:
                skipping = False
            else:
                head, carry = carry + chunk[:start], b""
                scanner = scanner or _scanner_for(head, name, layout, router, aggregate)
                scanner.feed(head, 0, len(head))
        assert scanner is not None
        end = chunk.rfind(b"\n") + 1
        if end > start:
            scanner.feed(chunk, start, end)
        carry = chunk[max(start, end) :]
    if scanner is None:
        if not carry.strip():
            aggregate.problem(Problem(name, None, "holds no log records"))
            return
        scanner = _scanner_for(carry, name, layout, router, aggregate)
    if carry:
        scanner.last_line(carry, text.truncated)
    scanner.close()


class Decoded:
    """The text of an input: gunzipped (every member, bounded output) when it is gzip.

    A damaged or truncated gzip stream ends the text where it broke; ``truncated`` says so.
    """

    def __init__(
        self, pieces: Iterator[bytes], name: str, aggregate: Aggregate, module: ModuleType
    ) -> None:
        self.pieces = pieces
        self.name = name
        self.aggregate = aggregate
        self.module = module
        self.truncated = False

    def __iter__(self) -> Iterator[bytes]:
        first = next(self.pieces, b"")
        while len(first) < 2:
            more = next(self.pieces, b"")
            if not more:
                break
            first += more
        if first[:2] != GZIP_MAGIC:
            if first:
                yield first
            yield from self.pieces
            return
        yield from self._inflate(first)

    def _inflate(self, first: bytes) -> Iterator[bytes]:
        module = self.module
        inflater = module.decompressobj(31)
        held = b""
        for piece in chain([first], self.pieces):
            piece, held = held + piece, b""
            while piece:
                if inflater.eof:
                    if len(piece) < len(GZIP_MAGIC):
                        held = piece
                        break
                    if piece[:2] != GZIP_MAGIC:
                        if piece.strip(b"\0"):
                            self._problem("data after the end of the gzip stream ignored")
                        return
                    inflater = module.decompressobj(31)
                try:
                    out = inflater.decompress(piece, MAX_CHUNK)
                except module.error as error:
                    self._broken(f"gzip data is damaged ({error})")
                    return
                if out:
                    yield out
                piece = inflater.unused_data if inflater.eof else inflater.unconsumed_tail
        if not inflater.eof:
            try:
                out = inflater.flush()
            except module.error as error:
                self._broken(f"gzip data is damaged ({error})")
                return
            if out:
                yield out
            if not inflater.eof:
                self._broken("the gzip stream ends early (a truncated file?)")
        elif held.strip(b"\0"):
            self._problem("data after the end of the gzip stream ignored")

    def _broken(self, reason: str) -> None:
        self.truncated = True
        self._problem(f"{reason}: kept the lines read before it")

    def _problem(self, message: str) -> None:
        self.aggregate.problem(Problem(self.name, None, message))


def _scanner_for(
    start: bytes,
    name: str,
    layout: f.Layout | None,
    router: Router,
    aggregate: Aggregate,
) -> Scanner:
    head = start.lstrip(b"\xef\xbb\xbf \t\r\n")
    counting = Counting(router, aggregate, name)
    if head.startswith(b"{"):
        return JsonScanner(counting)
    return TsvScanner(counting, layout or f.LEGACY, explicit=layout is not None)


class Counting:
    """What every scanner does with a 5xx record: route it and count it."""

    def __init__(self, router: Router, aggregate: Aggregate, name: str) -> None:
        self.router = router
        self.aggregate = aggregate
        self.name = name
        self.tally = Tally(aggregate)
        self.minutes: dict[bytes, int] = {}
        self.malformed_lines = 0

    def count(
        self,
        host: bytes,
        distribution_host: bytes,
        stem: bytes,
        logged: bytes,
        detailed: bytes,
        status: bytes,
        edge: bytes,
        minute: int,
    ) -> None:
        site, pattern, matched = self.router.route(host, distribution_host, stem, logged)
        if not matched:
            shown = host.decode("utf-8", "backslashreplace")
            unmatched = self.aggregate.unmatched_hosts
            unmatched[shown] = unmatched.get(shown, 0) + 1
        self.tally.add((site, host, pattern, detailed, status, edge, minute), stem)

    def minute(self, date: bytes, time: bytes) -> int | None:
        """Epoch seconds of the minute of ``date`` ``time``; None when unreadable."""
        key = date + time[:5]
        known = self.minutes.get(key)
        if known is None:
            parts = _DATE.match(key)
            if not parts or len(time) < 5:
                return None
            year, month, day, hour, minute = (int(p) for p in parts.groups())
            if not (1 <= month <= 12 and 1 <= day <= 31 and hour < 24 and minute < 60):
                return None
            known = calendar.timegm((year, month, day, hour, minute, 0, 0, 0, 0))
            if len(self.minutes) > 100_000:
                self.minutes.clear()
            self.minutes[key] = known
        return known

    def malformed(self, line: int | None, reason: str) -> None:
        self.aggregate.malformed += 1
        self.malformed_lines += 1
        if self.malformed_lines <= MAX_MALFORMED_SHOWN:
            self.aggregate.problem(Problem(self.name, line, reason))

    def close(self) -> None:
        self.tally.fold()
        hidden = self.malformed_lines - MAX_MALFORMED_SHOWN
        if hidden > 0:
            message = f"{hidden} more malformed lines were counted, not listed"
            self.aggregate.problem(Problem(self.name, None, message))


class Scanner(ABC):
    """Reads complete lines, a block at a time."""

    counting: Counting
    line: int
    """Lines read before the current block."""

    @abstractmethod
    def feed(self, buffer: bytes, start: int, end: int) -> None:
        """Read ``buffer[start:end]``: whole lines, each ending with a newline."""

    def last_line(self, tail: bytes, truncated: bool) -> None:
        """The input's last line, which has no newline."""
        if truncated:
            self.counting.malformed(self.line + 1, "cut off where the input breaks")
        else:
            line = tail + b"\n"
            self.feed(line, 0, len(line))

    def skip_long_line(self) -> None:
        self.counting.malformed(self.line + 1, f"longer than {MAX_LINE} bytes")
        self.line += 1

    def close(self) -> None:
        self.counting.close()


class TsvScanner(Scanner):
    """W3C extended log format: ``#Fields`` header lines, then delimited records."""

    def __init__(self, counting: Counting, layout: f.Layout, explicit: bool) -> None:
        self.counting = counting
        self.line = 0
        self.explicit = explicit
        self.layout: f.Layout = layout
        self.delimiter: bytes | None = None
        self.unusable: str | None = None
        self.candidates: re.Pattern[bytes] | None = None
        self.named = explicit
        """The fields are named (``#Fields`` or ``--fields``): a record that does not fit is
        malformed, up to ``MAX_MISFITS`` of them, rather than the input not a log."""
        self.misfits = 0

    def feed(self, buffer: bytes, start: int, end: int) -> None:
        lines = buffer.count(b"\n", start, end)
        layout, delimiter = self.layout, self.delimiter
        if (
            delimiter is None
            or buffer[start : start + 1] == b"#"
            or buffer.find(b"\n#", start, end) >= 0
        ):
            self._line_by_line(buffer[start:end])
        else:
            found = buffer.count(delimiter, start, end)
            width = layout.width
            if found == lines * (width - 1) or found == lines * width:
                self.counting.aggregate.lines += lines
                self._candidates(buffer, start, end)
            else:
                self._line_by_line(buffer[start:end])
        self.line += lines

    def _candidates(self, buffer: bytes, start: int, end: int) -> None:
        assert self.candidates is not None and self.delimiter is not None
        delimiter, before = self.delimiter, self.layout.status - 1
        after = start
        for match in self.candidates.finditer(buffer, start, end):
            at = match.start()
            if at < after:
                continue
            begin = buffer.rfind(b"\n", start, at) + 1 or start
            if before >= 0 and buffer.count(delimiter, begin, at) != before:
                continue
            after = buffer.find(b"\n", at, end)
            reason = self._record(buffer[begin:after])
            if reason is not None:
                self.counting.aggregate.lines -= 1
                number = self.line + buffer.count(b"\n", start, begin) + 1
                self.counting.malformed(number, reason)

    def _line_by_line(self, block: bytes) -> None:
        aggregate = self.counting.aggregate
        for offset, line in enumerate(block.split(b"\n")[:-1]):
            number = self.line + offset + 1
            if line.startswith(b"#"):
                self._directive(line, number)
                continue
            if not line.strip():
                continue
            if self.unusable is not None:
                continue
            if self.delimiter is None and not self._choose_delimiter(line, number):
                continue
            aggregate.lines += 1
            reason = self._shape(line)
            if reason is None and self.candidates is not None and self.candidates.search(line):
                reason = self._record(line)
            if reason is not None:
                aggregate.lines -= 1
                self.counting.malformed(number, reason)

    def _directive(self, line: bytes, number: int) -> None:
        text = line.decode("utf-8", "replace").strip()
        if not text.lower().startswith("#fields:"):
            return
        names = text[len("#fields:") :].split()
        layout = f.Layout.of(names)
        if layout is None:
            self.unusable = "its #Fields line names no sc-status field"
            problem = Problem(self.counting.name, number, self.unusable, fatal=True)
            self.counting.aggregate.problem(problem)
            return
        self.layout, self.delimiter, self.unusable = layout, None, None
        self.named = True

    def _choose_delimiter(self, line: bytes, number: int) -> bool:
        layout = self.layout
        width = layout.width
        for delimiter in DELIMITERS:
            if line.count(delimiter) in (width - 1, width):
                self.delimiter = delimiter
                self.candidates = _status_pattern(delimiter, layout)
                return True
        tabs = line.count(b"\t") + 1
        if self.named and self.misfits < MAX_MISFITS:
            self.misfits += 1
            self.counting.aggregate.lines += 1
            self.counting.malformed(number, f"has {tabs} fields, not {width}")
            self.counting.aggregate.lines -= 1
            return False
        if self.explicit:
            reason = f"its first record has {tabs} tab-separated fields, --fields names {width}"
        elif self.named:
            reason = f"no record of its first {MAX_MISFITS} splits into the {width} #Fields"
        else:
            reason = (
                "not a CloudFront standard log: its first record has "
                f"{tabs} tab-separated fields, not {width}, and there is no #Fields header "
                "(name the fields with --fields)"
            )
        self.unusable = reason
        self.counting.aggregate.problem(Problem(self.counting.name, number, reason, fatal=True))
        return False

    def _shape(self, line: bytes) -> str | None:
        assert self.delimiter is not None
        found = line.rstrip(b"\r").count(self.delimiter) + 1
        width = self.layout.width
        if found == width or (found == width + 1 and line.rstrip(b"\r").endswith(self.delimiter)):
            return None
        return f"has {found} fields, not {width}"

    def _record(self, line: bytes) -> str | None:
        """Count ``line`` if it is a 5xx record; why it is malformed, if it is."""
        layout, delimiter = self.layout, self.delimiter
        assert delimiter is not None
        values = line.rstrip(b"\r").split(delimiter)
        width = layout.width
        if len(values) != width and not (len(values) == width + 1 and not values[-1]):
            return f"has {len(values)} fields, not {width}"
        status = values[layout.status]
        if len(status) != 3 or status[0] != 0x35 or not status.isdigit():
            return None
        values.append(b"-")
        if layout.timestamp_ms >= 0:
            minute = _minute_of_ms(values[layout.timestamp_ms])
        elif layout.timed:
            minute = self.counting.minute(values[layout.date], values[layout.time])
        else:
            minute = -1
        if minute is None:
            return "has an unreadable date or time"
        detailed = layout.detailed if layout.detailed >= 0 else layout.result
        self.counting.count(
            values[layout.host],
            values[layout.distribution_host],
            values[layout.stem],
            values[layout.pattern],
            values[detailed],
            status,
            values[layout.edge],
            minute,
        )
        return None


def _status_pattern(delimiter: bytes, layout: f.Layout) -> re.Pattern[bytes]:
    """Where a 5xx status can be: its field with the delimiters around it."""
    d = re.escape(delimiter)
    before = b"^" if layout.status == 0 else d
    after = rb"(?:\r?$|" + d + b")" if layout.status == layout.width - 1 else d
    return re.compile(before + rb"5\d\d" + after, re.MULTILINE)


def _minute_of_ms(raw: bytes) -> int | None:
    try:
        milliseconds = int(raw)
    except ValueError:
        return None
    return milliseconds // 60_000 * 60 if milliseconds >= 0 else None


class JsonScanner(Scanner):
    """Standard logging (v2) JSON: one object per line, keyed by the field names."""

    def __init__(self, counting: Counting) -> None:
        self.counting = counting
        self.line = 0

    def feed(self, buffer: bytes, start: int, end: int) -> None:
        lines = buffer.count(b"\n", start, end)
        objects = buffer.count(b"\n{", start, end) + (buffer[start : start + 1] == b"{")
        if objects == lines:
            self.counting.aggregate.lines += lines
            after = start
            for match in _JSON_STATUS.finditer(buffer, start, end):
                at = match.start()
                if at < after:
                    continue
                begin = buffer.rfind(b"\n", start, at) + 1 or start
                after = buffer.find(b"\n", at, end)
                reason = self._record(buffer[begin:after])
                if reason is not None:
                    self.counting.aggregate.lines -= 1
                    number = self.line + buffer.count(b"\n", start, begin) + 1
                    self.counting.malformed(number, reason)
        else:
            self._line_by_line(buffer[start:end])
        self.line += lines

    def _line_by_line(self, block: bytes) -> None:
        aggregate = self.counting.aggregate
        for offset, line in enumerate(block.split(b"\n")[:-1]):
            if not line.strip():
                continue
            aggregate.lines += 1
            reason = None
            if not line.lstrip().startswith(b"{"):
                reason = "is not a JSON object"
            elif _JSON_STATUS.search(line):
                reason = self._record(line)
            if reason is not None:
                aggregate.lines -= 1
                self.counting.malformed(self.line + offset + 1, reason)

    def _record(self, line: bytes) -> str | None:
        try:
            record = json.loads(line)
        except ValueError:
            return "is not valid JSON"
        if not isinstance(record, dict):
            return "is not a JSON object"
        values = {f.field_key(str(k)): _raw(v) for k, v in record.items()}
        status = values.get(f.STATUS, b"")
        if len(status) != 3 or status[0] != 0x35 or not status.isdigit():
            return None
        return count_values(self.counting, values)


def count_values(counting: Counting, values: dict[str, bytes]) -> str | None:
    """Count a 5xx record given as field values; why it is malformed, if it is."""
    missing = b"-"
    if f.TIMESTAMP_MS in values:
        minute = _minute_of_ms(values[f.TIMESTAMP_MS])
    elif f.DATE in values and f.TIME in values:
        minute = counting.minute(values[f.DATE], values[f.TIME])
    else:
        minute = -1
    if minute is None:
        return "has an unreadable date or time"
    counting.count(
        values.get(f.HOST, missing),
        values.get(f.DISTRIBUTION_HOST, missing),
        values.get(f.STEM, missing),
        values.get(f.PATTERN, missing),
        values.get(f.DETAILED) or values.get(f.RESULT, missing),
        values[f.STATUS],
        values.get(f.EDGE, missing),
        minute,
    )
    return None


def _raw(value: object) -> bytes:
    if value is None:
        return b"-"
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8", "backslashreplace")


_PARQUET_FIELDS = (
    f.STATUS,
    f.DATE,
    f.TIME,
    f.TIMESTAMP_MS,
    f.EDGE,
    f.DISTRIBUTION_HOST,
    f.STEM,
    f.RESULT,
    f.HOST,
    f.DETAILED,
    f.PATTERN,
)


def read_parquet(path: str, router: Router, aggregate: Aggregate) -> None:
    """A v2 Parquet log (``cf502lint[parquet]``): only the columns read, only 5xx rows kept."""
    try:
        import pyarrow.compute as pc
        import pyarrow.parquet as pq
    except ImportError:
        message = "is Parquet, which needs pyarrow: pip install 'cf502lint[parquet]'"
        aggregate.problem(Problem(path, None, message, fatal=True))
        return
    counting = Counting(router, aggregate, path)
    try:
        table = pq.ParquetFile(path)
        columns = {f.field_key(n): n for n in table.schema_arrow.names}
        if f.STATUS not in columns:
            aggregate.problem(Problem(path, None, "has no sc-status column", fatal=True))
            return
        wanted = [columns[k] for k in _PARQUET_FIELDS if k in columns]
        row = 0
        for batch in table.iter_batches(columns=wanted, batch_size=65_536):
            status = pc.cast(batch.column(columns[f.STATUS]), "string")
            absent = pc.is_null(status)
            five = pc.and_(pc.starts_with(status, "5"), pc.equal(pc.utf8_length(status), 3))
            keep = pc.fill_null(five, False)
            missing = pc.indices_nonzero(absent).to_pylist()
            for offset in missing:
                counting.malformed(row + offset + 1, "has no sc-status")
            aggregate.lines += batch.num_rows - len(missing)
            rows = batch.filter(keep).to_pylist()
            for index, record in zip(pc.indices_nonzero(keep).to_pylist(), rows, strict=True):
                values = {f.field_key(k): _raw(v) for k, v in record.items()}
                reason = count_values(counting, values)
                if reason is not None:
                    aggregate.lines -= 1
                    counting.malformed(row + index + 1, reason)
            row += batch.num_rows
    except (OSError, ValueError) as error:
        reason = f"cannot read it as Parquet: {error}"
        aggregate.problem(Problem(path, None, reason, fatal=True))
    counting.close()
