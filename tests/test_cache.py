"""The result cache (issue 14, item 5): a rerun gives the same report, and a change to
anything that decides a result lints again what it affects."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .helpers import cli

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "examples"


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the examples, linted from inside, with a cache of its own."""
    shutil.copytree(FIXTURES, tmp_path / "repo")
    (tmp_path / "repo" / ".git").mkdir()
    monkeypatch.chdir(tmp_path / "repo")
    monkeypatch.setenv("CF502LINT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path


def entries(tree: Path) -> list[Path]:
    return sorted((tree / "cache").rglob("*.json"))


def lint(*args: str) -> tuple[int, str]:
    run = cli("--format", "json", *args, ".")
    return run.code, run.out


def findings(out: str) -> list[tuple[str, str, int]]:
    found = json.loads(out)["findings"]
    return [(f["rule"], f["path"], f["line"]) for f in found]


def test_a_rerun_gives_the_same_report_from_the_cache(tree: Path) -> None:
    cold = lint()
    written = entries(tree)
    assert written, "the first run keeps what it found"
    stamps = [p.stat().st_mtime_ns for p in written]
    assert lint() == cold
    assert [p.stat().st_mtime_ns for p in entries(tree)] == stamps, "nothing linted again"
    assert cold[0] == 1 and findings(cold[1])
    assert (tree / "cache" / "CACHEDIR.TAG").is_file()


def test_no_cache_writes_nothing_and_reports_the_same(tree: Path) -> None:
    plain = lint("--no-cache")
    assert not (tree / "cache").exists()
    assert lint() == plain


def test_a_changed_file_is_linted_again(tree: Path) -> None:
    before = findings(lint()[1])
    site = tree / "repo" / "static-site.yaml"
    site.write_text(site.read_text().replace("TLSv1.2", "SSLv3"))
    after = findings(lint()[1])
    assert after != before
    assert after == findings(lint("--no-cache")[1])


def test_configuration_and_parameters_are_part_of_the_key(tree: Path) -> None:
    full = findings(lint()[1])
    ids = sorted({rule for rule, _, _ in full})
    assert ids
    without = findings(lint("--ignore", ids[0])[1])
    assert without == [f for f in full if f[0] != ids[0]]
    assert findings(lint()[1]) == full


def test_a_change_in_a_terraform_module_lints_the_module_again(tree: Path) -> None:
    main = tree / "repo" / "terraform" / "main.tf"
    before = findings(lint()[1])
    (main.parent / "extra.tf").write_text(main.read_text().replace('"site"', '"more"'))
    after = findings(lint()[1])
    assert after != before, "the new file's distribution is linted"
    assert after == findings(lint("--no-cache")[1])
    (main.parent / "extra.tf").unlink()
    assert findings(lint()[1]) == before


@pytest.mark.parametrize("content", ["{", '{"key": "x", "read": {}, "listed": {}, "value": 1}'])
def test_a_broken_or_foreign_entry_is_a_miss(tree: Path, content: str) -> None:
    cold = lint()
    for entry in entries(tree):
        entry.write_text(content)
    assert lint() == cold


def test_the_cache_directory_can_be_deleted_and_named(tree: Path) -> None:
    cold = lint()
    shutil.rmtree(tree / "cache")
    assert lint() == cold
    assert lint("--cache-dir", str(tree / "elsewhere")) == cold
    assert list((tree / "elsewhere").rglob("*.json"))
