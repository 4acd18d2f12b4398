"""What to probe: each custom origin whose name is known, on the ports and with the Host
names CloudFront would use, read from the same model the rules read."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Distribution, Document, Notice, Origin, OriginConfig
from ..source.quote import quoted

DEFAULT_CONNECTION_TIMEOUT = 10
DEFAULT_CONNECTION_ATTEMPTS = 3
DEFAULT_READ_TIMEOUT = 30
DEFAULT_KEEPALIVE_TIMEOUT = 5
_HOST = re.compile(r"(?!-)[A-Za-z0-9_-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9_-]{1,63}(?<!-))*\.?")
HEADER_LIMIT = 20_480
"""CloudFront's quota on an origin response's status line and headers, in bytes."""


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One port CloudFront may connect to, and the Host names it sends there."""

    scheme: str
    """``http`` or ``https``."""
    port: int
    names: tuple[str, ...]
    """Host header values (and, over HTTPS, the TLS server names): the origin's domain name,
    or the distribution's aliases when a behaviour forwards the viewer's Host."""


@dataclass(frozen=True, slots=True)
class Target:
    """One origin of one distribution, as CloudFront connects to it."""

    distribution: Distribution
    origin: Origin
    domain: str
    endpoints: tuple[Endpoint, ...]
    ssl_protocols: tuple[str, ...]
    connection_timeout: int
    connection_attempts: int
    read_timeout: int
    keepalive_timeout: int

    @property
    def label(self) -> str:
        return f"{self.origin.label} ({self.domain})"


@dataclass(frozen=True, slots=True)
class Plan:
    targets: tuple[Target, ...]
    notices: tuple[Notice, ...]
    """Origins that cannot be probed in full, and why."""


def plan(documents: Iterable[Document]) -> Plan:
    targets: dict[Target, None] = {}
    notices: dict[Notice, None] = {}
    for document in documents:
        for dist in document.distributions:
            for origin in dist.origins:
                target, said = _target(dist, origin)
                notices.update(dict.fromkeys(said))
                if target is not None:
                    targets[target] = None
    return Plan(tuple(targets), tuple(notices))


def _notice(origin: Origin, message: str) -> Notice:
    return Notice(origin.span.path, origin.span.line, f"{origin.label}: {message}")


def _target(dist: Distribution, origin: Origin) -> tuple[Target | None, list[Notice]]:
    if origin.config is not OriginConfig.CUSTOM:
        return None, []
    if origin.domain_name is None:
        shown = f" ({origin.domain_pattern})" if origin.domain_pattern else ""
        return None, [_notice(origin, f"its domain name{shown} is not known here; not probed")]
    if not host_name(origin.domain_name):
        message = f"its domain name {quoted(origin.domain_name)} is not a host name; not probed"
        return None, [_notice(origin, message)]
    notices: list[Notice] = []
    unknown = [
        name
        for name, value in (
            ("OriginProtocolPolicy", origin.protocol_policy),
            ("HTTPPort", origin.http_port if dist.sends_http(origin) else 0),
            ("HTTPSPort", origin.https_port if dist.sends_https(origin) else 0),
        )
        if value is None
    ]
    if unknown:
        message = f"{' and '.join(unknown)} not known here; not probed"
        return None, [_notice(origin, message)]
    names, said = _names(dist, origin, origin.domain_name)
    notices.extend(_notice(origin, message) for message in said)
    endpoints = []
    if dist.sends_http(origin) and origin.http_port is not None:
        endpoints.append(Endpoint("http", origin.http_port, names))
    if dist.sends_https(origin) and origin.https_port is not None:
        endpoints.append(Endpoint("https", origin.https_port, names))
    settings = {
        "ConnectionTimeout": (origin.connection_timeout, DEFAULT_CONNECTION_TIMEOUT),
        "ConnectionAttempts": (origin.connection_attempts, DEFAULT_CONNECTION_ATTEMPTS),
        "OriginReadTimeout": (origin.read_timeout, DEFAULT_READ_TIMEOUT),
        "OriginKeepaliveTimeout": (origin.keepalive_timeout, DEFAULT_KEEPALIVE_TIMEOUT),
    }
    for setting, (value, default) in settings.items():
        if value is None:
            notices.append(_notice(origin, f"{setting} is not known here; probed with {default}"))
    values = {
        key: default if value is None else value for key, (value, default) in settings.items()
    }
    target = Target(
        distribution=dist,
        origin=origin,
        domain=origin.domain_name,
        endpoints=tuple(endpoints),
        ssl_protocols=origin.ssl_protocols or (),
        connection_timeout=values["ConnectionTimeout"],
        connection_attempts=values["ConnectionAttempts"],
        read_timeout=values["OriginReadTimeout"],
        keepalive_timeout=values["OriginKeepaliveTimeout"],
    )
    if dist.sends_https(origin) and origin.ssl_protocols is None:
        notices.append(_notice(origin, "OriginSSLProtocols is not known here; TLS not probed"))
    return target, notices


def host_name(name: str) -> bool:
    """Whether ``name`` is a DNS host name (or an IP address) that can be looked up and sent."""
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return len(name) <= 253 and bool(_HOST.fullmatch(name))
    return True


def _names(dist: Distribution, origin: Origin, domain: str) -> tuple[tuple[str, ...], list[str]]:
    """The Host names CloudFront sends to ``origin``, and what cannot be probed."""
    behaviors = list(dist.behaviors_for(origin))
    names: list[str] = []
    said: list[str] = []
    if not behaviors or any(b.forwards_host is not True for b in behaviors):
        names.append(domain)
    if any(b.forwards_host is True for b in behaviors):
        if dist.aliases == ():
            said.append(
                "a behaviour forwards the viewer's Host, which is the distribution's own "
                "*.cloudfront.net name: that name is not known here, so it is not probed"
            )
        elif dist.aliases is None or None in dist.aliases:
            said.append("a behaviour forwards the viewer's Host, and some aliases are not known")
        for alias in dist.aliases or ():
            if alias is None:
                continue
            if "*" in alias:
                said.append(f"alias {alias} is a wildcard: no Host to send for it")
            elif not host_name(alias):
                said.append(f"alias {quoted(alias)} is not a host name; not probed")
            else:
                names.append(alias)
    return tuple(dict.fromkeys(names)), said
