"""What a probe saw, step by step: plain records that the checks judge."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..model import name_matches
from .der import Certificate
from .resolve import Resolution
from .targets import Endpoint, Target


class ConnectOutcome(StrEnum):
    CONNECTED = "connected"
    REFUSED = "refused"
    TIMED_OUT = "timed out"
    FAILED = "failed"
    """Any other error (no route, network unreachable): ``detail`` says which."""


@dataclass(frozen=True, slots=True)
class Connect:
    address: str
    outcome: ConnectOutcome
    attempts: int
    detail: str = ""


class TlsFailure(StrEnum):
    PROTOCOL = "protocol"
    """No protocol version or cipher in common."""
    VERIFY = "verify"
    """The certificate chain did not verify: ``verify_code`` says why."""
    CLOSED = "closed"
    """The origin closed (or reset) the connection during the handshake."""
    NOT_TLS = "not tls"
    """The origin answered in plain HTTP."""
    TIMED_OUT = "timed out"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Handshake:
    server_name: str
    offered: tuple[str, ...]
    """The protocol versions offered (the origin's list, as far as OpenSSL here can)."""
    version: str | None = None
    """The version agreed on."""
    failure: TlsFailure | None = None
    detail: str = ""
    verify_code: int | None = None
    chain: tuple[Certificate, ...] = ()
    """The certificates the origin sent, in its order."""
    chain_error: str = ""
    """Why the certificates sent could not be read, if they could not."""
    fallback: str | None = None
    """After a protocol failure: the version and cipher agreed on when offered everything
    OpenSSL here supports, or None when that failed too."""

    def covers(self) -> bool | None:
        """Whether the origin's certificate names the server name; None when unknown."""
        if not self.chain:
            return None
        return any(name_matches(n, self.server_name) for n in self.chain[0].names)


class HttpFailure(StrEnum):
    NO_RESPONSE = "no response"
    """The connection closed (or was reset) before a complete response header."""
    MALFORMED = "malformed"
    TOO_LARGE = "too large"
    TIMED_OUT = "timed out"
    """No first byte (or no next byte) within the origin's read timeout."""
    BAD_CHUNKING = "bad chunking"


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request and what came back."""

    host: str
    status: int | None = None
    failure: HttpFailure | None = None
    detail: str = ""
    header_bytes: int | None = None
    """Size of the status line and headers, up to the blank line."""
    first_byte: float | None = None
    """Seconds from the request to the first byte of the response."""
    keep_alive_timeout: int | None = None
    """``Keep-Alive: timeout=N`` in the response."""
    reusable: bool = False
    """The connection could carry another request (persistent, response read in full)."""
    idle_close: float | None = None
    """Seconds after the response at which the origin closed the idle connection."""
    idle_watched: float = 0.0
    """How long the idle connection was watched."""


@dataclass(frozen=True, slots=True)
class Attempt:
    """Connecting to one endpoint with one Host name."""

    name: str
    handshake: Handshake | None = None
    """None over plain HTTP, or when TLS could not be tried."""
    exchange: Exchange | None = None
    connect_error: str = ""
    """Why a further connection for this name failed, when it did."""


@dataclass(frozen=True, slots=True)
class PortProbe:
    endpoint: Endpoint
    connects: tuple[Connect, ...]
    """Every address tried, each with the origin's connection attempts."""
    attempts: tuple[Attempt, ...] = ()


@dataclass(frozen=True, slots=True)
class Refused:
    address: str
    reason: str


@dataclass(frozen=True, slots=True)
class Observation:
    target: Target
    resolution: Resolution | None = None
    refused: tuple[Refused, ...] = ()
    """Addresses the probe would not connect to (see ``safety``)."""
    ports: tuple[PortProbe, ...] = ()
    unfinished: str = ""
    """Why the probe stopped before it was done (the overall timeout); empty when it was."""
    notes: tuple[str, ...] = ()
    """What could not be probed here, for the run's notices."""
