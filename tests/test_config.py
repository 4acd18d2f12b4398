"""Configuration files, as users write them: discovery, keys, errors and the README's snippets."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from cf502lint import Distribution, Problem, Severity, rule
from cf502lint.config_file import ConfigError, load
from cf502lint.globs import PathPatterns

from .docs import CONFIGURATION, blocks, section
from .helpers import FIXTURES, cli

SITE = FIXTURES / "config" / "site.yaml"
API = FIXTURES / "config" / "api.json"

CF206 = (
    "CF206 [warning] origin 'app' has a response timeout of 2s (below 5s); slow responses "
    "become errors (low-origin-read-timeout)"
)
CF101 = (
    "CF101 [error] origin 'website' connects with HTTPS (https-only) to an S3 website "
    "endpoint, which only speaks HTTP; use http-only (https-to-s3-website-origin)"
)


def tree(root: Path, files: dict[str, str | Path]) -> Path:
    """Write ``files`` (text, or a fixture to copy) under ``root``."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copy(content, path)
        else:
            path.write_text(content)
    return root


def readme_blocks(heading: str, language: str) -> list[str]:
    """The fenced ``language`` blocks of docs/configuration.md's ``## heading`` section."""
    return blocks(section(CONFIGURATION, heading), language)


# --- discovery ------------------------------------------------------------------------------


def test_pyproject_table_above_the_linted_file_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree(
        tmp_path,
        {"pyproject.toml": '[tool.cf502lint]\nignore = ["CF206"]\n', "infra/site.yaml": SITE},
    )
    monkeypatch.chdir(tmp_path)
    run = cli("infra/site.yaml")
    assert (run.code, run.err) == (1, "")
    assert run.out == f"infra/site.yaml:17:15: {CF101}\nFound 1 finding (1 error).\n"


def test_config_is_found_from_the_paths_not_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree(
        tmp_path,
        {
            "project/.cf502lint.toml": 'ignore = ["CF101"]\n',
            "project/a/site.yaml": SITE,
            "project/b/site.yaml": SITE,
            "elsewhere/.cf502lint.toml": 'ignore = ["CF206"]\n',
        },
    )
    monkeypatch.chdir(tmp_path / "elsewhere")
    run = cli("../project/a/site.yaml", "../project/b")
    assert run.out.splitlines() == [
        f"../project/a/site.yaml:13:15: {CF206}",
        f"../project/b/site.yaml:13:15: {CF206}",
        "Found 2 findings (2 warning).",
    ]


def test_without_paths_the_working_directory_is_searched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree(tmp_path, {".cf502lint.toml": 'ignore = ["CF2"]\n', "deep/er/site.yaml": SITE})
    monkeypatch.chdir(tmp_path / "deep")
    run = cli()
    assert run.out == f"er/site.yaml:17:15: {CF101}\nFound 1 finding (1 error).\n"


def test_the_nearest_config_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree(
        tmp_path,
        {
            "pyproject.toml": '[tool.cf502lint]\nignore = ["CF101"]\n',
            "infra/.cf502lint.toml": 'ignore = ["CF206"]\n',
            "infra/site.yaml": SITE,
        },
    )
    monkeypatch.chdir(tmp_path)
    assert cli("infra/site.yaml").out.splitlines()[0] == f"infra/site.yaml:17:15: {CF101}"


def test_dot_file_wins_over_pyproject_in_the_same_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree(
        tmp_path,
        {
            "pyproject.toml": '[tool.cf502lint]\nignore = ["CF101"]\n',
            ".cf502lint.toml": 'ignore = ["CF206"]\n',
            "site.yaml": SITE,
        },
    )
    monkeypatch.chdir(tmp_path)
    assert cli("site.yaml").out.splitlines()[0] == f"site.yaml:17:15: {CF101}"


def test_pyproject_without_the_table_is_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree(
        tmp_path,
        {
            ".cf502lint.toml": 'ignore = ["CF206"]\n',
            "project/pyproject.toml": '[project]\nname = "infra"\n[tool.ruff]\nline-length = 99\n',
            "project/site.yaml": SITE,
        },
    )
    monkeypatch.chdir(tmp_path / "project")
    assert cli("site.yaml").out.splitlines()[0] == f"site.yaml:17:15: {CF101}"


