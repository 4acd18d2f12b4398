"""From a root module (and the local modules it calls) to a model document."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ...model import Distribution, Document, Notice, SourceIssue
from ...source.text import Reader
from ...source.tree import LMap, SourceError
from ..values import Ref, Unknown
from .budget import Budget
from .context import Resource, TerraformContext
from .distribution import build
from .evaluate import Evaluator
from .functions import call
from .hcl import parse_expression, parse_hcl
from .instances import MISSING, ResourceInstance, Tree
from .json_syntax import load_tfvars_json
from .module import Module, ModuleError, file_path
from .sources import TreeSources
from .syntax import Block
from .tenants import MULTITENANT_DISTRIBUTION, TENANT, tenant_domains
from .types import parse_type

if TYPE_CHECKING:
    from . import Variables

DISTRIBUTION = "aws_cloudfront_distribution"
_COMPLEX_TYPES = ("list", "set", "map", "object", "tuple")


class ConfigurationResources:
    """The ``Resources`` of a configuration: resource instances linked by reference."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self._by_type: dict[str, list[ResourceInstance]] = {}
        self._passed: frozenset[str] | None = None

    def of_type(self, *types: str) -> Iterator[Resource]:
        for kind in types:
            if kind not in self._by_type:
                self._by_type[kind] = list(self.tree.resources(kind))
            yield from self._by_type[kind]

    def referenced(self, value: Any) -> Resource | None:
        return self.tree.by_address.get(value.resource) if isinstance(value, Ref) else None

    def find(self, value: Any, types: tuple[str, ...], *attributes: str) -> Resource | None:
        if not isinstance(value, Ref) or value.attribute not in attributes:
            return None
        resource = self.tree.by_address.get(value.resource)
        return resource if resource is not None and resource.type in types else None

    def expand(self, ref: Ref) -> Any:
        return self.tree.expand(ref)

    def balancer_named(self, hostname: str) -> Resource | None:
        return None

    def passed_on(self) -> frozenset[str]:
        if self._passed is None:
            self._passed = self.tree.passed_on()
        return self._passed

    def record_name(self, record: Resource) -> str | None:
        name = self.tree.expand(Ref(record.address, "fqdn"))
        return name if isinstance(name, str) else None


def build_document(
    root: Module,
    variables: Variables,
    reader: Reader,
    cache: dict[str, Module | None],
    budget: Budget,
) -> tuple[Document | None, list[ModuleError], list[str], tuple[Notice, ...]]:
    """The document of a root module, the errors met, every file read and the notices.

    ``cache`` holds the modules already read in this run, by directory; it is shared so
    that a module called from several places is parsed once. ``budget`` is the run's.
    """
    budget.start_tree()
    inputs, errors = _root_inputs(root, variables, reader, budget)
    tree = Tree(root, inputs, reader, cache, budget)
    context = TerraformContext(ConfigurationResources(tree))
    sources = TreeSources(tree, variables, reader, _variable_files(root.directory))
    distributions: list[Distribution] = []
    tenants: list[ResourceInstance] | None = None  # read only for a multi-tenant distribution
    for instance in tree.resources(DISTRIBUTION, MULTITENANT_DISTRIBUTION):
        domains = None
        if instance.type == MULTITENANT_DISTRIBUTION:
            tenants = list(tree.resources(TENANT)) if tenants is None else tenants
            domains = tenant_domains(_tenants_of(instance.address, tenants))
        dist = build(
            instance.body,
            address=instance.address,
            span=instance.span,
            ctx=context,
            tenant_domains=domains,
        )
        distributions.append(sources.attach(dist, instance))
    modules = [m for m in tree.used_modules() if m is not None]
    for module in modules:
        errors.extend(e for e in module.errors if e not in errors)
    files = [path for module in modules for path in module.paths]
    notices = budget.take_notices()
    if not distributions:
        return None, errors, files, notices
    issues = _redefinitions(modules)
    distributions[0] = _with_issues(distributions[0], issues)
    document = Document(root.directory or ".", "terraform", tuple(distributions))
    return document, errors, files, notices


