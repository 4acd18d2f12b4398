"""One HTTP/1.1 request as CloudFront sends it, and the response read as strictly as
CloudFront needs it: status line, header block size, first byte in time, chunking, and
whether the connection may be reused (and for how long the origin keeps it)."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .connect import Channel
from .deadline import Deadline
from .observations import Exchange, HttpFailure
from .targets import HEADER_LIMIT

HEADER_READ_LIMIT = 256 * 1024
"""How much of an oversized header block is read to say how large it is."""
BODY_READ_LIMIT = 1024 * 1024
"""Past this much body the response is not read further (nor the connection reused)."""
USER_AGENT = "Amazon CloudFront"

_STATUS = re.compile(rb"HTTP/1\.([01]) ([0-9]{3})(?: [^\x00-\x08\x0a-\x1f\x7f]*)?")
_TOKEN = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_HEX = re.compile(rb"[0-9A-Fa-f]{1,16}")
_KEEP_ALIVE_TIMEOUT = re.compile(r"(?:^|,)\s*timeout\s*=\s*(\d+)", re.IGNORECASE)


def request(method: str, path: str, host: str, headers: Sequence[tuple[str, str]]) -> bytes:
    lines = [
        f"{method} {path} HTTP/1.1",
        f"Host: {host}",
        f"User-Agent: {USER_AGENT}",
        "Accept-Encoding: gzip",
        "Connection: keep-alive",
        *(f"{name}: {value}" for name, value in headers),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


class _Closed(Exception):
    """The origin closed the connection."""


class _Stalled(Exception):
    """No byte came within the read timeout."""


class _Bad(Exception):
    def __init__(self, failure: HttpFailure, detail: str) -> None:
        super().__init__(detail)
        self.failure, self.detail = failure, detail


@dataclass
class _Reader:
    channel: Channel
    timeout: float
    deadline: Deadline
    buffer: bytearray = field(default_factory=bytearray)
    first_byte_at: float | None = None

    def fill(self) -> None:
        try:
            data = self.channel.recv(self.deadline.cap(self.timeout))
        except TimeoutError:
            self.deadline.check()
            raise _Stalled from None
        except ConnectionResetError:
            raise _Closed from None
        if not data:
            raise _Closed
        if self.first_byte_at is None:
            self.first_byte_at = time.monotonic()
        self.buffer += data

    def take(self, size: int) -> bytes:
        while len(self.buffer) < size:
            self.fill()
        data = bytes(self.buffer[:size])
        del self.buffer[:size]
        return data

    def line(self, limit: int) -> bytes:
        while (end := self.buffer.find(b"\n")) < 0:
            if len(self.buffer) > limit:
                raise _Bad(HttpFailure.BAD_CHUNKING, f"a line longer than {limit} bytes")
            self.fill()
        return self.take(end + 1).rstrip(b"\r\n")


@dataclass(frozen=True)
class _Head:
    size: int
    minor: int
    status: int
    headers: list[tuple[str, str]]

    def values(self, name: str) -> list[str]:
        return [v for n, v in self.headers if n.lower() == name]

    def tokens(self, name: str) -> list[str]:
        return [t.strip().lower() for v in self.values(name) for t in v.split(",") if t.strip()]


def _head(reader: _Reader) -> _Head:
    while True:
        end = _header_end(reader.buffer)
        if end is not None:
            break
        if len(reader.buffer) > HEADER_READ_LIMIT:
            raise _Bad(HttpFailure.TOO_LARGE, f"more than {HEADER_READ_LIMIT:,} bytes")
        reader.fill()
    if end > HEADER_LIMIT:
        raise _Bad(HttpFailure.TOO_LARGE, f"{end:,} bytes")
    lines = reader.take(end).replace(b"\r\n", b"\n").split(b"\n")
    status = _STATUS.fullmatch(lines[0])
    if not status:
        raise _Bad(HttpFailure.MALFORMED, f"the status line is {_shown(lines[0])}")
    headers: list[tuple[str, str]] = []
    for line in lines[1:]:
        if not line:
            continue
        if line[:1] in (b" ", b"\t") and headers:
            name, value = headers.pop()
            headers.append((name, f"{value} {line.strip().decode('latin-1')}"))
            continue
        field_name, colon, field_value = line.partition(b":")
        if not colon or not _TOKEN.fullmatch(field_name):
            raise _Bad(
                HttpFailure.MALFORMED, f"the header line {_shown(line)} is not 'Name: value'"
            )
        headers.append((field_name.decode("ascii"), field_value.strip().decode("latin-1")))
    return _Head(end, int(status.group(1)), int(status.group(2)), headers)


def _header_end(buffer: bytearray) -> int | None:
    """The length of the head (through its blank line), once it has all arrived."""
    ends = [i + len(mark) for mark in (b"\r\n\r\n", b"\n\n") if (i := buffer.find(mark)) >= 0]
    return min(ends) if ends else None


def _shown(line: bytes) -> str:
    return repr(line[:60].decode("latin-1")) + ("..." if len(line) > 60 else "")


def _chunked(reader: _Reader) -> bool:
    """Read a chunked body; whether it was read to its end (not cut at the read limit)."""
    total = 0
    while True:
        line = reader.line(4096)
        size = line.split(b";", 1)[0].strip()
        if not _HEX.fullmatch(size):
            raise _Bad(
                HttpFailure.BAD_CHUNKING, f"the chunk size line {_shown(line)} is not hexadecimal"
            )
        length = int(size, 16)
        if length == 0:
            while reader.line(8192):
                pass  # trailer fields
            return True
        if total + length > BODY_READ_LIMIT:
            return False
        reader.take(length)
        ending = reader.take(2)
        if ending != b"\r\n" and not ending.startswith(b"\n"):
            raise _Bad(
                HttpFailure.BAD_CHUNKING,
                f"a chunk of {length} bytes is followed by {_shown(ending)}, not CRLF",
            )
        if ending.startswith(b"\n"):
            reader.buffer[:0] = ending[1:]
        total += length


def _body(reader: _Reader, head: _Head, method: str) -> bool:
    """Read the body; whether the connection is then ready for another request."""
    persistent = "close" not in head.tokens("connection") and (
        head.minor == 1 or "keep-alive" in head.tokens("connection")
    )
    if method == "HEAD" or head.status in (204, 304):
        return persistent
    codings = head.tokens("transfer-encoding")
    if codings:
        return _chunked(reader) and persistent if codings[-1] == "chunked" else False
    lengths = {v.strip() for v in head.values("content-length")}
    if len(lengths) > 1 or any(not v.isdigit() for v in lengths):
        raise _Bad(HttpFailure.MALFORMED, f"Content-Length is {', '.join(sorted(lengths))}")
    if not lengths:
        return False
    length = int(lengths.pop())
    if length > BODY_READ_LIMIT:
        return False
    reader.take(length)
    return persistent


def _keep_alive_timeout(head: _Head) -> int | None:
    for value in head.values("keep-alive"):
        if found := _KEEP_ALIVE_TIMEOUT.search(value):
            return int(found.group(1))
    return None


def exchange(
    channel: Channel,
    message: bytes,
    host: str,
    method: str,
    read_timeout: float,
    watch_idle: float,
    deadline: Deadline,
) -> Exchange:
    """Send ``message`` and read the response; then, if the connection may be reused, watch
    it idle for up to ``watch_idle`` seconds to see whether the origin closes it."""
    reader = _Reader(channel, read_timeout, deadline)
    try:
        channel.send(message, deadline.cap(read_timeout))
    except TimeoutError:
        deadline.check()
        return Exchange(
            host, failure=HttpFailure.NO_RESPONSE, detail="the request could not be sent"
        )
    except OSError as error:
        detail = f"the request could not be sent ({error.strerror or error})"
        return Exchange(host, failure=HttpFailure.NO_RESPONSE, detail=detail)
    sent = time.monotonic()
    head: _Head | None = None

    def seen(**fields: Any) -> Exchange:
        first = None if reader.first_byte_at is None else reader.first_byte_at - sent
        base = Exchange(
            host,
            status=head.status if head else None,
            header_bytes=head.size if head else None,
            first_byte=first,
        )
        return replace(base, **fields)

    try:
        head = _head(reader)
        while 100 <= head.status < 200:
            head = _head(reader)
        reusable = _body(reader, head, method)
    except _Bad as bad:
        return seen(failure=bad.failure, detail=bad.detail)
    except _Stalled:
        where = "the first byte" if reader.first_byte_at is None else "the next byte"
        detail = f"{where} did not come within {read_timeout:g}s"
        return seen(failure=HttpFailure.TIMED_OUT, detail=detail)
    except _Closed:
        if head is not None:
            return seen()
        where = (
            "before answering" if reader.first_byte_at is None else "in the middle of the header"
        )
        detail = f"the origin closed the connection {where}"
        return seen(failure=HttpFailure.NO_RESPONSE, detail=detail)
    keep_alive = _keep_alive_timeout(head)
    announced_shorter = keep_alive is not None and keep_alive <= watch_idle
    if not reusable or watch_idle <= 0 or announced_shorter:
        return seen(keep_alive_timeout=keep_alive, reusable=reusable)
    closed, watched = _watch_idle(channel, min(watch_idle, deadline.remaining()))
    return seen(
        keep_alive_timeout=keep_alive, reusable=True, idle_close=closed, idle_watched=watched
    )


def _watch_idle(channel: Channel, seconds: float) -> tuple[float | None, float]:
    """(when the origin closed the idle connection or None, how long it was watched)."""
    start = time.monotonic()
    while (left := seconds - (time.monotonic() - start)) > 0:
        try:
            data = channel.recv(left)
        except TimeoutError:
            break
        except OSError:
            return time.monotonic() - start, time.monotonic() - start
        if not data:
            return time.monotonic() - start, time.monotonic() - start
    return None, time.monotonic() - start
