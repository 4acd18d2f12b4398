"""``--format junit``: JUnit XML, one test case per linted file.

Each finding is a ``<failure>`` of its file's test case; a file that could not be read or
parsed gets an ``<error>``. CI systems (GitLab, Jenkins, Azure, CircleCI) show the files as
tests, so a clean file reads as a passing test.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..runner import Report
from ..source.quote import printable
from . import Context
from .text import line

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element


def _clean(text: str) -> str:
    """Text XML 1.0 can carry (it has no escape for most control characters)."""
    return printable(text)


def render(report: Report, context: Context) -> str:
    from xml.etree import ElementTree as ET

    paths = list(dict.fromkeys(report.files))
    paths += [p for p in dict.fromkeys(f.span.path for f in report.findings) if p not in paths]
    paths += [p for p in dict.fromkeys(e.path for e in report.errors) if p not in paths]

    suites = ET.Element("testsuites", name="cf502lint")
    suite = ET.SubElement(suites, "testsuite", name="cf502lint")
    failures = errors = 0
    for path in paths:
        case: Element = ET.SubElement(
            suite, "testcase", classname="cf502lint", name=_clean(path), file=_clean(path)
        )
        for finding in (f for f in report.findings if f.span.path == path):
            failures += 1
            failure = ET.SubElement(
                case,
                "failure",
                message=_clean(f"{finding.rule_id} {finding.message}"),
                type=f"{finding.rule_id} {finding.rule_name}",
            )
            failure.text = _clean(line(finding))
        for error in (e for e in report.errors if e.path == path):
            errors += 1
            where = f"{error.path}:{error.line}" if error.line else error.path
            element = ET.SubElement(
                case, "error", message=_clean(error.message), type="cf502lint.FileError"
            )
            element.text = _clean(f"{where}: error: {error.message}")
    for element in (suites, suite):
        element.set("tests", str(len(paths)))
        element.set("failures", str(failures))
        element.set("errors", str(errors))
    suite.set("skipped", "0")
    ET.indent(suites)
    body = ET.tostring(suites, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
