"""``cf502lint probe`` as a user runs it: through ``cf502lint``'s own command line, with a
DNS server on loopback (``--nameserver``), in a subprocess and on a terminal; its checks
documented like the rules; and cf502lint's start-up untouched by it."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cf502lint.probe.checks import CHECKS

from .helpers import ROOT, cli, installed_rules
from .probe_servers import DnsServer, Origin, closed_port, guard_loopback, ok, serving, template

SECTIONS = (
    "## What it does",
    "## Why does this cause 502s?",
    "## Example",
    "Use instead",
    "## References",
)


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    guard_loopback(monkeypatch)


@pytest.fixture
def dns() -> Iterator[DnsServer]:
    server = DnsServer(
        {
            "app.test": [("A", "127.0.0.1")],
            "alias.test": [("CNAME", "app.test")],
            "mx-only.test": [("MX", "10 mail.test.")],
            "dangling.test": [("CNAME", "gone-lb.example.test")],
            "hollow.test": [("CNAME", "mx-only.test")],
            "broken.test": "SERVFAIL",
            "metadata.test": [("CNAME", "imds.test")],
            "imds.test": [("A", "169.254.169.254")],
            "private.test": [("A", "10.20.30.40")],
        }
    )
    yield server
    server.stop()


def ids(out: str) -> list[str]:
    return [line.split()[1] for line in out.splitlines() if ": CFP" in line]


# -- DNS, through a DNS server ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "check", "said"),
    [
        ("missing.test", "CFP101", "DNS says the name does not exist (NXDOMAIN)"),
        ("mx-only.test", "CFP102", "the name exists but has no A or AAAA record"),
        (
            "dangling.test",
            "CFP103",
            "the CNAME chain dangling.test -> gone-lb.example.test ends in a name that does "
            "not exist",
        ),
        (
            "hollow.test",
            "CFP103",
            "the CNAME chain hollow.test -> mx-only.test ends in a name without an A or AAAA",
        ),
        ("broken.test", "CFP104", "DNS lookups fail (SERVFAIL)"),
        ("private.test", "CFP105", "resolves to 10.20.30.40, a private address"),
        ("metadata.test", "CFP105", "resolves to 169.254.169.254, a cloud metadata service"),
    ],
)
def test_dns_findings(tmp_path: Path, dns: DnsServer, name: str, check: str, said: str) -> None:
    path = template(tmp_path, Origin(name, 8080))
    extra = ["--allow-private"] if name == "metadata.test" else []
    run = cli("probe", path, "--nameserver", dns.address, *extra)
    assert run.code == 1, run
    assert ids(run.out) == [check]
    assert said in run.out


def test_a_name_and_a_cname_resolved_then_probed(tmp_path: Path, dns: DnsServer) -> None:
    with serving(ok()) as server:
        origins = [Origin("app.test", server.port), Origin("alias.test", server.port)]
        path = template(tmp_path, *origins)
        run = cli(
            "probe", path, "--nameserver", dns.address, "--allow-private", "--ignore", "CFP502"
        )
    assert (run.code, run.out, run.err) == (0, "All checks passed (1 file).\n", "")
    assert server.accepted == 2


def test_a_dns_server_that_does_not_answer_is_an_error_not_a_finding(tmp_path: Path) -> None:
    path = template(tmp_path, Origin("app.test", 8080))
    silent = f"127.0.0.1:{closed_port()}"
    run = cli("probe", path, "--nameserver", silent, "--timeout", "20")
    assert run.code == 2
    assert ids(run.out) == []
    assert "origin 'o0' (app.test): not probed, its name could not be resolved" in run.err


# -- the command line ------------------------------------------------------------------------


def test_origins_whose_name_is_not_known_are_noted_not_probed(tmp_path: Path) -> None:
    path = tmp_path / "site.yaml"
    path.write_text(
        "Parameters:\n  Origin: {Type: String}\nResources:\n  Site:\n"
        "    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n"
        "        Enabled: true\n        Origins:\n          - Id: app\n"
        "            DomainName: !Ref Origin\n            CustomOriginConfig:\n"
        "              OriginProtocolPolicy: https-only\n"
        "        DefaultCacheBehavior: {TargetOriginId: app, ViewerProtocolPolicy: allow-all,"
        " CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad}\n"
    )
    run = cli("probe", str(path))
    assert (run.code, run.out) == (0, "All checks passed (1 file).\n")
    assert (
        f"{path}:10: note: origin 'app': its domain name is not known here; not probed" in run.err
    )


def test_a_url_as_domain_name_is_noted_not_probed(tmp_path: Path) -> None:
    path = template(tmp_path, Origin("https://app.test/", 8080))
    run = cli("probe", path)
    assert (run.code, run.out) == (0, "All checks passed (1 file).\n")
    assert "its domain name 'https://app.test/' is not a host name; not probed" in run.err


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--timeout", "0"], "--timeout expects a positive number of seconds"),
        (["--timeout", "nan"], "--timeout expects a positive number of seconds"),
        (["--concurrency", "0"], "--concurrency expects 1 to 64"),
        (["--nameserver", "dns.google"], "--nameserver expects an IP address"),
        (["--nameserver", "127.0.0.1:99999"], "the port must be 1-65535"),
        (["--select", "CFP999"], "'CFP999' names no probe check"),
        (["--path", "no-slash"], "--path must start with /"),
        (["--header", "X-Bad Name:1"], "is not a valid header"),
        (["--header", "Host:evil.test"], "--header cannot set Host"),
        (["--format", "xml"], "unknown --format 'xml'"),
        (["--var-file", "missing.tfvars"], "--var-file 'missing.tfvars': no such file"),
    ],
)
def test_usage_errors(tmp_path: Path, args: list[str], said: str) -> None:
    run = cli("probe", str(tmp_path), *args)
    assert run.code == 2
    assert said in run.err
    assert "Traceback" not in run.err


def test_an_unreadable_file_exits_2(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text('AWSTemplateFormatVersion: "2010-09-09"\nResources: [\n')
    run = cli("probe", str(tmp_path / "broken.yaml"))
    assert run.code == 2
    assert "broken.yaml:3: error: invalid YAML" in run.err


def test_in_a_subprocess(tmp_path: Path, dns: DnsServer) -> None:
    with serving(ok()) as server:
        path = template(tmp_path, Origin("app.test", server.port, keepalive=1))
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "cf502lint",
                "probe",
                path,
                "--allow-private",
                "--nameserver",
                dns.address,
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert (done.returncode, done.stdout, done.stderr) == (0, "All checks passed (1 file).\n", "")


def test_progress_on_a_terminal(tmp_path: Path, dns: DnsServer) -> None:
    path = template(tmp_path, Origin("missing.test", 8080), Origin("dangling.test", 8080))
    controller, terminal = pty.openpty()
    done = subprocess.run(
        [sys.executable, "-m", "cf502lint", "probe", path, "--nameserver", dns.address],
        stdout=subprocess.PIPE,
        stderr=terminal,
        timeout=60,
        check=False,
    )
    os.close(terminal)
    shown = os.read(controller, 65536).decode()
    os.close(controller)
    assert done.returncode == 1
    assert "\rcf502lint probe: 0/2 origins probed" in shown
    assert "\rcf502lint probe: 2/2 origins probed\r\x1b[K" in shown
    assert b"origins probed" not in done.stdout


def test_no_progress_when_not_on_a_terminal(tmp_path: Path, dns: DnsServer) -> None:
    path = template(tmp_path, Origin("missing.test", 8080), Origin("dangling.test", 8080))
    run = cli("probe", path, "--nameserver", dns.address)
    assert run.err == ""


# -- documentation ---------------------------------------------------------------------------


def test_check_ids_and_names_are_their_own() -> None:
    rules = installed_rules()
    assert len({c.id for c in CHECKS}) == len({c.name for c in CHECKS}) == len(CHECKS)
    for check in CHECKS:
        assert re.fullmatch(r"CFP\d{3}", check.id)
        assert re.fullmatch(r"^[A-Z]{2,5}\d{3}$", check.id)
        assert check.id not in rules
        assert check.name not in {r.name for r in rules.values()}


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.id)
def test_every_check_is_documented_like_a_rule(check: object) -> None:
    from cf502lint.rule import Rule

    assert isinstance(check, Rule)
    for section in SECTIONS:
        assert section in check.doc, f"{check.id} lacks {section!r}"
    assert "https://" in check.doc.split("## References", 1)[1]
    example = check.doc.split("## Example", 1)[1]
    assert f" {check.id} [{check.severity}] " in " ".join(example.split())
    assert f"({check.name})" in " ".join(example.split())


def test_cf502lint_rule_prints_a_checks_page() -> None:
    run = cli("rule", "CFP301")
    assert run.code == 0
    assert run.out.startswith(
        "# origin-tls-handshake-failure (CFP301)\n\nDefault severity: error\n"
    )
    assert cli("rule", "origin-port-unreachable").out.startswith(
        "# origin-port-unreachable (CFP201)"
    )
    assert "## Options" in cli("rule", "CFP307").out


def test_the_docs_list_every_check() -> None:
    text = (ROOT / "docs" / "probe.md").read_text(encoding="utf-8")
    table = re.findall(r"^\| (CFP\d{3}) \| `([a-z0-9-]+)` \| (\w+) \| (.+) \|$", text, re.M)
    assert table == [(c.id, c.name, str(c.severity), c.summary) for c in CHECKS]


def test_the_readme_points_at_the_probe() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "cf502lint probe" in readme and "docs/probe.md" in readme


# -- start-up --------------------------------------------------------------------------------


def test_start_up_does_not_load_the_probe() -> None:
    code = (
        "import sys\n"
        "from cf502lint.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('ssl', 'certifi', 'dns',"
        " 'concurrent') or m.startswith('cf502lint.probe')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[]"


def test_linting_does_not_load_the_probe() -> None:
    template_ = str(ROOT / "fixtures" / "examples" / "static-site-fixed.yaml")
    code = (
        "import sys\n"
        "from cf502lint.cli import main\n"
        f"main([{template_!r}])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('certifi', 'dns')"
        " or m.startswith('cf502lint.probe')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[]"
