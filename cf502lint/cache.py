"""The result cache: what a file (or a group of Terraform modules) gave, keyed by everything
that decides it, so that a rerun skips parsing and rules for what did not change.

An entry is one JSON file, named by the SHA-256 of its key: the cf502lint version, the
rules installed (and the files they are defined in), the configuration that decides
findings, the parameters and variables of the run, its roots, and the unit itself (its path
and the digest of its text). An entry also lists the other files the unit read, with their
digests, and the configuration files of their directories: when any of them changed, the
entry is stale. Entries are data, never code: a value that is not what this module writes
makes the entry a miss. Deleting the directory at any time is safe.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from . import fix as fix_types
from .config import Config
from .model import Finding, Notice, Severity, Span, Unresolved
from .rule import Rule
from .source.text import decode as decode_text
from .source.text import text_digest as digest
from .source.tree import SourceError

SCHEMA = 2
"""Bumped whenever what an entry holds changes."""
MAX_ENTRIES = 50_000
"""Entries kept for one cf502lint version; past this, the oldest half is removed."""
MAX_ENTRY_BYTES = 64 * 1024 * 1024
"""An entry larger than this is not read (it is not one this module wrote)."""
ENVIRONMENT = "CF502LINT_CACHE_DIR"


def default_directory() -> str:
    """``$CF502LINT_CACHE_DIR``, else the user's cache directory: never inside a repository,
    so that a pull request cannot plant results (see docs/performance.md#cache)."""
    configured = os.environ.get(ENVIRONMENT)
    if configured:
        return configured
    if sys.platform == "darwin":
        return os.path.expanduser("~/Library/Caches/cf502lint")
    if os.name == "nt":
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser("~/AppData/Local")
        return os.path.join(base, "cf502lint", "Cache")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(base, "cf502lint")


def fingerprint(
    version: str,
    rules: Mapping[str, Rule],
    config: Config,
    settings: Mapping[str, Any],
) -> str:
    """What decides every unit's result besides the unit: version, rules, configuration and
    ``settings`` (the run's parameters, variables and roots)."""
    described = {
        "schema": SCHEMA,
        "version": version,
        "rules": [_rule(rule) for rule in sorted(rules.values(), key=lambda r: r.id)],
        "config": {
            "select": config.select,
            "ignore": config.ignore,
            "severity": sorted((key, str(value)) for key, value in config.severity.items()),
            "options": sorted(
                (key, sorted(map(repr, v.items()))) for key, v in config.options.items()
            ),
            "per_file_ignores": [
                (entry.paths.base, entry.paths.patterns, entry.rules)
                for entry in config.per_file_ignores
            ],
            "report_unused_ignores": config.report_unused_ignores,
        },
        "settings": settings,
    }
    return hashlib.sha256(json.dumps(described, default=repr).encode()).hexdigest()


def _rule(rule: Rule) -> list[Any]:
    module = sys.modules.get(getattr(rule.check, "__module__", ""))
    source = getattr(module, "__file__", None)
    stamp: list[Any] = [source]
    if source:
        try:
            status = os.stat(source)
            stamp += [status.st_size, status.st_mtime_ns]
        except OSError:
            pass
    options = sorted(map(repr, rule.options.items()))
    return [rule.id, rule.name, str(rule.severity), rule.at_request, options, stamp]


class Cache:
    """Entries of one fingerprint in ``directory``."""

    def __init__(self, directory: str, fingerprint: str, version: str) -> None:
        self.root = Path(directory)
        self.entries = self.root / _safe_name(version)
        self.fingerprint = fingerprint
        self.written = 0

    def key(self, *parts: str) -> str:
        joined = "\0".join((self.fingerprint, *parts))
        return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, key: str) -> Any | None:
        """The value stored under ``key`` when every file it read is as it was; else None."""
        path = self._path(key)
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_ENTRY_BYTES + 1)
            if len(data) > MAX_ENTRY_BYTES:
                return None
            entry = json.loads(data)
            if not isinstance(entry, dict) or entry.get("key") != key:
                return None
            if not _current(entry.get("read"), entry.get("listed")):
                return None
            return decode(entry["value"])
        except (OSError, ValueError, TypeError, KeyError, RecursionError, AttributeError):
            return None

    def put(
        self, key: str, value: Any, read: Mapping[str, str], directories: Iterable[str] = ()
    ) -> None:
        """Store ``value`` under ``key``. ``read``: the digests (``digest``) of the texts of
        the other files it depends on; ``directories``: those whose configuration files it
        depends on, as listed and as they are now. A cache that cannot be written is no
        cache: never an error."""
        try:
            files = dict(read)
            listed = {}
            for directory in sorted({*directories, *(os.path.dirname(p) for p in read)}):
                listed[directory] = _listing(directory)
                for listed_file in listed[directory]:
                    files.setdefault(listed_file, file_digest(listed_file))
            entry = {
                "key": key,
                "read": dict(sorted(files.items())),
                "listed": listed,
                "value": encode(value),
            }
            text = json.dumps(entry, separators=(",", ":"))
            path = self._path(key)
            path.parent.mkdir(parents=True, exist_ok=True)
            self._mark()
            import tempfile

            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".entry-")
            with os.fdopen(handle, "w", encoding="ascii") as out:
                out.write(text)
            os.replace(temporary, path)
            self.written += 1
        except (OSError, ValueError, RecursionError):
            return

    def prune(self) -> None:
        """Past ``MAX_ENTRIES``, remove the oldest half (by when they were written)."""
        if not self.written:
            return
        try:
            found = [
                entry
                for part in os.scandir(self.entries)
                if part.is_dir()
                for entry in os.scandir(part.path)
            ]
            if len(found) <= MAX_ENTRIES:
                return
            found.sort(key=lambda entry: entry.stat().st_mtime_ns)
            for entry in found[: len(found) // 2]:
                os.unlink(entry.path)
        except OSError:
            return

    def _path(self, key: str) -> Path:
        return self.entries / key[:2] / f"{key}.json"

    def _mark(self) -> None:
        """A cache directory says what it is, to backup tools and to Git."""
        tag = self.root / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_text("Signature: 8a477f597d28d172789f06886806bc55\n# cf502lint's cache\n")
            (self.root / ".gitignore").write_text("*\n")


def _safe_name(version: str) -> str:
    return "".join(c if c.isalnum() or c in ".-_+" else "_" for c in version) or "unknown"


def _listing(directory: str) -> list[str]:
    from .parsers.terraform.module import configuration_files

    return configuration_files(directory)


def _current(read: object, listed: object) -> bool:
    if not isinstance(read, dict) or not isinstance(listed, dict):
        return False
    for path, expected in read.items():
        if isinstance(expected, str) and expected.startswith("b:"):
            if file_digest(path) != expected:
                return False
            continue
        try:
            text = decode_text(Path(path).read_bytes())
        except (OSError, SourceError):
            return False
        if digest(text) != expected:
            return False
    return all(_listing(directory) == names for directory, names in listed.items())


def file_digest(path: str) -> str:
    """``b:`` and the SHA-256 of the file's bytes; ``b:`` alone when it cannot be read."""
    hashed = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                hashed.update(chunk)
    except OSError:
        return "b:"
    return "b:" + hashed.hexdigest()


# --- values as JSON: only the types below, rebuilt field by field --------------------------

_TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        Finding,
        Span,
        Notice,
        Unresolved,
        fix_types.Fix,
        fix_types.Written,
        fix_types.SetValue,
        fix_types.TrimText,
        fix_types.EditList,
        fix_types.AddKey,
        fix_types.Reference,
        fix_types.SetReference,
    )
}


def register(cls: type) -> type:
    """Let ``cls`` (a dataclass whose fields are JSON values, tuples or registered types)
    be stored."""
    _TYPES[cls.__name__] = cls
    return cls


def encode(value: Any) -> Any:
    if isinstance(value, Severity):
        return {"@": "Severity", "v": value.value}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if _TYPES.get(name) is not type(value):
            raise ValueError(f"{name} cannot be cached")
        fields = {
            f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init
        }
        return {"@": name, "v": fields}
    if isinstance(value, tuple | list):
        return [encode(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise ValueError(f"{type(value).__name__} cannot be cached")


def decode(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(decode(item) for item in value)
    if isinstance(value, dict):
        name = value["@"]
        if name == "Severity":
            return Severity(value["v"])
        cls = _TYPES[name]
        fields = value["v"]
        if not isinstance(fields, dict):
            raise TypeError(name)
        return cls(**{key: decode(item) for key, item in fields.items()})
    return value
