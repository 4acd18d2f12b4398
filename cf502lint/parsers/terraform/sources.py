"""Where a configuration's values are written, for fixes (``Distribution.sources``), and
the published version of each ``aws_lambda_function`` (``published_versions``).

An argument written ``var.policy`` takes its value from the root module's ``--var`` (which
no fix can edit), the last ``.tfvars`` file that sets it, or the variable's ``default``; in
a child module, from the argument of the ``module`` block that calls it, or the default.
``local.policy`` takes the ``locals`` entry. The place is shared when the module refers to
the variable or local more than once (or, for a child module's default, when more than one
``module`` block calls it): changing it there would change the other uses too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import fields, is_dataclass, replace
from typing import TYPE_CHECKING, Any

from ...fix import Reference, Written
from ...model import Distribution, Span
from ...source.text import Reader
from ...source.tree import LMap, SourceError
from .module import Module
from .syntax import Attribute, Block, Body, GetAttr, Variable

if TYPE_CHECKING:
    from . import Variables
    from .instances import ModuleInstance, ResourceInstance, Tree

FUNCTION = "aws_lambda_function"
MAX_CHAIN = 8
"""Module arguments followed up through callers, at most."""


class TreeSources:
    """What ``Distribution.sources`` and ``published_versions`` hold for one module tree."""

    def __init__(
        self, tree: Tree, variables: Variables, reader: Reader, var_files: list[str]
    ) -> None:
        self.tree = tree
        self.variables = variables
        self.reader = reader
        self.var_files = var_files
        """The root module's variable definitions files, in the order Terraform reads them."""
        self._uses: dict[int, Counter[tuple[str, str]]] = {}
        self._callers: dict[int, tuple[ModuleInstance, Block]] | None = None
        self._calls: Counter[int] = Counter()
        self._tfvars: dict[str, Span] | None = None
        self._versions: dict[str, Reference] | None = None

    def attach(self, dist: Distribution, instance: ResourceInstance) -> Distribution:
        found: dict[Span, Written] = {}
        owner = instance.group.owner
        for attribute in _attributes(instance.group.block.body):
            written = self.source_of(owner, attribute.expr, 0)
            if written is not None:
                found[attribute.span] = written
        return replace(dist, sources=found, published_versions=self.versions())

    def source_of(self, owner: ModuleInstance, expr: Any, depth: int) -> Written | None:
        """Where the value of ``expr`` is written, when it is ``var.x`` or ``local.x``."""
        reference = _reference(expr)
        if reference is None or depth > MAX_CHAIN:
            return None
        kind, name = reference
        shared = self.uses(owner.module)[reference] > 1
        if kind == "local":
            entry = owner.module.locals.get(name)
            if entry is None:
                return None
            return self._followed(owner, entry, f"local.{name}", shared, depth)
        block = owner.module.variables.get(name)
        if block is None:
            return None
        caller = self.callers().get(id(owner))
        if caller is None:  # the root module
            if name in self.variables.values:
                return None
            span = self.tfvars().get(name)
            if span is not None:
                return Written(span, f"var.{name}", shared)
        else:
            parent, call = caller
            argument = call.body.attribute(name)
            if argument is not None:
                return self._followed(parent, argument, f"var.{name}", shared, depth)
            shared = shared or self._calls[id(owner.module)] > 1
        default = block.body.attribute("default")
        if default is None:
            return None
        return Written(default.span, f"var.{name}", shared)

    def _followed(
        self, owner: ModuleInstance, attribute: Attribute, via: str, shared: bool, depth: int
    ) -> Written:
        """The attribute itself, or what it refers to when it is one more reference."""
        further = self.source_of(owner, attribute.expr, depth + 1)
        if further is not None:
            return Written(further.span, further.via, shared or further.shared)
        return Written(attribute.span, via, shared)

    def uses(self, module: Module) -> Counter[tuple[str, str]]:
        """How often the module refers to each ``var.x`` and ``local.x``."""
        key = id(module)
        if key not in self._uses:
            counted: Counter[tuple[str, str]] = Counter()
            for parsed in module.files:
                for value in _expressions(parsed.body):
                    reference = _reference(value)
                    if reference is not None:
                        counted[reference] += 1
            self._uses[key] = counted
        return self._uses[key]

    def callers(self) -> dict[int, tuple[ModuleInstance, Block]]:
        """Each child module instance (by id), with the instance and block that call it."""
        if self._callers is None:
            self._callers = {}
            for instance in self.tree.module_instances():
                for name, block in instance.module.calls.items():
                    call = instance.call(name)
                    if call.module is not None:
                        self._calls[id(call.module)] += 1
                    for child in call.instances():
                        self._callers[id(child)] = (instance, block)
        return self._callers

    def tfvars(self) -> dict[str, Span]:
        """Where the root module's variable definitions files set each variable (the last)."""
        if self._tfvars is None:
            self._tfvars = {}
            for path in [*self.var_files, *self.variables.files]:
                try:
                    self._tfvars.update(_assignments(path, self.reader))
                except SourceError:
                    continue
        return self._tfvars

    def versions(self) -> dict[str, Reference]:
        """Functions with ``publish = true``: their ``qualified_arn`` names the version."""
        if self._versions is None:
            self._versions = {}
            for resource in self.tree.resources(FUNCTION):
                if resource.configured("publish") is True:
                    local = resource.address[resource.address.rfind(f"{FUNCTION}.") :]
                    self._versions[resource.address] = Reference(
                        "traversal", f"{local}.qualified_arn"
                    )
        return self._versions


def _assignments(path: str, reader: Reader) -> dict[str, Span]:
    return tfvars_file_spans(reader.read(path), path)


def tfvars_file_spans(text: str, path: str) -> dict[str, Span]:
    """Where a ``.tfvars`` (or ``.tfvars.json``) text sets each variable."""
    if path.lower().endswith(".json"):
        from ...source.json_tree import load_json

        root = load_json(text, path).root
        if not isinstance(root, LMap):
            return {}
        return {name: root.span_of(name) for name in root}
    from .hcl import parse_hcl

    return {a.name: a.span for a in parse_hcl(text, path).body.attributes}


def _reference(expr: Any) -> tuple[str, str] | None:
    if (
        isinstance(expr, GetAttr)
        and isinstance(expr.target, Variable)
        and expr.target.name in ("var", "local")
    ):
        return expr.target.name, expr.name
    return None


def _attributes(body: Body) -> Iterator[Attribute]:
    """Every attribute of ``body`` and of the blocks nested in it."""
    pending = [body]
    while pending:
        current = pending.pop()
        yield from current.attributes
        pending.extend(block.body for block in current.blocks)


def _expressions(body: Body) -> Iterator[Any]:
    """Every expression under ``body``, nested ones included."""
    pending: list[Any] = [attribute.expr for attribute in _attributes(body)]
    while pending:
        value = pending.pop()
        if isinstance(value, tuple):
            pending.extend(value)
            continue
        if not is_dataclass(value) or isinstance(value, type):
            continue
        yield value
        pending.extend(getattr(value, f.name) for f in fields(value))
