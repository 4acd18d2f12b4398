"""Baselines: record today's findings, then report only the new ones.

A finding is recorded by a fingerprint of its rule, file (relative to the baseline file's
directory), resource, origin and message, with line numbers in the message masked, so
moving code up or down does not make a known finding new. Each fingerprint keeps a count:
a second identical finding beyond the recorded number is new.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .fingerprint import fingerprint as stable_fingerprint
from .model import Finding
from .source.quote import json_text
from .source.text import decode, read_bytes
from .source.tree import SourceError
from .writing import write_text

FORMAT_VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read or written: exit code 2."""


def _relative(path: str, base: str) -> str:
    if path.startswith("<"):  # <stdin>
        return path
    relative = os.path.relpath(os.path.abspath(path), base)
    return relative.replace(os.sep, "/")


def fingerprint(finding: Finding, base: str) -> str:
    """The finding's fingerprint, its file taken relative to the baseline's directory."""
    return stable_fingerprint(finding, _relative(finding.span.path, base))


@dataclass(frozen=True, slots=True)
class Baseline:
    path: str
    counts: Mapping[str, int]
    """Fingerprint -> how many findings had it."""
    paths: Mapping[str, str]
    """Fingerprint -> the file it was recorded in (relative to the baseline's directory)."""

    @property
    def base(self) -> str:
        return os.path.dirname(os.path.abspath(self.path))


@dataclass(frozen=True, slots=True)
class Split:
    new: tuple[Finding, ...]
    known: tuple[Finding, ...]
    gone: int
    """Recorded findings of the linted files that no longer occur."""


def render(findings: Iterable[Finding], path: str) -> str:
    """The baseline file's text for ``findings``."""
    base = os.path.dirname(os.path.abspath(path))
    counts: Counter[str] = Counter()
    first: dict[str, Finding] = {}
    for finding in findings:
        print_ = fingerprint(finding, base)
        counts[print_] += 1
        first.setdefault(print_, finding)
    entries = []
    for print_, finding in first.items():
        entries.append(
            {
                "fingerprint": print_,
                "rule": finding.rule_id,
                "path": _relative(finding.span.path, base),
                "resource": finding.resource,
                "origin": finding.origin,
                "message": finding.message,
                "count": counts[print_],
            }
        )
    entries.sort(key=lambda e: (str(e["path"]), str(e["rule"]), str(e["fingerprint"])))
    document = {"tool": "cf502lint", "version": FORMAT_VERSION, "findings": entries}
    return json_text(document)


def write(findings: Iterable[Finding], path: str) -> None:
    text = render(findings, path)
    try:
        write_text(path, text)
    except OSError as error:
        raise BaselineError(f"cannot write baseline {path}: {error.strerror or error}") from None


MAX_BYTES = 64 * 1024 * 1024
"""A baseline is input like any other: a committed one may be hostile."""


def load(path: str, data: bytes | None = None) -> Baseline:
    """The baseline at ``path``, or in ``data`` (its content, read elsewhere)."""
    if data is None and not os.path.lexists(path):
        raise BaselineError(
            f"baseline {path} does not exist; create it with --write-baseline {path}"
        )
    try:
        if data is None:
            data = read_bytes(Path(path), MAX_BYTES, flag=None)
        document = json.loads(decode(data))
    except SourceError as error:
        raise BaselineError(f"cannot read baseline {path}: {error.message}") from None
    except RecursionError:
        raise BaselineError(f"baseline {path} is nested too deeply to be a baseline") from None
    except ValueError as error:
        raise BaselineError(f"baseline {path} is not valid JSON: {error}") from None
    if not isinstance(document, dict) or document.get("tool") != "cf502lint":
        raise BaselineError(f"{path} is not a cf502lint baseline")
    if document.get("version") != FORMAT_VERSION:
        raise BaselineError(
            f"baseline {path} has format version {document.get('version')!r}; this cf502lint "
            f"reads version {FORMAT_VERSION} (re-create it with --write-baseline)"
        )
    entries = document.get("findings")
    if not isinstance(entries, list):
        raise BaselineError(f"baseline {path}: 'findings' must be a list")
    counts: dict[str, int] = {}
    paths: dict[str, str] = {}
    for index, entry in enumerate(entries):
        print_ = entry.get("fingerprint") if isinstance(entry, dict) else None
        count = entry.get("count", 1) if isinstance(entry, dict) else None
        if not isinstance(print_, str) or type(count) is not int or count < 1:
            raise BaselineError(
                f"baseline {path}: finding {index} needs a 'fingerprint' and a positive 'count'"
            )
        counts[print_] = counts.get(print_, 0) + count
        paths[print_] = str(entry.get("path", ""))
    return Baseline(path, counts, paths)


def split(findings: Sequence[Finding], baseline: Baseline, files: Iterable[str] = ()) -> Split:
    """Which findings are new; ``files`` (the linted files) are checked for fixed ones."""
    base = baseline.base
    left = dict(baseline.counts)
    new: list[Finding] = []
    known: list[Finding] = []
    for finding in findings:
        print_ = fingerprint(finding, base)
        if left.get(print_, 0) > 0:
            left[print_] -= 1
            known.append(finding)
        else:
            new.append(finding)
    linted = {_relative(f, base) for f in files}
    gone = sum(n for p, n in left.items() if n > 0 and baseline.paths.get(p) in linted)
    return Split(tuple(new), tuple(known), gone)
