"""TCP: every address of an origin at once, each with the origin's connection timeout and
attempts, and the channel that HTTP is spoken over."""

from __future__ import annotations

import errno
import os
import selectors
import socket
import time
from collections.abc import Sequence
from typing import Protocol

from .deadline import Deadline
from .observations import Connect, ConnectOutcome

RECEIVE_SIZE = 65536


class Channel(Protocol):
    """A connection that bytes go over: plain TCP, or TLS on top of it."""

    def send(self, data: bytes, timeout: float) -> None: ...

    def recv(self, timeout: float) -> bytes:
        """Some bytes, or b"" once the peer has closed; TimeoutError if none came in time."""
        ...

    def close(self) -> None: ...


class PlainChannel:
    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock

    def send(self, data: bytes, timeout: float) -> None:
        self.sock.settimeout(timeout)
        self.sock.sendall(data)

    def recv(self, timeout: float) -> bytes:
        self.sock.settimeout(timeout)
        return self.sock.recv(RECEIVE_SIZE)

    def close(self) -> None:
        self.sock.close()


def _outcome(code: int | None) -> tuple[ConnectOutcome, str]:
    if code is None:
        return ConnectOutcome.TIMED_OUT, ""
    if code == errno.ECONNREFUSED:
        return ConnectOutcome.REFUSED, ""
    return ConnectOutcome.FAILED, os.strerror(code)


def connect_all(
    addresses: Sequence[str], port: int, timeout: float, attempts: int, deadline: Deadline
) -> tuple[tuple[Connect, ...], socket.socket | None, str | None]:
    """Connect to ``port`` on every address, in parallel.

    Returns what happened to each address, and the socket and address of the first that
    connected (the others are closed). Raises OutOfTime when the deadline comes first.
    """
    results: dict[str, Connect] = {}
    selector = selectors.DefaultSelector()
    winner: tuple[socket.socket, str] | None = None

    def start(address: str, attempt: int) -> None:
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setblocking(False)
        code = sock.connect_ex((address, port))
        if code in (0, errno.EINPROGRESS, errno.EAGAIN):
            selector.register(sock, selectors.EVENT_WRITE, (address, attempt, time.monotonic()))
        else:
            sock.close()
            failed(address, attempt, code)

    def failed(address: str, attempt: int, code: int | None) -> None:
        if attempt < attempts:
            start(address, attempt + 1)
        else:
            outcome, detail = _outcome(code)
            results[address] = Connect(address, outcome, attempt, detail)

    try:
        for address in addresses:
            start(address, 1)
        while selector.get_map():
            keys = list(selector.get_map().values())
            due = min(started for _, _, started in (k.data for k in keys)) + timeout
            wait = deadline.cap(max(0.0, due - time.monotonic()))
            for key, _ in selector.select(wait):
                sock: socket.socket = key.fileobj  # type: ignore[assignment]
                address, attempt, _started = key.data
                selector.unregister(sock)
                code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if code:
                    sock.close()
                    failed(address, attempt, code)
                    continue
                results[address] = Connect(address, ConnectOutcome.CONNECTED, attempt)
                if winner is None:
                    sock.setblocking(True)
                    winner = (sock, address)
                else:
                    sock.close()
            now = time.monotonic()
            for key in list(selector.get_map().values()):
                address, attempt, started = key.data
                if now - started >= timeout:
                    selector.unregister(key.fileobj)
                    key.fileobj.close()  # type: ignore[union-attr]
                    failed(address, attempt, None)
    except BaseException:
        if winner is not None:
            winner[0].close()
        raise
    finally:
        for key in list(selector.get_map().values()):
            key.fileobj.close()  # type: ignore[union-attr]
        selector.close()
    connects = tuple(results[a] for a in addresses)
    if winner is None:
        return connects, None, None
    return connects, winner[0], winner[1]
