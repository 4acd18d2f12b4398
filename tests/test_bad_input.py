"""Issue 6, item 1: bad input never crashes, hangs or passes silently.

Every case runs the bad file together with a good companion template and checks the exact
behaviour: the exit code, the exact ``path:line: error: message`` line on stderr (or the
finding), and that the companion's finding is still reported. Cases that could hang or
exhaust memory run the CLI in a subprocess with a timeout and an address-space limit.

Front ends are parametrised: CloudFormation YAML and JSON, the CloudFront API JSON and
Terraform. A case that needs a front end's parser is marked xfail (strict) while that
front end cannot yet read its minimal fixture, so the matrix applies to each as it lands.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import resource
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from cf502lint.config import Config
from cf502lint.parsers import ParseOptions
from cf502lint.runner import run
from cf502lint.source import json_tree, yaml_tree
from cf502lint.source.text import DEFAULT_MAX_BYTES
from cf502lint.source.yaml_tree import load_yaml

from .docs import RELIABILITY
from .helpers import FIXTURES, cli, installed_rules

BAD_INPUT = FIXTURES / "bad_input"
COMPANION = "companion.yaml"
COMPANION_FINDING = f"{COMPANION}:12:34: CF101 [error] "
SECONDS = 10.0
"""Wall-clock bound for a case that must stay fast (generous: CI machines are busy)."""
MEMORY = 1536 * 1024 * 1024
"""Address-space limit of a subprocess that must stay bounded in memory."""


@dataclass(frozen=True)
class FrontEnd:
    name: str
    fixture: str
    finding: str
    """``line:col`` of the fixture's one CF101 finding."""
    duplicate: tuple[str, str]
    """A replacement that writes a key a second time, making the second value http-only."""
    duplicate_at: str
    """``line:col`` of the finding for that second key."""
    truncate_after: str
    """The file is cut five characters into the first occurrence of this text."""
    truncated: str
    """The error for the cut file: ``line: message``."""
    deep: Callable[[str, int], str]
    """The fixture with one value nested ``n`` levels deep."""
    deep_error: str
    """The error for the deeply nested file: ``line: message``."""
    duplicate_rule: str = "CF001"
    """The rule for a key written twice: CF001 where the last wins, CF004 where Terraform
    rejects the configuration."""
    shared_syntax: bool = False
    """Its broken files are recognised without its parser: the shared JSON or YAML reader
    fails on them, and they carry a CloudFormation or CloudFront marker."""

    @property
    def filename(self) -> str:
        return Path(self.fixture).name

    @property
    def text(self) -> str:
        return (BAD_INPUT / self.fixture).read_text()


def _json_deep(text: str, n: int) -> str:
    return text.replace("{\n", '{\n  "Deep": ' + "[" * n + "]" * n + ",\n", 1)


FRONT_ENDS = (
    FrontEnd(
        name="cloudformation-yaml",
        fixture="site.yaml",
        finding="12:34",
        duplicate=(
            "{OriginProtocolPolicy: https-only}",
            "{OriginProtocolPolicy: https-only,\n              OriginProtocolPolicy: http-only}",
        ),
        duplicate_at="13:15",
        truncate_after="redirect-to-https",
        truncated="15: invalid YAML: did not find expected ',' or '}'",  # at the end
        deep=lambda text, n: text + "Metadata: " + "[" * n + "]" * n + "\n",
        deep_error=f"16: invalid YAML: nested more than {yaml_tree.MAX_DEPTH} levels deep",
        shared_syntax=True,
    ),
    FrontEnd(
        name="cloudformation-json",
        fixture="site.json",
        finding="14:17",
        duplicate=(
            '"OriginProtocolPolicy": "https-only"',
            '"OriginProtocolPolicy": "https-only",\n"OriginProtocolPolicy": "http-only"',
        ),
        duplicate_at="15:1",
        truncate_after="example-site",
        truncated="12: invalid JSON: unterminated string",
        deep=_json_deep,
        deep_error=f"2: invalid JSON: nested more than {json_tree.MAX_DEPTH} levels deep",
        shared_syntax=True,
    ),
    FrontEnd(
        name="cloudfront-api",
        fixture="site-api.json",
        finding="15:13",
        duplicate=(
            '"OriginProtocolPolicy": "https-only"',
            '"OriginProtocolPolicy": "https-only",\n"OriginProtocolPolicy": "http-only"',
        ),
        duplicate_at="16:1",
        truncate_after="example-site",
        truncated="11: invalid JSON: unterminated string",
        deep=_json_deep,
        deep_error=f"2: invalid JSON: nested more than {json_tree.MAX_DEPTH} levels deep",
        shared_syntax=True,
    ),
    FrontEnd(
        name="terraform",
        fixture="terraform/site.tf",
        finding="9:7",
        duplicate=(
            'origin_protocol_policy = "https-only"',
            'origin_protocol_policy = "https-only"\n      origin_protocol_policy = "http-only"',
        ),
        duplicate_at="10:7",
        duplicate_rule="CF004",
        truncate_after="example-site",
        truncated="5: invalid HCL: unexpected end of file",
        deep=lambda text, n: text + "locals {\n  deep = " + "[" * n + "]" * n + "\n}\n",
        deep_error="30: invalid HCL: nested more than 100 levels deep",
    ),
    FrontEnd(
        name="terraform-json",
        fixture="terraform-json/site.tf.json",
        finding="13:15",
        duplicate=(
            '"origin_protocol_policy": "https-only"',
            '"origin_protocol_policy": "https-only",\n"origin_protocol_policy": "http-only"',
        ),
        duplicate_at="14:1",
        duplicate_rule="CF004",
        truncate_after="example-site",
        truncated="9: invalid JSON: unterminated string",
        deep=_json_deep,
        deep_error=f"2: invalid JSON: nested more than {json_tree.MAX_DEPTH} levels deep",
    ),
)


