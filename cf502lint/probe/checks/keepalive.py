"""CFP5xx: how long the origin keeps an idle connection, against CloudFront's keep-alive."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Problem, Severity
from ...rule import rule
from ..observations import Observation
from .common import exchanges, problem, where


@rule("CFP501", "origin-keepalive-shorter-than-cloudfront", Severity.WARNING)
def origin_keepalive_shorter_than_cloudfront(seen: Observation) -> Iterator[Problem]:
    """The origin announces a keep-alive timeout at or below CloudFront's.

    ## What it does
    Reads `Keep-Alive: timeout=N` in the origin's response and compares it with the
    origin's `OriginKeepaliveTimeout` (default 5 s), the time CloudFront keeps an idle
    connection to the origin open for the next request.

    ## Why does this cause 502s?
    The side that closes an idle connection must be the client. When the origin closes
    first (after N seconds, while CloudFront would still use the connection), CloudFront
    can send a request just as the connection is being closed; the request fails with a
    reset and CloudFront answers 502. Equal timeouts race too. These 502s are rare and
    random, which makes them hard to trace.

    ## Example
    ```text
    site.yaml:14:13: CFP501 [warning] origin 'api' (api.example.com): on HTTP port 80, the
    origin announces Keep-Alive: timeout=5, not longer than OriginKeepaliveTimeout (5s)
    (origin-keepalive-shorter-than-cloudfront)
    ```
    Use instead: raise the server's keep-alive timeout above CloudFront's (Node.js
    `server.keepAliveTimeout`, gunicorn `--keep-alive`, Apache `KeepAliveTimeout`, nginx
    `keepalive_timeout`), or lower `OriginKeepaliveTimeout`.

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html#DownloadDistValuesOriginKeepaliveTimeout
    - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html#connection-idle-timeout
    """
    keepalive = seen.target.keepalive_timeout
    for endpoint, attempt, exchange in exchanges(seen):
        announced = exchange.keep_alive_timeout
        if exchange.reusable and announced is not None and announced <= keepalive:
            yield problem(
                seen,
                f"on {where(seen, endpoint, attempt)}, the origin announces Keep-Alive: "
                f"timeout={announced}, not longer than OriginKeepaliveTimeout ({keepalive}s)",
            )


@rule("CFP502", "origin-closes-idle-connection-early", Severity.WARNING)
def origin_closes_idle_connection_early(seen: Observation) -> Iterator[Problem]:
    """The origin closes an idle connection before CloudFront's keep-alive timeout ends.

    ## What it does
    After a response on a connection that may be reused, keeps the connection open and
    idle for the origin's `OriginKeepaliveTimeout` (default 5 s) and reports an origin that
    closes it sooner. Many servers do so without announcing it (Node.js's long-standing
    default `server.keepAliveTimeout` is 5 s, gunicorn's `--keep-alive` 2 to 5 s).
    `--ignore CFP502` skips the wait.

    ## Why does this cause 502s?
    As for CFP501: when the origin closes an idle connection that CloudFront still counts
    on, a request CloudFront sends on it at that moment fails, and CloudFront answers 502.

    ## Example
    ```text
    site.yaml:14:13: CFP502 [warning] origin 'api' (api.example.com): on HTTP port 80, the
    origin closed the idle connection after 2.0s, before OriginKeepaliveTimeout (5s)
    (origin-closes-idle-connection-early)
    ```
    Use instead: raise the server's idle (keep-alive) timeout above CloudFront's, or lower
    `OriginKeepaliveTimeout`.

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html#DownloadDistValuesOriginKeepaliveTimeout
    - https://nodejs.org/api/http.html#serverkeepalivetimeout
    """
    keepalive = seen.target.keepalive_timeout
    for endpoint, attempt, exchange in exchanges(seen):
        closed = exchange.idle_close
        if closed is not None and closed < keepalive:
            yield problem(
                seen,
                f"on {where(seen, endpoint, attempt)}, the origin closed the idle connection "
                f"after {closed:.1f}s, before OriginKeepaliveTimeout ({keepalive}s)",
            )
