"""The pre-commit hook, run by the real pre-commit against a scratch repository.

``pre-commit try-repo`` builds the hook's environment from a git repository as a user's
``repo:``/``rev:`` would. The project checkout may hold uncommitted work (and try-repo takes
only tracked files from it), so the test copies the working tree into a fresh repository,
commits it there, and points try-repo at that: the checkout itself is never touched.

Installing the hook's environment takes pip a few seconds per run; ``-m "not slow"`` skips
these tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .helpers import FIXTURES, ROOT, cli

MANIFEST = ROOT / ".pre-commit-hooks.yaml"
EXAMPLES = FIXTURES / "examples"
GIT = shutil.which("git")
IGNORED = shutil.ignore_patterns(
    ".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"
)


def git(*args: str, cwd: Path) -> str:
    assert GIT is not None
    done = subprocess.run(
        [GIT, "-c", "user.name=cf502lint tests", "-c", "user.email=tests@invalid", *args],
        cwd=cwd,
        env=clean_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without variables that would point git at another repository."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_TERMINAL_PROMPT="0", **extra)
    return env


def copy_checkout(destination: Path) -> None:
    """The project's files as they are now, tracked or not, ignored files left out."""
    if (ROOT / ".git").exists():
        listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT)
        for name in filter(None, listed.split("\0")):
            source = ROOT / name
            if source.is_file():
                target = destination / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
    else:
        shutil.copytree(ROOT, destination, ignore=IGNORED, dirs_exist_ok=True)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if GIT is None:
        pytest.skip("git is not installed")
    repo = tmp_path_factory.mktemp("cf502lint-hook-repo")
    copy_checkout(repo)
    assert (repo / ".pre-commit-hooks.yaml").is_file()
    git("init", "--quiet", cwd=repo)
    git("add", "--all", cwd=repo)
    git("commit", "--quiet", "--no-verify", "-m", "cf502lint under test", cwd=repo)
    return repo


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A user's repository: a bad and a good template, and files that are not ours."""
    if GIT is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "infra"
    (repo / "templates").mkdir(parents=True)
    shutil.copy(EXAMPLES / "static-site.yaml", repo / "templates/bad.yaml")
    shutil.copy(EXAMPLES / "static-site-fixed.yaml", repo / "templates/good.yaml")
    (repo / "compose.yaml").write_text("services:\n  web:\n    image: nginx\n")
    (repo / "package.json").write_text('{"name": "infra", "private": true}\n')
    (repo / "README.md").write_text("# infra\n")
    git("init", "--quiet", cwd=repo)
    git("add", "--all", cwd=repo)
    return repo


def try_repo(
    hook_repo: Path, scratch: Path, *args: str, hook: str = "cf502lint"
) -> subprocess.CompletedProcess[str]:
    env = clean_env(PRE_COMMIT_HOME=str(scratch.parent / "pre-commit-home"), NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), hook, *args],
        cwd=scratch,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


# -- the manifest, checked by pre-commit's own loader (fast) ---------------------------------


def test_manifest_is_valid_for_pre_commit() -> None:
    from pre_commit.clientlib import load_manifest  # type: ignore[import-untyped]

    hook, fixing = load_manifest(str(MANIFEST))
    assert (hook["id"], fixing["id"]) == ("cf502lint", "cf502lint-fix")
    assert (hook["entry"], fixing["entry"]) == ("cf502lint", "cf502lint --fix")
    for each in (hook, fixing):
        assert each["language"] == "python"
        assert each["pass_filenames"] is True
        assert each["require_serial"] is True
    assert fixing["types_or"] == hook["types_or"]


def test_manifest_file_types_are_identify_tags() -> None:
    from identify.identify import ALL_TAGS, tags_from_filename

    hook, _ = yaml.safe_load(MANIFEST.read_text())
    types = set(hook["types_or"])
    assert types == {"yaml", "json", "terraform"}
    assert types <= ALL_TAGS
    for name in ("t.yaml", "t.yml", "t.json", "t.tf.json", "main.tf", "prod.tfvars"):
        assert tags_from_filename(name) & types, name
    assert not tags_from_filename("README.md") & types


# -- the real thing (slow) -------------------------------------------------------------------


@pytest.mark.slow
def test_hook_fails_on_the_bad_template(hook_repo: Path, scratch: Path) -> None:
    run = try_repo(hook_repo, scratch, "--all-files")
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "cf502lint (CloudFront 502 checks)" in output
    assert "Failed" in output
    assert "templates/bad.yaml:30:15: CF101 [error]" in output
    assert "Found 3 findings (2 error, 1 warning)." in output
    assert "good.yaml" not in output


@pytest.mark.slow
def test_the_fix_hook_repairs_the_bad_template_and_fails(hook_repo: Path, scratch: Path) -> None:
    good = (scratch / "templates/good.yaml").read_bytes()
    run = try_repo(hook_repo, scratch, "--all-files", hook="cf502lint-fix")
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "cf502lint --fix (CloudFront 502 checks, fixed in place)" in output
    assert "files were modified by this hook" in output
    fixed = (scratch / "templates/bad.yaml").read_text()
    assert "OriginProtocolPolicy: http-only" in fixed
    by_hand = scratch.parent / "by-hand.yaml"  # what cf502lint --fix makes of it
    shutil.copy(EXAMPLES / "static-site.yaml", by_hand)
    cli("--isolated", "--fix", str(by_hand))
    assert fixed == by_hand.read_text()
    assert (scratch / "templates/good.yaml").read_bytes() == good
    assert "CF101" not in output  # fixed; what has no fix is still reported
    assert "CF103 [error]" in output
    again = try_repo(hook_repo, scratch, "--all-files", hook="cf502lint-fix")
    assert "files were modified by this hook" not in again.stdout + again.stderr


@pytest.mark.slow
def test_hook_passes_on_the_good_template(hook_repo: Path, scratch: Path) -> None:
    files = ["templates/good.yaml", "compose.yaml", "package.json", "README.md"]
    run = try_repo(hook_repo, scratch, "--files", *files)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "cf502lint (CloudFront 502 checks)" in output
    assert "Passed" in output


@pytest.mark.slow
def test_the_readme_snippet_runs_from_a_tagged_clone(hook_repo: Path, scratch: Path) -> None:
    """The README's `.pre-commit-config.yaml`, its path pointed at a clone of cf502lint that
    holds the release tag, as a user without a published package would run it."""
    from .docs import README, blocks, section

    (snippet,) = blocks(section(README, "pre-commit"), "yaml")
    config = yaml.safe_load(snippet)
    (repo,) = config["repos"]
    git("tag", "--force", repo["rev"], cwd=hook_repo)
    repo["repo"] = str(hook_repo)
    (scratch / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    git("add", ".pre-commit-config.yaml", cwd=scratch)
    env = clean_env(PRE_COMMIT_HOME=str(scratch.parent / "pre-commit-home"), NO_COLOR="1")
    run = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files"],
        cwd=scratch,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "templates/bad.yaml:30:15: CF101 [error]" in output
