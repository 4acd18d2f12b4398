"""Helpers for testing rules: ours and third-party packs alike."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .config import Config
from .engine import lint
from .model import Finding
from .parsers import ParseOptions, parse_text
from .rule import Rule

_FENCE = re.compile(r"```(\w+)\n(.*?)```", re.DOTALL)
SUFFIX_FOR_FENCE = {"yaml": ".yaml", "json": ".json", "hcl": ".tf", "terraform": ".tf"}


@dataclass(frozen=True, slots=True)
class DocExample:
    language: str
    text: str
    fires: bool
    """True for the "Example" snippet, False for the "Use instead" one."""


def doc_examples(rule: Rule) -> list[DocExample]:
    """The fenced examples of a rule's "## Example" section, in order."""
    section = rule.doc.split("## Example", 1)[-1].split("\n## ", 1)[0]
    bad, _, good = section.partition("Use instead")
    return [
        DocExample(language, text, fires)
        for part, fires in ((bad, True), (good, False))
        for language, text in _FENCE.findall(part)
    ]


def lint_text(
    text: str,
    path: str,
    rules: Iterable[Rule],
    options: ParseOptions | None = None,
) -> list[Finding]:
    """Findings of ``rules`` on one document given as text."""
    document = parse_text(text, path, options or ParseOptions())
    if document is None:
        return []
    result = lint([document], rules, Config())
    if result.crashes:
        raise result.crashes[0].error
    return list(result.findings)
