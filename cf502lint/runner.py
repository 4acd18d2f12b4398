"""One lint run: files in, findings and file errors out. No printing."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from itertools import chain
from pathlib import Path
from typing import Any

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
from .source.tree import SourceError
from .suppressions import with_comment_suppressions


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


def parse_paths(
    paths: Iterable[str],
    config: Config,
    options: ParseOptions,
    stdin: tuple[str | bytes, str] | None = None,
) -> Parsed:
    """Read and parse ``paths`` (and ``stdin`` as (text or bytes, name) when given)."""
    errors: list[FileError] = []
    notices: list[Notice] = []
    sources: list[str] = []
    stdin_text: tuple[str, str | None, FileError | None] | None = None
    if stdin is not None and not (config.exclude and config.exclude(stdin[1])):
        stdin_text = (stdin[1], *read_stdin(stdin[0], stdin[1], options))
    found = discover(list(paths), handles, config.exclude, options.boundary)
    notices.extend(found.notices)
    if found.truncated:
        errors.append(FileError(os.curdir, None, found.truncated))
    modules: list[str] = []
    for path, _explicit in found.files:
        if is_module_file(path) and Path(path).is_file():
            modules.append(module_directory(path))  # a Terraform module is linted as a whole
        else:
            sources.append(path)
    texts = _Texts(options)
    policy_sources = [(stdin_text[0], stdin_text[1])] if stdin_text and stdin_text[1] else []
    policies = collect_policies(chain(policy_sources, texts.first_pass(sources)))
    options = replace(options, api_policies=policies)
    documents: list[Document] = []
    files: list[str] = []
    first = [stdin_text] if stdin_text else []
    read = chain(first, texts.second_pass(sources))
    for path, text, document, error in _parse_all(read, len(first) + len(sources), options):
        files.append(path)
        if document is not None:
            documents.append(with_comment_suppressions(document, _reading(path, text, options)))
        if error is not None:
            errors.append(error)
    try:
        parsed = parse_modules(modules, options)
    except Exception as error:  # a parser bug: the modules are named, the others still linted
        parsed = []
        for directory in dict.fromkeys(modules):
            errors.append(FileError(directory or os.curdir, None, internal_error(error)))
    for module in parsed:
        files.extend(module.files)
        notices.extend(module.notices)
        if module.failure is not None:
            failed = module.directory or os.curdir
            errors.append(FileError(failed, None, internal_error(module.failure)))
        if module.document is not None:
            siblings = _reading("", None, options)
            documents.append(with_comment_suppressions(module.document, siblings))
        errors.extend(FileError(e.path, e.line, e.message) for e in module.errors)
    for document in documents:
        notices.extend(document.notices)
    return Parsed(tuple(documents), tuple(errors), tuple(files), tuple(notices))


def run(
    paths: Iterable[str],
    rules: Mapping[str, Rule],
    config: Config,
    options: ParseOptions,
    stdin: tuple[str | bytes, str] | None = None,
) -> Report:
    """Lint ``paths`` (and ``stdin`` as (text or bytes, name) when given)."""
    parsed = parse_paths(paths, config, options, stdin)
    result = lint(parsed.documents, rules.values(), config)
    errors = [*parsed.errors]
    errors.extend(FileError(crash.path, None, str(crash)) for crash in result.crashes)
    errors.sort(key=lambda e: (e.path, e.line or 0, e.message))  # whatever order files came in
    notices = sorted(set(parsed.notices), key=lambda n: (n.path, n.line or 0, n.message))
    linted = {(d.span.path, d.name) for doc in parsed.documents for d in doc.distributions}
    origins, unresolved = _origins(parsed.documents)
    return Report(
        result.findings,
        tuple(errors),
        parsed.files,
        tuple(notices),
        distributions=len(linted),
        origins=origins,
        unresolved=unresolved,
    )


def _origins(documents: Iterable[Document]) -> tuple[int, tuple[Unresolved, ...]]:
    """How many origins the documents hold (each once, whatever its condition scenarios),
    and those of them nothing is known of."""
    seen: set[tuple[str, int, int]] = set()
    unresolved: list[Unresolved] = []
    for document in documents:
        for dist in document.distributions:
            for origin in dist.origins:
                key = (origin.span.path, origin.span.line, origin.span.column)
                if key in seen:
                    continue
                seen.add(key)
                if origin.unresolved is not None:
                    unresolved.append(
                        Unresolved(
                            origin.span.path,
                            origin.span.line,
                            dist.name,
                            origin.id,
                            origin.unresolved,
                        )
                    )
    unresolved.sort(key=lambda u: (u.path, u.line))
    return len(seen), tuple(unresolved)


def _reading(path: str, text: str | None, options: ParseOptions) -> Callable[[str], str | None]:
    """What reads the files whose comments may suppress a document's findings."""

    def read(wanted: str) -> str | None:
        if text is not None and wanted == path:
            return text
        return read_source(wanted, options)[0]

    return read


PARALLEL_FILES = 24
"""Fewer files than this are parsed in the main process: starting workers costs more."""
WINDOW_CHARACTERS = 8 * 1024 * 1024
"""Text sent to workers and not parsed yet, at most (besides one file): what is in flight
is held twice, as text and pickled, so memory stays bounded by the largest file."""


def _parse_all(
    read: Iterable[tuple[str, str | None, FileError | None]], count: int, options: ParseOptions
) -> Iterator[tuple[str, str | None, Document | None, FileError | None]]:
    """(path, text, document, error) of each file read, in the order read.

    With ``options.jobs`` above 1 and enough files, worker processes parse them; a window of
    a few files a worker, and of ``WINDOW_CHARACTERS``, keeps the texts held bounded, and the
    order is the serial order.
    """
    jobs = min(options.jobs, count // (PARALLEL_FILES // 2) or 1)
    if jobs <= 1 or count < PARALLEL_FILES or options.files is not None:  # --fix: serial
        for path, text, error in read:
            document = None
            if error is None and text is not None:
                document, error = parse_source(text, path, options)
            yield path, text, document, error
        return
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    window: deque[tuple[str, str | None, FileError | None, Future[Any] | None]] = deque()
    with ProcessPoolExecutor(jobs) as pool:

        def done() -> tuple[str, str | None, Document | None, FileError | None]:
            path, text, error, future = window.popleft()
            if future is None:
                return path, text, None, error
            document, error = future.result()
            return path, text, document, error

        held = 0
        for path, text, error in read:
            size = len(text) if text is not None else 0
            while window and (len(window) >= 4 * jobs or held + size > WINDOW_CHARACTERS):
                held -= len(window[0][1] or "")
                yield done()
            parsing = None
            if error is None and text is not None:
                parsing = pool.submit(parse_source, text, path, options)
            window.append((path, text, error, parsing))
            held += size
        while window:
            yield done()


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
