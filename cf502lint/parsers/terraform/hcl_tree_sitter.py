"""HCL native syntax into ``syntax`` types, through tree-sitter-hcl's concrete syntax tree.

tree-sitter-hcl is a C parser: it reads the corpus about thirty times faster than
python-hcl2's Lark grammar, and gives the byte, line and column of every node. This reader
gives the same ``File`` as python-hcl2 (``hcl.parse_hcl_reference``, the reference of a
differential test), making up for where the two grammars differ: a conditional in the
``else`` arm is right-associative (``a ? b : c ? d : e``), ``-1.5`` is one negative literal
and ``-1`` an operation, spaces around an interpolation are text. A file tree-sitter-hcl
rejects, or one it reads otherwise than HCL (``1e3``, hexadecimal literals, ``"${}"``), gives
``None``: the caller reads it through python-hcl2. tree_sitter is imported on first use.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ...model import Span
from ...source.numbers import decimal
from .hcl import heredoc, unescape
from .syntax import (
    Attribute,
    BinaryOp,
    Block,
    Body,
    Call,
    Conditional,
    Element,
    Expr,
    File,
    ForExpr,
    GetAttr,
    Index,
    Literal,
    ObjectExpr,
    Opaque,
    Redefinition,
    Splat,
    Template,
    TupleExpr,
    UnaryOp,
    Variable,
)

_BINARY = frozenset(("*", "/", "%", "+", "-", ">", ">=", "<", "<=", "==", "!=", "&&", "||"))
_STEPS = frozenset(("get_attr", "index", "splat"))


class _Rejected(Exception):
    """What this grammar reads otherwise than HCL: ``1e3``, hexadecimal literals, ``"${}"``."""


@cache
def _parser() -> Any:
    import tree_sitter_hcl
    from tree_sitter import Language, Parser

    return Parser(Language(tree_sitter_hcl.language()))


def parse_tree_sitter(text: str, path: str) -> File | None:
    """Parse one ``.tf`` (or ``.tfvars``) file, or ``None`` where tree-sitter-hcl rejects it.

    The caller (``hcl.parse_hcl``) checks nesting first, and reads a rejected file again
    through python-hcl2, which accepts what this grammar lacks (``1e3``) and says where a
    broken file goes wrong. A ``RecursionError`` may come out of a long chain of operators.
    """
    data = text.encode("utf-8", "surrogatepass")
    root = _parser().parse(data).root_node
    if root.has_error:
        return None
    try:
        return _Reader(path, data, text.isascii()).file(root)
    except _Rejected:
        return None


def _kids(node: Any) -> list[Any]:
    """The children of ``node`` that are not comments."""
    return [c for c in node.children if c.type != "comment"]


def _named(node: Any) -> list[Any]:
    return [c for c in node.named_children if c.type != "comment"]


def _number(text: str) -> Literal:
    """A numeric literal, read as python-hcl2's int and float literals are."""
    if "x" in text.lower():
        raise _Rejected
    if "." not in text and "e" not in text.lower():
        return Literal(decimal(text))
    value = float(text)
    return Literal(int(value) if value.is_integer() and "e" not in text else value)


