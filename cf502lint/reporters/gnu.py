"""``--format gnu``: ``path:line:col: severity: message [CF101]``, one line per problem.

The shape of GNU compiler messages, which Emacs ``compilation-mode``, Vim's ``errorformat``
and most editors and CI log parsers recognise without configuration.
"""

from __future__ import annotations

from ..model import Finding
from ..runner import FileError, Report
from . import Context


def _one_line(text: str) -> str:
    return " ".join(text.split())


def finding_line(finding: Finding) -> str:
    span = finding.span
    message = _one_line(finding.message)
    return (
        f"{span.path}:{span.line}:{span.column}: {finding.severity}: {message} [{finding.rule_id}]"
    )


def error_line(error: FileError) -> str:
    where = f"{error.path}:{error.line}" if error.line else error.path
    return f"{where}: error: {_one_line(error.message)}"


def render(report: Report, context: Context) -> str:
    lines = [finding_line(f) for f in report.findings]
    lines += [error_line(e) for e in report.errors]
    return "".join(f"{line}\n" for line in lines)
