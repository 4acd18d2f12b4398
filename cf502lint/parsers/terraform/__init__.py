"""The Terraform front end: modules in HCL or JSON syntax, and ``terraform show -json`` plans.

A module is every ``.tf`` and ``.tf.json`` file of one directory, linted as one document;
a file named on its own is read with its siblings. Local child modules are evaluated with
the arguments their callers pass, and are not linted again on their own in the same run.
Only this package's file names are imported with it: the parsers and evaluation when a
module is read, tree-sitter-hcl with the first ``.tf`` file, python-hcl2 only for a file
tree-sitter-hcl rejects.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ...source.tree import LMap, SourceError
from .module import (
    ModuleError,
    configuration_files,
    directory_key,
    is_configuration_file,
    load_module,
)

if TYPE_CHECKING:
    from ...model import Document, Notice
    from ...source.text import Reader
    from ...source.tree import Loaded
    from .budget import Budget
    from .module import Module

__all__ = [
    "ModuleError",
    "ModuleResult",
    "Variables",
    "is_configuration",
    "is_module_file",
    "module_directory",
    "parse_module_text",
    "parse_modules",
    "parse_plan",
]


@dataclass(frozen=True, slots=True)
class Variables:
    """Root module inputs given on the command line, like ``terraform plan`` takes them."""

    values: Mapping[str, str] = field(default_factory=dict)
    """``--var NAME=VALUE``."""
    files: Sequence[str] = ()
    """``--var-file FILE``, in order."""


_VARIABLE_FILES = ("terraform.tfvars", "terraform.tfvars.json")
_AUTO_VARIABLE_FILES = (".auto.tfvars", ".auto.tfvars.json")


@dataclass(frozen=True, slots=True)
class ModuleResult:
    directory: str
    document: Document | None
    errors: tuple[ModuleError, ...] = ()
    files: tuple[str, ...] = field(default=())
    notices: tuple[Notice, ...] = ()
    failure: Exception | None = None
    """An exception no module should raise (a parser bug): this module is not linted."""


def is_module_file(path: str) -> bool:
    """Whether ``path`` belongs to the Terraform module of its directory."""
    name = os.path.basename(path).lower()
    return (
        is_configuration_file(name)
        or name in _VARIABLE_FILES
        or name.endswith(_AUTO_VARIABLE_FILES)
    )


def is_configuration(path: str) -> bool:
    """Whether ``path`` is a ``.tf`` or ``.tf.json`` file of a module."""
    return is_configuration_file(os.path.basename(path))


def module_directory(path: str) -> str:
    return os.path.dirname(path)


def _local_calls(module: Module) -> set[str]:
    from .syntax import Literal

    called: set[str] = set()
    for block in module.calls.values():
        source = block.body.attribute("source")
        if source is None or not isinstance(source.expr, Literal):
            continue
        path = source.expr.value
        if isinstance(path, str) and path.startswith(("./", "../")):
            called.add(directory_key(os.path.join(module.directory or ".", path)))
    return called


def parse_modules(
    directories: Sequence[str], variables: Variables, reader: Reader, budget: Budget | None = None
) -> list[ModuleResult]:
    """Lint each module directory once; a module another one calls is linted through it.

    One budget bounds the work of all of them (see ``Budget``, a new one unless given); a
    module that fails is named in its result, and the others are still linted.
    """
    if not directories:
        return []
    from .budget import Budget
    from .configuration import build_document

    budget = budget or Budget()
    cache: dict[str, Module | None] = {}
    order: list[str] = []
    results: list[ModuleResult] = []
    for directory in directories:
        key = directory_key(directory)
        if key not in cache:
            try:
                cache[key] = load_module(directory, reader)
            except Exception as error:  # a parser bug: this module is named, the others linted
                cache[key] = None
                results.append(_failed(directory, configuration_files(directory), error))
            order.append(key)
    called = {
        key
        for module in cache.values()
        if module is not None
        for key in _local_calls(module)
        if key in cache and key != directory_key(module.directory)
    }
    done: set[str] = set()
    seen_errors: set[ModuleError] = set()
    for pass_called in (False, True):
        for key in order:
            module = cache[key]
            if module is None or key in done or (key in called) is not pass_called:
                continue
            done.add(key)
            try:
                document, errors, files, notices = build_document(
                    module, variables, reader, cache, budget
                )
            except Exception as error:  # a parser bug: this module is named, the others linted
                results.append(_failed(module.directory, module.paths, error))
                continue
            done.update(directory_key(os.path.dirname(f)) for f in files)
            fresh = tuple(e for e in errors if e not in seen_errors)
            seen_errors.update(fresh)
            results.append(ModuleResult(module.directory, document, fresh, tuple(files), notices))
    return results


def _failed(directory: str, files: list[str], error: Exception) -> ModuleResult:
    return ModuleResult(directory, None, files=tuple(files), failure=error)


def parse_module_text(
    text: str, path: str, variables: Variables, reader: Reader
) -> Document | None:
    """The module of the file at ``path``, read with ``text`` in place of that file.

    The sibling files are read only when ``path`` exists (an editor's buffer, say). Raises
    ``SourceError`` when ``text`` itself cannot be parsed.
    """
    from .budget import Budget
    from .configuration import build_document

    directory = module_directory(path)
    module = load_module(directory, reader, {path: text}, siblings=os.path.isfile(path))
    for error in module.errors:
        if error.path == path:
            raise SourceError(error.message, error.line)
    document, _errors, _files, notices = build_document(module, variables, reader, {}, Budget())
    return replace(document, notices=notices) if document is not None else None


def parse_plan(loaded: Loaded, path: str) -> Document | None:
    """The distributions of a ``terraform show -json`` plan; None for any other JSON."""
    if not is_plan(loaded.root):
        return None
    from .plan import parse_plan

    return parse_plan(loaded, path)


def is_plan(root: object) -> bool:
    """Whether a JSON root is a plan: the check every JSON and YAML file goes through."""
    return (
        isinstance(root, LMap)
        and "format_version" in root
        and ("planned_values" in root or "resource_changes" in root)
    )
