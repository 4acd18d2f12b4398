"""Reading the documentation the tests keep true: sections and fenced blocks."""

from __future__ import annotations

import re
from pathlib import Path

from .helpers import ROOT

README = ROOT / "README.md"
DOCS = ROOT / "docs"
USAGE = DOCS / "usage.md"
INPUTS = DOCS / "inputs.md"
CONFIGURATION = DOCS / "configuration.md"
INTEGRATIONS = DOCS / "integrations.md"
RELIABILITY = DOCS / "reliability.md"


def section(path: Path, title: str) -> str:
    """The text of the one ``## title`` section of ``path``, up to the next ``## ``."""
    text = path.read_text(encoding="utf-8")
    headings = re.findall(rf"^## {re.escape(title)}$", text, re.M)
    assert len(headings) == 1, f"{path.name} has {len(headings)} '## {title}' sections"
    found = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert found, f"{path.name} has no '## {title}' section"
    return found.group(1)


def blocks(text: str, language: str) -> list[str]:
    """The fenced ``language`` blocks of ``text``."""
    return re.findall(rf"^```{language}\n(.*?)^```", text, re.M | re.S)


def flat(text: str) -> str:
    """``text`` with its line breaks and runs of spaces made single spaces."""
    return " ".join(text.split())
