"""Reading a file's bytes and decoding them to text, with the limits a CI run needs."""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .boundary import Boundary
from .tree import SourceError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_bytes(
    path: Path, max_bytes: int = DEFAULT_MAX_BYTES, flag: str | None = "--max-file-size"
) -> bytes:
    """Read a regular file of at most ``max_bytes``; never blocks on a FIFO or device.
    ``flag`` is the option that sets the limit, named when a file is above it."""
    see = f", see {flag}" if flag else ""
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise SourceError("broken symbolic link (its target does not exist)") from None
        raise SourceError("no such file or directory") from None
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror or error}") from None
    if stat.S_ISDIR(info.st_mode):
        try:
            os.listdir(path)
        except OSError as error:
            raise SourceError(f"cannot read directory: {error.strerror or error}") from None
        raise SourceError("is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise SourceError("not a regular file")
    if info.st_size > max_bytes:
        raise SourceError(
            f"file is too large ({info.st_size} bytes; the limit is {max_bytes}{see})"
        )
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror or error}") from None
    with os.fdopen(fd, "rb") as handle:
        data = read_at_most(handle, max_bytes + 1)
    if len(data) > max_bytes:
        raise SourceError(f"file is too large (more than {max_bytes} bytes{see})")
    return data


CHUNK = 1024 * 1024


def read_at_most(stream: BinaryIO, limit: int) -> bytes:
    """Up to ``limit`` bytes of ``stream``, read in chunks: a generous limit allocates
    nothing up front (``read(limit)`` would, whatever the stream holds)."""
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = stream.read(min(CHUNK, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _utf16_without_bom(head: bytes) -> bool:
    """Mostly-ASCII text in UTF-16: every other byte is zero, and the rest are not."""
    pairs = len(head) // 2
    if pairs < 2 or len(head) % 2:
        return False
    for zeros, text in ((head[1::2], head[0::2]), (head[0::2], head[1::2])):
        if zeros.count(0) >= 0.9 * pairs and text.count(0) == 0:
            return True
    return False


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or BOM-marked UTF-16/32; anything else is an error."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise SourceError(f"cannot decode as {encoding}: {error.reason}") from None
    if b"\x00" in data[:8192]:
        if _utf16_without_bom(data[:8192]):
            raise SourceError("UTF-16 without a byte order mark: save it as UTF-8 (or add a BOM)")
        raise SourceError("binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise SourceError(f"not valid UTF-8 (byte 0x{data[error.start]:02x})", line) from None


OUTSIDE_ROOTS = "not read: it resolves outside the linted directories (a symbolic link?)"


@dataclass(frozen=True, slots=True)
class Reader:
    """How a run reads files: the size limit, and the directories it may read."""

    max_bytes: int = DEFAULT_MAX_BYTES
    boundary: Boundary | None = None
    """None reads anywhere (the library default; the command line always sets it)."""
    files: FileStore | None = None
    """What a ``--fix`` or ``--diff`` run has read and changed (``source.store``)."""
    log: dict[str, str] | None = field(default=None, compare=False)
    """Where the digest (``text_digest``) of each file read is kept by path, for the cache."""

    def admits(self, path: str) -> bool:
        return self.boundary is None or self.boundary.admits(path)

    def read(self, path: str) -> str:
        """The decoded text of ``path``; raises ``SourceError``."""
        if not self.admits(path):
            raise SourceError(OUTSIDE_ROOTS)
        if self.files is not None:
            return self.files.read(path, self.max_bytes)
        text = decode(read_bytes(Path(path), self.max_bytes))
        if self.log is not None:
            self.log[path] = text_digest(text)
        return text


def text_digest(text: str) -> str:
    """The SHA-256 of ``text``, lone surrogates (file names that are not UTF-8) included."""
    import hashlib

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


if TYPE_CHECKING:
    from .store import FileStore
