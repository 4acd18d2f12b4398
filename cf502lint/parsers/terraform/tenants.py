"""The domains of ``aws_cloudfront_distribution_tenant`` resources, which a
``aws_cloudfront_multitenant_distribution`` serves as its viewers' Host names."""

from __future__ import annotations

from collections.abc import Iterable

from ...source.tree import LList, LMap
from ..distribution_config import as_bool, as_str

MULTITENANT_DISTRIBUTION = "aws_cloudfront_multitenant_distribution"
TENANT = "aws_cloudfront_distribution_tenant"


def tenant_domains(tenants: Iterable[LMap]) -> tuple[str | None, ...]:
    """The domains of the enabled tenants (``domain`` blocks); None for one not known."""
    found: list[str | None] = []
    for body in tenants:
        if as_bool(body.get("enabled")) is False:
            continue
        blocks = body.get("domain")
        if not isinstance(blocks, LList):
            found.append(None)
            continue
        for block in blocks:
            found.append(as_str(block.get("domain")) if isinstance(block, LMap) else None)
    return tuple(dict.fromkeys(found))
