"""``cf502lint logs``: the command line of the log reader."""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, BinaryIO, cast

if TYPE_CHECKING:
    from ..model import Document
    from ..probe.resolve import Resolver
    from .match import Served

EXIT_OK, EXIT_ERROR = 0, 2
DEFAULT_PROBE_TIMEOUT = 60.0
FORMATS = ("text", "json", "html")
_DURATION = re.compile(r"^(\d+)([smhd]?)$")
_UNITS = {"": 60, "s": 1, "m": 60, "h": 3600, "d": 86_400}


class UsageError(Exception):
    """A command-line mistake: reported in one line, exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        allow_abbrev=False,
        prog="cf502lint logs",
        description="Count the 5xx in CloudFront access logs, say what each detailed result "
        "type means and, given the infrastructure code, which findings explain them.",
        epilog="LOGS are standard log files (legacy or v2: W3C, JSON lines, Parquet), gzipped "
        "or not, directories of them, or '-' for standard input. Exit codes: 0 read; "
        "2 a usage error or an input that could not be read at all.",
    )
    parser.add_argument("logs", nargs="*", metavar="LOGS", help="log files, directories or '-'")
    parser.add_argument(
        "--config",
        nargs="+",
        action="extend",
        default=[],
        metavar="PATH",
        help="infrastructure code of the distributions (CloudFormation, Terraform, CloudFront "
        "API JSON): match paths to cache behaviours and origins, and rank the findings that "
        "explain the errors",
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="default: text")
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write the --format report to FILE and print text to standard output",
    )
    parser.add_argument(
        "--bucket",
        default="1m",
        metavar="DURATION",
        help="timeline resolution: 1m (default), 5m, 1h...; it coarsens for long spans",
    )
    parser.add_argument(
        "--fields",
        metavar="NAMES",
        help="comma-separated field names of logs without a #Fields header (v2 plain or raw "
        "output); default: the 33 standard log fields",
    )
    parser.add_argument(
        "--jobs", "-j", type=int, metavar="N", help="processes reading files (default: cores)"
    )
    parser.add_argument("--top", type=int, default=10, metavar="N", help="rows per table")
    parser.add_argument(
        "--probe",
        action="store_true",
        help="with --config: probe the live origins that had errors, as 'cf502lint probe' "
        "does, and rank what it finds with the findings",
    )
    parser.add_argument(
        "--probe-timeout",
        type=float,
        default=DEFAULT_PROBE_TIMEOUT,
        metavar="SECONDS",
        help=f"stop probing after this long in all (default: {DEFAULT_PROBE_TIMEOUT:g})",
    )
    parser.add_argument(
        "--allow-private",
        action="store_true",
        help="with --probe: connect to private and loopback addresses too (never to cloud "
        "metadata services)",
    )
    return parser


def bucket_seconds(text: str) -> int:
    found = _DURATION.match(text.strip().lower())
    seconds = int(found[1]) * _UNITS[found[2]] if found else 0
    if seconds < 60 or seconds % 60:
        raise UsageError(f"--bucket expects whole minutes such as 1m, 15m or 1h, got {text!r}")
    return seconds


def main(argv: list[str], resolver: Resolver | None = None, ca_file: str | None = None) -> int:
    """Run ``cf502lint logs``; ``resolver`` and ``ca_file`` replace the DNS and the CA bundle
    of ``--probe``, for tests that serve origins on loopback."""
    args = build_parser().parse_args(argv)
    try:
        return _run(args, resolver, ca_file)
    except UsageError as error:
        print(f"cf502lint logs: error: {error}", file=sys.stderr)
        return EXIT_ERROR


def _run(args: argparse.Namespace, resolver: Resolver | None, ca_file: str | None) -> int:
    from ..source.quote import printable
    from ..workers import available_cores
    from .fields import Layout
    from .match import explain, routes_of
    from .pipeline import find_inputs, read_all
    from .progress import Bar
    from .report_json import document

    bucket = bucket_seconds(args.bucket)
    layout = None
    if args.fields:
        layout = Layout.of([n.strip() for n in args.fields.split(",") if n.strip()])
        if layout is None:
            raise UsageError("--fields must name sc-status")
    jobs = available_cores() if args.jobs is None else args.jobs
    if jobs < 1 or args.top < 1:
        raise UsageError("--jobs and --top expect a positive number")
    if not args.logs:
        hint = (
            ": --config takes every path after it, so name the logs first "
            "(cf502lint logs LOGS... --config PATH...) or end its list with --"
            if args.config
            else ""
        )
        raise UsageError(f"no logs named{hint}")
    if args.logs.count("-") > 1:
        raise UsageError("'-' (standard input) can be read only once")
    if args.probe and not args.config:
        raise UsageError("--probe probes the origins of --config: name the infrastructure code")
    if not args.probe_timeout > 0:
        raise UsageError(f"--probe-timeout expects a positive number, got {args.probe_timeout}")
    served, documents = _served(args.config) if args.config else (None, [])
    inputs = find_inputs(args.logs)
    stdin = _stdin() if inputs.stdin else None
    bar = Bar(inputs.size or None, sys.stderr) if sys.stderr.isatty() else None
    routes = routes_of(served) if served else None
    try:
        aggregate = read_all(inputs, layout, routes, bucket, jobs, stdin, bar)
    finally:
        if bar is not None:
            bar.close()
    explanations = explain(aggregate, served) if served is not None else None
    if served is not None and explanations and args.probe:
        from .probing import ProbeUnavailable, probed

        try:
            served, notes = probed(
                served,
                documents,
                explanations,
                args.probe_timeout,
                args.allow_private,
                resolver,
                ca_file,
            )
        except ProbeUnavailable as error:
            raise UsageError(f"--probe: {error}") from None
        for note in notes:
            print(f"cf502lint logs: probe: note: {printable(note)}", file=sys.stderr)
        explanations = explain(aggregate, served)
    doc = document(aggregate, explanations)
    _write(args, doc)
    if aggregate.unreadable:
        for problem in aggregate.problems:
            if problem.fatal:
                where = printable(f"{problem.source}:{problem.line or ''}".rstrip(":"))
                print(f"{where}: error: {printable(problem.message)}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def _version() -> str:
    """The installed version, read here: cli.py is becoming subcommands."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cf502lint")
    except PackageNotFoundError:
        return "0+unknown"


