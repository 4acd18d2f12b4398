"""The directories a run may read: a hostile tree must not make cf502lint read outside it.

A pull request can commit a symbolic link (``creds.tf -> ~/.aws/credentials``), a directory
link to ``/`` or a Terraform ``source = "../../.."``. Whatever a path says, it is read only
when its real location is inside one of the run's roots: each directory named, the
directory of each file named, each widened to the Git work tree that holds it (a link from
``envs/prod`` to ``modules/`` in the same repository is fine).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

_MAX_GIT_SEARCH = 64
"""Directories climbed looking for the ``.git`` of a root, at most."""


@dataclass(frozen=True, slots=True)
class Boundary:
    roots: tuple[str, ...]
    """Real, absolute directories."""

    @classmethod
    def around(cls, paths: Iterable[str], cwd: str | None = None) -> Boundary:
        """The roots for linting ``paths`` (the working directory when none is given)."""
        roots: dict[str, None] = {}
        for path in [*paths] or ["."]:
            lexical = os.path.abspath(os.path.join(cwd or os.getcwd(), path))
            directory = lexical if os.path.isdir(lexical) else os.path.dirname(lexical)
            roots[work_tree(os.path.realpath(directory))] = None
        return cls(tuple(roots))

    def admits(self, path: str) -> bool:
        """Whether ``path``, with every link resolved, lies inside a root."""
        return self.contains(os.path.realpath(path))

    def contains(self, real: str) -> bool:
        return any(real == root or real.startswith(_slashed(root)) for root in self.roots)


def _slashed(root: str) -> str:
    return root if root.endswith(os.sep) else root + os.sep


def work_tree(directory: str) -> str:
    """The top of the Git work tree holding ``directory``, else ``directory`` itself."""
    current = directory
    for _ in range(_MAX_GIT_SEARCH):
        if os.path.exists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    return directory
