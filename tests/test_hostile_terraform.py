"""Issue 15, the Terraform items: numbers past any range (3), module fan-out (7), module
sources out of the tree (11), quadratic plans and expensive ``dynamic`` blocks (12).

Each case builds its module directories at test time next to a good module with a known
CF101 and the companion template: no traceback, the bad module named in one line (an
error, or a note that does not change the exit code), every other module still linted
with its finding, and bounded time and memory where the input could make them grow.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from cf502lint.parsers.terraform import budget
from cf502lint.reporters import reporters

from .test_bad_input import (
    BAD_INPUT,
    COMPANION,
    COMPANION_FINDING,
    Result,
    lint,
    lint_subprocess,
    workdir,
    write,
)

__all__ = ["workdir"]  # the fixture, imported to be used here

SITE = (BAD_INPUT / "terraform" / "site.tf").read_text()
"""A distribution whose origin ``site`` has one CF101, on line 9, column 7."""
GOOD = "good/site.tf"
GOOD_FINDING = f"{GOOD}:9:7: CF101 [error] "
SECONDS = 10.0
PEAK_MB = 400.0
"""Peak memory a bounded case may use: a fraction of the subprocess's 1.5 GB limit."""


def _module(directory: Path, files: dict[str, str]) -> str:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        write(directory / name, text)
    return os.path.relpath(directory)


def _good(workdir: Path) -> str:
    return _module(workdir / "good", {"site.tf": SITE})


def _with_count(count: str) -> str:
    """The site distribution, repeated by ``count``: its CF101 moves to line 10."""
    return SITE.replace("  enabled = true\n", f"  enabled = true\n  count   = {count}\n")


def _findings(result: Result) -> list[str]:
    return [line for line in result.out.splitlines() if ": CF" in line]


def _notes(result: Result) -> list[str]:
    return [line for line in result.errors if ": note: " in line]


def _assert_all_linted(result: Result, *findings: str) -> None:
    """The good module and the companion are linted, with exactly ``findings`` besides."""
    found = _findings(result)
    assert sum(line.startswith(GOOD_FINDING) for line in found) == 1, result.out
    assert sum(line.startswith(COMPANION_FINDING) for line in found) == 1, result.out
    others = [line for line in found if not line.startswith((GOOD_FINDING, COMPANION_FINDING))]
    assert [line.split(" [")[0] for line in others] == list(findings), result.out


# --- item 3: numbers past any range ---------------------------------------------------------

HUGE = "9" * 4301
"""More digits than Python converts between int and str."""


@pytest.mark.parametrize(
    "count",
    ["1e400", "1e308 * 10", 'jsondecode("NaN")', 'tonumber("nan")', HUGE, f"-{HUGE}"],
    ids=["1e400", "overflow", "nan", "nan-string", "4301-digits", "minus-4301-digits"],
)
def test_a_count_past_any_range_is_one_instance(workdir: Path, count: str) -> None:
    """The count is unknown: one instance stands for all, and its finding is reported."""
    _good(workdir)
    bad = _module(workdir / "bad", {"main.tf": _with_count(count)})
    result = lint(bad, GOOD, COMPANION)
    assert (result.code, result.err) == (1, "")
    _assert_all_linted(result, f"{bad}/main.tf:10:7: CF101")


def test_numbers_past_any_range_in_json_syntax_and_variable_files(workdir: Path) -> None:
    _good(workdir)
    resource = {
        "resource": {"aws_s3_bucket": {"b": {"count": "${var.n}", "bucket": "b"}}},
        "variable": {"n": {}},
        "locals": {"huge": 0},
    }
    text = json.dumps(resource).replace('"huge": 0', f'"huge": {HUGE}')
    files = {"main.tf.json": text, "terraform.tfvars.json": f'{{"n": {HUGE}}}', "site.tf": SITE}
    bad = _module(workdir / "bad", files)
    result = lint(bad, GOOD, COMPANION)
    assert (result.code, result.err) == (1, "")
    _assert_all_linted(result, f"{bad}/site.tf:9:7: CF101")