def _tenants_of(address: str, tenants: list[ResourceInstance]) -> Iterator[LMap]:
    """The bodies of the tenants whose ``distribution_id`` refers to the distribution."""
    for tenant in tenants:
        target = tenant.body.get("distribution_id")
        if isinstance(target, Ref) and target.resource == address and target.attribute == "id":
            yield tenant.body


def _with_issues(dist: Distribution, issues: tuple[SourceIssue, ...]) -> Distribution:
    from dataclasses import replace

    return replace(dist, issues=dist.issues + issues) if issues else dist


def _redefinitions(modules: list[Module]) -> tuple[SourceIssue, ...]:
    seen: dict[tuple[str, int, int], SourceIssue] = {}
    for module in modules:
        for redefinition in module.redefinitions:
            span = redefinition.span
            seen.setdefault(
                (span.path, span.line, span.column),
                SourceIssue(
                    kind="duplicate-argument",
                    message=f"argument {redefinition.name!r} is set twice in one block (first "
                    f"on line {redefinition.first.line}); Terraform rejects the configuration: "
                    "keep one",
                    span=span,
                ),
            )
    return tuple(seen.values())


def _literal_evaluator(budget: Budget) -> Evaluator:
    return Evaluator(
        lambda name: Unknown(name), lambda name, args: call(name, args, _no_expand), budget
    )


def _no_expand(ref: Ref) -> Any:
    return Unknown(ref.resource)


def _variable_files(directory: str) -> list[str]:
    """The variable definitions files Terraform loads by itself, in its order."""
    try:
        names = set(os.listdir(directory or "."))
    except OSError:
        return []
    found: list[str] = [n for n in ("terraform.tfvars", "terraform.tfvars.json") if n in names]
    found.extend(sorted(n for n in names if n.endswith((".auto.tfvars", ".auto.tfvars.json"))))
    return [file_path(directory, name) for name in found]


def read_variable_file(path: str, reader: Reader, budget: Budget) -> dict[str, Any]:
    """The values a ``.tfvars`` (or ``.tfvars.json``) file sets; raises ``SourceError``."""
    text = reader.read(path)
    if path.lower().endswith(".json"):
        return {name: value for name, (value, _) in load_tfvars_json(text, path).items()}
    parsed = parse_hcl(text, path)
    evaluator = _literal_evaluator(budget)
    values: dict[str, Any] = {}
    for attribute in parsed.body.attributes:
        with budget.unit(f"var.{attribute.name}", attribute.span):
            values[attribute.name] = evaluator.value(attribute.expr, {})
    return values


def _root_inputs(
    root: Module, variables: Variables, reader: Reader, budget: Budget
) -> tuple[Any, list[ModuleError]]:
    values: dict[str, Any] = {}
    errors: list[ModuleError] = []
    for path in [*_variable_files(root.directory), *variables.files]:
        try:
            values.update(read_variable_file(path, reader, budget))
        except SourceError as error:
            errors.append(ModuleError(path, error.line, error.message))
    for name, text in variables.values.items():
        values[name] = _command_line_value(root.variables.get(name), text, budget)

    def inputs(name: str) -> Any:
        return values.get(name, MISSING)

    return inputs, errors


def _command_line_value(block: Block | None, text: str, budget: Budget) -> Any:
    """``--var NAME=VALUE``: a string, or an HCL expression for a collection type."""
    type_attribute = block.body.attribute("type") if block is not None else None
    kind = parse_type(type_attribute.expr if type_attribute else None)
    if kind.kind not in _COMPLEX_TYPES:
        return text
    try:
        return _literal_evaluator(budget).value(parse_expression(text, "--var"), {})
    except SourceError:
        return Unknown("--var value is not valid HCL")
