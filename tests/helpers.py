"""Shared test helpers: the installed rules, and running the CLI in-process."""

from __future__ import annotations

import io
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cf502lint.cli import main
from cf502lint.plugins import collect_rules, plugin_manager
from cf502lint.rule import Rule

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


@cache
def installed_rules() -> dict[str, Rule]:
    return collect_rules(plugin_manager())


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def cli(*args: str, stdin: str | None = None) -> Run:
    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exit_:
                code = int(exit_.code or 0)
    finally:
        sys.stdin = old_stdin
    return Run(code, out.getvalue(), err.getvalue())
