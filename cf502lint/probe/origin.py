"""Probing one origin: resolve, refuse what must not be reached, connect to every port,
then per Host name a TLS handshake (HTTPS) and one request. Each step runs only if
CloudFront would get that far."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass, field, replace

from .connect import Channel, PlainChannel, connect_all
from .deadline import Deadline, OutOfTime
from .http import exchange, request
from .observations import (
    Attempt,
    Handshake,
    Observation,
    PortProbe,
    Refused,
    TlsFailure,
)
from .resolve import Outcome, Resolution, Resolver
from .safety import refusal
from .targets import Endpoint, Target
from .tls import fallback, handshake, offerable

DNS_TIMEOUT = 5.0
MAX_ADDRESSES = 8
"""Addresses of one name that are connected to; a longer answer is cut here."""


@dataclass(frozen=True, slots=True)
class Options:
    """How the probe reaches origins: what it asks, trusts, refuses and sends."""

    resolver: Resolver
    ca_file: str
    """The CA bundle certificates must chain to (certifi's, as CloudFront trusts Mozilla's)."""
    allow_private: bool = False
    method: str = "GET"
    path: str = "/"
    headers: tuple[tuple[str, str], ...] = ()
    watch_idle: bool = True
    """Watch each reusable connection for the origin's keep-alive timeout after a response."""


@dataclass
class _Progress:
    """What one probe has seen so far, kept when the deadline cuts it short."""

    target: Target
    resolution: Resolution | None = None
    refused: tuple[Refused, ...] = ()
    ports: list[PortProbe] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def observation(self, unfinished: str = "") -> Observation:
        return Observation(
            self.target,
            self.resolution,
            self.refused,
            tuple(self.ports),
            unfinished,
            tuple(dict.fromkeys(self.notes)),
        )


def probe(target: Target, options: Options, deadline: Deadline) -> Observation:
    seen = _Progress(target)
    try:
        _probe(seen, options, deadline)
    except OutOfTime:
        return seen.observation("the probe did not finish within --timeout")
    except Exception as error:  # a probe bug: this origin is named, the others still probed
        message = (
            f"internal error while probing it ({type(error).__name__}: {error}); please report it"
        )
        return seen.observation(message)
    return seen.observation()


def _resolve(target: Target, options: Options, deadline: Deadline) -> Resolution:
    try:
        return Resolution(
            target.domain, Outcome.ADDRESSES, (str(ipaddress.ip_address(target.domain)),)
        )
    except ValueError:
        pass
    found = options.resolver.resolve(target.domain, deadline.cap(DNS_TIMEOUT))
    if found.outcome is Outcome.UNANSWERED:
        deadline.check()
    return found


def _probe(seen: _Progress, options: Options, deadline: Deadline) -> None:
    target = seen.target
    deadline.cap(1)
    seen.resolution = _resolve(target, options, deadline)
    if seen.resolution.outcome is not Outcome.ADDRESSES:
        return
    addresses = list(dict.fromkeys(seen.resolution.addresses))
    reasons = {a: refusal(a, options.allow_private) for a in addresses}
    seen.refused = tuple(Refused(a, r) for a, r in reasons.items() if r)
    allowed = [a for a in addresses if not reasons[a]]
    ipv4 = [a for a in allowed if ":" not in a]
    chosen = (ipv4 or allowed)[:MAX_ADDRESSES]
    if not chosen:
        return
    for endpoint in target.endpoints:
        seen.ports.append(_port(seen, endpoint, chosen, options, deadline))


def _reconnect(
    target: Target, address: str, port: int, deadline: Deadline
) -> tuple[socket.socket | None, str]:
    """A further connection to an address that accepted one; else None and what happened."""
    (connect,), sock, _ = connect_all(
        [address], port, target.connection_timeout, target.connection_attempts, deadline
    )
    return sock, f"{address}: {connect.outcome}"


def _port(
    seen: _Progress, endpoint: Endpoint, addresses: list[str], options: Options, deadline: Deadline
) -> PortProbe:
    target = seen.target
    connects, sock, address = connect_all(
        addresses, endpoint.port, target.connection_timeout, target.connection_attempts, deadline
    )
    if sock is None or address is None:
        return PortProbe(endpoint, connects)
    attempts: list[Attempt] = []
    offered, unavailable = offerable(target.ssl_protocols)
    if endpoint.scheme == "https" and not offered:
        sock.close()
        if unavailable:
            seen.notes.append(
                f"OriginSSLProtocols lists only {', '.join(unavailable)}, which OpenSSL here "
                "cannot offer: TLS on this origin was not probed"
            )
        return PortProbe(endpoint, connects)
    spare: socket.socket | None = sock
    for name in endpoint.names:
        current, spare = spare, None
        if current is None:
            current, problem = _reconnect(target, address, endpoint.port, deadline)
            if current is None:
                attempts.append(Attempt(name, connect_error=problem))
                continue
        attempts.append(
            _attempt(target, endpoint, name, current, address, offered, options, deadline)
        )
    return PortProbe(endpoint, connects, tuple(attempts))


def _attempt(
    target: Target,
    endpoint: Endpoint,
    name: str,
    sock: socket.socket,
    address: str,
    offered: tuple[str, ...],
    options: Options,
    deadline: Deadline,
) -> Attempt:
    channel: Channel | None = PlainChannel(sock)
    shaken: Handshake | None = None
    try:
        if endpoint.scheme == "https":
            channel, shaken = handshake(
                sock, name, offered, options.ca_file, target.read_timeout, deadline
            )
            if shaken.failure is TlsFailure.PROTOCOL and shaken.version is None:
                shaken = replace(
                    shaken, fallback=_fallback(target, endpoint, name, address, deadline)
                )
            if channel is None or shaken.covers() is False:
                return Attempt(name, shaken)
        assert channel is not None
        message = request(options.method, options.path, name, options.headers)
        watch = target.keepalive_timeout if options.watch_idle else 0
        found = exchange(
            channel, message, name, options.method, target.read_timeout, watch, deadline
        )
        return Attempt(name, shaken, found)
    finally:
        sock.close()


def _fallback(
    target: Target, endpoint: Endpoint, name: str, address: str, deadline: Deadline
) -> str | None:
    sock, _ = _reconnect(target, address, endpoint.port, deadline)
    if sock is None:
        return None
    try:
        return fallback(sock, name, target.read_timeout, deadline)
    finally:
        sock.close()
