"""The integration snippets of the README and docs/integrations.md, each exercised:
pre-commit, CI formats, the GitHub Action.

Snippets are read from the documents themselves, so one that drifts from the code fails here:
YAML is validated by the tool that reads it (pre-commit's loader, the action's inputs), and
every ``cf502lint`` command shown is run against the bundled examples. The action's lint step
is run with bash exactly as GitHub runs it, with its inputs as environment variables.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

from cf502lint.reporters import reporters

from .docs import INTEGRATIONS, README, blocks, section
from .helpers import FIXTURES, ROOT, cli
from .test_precommit import copy_checkout
from .test_reporters import validate_sarif

ACTION = ROOT / "action.yml"
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
EXAMPLES = FIXTURES / "examples"
BASH = shutil.which("bash")
EXPRESSION = re.compile(r"^\$\{\{\s*([\w.-]+)\s*\}\}$")


def project_version() -> str:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    version: str = data["project"]["version"]
    return version


def action() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    return document


def workspace(tmp_path: Path, into: str = ".") -> Path:
    """A directory holding the bundled examples (one bad template, one good)."""
    target = tmp_path / into
    target.mkdir(parents=True, exist_ok=True)
    for example in EXAMPLES.glob("*.yaml"):
        shutil.copy(example, target / example.name)
    return tmp_path


# -- pre-commit ------------------------------------------------------------------------------


def pre_commit_snippet() -> dict[str, Any]:
    (snippet,) = blocks(section(README, "pre-commit"), "yaml")
    config: dict[str, Any] = yaml.safe_load(snippet)
    return config


def test_pre_commit_snippet_is_a_valid_config_naming_our_hook(tmp_path: Path) -> None:
    from pre_commit.clientlib import (  # type: ignore[import-untyped]
        load_config,
        load_manifest,
    )

    (snippet,) = blocks(section(README, "pre-commit"), "yaml")
    path = tmp_path / ".pre-commit-config.yaml"
    path.write_text(snippet, encoding="utf-8")
    config = load_config(str(path))
    (repo,) = config["repos"]
    assert repo["repo"].startswith("/")  # a clone of cf502lint, until it is published
    assert repo["rev"] == f"v{project_version()}"
    manifest_ids = {hook["id"] for hook in load_manifest(str(MANIFEST))}
    assert [hook["id"] for hook in repo["hooks"]] == ["cf502lint"]
    assert {hook["id"] for hook in repo["hooks"]} <= manifest_ids


def test_the_fix_hook_snippet_is_a_valid_config_naming_the_fix_hook(tmp_path: Path) -> None:
    from pre_commit.clientlib import load_config, load_manifest

    (snippet,) = blocks(section(INTEGRATIONS, "pre-commit"), "yaml")
    path = tmp_path / ".pre-commit-config.yaml"
    path.write_text(snippet, encoding="utf-8")
    (repo,) = load_config(str(path))["repos"]
    assert repo["rev"] == f"v{project_version()}"
    (hook,) = repo["hooks"]
    manifest = {each["id"]: each for each in load_manifest(str(MANIFEST))}
    assert manifest[hook["id"]]["entry"] == "cf502lint --fix"


def test_pre_commit_template_override_selects_template_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pre_commit.clientlib import load_manifest
    from pre_commit.commands.run import Classifier  # type: ignore[import-untyped]

    prose = section(INTEGRATIONS, "pre-commit")
    assert "`types_or: []`" in prose
    found = re.search(r"`files: (\S+)`", prose)
    assert found, "the *.template override names a files: pattern"
    hook, fixing = load_manifest(str(MANIFEST))
    assert fixing["types_or"] == hook["types_or"]  # the override applies to both hooks
    monkeypatch.chdir(tmp_path)
    names = ["a.template", "b.yaml", "c.yml", "d.json", "main.tf", "x.tfvars", "README.md", "s.py"]
    for name in names:
        Path(name).write_text("x\n")

    def selected(**override: Any) -> set[str]:
        merged = SimpleNamespace(**{**hook, **override})
        return set(Classifier(names).filenames_for_hook(merged))

    ours = {"b.yaml", "c.yml", "d.json", "main.tf", "x.tfvars"}
    assert selected() == ours
    assert selected(types_or=[], files=found.group(1)) == ours | {"a.template"}


# -- CI formats ------------------------------------------------------------------------------


def ci_commands() -> list[list[str]]:
    commands = []
    for block in blocks(section(INTEGRATIONS, "CI: SARIF, JUnit, annotations, GitLab"), "sh"):
        for line in block.splitlines():
            if line.strip():
                commands.append(shlex.split(line, comments=True))
    return commands


def check_report(fmt: str, path: Path) -> None:
    """The report file is what its consumer reads."""
    text = path.read_text(encoding="utf-8")
    if fmt == "sarif":
        validate_sarif(json.loads(text))
        assert json.loads(text)["runs"][0]["results"]
    elif fmt == "junit":
        from junitparser import JUnitXml

        (suite,) = list(JUnitXml.fromfile(str(path)))
        assert (suite.tests, suite.failures) == (2, 3)
    elif fmt == "gitlab":
        issues = json.loads(text)
        assert [i["check_name"] for i in issues] == ["CF101", "CF103", "CF207"]
        assert all(i["location"]["path"] == "static-site.yaml" for i in issues)
    else:
        pytest.fail(f"no check for a {fmt} report file")


def test_ci_commands_cover_every_ci_format() -> None:
    shown = {cmd[cmd.index("--format") + 1] for cmd in ci_commands()}
    assert shown == {"sarif", "junit", "github", "gitlab", "gnu"}
    assert shown <= set(reporters())


@pytest.mark.parametrize("command", ci_commands(), ids=lambda c: c[c.index("--format") + 1])
def test_ci_command_runs_as_shown(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert command[0] == "cf502lint"
    monkeypatch.chdir(workspace(tmp_path))
    run = cli(*command[1:])
    assert run.code == 1, run.err
    fmt = command[command.index("--format") + 1]
    if "--output" in command:
        assert run.out.endswith("Found 3 findings (2 error, 1 warning).\n")
        check_report(fmt, Path(command[command.index("--output") + 1]))
    elif fmt == "github":
        assert run.out.startswith("::error file=static-site.yaml,line=30,col=15,")
        assert len(run.out.splitlines()) == 3
    elif fmt == "gnu":
        assert run.out.startswith("static-site.yaml:30:15: error: ")
        assert run.out.splitlines()[-1].endswith("[CF207]")


def test_ci_bullets_name_real_formats() -> None:
    named = re.findall(
        r"^- `(\w+)`:", section(INTEGRATIONS, "CI: SARIF, JUnit, annotations, GitLab"), re.M
    )
    assert set(named) == {"sarif", "junit", "github", "gitlab", "gnu"}


def test_gitlab_job_writes_the_code_quality_report_it_declares(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (snippet,) = blocks(section(INTEGRATIONS, "CI: SARIF, JUnit, annotations, GitLab"), "yaml")
    job = yaml.safe_load(snippet)["cf502lint"]
    report = job["artifacts"]["reports"]["codequality"]
    assert job["artifacts"]["when"] == "always"
    install, fetch, *lint = job["script"]
    assert install == "pip install ./tools/cf502lint"  # the copy the action uses too
    assert fetch == 'git fetch --depth=1 origin "$CI_MERGE_REQUEST_DIFF_BASE_SHA"'
    repo = workspace(tmp_path)
    (repo / ".cf502lint.toml").write_text('fail-on = "error"\n')
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "base")
    monkeypatch.setenv("CI_MERGE_REQUEST_DIFF_BASE_SHA", _git(repo, "rev-parse", "HEAD"))
    (repo / ".cf502lint.toml").write_text('ignore = ["CF"]\n')  # the merge request's
    monkeypatch.chdir(repo)
    for line in lint:
        command = [os.path.expandvars(word) for word in shlex.split(line)]
        assert command[0] == "cf502lint"
        assert cli(*command[1:]).code == 1
    check_report("gitlab", Path(report))


# -- GitHub Action ---------------------------------------------------------------------------


def action_step(step_id: str) -> dict[str, Any]:
    steps: list[dict[str, Any]] = action()["runs"]["steps"]
    (step,) = [s for s in steps if s.get("id") == step_id]
    return step


def lint_env(
    inputs: dict[str, str],
    tmp_path: Path,
    cf502lint: str | None = None,
    github: dict[str, str] | None = None,
) -> dict[str, str]:
    """The lint step's environment as GitHub would set it from ``inputs`` (over defaults)
    and the ``github`` context (``event.pull_request.base.sha``: ``github.`` left out)."""
    declared = action()["inputs"]
    unknown = set(inputs) - set(declared)
    assert not unknown, f"not inputs of action.yml: {unknown}"
    values = {name: str(spec.get("default", "")) for name, spec in declared.items()}
    values.update(inputs)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INPUT_", "GITHUB_"))}
    executable = cf502lint or str(Path(sys.executable).with_name("cf502lint"))
    for name, expression in action_step("lint")["env"].items():
        found = EXPRESSION.match(expression)
        assert found, f"{name} should be a plain ${{{{ }}}} expression"
        source = found.group(1)
        if source.startswith("inputs."):
            env[name] = values[source.removeprefix("inputs.")]
        elif source == "steps.install.outputs.cf502lint":
            env[name] = executable
        elif source.startswith("github."):
            env[name] = (github or {}).get(source.removeprefix("github."), "")
        else:
            pytest.fail(f"the test does not know how to provide {source}")
    env["GITHUB_OUTPUT"] = str(tmp_path / "github_output")
    return env


def run_lint_step(
    inputs: dict[str, str],
    cwd: Path,
    tmp_path: Path,
    cf502lint: str | None = None,
    github: dict[str, str] | None = None,
) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    if BASH is None:
        pytest.skip("bash is not installed")
    script = tmp_path / "lint-step.sh"
    script.write_text(action_step("lint")["run"], encoding="utf-8")
    env = lint_env(inputs, tmp_path, cf502lint, github)
    # How GitHub runs `shell: bash` steps.
    run = subprocess.run(
        [BASH, "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output_file = Path(env["GITHUB_OUTPUT"])
    lines = output_file.read_text().splitlines() if output_file.exists() else []
    outputs = dict(line.split("=", 1) for line in lines)
    return run, outputs


def test_action_definition() -> None:
    definition = action()
    assert definition["name"] == "cf502lint"
    assert definition["runs"]["using"] == "composite"
    steps = definition["runs"]["steps"]
    assert steps[0]["uses"] == "actions/setup-python@v5"
    assert steps[0]["with"]["python-version"] == "${{ inputs.python-version }}"
    install = action_step("install")
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert '"$ACTION_PATH"' in install["run"]
    for step in steps:
        if "run" in step:
            assert step["shell"] == "bash"
            assert "${{" not in step["run"], "inputs reach scripts only through env"
    for name, output in definition["outputs"].items():
        assert output["value"].startswith("${{ steps.lint.outputs."), name
    assert set(definition["inputs"]) >= {"paths", "format", "fail-on", "args", "version"}


def test_action_defaults_annotate_and_write_sarif(tmp_path: Path) -> None:
    repo = workspace(tmp_path / "repo", "infrastructure")
    run, outputs = run_lint_step({}, repo, tmp_path)
    assert run.returncode == 1, run.stderr
    annotations = run.stdout.splitlines()
    assert annotations[0].startswith("::error file=infrastructure/static-site.yaml,line=30,col=15,")
    assert [a.split(" ")[0] for a in annotations] == ["::error", "::error", "::warning"]
    assert outputs == {"report": "cf502lint.sarif", "exit-code": "1"}
    document = json.loads((repo / "cf502lint.sarif").read_text())
    validate_sarif(document)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in document["runs"][0]["results"]
    }
    assert uris == {"infrastructure/static-site.yaml"}


def test_action_inputs_reach_cf502lint(tmp_path: Path) -> None:
    repo = workspace(tmp_path / "repo", "a b")
    (repo / "other").mkdir()
    inputs = {
        "paths": "'a b'/static-site.yaml\nother",
        "args": "--select CF207",
        "fail-on": "error",
        "format": "junit",
        "output": "reports/cf502lint.xml",
    }
    # Paths are split on white space, not shell-parsed: the quoted name is not a file.
    run, _ = run_lint_step(inputs, repo, tmp_path)
    assert run.returncode == 2
    inputs["paths"] = "other\n  infra.yaml"
    shutil.copy(EXAMPLES / "static-site.yaml", repo / "infra.yaml")
    run, outputs = run_lint_step(inputs, repo, tmp_path)
    # Only CF207 runs, a warning, and only errors fail.
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("::warning file=infra.yaml,line=35,col=15,")
    assert len(run.stdout.splitlines()) == 1
    assert outputs == {"report": "reports/cf502lint.xml", "exit-code": "0"}
    assert "<testsuites" in (repo / "reports/cf502lint.xml").read_text()


def test_action_without_annotations_prints_text(tmp_path: Path) -> None:
    repo = workspace(tmp_path / "repo")
    run, outputs = run_lint_step({"annotations": "false", "format": "gitlab"}, repo, tmp_path)
    assert run.returncode == 1
    assert run.stdout.endswith("Found 3 findings (2 error, 1 warning).\n")
    assert "::error" not in run.stdout
    assert outputs["report"] == "cf502lint.json"
    assert len(json.loads((repo / "cf502lint.json").read_text())) == 3
    run, outputs = run_lint_step({"annotations": "false", "format": "none"}, repo, tmp_path)
    assert run.returncode == 1
    assert run.stdout.startswith("static-site.yaml:30:15: CF101 [error]")
    assert outputs == {"report": "", "exit-code": "1"}


def test_action_annotations_follow_the_configured_severities(tmp_path: Path) -> None:
    repo = workspace(tmp_path / "repo")
    (repo / ".cf502lint.toml").write_text('[severity]\nCF101 = "warning"\n')
    run, _ = run_lint_step({"config": "head"}, repo, tmp_path)
    assert run.returncode == 1, run.stderr
    commands = [a.split(" ")[0] for a in run.stdout.splitlines()]
    assert commands == ["::warning", "::error", "::warning"]
    sarif = json.loads((repo / "cf502lint.sarif").read_text())
    levels = {r["ruleId"]: r["level"] for r in sarif["runs"][0]["results"]}
    assert levels["CF101"] == "warning"


def test_action_clean_run_passes(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(EXAMPLES / "static-site-fixed.yaml", repo / "site.yaml")
    run, outputs = run_lint_step({}, repo, tmp_path)
    assert (run.returncode, run.stdout) == (0, "")
    assert outputs == {"report": "cf502lint.sarif", "exit-code": "0"}
    document = json.loads((repo / "cf502lint.sarif").read_text())
    assert document["runs"][0]["results"] == []


def test_action_unreadable_file_fails_with_2(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "broken.yaml").write_text("AWSTemplateFormatVersion: '2010-09-09'\nResources: [\n")
    run, outputs = run_lint_step({}, repo, tmp_path)
    assert run.returncode == 2
    assert run.stdout.startswith("::error file=broken.yaml,")
    assert outputs["exit-code"] == "2"
    invocation = json.loads((repo / "cf502lint.sarif").read_text())["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


@pytest.mark.parametrize(
    ("config", "code", "said"),
    [
        ("base", 1, "cf502lint: configuration: {base}:.cf502lint.toml"),
        ("head", 0, None),
        ("none", 1, None),
    ],
)
def test_action_uses_the_base_branch_configuration_on_pull_requests(
    tmp_path: Path, config: str, code: int, said: str | None
) -> None:
    """A pull request that edits the configuration to exclude everything still fails; the
    base commit is fetched when the shallow checkout lacks it."""
    origin = workspace(tmp_path / "origin")
    (origin / ".cf502lint.toml").write_text('fail-on = "error"\n')
    _git(origin, "init", "-q")
    _git(origin, "add", ".")
    _git(origin, "commit", "-qm", "base")
    base = _git(origin, "rev-parse", "HEAD")
    (origin / ".cf502lint.toml").write_text('ignore = ["CF"]\n')
    _git(origin, "commit", "-qam", "pull request")
    repo = tmp_path / "checkout"
    subprocess.run(
        ["git", "clone", "-q", "--depth=1", origin.as_uri(), str(repo)],
        check=True,
        capture_output=True,
    )
    context = {"event.pull_request.base.sha": base}
    run, outputs = run_lint_step({"config": config}, repo, tmp_path, github=context)
    assert (run.returncode, outputs["exit-code"]) == (code, str(code)), run.stderr
    if said is not None:
        assert said.format(base=base) in run.stderr.splitlines()
    sarif = json.loads((repo / "cf502lint.sarif").read_text())
    (invocation,) = sarif["runs"][0]["invocations"]
    expected = f"{base}:.cf502lint.toml" if config == "base" else None
    if config == "head":
        expected = ".cf502lint.toml"
    assert invocation["properties"]["configuration"] == expected


def readme_workflow() -> dict[str, Any]:
    (snippet,) = blocks(section(README, "CI"), "yaml")
    workflow: dict[str, Any] = yaml.safe_load(snippet)
    return workflow


def test_readme_workflow_uses_the_action_as_defined() -> None:
    workflow = readme_workflow()
    assert workflow["permissions"]["security-events"] == "write"
    steps = workflow["jobs"]["cf502lint"]["steps"]
    (ours,) = [s for s in steps if s.get("id") == "cf502lint"]
    assert ours["uses"] == "./tools/cf502lint"  # a copy of this repository, used by path
    definition = action()
    assert set(ours["with"]) <= set(definition["inputs"])
    referenced = re.findall(rf"steps\.{ours['id']}\.outputs\.([\w-]+)", yaml.safe_dump(workflow))
    assert referenced and set(referenced) <= set(definition["outputs"])
    (upload,) = [s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/")]
    assert upload["uses"] == "github/codeql-action/upload-sarif@v3"
    assert upload["with"]["sarif_file"] == f"${{{{ steps.{ours['id']}.outputs.report }}}}"
    assert "!cancelled()" in upload["if"]


def test_readme_input_table_matches_the_action() -> None:
    rows = re.findall(r"^\| `([\w-]+)` \|([^|]*)\|", section(INTEGRATIONS, "GitHub Action"), re.M)
    declared = action()["inputs"]
    assert [name for name, _ in rows] == list(declared)
    for name, default in rows:
        if declared[name]["default"]:
            assert default.strip() == f"`{declared[name]['default']}`", name


def test_readme_workflow_runs_the_lint_step_as_documented(tmp_path: Path) -> None:
    steps = readme_workflow()["jobs"]["cf502lint"]["steps"]
    (ours,) = [s for s in steps if s.get("id") == "cf502lint"]
    repo = workspace(tmp_path / "repo", "infrastructure")
    run, outputs = run_lint_step({k: str(v) for k, v in ours["with"].items()}, repo, tmp_path)
    # fail-on: error, and the bad example has two errors.
    assert run.returncode == 1
    assert outputs["report"] == "cf502lint.sarif"
    validate_sarif(json.loads((repo / outputs["report"]).read_text()))


@pytest.mark.slow
def test_action_install_step_installs_from_the_action_path(tmp_path: Path) -> None:
    """The install step as GitHub runs it (Python from setup-python, a fresh venv)."""
    if BASH is None:
        pytest.skip("bash is not installed")
    checkout = tmp_path / "action"
    checkout.mkdir()
    copy_checkout(checkout)
    script = tmp_path / "install-step.sh"
    script.write_text(action_step("install")["run"], encoding="utf-8")
    (tmp_path / "runner-temp").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "VIRTUAL_ENV"))}
    env.update(
        PYTHON=sys.executable,
        CF502LINT_VERSION="",
        ACTION_PATH=str(checkout),
        RUNNER_TEMP=str(tmp_path / "runner-temp"),
        GITHUB_OUTPUT=str(tmp_path / "install_output"),
    )
    install = subprocess.run(
        [BASH, "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    key, _, executable = (tmp_path / "install_output").read_text().strip().partition("=")
    assert key == "cf502lint"
    assert Path(executable).is_file()
    assert str(tmp_path / "runner-temp") in executable
    repo = workspace(tmp_path / "repo")
    run, outputs = run_lint_step({}, repo, tmp_path, cf502lint=executable)
    assert run.returncode == 1, run.stderr
    assert run.stdout.startswith("::error file=static-site.yaml,line=30,col=15,")
    assert outputs == {"report": "cf502lint.sarif", "exit-code": "1"}
