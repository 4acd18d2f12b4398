"""From request paths to cache behaviours, origins and the findings that explain the errors.

CloudFront's path-pattern semantics (Developer Guide, "Path pattern"): ``*`` matches zero
or more characters (``/`` included), ``?`` exactly one; matching is case-sensitive and
ignores the query string; a leading ``/`` in the pattern makes no difference; ``&`` is
written ``&amp;``; the ordered behaviours are tried in order, the first match wins, and the
default behaviour (``*``) takes what none matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from ..model import Distribution, Finding, name_matches
from .aggregate import Aggregate, Group
from .causes import GROUP_RULES, describe

DEFAULT_PATTERN = "*"
ROUTE_CACHE = 50_000


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """The regular expression for a CloudFront path pattern, matched against a path."""
    text = pattern.replace("&amp;", "&").lstrip("/")
    parts = ("." if c == "?" else ".*" if c == "*" else re.escape(c) for c in text)
    return re.compile("/?" + "".join(parts), re.DOTALL)


def path_prefix(path: str) -> str:
    """How paths group when no cache behaviour is known: by their first segment."""
    head, slash, _ = path.lstrip("/").partition("/")
    return f"/{head}/*" if slash else f"/{head}"


@dataclass(frozen=True, slots=True)
class Behaviour:
    pattern: str
    regex: re.Pattern[str]
    target: str | None


@dataclass(frozen=True, slots=True)
class Site:
    """What the readers need of a distribution: its names and cache behaviours."""

    name: str
    aliases: tuple[str, ...]
    behaviours: tuple[Behaviour, ...]
    """The ordered behaviours, then the default one."""

    @classmethod
    def of(cls, name: str, dist: Distribution) -> Site:
        behaviours = [
            Behaviour(b.path_pattern, compile_pattern(b.path_pattern), b.target_origin_id)
            for b in dist.behaviors
            if b.path_pattern is not None
        ]
        default = dist.default_behavior
        target = default.target_origin_id if default is not None else None
        behaviours.append(Behaviour(DEFAULT_PATTERN, compile_pattern("*"), target))
        aliases = tuple(a for a in dist.aliases or () if a)
        return cls(name, aliases, tuple(behaviours))

    def behaviour_for(self, path: str) -> Behaviour:
        """The cache behaviour CloudFront applies to ``path`` (percent-decoded)."""
        return next(b for b in self.behaviours if b.regex.fullmatch(path))

    def behaviour_named(self, pattern: str) -> Behaviour | None:
        return next((b for b in self.behaviours if b.pattern == pattern), None)


@dataclass(frozen=True, slots=True)
class Routes:
    """The distributions of the infrastructure code, as the readers route records to them."""

    sites: tuple[Site, ...]

    def site_for(self, host: str) -> Site | None:
        """The distribution serving ``host``: the one with that alias, else the only one."""
        for site in self.sites:
            if any(name_matches(alias, host) for alias in site.aliases):
                return site
        return self.sites[0] if len(self.sites) == 1 else None


class Router:
    """Routes a record to (site, path pattern, matched), remembering recent answers."""

    def __init__(self, routes: Routes | None, distribution: str | None) -> None:
        self.routes = routes
        self.distribution = distribution
        """The distribution ID the input's name gives, if any."""
        self.cache: dict[tuple[bytes, bytes, bytes, bytes], tuple[str, str, bool]] = {}

    def route(
        self, host: bytes, distribution_host: bytes, stem: bytes, logged: bytes
    ) -> tuple[str, str, bool]:
        key = (host, distribution_host, stem, logged)
        found = self.cache.get(key)
        if found is None:
            if len(self.cache) >= ROUTE_CACHE:
                self.cache.clear()
            found = self.cache[key] = self._route(*(_text(k) for k in key))
        return found

    def _route(
        self, host: str, distribution_host: str, stem: str, logged: str
    ) -> tuple[str, str, bool]:
        path = unquote(stem)
        site = self.routes.site_for(host) if self.routes is not None else None
        if site is None:
            label = self.distribution or distribution_host or "-"
            return label, logged or path_prefix(path), self.routes is None
        if logged and site.behaviour_named(logged) is not None:
            return site.name, logged, True
        return site.name, site.behaviour_for(path).pattern, True


