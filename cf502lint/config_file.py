"""Configuration files: finding, reading and validating them.

``[tool.cf502lint]`` in ``pyproject.toml``, or the same keys at the top level of a
``.cf502lint.toml``. The file is looked for upward from the common directory of the linted
paths (or the working directory), like ruff; in one directory ``.cf502lint.toml`` wins,
and a ``pyproject.toml`` without the table is passed over. Every mistake is a
``ConfigError`` that names the file and the key.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .config import Config
from .globs import PathPatterns, PathRules, check_glob
from .model import Severity
from .revision import Revision, RevisionError
from .rule import Rule
from .source.text import DEFAULT_MAX_BYTES, decode, read_bytes
from .source.tree import SourceError

CONFIG_FILE = ".cf502lint.toml"
PYPROJECT = "pyproject.toml"

KEYS = (
    "select",
    "ignore",
    "fail-on",
    "severity",
    "options",
    "per-file-ignores",
    "exclude",
    "max-file-size",
    "report-unused-ignores",
    "baseline",
)
SEVERITIES = tuple(s.value for s in Severity)
MAX_FILE_SIZE_MB = 1024
"""The largest ``max-file-size`` accepted: a limit is a bound, not a way to remove one."""
CONFIG_MAX_BYTES = 1024 * 1024


class ConfigError(Exception):
    """A configuration file that cannot be used: exit code 2."""


@dataclass(frozen=True, slots=True)
class Settings:
    """What a configuration file says; None (or empty) for what it leaves out."""

    path: str | None = None
    """The file read, None when there is none."""
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    fail_on: Severity | None = None
    severity: Mapping[str, Severity] = field(default_factory=dict)
    """Keyed by rule id: names and prefixes are resolved when the file is read."""
    options: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    """Keyed by rule id, checked against each rule's declared options."""
    per_file_ignores: tuple[PathRules, ...] = ()
    exclude: PathPatterns | None = None
    max_file_size: float | None = None
    report_unused_ignores: bool | None = None
    baseline: str | None = None
    """Absolute path of the baseline file."""
    revision: Revision | None = field(default=None, compare=False)
    """The Git revision the file (and its baseline) were read from (``--config-ref``)."""

    @property
    def shown(self) -> str | None:
        """The configuration file as a report names it."""
        if self.path is None:
            return None
        return self.revision.shown(self.path) if self.revision else _shown(self.path)

    def max_bytes(self, megabytes: float | None = None) -> int:
        """The file-size limit: ``megabytes`` (command line) over the file's, else the default."""
        chosen = megabytes or self.max_file_size
        return DEFAULT_MAX_BYTES if chosen is None else int(chosen * 1024 * 1024)

    def config(
        self,
        *,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        fail_on: Severity | None = None,
        report_unused_ignores: bool = False,
    ) -> Config:
        """The run's configuration: command-line values over the file's.

        ``--select`` replaces the file's ``select`` and ``ignore`` (only the command line's
        ``--ignore`` then applies); ``--ignore`` alone adds to the file's ``ignore``.
        """
        if select:
            chosen, skipped = tuple(select), tuple(ignore)
        else:
            chosen, skipped = self.select or (), (*(self.ignore or ()), *ignore)
        return Config(
            select=chosen,
            ignore=skipped,
            fail_on=fail_on or self.fail_on or Severity.WARNING,
            severity=self.severity,
            options=self.options,
            per_file_ignores=self.per_file_ignores,
            exclude=self.exclude,
            report_unused_ignores=report_unused_ignores or bool(self.report_unused_ignores),
        )


def start_directory(paths: Sequence[str], cwd: str | None = None) -> str:
    """Where the search for a configuration file starts: the paths' common directory."""
    cwd = os.path.abspath(cwd or os.getcwd())
    absolute = [os.path.normpath(os.path.join(cwd, p)) for p in paths if p and p != "-"]
    if not absolute:
        return cwd
    try:
        common = os.path.commonpath(absolute)
    except ValueError:  # different drives
        return cwd
    while common != os.path.dirname(common) and not os.path.isdir(common):
        common = os.path.dirname(common)
    return common


