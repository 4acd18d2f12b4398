"""A ``--fix`` or ``--diff`` run: lint, fix in memory, lint the fixed texts again, until no
fix is left to make; then write each changed file, or print the diff.

What is never written:

* a file the run did not read itself, or read twice with different bytes (it changed on
  disk during the run), or that differs on disk from what the run read when it is about to
  be replaced;
* a file that had an error (it could not be read or parsed, or a rule crashed on it), and
  for Terraform any file of a module directory that had one: what the module means is then
  not known in full (a variable defined in the broken file, say);
* a text that no longer parses once fixed: that fix is withdrawn (a bug to report).
"""

from __future__ import annotations

import codecs
import difflib
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import Finding
from ..runner import FileError, Report
from ..source.store import FileStore, key_of
from ..source.text import decode
from ..source.tree import SourceError
from .edits import Unfixable
from .planning import Skipped, plan

MAX_ROUNDS = 10
"""Lint-and-fix rounds at most: a fix may make another finding fixable (or another fix's
text free again)."""
TERRAFORM_SUFFIXES = (".tf", ".tf.json", ".tfvars", ".tfvars.json")

Lint = Callable[[FileStore], Report]
"""Lints the run's paths, reading through the store (and applies any baseline)."""


@dataclass(slots=True)
class Outcome:
    report: Report
    """The last lint: what remains once the fixes are made."""
    fixed: int = 0
    """Findings whose fix was made."""
    before: dict[str, str] = field(default_factory=dict)
    """Each changed file (as findings name it): its text before the fixes."""
    after: dict[str, str] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    """Fixes of the remaining findings that could not be made, and why."""
    unsafe: int = 0
    """Unsafe fixes left, which ``--unsafe-fixes`` would make."""
    unwritten: list[FileError] = field(default_factory=list)
    """Changed files that were not written, and why."""


def fix(lint: Lint, max_bytes: int, *, unsafe: bool, write: bool) -> Outcome:
    store = FileStore()
    report = lint(store)
    outcome = Outcome(report)
    names: dict[str, str] = {}
    made_fixes: list[Finding] = []
    for _ in range(MAX_ROUNDS):
        made = plan(report.findings, _reader(store, report, max_bytes), unsafe=unsafe)
        outcome.skipped, outcome.unsafe = made.skipped, made.unsafe
        if not made.texts:
            break
        previous = {path: store.changed.get(key_of(path)) for path in made.texts}
        for path, text in made.texts.items():
            name = names.setdefault(key_of(path), path)  # the first name a file had
            outcome.before.setdefault(name, made.read[path])
            store.changed[key_of(path)] = text
        relinted = lint(store)
        broken = [path for path in made.texts if _errors_in(path, relinted.errors, report.errors)]
        for path in broken:
            _restore(store, path, previous[path])
        if broken:
            relinted = lint(store)
            fixed = [f for f in made.fixed if not _touches(f, broken)]
            outcome.skipped += [
                Skipped(f, "the fixed text would not parse (please report it)")
                for f in made.fixed
                if f not in fixed
            ]
        else:
            fixed = made.fixed
        made_fixes += fixed
        report = relinted
        outcome.report = report
        if broken:
            break
    for path, before in list(outcome.before.items()):
        after = store.changed.get(key_of(path), before)
        if after == before:
            del outcome.before[path]
        else:
            outcome.after[path] = after
    if write and outcome.after:
        _write(outcome, store)
        if outcome.unwritten:
            outcome.report = lint(FileStore())
            unwritten = [error.path for error in outcome.unwritten]
            made_fixes = [f for f in made_fixes if not _touches(f, unwritten)]
    outcome.fixed = len(made_fixes)
    return outcome


def _touches(finding: Finding, paths: list[str]) -> bool:
    keys = {key_of(path) for path in paths}
    return finding.fix is not None and any(key_of(e.span.path) in keys for e in finding.fix.edits)


