"""Finding the files to lint under the paths a user gave."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .model import Notice
from .source.boundary import Boundary

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


MAX_FILES = 100_000
"""Files one run lints at most; a tree with more is reported, not silently cut."""
MAX_ENTRIES = 2_000_000
"""Directory entries one run looks at, at most."""


@dataclass(slots=True)
class Found:
    """The files to lint, in a stable order, as (path, named on the command line)."""

    files: list[tuple[str, bool]] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    truncated: str | None = None
    """Why discovery stopped early, when it did."""


def discover(
    paths: list[str],
    wanted: Callable[[str], bool],
    exclude: Callable[[str], bool] | None = None,
    boundary: Boundary | None = None,
) -> Found:
    """The files to lint under ``paths``.

    Files named on the command line are always taken; files found in directories only
    when ``wanted`` accepts their name. A symbolic link to a directory is followed when its
    target is inside ``boundary`` (a notice names the others), and a loop is not walked
    twice. Paths ``exclude`` accepts are skipped, named on the command line or not.
    """
    found = Found()
    entries = 0
    for given in paths:
        if exclude is not None and exclude(given):
            continue
        if not os.path.isdir(given):
            found.files.append((given, True))
            continue
        seen: set[tuple[int, int]] = set()
        errors: list[OSError] = []
        for root, directories, files in os.walk(given, followlinks=True, onerror=errors.append):
            entries += len(directories) + len(files)
            if entries > MAX_ENTRIES or len(found.files) > MAX_FILES:
                found.truncated = (
                    f"stopped looking for files after {min(entries, MAX_ENTRIES)} directory "
                    f"entries and {len(found.files)} files: lint fewer directories at a time"
                )
                return found
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
                d for d in directories if _walkable(root, d, exclude, boundary, found)
            )
            for name in sorted(files):
                if wanted(name) and not (exclude and exclude(os.path.join(root, name))):
                    found.files.append((str(Path(root, name)) if root != "." else name, False))
        for error in errors:
            directory = str(error.filename)
            if not (exclude and exclude(directory)):
                found.files.append((directory, False))  # reading it reports why
    return found


def _walkable(
    root: str,
    name: str,
    exclude: Callable[[str], bool] | None,
    boundary: Boundary | None,
    found: Found,
) -> bool:
    path = os.path.join(root, name)
    if skipped(name) or (exclude and exclude(path)):
        return False
    if boundary is not None and os.path.islink(path) and not boundary.admits(path):
        found.notices.append(
            Notice(
                str(Path(path)),
                None,
                "not followed: a symbolic link to a directory outside the linted directories",
            )
        )
        return False
    return True
