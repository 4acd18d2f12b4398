"""CFP1xx: the origin's name, as CloudFront resolves it."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Problem, Severity
from ...rule import rule
from ..observations import Observation
from ..resolve import Outcome
from .common import problem


@rule("CFP101", "origin-name-not-found", Severity.ERROR)
def origin_name_not_found(seen: Observation) -> Iterator[Problem]:
    """The origin's domain name does not exist in DNS (NXDOMAIN).

    ## What it does
    Resolves the origin's domain name without search domains or a hosts file, as a public
    resolver would, and reports an answer of NXDOMAIN: no such name. (A CNAME that leads
    to a name that does not exist is CFP103.)

    ## Why does this cause 502s?
    CloudFront resolves custom origins with public DNS before it connects. When the name
    does not resolve, CloudFront answers 502 with the error `NonS3OriginDnsError`, for every
    request that misses the cache.

    ## Example
    ```text
    site.yaml:14:13: CFP101 [error] origin 'api' (api.example.com): DNS says the name
    does not exist (NXDOMAIN) (origin-name-not-found)
    ```
    Use instead: create the record in a public hosted zone (a record in a Route 53 private
    hosted zone is invisible to CloudFront), or correct `DomainName`.

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html#DownloadDistValuesDomainName
    """
    found = seen.resolution
    if found is not None and found.outcome is Outcome.NXDOMAIN and not found.cnames:
        yield problem(seen, "DNS says the name does not exist (NXDOMAIN)")


@rule("CFP102", "origin-name-without-address", Severity.ERROR)
def origin_name_without_address(seen: Observation) -> Iterator[Problem]:
    """The origin's domain name exists but has no A or AAAA record.

    ## What it does
    Reports a name that DNS knows but that has no address records (NOERROR with no data):
    for example a zone apex with only MX and TXT records, or a name with only a TXT record.

    ## Why does this cause 502s?
    CloudFront cannot connect to a name without an address; like a name that does not
    exist, this is a DNS error, and CloudFront answers 502.

    ## Example
    ```text
    site.yaml:14:13: CFP102 [error] origin 'api' (example.com): the name exists but has no
    A or AAAA record (origin-name-without-address)
    ```
    Use instead: add an A (or alias) record for the name, or point `DomainName` at the
    name of the server or load balancer itself.

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html
    """
    found = seen.resolution
    if found is not None and found.outcome is Outcome.NODATA and not found.cnames:
        yield problem(seen, "the name exists but has no A or AAAA record")


@rule("CFP103", "dangling-origin-cname", Severity.ERROR)
def dangling_origin_cname(seen: Observation) -> Iterator[Problem]:
    """The origin's name is a CNAME chain that ends in a name without an address.

    ## What it does
    Follows the CNAME records of the origin's name and reports a chain whose last name does
    not exist, or exists without an A or AAAA record. The message shows the whole chain.

    ## Why does this cause 502s?
    A dangling CNAME (often left behind when a load balancer, bucket or service it pointed
    to was deleted) resolves to nothing; CloudFront answers 502 with `NonS3OriginDnsError`.
    A dangling CNAME can also be taken over by whoever next creates the resource it names.

    ## Example
    ```text
    site.yaml:14:13: CFP103 [error] origin 'api' (api.example.com): the CNAME chain
    api.example.com -> old-lb-123.us-east-1.elb.amazonaws.com ends in a name that does
    not exist (dangling-origin-cname)
    ```
    Use instead: point the record at the resource that serves the origin now, or remove it
    and change `DomainName`.

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html
    - https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-basic.html
    """
    found = seen.resolution
    if found is None or not found.cnames:
        return
    chain = " -> ".join((found.name, *found.cnames))
    if found.outcome is Outcome.NXDOMAIN:
        yield problem(seen, f"the CNAME chain {chain} ends in a name that does not exist")
    elif found.outcome is Outcome.NODATA:
        yield problem(seen, f"the CNAME chain {chain} ends in a name without an A or AAAA record")


@rule("CFP104", "origin-dns-failure", Severity.ERROR)
def origin_dns_failure(seen: Observation) -> Iterator[Problem]:
    """DNS servers answer the origin's name with an error (SERVFAIL or REFUSED).

    ## What it does
    Reports a lookup that the DNS servers answered with an error code rather than an
    answer: typically SERVFAIL, when the name's own name servers are unreachable, lame or
    fail DNSSEC validation. (When no DNS server answers at all, the probe reports that it
    could not probe the origin instead: that says nothing about the origin.)

    ## Why does this cause 502s?
    CloudFront's resolvers see the same broken delegation; a name that cannot be resolved
    is a DNS error, and CloudFront answers 502.

    ## Example
    ```text
    site.yaml:14:13: CFP104 [error] origin 'api' (api.example.com): DNS lookups fail
    (SERVFAIL) (origin-dns-failure)
    ```
    Use instead: fix the delegation (the NS records at the parent zone must name servers
    that answer for the zone) or the DNSSEC signatures.

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html
    - https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/troubleshooting-domain-unavailable.html
    """
    found = seen.resolution
    if found is not None and found.outcome is Outcome.FAILED:
        yield problem(seen, f"DNS lookups fail ({found.detail})")


@rule("CFP105", "origin-resolves-to-private-address", Severity.ERROR)
def origin_resolves_to_private_address(seen: Observation) -> Iterator[Problem]:
    """The origin's name resolves to a private, loopback, link-local or metadata address.

    ## What it does
    Checks every address the origin's name resolves to and reports those that are not
    public unicast addresses: private ranges (10/8, 172.16/12, 192.168/16, fc00::/7),
    loopback, link-local, shared (100.64/10), reserved or documentation ranges, and cloud
    metadata services (169.254.169.254 and the like). The probe does not connect to them
    (`--allow-private` lets it, except to metadata services).

    ## Why does this cause 502s?
    CloudFront connects to custom origins over the internet. A private address is not
    reachable from CloudFront's edge (an internal load balancer needs a VPC origin); the
    connection times out and CloudFront answers 504, or 502. When only some of the name's
    addresses are private, only some requests fail.

    ## Example
    ```text
    site.yaml:14:13: CFP105 [error] origin 'api' (api.example.com): resolves to 10.0.3.7,
    a private address that CloudFront cannot reach; not probed
    (origin-resolves-to-private-address)
    ```
    Use instead: point `DomainName` at an internet-facing load balancer or server, or use a
    VPC origin (`VpcOriginConfig`) for a private one.

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-504-gateway-timeout.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html
    """
    for refused in seen.refused:
        yield problem(
            seen,
            f"resolves to {refused.address}, {refused.reason} that CloudFront cannot reach; "
            "not probed",
        )
