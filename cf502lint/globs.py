"""Path globs of a configuration file: ``exclude`` and ``per-file-ignores``.

The semantics follow ruff's ``exclude``:

* A pattern without a ``/`` matches any one path component: a file name or the name of
  any directory above the file (``cdk.out``, ``*.generated.yaml``).
* A pattern with a ``/`` is anchored at the configuration file's directory
  (``legacy/*.yaml``, ``envs/**/prod.tf``); ``**`` spans any number of directories.
* A pattern that matches a directory matches everything below it.
* Paths outside the configuration file's directory never match.

Matching takes time proportional to the pattern's length times the path's, whatever the
pattern: a configuration file can come from a pull request, and a glob turned into a
backtracking regular expression (``*a*a*a…*ab``, as ``fnmatch`` and ``pathspec`` build
them) takes exponential time on a path that almost matches.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

MAX_GLOB = 256
"""Characters of one glob, at most."""


class _AnyRun:
    """``*`` in a component (any run of characters), ``**`` in a path (of components)."""


_STAR = _AnyRun()
_Char = Callable[[str], bool]
_Component = tuple[_Char | _AnyRun, ...]
T = TypeVar("T")
U = TypeVar("U")


class GlobError(ValueError):
    """A glob that cannot be used."""


def _class(body: str) -> _Char:
    negated = body.startswith("!")
    body = body[1:] if negated else body
    singles: set[str] = set()
    ranges: list[tuple[str, str]] = []
    i = 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            low, high = body[i], body[i + 2]
            if low > high:
                raise GlobError(f"bad character range {low}-{high}")
            ranges.append((low, high))
            i += 3
        else:
            singles.add(body[i])
            i += 1

    def matches(char: str) -> bool:
        inside = char in singles or any(low <= char <= high for low, high in ranges)
        return inside is not negated

    return matches


def _literal(expected: str) -> _Char:
    return expected.__eq__


def _any(char: str) -> bool:
    return True


def _component(pattern: str) -> _Component:
    """One path component's glob as tokens: ``_STAR`` or a test of one character."""
    tokens: list[_Char | _AnyRun] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "*":
            if not tokens or tokens[-1] is not _STAR:
                tokens.append(_STAR)
        elif char == "?":
            tokens.append(_any)
        elif char == "[" and "]" in pattern[i + 2 :]:
            end = pattern.index("]", i + 2)
            tokens.append(_class(pattern[i + 1 : end]))
            i = end
        else:
            tokens.append(_literal(char))
        i += 1
    return tuple(tokens)


def _wildcard_match(
    tokens: Sequence[T | _AnyRun], items: Sequence[U], one: Callable[[T, U], bool]
) -> bool:
    """Whether ``tokens`` (``_STAR`` or single-item tests) match all of ``items``.

    The classic greedy algorithm: on a mismatch, only the most recent star is retried one
    item further, which is enough because a star matches any run. O(tokens x items).
    """
    t = i = 0
    star, resume = -1, 0
    while i < len(items):
        token = tokens[t] if t < len(tokens) else None
        if isinstance(token, _AnyRun):
            star, resume = t, i
            t += 1
        elif token is not None and one(token, items[i]):
            t += 1
            i += 1
        elif star >= 0:
            t, resume = star + 1, resume + 1
            i = resume
        else:
            return False
    return all(isinstance(token, _AnyRun) for token in tokens[t:])


def _char_matches(test: _Char, char: str) -> bool:
    return test(char)


def _component_matches(tokens: _Component, name: str) -> bool:
    return _wildcard_match(tokens, name, _char_matches)


@dataclass(frozen=True, slots=True)
class _Glob:
    anchored: bool
    components: tuple[_Component | _AnyRun, ...]
    """Anchored: each component's tokens, or ``_STAR`` for ``**``. Else one component."""

    def matches(self, parts: list[str]) -> bool:
        if not self.anchored:
            (tokens,) = self.components
            assert not isinstance(tokens, _AnyRun)
            return any(_component_matches(tokens, part) for part in parts)
        # Matching a directory matches everything below it: the glob followed by ``**``.
        return _wildcard_match((*self.components, _STAR), parts, _component_matches)


def compile_glob(pattern: str) -> _Glob:
    """Raises ``GlobError`` for a glob that cannot be used."""
    if len(pattern) > MAX_GLOB:
        raise GlobError(f"longer than {MAX_GLOB} characters")
    anchored = "/" in pattern.strip("/") or pattern.startswith(("/", "./"))
    if not anchored:
        return _Glob(False, (_component(pattern),))
    parts = [p for p in pattern.strip("/").split("/") if p not in ("", ".")]
    components: list[_Component | _AnyRun] = []
    for part in parts:
        if part != "**":
            components.append(_component(part))
        elif not components or components[-1] is not _STAR:
            components.append(_STAR)
    return _Glob(True, tuple(components))


def check_glob(pattern: str) -> str | None:
    """Why ``pattern`` is not a usable glob, or None."""
    if not pattern.strip("/ ").strip("."):
        return "an empty glob matches nothing"
    try:
        compile_glob(pattern)
    except GlobError as error:
        return f"invalid glob: {error}"
    return None


@dataclass(frozen=True, slots=True)
class PathPatterns:
    """Globs relative to ``base`` (an absolute directory)."""

    base: str
    patterns: tuple[str, ...]
    _compiled: tuple[tuple[str, _Glob], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        compiled = tuple((pattern, compile_glob(pattern)) for pattern in self.patterns)
        object.__setattr__(self, "_compiled", compiled)

    def match(self, path: str) -> str | None:
        """The first pattern that matches ``path`` (relative to the working directory)."""
        relative = os.path.relpath(os.path.abspath(path), self.base).replace(os.sep, "/")
        if relative == ".." or relative.startswith("../") or os.path.isabs(relative):
            return None
        parts = [] if relative == "." else relative.split("/")
        for pattern, glob in self._compiled:
            if glob.matches(parts):
                return pattern
        return None

    def __call__(self, path: str) -> bool:
        return self.match(path) is not None


def either(
    first: Callable[[str], bool] | None, second: Callable[[str], bool]
) -> Callable[[str], bool]:
    """A path test that holds when ``first`` (if any) or ``second`` does."""
    if first is None:
        return second
    return lambda path: first(path) or second(path)


@dataclass(frozen=True, slots=True)
class PathRules:
    """One ``per-file-ignores`` entry: rules (ids, names or prefixes) not reported in files."""

    paths: PathPatterns
    rules: tuple[str, ...]
