"""CFP2xx: TCP connections to the origin's ports."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Problem, Severity
from ...rule import rule
from ..observations import Connect, ConnectOutcome, Observation
from .common import problem, where


def _said(connect: Connect, timeout: int) -> str:
    tries = f"{connect.attempts} attempt{'s' * (connect.attempts != 1)}"
    if connect.outcome is ConnectOutcome.REFUSED:
        return f"{connect.address} refused the connection ({tries}: nothing listens there)"
    if connect.outcome is ConnectOutcome.TIMED_OUT:
        return f"{connect.address} did not accept within {timeout}s ({tries})"
    return f"{connect.address}: {connect.detail} ({tries})"


@rule("CFP201", "origin-port-unreachable", Severity.ERROR)
def origin_port_unreachable(seen: Observation) -> Iterator[Problem]:
    """No address of the origin accepts a connection on a port CloudFront uses.

    ## What it does
    Connects to every address of the origin (IPv4 ones when there are any, as CloudFront
    connects over IPv4 by default) on each port the configuration makes CloudFront use: the
    HTTPS port for `https-only` and `match-viewer`, the HTTP port for `http-only` and for
    `match-viewer` behind an `allow-all` behaviour. Each address gets the origin's
    `ConnectionAttempts`, each waiting `ConnectionTimeout` seconds. Reports a port that no
    address accepts, saying whether it refused (nothing listens) or did not answer
    (a firewall drops the packets).

    The probe runs from where you run it, not from CloudFront: an origin that admits only
    CloudFront's addresses (the `com.amazonaws.global.cloudfront.origin-facing` prefix
    list) refuses the probe too. Run the probe from a host the origin admits, or ignore
    this check for such origins.

    ## Why does this cause 502s?
    When the port refuses connections, CloudFront answers 502 ("the origin is not
    responding on the configured ports"); when connections time out it tries
    `ConnectionAttempts` times and answers 504.

    ## Example
    ```text
    site.yaml:14:13: CFP201 [error] origin 'api' (api.example.com): HTTPS port 443 accepts
    no connection: 203.0.113.10 did not accept within 10s (3 attempts)
    (origin-port-unreachable)
    ```
    Use instead: open the port to CloudFront in the security group or firewall, make the
    server listen on it, or correct `HTTPPort`, `HTTPSPort` or `OriginProtocolPolicy`.

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-504-gateway-timeout.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/LocationsOfEdgeServers.html
    """
    timeout = seen.target.connection_timeout
    for port in seen.ports:
        if port.connects and all(c.outcome is not ConnectOutcome.CONNECTED for c in port.connects):
            said = "; ".join(_said(c, timeout) for c in port.connects)
            yield problem(seen, f"{where(seen, port.endpoint)} accepts no connection: {said}")


@rule("CFP202", "origin-address-unreachable", Severity.WARNING)
def origin_address_unreachable(seen: Observation) -> Iterator[Problem]:
    """Some addresses of the origin accept connections on a port, others do not.

    ## What it does
    Like CFP201, but for a port that some of the origin's addresses accept and others do
    not (for example one load balancer node in a subnet whose network ACL blocks the
    port), or where a further connection to an address that had accepted failed.

    ## Why does this cause 502s?
    CloudFront picks among the addresses DNS gives it; the requests that go to a dead
    address fail with 502 or 504, so the errors come and go.

    ## Example
    ```text
    site.yaml:14:13: CFP202 [warning] origin 'api' (api.example.com): on HTTPS port 443,
    203.0.113.11 did not accept within 10s (3 attempts); 203.0.113.10 accepted
    (origin-address-unreachable)
    ```
    Use instead: find what differs for the failing address (its subnet's network ACL or
    route table, a stopped instance still in DNS) and fix or remove it.

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-504-gateway-timeout.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html
    """
    timeout = seen.target.connection_timeout
    for port in seen.ports:
        good = [c.address for c in port.connects if c.outcome is ConnectOutcome.CONNECTED]
        bad = [c for c in port.connects if c.outcome is not ConnectOutcome.CONNECTED]
        if good and bad:
            said = "; ".join(_said(c, timeout) for c in bad)
            yield problem(
                seen, f"on {where(seen, port.endpoint)}, {said}; {', '.join(good)} accepted"
            )
        for attempt in port.attempts:
            if attempt.connect_error:
                yield problem(
                    seen,
                    f"on {where(seen, port.endpoint, attempt)}, a further connection failed "
                    f"({attempt.connect_error})",
                )
