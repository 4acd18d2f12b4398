"""The command line: ``cf502lint [COMMAND] ...``, where COMMAND defaults to ``lint``.

Only the chosen command's module is imported, and only its arguments are built, so that a
pre-commit run of ``cf502lint file.yaml`` pays for nothing else.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .errors import EXIT_CODES, EXIT_ERROR, UsageError


@dataclass(frozen=True, slots=True)
class Command:
    summary: str
    arguments: Callable[[argparse.ArgumentParser], None] | None = None
    """Adds the command's arguments and sets ``handler`` (a function of the parsed args)."""
    aliases: tuple[str, ...] = ()
    own_parser: Callable[[list[str]], int] | None = None
    """Runs a command that parses the rest of the command line (and ``--help``) itself."""


def _lint(parser: argparse.ArgumentParser) -> None:
    from .commands.lint import add_arguments

    add_arguments(parser)


def _rules(parser: argparse.ArgumentParser) -> None:
    from .commands.rules import add_rules_arguments

    add_rules_arguments(parser)


def _rule(parser: argparse.ArgumentParser) -> None:
    from .commands.rules import add_rule_arguments

    add_rule_arguments(parser)


def _lsp(argv: list[str]) -> int:
    from .commands.shared import load_rules, version
    from .lsp import main

    return main(argv, load_rules, version())


def _probe(argv: list[str]) -> int:
    from .probe.command import main

    return main(argv)


def _logs(argv: list[str]) -> int:
    from .logs.command import main

    return main(argv)


COMMANDS = {
    "lint": Command("lint files and directories (the default command)", _lint),
    "rules": Command("list the rules", _rules),
    "rule": Command("explain one rule", _rule, ("explain",)),
    "lsp": Command("run the language server for editors", own_parser=_lsp),
    "probe": Command("check the live origins the way CloudFront connects", own_parser=_probe),
    "logs": Command("explain the 5xx errors in CloudFront access logs", own_parser=_logs),
}


class _VersionAction(argparse.Action):
    """``--version``, reading the installed version only when asked."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from .commands.shared import version

        print(f"cf502lint {version()}")
        parser.exit()


def build_parser(command: str | None) -> argparse.ArgumentParser:
    """The parser of ``cf502lint``, with the arguments of ``command`` (and no other) built."""
    parser = argparse.ArgumentParser(
        prog="cf502lint",
        description="Find CloudFront origin settings that lead to 502 Bad Gateway.",
        epilog=f"'cf502lint PATH...' is 'cf502lint lint PATH...'; 'cf502lint COMMAND --help' "
        f"describes a command.\n\n{EXIT_CODES}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    parser.add_argument("-V", "--version", action=_VersionAction, nargs=0, help="print the version")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", dest="command")
    for name, spec in COMMANDS.items():
        sub = commands.add_parser(
            name,
            aliases=list(spec.aliases),
            help=spec.summary,
            description=spec.summary,
            epilog=EXIT_CODES if name == "lint" else None,
            formatter_class=argparse.RawDescriptionHelpFormatter,
            allow_abbrev=False,
        )
        if spec.arguments is not None and (name == command or command in spec.aliases):
            spec.arguments(sub)
    return parser


def _command_of(args: list[str]) -> str | None:
    """The command ``args`` name; None for ``cf502lint --help`` and ``--version``."""
    if not args:
        return "lint"
    first = args[0]
    if first in COMMANDS or any(first in spec.aliases for spec in COMMANDS.values()):
        return first
    if first in ("-h", "--help", "-V", "--version"):
        return None
    return "lint"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    command = _command_of(args)
    if command == "lint" and args[:1] != ["lint"]:
        args = ["lint", *args]
    try:
        spec = COMMANDS.get(command or "")
        if spec is not None and spec.own_parser is not None:
            return spec.own_parser(args[1:])
        parsed = build_parser(command).parse_args(args)
        handler: Callable[[argparse.Namespace], int] = parsed.handler
        return handler(parsed)
    except UsageError as error:
        from .commands.shared import say

        say(f"cf502lint: error: {error}")
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_ERROR
