"""Output formats: each a function from a report to the text written out."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..rule import Rule
from ..runner import Report


@dataclass(frozen=True, slots=True)
class Context:
    """What a reporter may need beyond the report itself."""

    version: str
    rules: Mapping[str, Rule] = field(default_factory=dict)
    color: bool = False
    excerpts: bool = False
    summary: bool = True
    """End the text report with a summary line (``--quiet`` turns it off)."""


Reporter = Callable[[Report, Context], str]


def reporters() -> dict[str, Reporter]:
    from . import github, gitlab, gnu, json_report, junit, sarif, text

    return {
        "text": text.render,
        "json": json_report.render,
        "sarif": sarif.render,
        "junit": junit.render,
        "github": github.render,
        "gitlab": gitlab.render,
        "gnu": gnu.render,
    }
