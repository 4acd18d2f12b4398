"""Reading a file's bytes and decoding them to text, with the limits a CI run needs."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

from .tree import SourceError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a regular file of at most ``max_bytes``; never blocks on a FIFO or device."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise SourceError("no such file or directory") from None
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror or error}") from None
    if not stat.S_ISREG(info.st_mode):
        raise SourceError("not a regular file")
    if info.st_size > max_bytes:
        raise SourceError(
            f"file is too large ({info.st_size} bytes; the limit is {max_bytes}, "
            "see --max-file-size)"
        )
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror or error}") from None
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise SourceError(f"file is too large (more than {max_bytes} bytes, see --max-file-size)")
    return data


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or BOM-marked UTF-16/32; anything else is an error."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise SourceError(f"cannot decode as {encoding}: {error.reason}") from None
    if b"\x00" in data[:8192]:
        raise SourceError("binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise SourceError(f"not valid UTF-8 (byte 0x{data[error.start]:02x})", line) from None
