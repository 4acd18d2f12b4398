"""Module and resource instances: what ``var.x``, ``local.y``, ``aws_lb.app[0]`` and
``module.cdn.z`` evaluate to.

A ``Tree`` is one root module with the local child modules it calls, each called module
instance evaluated with the arguments its caller passes. ``count`` and ``for_each`` give
one instance per element; when they are unknown, one instance stands for all of them.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

from ...model import Span
from ...source.quote import quoted
from ...source.text import Reader
from ...source.tree import LMap
from ..values import Partial, Ref, Unknown
from .attributes import computed, data_attribute
from .blocks import evaluate_body
from .budget import Budget
from .evaluate import EvalError, Evaluator, Object, Scope, iterate, unknown_in, whole
from .functions import call
from .local_files import FUNCTIONS as FILE_FUNCTIONS
from .local_files import LocalFiles
from .module import Module, directory_key, load_module
from .syntax import Attribute, Block, Literal
from .types import ANY, convert, parse_type

MAX_MODULE_DEPTH = 8
MAX_INSTANCES = 1000
"""More instances than this are read as one instance that stands for all of them."""
MISSING = object()
"""An input variable the caller does not set."""

Inputs = Callable[[str], Any]


class _Namespace(Object):
    def __init__(self, lookup: Callable[[str], Any]) -> None:
        self.lookup = lookup

    def get(self, name: str) -> Any:
        return self.lookup(name)


class Tree:
    """Everything one root module evaluates: its modules, instances and resources."""

    def __init__(
        self,
        root: Module,
        inputs: Inputs,
        reader: Reader,
        cache: dict[str, Module | None],
        budget: Budget,
    ) -> None:
        self.reader = reader
        self.budget = budget
        self.modules = cache
        self.modules[directory_key(root.directory)] = root
        self.used: list[str] = []
        self.by_address: dict[str, ResourceInstance] = {}
        self.expanding: set[Ref] = set()
        self.root_directory = root.directory or "."
        self.files = LocalFiles(reader, self.root_directory)
        self.root = ModuleInstance(self, root, "", inputs, ())

    def module(self, directory: str) -> Module | None:
        key = directory_key(directory)
        if key not in self.modules:
            module = load_module(directory, self.reader)
            self.modules[key] = module if module.files or module.errors else None
        return self.modules[key]

    def used_modules(self) -> list[Module | None]:
        """The modules this tree instantiates, the root first."""
        return [self.modules[key] for key in self.used]

    def module_instances(self) -> Iterator[ModuleInstance]:
        pending = deque([self.root])
        while pending:
            instance = pending.popleft()
            yield instance
            for name in sorted(instance.module.calls):
                pending.extend(instance.call(name).instances())

    def resources(self, *types: str, data: bool = False) -> Iterator[ResourceInstance]:
        for module in self.module_instances():
            yield from module.resources(types, data)

    def passed_on(self) -> frozenset[str]:
        """The resources that the root module's outputs, and the arguments of the modules
        not read (a registry module, say), refer to: code elsewhere may add to them."""
        values: list[Any] = []
        for name in self.root.module.outputs:
            values.append(self.root.get(name))
        for instance in self.module_instances():
            for name in sorted(instance.module.calls):
                call = instance.call(name)
                if call.module is not None or call.block is None:
                    continue
                for attribute in call.block.body.attributes:
                    if attribute.name not in ModuleCall.META:
                        with self.budget.unit(f"module.{name}.{attribute.name}", attribute.span):
                            values.append(instance.evaluator.value(attribute.expr, {}))
        return frozenset(_referred(values))

    def expand(self, ref: Ref) -> Any:
        """What is known of the string a resource attribute holds."""
        instance = self.by_address.get(ref.resource)
        if instance is None or ref.attribute is None or ref in self.expanding:
            return Unknown(ref.resource)  # in a cycle, which Terraform refuses to plan
        self.expanding.add(ref)
        try:
            return computed(instance, ref.attribute, self.expand)
        finally:
            self.expanding.discard(ref)


def _referred(values: list[Any]) -> Iterator[str]:
    """The addresses of the resources that ``values`` hold or refer to."""
    stack = list(values)
    seen = 0
    while stack and seen < MAX_INSTANCES * 10:
        value = stack.pop()
        seen += 1
        if isinstance(value, Ref):
            yield value.resource
        elif isinstance(value, ResourceInstance):
            yield value.address
        elif isinstance(value, _AnyInstance):
            stack.append(value.instance)
        elif isinstance(value, Partial):
            stack.extend(value.parts)
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list | tuple):
            stack.extend(value)


class ModuleInstance(Object):
    """One instance of a module; as a value (``module.x``), its outputs."""

    def __init__(
        self,
        tree: Tree,
        module: Module,
        prefix: str,
        inputs: Inputs,
        stack: tuple[str, ...],
    ) -> None:
        self.tree = tree
        self.module = module
        self.prefix = prefix
        self.inputs = inputs
        self.stack = (*stack, directory_key(module.directory))
        if self.stack[-1] not in tree.used:
            tree.used.append(self.stack[-1])
        self.evaluator = Evaluator(self.root, self.function, tree.budget)
        self._values: dict[tuple[str, str], Any] = {}
        self._groups: dict[tuple[bool, str, str], ResourceGroup] = {}
        self._calls: dict[str, ModuleCall] = {}
        self._namespaces = {
            "var": _Namespace(self.variable),
            "local": _Namespace(self.local),
            "module": _Namespace(lambda name: self.call(name).value()),
            "data": _Namespace(lambda kind: _Namespace(lambda name: self.group(True, kind, name))),
            "path": {
                "module": module.directory or ".",
                "root": tree.root_directory,
                "cwd": ".",
            },
            "terraform": {"workspace": Unknown("terraform.workspace", "label")},
        }
        self._types = {kind for kind, _ in module.resources}

    def function(self, name: str, args: list[Any]) -> Any:
        if name in FILE_FUNCTIONS:
            return self.tree.files.call(name, args)
        return call(name, args, self.tree.expand)

    def root(self, name: str) -> Any:
        if name in self._namespaces:
            return self._namespaces[name]
        if name in self._types or "_" in name:  # a resource type, or one with no resource
            return _Namespace(lambda resource: self.group(False, name, resource))
        return Unknown(name)

    def get(self, name: str) -> Any:
        block = self.module.outputs.get(name)
        if block is None:
            raise EvalError(f"module has no output {name!r}")
        attribute = block.body.attribute("value")
        if attribute is None:
            return Unknown(f"output {name}")
        return self._cached(
            "output", name, block.span, lambda: self.evaluator.value(attribute.expr, {})
        )

    def _cached(self, kind: str, name: str, span: Span, compute: Callable[[], Any]) -> Any:
        key = (kind, name)
        if key in self._values:
            value = self._values[key]
            return Unknown(f"{kind}.{name} refers to itself") if value is MISSING else value
        self._values[key] = MISSING
        with self.tree.budget.unit(f"{self.prefix}{kind}.{name}", span):
            value = compute()
        self._values[key] = value
        return value

    def local(self, name: str) -> Any:
        attribute = self.module.locals.get(name)
        if attribute is None:
            return Unknown(f"local.{name}")
        return self._cached(
            "local", name, attribute.span, lambda: self.evaluator.value(attribute.expr, {})
        )

    def variable(self, name: str) -> Any:
        block = self.module.variables.get(name)
        if block is None:
            return Unknown(f"var.{name}")
        return self._cached("var", name, block.span, lambda: self._variable(name, block))

    def _variable(self, name: str, block: Block) -> Any:
        type_attribute = block.body.attribute("type")
        kind = parse_type(type_attribute.expr) if type_attribute else ANY
        value = self.inputs(name)
        nullable = block.body.attribute("nullable")
        if value is None and nullable is not None and nullable.expr == Literal(False):
            value = MISSING
        if value is MISSING:
            default = block.body.attribute("default")
            if default is None:
                return Unknown(f"var.{name} has no value")
            value = self.evaluator.value(default.expr, {})
        return convert(value, kind, lambda expr: self.evaluator.value(expr, {}))

    def call(self, name: str) -> ModuleCall:
        if name not in self._calls:
            self._calls[name] = ModuleCall(self, name, self.module.calls.get(name))
        return self._calls[name]

    def group(self, data: bool, kind: str, name: str) -> Any:
        key = (data, kind, name)
        if key not in self._groups:
            blocks = self.module.data if data else self.module.resources
            block = blocks.get((kind, name))
            if block is None:
                return Unknown(f"{'data.' if data else ''}{kind}.{name} is not in this module")
            self._groups[key] = ResourceGroup(self, data, kind, name, block)
        return self._groups[key].value()

    def resources(self, types: tuple[str, ...], data: bool) -> Iterator[ResourceInstance]:
        blocks = self.module.data if data else self.module.resources
        for kind, name in blocks:
            if kind in types:
                self.group(data, kind, name)
                yield from self._groups[(data, kind, name)].instances()


def _count(owner: ModuleInstance, count: Attribute, label: str) -> int | None:
    """The number of instances ``count`` asks for; None when unknown or past MAX_INSTANCES."""
    with owner.tree.budget.unit(f"{label}.count", count.span):
        value = owner.evaluator.value(count.expr, {})
    try:
        total = None if unknown_in(value) else whole(value)
    except EvalError:
        return None
    if total is not None and total > MAX_INSTANCES:
        message = f"{label}: count is {total:,}, more than {MAX_INSTANCES:,} instances"
        owner.tree.budget.note(count.span, message + "; read as one instance standing for all")
        return None
    return total


def _for_each(
    owner: ModuleInstance, for_each: Attribute, label: str
) -> list[tuple[str, Any]] | None:
    """The keys and values ``for_each`` gives; None when unknown or past MAX_INSTANCES."""
    with owner.tree.budget.unit(f"{label}.for_each", for_each.span):
        value = owner.evaluator.value(for_each.expr, {})
    try:
        pairs = iterate(value)
    except EvalError:
        return None
    if isinstance(pairs, Unknown):
        return None
    if len(pairs) > MAX_INSTANCES:
        message = f"{label}: for_each has {len(pairs):,} elements, more than {MAX_INSTANCES:,}"
        owner.tree.budget.note(for_each.span, message + "; read as one instance standing for all")
        return None
    return [(str(item if isinstance(value, list) else key), item) for key, item in pairs]


class Repetition:
    """How ``count`` or ``for_each`` repeats a resource or module: keys and their scopes.

    ``label`` names the block in notices (``aws_lb.app``, ``module.cdn``): more instances
    than a bound allows are read as one instance that stands for all of them.
    """

    def __init__(self, owner: ModuleInstance, block: Block, label: str) -> None:
        self.keys: list[tuple[int | str | None, dict[str, Any]]] = [(None, {})]
        self.kind = "single"
        count = block.body.attribute("count")
        for_each = block.body.attribute("for_each")
        total: int | None = None
        pairs: list[tuple[str, Any]] | None = None
        if count is not None:
            self.kind = "count"
            total = _count(owner, count, label)
        elif for_each is not None:
            self.kind = "for_each"
            pairs = _for_each(owner, for_each, label)
        wanted = max(total, 0) if total is not None else len(pairs) if pairs is not None else 1
        budget = owner.tree.budget
        refused = budget.admit(wanted)
        if refused is not None:
            span = (count or for_each or block).span
            if wanted <= 1 or budget.admit(1) is not None:
                budget.note(span, f"{label}: not read, {refused}")
                self.kind, self.keys = "unknown", []
                return
            message = f"{label}: {wanted:,} instances would be {refused}"
            budget.note(span, message + "; read as one instance standing for all")
            total = pairs = None
        if total is not None:
            self.keys = [(i, {"count": {"index": i}}) for i in range(wanted)]
        elif pairs is not None:
            self.keys = [(key, {"each": {"key": key, "value": item}}) for key, item in pairs]
        elif count is not None:
            self.kind = "unknown"
            self.keys = [(None, {"count": {"index": Unknown("count.index", "label")}})]
        elif for_each is not None:
            self.kind = "unknown"
            each = {"key": Unknown("each.key"), "value": Unknown("each.value")}
            self.keys = [(None, {"each": each})]

    @staticmethod
    def suffix(key: int | str | None) -> str:
        if key is None:
            return ""
        return f"[{key}]" if isinstance(key, int) else f'["{key}"]'

    def value(self, instances: list[Any]) -> Any:
        """What the repeated thing evaluates to: one value, a list or a map of them."""
        if not instances and self.kind in ("single", "unknown"):
            return Unknown("instances not read")
        if self.kind == "single":
            return instances[0]
        if self.kind == "unknown":
            return _AnyInstance(instances[0])
        if self.kind == "count":
            return list(instances)
        return {str(key): item for (key, _), item in zip(self.keys, instances, strict=True)}


class _AnyInstance(Object):
    """A repeated resource whose repetition is unknown: any index gives the one instance."""

    def __init__(self, instance: Any) -> None:
        self.instance = instance

    def index(self, key: Any) -> Any:
        return self.instance

    def elements(self) -> Unknown:
        return Unknown("instances of an unknown count")


class ResourceGroup:
    """A ``resource`` or ``data`` block and its instances."""

    def __init__(self, owner: ModuleInstance, data: bool, kind: str, name: str, block: Block):
        self.owner = owner
        self.data = data
        self.kind = kind
        self.block = block
        label = f"{'data.' if data else ''}{kind}.{name}"
        self.base = owner.prefix + label
        self.repetition = Repetition(owner, block, label)
        self._instances = [
            ResourceInstance(self, self.base + Repetition.suffix(key), scope)
            for key, scope in self.repetition.keys
        ]

    def instances(self) -> list[ResourceInstance]:
        return self._instances

    def value(self) -> Any:
        return self.repetition.value(list(self._instances))


class ResourceInstance(Object):
    def __init__(self, group: ResourceGroup, address: str, scope: dict[str, Any]) -> None:
        self.group = group
        self.address = address
        self.type = group.kind
        self.span: Span = group.block.span
        self.scope = scope
        self._attributes: dict[str, Any] = {}
        self._body: LMap | None = None
        group.owner.tree.by_address.setdefault(address, self)

    @property
    def body(self) -> LMap:
        """Every argument and nested block, evaluated (computed attributes are not in it)."""
        if self._body is None:
            owner = self.group.owner
            self._body = evaluate_body(
                self.group.block.body, self.span, owner.evaluator, self.scope, self.address
            )
        return self._body

    def get(self, name: str) -> Any:
        if name not in self._attributes:
            self._attributes[name] = MISSING
            self._attributes[name] = self._attribute(name)
        value = self._attributes[name]
        return Unknown(f"{self.address}.{name} refers to itself") if value is MISSING else value

    def _attribute(self, name: str) -> Any:
        body = self.group.block.body
        owner = self.group.owner
        attribute = body.attribute(name)
        if attribute is not None:
            with owner.tree.budget.unit(f"{self.address}.{name}", attribute.span):
                return owner.evaluator.value(attribute.expr, self.scope)
        if body.blocks_of(name) or any(b.labels[:1] == (name,) for b in body.blocks_of("dynamic")):
            return self.body.get(name, [])
        if self.group.data:
            return data_attribute(self, name)
        return Ref(self.address, name)

    def configured(self, name: str) -> Any:
        """An argument's value as written, or None when it is not set."""
        attribute = self.group.block.body.attribute(name)
        if attribute is None:
            return None
        return self.get(name)


