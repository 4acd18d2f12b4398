"""Load balancer listener actions and security group rules, read alike from CloudFormation
and Terraform once each front end has found the raw values."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import IngressRule, ListenerAction, Span
from .distribution_config import as_int

CLOUDFRONT_PREFIX_LIST = "com.amazonaws.global.cloudfront.origin-facing"
"""The AWS-managed prefix list of CloudFront's origin-facing addresses."""

_PROTOCOL_NUMBERS = {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", "all": "-1"}
_ANSWERS = ("forward", "redirect", "fixed-response")


def ip_protocol(value: Any) -> str | None:
    """A security group rule's protocol: ``tcp``, ``udp``, ``icmp``, ``icmpv6`` or ``-1``."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    return _PROTOCOL_NUMBERS.get(text, text)


def ingress_rules(
    span: Span,
    protocol: Any,
    from_port: Any,
    to_port: Any,
    sources: list[tuple[str | None, Any]],
) -> Iterator[IngressRule]:
    """One ``IngressRule`` per source, a source being (kind, value): the kind may be known
    when the value is not (a CIDR from a parameter, CloudFront's list by a data source)."""
    kind = ip_protocol(protocol)
    low, high = as_int(from_port), as_int(to_port)
    if kind == "-1":
        low, high = -1, -1
    for source_kind, value in sources:
        known = value if isinstance(value, str) else None
        yield IngressRule(
            span=span,
            protocol=kind,
            from_port=low,
            to_port=high,
            source_kind=source_kind,
            source=known,
        )


def answering(actions: list[Any], type_key: str) -> Any | None:
    """The action of a list that answers the request (the others authenticate first);
    None when there is not exactly one."""
    found = [
        action
        for action in actions
        if isinstance(action, dict)
        and not (isinstance(action.get(type_key), str) and action[type_key].startswith("auth"))
    ]
    return found[0] if len(found) == 1 else None


def listener_action(kind: Any, protocol: Any, host: Any, port: Any) -> ListenerAction:
    """What an action does: its type and, for a redirect, protocol, host and port (``None``
    values are unset and take the defaults, ``#{protocol}``, ``#{host}`` and ``#{port}``)."""
    if not isinstance(kind, str) or kind not in _ANSWERS:
        return ListenerAction(type=None)
    if kind != "redirect":
        return ListenerAction(type=kind)
    if protocol is None:
        protocol = "#{protocol}"
    if host is None:
        host = "#{host}"
    if port is None:
        port = "#{port}"
    if isinstance(port, int) and not isinstance(port, bool):
        port = str(port)
    return ListenerAction(
        type=kind,
        redirect_protocol=protocol.upper() if isinstance(protocol, str) else None,
        redirect_host=host if isinstance(host, str) else None,
        redirect_port=port if isinstance(port, str) else None,
    )
