"""CFP3xx: the TLS handshake and the origin's certificate."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from ...model import Problem, Severity
from ...rule import rule
from ..der import Certificate
from ..observations import Handshake, Observation, TlsFailure
from .common import handshakes, problem, where

SELF_SIGNED = frozenset({18, 19})
"""OpenSSL: self-signed certificate (in the chain)."""
MISSING_ISSUER = frozenset({2, 20, 21})
"""OpenSSL: unable to get (local) issuer certificate, unable to verify the first one."""
OUT_OF_DATE = frozenset({9, 10})
"""OpenSSL: certificate is not yet valid, has expired."""


def _handshake_failure(handshake: Handshake) -> str:
    offered = ", ".join(handshake.offered)
    kind = handshake.failure
    if kind is TlsFailure.PROTOCOL:
        if handshake.version is not None:
            return handshake.detail
        said = (
            f"offered {offered} (the origin's OriginSSLProtocols) and CloudFront's ciphers, "
            f"the origin refused ({handshake.detail})"
        )
        if handshake.fallback:
            said += f"; offered everything, it agrees to {handshake.fallback}"
        return said
    if kind is TlsFailure.NOT_TLS:
        return f"the origin does not speak TLS there: {handshake.detail}"
    if kind is TlsFailure.TIMED_OUT:
        return f"the handshake did not finish {handshake.detail}"
    if kind is TlsFailure.CLOSED:
        return f"the origin closed the connection during the handshake ({handshake.detail})"
    return f"the handshake failed ({handshake.detail})"


@rule("CFP301", "origin-tls-handshake-failure", Severity.ERROR)
def origin_tls_handshake_failure(seen: Observation) -> Iterator[Problem]:
    """The TLS handshake fails with the protocols and ciphers CloudFront offers.

    ## What it does
    Opens TLS to the origin's HTTPS port the way CloudFront does: with the server name
    CloudFront sends (the origin's domain name, or each alias when the viewer's Host is
    forwarded), offering only the protocol versions in `OriginSSLProtocols` and only the
    ciphers CloudFront supports for origins. Reports a handshake that fails: no protocol
    or cipher in common (the message then says what the origin agrees to when offered
    everything, e.g. TLS 1.3 only), the origin choosing a version not in the list, the
    origin speaking plain HTTP on the HTTPS port, closing the connection, or not finishing
    within the origin's read timeout. Certificate problems are CFP302-CFP306.

    SSLv3 cannot be offered by the OpenSSL most systems ship: a list of only SSLv3 is not
    probed (the run says so), and SSLv3 in a longer list is left out of the offer.
    Whether CloudFront uses TLS 1.3 to origins is not documented in the sources this check
    was written from; the probe offers what the list names, and the list has no TLS 1.3.

    ## Why does this cause 502s?
    When CloudFront cannot agree on a protocol and cipher with the origin, or the origin
    answers TLS with something else, CloudFront answers 502 ("SSL/TLS negotiation failure").

    ## Example
    ```text
    site.yaml:14:13: CFP301 [error] origin 'api' (api.example.com): on HTTPS port 443,
    offered TLSv1.2 (the origin's OriginSSLProtocols) and CloudFront's ciphers, the origin
    refused (TLSV1_ALERT_PROTOCOL_VERSION); offered everything, it agrees to TLSv1.3
    (TLS_AES_256_GCM_SHA384) (origin-tls-handshake-failure)
    ```
    Use instead: enable TLS 1.2 and one of CloudFront's ciphers on the origin (for an ALB,
    a security policy such as `ELBSecurityPolicy-TLS13-1-2-2021-06`), and list the
    versions it supports in `OriginSSLProtocols`; make sure the HTTPS port serves TLS.

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-ciphers-cloudfront-to-origin.html
    """
    for endpoint, attempt, handshake in handshakes(seen):
        if handshake.failure not in (None, TlsFailure.VERIFY):
            yield problem(
                seen, f"on {where(seen, endpoint, attempt)}, {_handshake_failure(handshake)}"
            )


@rule("CFP302", "origin-certificate-untrusted", Severity.ERROR)
def origin_certificate_untrusted(seen: Observation) -> Iterator[Problem]:
    """The origin's certificate is self-signed or otherwise not trusted.

    ## What it does
    Verifies the certificate chain the origin sends against Mozilla's CA bundle (certifi),
    the CAs CloudFront trusts, and reports a self-signed certificate, a chain that ends in
    a CA that is not in the bundle (a private CA sent along with its root), and any other
    verification failure OpenSSL names. Expired certificates (CFP303) and missing
    intermediates (CFP304) have checks of their own.

    ## Why does this cause 502s?
    CloudFront accepts only certificates issued by a CA in Mozilla's bundle, and never a
    self-signed one; otherwise it drops the connection and answers 502.

    ## Example
    ```text
    site.yaml:14:13: CFP302 [error] origin 'api' (api.example.com): on HTTPS port 443, the
    certificate is not trusted: self-signed certificate (origin-certificate-untrusted)
    ```
    Use instead: install a certificate from a public CA (for an ALB, an ACM certificate;
    elsewhere for example Let's Encrypt), or switch the origin to HTTP if that is acceptable.

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html#ssl-certificate-expired
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-cloudfront-to-custom-origin.html
    - https://wiki.mozilla.org/CA/Included_Certificates
    """
    for endpoint, attempt, handshake in handshakes(seen):
        code = handshake.verify_code
        if handshake.failure is TlsFailure.VERIFY and code not in MISSING_ISSUER | OUT_OF_DATE:
            yield problem(
                seen,
                f"on {where(seen, endpoint, attempt)}, the certificate is not trusted: "
                f"{handshake.detail}",
            )


def _out_of_date(certificate: Certificate, now: datetime) -> str | None:
    if certificate.not_after < now:
        return f"expired on {certificate.not_after:%Y-%m-%d}"
    if certificate.not_before > now:
        return f"is not valid before {certificate.not_before:%Y-%m-%d}"
    return None


@rule("CFP303", "origin-certificate-expired", Severity.ERROR)
def origin_certificate_expired(seen: Observation) -> Iterator[Problem]:
    """The origin's certificate (or one in its chain) has expired or is not yet valid.

    ## What it does
    Reads the validity dates of the certificate the origin sends and reports one that has
    expired or is not valid yet; when OpenSSL's verification finds an expired certificate
    further up the chain, that one is named.

    ## Why does this cause 502s?
    CloudFront rejects an expired certificate, drops the connection and answers 502, from
    the second it expires.

    ## Example
    ```text
    site.yaml:14:13: CFP303 [error] origin 'api' (api.example.com): on HTTPS port 443, the
    certificate CN=api.example.com expired on 2024-05-01 (origin-certificate-expired)
    ```
    Use instead: renew the certificate and automate the renewal (ACM renews the
    certificates it issues; certbot or your ACME client's timer elsewhere). Run the probe
    on a schedule to hear of the next one in advance (CFP307).

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html#ssl-certificate-expired
    """
    now = datetime.now(UTC)
    for endpoint, attempt, handshake in handshakes(seen):
        chain = handshake.chain
        said = [
            f"certificate {c.subject_text} {why}"
            for index, c in enumerate(chain)
            if (index == 0 or handshake.verify_code in OUT_OF_DATE)
            and (why := _out_of_date(c, now))
        ]
        if not said and handshake.verify_code in OUT_OF_DATE:
            said = [f"certificate chain does not verify: {handshake.detail}"]
        if said:
            yield problem(seen, f"on {where(seen, endpoint, attempt)}, the {'; the '.join(said)}")


@rule("CFP304", "origin-certificate-chain-incomplete", Severity.ERROR)
def origin_certificate_chain_incomplete(seen: Observation) -> Iterator[Problem]:
    """The origin does not send the intermediate certificates its certificate needs.

    ## What it does
    Reports a chain that cannot be built up to a trusted root from what the origin sends:
    usually a server configured with its own certificate but not the CA's intermediate
    bundle (browsers often hide this by fetching or caching intermediates; CloudFront does
    not). The same happens with a certificate from a private CA whose root is not sent.

    ## Why does this cause 502s?
    CloudFront needs the whole chain from the origin. A missing intermediate fails
    verification; CloudFront drops the connection and answers 502.

    ## Example
    ```text
    site.yaml:14:13: CFP304 [error] origin 'api' (api.example.com): on HTTPS port 443, the
    origin sends 1 certificate and the issuer of the last one (CN=Example CA R3) is neither
    sent nor trusted: unable to get local issuer certificate
    (origin-certificate-chain-incomplete)
    ```
    Use instead: configure the server with the full chain file (for nginx, the
    `fullchain.pem` that holds the certificate followed by the intermediates).

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html#ssl-certificate-expired
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-cloudfront-to-custom-origin.html
    """
    for endpoint, attempt, handshake in handshakes(seen):
        if (
            handshake.failure is not TlsFailure.VERIFY
            or handshake.verify_code not in MISSING_ISSUER
        ):
            continue
        said = ""
        if handshake.chain:
            count = len(handshake.chain)
            said = (
                f"the origin sends {count} certificate{'s' * (count != 1)} and the issuer of "
                f"the last one ({handshake.chain[-1].issuer_text}) is neither sent nor "
                "trusted: "
            )
        yield problem(seen, f"on {where(seen, endpoint, attempt)}, {said}{handshake.detail}")


@rule("CFP305", "origin-certificate-chain-out-of-order", Severity.WARNING)
def origin_certificate_chain_out_of_order(seen: Observation) -> Iterator[Problem]:
    """The origin sends its certificate chain in the wrong order.

    ## What it does
    Reads the certificates in the order the origin sends them and reports a chain where a
    certificate is not followed by its issuer although the issuer is sent later (for
    example the intermediates of a two-level chain swapped in the bundle file).

    ## Why does this cause 502s?
    TLS requires each certificate to be followed by the one that certifies it, and
    CloudFront's guide lists a chain in the wrong order among the causes of its 502s. Many
    clients (OpenSSL among them) reorder the chain, so the origin works in a browser and
    in `curl`: hence a warning.

    ## Example
    ```text
    site.yaml:14:13: CFP305 [warning] origin 'api' (api.example.com): on HTTPS port 443,
    certificate 1 (CN=api.example.com) is followed by CN=Example Root CA, not by its issuer
    CN=Example CA R3, which comes later (origin-certificate-chain-out-of-order)
    ```
    Use instead: concatenate the chain file leaf first, then each issuer in turn.

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html#ssl-certificate-expired
    - https://www.rfc-editor.org/rfc/rfc5246#section-7.4.2
    """
    for endpoint, attempt, handshake in handshakes(seen):
        chain = handshake.chain
        for index, certificate in enumerate(chain[:-1]):
            following = chain[index + 1]
            if following.subject == certificate.issuer:
                continue
            if any(later.subject == certificate.issuer for later in chain[index + 2 :]):
                yield problem(
                    seen,
                    f"on {where(seen, endpoint, attempt)}, certificate {index + 1} "
                    f"({certificate.subject_text}) is followed by {following.subject_text}, "
                    f"not by its issuer {certificate.issuer_text}, which comes later",
                )
                break


@rule("CFP306", "origin-certificate-name-mismatch", Severity.ERROR)
def origin_certificate_name_mismatch(seen: Observation) -> Iterator[Problem]:
    """The origin's certificate does not cover the name CloudFront checks.

    ## What it does
    Compares the names on the certificate the origin sends (its DNS subject alternative
    names, or its common name when it has none; a leading `*` covers one label) with the
    name CloudFront sends and checks: the origin's domain name, or, when a behaviour
    forwards the viewer's Host header, each alias of the distribution.

    ## Why does this cause 502s?
    CloudFront checks that the certificate matches the origin domain name, or the Host
    header when that is forwarded. When it matches neither, the handshake fails and
    CloudFront answers 502.

    ## Example
    ```text
    site.yaml:14:13: CFP306 [error] origin 'api' (my-alb-123.us-east-1.elb.amazonaws.com):
    on HTTPS port 443, the certificate names api.example.com, not
    my-alb-123.us-east-1.elb.amazonaws.com (origin-certificate-name-mismatch)
    ```
    Use instead: point `DomainName` at a name the certificate covers (a DNS record of your
    own for the load balancer), add the name to the certificate, or stop forwarding the
    viewer's Host (`Managed-AllViewerExceptHostHeader`).

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html#ssl-certificate-expired
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-cloudfront-to-custom-origin.html
    """
    for endpoint, attempt, handshake in handshakes(seen):
        if handshake.covers() is False:
            names = ", ".join(handshake.chain[0].names) or "no name"
            yield problem(
                seen,
                f"on {where(seen, endpoint, attempt)}, the certificate names {names}, "
                f"not {handshake.server_name}",
            )


@rule("CFP307", "origin-certificate-expires-soon", Severity.WARNING)
def origin_certificate_expires_soon(seen: Observation, *, days: int = 14) -> Iterator[Problem]:
    """The origin's certificate expires within a few days.

    ## What it does
    Reports a certificate that is valid now but expires within `days` days (14 unless
    `--expiry-days` says otherwise): a renewal that should have happened by now.

    ## Why does this cause 502s?
    It does not yet; on the day it expires CloudFront starts answering 502 (CFP303). Run
    the probe on a schedule to hear of it first.

    ## Example
    ```text
    site.yaml:14:13: CFP307 [warning] origin 'api' (api.example.com): on HTTPS port 443,
    the certificate CN=api.example.com expires on 2025-06-03, in 5 days
    (origin-certificate-expires-soon)
    ```
    Use instead: renew it now, and find out why the automatic renewal did not.

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html#ssl-certificate-expired
    - https://docs.aws.amazon.com/acm/latest/userguide/troubleshooting-renewal.html
    """
    now = datetime.now(UTC)
    for endpoint, attempt, handshake in handshakes(seen):
        if not handshake.chain:
            continue
        leaf = handshake.chain[0]
        left = leaf.not_after - now
        if leaf.not_before <= now <= leaf.not_after and left.days < days:
            yield problem(
                seen,
                f"on {where(seen, endpoint, attempt)}, the certificate {leaf.subject_text} "
                f"expires on {leaf.not_after:%Y-%m-%d}, in {left.days} day{'s' * (left.days != 1)}",
            )