class ModuleCall:
    """A ``module`` block: its local source module, instantiated per count/for_each key."""

    META = frozenset({"source", "version", "count", "for_each", "providers", "depends_on"})

    def __init__(self, owner: ModuleInstance, name: str, block: Block | None) -> None:
        self.owner = owner
        self.name = name
        self.block = block
        self.module = self._source_module()
        self.repetition = (
            Repetition(owner, block, f"module.{name}")
            if block is not None and self.module
            else None
        )
        self._instances: list[ModuleInstance] | None = None

    def _source_module(self) -> Module | None:
        if self.block is None:
            return None
        source = self.block.body.attribute("source")
        if source is None or not isinstance(source.expr, Literal):
            return None
        path = source.expr.value
        if not isinstance(path, str) or not path.startswith(("./", "../")):
            return None
        directory = os.path.normpath(os.path.join(self.owner.module.directory or ".", path))
        tree = self.owner.tree
        called = f"module.{self.name}: source {quoted(path)}"
        if not tree.reader.admits(directory):
            reason = "is outside the linted directories: not read"
        elif directory_key(directory) in self.owner.stack:
            reason = "calls a module that is calling it: not read again"
        elif len(self.owner.stack) >= MAX_MODULE_DEPTH:
            reason = f"is nested more than {MAX_MODULE_DEPTH} modules deep: not read"
        else:
            module = tree.module(directory)
            if module is not None:
                return module
            reason = "holds no Terraform files" if os.path.isdir(directory) else "does not exist"
        tree.budget.note(source.span, f"{called} {reason}; its outputs are unknown")
        return None

    def instances(self) -> list[ModuleInstance]:
        if self._instances is None:
            self._instances = []
            if self.module is not None and self.repetition is not None:
                for key, scope in self.repetition.keys:
                    prefix = f"{self.owner.prefix}module.{self.name}{Repetition.suffix(key)}."
                    self._instances.append(
                        ModuleInstance(
                            self.owner.tree,
                            self.module,
                            prefix,
                            self._inputs(scope),
                            self.owner.stack,
                        )
                    )
        return self._instances

    def _inputs(self, scope: Scope) -> Inputs:
        block = self.block
        owner = self.owner

        def inputs(name: str) -> Any:
            attribute = block.body.attribute(name) if block is not None else None
            if attribute is None or name in self.META:
                return MISSING
            return owner.evaluator.value(attribute.expr, scope)

        return inputs

    def value(self) -> Any:
        instances = self.instances()
        if self.repetition is None or (not instances and self.repetition.kind != "count"):
            return Unknown(f"module.{self.name}")
        return self.repetition.value(instances)
