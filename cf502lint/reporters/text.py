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
    if context.summary:
        out.extend(summary(report))
    return "".join(f"{text}\n" for text in out)


def summary(report: Report) -> list[str]:
    """The last lines of the text report: what was found, or that nothing was, and how many
    origins could not be checked at all."""
    counts = Counter(str(f.severity) for f in report.findings)
    files = _count(len(report.files), "file")
    lines: list[str] = []
    if report.fixed:
        remaining = len(report.findings)
        total = _count(report.fixed + remaining, "finding")
        lines.append(f"Found {total} ({report.fixed} fixed, {remaining} remaining).")
    elif report.findings:
        detail = ", ".join(f"{counts[s]} {s}" for s in ("error", "warning", "info") if counts[s])
        lines.append(f"Found {_count(len(report.findings), 'finding')} ({detail}).")
    elif not report.errors and not report.distributions:
        return [f"Nothing to check: no CloudFront distribution in {files}."]
    elif not report.errors:
        lines.append(f"All checks passed ({files}).")
    if report.unresolved:
        kinds = Counter(reason_kind(u.reason) for u in report.unresolved)
        why = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items(), key=lambda i: -i[1]))
        lines.append(
            f"{len(report.unresolved)} of {_count(report.origins, 'origin')} not checked: "
            f"what they are is not known ({why}; --format json lists them)."
        )
    if report.unsafe_fixes:
        count = report.unsafe_fixes
        lines.append(f"{count} more fix{'es' * (count != 1)} can be made with --unsafe-fixes.")
    return lines


_REASONS = (
    ("has no default", "parameter without a default"),
    ("from SSM", "SSM parameter"),
    ("dynamic reference", "dynamic reference"),
    ("Fn::ImportValue", "Fn::ImportValue"),
    ("has no value", "variable without a value"),
    ("module.", "output of a module not read"),
    ("data.", "data source"),
    ("after apply", "known after apply"),
    ("once it is deployed", "attribute known once deployed"),
)


def reason_kind(reason: str) -> str:
    """What kind of value left an origin unknown, for a summary."""
    return next((kind for needle, kind in _REASONS if needle in reason), "other value")


def statistics(report: Report, context: Context) -> str:
    """``--statistics``: how often each rule fired, most frequent first."""
    counts = Counter((f.rule_id, f.rule_name, str(f.severity)) for f in report.findings)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    width = len(str(max(counts.values(), default=0)))
    out = [
        f"{n:>{width}}  {rule_id}  [{severity}]  {name}" for (rule_id, name, severity), n in ordered
    ]
    if context.summary:
        out.extend(summary(report))
    return "".join(f"{text}\n" for text in out)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