class Files:
    """Where configuration files are read: the disk (``--config-ref``: a Git revision)."""

    revision: Revision | None = None

    def read(self, path: str) -> bytes | None:
        """The file's bytes; None when there is no such file. Raises ``ConfigError``."""
        if not os.path.isfile(path):
            return None
        try:
            return read_bytes(Path(path), CONFIG_MAX_BYTES, flag=None)
        except SourceError as error:
            raise ConfigError(f"{self.shown(path)}: cannot read: {error.message}") from None

    def shown(self, path: str) -> str:
        return _shown(path)


class RevisionFiles(Files):
    def __init__(self, revision: Revision) -> None:
        self.revision = revision

    def read(self, path: str) -> bytes | None:
        assert self.revision is not None
        try:
            return self.revision.read(path, CONFIG_MAX_BYTES)
        except RevisionError as error:
            raise ConfigError(str(error)) from None

    def shown(self, path: str) -> str:
        assert self.revision is not None
        return self.revision.shown(path)


def find_config(start: str, files: Files | None = None) -> str | None:
    """The nearest configuration file at or above ``start``."""
    files = files or Files()
    directory = os.path.abspath(start)
    while True:
        candidate = os.path.join(directory, CONFIG_FILE)
        if files.read(candidate) is not None:
            return candidate
        candidate = os.path.join(directory, PYPROJECT)
        data = files.read(candidate)
        if data is not None:
            table = _table(_parse(data, candidate, files), candidate, files.shown(candidate))
            if table is not None:
                return candidate
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def settings_for(
    paths: Sequence[str],
    rules: Mapping[str, Rule],
    *,
    config_file: str | None = None,
    isolated: bool = False,
    cwd: str | None = None,
    config_ref: str | None = None,
) -> Settings:
    """The settings for linting ``paths``: ``--config FILE``, ``--isolated`` or discovery,
    from the working tree or (``config_ref``) from a Git revision."""
    if isolated:
        return Settings()
    files = Files()
    start = start_directory(paths, cwd)
    if config_ref is not None:
        if config_ref.startswith("-") or not config_ref.strip():
            raise ConfigError(f"--config-ref {config_ref}: not a revision")
        try:
            files = RevisionFiles(Revision(config_ref, start))
        except RevisionError as error:
            raise ConfigError(str(error)) from None
    if config_file is not None:
        if files.read(config_file) is None:
            raise ConfigError(f"--config {files.shown(config_file)}: no such file")
        return load(config_file, rules, files)
    found = find_config(start, files)
    if found is None:
        return Settings(revision=files.revision)
    return load(found, rules, files)


def load(path: str, rules: Mapping[str, Rule], files: Files | None = None) -> Settings:
    """Read and validate one configuration file."""
    files = files or Files()
    data = files.read(path)
    if data is None:
        raise ConfigError(f"{files.shown(path)}: no such file")
    document = _parse(data, path, files)
    table = _table(document, path, files.shown(path))
    prefix = "tool.cf502lint." if table is not None else ""
    if table is None:
        if os.path.basename(path) == PYPROJECT:
            raise ConfigError(f"{files.shown(path)}: has no [tool.cf502lint] table")
        table = document
    settings = _Reader(path, prefix, rules, files.shown(path)).settings(table)
    return replace(settings, revision=files.revision)


def _parse(data: bytes, path: str, files: Files) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(decode(data))
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{files.shown(path)}: invalid TOML: {error}") from None
    except RecursionError:
        raise ConfigError(f"{files.shown(path)}: invalid TOML: nested too deeply") from None
    except SourceError as error:
        raise ConfigError(f"{files.shown(path)}: cannot read: {error.message}") from None


def _table(document: dict[str, Any], path: str, shown: str) -> dict[str, Any] | None:
    """The ``[tool.cf502lint]`` table of a pyproject.toml, None if it has none."""
    if os.path.basename(path) != PYPROJECT:
        return None
    tool = document.get("tool")
    table = tool.get("cf502lint") if isinstance(tool, dict) else None
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{shown}: tool.cf502lint must be a table")
    return table


