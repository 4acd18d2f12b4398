"""HCL native syntax into ``syntax`` types.

``parse_hcl`` reads through tree-sitter-hcl (``hcl_tree_sitter``), a C parser. The reader of
python-hcl2's Lark parse tree below is the reference it is tested against, file by file
(``parse_hcl_reference``, tests/test_hcl_parsers.py), and reads the files tree-sitter-hcl
rejects: it reads ``1e3``, which tree-sitter-hcl does not, and says where a broken file goes
wrong. python-hcl2's dict output renders expressions back to strings and drops positions,
so it reads the raw Lark tree, which gives values, expressions and the line and column of
every block and attribute; it is several times slower. Both parsers are imported on first
use only.
"""

from __future__ import annotations

import re
from typing import Any

from ...model import Span
from ...source.nesting import check_nesting
from ...source.numbers import decimal
from ...source.quote import quoted
from ...source.tree import SourceError
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

_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_NAME_NODES = ("identifier", "keyword", "literal_value")


def parse_hcl(text: str, path: str) -> File:
    """Parse one ``.tf`` (or ``.tfvars``) file; a ``SourceError`` says where it is invalid."""
    from .hcl_tree_sitter import parse_tree_sitter

    check_nesting(text, _NESTING, MAX_DEPTH, "HCL")
    try:
        parsed = parse_tree_sitter(text, path)
    except RecursionError:
        raise SourceError("invalid HCL: nested too deeply to read") from None
    return parse_hcl_reference(text, path) if parsed is None else parsed


def parse_hcl_reference(text: str, path: str) -> File:
    """``parse_hcl`` through python-hcl2 and Lark: the reference of the differential test."""
    check_nesting(text, _NESTING, MAX_DEPTH, "HCL")
    try:
        tree = _lark_tree(text)
        return _Reader(path).file(tree)
    except SourceError:
        raise
    except RecursionError:
        raise SourceError("invalid HCL: nested too deeply to read") from None
    except Exception as error:  # python-hcl2 and Lark raise many exception types
        raise _syntax_error(error) from None


def parse_expression(text: str, path: str) -> Expr:
    """Parse one expression (a ``--var`` value, a JSON-syntax template or type)."""
    parsed = parse_hcl(f"value = {text}\n", path)
    attribute = parsed.body.attribute("value")
    if attribute is None or len(parsed.body.attributes) != 1 or parsed.body.blocks:
        raise SourceError("invalid HCL expression")
    return attribute.expr


MAX_DEPTH = 100
"""Brackets nested deeper are refused before either parser reads them (Lark is slow on deep
nesting, and both readers recurse)."""

_NESTING = re.compile(r'"(?:[^"\\\n]|\\.)*"|(?:#|//)[^\n]*|/\*.*?\*/|[\[\]{}()\n]', re.DOTALL)


def _lark_tree(text: str) -> Any:
    import hcl2

    return hcl2.parses_to_tree(text)


def _syntax_error(error: Exception) -> SourceError:
    line = getattr(error, "line", None)
    line = line if isinstance(line, int) and line > 0 else None
    token = getattr(error, "token", None)
    char = getattr(error, "char", None)
    if token is not None and getattr(token, "type", "") == "$END":
        what = "end of file"
    elif token is not None:
        what = quoted(str(token).strip() or str(token))
    elif char is not None:
        what = quoted(str(char))
    else:
        what = type(error).__name__
    return SourceError(f"invalid HCL: unexpected {what}", line)


