"""One lint run: files in, findings and file errors out. No printing."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from .config import Config
from .discovery import discover
from .engine import lint
from .model import Document, Finding
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
from .source.text import decode, read_bytes
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
    return f"internal error while reading it ({type(error).__name__}: {error}); please report it"


def read_source(path: str, options: ParseOptions) -> tuple[str | None, FileError | None]:
    try:
        return decode(read_bytes(Path(path), options.max_bytes)), None
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


def run(
    paths: Iterable[str],
    rules: Mapping[str, Rule],
    config: Config,
    options: ParseOptions,
    stdin: tuple[str | bytes, str] | None = None,
) -> Report:
    """Lint ``paths`` (and ``stdin`` as (text or bytes, name) when given)."""
    documents: list[Document] = []
    errors: list[FileError] = []
    files: list[str] = []
    sources: list[tuple[str, str | None, FileError | None]] = []
    if stdin is not None and not (config.exclude and config.exclude(stdin[1])):
        sources.append((stdin[1], *read_stdin(stdin[0], stdin[1], options)))
    modules: list[str] = []
    for path, _explicit in discover(list(paths), handles, config.exclude):
        if is_module_file(path) and Path(path).is_file():
            modules.append(module_directory(path))  # a Terraform module is linted as a whole
            continue
        sources.append((path, *read_source(path, options)))
    policies = collect_policies((path, text) for path, text, _ in sources if text is not None)
    options = replace(options, api_policies=policies)
    for path, text, error in sources:
        files.append(path)
        if error is None and text is not None:
            document, error = parse_source(text, path, options)
            if document is not None:
                documents.append(document)
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
        documents.extend([module.document] if module.document is not None else [])
        errors.extend(FileError(e.path, e.line, e.message) for e in module.errors)
    texts = {path: text for path, text, _ in sources if text is not None}

    def source_text(path: str) -> str | None:
        return texts[path] if path in texts else read_source(path, options)[0]

    documents = [with_comment_suppressions(d, source_text) for d in documents]
    result = lint(documents, rules.values(), config)
    errors.extend(FileError(crash.path, None, str(crash)) for crash in result.crashes)
    errors.sort(key=lambda e: (e.path, e.line or 0, e.message))  # whatever order files came in
    return Report(result.findings, tuple(errors), tuple(files))
