"""One lint run: files in, findings and file errors out. No printing."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import Cache, register
from .config import Config
from .discovery import discover
from .engine import lint
from .model import Document, Finding, Notice, Unresolved
from .parsers import (
    ParseOptions,
    collect_policies,
    handles,
    is_module_file,
    module_directory,
    parse_modules,
    parse_text,
)
from .rule import Rule
from .source.quote import shortened
from .source.text import decode
from .source.text import text_digest as digest
from .source.tree import SourceError
from .suppressions import with_comment_suppressions
from .workers import Workers

if TYPE_CHECKING:
    from .parsers.terraform.budget import Budget, Spent
    from .workers import Pending


@dataclass(frozen=True, slots=True)
class FileError:
    """A file that could not be read or parsed, or a rule that crashed on it."""

    path: str
    line: int | None
    message: str


@dataclass(frozen=True, slots=True)
class Report:
    findings: tuple[Finding, ...]
    errors: tuple[FileError, ...]
    files: tuple[str, ...]
    """Every file that was read, linted or skipped."""
    notices: tuple[Notice, ...] = ()
    """What could not be read or resolved in full (see ``Notice``)."""
    configuration: str | None = None
    """The configuration file the run used, as the user would name it."""
    known: tuple[Finding, ...] | None = None
    """Findings a baseline records (None: no baseline): not reported, but kept for SARIF's
    ``baselineState``."""
    distributions: int = 0
    """How many distributions were linted."""
    origins: int = 0
    """How many origins they have."""
    unresolved: tuple[Unresolved, ...] = ()
    """Origins of which nothing is known, so no rule could check them (see ``Unresolved``)."""
    fixed: int | None = None
    """Findings ``--fix`` repaired before this report was made; None when it did not run."""
    unsafe_fixes: int = 0
    """Fixes of the findings left that only ``--unsafe-fixes`` makes."""


@dataclass(frozen=True, slots=True)
class Parsed:
    """The documents of a run, before any rule has looked at them."""

    documents: tuple[Document, ...]
    errors: tuple[FileError, ...]
    files: tuple[str, ...]
    notices: tuple[Notice, ...]


TEXT_CACHE_BYTES = 64 * 1024 * 1024
"""Texts kept between the two passes of a run; beyond this, files are read twice, so that
memory is bounded by the largest file rather than by the tree."""


def parse_source(
    text: str, path: str, options: ParseOptions
) -> tuple[Document | None, FileError | None]:
    try:
        return parse_text(text, path, options), None
    except SourceError as error:
        return None, FileError(path, error.line, error.message)
    except RecursionError:
        return None, FileError(path, None, "nested too deeply to read")
    except Exception as error:  # a parser bug: this file is named, the others still linted
        return None, FileError(path, None, internal_error(error))


def internal_error(error: Exception) -> str:
    reason = f"{type(error).__name__}: {shortened(str(error), 60)}"  # it may hold file content
    return f"internal error while reading it ({reason}); please report it"


def read_source(path: str, options: ParseOptions) -> tuple[str | None, FileError | None]:
    try:
        return options.reader.read(path), None
    except SourceError as error:
        return None, FileError(path, error.line, error.message)


def read_stdin(
    data: str | bytes, name: str, options: ParseOptions
) -> tuple[str | None, FileError | None]:
    """Standard input, held to the same size limit and decoding as a file."""
    size = len(data.encode() if isinstance(data, str) else data)
    if size > options.max_bytes:
        message = f"input is too large (more than {options.max_bytes} bytes, see --max-file-size)"
        return None, FileError(name, None, message)
    if isinstance(data, str):
        return data, None
    try:
        return decode(data), None
    except SourceError as error:
        return None, FileError(name, error.line, error.message)


@dataclass(frozen=True, slots=True)
class _Found:
    """What a run reads: standard input, files parsed one by one, Terraform modules."""

    stdin: tuple[str, str | None, FileError | None] | None
    sources: list[str]
    modules: list[str]
    notices: tuple[Notice, ...]
    truncated: FileError | None


def _found(
    paths: Iterable[str],
    config: Config,
    options: ParseOptions,
    stdin: tuple[str | bytes, str] | None,
) -> _Found:
    stdin_text: tuple[str, str | None, FileError | None] | None = None
    if stdin is not None and not (config.exclude and config.exclude(stdin[1])):
        stdin_text = (stdin[1], *read_stdin(stdin[0], stdin[1], options))
    found = discover(list(paths), handles, config.exclude, options.boundary)
    sources: list[str] = []
    modules: list[str] = []
    for path, _explicit in found.files:
        if is_module_file(path) and Path(path).is_file():
            modules.append(module_directory(path))  # a Terraform module is linted as a whole
        else:
            sources.append(path)
    truncated = FileError(os.curdir, None, found.truncated) if found.truncated else None
    return _Found(stdin_text, sources, modules, tuple(found.notices), truncated)


def _stdin_source(found: _Found) -> list[tuple[str, str]]:
    if found.stdin is None:
        return []
    name, text, _error = found.stdin
    return [] if text is None else [(name, text)]


def parse_paths(
    paths: Iterable[str],
    config: Config,
    options: ParseOptions,
    stdin: tuple[str | bytes, str] | None = None,
) -> Parsed:
    """Read and parse ``paths`` (and ``stdin`` as (text or bytes, name) when given)."""
    found = _found(paths, config, options, stdin)
    errors: list[FileError] = [found.truncated] if found.truncated else []
    notices: list[Notice] = [*found.notices]
    texts = _Texts(options)
    policy_sources = _stdin_source(found)
    policies = collect_policies(chain(policy_sources, texts.first_pass(found.sources)))
    options = replace(options, api_policies=policies)
    documents: list[Document] = []
    files: list[str] = []
    first = [found.stdin] if found.stdin else []
    read = chain(first, texts.second_pass(found.sources))
    for path, text, document, error in _parse_all(read, options):
        files.append(path)
        if document is not None:
            documents.append(with_comment_suppressions(document, _reading(path, text, options)))
        if error is not None:
            errors.append(error)
    modules = _read_modules(found.modules, options, None)
    documents.extend(modules[0])
    errors.extend(modules[1])
    files.extend(modules[2])
    notices.extend(modules[3])
    for document in documents:
        notices.extend(document.notices)
    return Parsed(tuple(documents), tuple(errors), tuple(files), tuple(notices))


def _read_modules(
    directories: list[str],
    options: ParseOptions,
    log: dict[str, str] | None,
    budget: Budget | None = None,
) -> tuple[list[Document], list[FileError], list[str], list[Notice]]:
    """The documents, errors, files and notices of Terraform module directories."""
    documents: list[Document] = []
    errors: list[FileError] = []
    files: list[str] = []
    notices: list[Notice] = []
    try:
        parsed = parse_modules(directories, options, budget)
    except Exception as error:  # a parser bug: the modules are named, the others still linted
        parsed = []
        for directory in dict.fromkeys(directories):
            errors.append(FileError(directory or os.curdir, None, internal_error(error)))
    for module in parsed:
        files.extend(module.files)
        notices.extend(module.notices)
        if module.failure is not None:
            failed = module.directory or os.curdir
            errors.append(FileError(failed, None, internal_error(module.failure)))
        if module.document is not None:
            siblings = _reading("", None, options, log)
            documents.append(with_comment_suppressions(module.document, siblings))
        errors.extend(FileError(e.path, e.line, e.message) for e in module.errors)
    return documents, errors, files, notices


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one file, or the Terraform modules of a run, adds to the report: what the cache
    keeps (see ``cache``)."""

    findings: tuple[Finding, ...] = ()
    errors: tuple[FileError, ...] = ()
    files: tuple[str, ...] = ()
    notices: tuple[Notice, ...] = ()
    distributions: tuple[tuple[str, str], ...] = ()
    """(path, name) of each distribution linted."""
    origins: tuple[tuple[str, int, int, Unresolved | None], ...] = ()
    """Where each origin is, and what could not be resolved of it."""
    spent: tuple[int, ...] = ()
    """Of Terraform modules: the work they took of the run's budget (see ``Spent``)."""


