"""What each ``x-edge-detailed-result-type`` means, and what usually causes it, in plain words.

``meaning`` restates the CloudFront Developer Guide's "Standard logging reference";
``causes`` are the settings and situations that produce the type, which the guide does not
list: where one is an inference (for example which type a failed TLS handshake is logged
as), it says so. ``rules`` are the cf502lint rules (CF) and probe checks (CFP) whose
findings explain the type, with a weight: 3 names the type's usual cause, 2 a likely one, 1
a possible one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class DetailedType:
    name: str
    side: str
    """Where the problem lies: ``origin``, ``viewer``, ``function``, ``cloudfront`` or
    ``none`` (not an error)."""
    meaning: str
    causes: tuple[str, ...]
    rules: Mapping[str, int] = field(default_factory=dict)
    documented: bool = True
    """Listed in the Standard logging reference (as a detailed or a result type)."""


_TLS = (
    "The TLS handshake fails: the origin's certificate does not cover the origin domain name "
    "(or the viewer's Host header, when it is forwarded), is expired or self-signed, lacks its "
    "intermediate certificates, or shares no protocol or cipher with CloudFront. CloudFront's "
    "error page then says it 'wasn't able to connect to the origin'; that the log records this "
    "as OriginConnectError is an inference, not documented."
)

_TYPES = (
    DetailedType(
        "OriginConnectError",
        "origin",
        "CloudFront could not connect to the origin.",
        (
            "Nothing listens on the port CloudFront uses: a wrong HTTP or HTTPS port, or a "
            "protocol policy that sends HTTPS where only HTTP is served (S3 website endpoints) "
            "or HTTP where only HTTPS is (API Gateway, Lambda function URLs).",
            "A security group, network ACL or firewall refuses CloudFront's addresses.",
            _TLS,
            "The origin is private (an internal load balancer) or down.",
        ),
        {
            "CFP201": 3,
            "CFP301": 3,
            "CFP302": 3,
            "CFP303": 3,
            "CFP304": 3,
            "CFP306": 3,
            "CFP202": 2,
            "CFP305": 1,
            "CF203": 3,
            "CF201": 3,
            "CF202": 3,
            "CF101": 3,
            "CF104": 3,
            "CF103": 3,
            "CF301": 3,
            "CF214": 2,
            "CF213": 2,
            "CF105": 1,
        },
    ),
    DetailedType(
        "OriginDnsError",
        "origin",
        "CloudFront could not resolve the origin's domain name.",
        (
            "The name has no public DNS record: a typo, a deleted load balancer or bucket, a "
            "record in a private hosted zone, an internal name.",
            "The domain's DNS service is failing (CloudFront resolves with public DNS).",
            "The origin domain carries a scheme, a path or a port, as a URL does.",
        ),
        {"CF105": 3, "CFP101": 3, "CFP102": 3, "CFP103": 3, "CFP104": 3, "CFP105": 2},
    ),
    DetailedType(
        "OriginCommError",
        "origin",
        "The request timed out while connecting to the origin or reading from it.",
        (
            "The origin takes longer to answer than the origin response timeout (usually a 504).",
            "Packets to the origin are dropped silently (a security group or firewall), so the "
            "connection attempt times out.",
            "The origin is overloaded.",
        ),
        {
            "CFP403": 3,
            "CF206": 3,
            "CF213": 3,
            "CFP202": 2,
            "CF204": 2,
            "CF205": 1,
            "CF203": 1,
            "CF214": 1,
        },
    ),
    DetailedType(
        "OriginReadError",
        "origin",
        "CloudFront could not read from the origin.",
        (
            "The origin closed or reset the connection during the response. The usual cause is "
            "the keep-alive race: the origin (or its load balancer) closes idle connections "
            "sooner than CloudFront's origin keep-alive timeout, and CloudFront reuses one "
            "that is being closed.",
            "The origin crashed or restarted during the response.",
        ),
        {"CFP502": 3, "CFP501": 3, "CF207": 3, "CFP405": 2, "CF206": 1, "CFP404": 1},
    ),
    DetailedType(
        "OriginWriteError",
        "origin",
        "CloudFront could not write the request to the origin.",
        (
            "The origin closed the connection while CloudFront was sending the request: the "
            "keep-alive race again, or the origin refusing the request body.",
        ),
        {"CFP502": 2, "CFP501": 2, "CF207": 2},
    ),
    DetailedType(
        "OriginInvalidResponseError",
        "origin",
        "The origin returned an invalid response.",
        (
            "What answered is not speaking HTTP as CloudFront expects: plain HTTP sent to a TLS "
            "port, TLS sent to a plain port, or another service on that port.",
            "The origin sends malformed status lines or headers.",
        ),
        {"CFP401": 3, "CF202": 3, "CFP404": 2, "CF101": 2, "CF104": 2},
    ),
    DetailedType(
        "OriginError",
        "origin",
        "The origin returned an incorrect response.",
        ("A response CloudFront cannot use, for example one that breaks the HTTP protocol.",),
        {"CFP401": 2, "CF202": 1},
    ),
    DetailedType(
        "OriginHeaderTooBigError",
        "origin",
        "A header returned by the origin is too big for the edge server to process.",
        (
            "The origin's response headers exceed CloudFront's limit (20,480 bytes for a "
            "response without its body): large or many Set-Cookie headers, for example.",
        ),
        {"CFP402": 3},
    ),
    DetailedType(
        "OriginContentRangeLengthError",
        "origin",
        "The origin's Content-Length does not match the length in its Content-Range header.",
        ("The origin (or a proxy that rewrites the body) answers range requests inconsistently.",),
    ),
    DetailedType(
        "OriginZeroSizeObjectError",
        "origin",
        "A zero-size object sent by the origin resulted in an error.",
        ("The origin sent an empty body where CloudFront needed content.",),
    ),
    DetailedType(
        "AbortedOrigin",
        "origin",
        "CloudFront encountered an issue with the origin.",
        (
            "The origin connection was cut short: the origin closed it early or did not finish "
            "the response in time.",
        ),
        {"CFP405": 2, "CF207": 1, "CF206": 1},
    ),
    DetailedType(
        "SlowReaderOriginError",
        "origin",
        "The viewer was slow to read the message that caused an origin error.",
        ("An origin error, made visible by a slow viewer: look at the origin first.",),
    ),
    DetailedType(
        "Error",
        "origin",
        "An error that fits none of the other types; it can be an error response served "
        "from the cache.",
        (
            "Often the origin itself answered with the 5xx (a load balancer's own 502 or 503 "
            "when its targets fail) and CloudFront passed it on or served it from its cache.",
        ),
        {"CFP406": 3},
    ),
    DetailedType(
        "ClientCommError",
        "viewer",
        "The response to the viewer was interrupted by a communication problem with the viewer.",
        ("The viewer's network, not the origin.",),
    ),
    DetailedType(
        "ClientHungUpRequest",
        "viewer",
        "The viewer stopped sending its request before the end.",
        ("The viewer's network or client, not the origin.",),
    ),
    DetailedType(
        "ClientGeoBlocked",
        "viewer",
        "The distribution refuses requests from the viewer's geographic location.",
        ("Geographic restrictions of the distribution.",),
    ),
    DetailedType(
        "InvalidRequest",
        "viewer",
        "CloudFront received an invalid request from the viewer.",
        ("A malformed request.",),
    ),
    DetailedType(
        "InvalidRequestBlocked",
        "viewer",
        "Access to the requested resource is blocked.",
        ("A block by CloudFront or AWS WAF.",),
    ),
    DetailedType(
        "InvalidRequestCertificate",
        "viewer",
        "The distribution does not match the TLS certificate the HTTPS connection was made with.",
        ("A viewer certificate or DNS (CNAME) problem, not an origin one.",),
    ),
    DetailedType(
        "InvalidRequestHeader",
        "viewer",
        "The request contained an invalid header.",
        ("A malformed or forbidden viewer header.",),
    ),
    DetailedType(
        "InvalidRequestMethod",
        "viewer",
        "The distribution is not configured for the HTTP method used.",
        ("The cache behaviour's allowed methods do not include it.",),
    ),
    DetailedType(
        "LimitExceeded",
        "cloudfront",
        "A CloudFront quota was exceeded.",
        ("Request rate or another account quota.",),
    ),
    DetailedType(
        "CapacityExceeded",
        "cloudfront",
        "CloudFront returned 503 because it lacked capacity at the time.",
        ("A CloudFront-side capacity problem at that edge location.",),
    ),
    DetailedType(
        "LambdaExecutionError",
        "function",
        "The Lambda@Edge function did not complete: a malformed association, a timeout, an AWS "
        "dependency issue or another availability problem.",
        (
            "The function throws, times out or is throttled (usually a 503).",
            "The association names a function version CloudFront cannot run.",
        ),
        {"CF501": 2, "CF502": 2, "CF503": 2},
    ),
    DetailedType(
        "LambdaValidationError",
        "function",
        "The Lambda@Edge function's result failed CloudFront's validation (a 502).",
        (
            "The function returns a malformed object, adds a read-only or forbidden header, or "
            "generates a body over the size limit.",
        ),
        {"CF503": 1},
        documented=False,
    ),
    DetailedType(
        "Miss",
        "origin",
        "Not an error type: CloudFront forwarded the request and passed on the origin's answer.",
        ("The origin itself answered with this 5xx: look at the origin's own logs.",),
        {"CFP406": 3},
    ),
    DetailedType(
        "RefreshHit",
        "origin",
        "Not an error type: CloudFront revalidated a cached object with the origin.",
        ("The origin answered the revalidation with this 5xx.",),
    ),
    DetailedType(
        "Hit",
        "origin",
        "Not an error type: served from the cache.",
        ("A 5xx the origin sent earlier, cached (see the error caching minimum TTL).",),
    ),
    DetailedType(
        "OriginShieldHit",
        "origin",
        "Not an error type: served from the Origin Shield cache.",
        ("A 5xx the origin sent earlier, cached at Origin Shield.",),
    ),
    DetailedType(
        "MissGeneratedResponse",
        "function",
        "Not an error type: an origin-request Lambda@Edge function generated the response.",
        ("The function itself answered with this 5xx.",),
    ),
    DetailedType(
        "Redirect",
        "none",
        "Not an error type: CloudFront redirected the viewer from HTTP to HTTPS.",
        (),
    ),
)

TYPES: Mapping[str, DetailedType] = {t.name: t for t in _TYPES}

GROUP_RULES = {"CF401": 2, "CF402": 2, "CF403": 1}
"""Rules whose findings on an origin group explain origin errors: the group cannot fail over."""


def describe(name: str) -> DetailedType:
    """The description of a detailed result type, also for one that CloudFront does not list."""
    known = TYPES.get(name)
    if known is not None:
        return known
    return DetailedType(
        name,
        "unknown",
        "Not a type the Standard logging reference lists.",
        (),
        documented=False,
    )
