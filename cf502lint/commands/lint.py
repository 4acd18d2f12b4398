"""``cf502lint [lint] PATH...``: the linter itself."""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..errors import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, UsageError
from ..model import Severity
from ..rule import Rule
from .shared import load_rules, say, split_list, version

if TYPE_CHECKING:
    from ..cache import Cache
    from ..config import Config
    from ..config_file import Settings
    from ..parsers import ParseOptions
    from ..reporters import Context
    from ..runner import Report

FORMATS = "text, json, sarif, junit, github, gitlab, gnu"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or directories (default: .)"
    )
    output = parser.add_argument_group("output")
    output.add_argument(
        "--format",
        default="text",
        help="format of standard output: text (default), json, sarif, junit, github "
        "(workflow annotations), gitlab (Code Quality) or gnu (path:line:col: severity: ...)",
    )
    output.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write the --format report to FILE and print text to standard output",
    )
    output.add_argument(
        "--report",
        action="append",
        default=[],
        metavar="FORMAT:FILE",
        help="also write a report in FORMAT to FILE (repeatable), e.g. sarif:cf502lint.sarif "
        "beside --format github, so that one run writes every report",
    )
    output.add_argument(
        "--statistics", action="store_true", help="print how often each rule fired, not findings"
    )
    output.add_argument(
        "--quiet", "-q", action="store_true", help="print findings and errors, nothing else"
    )
    output.add_argument(
        "--show-source",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show the source line under each finding (default: on a terminal)",
    )
    output.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text output (auto: on a terminal, unless NO_COLOR is set; "
        "FORCE_COLOR forces it)",
    )
    selection = parser.add_argument_group("rules and results")
    selection.add_argument("--select", action="append", help="rules to run: ids, names or prefixes")
    selection.add_argument(
        "--ignore", action="append", help="rules to skip: ids, names or prefixes"
    )
    selection.add_argument(
        "--fail-on",
        choices=[s.value for s in Severity],
        default=None,
        help="lowest severity that fails the run (default: warning)",
    )
    selection.add_argument(
        "--exit-zero", action="store_true", help="exit with 0 even when there are findings"
    )
    selection.add_argument(
        "--report-unused-ignores",
        action="store_true",
        help="report suppressions that match no finding (CF003 unused-suppression)",
    )
    selection.add_argument(
        "--baseline", metavar="FILE", help="report only findings not recorded in FILE"
    )
    selection.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record every current finding in FILE, print nothing else, and exit 0",
    )
    files = parser.add_argument_group("files")
    files.add_argument(
        "--exclude",
        action="append",
        metavar="GLOB",
        help="files and directories not to lint, instead of the configuration's exclude",
    )
    files.add_argument(
        "--extend-exclude",
        action="append",
        metavar="GLOB",
        help="files and directories not to lint, besides the configuration's exclude",
    )
    files.add_argument(
        "--max-file-size",
        type=float,
        default=None,
        metavar="MB",
        help="files larger than this are reported, not read (default: 20, at most 1024)",
    )
    files.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=None,
        metavar="N",
        help="processes that lint files side by side (default: the number of cores)",
    )
    files.add_argument(
        "--no-cache",
        action="store_true",
        help="lint every file afresh, keep nothing (default: unchanged files come from the cache)",
    )
    files.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="where the cache is kept (default: $CF502LINT_CACHE_DIR, else the user's cache)",
    )
    files.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help="name for standard input ('-') in findings; alone, it implies '-'",
    )
    values = parser.add_argument_group("values the code leaves open")
    values.add_argument(
        "--parameter",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="CloudFormation parameter value, as with --parameter-overrides (repeatable)",
    )
    values.add_argument(
        "--var",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="Terraform root module variable, as with terraform plan -var (repeatable)",
    )
    values.add_argument(
        "--var-file",
        action="append",
        default=[],
        metavar="FILE",
        help="Terraform variable definitions file (.tfvars or .tfvars.json), as with "
        "-var-file (repeatable; --var values win)",
    )
    configuration = parser.add_argument_group("configuration")
    configuration.add_argument(
        "--config",
        metavar="FILE",
        help="read settings from FILE only (default: the nearest .cf502lint.toml, or "
        "pyproject.toml with [tool.cf502lint], above the linted paths)",
    )
    configuration.add_argument(
        "--config-ref",
        metavar="REV",
        help="read the configuration file (and the baseline it names) as the Git revision "
        "REV has them, e.g. the base of a pull request, which the pull request cannot change",
    )
    configuration.add_argument("--isolated", action="store_true", help="ignore configuration files")
    fixes = parser.add_argument_group("fixes")
    fixes.add_argument(
        "--fix",
        action="store_true",
        help="repair the findings that have one mechanical answer, in place (keeping comments "
        "and layout), then report what remains",
    )
    fixes.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix or --diff, also make the fixes that need a review",
    )
    fixes.add_argument(
        "--diff",
        action="store_true",
        help="print the fixes as a unified diff and change nothing (exit 1 when there is one)",
    )
    parser.set_defaults(handler=lint)


