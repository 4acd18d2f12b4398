"""What a fixing run read, and the texts it changed in memory.

``--fix`` and ``--diff`` lint, fix in memory and lint again. The readers read through a
``FileStore`` (``Reader.files``): a file the run has changed reads as its new text; any
other is read from disk, and the digest of its bytes is kept, so that a file that changes
between two reads of the run (someone saving it) is known, and is not written.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .text import decode, read_bytes


def key_of(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


class FileStore:
    def __init__(self) -> None:
        self.digests: dict[str, str] = {}
        """Each file read from disk (by ``key_of``): the SHA-256 of its bytes."""
        self.unstable: set[str] = set()
        """Files whose bytes differed between two reads of the run."""
        self.changed: dict[str, str] = {}
        """Files changed in memory: their new text."""

    def read(self, path: str, max_bytes: int, flag: str | None = "--max-file-size") -> str:
        """The text of ``path``: its changed text, or what is on disk (``SourceError``)."""
        key = key_of(path)
        if key in self.changed:
            return self.changed[key]
        data = read_bytes(Path(path), max_bytes, flag)
        self.note(key, data)
        return decode(data)

    def note(self, key: str, data: bytes) -> None:
        digest = hashlib.sha256(data).hexdigest()
        if self.digests.setdefault(key, digest) != digest:
            self.unstable.add(key)

    def original(self, path: str) -> str | None:
        """The digest of ``path`` as the run first read it; None when it was not read."""
        return self.digests.get(key_of(path))
