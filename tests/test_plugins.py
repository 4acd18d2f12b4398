"""Issue 6, items 2 and 5: plugins come only from installed entry points, and a crashing
rule (built in or third party) is reported naming the rule and the file, with exit code 2:
never swallowed, never a clean run.

The third-party cases install nothing: a ``.dist-info`` directory with an
``entry_points.txt`` on a subprocess's PYTHONPATH is what importlib.metadata discovers,
exactly as for a pip-installed package.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

import cf502lint.plugins
from cf502lint import Distribution, Problem, Rule, Severity, Span, hookimpl, rule
from cf502lint.config import Config
from cf502lint.parsers import ParseOptions
from cf502lint.plugins import collect_rules, plugin_manager
from cf502lint.runner import run

from .helpers import FIXTURES, cli

SITE = FIXTURES / "bad_input" / "site.yaml"
SITE_FINDING = "site.yaml:12:34: CF101 [error]"


def _crashing(check: object) -> Rule:
    """A rule whose check is ``check``, with the documentation every rule needs."""

    def body(dist: Distribution) -> Iterator[Problem]:
        """Crashes.

        A test rule.
        """
        yield from check(dist)  # type: ignore[operator]

    return rule("ACME999", "always-crashes", Severity.ERROR)(body)


def _raises(dist: Distribution) -> Iterator[Problem]:
    yield from ()
    raise RuntimeError("boom")


def _raises_after_one(dist: Distribution) -> Iterator[Problem]:
    yield Problem("a first problem", dist.span)
    raise KeyError("origins")


def _yields_a_string(dist: Distribution) -> Iterator[Problem]:
    yield "not a problem"  # type: ignore[misc]


def _yields_a_bad_span(dist: Distribution) -> Iterator[Problem]:
    yield Problem("no place", None)  # type: ignore[arg-type]


def _yields_unhashable(dist: Distribution) -> Iterator[Problem]:
    yield ["a", "list"]  # type: ignore[misc]


def _returns_none(dist: Distribution) -> None:
    return None


def _exits(dist: Distribution) -> Iterator[Problem]:
    yield from ()
    sys.exit(0)


CRASHES = {
    "raises": (_raises, "RuntimeError('boom')"),
    "raises-after-one-problem": (_raises_after_one, "KeyError('origins')"),
    "yields-a-string": (_yields_a_string, "TypeError(\"yielded 'not a problem', which is not"),
    "yields-a-bad-span": (_yields_a_bad_span, "TypeError(\"yielded Problem(message='no place'"),
    "yields-unhashable": (_yields_unhashable, "TypeError(\"yielded ['a', 'list'], which is not"),
    "returns-none": (_returns_none, "TypeError("),
    "calls-sys-exit": (_exits, "SystemExit(0)"),
}


class Pack:
    def __init__(self, *rules: Rule) -> None:
        self.rules = rules

    @hookimpl
    def cf502lint_rules(self) -> Iterable[Rule]:
        return self.rules


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(SITE, tmp_path / "site.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _with_plugin(monkeypatch: pytest.MonkeyPatch, *plugins: object) -> None:
    """Make the CLI's plugin manager hold ``plugins`` besides the installed ones."""
    real = cf502lint.plugins.plugin_manager

    def manager(*extra: object, entry_points: bool = True) -> object:
        return real(*plugins, *extra, entry_points=entry_points)

    monkeypatch.setattr(cf502lint.plugins, "plugin_manager", manager)


@pytest.mark.parametrize("crash", CRASHES, ids=list(CRASHES))
def test_crashing_rule_is_reported_naming_rule_and_file(
    site: Path, monkeypatch: pytest.MonkeyPatch, crash: str
) -> None:
    check, error = CRASHES[crash]
    _with_plugin(monkeypatch, Pack(_crashing(check)))
    result = cli("site.yaml")
    assert result.code == 2
    (line,) = result.err.splitlines()
    assert line.startswith(f"site.yaml: error: rule ACME999 (always-crashes) crashed: {error}")
    assert SITE_FINDING in result.out  # the other rules' findings are still reported
    assert "All checks passed" not in result.out