def test_a_huge_for_each_is_one_instance_and_a_note(workdir: Path) -> None:
    _good(workdir)
    text = _with_count("1").replace(
        "count   = 1", "for_each = toset([for i in range(1024) : tostring(i)])"
    )
    bad = _module(workdir / "bad", {"main.tf": text})
    result = lint(bad, GOOD, COMPANION)
    assert result.code == 1
    assert result.errors == [
        f"{bad}/main.tf:3: note: aws_cloudfront_distribution.site: for_each has 1,024 elements, "
        "more than 1,000; read as one instance standing for all"
    ]
    _assert_all_linted(result, f"{bad}/main.tf:10:7: CF101")


def test_a_module_that_fails_names_only_itself(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An exception no module should raise (a parser bug, as the 4,301-digit integers once
    were) names that module; the good module next to it keeps its finding."""
    from cf502lint.parsers.terraform import distribution, module

    real_build, real_load = distribution.build, module.load_module

    def build(body: object, **where: object) -> object:
        if str(where["address"]).endswith("crash"):
            raise OverflowError("cannot convert float infinity to integer")
        return real_build(body, **where)  # type: ignore[arg-type]

    def load_module(directory: str, *args: object, **kwargs: object) -> object:
        if directory.endswith("unloadable"):
            raise ValueError("value has 4301 digits")
        return real_load(directory, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("cf502lint.parsers.terraform.configuration.build", build)
    monkeypatch.setattr("cf502lint.parsers.terraform.load_module", load_module)
    _good(workdir)
    crash = _module(workdir / "crash", {"main.tf": SITE.replace('"site" {', '"crash" {', 1)})
    unloadable = _module(workdir / "unloadable", {"main.tf": SITE})
    result = lint(crash, unloadable, GOOD, COMPANION)
    assert result.errors == [
        f"{crash}: error: internal error while reading it (OverflowError: cannot convert float "
        "infinity to integer); please report it",
        f"{unloadable}: error: internal error while reading it (ValueError: value has 4301 "
        "digits); please report it",
    ]
    assert result.code == 2
    _assert_all_linted(result)


# --- item 7: module fan-out -----------------------------------------------------------------


def _call(name: str, source: str, count: int) -> str:
    return f'module "{name}" {{\n  source = "{source}"\n  count  = {count}\n}}\n'


def test_modules_calling_each_other_with_count_are_bounded(workdir: Path) -> None:
    """10^9 module instances asked for: the tree's bound stops them in seconds, says so,
    and the distribution of the root module and of the next module are still linted."""
    _good(workdir)
    root = workdir / "fan"
    _module(root, {"site.tf": SITE, "main.tf": _call("a", "./m1", 1000)})
    _module(root / "m1", {"main.tf": _call("b", "../m2", 1000)})
    _module(root / "m2", {"main.tf": _call("c", "../m3", 1000)})
    _module(root / "m3", {"main.tf": 'resource "aws_s3_bucket" "x" {\n  count = 1000\n}\n'})
    result = lint_subprocess("fan", GOOD, COMPANION, cwd=workdir)
    assert result.seconds < SECONDS
    assert result.peak_mb < PEAK_MB
    assert result.code == 1
    bound = f"more than {budget.MAX_TREE_INSTANCES:,} module and resource instances"
    notes = _notes(result)
    assert notes and all(bound in note for note in notes), result.err
    assert f"fan/m1/main.tf:3: note: module.b: 1,000 instances would be {bound}" in result.err
    _assert_all_linted(result, "fan/site.tf:9:7: CF101")


def test_values_built_past_a_bound_are_unknown_in_bounded_memory(workdir: Path) -> None:
    """A thousand new strings of a million characters each, every one within the bound of a
    value: what a value builds is counted as it is built (1 GB held before), not only the
    result."""
    _good(workdir)
    doubled = "".join(f'  s{i} = "${{local.s{i - 1}}}${{local.s{i - 1}}}"\n' for i in range(1, 16))
    spend = f'locals {{\n  s0 = "{"lol" * 10}"\n{doubled}'
    spend += '  m = [for i in range(1000) : "${local.s15}${i}"]\n}\n'
    text = SITE.replace("  enabled = true\n", "  enabled = true\n  comment = length(local.m)\n")
    bad = _module(workdir / "bad", {"main.tf": text, "spend.tf": spend})
    result = lint_subprocess(bad, GOOD, COMPANION, cwd=workdir)
    assert result.seconds < SECONDS
    assert result.peak_mb < PEAK_MB
    assert result.code == 1
    assert result.errors == [
        f"{bad}/spend.tf:18: note: local.m: more than {budget.MAX_BUILT:,} characters and "
        "elements built for one value; its value is unknown"
    ]
    _assert_all_linted(result, f"{bad}/main.tf:10:7: CF101")


# --- item 11: module sources out of the tree ------------------------------------------------

SECRET = "HOSTILE0OUTSIDE0TOKEN"


def test_module_sources_outside_the_roots_are_not_read(
    workdir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    write(outside / "leak.tf", SITE.replace("example-site", SECRET))
    _good(workdir)
    root = workdir / "calls"
    source = os.path.relpath(outside, root)
    calls = _call("out", source, 1) + _call("gone", "./missing", 1) + _call("empty", "./e", 1)
    _module(root, {"main.tf": calls})
    (root / "e").mkdir()
    for fmt in sorted(reporters()):
        result = lint("--format", fmt, "calls", GOOD, COMPANION)
        assert SECRET not in result.out + result.err
        assert str(outside) not in result.out + result.err
        assert result.code == 1
        assert result.errors == [
            f"calls/main.tf:2: note: module.out: source {source!r} is outside the linted "
            "directories: not read; its outputs are unknown",
            "calls/main.tf:6: note: module.gone: source './missing' does not exist; "
            "its outputs are unknown",
            "calls/main.tf:10: note: module.empty: source './e' holds no Terraform files; "
            "its outputs are unknown",
        ], (fmt, result.err)
    assert any(line.startswith(GOOD_FINDING) for line in _findings(result))


# --- item 12: quadratic plans, expensive dynamic blocks -------------------------------------


def _plan(size: int) -> str:
    """``size`` load balancers and as many distributions, each in front of one of them with
    a keep-alive above its idle timeout: a finding that needs the balancer looked up."""
    origin = {"http_port": 80, "https_port": 443, "origin_protocol_policy": "http-only"}
    resources = [
        {
            "address": f"aws_lb.b{i}",
            "mode": "managed",
            "type": "aws_lb",
            "values": {"dns_name": f"b{i}-1.us-east-1.elb.amazonaws.com", "idle_timeout": 1},
        }
        for i in range(size)
    ] + [
        {
            "address": f"aws_cloudfront_distribution.d{i}",
            "mode": "managed",
            "type": "aws_cloudfront_distribution",
            "values": {
                "origin": [
                    {
                        "origin_id": "o",
                        "domain_name": f"B{i}-1.us-east-1.elb.amazonaws.com.",
                        "custom_origin_config": [{**origin, "origin_keepalive_timeout": 5}],
                    }
                ],
                "default_cache_behavior": [
                    {
                        "target_origin_id": "o",
                        "viewer_protocol_policy": "redirect-to-https",
                        "cache_policy_id": "658327ea-f89d-4fab-a63d-7e88639e58f6",
                    }
                ],
            },
        }
        for i in range(size)
    ]
    plan = {"format_version": "1.2", "planned_values": {"root_module": {"resources": resources}}}
    return json.dumps(plan, separators=(",", ":"))


def test_a_plan_of_many_distributions_and_balancers_is_read_in_linear_time(
    workdir: Path,
) -> None:
    """8,000 distributions each looking up one of 8,000 balancers: 64 million name
    comparisons when each lookup scans them all (about 20 s), a few seconds indexed."""
    size = 8000
    plan = write(workdir / "bad" / "plan.json", _plan(size))
    result = lint_subprocess("--format", "json", plan, COMPANION, cwd=workdir)
    assert result.seconds < SECONDS
    assert result.peak_mb < PEAK_MB
    assert (result.code, result.err) == (1, "")
    findings = json.loads(result.out)["findings"]
    keepalive = [f for f in findings if f["rule"] == "CF207"]  # CF209 names them too
    balancers = [re.findall(r"'(aws_lb\.b\d+)'", f["message"]) for f in keepalive]
    assert balancers == [[f"aws_lb.b{i}"] for i in range(size)]
    assert findings[-1]["path"] == COMPANION


DYNAMIC_BOMB = """\
  dynamic "origin" {
    for_each = [for a in range(1000) : [for b in range(1000) : b]]
    content {
      origin_id   = "bomb${origin.key}"
      domain_name = "bomb.example.com"
    }
  }
  dynamic "custom_error_response" {
    for_each = range(1024)
    content {
      error_code = 400 + custom_error_response.value
    }
  }
"""


def test_an_expensive_dynamic_block_leaves_the_rest_of_its_module_known(workdir: Path) -> None:
    """The block runs out of its own budget and says so; the origin next to it in the same
    distribution, and the distribution next to that, keep their findings."""
    _good(workdir)
    text = SITE.replace("  origin {\n", DYNAMIC_BOMB + "  origin {\n", 1)
    second = SITE.replace('"site"', '"second"').replace("example-site", "second-site")
    bad = _module(workdir / "bad", {"main.tf": text, "second.tf": second})
    result = lint_subprocess(bad, GOOD, COMPANION, cwd=workdir)
    assert result.seconds < SECONDS
    assert result.peak_mb < PEAK_MB
    assert result.code == 1
    assert result.errors == [
        f'{bad}/main.tf:3: note: aws_cloudfront_distribution.site, dynamic "origin": more than '
        f"{budget.MAX_STEPS:,} expressions evaluated for one value; its value is unknown",
        f'{bad}/main.tf:11: note: dynamic "custom_error_response": for_each has 1,024 '
        "elements, more than 1,000 blocks; read as blocks of unknown number and content",
    ]
    _assert_all_linted(result, f"{bad}/main.tf:22:7: CF101", f"{bad}/second.tf:9:7: CF101")


def test_running_out_of_a_modules_budget_is_a_note_and_spares_other_modules(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Locals each within their own bound, together past the module's: the value under way
    and every later one of the module are unknown, and a note says where it ran out; the
    next module has a budget of its own. (Bounds made small, so that it runs in a moment.)"""
    monkeypatch.setattr(budget, "MAX_STEPS", 1000)
    monkeypatch.setattr(budget, "MAX_TREE_STEPS", 2500)
    _good(workdir)
    spend = "".join(f"  b{i} = [for a in range(25) : [for b in range(25) : b]]\n" for i in range(4))
    comment = '  comment = join(",", flatten([local.b0, local.b1, local.b2, local.b3]))\n'
    text = SITE.replace("  enabled = true\n", "  enabled = true\n" + comment)
    bad = _module(workdir / "bad", {"main.tf": text, "spend.tf": f"locals {{\n{spend}}}\n"})
    result = lint(bad, GOOD, COMPANION)
    assert result.code == 1
    assert result.errors == [
        f"{bad}/spend.tf:5: note: local.b3: more than 2,500 expressions evaluated in this "
        "module and the modules it calls; it and every later value of this module are unknown",
    ]
    _assert_all_linted(result)


CYCLES = """\
resource "aws_s3_bucket" "self" {
  bucket = aws_s3_bucket.self.id
}

resource "aws_s3_bucket" "one" {
  bucket = aws_s3_bucket_website_configuration.two.website_endpoint
}

resource "aws_s3_bucket_website_configuration" "two" {
  bucket = aws_s3_bucket.one.bucket
}

resource "aws_cloudfront_distribution" "cycles" {
  enabled = true
  origin {
    origin_id   = "self"
    domain_name = aws_s3_bucket.self.bucket_regional_domain_name
    s3_origin_config {
      origin_access_identity = ""
    }
  }
  origin {
    origin_id   = "pair"
    domain_name = aws_s3_bucket.one.bucket_regional_domain_name
    s3_origin_config {
      origin_access_identity = ""
    }
  }
  default_cache_behavior {
    target_origin_id       = "self"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }
}
"""
"""Attributes that refer to themselves, directly and through a second resource: Terraform
refuses to plan the cycle, and the fuzzer once found the reader recursing until Python's
limit on the first of them."""


def test_resources_that_refer_to_themselves_leave_their_values_unknown(workdir: Path) -> None:
    """The origins in the cycles are unknown: no internal error, no finding on them, and
    the finding beside them in the same module is kept."""
    _good(workdir)
    bad = _module(workdir / "bad", {"cycles.tf": CYCLES, "site.tf": SITE})
    result = lint(bad, GOOD, COMPANION)
    assert (result.code, result.err) == (1, "")
    _assert_all_linted(result, f"{bad}/site.tf:9:7: CF101")