@cache
def supported(front: FrontEnd) -> bool:
    """Whether ``front`` has landed: linting its fixture finds the one known problem."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory, front.filename)
        shutil.copy(BAD_INPUT / front.fixture, path)
        try:
            report = run([str(path)], installed_rules(), Config(), ParseOptions())
        except Exception:
            return False
    return [f.rule_id for f in report.findings] == ["CF101"] and not report.errors


def fronts(*, needs_parser: bool = True, syntax_only: bool = False) -> list[Any]:
    """The front ends as parameters; xfail (strict) where the parser is not there yet.

    ``syntax_only``: the case is a file too broken to read, which front ends whose syntax
    is shared (``shared_syntax``) report without their own parser.
    """
    params = []
    for front in FRONT_ENDS:
        marks = []
        if needs_parser and not supported(front) and not (syntax_only and front.shared_syntax):
            marks.append(
                pytest.mark.xfail(
                    reason=f"the {front.name} front end is not there yet", strict=True
                )
            )
        params.append(pytest.param(front, id=front.name, marks=marks))
    return params


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str
    seconds: float
    peak_mb: float = 0.0
    """Peak resident memory of the subprocess (0 for an in-process run)."""

    @property
    def errors(self) -> list[str]:
        return self.err.splitlines()

    def findings(self, path: str) -> list[str]:
        return [line for line in self.out.splitlines() if line.startswith(f"{path}:")]

    def companion_linted(self) -> bool:
        return any(line.startswith(COMPANION_FINDING) for line in self.out.splitlines())


@pytest.fixture
def workdir(tmp_path: Path) -> Iterator[Path]:
    """A directory with the companion template; the CLI runs there, so paths are relative."""
    shutil.copy(BAD_INPUT / "site.yaml", tmp_path / COMPANION)
    (tmp_path / "bad").mkdir()
    with contextlib.chdir(tmp_path):
        yield tmp_path


def lint(*args: str) -> Result:
    """The CLI in-process."""
    start = time.monotonic()
    result = cli(*args)
    return Result(result.code, result.out, result.err, time.monotonic() - start)


def _bounded() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


PEAK_RUNNER = """
import atexit, runpy, sys

def record(path=sys.argv.pop(1)):
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(path, "w") as out:
        out.write(peak)

