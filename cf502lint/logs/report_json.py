"""The report as one JSON document; the text and HTML reports are drawn from it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from .aggregate import Aggregate, Group, bucket_starts
from .causes import describe
from .match import Explanation

SCHEMA = 1


def when(epoch: int) -> str | None:
    """ISO 8601 in UTC, to the minute (as precise as the aggregation)."""
    if epoch < 0:
        return None
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%MZ")


def _span(group: Group) -> dict[str, Any]:
    return {"count": group.count, "first": when(group.first), "last": when(group.last)}


def document(aggregate: Aggregate, explanations: Sequence[Explanation] | None) -> dict[str, Any]:
    """Everything the run found, as plain data."""
    statuses: dict[str, dict[str, int]] = {}
    for (detailed, status), group in aggregate.by("detailed", "status"):
        statuses.setdefault(detailed, {})[status] = group.count
    types = []
    for (detailed,), group in aggregate.by("detailed"):
        kind = describe(detailed)
        types.append(
            {
                "type": detailed,
                **_span(group),
                "statuses": statuses[detailed],
                "side": kind.side,
                "meaning": kind.meaning,
                "causes": list(kind.causes),
                "documented": kind.documented,
            }
        )
    examples: dict[tuple[str, str], set[str]] = {}
    for (site, _, pattern), paths in aggregate.samples.items():
        examples.setdefault((site, pattern), set()).update(paths)
    patterns = [
        {
            "distribution": site,
            "pattern": pattern,
            **_span(group),
            "examples": sorted(examples.get((site, pattern), ()))[:3],
        }
        for (site, pattern), group in aggregate.by("site", "pattern")
    ]
    edges: dict[str, int] = {}
    for (_, _, edge), count in aggregate.edges.items():
        edges[edge] = edges.get(edge, 0) + count
    everything = aggregate.by("site")
    first = min((g.first for _, g in everything if g.first >= 0), default=-1)
    last = max((g.last for _, g in everything), default=-1)
    return {
        "schema": SCHEMA,
        "inputs": aggregate.inputs,
        "records": aggregate.lines,
        "errors": aggregate.errors,
        "malformed": aggregate.malformed,
        "first": when(first),
        "last": when(last),
        "by_type": types,
        "by_status": [{"status": s, **_span(g)} for (s,), g in aggregate.by("status")],
        "by_distribution": [{"distribution": s, **_span(g)} for (s,), g in everything],
        "by_host": [
            {"distribution": s, "host": h, **_span(g)} for (s, h), g in aggregate.by("site", "host")
        ],
        "by_pattern": patterns,
        "by_edge": [
            {"edge": e, "count": c} for e, c in sorted(edges.items(), key=lambda i: (-i[1], i[0]))
        ],
        "timeline": _timeline(aggregate),
        "groups": [
            {
                "distribution": k.site,
                "host": k.host,
                "pattern": k.pattern,
                "type": k.detailed,
                "status": k.status,
                **_span(g),
            }
            for k, g in sorted(aggregate.groups.items(), key=lambda i: (-i[1].count, str(i[0])))
        ],
        "explanations": None if explanations is None else [_explained(e) for e in explanations],
        "unmatched_hosts": [
            {"host": h, "count": c}
            for h, c in sorted(aggregate.unmatched_hosts.items(), key=lambda i: (-i[1], i[0]))
        ],
        "problems": [
            {"input": p.source, "line": p.line, "message": p.message, "fatal": p.fatal}
            for p in aggregate.problems
        ],
        "unreadable": aggregate.unreadable,
        "problems_left_off": aggregate.problems_left_off,
    }


def _timeline(aggregate: Aggregate) -> dict[str, Any]:
    timeline = aggregate.timeline
    counts = timeline.counts
    totals: dict[str, int] = {}
    for (detailed, _), count in counts.items():
        totals[detailed] = totals.get(detailed, 0) + count
    types = sorted(totals, key=lambda t: (-totals[t], t))
    buckets = [
        {
            "start": when(start),
            "counts": {t: counts[(t, start)] for t in types if (t, start) in counts},
        }
        for start in bucket_starts(timeline)
    ]
    return {"bucket_seconds": timeline.bucket, "types": types, "buckets": buckets}


def _explained(e: Explanation) -> dict[str, Any]:
    return {
        "distribution": e.site,
        "pattern": e.pattern,
        "origins": list(e.origins),
        "type": e.detailed,
        "count": e.count,
        "first": when(e.first),
        "last": when(e.last),
        "evidence": [
            {
                "kind": v.kind,
                "rule": v.rule_id,
                "name": v.rule_name,
                "severity": v.severity,
                "message": v.message,
                "path": v.path,
                "line": v.line,
                "origin": v.origin,
                "weight": v.weight,
            }
            for v in e.evidence
        ],
    }


def render(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