@dataclass(frozen=True, slots=True)
class _Output:
    format: str
    path: str
    option: str


def lint(args: argparse.Namespace) -> int:
    from ..reporters import reporters

    formats = reporters()
    outputs = _outputs(args, formats)
    rules = load_rules()
    for selector in (*split_list(args.select), *split_list(args.ignore)):
        if not any(r.matches(selector) for r in rules.values()):
            raise UsageError(f"{selector!r} names no rule (see 'cf502lint rules')")
    _check_max_file_size(args.max_file_size)
    settings = _settings(args, rules)
    config = _config(args, settings)
    paths = args.paths or (["-"] if args.stdin_filename else ["."])
    options = _options(args, settings, paths)
    stdin = None
    if "-" in paths:
        paths = [p for p in paths if p != "-"]
        stdin = (_read_stdin(options.max_bytes), args.stdin_filename or "<stdin>")
    elif args.stdin_filename:
        raise UsageError("--stdin-filename names standard input; pass '-' to read it")
    _check_fix_options(args, stdin is not None)
    from ..runner import run

    if args.fix or args.diff:
        fixed = _fix(args, paths, rules, config, options, settings)
        if isinstance(fixed, int):
            return fixed
        report = fixed
    else:
        report = run(paths, rules, config, options, stdin, _cache(args, rules, config, options))
        if args.write_baseline:
            return _write_baseline(report, args.write_baseline)
        report = _baselined(report, args, settings, args.quiet)
    if settings.revision is not None and not args.quiet:
        used = settings.shown or f"no configuration file at {settings.revision.ref}"
        say(f"cf502lint: configuration: {used}")
    report = replace(report, configuration=settings.shown)
    context = _context(args, rules)
    if isinstance(sys.stdout, io.TextIOWrapper):  # a file name that is not UTF-8: \udce9
        sys.stdout.reconfigure(errors="backslashreplace")
    for output in outputs:
        text = formats[output.format](report, replace(context, color=False))
        _write_report(output, text)
    if args.statistics:
        from ..reporters.text import statistics

        sys.stdout.write(statistics(report, context))
    else:
        stdout = "text" if args.output else args.format
        sys.stdout.write(formats[stdout](report, context))
    _print_problems(report, notices=not args.quiet)
    empty = _holds_nothing(args.paths or ["."], report) if stdin is None else None
    if empty is not None:
        raise UsageError(
            f"{empty}: no file to lint (none is named *.yaml, *.yml, *.json, *.template or "
            "*.tf, or all are excluded)"
        )
    if report.errors:
        return EXIT_ERROR
    failing = [f for f in report.findings if f.severity.rank >= config.fail_on.rank]
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_CLEAN


def _baselined(report: Report, args: argparse.Namespace, settings: Settings, quiet: bool) -> Report:
    """``report`` without the findings the baseline records, when there is one."""
    if args.baseline:
        return _apply_baseline(report, args.baseline, None, quiet)
    if settings.baseline:
        return _apply_baseline(report, settings.baseline, settings, quiet)
    return report


def _check_fix_options(args: argparse.Namespace, stdin: bool) -> None:
    if not (args.fix or args.diff):
        return
    option = "--diff" if args.diff else "--fix"
    if stdin:
        raise UsageError(f"{option} fixes files: it cannot fix standard input")
    if args.write_baseline:
        raise UsageError(f"{option} and --write-baseline: record the baseline in another run")
    if args.diff and (args.output or args.report or args.statistics):
        raise UsageError("--diff prints a diff: --output, --report and --statistics do not apply")