def test_config_flag_reads_exactly_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree(
        tmp_path,
        {
            ".cf502lint.toml": 'ignore = ["CF206"]\n',
            "ci/strict.toml": 'ignore = ["CF101"]\nfail-on = "error"\n',
            "ci/pyproject.toml": '[tool.cf502lint]\nselect = ["CF101"]\n',
            "site.yaml": SITE,
        },
    )
    monkeypatch.chdir(tmp_path)
    run = cli("--config", "ci/strict.toml", "site.yaml")
    assert (run.code, run.out) == (0, f"site.yaml:13:15: {CF206}\nFound 1 finding (1 warning).\n")
    run = cli("--config", "ci/pyproject.toml", "site.yaml")
    assert run.out.splitlines() == [f"site.yaml:17:15: {CF101}", "Found 1 finding (1 error)."]


def test_config_flag_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree(tmp_path, {"pyproject.toml": "[project]\nname = 'x'\n", "site.yaml": SITE})
    monkeypatch.chdir(tmp_path)
    run = cli("--config", "missing.toml", "site.yaml")
    assert (run.code, run.out) == (2, "")
    assert run.err == "cf502lint: error: --config missing.toml: no such file\n"
    run = cli("--config", "pyproject.toml", "site.yaml")
    assert (run.code, run.err) == (
        2,
        "cf502lint: error: pyproject.toml: has no [tool.cf502lint] table\n",
    )


def test_isolated_ignores_every_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree(tmp_path, {".cf502lint.toml": "this is not toml", "site.yaml": SITE})
    monkeypatch.chdir(tmp_path)
    assert cli("site.yaml").code == 2
    run = cli("--isolated", "site.yaml")
    assert (run.code, run.out.splitlines()[-1]) == (1, "Found 2 findings (1 error, 1 warning).")


# --- keys -----------------------------------------------------------------------------------


def lint_with(tmp_path: Path, config: str, *args: str) -> list[str]:
    tree(tmp_path, {".cf502lint.toml": config, "site.yaml": SITE})
    run = cli(*args, str(tmp_path / "site.yaml"))
    assert run.code in (0, 1), run.err
    return [line.split(": ", 1)[1] for line in run.out.splitlines()[:-1]]


def test_select_and_ignore_by_id_name_and_prefix(tmp_path: Path) -> None:
    assert lint_with(tmp_path, 'select = ["CF2"]\n') == [CF206]
    assert lint_with(tmp_path, 'select = ["https-to-s3-website-origin"]\n') == [CF101]
    assert lint_with(tmp_path, 'ignore = ["CF1", "low-origin-read-timeout"]\n') == []


def test_command_line_overrides_the_file(tmp_path: Path) -> None:
    config = 'select = ["CF1"]\nignore = ["CF101"]\nfail-on = "error"\n'
    assert lint_with(tmp_path, config) == []
    # --select replaces both select and ignore of the file.
    assert lint_with(tmp_path, config, "--select", "CF101") == [CF101]
    # --ignore adds to the file's ignore.
    assert lint_with(tmp_path, 'ignore = ["CF101"]\n', "--ignore", "CF206") == []
    tree(tmp_path, {".cf502lint.toml": 'fail-on = "error"\nmax-file-size = 0.0001\n'})
    site = str(tmp_path / "site.yaml")
    assert cli(site).code == 2  # too large for the file's limit
    assert cli("--max-file-size", "1", "--select", "CF206", site).code == 0
    assert cli("--max-file-size", "1", "--select", "CF206", "--fail-on", "warning", site).code == 1


def test_max_file_size_from_the_file(tmp_path: Path) -> None:
    tree(tmp_path, {".cf502lint.toml": "max-file-size = 0.0001\n", "site.yaml": SITE})
    run = cli(str(tmp_path / "site.yaml"))
    assert run.code == 2
    assert run.err.endswith(
        "site.yaml: error: file is too large (772 bytes; the limit is 104, see --max-file-size)\n"
    )


def test_severity_by_id_name_and_prefix_most_specific_wins(tmp_path: Path) -> None:
    config = '[severity]\nCF = "info"\nCF2 = "error"\nhttps-to-s3-website-origin = "warning"\n'
    assert lint_with(tmp_path, config) == [
        CF206.replace("[warning]", "[error]"),
        CF101.replace("[error]", "[warning]"),
    ]
    tree(tmp_path, {".cf502lint.toml": '[severity]\nCF = "info"\n'})
    assert cli(str(tmp_path / "site.yaml")).code == 0  # info is below the default fail-on