atexit.register(record)
sys.argv[0] = "cf502lint"
runpy.run_module("cf502lint", run_name="__main__", alter_sys=True)
"""
"""The CLI, recording its own peak resident memory at exit: the ``ru_maxrss`` that
``os.wait4`` gives also counts the test process's pages the forked child touched before it
ran Python anew (``preexec_fn``), which late in a full test run is hundreds of MB."""


def lint_subprocess(*args: str, cwd: Path, timeout: float = 60) -> Result:
    """The CLI in a fresh interpreter, with a timeout and a memory limit; its peak memory
    is measured so that tests can bound it below the limit."""
    start = time.monotonic()
    peak_file = Path(tempfile.mkstemp(prefix="cf502lint-peak-")[1])
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            [sys.executable, "-c", PEAK_RUNNER, str(peak_file), *args],
            cwd=cwd,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            preexec_fn=_bounded,
        )
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                process.kill()
                os.wait4(process.pid, 0)
                raise subprocess.TimeoutExpired(process.args, timeout)
            time.sleep(0.02)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "backslashreplace")
        stderr = err.read().decode("utf-8", "backslashreplace")
    assert "Traceback" not in stderr, stderr
    seconds = time.monotonic() - start
    recorded = peak_file.read_text()
    peak_file.unlink()
    peak_kb = int(recorded) if recorded else usage.ru_maxrss  # killed before it could say
    return Result(process.returncode, stdout, stderr, seconds, peak_kb / 1024)


def write(path: Path, content: str | bytes) -> str:
    """Write ``content`` and return the path relative to the working directory."""
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return os.path.relpath(path)


def assert_error_run(result: Result, *errors: str) -> None:
    """Exit 2, exactly ``errors`` on stderr, and the companion still linted and reported."""
    assert result.errors == list(errors), result.err
    assert result.code == 2
    assert result.companion_linted(), result.out


ERROR_LINE = re.compile(r"^(?P<path>[^\s:][^:]*)(?::(?P<line>[1-9]\d*))?: error: (?P<message>.+)$")


# --- files that are not ours are skipped ---------------------------------------------------


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json", ".template", ".tf"])
@pytest.mark.parametrize("content", ["", " \n\t\n\n"], ids=["empty", "blank"])
def test_empty_file_is_skipped(workdir: Path, suffix: str, content: str) -> None:
    bad = write(workdir / "bad" / f"empty{suffix}", content)
    alone = lint(bad)
    assert (alone.code, alone.err) == (0, "")
    assert alone.findings(bad) == []
    both = lint(bad, COMPANION)
    assert (both.code, both.err) == (1, "")
    assert both.companion_linted()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        (".pre-commit-config.yaml", "repos:\n  - repo: local\n    hooks: []\n"),
        ("package.json", '{"name": "site", "version": "1.0.0"}\n'),
        ("docker-compose.yml", "services:\n  web: {image: nginx, ports: ['80:80']}\n"),
        ("broken-unrelated.yaml", "key: [unclosed\n"),
    ],
)
def test_unrelated_file_is_skipped(workdir: Path, name: str, content: str) -> None:
    bad = write(workdir / "bad" / name, content)
    result = lint(bad, COMPANION)
    assert (result.code, result.err) == (1, "")
    assert result.findings(bad) == []
    assert result.companion_linted()


# --- files that cannot be read or decoded ---------------------------------------------------


BINARY = bytes(range(256)) * 8


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json", ".template", ".tf"])
def test_binary_file_with_a_template_extension(workdir: Path, suffix: str) -> None:
    bad = write(workdir / "bad" / f"image{suffix}", BINARY)
    assert_error_run(lint(bad, COMPANION), f"{bad}: error: binary file, not text")


@pytest.mark.parametrize("front", fronts(needs_parser=False))
def test_invalid_utf8(workdir: Path, front: FrontEnd) -> None:
    data = front.text.encode().replace(b"example-site", b"caf\xe9-site", 1)
    line = front.text[: front.text.index("example-site")].count("\n") + 1
    bad = write(workdir / "bad" / front.filename, data)
    assert_error_run(lint(bad, COMPANION), f"{bad}:{line}: error: not valid UTF-8 (byte 0xe9)")


@pytest.mark.parametrize("front", fronts(needs_parser=False))
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_a_clear_error(workdir: Path, front: FrontEnd, encoding: str) -> None:
    bad = write(workdir / "bad" / front.filename, front.text.encode(encoding))
    assert_error_run(
        lint(bad, COMPANION),
        f"{bad}: error: UTF-16 without a byte order mark: save it as UTF-8 (or add a BOM)",
    )


@pytest.mark.parametrize("front", fronts())
@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be-bom", "utf-32"])
def test_file_with_a_byte_order_mark_is_decoded_and_linted(
    workdir: Path, front: FrontEnd, encoding: str
) -> None:
    if encoding == "utf-16-be-bom":
        data = "\ufeff".encode("utf-16-be") + front.text.encode("utf-16-be")
    else:
        data = front.text.encode(encoding)
    assert data[:2] in (b"\xef\xbb", b"\xff\xfe", b"\xfe\xff")
    bad = write(workdir / "bad" / front.filename, data)
    result = lint(bad, COMPANION)
    assert (result.code, result.err) == (1, "")
    assert [line.split(" [")[0] for line in result.findings(bad)] == [
        f"{bad}:{front.finding}: CF101"
    ]
    assert result.companion_linted()


def test_too_large_file_names_the_limit_and_the_flag_adjusts_it(workdir: Path) -> None:
    bad = workdir / "bad" / "huge.yaml"
    with bad.open("wb") as handle:  # 50 MB, sparse: nothing is written but the size
        handle.write(b'AWSTemplateFormatVersion: "2010-09-09"\n')
        handle.truncate(50 * 1024 * 1024)
    name = os.path.relpath(bad)
    too_large = (
        f"{name}: error: file is too large ({50 * 1024 * 1024} bytes; "
        f"the limit is {DEFAULT_MAX_BYTES}, see --max-file-size)"
    )
    result = lint(name, COMPANION)
    assert_error_run(result, too_large)
    assert result.seconds < SECONDS
    # Above the limit it is read, and what it holds (NUL bytes) is the next error.
    raised = lint("--max-file-size", "60", name, COMPANION)
    assert_error_run(raised, f"{name}: error: binary file, not text")
    lowered = lint("--max-file-size", "0.0001", COMPANION)
    assert lowered.errors == [
        f"{COMPANION}: error: file is too large ({(workdir / COMPANION).stat().st_size} bytes; "
        f"the limit is {int(0.0001 * 1024 * 1024)}, see --max-file-size)"
    ]
    assert lowered.code == 2


def test_large_template_is_linted_when_the_limit_allows(workdir: Path) -> None:
    padding = ("# " + "x" * 98 + "\n") * 25_000  # 2.5 MB of comments
    name = write(workdir / "bad" / "padded.yaml", (BAD_INPUT / "site.yaml").read_text() + padding)
    refused = lint("--max-file-size", "2", name)
    assert refused.code == 2
    assert refused.errors[0].startswith(f"{name}: error: file is too large")
    accepted = lint("--max-file-size", "3", name)
    assert accepted.code == 1, accepted.err
    assert [line.split(" [")[0] for line in accepted.findings(name)] == [f"{name}:12:34: CF101"]


# --- broken templates -----------------------------------------------------------------------


@pytest.mark.parametrize("front", fronts(syntax_only=True))
def test_truncated_file(workdir: Path, front: FrontEnd) -> None:
    text = front.text
    cut = text[: text.index(front.truncate_after) + 5]
    bad = write(workdir / "bad" / front.filename, cut)
    assert_error_run(lint(bad, COMPANION), f"{bad}:{front.truncated.replace(': ', ': error: ', 1)}")


@pytest.mark.parametrize("front", fronts())
def test_duplicate_key_is_a_finding(workdir: Path, front: FrontEnd) -> None:
    old, new = front.duplicate
    assert front.text.count(old) == 1
    bad = write(workdir / "bad" / front.filename, front.text.replace(old, new))
    result = lint(bad, COMPANION)
    assert (result.code, result.err) == (1, "")
    assert [line.split(" [")[0] for line in result.findings(bad)] == [
        f"{bad}:{front.duplicate_at}: {front.duplicate_rule}"
    ]
    assert result.companion_linted()


@pytest.mark.parametrize("front", fronts())
def test_the_unmodified_fixture_has_exactly_its_known_finding(
    workdir: Path, front: FrontEnd
) -> None:
    bad = write(workdir / "bad" / front.filename, front.text)
    result = lint(bad)
    assert (result.code, result.err) == (1, "")
    assert [line.split(" [")[0] for line in result.findings(bad)] == [
        f"{bad}:{front.finding}: CF101"
    ]


# --- YAML: anchors, aliases, merge keys, tags -----------------------------------------------


def test_anchors_aliases_and_merge_keys_lint_with_the_right_lines(workdir: Path) -> None:
    name = write(workdir / "bad" / "anchors.yaml", (BAD_INPUT / "anchors.yaml").read_text())
    result = lint("--format", "json", name)
    assert (result.code, result.err) == (1, "")
    findings = json.loads(result.out)["findings"]
    # All three point at the one line the value is written on: the anchored mapping.
    assert [(f["line"], f["column"], f["rule"], f["origin"]) for f in findings] == [
        (13, 15, "CF101", "assets"),  # an alias of the anchored mapping
        (13, 15, "CF101", "merged"),  # merged from a list of aliases: `<<: [*https]`
        (13, 15, "CF101", "website"),  # the anchored mapping itself
    ]  # and not 'fixed', whose own OriginProtocolPolicy overrides the merged one


def test_merge_keys_follow_yaml_precedence() -> None:
    text = (
        "a: &a {x: 1, y: 1}\n"
        "b: &b {x: 2, z: 2}\n"
        "single: {<<: *a, y: 9}\n"
        "listed:\n"
        "  <<: [*a, *b]\n"
        "  z: 9\n"
        "inline: {<<: {x: 3}, w: [1]}\n"
    )
    root = load_yaml(text, "m.yaml").root
    assert root["single"] == {"x": 1, "y": 9}  # explicit keys win
    assert root["listed"] == {"x": 1, "y": 1, "z": 9}  # earlier mappings win over later ones
    assert root["inline"] == {"x": 3, "w": [1]}
    assert root["listed"].span_of("x").line == 1  # a merged key points where it is written
    assert root["listed"].span_of("z").line == 6


def test_unknown_tags_are_unknown_values(workdir: Path) -> None:
    text = (BAD_INPUT / "tags.yaml").read_text()
    name = write(workdir / "bad" / "tags.yaml", text)
    result = lint(name, COMPANION)
    assert (result.code, result.err) == (1, "")
    # Only the untagged control origin is flagged: tagged values are unknown, so silent.
    assert [line.split(" [")[0] for line in result.findings(name)] == [f"{name}:14:15: CF101"]
    assert result.companion_linted()
    # The same file without its tags has a finding for every tagged origin: the tags,
    # not the rest of the file, are what keep the rules silent.
    untagged = re.sub(r"!Custom \[(.*)\]", r"\1", text)
    untagged = re.sub(r" ?!(Custom|Rain::Module|Rain::Constant)\b", "", untagged)
    plain = write(workdir / "bad" / "untagged.yaml", untagged)
    assert len(lint(plain).findings(plain)) == 6


# --- resource bounds (subprocesses: a failure here must not take pytest down) ----------------


def _billion_laughs() -> str:
    lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'l0: &l0 "lol"']
    for level in range(1, 10):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    lines.append("Resources: {Bomb: {Type: AWS::CloudFront::Distribution, Properties: *l9}}")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_bounded(workdir: Path) -> None:
    bad = write(workdir / "bad" / "bomb.yaml", _billion_laughs())
    result = lint_subprocess(bad, COMPANION, cwd=workdir)
    assert_error_run(
        result,
        f"{bad}:9: error: invalid YAML: aliases expand to more than {yaml_tree.MAX_NODES} values",
    )
    assert result.seconds < SECONDS


def test_aliases_under_the_limit_are_not_expanded_once_per_condition(workdir: Path) -> None:
    """1.1 million values through aliases, checked under 256 combinations of conditions.

    Resolving the shared values once per use and per combination took minutes; the
    resolver now resolves a shared value once per combination, and a template too large to
    resolve under every combination is checked with its conditions unknown.
    """
    lines = ['AWSTemplateFormatVersion: "2010-09-09"', "x0: &x0 [a, a, a, a, a, a, a, a, a, a]"]
    for level in range(1, 5):
        lines.append(f"x{level}: &x{level} [" + ", ".join([f"*x{level - 1}"] * 10) + "]")
    lines += ["Parameters:"] + [f"  P{i}: {{Type: String, Default: a}}" for i in range(8)]
    lines += ["Conditions:"] + [f"  C{i}: !Equals [!Ref P{i}, a]" for i in range(8)]
    branches = "".join(f"!If [C{i}, a, " for i in range(8)) + "b" + "]" * 8
    lines += [
        "Resources:",
        "  Site:",
        "    Type: AWS::CloudFront::Distribution",
        "    Properties:",
        "      DistributionConfig:",
        "        Enabled: true",
        f"        Comment: {branches}",
        "        Extra: [" + ", ".join(["*x4"] * 10) + "]",
        "        Origins:",
        "          - Id: site",
        "            DomainName: example-site.s3-website-us-east-1.amazonaws.com",
        "            CustomOriginConfig: {OriginProtocolPolicy: https-only}",
        "        DefaultCacheBehavior: {TargetOriginId: site, ViewerProtocolPolicy: allow-all,",
        "          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6}",
    ]
    bad = write(workdir / "bad" / "amplified.yaml", "\n".join(lines) + "\n")
    result = lint_subprocess(bad, COMPANION, cwd=workdir)
    assert result.seconds < SECONDS
    assert (result.code, result.err) == (1, "")
    assert [line.split(" [")[0] for line in result.findings(bad)] == [f"{bad}:36:34: CF101"]
    assert result.companion_linted()


DEPTH = 100_000


@pytest.mark.parametrize("front", fronts(syntax_only=True))
def test_deep_nesting_is_a_clear_error(workdir: Path, front: FrontEnd) -> None:
    bad = write(workdir / "bad" / front.filename, front.deep(front.text, DEPTH))
    result = lint_subprocess(bad, COMPANION, cwd=workdir)
    assert "RecursionError" not in result.err
    line, _, message = front.deep_error.partition(": ")
    if not line.isdigit():  # no line: the whole text is the message
        line, message = "", front.deep_error
    assert_error_run(result, f"{bad}{':' if line else ''}{line}: error: {message}")
    assert result.seconds < SECONDS


@pytest.mark.parametrize(
    ("nesting", "line"),
    [
        ("Metadata: " + "{a: " * DEPTH + "1" + "}" * DEPTH, 16),
        ("Metadata:\n  " + "- " * DEPTH + "x", 17),
        ("Metadata: " + "[" * DEPTH, 16),
    ],
    ids=["flow-mappings", "block-sequences", "unclosed"],
)
def test_deep_yaml_nesting_in_other_styles(workdir: Path, nesting: str, line: int) -> None:
    text = (BAD_INPUT / "site.yaml").read_text() + nesting + "\n"
    bad = write(workdir / "bad" / "deep.yaml", text)
    result = lint_subprocess(bad, COMPANION, cwd=workdir)
    assert result.seconds < SECONDS
    assert_error_run(
        result,
        f"{bad}:{line}: error: invalid YAML: nested more than {yaml_tree.MAX_DEPTH} levels deep",
    )


# --- the file system ------------------------------------------------------------------------


def test_directory_symlink_loop_terminates_and_lints_each_file_once(workdir: Path) -> None:
    tree = workdir / "tree"
    (tree / "a" / "b").mkdir(parents=True)
    (tree / "c").mkdir()
    shutil.copy(BAD_INPUT / "site.yaml", tree / "a" / "b" / "site.yaml")
    (tree / "a" / "b" / "up").symlink_to("../..")  # a loop back to tree/
    (tree / "a" / "to-c").symlink_to("../c")  # a cycle a -> c -> a
    (tree / "c" / "to-a").symlink_to("../a")
    (tree / "self").symlink_to(".")
    result = lint_subprocess("tree", COMPANION, cwd=workdir, timeout=30)
    assert (result.code, result.err) == (1, "")
    findings = [line for line in result.out.splitlines() if ": CF101 " in line]
    assert [line.split(" [")[0] for line in findings] == [
        f"{COMPANION}:12:34: CF101",
        "tree/a/b/site.yaml:12:34: CF101",
    ]


def test_file_symlink_loop_is_a_clear_error(workdir: Path) -> None:
    (workdir / "bad" / "loop.yaml").symlink_to("loop.yaml")
    assert_error_run(
        lint("bad/loop.yaml", COMPANION),
        "bad/loop.yaml: error: cannot read: Too many levels of symbolic links",
    )


def test_dangling_symlink(workdir: Path) -> None:
    (workdir / "bad" / "gone.yaml").symlink_to("nowhere.yaml")
    assert_error_run(
        lint("bad", COMPANION),
        "bad/gone.yaml: error: broken symbolic link (its target does not exist)",
    )


@pytest.mark.skipif(
    os.geteuid() == 0, reason="running as root: file permissions do not stop root from reading"
)
def test_unreadable_file(workdir: Path) -> None:
    bad = write(workdir / "bad" / "secret.yaml", (BAD_INPUT / "site.yaml").read_text())
    os.chmod(bad, 0)
    try:
        assert_error_run(lint(bad, COMPANION), f"{bad}: error: cannot read: Permission denied")
    finally:
        os.chmod(bad, 0o644)


def test_unreadable_file_when_open_is_refused(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same error path as chmod 000, for runs as root: the open itself is refused."""
    bad = write(workdir / "bad" / "secret.yaml", (BAD_INPUT / "site.yaml").read_text())
    real_open = os.open

    def refuse(path: str | os.PathLike[str], flags: int, *args: int, **kwargs: int) -> int:
        if os.fspath(path).endswith("secret.yaml"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    assert_error_run(lint(bad, COMPANION), f"{bad}: error: cannot read: Permission denied")


def test_unreadable_directory_is_reported(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A directory that cannot be listed is an error, not silently fewer files linted."""
    locked = workdir / "tree" / "locked"
    locked.mkdir(parents=True)
    shutil.copy(BAD_INPUT / "site.yaml", locked / "hidden.yaml")
    shutil.copy(BAD_INPUT / "site.yaml", workdir / "tree" / "site.yaml")
    real_scandir, real_listdir = os.scandir, os.listdir

    def refused(path: str | os.PathLike[str]) -> None:
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))

    def scandir(path: str) -> object:
        refused(path)
        return real_scandir(path)

    def listdir(path: str) -> list[str]:
        refused(path)
        return real_listdir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "listdir", listdir)
    result = lint("tree", COMPANION)
    assert_error_run(result, "tree/locked: error: cannot read directory: Permission denied")
    assert [line.split(" [")[0] for line in result.out.splitlines() if " CF101 " in line] == [
        f"{COMPANION}:12:34: CF101",
        "tree/site.yaml:12:34: CF101",
    ]


def test_directory_named_like_a_template_is_walked(workdir: Path) -> None:
    directory = workdir / "bad" / "stack.yaml"
    directory.mkdir()
    shutil.copy(BAD_INPUT / "site.yaml", directory / "inner.yaml")
    result = lint("bad/stack.yaml")
    assert (result.code, result.err) == (1, "")
    assert [line.split(" [")[0] for line in result.findings("bad/stack.yaml/inner.yaml")] == [
        "bad/stack.yaml/inner.yaml:12:34: CF101"
    ]


@pytest.mark.parametrize("missing", ["missing.yaml", "missing-dir", "bad/missing.tf"])
def test_path_that_does_not_exist(workdir: Path, missing: str) -> None:
    assert_error_run(lint(missing, COMPANION), f"{missing}: error: no such file or directory")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_does_not_hang(workdir: Path) -> None:
    os.mkfifo(workdir / "bad" / "pipe.yaml")
    explicit = lint_subprocess("bad/pipe.yaml", COMPANION, cwd=workdir, timeout=20)
    assert_error_run(explicit, "bad/pipe.yaml: error: not a regular file")
    walked = lint_subprocess("bad", COMPANION, cwd=workdir, timeout=20)
    assert_error_run(walked, "bad/pipe.yaml: error: not a regular file")


def test_socket_is_not_a_regular_file(workdir: Path) -> None:
    with socket.socket(socket.AF_UNIX) as server:
        server.bind("bad/sock.yaml")
        assert stat.S_ISSOCK(os.stat("bad/sock.yaml").st_mode)
        assert_error_run(
            lint("bad/sock.yaml", COMPANION), "bad/sock.yaml: error: not a regular file"
        )


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero", "/dev/urandom"])
def test_device_file_does_not_hang(workdir: Path, device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"{device} does not exist here")
    result = lint_subprocess(device, COMPANION, cwd=workdir, timeout=20)
    assert_error_run(result, f"{device}: error: not a regular file")


def test_every_error_line_has_the_documented_shape(workdir: Path) -> None:
    """One run with many kinds of bad input: each error is one ``path[:line]: error: ...``."""
    bad = workdir / "bad"
    write(bad / "binary.yaml", BINARY)
    write(bad / "latin1.yaml", b'AWSTemplateFormatVersion: "2010-09-09"\nDescription: caf\xe9\n')
    write(bad / "truncated.json", '{"AWSTemplateFormatVersion": "2010-')
    write(bad / "bomb.yaml", _billion_laughs())
    write(bad / "python.yaml", 'AWSTemplateFormatVersion: "1"\nx: !!python/name:os.system\n')
    (bad / "gone.yaml").symlink_to("nowhere")
    result = lint("bad", "missing.yaml", COMPANION)
    assert result.code == 2
    assert result.companion_linted()
    paths = []
    for line in result.errors:
        match = ERROR_LINE.match(line)
        assert match, line
        paths.append(match["path"])
    assert paths == [
        "bad/binary.yaml",
        "bad/bomb.yaml",
        "bad/gone.yaml",
        "bad/latin1.yaml",
        "bad/python.yaml",
        "bad/truncated.json",
        "missing.yaml",
    ]


# --- no code execution (issue 6, item 2) ----------------------------------------------------


def _payloads(marker: Path) -> dict[str, tuple[str, int, str]]:
    """name -> (template, line of the tag, tag as reported): each would create ``marker``."""
    command = f"touch {marker}"
    head = 'AWSTemplateFormatVersion: "2010-09-09"\n'
    return {
        "apply-os-system": (
            f"{head}Description: !!python/object/apply:os.system [{command!r}]\n",
            2,
            "python/object/apply:os.system",
        ),
        "apply-with-kwargs": (
            f"{head}Description: !!python/object/apply:subprocess.check_call\n"
            f"  args: [[touch, {str(marker)!r}]]\n",
            2,
            "python/object/apply:subprocess.check_call",
        ),
        "new": (
            f"{head}Description: !!python/object/new:subprocess.Popen [[touch, {str(marker)!r}]]\n",
            2,
            "python/object/new:subprocess.Popen",
        ),
        "name": (f"{head}Description: !!python/name:os.system\n", 2, "python/name:os.system"),
        "module": (f"{head}Description: !!python/module:os\n", 2, "python/module:os"),
        "object": (
            f"{head}Description: !!python/object:subprocess.Popen {{args: [touch]}}\n",
            2,
            "python/object:subprocess.Popen",
        ),
        "verbatim-tag": (
            f"{head}Description: !<tag:yaml.org,2002:python/object/apply:os.system> "
            f"[{command!r}]\n",
            2,
            "python/object/apply:os.system",
        ),
        "tag-directive": (
            f"%TAG !py! tag:yaml.org,2002:python/\n---\n{head}"
            f"Description: !py!object/apply:os.system [{command!r}]\n",
            4,
            "python/object/apply:os.system",
        ),
        "inside-the-distribution": (
            (BAD_INPUT / "site.yaml")
            .read_text()
            .replace(
                "DomainName: example-site",
                f"Comment: !!python/object/apply:os.system [{command!r}]\n"
                "            DomainName: example-site",
            ),
            11,
            "python/object/apply:os.system",
        ),
        "behind-an-alias": (
            f"{head}x: &x !!python/object/apply:os.system [{command!r}]\nDescription: *x\n",
            2,
            "python/object/apply:os.system",
        ),
    }


PAYLOADS = list(_payloads(Path("/m")))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_python_tags_are_an_error_and_never_executed(workdir: Path, payload: str) -> None:
    marker = workdir / "EXECUTED"
    text, line, tag = _payloads(marker)[payload]
    bad = write(workdir / "bad" / "payload.yaml", text)
    result = lint_subprocess(bad, COMPANION, cwd=workdir, timeout=30)
    assert not marker.exists(), "the YAML payload was executed"
    assert_error_run(
        result,
        f"{bad}:{line}: error: invalid YAML: the tag !!{tag} is not allowed "
        "(cf502lint never constructs Python objects)",
    )


def test_python_tags_in_a_file_that_is_not_ours_are_skipped_and_not_executed(
    workdir: Path,
) -> None:
    marker = workdir / "EXECUTED"
    bad = write(
        workdir / "bad" / "ci.yaml", f"steps: !!python/object/apply:os.system ['touch {marker}']\n"
    )
    result = lint_subprocess(bad, COMPANION, cwd=workdir, timeout=30)
    assert not marker.exists()
    assert (result.code, result.err) == (1, "")
    assert result.companion_linted()


def test_the_package_never_loads_yaml_unsafely_or_evaluates_code() -> None:
    """A static guard: no unsafe YAML loading, eval/exec, pickle or shell in the package."""
    import ast

    forbidden_calls = {"eval", "exec", "compile", "__import__"}
    forbidden_attributes = {
        ("yaml", "load"),
        ("yaml", "load_all"),
        ("yaml", "unsafe_load"),
        ("yaml", "unsafe_load_all"),
        ("yaml", "full_load"),
        ("yaml", "full_load_all"),
        ("yaml", "Loader"),
        ("yaml", "UnsafeLoader"),
        ("yaml", "FullLoader"),
        ("os", "system"),
        ("os", "popen"),
    }
    forbidden_modules = {"pickle", "marshal", "shelve", "subprocess"}
    # --config-ref runs `git cat-file` and `git rev-parse` with an argument list, no shell.
    may_run_git = {"revision.py"}
    found = []
    roots = [Path(__file__).parent.parent / "cf502lint", Path(__file__).parent.parent / "rules"]
    for path in sorted(p for root in roots for p in root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            where = f"{path.name}:{getattr(node, 'lineno', 0)}"
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in forbidden_calls
            ):
                found.append(f"{where} {node.func.id}()")
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and (node.value.id, node.attr) in forbidden_attributes
            ):
                found.append(f"{where} {node.value.id}.{node.attr}")
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                names.append(getattr(node, "module", None) or "")
                found.extend(
                    f"{where} import {n}"
                    for n in names
                    if n.split(".")[0] in forbidden_modules
                    and not (n == "subprocess" and path.name in may_run_git)
                )
    assert found == []


@pytest.mark.parametrize(
    ("scalar", "kind"),
    [
        ("!!int", "int"),
        ('!!int ""', "int"),
        ("!!int _", "int"),
        ("!!int +", "int"),
        ('!!float ""', "float"),
        ('!!bool ""', "bool"),
        ("!!bool maybe", "bool"),
    ],
)
def test_explicit_scalar_tags_with_invalid_values(workdir: Path, scalar: str, kind: str) -> None:
    """Found by fuzzing: PyYAML's constructors raised IndexError/KeyError on these."""
    text = (BAD_INPUT / "site.yaml").read_text().replace("Enabled: true", f"Enabled: {scalar}")
    bad = write(workdir / "bad" / "tagged.yaml", text)
    value = scalar.partition(" ")[2].strip('"')
    assert_error_run(
        lint(bad, COMPANION), f"{bad}:8: error: invalid YAML: {value!r} is not a valid {kind}"
    )


def test_readme_states_the_limits_the_code_enforces() -> None:
    from cf502lint.parsers.cloudformation import template
    from cf502lint.parsers.terraform import hcl

    section = RELIABILITY.read_text()
    assert f"above {DEFAULT_MAX_BYTES // (1024 * 1024)} MB" in section
    assert yaml_tree.MAX_DEPTH == json_tree.MAX_DEPTH
    assert f"more than {yaml_tree.MAX_DEPTH} levels in YAML or JSON, {hcl.MAX_DEPTH} in HCL" in (
        " ".join(section.split())
    )
    assert f"more than {yaml_tree.MAX_NODES:,} values" in section
    assert f"({template.MAX_WORK:,} values in all)" in section
    from cf502lint.parsers.terraform import budget, evaluate, functions

    flat = " ".join(section.split())
    assert f"more than {evaluate.MAX_SIZE:,} characters and elements" in flat
    assert f"more than {budget.MAX_STEPS:,} expressions evaluated for one value" in flat
    assert f"{budget.MAX_TREE_STEPS:,} for a module with the modules it calls" in flat
    assert f"{budget.MAX_RUN_STEPS:,} in a run" in flat
    assert f"more than {budget.MAX_TREE_INSTANCES:,} module and resource instances" in flat
    assert f"({budget.MAX_RUN_INSTANCES:,} in a run" in flat
    assert f"longer than {functions.REGEX_SECONDS} s" in flat


def test_values_that_refer_to_themselves_are_unknown(workdir: Path) -> None:
    """A mapping entry that looks itself up, records that alias each other in a loop:
    unknown values (no finding), not a recursion error for the whole file."""
    text = """\
AWSTemplateFormatVersion: "2010-09-09"
Mappings:
  M:
    a:
      b: !FindInMap [M, a, b]
Resources:
  One:
    Type: AWS::Route53::RecordSet
    Properties:
      Name: one.example.com
      AliasTarget: {DNSName: !Ref Two}
  Two:
    Type: AWS::Route53::RecordSet
    Properties:
      Name: two.example.com
      AliasTarget: {DNSName: !Ref One}
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: mapped
            DomainName: !FindInMap [M, a, b]
            CustomOriginConfig: {OriginProtocolPolicy: https-only, OriginSSLProtocols: [TLSv1.2]}
          - Id: looped
            DomainName: !Ref One
            CustomOriginConfig: {OriginProtocolPolicy: https-only, OriginSSLProtocols: [TLSv1.2]}
          - Id: control
            DomainName: control.s3-website-us-east-1.amazonaws.com
            CustomOriginConfig: {OriginProtocolPolicy: https-only}
        DefaultCacheBehavior: {TargetOriginId: control, ViewerProtocolPolicy: allow-all,
          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6}
"""
    bad = write(workdir / "bad" / "loops.yaml", text)
    result = lint("--format", "json", bad)
    assert (result.code, result.err) == (1, "")
    findings = json.loads(result.out)["findings"]
    assert [(f["rule"], f["origin"]) for f in findings] == [("CF101", "control")]


# Terraform evaluates expressions, and locals can double a value at each step: the same
# "billion laughs" as YAML aliases, in HCL. Each bomb feeds one origin's domain name; the
# value must become unknown (no finding for it) in bounded time and memory, while the
# control origin next to it is still flagged.
BOMB_LOCALS = (
    "locals {\n"
    '  s0 = "lollollollollollollollollollol"\n'
    + "".join(f'  s{i} = "${{local.s{i - 1}}}${{local.s{i - 1}}}"\n' for i in range(1, 60))
    + '  c0 = ["lol", "lol"]\n'
    + "".join(f"  c{i} = concat(local.c{i - 1}, local.c{i - 1})\n" for i in range(1, 60))
    + '  l0 = ["lol", "lol"]\n'
    + "".join(f"  l{i} = [local.l{i - 1}, local.l{i - 1}]\n" for i in range(1, 60))
    + "  f = [for a in range(1000) : [for b in range(1000) : [for c in range(1000) : c]]]\n"
    + "}\n"
)
TERRAFORM_BOMBS = {
    "strings": "local.s59",
    "concat": 'join("", local.c59)',
    "flatten": 'join("", flatten(local.l59))',
    "for": 'join("", flatten(local.f))',
    "format-width": 'format("%0999999999d", 1)',
    "replace": 'replace(local.s20, "l", local.s20)',
    "regex": 'regex("(x+x+)+y", "${local.s10}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")',
    "try-cannot-hide-it": 'try(local.s59, "fallback.s3-website-us-east-1.amazonaws.com")',
}
BOMB_NOTED = {
    "strings": "local.s16",
    "concat": "local.c18",
    "flatten": "local.l17",
    "for": "local.f",
    "format-width": "aws_cloudfront_distribution.site, origin block",
    "replace": "local.s16",
    "regex": None,  # no match, found in time: the value is invalid, no bound is hit
    "try-cannot-hide-it": "local.s16",
}
"""The value each bomb's first note names: a bound hit is never a silent pass."""


@pytest.mark.parametrize("bomb", TERRAFORM_BOMBS)
def test_terraform_expression_bombs_are_bounded(workdir: Path, bomb: str) -> None:
    front = next(f for f in FRONT_ENDS if f.name == "terraform")
    if not supported(front):
        pytest.xfail("the terraform front end is not there yet")
    expression = TERRAFORM_BOMBS[bomb]
    origin = (
        "  origin {\n"
        '    origin_id   = "bomb"\n'
        f'    domain_name = "${{{expression}}}"\n'
        "    custom_origin_config {\n"
        "      http_port              = 80\n"
        "      https_port             = 443\n"
        '      origin_protocol_policy = "https-only"\n'
        '      origin_ssl_protocols   = ["TLSv1.2"]\n'
        "    }\n"
        "  }\n"
    )
    text = front.text.replace("  default_cache_behavior {", origin + "  default_cache_behavior {")
    bad = write(workdir / "bad" / "main.tf", BOMB_LOCALS + text)
    result = lint_subprocess("--format", "json", bad, COMPANION, cwd=workdir)
    assert result.seconds < SECONDS
    assert result.code == 1
    note = re.compile(rf"{re.escape(bad)}:\d+: note: (?P<value>[^:]+): .+; its value is unknown")
    notes = [note.fullmatch(line) for line in result.errors]
    assert all(notes), result.err
    assert next((n["value"] for n in notes if n), None) == BOMB_NOTED[bomb], result.err
    findings = json.loads(result.out)["findings"]
    assert [(f["path"], f["origin"]) for f in findings] == [(bad, "site"), (COMPANION, "site")]


def test_a_parser_bug_is_a_clean_error_for_that_file(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last line of defence: an exception no parser should raise is named, not a
    traceback, and the run goes on (exit 2, never a clean run)."""
    import cf502lint.runner
    from cf502lint.parsers import parse_modules as real_parse_modules
    from cf502lint.parsers import parse_text as real_parse_text
    from cf502lint.parsers.terraform.budget import Budget

    def parse_text(text: str, path: str, options: ParseOptions) -> object:
        if path.endswith("bug.yaml"):
            raise IndexError("string index out of range")
        return real_parse_text(text, path, options)

    def parse_modules(
        directories: list[str], options: ParseOptions, budget: Budget | None
    ) -> object:
        if any(d.endswith("tf") for d in directories):
            raise KeyError("origin")
        return real_parse_modules(directories, options, budget)

    monkeypatch.setattr(cf502lint.runner, "parse_text", parse_text)
    monkeypatch.setattr(cf502lint.runner, "parse_modules", parse_modules)
    bug = write(workdir / "bad" / "bug.yaml", (BAD_INPUT / "site.yaml").read_text())
    (workdir / "bad" / "tf").mkdir()
    write(workdir / "bad" / "tf" / "main.tf", (BAD_INPUT / "terraform" / "site.tf").read_text())
    assert_error_run(
        lint(bug, "bad/tf/main.tf", COMPANION),
        "bad/bug.yaml: error: internal error while reading it "
        "(IndexError: string index out of range); please report it",
        "bad/tf: error: internal error while reading it (KeyError: 'origin'); please report it",
    )


@pytest.mark.parametrize("value", ["nan", "inf", "1e400", "0", "-1", "1025", "1e12"])
def test_max_file_size_must_be_a_bounded_positive_number(workdir: Path, value: str) -> None:
    """NaN and infinity used to end in a traceback (int(nan)); now a usage error."""
    result = lint("--max-file-size", value, COMPANION)
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "cf502lint: error: --max-file-size expects a number of MB above 0 and at most 1024, "
        f"got {float(value)}\n"
    )
    (workdir / ".cf502lint.toml").write_text(f"max-file-size = {value}\n")
    configured = lint(COMPANION)
    assert (configured.code, configured.out) == (2, "")
    assert configured.err.startswith("cf502lint: error: .cf502lint.toml: max-file-size: ")


def test_file_names_that_are_not_utf8_in_every_format(workdir: Path) -> None:
    """A repository may hold file names in Latin-1: every format writes them (escaped)
    instead of dying on a UnicodeEncodeError, even with a strict UTF-8 stdout."""
    from cf502lint.reporters import reporters

    try:
        (workdir / "bad" / os.fsdecode(b"caf\xe9.yaml")).write_bytes(
            (BAD_INPUT / "site.yaml").read_bytes()
        )
        (workdir / "bad" / os.fsdecode(b"bin\xff.yaml")).write_bytes(BINARY)
    except (OSError, UnicodeError):
        pytest.skip("this file system only takes UTF-8 file names")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}
    for output in sorted(reporters()):
        done = subprocess.run(
            [sys.executable, "-m", "cf502lint", "--format", output, "bad"],
            cwd=workdir,
            env=env,
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 2, (output, done.stderr)
        assert done.stderr.decode() == "bad/bin\\udcff.yaml: error: binary file, not text\n"
        assert b"caf" in done.stdout
        done.stdout.decode("utf-8")  # the output is valid UTF-8
        if output == "json":
            document = json.loads(done.stdout)
            assert [f["path"] for f in document["findings"]] == ["bad/caf\udce9.yaml"]
