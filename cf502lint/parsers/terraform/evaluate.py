"""Evaluating Terraform expressions as far as a static read allows.

Known values become plain Python values (str, int, float, bool, None for null, list,
dict); references to resources become ``Ref``; what cannot be known is ``Unknown``.
An expression Terraform would reject raises ``EvalError``, which ``try`` and ``can``
observe and which otherwise makes the value unknown.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Mapping
from typing import Any

from ..values import Partial, Ref, Unknown, concat
from .budget import Budget, TooMuch
from .syntax import (
    BinaryOp,
    Call,
    Conditional,
    Expr,
    ForExpr,
    GetAttr,
    Index,
    Literal,
    ObjectExpr,
    Opaque,
    Splat,
    Template,
    TupleExpr,
    UnaryOp,
    Variable,
)

Scope = Mapping[str, Any]

COSTLY = {"regex": 40_000, "regexall": 40_000, "replace": 1_000}
"""Steps a call costs: a regular expression may run for REGEX_SECONDS, as long as evaluating
this many expressions takes."""
MAX_SIZE = 1_000_000
"""Characters plus elements a value may hold, shared parts counted at each use; a larger
value is unknown, so that locals doubling a string or a list stay bounded."""
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_LOOKUPS = (Literal, Variable, GetAttr, Index, Conditional)
"""Expressions that find a value rather than build one."""


class EvalError(Exception):
    """The expression is invalid for the values it meets (Terraform would fail)."""


class Object:
    """A value whose attributes are computed on demand: a resource, a namespace, a module."""

    def get(self, name: str) -> Any:
        raise EvalError(f"unsupported attribute {name!r}")

    def index(self, key: Any) -> Any:
        raise EvalError("this value cannot be indexed")

    def elements(self) -> list[Any] | Unknown:
        """The values a splat or ``for`` visits."""
        return [self]


def unknown_in(value: Any) -> bool:
    """Whether ``value`` is not fully known at its top level."""
    return isinstance(value, Unknown | Partial | Ref)


def number(value: Any) -> int | float:
    if isinstance(value, bool):
        raise EvalError("a bool is not a number")
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        if not _NUMBER.fullmatch(value):
            raise EvalError("a string that is not a number")
        parsed = float(value)
        return int(parsed) if parsed.is_integer() and "." not in value else parsed
    raise EvalError("not a number")


def whole(value: Any) -> int:
    """A whole number (a count, a position); raises ``EvalError`` for anything else."""
    found = number(value)
    if isinstance(found, float):
        if not found.is_integer():  # infinity and NaN are not either
            raise EvalError(f"{found} is not a whole number")
        return int(found)
    return found


def out_of_range(value: Any) -> bool:
    """Terraform's numbers have no bound; past a float's range, a number is unknown here."""
    if isinstance(value, float):
        return not math.isfinite(value)
    return isinstance(value, int) and abs(value) > sys.float_info.max


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value in ("true", "false"):
        return value == "true"
    raise EvalError("not a bool")


def tidy(value: int | float) -> int | float:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def get_attr(value: Any, name: str) -> Any:
    if isinstance(value, Unknown):  # keep what it was: "var.cdn has no value, so its domain"
        joined = (
            f"{value.reason}.{name}"
            if " " not in value.reason
            else f"{value.reason}, so its {name}"
        )
        return Unknown(joined)
    if unknown_in(value):
        return Unknown(f"attribute {name} of an unknown value")
    if isinstance(value, Object):
        return value.get(name)
    if isinstance(value, dict):
        if name in value:
            return value[name]
        raise EvalError(f"no attribute {name!r}")
    if value is None:
        raise EvalError(f"attribute {name!r} of null")
    raise EvalError(f"attribute {name!r} of a {type(value).__name__}")


def index(value: Any, key: Any) -> Any:
    if unknown_in(value) or unknown_in(key):
        return Unknown("index of an unknown value")
    if isinstance(value, Object):
        return value.index(key)
    if isinstance(value, list):
        position = number(key)
        if isinstance(position, int) and 0 <= position < len(value):
            return value[position]
        raise EvalError(f"index {key!r} out of range")
    if isinstance(value, dict):
        name = key if isinstance(key, str) else str(tidy(number(key)))
        if name in value:
            return value[name]
        raise EvalError(f"no element {name!r}")
    if value is None:
        raise EvalError("index of null")
    raise EvalError(f"a {type(value).__name__} cannot be indexed")


def iterate(value: Any) -> list[tuple[Any, Any]] | Unknown:
    """(key, value) pairs of a collection: list index or map key, in Terraform's order."""
    if unknown_in(value):
        return Unknown("iteration over an unknown collection")
    if isinstance(value, Object):
        elements = value.elements()
        if isinstance(elements, Unknown):
            return elements
        return list(enumerate(elements))
    if isinstance(value, list):
        return list(enumerate(value))
    if isinstance(value, dict):
        return [(key, value[key]) for key in sorted(value)]
    raise EvalError("not a collection")


