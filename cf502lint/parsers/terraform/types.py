"""Variable type constraints: converting a value as Terraform does before a module sees it.

What matters for a static read is that ``optional(type, default)`` attributes of object
types get their defaults, attributes an object type does not declare are dropped, and
strings become numbers or bools where the type says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .evaluate import EvalError, boolean, number, to_text, unknown_in
from .syntax import Call, Expr, Literal, ObjectExpr, TupleExpr, Variable

Evaluate = Callable[[Expr], Any]


@dataclass(frozen=True, slots=True)
class Type:
    kind: str
    """string, number, bool, any, list, set, map, object or tuple."""
    element: Type | None = None
    attributes: tuple[tuple[str, Type, bool, Expr | None], ...] = ()
    """For objects: (name, type, optional, default expression)."""
    items: tuple[Type, ...] = ()


ANY = Type("any")


def parse_type(expr: Expr | None) -> Type:
    """The type a ``type =`` expression describes; ``any`` for what is not understood."""
    match expr:
        case Variable(name) if name in ("string", "number", "bool", "any"):
            return Type(name)
        case Literal(str(name)) if name in ("string", "number", "bool", "any"):
            return Type(name)
        case Call(name, (element,)) if name in ("list", "set", "map"):
            return Type(name, parse_type(element))
        case Call("object", (ObjectExpr(items),)):
            attributes = []
            for key, value in items:
                if not isinstance(key, Literal) or not isinstance(key.value, str):
                    return ANY
                optional, default = False, None
                if isinstance(value, Call) and value.name == "optional" and value.args:
                    optional = True
                    default = value.args[1] if len(value.args) > 1 else None
                    value = value.args[0]
                attributes.append((key.value, parse_type(value), optional, default))
            return Type("object", attributes=tuple(attributes))
        case Call("tuple", (TupleExpr(items),)):
            return Type("tuple", items=tuple(parse_type(item) for item in items))
    return ANY


def convert(value: Any, kind: Type, evaluate: Evaluate) -> Any:
    """``value`` converted to ``kind``; unknown parts stay unknown."""
    if value is None or unknown_in(value) or kind.kind == "any":
        return value
    try:
        return _convert(value, kind, evaluate)
    except EvalError:
        return value


def _convert(value: Any, kind: Type, evaluate: Evaluate) -> Any:
    if value is None or unknown_in(value):
        return value
    match kind.kind:
        case "string":
            return to_text(value) if isinstance(value, str | int | float | bool) else value
        case "number":
            return number(value)
        case "bool":
            return boolean(value)
        case "list" | "set" if isinstance(value, list):
            element = kind.element or ANY
            items = [_convert(item, element, evaluate) for item in value]
            return _as_set(items) if kind.kind == "set" else items
        case "map" if isinstance(value, dict):
            element = kind.element or ANY
            return {key: _convert(item, element, evaluate) for key, item in value.items()}
        case "object" if isinstance(value, dict):
            result: dict[str, Any] = {}
            for name, attribute, optional, default in kind.attributes:
                if value.get(name) is not None:
                    result[name] = _convert(value[name], attribute, evaluate)
                elif optional and default is not None:
                    result[name] = _convert(evaluate(default), attribute, evaluate)
                else:
                    result[name] = None
            return result
        case "tuple" if isinstance(value, list) and len(value) == len(kind.items):
            return [_convert(v, t, evaluate) for v, t in zip(value, kind.items, strict=True)]
    return value


def _as_set(items: list[Any]) -> list[Any]:
    unique: list[Any] = []
    for item in items:
        if item not in unique:
            unique.append(item)
    if all(isinstance(i, str) for i in unique):
        return sorted(unique)
    return unique
