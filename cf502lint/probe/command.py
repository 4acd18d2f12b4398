"""``cf502lint probe PATH...``: its command line, and the run from files to a report."""

from __future__ import annotations

import argparse
import io
import ipaddress
import math
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..model import Notice, Severity
from ..source.quote import printable

if TYPE_CHECKING:
    from ..config import Config
    from ..rule import Rule
    from ..runner import FileError, Report
    from .observations import Observation
    from .resolve import Resolver
    from .targets import Target

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
DEFAULT_TIMEOUT = 120.0
DEFAULT_CONCURRENCY = 4
MAX_CONCURRENCY = 64

_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_PATH = re.compile(r"/[\x21-\x7e]*")


class UsageError(Exception):
    """A command-line mistake: reported in one line, exit code 2."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or directories (default: .)"
    )
    parser.add_argument(
        "--format",
        default="text",
        help="text (default), json, sarif, junit, github, gitlab or gnu, as for linting",
    )
    parser.add_argument(
        "--output", "-o", metavar="FILE", help="write the --format report to FILE and print text"
    )
    parser.add_argument(
        "--fail-on",
        choices=[s.value for s in Severity],
        default=None,
        help="lowest severity that fails the run (default: warning)",
    )
    parser.add_argument("--select", action="append", help="checks to run: ids, names or prefixes")
    parser.add_argument("--ignore", action="append", help="checks to skip: ids, names or prefixes")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"stop probing after this long in all (default: {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"origins probed at once (default: {DEFAULT_CONCURRENCY}, at most {MAX_CONCURRENCY})",
    )
    parser.add_argument(
        "--allow-private",
        action="store_true",
        help="connect to private, loopback and link-local addresses too (never to cloud "
        "metadata services); without it they are reported and left alone",
    )
    parser.add_argument(
        "--nameserver",
        action="append",
        default=[],
        metavar="IP[:PORT]",
        help="ask this DNS server instead of the system's (repeatable); e.g. a public "
        "resolver, as CloudFront resolves origins with public DNS",
    )
    parser.add_argument(
        "--method", choices=["GET", "HEAD"], default="GET", help="request method (default: GET)"
    )
    parser.add_argument(
        "--path",
        default="/",
        help="path and query to request (default: /); the origin "
        "path of the configuration is not added",
    )
    parser.add_argument(
        "--header",
        action="append",
        default=[],
        metavar="NAME:VALUE",
        help="a header to send with every request, as the origin's custom headers would be "
        "(repeatable)",
    )
    parser.add_argument(
        "--expiry-days",
        type=int,
        default=14,
        metavar="DAYS",
        help="warn of certificates that expire within DAYS (CFP307, default: 14)",
    )
    parser.add_argument(
        "--parameter",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="CloudFormation parameter value (repeatable)",
    )
    parser.add_argument(
        "--var",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="Terraform root module variable (repeatable)",
    )
    parser.add_argument(
        "--var-file",
        action="append",
        default=[],
        metavar="FILE",
        help="Terraform variable definitions file (repeatable)",
    )
    parser.add_argument(
        "--config", metavar="FILE", help="read settings (exclude, max-file-size, fail-on) from FILE"
    )
    parser.add_argument("--isolated", action="store_true", help="ignore configuration files")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        allow_abbrev=False,
        prog="cf502lint probe",
        description="Connect to the live origins of the distributions in PATH the way "
        "CloudFront does (DNS, TCP, TLS, one HTTP request) and report what would make "
        "CloudFront answer 502 or 504. Only origins whose name is known are probed.",
        epilog="'cf502lint rule CFP301' explains a check.",
    )
    add_arguments(parser)
    return parser


def main(argv: Sequence[str], resolver: Resolver | None = None, ca_file: str | None = None) -> int:
    """Run ``cf502lint probe``; ``resolver`` and ``ca_file`` replace the DNS and the CA
    bundle (certifi's) the probe uses, for tests that serve origins on loopback."""
    args = build_parser().parse_args(list(argv))
    try:
        return _run(args, resolver, ca_file)
    except UsageError as error:
        print(printable(f"cf502lint probe: error: {error}"), file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_ERROR


def _pairs(values: Sequence[str], option: str, separator: str = "=") -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        key, sep, val = value.partition(separator)
        if not sep or not key.strip():
            raise UsageError(f"{option} expects KEY{separator}VALUE, got {value!r}")
        pairs.append((key.strip(), val.strip()))
    return pairs


def _list(values: Sequence[str] | None) -> tuple[str, ...]:
    return tuple(v.strip() for value in values or () for v in value.split(",") if v.strip())


def _nameserver(value: str) -> tuple[str, int]:
    host, port = value, "53"
    if value.startswith("["):
        host, _, rest = value[1:].partition("]")
        port = rest.removeprefix(":") or port
    elif value.count(":") == 1:
        host, _, port = value.partition(":")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise UsageError(f"--nameserver expects an IP address [and :PORT], got {value!r}") from None
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise UsageError(f"--nameserver {value!r}: the port must be 1-65535")
    return str(address), int(port)


def _headers(values: Sequence[str]) -> tuple[tuple[str, str], ...]:
    headers = _pairs(values, "--header", ":")
    for name, value in headers:
        if not _TOKEN.fullmatch(name) or any(c in value for c in "\r\n\0"):
            raise UsageError(f"--header {name}:{value!r} is not a valid header")
        if name.lower() in ("host", "content-length", "transfer-encoding", "connection"):
            raise UsageError(f"--header cannot set {name}: the probe sends it as CloudFront does")
    return tuple(headers)


def _checked(args: argparse.Namespace) -> None:
    if not (math.isfinite(args.timeout) and args.timeout > 0):
        raise UsageError(f"--timeout expects a positive number of seconds, got {args.timeout}")
    if not 0 < args.concurrency <= MAX_CONCURRENCY:
        raise UsageError(f"--concurrency expects 1 to {MAX_CONCURRENCY}, got {args.concurrency}")
    if args.expiry_days < 0:
        raise UsageError(f"--expiry-days must not be negative, got {args.expiry_days}")
    if not _PATH.fullmatch(args.path):
        raise UsageError(f"--path must start with / and hold no spaces, got {args.path!r}")
    for var_file in args.var_file:
        if not os.path.isfile(var_file):
            raise UsageError(f"--var-file {var_file!r}: no such file")


def _config(args: argparse.Namespace, checks: dict[str, Rule]) -> tuple[Config, int]:
    """The checks' configuration and the file-size limit."""
    from ..config import Config
    from ..config_file import ConfigError, settings_for
    from ..plugins import PluginError, collect_rules, plugin_manager

    for selector in (*_list(args.select), *_list(args.ignore)):
        if not any(c.matches(selector) for c in checks.values()):
            raise UsageError(f"{selector!r} names no probe check (see docs/probe.md)")
    try:
        settings = settings_for(
            args.paths,
            collect_rules(plugin_manager()),
            config_file=args.config,
            isolated=args.isolated,
        )
    except (ConfigError, PluginError) as error:
        raise UsageError(str(error)) from None
    config = Config(
        select=_list(args.select),
        ignore=_list(args.ignore),
        fail_on=Severity(args.fail_on) if args.fail_on else settings.fail_on or Severity.WARNING,
        options={"CFP307": {"days": args.expiry_days}},
        exclude=settings.exclude,
    )
    return config, settings.max_bytes()


def _run(args: argparse.Namespace, resolver: Resolver | None, ca_file: str | None) -> int:
    from ..reporters import reporters

    formats = reporters()
    if args.format not in formats:
        raise UsageError(f"unknown --format {args.format!r}; choose from {', '.join(formats)}")
    _checked(args)
    nameservers = [_nameserver(v) for v in args.nameserver]
    headers = _headers(args.header)
    from .checks import catalogue, judge

    checks = catalogue()
    config, max_bytes = _config(args, checks)
    from ..parsers import ParseOptions
    from ..runner import parse_paths
    from ..source.boundary import Boundary

    paths = args.paths or ["."]
    options = ParseOptions(
        parameters=dict(_pairs(args.parameter, "--parameter")),
        max_bytes=max_bytes,
        variables=dict(_pairs(args.var, "--var")),
        var_files=tuple(args.var_file),
        boundary=Boundary.around([*paths, *args.var_file]),
    )
    parsed = parse_paths(paths, config, options)
    from .targets import plan

    planned = plan(parsed.documents)
    observations = _probe(args, planned.targets, config, resolver, ca_file, headers, nameservers)
    from ..runner import Report

    errors = [*parsed.errors, *_errors(observations)]
    notices = [*parsed.notices, *planned.notices, *_notes(observations)]
    report = Report(
        judge(observations, config),
        tuple(sorted(errors, key=lambda e: (e.path, e.line or 0, e.message))),
        parsed.files,
        tuple(sorted(set(notices), key=lambda n: (n.path, n.line or 0, n.message))),
        distributions=len(
            {(d.span.path, d.name) for doc in parsed.documents for d in doc.distributions}
        ),
    )
    _write(args, report, checks)
    if report.errors:
        return EXIT_ERROR
    failing = [f for f in report.findings if f.severity.rank >= config.fail_on.rank]
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def _probe(
    args: argparse.Namespace,
    targets: Sequence[Target],
    config: Config,
    resolver: Resolver | None,
    ca_file: str | None,
    headers: tuple[tuple[str, str], ...],
    nameservers: list[tuple[str, int]],
) -> list[Observation]:
    from .checks.keepalive import origin_closes_idle_connection_early
    from .deadline import Deadline
    from .origin import Options
    from .pool import probe_all
    from .progress import Progress
    from .resolve import DnsResolver, ResolverUnavailable

    if not targets:
        return []
    if resolver is None:
        try:
            resolver = DnsResolver(nameservers)
        except ResolverUnavailable as error:
            raise UsageError(str(error)) from None
    if ca_file is None:
        import certifi

        ca_file = certifi.where()
    options = Options(
        resolver=resolver,
        ca_file=ca_file,
        allow_private=args.allow_private,
        method=args.method,
        path=args.path,
        headers=headers,
        watch_idle=config.enabled(origin_closes_idle_connection_early),
    )
    progress = Progress(sys.stderr, len(targets))
    try:
        return probe_all(
            targets, options, Deadline.after(args.timeout), args.concurrency, progress.update
        )
    finally:
        progress.close()


def _errors(observations: Sequence[Observation]) -> list[FileError]:
    """What kept origins from being probed: the run cannot vouch for them."""
    from ..runner import FileError
    from .resolve import Outcome

    errors = []
    for seen in observations:
        span, label = seen.target.origin.span, seen.target.label
        if seen.resolution is not None and seen.resolution.outcome is Outcome.UNANSWERED:
            message = (
                f"{label}: not probed, its name could not be resolved ({seen.resolution.detail})"
            )
            errors.append(FileError(span.path, span.line, message))
        if seen.unfinished:
            errors.append(FileError(span.path, span.line, f"{label}: {seen.unfinished}"))
    return errors


def _notes(observations: Sequence[Observation]) -> list[Notice]:
    return [
        Notice(
            seen.target.origin.span.path,
            seen.target.origin.span.line,
            f"{seen.target.label}: {note}",
        )
        for seen in observations
        for note in seen.notes
    ]


def _write(args: argparse.Namespace, report: Report, checks: dict[str, Rule]) -> None:
    from importlib.metadata import PackageNotFoundError, version

    from ..reporters import Context, reporters

    try:
        installed = version("cf502lint")
    except PackageNotFoundError:
        installed = "0+unknown"

    formats = reporters()
    tty = sys.stdout.isatty()
    context = Context(
        version=installed, rules=checks, color=tty and not os.environ.get("NO_COLOR"), excerpts=tty
    )
    if isinstance(sys.stdout, io.TextIOWrapper):  # a file name that is not UTF-8: \udce9
        sys.stdout.reconfigure(errors="backslashreplace")
    if args.output:
        text = formats[args.format](report, replace(context, color=False))
        try:
            with open(
                args.output, "w", encoding="utf-8", errors="backslashreplace", newline=""
            ) as file:
                file.write(text)
        except OSError as error:
            raise UsageError(
                f"cannot write --output {args.output!r}: {error.strerror or error}"
            ) from None
        sys.stdout.write(formats["text"](report, context))
    else:
        sys.stdout.write(formats[args.format](report, context))
    for kind, problems in (("note", report.notices), ("error", report.errors)):
        for problem in problems:
            where = f"{problem.path}:{problem.line}" if problem.line else problem.path
            print(printable(f"{where}: {kind}: {problem.message}"), file=sys.stderr)