def _shown(path: str) -> str:
    relative = os.path.relpath(os.path.abspath(path))
    return path if relative.startswith("..") else relative


def _type_name(value: object) -> str:
    return {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a table",
    }.get(type(value), type(value).__name__)


_WRONG = object()


def _as_type_of(value: object, default: object) -> object:
    """``value`` converted to the type of ``default``, or ``_WRONG``."""
    if isinstance(default, bool) or isinstance(value, bool):
        return value if isinstance(value, bool) and isinstance(default, bool) else _WRONG
    if isinstance(default, int):
        return value if isinstance(value, int) else _WRONG
    if isinstance(default, float):
        return float(value) if isinstance(value, int | float) else _WRONG
    if isinstance(default, tuple | list | frozenset | set):
        if not isinstance(value, list):
            return _WRONG
        if not default:
            return type(default)(value)
        example = next(iter(default))  # items are checked against the default's first
        items = [_as_type_of(item, example) for item in value]
        return _WRONG if any(item is _WRONG for item in items) else type(default)(items)
    return value if isinstance(value, type(default)) else _WRONG


_SPECIFIC = 1_000
"""How specific an exact id or name is; a prefix counts its length."""


class _Reader:
    def __init__(self, path: str, prefix: str, rules: Mapping[str, Rule], shown: str) -> None:
        self.path = path
        self.prefix = prefix
        self.rules = rules
        self.base = os.path.dirname(os.path.abspath(path))
        self.shown = shown

    def error(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.shown}: {self.prefix}{key}: {problem}")

    def settings(self, table: dict[str, Any]) -> Settings:
        for key in table:
            if key not in KEYS:
                hint = difflib.get_close_matches(key, KEYS, n=1)
                also = f"; did you mean {hint[0]!r}?" if hint else f" (known: {', '.join(KEYS)})"
                raise self.error(key, f"unknown key{also}")
        get = table.get
        fail_on = get("fail-on")
        if fail_on is not None:
            fail_on = self.severity_value("fail-on", fail_on)
        return Settings(
            path=self.path,
            select=self.selectors("select", get("select")),
            ignore=self.selectors("ignore", get("ignore")),
            fail_on=fail_on,
            severity=self.severities(get("severity")),
            options=self.options(get("options")),
            per_file_ignores=self.per_file_ignores(get("per-file-ignores")),
            exclude=self.exclude(get("exclude")),
            max_file_size=self.max_file_size(get("max-file-size")),
            report_unused_ignores=self.boolean(
                "report-unused-ignores", get("report-unused-ignores")
            ),
            baseline=self.baseline(get("baseline")),
        )

    # -- values -------------------------------------------------------------------------------

    def strings(self, key: str, value: object) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(key, f"expected a list of strings, got {_type_name(value)}")
        return value

    def table(self, key: str, value: object) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(key, f"expected a table, got {_type_name(value)}")
        return value

    def matching(self, key: str, selector: str) -> list[Rule]:
        found = [r for r in self.rules.values() if r.matches(selector)]
        if not found:
            names = [r.id for r in self.rules.values()] + [r.name for r in self.rules.values()]
            hint = difflib.get_close_matches(selector, names, n=1)
            also = f"; did you mean {hint[0]!r}?" if hint else " (see 'cf502lint rules')"
            raise self.error(key, f"{selector!r} names no rule{also}")
        return found

    def specificity(self, selector: str, rule: Rule) -> int:
        return _SPECIFIC if selector in (rule.id, rule.name) else len(selector)

    def selectors(self, key: str, value: object) -> tuple[str, ...] | None:
        if value is None:
            return None
        selectors = tuple(self.strings(key, value))
        for selector in selectors:
            self.matching(key, selector)
        return selectors

    def severity_value(self, key: str, value: object) -> Severity:
        if not isinstance(value, str) or value not in SEVERITIES:
            raise self.error(key, f"expected one of {', '.join(SEVERITIES)}, got {value!r}")
        return Severity(value)

    def severities(self, value: object) -> dict[str, Severity]:
        if value is None:
            return {}
        chosen: dict[str, tuple[int, str, Severity]] = {}
        for selector, level in self.table("severity", value).items():
            key = f"severity.{selector}"
            severity = self.severity_value(key, level)
            for rule in self.matching(key, selector):
                specificity = self.specificity(selector, rule)
                self.choose("severity", chosen, rule.id, specificity, selector, severity)
        return {rule_id: severity for rule_id, (_, _, severity) in chosen.items()}

    def choose(
        self,
        key: str,
        chosen: dict[str, tuple[int, str, Any]],
        slot: str,
        specificity: int,
        selector: str,
        value: object,
    ) -> None:
        """Keep the most specific selector's value for ``slot``; equal ones conflict."""
        previous = chosen.get(slot)
        if previous is not None and previous[0] == specificity and previous[2] != value:
            raise self.error(
                key, f"{previous[1]!r} and {selector!r} both set {slot} to different values"
            )
        if previous is None or specificity >= previous[0]:
            chosen[slot] = (specificity, selector, value)

    def options(self, value: object) -> dict[str, dict[str, object]]:
        if value is None:
            return {}
        chosen: dict[str, tuple[int, str, object]] = {}
        for selector, options in self.table("options", value).items():
            key = f"options.{selector}"
            table = self.table(key, options)
            rules = self.matching(key, selector)
            for name, given in table.items():
                declaring = [r for r in rules if name in r.options]
                if not declaring:
                    known = sorted({o for r in rules for o in r.options})
                    which = "has no options" if not known else f"has options: {', '.join(known)}"
                    what = rules[0].id if len(rules) == 1 else f"{selector!r} (rules)"
                    raise self.error(f"{key}.{name}", f"unknown option; {what} {which}")
                for rule in declaring:
                    checked = self.option_value(f"{key}.{name}", given, rule.options[name])
                    self.choose(
                        "options",
                        chosen,
                        f"{rule.id}.{name}",
                        self.specificity(selector, rule),
                        selector,
                        checked,
                    )
        result: dict[str, dict[str, object]] = {}
        for slot, (_, _, checked) in chosen.items():
            rule_id, _, name = slot.partition(".")
            result.setdefault(rule_id, {})[name] = checked
        return result

    def option_value(self, key: str, value: object, default: object) -> object:
        """``value`` if it has the type of the option's ``default`` (lists for sequences)."""
        if default is None:
            return value
        checked = _as_type_of(value, default)
        if checked is _WRONG:
            wanted = _type_name(default)
            if isinstance(default, tuple | list | frozenset | set):
                items = [_type_name(item).split(" ", 1)[1] for item in default][:1]
                wanted = "a list" + "".join(f" of {item}s" for item in items)
            raise self.error(key, f"expected {wanted} (the default is {default!r}), got {value!r}")
        return checked

    def per_file_ignores(self, value: object) -> tuple[PathRules, ...]:
        if value is None:
            return ()
        entries: list[PathRules] = []
        for pattern, selectors in self.table("per-file-ignores", value).items():
            key = f'per-file-ignores."{pattern}"'
            problem = check_glob(pattern)
            if problem:
                raise self.error(key, problem)
            rules = self.selectors(key, selectors) or ()
            entries.append(PathRules(PathPatterns(self.base, (pattern,)), rules))
        return tuple(entries)

    def exclude(self, value: object) -> PathPatterns | None:
        if value is None:
            return None
        patterns = self.strings("exclude", value)
        for pattern in patterns:
            problem = check_glob(pattern)
            if problem:
                raise self.error("exclude", f"{pattern!r}: {problem}")
        return PathPatterns(self.base, tuple(patterns))

    def max_file_size(self, value: object) -> float | None:
        if value is None:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not 0 < value <= MAX_FILE_SIZE_MB
        ):
            raise self.error(
                "max-file-size",
                f"expected a number of MB above 0 and at most {MAX_FILE_SIZE_MB}, got {value!r}",
            )
        return float(value)

    def boolean(self, key: str, value: object) -> bool | None:
        if value is None or isinstance(value, bool):
            return value
        raise self.error(key, f"expected true or false, got {value!r}")

    def baseline(self, value: object) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.error("baseline", f"expected a file name, got {value!r}")
        return os.path.normpath(os.path.join(self.base, value))