register(FileError)
register(Outcome)


def run(
    paths: Iterable[str],
    rules: Mapping[str, Rule],
    config: Config,
    options: ParseOptions,
    stdin: tuple[str | bytes, str] | None = None,
    cache: Cache | None = None,
) -> Report:
    """Lint ``paths`` (and ``stdin`` as (text or bytes, name) when given); with ``cache``,
    what it holds stands for the files and modules that did not change."""
    outcomes: list[Outcome] = []
    found = _found(paths, config, options, stdin)
    if found.truncated is not None:
        outcomes.append(Outcome(errors=(found.truncated,)))
    outcomes.append(Outcome(notices=found.notices))
    texts = _Texts(options)
    policy_sources = _stdin_source(found)
    with_policies: list[tuple[str, str]] = []
    policies = collect_policies(
        _noting_policies(chain(policy_sources, texts.first_pass(found.sources)), with_policies)
    )
    options = replace(options, api_policies=policies)
    policy_key = json.dumps(sorted(with_policies))
    first = [found.stdin] if found.stdin else []
    slots: list[Outcome | None] = []
    keys: list[str | None] = []

    def misses() -> Iterator[tuple[tuple[int, str, str | None, FileError | None], int]]:
        for index, (path, text, error) in enumerate(chain(first, texts.second_pass(found.sources))):
            key = None
            if cache is not None and text is not None and error is None and index >= len(first):
                key = cache.key("file", path, digest(text), policy_key)
            hit = cache.get(key) if cache is not None and key is not None else None
            slots.append(hit if isinstance(hit, Outcome) else None)
            keys.append(key)
            if slots[-1] is None:
                yield (index, path, text, error), len(text or "")

    count = len(first) + len(found.sources) + len(found.modules)
    jobs = options.jobs if count >= PARALLEL_FILES and options.files is None else 1
    shared = _Shared(rules, config, replace(options, jobs=1))
    with Workers(jobs, shared) as workers:
        terraform = _Terraform(found.modules, options, cache)
        terraform.submit(workers)
        for (index, path, _text, _error), future in workers.each(_lint_file, misses()):
            outcome, read = _result(future, path)
            slots[index] = outcome
            file_key = keys[index]
            if cache is not None and file_key is not None and _cacheable(outcome):
                cache.put(file_key, outcome, read)
        outcomes.extend(slot for slot in slots if slot is not None)
        outcomes.extend(terraform.outcomes(shared))
    if cache is not None:
        cache.prune()
    return _report(outcomes)


