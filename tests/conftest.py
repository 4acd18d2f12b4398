from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden .expected files (rule fixtures, reporters) from current output",
    )


@pytest.fixture(autouse=True, scope="session")
def _cache_of_this_run(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The CLI runs of the tests share one cache of their own, never the user's."""
    import os

    os.environ["CF502LINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
