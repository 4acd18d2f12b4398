"""Which fixes of a report to make, as new file texts.

Fixes are taken in the order of the findings. A fix is made whole or not at all: every edit
of it must be possible in its file's current text, and none may touch text that an earlier
fix of the round changes (that one is made; the later one waits for the next round, which
lints the fixed text again, or is reported).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..fix import Fix
from ..model import Finding
from ..source.store import key_of
from .edits import TextEdit, Unfixable, apply
from .sources import Source, open_source


@dataclass(frozen=True, slots=True)
class Skipped:
    """A finding whose fix was not made, and why."""

    finding: Finding
    reason: str


@dataclass(slots=True)
class Plan:
    texts: dict[str, str] = field(default_factory=dict)
    """Each file to change (as the first finding that fixes it names it): its new text."""
    read: dict[str, str] = field(default_factory=dict)
    """Each file to change: its text as the plan read it."""
    fixed: list[Finding] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    unsafe: int = 0
    """Unsafe fixes not made, which ``--unsafe-fixes`` would."""


Read = Callable[[str], str]
"""The current text of a file, or ``Unfixable`` saying why it must not be edited."""


def plan(findings: Iterable[Finding], read: Read, *, unsafe: bool) -> Plan:
    result = Plan()
    texts: dict[str, str] = {}
    sources: dict[str, Source | Unfixable] = {}
    accepted: dict[str, list[TextEdit]] = {}
    names: dict[str, str] = {}
    """A file named two ways (``site.yaml``, ``./site.yaml``) is one file: by ``key_of``."""

    def source(path: str) -> Source:
        key = key_of(path)
        if key not in sources:
            names[key] = path
            try:
                texts[key] = read(path)
                sources[key] = open_source(path, texts[key])
            except Unfixable as error:
                sources[key] = error
        found = sources[key]
        if isinstance(found, Unfixable):
            raise found
        return found

    for finding in findings:
        fix = finding.fix
        if fix is None:
            continue
        if not fix.safe and not unsafe:
            result.unsafe += 1
            continue
        try:
            wanted = _joined(
                [
                    (key_of(edit.span.path), source(edit.span.path).realize(edit))
                    for edit in fix.edits
                ]
            )
        except Unfixable as error:
            result.skipped.append(Skipped(finding, str(error)))
            continue
        if not any(edits for _, edits in wanted):
            result.skipped.append(Skipped(finding, "the source already says what the fix writes"))
            continue
        if _overlapping(wanted, accepted):
            result.skipped.append(Skipped(finding, "another fix changes the same text first"))
            continue
        for path, edits in wanted:
            accepted.setdefault(path, []).extend(edits)
        result.fixed.append(finding)
    for key, edits in accepted.items():
        if edits:
            new = apply(texts[key], edits)
            if new != texts[key]:
                result.texts[names[key]] = new
                result.read[names[key]] = texts[key]
    return result


def _overlapping(
    wanted: list[tuple[str, list[TextEdit]]], accepted: dict[str, list[TextEdit]]
) -> bool:
    """Whether the edits of a fix touch text that accepted edits (or each other) change."""
    taken = {path: list(edits) for path, edits in accepted.items()}
    for path, edits in wanted:
        for edit in edits:
            if any(edit.overlaps(other) for other in taken.get(path, [])):
                return True
            taken.setdefault(path, []).append(edit)
    return False


def _joined(wanted: list[tuple[str, list[TextEdit]]]) -> list[tuple[str, list[TextEdit]]]:
    """The edits of one fix, its insertions at one place made one, in the fix's order (a
    key added to a nested mapping, then one to the mapping that holds it)."""
    result: list[tuple[str, list[TextEdit]]] = []
    insertions: dict[tuple[str, int], tuple[int, int]] = {}
    for path, edits in wanted:
        group: list[TextEdit] = []
        result.append((path, group))
        for edit in edits:
            key = (path, edit.start)
            if edit.start == edit.end and key in insertions:
                at, index = insertions[key]
                first = result[at][1][index]
                result[at][1][index] = TextEdit(
                    first.start, first.end, first.replacement + edit.replacement
                )
                continue
            if edit.start == edit.end:
                insertions[key] = (len(result) - 1, len(group))
            group.append(edit)
    return result


def edits_in(fix: Fix, path: str, text: str) -> list[TextEdit] | None:
    """The text edits that make ``fix`` in ``text`` (the file ``path``), in order; None when
    it cannot be made there, or changes another file too (an editor's buffer is one file)."""
    if any(edit.span.path != path for edit in fix.edits):
        return None
    try:
        source = open_source(path, text)
        ((_, edits),) = _joined([(path, [e for edit in fix.edits for e in source.realize(edit)])])
    except Unfixable:
        return None
    if _overlapping([(path, edits)], {}) or not edits:
        return None
    return sorted(edits)
