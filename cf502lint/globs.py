"""Path globs of a configuration file: ``exclude`` and ``per-file-ignores``.

The semantics follow ruff's ``exclude``:

* A pattern without a ``/`` matches any one path component: a file name or the name of
  any directory above the file (``cdk.out``, ``*.generated.yaml``).
* A pattern with a ``/`` is anchored at the configuration file's directory
  (``legacy/*.yaml``, ``envs/**/prod.tf``); ``**`` spans any number of directories.
* A pattern that matches a directory matches everything below it.
* Paths outside the configuration file's directory never match.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field


def _segment(pattern: str) -> str:
    """A regular expression for one path component's glob."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and "]" in pattern[i + 2 :]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1 : end]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


def compile_glob(pattern: str) -> re.Pattern[str]:
    """The regular expression a glob stands for (anchored patterns only)."""
    parts = [p for p in pattern.strip("/").split("/") if p not in ("", ".")]
    out: list[str] = []
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if part == "**":
            out.append(".*" if last else "(?:.*/)?")
        else:
            out.append(_segment(part) + ("" if last else "/"))
    return re.compile("".join(out))


def check_glob(pattern: str) -> str | None:
    """Why ``pattern`` is not a usable glob, or None."""
    if not pattern.strip("/ ").strip("."):
        return "an empty glob matches nothing"
    try:
        compile_glob(pattern)
    except re.error as error:
        return f"invalid glob: {error}"
    return None


@dataclass(frozen=True, slots=True)
class PathPatterns:
    """Globs relative to ``base`` (an absolute directory)."""

    base: str
    patterns: tuple[str, ...]
    _compiled: tuple[tuple[str, bool, re.Pattern[str]], ...] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        compiled = []
        for pattern in self.patterns:
            anchored = "/" in pattern.strip("/") or pattern.startswith(("/", "./"))
            regex = compile_glob(pattern) if anchored else re.compile(_segment(pattern))
            compiled.append((pattern, anchored, regex))
        object.__setattr__(self, "_compiled", tuple(compiled))

    def match(self, path: str) -> str | None:
        """The first pattern that matches ``path`` (relative to the working directory)."""
        relative = os.path.relpath(os.path.abspath(path), self.base).replace(os.sep, "/")
        if relative == ".." or relative.startswith("../") or os.path.isabs(relative):
            return None
        parts = [] if relative == "." else relative.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        for pattern, anchored, regex in self._compiled:
            candidates = prefixes if anchored else parts
            if any(regex.fullmatch(candidate) for candidate in candidates):
                return pattern
        return None

    def __call__(self, path: str) -> bool:
        return self.match(path) is not None


@dataclass(frozen=True, slots=True)
class PathRules:
    """One ``per-file-ignores`` entry: rules (ids, names or prefixes) not reported in files."""

    paths: PathPatterns
    rules: tuple[str, ...]
