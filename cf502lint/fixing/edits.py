"""Text edits: ranges of a text replaced, applied together."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class Unfixable(Exception):
    """An edit that cannot be made in this text; the message says why."""


@dataclass(frozen=True, slots=True, order=True)
class TextEdit:
    """Replace ``text[start:end]`` (offsets in code points) with ``replacement``."""

    start: int
    end: int
    replacement: str

    def overlaps(self, other: TextEdit) -> bool:
        """Whether the two edits touch the same text; two insertions at one place do too
        (their order would be a guess), identical edits do not (they agree)."""
        if self == other:
            return False
        if self.start == self.end == other.start == other.end:
            return True
        return self.start < other.end and other.start < self.end


def apply(text: str, edits: Iterable[TextEdit]) -> str:
    """``text`` with ``edits`` made; identical edits count once. Raises ``ValueError`` for
    overlapping edits, which callers must have set aside."""
    ordered = sorted(set(edits))
    out: list[str] = []
    position = 0
    for index, edit in enumerate(ordered):
        if index and ordered[index - 1].overlaps(edit):
            raise ValueError(f"overlapping edits {ordered[index - 1]} and {edit}")
        if edit.start < position or edit.end > len(text) or edit.start > edit.end:
            raise ValueError(f"edit {edit} is outside the text or overlaps another")
        out.append(text[position : edit.start])
        out.append(edit.replacement)
        position = edit.end
    out.append(text[position:])
    return "".join(out)


def line_end(text: str, offset: int) -> str:
    """The line ending the file uses (that of the line at ``offset``, else the first one)."""
    at = text.find("\n", offset)
    if at < 0:
        at = text.find("\n")
    if at < 0:
        return "\r\n" if "\r" in text else "\n"
    return "\r\n" if at > 0 and text[at - 1] == "\r" else "\n"


def end_of_line(text: str, offset: int) -> int:
    """The offset just past the line break that ends the line holding ``offset`` (the end
    of the text when that line is the last one, without a break)."""
    at = text.find("\n", offset)
    return len(text) if at < 0 else at + 1


def line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def offset_of(text: str, line: int, column: int) -> int:
    """The offset of a 1-based line and column, lines ending at ``\\n``. Raises
    ``Unfixable`` when the text has no such place."""
    position = 0
    for _ in range(line - 1):
        position = text.find("\n", position)
        if position < 0:
            raise Unfixable("the file has fewer lines than the finding says")
        position += 1
    offset = position + column - 1
    stop = text.find("\n", position)
    if column < 1 or offset > (len(text) if stop < 0 else stop):
        raise Unfixable("the line is shorter than the finding says")
    return offset
