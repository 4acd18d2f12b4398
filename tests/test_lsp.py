"""`cf502lint lsp`, end to end: a real LSP client (pytest-lsp) drives the real server process."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
import yaml
from lsprotocol import types
from pygls.workspace import TextDocument
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from cf502lint.config import Config
from cf502lint.lsp import DEFAULT_DEBOUNCE
from cf502lint.lsp.fixes import Insertion, cloudformation_suppression, terraform_suppression
from cf502lint.lsp.links import rule_url
from cf502lint.lsp.server import LANGUAGES, client_range, suppression
from cf502lint.parsers import ParseOptions, parse_text
from cf502lint.runner import run
from cf502lint.testing import lint_text

from .docs import INTEGRATIONS, section
from .helpers import FIXTURES, installed_rules

LSP = FIXTURES / "lsp"
BAD = (LSP / "bad.yaml").read_text()
FIXED = (LSP / "fixed.yaml").read_text()
TIMEOUT = 10.0


def reads(name: str) -> bool:
    """Whether the front end for a fixture is present: a feature test, not a version check."""
    try:
        return parse_text((LSP / name).read_text(), name, ParseOptions()) is not None
    except Exception:
        return False


def suppressions_work() -> bool:
    """Whether the engine honours ``Metadata: cf502lint: ignore`` (built alongside the server)."""
    text = apply(BAD, Insertion(9, 0, "    Metadata: {cf502lint: {ignore: [CF101]}}\n"))
    return "CF101" not in {f.rule_id for f in lint_text(text, "t.yaml", installed_rules().values())}


class RecordingClient(LanguageClient):
    """The pytest-lsp client, also keeping every publishDiagnostics in order."""

    def __init__(self) -> None:
        super().__init__()
        self.published: list[types.PublishDiagnosticsParams] = []


def make_client() -> RecordingClient:
    client = RecordingClient()

    def publish(params: types.PublishDiagnosticsParams) -> None:
        client.published.append(params)
        client.diagnostics[params.uri] = params.diagnostics

    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    register_lsp_features(client, features)
    return client


@pytest_lsp.fixture(  # type: ignore[untyped-decorator]  # pytest-lsp does not type it
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "cf502lint", "lsp"], client_factory=make_client
    ),
    scope="module",
)
async def client(lsp_client: RecordingClient) -> AsyncIterator[None]:
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=types.ClientCapabilities())
    )
    yield
    await lsp_client.shutdown_session()


async def until(condition: Callable[[], object], timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the server")
        await asyncio.sleep(0.01)


def published(client: RecordingClient, uri: str) -> list[types.PublishDiagnosticsParams]:
    return [p for p in client.published if p.uri == uri]


async def diagnostics_for(
    client: RecordingClient, uri: str, version: int | None
) -> list[types.Diagnostic]:
    """Wait for the diagnostics of ``version`` of ``uri`` (None: the clearing on close)."""
    await until(lambda: any(p.version == version for p in published(client, uri)))
    return list(next(p for p in published(client, uri) if p.version == version).diagnostics)


def open_document(
    client: RecordingClient, uri: str, text: str, language: str = "yaml", version: int = 1
) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id=language, version=version, text=text
            )
        )
    )


def replace_text(client: RecordingClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def uri_of(name: str, directory: Path = LSP) -> str:
    return (directory / name).as_uri()


def apply(text: str, insertion: Insertion) -> str:
    lines = text.split("\n")
    line = lines[insertion.line]
    lines[insertion.line] = line[: insertion.column] + insertion.text + line[insertion.column :]
    return "\n".join(lines)


def apply_edit(text: str, edit: types.TextEdit) -> str:
    start = edit.range.start
    assert start == edit.range.end, "the quick fixes only insert"
    return apply(text, Insertion(start.line, start.character, edit.new_text))


def r(line: int, character: int, end_line: int, end_character: int) -> types.Range:
    return types.Range(
        types.Position(line=line, character=character),
        types.Position(line=end_line, character=end_character),
    )


# --- through the real server ------------------------------------------------------------------


@pytest.mark.asyncio(loop_scope="module")
async def test_bad_template_gets_diagnostics_from_the_unsaved_buffer(
    client: RecordingClient, tmp_path: Path
) -> None:
    uri = uri_of("bad.yaml", tmp_path)  # not on disk: only the buffer exists
    open_document(client, uri, BAD)
    found = await diagnostics_for(client, uri, 1)
    assert [(d.code, d.range, d.severity, d.source) for d in found] == [
        ("CF101", r(17, 14, 17, 34), types.DiagnosticSeverity.Error, "cf502lint"),
        ("CF206", r(18, 14, 18, 31), types.DiagnosticSeverity.Warning, "cf502lint"),
    ]
    cf101 = found[0]
    assert cf101.message.startswith("origin 'site' connects with HTTPS (https-only)")
    assert cf101.code_description is not None
    assert cf101.code_description.href == rule_url(installed_rules()["CF101"])
    assert cf101.code_description.href.startswith("https://docs.aws.amazon.com/")


@pytest.mark.asyncio(loop_scope="module")
async def test_fixing_the_buffer_clears_its_diagnostics(client: RecordingClient) -> None:
    uri = uri_of("fix-me.yaml")
    open_document(client, uri, BAD)
    assert len(await diagnostics_for(client, uri, 1)) == 2
    replace_text(client, uri, FIXED, 2)
    assert await diagnostics_for(client, uri, 2) == []


@pytest.mark.asyncio(loop_scope="module")
async def test_edits_are_debounced_and_the_last_one_wins(client: RecordingClient) -> None:
    uri = uri_of("typing.yaml")
    open_document(client, uri, FIXED)
    assert await diagnostics_for(client, uri, 1) == []
    for version in (2, 3, 4):
        replace_text(client, uri, BAD if version == 4 else BAD[: 100 * version], version)
    assert {d.code for d in await diagnostics_for(client, uri, 4)} == {"CF101", "CF206"}
    assert [p.version for p in published(client, uri)] == [1, 4]


@pytest.mark.asyncio(loop_scope="module")
async def test_closing_clears_the_diagnostics(client: RecordingClient) -> None:
    uri = uri_of("closed.yaml")
    open_document(client, uri, BAD)
    await diagnostics_for(client, uri, 1)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert await diagnostics_for(client, uri, None) == []


@pytest.mark.asyncio(loop_scope="module")
async def test_unrelated_yaml_gets_no_diagnostics(client: RecordingClient) -> None:
    uri = uri_of("unrelated.yaml")
    open_document(client, uri, (LSP / "unrelated.yaml").read_text())
    assert await diagnostics_for(client, uri, 1) == []


@pytest.mark.asyncio(loop_scope="module")
async def test_a_template_that_does_not_parse_gets_a_diagnostic_on_the_error_line(
    client: RecordingClient,
) -> None:
    uri = uri_of("broken.yaml")
    broken = BAD.replace("        Enabled: true\n", "        Enabled: [true\n")
    open_document(client, uri, broken)
    (found,) = await diagnostics_for(client, uri, 1)
    assert found.severity == types.DiagnosticSeverity.Error
    assert found.code is None
    # the flow list opened on line 13 never closes; the YAML reader notices on line 14
    assert found.message == "invalid YAML: did not find expected ',' or ']'"
    assert found.range == r(13, 0, 13, len("        Origins:"))


@pytest.mark.asyncio(loop_scope="module")
async def test_the_configuration_file_applies_and_its_mistakes_show(
    client: RecordingClient, tmp_path: Path
) -> None:
    config = tmp_path / ".cf502lint.toml"
    config.write_text('ignore = ["low-origin-read-timeout"]\nexclude = ["legacy"]\n')
    uri = uri_of("configured.yaml", tmp_path / "infra")  # found above the buffer's directory
    open_document(client, uri, BAD)
    assert [d.code for d in await diagnostics_for(client, uri, 1)] == ["CF101"]
    excluded = uri_of("old.yaml", tmp_path / "legacy")
    open_document(client, excluded, BAD)
    assert await diagnostics_for(client, excluded, 1) == []
    config.write_text('ignor = ["CF206"]\n')  # read again on the next lint
    replace_text(client, uri, BAD, 2)
    (found,) = await diagnostics_for(client, uri, 2)
    assert found.severity == types.DiagnosticSeverity.Error
    assert "ignor" in found.message and found.message.startswith("configuration: ")
    assert found.range.start.line == 0


@pytest.mark.asyncio(loop_scope="module")
async def test_severity_overrides_apply_as_on_the_command_line(
    client: RecordingClient, tmp_path: Path
) -> None:
    (tmp_path / ".cf502lint.toml").write_text(
        '[severity]\nCF101 = "warning"\nlow-origin-read-timeout = "info"\n'
    )
    uri = uri_of("severities.yaml", tmp_path)
    open_document(client, uri, BAD)
    found = await diagnostics_for(client, uri, 1)
    assert [(d.code, d.severity) for d in found] == [
        ("CF101", types.DiagnosticSeverity.Warning),
        ("CF206", types.DiagnosticSeverity.Information),
    ]


@pytest.mark.asyncio(loop_scope="module")
async def test_quick_fix_adds_the_resource_metadata_suppression(
    client: RecordingClient,
) -> None:
    uri = uri_of("quick-fix.yaml")
    open_document(client, uri, BAD)
    cf101 = (await diagnostics_for(client, uri, 1))[0]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=cf101.range,
            context=types.CodeActionContext(diagnostics=[cf101]),
        )
    )
    assert actions is not None
    action, repair = actions  # the suppression, then the rule's own fix
    assert isinstance(action, types.CodeAction) and isinstance(repair, types.CodeAction)
    assert repair.title == "Fix CF101: Set OriginProtocolPolicy to http-only"
    assert action.kind == types.CodeActionKind.QuickFix
    assert action.title == "Suppress CF101 for resource Distribution in its cf502lint Metadata"
    assert action.edit is not None and action.edit.changes is not None
    (edit,) = action.edit.changes[uri]
    assert edit == types.TextEdit(
        range=r(10, 0, 10, 0),
        new_text="    Metadata:\n      cf502lint:\n        ignore: [CF101]\n",
    )
    fixed = apply_edit(BAD, edit)
    resource = yaml.safe_load(fixed.replace("!", "#"))["Resources"]["Distribution"]
    assert resource["Metadata"] == {"cf502lint": {"ignore": ["CF101"]}}
    assert resource["Type"] == "AWS::CloudFront::Distribution"


@pytest.mark.xfail(
    not suppressions_work(), reason="the engine does not read suppressions yet", strict=True
)
@pytest.mark.asyncio(loop_scope="module")
async def test_applying_the_quick_fix_silences_the_finding(client: RecordingClient) -> None:
    uri = uri_of("applied.yaml")
    open_document(client, uri, BAD)
    found = await diagnostics_for(client, uri, 1)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=found[0].range,
            context=types.CodeActionContext(diagnostics=found),
        )
    )
    assert actions is not None
    first = actions[0]
    assert isinstance(first, types.CodeAction) and first.edit and first.edit.changes
    replace_text(client, uri, apply_edit(BAD, first.edit.changes[uri][0]), 2)
    assert [d.code for d in await diagnostics_for(client, uri, 2)] == ["CF206"]


@pytest.mark.asyncio(loop_scope="module")
async def test_the_rules_fix_is_a_quick_fix_too(client: RecordingClient) -> None:
    uri = uri_of("repair.yaml")
    open_document(client, uri, BAD)
    cf101 = (await diagnostics_for(client, uri, 1))[0]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=cf101.range,
            context=types.CodeActionContext(diagnostics=[cf101]),
        )
    )
    assert actions is not None
    repair = next(a for a in actions if isinstance(a, types.CodeAction) and a.is_preferred)
    assert repair.kind == types.CodeActionKind.QuickFix
    assert list(repair.diagnostics or []) == [cf101]
    assert repair.edit is not None and repair.edit.changes is not None
    (edit,) = repair.edit.changes[uri]
    assert edit == types.TextEdit(range=r(17, 36, 17, 46), new_text="http-only")
    lines = BAD.split("\n")
    lines[17] = lines[17][:36] + edit.new_text + lines[17][46:]
    replace_text(client, uri, "\n".join(lines), 2)
    assert "CF101" not in {d.code for d in await diagnostics_for(client, uri, 2)}


URL_ORIGIN = """\
Resources:
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: api
            DomainName: https://api.example.com/v1  # a URL, not a host
            CustomOriginConfig:
              OriginProtocolPolicy: https-only
              OriginSSLProtocols: [TLSv1.2]
        DefaultCacheBehavior:
          TargetOriginId: api
          ViewerProtocolPolicy: redirect-to-https
          CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
