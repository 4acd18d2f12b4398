"""The language server: pygls over standard input and output.

Each open buffer is linted from its unsaved text through the same path as
``cf502lint --stdin-filename PATH -``: on open at once, after an edit once the buffer has been
quiet for the debounce delay. Closing a buffer clears its diagnostics.
"""

from __future__ import annotations

import asyncio
import traceback
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import ServerTextPosition

from ..config import Config
from ..model import Finding, Severity
from ..parsers import ParseOptions, handles
from ..rule import Rule
from ..runner import FileError, run
from .fixes import Insertion, cloudformation_suppression, terraform_suppression
from .links import rule_url

SOURCE = "cf502lint"
SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
LANGUAGES = frozenset(
    {"yaml", "json", "jsonc", "terraform", "hcl", "cloudformation", "cloudformation-yaml"}
)
"""Language ids linted whatever the file is called (an unsaved buffer has no suffix)."""
TERRAFORM_SUFFIXES = (".tf",)


class Cf502lintServer(LanguageServer):
    """The server and everything it keeps: the rules and the pending debounced lints."""

    def __init__(self, rules: Mapping[str, Rule], version: str, debounce: float) -> None:
        super().__init__("cf502lint", version)
        self.rules = rules
        self.debounce = debounce
        self.links = {rule.id: rule_url(rule) for rule in rules.values()}
        self.pending: dict[str, asyncio.Task[None]] = {}

    def lint_now(self, uri: str) -> None:
        self.cancel(uri)
        if uri not in self.workspace.text_documents:
            return
        document = self.workspace.get_text_document(uri)
        try:
            diagnostics = self.diagnose(document)
        except Exception:  # a bug must not stop the server: say so in the client's log
            self.window_log_message(
                types.LogMessageParams(
                    type=types.MessageType.Error,
                    message=f"cf502lint failed on {uri}:\n{traceback.format_exc()}",
                )
            )
            return
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri, version=document.version, diagnostics=diagnostics
            )
        )

    def lint_later(self, uri: str) -> None:
        self.cancel(uri)
        self.pending[uri] = asyncio.get_running_loop().create_task(self._after_quiet(uri))

    async def _after_quiet(self, uri: str) -> None:
        await asyncio.sleep(self.debounce)
        self.pending.pop(uri, None)
        self.lint_now(uri)

    def cancel(self, uri: str) -> None:
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()

    def clear(self, uri: str) -> None:
        self.cancel(uri)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    def diagnose(self, document: TextDocument) -> list[types.Diagnostic]:
        path = document_path(document)
        if not handles(path) and document.language_id not in LANGUAGES:
            return []
        lines = document.source.split("\n")
        settings = run_settings(path, self.rules)
        if isinstance(settings, FileError):
            return [error_diagnostic(document, lines, settings)]
        config, options = settings
        report = run([], self.rules, config, options, stdin=(document.source, path))
        diagnostics = [self.finding_diagnostic(document, lines, f) for f in report.findings]
        diagnostics += [error_diagnostic(document, lines, e) for e in report.errors]
        return diagnostics

    def finding_diagnostic(
        self, document: TextDocument, lines: list[str], finding: Finding
    ) -> types.Diagnostic:
        span = finding.span
        url = self.links.get(finding.rule_id)
        return types.Diagnostic(
            range=client_range(
                document, lines, span.line, span.column, span.end_line, span.end_column
            ),
            message=finding.message,
            severity=SEVERITIES[finding.severity],
            code=finding.rule_id,
            code_description=types.CodeDescription(href=url) if url else None,
            source=SOURCE,
            data={"rule": finding.rule_name, "resource": finding.resource},
        )

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        if uri not in self.workspace.text_documents:
            return []
        document = self.workspace.get_text_document(uri)
        path = document_path(document)
        lines = document.source.split("\n")
        actions: list[types.CodeAction] = []
        repairs = self.repairs(document, lines) if params.context.diagnostics else {}
        for diagnostic in params.context.diagnostics:
            if diagnostic.source != SOURCE or not isinstance(diagnostic.code, str):
                continue
            fix = suppression(document.source, path, diagnostic)
            if fix is not None:
                title, insertion = fix
                position = client_position(document, lines, insertion.line, insertion.column)
                edit = types.TextEdit(
                    range=types.Range(position, position), new_text=insertion.text
                )
                actions.append(
                    types.CodeAction(
                        title=title,
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic],
                        edit=types.WorkspaceEdit(changes={uri: [edit]}),
                    )
                )
            for title, edits in repairs.get((diagnostic.code, _key(diagnostic.range)), []):
                actions.append(
                    types.CodeAction(
                        title=title,
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic],
                        is_preferred=True,
                        edit=types.WorkspaceEdit(changes={uri: edits}),
                    )
                )
        return actions

    def repairs(
        self, document: TextDocument, lines: list[str]
    ) -> dict[tuple[str, tuple[int, int, int, int]], list[tuple[str, list[types.TextEdit]]]]:
        """The rules' fixes for the buffer as it is, as editor edits, by the diagnostic they
        repair (its code and range): those whose edits all fall in the buffer."""
        from ..fixing.planning import edits_in

        path = document_path(document)
        settings = run_settings(path, self.rules)
        if isinstance(settings, FileError):
            return {}
        config, options = settings
        report = run([], self.rules, config, options, stdin=(document.source, path))
        found: dict[tuple[str, tuple[int, int, int, int]], list[tuple[str, list[types.TextEdit]]]]
        found = {}
        for finding in report.findings:
            fix = finding.fix
            edits = None if fix is None else edits_in(fix, path, document.source)
            if fix is None or edits is None:
                continue
            title = f"Fix {finding.rule_id}: {fix.description}"
            if not fix.safe:
                title += " (unsafe: review the change)"
            diagnostic = self.finding_diagnostic(document, lines, finding)
            changes = [
                types.TextEdit(
                    range=types.Range(
                        _position(document, lines, edit.start),
                        _position(document, lines, edit.end),
                    ),
                    new_text=edit.replacement,
                )
                for edit in edits
            ]
            found.setdefault((finding.rule_id, _key(diagnostic.range)), []).append((title, changes))
        return found


