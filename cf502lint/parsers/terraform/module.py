"""A Terraform module: every ``.tf`` and ``.tf.json`` file of one directory, read together."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...source.tree import SourceError

if TYPE_CHECKING:
    from ...source.text import Reader
    from .syntax import Attribute, Block, File, Redefinition

HCL_SUFFIX = ".tf"
JSON_SUFFIX = ".tf.json"


@dataclass(frozen=True, slots=True)
class ModuleError:
    """A file of a module that could not be read or parsed."""

    path: str
    line: int | None
    message: str


def is_configuration_file(name: str) -> bool:
    """``.tf`` and ``.tf.json`` files, without Terraform's override files."""
    lower = name.lower()
    if not lower.endswith((HCL_SUFFIX, JSON_SUFFIX)):
        return False
    stem = lower.removesuffix(JSON_SUFFIX).removesuffix(HCL_SUFFIX)
    return stem != "override" and not stem.endswith("_override")


def directory_key(directory: str) -> str:
    """A module directory as one string however it is named."""
    return os.path.normcase(os.path.abspath(directory or "."))


def file_path(directory: str, name: str) -> str:
    return os.path.join(directory, name) if directory not in ("", ".") else name


def configuration_files(directory: str) -> list[str]:
    try:
        names = sorted(os.listdir(directory or "."))
    except OSError:
        return []
    return [
        file_path(directory, name)
        for name in names
        if is_configuration_file(name) and os.path.isfile(file_path(directory, name))
    ]


def parse_file(text: str, path: str) -> File:
    """One file of a module; the parsers are imported when a module is read, not before."""
    if path.lower().endswith(JSON_SUFFIX):
        from .json_syntax import load_tf_json

        return load_tf_json(text, path)
    from .hcl import parse_hcl

    return parse_hcl(text, path)


@dataclass(slots=True)
class Module:
    """The blocks of one module, by kind and name."""

    directory: str
    files: list[File] = field(default_factory=list)
    errors: list[ModuleError] = field(default_factory=list)
    variables: dict[str, Block] = field(default_factory=dict)
    locals: dict[str, Attribute] = field(default_factory=dict)
    outputs: dict[str, Block] = field(default_factory=dict)
    resources: dict[tuple[str, str], Block] = field(default_factory=dict)
    data: dict[tuple[str, str], Block] = field(default_factory=dict)
    calls: dict[str, Block] = field(default_factory=dict)

    @property
    def paths(self) -> list[str]:
        return [f.path for f in self.files] + [e.path for e in self.errors]

    @property
    def redefinitions(self) -> list[Redefinition]:
        return [r for f in self.files for r in f.redefinitions]

    def add(self, parsed: File) -> None:
        self.files.append(parsed)
        for block in parsed.body.blocks:
            labels = block.labels
            if block.type == "variable" and len(labels) == 1:
                self.variables.setdefault(labels[0], block)
            elif block.type == "output" and len(labels) == 1:
                self.outputs.setdefault(labels[0], block)
            elif block.type == "module" and len(labels) == 1:
                self.calls.setdefault(labels[0], block)
            elif block.type == "resource" and len(labels) == 2:
                self.resources.setdefault((labels[0], labels[1]), block)
            elif block.type == "data" and len(labels) == 2:
                self.data.setdefault((labels[0], labels[1]), block)
            elif block.type == "locals":
                for attribute in block.body.attributes:
                    self.locals.setdefault(attribute.name, attribute)


def load_module(
    directory: str,
    reader: Reader,
    texts: Mapping[str, str] | None = None,
    *,
    siblings: bool = True,
) -> Module:
    """The module in ``directory``; ``texts`` replaces (or adds) files by path."""
    module = Module(directory)
    texts = dict(texts or {})
    paths = configuration_files(directory) if siblings else []
    paths.extend(p for p in texts if p not in paths)
    for path in paths:
        try:
            text = texts[path] if path in texts else reader.read(path)
            module.add(parse_file(text, path))
        except SourceError as error:
            module.errors.append(ModuleError(path, error.line, error.message))
    return module
