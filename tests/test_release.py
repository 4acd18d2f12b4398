"""The release a user installs: ``python -m build`` makes an sdist and a wheel that install
into a fresh virtual environment and lint the bundled examples there.

Building and installing take pip some seconds; ``-m "not slow"`` skips these tests.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

from .helpers import FIXTURES, ROOT
from .test_precommit import copy_checkout

EXAMPLES = FIXTURES / "examples"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and the wheel, built from a copy of the checkout as it is now."""
    source = tmp_path_factory.mktemp("source")
    copy_checkout(source)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(source)],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return out


def _venv(path: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True, timeout=120)
    return path / "bin"


@pytest.mark.slow
def test_build_makes_an_sdist_and_a_wheel_of_this_version(dist: Path) -> None:
    names = sorted(p.name for p in dist.iterdir())
    assert names == [f"cf502lint-{VERSION}-py3-none-any.whl", f"cf502lint-{VERSION}.tar.gz"]
    with zipfile.ZipFile(dist / names[0]) as wheel:
        files = wheel.namelist()
    assert "cf502lint_rules/https_to_s3_website_origin.py" in files
    assert "cf502lint/py.typed" in files
    with tarfile.open(dist / names[1]) as sdist:
        members = sdist.getnames()
    for needed in ("README.md", "CHANGELOG.md", "rules/__init__.py", "pyproject.toml"):
        assert f"cf502lint-{VERSION}/{needed}" in members


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["whl", "tar.gz"])
def test_the_package_installs_and_lints_in_a_fresh_environment(
    dist: Path, tmp_path: Path, kind: str
) -> None:
    (package,) = dist.glob(f"*.{kind}")
    bin_ = _venv(tmp_path / "venv")
    subprocess.run(
        [str(bin_ / "python"), "-m", "pip", "install", "--quiet", str(package)],
        capture_output=True,
        check=True,
        timeout=600,
    )
    version = subprocess.run(
        [str(bin_ / "cf502lint"), "--version"], capture_output=True, text=True, check=True
    )
    assert version.stdout == f"cf502lint {VERSION}\n"
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    done = subprocess.run(
        [str(bin_ / "cf502lint"), "examples"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines()[-1] == "Found 5 findings (4 error, 1 warning)."
    assert (
        "cfnlint"
        not in subprocess.run(
            [str(bin_ / "python"), "-m", "pip", "list"], capture_output=True, text=True, check=True
        ).stdout
    )  # cfn-lint is the extra cf502lint[cfn-lint], not a dependency


def test_the_changelog_describes_this_version() -> None:
    text = (ROOT / "CHANGELOG.md").read_text()
    headings = re.findall(r"^## \[?([0-9][^\]\s]*)\]?", text, re.M)
    assert headings and headings[0] == VERSION