class _Reader:
    def __init__(self, path: str, data: bytes, ascii: bool) -> None:
        self.path = path
        self.data = data
        self.ascii = ascii
        self.redefinitions: list[Redefinition] = []
        self.line_starts: list[int] | None = None

    # --- text and positions ------------------------------------------------------------

    def text(self, node: Any) -> str:
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "surrogatepass")

    def column(self, row: int, byte_column: int) -> int:
        """The 1-based character column of a byte column (tree-sitter counts bytes)."""
        if self.ascii:
            return byte_column + 1
        if self.line_starts is None:
            starts = [0]
            find = self.data.find
            at = find(b"\n")
            while at >= 0:
                starts.append(at + 1)
                at = find(b"\n", at + 1)
            self.line_starts = starts
        start = self.line_starts[row]
        prefix = self.data[start : start + byte_column]
        return len(prefix.decode("utf-8", "surrogatepass")) + 1

    def span(self, first: Any, last: Any | None = None) -> Span:
        start = first.start_point
        end = (first if last is None else last).end_point
        return Span(
            self.path,
            start[0] + 1,
            self.column(start[0], start[1]),
            end[0] + 1,
            self.column(end[0], end[1]),
        )

    # --- structure -----------------------------------------------------------------------

    def file(self, root: Any) -> File:
        body = Body()
        for child in _named(root):
            if child.type != "body":  # a JSON object, which .tf files cannot be
                raise _Rejected
            body = self.body(child, None)
        return File(self.path, body, tuple(self.redefinitions))

    def body(self, node: Any, span: Span | None) -> Body:
        attributes: list[Attribute] = []
        blocks: list[Block] = []
        seen: dict[str, Span] = {}
        for child in _named(node):
            if child.type == "attribute":
                attribute = self.attribute(child)
                if attribute.name in seen:
                    self.redefinitions.append(
                        Redefinition(attribute.name, attribute.span, seen[attribute.name])
                    )
                seen.setdefault(attribute.name, attribute.span)
                attributes.append(attribute)
            elif child.type == "block":
                blocks.append(self.block(child))
        return Body(tuple(attributes), tuple(blocks), span)

    def attribute(self, node: Any) -> Attribute:
        name, value = _named(node)
        return Attribute(self.text(name), self.expression(value), self.span(name))

    def block(self, node: Any) -> Block:
        header: list[Any] = []
        body_node = None
        for child in _named(node):
            if child.type in ("identifier", "string_lit"):
                header.append(child)
            elif child.type == "body":
                body_node = child
        labels = tuple(
            self.literal_text(c) if c.type == "string_lit" else self.text(c) for c in header[1:]
        )
        span = self.span(header[0], header[-1])
        body = self.body(body_node, span) if body_node is not None else Body((), (), span)
        return Block(self.text(header[0]), labels, body, span)

    # --- expressions ---------------------------------------------------------------------

    def expression(self, node: Any) -> Expr:
        kids = _kids(node)
        if len(kids) == 1 and kids[0].type == "conditional":
            return self.conditional(kids[0])
        return self.term(kids)

    def term(self, kids: list[Any]) -> Expr:
        """A primary expression and the attribute, index and splat steps that follow it."""
        first = kids[0]
        if first.type == "(":
            expr = self.expression(kids[1])
            steps = kids[3:]
        else:
            expr = self.primary(first)
            steps = kids[1:]
        for step in steps:
            if step.type == "get_attr":
                expr = GetAttr(expr, self.attr_name(step))
            elif step.type == "index":
                expr = Index(expr, self.index_key(step))
            elif step.type == "splat":
                expr = self.splat(expr, step)
            else:
                raise _Rejected
        return expr

    def primary(self, node: Any) -> Expr:
        kind = node.type
        if kind == "literal_value":
            return self.literal(_named(node)[0])
        if kind == "variable_expr":
            return Variable(self.text(node))
        if kind == "template_expr":
            (inner,) = _named(node)
            if inner.type == "heredoc_template":
                return self.heredoc(inner)
            return self.template(inner)
        if kind == "collection_value":
            (inner,) = _named(node)
            return self.tuple_expr(inner) if inner.type == "tuple" else self.object(inner)
        if kind == "function_call":
            return self.call(node)
        if kind == "for_expr":
            (inner,) = _named(node)
            return self.for_expr(inner)
        if kind == "operation":
            (inner,) = _named(node)
            if inner.type == "unary_operation":
                return self.unary(inner)
            return self.binary(inner)
        return Opaque(f"unsupported syntax {kind}")

    def literal(self, node: Any) -> Expr:
        kind = node.type
        if kind == "numeric_lit":
            if self.data[node.end_byte : node.end_byte + 1] in (b"e", b"E"):
                raise _Rejected  # 1e3: tree-sitter-hcl reads 1, then a name e3
            return _number(self.text(node))
        if kind == "bool_lit":
            return Literal(self.text(node) == "true")
        if kind == "null_lit":
            return Literal(None)
        return Literal(self.literal_text(node))

    def literal_text(self, node: Any) -> str:
        """The value of a string literal (no interpolation): its escapes replaced."""
        parts = self.template_parts(node)
        return "".join(p for p in parts if isinstance(p, str))

    def template_parts(self, node: Any) -> list[str | Any]:
        """Literal text and interpolation or directive nodes, in order.

        The text is read from the bytes between the nodes: tree-sitter-hcl leaves the
        spaces around an interpolation out of its ``template_literal`` nodes.
        """
        parts: list[str | Any] = []
        at = None
        for child in node.children:
            kind = child.type
            if kind == "quoted_template_start":
                at = child.end_byte
            elif kind in ("template_interpolation", "template_directive"):
                if at is not None and child.start_byte > at:
                    parts.append(self.chunk(at, child.start_byte))
                parts.append(child)
                at = child.end_byte
            elif kind == "quoted_template_end" and at is not None:
                if child.start_byte > at:
                    parts.append(self.chunk(at, child.start_byte))
                at = None
        return parts

    def chunk(self, start: int, end: int) -> str:
        text = self.data[start:end].decode("utf-8", "surrogatepass")
        if "\\" not in text and "{" not in text:
            return text
        return unescape(text).replace("$${", "${").replace("%%{", "%{")

    def template(self, node: Any) -> Expr:
        parts: list[str | Expr] = []
        opaque = False
        for child in self.template_parts(node):
            if isinstance(child, str):
                parts.append(child)
            elif child.type == "template_interpolation":
                inner = [c for c in _named(child) if c.type == "expression"]
                if not inner:  # "${}"
                    raise _Rejected
                if any(c.type == "strip_marker" for c in _named(child)):
                    opaque = True
                parts.append(self.expression(inner[0]))
            else:
                opaque = True
        if opaque:
            return Opaque("template directive")
        if all(isinstance(p, str) for p in parts):
            return Literal("".join(p for p in parts if isinstance(p, str)))
        return Template(tuple(parts))

    def heredoc(self, node: Any) -> Expr:
        (start, *_rest) = _named(node)
        return heredoc(self.text(node) + "\n", trim=self.text(start) == "<<-")

    def tuple_expr(self, node: Any) -> Expr:
        return TupleExpr(tuple(self.expression(c) for c in _named(node) if c.type == "expression"))

    def object(self, node: Any) -> Expr:
        items: list[tuple[Expr, Expr]] = []
        for element in _named(node):
            if element.type != "object_elem":
                continue
            key_node = element.child_by_field_name("key")
            value_node = element.child_by_field_name("val")
            key = self.expression(key_node)
            if isinstance(key, Variable):
                key = Literal(key.name)
            items.append((key, self.expression(value_node)))
        return ObjectExpr(tuple(items))

    def call(self, node: Any) -> Expr:
        name = ""
        args: tuple[Expr, ...] = ()
        expand = False
        for child in _named(node):
            if child.type == "identifier":
                name = self.text(child)
            elif child.type == "function_arguments":
                named = _named(child)
                args = tuple(self.expression(c) for c in named if c.type == "expression")
                expand = any(c.type == "ellipsis" for c in named)
        return Call(name, args, expand)

    def conditional(self, node: Any) -> Expr:
        """``a ? b : c ? d : e``: tree-sitter-hcl nests it to the left, HCL to the right."""
        arms: list[tuple[Any, Any]] = []
        while True:
            condition, then, otherwise = _named(node)
            arms.append((then, otherwise))
            inner = _kids(condition)
            if len(inner) == 1 and inner[0].type == "conditional":
                node = inner[0]
                continue
            break
        # condition ? arms[-1].then : arms[-1].otherwise ? arms[-2].then : ...
        result = self.expression(arms[0][1])
        for index in range(len(arms) - 1):
            result = Conditional(
                self.expression(arms[index + 1][1]), self.expression(arms[index][0]), result
            )
        return Conditional(self.expression(condition), self.expression(arms[-1][0]), result)

    def unary(self, node: Any) -> Expr:
        kids = _kids(node)
        operator, operand = kids[0], kids[1:]
        op = self.text(operator)
        if (
            op == "-"
            and len(operand) == 1
            and operand[0].type == "literal_value"
            and operator.end_byte == operand[0].start_byte
        ):
            (number,) = _named(operand[0])
            text = self.text(number)
            if number.type == "numeric_lit" and ("." in text or "e" in text.lower()):
                return _number("-" + text)  # -1.5 is one literal in HCL, -1 an operation
        return UnaryOp(op, self.term(operand))

    def binary(self, node: Any) -> Expr:
        kids = _kids(node)
        at = next(i for i, c in enumerate(kids) if not c.is_named and c.type in _BINARY)
        return BinaryOp(kids[at].type, self.term(kids[:at]), self.term(kids[at + 1 :]))

    def attr_name(self, node: Any) -> str:
        (name,) = _named(node)
        return self.text(name)

    def index_key(self, node: Any) -> Expr:
        (inner,) = _named(node)
        if inner.type == "legacy_index":
            return Literal(decimal(self.text(inner).lstrip(".").strip()))
        (expression,) = _named(inner)
        return self.expression(expression)

    def splat(self, target: Expr, node: Any) -> Expr:
        (inner,) = _named(node)
        steps: list[GetAttr | Index] = []
        for step in _named(inner):
            if step.type == "get_attr":
                steps.append(GetAttr(Element(), self.attr_name(step)))
            elif step.type == "index":
                steps.append(Index(Element(), self.index_key(step)))
        return Splat(target, tuple(steps))

    def for_parts(self, node: Any) -> tuple[str | None, str, Expr, Expr | None, list[Any]]:
        rest: list[Any] = []
        names: list[str] = []
        collection: Expr | None = None
        condition: Expr | None = None
        for child in _named(node):
            if child.type == "for_intro":
                for part in _named(child):
                    if part.type == "identifier":
                        names.append(self.text(part))
                    elif part.type == "expression":
                        collection = self.expression(part)
            elif child.type == "for_cond":
                (cond,) = [c for c in _named(child) if c.type == "expression"]
                condition = self.expression(cond)
            elif child.type == "expression":
                rest.append(child)
        assert collection is not None
        key_var = names[0] if len(names) == 2 else None
        return key_var, names[-1], collection, condition, rest

    def for_expr(self, node: Any) -> Expr:
        key_var, value_var, collection, condition, rest = self.for_parts(node)
        if node.type == "for_tuple_expr":
            (value,) = rest
            return ForExpr(key_var, value_var, collection, self.expression(value), None, condition)
        key, value = rest
        grouping = any(c.type == "ellipsis" for c in _named(node))
        return ForExpr(
            key_var,
            value_var,
            collection,
            self.expression(value),
            self.expression(key),
            condition,
            grouping,
        )
