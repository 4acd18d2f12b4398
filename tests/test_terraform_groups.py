"""Terraform module directories read apart, in groups no local call joins (and so side by
side, and cached one group at a time), with the work of all of them bounded as one run's."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cf502lint.parsers.terraform import budget
from cf502lint.parsers.terraform.groups import Group, module_groups
from cf502lint.parsers.terraform.syntax import File
from cf502lint.source.text import Reader

from .helpers import FIXTURES, cli

SITE = (FIXTURES / "bad_input" / "terraform" / "site.tf").read_text()
"""A distribution whose origin ``site`` has one CF101, on line 9 (10 with a comment)."""
SPEND = (
    'locals {\n  spend = join(",", flatten([for a in range(20) : [for b in range(20) : b]]))\n}\n'
)
"""Some 490 expressions evaluated, when the distribution's comment refers to it."""


def _write(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return str(path.parent)


def test_modules_a_local_call_joins_are_one_group(tmp_path: Path) -> None:
    caller = _write(tmp_path / "app" / "main.tf", 'module "web" {\n  source = "./web"\n}\n')
    web = _write(tmp_path / "app" / "web" / "main.tf", SITE)
    json_caller = _write(
        tmp_path / "json" / "main.tf.json",
        json.dumps({"module": {"shared": {"source": "../shared"}}}),
    )
    shared = _write(tmp_path / "shared" / "main.tf", SITE)
    alone = _write(tmp_path / "alone" / "main.tf", SITE)
    registry = _write(
        tmp_path / "registry" / "main.tf", 'module "cdn" {\n  source = "cloudposse/cdn/aws"\n}\n'
    )
    network = _write(tmp_path / "network" / "main.tf", 'resource "aws_vpc" "main" {}\n')
    directories = [alone, caller, shared, web, caller, json_caller, registry, network]
    assert module_groups(directories, Reader()) == [
        Group([alone], checkable=True),
        Group([caller, web], checkable=True),
        Group([shared, json_caller], checkable=True),
        Group([registry], checkable=True),
        Group([network], checkable=False),
    ]


def _tree(root: Path, count: int) -> None:
    site = SITE.replace("  enabled = true\n", "  enabled = true\n  comment = local.spend\n")
    for index in range(count):
        _write(root / f"m{index:02}" / "site.tf", site)
        _write(root / f"m{index:02}" / "spend.tf", SPEND)


def _findings(out: str) -> list[str]:
    return [line for line in out.splitlines() if ": CF101 " in line]


def test_the_run_bound_falls_where_one_process_would_put_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Thirty modules of about 490 steps against a run bound of ten of them: the first ten
    groups keep their findings, and every later module is unknown, with a note, as one
    process reading them in one group found them; with workers or without, and from the
    cache too."""
    monkeypatch.setattr(budget, "MAX_RUN_STEPS", 5100)
    _tree(tmp_path, 30)
    monkeypatch.chdir(tmp_path)
    serial = cli("--no-cache", "--jobs", "1", ".")
    parallel = cli("--no-cache", "--jobs", "2", ".")
    monkeypatch.setenv("CF502LINT_CACHE_DIR", str(tmp_path / ".cache"))
    cold = cli("--jobs", "2", ".")
    warm = cli("--jobs", "2", ".")
    assert serial == parallel == cold == warm
    assert [line.split(":")[0] for line in _findings(serial.out)] == [
        os.path.join(f"m{index:02}", "site.tf") for index in range(10)
    ]
    notes = serial.err.splitlines()
    assert notes[0] == (
        "m10/spend.tf:2: note: local.spend: more than 5,100 expressions evaluated in this run; "
        "it and every later value of this module are unknown"
    )
    assert [note.split("/")[0] for note in notes] == [f"m{index}" for index in range(10, 30)]
    assert all("evaluated in this run" in note for note in notes)


def test_a_changed_module_is_read_again_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache holds each group: a change to one module reads that module's group, and
    the others come from the cache."""
    _tree(tmp_path, 3)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CF502LINT_CACHE_DIR", str(tmp_path / ".cache"))
    assert len(_findings(cli(".").out)) == 3
    (tmp_path / "m01" / "site.tf").write_text(SITE.replace('"https-only"', '"http-only"'))
    read: list[list[str]] = []
    from cf502lint import runner

    lint_terraform = runner._lint_terraform

    def counted(shared: runner._Shared, item: tuple[list[str], budget.Spent]) -> runner._Read:
        read.append(item[0])
        return lint_terraform(shared, item)

    monkeypatch.setattr(runner, "_lint_terraform", counted)
    result = cli("--jobs", "1", ".")
    assert read == [["m01"]]
    assert [line.split(":")[0] for line in _findings(result.out)] == ["m00/site.tf", "m02/site.tf"]


def test_modules_that_name_no_cloudfront_are_not_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A group that names no CloudFront and calls no module holds no distribution: its
    files are skipped, even a broken one (as a YAML file without CloudFront is), and the
    rest is linted."""
    _write(tmp_path / "site" / "main.tf", SITE)
    _write(tmp_path / "network" / "main.tf", 'resource "aws_vpc" "main" {\n  cidr_block = \n')
    _write(tmp_path / "network" / "lb.tf", 'resource "aws_lb" "app" {\n  name = "app"\n}\n')
    from cf502lint.parsers.terraform import module

    parsed: list[str] = []
    parse_file = module.parse_file

    def counted(text: str, path: str) -> File:
        parsed.append(os.path.relpath(path, tmp_path))
        return parse_file(text, path)

    monkeypatch.setattr(module, "parse_file", counted)
    monkeypatch.chdir(tmp_path)
    result = cli("--no-cache", "--jobs", "1", ".")
    assert result.code == 1
    assert result.err == ""
    assert [line.split(": ")[0] for line in _findings(result.out)] == ["site/main.tf:9:7"]
    assert parsed == ["site/main.tf"]
    alone = cli("--no-cache", "network")
    assert (alone.code, alone.out) == (
        0,
        "Nothing to check: no CloudFront distribution in 2 files.\n",
    )
