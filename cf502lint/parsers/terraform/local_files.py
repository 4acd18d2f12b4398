"""``file()`` and ``templatefile()`` of files of the linted tree.

CloudFront Function code is most often ``file("${path.module}/function.js")``; reading it
tells whether the function can change the origin. A file is read only inside the run's
boundary (the linted directories, or the root module's work tree when the library is called
without one), at most once, within the reader's size limit; anything else is unknown.
``templatefile`` keeps the template's text with each ``${...}`` interpolation unknown; a
template with ``%{...}`` directives, whose text depends on its variables, is unknown.
"""

from __future__ import annotations

import os
import re
from typing import Any

from ...source.boundary import Boundary
from ...source.text import Reader
from ...source.tree import SourceError
from ..values import Part, Unknown, concat

FUNCTIONS = ("file", "templatefile")
_INTERPOLATION = re.compile(r"\$\$\{|\$\{[^}]*\}")


class LocalFiles:
    """The files one module tree's ``file()`` and ``templatefile()`` calls name."""

    def __init__(self, reader: Reader, root_directory: str) -> None:
        self.reader = reader
        self.root_directory = root_directory
        self.boundary = reader.boundary or Boundary.around([root_directory])
        self._texts: dict[str, str | None] = {}

    def call(self, name: str, args: list[Any]) -> Any:
        path = args[0] if args and isinstance(args[0], str) else None
        text = None if path is None else self._text(path)
        if text is None:
            return Unknown(f"function {name}")
        if name == "file":
            return text
        if "%{" in text:
            return Unknown("templatefile with directives")
        return _template(text)

    def _text(self, path: str) -> str | None:
        resolved = self._resolve(path)
        if resolved not in self._texts:
            self._texts[resolved] = self._read(resolved)
        return self._texts[resolved]

    def _read(self, path: str) -> str | None:
        if not self.boundary.admits(path):
            return None
        try:
            return self.reader.read(path)
        except SourceError:
            return None

    def _resolve(self, path: str) -> str:
        """Terraform reads a relative path from the root module's directory; ``path.module``
        and ``path.root`` already carry that directory."""
        root = os.path.normpath(self.root_directory)
        normal = os.path.normpath(path)
        if os.path.isabs(normal) or root == "." or normal.startswith(root + os.sep):
            return normal
        return os.path.normpath(os.path.join(root, normal))


def _template(text: str) -> Any:
    parts: list[Part] = []
    position = 0
    for match in _INTERPOLATION.finditer(text):
        parts.append(text[position : match.start()])
        parts.append("${" if match.group() == "$${" else Unknown("template variable"))
        position = match.end()
    parts.append(text[position:])
    return concat(parts)
