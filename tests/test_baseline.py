"""Baselines: record today's findings, report only new ones, robust to moved lines."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from cf502lint.baseline import fingerprint
from cf502lint.model import Finding, Severity, Span

from .docs import CONFIGURATION, blocks, section
from .helpers import FIXTURES, cli

SITE = (FIXTURES / "config" / "site.yaml").read_text()
SPACER = "\n".join(f"# padding line {i}" for i in range(10)) + "\n"


def setup(root: Path, text: str = SITE, name: str = "site.yaml") -> Path:
    (root / name).write_text(text)
    return root / name


def test_write_baseline_records_findings_and_exits_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup(tmp_path)
    monkeypatch.chdir(tmp_path)
    run = cli("--isolated", "--write-baseline", "baseline.json", ".")
    assert (run.code, run.out, run.err) == (
        0,
        "",
        "cf502lint: recorded 2 findings in baseline.json\n",
    )
    document = json.loads((tmp_path / "baseline.json").read_text())
    assert document["tool"] == "cf502lint" and document["version"] == 1
    assert [
        {k: v for k, v in entry.items() if k != "fingerprint"} for entry in document["findings"]
    ] == [
        {
            "rule": "CF101",
            "path": "site.yaml",
            "resource": "Site",
            "origin": "website",
            "message": "origin 'website' connects with HTTPS (https-only) to an S3 website "
            "endpoint, which only speaks HTTP; use http-only",
            "count": 1,
        },
        {
            "rule": "CF206",
            "path": "site.yaml",
            "resource": "Site",
            "origin": "app",
            "message": "origin 'app' has a response timeout of 2s (below 5s); slow responses "
            "become errors",
            "count": 1,
        },
    ]
    assert all(re.fullmatch(r"[0-9a-f]{32}", e["fingerprint"]) for e in document["findings"])


def test_known_findings_are_hidden_and_moving_code_keeps_them_known(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert cli("--isolated", "--write-baseline", "baseline.json", ".").code == 0
    run = cli("--isolated", "--baseline", "baseline.json", ".")
    assert (run.code, run.out, run.err) == (
        0,
        "All checks passed (2 files).\n",  # the baseline is JSON, read and skipped
        "cf502lint: baseline baseline.json: 2 known findings hidden\n",
    )
    # The resource moves down ten lines: nothing is new.
    setup(tmp_path, SITE.replace("Resources:\n", "Resources:\n" + SPACER, 1))
    run = cli("--isolated", "--baseline", "baseline.json", "site.yaml")
    assert (run.code, run.out) == (0, "All checks passed (1 file).\n")


def test_sarif_keeps_known_findings_as_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert cli("--isolated", "--write-baseline", "baseline.json", ".").code == 0
    setup(tmp_path, SITE.replace("OriginReadTimeout: 2", "OriginReadTimeout: 0"), "new.yaml")
    run = cli("--isolated", "--baseline", "baseline.json", "--format", "sarif", ".")
    assert run.code == 1
    (sarif_run,) = json.loads(run.out)["runs"]
    states = [(r["ruleId"], r["baselineState"]) for r in sarif_run["results"]]
    assert sorted(states) == [
        ("CF101", "new"),
        ("CF101", "unchanged"),
        ("CF204", "new"),
        ("CF206", "unchanged"),
    ]


def test_a_second_identical_finding_beyond_the_count_is_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup(tmp_path)
    monkeypatch.chdir(tmp_path)
    cli("--isolated", "--write-baseline", "baseline.json", ".")
    origin = (
        "          - Id: app\n"
        "            DomainName: origin.example.com\n"
        "            CustomOriginConfig: {OriginSSLProtocols: [TLSv1.2],\n"
        "              OriginProtocolPolicy: https-only,\n"
        "              OriginReadTimeout: 2}\n"
    )
    assert SITE.count(origin) == 1
    setup(tmp_path, SITE.replace(origin, origin + origin))
    run = cli("--isolated", "--baseline", "baseline.json", ".")
    assert run.code == 1
    assert run.out == (
        "site.yaml:18:15: CF206 [warning] origin 'app' has a response timeout of 2s (below 5s); "
        "slow responses become errors (low-origin-read-timeout)\n"
        "Found 1 finding (1 warning).\n"
    )
    assert run.err == "cf502lint: baseline baseline.json: 2 known findings hidden\n"


def test_new_findings_are_reported_and_fixed_ones_are_noted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup(tmp_path)
    monkeypatch.chdir(tmp_path)
    cli("--isolated", "--write-baseline", "baseline.json", ".")
    setup(tmp_path, SITE.replace("OriginReadTimeout: 2", "OriginReadTimeout: 30"))
    setup(tmp_path, SITE, "other.yaml")
    run = cli("--isolated", "--baseline", "baseline.json", ".")
    assert run.code == 1
    assert [line.split(": ", 1)[0] for line in run.out.splitlines()[:-1]] == [
        "other.yaml:13:15",
        "other.yaml:17:15",
    ]
    assert run.err == (
        "cf502lint: baseline baseline.json: 1 known finding hidden; 1 recorded finding no "
        "longer occurs (refresh it with --write-baseline)\n"
    )
    # Linting only another file says nothing about findings recorded elsewhere.
    run = cli("--isolated", "--baseline", "baseline.json", "other.yaml")
    assert run.err == ""


def test_paths_are_relative_to_the_baseline_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "repo" / "infra").mkdir(parents=True)
    setup(tmp_path / "repo" / "infra")
    monkeypatch.chdir(tmp_path / "repo")
    cli("--isolated", "--write-baseline", "baseline.json", "infra")
    monkeypatch.chdir(tmp_path / "repo" / "infra")
    run = cli("--isolated", "--baseline", "../baseline.json", "site.yaml")
    assert (run.code, run.out) == (0, "All checks passed (1 file).\n")


def test_line_numbers_in_messages_do_not_matter() -> None:
    base = "/repo"
    one = Finding(
        "CF206",
        "low-origin-read-timeout",
        Severity.WARNING,
        "the origin on line 12 has a response timeout of 2s",
        Span("/repo/site.yaml", 12, 5),
        "Site",
    )
    moved = Finding(
        "CF206",
        "low-origin-read-timeout",
        Severity.WARNING,
        "the origin on line 22 has a response timeout of 2s",
        Span("/repo/site.yaml", 22, 5),
        "Site",
    )
    other = Finding(
        "CF206",
        "low-origin-read-timeout",
        Severity.WARNING,
        "the origin on line 22 has a response timeout of 3s",
        Span("/repo/site.yaml", 22, 5),
        "Site",
    )
    assert fingerprint(one, base) == fingerprint(moved, base) != fingerprint(other, base)


def test_baseline_from_the_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "infra").mkdir()
    setup(tmp_path / "infra")
    (tmp_path / ".cf502lint.toml").write_text('baseline = "ci/cf502lint-baseline.json"\n')
    (tmp_path / "ci").mkdir()
    monkeypatch.chdir(tmp_path / "infra")
    run = cli("site.yaml")
    assert run.code == 2
    assert run.err == (
        f"cf502lint: error: baseline {tmp_path}/ci/cf502lint-baseline.json does not exist; "
        f"create it with --write-baseline {tmp_path}/ci/cf502lint-baseline.json\n"
    )
    assert cli("--write-baseline", "../ci/cf502lint-baseline.json", "site.yaml").code == 0
    assert cli("site.yaml").out == "All checks passed (1 file).\n"
    assert cli("--isolated", "site.yaml").code == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "is not valid JSON"),
        ("[]", "is not a cf502lint baseline"),
        ('{"tool": "cf502lint", "version": 9, "findings": []}', "has format version 9"),
        (
            '{"tool": "cf502lint", "version": 1, "findings": [{"fingerprint": "x", "count": 0}]}',
            "finding 0 needs a 'fingerprint' and a positive 'count'",
        ),
    ],
)
def test_unreadable_baselines_are_errors(tmp_path: Path, content: str, message: str) -> None:
    setup(tmp_path)
    (tmp_path / "baseline.json").write_text(content)
    run = cli("--isolated", "--baseline", str(tmp_path / "baseline.json"), str(tmp_path))
    assert (run.code, run.out) == (2, "")
    assert message in run.err


def test_write_baseline_with_an_unreadable_file_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup(tmp_path)
    setup(tmp_path, "AWSTemplateFormatVersion: '2010-09-09'\nResources: [\n", "broken.yaml")
    monkeypatch.chdir(tmp_path)
    run = cli("--isolated", "--write-baseline", "baseline.json", ".")
    assert run.code == 2
    assert run.err.startswith("cf502lint: recorded 2 findings in baseline.json\nbroken.yaml:")
    assert len(json.loads((tmp_path / "baseline.json").read_text())["findings"]) == 2


def test_readme_baseline_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (commands,) = blocks(section(CONFIGURATION, "Baseline"), "sh")
    write, check = (shlex.split(line) for line in commands.splitlines())
    assert write[0] == check[0] == "cf502lint"
    setup(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert cli(*write[1:]).code == 0
    assert cli(*check[1:]).code == 0
    # The app origin now speaks plain HTTP to port 443: one new finding, CF202.
    setup(
        tmp_path,
        SITE.replace(
            "OriginProtocolPolicy: https-only", "OriginProtocolPolicy: http-only", 1
        ).replace("OriginReadTimeout: 2}", "OriginReadTimeout: 2,\n              HTTPPort: 443}"),
    )
    run = cli(*check[1:])
    assert run.code == 1
    assert run.out == (
        "site.yaml:14:15: CF202 [error] origin 'app' connects with plain HTTP to port 443, "
        "where servers expect TLS (origin-port-protocol-mismatch)\n"
        "Found 1 finding (1 error).\n"
    )