"""


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """``edits`` made in an ASCII ``text`` (UTF-16 positions are code points there)."""
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)

    def offset(position: types.Position) -> int:
        return starts[position.line] + position.character

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


@pytest.mark.asyncio(loop_scope="module")
async def test_an_unsafe_fix_says_so_and_its_edits_repair_the_buffer(
    client: RecordingClient,
) -> None:
    uri = uri_of("url-origin.yaml")
    open_document(client, uri, URL_ORIGIN)
    (cf105,) = [d for d in await diagnostics_for(client, uri, 1) if d.code == "CF105"]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=cf105.range,
            context=types.CodeActionContext(diagnostics=[cf105]),
        )
    )
    assert actions is not None
    (repair,) = [a for a in actions if isinstance(a, types.CodeAction) and a.is_preferred]
    assert repair.title.startswith("Fix CF105: ")
    assert repair.title.endswith(" (unsafe: review the change)")
    assert repair.edit is not None and repair.edit.changes is not None
    fixed = apply_edits(URL_ORIGIN, list(repair.edit.changes[uri]))
    assert "DomainName: api.example.com  # a URL, not a host" in fixed
    assert "            OriginPath: /v1\n" in fixed
    replace_text(client, uri, fixed, 2)
    assert "CF105" not in {d.code for d in await diagnostics_for(client, uri, 2)}


@pytest.mark.asyncio(loop_scope="module")
async def test_no_quick_fix_for_other_sources(client: RecordingClient) -> None:
    uri = uri_of("foreign.yaml")
    open_document(client, uri, BAD)
    cf101 = (await diagnostics_for(client, uri, 1))[0]
    foreign = types.Diagnostic(range=cf101.range, message="x", source="cfn-lint", code="E3012")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=cf101.range,
            context=types.CodeActionContext(diagnostics=[foreign]),
        )
    )
    assert not actions


@pytest.mark.xfail(
    not reads("distribution-config.json"),
    reason="the CloudFront API JSON front end is not present",
    strict=True,
)
@pytest.mark.asyncio(loop_scope="module")
async def test_api_json_buffer(client: RecordingClient) -> None:
    uri = uri_of("distribution-config.json")
    open_document(client, uri, (LSP / "distribution-config.json").read_text(), "json")
    found = await diagnostics_for(client, uri, 1)
    assert [(d.code, d.range.start.line) for d in found] == [("CF101", 17)]


@pytest.mark.xfail(
    not reads("main.tf"), reason="the Terraform front end is not present", strict=True
)
@pytest.mark.asyncio(loop_scope="module")
async def test_terraform_buffer_and_its_quick_fix(client: RecordingClient) -> None:
    text = (LSP / "main.tf").read_text()
    uri = uri_of("main.tf")
    open_document(client, uri, text, "terraform")
    found = await diagnostics_for(client, uri, 1)
    cf101 = next(d for d in found if d.code == "CF101")
    assert cf101.range.start.line == 10  # origin_protocol_policy = "https-only"
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=cf101.range,
            context=types.CodeActionContext(diagnostics=[cf101]),
        )
    )
    assert actions is not None
    action = actions[0]
    assert isinstance(action, types.CodeAction) and action.edit and action.edit.changes
    assert list(action.edit.changes[uri]) == [
        types.TextEdit(range=r(10, 0, 10, 0), new_text="      # cf502lint:ignore CF101\n")
    ]


def terraform_comments_work() -> bool:
    """Whether a ``# cf502lint:ignore`` line silences a finding in a buffer linted as the server
    lints it (standard input named as the file)."""
    text = (LSP / "main.tf").read_text()
    commented = text.replace(
        "      origin_protocol_policy",
        "      # cf502lint:ignore CF101\n      origin_protocol_policy",
    )

    def found(source: str) -> set[str]:
        name = str(LSP / "main.tf")
        report = run([], installed_rules(), Config(), ParseOptions(), stdin=(source, name))
        return {f.rule_id for f in report.findings}

    try:
        return found(text) - found(commented) == {"CF101"}
    except Exception:
        return False


@pytest.mark.xfail(
    not terraform_comments_work(),
    reason="the Terraform front end or its cf502lint:ignore comments are not present",
    strict=True,
)
@pytest.mark.asyncio(loop_scope="module")
async def test_applying_the_terraform_quick_fix_silences_the_finding(
    client: RecordingClient,
) -> None:
    text = (LSP / "main.tf").read_text()
    uri = uri_of("main.tf")  # the file exists: its module's comments are read from the buffer
    open_document(client, uri, text, "terraform", version=11)
    cf101 = next(d for d in await diagnostics_for(client, uri, 11) if d.code == "CF101")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=cf101.range,
            context=types.CodeActionContext(diagnostics=[cf101]),
        )
    )
    assert actions is not None
    action = actions[0]
    assert isinstance(action, types.CodeAction) and action.edit and action.edit.changes
    replace_text(client, uri, apply_edit(text, action.edit.changes[uri][0]), 12)
    assert "CF101" not in {d.code for d in await diagnostics_for(client, uri, 12)}


# --- the pieces, without a server -------------------------------------------------------------


def test_ranges_are_zero_based_utf16_and_run_to_the_end_of_the_line_without_an_end() -> None:
    text = 'a: "\U0001f600" \nDistribution: x\n'
    document = TextDocument("file:///t.yaml", text)
    lines = text.split("\n")
    assert client_range(document, lines, 2, 1, 2, 13) == r(1, 0, 1, 12)
    # "a: \"\U0001f600\"" is 6 code points and 7 UTF-16 units; trailing blanks are not marked
    assert client_range(document, lines, 1, 4, None, None) == r(0, 3, 0, 7)


def test_rule_url_is_the_first_reference_of_every_rule_as_in_sarif() -> None:
    from cf502lint.reporters.sarif import help_uri

    for rule in installed_rules().values():
        references = rule.doc.split("## References", 1)[1]
        assert rule_url(rule) == references.split("- ", 1)[1].split()[0] == help_uri(rule)


def test_terraform_suppression_goes_above_the_line_at_its_indentation() -> None:
    text = 'resource "x" "y" {\n    a = 1\n}\n'
    assert terraform_suppression(text, 2, "CF201") == Insertion(
        1, 0, "    # cf502lint:ignore CF201\n"
    )


CASES = {
    "new metadata after Type": (
        "Resources:\n  D:\n    Type: X\n    Properties: {}\n",
        "Resources:\n  D:\n    Type: X\n    Metadata:\n      cf502lint:\n"
        "        ignore: [CF101]\n    Properties: {}\n",
    ),
    "four-space indentation, metadata without ours": (
        "Resources:\n    D:\n        Type: X\n        Metadata:\n            Other: 1\n",
        "Resources:\n    D:\n        Type: X\n        Metadata:\n            cf502lint:\n"
        "                ignore: [CF101]\n            Other: 1\n",
    ),
    "flow list": (
        "Resources:\n  D:\n    Type: X\n    Metadata:\n      cf502lint:\n        ignore: [CF102]\n",
        "Resources:\n  D:\n    Type: X\n    Metadata:\n      cf502lint:\n"
        "        ignore: [CF101, CF102]\n",
    ),
    "block list with a reason entry": (
        "Resources:\n  D:\n    Type: X\n    Metadata:\n      cf502lint:\n        ignore:\n"
        "          - rule: CF102\n            reason: why\n",
        "Resources:\n  D:\n    Type: X\n    Metadata:\n      cf502lint:\n        ignore:\n"
        "          - CF101\n          - rule: CF102\n            reason: why\n",
    ),
    "flow resource, empty list": (
        "Resources:\n  D: {Type: X, Metadata: {cf502lint: {ignore: []}}}\n",
        "Resources:\n  D: {Type: X, Metadata: {cf502lint: {ignore: [CF101]}}}\n",
    ),
}
JSON_CASES = {
    "pretty JSON": (
        '{\n  "Resources": {\n    "D": {\n      "Type": "X"\n    }\n  }\n}\n',
        '{\n  "Resources": {\n    "D": {\n      "Metadata": {"cf502lint": {"ignore": '
        '["CF101"]}},\n      "Type": "X"\n    }\n  }\n}\n',
    ),
    "compact JSON, empty metadata": (
        '{"Resources": {"D": {"Type": "X", "Metadata": {}}}}',
        '{"Resources": {"D": {"Type": "X", "Metadata": {"cf502lint": {"ignore": ["CF101"]}}}}}',
    ),
    "compact JSON, existing list": (
        '{"Resources": {"D": {"Metadata": {"cf502lint": {"ignore": ["CF1"]}}, "Type": "X"}}}',
        '{"Resources": {"D": {"Metadata": {"cf502lint": {"ignore": ["CF101", "CF1"]}}, '
        '"Type": "X"}}}',
    ),
}


@pytest.mark.parametrize(("before", "after"), CASES.values(), ids=list(CASES))
def test_cloudformation_suppression_in_yaml(before: str, after: str) -> None:
    insertion = cloudformation_suppression(before, "t.yaml", "D", "CF101")
    assert insertion is not None
    assert apply(before, insertion) == after


@pytest.mark.parametrize(("before", "after"), JSON_CASES.values(), ids=list(JSON_CASES))
def test_cloudformation_suppression_in_json(before: str, after: str) -> None:
    insertion = cloudformation_suppression(before, "t.json", "D", "CF101")
    assert insertion is not None
    assert apply(before, insertion) == after


@pytest.mark.parametrize(
    "text",
    [
        "Resources:\n  D:\n    Type: X\n    Metadata: !If [C, {}, {}]\n",
        "Resources:\n  D:\n    Type: X\n    Metadata:\n      cf502lint: off\n",
        "Resources:\n  D:\n    Type: X\n    Metadata:\n      cf502lint:\n        ignore: [CF101]\n",
        "Resources:\n  E:\n    Type: X\n",
        "Resources:\n  D:\n    Type: [\n",
        "not: a template\n",
    ],
    ids=["intrinsic", "not a mapping", "already there", "no such resource", "broken", "other"],
)
def test_no_cloudformation_suppression_where_it_cannot_be_placed(text: str) -> None:
    assert cloudformation_suppression(text, "t.yaml", "D", "CF101") is None


# --- the README's "Editors (LSP)" section ---------------------------------------------------


def editors_section() -> str:
    return section(INTEGRATIONS, "Editors (LSP)")


def readme_block(language: str) -> str:
    (block,) = re.findall(rf"^```{language}\n(.*?)^```", editors_section(), re.M | re.S)
    return str(block)


def lua_strings(lua: str, key: str) -> list[str]:
    found = re.search(rf"{key} = \{{(.*?)\}}", lua)
    assert found, key
    return re.findall(r'"([^"]*)"', found.group(1))


def test_readme_editor_configs_start_cf502lint_lsp_for_languages_it_lints() -> None:
    vscode = json.loads(readme_block("json"))
    lua = readme_block("lua")
    helix = tomllib.loads(readme_block("toml"))
    server = helix["language-server"]["cf502lint"]
    assert [
        [vscode["glspc.server.command"], *vscode["glspc.server.commandArguments"]],
        lua_strings(lua, "cmd"),
        [server["command"], *server["args"]],
    ] == [["cf502lint", "lsp"]] * 3
    assert set(vscode["glspc.server.languageId"]) <= LANGUAGES
    assert set(lua_strings(lua, "filetypes")) <= LANGUAGES
    assert 'vim.lsp.enable("cf502lint")' in lua
    assert {language["name"] for language in helix["language"]} == {"yaml", "json", "hcl"}
    assert all("cf502lint" in language["language-servers"] for language in helix["language"])


def test_readme_describes_the_server_as_it_is() -> None:
    section = " ".join(editors_section().split())
    assert DEFAULT_DEBOUNCE == 0.3 and "0.3 s after the last edit" in section
    assert "--debounce SECONDS" in main_help()
    template = BAD.replace("  Distribution:\n", "  Site:\n")
    diagnostic = types.Diagnostic(
        range=r(17, 14, 17, 34),
        message="",
        code="CF101",
        source="cf502lint",
        data={"resource": "Site"},
    )
    found = suppression(template, "t.yaml", diagnostic)
    assert found is not None
    assert f"*{found[0]}*" in section
    tf = suppression("a = 1\n", "main.tf", diagnostic)
    assert tf is not None and f"`{tf[1].text.strip()}`" in section


def main_help() -> str:
    done = subprocess.run(
        [sys.executable, "-m", "cf502lint", "lsp", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    return str(done.stdout)


def frame(payload: dict[str, object]) -> bytes:
    body = json.dumps(payload).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def unframe(data: bytes) -> list[dict[str, Any]]:
    messages = []
    while data:
        header, _, data = data.partition(b"\r\n\r\n")
        length = int(re.search(rb"Content-Length: (\d+)", header, re.I).group(1))  # type: ignore[union-attr]
        messages.append(json.loads(data[:length]))
        data = data[length:]
    return messages


def test_the_installed_command_answers_an_lsp_handshake() -> None:
    command = shutil.which("cf502lint", path=str(Path(sys.executable).parent))
    assert command is not None, "cf502lint is not installed next to this Python"
    messages: list[dict[str, object]] = [
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {"processId": None, "rootUri": None, "capabilities": {}},
        },
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ]
    session = b"".join(frame(message) for message in messages)
    done = subprocess.run(
        [command, "lsp"], input=session, capture_output=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    replies = {m["id"]: m for m in unframe(done.stdout) if "id" in m}
    result = replies[1]["result"]
    assert result["serverInfo"]["name"] == "cf502lint"
    assert result["capabilities"]["codeActionProvider"]["codeActionKinds"] == ["quickfix"]
    assert result["capabilities"]["textDocumentSync"]["openClose"] is True
    assert replies[2]["result"] is None
