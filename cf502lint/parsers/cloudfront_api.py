"""The CloudFront API front end: what ``aws cloudfront`` and the SDKs print and accept.

A document is recognised by its shape, with or without a recorded boto3 response around it
(placebo's ``{"status_code", "data"}``): a bare DistributionConfig; ``{"ETag",
"DistributionConfig"}`` (get-distribution-config); ``{"Distribution": {"Id", ...,
"DistributionConfig"}}`` (get-distribution, create- and update-distribution);
``{"DistributionConfigWithTags": ...}`` or its content ``{"Tags", "DistributionConfig"}``;
and list-distributions output, whose summaries carry the configuration fields directly.

Cache and origin request policies are read in a first pass over every file of a run
(``read_policies``), so that a behaviour naming a custom policy by id resolves against
get-cache-policy, get-origin-request-policy or list-*-policies output given alongside.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from ..model import UNKNOWN_TARGET, Certificate, Document, SourceIssue, Span
from ..source.tree import LMap, Loaded
from . import policies
from .distribution_config import (
    Defaults,
    Domain,
    FunctionArn,
    VpcEndpoint,
    as_int,
    as_str,
    build_distribution,
    items,
    lambda_arn,
)
from .hostnames import classify

FORMAT = "cloudfront-api"
_STREAMING = ("StreamingDistributionConfig", "StreamingDistribution", "StreamingDistributionList")


@dataclass(frozen=True, slots=True)
class ApiPolicies:
    """Custom policies of a run, by lower-case id: whether each sends the viewer's Host."""

    cache: Mapping[str, bool | None] = field(default_factory=dict)
    origin_request: Mapping[str, bool | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Entry:
    """One distribution in a document: the mapping holding its configuration fields."""

    config: LMap
    name: str | None
    span: Span


def parse_api(loaded: Loaded, path: str, known: ApiPolicies | None = None) -> Document | None:
    """The distributions of a CloudFront API document; None when ``loaded`` is not one."""
    entries = _entries(_response(loaded.root))
    if not entries:
        return None
    names = _unique_names(entries, PurePath(path).name or path)
    issues = _issues(entries, loaded)
    context = ApiContext(known or ApiPolicies())
    distributions = tuple(
        build_distribution(
            entry.config,
            name=name,
            resource=None,
            span=entry.span,
            ctx=context,
            issues=found,
        )
        for entry, name, found in zip(entries, names, issues, strict=True)
    )
    return Document(path, FORMAT, distributions)


def _response(root: Any) -> Any:
    """What a recorded SDK call returned (placebo: ``{"status_code", "data"}``), else ``root``."""
    if isinstance(root, LMap) and "status_code" in root and isinstance(root.get("data"), LMap):
        return root["data"]
    return root


def _entries(root: Any) -> list[_Entry]:
    if not isinstance(root, LMap) or any(key in root for key in _STREAMING):
        return []
    for key in ("DistributionConfigWithTags", "Distribution"):
        if isinstance(root.get(key), LMap):
            root = root[key]
            break
    config = root.get("DistributionConfig")
    if isinstance(config, LMap):
        return [_Entry(config, as_str(root.get("Id")), root.span_of("DistributionConfig"))]
    listing = root.get("DistributionList")
    if isinstance(listing, LMap):
        found = items(listing.get("Items"))
        if found is None or not found[1]:
            return []
        return [
            _Entry(summary, as_str(summary.get("Id")), span)
            for summary, span in zip(*found, strict=True)
            if isinstance(summary, LMap)
        ]
    if _is_config(root):
        return [_Entry(root, as_str(root.get("Id")), root.span)]
    return []


def _is_config(mapping: LMap) -> bool:
    """A bare DistributionConfig (or one distribution summary): origins and a default behaviour."""
    origins = mapping.get("Origins")
    has_origins = isinstance(origins, list) or (
        isinstance(origins, LMap) and ("Items" in origins or "Quantity" in origins)
    )
    return has_origins and isinstance(mapping.get("DefaultCacheBehavior"), LMap)


def _unique_names(entries: list[_Entry], fallback: str) -> list[str]:
    """Each distribution's Id, else the file's name; repeated names get a position."""
    names = [entry.name or fallback for entry in entries]
    counts = Counter(names)
    return [
        name if counts[name] == 1 else f"{name} (#{index + 1})" for index, name in enumerate(names)
    ]


def _issues(entries: list[_Entry], loaded: Loaded) -> list[tuple[SourceIssue, ...]]:
    """Quantity mismatches and repeated keys, each on the distribution whose text holds it."""
    found: list[list[SourceIssue]] = [[] for _ in entries]
    owner: dict[Span, int] = {}
    for index, entry in enumerate(entries):
        for where, mapping in _mappings(entry.config):
            owner.update((span, index) for span in mapping.key_spans.values())
            issue = quantity_mismatch(where, mapping)
            if issue is not None:
                found[index].append(issue)
    for duplicate in loaded.duplicates:
        found[owner.get(duplicate.span, 0)].append(
            SourceIssue(
                kind="duplicate-key",
                message=f"key {duplicate.key!r} is written twice in one mapping (first on "
                f"line {duplicate.first.line}): the AWS CLI and SDKs keep only this value and "
                "drop the first; keep one",
                span=duplicate.span,
            )
        )
    return [tuple(issues) for issues in found]


def _mappings(root: LMap) -> Iterator[tuple[str, LMap]]:
    """Every mapping under ``root`` with its path (``Origins.Items[0].CustomHeaders``)."""
    stack: list[tuple[str, Any]] = [("", root)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, LMap):
            yield where, value
            stack.extend(
                (f"{where}.{key}" if where else key, child)
                for key, child in reversed(value.items())
            )
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", child) for i, child in reversed(list(enumerate(value))))


def quantity_mismatch(where: str, mapping: LMap) -> SourceIssue | None:
    """A ``{Quantity, Items}`` wrapper whose Quantity is not the number of Items."""
    if "Quantity" not in mapping:
        return None
    quantity = as_int(mapping["Quantity"])
    listed = mapping.get("Items")
    if quantity is None or not (listed is None or isinstance(listed, list)):
        return None
    count = 0 if listed is None else len(listed)
    if quantity == count:
        return None
    has = "no Items" if listed is None else f"{count} item{'' if count == 1 else 's'} in Items"
    return SourceIssue(
        kind="quantity-mismatch",
        message=f"{where or 'the distribution'} has Quantity {quantity} but {has}; "
        "CloudFront rejects the configuration (InconsistentQuantities)",
        span=mapping.span_of("Quantity"),
    )


class ApiContext:
    """Domains are literal; policy ids resolve through the run's policies and managed ones."""

    defaults = Defaults(ssl_protocols=None, http_version="http2")
    """The API has no documented default for OriginSslProtocols: unknown."""

    def __init__(self, known: ApiPolicies) -> None:
        self.known = known

    def viewer_certificate(self, value: Any) -> Certificate | None:
        return None

    def lambda_arn(self, value: Any) -> FunctionArn:
        return lambda_arn(value)

    def edge_function(self, value: Any, kind: str) -> None:
        """An API document holds no function settings."""

    def vpc_origin(self, value: Any) -> VpcEndpoint | None:
        """An API document names a VPC origin by its id only."""

    def domain(self, value: Any) -> Domain:
        if not isinstance(value, str):
            return Domain(None, None, UNKNOWN_TARGET)
        if not value.strip():
            return Domain(value, None, UNKNOWN_TARGET)
        return Domain(value, value, classify(value))

    def cache_policy_forwards_host(self, value: Any) -> bool | None:
        return _forwards_host(value, self.known.cache, policies.MANAGED_CACHE_POLICIES)

    def origin_request_policy_forwards_host(self, value: Any) -> bool | None:
        return _forwards_host(
            value, self.known.origin_request, policies.MANAGED_ORIGIN_REQUEST_POLICIES
        )


def _forwards_host(
    value: Any, known: Mapping[str, bool | None], managed: Mapping[str, tuple[str, bool]]
) -> bool | None:
    if not isinstance(value, str):
        return None
    key = value.strip().lower()
    if key in known:
        return known[key]
    return managed[key][1] if key in managed else None


def read_policies(roots: Iterable[Any]) -> ApiPolicies:
    """The custom policies in loaded documents; an id seen with two answers is unknown."""
    cache: dict[str, bool | None] = {}
    origin_request: dict[str, bool | None] = {}
    for root in roots:
        for kind, policy_id, answer in _policies(_response(root)):
            table = cache if kind == "CachePolicy" else origin_request
            key = policy_id.lower()
            table[key] = answer if table.get(key, answer) == answer else None
    return ApiPolicies(cache, origin_request)


def _policies(root: Any) -> Iterator[tuple[str, str, bool | None]]:
    if not isinstance(root, LMap):
        return
    for kind in ("CachePolicy", "OriginRequestPolicy"):
        listing = root.get(f"{kind}List")
        found = items(listing.get("Items")) if isinstance(listing, LMap) else None
        candidates = [i.get(kind) for i in found[0] if isinstance(i, LMap)] if found else []
        for policy in (*candidates, root.get(kind), root):
            if not isinstance(policy, LMap):
                continue
            policy_id, config = policy.get("Id"), policy.get(f"{kind}Config")
            if isinstance(policy_id, str) and isinstance(config, LMap):
                yield kind, policy_id, _policy_forwards_host(kind, config)


def _policy_forwards_host(kind: str, config: LMap) -> bool | None:
    parent: Any = config
    if kind == "CachePolicy":
        parent = config.get("ParametersInCacheKeyAndForwardedToOrigin")
    headers = parent.get("HeadersConfig") if isinstance(parent, LMap) else None
    if not isinstance(headers, LMap):
        return None
    listed = headers.get("Headers")
    found = ([], []) if listed is None else items(listed)
    names = None if found is None else found[0]
    behavior = headers.get("HeaderBehavior")
    if kind == "CachePolicy":
        return policies.cache_policy_forwards_host(behavior, names)
    return policies.origin_request_policy_forwards_host(behavior, names)
