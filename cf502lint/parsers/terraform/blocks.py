"""Evaluating a block body into a located tree, with ``dynamic`` blocks expanded.

Attributes become keys holding their values (null means unset, so the key is left out);
nested blocks of one type become a list under the type's name. A ``dynamic`` block whose
collection is unknown leaves an ``Unknown`` item: the number of blocks cannot be told.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext

from ...model import Span
from ...source.tree import LList, LMap
from ..values import Unknown
from .evaluate import EvalError, Evaluator, Scope, iterate
from .syntax import Block, Body, Literal, Variable

META_ATTRIBUTES = frozenset({"count", "for_each", "provider", "depends_on"})
META_BLOCKS = frozenset({"lifecycle", "provisioner", "connection"})
MAX_BLOCKS = 1000
"""Blocks one ``dynamic`` block may make."""


def evaluate_body(
    body: Body, span: Span, evaluator: Evaluator, scope: Scope, address: str | None = None
) -> LMap:
    """``address``: the body is that resource's, whose meta-arguments are left out and whose
    arguments and blocks are each one value of the budget (an expensive ``dynamic`` block
    leaves the rest known)."""
    result = LMap(span)
    for attribute in body.attributes:
        if address is not None and attribute.name in META_ATTRIBUTES:
            continue
        with _unit(evaluator, address, attribute.name, attribute.span):
            value = evaluator.value(attribute.expr, scope)
        if value is None:
            continue
        result[attribute.name] = value
        result.key_spans[attribute.name] = attribute.span
    for block in body.blocks:
        if address is not None and block.type in META_BLOCKS:
            continue
        if block.type == "dynamic" and block.labels:
            with _unit(evaluator, address, f'dynamic "{block.labels[0]}"', block.span):
                items = _dynamic(block, evaluator, scope)
            for item in items:
                _append(result, block.labels[0], item, block.span)
        else:
            with _unit(evaluator, address, f"{block.type} block", block.span):
                item = evaluate_body(block.body, block.span, evaluator, scope)
            _append(result, block.type, item, block.span)
    return result


def _unit(
    evaluator: Evaluator, address: str | None, what: str, span: Span
) -> AbstractContextManager[None]:
    if address is None:
        return nullcontext()
    return evaluator.budget.unit(f"{address}, {what}", span)


def _append(result: LMap, name: str, item: LMap | Unknown, span: Span) -> None:
    blocks = result.get(name)
    if not isinstance(blocks, LList):
        blocks = LList(span)
        result[name] = blocks
        result.key_spans[name] = span
    blocks.append(item)
    blocks.item_spans.append(span)


def _dynamic(block: Block, evaluator: Evaluator, scope: Scope) -> list[LMap | Unknown]:
    content = next(iter(block.body.blocks_of("content")), None)
    for_each = block.body.attribute("for_each")
    if content is None or for_each is None:
        return []
    iterator = block.labels[0]
    named = block.body.attribute("iterator")
    if named is not None and isinstance(named.expr, Variable):
        iterator = named.expr.name
    elif (
        named is not None and isinstance(named.expr, Literal) and isinstance(named.expr.value, str)
    ):
        iterator = named.expr.value
    try:
        pairs = iterate(evaluator.value(for_each.expr, scope))
    except EvalError:
        pairs = Unknown("dynamic block collection")
    if not isinstance(pairs, Unknown) and len(pairs) > MAX_BLOCKS:
        message = (
            f'dynamic "{block.labels[0]}": for_each has {len(pairs):,} elements, more than '
            f"{MAX_BLOCKS:,} blocks; read as blocks of unknown number and content"
        )
        evaluator.budget.note(for_each.span, message)
        pairs = Unknown("dynamic block collection")
    if isinstance(pairs, Unknown):
        return [Unknown(f"dynamic {block.labels[0]} blocks")]
    items: list[LMap | Unknown] = []
    for key, value in pairs:
        inner = {**scope, iterator: {"key": key, "value": value}}
        items.append(evaluate_body(content.body, block.span, evaluator, inner))
    return items