def test_crash_is_an_error_even_when_nothing_else_is_found(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_plugin(monkeypatch, Pack(_crashing(_raises)))
    for args in (["--select", "ACME999"], ["--fail-on", "error", "--select", "ACME"]):
        result = cli(*args, "site.yaml")
        assert result.code == 2, args
        assert result.out.strip() == ""  # no "All checks passed"
        document = json.loads(cli("--format", "json", *args, "site.yaml").out)
        assert document["findings"] == []
        assert document["errors"] == [
            {
                "path": "site.yaml",
                "line": None,
                "message": "rule ACME999 (always-crashes) crashed: RuntimeError('boom')",
            }
        ]


def test_crash_in_one_file_leaves_other_files_linted(tmp_path: Path) -> None:
    def only_in_first(dist: Distribution) -> Iterator[Problem]:
        if dist.span.path.endswith("first.yaml"):
            raise ValueError("only here")
        yield from ()

    shutil.copy(SITE, tmp_path / "first.yaml")
    shutil.copy(SITE, tmp_path / "second.yaml")
    rules = collect_rules(plugin_manager(Pack(_crashing(only_in_first))))
    report = run([str(tmp_path)], rules, Config(), ParseOptions())
    assert [(e.path, e.message) for e in report.errors] == [
        (
            str(tmp_path / "first.yaml"),
            "rule ACME999 (always-crashes) crashed: ValueError('only here')",
        )
    ]
    assert sorted({f.span.path for f in report.findings if f.rule_id == "CF101"}) == [
        str(tmp_path / "first.yaml"),
        str(tmp_path / "second.yaml"),
    ]


def test_plugin_providing_something_that_is_not_a_rule_is_an_error(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Odd:
        @hookimpl
        def cf502lint_rules(self) -> Iterable[object]:
            return ["CF999"]

    _with_plugin(monkeypatch, Odd())
    result = cli("site.yaml")
    assert (result.code, result.out) == (2, "")
    assert result.err == "cf502lint: error: a plugin provided 'CF999', which is not a Rule\n"


def test_plugin_rule_clashing_with_a_built_in_id_is_an_error(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    @rule("CF101", "my-own-rule", Severity.INFO)
    def clash(dist: Distribution) -> Iterator[Problem]:
        """Clashes."""
        yield from ()

    _with_plugin(monkeypatch, Pack(clash))
    result = cli("site.yaml")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("cf502lint: error: two rules are called 'CF101': CF101 and CF101")


# --- third-party plugins through real entry points, in subprocesses ------------------------


CRASHING_PLUGIN = '''
from cf502lint import Problem, Severity, hookimpl, rule


@rule("ACME900", "acme-crashes", Severity.WARNING)
def acme_crashes(dist):
    """Crashes on every distribution.

    A test rule.
    """
    raise ZeroDivisionError("acme rule divided by zero")
    yield


@rule("ACME901", "acme-finds", Severity.WARNING)
def acme_finds(dist):
    """Flags every distribution.

    A test rule.
    """
    yield Problem("acme was here", dist.span)


@hookimpl
def cf502lint_rules():
    return [acme_crashes, acme_finds]
'''


def _install(site_dir: Path, name: str, module: str, source: str | None) -> None:
    """What pip would leave behind: a module and a dist-info with the entry point."""
    site_dir.mkdir(exist_ok=True)
    if source is not None:
        (site_dir / f"{module}.py").write_text(textwrap.dedent(source))
    info = site_dir / f"{name.replace('-', '_')}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[cf502lint]\n{name} = {module}\n")


def _cli_subprocess(
    *args: str, cwd: Path, pythonpath: Path | None = None, script: bool = False
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    command = (
        [str(Path(sys.executable).parent / "cf502lint")]
        if script
        else [sys.executable, "-m", "cf502lint"]
    )
    done = subprocess.run(
        [*command, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_third_party_plugin_rule_crash_through_an_entry_point(site: Path, tmp_path: Path) -> None:
    plugins = tmp_path / "site-packages"
    _install(plugins, "acme-rules", "acme_rules", CRASHING_PLUGIN)
    done = _cli_subprocess("site.yaml", cwd=site, pythonpath=plugins)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "site.yaml: error: rule ACME900 (acme-crashes) crashed: "
        "ZeroDivisionError('acme rule divided by zero')"
    ]
    lines = done.stdout.splitlines()
    assert any(line.startswith(SITE_FINDING) for line in lines)  # the built-in rules ran
    assert any("ACME901 [warning] acme was here" in line for line in lines)  # so did its sibling


def test_third_party_plugin_that_fails_to_import(site: Path, tmp_path: Path) -> None:
    plugins = tmp_path / "site-packages"
    _install(plugins, "acme-broken", "acme_broken", "import acme_does_not_exist\n")
    done = _cli_subprocess("site.yaml", cwd=site, pythonpath=plugins)
    assert done.returncode == 2
    assert done.stdout == ""  # nothing that could pass for a clean run
    assert done.stderr == (
        "cf502lint: error: could not load the cf502lint plugin 'acme-broken' (acme_broken): "
        "ModuleNotFoundError: No module named 'acme_does_not_exist'\n"
    )


def test_third_party_plugin_whose_module_is_missing(site: Path, tmp_path: Path) -> None:
    plugins = tmp_path / "site-packages"
    _install(plugins, "acme-gone", "acme_gone", None)  # dist-info left behind, module deleted
    done = _cli_subprocess("site.yaml", cwd=site, pythonpath=plugins)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(
        "cf502lint: error: could not load the cf502lint plugin 'acme-gone'"
    )


# --- nothing is imported from the tree being linted -----------------------------------------

PLANTED = """
import pathlib
pathlib.Path({marker!r}).write_text("imported from the linted tree")
"""


@pytest.mark.parametrize("script", [False, True], ids=["python -m cf502lint", "cf502lint"])
def test_modules_in_the_linted_directory_are_never_imported(
    site: Path, tmp_path: Path, script: bool
) -> None:
    """A repository under lint that holds files named like cf502lint's plugins (the
    built-in pack, an installed third-party pack) or its parsers' libraries does not get
    them imported: ``python -m`` would otherwise put the current directory first on
    sys.path."""
    plugins = tmp_path / "site-packages"
    _install(
        plugins,
        "acme-rules",
        "acme_rules",
        CRASHING_PLUGIN.replace("raise Zero", "return\n    raise Zero"),
    )
    planted = ["cf502lint_rules", "acme_rules", "yaml", "hcl2", "lark"]
    for module in planted:
        (site / f"{module}.py").write_text(PLANTED.format(marker=str(site / f"IMPORTED-{module}")))
    shutil.copy(FIXTURES / "bad_input" / "terraform" / "site.tf", site / "main.tf")
    done = _cli_subprocess("site.yaml", "main.tf", cwd=site, pythonpath=plugins, script=script)
    assert sorted(p.name for p in site.glob("IMPORTED-*")) == []
    assert done.returncode == 1, done.stderr
    assert any(line.startswith(SITE_FINDING) for line in done.stdout.splitlines())
    assert "main.tf:9:7: CF101" in done.stdout
    assert "ACME901" in done.stdout  # the installed plugin was loaded, from where it is installed


def test_only_entry_points_or_explicit_objects_provide_rules() -> None:
    """Without entry points, only the plugin objects passed in explicitly are registered."""

    @rule("ACME001", "explicit-only", Severity.INFO)
    def explicit(dist: Distribution) -> Iterator[Problem]:
        """Explicit."""
        yield Problem("x", Span("p", 1))

    assert list(collect_rules(plugin_manager(entry_points=False))) == []
    assert list(collect_rules(plugin_manager(Pack(explicit), entry_points=False))) == ["ACME001"]
    with_builtins = collect_rules(plugin_manager(Pack(explicit)))
    assert "ACME001" in with_builtins and "CF101" in with_builtins
