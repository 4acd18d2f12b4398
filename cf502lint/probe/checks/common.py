"""What the checks share: where a finding goes, and walking an observation."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Problem
from ..observations import Attempt, Exchange, Handshake, Observation
from ..targets import Endpoint


def problem(seen: Observation, message: str) -> Problem:
    """A problem of the observed origin, located at the origin in its source file."""
    origin = seen.target.origin
    return Problem(f"{seen.target.label}: {message}", origin.span, origin.id)


def where(seen: Observation, endpoint: Endpoint, attempt: Attempt | None = None) -> str:
    """``HTTPS port 443``, and ``with Host www.example.com`` when the Host sent is not the
    origin's own name."""
    said = f"{endpoint.scheme.upper()} port {endpoint.port}"
    if attempt is not None and attempt.name != seen.target.domain:
        said += f" with Host {attempt.name}"
    return said


def attempts(seen: Observation) -> Iterator[tuple[Endpoint, Attempt]]:
    for port in seen.ports:
        for attempt in port.attempts:
            yield port.endpoint, attempt


def handshakes(seen: Observation) -> Iterator[tuple[Endpoint, Attempt, Handshake]]:
    for endpoint, attempt in attempts(seen):
        if attempt.handshake is not None:
            yield endpoint, attempt, attempt.handshake


def exchanges(seen: Observation) -> Iterator[tuple[Endpoint, Attempt, Exchange]]:
    for endpoint, attempt in attempts(seen):
        if attempt.exchange is not None:
            yield endpoint, attempt, attempt.exchange