@dataclass(frozen=True, slots=True)
class _Shared:
    """What linting any one file takes: given to each worker once, when it starts."""

    rules: Mapping[str, Rule]
    config: Config
    options: ParseOptions


def _lint_file(
    shared: _Shared, item: tuple[int, str, str | None, FileError | None]
) -> tuple[Outcome, dict[str, str]]:
    """What one file adds to the report, and the digest of each other file it read."""
    _index, path, text, error = item
    document = None
    if error is None and text is not None:
        document, error = parse_source(text, path, shared.options)
    read: dict[str, str] = {}
    outcome = _outcome(
        [document] if document else [],
        [error] if error else [],
        [path],
        (),
        shared.rules,
        shared.config,
        _reading(path, text, shared.options, read),
    )
    return outcome, read


def _result(
    future: Pending[tuple[Outcome, dict[str, str]]], path: str
) -> tuple[Outcome, dict[str, str]]:
    try:
        return future.result()
    except Exception as error:  # a worker killed, or a bug outside every guard: named
        return _failed(error, [path]), {}


def _failed(error: Exception, paths: list[str]) -> Outcome:
    """What ``paths`` add to the report when what read them raised ``error``."""
    errors = tuple(FileError(p or os.curdir, None, internal_error(error)) for p in paths)
    return Outcome(errors=errors, files=tuple(paths))


def _noting_policies(
    sources: Iterable[tuple[str, str]], noted: list[tuple[str, str]]
) -> Iterator[tuple[str, str]]:
    """``sources``, noting (path, digest) of those that may describe policies: their texts
    decide other files' findings."""
    for path, text in sources:
        if "PolicyConfig" in text:
            noted.append((path, digest(text)))
        yield path, text


