"""``--format gitlab``: a GitLab Code Quality report (a subset of the Code Climate format).

GitLab shows these in merge requests (``artifacts: reports: codequality``). Paths are
relative to the repository root (the job's working directory); the fingerprint hashes what a
finding is about, not its line, so a finding is not "new" just because lines moved.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..model import Finding, Severity
from ..runner import FileError, Report
from ..source.quote import json_text
from . import Context
from .sarif import fingerprints, relative_path

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def _hash(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _issue(finding: Finding, print_: str, root: Path) -> dict[str, Any]:
    span = finding.span
    lines = {"begin": span.line}
    if span.end_line is not None:
        lines["end"] = span.end_line
    return {
        "type": "issue",
        "engine_name": "cf502lint",
        "check_name": finding.rule_id,
        "description": f"{finding.rule_id} {finding.message} ({finding.rule_name})",
        "categories": ["Bug Risk"],
        "fingerprint": _hash(print_),
        "severity": SEVERITIES[finding.severity],
        "location": {"path": relative_path(span.path, root) or span.path, "lines": lines},
    }


def _error(error: FileError, root: Path) -> dict[str, Any]:
    path = relative_path(error.path, root) or error.path
    return {
        "type": "issue",
        "engine_name": "cf502lint",
        "check_name": "file-error",
        "description": f"cf502lint could not lint this file: {error.message}",
        "categories": ["Bug Risk"],
        "fingerprint": _hash(f"file-error\0{path}\0{error.message}"),
        "severity": "critical",
        "location": {"path": path, "lines": {"begin": error.line or 1}},
    }


def render(report: Report, context: Context) -> str:

    root = Path.cwd()
    prints = fingerprints(report.findings, root)
    issues = [_issue(f, p, root) for f, p in zip(report.findings, prints, strict=True)]
    issues += [_error(e, root) for e in report.errors]
    return json_text(issues)