def test_fail_on_from_the_file(tmp_path: Path) -> None:
    tree(
        tmp_path, {".cf502lint.toml": 'fail-on = "error"\nignore = ["CF101"]\n', "site.yaml": SITE}
    )
    run = cli(str(tmp_path / "site.yaml"))
    assert (run.code, run.out.splitlines()[-1]) == (0, "Found 1 finding (1 warning).")


def test_rule_options_by_id_name_and_prefix(tmp_path: Path) -> None:
    assert lint_with(tmp_path, "[options.CF206]\nminimum = 2\n") == [CF101]
    assert lint_with(tmp_path, "[options.low-origin-read-timeout]\nminimum = 3\n") == [
        CF206.replace("below 5s", "below 3s"),
        CF101,
    ]
    # A prefix applies the option to the rules that declare it; the exact name wins over it.
    config = "[options.CF2]\nminimum = 1\n[options.low-origin-read-timeout]\nminimum = 4\n"
    assert lint_with(tmp_path, config)[0] == CF206.replace("below 5s", "below 4s")


def test_per_file_ignores_are_relative_to_the_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree(
        tmp_path,
        {
            "repo/.cf502lint.toml": (
                '[per-file-ignores]\n"legacy/*.yaml" = ["CF1"]\n'
                '"*.json" = ["low-origin-read-timeout"]\n'
            ),
            "repo/legacy/site.yaml": SITE,
            "repo/legacy/deeper/site.yaml": SITE,
            "repo/current/site.yaml": SITE,
            "repo/current/legacy.yaml": SITE,
            "repo/api/dist.json": API,
        },
    )
    monkeypatch.chdir(tmp_path)
    run = cli("repo")
    assert [line.rsplit(" (", 1)[0].split(" [")[0] for line in run.out.splitlines()[:-1]] == [
        "repo/current/legacy.yaml:13:15: CF206",
        "repo/current/legacy.yaml:17:15: CF101",
        "repo/current/site.yaml:13:15: CF206",
        "repo/current/site.yaml:17:15: CF101",
        "repo/legacy/deeper/site.yaml:13:15: CF206",
        "repo/legacy/deeper/site.yaml:17:15: CF101",  # * stops at /
        "repo/legacy/site.yaml:13:15: CF206",
    ]


def test_exclude_skips_directories_and_explicit_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree(
        tmp_path,
        {
            ".cf502lint.toml": 'exclude = ["cdk.out", "legacy/*.yaml"]\n',
            "cdk.out/site.yaml": SITE,
            "app/cdk.out/site.yaml": SITE,
            "legacy/site.yaml": SITE,
            "legacy/keep.json": API,
            "site.yaml": SITE,
        },
    )
    monkeypatch.chdir(tmp_path)
    run = cli()
    assert [line.split(":")[0] for line in run.out.splitlines()[:-1]] == [
        "legacy/keep.json",
        "site.yaml",
        "site.yaml",
    ]
    # Named on the command line (as pre-commit does), excluded files stay excluded.
    run = cli("legacy/site.yaml", "app/cdk.out/site.yaml")
    assert (run.code, run.out) == (0, "Nothing to check: no CloudFront distribution in 0 files.\n")
    assert cli("--isolated", "legacy/site.yaml").code == 1


def test_report_unused_ignores_from_the_file(tmp_path: Path) -> None:
    site = SITE.read_text().replace(
        "    Properties:",
        "    Metadata:\n      cf502lint:\n        ignore: [CF204]\n    Properties:",
        1,
    )
    tree(tmp_path, {"site.yaml": site, ".cf502lint.toml": 'ignore = ["CF1", "CF206"]\n'})
    assert cli(str(tmp_path / "site.yaml")).code == 0
    tree(tmp_path, {".cf502lint.toml": 'ignore = ["CF1", "CF206"]\nreport-unused-ignores = true\n'})
    run = cli(str(tmp_path / "site.yaml"))
    assert run.code == 1
    assert run.out.splitlines()[0].endswith(
        "site.yaml:7:18: CF003 [warning] the suppression of CF204 (origin-timeout-out-of-range) "
        "matches no finding on this resource; remove it (unused-suppression)"
    )


# --- mistakes -------------------------------------------------------------------------------

