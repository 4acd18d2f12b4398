"""Issue 15: a hostile pull request cannot leak a secret, hang the run or switch it off.

Each case builds its hostile tree at test time and runs the CLI in a fresh interpreter
with a memory limit, as CI would run it on a stranger's pull request: no traceback, the
bad file named in one line, exit 2 where a file is refused, the companion template still
linted, bounded time and memory, and no byte of out-of-tree content in any format.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from cf502lint.reporters import reporters
from cf502lint.source.quote import MAX_TOKEN

from .helpers import FIXTURES
from .test_bad_input import BAD_INPUT, COMPANION, Result, lint, lint_subprocess, workdir

__all__ = ["workdir"]  # the fixture, imported to be used here

SECRET = "AKIAHOSTILE0SECRET0KEY"
FORMATS = sorted(reporters())
SECONDS = 20.0
PEAK_MB = 400.0
"""Peak memory a bounded case may use: a fraction of the subprocess's limit."""


@pytest.fixture
def secret(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A credentials file outside the linted tree."""
    home = tmp_path_factory.mktemp("home")
    path = home / "credentials"
    path.write_text(f"[default]\naws_access_key_id = {SECRET}\naws_secret = {SECRET}\n")
    return path


def _everywhere(result: Result) -> str:
    return result.out + result.err


# --- 1. secrets behind links ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["creds.tf", "creds.yaml", "creds.json", "creds.tf.json"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_link_out_of_the_tree_is_named_never_read(
    workdir: Path, secret: Path, name: str, fmt: str
) -> None:
    (workdir / name).symlink_to(secret)
    result = lint_subprocess("--format", fmt, ".", cwd=workdir)
    assert SECRET not in _everywhere(result)
    assert result.code == 2
    assert f"{name}: error: not read: it resolves outside the linted directories" in result.err
    if fmt == "text":
        assert result.companion_linted()


@pytest.mark.parametrize("name", ["creds.tf", "creds.yaml"])
def test_a_link_named_on_the_command_line_is_refused_too(
    workdir: Path, secret: Path, name: str
) -> None:
    """pre-commit names each changed file, links included."""
    (workdir / name).symlink_to(secret)
    result = lint_subprocess(name, COMPANION, cwd=workdir)
    assert SECRET not in _everywhere(result)
    assert result.code == 2
    assert result.companion_linted()


def test_a_link_inside_the_repository_is_followed(workdir: Path) -> None:
    """Only links that leave the linted tree are refused: one to a sibling directory of
    the same Git work tree is read, even when only a subdirectory is linted."""
    (workdir / ".git").mkdir()
    (workdir / "shared").mkdir()
    shutil.copy(BAD_INPUT / "site.yaml", workdir / "shared" / "site.yaml")
    (workdir / "envs").mkdir()
    (workdir / "envs" / "site.yaml").symlink_to(workdir / "shared" / "site.yaml")
    result = lint_subprocess("envs", cwd=workdir)
    assert result.code == 1, result.err
    assert result.out.startswith("envs/site.yaml:12:34: CF101 [error]")


def test_a_parse_error_quotes_a_short_token_only(workdir: Path) -> None:
    line = f"[default] aws_access_key_id = {SECRET} aws_secret = {SECRET}\n"
    (workdir / "bad.tf").write_text(f'resource "aws_cloudfront_distribution" "site" {{}}\n{line}')
    result = lint("bad.tf", COMPANION)
    assert SECRET not in _everywhere(result)
    (error,) = result.errors
    quoted = re.search(r"unexpected ('.*')(…?)$", error)
    assert quoted, error
    assert len(eval(quoted.group(1))) <= MAX_TOKEN  # a repr: the token, escaped


# --- 2. walking out of the tree ------------------------------------------------------------


def test_a_directory_link_to_the_root_is_not_walked(workdir: Path) -> None:
    (workdir / "bad" / "everything").symlink_to("/")
    result = lint_subprocess(".", cwd=workdir, timeout=SECONDS)
    assert result.code == 1
    assert result.companion_linted()
    assert result.errors == [
        "bad/everything: note: not followed: a symbolic link to a directory outside the "
        "linted directories"
    ]
    assert result.seconds < SECONDS and result.peak_mb < PEAK_MB


def test_a_directory_link_within_the_tree_is_walked_once(workdir: Path) -> None:
    (workdir / "bad" / "again").symlink_to(workdir)
    result = lint_subprocess(".", cwd=workdir)
    assert result.code == 1, result.err
    assert result.findings(COMPANION) and len(result.out.splitlines()) == 2  # finding, summary


# --- 6. memory follows the largest file, not the tree --------------------------------------


def test_memory_is_bounded_by_the_largest_file_not_the_tree(workdir: Path) -> None:
    """Sixty 5 MB files (300 MB) that are not ours: every one is read, none is kept beyond
    the 64 MB the run may hold between its passes."""
    size = 5 * 1024 * 1024
    for index in range(60):
        (workdir / "bad" / f"big{index}.yaml").write_bytes(b"@" + b"x" * size)
    result = lint_subprocess(".", cwd=workdir, timeout=60)
    assert result.code == 1 and result.companion_linted(), result.err
    assert result.peak_mb < 200, result.peak_mb


# --- 8. configuration and baselines are input ----------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "error"),
    [
        (
            "pyproject.toml",
            "[tool.cf502lint]\nselect = " + "[" * 100_000 + "]" * 100_000 + "\n",
            "pyproject.toml: invalid TOML: nested too deeply",
        ),
        (
            ".cf502lint.toml",
            "exclude = [" + ",".join(['"x"'] * 60_000) + "]\n" + "#" * (1024 * 1024),
            ".cf502lint.toml: cannot read: file is too large",
        ),
        (".cf502lint.toml", 'baseline = "/dev/zero"\n', "cannot read baseline /dev/zero: not a"),
        (".cf502lint.toml", "max-file-size = 1e12\n", ".cf502lint.toml: max-file-size: expected"),
    ],
    ids=["nested-arrays", "huge-file", "baseline-device", "max-file-size"],
)
def test_hostile_configuration_is_one_line(workdir: Path, name: str, text: str, error: str) -> None:
    (workdir / name).write_text(text)
    result = lint_subprocess(COMPANION, cwd=workdir, timeout=SECONDS)
    assert result.code == 2
    (line,) = result.errors
    assert line.startswith(f"cf502lint: error: {error}"), line
    assert result.seconds < SECONDS and result.peak_mb < PEAK_MB


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("[" * 100_000, "is nested too deeply to be a baseline"),
        ("{" * 10 + "]", "is not valid JSON: "),
    ],
)
def test_hostile_baseline_is_one_line(workdir: Path, text: str, error: str) -> None:
    (workdir / "baseline.json").write_text(text)
    result = lint_subprocess("--baseline", "baseline.json", COMPANION, cwd=workdir)
    assert result.code == 2
    (line,) = result.errors
    assert line.startswith(f"cf502lint: error: baseline baseline.json {error}"), line


def test_a_backtracking_exclude_glob_is_fast(workdir: Path) -> None:
    glob = "*a" * 30 + "b"
    (workdir / ".cf502lint.toml").write_text(f'exclude = ["{glob}"]\n')
    (workdir / ("a" * 200 + ".yaml")).write_text("not: ours\n")
    result = lint_subprocess(".", cwd=workdir, timeout=SECONDS)
    assert result.code == 1 and result.companion_linted()
    assert result.seconds < SECONDS


# --- 9. writing through links --------------------------------------------------------------


def test_output_replaces_a_committed_link_instead_of_writing_through_it(
    workdir: Path, secret: Path
) -> None:
    before = secret.read_text()
    (workdir / "cf502lint.sarif").symlink_to(secret)
    result = lint("--format", "sarif", "--output", "cf502lint.sarif", COMPANION)
    assert result.code == 1
    assert secret.read_text() == before
    report = workdir / "cf502lint.sarif"
    assert not report.is_symlink()
    assert json.loads(report.read_text())["version"] == "2.1.0"


def test_write_baseline_replaces_a_link_and_round_trips_lone_surrogates(
    workdir: Path, secret: Path
) -> None:
    site = (BAD_INPUT / "site.json").read_text().replace('"site"', '"s\\udce9te"')
    (workdir / "odd.json").write_text(site)
    before = secret.read_text()
    (workdir / "baseline.json").symlink_to(secret)
    written = lint("--write-baseline", "baseline.json", "odd.json")
    assert (written.code, secret.read_text()) == (0, before), written.err
    assert not (workdir / "baseline.json").is_symlink()
    again = lint("--baseline", "baseline.json", "odd.json")
    assert again.code == 0, again.out + again.err
    assert "1 known finding hidden" in again.err


# --- 10. output injection ------------------------------------------------------------------

PLANTED = "x\n::error::planted\n##[add-mask]x\x1b[31m.yaml"


@pytest.mark.parametrize("fmt", FORMATS)
def test_file_names_cannot_plant_workflow_commands(workdir: Path, fmt: str) -> None:
    shutil.copy(BAD_INPUT / "site.yaml", workdir / PLANTED)
    (workdir / f"broken{PLANTED}").write_text("AWSTemplateFormatVersion: [\n")
    result = lint_subprocess("--format", fmt, ".", cwd=workdir)
    assert result.code == 2
    for line in _everywhere(result).splitlines():
        assert not line.lstrip().startswith("::error::planted"), line
        assert "##[" not in line and "\x1b" not in line, line
    if fmt == "github":
        for line in result.out.splitlines():
            assert line.startswith(("::error file=", "::warning file=", "::notice file=")), line


def test_escaped_names_stay_readable(workdir: Path) -> None:
    shutil.copy(BAD_INPUT / "site.yaml", workdir / PLANTED)
    result = lint(PLANTED)
    assert result.out.startswith("x\\n::error::planted\\n#\\x23[add-mask]x\\x1b[31m.yaml:12:34")
    (workdir / "::warning::y.yaml").write_text("AWSTemplateFormatVersion: [\n")
    broken = lint("::warning::y.yaml")
    assert broken.err.startswith("\\x3a:warning::y.yaml:2: error: invalid YAML")


# --- the docs ------------------------------------------------------------------------------


def test_the_threat_model_names_a_test_for_each_promise() -> None:
    text = (FIXTURES.parent / "docs" / "threat-model.md").read_text()
    named = set(re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", text))
    assert len(named) >= 10
    for path, test in named:
        module = (FIXTURES.parent / path).read_text()
        assert f"def {test}(" in module, f"{path}::{test}"


# --- 13. the pull request's configuration cannot switch the linter off --------------------


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


@pytest.fixture
def pull_request(workdir: Path) -> tuple[Path, str]:
    """A repository whose base commit has an honest configuration, and a head commit that
    ignores every rule; returns the base sha."""
    (workdir / ".cf502lint.toml").write_text('fail-on = "error"\n')
    _git(workdir, "init", "-q")
    _git(workdir, "add", ".")
    _git(workdir, "commit", "-qm", "base")
    base = _git(workdir, "rev-parse", "HEAD")
    assert lint(".").code == 1
    (workdir / ".cf502lint.toml").write_text('ignore = ["CF"]\n')
    _git(workdir, "commit", "-qam", "switch it off")
    return workdir, base


def test_a_pull_request_configuration_can_exclude_everything(
    pull_request: tuple[Path, str],
) -> None:
    """Why the base branch's configuration matters."""
    assert lint(".").code == 0


def test_config_ref_reads_the_base_configuration(pull_request: tuple[Path, str]) -> None:
    _repo, base = pull_request
    result = lint("--config-ref", base, "--format", "json", ".")
    assert result.code == 1
    assert result.err == f"cf502lint: configuration: {base}:.cf502lint.toml\n"
    document = json.loads(result.out)
    assert document["configuration"] == f"{base}:.cf502lint.toml"
    assert [f["rule"] for f in document["findings"]] == ["CF101"]


def test_config_ref_reads_the_baseline_the_base_configuration_names(
    pull_request: tuple[Path, str],
) -> None:
    repo, _ = pull_request
    (repo / ".cf502lint.toml").write_text('baseline = "known.json"\n')
    assert lint("--write-baseline", "known.json", ".").code == 0
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "baseline in the base")
    base = _git(repo, "rev-parse", "HEAD")
    shutil.copy(BAD_INPUT / "site.yaml", repo / "new.yaml")
    assert lint("--write-baseline", "known.json", ".").code == 0  # the head hides new.yaml too
    assert lint(".").code == 0
    result = lint("--config-ref", base, ".")
    assert result.code == 1
    assert result.out.startswith("new.yaml:12:34: CF101")
    assert "1 known finding hidden" in result.err


def test_config_ref_without_a_configuration_uses_the_defaults(workdir: Path) -> None:
    _git(workdir, "init", "-q")
    _git(workdir, "add", ".")
    _git(workdir, "commit", "-qm", "base")
    base = _git(workdir, "rev-parse", "HEAD")
    (workdir / ".cf502lint.toml").write_text('ignore = ["CF1"]\n')
    result = lint("--config-ref", base, ".")
    assert result.code == 1 and result.companion_linted()
    assert result.err == f"cf502lint: configuration: no configuration file at {base}\n"


@pytest.mark.parametrize("ref", ["no-such-ref", "--output=x"])
def test_config_ref_that_names_no_commit_is_a_usage_error(workdir: Path, ref: str) -> None:
    _git(workdir, "init", "-q")
    _git(workdir, "add", ".")
    _git(workdir, "commit", "-qm", "base")
    result = lint(f"--config-ref={ref}", ".")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"cf502lint: error: --config-ref {ref}")
