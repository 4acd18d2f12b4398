"""A YAML or JSON document as nodes that know their place in the text (code point offsets).

The readers of ``cf502lint.source`` keep where keys are (that is what findings point at);
editing needs where values start and end, how they are quoted, and whether an anchor makes
them shared. ``key_at`` finds a mapping entry by the line and column of its key, exactly as
the readers reported them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCALAR = "scalar"
MAP = "map"
LIST = "list"
ALIAS = "alias"


@dataclass(eq=False, slots=True)
class SNode:
    kind: str
    start: int
    end: int
    """Offsets of the node's text; a block collection ends with its last value."""
    value: Any = None
    """A scalar's value, typed as the reader types it (str, int, float, bool, None)."""
    style: str = "plain"
    """How a scalar is written: ``plain``, ``'``, ``"`` (YAML and JSON strings), ``|``, ``>``."""
    tag: str | None = None
    """A YAML tag as written (``!Ref``); None for none."""
    flow: bool = True
    """A collection written with brackets (always, in JSON)."""
    anchored: bool = False
    """The node carries a YAML anchor: aliases may use it elsewhere."""
    entries: list[tuple[SNode, SNode]] = field(default_factory=list)
    items: list[SNode] = field(default_factory=list)
    parent: SNode | None = None
    where: tuple[int, int] | None = None
    """A key's 1-based line and column, as the readers report them."""
    text_start: int = -1
    """Where a scalar's own text starts, after its anchor and tag (``start`` without them)."""

    def get(self, key: str) -> SNode | None:
        return next((v for k, v in self.entries if k.value == key), None)

    def key_of(self, key: str) -> SNode | None:
        return next((k for k, _ in self.entries if k.value == key), None)

    def shared(self) -> bool:
        """Whether the node, or a collection holding it, is anchored (or is an alias)."""
        node: SNode | None = self
        while node is not None:
            if node.anchored or node.kind == ALIAS:
                return True
            node = node.parent
        return False


@dataclass(slots=True)
class Tree:
    root: SNode | None
    keys: dict[tuple[int, int], tuple[SNode, SNode, SNode]]
    """(line, column) of a key, 1-based -> (its mapping, the key, the value)."""
    maps: dict[tuple[int, int], SNode]
    """(line, column) where a mapping starts (its first key, or ``{``) -> the mapping."""

    def entry(self, line: int, column: int) -> tuple[SNode, SNode, SNode] | None:
        return self.keys.get((line, column))


def same_value(found: Any, expected: Any) -> bool:
    """Whether a literal's value is ``expected``, as CloudFormation or Terraform would read
    it: ``"80"`` and ``80`` are one port, ``true`` and ``"true"`` one boolean."""
    if isinstance(expected, bool) or isinstance(found, bool):
        if isinstance(found, str):
            return found.lower() == str(expected).lower()
        if isinstance(expected, str):
            return expected.lower() == str(found).lower()
        return found is expected
    if isinstance(expected, int | float) and not isinstance(found, int | float):
        return isinstance(found, str) and found.strip() == _number_text(expected)
    if isinstance(found, int | float) and not isinstance(expected, int | float):
        return isinstance(expected, str) and expected.strip() == _number_text(found)
    return bool(found == expected)


def _number_text(value: int | float) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
