"""Property-based tests (issue 6, item 3): a few examples on every run.

The properties and strategies live in ``tests/fuzz.py``, which also runs the longer
campaign: ``python -m tests.fuzz --minutes 5``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from cf502lint.model import Distribution

from .fuzz import (
    DISTRIBUTIONS,
    api_documents,
    cfn_templates,
    check_file,
    check_rules,
    check_tree,
    fixture_files,
    mutated_files,
    symlink_trees,
    terraform_modules,
)

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@FAST
@given(dist=DISTRIBUTIONS)
def test_rules_never_raise_on_random_models(dist: Distribution) -> None:
    check_rules(dist)


@settings(FAST, max_examples=60)
@given(file=mutated_files())
def test_mutated_fixtures_give_a_report_or_a_clean_error(
    file: tuple[str, bytes], scratch: Path
) -> None:
    name, data = file
    check_file(name, data, scratch / "case")


@settings(FAST, max_examples=40)
@given(file=cfn_templates())
def test_generated_cloudformation_templates(file: tuple[str, bytes], scratch: Path) -> None:
    check_file(*file, scratch / "case")


@settings(FAST, max_examples=25)
@given(file=api_documents())
def test_generated_cloudfront_api_documents(file: tuple[str, bytes], scratch: Path) -> None:
    check_file(*file, scratch / "case")


@settings(FAST, max_examples=25)
@given(file=terraform_modules())
def test_generated_terraform_modules(file: tuple[str, bytes], scratch: Path) -> None:
    check_file(*file, scratch / "case")


@settings(FAST, max_examples=25)
@given(entries=symlink_trees())
def test_links_out_of_the_tree_are_never_read(
    entries: list[tuple[str, str, str]], scratch: Path
) -> None:
    check_tree(entries, scratch / "tree")


def test_the_mutations_cover_every_front_end() -> None:
    suffixes = {path.suffix for path in fixture_files()}
    assert {".yaml", ".json", ".tf"} <= suffixes
    names = {path.name for path in fixture_files()}
    assert {"site.yaml", "site.json", "site-api.json", "site.tf"} <= names


def test_the_campaign_runs_side_by_side_and_adds_up(tmp_path: Path) -> None:
    """``--jobs 2``: two processes, every property tried by both, the figures summed."""
    import re
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    command = [sys.executable, "-m", "tests.fuzz", "--minutes", "0.1", "--jobs", "2"]
    command += ["--seed", "7", "--out", str(tmp_path / "failures")]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 process(es), seed 7" in done.stdout
    tried = dict(re.findall(r"^  ([\w-]+): (\d+) inputs tried", done.stdout, re.MULTILINE))
    assert set(tried) == {
        "rules",
        "mutated-fixtures",
        "cloudformation",
        "cloudfront-api",
        "terraform",
        "symlinks",
        "all",
    }
    per_property = sum(int(count) for label, count in tried.items() if label != "all")
    assert int(tried["all"]) == per_property > 0
    assert not (tmp_path / "failures").exists()
