"""``--format sarif``: SARIF 2.1.0, as GitHub code scanning and SARIF viewers read it.

Paths are written relative to ``%SRCROOT%`` (the working directory, which in CI is the
repository root), so code scanning can place results; ``originalUriBaseIds`` says where that
root was. ``partialFingerprints`` hash what a finding is about, not where it is, so a result
keeps its identity when lines above it move.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..fingerprint import fingerprint as stable_fingerprint
from ..model import Finding, Notice, Severity
from ..rule import Rule
from ..runner import FileError, Report
from ..source.quote import json_text
from . import Context
from .json_report import unresolved_dict

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "cf502lint/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

_SECTION = re.compile(r"^##\s+(.+?)\s*$", re.MULTILINE)
_URL = re.compile(r"https?://\S+")


# -- helpers shared with the other CI formats ------------------------------------------------


def relative_path(path: str, root: Path) -> str | None:
    """``path`` as a POSIX path relative to ``root``; None when it lies outside ``root``."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(root)
        except ValueError:
            return None
    normal = os.path.normpath(candidate.as_posix()).replace(os.sep, "/")
    if normal == ".." or normal.startswith("../"):
        return None
    return normal


def fingerprint(finding: Finding, root: Path | None = None) -> str:
    """The finding's fingerprint, its file taken relative to ``root`` when it lies inside, so
    that ``infra/t.yaml`` and ``$PWD/infra/t.yaml`` agree."""
    path = finding.span.path
    path = (relative_path(path, root) if root else None) or os.path.normpath(path)
    return stable_fingerprint(finding, path)


def fingerprints(findings: Iterable[Finding], root: Path | None = None) -> list[str]:
    """``hash:n`` for each finding, ``n`` counting findings with the same hash (from 1)."""
    seen: dict[str, int] = {}
    out = []
    for finding in findings:
        digest = fingerprint(finding, root)
        seen[digest] = seen.get(digest, 0) + 1
        out.append(f"{digest}:{seen[digest]}")
    return out


def doc_sections(doc: str) -> dict[str, str]:
    """A rule docstring's ``## Title`` sections, keyed by lower-case title."""
    parts = _SECTION.split(doc)
    return {
        title.lower(): body.strip() for title, body in zip(parts[1::2], parts[2::2], strict=True)
    }


def help_uri(rule: Rule) -> str | None:
    """The first URL in the rule's ``## References`` section."""
    found = _URL.search(doc_sections(rule.doc).get("references", ""))
    return found.group(0).rstrip(").,>") if found else None


# -- the document ----------------------------------------------------------------------------


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    from ..explain import page

    what = " ".join(doc_sections(rule.doc).get("what it does", "").split())
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": what or rule.summary},
        "help": {"text": rule.doc.strip(), "markdown": page(rule).strip()},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["cloudfront", "reliability"]},
    }
    uri = help_uri(rule)
    if uri:
        descriptor["helpUri"] = uri
    return descriptor


def _bare_descriptor(finding: Finding) -> dict[str, Any]:
    """For a finding whose rule the context does not know."""
    return {
        "id": finding.rule_id,
        "name": finding.rule_name,
        "shortDescription": {"text": finding.rule_name},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
    }


def _artifact(path: str, root: Path) -> dict[str, Any]:
    from urllib.parse import quote

    relative = relative_path(path, root)
    if relative is None:
        return {"uri": Path(os.path.normpath(root / path)).as_uri()}
    # a file name that is not UTF-8 is percent-encoded as the bytes it is on disk
    return {"uri": quote(relative, errors="surrogateescape"), "uriBaseId": SRCROOT}


def _region(finding: Finding) -> dict[str, Any]:
    span = finding.span
    region: dict[str, Any] = {"startLine": span.line, "startColumn": span.column}
    if span.end_line is not None:
        region["endLine"] = span.end_line
        if span.end_column is not None:
            region["endColumn"] = span.end_column
    return region


def _result(finding: Finding, index: int, print_: str, root: Path) -> dict[str, Any]:
    location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": _artifact(finding.span.path, root),
            "region": _region(finding),
        }
    }
    if finding.resource:
        location["logicalLocations"] = [
            {"fullyQualifiedName": finding.resource, "kind": "resource"}
        ]
    return {
        "ruleId": finding.rule_id,
        "ruleIndex": index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: print_},
    }


