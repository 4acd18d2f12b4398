"""Issue 15, items 4, 5 and 12: hostile CloudFormation, CloudFront API JSON and YAML.

Huge numbers load as infinity and read as unknown; broken YAML and oversized JSON are
one-line errors. Each hostile file is built here, run beside the companion template (in a
fresh interpreter with a memory limit where it could exhaust either), and must leave the
companion's finding in the report.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from cf502lint.source import json_tree, numbers, yaml_tree
from cf502lint.source.json_tree import load_json
from cf502lint.source.tree import SourceError
from cf502lint.source.yaml_tree import load_yaml

from .test_bad_input import (
    BAD_INPUT,
    COMPANION,
    Result,
    assert_error_run,
    lint,
    lint_subprocess,
    workdir,
    write,
)

__all__ = ["workdir"]  # the fixture, imported to be used here

SECONDS = 20.0
PEAK_MB = 400.0
"""Peak memory a bounded case may use: a fraction of the subprocess's limit."""
HUGE = "9" * 5000
"""An integer past Python's int-string limit (4,300 digits) and the float range."""
SITE_YAML = (BAD_INPUT / "site.yaml").read_text()
SITE_JSON = (BAD_INPUT / "site.json").read_text()
SITE_API = (BAD_INPUT / "site-api.json").read_text()


def _bounded(result: Result) -> None:
    assert result.seconds < SECONDS, result.seconds
    assert result.peak_mb < PEAK_MB, result.peak_mb


def _linted(result: Result, path: str, *findings: str) -> None:
    """Exit 1, the findings of ``path`` exactly ``findings`` (``line:col: RULE``), and the
    companion's finding."""
    assert result.code == 1, result.err
    assert [line.split(" [")[0] for line in result.findings(path)] == [
        f"{path}:{finding}" for finding in findings
    ]
    assert result.companion_linted(), result.out


# --- 4. numbers past Python's int-string limit ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0", 0),
        ("-0", 0),
        ("12345678901234567890", 12345678901234567890),
        ("9" * 308, int("9" * 308)),
        ("9" * 309, math.inf),  # 10**309 > the largest float
        (HUGE, math.inf),
        ("-" + HUGE, -math.inf),
        ("1" + "0" * 400, math.inf),
    ],
)
def test_json_integers_of_any_length_load(text: str, value: float) -> None:
    assert load_json(f"[{text}]", "n.json").root == [value]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("017", 15),
        ("0x1F", 31),
        ("0b101", 5),
        ("1:30", 90),
        ("-1_000", -1000),
        (HUGE, math.inf),
        ("-" + HUGE, -math.inf),
        ("0x" + "f" * 300, math.inf),
        ("0" + "7" * 400, math.inf),
        ("1" + ":00" * 200_000, math.inf),  # PyYAML's own reading is quadratic
        ("0" * 5000 + "1", 1),  # octal: leading zeros do not make it large
    ],
)
def test_yaml_integers_of_any_length_load_in_linear_time(text: str, value: float) -> None:
    assert load_yaml(f"a: {text}\n", "n.yaml").root == {"a": value}


@pytest.mark.parametrize("text", ["", "+", "--", "12a", "²", "1_2 3"])
def test_a_decimal_integer_is_ascii_digits(text: str) -> None:
    with pytest.raises(ValueError, match="not a decimal integer"):
        numbers.decimal(text)


def test_a_huge_integer_in_a_policy_file_does_not_stop_the_run(workdir: Path) -> None:
    """The policy is read (its MinTTL is infinite), so the distribution that names it is
    checked against it: its Host header is not forwarded, CF103."""
    api = json.loads(SITE_API)
    config = api["DistributionConfig"]
    config["Origins"]["Items"][0]["DomainName"] = "app-123.us-east-1.elb.amazonaws.com"
    config["DefaultCacheBehavior"]["CachePolicyId"] = "custom-policy"
    dist = write(workdir / "bad" / "dist.json", json.dumps(api, indent=2))
    headers = (
        '"ParametersInCacheKeyAndForwardedToOrigin": {"HeadersConfig": {"HeaderBehavior": "none"}}'
    )
    policy = write(
        workdir / "bad" / "policy.json",
        f'{{"CachePolicy": {{"Id": "custom-policy", "CachePolicyConfig": '
        f'{{"MinTTL": {HUGE}, {headers}}}}}}}',
    )
    result = lint_subprocess(dist, policy, COMPANION, cwd=workdir)
    assert result.err == ""
    _linted(result, dist, "11:11: CF103")
    _bounded(result)
    assert lint(dist, COMPANION).findings(dist) == []  # without the policy: unknown, silent


