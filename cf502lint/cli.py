"""The command line: the only module that prints."""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from .model import Severity
from .rule import Rule

if TYPE_CHECKING:
    from .config_file import Settings
    from .runner import Report

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _VersionAction(argparse.Action):
    """``--version``, reading the installed version only when asked."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(f"cf502lint {version()}")
        parser.exit()


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("cf502lint")
    except PackageNotFoundError:
        return "0+unknown"


class UsageError(Exception):
    """A command-line mistake: reported in one line, exit code 2."""


def _pairs(values: Sequence[str], option: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for value in values:
        key, sep, val = value.partition("=")
        if not sep or not key:
            raise UsageError(f"{option} expects KEY=VALUE, got {value!r}")
        pairs[key] = val
    return pairs


def _list(values: Sequence[str] | None) -> tuple[str, ...]:
    return tuple(v.strip() for value in values or () for v in value.split(",") if v.strip())


def lint_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cf502lint",
        description="Find CloudFront origin settings that lead to 502 Bad Gateway.",
        epilog="Other commands: 'cf502lint rules' lists the rules, "
        "'cf502lint rule ID' explains one, 'cf502lint lsp' is the language server, "
        "'cf502lint probe' checks the live origins.",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or directories (default: .)"
    )
    parser.add_argument(
        "--format",
        default="text",
        help="text (default), json, sarif, junit, github (workflow annotations), "
        "gitlab (Code Quality) or gnu (path:line:col: severity: message)",
    )
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write the --format report to FILE and print text to standard output",
    )
    parser.add_argument(
        "--fail-on",
        choices=[s.value for s in Severity],
        default=None,
        help="lowest severity that fails the run (default: warning)",
    )
    parser.add_argument("--select", action="append", help="rules to run: ids, names or prefixes")
    parser.add_argument("--ignore", action="append", help="rules to skip: ids, names or prefixes")
    parser.add_argument(
        "--parameter",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="CloudFormation parameter value, as with --parameter-overrides (repeatable)",
    )
    parser.add_argument(
        "--var",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="Terraform root module variable, as with terraform plan -var (repeatable)",
    )
    parser.add_argument(
        "--var-file",
        action="append",
        default=[],
        metavar="FILE",
        help="Terraform variable definitions file (.tfvars or .tfvars.json), as with "
        "-var-file (repeatable; --var values win)",
    )
    parser.add_argument(
        "--max-file-size",
        type=float,
        default=None,
        metavar="MB",
        help="files larger than this are reported, not read (default: 20)",
    )
    parser.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help="name for standard input ('-') in findings; alone, it implies '-'",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="read settings from FILE only (default: the nearest .cf502lint.toml, or "
        "pyproject.toml with [tool.cf502lint], above the linted paths)",
    )
    parser.add_argument("--isolated", action="store_true", help="ignore configuration files")
    parser.add_argument(
        "--config-ref",
        metavar="REV",
        help="read the configuration file (and the baseline it names) as the Git revision "
        "REV has them, e.g. the base branch of a pull request, which cannot change them",
    )
    parser.add_argument(
        "--report-unused-ignores",
        action="store_true",
        help="report suppressions that match no finding (CF003 unused-suppression)",
    )
    parser.add_argument(
        "--baseline", metavar="FILE", help="report only findings not recorded in FILE"
    )
    parser.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record every current finding in FILE, print nothing else, and exit 0",
    )
    parser.add_argument("--version", action=_VersionAction, nargs=0, help="print the version")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args[:1] == ["rules"]:
            return _rules_command(args[1:])
        if args[:1] == ["rule"]:
            return _rule_command(args[1:])
        if args[:1] == ["lsp"]:
            from .lsp import main as lsp_main

            return lsp_main(args[1:], _load_rules, version())
        if args[:1] == ["probe"]:
            from .probe.command import main as probe_main

            return probe_main(args[1:])
        if args[:1] == ["logs"]:
            from .logs.command import main as logs_main

            return logs_main(args[1:])
        return _lint_command(args)
    except UsageError as error:
        _say(f"cf502lint: error: {error}")
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_ERROR


def _load_rules() -> dict[str, Rule]:
    from .plugins import PluginError, collect_rules, plugin_manager

    try:
        rules = collect_rules(plugin_manager())
    except PluginError as error:
        raise UsageError(str(error)) from None
    if not rules:
        raise UsageError("no rules loaded: is cf502lint installed (pip install .)?")
    return rules


def _lint_command(argv: list[str]) -> int:
    args = lint_parser().parse_args(argv)
    from .reporters import Context, reporters
    from .runner import run

    formats = reporters()
    if args.format not in formats:
        raise UsageError(f"unknown --format {args.format!r}; choose from {', '.join(formats)}")
    rules = _load_rules()
    for selector in (*_list(args.select), *_list(args.ignore)):
        if not any(r.matches(selector) for r in rules.values()):
            raise UsageError(f"{selector!r} names no rule (see 'cf502lint rules')")
    from .config_file import MAX_FILE_SIZE_MB

    if args.max_file_size is not None and not 0 < args.max_file_size <= MAX_FILE_SIZE_MB:
        raise UsageError(
            f"--max-file-size expects a number of MB above 0 and at most {MAX_FILE_SIZE_MB}, "
            f"got {args.max_file_size}"
        )
    settings = _settings(args, rules)
    config = settings.config(
        select=_list(args.select),
        ignore=_list(args.ignore),
        fail_on=Severity(args.fail_on) if args.fail_on else None,
        report_unused_ignores=args.report_unused_ignores,
    )
    from .parsers import ParseOptions

    for var_file in args.var_file:
        if not os.path.isfile(var_file):
            raise UsageError(f"--var-file {var_file!r}: no such file")
    paths = args.paths or (["-"] if args.stdin_filename else ["."])
    from .source.boundary import Boundary

    roots = [p for p in paths if p != "-"] or ["."]
    options = ParseOptions(
        parameters=_pairs(args.parameter, "--parameter"),
        max_bytes=settings.max_bytes(args.max_file_size),
        variables=_pairs(args.var, "--var"),
        var_files=tuple(args.var_file),
        boundary=Boundary.around([*roots, *args.var_file]),
    )
    stdin = None
    if "-" in paths:
        paths = [p for p in paths if p != "-"]
        stdin = (_read_stdin(options.max_bytes), args.stdin_filename or "<stdin>")
    elif args.stdin_filename:
        raise UsageError("--stdin-filename names standard input; pass '-' to read it")
    report = run(paths, rules, config, options, stdin)
    if args.write_baseline:
        return _write_baseline(report, args.write_baseline)
    if args.baseline:
        report = _apply_baseline(report, args.baseline)
    elif settings.baseline:
        report = _apply_baseline(report, settings.baseline, settings)
    if settings.revision is not None:
        used = settings.shown or f"no configuration file at {settings.revision.ref}"
        _say(f"cf502lint: configuration: {used}")
    report = replace(report, configuration=settings.shown)
    tty = sys.stdout.isatty()
    context = Context(
        version=version(),
        rules=rules,
        color=tty and not os.environ.get("NO_COLOR"),
        excerpts=tty,
    )
    if isinstance(sys.stdout, io.TextIOWrapper):  # a file name that is not UTF-8: \udce9
        sys.stdout.reconfigure(errors="backslashreplace")
    if args.output:
        _write_report(args.output, formats[args.format](report, replace(context, color=False)))
        sys.stdout.write(formats["text"](report, context))
    else:
        sys.stdout.write(formats[args.format](report, context))
    _print_problems(report)
    if report.errors:
        return EXIT_ERROR
    failing = [f for f in report.findings if f.severity.rank >= config.fail_on.rank]
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def _settings(args: argparse.Namespace, rules: dict[str, Rule]) -> Settings:
    from .config_file import ConfigError, settings_for

    try:
        return settings_for(
            [*args.paths, args.stdin_filename or ""],
            rules,
            config_file=args.config,
            isolated=args.isolated,
            config_ref=args.config_ref,
        )
    except ConfigError as error:
        raise UsageError(str(error)) from None


def _write_baseline(report: Report, path: str) -> int:
    from .baseline import BaselineError, write

    try:
        write(report.findings, path)
    except BaselineError as problem:
        raise UsageError(str(problem)) from None
    count = len(report.findings)
    _say(f"cf502lint: recorded {count} finding{'s' * (count != 1)} in {path}")
    _print_problems(report)
    return EXIT_ERROR if report.errors else EXIT_CLEAN


def _print_problems(report: Report) -> None:
    """File errors and notices, one line each, on standard error."""
    for kind, problems in (("note", report.notices), ("error", report.errors)):
        for problem in problems:
            where = f"{problem.path}:{problem.line}" if problem.line else problem.path
            _say(f"{where}: {kind}: {problem.message}")


def _say(line: str) -> None:
    """One line on standard error, escaped like every report (see ``printable``)."""
    from .source.quote import printable

    print(printable(line), file=sys.stderr)


def _apply_baseline(report: Report, path: str, settings: Settings | None = None) -> Report:
    """``report`` without the findings the baseline at ``path`` records (read from the
    revision ``settings`` were read from, when they name it)."""
    from .baseline import MAX_BYTES, BaselineError, load, split
    from .revision import RevisionError

    try:
        data = None
        if settings is not None and settings.revision is not None:
            data = settings.revision.read(path, MAX_BYTES)
            if data is None:
                raise BaselineError(f"baseline {settings.revision.shown(path)} does not exist")
        found = split(report.findings, load(path, data), report.files)
    except (BaselineError, RevisionError) as error:
        raise UsageError(str(error)) from None
    notes = []
    if found.known:
        notes.append(f"{len(found.known)} known finding{'s' * (len(found.known) != 1)} hidden")
    if found.gone:
        notes.append(
            f"{found.gone} recorded finding{'s' * (found.gone != 1)} no longer "
            f"occur{'s' * (found.gone == 1)} (refresh it with --write-baseline)"
        )
    if notes:
        _say(f"cf502lint: baseline {path}: {'; '.join(notes)}")
    return replace(report, findings=found.new)


def _read_stdin(max_bytes: int) -> str | bytes:
    """At most ``max_bytes + 1`` bytes of standard input (text if it is a text-only stream)."""
    if sys.stdin is None:
        raise UsageError("'-' reads standard input, but there is none")
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:
        return sys.stdin.read()
    from .source.text import read_at_most

    return read_at_most(buffer, max_bytes + 1)


def _write_report(path: str, text: str) -> None:
    from .writing import write_text

    try:
        write_text(path, text)
    except OSError as error:
        reason = error.strerror or str(error)
        raise UsageError(f"cannot write --output {path!r}: {reason}") from None


def _rules_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="cf502lint rules", description="List the rules.")
    parser.add_argument("--markdown", action="store_true", help="every rule's full page")
    args = parser.parse_args(argv)
    rules = _load_rules()
    if args.markdown:
        from .explain import page

        print("\n\n".join(page(r) for r in rules.values()))
        return EXIT_CLEAN
    width = max(len(r.name) for r in rules.values())
    for rule in rules.values():
        print(f"{rule.id}  {rule.name:<{width}}  {rule.severity:<7}  {rule.summary}")
    return EXIT_CLEAN


def _rule_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="cf502lint rule", description="Explain one rule.")
    parser.add_argument("rule", metavar="ID-OR-NAME")
    args = parser.parse_args(argv)
    from .probe.checks import catalogue

    rules = {**_load_rules(), **catalogue()}
    found = [r for r in rules.values() if args.rule in (r.id, r.name)]
    if not found:
        raise UsageError(f"no rule is called {args.rule!r} (see 'cf502lint rules')")
    from .explain import page

    print(page(found[0]))
    return EXIT_CLEAN