def _fix(
    args: argparse.Namespace,
    paths: list[str],
    rules: dict[str, Rule],
    config: Config,
    options: ParseOptions,
    settings: Settings,
) -> Report | int:
    """``--fix`` (the report of what remains) or ``--diff`` (its exit code)."""
    from ..fixing.session import diff_path, fix, unified_diff
    from ..runner import run

    runs: list[int] = []

    def lint_through(store: FileStore) -> Report:
        report = run(paths, rules, config, replace(options, files=store))
        runs.append(1)
        return _baselined(report, args, settings, args.quiet or len(runs) > 1)

    outcome = fix(lint_through, options.max_bytes, unsafe=args.unsafe_fixes, write=not args.diff)
    if not args.quiet:
        for skipped in outcome.skipped:
            span = skipped.finding.span
            rule_id = skipped.finding.rule_id
            say(f"{span.path}:{span.line}: note: {rule_id} not fixed: {skipped.reason}")
    report = replace(outcome.report, fixed=outcome.fixed, unsafe_fixes=outcome.unsafe)
    if not args.diff:
        return replace(report, errors=(*report.errors, *outcome.unwritten))
    for path in sorted(outcome.after, key=diff_path):
        sys.stdout.write(unified_diff(path, outcome.before[path], outcome.after[path]))
    if not args.quiet:
        files = len(outcome.after)
        more = f"; {outcome.unsafe} more with --unsafe-fixes" if outcome.unsafe else ""
        say(
            f"cf502lint: --diff: {outcome.fixed} finding{'s' * (outcome.fixed != 1)} would be "
            f"fixed in {files} file{'s' * (files != 1)}{more}"
        )
    _print_problems(report, notices=not args.quiet)
    if report.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if outcome.after else EXIT_CLEAN


def _outputs(args: argparse.Namespace, formats: Collection[str]) -> list[_Output]:
    """The report files to write; every format named is checked before anything runs."""
    if args.format not in formats:
        raise UsageError(f"unknown --format {args.format!r}; choose from {', '.join(formats)}")
    outputs = [_Output(args.format, args.output, "--output")] if args.output else []
    for value in args.report:
        fmt, colon, path = value.partition(":")
        if not colon or not path:
            raise UsageError(f"--report expects FORMAT:FILE, got {value!r}")
        if fmt not in formats:
            raise UsageError(f"unknown --report format {fmt!r}; choose from {', '.join(formats)}")
        outputs.append(_Output(fmt, path, "--report"))
    if args.statistics and args.format != "text":
        raise UsageError("--statistics prints a table: use --report FORMAT:FILE for the rest")
    return outputs


def _check_max_file_size(megabytes: float | None) -> None:
    from ..config_file import MAX_FILE_SIZE_MB

    if megabytes is not None and not 0 < megabytes <= MAX_FILE_SIZE_MB:  # and not NaN
        raise UsageError(
            f"--max-file-size expects a number of MB above 0 and at most {MAX_FILE_SIZE_MB}, "
            f"got {megabytes}"
        )


def _settings(args: argparse.Namespace, rules: dict[str, Rule]) -> Settings:
    from ..config_file import ConfigError, settings_for

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


def _config(args: argparse.Namespace, settings: Settings) -> Config:
    from ..globs import PathPatterns, check_glob, either

    config = settings.config(
        select=split_list(args.select),
        ignore=split_list(args.ignore),
        fail_on=Severity(args.fail_on) if args.fail_on else None,
        report_unused_ignores=args.report_unused_ignores,
    )
    exclude = config.exclude
    for option, globs in (("--exclude", args.exclude), ("--extend-exclude", args.extend_exclude)):
        if globs is None:
            continue
        patterns = split_list(globs)
        for pattern in patterns:
            problem = check_glob(pattern)
            if problem:
                raise UsageError(f"{option} {pattern!r}: {problem}")
        given = PathPatterns(os.getcwd(), patterns)
        exclude = given if option == "--exclude" else either(exclude, given)
    return replace(config, exclude=exclude)


