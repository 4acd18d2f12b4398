"""``--jobs``: worker processes lint the files, and the output is the serial output."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from cf502lint import runner, workers

from .helpers import FIXTURES, cli

TREE = str(FIXTURES / "rules")


def _count_pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    started: list[int] = []
    pool = workers.Workers._pool

    def counted(self: workers.Workers[Any]) -> Any:
        started.append(self.jobs)
        return pool(self)

    monkeypatch.setattr(workers.Workers, "_pool", counted)
    return started


@pytest.mark.parametrize("format", ["text", "json", "sarif"])
def test_parallel_output_is_the_serial_output(format: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every fixture: CloudFormation, API JSON, plans and Terraform modules."""
    serial = cli("--no-cache", "--jobs", "1", "--format", format, str(FIXTURES))
    started = _count_pools(monkeypatch)
    parallel = cli("--no-cache", "--jobs", "2", "--format", format, str(FIXTURES))
    assert started == [2]
    assert serial.code == parallel.code == 1
    assert parallel.out == serial.out
    assert parallel.err == serial.err


def test_the_default_is_a_worker_a_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "available_cores", lambda: 3)
    started = _count_pools(monkeypatch)
    assert cli("--no-cache", TREE).code == 1
    assert started == [3]


def test_few_files_are_linted_without_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    started = _count_pools(monkeypatch)
    few = FIXTURES / "rules" / "https_to_s3_website_origin"
    result = cli("--no-cache", "--jobs", "8", str(few))
    assert result.code == 1
    assert ": CF101 " in result.out
    assert started == []


def test_a_worker_that_dies_names_what_it_held_and_the_rest_is_linted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker killed under a file (out of memory, say) fails the files it had in hand, by
    name, and a new worker lints the rest."""
    template = (FIXTURES / "rules" / "https_to_s3_website_origin" / "bad.yaml").read_text()
    count = 40
    for index in range(count):
        (tmp_path / f"t{index:02}.yaml").write_text(template)
    monkeypatch.setattr(runner, "_lint_file", _dying)
    result = cli("--no-cache", "--jobs", "2", str(tmp_path))
    assert result.code == 2
    failed = [line for line in result.err.splitlines() if "internal error" in line]
    assert any(line.startswith(f"{tmp_path}/t05.yaml: error: ") for line in failed), result.err
    assert len(failed) <= 4 * 2, result.err
    assert "Traceback" not in result.err
    linted = {line.split(":")[0] for line in result.out.splitlines() if ": CF101 " in line}
    assert len(linted) == count - len(failed)
    assert f"{tmp_path}/t{count - 1}.yaml" in linted


_PARENT = os.getpid()
_LINT_FILE = runner._lint_file


def _dying(shared: Any, item: tuple[int, str, str | None, Any]) -> Any:
    """A task sent to workers by name: one file kills the worker that takes it."""
    if os.getpid() != _PARENT and item[1].endswith("t05.yaml"):
        os._exit(9)
    return _LINT_FILE(shared, item)


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_number(value: str) -> None:
    assert cli("--jobs", value, TREE).code == 2
