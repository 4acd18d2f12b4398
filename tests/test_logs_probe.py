"""``cf502lint logs --probe``: the live probe of the origins behind the errors, on loopback."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from cf502lint.logs.command import main as logs_main
from cf502lint.probe.resolve import Resolver

from .helpers import Run
from .logfiles import error, record, w3c
from .probe_servers import Origin, closed_port, guard_loopback, ok, resolver, serving, template


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    guard_loopback(monkeypatch)


def logs(*args: str, dns: Resolver) -> Run:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = logs_main(list(args), dns)
    return Run(code, out.getvalue(), err.getvalue())


def test_probe_results_explain_the_errors_of_their_origin(tmp_path: Path) -> None:
    with serving(ok()) as healthy:
        path = template(
            tmp_path, Origin("app.test", closed_port()), Origin("static.test", healthy.port)
        )
        log = tmp_path / "a.log"
        log.write_text(
            w3c([error("OriginConnectError", cs_uri_stem="/"), record(cs_uri_stem="/o1/x")])
        )
        run = logs(
            str(log),
            "--config",
            path,
            "--probe",
            "--allow-private",
            "--format",
            "json",
            dns=resolver("app.test", "static.test"),
        )
    assert run.code == 0, run.err
    (explained,) = json.loads(run.out)["explanations"]
    assert (explained["pattern"], explained["origins"]) == ("*", ["o0"])
    assert [(e["kind"], e["rule"], e["weight"]) for e in explained["evidence"]] == [
        ("probe", "CFP201", 3)
    ]


def test_probe_needs_the_infrastructure_code(tmp_path: Path) -> None:
    log = tmp_path / "a.log"
    log.write_text(w3c([error("OriginConnectError")]))
    run = logs(str(log), "--probe", dns=resolver())
    assert run.code == 2 and "--probe probes the origins of --config" in run.err
