"""Which addresses the probe refuses to connect to.

A template in a pull request chooses the names the probe connects to, so a name that
resolves to the CI machine's own network (or its cloud metadata service) must not become a
way to scan it. Every address is checked after resolution, and the probe connects to the
checked address itself, never to the name again.
"""

from __future__ import annotations

import ipaddress

METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack instance metadata
        "169.254.170.2",  # Amazon ECS task metadata and credentials
        "169.254.170.23",  # Amazon EKS Pod Identity
        "fd00:ec2::254",  # AWS instance metadata over IPv6
        "fd00:ec2::23",  # Amazon EKS Pod Identity over IPv6
        "100.100.100.200",  # Alibaba Cloud instance metadata
    )
)


def refusal(address: str, allow_private: bool) -> str | None:
    """Why the probe must not connect to ``address``; None when it may."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in METADATA:
        return "a cloud metadata service address"
    if ip.is_multicast or ip.is_unspecified:
        return "not a public unicast address"
    if ip.is_global or allow_private:
        return None
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_private:
        return "a private address"
    return "not a public unicast address"
