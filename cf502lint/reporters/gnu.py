"""``--format gnu``: ``path:line:col: severity: message [CF101]``, one line per problem.

The shape of GNU compiler messages, which Emacs ``compilation-mode``, Vim's ``errorformat``
and most editors and CI log parsers recognise without configuration.
"""

from __future__ import annotations

from ..model import Finding, Notice
from ..runner import FileError, Report
from ..source.quote import printable
from . import Context


def _one_line(text: str) -> str:
    return " ".join(text.split())


def finding_line(finding: Finding) -> str:
    span = finding.span
    message = _one_line(finding.message)
    return printable(
        f"{span.path}:{span.line}:{span.column}: {finding.severity}: {message} [{finding.rule_id}]"
    )


def problem_line(problem: FileError | Notice, kind: str = "error") -> str:
    where = f"{problem.path}:{problem.line}" if problem.line else problem.path
    return printable(f"{where}: {kind}: {_one_line(problem.message)}")


def render(report: Report, context: Context) -> str:
    lines = [finding_line(f) for f in report.findings]
    lines += [problem_line(e) for e in report.errors]
    lines += [problem_line(n, "note") for n in report.notices]
    return "".join(f"{line}\n" for line in lines)