def unescape(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "uU" and len(code) > 1:
            return chr(int(code[1:], 16))
        return _SIMPLE_ESCAPES.get(code, "\\" + code)

    return _ESCAPE.sub(replace, text)


def _is_nl(node: Any) -> bool:
    return getattr(node, "data", None) == "new_line_or_comment"


def _trees(node: Any) -> list[Any]:
    """The child trees of ``node`` that carry meaning (no tokens, newlines or comments)."""
    return [c for c in node.children if hasattr(c, "data") and not _is_nl(c)]


def _position(node: Any) -> Any:
    """What carries a node's line and column: a tree's meta, or the token itself."""
    return getattr(node, "meta", node)


def _token_text(node: Any) -> str:
    """The text of a name-like node: an identifier, keyword or literal."""
    if hasattr(node, "data"):
        return "".join(_token_text(c) for c in node.children)
    return str(node)


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.redefinitions: list[Redefinition] = []

    def file(self, tree: Any) -> File:
        (body,) = _trees(tree)
        return File(self.path, self.body(body, None), tuple(self.redefinitions))

    def span(self, first: Any, last: Any | None = None) -> Span:
        start = _position(first)
        end = _position(first if last is None else last)
        return Span(
            self.path,
            getattr(start, "line", 1),
            getattr(start, "column", 1),
            getattr(end, "end_line", None),
            getattr(end, "end_column", None),
        )

    def body(self, node: Any, span: Span | None) -> Body:
        attributes: list[Attribute] = []
        blocks: list[Block] = []
        seen: dict[str, Span] = {}
        for child in _trees(node):
            if child.data == "attribute":
                attribute = self.attribute(child)
                if attribute.name in seen:
                    self.redefinitions.append(
                        Redefinition(attribute.name, attribute.span, seen[attribute.name])
                    )
                seen.setdefault(attribute.name, attribute.span)
                attributes.append(attribute)
            elif child.data == "block":
                blocks.append(self.block(child))
        return Body(tuple(attributes), tuple(blocks), span)

    def attribute(self, node: Any) -> Attribute:
        name_node, value = _trees(node)
        return Attribute(_token_text(name_node), self.expr(value), self.span(name_node))

    def block(self, node: Any) -> Block:
        children = _trees(node)
        header = [c for c in children if c.data in _NAME_NODES or c.data == "string"]
        body = next(c for c in children if c.data == "body")
        labels = tuple(self.label(c) if c.data == "string" else _token_text(c) for c in header[1:])
        span = self.span(header[0], header[-1])
        return Block(_token_text(header[0]), labels, self.body(body, span), span)

    def label(self, node: Any) -> str:
        parts = [self.string_part(p) for p in _trees(node)]
        return "".join(p if isinstance(p, str) else "" for p in parts)

    def expr(self, node: Any) -> Expr:
        kind = node.data
        method = getattr(self, f"expr_{kind}", None)
        if method is None:
            return Opaque(f"unsupported syntax {kind}")
        result: Expr = method(node)
        return result

    def expr_expr_term(self, node: Any) -> Expr:
        (inner,) = _trees(node)
        return self.expr(inner)

    def expr_identifier(self, node: Any) -> Expr:
        return Variable(_token_text(node))

    def expr_keyword(self, node: Any) -> Expr:
        return Variable(_token_text(node))

    def expr_literal_value(self, node: Any) -> Expr:
        text = _token_text(node)
        return Literal({"true": True, "false": False}.get(text))

    def expr_int_lit(self, node: Any) -> Expr:
        return Literal(decimal(_token_text(node)))

    def expr_float_lit(self, node: Any) -> Expr:
        value = float(_token_text(node))
        return Literal(int(value) if value.is_integer() and "e" not in _token_text(node) else value)

    def expr_string(self, node: Any) -> Expr:
        parts = [self.string_part(p) for p in _trees(node)]
        if any(isinstance(p, Opaque) for p in parts):
            return Opaque("template directive")
        if all(isinstance(p, str) for p in parts):
            return Literal("".join(p for p in parts if isinstance(p, str)))
        merged: list[str | Expr] = []
        for part in parts:  # adjacent text as one part, as tree-sitter-hcl reads it
            if isinstance(part, str) and merged and isinstance(merged[-1], str):
                merged[-1] += part
            else:
                merged.append(part)
        return Template(tuple(merged))

    def string_part(self, node: Any) -> str | Expr:
        (child,) = node.children
        if not hasattr(child, "data"):
            text = str(child)
            if child.type in ("ESCAPED_INTERPOLATION", "ESCAPED_DIRECTIVE"):
                return text[1:]
            return unescape(text)
        if child.data == "interpolation":
            (inner,) = _trees(child)
            return self.expr(inner)
        return Opaque("template directive")

    def expr_template_string(self, node: Any) -> Expr:
        return Opaque("template string")

    def expr_heredoc_template(self, node: Any) -> Expr:
        return heredoc(_token_text(node), trim=False)

    def expr_heredoc_template_trim(self, node: Any) -> Expr:
        return heredoc(_token_text(node), trim=True)

    def expr_tuple(self, node: Any) -> Expr:
        return TupleExpr(tuple(self.expr(c) for c in _trees(node)))

    def expr_object(self, node: Any) -> Expr:
        items: list[tuple[Expr, Expr]] = []
        for element in _trees(node):
            key_node, value = _trees(element)
            (key,) = _trees(key_node)
            items.append((self.object_key(key), self.expr(value)))
        return ObjectExpr(tuple(items))

    def object_key(self, node: Any) -> Expr:
        if node.data == "keyword":
            return Literal(_token_text(node))
        key = self.expr(node)
        if isinstance(key, Variable):
            return Literal(key.name)
        return key

    def expr_conditional(self, node: Any) -> Expr:
        condition, then, otherwise = _trees(node)
        return Conditional(self.expr(condition), self.expr(then), self.expr(otherwise))

    def expr_binary_op(self, node: Any) -> Expr:
        left, term = _trees(node)[:2]
        operator, right = _trees(term)
        return BinaryOp(_token_text(operator).strip(), self.expr(left), self.expr(right))

    def expr_unary_op(self, node: Any) -> Expr:
        operator = str(node.children[0]).strip()
        (operand,) = _trees(node)
        return UnaryOp(operator, self.expr(operand))

    def expr_function_call(self, node: Any) -> Expr:
        children = _trees(node)
        names = [_token_text(c) for c in children if c.data == "identifier"]
        arguments = next((c for c in children if c.data == "arguments"), None)
        args: tuple[Expr, ...] = ()
        expand = False
        if arguments is not None:
            args = tuple(self.expr(c) for c in _trees(arguments))
            expand = any(
                not hasattr(c, "data") and c.type == "ELLIPSIS" for c in arguments.children
            )
        return Call("::".join(names), args, expand)

    def expr_index_expr_term(self, node: Any) -> Expr:
        target, index = _trees(node)
        return Index(self.expr(target), self.index_key(index))

    def index_key(self, node: Any) -> Expr:
        if node.data == "short_index":
            return Literal(decimal(str(node.children[-1])))
        (inner,) = _trees(node)
        return self.expr(inner)

    def expr_get_attr_expr_term(self, node: Any) -> Expr:
        target, get_attr = _trees(node)
        (name,) = _trees(get_attr)
        return GetAttr(self.expr(target), _token_text(name))

    def splat(self, node: Any) -> Expr:
        target, splat = _trees(node)
        steps: list[GetAttr | Index] = []
        for step in _trees(splat):
            if step.data == "get_attr":
                (name,) = _trees(step)
                steps.append(GetAttr(Element(), _token_text(name)))
            else:
                steps.append(Index(Element(), self.index_key(step)))
        return Splat(self.expr(target), tuple(steps))

    expr_attr_splat_expr_term = splat
    expr_full_splat_expr_term = splat

    def for_parts(self, node: Any) -> tuple[str | None, str, Expr, Expr | None]:
        intro = next(c for c in _trees(node) if c.data == "for_intro")
        names = [_token_text(c) for c in _trees(intro) if c.data == "identifier"]
        (collection,) = [c for c in _trees(intro) if c.data != "identifier"]
        cond = next((c for c in _trees(node) if c.data == "for_cond"), None)
        condition = self.expr(_trees(cond)[0]) if cond is not None else None
        key_var = names[0] if len(names) == 2 else None
        return key_var, names[-1], self.expr(collection), condition

    def expr_for_tuple_expr(self, node: Any) -> Expr:
        key_var, value_var, collection, condition = self.for_parts(node)
        (value,) = [c for c in _trees(node) if c.data not in ("for_intro", "for_cond")]
        return ForExpr(key_var, value_var, collection, self.expr(value), None, condition)

    def expr_for_object_expr(self, node: Any) -> Expr:
        key_var, value_var, collection, condition = self.for_parts(node)
        key, value = [c for c in _trees(node) if c.data not in ("for_intro", "for_cond")]
        grouping = any(not hasattr(c, "data") and c.type == "ELLIPSIS" for c in node.children)
        return ForExpr(
            key_var,
            value_var,
            collection,
            self.expr(value),
            self.expr(key),
            condition,
            grouping,
        )


def heredoc(token: str, *, trim: bool) -> Expr:
    lines = token.split("\n")
    body = lines[1:-2]
    if trim:
        indents = [len(line) - len(line.lstrip(" \t")) for line in body if line.strip()]
        cut = min(indents, default=0)
        body = [line[cut:] for line in body]
    text = "".join(f"{line.rstrip(chr(13))}\n" for line in body)
    unescaped = text.replace("$${", "").replace("%%{", "")
    if "${" in unescaped or "%{" in unescaped:
        return Opaque("heredoc template")
    return Literal(text.replace("$${", "${").replace("%%{", "%{"))