ERRORS = [
    ("selct = []\n", "selct: unknown key; did you mean 'select'?"),
    (
        "colour = 1\n",
        "colour: unknown key (known: select, ignore, fail-on, severity, options, "
        "per-file-ignores, exclude, max-file-size, report-unused-ignores, baseline)",
    ),
    ('select = "CF1"\n', "select: expected a list of strings, got a string"),
    ('ignore = ["XYZ123"]\n', "ignore: 'XYZ123' names no rule (see 'cf502lint rules')"),
    (
        'select = ["nothing-like-this"]\n',
        "select: 'nothing-like-this' names no rule (see 'cf502lint rules')",
    ),
    (
        'select = ["low-origin-read-timout"]\n',
        "select: 'low-origin-read-timout' names no rule; did you mean 'low-origin-read-timeout'?",
    ),
    ('fail-on = "fatal"\n', "fail-on: expected one of info, warning, error, got 'fatal'"),
    (
        '[severity]\nCF206 = "high"\n',
        "severity.CF206: expected one of info, warning, error, got 'high'",
    ),
    (
        '[severity]\nCF206 = "error"\nlow-origin-read-timeout = "info"\n',
        "severity: 'CF206' and 'low-origin-read-timeout' both set CF206 to different values",
    ),
    (
        "[options.CF206]\nminimum = '5'\n",
        "options.CF206.minimum: expected an integer (the default is 5), got '5'",
    ),
    (
        "[options.CF206]\nminimum = true\n",
        "options.CF206.minimum: expected an integer (the default is 5), got True",
    ),
    (
        "[options.CF206]\nmaximum = 5\n",
        "options.CF206.maximum: unknown option; CF206 has options: minimum",
    ),
    (
        "[options.CF101]\nminimum = 5\n",
        "options.CF101.minimum: unknown option; CF101 has no options",
    ),
    ("[options]\nCF206 = 5\n", "options.CF206: expected a table, got an integer"),
    (
        '[per-file-ignores]\n"legacy/*" = "CF1"\n',
        'per-file-ignores."legacy/*": expected a list of strings, got a string',
    ),
    ('[per-file-ignores]\n"" = ["CF1"]\n', 'per-file-ignores."": an empty glob matches nothing'),
    ('exclude = "cdk.out"\n', "exclude: expected a list of strings, got a string"),
    (
        "max-file-size = -1\n",
        "max-file-size: expected a number of MB above 0 and at most 1024, got -1",
    ),
    ('report-unused-ignores = "yes"\n', "report-unused-ignores: expected true or false, got 'yes'"),
    ("baseline = 3\n", "baseline: expected a file name, got 3"),
]


@pytest.mark.parametrize(("config", "message"), ERRORS, ids=[e[1].split(":")[0] for e in ERRORS])
def test_mistakes_name_the_file_and_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str, message: str
) -> None:
    tree(tmp_path, {".cf502lint.toml": config, "site.yaml": SITE})
    monkeypatch.chdir(tmp_path)
    run = cli("site.yaml")
    assert (run.code, run.out, run.err) == (
        2,
        "",
        f"cf502lint: error: .cf502lint.toml: {message}\n",
    )


def test_pyproject_mistakes_name_the_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree(tmp_path, {"pyproject.toml": "[tool.cf502lint]\nfail_on = 'error'\n", "site.yaml": SITE})
    monkeypatch.chdir(tmp_path)
    run = cli("site.yaml")
    assert run.err == (
        "cf502lint: error: pyproject.toml: tool.cf502lint.fail_on: unknown key; "
        "did you mean 'fail-on'?\n"
    )
    tree(tmp_path, {"pyproject.toml": "[tool]\ncf502lint = 3\n"})
    assert cli("site.yaml").err == (
        "cf502lint: error: pyproject.toml: tool.cf502lint must be a table\n"
    )


def test_invalid_toml_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree(tmp_path, {".cf502lint.toml": "select = [\n", "site.yaml": SITE})
    monkeypatch.chdir(tmp_path)
    run = cli("site.yaml")
    assert run.code == 2
    assert run.err.startswith("cf502lint: error: .cf502lint.toml: invalid TOML: ")