def to_text(value: Any) -> Any:
    """A value as a template part: a string, or what is known of one."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(tidy(value))
    if isinstance(value, str | Unknown | Ref | Partial):
        return value
    if value is None:
        raise EvalError("null in a string template")
    raise EvalError(f"a {type(value).__name__} in a string template")


Roots = Callable[[str], Any]
Functions = Callable[[str, list[Any]], Any]


class Evaluator:
    """Evaluates expressions of one module instance; ``roots`` resolves ``var``, ``aws_lb``..."""

    def __init__(self, roots: Roots, functions: Functions, budget: Budget | None = None) -> None:
        self.roots = roots
        self.functions = functions
        self.budget = budget or Budget()
        self._sizes: dict[int, tuple[Any, int]] = {}

    def value(self, expr: Expr, scope: Scope) -> Any:
        """The value of ``expr``, with errors turned into an unknown value."""
        try:
            return self.eval(expr, scope)
        except EvalError as error:
            return Unknown(f"invalid: {error}")
        except TooMuch as error:
            self.budget.ran_out(error)
            return Unknown(str(error))
        except RecursionError:
            return Unknown("nested too deeply")

    def eval(self, expr: Expr, scope: Scope) -> Any:
        self.budget.step()
        try:
            result = self._eval(expr, scope)
        except (ArithmeticError, ValueError, TypeError) as error:
            raise EvalError(str(error)) from None
        except MemoryError:
            raise TooMuch("out of memory", "value") from None
        if out_of_range(result):
            return Unknown("a number out of the range cf502lint evaluates")
        size = self.size(result)
        if size > MAX_SIZE:
            raise TooMuch(f"a value larger than {MAX_SIZE:,} characters and elements", "value")
        if not isinstance(expr, _LOOKUPS):
            self.budget.build(size)
        return result

    def size(self, value: Any) -> int:
        """Characters plus elements in ``value``; each list or map is measured once."""
        if isinstance(value, str):
            return len(value)
        if isinstance(value, Partial):
            return sum(len(part) if isinstance(part, str) else 1 for part in value.parts)
        if not isinstance(value, list | dict):
            return 1
        known = self._sizes.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        total = 1
        for item in value.values() if isinstance(value, dict) else value:
            total += self.size(item)
            if total > MAX_SIZE:
                break
        self._sizes[id(value)] = (value, total)  # holding the value keeps its id unique
        return total

    def _eval(self, expr: Expr, scope: Scope) -> Any:
        match expr:
            case Literal(value):
                return value
            case Template(parts):
                return concat(
                    [p if isinstance(p, str) else to_text(self.eval(p, scope)) for p in parts]
                )
            case Variable(name):
                return scope[name] if name in scope else self.roots(name)
            case GetAttr(target, name):
                return get_attr(self.eval(target, scope), name)
            case Index(target, key):
                return index(self.eval(target, scope), self.eval(key, scope))
            case TupleExpr(items):
                return [self.eval(item, scope) for item in items]
            case ObjectExpr(items):
                return self.object(items, scope)
            case Conditional(condition, then, otherwise):
                return self.conditional(condition, then, otherwise, scope)
            case BinaryOp(op, left, right):
                return self.binary(op, left, right, scope)
            case UnaryOp(op, operand):
                return self.unary(op, self.eval(operand, scope))
            case Call(name, args, expand_last):
                return self.call(name, args, expand_last, scope)
            case ForExpr():
                return self.for_expr(expr, scope)
            case Splat(target, steps):
                return self.splat(self.eval(target, scope), steps, scope)
            case Opaque(reason):
                return Unknown(reason)
        raise EvalError(f"cannot evaluate {type(expr).__name__}")

    def object(self, items: tuple[tuple[Expr, Expr], ...], scope: Scope) -> Any:
        result: dict[str, Any] = {}
        for key_expr, value_expr in items:
            key = self.eval(key_expr, scope)
            if unknown_in(key):
                return Unknown("object with an unknown key")
            result[str(to_text(key))] = self.eval(value_expr, scope)
        return result

    def conditional(self, condition: Expr, then: Expr, otherwise: Expr, scope: Scope) -> Any:
        chosen = self.eval(condition, scope)
        if unknown_in(chosen):
            first, second = self.value(then, scope), self.value(otherwise, scope)
            return first if first == second and not unknown_in(first) else Unknown("condition")
        return self.eval(then if boolean(chosen) else otherwise, scope)

    def binary(self, op: str, left_expr: Expr, right_expr: Expr, scope: Scope) -> Any:
        left = self.eval(left_expr, scope)
        if op in ("&&", "||"):
            return self.logical(op, left, right_expr, scope)
        right = self.eval(right_expr, scope)
        if op in ("==", "!="):
            if unknown_in(left) or unknown_in(right):
                return Unknown("comparison")
            return (_comparable(left) == _comparable(right)) == (op == "==")
        if unknown_in(left) or unknown_in(right):
            return Unknown("arithmetic")
        a, b = number(left), number(right)
        match op:
            case "+":
                return tidy(a + b)
            case "-":
                return tidy(a - b)
            case "*":
                return tidy(a * b)
            case "/":
                if b == 0:
                    raise EvalError("division by zero")
                return tidy(a / b)
            case "%":
                if b == 0:
                    raise EvalError("division by zero")
                return tidy(a % b)
            case "<":
                return a < b
            case ">":
                return a > b
            case "<=":
                return a <= b
            case ">=":
                return a >= b
        raise EvalError(f"unknown operator {op}")

    def logical(self, op: str, left: Any, right_expr: Expr, scope: Scope) -> Any:
        decisive = op == "||"
        if not unknown_in(left) and boolean(left) is decisive:
            return decisive
        right = self.eval(right_expr, scope)
        if not unknown_in(right) and boolean(right) is decisive:
            return decisive
        if unknown_in(left) or unknown_in(right):
            return Unknown("logic")
        return not decisive

    def unary(self, op: str, value: Any) -> Any:
        if unknown_in(value):
            return Unknown("unary")
        if op == "!":
            return not boolean(value)
        return tidy(-number(value))

    def call(self, name: str, arg_exprs: tuple[Expr, ...], expand: bool, scope: Scope) -> Any:
        if name == "try":
            return self.try_(arg_exprs, scope)
        if name == "can":
            try:
                result = self.eval(arg_exprs[0], scope) if arg_exprs else None
            except EvalError:
                return False
            return Unknown("can") if isinstance(result, Unknown) else True
        args = [self.eval(arg, scope) for arg in arg_exprs]
        if name in COSTLY:
            self.budget.step(COSTLY[name])
        if expand and args:
            last = args.pop()
            if unknown_in(last):
                return Unknown(f"function {name}")
            if not isinstance(last, list):
                raise EvalError("... expands a list")
            args.extend(last)
        return self.functions(name, args)

    def try_(self, arg_exprs: tuple[Expr, ...], scope: Scope) -> Any:
        for arg in arg_exprs:
            try:
                result = self.eval(arg, scope)
            except EvalError:
                continue
            return Unknown("try") if isinstance(result, Unknown) else result
        raise EvalError("no argument of try succeeded")

    def for_expr(self, expr: ForExpr, scope: Scope) -> Any:
        pairs = iterate(self.eval(expr.collection, scope))
        if isinstance(pairs, Unknown):
            return pairs
        items: list[Any] = []
        grouped: dict[str, Any] = {}
        for key, value in pairs:
            inner = dict(scope)
            inner[expr.value_var] = value
            if expr.key_var is not None:
                inner[expr.key_var] = key
            if expr.condition is not None:
                keep = self.eval(expr.condition, inner)
                if unknown_in(keep):
                    return Unknown("for condition")
                if not boolean(keep):
                    continue
            result = self.eval(expr.value, inner)
            if expr.key is None:
                items.append(result)
                continue
            name = self.eval(expr.key, inner)
            if unknown_in(name):
                return Unknown("for key")
            name = str(to_text(name))
            if expr.grouping:
                grouped.setdefault(name, []).append(result)
            elif name in grouped:
                raise EvalError(f"duplicate key {name!r} in a for expression")
            else:
                grouped[name] = result
        return items if expr.key is None else grouped

    def splat(self, target: Any, steps: tuple[GetAttr | Index, ...], scope: Scope) -> Any:
        if unknown_in(target):
            return Unknown("splat of an unknown value")
        if target is None:
            return []
        if isinstance(target, list):
            elements: list[Any] = target
        elif isinstance(target, Object):
            found = target.elements()
            if isinstance(found, Unknown):
                return found
            elements = found
        else:
            elements = [target]
        return [self.steps(element, steps, scope) for element in elements]

    def steps(self, element: Any, steps: tuple[GetAttr | Index, ...], scope: Scope) -> Any:
        for step in steps:
            if isinstance(step, GetAttr):
                element = get_attr(element, step.name)
            else:
                element = index(element, self.eval(step.key, scope))
        return element


def _comparable(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