def _text(raw: bytes) -> str:
    text = raw.decode("utf-8", "backslashreplace")
    return "" if text == "-" else text


@dataclass(frozen=True, slots=True)
class Evidence:
    """A reason for the errors: a static finding or a live probe result."""

    kind: str
    """``finding`` (of the infrastructure code) or ``probe`` (of the live origin)."""
    rule_id: str
    rule_name: str
    severity: str
    message: str
    path: str
    line: int
    origin: str | None
    weight: int


@dataclass(frozen=True, slots=True)
class Explanation:
    """5xx of one detailed type on one cache behaviour, and what explains them."""

    site: str
    pattern: str
    origins: tuple[str, ...]
    detailed: str
    count: int
    first: int
    last: int
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Served:
    """A distribution of the infrastructure code, with its findings."""

    name: str
    distribution: Distribution
    findings: tuple[Finding, ...]
    probed: tuple[Finding, ...] = ()
    """What ``cf502lint probe`` found on its origins (``--probe``)."""


def explain(aggregate: Aggregate, served: Sequence[Served]) -> list[Explanation]:
    """For each (distribution, behaviour, detailed type) with 5xx, the ranked evidence."""
    by_name = {s.name: s for s in served}
    explanations = []
    for (site, pattern, detailed), group in aggregate.by("site", "pattern", "detailed"):
        known = by_name.get(site)
        if known is not None:
            explanations.append(_explanation(known, pattern, detailed, group))
    return sorted(explanations, key=lambda e: (-bool(e.evidence), -e.count, e.site, e.pattern))


def _explanation(served: Served, pattern: str, detailed: str, group: Group) -> Explanation:
    dist = served.distribution
    behaviour = Site.of(served.name, dist).behaviour_named(pattern)
    target = behaviour.target if behaviour is not None else None
    origins, grouped = _origins(dist, target)
    weights = dict(describe(detailed).rules)
    if grouped and describe(detailed).side == "origin":
        weights = {**GROUP_RULES, **weights}
    wanted = {*origins, *([target] if target else [])}
    evidence = [
        Evidence(
            kind,
            f.rule_id,
            f.rule_name,
            str(f.severity),
            f.message,
            f.span.path,
            f.span.line,
            f.origin,
            weights[f.rule_id],
        )
        for kind, found in (("finding", served.findings), ("probe", served.probed))
        for f in found
        if f.rule_id in weights and (f.origin is None or f.origin in wanted)
    ]
    evidence.sort(key=lambda e: (-e.weight, e.severity != "error", e.rule_id, e.path, e.line))
    return Explanation(
        served.name,
        pattern,
        origins,
        detailed,
        group.count,
        group.first,
        group.last,
        tuple(evidence),
    )


def _origins(dist: Distribution, target: str | None) -> tuple[tuple[str, ...], bool]:
    """The origins a target origin id reaches, and whether it is an origin group."""
    if target is None:
        return (), False
    group = dist.group(target)
    if group is None:
        return (target,), False
    return tuple(m for m in group.member_ids or () if m), True


def served_distributions(
    documents: Iterable[tuple[str, Sequence[Distribution], Sequence[Finding]]],
) -> list[Served]:
    """One entry per distribution (its first condition scenario), named uniquely."""
    entries: list[tuple[str, Distribution, tuple[Finding, ...]]] = []
    for path, distributions, findings in documents:
        seen: set[tuple[str, str | None]] = set()
        for dist in distributions:
            if (dist.name, dist.resource) in seen:
                continue
            seen.add((dist.name, dist.resource))
            mine = tuple(f for f in findings if f.resource == dist.resource)
            entries.append((path, dist, mine))
    names = [d.name for _, d, _ in entries]
    return [
        Served(d.name if names.count(d.name) == 1 else f"{path}:{d.name}", d, mine)
        for path, d, mine in entries
    ]


def routes_of(served: Sequence[Served]) -> Routes:
    return Routes(tuple(Site.of(s.name, s.distribution) for s in served))