def _cacheable(outcome: Outcome) -> bool:
    """A parser or rule bug is not kept: it may depend on more than the file."""
    return not any("internal error" in e.message or "crashed" in e.message for e in outcome.errors)


class _Terraform:
    """The Terraform modules of a run, in groups read apart (see ``module_groups``), side by
    side, each cached as a whole; their work is accounted as one run's, in group order, so
    that what a bound of the run leaves unknown is what one process would leave. A group
    that cannot declare a distribution is not parsed: its files are skipped."""

    def __init__(self, directories: list[str], options: ParseOptions, cache: Cache | None):
        from .parsers.terraform.groups import module_groups
        from .parsers.terraform.module import configuration_files

        groups = module_groups(directories, options.reader) if directories else []
        self.groups = [group.directories for group in groups if group.checkable]
        self.skipped = tuple(
            path
            for group in groups
            if not group.checkable
            for directory in group.directories
            for path in configuration_files(directory)
        )
        self.cache = cache
        self.keys = [cache.key("terraform", json.dumps(g)) if cache else None for g in self.groups]
        self.hits = [cache.get(k) if cache and k else None for k in self.keys]
        self.pending: list[Pending[_Read] | None] = []

    def submit(self, workers: Workers[_Shared]) -> None:
        from .parsers.terraform.budget import Spent

        for group, hit in zip(self.groups, self.hits, strict=True):
            fresh = not isinstance(hit, Outcome)
            self.pending.append(
                workers.submit(_lint_terraform, (group, Spent())) if fresh else None
            )

    def outcomes(self, shared: _Shared) -> Iterator[Outcome]:
        from .parsers.terraform.budget import Spent

        if self.skipped:
            yield Outcome(files=self.skipped)
        start = Spent()
        for group, key, hit, pending in zip(
            self.groups, self.keys, self.hits, self.pending, strict=True
        ):
            if isinstance(hit, Outcome) and (start + Spent(*hit.spent)).within_run():
                yield hit
                start += Spent(*hit.spent)
                continue
            read = _read_result(pending, group) if pending is not None else None
            if read is None or read.exhausted or not (start + read.spent).within_run():
                read = _lint_terraform(shared, (group, start))  # as one process would
            yield read.outcome
            start += read.spent
            cacheable = not read.exhausted and _cacheable(read.outcome)
            if self.cache is not None and key is not None and cacheable:
                self.cache.put(key, read.outcome, read.log, group)


@dataclass(frozen=True, slots=True)
class _Read:
    """What a group of Terraform modules adds to the report, the digest of each file it
    read, the work it took, and whether a bound of the run was hit."""

    outcome: Outcome
    log: dict[str, str]
    spent: Spent
    exhausted: bool


def _lint_terraform(shared: _Shared, item: tuple[list[str], Spent]) -> _Read:
    from .parsers.terraform.budget import Budget

    directories, start = item
    log: dict[str, str] = {}
    options = replace(shared.options, read_log=log)
    budget = Budget(start)
    documents, errors, files, notices = _read_modules(directories, options, log, budget)
    outcome = _outcome(documents, errors, files, notices, shared.rules, shared.config, None)
    spent = budget.spent - start
    outcome = replace(outcome, spent=(spent.steps, spent.built, spent.instances))
    return _Read(outcome, log, spent, budget.exhausted)


def _read_result(pending: Pending[_Read], directories: list[str]) -> _Read:
    from .parsers.terraform.budget import Spent

    try:
        return pending.result()
    except Exception as error:  # a worker killed, or a bug outside every guard: named
        return _Read(_failed(error, directories), {}, Spent(), False)


