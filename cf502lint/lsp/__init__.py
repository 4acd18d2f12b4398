"""``cf502lint lsp``: a language server that lints the buffers an editor has open.

Only this package's ``server`` module imports pygls, and only when the command runs, so that
``import cf502lint`` and the other commands stay light.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping, Sequence

from ..rule import Rule

DEFAULT_DEBOUNCE = 0.3
"""Seconds of quiet after an edit before the buffer is linted again."""


def main(argv: Sequence[str], load_rules: Callable[[], Mapping[str, Rule]], version: str) -> int:
    parser = argparse.ArgumentParser(
        allow_abbrev=False,
        prog="cf502lint lsp",
        description="Run the cf502lint language server on standard input and output.",
    )
    parser.add_argument(
        "--stdio",
        action="store_true",
        help="accepted for editors that pass it; standard input and output is the only transport",
    )
    parser.add_argument(
        "--debounce",
        type=float,
        default=DEFAULT_DEBOUNCE,
        metavar="SECONDS",
        help=f"wait this long after an edit before linting (default: {DEFAULT_DEBOUNCE})",
    )
    args = parser.parse_args(list(argv))
    if args.debounce < 0:
        parser.error("--debounce must not be negative")
    rules = load_rules()
    from .server import build_server

    build_server(rules, version, args.debounce).start_io()
    return 0
