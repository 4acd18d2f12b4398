"""``--format github``: GitHub Actions workflow commands, shown as annotations on the diff.

``::error file=site.yaml,line=30,col=15,title=CF101 https-to-s3-website-origin::message``.
Data is escaped as the Actions runner expects (``%``, CR and LF), and property values also
escape ``:`` and ``,``, which would otherwise end the value.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Finding, Notice, Severity
from ..runner import FileError, Report
from ..source.quote import printable
from . import Context
from .sarif import relative_path

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(name: str, properties: list[tuple[str, object]], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties)
    return f"::{name} {props}::{escape_data(message)}"


def _path(path: str, root: Path) -> str:
    # Annotations are placed by the path relative to the repository root (the working
    # directory of a workflow step); a path outside it is passed on as given.
    return relative_path(path, root) or path


def annotation(finding: Finding, root: Path) -> str:
    span = finding.span
    properties: list[tuple[str, object]] = [("file", _path(span.path, root)), ("line", span.line)]
    # GitHub supports columns only on single-line annotations.
    single_line = span.end_line is None or span.end_line == span.line
    if single_line:
        properties.append(("col", span.column))
    if span.end_line is not None:
        properties.append(("endLine", span.end_line))
        if single_line and span.end_column is not None:
            properties.append(("endColumn", span.end_column))
    properties.append(("title", f"{finding.rule_id} {finding.rule_name}"))
    return _command(COMMANDS[finding.severity], properties, finding.message)


def error_annotation(
    error: FileError | Notice, root: Path, command: str = "error", title: str = "file not linted"
) -> str:
    properties: list[tuple[str, object]] = [("file", _path(error.path, root))]
    if error.line:
        properties.append(("line", error.line))
    properties.append(("title", f"cf502lint: {title}"))
    return _command(command, properties, error.message)


def render(report: Report, context: Context) -> str:
    root = Path.cwd()
    lines = [annotation(f, root) for f in report.findings]
    lines += [error_annotation(e, root) for e in report.errors]
    lines += [error_annotation(n, root, "notice", "not checked in full") for n in report.notices]
    return "".join(f"{line}\n" for line in lines)
