"""Writing reports and baselines: atomically, and never through a link someone committed.

A pull request can commit ``cf502lint.sarif -> ~/.bashrc``. The new text goes to a
temporary file beside the destination, which then replaces the destination's directory
entry: a symbolic link there is replaced, not followed, and a reader never sees half a file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile

MODE = 0o644


def write_text(path: str, text: str) -> None:
    """Write ``text`` as UTF-8; a lone surrogate (an undecodable file name) is written as
    its backslash escape, which JSON reads back as the same string. Raises ``OSError``."""
    data = text.encode("utf-8", "backslashreplace")
    directory, name = os.path.split(path)
    handle, temporary = tempfile.mkstemp(dir=directory or ".", prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, MODE)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def replace_if_unchanged(path: str, data: bytes, expected: bytes) -> bool:
    """Replace the file ``path`` with ``data`` unless it no longer holds ``expected``; False
    when it changed (nothing is written then). The file keeps its permissions; a symbolic
    link is followed, so that the file it names is the one fixed. Raises ``OSError``."""
    real = os.path.realpath(path)
    before = os.stat(real)
    with open(real, "rb") as file:
        if file.read() != expected:
            return False
    directory, name = os.path.split(real)
    handle, temporary = tempfile.mkstemp(dir=directory or ".", prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, stat.S_IMODE(before.st_mode))
        after = os.stat(real)
        if (after.st_mtime_ns, after.st_size, after.st_ino) != (
            before.st_mtime_ns,
            before.st_size,
            before.st_ino,
        ):
            os.unlink(temporary)
            return False
        os.replace(temporary, real)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return True
