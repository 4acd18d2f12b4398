"""The probe's checks: documented ``@rule`` functions of an observation, not of the model,
so the linter never runs them; ``cf502lint rule CFP301`` and SARIF read them like rules."""

from __future__ import annotations

from collections.abc import Iterable

from ...config import Config
from ...model import Finding, Problem
from ...rule import Rule
from ..observations import Observation
from .dns import (
    dangling_origin_cname,
    origin_dns_failure,
    origin_name_not_found,
    origin_name_without_address,
    origin_resolves_to_private_address,
)
from .http import (
    origin_answers_server_error,
    origin_closes_without_response,
    origin_header_block_too_large,
    origin_invalid_chunked_encoding,
    origin_response_malformed,
    origin_response_timeout,
)
from .keepalive import origin_closes_idle_connection_early, origin_keepalive_shorter_than_cloudfront
from .tcp import origin_address_unreachable, origin_port_unreachable
from .tls import (
    origin_certificate_chain_incomplete,
    origin_certificate_chain_out_of_order,
    origin_certificate_expired,
    origin_certificate_expires_soon,
    origin_certificate_name_mismatch,
    origin_certificate_untrusted,
    origin_tls_handshake_failure,
)

CHECKS: tuple[Rule, ...] = (
    origin_name_not_found,
    origin_name_without_address,
    dangling_origin_cname,
    origin_dns_failure,
    origin_resolves_to_private_address,
    origin_port_unreachable,
    origin_address_unreachable,
    origin_tls_handshake_failure,
    origin_certificate_untrusted,
    origin_certificate_expired,
    origin_certificate_chain_incomplete,
    origin_certificate_chain_out_of_order,
    origin_certificate_name_mismatch,
    origin_certificate_expires_soon,
    origin_response_malformed,
    origin_header_block_too_large,
    origin_response_timeout,
    origin_invalid_chunked_encoding,
    origin_closes_without_response,
    origin_answers_server_error,
    origin_keepalive_shorter_than_cloudfront,
    origin_closes_idle_connection_early,
)


def catalogue() -> dict[str, Rule]:
    """The checks keyed by id, as ``Context.rules`` and ``cf502lint rule`` want them."""
    return {check.id: check for check in CHECKS}


def judge(observations: Iterable[Observation], config: Config) -> tuple[Finding, ...]:
    """The findings of the enabled checks, sorted and without duplicates."""
    found: set[Finding] = set()
    for seen in observations:
        for check in CHECKS:
            if not config.enabled(check):
                continue
            problems: Iterable[Problem] = check.check(seen, **config.options_for(check))
            found.update(
                Finding(
                    check.id,
                    check.name,
                    config.severity_of(check),
                    problem.message,
                    problem.span,
                    seen.target.distribution.resource,
                    problem.origin,
                )
                for problem in problems
            )
    return tuple(sorted(found, key=Finding.sort_key))