def _key(span: types.Range) -> tuple[int, int, int, int]:
    return (span.start.line, span.start.character, span.end.line, span.end.character)


def _position(document: TextDocument, lines: list[str], offset: int) -> types.Position:
    """The client position of a code point offset in the buffer."""
    text = document.source
    line = text.count("\n", 0, offset)
    character = offset - (text.rfind("\n", 0, offset) + 1)
    return client_position(document, lines, line, character)


def build_server(rules: Mapping[str, Rule], version: str, debounce: float) -> Cf502lintServer:
    server = Cf502lintServer(rules, version, debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        server.lint_now(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        server.lint_later(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        server.clear(params.text_document.uri)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(params: types.CodeActionParams) -> list[types.CodeAction]:
        return server.code_actions(params)

    return server


def run_settings(path: str, rules: Mapping[str, Rule]) -> tuple[Config, ParseOptions] | FileError:
    """The configuration file's settings for ``path``, found as the command line finds them
    (read again for every lint, so that edits to it apply at once); an error names the key."""
    from ..config_file import ConfigError, settings_for

    try:
        settings = settings_for([path], rules)
    except ConfigError as error:
        return FileError(path, None, f"configuration: {error}")
    from ..source.boundary import Boundary

    boundary = Boundary.around([path])
    return settings.config(), ParseOptions(max_bytes=settings.max_bytes(), boundary=boundary)


def document_path(document: TextDocument) -> str:
    """The buffer's file name, which picks the front end and names it in findings."""
    return document.path or document.uri


def suppression(text: str, path: str, diagnostic: types.Diagnostic) -> tuple[str, Insertion] | None:
    """The title and insertion of the quick fix that suppresses ``diagnostic``, if there is one."""
    rule_id = str(diagnostic.code)
    if PurePath(path).suffix.lower() in TERRAFORM_SUFFIXES:
        insertion = terraform_suppression(text, diagnostic.range.start.line + 1, rule_id)
        return f"Suppress {rule_id} on this line with a cf502lint:ignore comment", insertion
    data: Any = diagnostic.data
    resource = data.get("resource") if isinstance(data, dict) else None
    if not isinstance(resource, str):
        return None
    found = cloudformation_suppression(text, path, resource, rule_id)
    if found is None:
        return None
    return f"Suppress {rule_id} for resource {resource} in its cf502lint Metadata", found


def error_diagnostic(
    document: TextDocument, lines: list[str], error: FileError
) -> types.Diagnostic:
    line = error.line or 1
    return types.Diagnostic(
        range=client_range(document, lines, line, 1, None, None),
        message=error.message,
        severity=types.DiagnosticSeverity.Error,
        source=SOURCE,
    )


def client_range(
    document: TextDocument,
    lines: list[str],
    line: int,
    column: int,
    end_line: int | None,
    end_column: int | None,
) -> types.Range:
    """An LSP range from 1-based code-point positions; without an end, to the end of the line."""
    if end_line is None or end_column is None:
        end_line = line
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        end_column = max(len(text.rstrip("\r \t")) + 1, column)
    return types.Range(
        start=client_position(document, lines, line - 1, column - 1),
        end=client_position(document, lines, end_line - 1, end_column - 1),
    )


def client_position(
    document: TextDocument, lines: list[str], line: int, character: int
) -> types.Position:
    """A 0-based code-point position in the client's units (UTF-16 unless negotiated)."""
    line = min(max(line, 0), len(lines))
    character = max(character, 0)
    return document.position_codec.position_to_client_units(
        lines, ServerTextPosition(line, character)
    )
