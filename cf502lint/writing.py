"""Writing reports and baselines: atomically, and never through a link someone committed.

A pull request can commit ``cf502lint.sarif -> ~/.bashrc``. The new text goes to a
temporary file beside the destination, which then replaces the destination's directory
entry: a symbolic link there is replaced, not followed, and a reader never sees half a file.
"""

from __future__ import annotations

import contextlib
import os
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
