"""Files as a Git revision has them: the configuration a pull request cannot change.

A pull request's own ``.cf502lint.toml`` could ``exclude`` everything, or its baseline record
every new finding, and pass. ``--config-ref BASE`` reads the configuration file, and the
baseline it names, from the base branch's commit instead, at the same paths: globs stay
anchored in the working tree being linted.
"""

from __future__ import annotations

import os
import subprocess


class RevisionError(Exception):
    """The revision or its repository cannot be read: a usage error."""


class Revision:
    """The files of one commit of the repository that holds ``directory``."""

    def __init__(self, ref: str, directory: str) -> None:
        self.ref = ref
        top = self._git(directory, "rev-parse", "--show-toplevel")
        if top is None:
            raise RevisionError(f"--config-ref {ref}: {directory} is not in a Git work tree")
        self.top = os.path.realpath(top.decode().strip())
        commit = self._git(self.top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        if commit is None:
            raise RevisionError(
                f"--config-ref {ref}: no such commit in this repository (a shallow clone may "
                f"need 'git fetch --depth=1 origin {ref}' first)"
            )
        self.commit = commit.decode().strip()

    def name(self, path: str) -> str | None:
        """``path`` as the revision names it (relative to the top), None if outside."""
        relative = os.path.relpath(os.path.realpath(path), self.top)
        if relative == ".." or relative.startswith(f"..{os.sep}"):
            return None
        return "" if relative == "." else relative.replace(os.sep, "/")

    def read(self, path: str, max_bytes: int) -> bytes | None:
        """The content of ``path`` at the revision; None when the revision has no such file.
        Raises ``RevisionError`` for one larger than ``max_bytes``."""
        name = self.name(path)
        if not name:
            return None
        spec = f"{self.commit}:{name}"
        kind = self._git(self.top, "cat-file", "-t", spec)
        if kind is None or kind.strip() != b"blob":
            return None
        size = self._git(self.top, "cat-file", "-s", spec)
        if size is None or int(size) > max_bytes:
            raise RevisionError(f"{self.ref}:{name}: larger than {max_bytes} bytes")
        return self._git(self.top, "cat-file", "blob", spec)

    def shown(self, path: str) -> str:
        return f"{self.ref}:{self.name(path) or path}"

    @staticmethod
    def _git(directory: str, *args: str) -> bytes | None:
        try:
            done = subprocess.run(
                ["git", "-C", directory, *args],
                capture_output=True,
                timeout=30,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise RevisionError(f"cannot run git: {error}") from None
        return done.stdout if done.returncode == 0 else None