def _options(args: argparse.Namespace, settings: Settings, paths: list[str]) -> ParseOptions:
    from ..parsers import ParseOptions
    from ..source.boundary import Boundary
    from ..workers import available_cores

    for var_file in args.var_file:
        if not os.path.isfile(var_file):
            raise UsageError(f"--var-file {var_file!r}: no such file")
    roots = [p for p in paths if p != "-"] or ["."]
    return ParseOptions(
        parameters=_pairs(args.parameter, "--parameter"),
        max_bytes=settings.max_bytes(args.max_file_size),
        variables=_pairs(args.var, "--var"),
        var_files=tuple(args.var_file),
        boundary=Boundary.around([*roots, *args.var_file]),
        jobs=args.jobs or available_cores(),
    )


def _cache(
    args: argparse.Namespace, rules: dict[str, Rule], config: Config, options: ParseOptions
) -> Cache | None:
    """The cache of this run's rules, configuration and settings; None with ``--no-cache``."""
    if args.no_cache:
        return None
    from ..cache import Cache, default_directory, file_digest, fingerprint

    var_files = [(path, file_digest(path)) for path in options.var_files]
    settings = {
        "parameters": sorted(options.parameters.items()),
        "variables": sorted(options.variables.items()),
        "var_files": var_files,
        "max_bytes": options.max_bytes,
        "roots": options.boundary.roots if options.boundary else None,
    }
    current = version()
    key = fingerprint(current, rules, config, settings)
    return Cache(args.cache_dir or default_directory(), key, current)


def _jobs(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expects a number of processes, got {value!r}")
    return int(value)


def _pairs(values: Sequence[str], option: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for value in values:
        key, sep, val = value.partition("=")
        if not sep or not key:
            raise UsageError(f"{option} expects KEY=VALUE, got {value!r}")
        pairs[key] = val
    return pairs


def _context(args: argparse.Namespace, rules: dict[str, Rule]) -> Context:
    from ..reporters import Context

    tty = sys.stdout.isatty()
    if args.color == "auto":
        color = bool(os.environ.get("FORCE_COLOR")) or (tty and not os.environ.get("NO_COLOR"))
    else:
        color = args.color == "always"
    excerpts = tty if args.show_source is None else args.show_source
    return Context(
        version=version(), rules=rules, color=color, excerpts=excerpts, summary=not args.quiet
    )


def _holds_nothing(named: Sequence[str], report: Report) -> str | None:
    """The first directory named that holds no file cf502lint reads, when nothing was read."""
    if report.files or report.errors:
        return None
    return next((path for path in named if os.path.isdir(path)), None)


def _write_baseline(report: Report, path: str) -> int:
    from ..baseline import BaselineError, write

    try:
        write(report.findings, path)
    except BaselineError as problem:
        raise UsageError(str(problem)) from None
    count = len(report.findings)
    say(f"cf502lint: recorded {count} finding{'s' * (count != 1)} in {path}")
    _print_problems(report)
    return EXIT_ERROR if report.errors else EXIT_CLEAN


def _print_problems(report: Report, *, notices: bool = True) -> None:
    """File errors (and notices), one line each, on standard error."""
    shown = (("note", report.notices if notices else ()), ("error", report.errors))
    for kind, problems in shown:
        for problem in problems:
            where = f"{problem.path}:{problem.line}" if problem.line else problem.path
            say(f"{where}: {kind}: {problem.message}")


def _apply_baseline(report: Report, path: str, settings: Settings | None, quiet: bool) -> Report:
    """``report`` with the findings the baseline at ``path`` records moved to ``known``
    (read from the revision ``settings`` were read from, when they name it)."""
    from ..baseline import MAX_BYTES, BaselineError, load, split
    from ..revision import RevisionError

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
    if notes and not quiet:
        say(f"cf502lint: baseline {path}: {'; '.join(notes)}")
    return replace(report, findings=found.new, known=found.known)


def _read_stdin(max_bytes: int) -> str | bytes:
    """At most ``max_bytes + 1`` bytes of standard input (text if it is a text-only stream)."""
    if sys.stdin is None:
        raise UsageError("'-' reads standard input, but there is none")
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:
        return sys.stdin.read()
    from ..source.text import read_at_most

    return read_at_most(buffer, max_bytes + 1)


def _write_report(output: _Output, text: str) -> None:
    from ..writing import write_text

    try:
        write_text(output.path, text)
    except OSError as error:
        reason = error.strerror or str(error)
        raise UsageError(f"cannot write {output.option} {output.path!r}: {reason}") from None


if TYPE_CHECKING:
    from ..parsers import ParseOptions
    from ..source.store import FileStore
