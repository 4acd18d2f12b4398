"""Resolving an origin's name the way CloudFront does: public DNS, no search domains, no
hosts file, and every step of a CNAME chain kept so a dangling one can be named.

dnspython rather than ``getaddrinfo``: the C resolver reads ``/etc/hosts`` and search
domains (which CloudFront never sees), cannot be given a timeout, and answers "no such
name" alike for NXDOMAIN, a name without addresses and a CNAME to nowhere.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import dns.message
    import dns.name

MAX_CHAIN = 16


class Outcome(StrEnum):
    ADDRESSES = "addresses"
    NXDOMAIN = "nxdomain"
    """The name (or the end of its CNAME chain) does not exist."""
    NODATA = "nodata"
    """The name exists but has no A or AAAA record."""
    FAILED = "failed"
    """The DNS servers answered with an error (SERVFAIL, REFUSED)."""
    UNANSWERED = "unanswered"
    """No DNS server answered: nothing is known about the name."""


@dataclass(frozen=True, slots=True)
class Resolution:
    name: str
    outcome: Outcome
    addresses: tuple[str, ...] = ()
    """IPv4 addresses first, then IPv6, as the DNS answered them."""
    cnames: tuple[str, ...] = ()
    """The names the CNAME chain led to, in order (the last one is where it ends)."""
    detail: str = ""


class Resolver(Protocol):
    def resolve(self, name: str, timeout: float) -> Resolution:
        """Look ``name`` up within ``timeout`` seconds."""
        ...


class ResolverUnavailable(Exception):
    """There is no DNS server to ask."""


class DnsResolver:
    """Asks the given DNS servers, else the system's (``/etc/resolv.conf``)."""

    def __init__(self, nameservers: Sequence[tuple[str, int]] = ()) -> None:
        import dns.nameserver
        import dns.resolver

        if nameservers:
            self._resolver = dns.resolver.Resolver(configure=False)
            self._resolver.nameservers = [
                dns.nameserver.Do53Nameserver(host, port) for host, port in nameservers
            ]
        else:
            try:
                self._resolver = dns.resolver.Resolver()
            except dns.resolver.NoResolverConfiguration as error:
                raise ResolverUnavailable(
                    f"no DNS server is configured ({error}); name one with --nameserver"
                ) from None

    def resolve(self, name: str, timeout: float) -> Resolution:
        import dns.exception
        import dns.name
        import dns.resolver

        qname = dns.name.from_text(name)
        end = time.monotonic() + timeout
        addresses: list[str] = []
        cnames: tuple[str, ...] = ()
        for rdtype in ("A", "AAAA"):
            try:
                answer = self._resolver.resolve(
                    qname,
                    rdtype,
                    search=False,
                    raise_on_no_answer=False,
                    lifetime=max(0.01, end - time.monotonic()),
                )
            except dns.resolver.NXDOMAIN as error:
                response = error.kwargs["responses"].get(qname)
                chain = _chain(response, qname) if response is not None else ()
                return Resolution(name, Outcome.NXDOMAIN, cnames=chain)
            except dns.resolver.NoNameservers as error:
                return _failure(name, error)
            except dns.exception.Timeout:
                detail = f"no DNS server answered within {timeout:g}s"
                return Resolution(name, Outcome.UNANSWERED, detail=detail)
            except dns.exception.DNSException as error:
                return Resolution(name, Outcome.UNANSWERED, detail=str(error))
            cnames = cnames or _chain(answer.response, qname)
            addresses.extend(str(r) for r in answer.rrset or ())
        if not addresses:
            return Resolution(name, Outcome.NODATA, cnames=cnames)
        return Resolution(name, Outcome.ADDRESSES, tuple(addresses), cnames)


def _chain(response: dns.message.Message, qname: dns.name.Name) -> tuple[str, ...]:
    import dns.rdataclass
    import dns.rdatatype

    names: list[str] = []
    current = qname
    while len(names) < MAX_CHAIN:
        found = response.get_rrset(response.answer, current, dns.rdataclass.IN, dns.rdatatype.CNAME)
        if not found:
            break
        current = found[0].target
        names.append(current.to_text(omit_final_dot=True))
    return tuple(names)


def _failure(name: str, error: Exception) -> Resolution:
    """What the servers said when none gave an answer: an error code, or nothing at all."""
    errors = getattr(error, "kwargs", {}).get("errors") or []
    codes = sorted(
        {problem for _server, _tcp, _port, problem, *_ in errors if isinstance(problem, str)}
    )
    if codes:
        return Resolution(name, Outcome.FAILED, detail=" and ".join(codes))
    said = sorted({f"{server}: {problem}" for server, _tcp, _port, problem, *_ in errors})
    return Resolution(name, Outcome.UNANSWERED, detail="; ".join(said) or str(error))
