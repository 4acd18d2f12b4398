"""Finding the files to lint under the paths a user gave."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

SKIPPED_DIRECTORIES = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".terraform",
        ".aws-sam",
        ".venv",
        "venv",
        "node_modules",
        "__pycache__",
        ".tox",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
    }
)


def skipped(directory: str) -> bool:
    """Directories never descended into: VCS data, dependencies, build assets."""
    return directory in SKIPPED_DIRECTORIES or directory.startswith("asset.")


def discover(
    paths: list[str],
    wanted: Callable[[str], bool],
    exclude: Callable[[str], bool] | None = None,
) -> Iterator[tuple[str, bool]]:
    """Yield (path, explicit) for each file to lint, in a stable order.

    Files named on the command line are always yielded (explicit); files found in
    directories only when ``wanted`` accepts their name. Symbolic links to directories are
    followed once: a loop is not walked twice. Paths ``exclude`` accepts are skipped, named
    on the command line or not (the configuration's ``exclude``). A directory that cannot
    be listed is yielded too, after the walk, so that reading it reports why.
    """
    for given in paths:
        if exclude is not None and exclude(given):
            continue
        if not os.path.isdir(given):
            yield given, True
            continue
        seen: set[tuple[int, int]] = set()
        unreadable: list[OSError] = []
        for root, directories, files in os.walk(given, followlinks=True, onerror=unreadable.append):
            try:
                info = os.stat(root)
            except OSError:
                directories[:] = []
                continue
            key = (info.st_dev, info.st_ino)
            if key in seen:
                directories[:] = []
                continue
            seen.add(key)
            directories[:] = sorted(
                d
                for d in directories
                if not skipped(d) and not (exclude and exclude(os.path.join(root, d)))
            )
            for name in sorted(files):
                if wanted(name) and not (exclude and exclude(os.path.join(root, name))):
                    yield str(Path(root, name)) if root != "." else name, False
        for error in unreadable:
            directory = str(error.filename)
            if not (exclude and exclude(directory)):
                yield directory, False
