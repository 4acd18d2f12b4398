"""``--jobs``: worker processes parse the files, and the output is the serial output."""

from __future__ import annotations

import pytest

from cf502lint import runner
from cf502lint.config import Config
from cf502lint.parsers import ParseOptions
from cf502lint.runner import PARALLEL_FILES, parse_paths

from .helpers import FIXTURES, cli

TREE = str(FIXTURES / "rules")


@pytest.mark.parametrize("format", ["text", "json", "sarif"])
def test_parallel_output_is_the_serial_output(format: str) -> None:
    serial = cli("--jobs", "1", "--format", format, TREE)
    parallel = cli("--jobs", "2", "--format", format, TREE)
    assert serial.code == parallel.code == 1
    assert parallel.out == serial.out
    assert parallel.err == serial.err


def test_parallel_parsing_gives_the_serial_documents_in_order() -> None:
    serial = parse_paths([TREE], Config(), ParseOptions(jobs=1))
    parallel = parse_paths([TREE], Config(), ParseOptions(jobs=2))
    assert len(serial.files) >= PARALLEL_FILES
    assert parallel == serial


def test_few_files_are_parsed_without_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a worker pool was started")

    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor", no_pool)
    few = str(FIXTURES / "rules" / "https_to_s3_website_origin")
    assert runner.parse_paths([few], Config(), ParseOptions(jobs=8)).documents


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_number(value: str) -> None:
    assert cli("--jobs", value, TREE).code == 2
