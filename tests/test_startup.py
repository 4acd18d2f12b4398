"""Start-up: what a small run imports, and the entry-point reader that spares it
``importlib.metadata``."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points, version

from cf502lint import installed

from .helpers import FIXTURES

TEMPLATE = FIXTURES / "examples" / "static-site-fixed.yaml"


def test_a_template_run_imports_neither_terraform_nor_importlib_metadata() -> None:
    probe = (
        "import sys\n"
        "from cf502lint.cli import main\n"
        "try:\n"
        "    main(['--version'])\n"
        "except SystemExit:\n"
        "    pass\n"
        f"main([{str(TEMPLATE)!r}])\n"
        "heavy = ('importlib.metadata', 'email', 'tree_sitter', 'hcl2', 'lark',\n"
        "         'cf502lint.parsers.terraform.hcl', 'cf502lint.parsers.terraform.evaluate',\n"
        "         'cf502lint.parsers.terraform.plan')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "[]", done.stderr


def test_entry_points_are_those_importlib_metadata_finds() -> None:
    for group in ("cf502lint", "console_scripts"):
        ours = installed.entry_points(group)
        assert ours is not None
        theirs = entry_points(group=group)
        first: dict[str, str] = {}
        for point in ours:
            first.setdefault(point.name, point.value)
        assert first == {e.name: e.value for e in theirs}


def test_versions_are_those_importlib_metadata_finds() -> None:
    for project in ("cf502lint", "PyYAML", "pluggy", "tree-sitter-hcl"):
        assert installed.version(project) == version(project)
    assert installed.version("no-such-project-here") is None


def test_an_entry_point_loads_its_attribute() -> None:
    point = installed.EntryPoint("x", "cf502lint.installed:EntryPoint.load")
    assert point.load() is installed.EntryPoint.load
