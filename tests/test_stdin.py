"""Standard input as users pipe it: ``aws cloudfront get-distribution-config | cf502lint -``."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import FIXTURES, cli

API_BAD = FIXTURES / "rules" / "https_to_s3_website_origin" / "bad-api.json"
TEMPLATE_BAD = FIXTURES / "rules" / "https_to_s3_website_origin" / "bad.yaml"
CUSTOM_CACHE = "0a1b2c3d-1111-2222-3333-444455556666"


def cf502lint(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "cf502lint", *args]
    return subprocess.run(command, input=stdin, capture_output=True, check=False)


@pytest.mark.parametrize("path", [API_BAD, TEMPLATE_BAD], ids=lambda p: p.name)
@pytest.mark.parametrize("output", ["text", "json"])
def test_piped_document_is_linted_like_the_file(path: Path, output: str) -> None:
    name = str(path)
    from_file = cf502lint("--format", output, name)
    piped = cf502lint("--format", output, "--stdin-filename", name, "-", stdin=path.read_bytes())
    assert from_file.returncode == 1
    assert (piped.returncode, piped.stdout, piped.stderr) == (
        from_file.returncode,
        from_file.stdout,
        from_file.stderr,
    )


@pytest.mark.skipif(shutil.which("cat") is None, reason="needs a shell with cat")
def test_cat_pipe_into_dash() -> None:
    command = f"cat {shlex.quote(str(API_BAD))} | {shlex.quote(sys.executable)} -m cf502lint -"
    done = subprocess.run(command, shell=True, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0].startswith("<stdin>:22:7: CF101 [error] origin 'website' connects with HTTPS")
    assert lines[-1] == "Found 2 findings (2 error)."


def test_stdin_filename_alone_reads_stdin() -> None:
    done = cf502lint("--stdin-filename", "live.json", stdin=API_BAD.read_bytes())
    assert done.returncode == 1
    assert done.stdout.decode().startswith("live.json:22:7: CF101")


def test_stdin_filename_without_dash_is_a_usage_error() -> None:
    run = cli("--stdin-filename", "live.json", str(API_BAD))
    assert run.code == 2
    assert "pass '-'" in run.err


def test_json_that_is_no_distribution_passes_quietly() -> None:
    done = cf502lint("-", stdin=b'{"name": "web", "private": true}\n')
    assert (done.returncode, done.stdout) == (
        0,
        b"Nothing to check: no CloudFront distribution in 1 file.\n",
    )


def test_utf16_with_bom_is_decoded_like_a_file() -> None:
    done = cf502lint("-", stdin=API_BAD.read_text().encode("utf-16"))
    assert done.returncode == 1
    assert done.stdout.decode().startswith("<stdin>:22:7: CF101")


@pytest.mark.parametrize(
    ("data", "args", "message"),
    [
        (b'{"DistributionConfig": \xff}', (), "<stdin>:1: error: not valid UTF-8"),
        (
            b'{"DistributionConfig": {',
            ("--stdin-filename", "x.json"),
            "x.json:1: error: invalid JSON",
        ),
        (b" " * 2048, ("--max-file-size", "0.001"), "<stdin>: error: input is too large"),
    ],
    ids=["not UTF-8", "broken JSON", "too large"],
)
def test_unreadable_input_is_an_error_naming_it(
    data: bytes, args: tuple[str, ...], message: str
) -> None:
    done = cf502lint(*args, "-", stdin=data)
    assert done.returncode == 2
    assert done.stderr.decode().startswith(message)


def test_piped_distribution_resolves_policies_given_as_files(tmp_path: Path) -> None:
    policy = tmp_path / "cache-policy.json"
    policy.write_text(
        json.dumps(
            {
                "ETag": "E1",
                "CachePolicy": {
                    "Id": CUSTOM_CACHE,
                    "CachePolicyConfig": {
                        "Name": "no-host",
                        "ParametersInCacheKeyAndForwardedToOrigin": {
                            "HeadersConfig": {"HeaderBehavior": "none"},
                        },
                    },
                },
            }
        )
    )
    config = {
        "Origins": {
            "Quantity": 1,
            "Items": [
                {
                    "Id": "alb",
                    "DomainName": "app-1.eu-west-1.elb.amazonaws.com",
                    "CustomOriginConfig": {
                        "HTTPPort": 80,
                        "HTTPSPort": 443,
                        "OriginProtocolPolicy": "https-only",
                    },
                }
            ],
        },
        "DefaultCacheBehavior": {
            "TargetOriginId": "alb",
            "ViewerProtocolPolicy": "https-only",
            "CachePolicyId": CUSTOM_CACHE,
        },
    }
    piped = json.dumps({"ETag": "E2", "DistributionConfig": config}).encode()
    assert cf502lint("-", stdin=piped).returncode == 0
    done = cf502lint("-", str(policy), stdin=piped)
    assert done.returncode == 1
    assert b"CF103" in done.stdout