def _notification(problem: FileError | Notice, root: Path, level: str) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": _artifact(problem.path, root)}
    if problem.line:
        physical["region"] = {"startLine": problem.line}
    return {
        "level": level,
        "message": {"text": problem.message},
        "locations": [{"physicalLocation": physical}],
    }


MAX_RESULTS = 25_000
"""Results per run GitHub code scanning accepts (it rejects a run with more)."""
MAX_GZIPPED_BYTES = 10 * 1024 * 1024
"""The largest (gzip-compressed) SARIF file GitHub code scanning accepts."""


def sarif_log(
    report: Report,
    rules: Mapping[str, Rule],
    version: str,
    root: Path,
    max_results: int = MAX_RESULTS,
) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dictionary.

    File errors and notices are the invocation's notifications, and the configuration file
    used is one of its properties. After a baseline, recorded findings are results too, with
    ``baselineState: unchanged`` (the others ``new``). At most ``max_results`` results are
    written, errors first and recorded findings last, and a notification says what was left.
    """
    known = report.known or ()
    everything = [*report.findings, *known]
    if known:
        everything.sort(key=Finding.sort_key)
    prints = dict(zip(map(id, everything), fingerprints(everything, root), strict=True))
    is_known = {id(f) for f in known}
    kept = sorted(everything, key=lambda f: (-f.severity.rank, id(f) in is_known, f.sort_key()))[
        :max_results
    ]
    kept_ids = {id(f) for f in kept}
    results_of = [f for f in everything if id(f) in kept_ids]
    descriptors = [_rule_descriptor(rules[key]) for key in sorted(rules, key=lambda k: rules[k].id)]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    for finding in results_of:
        if finding.rule_id not in index:
            index[finding.rule_id] = len(descriptors)
            descriptors.append(_bare_descriptor(finding))
    results = []
    for finding in results_of:
        result = _result(finding, index[finding.rule_id], prints[id(finding)], root)
        if report.known is not None:
            result["baselineState"] = "unchanged" if id(finding) in is_known else "new"
        results.append(result)
    notifications = [
        *(_notification(e, root, "error") for e in report.errors),
        *(_notification(n, root, "note") for n in report.notices),
    ]
    left_out = len(everything) - len(results)
    if left_out:
        notifications.append(_left_out(left_out, len(results), everything, kept_ids))
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "cf502lint",
                "version": version,
                "rules": descriptors,
            }
        },
        "invocations": [
            {
                "executionSuccessful": not report.errors,
                "toolExecutionNotifications": notifications,
                "properties": {
                    "configuration": report.configuration,
                    "origins": report.origins,
                    "unresolvedOrigins": [unresolved_dict(u) for u in report.unresolved],
                },
            }
        ],
        "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _left_out(
    count: int, written: int, everything: Sequence[Finding], kept: set[int]
) -> dict[str, Any]:
    dropped = Counter(str(f.severity) for f in everything if id(f) not in kept)
    detail = ", ".join(f"{dropped[s]} {s}" for s in ("error", "warning", "info") if dropped[s])
    return {
        "level": "warning",
        "message": {
            "text": f"{count} results left out ({detail}): GitHub code scanning accepts at "
            f"most {MAX_RESULTS:,} results and {MAX_GZIPPED_BYTES // 2**20} MB (compressed) "
            f"per run; {written} written, errors first. Every finding is in the other formats."
        },
    }


def render(report: Report, context: Context) -> str:
    """The SARIF text, cut to fit GitHub's upload limits (see ``sarif_log``)."""
    import gzip

    limit = MAX_RESULTS
    while True:
        text = json_text(sarif_log(report, context.rules, context.version, Path.cwd(), limit))
        size = len(gzip.compress(text.encode("utf-8", "backslashreplace"), compresslevel=6))
        results = len(report.findings) + len(report.known or ())
        if size <= MAX_GZIPPED_BYTES or limit == 0:
            return text
        limit = int(min(limit, results) * MAX_GZIPPED_BYTES / size * 0.9)
