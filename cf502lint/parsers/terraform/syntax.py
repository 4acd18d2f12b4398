"""The syntax of a Terraform file: bodies, blocks, attributes and expressions.

Both HCL native syntax and Terraform JSON syntax are read into these types, so that
evaluation is written once. Blocks and attributes carry spans; expressions do not need to,
because a finding points at the attribute that holds a value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...model import Span


@dataclass(frozen=True, slots=True)
class Literal:
    value: str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class Template:
    """A string with interpolations: literal text and expressions, in order."""

    parts: tuple[str | Expr, ...]


@dataclass(frozen=True, slots=True)
class Opaque:
    """An expression that evaluation does not attempt (template directives, say)."""

    reason: str


@dataclass(frozen=True, slots=True)
class TupleExpr:
    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class ObjectExpr:
    """``{key = value}``; a bare identifier key is a ``Literal`` string."""

    items: tuple[tuple[Expr, Expr], ...]


@dataclass(frozen=True, slots=True)
class Variable:
    """A bare name at the root of a traversal: ``var``, ``local``, ``aws_lb``, ``each``."""

    name: str


@dataclass(frozen=True, slots=True)
class GetAttr:
    target: Expr
    name: str


@dataclass(frozen=True, slots=True)
class Index:
    target: Expr
    key: Expr


@dataclass(frozen=True, slots=True)
class Splat:
    """``target[*].a.b`` or ``target.*.a``: ``steps`` are applied to every element."""

    target: Expr
    steps: tuple[GetAttr | Index, ...]


@dataclass(frozen=True, slots=True)
class Element:
    """The element a splat is applying its steps to (the root of a step chain)."""


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[Expr, ...]
    expand_last: bool = False


@dataclass(frozen=True, slots=True)
class Conditional:
    condition: Expr
    then: Expr
    otherwise: Expr


@dataclass(frozen=True, slots=True)
class BinaryOp:
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class UnaryOp:
    op: str
    operand: Expr


@dataclass(frozen=True, slots=True)
class ForExpr:
    key_var: str | None
    value_var: str
    collection: Expr
    value: Expr
    key: Expr | None = None
    """Present for an object ``for``: ``{for k, v in x : key => value}``."""
    condition: Expr | None = None
    grouping: bool = False


Expr = (
    Literal
    | Template
    | Opaque
    | TupleExpr
    | ObjectExpr
    | Variable
    | GetAttr
    | Index
    | Splat
    | Element
    | Call
    | Conditional
    | BinaryOp
    | UnaryOp
    | ForExpr
)


@dataclass(frozen=True, slots=True)
class Attribute:
    name: str
    expr: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Block:
    type: str
    labels: tuple[str, ...]
    body: Body
    span: Span
    """The block header: its type and labels."""


@dataclass(frozen=True, slots=True)
class Body:
    attributes: tuple[Attribute, ...] = ()
    blocks: tuple[Block, ...] = ()
    span: Span | None = None

    def attribute(self, name: str) -> Attribute | None:
        return next((a for a in self.attributes if a.name == name), None)

    def blocks_of(self, block_type: str) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.type == block_type)


@dataclass(frozen=True, slots=True)
class Redefinition:
    """An attribute set twice in one body, which Terraform rejects."""

    name: str
    span: Span
    first: Span


@dataclass(frozen=True, slots=True)
class File:
    path: str
    body: Body
    redefinitions: tuple[Redefinition, ...] = field(default=())
