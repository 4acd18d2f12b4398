"""CFP4xx: the origin's answer to one request."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Problem, Severity
from ...rule import rule
from ..observations import HttpFailure, Observation
from ..targets import HEADER_LIMIT
from .common import exchanges, problem, where


def _failures(seen: Observation, failure: HttpFailure, said: str) -> Iterator[Problem]:
    for endpoint, attempt, exchange in exchanges(seen):
        if exchange.failure is failure:
            yield problem(seen, f"on {where(seen, endpoint, attempt)}, {said}{exchange.detail}")


@rule("CFP401", "origin-response-malformed", Severity.ERROR)
def origin_response_malformed(seen: Observation) -> Iterator[Problem]:
    """The origin's response is not HTTP/1.1: a bad status line or header line.

    ## What it does
    Sends one request (by default `GET /`) with the Host header CloudFront would send and
    its `User-Agent: Amazon CloudFront`, and parses the response as CloudFront must: a
    status line `HTTP/1.x NNN reason`, header lines of the form `Name: value`, and a single
    `Content-Length`. Reports the first thing that does not parse. Redirects are not
    followed; nothing else is sent.

    ## Why does this cause 502s?
    CloudFront cannot forward what it cannot parse; an invalid response from the origin is
    answered with 502. Typical causes: a TLS listener on the HTTP port, an HTTP/2-only
    server, or an application writing its own malformed headers.

    ## Example
    ```text
    site.yaml:14:13: CFP401 [error] origin 'api' (api.example.com): on HTTP port 80, the
    response is not HTTP/1.1: the status line is '\\x15\\x03\\x01\\x00\\x02\\x02'
    (origin-response-malformed)
    ```
    Use instead: serve HTTP/1.1 on the port CloudFront uses (or correct the port and
    `OriginProtocolPolicy`), and fix the header the message names.

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/RequestAndResponseBehaviorCustomOrigin.html
    - https://www.rfc-editor.org/rfc/rfc9112#section-2
    """
    yield from _failures(seen, HttpFailure.MALFORMED, "the response is not HTTP/1.1: ")


@rule("CFP402", "origin-header-block-too-large", Severity.ERROR)
def origin_header_block_too_large(seen: Observation) -> Iterator[Problem]:
    """The origin's response headers are larger than CloudFront accepts (20,480 bytes).

    ## What it does
    Measures the status line and header block of the origin's response, up to and
    including the blank line that ends it, against CloudFront's quota of 20,480 bytes.

    ## Why does this cause 502s?
    CloudFront's quota on "the maximum length of an origin response, including headers
    but not including the body" is 20,480 bytes; a response over it cannot be returned,
    and viewers are commonly reported to get 502. Large `Set-Cookie`, `Link` or
    content-security-policy headers are the usual cause.

    ## Example
    ```text
    site.yaml:14:13: CFP402 [error] origin 'api' (api.example.com): on HTTPS port 443, the
    status line and headers are 30,912 bytes, over CloudFront's limit of 20,480 bytes
    (origin-header-block-too-large)
    ```
    Use instead: send fewer or smaller headers (move large cookies into server-side
    sessions, trim policies).

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html
    """
    for endpoint, attempt, exchange in exchanges(seen):
        if exchange.failure is HttpFailure.TOO_LARGE:
            yield problem(
                seen,
                f"on {where(seen, endpoint, attempt)}, the status line and headers are "
                f"{exchange.detail}, over CloudFront's limit of {HEADER_LIMIT:,} bytes",
            )


@rule("CFP403", "origin-response-timeout", Severity.ERROR)
def origin_response_timeout(seen: Observation) -> Iterator[Problem]:
    """The origin does not answer within the origin's read timeout.

    ## What it does
    Times the origin's response to one request: the first byte must come within
    `OriginReadTimeout` (default 30 s) of the request, and each further byte within the
    same time of the previous one, as CloudFront requires.

    ## Why does this cause 502s?
    When the origin is silent for longer than the read timeout, CloudFront gives up: for
    GET and HEAD it retries up to `ConnectionAttempts` times (multiplying the wait), then
    answers 504 Gateway Timeout. A response that stalls midway is cut off.

    ## Example
    ```text
    site.yaml:14:13: CFP403 [error] origin 'api' (api.example.com): on HTTPS port 443, the
    first byte did not come within 30s (origin-response-timeout)
    ```
    Use instead: make the origin answer faster (or stream its answer), or raise
    `OriginReadTimeout` (1-120 s; above 60 s may need a quota increase).

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html#DownloadDistValuesOriginResponseTimeout
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-504-gateway-timeout.html
    """
    yield from _failures(seen, HttpFailure.TIMED_OUT, "")


@rule("CFP404", "origin-invalid-chunked-encoding", Severity.ERROR)
def origin_invalid_chunked_encoding(seen: Observation) -> Iterator[Problem]:
    """The origin's chunked response body is not valid chunked encoding.

    ## What it does
    Reads a body sent with `Transfer-Encoding: chunked` (up to 1 MiB) and reports a chunk
    size that is not hexadecimal, a chunk not followed by CRLF, or a body that ends before
    its last (zero-size) chunk.

    ## Why does this cause 502s?
    CloudFront decodes the chunking to forward the body; an invalid one is an invalid
    response, and CloudFront answers 502 (or cuts the response off when it has started
    sending it).

    ## Example
    ```text
    site.yaml:14:13: CFP404 [error] origin 'api' (api.example.com): on HTTP port 80, the
    chunked body is invalid: the chunk size line 'zz' is not hexadecimal
    (origin-invalid-chunked-encoding)
    ```
    Use instead: let the server or framework do the chunking (an application that writes
    `Transfer-Encoding: chunked` itself must also write the chunks), or send
    `Content-Length`.

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/RequestAndResponseBehaviorCustomOrigin.html
    - https://www.rfc-editor.org/rfc/rfc9112#section-7.1
    """
    for endpoint, attempt, exchange in exchanges(seen):
        if exchange.failure is HttpFailure.BAD_CHUNKING:
            said = f"the chunked body is invalid: {exchange.detail}"
            yield problem(seen, f"on {where(seen, endpoint, attempt)}, {said}")


@rule("CFP405", "origin-closes-without-response", Severity.ERROR)
def origin_closes_without_response(seen: Observation) -> Iterator[Problem]:
    """The origin accepts the connection but closes it without a complete response.

    ## What it does
    Reports a connection that the origin closes or resets after the request, before the
    end of the response's header block: a crashed worker, a proxy with no healthy backend
    that hangs up, a server that drops requests without the Host it expects.

    ## Why does this cause 502s?
    CloudFront needs a response to forward. A connection closed without one is an origin
    error, and CloudFront answers 502.

    ## Example
    ```text
    site.yaml:14:13: CFP405 [error] origin 'api' (api.example.com): on HTTP port 80, the
    origin closed the connection before answering (origin-closes-without-response)
    ```
    Use instead: look in the origin's logs for the request (with the Host the message
    names) and why it was dropped.

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html
    """
    yield from _failures(seen, HttpFailure.NO_RESPONSE, "")


@rule("CFP406", "origin-answers-server-error", Severity.WARNING)
def origin_answers_server_error(seen: Observation) -> Iterator[Problem]:
    """The origin itself answers with a 5xx status (500-599).

    ## What it does
    Reports the status of the origin's response to the probe's request when it is a
    server error: 502 or 503 from a load balancer with no healthy targets, 500 from the
    application. Only the path requested (`--path`, default `/`) is tried.

    ## Why does this cause 502s?
    CloudFront passes the origin's status on: viewers see the origin's 502 or 503 (with
    `X-Cache: Error from cloudfront`), which looks like a CloudFront failure but is not.

    ## Example
    ```text
    site.yaml:14:13: CFP406 [warning] origin 'api' (api.example.com): on HTTPS port 443,
    the origin answers with status 503 (origin-answers-server-error)
    ```
    Use instead: fix the origin (for a load balancer: its targets' health checks), or probe
    a path that is meant to answer (`--path /health`).

    ## References
    - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/troubleshooting-response-errors.html
    """
    for endpoint, attempt, exchange in exchanges(seen):
        if exchange.status is not None and 500 <= exchange.status <= 599:
            yield problem(
                seen,
                f"on {where(seen, endpoint, attempt)}, the origin answers with status "
                f"{exchange.status}",
            )