def _stdin() -> BinaryIO:
    """Standard input as bytes (a text-only stream, as in an embedding program, encoded)."""
    if sys.stdin is None:
        raise UsageError("'-' reads standard input, but there is none")
    buffer = getattr(sys.stdin, "buffer", None)
    if isinstance(buffer, io.BufferedIOBase):
        return cast(BinaryIO, buffer)
    return io.BytesIO(sys.stdin.read().encode("utf-8", "surrogateescape"))


def _write(args: argparse.Namespace, doc: dict[str, object]) -> None:
    from . import report_text

    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")
    text = report_text.render(doc, args.top)
    if args.format == "text":
        chosen = text
    elif args.format == "json":
        from . import report_json

        chosen = report_json.render(doc)
    else:
        from . import report_html

        chosen = report_html.render(doc, _version())
    if args.output:
        from ..writing import write_text

        try:
            write_text(args.output, chosen)
        except OSError as error:
            reason = error.strerror or str(error)
            raise UsageError(f"cannot write --output {args.output!r}: {reason}") from None
        sys.stdout.write(text)
    else:
        sys.stdout.write(chosen)


def _served(paths: Sequence[str]) -> tuple[list[Served], list[Document]]:
    """The distributions in ``paths`` with their findings, and the documents; problems go to
    standard error."""
    from ..config_file import ConfigError, settings_for
    from ..engine import lint
    from ..parsers import ParseOptions
    from ..plugins import PluginError, collect_rules, plugin_manager
    from ..runner import parse_paths
    from ..source.boundary import Boundary
    from ..source.quote import printable
    from .match import served_distributions

    try:
        rules = collect_rules(plugin_manager())
        settings = settings_for(list(paths), rules)
    except (PluginError, ConfigError) as error:
        raise UsageError(str(error)) from None
    config = settings.config()
    options = ParseOptions(max_bytes=settings.max_bytes(), boundary=Boundary.around(paths))
    parsed = parse_paths(paths, config, options)
    for failure in parsed.errors:
        where = f"{failure.path}:{failure.line}" if failure.line else failure.path
        print(f"{printable(where)}: error: {printable(failure.message)}", file=sys.stderr)
    documents = [
        (d.path, d.distributions, lint([d], rules.values(), config).findings)
        for d in parsed.documents
    ]
    served = served_distributions(documents)
    if not served:
        shown = printable(", ".join(paths))
        raise UsageError(f"--config {shown}: no CloudFront distribution found")
    return served, list(parsed.documents)
