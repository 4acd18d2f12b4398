"""Every output format against golden files, and each CI format against its real consumer.

One fixed report (findings of every severity, awkward characters, a file error) is rendered
by every registered reporter and compared with ``fixtures/reporters/<format>.expected``;
``pytest --update-golden`` rewrites them for review. SARIF is validated against the official
2.1.0 schema, JUnit is read back with junitparser.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cf502lint.model import Finding, Notice, Problem, Severity, Span
from cf502lint.reporters import Context, reporters
from cf502lint.reporters.github import escape_data, escape_property
from cf502lint.reporters.sarif import fingerprint, fingerprints, help_uri, sarif_log
from cf502lint.rule import Rule, rule
from cf502lint.runner import FileError, Report

from .helpers import FIXTURES, cli, installed_rules

GOLDEN = FIXTURES / "reporters"
EXAMPLES = FIXTURES / "examples"
SARIF_SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"
"""The official OASIS schema, shipped with the tests so that a plain clone validates."""
ROOT_PLACEHOLDER = "file:///SRCROOT/"


# -- the fixed report ---------------------------------------------------------------------


@rule("CF101", "https-to-s3-website-origin", Severity.ERROR)
def _cf101(dist: object) -> Iterator[Problem]:
    """CloudFront connects with HTTPS to an S3 website endpoint, which only speaks HTTP.

    ## What it does
    Flags origins whose domain is an S3 website endpoint with an origin protocol
    policy of `https-only` or `match-viewer`.

    ## Why does this cause 502s?
    S3 website endpoints do not support HTTPS.

    ## References
    - https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteEndpoints.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html
    """
    yield from ()


@rule("CF207", "keepalive-outlasts-origin-idle-timeout", Severity.WARNING)
def _cf207(dist: object, *, margin: int = 1) -> Iterator[Problem]:
    """The origin keep-alive timeout outlasts the load balancer's idle timeout.

    ## What it does
    Compares the keep-alive timeout with the idle timeout.

    ## References
    - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#connection-idle-timeout
    """
    yield from ()


@rule("CF301", "low-origin-read-timeout", Severity.INFO)
def _cf301(dist: object) -> Iterator[Problem]:
    """A rule without references: no helpUri."""
    yield from ()


RULES: dict[str, Rule] = {r.id: r for r in (_cf207, _cf101, _cf301)}

FINDINGS = (
    Finding(
        "CF101",
        "https-to-s3-website-origin",
        Severity.ERROR,
        "origin 'site' connects with HTTPS (https-only) to an S3 website endpoint, "
        "which only speaks HTTP; use http-only",
        Span("templates/site.yaml", 30, 15, 30, 35),
        resource="Distribution",
        origin="site",
    ),
    Finding(
        "CF207",
        "keepalive-outlasts-origin-idle-timeout",
        Severity.WARNING,
        "100% of idle connections: keep-alive 60s, idle timeout 30s,\nso lower it",
        Span("templates/odd, name:v2.yaml", 7, 3),
        resource="Dist",
        origin="api",
    ),
    Finding(
        "CF301",
        "low-origin-read-timeout",
        Severity.INFO,
        'the origin on line 12 waits only 4s for the first byte <&> "quoted"',
        Span("templates/api.json", 12, 9, 14, 2),
        resource=None,
        origin=None,
    ),
    Finding(
        "CF999",
        "rule-from-elsewhere",
        Severity.WARNING,
        "a finding whose rule the context does not describe",
        Span("templates/site.yaml", 40, 1),
        resource="Distribution",
    ),
)
ERRORS = (FileError("templates/broken.yaml", 3, "invalid YAML: mapping values are not allowed"),)
FILES = (
    "templates/api.json",
    "templates/broken.yaml",
    "templates/clean.yaml",
    "templates/odd, name:v2.yaml",
    "templates/site.yaml",
)
REPORT = Report(FINDINGS, ERRORS, FILES)
CONTEXT = Context(version="1.2.3", rules=RULES)


def render(fmt: str, report: Report = REPORT, context: Context = CONTEXT) -> str:
    return reporters()[fmt](report, context)


@pytest.fixture
def in_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty directory: the reporters' root for relative paths is the cwd."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def sarif_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return schema


def validate_sarif(document: Any) -> None:
    import jsonschema

    schema = sarif_schema()
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


# -- golden files ---------------------------------------------------------------------------


GOLDEN_NAMES = {
    "text": "text.expected",
    "json": "json.expected",
    "sarif": "sarif.expected",
    "junit": "junit.expected",
    "github": "github.expected",
    "gitlab": "gitlab.expected",
    "gnu": "gnu.expected",
}


@pytest.mark.parametrize("fmt", sorted(reporters()))
def test_golden(fmt: str, in_root: Path, request: pytest.FixtureRequest) -> None:
    assert fmt in GOLDEN_NAMES, f"reporter {fmt!r} has no golden file: add it to GOLDEN_NAMES"
    out = render(fmt)
    if fmt == "sarif":
        root_uri = in_root.as_uri() + "/"
        assert out.count(json.dumps(root_uri)) == 1, "originalUriBaseIds names the cwd once"
        out = out.replace(root_uri, ROOT_PLACEHOLDER)
    golden = GOLDEN / GOLDEN_NAMES[fmt]
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(out, encoding="utf-8", newline="")
    assert golden.is_file(), f"{golden} is missing: run pytest --update-golden and review it"
    assert out == golden.read_text(encoding="utf-8")


def test_every_golden_file_belongs_to_a_reporter() -> None:
    names = {p.name for p in GOLDEN.iterdir()}
    assert names == {GOLDEN_NAMES[f] for f in reporters()}


def test_reporters_render_an_empty_report(in_root: Path) -> None:
    empty = Report((), (), ("clean.yaml",))
    for fmt, reporter in reporters().items():
        out = reporter(empty, CONTEXT)
        assert out.endswith("\n") or out == "", fmt


# -- SARIF ----------------------------------------------------------------------------------


def test_golden_sarif_is_valid_sarif_2_1_0() -> None:
    document = json.loads((GOLDEN / "sarif.expected").read_text(encoding="utf-8"))
    validate_sarif(document)


def test_sarif_schema_validation_catches_a_broken_log(in_root: Path) -> None:
    document = json.loads(render("sarif"))
    document["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(AssertionError, match="fatal"):
        validate_sarif(document)


def test_sarif_has_what_github_code_scanning_needs(in_root: Path) -> None:
    document = json.loads(render("sarif"))
    assert document["version"] == "2.1.0"
    (run,) = document["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("cf502lint", "1.2.3")
    assert "informationUri" not in driver  # no public home yet: nothing made up
    rules = driver["rules"]
    assert [r["id"] for r in rules] == ["CF101", "CF207", "CF301", "CF999"]
    cf101 = rules[0]
    assert cf101["name"] == "https-to-s3-website-origin"
    assert cf101["shortDescription"]["text"].startswith("CloudFront connects with HTTPS")
    assert cf101["fullDescription"]["text"].startswith("Flags origins whose domain")
    assert "## Why does this cause 502s?" in cf101["help"]["text"]
    assert cf101["help"]["markdown"].startswith("# https-to-s3-website-origin (CF101)")
    assert cf101["helpUri"] == (
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteEndpoints.html"
    )
    assert [r["defaultConfiguration"]["level"] for r in rules] == [
        "error",
        "warning",
        "note",
        "warning",
    ]
    assert "helpUri" not in rules[2]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == in_root.as_uri() + "/"

    results = run["results"]
    assert [r["level"] for r in results] == ["error", "warning", "note", "warning"]
    for result, finding in zip(results, FINDINGS, strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.rule_id
        assert result["message"]["text"] == finding.message
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not location["artifactLocation"]["uri"].startswith(("/", "file:"))
        assert location["region"]["startLine"] == finding.span.line
        assert location["region"]["startColumn"] == finding.span.column
        assert set(result["partialFingerprints"]) == {"cf502lint/v1"}
    assert results[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "templates/odd%2C%20name%3Av2.yaml"
    )
    assert results[0]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 30,
        "startColumn": 15,
        "endLine": 30,
        "endColumn": 35,
    }

    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert note["message"]["text"].startswith("invalid YAML")
    assert note["locations"][0]["physicalLocation"]["region"] == {"startLine": 3}


def test_sarif_without_errors_is_a_successful_execution(in_root: Path) -> None:
    document = json.loads(render("sarif", Report(FINDINGS[:1], (), FILES)))
    invocation = document["runs"][0]["invocations"][0]
    assert invocation == {
        "executionSuccessful": True,
        "toolExecutionNotifications": [],
        "properties": {"configuration": None, "origins": 0, "unresolvedOrigins": []},
    }


def test_notices_and_the_configuration_reach_json_sarif_and_annotations(in_root: Path) -> None:
    notice = Notice("modules/cdn", 4, "module.edge: its source ../x leaves the linted roots")
    report = Report(FINDINGS[:1], (), FILES, (notice,), ".cf502lint.toml")
    document = json.loads(render("json", report))
    assert document["notices"] == [{"path": "modules/cdn", "line": 4, "message": notice.message}]
    assert document["configuration"] == ".cf502lint.toml"
    (invocation,) = json.loads(render("sarif", report))["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is True
    (note,) = invocation["toolExecutionNotifications"]
    assert (note["level"], note["message"]["text"]) == ("note", notice.message)
    assert invocation["properties"]["configuration"] == ".cf502lint.toml"
    lines = render("github", report).splitlines()
    assert lines[-1] == (
        "::notice file=modules/cdn,line=4,title=cf502lint%3A not checked in full::"
        "module.edge: its source ../x leaves the linted roots"
    )
    assert render("gnu", report).splitlines()[-1] == f"modules/cdn:4: note: {notice.message}"


def test_sarif_keeps_within_the_result_limit_errors_first(in_root: Path) -> None:
    findings = tuple(
        Finding(rule, "x", severity, f"m{i}", Span("t.yaml", i + 1))
        for i, (rule, severity) in enumerate(
            [("CF207", Severity.WARNING), ("CF101", Severity.ERROR), ("CF206", Severity.INFO)] * 3
        )
    )
    log = sarif_log(Report(findings, (), ()), RULES, "1", in_root, max_results=4)
    (run,) = log["runs"]
    assert [r["level"] for r in run["results"]] == ["warning", "error", "error", "error"]
    assert [
        r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in run["results"]
    ] == [
        1,
        2,
        5,
        8,
    ]
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "warning"
    assert note["message"]["text"].startswith("5 results left out (2 warning, 3 info): ")
    validate_sarif(log)


def test_sarif_marks_baselined_results_instead_of_dropping_them(in_root: Path) -> None:
    new, known = FINDINGS[0], FINDINGS[1]
    (run,) = json.loads(render("sarif", Report((new,), (), FILES, known=(known,))))["runs"]
    states = {r["message"]["text"]: r["baselineState"] for r in run["results"]}
    assert states == {new.message: "new", known.message: "unchanged"}
    (plain,) = json.loads(render("sarif", Report((new,), (), FILES)))["runs"]
    assert "baselineState" not in plain["results"][0]


def test_sarif_paths_absolute_inside_and_outside_the_root(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    inside = Finding("CF101", "x", Severity.ERROR, "m", Span(str(root / "a b/t.yaml"), 1))
    outside = Finding("CF101", "x", Severity.ERROR, "m", Span(str(tmp_path / "other.yaml"), 1))
    parent = Finding("CF101", "x", Severity.ERROR, "m", Span("../up.yaml", 1))
    log = sarif_log(Report((inside, outside, parent), (), ()), RULES, "1", root)
    locations = [
        r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]
    ]
    assert locations[0] == {"uri": "a%20b/t.yaml", "uriBaseId": "%SRCROOT%"}
    assert locations[1] == {"uri": (tmp_path / "other.yaml").as_uri()}
    assert locations[2] == {"uri": (tmp_path / "up.yaml").as_uri()}
    validate_sarif(log)


def test_fingerprints_ignore_line_numbers_but_not_substance() -> None:
    base = FINDINGS[2]
    moved = Finding(
        base.rule_id,
        base.rule_name,
        base.severity,
        base.message.replace("line 12", "line 20"),
        Span(base.span.path, 20, 9),
    )
    assert fingerprint(moved) == fingerprint(base)
    other_origin = Finding(
        base.rule_id, base.rule_name, base.severity, base.message, base.span, origin="b"
    )
    assert fingerprint(other_origin) != fingerprint(base)
    other_port = Finding(
        base.rule_id, base.rule_name, base.severity, base.message.replace("4s", "5s"), base.span
    )
    assert fingerprint(other_port) != fingerprint(base)
    assert fingerprints([base, moved, other_origin]) == [
        f"{fingerprint(base)}:1",
        f"{fingerprint(base)}:2",
        f"{fingerprint(other_origin)}:1",
    ]


def test_fingerprints_agree_for_absolute_and_relative_paths(tmp_path: Path) -> None:
    relative = FINDINGS[0]
    absolute = Finding(
        relative.rule_id,
        relative.rule_name,
        relative.severity,
        relative.message,
        Span(str(tmp_path / relative.span.path), 3),
        resource=relative.resource,
        origin=relative.origin,
    )
    assert fingerprint(absolute, tmp_path) == fingerprint(relative, tmp_path)
    assert fingerprint(absolute) != fingerprint(relative)


def test_sarif_fingerprints_survive_inserted_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    source = (EXAMPLES / "static-site.yaml").read_text(encoding="utf-8")
    Path("t.yaml").write_text(source, encoding="utf-8")
    before = json.loads(cli("--format", "sarif", "t.yaml").out)
    Path("t.yaml").write_text("# a comment\n\n# and another\n" + source, encoding="utf-8")
    after = json.loads(cli("--format", "sarif", "t.yaml").out)

    def prints(document: dict[str, Any]) -> list[tuple[str, str, int]]:
        return [
            (
                r["ruleId"],
                r["partialFingerprints"]["cf502lint/v1"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
            )
            for r in document["runs"][0]["results"]
        ]

    old, new = prints(before), prints(after)
    assert len(old) == 3
    assert [(rule_id, fp) for rule_id, fp, _ in old] == [(rule_id, fp) for rule_id, fp, _ in new]
    assert [line + 3 for *_, line in old] == [line for *_, line in new]
    assert len({fp for _, fp, _ in old}) == 3


def test_sarif_from_the_cli_with_the_installed_rules_is_valid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("site.yaml").write_text((EXAMPLES / "static-site.yaml").read_text(), encoding="utf-8")
    Path("broken.yaml").write_text("AWSTemplateFormatVersion: '2010-09-09'\nResources: [\n")
    run = cli("--format", "sarif", ".")
    assert run.code == 2
    document = json.loads(run.out)
    validate_sarif(document)
    driver = document["runs"][0]["tool"]["driver"]
    assert len(driver["rules"]) == len(installed_rules())
    for descriptor in driver["rules"]:
        assert descriptor["helpUri"].startswith("https://"), descriptor["id"]
        assert descriptor["help"]["markdown"]
    notifications = document["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    uris = [n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in notifications]
    assert uris == ["broken.yaml"]
    assert {r["ruleId"] for r in document["runs"][0]["results"]} == {"CF101", "CF103", "CF207"}


def test_help_uri_is_the_first_reference() -> None:
    assert help_uri(_cf207) == (
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/"
        "application-load-balancers.html#connection-idle-timeout"
    )
    assert help_uri(_cf301) is None


# -- JUnit ----------------------------------------------------------------------------------


def test_junit_reads_back_with_junitparser(tmp_path: Path, in_root: Path) -> None:
    from junitparser import Error, Failure, JUnitXml

    path = tmp_path / "report.xml"
    path.write_text(render("junit"), encoding="utf-8")
    xml = JUnitXml.fromfile(str(path))
    (suite,) = list(xml)
    cases = {case.name: case for case in suite}
    assert list(cases) == list(FILES)
    assert (suite.tests, suite.failures, suite.errors) == (5, 4, 1)
    assert cases["templates/clean.yaml"].is_passed
    site = [r for r in cases["templates/site.yaml"].result if isinstance(r, Failure)]
    assert [r.type for r in site] == [
        "CF101 https-to-s3-website-origin",
        "CF999 rule-from-elsewhere",
    ]
    assert site[0].message.startswith("CF101 origin 'site' connects with HTTPS")
    assert site[0].text.startswith("templates/site.yaml:30:15: CF101 [error]")
    api = cases["templates/api.json"].result
    assert len(api) == 1 and '<&> "quoted"' in api[0].message
    broken = cases["templates/broken.yaml"].result
    assert len(broken) == 1 and isinstance(broken[0], Error)
    assert broken[0].message == "invalid YAML: mapping values are not allowed"


def test_junit_lists_files_only_known_from_findings_and_escapes_control_characters(
    tmp_path: Path,
) -> None:
    from junitparser import JUnitXml

    finding = Finding("CF101", "x", Severity.ERROR, "bell\x07 here", Span("late.yaml", 1))
    path = tmp_path / "r.xml"
    path.write_text(render("junit", Report((finding,), (), ())), encoding="utf-8")
    (suite,) = list(JUnitXml.fromfile(str(path)))
    (case,) = list(suite)
    assert case.name == "late.yaml"
    assert case.result[0].message == "CF101 bell\\x07 here"


def test_junit_from_the_cli_has_one_case_per_file(tmp_path: Path) -> None:
    from junitparser import JUnitXml

    out = tmp_path / "junit.xml"
    run = cli("--format", "junit", "--output", str(out), str(EXAMPLES))
    assert run.code == 1
    (suite,) = list(JUnitXml.fromfile(str(out)))
    cases = {Path(c.name).name: c for c in suite}
    assert set(cases) == {"static-site.yaml", "static-site-fixed.yaml", "main.tf"}
    assert cases["static-site-fixed.yaml"].is_passed
    assert len(cases["static-site.yaml"].result) == 3
    assert len(cases["main.tf"].result) == 2


# -- GitHub annotations ---------------------------------------------------------------------


def test_github_escaping() -> None:
    assert escape_data("100%\r\nnext: a, b") == "100%25%0D%0Anext: a, b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_annotations(in_root: Path) -> None:
    lines = render("github").splitlines()
    assert lines[0] == (
        "::error file=templates/site.yaml,line=30,col=15,endLine=30,endColumn=35,"
        "title=CF101 https-to-s3-website-origin::origin 'site' connects with HTTPS "
        "(https-only) to an S3 website endpoint, which only speaks HTTP; use http-only"
    )
    assert lines[1].startswith(
        "::warning file=templates/odd%2C name%3Av2.yaml,line=7,col=3,"
        "title=CF207 keepalive-outlasts-origin-idle-timeout::100%25 of idle connections: "
    )
    assert lines[1].endswith("30s,%0Aso lower it")
    # Columns only for single-line annotations.
    assert lines[2].startswith("::notice file=templates/api.json,line=12,endLine=14,title=")
    assert lines[-1] == (
        "::error file=templates/broken.yaml,line=3,title=cf502lint%3A file not linted::"
        "invalid YAML: mapping values are not allowed"
    )
    assert len(lines) == len(FINDINGS) + len(ERRORS)


def test_github_paths_are_relative_to_the_workspace(in_root: Path) -> None:
    finding = Finding("CF101", "x", Severity.ERROR, "m", Span(str(in_root / "dir/t.yaml"), 2, 1))
    assert render("github", Report((finding,), (), ())).startswith("::error file=dir/t.yaml,")


# -- GitLab Code Quality --------------------------------------------------------------------


def test_gitlab_code_quality(in_root: Path) -> None:
    issues = json.loads(render("gitlab"))
    assert isinstance(issues, list) and len(issues) == len(FINDINGS) + len(ERRORS)
    for issue in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert isinstance(issue["location"]["lines"]["begin"], int)
    assert [i["severity"] for i in issues] == ["major", "minor", "info", "minor", "critical"]
    assert [i["check_name"] for i in issues[:2]] == ["CF101", "CF207"]
    assert issues[0]["location"] == {
        "path": "templates/site.yaml",
        "lines": {"begin": 30, "end": 30},
    }
    assert issues[1]["location"] == {"path": "templates/odd, name:v2.yaml", "lines": {"begin": 7}}
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert issues[-1]["location"] == {"path": "templates/broken.yaml", "lines": {"begin": 3}}


def test_gitlab_fingerprint_is_stable_when_lines_move(in_root: Path) -> None:
    moved = Finding(
        FINDINGS[0].rule_id,
        FINDINGS[0].rule_name,
        FINDINGS[0].severity,
        FINDINGS[0].message,
        Span("templates/site.yaml", 90, 1),
        resource=FINDINGS[0].resource,
        origin=FINDINGS[0].origin,
    )
    before = json.loads(render("gitlab", Report(FINDINGS[:1], (), ())))
    after = json.loads(render("gitlab", Report((moved,), (), ())))
    assert before[0]["fingerprint"] == after[0]["fingerprint"]
    assert before[0]["location"] != after[0]["location"]


# -- GNU ------------------------------------------------------------------------------------

GNU_LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|info): .* \[CF\d{3}\]$"
)


def test_gnu_lines_are_single_line_and_parseable(in_root: Path) -> None:
    lines = render("gnu").splitlines()
    assert len(lines) == len(FINDINGS) + len(ERRORS)
    for line, finding in zip(lines, FINDINGS, strict=False):
        match = GNU_LINE.match(line)
        assert match, line
        assert (match["path"], int(match["line"]), int(match["col"]), match["sev"]) == (
            finding.span.path,
            finding.span.line,
            finding.span.column,
            str(finding.severity),
        )
    assert lines[1].endswith("idle timeout 30s, so lower it [CF207]")
    assert (
        lines[-1] == "templates/broken.yaml:3: error: invalid YAML: mapping values are not allowed"
    )


# -- --output -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["sarif", "junit", "github", "gitlab", "gnu", "json"])
def test_output_writes_the_report_and_prints_text(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"report.{fmt}"
    bad = str(EXAMPLES / "static-site.yaml")
    run = cli("--format", fmt, "--output", str(out), bad)
    assert run.code == 1
    assert run.out == cli(bad).out
    assert run.out.endswith("Found 3 findings (2 error, 1 warning).\n")
    assert out.read_text(encoding="utf-8") == cli("--format", fmt, bad).out


def test_output_that_cannot_be_written_is_a_one_line_error(tmp_path: Path) -> None:
    target = tmp_path / "missing-dir" / "report.sarif"
    run = cli("--format", "sarif", "--output", str(target), str(EXAMPLES / "static-site.yaml"))
    assert run.code == 2
    assert run.err.count("\n") == 1
    assert run.err.startswith(f"cf502lint: error: cannot write --output '{target}': ")
    assert not target.exists()


def test_unknown_format_names_the_choices() -> None:
    run = cli("--format", "xml", str(EXAMPLES))
    assert run.code == 2
    assert "sarif" in run.err and "junit" in run.err and "gitlab" in run.err
