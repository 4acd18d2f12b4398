"""``--probe``: the live probe (``cf502lint probe``) of the origins behind the errors only."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..model import Document, Finding
from .match import Explanation, Served

if TYPE_CHECKING:
    from ..probe.resolve import Resolver

CONCURRENCY = 4


class ProbeUnavailable(Exception):
    """The probe cannot run here (no DNS server, for one)."""


def probed(
    served: Sequence[Served],
    documents: Sequence[Document],
    explanations: Sequence[Explanation],
    timeout: float,
    allow_private: bool,
    resolver: Resolver | None = None,
    ca_file: str | None = None,
) -> tuple[list[Served], list[str]]:
    """``served`` with the probe's findings on the origins that had errors, and its notes."""
    from ..config import Config
    from ..probe.checks import judge
    from ..probe.deadline import Deadline
    from ..probe.origin import Options
    from ..probe.pool import probe_all
    from ..probe.progress import Progress
    from ..probe.resolve import DnsResolver, ResolverUnavailable
    from ..probe.targets import plan

    by_name = {s.name: s for s in served}
    wanted = {
        (by_name[e.site].distribution.name, by_name[e.site].distribution.resource, origin)
        for e in explanations
        for origin in e.origins
    }
    chosen = {}
    for target in plan(documents).targets:
        key = (target.distribution.name, target.distribution.resource, target.origin.id)
        if key in wanted and key not in chosen:
            chosen[key] = target
    if not chosen:
        return list(served), []
    if resolver is None:
        try:
            resolver = DnsResolver()
        except ResolverUnavailable as error:
            raise ProbeUnavailable(str(error)) from None
    if ca_file is None:
        import certifi

        ca_file = certifi.where()
    options = Options(resolver=resolver, ca_file=ca_file, allow_private=allow_private)
    targets = list(chosen.values())
    progress = Progress(sys.stderr, len(targets))
    try:
        observations = probe_all(
            targets, options, Deadline.after(timeout), CONCURRENCY, progress.update
        )
    finally:
        progress.close()
    findings = judge(observations, Config())
    notes = [
        f"{seen.target.label}: {note}"
        for seen in observations
        for note in (*seen.notes, *([seen.unfinished] if seen.unfinished else []))
    ]
    return [replace(s, probed=_theirs(s, findings)) for s in served], notes


def _theirs(served: Served, findings: Sequence[Finding]) -> tuple[Finding, ...]:
    origins = {o.id for o in served.distribution.origins}
    return tuple(
        f for f in findings if f.resource == served.distribution.resource and f.origin in origins
    )
