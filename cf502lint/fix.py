"""Fixes: what a rule proposes to change, as edits of the values that source spans point at.

A rule does not see the file's text, so an edit names a place and what must be there:
``SetValue(span, old, new)`` says "the key at ``span`` writes the literal ``old``: write
``new`` instead". ``cf502lint.fixing`` turns edits into text changes for the file's language
(YAML, JSON, HCL), keeping its quoting, comments and layout, and checks every expectation
against the text first: an edit whose place holds anything else (an intrinsic function, an
alias, a reference, another value) is not made.

A value that comes from a CloudFormation parameter's default, a Terraform variable's default
or tfvars entry, or a ``locals`` entry is fixed where it is written (``Distribution.sources``
says where); when other uses read the same place, it is not fixed at all: ``written`` is
what rules use to know the place.

``Fix.safe``: a safe fix is always right and ``--fix`` applies it; an unsafe one needs a
review (it may change behaviour beyond the finding) and needs ``--unsafe-fixes``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Distribution, Node, Span

Scalar = str | int | float | bool


@dataclass(frozen=True, slots=True)
class Written:
    """Where a value the distribution reads through a reference is written as a literal."""

    span: Span
    """The key whose value is the literal: a parameter's ``Default``, a variable's
    ``default``, a ``.tfvars`` entry, a ``locals`` entry, a module argument."""
    via: str
    """What the distribution reads: ``parameter Policy``, ``var.policy``, ``local.policy``."""
    shared: bool = False
    """Other uses read the same literal, so changing it there would change them too."""


@dataclass(frozen=True, slots=True)
class SetValue:
    """The key at ``span`` writes the scalar ``old``: write ``new`` in its place, in the
    same quoting style and type (a port written ``"80"`` becomes ``"443"``)."""

    span: Span
    old: Scalar
    new: Scalar


@dataclass(frozen=True, slots=True)
class TrimText:
    """The key at ``span`` writes a string (a literal, ``!Sub`` or a Terraform template)
    whose text starts with ``prefix`` and ends with ``suffix``, outside any interpolation:
    remove them."""

    span: Span
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class EditList:
    """The key at ``span`` writes a list of string literals: add the missing ``add`` items
    (at its end) and remove the ``remove`` ones. An API ``{Quantity, Items}`` list gets its
    ``Quantity`` updated."""

    span: Span
    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AddKey:
    """The key at ``span`` holds a mapping without ``key`` (a CloudFormation template's):
    add ``key: value`` to it, at the indentation (or in the flow style) of its other keys."""

    span: Span
    key: str
    value: Scalar | tuple[Scalar, ...]
    mapping: bool = False
    """``span`` is the mapping's own (an origin's ``Node.span``), not the key holding it."""


@dataclass(frozen=True, slots=True)
class Reference:
    """A reference as the source writes it: ``kind`` is ``Ref`` or ``Fn::GetAtt``
    (CloudFormation; ``name`` is ``Fn`` or ``Fn.Arn``) or ``traversal`` (Terraform;
    ``name`` is ``aws_lambda_function.edge.arn``)."""

    kind: str
    name: str

    def __str__(self) -> str:
        return self.name if self.kind == "traversal" else f"{self.kind} {self.name}"


@dataclass(frozen=True, slots=True)
class SetReference:
    """The key at ``span`` writes one of the references ``old`` (in any of its spellings:
    ``!GetAtt Fn.Arn``, ``!GetAtt [Fn, Arn]``, ``{"Fn::GetAtt": ["Fn", "Arn"]}``): write
    ``new`` instead, in the style of the file (``!Ref V`` in short-form YAML, ``{"Ref": "V"}``
    in JSON). For Terraform, ``old`` is the reference as the module writes it
    (``aws_lambda_function.edge.arn``) and ``new`` the one to write
    (``aws_lambda_function.edge.qualified_arn``)."""

    span: Span
    old: tuple[Reference, ...]
    new: Reference


Edit = SetValue | TrimText | EditList | AddKey | SetReference


@dataclass(frozen=True, slots=True)
class Fix:
    """What a rule proposes: edits made together, or not at all."""

    description: str
    """Imperative, shown with ``--diff`` and as the editor's quick fix: ``Set
    OriginProtocolPolicy to http-only``."""
    edits: tuple[Edit, ...]
    safe: bool = True


def written(dist: Distribution, node: Node, field: str) -> Span | None:
    """Where the value of ``node``'s ``field`` is written as a literal, to be fixed there:
    the key that sets it, or the parameter default, variable default, tfvars or ``locals``
    entry it reads (``Distribution.sources``). None when the source does not set it (a
    default applies) or when the place is shared with other uses."""
    span = node.spans.get(field)
    if span is None:
        return None
    source = dist.sources.get(span)
    if source is None:
        return span
    return None if source.shared else source.span


def set_value(
    dist: Distribution, node: Node, field: str, old: Scalar, new: Scalar
) -> SetValue | None:
    """``SetValue`` at the place ``written`` finds; None when there is none."""
    span = written(dist, node, field)
    return None if span is None else SetValue(span, old, new)


def fix_of(description: str, *edits: Edit | None, safe: bool = True) -> Fix | None:
    """A fix of the ``edits``, or None when any of them cannot be made (is None)."""
    made = [edit for edit in edits if edit is not None]
    if not made or len(made) != len(edits):
        return None
    return Fix(description, tuple(made), safe)