# --- globs ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("cdk.out", "cdk.out/a.json", True),
        ("cdk.out", "app/cdk.out/x/a.json", True),
        ("*.json", "a/b/c.json", True),
        ("*.json", "a/b/c.yaml", False),
        ("legacy/*.yaml", "legacy/a.yaml", True),
        ("legacy/*.yaml", "other/legacy/a.yaml", False),
        ("legacy/*", "legacy/deep/a.yaml", True),
        ("envs/**/prod.tf", "envs/prod.tf", True),
        ("envs/**/prod.tf", "envs/eu/west/prod.tf", True),
        ("envs/**/prod.tf", "envs/eu/west/dev.tf", False),
        ("./site.yaml", "site.yaml", True),
        ("site-[ab].yaml", "site-a.yaml", True),
        ("site-[!ab].yaml", "site-a.yaml", False),
        ("site?.yaml", "site1.yaml", True),
    ],
)
def test_glob_semantics(tmp_path: Path, pattern: str, path: str, matches: bool) -> None:
    patterns = PathPatterns(str(tmp_path), (pattern,))
    assert patterns(str(tmp_path / path)) is matches


def test_globs_never_match_outside_their_directory(tmp_path: Path) -> None:
    patterns = PathPatterns(str(tmp_path / "repo"), ("*.yaml", "**"))
    assert patterns(str(tmp_path / "elsewhere" / "site.yaml")) is False
    assert patterns(str(tmp_path / "repo" / "site.yaml")) is True


# --- the README -----------------------------------------------------------------------------


def test_readme_pyproject_snippet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pyproject, _ = readme_blocks("Configuration", "toml")
    tree(
        tmp_path,
        {
            "pyproject.toml": pyproject,
            "site.yaml": SITE,
            "legacy/site.yaml": SITE,
            "cdk.out/site.yaml": SITE,
            "api/dist.json": API,
        },
    )
    monkeypatch.chdir(tmp_path)
    run = cli()
    assert run.err == ""
    # minimum = 10 and severity error for CF206; CF2 off in legacy/; cdk.out excluded; fail-on
    # error.
    assert run.out.splitlines() == [
        "api/dist.json:32:29: CF206 [error] origin 'app' has a response timeout of 2s "
        "(below 10s); slow responses become errors (low-origin-read-timeout)",
        f"legacy/site.yaml:17:15: {CF101}",
        "site.yaml:13:15: CF206 [error] origin 'app' has a response timeout of 2s (below 10s); "
        "slow responses become errors (low-origin-read-timeout)",
        f"site.yaml:17:15: {CF101}",
        "Found 4 findings (4 error).",
    ]
    assert run.code == 1


def test_readme_dot_file_snippet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, dot_file = readme_blocks("Configuration", "toml")
    tree(tmp_path, {".cf502lint.toml": dot_file, "site.yaml": SITE})
    monkeypatch.chdir(tmp_path)
    run = cli("site.yaml")
    assert run.out.splitlines()[0] == f"site.yaml:13:15: {CF206.replace('[warning]', '[error]')}"


# --- option types, for rules from other packs -----------------------------------------------


@rule("ACME001", "acme-rule", Severity.WARNING)
def _acme(
    dist: Distribution,
    *,
    ports: tuple[int, ...] = (80, 443),
    ratio: float = 0.5,
    label: str = "x",
    strict: bool = False,
    anything: object = None,
) -> Iterator[Problem]:
    """A rule with options of every kind."""
    yield from ()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("ports = [8080]", {"ports": (8080,)}),
        ("ratio = 1", {"ratio": 1.0}),
        ('label = "y"', {"label": "y"}),
        ("strict = true", {"strict": True}),
        ("anything = [1, 'a']", {"anything": [1, "a"]}),
        (
            "ports = [8080, '443']",
            "expected a list of integers (the default is (80, 443)), got [8080, '443']",
        ),
        ("ratio = '1'", "expected a number (the default is 0.5), got '1'"),
        ("strict = 1", "expected a boolean (the default is False), got 1"),
        ("label = 3", "expected a string (the default is 'x'), got 3"),
    ],
)
def test_option_types(tmp_path: Path, value: str, expected: dict[str, object] | str) -> None:
    path = tmp_path / ".cf502lint.toml"
    path.write_text(f"[options.acme-rule]\n{value}\n")
    rules = {"ACME001": _acme}
    if isinstance(expected, str):
        with pytest.raises(ConfigError) as error:
            load(str(path), rules)
        name = value.split(" =")[0]
        assert str(error.value).endswith(f"options.acme-rule.{name}: {expected}")
    else:
        assert load(str(path), rules).options == {"ACME001": expected}
