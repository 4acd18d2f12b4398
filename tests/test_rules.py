"""Every rule against its golden fixtures: fixtures/rules/<rule_module>/{good,bad}*.

A ``bad*`` file must produce exactly the findings in ``<file>.expected`` (one text-format
line each, paths relative to the fixture directory); a ``good*`` file must produce none. Only
the rule under test runs. ``pytest --update-golden`` rewrites the expected files.

A ``bad*`` or ``good*`` directory is one case too: a Terraform module (``bad-tf/main.tf`` with
its siblings and local child modules), linted as the directory; its golden file is
``<directory>.expected`` next to it, e.g. ``bad-tf/main.tf:12:7: CF101 ...``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cf502lint.config import Config
from cf502lint.parsers import ParseOptions
from cf502lint.reporters.text import line
from cf502lint.runner import run

from .helpers import FIXTURES, installed_rules

RULE_FIXTURES = FIXTURES / "rules"
SKIP_SUFFIXES = (".expected", ".md", ".tfvars")


def cases() -> list[tuple[str, Path]]:
    found = []
    by_stem = {r.name.replace("-", "_"): r.id for r in installed_rules().values()}
    for directory in sorted(p for p in RULE_FIXTURES.iterdir() if p.is_dir()):
        for path in sorted(directory.iterdir()):
            if path.name.startswith(("bad", "good")) and not path.name.endswith(SKIP_SUFFIXES):
                found.append((by_stem.get(directory.name, directory.name), path))
    return found


def findings_of(rule_id: str, path: Path) -> list[str]:
    rules = installed_rules()
    cwd = os.getcwd()
    os.chdir(path.parent)
    try:
        report = run([path.name], rules, Config(select=(rule_id,)), ParseOptions())
    finally:
        os.chdir(cwd)
    assert not report.errors, report.errors
    return [line(f) for f in report.findings]


@pytest.mark.parametrize(
    ("rule_id", "path"),
    cases(),
    ids=lambda v: v if isinstance(v, str) else f"{v.parent.name}/{v.name}",
)
def test_rule_fixture(rule_id: str, path: Path, request: pytest.FixtureRequest) -> None:
    assert rule_id in installed_rules(), f"fixture directory {path.parent.name} names no rule"
    found = findings_of(rule_id, path)
    if path.name.startswith("good"):
        assert found == []
        return
    expected = path.with_name(path.name + ".expected")
    if request.config.getoption("--update-golden"):
        expected.write_text("".join(f"{f}\n" for f in found))
    assert found, f"{path.name} is a bad fixture but produced no finding"
    assert found == expected.read_text().splitlines()
