"""What is installed: entry points and versions, read from ``.dist-info`` directories.

``importlib.metadata`` costs more to import (it brings in the ``email`` package) than the rest
of a small run's start-up; this reads the same files the same way for the common case, the
directories of ``sys.path``, and hands anything else (a zip file on the path, a package
without a ``.dist-info``) to ``importlib.metadata``. As there, the first distribution of a
name on the path wins.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass

_SUFFIXES = (".dist-info", ".egg-info")
_SECTION = re.compile(r"^\[(.+)\]\s*$")


@dataclass(frozen=True, slots=True)
class EntryPoint:
    name: str
    value: str
    """``module`` or ``module:attribute``."""

    def load(self) -> object:
        import importlib

        module_name, _, attribute = self.value.partition(":")
        loaded: object = importlib.import_module(module_name.strip())
        for part in filter(None, attribute.strip().split(".")):
            loaded = getattr(loaded, part)
        return loaded


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _distributions() -> Iterator[tuple[str, str]] | None:
    """(normalized name, metadata directory) of each distribution, first of a name only;
    None when ``sys.path`` holds something other than directories."""
    seen: set[str] = set()
    found: list[tuple[str, str]] = []
    for entry in sys.path:
        directory = entry or "."
        if not os.path.isdir(directory):
            if os.path.exists(directory):
                return None  # a zip file: importlib.metadata knows how to read it
            continue
        try:
            names = sorted(os.listdir(directory))
        except OSError:
            continue
        for name in names:
            if not name.endswith(_SUFFIXES):
                continue
            project = _normalized(name.rsplit(".", 1)[0].split("-", 1)[0])
            if project not in seen:
                seen.add(project)
                found.append((project, os.path.join(directory, name)))
    return iter(found)


def entry_points(group: str) -> list[EntryPoint] | None:
    """The entry points of ``group``, or None to ask ``importlib.metadata`` instead."""
    distributions = _distributions()
    if distributions is None:
        return None
    points: list[EntryPoint] = []
    for _, path in distributions:
        try:
            with open(os.path.join(path, "entry_points.txt"), encoding="utf-8") as handle:
                text = handle.read()
        except OSError:
            continue
        section = None
        for line in text.splitlines():
            stripped = line.strip()
            if not stripped or stripped.startswith(("#", ";")):
                continue
            header = _SECTION.match(stripped)
            if header:
                section = header.group(1).strip()
            elif section == group and "=" in stripped:
                name, _, value = stripped.partition("=")
                points.append(EntryPoint(name.strip(), value.strip()))
    return points


def version(project: str) -> str | None:
    """The installed version of ``project``, or None to ask ``importlib.metadata``."""
    distributions = _distributions()
    if distributions is None:
        return None
    wanted = _normalized(project)
    for name, path in distributions:
        if name != wanted:
            continue
        for metadata in ("METADATA", "PKG-INFO"):
            try:
                with open(os.path.join(path, metadata), encoding="utf-8") as handle:
                    for line in handle:
                        if line.startswith("Version:"):
                            return line.partition(":")[2].strip()
                        if not line.strip():
                            break
            except OSError:
                continue
        return None
    return None
