"""Values that a static read of infrastructure code can only partly know.

Parsers resolve what they can to plain values (str, int, bool, lists, mappings); what is
left is one of the types below. They are shared by the CloudFormation and Terraform
front ends, so that domain and policy reasoning is written once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Unknown:
    """A value that cannot be known before deployment.

    ``charset`` says what the value may contain, which decides whether it is safe to split
    a string around it: ``label`` (a DNS label: letters, digits, hyphens), ``host`` (labels
    and dots) or ``any``.
    """

    reason: str = "unresolved"
    charset: str = "any"

    def may_contain(self, text: str) -> bool:
        if self.charset == "any":
            return True
        allowed = "abcdefghijklmnopqrstuvwxyz0123456789-" + ("." if self.charset == "host" else "")
        return all(char in allowed for char in text.lower())


@dataclass(frozen=True, slots=True)
class Ref:
    """A same-template resource (``attribute`` None) or one of its attributes."""

    resource: str
    attribute: str | None = None


Part = str | Unknown | Ref


@dataclass(frozen=True, slots=True)
class Partial:
    """A string of which some parts are known."""

    parts: tuple[Part, ...]


def concat(parts: list[Any]) -> Any:
    """Join resolved pieces into a str, or a Partial when some are not known strings."""
    flat: list[Part] = []
    for part in parts:
        if isinstance(part, Partial):
            flat.extend(part.parts)
        elif isinstance(part, bool):
            flat.append("true" if part else "false")
        elif isinstance(part, str | int | float):
            flat.append(str(part))
        elif isinstance(part, Unknown | Ref):
            flat.append(part)
        else:
            flat.append(Unknown("not a string"))
    merged: list[Part] = []
    for part in flat:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part != "":
            merged.append(part)
    if not merged:
        return ""
    if len(merged) == 1 and not isinstance(merged[0], Unknown):
        return merged[0]
    return Partial(tuple(merged))


def unknown_reason(value: Any) -> str | None:
    """Why ``value`` is not known: the reason of its first unknown part, if it has one."""
    for part in value.parts if isinstance(value, Partial) else (value,):
        if isinstance(part, Unknown):
            return part.reason
        if isinstance(part, Ref):
            attribute = f".{part.attribute}" if part.attribute else ""
            return f"{part.resource}{attribute}, known only once it is deployed"
    return None


def split(value: Any, delimiter: str, expand: Callable[[Ref], Any]) -> list[Any] | Unknown:
    """``Fn::Split`` over a possibly partial string; Unknown when the pieces cannot be told.

    ``expand`` turns a resource attribute into what is known of its string form.
    """
    value = concat([expand(p) if isinstance(p, Ref) else p for p in _parts(value)])
    parts = value.parts if isinstance(value, Partial) else (value,)
    if not delimiter:
        return Unknown("empty delimiter")
    pieces: list[list[Any]] = [[]]
    for part in parts:
        if isinstance(part, str):
            first, *rest = part.split(delimiter)
            pieces[-1].append(first)
            pieces.extend([piece] for piece in rest)
        elif isinstance(part, Unknown) and not part.may_contain(delimiter):
            pieces[-1].append(part)
        else:
            return Unknown("split around an unknown value")
    return [concat(piece) for piece in pieces]


def _parts(value: Any) -> tuple[Any, ...]:
    return value.parts if isinstance(value, Partial) else (value,)


MAX_EXPANSIONS = 16
"""References expanded inside one another when rendering (record names naming records)."""
MAX_RENDERED = 4096
"""Characters of known and unknown pieces a rendering may gather, expansions included: far
more than a hostname, and what bounds the work of names made of names made of names."""


class _TooLong(Exception):
    pass


def render(value: Any, expand: Callable[[Ref], Any]) -> str | None:
    """A string with unknown parts written as ``*``; None when nothing is known of it, or
    when it takes more than MAX_RENDERED characters.

    A reference met again inside its own expansion (names that name each other), or past
    MAX_EXPANSIONS of them, is a ``*``.
    """
    used = 0

    def walk(value: Any, expanding: frozenset[Ref]) -> str | None:
        nonlocal used
        pieces: list[str] = []
        for part in _parts(value):
            if isinstance(part, Ref) and part not in expanding and len(expanding) < MAX_EXPANSIONS:
                expanded = expand(part)
                if isinstance(expanded, Ref):
                    return None
                inner = walk(expanded, expanding | {part})
                pieces.append("*" if inner is None or inner.strip("*") == "" else inner)
                continue
            if isinstance(part, Ref | Unknown):
                piece = "*"
            elif isinstance(part, str | int):
                piece = str(part)
            else:
                return None
            used += 1 + len(piece)
            if used > MAX_RENDERED:
                raise _TooLong
            pieces.append(piece)
        return "".join(pieces)

    try:
        text = walk(value, frozenset())
    except _TooLong:
        return None
    return None if text is None or text.strip("*") == "" else text
