"""Whether cache and origin request policies send the viewer's Host header to the origin.

AWS managed policies have the same id in every account; their names are what Terraform data
sources look up.
"""

from __future__ import annotations

from collections.abc import Iterable

MANAGED_CACHE_POLICIES: dict[str, tuple[str, bool]] = {
    "658327ea-f89d-4fab-a63d-7e88639e58f6": ("Managed-CachingOptimized", False),
    "b2884449-e4de-46a7-ac36-70bc7f1ddd6d": (
        "Managed-CachingOptimizedForUncompressedObjects",
        False,
    ),
    "4135ea2d-6df8-44a3-9df3-4b5a84be39ad": ("Managed-CachingDisabled", False),
    "08627262-05a9-4f76-9ded-b50ca2e3a84f": ("Managed-Elemental-MediaPackage", False),
    "2e54312d-136d-493c-8eb9-b001f22f67d2": ("Managed-Amplify", True),
    "83da9c7e-98b4-4e11-a168-04f0df8e2c65": ("UseOriginCacheControlHeaders", True),
    "4cc15a8a-d715-48a4-82b8-cc0b614638fe": ("UseOriginCacheControlHeaders-QueryStrings", True),
    "4d1d2f1d-3a71-49ad-9e08-7ea5d843a556": ("Managed-Amplify-Default", True),
    "a6bad946-36c3-4c33-aa98-362c74a7fb13": ("Managed-Amplify-DefaultNoCookies", True),
    "1c6db51a-a33f-469a-8245-dae26771f530": ("Managed-Amplify-ImageOptimization", True),
    "7e5fad67-ee98-4ad0-b05a-394999eefc1a": ("Managed-Amplify-StaticContent", True),
}
"""Managed cache policy id -> (name, whether its cache key includes Host)."""

MANAGED_ORIGIN_REQUEST_POLICIES: dict[str, tuple[str, bool]] = {
    "216adef6-5c7f-47e4-b989-5492eafa07d3": ("Managed-AllViewer", True),
    "33f36d7e-f396-46d9-90e0-52428a34d9dc": (
        "Managed-AllViewerAndCloudFrontHeaders-2022-06",
        True,
    ),
    "b689b0a8-53d0-40ab-baf2-68738e2966ac": ("Managed-AllViewerExceptHostHeader", False),
    "59781a5b-3903-41f3-afcb-af62929ccde1": ("Managed-CORS-CustomOrigin", False),
    "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf": ("Managed-CORS-S3Origin", False),
    "775133bc-15f2-49f9-abea-afb2e0bf67d2": (
        "Managed-Elemental-MediaTailor-PersonalizedManifests",
        False,
    ),
    "acba4595-bd28-49b8-b9fe-13317c0390fa": ("Managed-UserAgentRefererHeaders", False),
    "bf0718e1-ba1e-49d1-88b1-f726733018ae": ("Managed-HostHeaderOnly", True),
}
"""Managed origin request policy id -> (name, whether it forwards the viewer's Host)."""


def managed_id(name: str, table: dict[str, tuple[str, bool]]) -> str | None:
    """The id of the managed policy called ``name`` (as Terraform data sources look it up)."""
    return next((pid for pid, (pname, _) in table.items() if pname == name), None)


def _has_host(headers: Iterable[object]) -> bool | None:
    found: bool | None = False
    for header in headers:
        if not isinstance(header, str):
            found = None
        elif header.lower() == "host":
            return True
    return found


def cache_policy_forwards_host(behavior: object, headers: Iterable[object] | None) -> bool | None:
    """A cache policy's HeadersConfig: only ``whitelist`` can name headers."""
    if behavior == "none":
        return False
    if behavior == "whitelist":
        return None if headers is None else _has_host(headers)
    return None


def origin_request_policy_forwards_host(
    behavior: object, headers: Iterable[object] | None
) -> bool | None:
    """An origin request policy's HeadersConfig."""
    if behavior in ("allViewer", "allViewerAndWhitelistCloudFront"):
        return True
    if behavior == "none":
        return False
    if headers is None:
        return None
    has_host = _has_host(headers)
    if behavior == "whitelist":
        return has_host
    if behavior == "allExcept":
        return None if has_host is None else not has_host
    return None


def legacy_forwards_host(headers: Iterable[object] | None) -> bool | None:
    """Legacy ForwardedValues.Headers: ``Host`` or ``*`` forwards it."""
    if headers is None:
        return None
    found: bool | None = False
    for header in headers:
        if header == "*":
            return True
        if not isinstance(header, str):
            found = None
        elif header.lower() == "host":
            return True
    return found


def either(*answers: bool | None) -> bool | None:
    """True if any says so, False if all say no, else unknown."""
    if any(answer is True for answer in answers):
        return True
    if all(answer is False for answer in answers):
        return False
    return None