def _outcome(
    documents: list[Document],
    errors: Iterable[FileError],
    files: Iterable[str],
    notices: Iterable[Notice],
    rules: Mapping[str, Rule],
    config: Config,
    reading: Callable[[str], str | None] | None,
) -> Outcome:
    """Documents through the rules: what they add to the report."""
    if reading is not None:
        documents = [with_comment_suppressions(d, reading) for d in documents]
    result = lint(documents, rules.values(), config)
    crashes = [FileError(crash.path, None, str(crash)) for crash in result.crashes]
    origins: dict[tuple[str, int, int], Unresolved | None] = {}
    for document in documents:
        for dist in document.distributions:
            for origin in dist.origins:
                where = (origin.span.path, origin.span.line, origin.span.column)
                if where not in origins and origin.unresolved is not None:
                    origins[where] = Unresolved(
                        origin.span.path, origin.span.line, dist.name, origin.id, origin.unresolved
                    )
                origins.setdefault(where, None)
    return Outcome(
        result.findings,
        (*errors, *crashes),
        tuple(files),
        (*notices, *(n for d in documents for n in d.notices)),
        tuple(dict.fromkeys((d.span.path, d.name) for doc in documents for d in doc.distributions)),
        tuple((*where, unresolved) for where, unresolved in origins.items()),
    )


def _report(outcomes: Iterable[Outcome]) -> Report:
    findings: set[Finding] = set()
    errors: list[FileError] = []
    files: list[str] = []
    notices: set[Notice] = set()
    linted: set[tuple[str, str]] = set()
    seen: set[tuple[str, int, int]] = set()
    unresolved: list[Unresolved] = []
    for outcome in outcomes:
        findings.update(outcome.findings)
        errors.extend(outcome.errors)
        files.extend(outcome.files)
        notices.update(outcome.notices)
        linted.update(outcome.distributions)
        for path, line, column, missing in outcome.origins:
            if (path, line, column) in seen:
                continue
            seen.add((path, line, column))
            if missing is not None:
                unresolved.append(missing)
    errors.sort(key=lambda e: (e.path, e.line or 0, e.message))  # whatever order files came in
    unresolved.sort(key=lambda u: (u.path, u.line))
    return Report(
        tuple(sorted(findings, key=_finding_order)),
        tuple(errors),
        tuple(files),
        tuple(sorted(notices, key=lambda n: (n.path, n.line or 0, n.message))),
        distributions=len(linted),
        origins=len(seen),
        unresolved=tuple(unresolved),
    )


def _finding_order(finding: Finding) -> tuple[Any, ...]:
    """Findings in file order; ties in an order that does not depend on the run."""
    return (*finding.sort_key(), finding.severity, finding.resource or "", finding.origin or "")


def _reading(
    path: str, text: str | None, options: ParseOptions, log: dict[str, str] | None = None
) -> Callable[[str], str | None]:
    """What reads the files whose comments may suppress a document's findings; the digest
    of each other file read is kept in ``log`` by path."""

    def read(wanted: str) -> str | None:
        if text is not None and wanted == path:
            return text
        found = read_source(wanted, options)[0]
        if found is not None and log is not None:
            log[wanted] = digest(found)
        return found

    return read


PARALLEL_FILES = 24
"""Fewer files and modules than this are linted in the main process: starting workers
costs more."""


def _parse_all(
    read: Iterable[tuple[str, str | None, FileError | None]], options: ParseOptions
) -> Iterator[tuple[str, str | None, Document | None, FileError | None]]:
    """(path, text, document, error) of each file read, in the order read."""
    for path, text, error in read:
        document = None
        if error is None and text is not None:
            document, error = parse_source(text, path, options)
        yield path, text, document, error


class _Texts:
    """File texts over the two passes of a run, held within ``TEXT_CACHE_BYTES``."""

    def __init__(self, options: ParseOptions) -> None:
        self.options = options
        self.kept: dict[str, tuple[str | None, FileError | None]] = {}
        self.size = 0

    def first_pass(self, paths: Iterable[str]) -> Iterator[tuple[str, str]]:
        for path in paths:
            text, error = read_source(path, self.options)
            size = len(text) if text is not None else 0
            if self.size + size <= TEXT_CACHE_BYTES:
                self.kept[path] = (text, error)
                self.size += size
            if text is not None:
                yield path, text

    def second_pass(
        self, paths: Iterable[str]
    ) -> Iterator[tuple[str, str | None, FileError | None]]:
        for path in paths:
            kept = self.kept.pop(path, None)
            yield (path, *(kept or read_source(path, self.options)))