def _reader(store: FileStore, report: Report, max_bytes: int) -> Callable[[str], str]:
    """Reads a file to fix: refused when the run did not read it or it is not safe to edit."""
    failed = {key_of(e.path) for e in report.errors}
    failed_directories = {os.path.dirname(key) for key in failed} | failed

    def read(path: str) -> str:
        key = key_of(path)
        if key in failed:
            raise Unfixable("the file had an error in this run")
        if key.endswith(TERRAFORM_SUFFIXES) and os.path.dirname(key) in failed_directories:
            raise Unfixable("a file of its Terraform module had an error in this run")
        if key in store.unstable:
            raise Unfixable("the file changed on disk during the run")
        if key not in store.digests and key not in store.changed:
            raise Unfixable("the run did not read the file (standard input?)")
        return _current(store, path, max_bytes)

    return read


def _current(store: FileStore, path: str, max_bytes: int) -> str:
    try:
        text = store.read(path, max_bytes)
    except SourceError as error:
        raise Unfixable(error.message) from None
    if store.original(path) is None or key_of(path) in store.unstable:
        raise Unfixable("the file changed on disk during the run")
    return text


def _errors_in(path: str, errors: tuple[FileError, ...], before: tuple[FileError, ...]) -> bool:
    """Whether the relint has an error for ``path`` (or its module) it did not have before."""
    known = set(before)
    key = key_of(path)
    for error in errors:
        if error in known:
            continue
        other = key_of(error.path)
        if other == key or (key.endswith(TERRAFORM_SUFFIXES) and other == os.path.dirname(key)):
            return True
    return False


def _restore(store: FileStore, path: str, previous: str | None) -> None:
    if previous is None:
        store.changed.pop(key_of(path), None)
    else:
        store.changed[key_of(path)] = previous


def _write(outcome: Outcome, store: FileStore) -> None:
    from ..writing import replace_if_unchanged

    for path, text in outcome.after.items():
        digest = store.original(path)
        try:
            with open(path, "rb") as file:
                current = file.read()
            data = encoded_like(current, text)
            same = digest is not None and _digest(current) == digest
            if not same or not replace_if_unchanged(path, data, current):
                outcome.unwritten.append(
                    FileError(path, None, "changed on disk during the run: not fixed (run again)")
                )
        except (OSError, UnicodeError, SourceError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            outcome.unwritten.append(FileError(path, None, f"cannot write the fix: {reason}"))


def _digest(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def encoded_like(original: bytes, text: str) -> bytes:
    """``text`` in the encoding (and with the byte order mark) of ``original``; raises
    ``UnicodeError`` when it would not read back as ``text``."""
    for bom, encoding in _BOMS:
        if original.startswith(bom):
            data = bom + text.encode(encoding)
            break
    else:
        data = text.encode("utf-8")
    if decode(data) != text:
        raise UnicodeError("the fixed text would not read back the same")
    return data


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of one file, as ``git apply`` and ``patch -p1`` read it: ``a/`` and
    ``b/`` before its path from the working directory (an absolute path outside it is
    written as it is, without them)."""
    name = diff_path(path)
    lines = difflib.unified_diff(
        _lines(before),
        _lines(after),
        fromfile=name if os.path.isabs(name) else f"a/{name}",
        tofile=name if os.path.isabs(name) else f"b/{name}",
    )
    out: list[str] = []
    for line in lines:
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def diff_path(path: str) -> str:
    """``path`` from the working directory, with ``/``; absolute when it is outside."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # another drive
        return absolute.replace(os.sep, "/")
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return absolute.replace(os.sep, "/")
    return relative.replace(os.sep, "/")


def _lines(text: str) -> list[str]:
    """Lines ending at ``\\n`` only (``str.splitlines`` also breaks at form feeds and more)."""
    lines = text.split("\n")
    last = lines.pop()
    return [f"{line}\n" for line in lines] + ([last] if last else [])
