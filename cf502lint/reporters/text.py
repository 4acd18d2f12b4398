"""``--format text``: one line per finding, for people."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..model import Finding, Severity
from ..runner import Report
from ..source.quote import printable
from . import Context

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def line(finding: Finding, color: bool = False) -> str:
    span = finding.span
    where = printable(f"{span.path}:{span.line}:{span.column}:")
    rule = finding.rule_id
    severity = f"[{finding.severity}]"
    if color:
        where = f"\033[1m{where}\033[0m"
        rule = f"\033[1;{_COLORS[finding.severity]}m{rule}\033[0m"
    return f"{where} {rule} {severity} {printable(finding.message)} ({finding.rule_name})"


def _excerpt(finding: Finding, cache: dict[str, list[str]]) -> list[str]:
    path = finding.span.path
    if path not in cache:
        try:
            cache[path] = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            cache[path] = []
    lines = cache[path]
    number = finding.span.line
    if not 0 < number <= len(lines):
        return []
    text = printable(lines[number - 1].expandtabs(1))
    gutter = f"{number:>5} | "
    return [f"{gutter}{text}", " " * (len(gutter) + finding.span.column - 1) + "^"]


def render(report: Report, context: Context) -> str:
    out: list[str] = []
    cache: dict[str, list[str]] = {}
    for finding in report.findings:
        out.append(line(finding, context.color))
        if context.excerpts:
            out.extend(_excerpt(finding, cache))
    counts = Counter(str(f.severity) for f in report.findings)
    if report.findings:
        detail = ", ".join(f"{counts[s]} {s}" for s in ("error", "warning", "info") if counts[s])
        noun = "finding" if len(report.findings) == 1 else "findings"
        out.append(f"Found {len(report.findings)} {noun} ({detail}).")
    elif not report.errors:
        files = len(report.files)
        out.append(f"All checks passed ({files} {'file' if files == 1 else 'files'}).")
    return "\n".join(out) + "\n"