@pytest.mark.parametrize("name", ["package.json", "values.yaml"])
def test_a_huge_integer_in_a_file_that_is_not_ours_is_skipped(workdir: Path, name: str) -> None:
    text = f'{{"name": "site", "size": {HUGE}}}' if name.endswith("json") else f"size: {HUGE}\n"
    bad = write(workdir / "bad" / name, text)
    result = lint(bad, COMPANION)
    assert (result.code, result.err) == (1, "")
    assert result.companion_linted()


@pytest.mark.parametrize(
    ("name", "text", "finding"),
    [
        (
            "port.yaml",
            SITE_YAML.replace("https-only}", f"https-only, HTTPSPort: {HUGE}}}"),
            "12:34: CF101",
        ),
        (
            "port.json",
            SITE_JSON.replace('"https-only"', f'"https-only", "HTTPSPort": {HUGE}'),
            "14:17: CF101",
        ),
        (
            "port-api.json",
            SITE_API.replace('"HTTPSPort": 443', f'"HTTPSPort": -{HUGE}'),
            "15:13: CF101",
        ),
        (
            "timeout.yaml",
            SITE_YAML.replace("https-only}", f'https-only, OriginReadTimeout: "{HUGE}"}}'),
            "12:34: CF101",
        ),
    ],
)
def test_a_huge_integer_in_a_field_that_matters_is_unknown(
    workdir: Path, name: str, text: str, finding: str
) -> None:
    """An infinite port or timeout is neither valid nor out of range: no CF201 or CF302 for it,
    and the file's other finding is still there."""
    bad = write(workdir / "bad" / name, text)
    result = lint(bad, COMPANION)
    assert result.err == ""
    _linted(result, bad, finding)
    out_of_range = text.replace(HUGE, "70000")
    control = write(workdir / "bad" / f"control-{name}", out_of_range)
    assert len(lint(control).findings(control)) == 2  # the same field, in range: a finding


# --- 12. control characters, too many values -----------------------------------


def test_a_control_character_after_8_kib_of_yaml_is_one_line_with_its_line(
    workdir: Path,
) -> None:
    text = SITE_YAML + "# " + "x" * 9000 + "\n" + "Metadata: a\x01b\n"
    bad = write(workdir / "bad" / "control.yaml", text)
    assert_error_run(
        lint(bad, COMPANION),
        f"{bad}:17: error: invalid YAML: unacceptable character #x0001: control characters "
        "are not allowed",
    )


def test_millions_of_empty_arrays_are_refused_at_once(workdir: Path) -> None:
    """Twenty megabytes of ``[],``: 6.8 million values, 4.6 GB as a tree."""
    text = '{"AWSTemplateFormatVersion": "2010-09-09", "Metadata": [' + "[]," * 6_800_000 + "[]]}"
    bad = write(workdir / "bad" / "arrays.json", text)
    result = lint_subprocess(bad, COMPANION, cwd=workdir)
    assert_error_run(
        result, f"{bad}: error: invalid JSON: more than {json_tree.MAX_NODES:,} values"
    )
    _bounded(result)


def test_values_are_counted_while_reading_json(monkeypatch: pytest.MonkeyPatch) -> None:
    """Values that hide behind few commas (``[[0],[0]]``) are counted one by one."""
    monkeypatch.setattr(json_tree, "MAX_NODES", 1000)
    assert len(load_json("[" + ",".join(["[0]"] * 499) + "]", "ok.json").root) == 499
    with pytest.raises(SourceError) as raised:
        load_json("[\n" + ",\n".join(["[0]"] * 600) + "\n]", "many.json")
    assert (raised.value.message, raised.value.line) == (
        "invalid JSON: more than 1,000 values",
        501,
    )


def test_values_are_counted_while_reading_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_tree, "MAX_NODES", 1000)
    with pytest.raises(SourceError, match="more than 1000 values"):
        load_yaml("- []\n" * 1001, "many.yaml")


def test_both_readers_hold_the_same_number_of_values() -> None:
    assert json_tree.MAX_NODES == yaml_tree.MAX_NODES
