"""Issue 6, item 4: the same input gives byte-identical output, sorted.

The CLI runs in subprocesses with different PYTHONHASHSEED values (set and dict order of
strings changes with it), over a tree with many findings and several kinds of file error,
with the paths given in different orders.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cf502lint.reporters import reporters

from .helpers import FIXTURES

SEEDS = ("0", "1", "4242")


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every fixture, plus files that are errors: findings and errors in many files."""
    root = tmp_path_factory.mktemp("determinism")
    shutil.copytree(FIXTURES / "rules", root / "rules")
    shutil.copytree(FIXTURES / "bad_input", root / "bad_input")
    shutil.copytree(FIXTURES / "examples", root / "examples")
    broken = root / "broken"
    broken.mkdir()
    (broken / "binary.yaml").write_bytes(bytes(range(256)))
    (broken / "truncated.json").write_text('{"AWSTemplateFormatVersion": "2010-09-09", "Re')
    (broken / "truncated.yaml").write_text('AWSTemplateFormatVersion: "2010-09-09"\nx: [a,\n')
    (broken / "main.tf").write_text('resource "aws_cloudfront_distribution" "d" {\n')
    (broken / "latin1.yaml").write_bytes(b"AWSTemplateFormatVersion: caf\xe9\n")
    return root


def _cli(tree: Path, seed: str, *args: str) -> tuple[int, bytes, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-m", "cf502lint", *args],
        cwd=tree,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


PATHS = ("rules", "bad_input", "examples", "broken", "missing.yaml")


@pytest.mark.parametrize("output", ["text", "json"])
def test_output_is_byte_identical_across_hash_seeds_and_path_orders(
    tree: Path, output: str
) -> None:
    runs = {
        seed: _cli(tree, seed, "--format", output, *(PATHS if index % 2 else PATHS[::-1]))
        for index, seed in enumerate(SEEDS)
    }
    first = runs[SEEDS[0]]
    assert first[0] == 2  # findings and file errors: exit 2
    assert first[1].count(b"CF101") > 5 and first[2].count(b": error: ") == 6
    for seed in SEEDS[1:]:
        assert runs[seed] == first, f"PYTHONHASHSEED={seed} changed the output"


def test_json_output_is_sorted(tree: Path) -> None:
    code, out, _err = _cli(tree, "7", "--format", "json", *PATHS)
    assert code == 2
    document = json.loads(out)
    keys = [(f["path"], f["line"], f["column"], f["rule"]) for f in document["findings"]]
    assert len(keys) > 50
    assert keys == sorted(keys)
    errors = [(e["path"], e["line"] or 0) for e in document["errors"]]
    assert errors == sorted(errors)
    assert [e["path"] for e in document["errors"]] == [
        "broken/binary.yaml",
        "broken/latin1.yaml",
        "broken/main.tf",
        "broken/truncated.json",
        "broken/truncated.yaml",
        "missing.yaml",
    ]


EVERY_FORMAT = """
import io, sys
from contextlib import redirect_stderr, redirect_stdout
from cf502lint.cli import main

for output in sys.argv[1:]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["--format", output, "rules", "bad_input", "examples", "broken"])
    sys.stdout.write(f"=== {output} {code}\\n{out.getvalue()}{err.getvalue()}")
"""


def test_every_format_is_identical_across_hash_seeds(tree: Path) -> None:
    formats = sorted(reporters())
    assert {"text", "json"} <= set(formats)
    outputs = set()
    for seed in SEEDS[:2]:
        done = subprocess.run(
            [sys.executable, "-c", EVERY_FORMAT, *formats],
            cwd=tree,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            timeout=120,
            check=True,
        )
        assert done.stdout.count(b"=== ") == len(formats)
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_directory_walk_order_does_not_depend_on_creation_order(tmp_path: Path) -> None:
    source = FIXTURES / "rules" / "https_to_s3_website_origin"
    names = sorted(p.name for p in source.iterdir())
    outputs = []
    for order in (names, names[::-1]):
        target = tmp_path / ("forward" if order is names else "backward") / "tree"
        target.mkdir(parents=True)
        for name in order:
            if (source / name).is_dir():
                shutil.copytree(source / name, target / name)
            else:
                shutil.copy(source / name, target / name)
        outputs.append(_cli(target.parent, "0", "--format", "json", "tree"))
    assert outputs[0] == outputs[1]
