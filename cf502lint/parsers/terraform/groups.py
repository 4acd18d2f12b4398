"""Module directories that can be read apart: no local module call joins one to another.

A module another calls is read through its caller, with the caller's arguments, so the two
are one group. The calls are found in the files' text (``source = "./..."``), before any
file is parsed, so that groups can be read side by side; a text that only looks like a
call joins two groups that did not need it, which costs nothing but a worker. A group no
file of which names CloudFront or calls a module cannot declare a distribution (resource
types are literal names), so nothing in it can be checked: it need not be parsed at all.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ...source.text import Reader
from ...source.tree import SourceError
from .module import configuration_files, directory_key

_LOCAL_SOURCE = re.compile(r"""source"?\s*[=:]\s*"(\.\.?(?:/[^"]*)?)\"""")
_CHECKABLE = re.compile(r'cloudfront|\bmodule\s*"|"module"\s*:', re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Group:
    directories: list[str]
    checkable: bool
    """Whether any file of the group names CloudFront or calls a module (one not read, from
    a registry say, may declare a distribution, and the run says so): else the group holds
    no distribution."""


def module_groups(directories: Sequence[str], reader: Reader) -> list[Group]:
    """``directories`` in groups, in the order they were given, each in that order too;
    a directory named twice is in its group once."""
    directories = list(dict.fromkeys(directories))
    keys = [directory_key(d) for d in directories]
    parent = {key: key for key in keys}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    named: set[str] = set()
    for directory, key in zip(directories, keys, strict=True):
        called, checkable = _scan(directory, reader)
        if checkable:
            named.add(key)
        for other in called:
            if other in parent:
                parent[root(other)] = root(key)
    members: dict[str, list[str]] = {}
    for directory, key in zip(directories, keys, strict=True):
        members.setdefault(root(key), []).append(directory)
    return [
        Group(group, any(directory_key(d) in named for d in group)) for group in members.values()
    ]


def _scan(directory: str, reader: Reader) -> tuple[set[str], bool]:
    """The local modules the files of ``directory`` call, and whether they may declare a
    distribution (a file that cannot be read may: reading the module will say why)."""
    called: set[str] = set()
    checkable = False
    for path in configuration_files(directory):
        try:
            text = reader.read(path)
        except SourceError:
            checkable = True
            continue
        checkable = checkable or _CHECKABLE.search(text) is not None
        for match in _LOCAL_SOURCE.finditer(text):
            called.add(directory_key(os.path.join(directory or ".", match.group(1))))
    return called, checkable
