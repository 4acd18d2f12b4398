"""``cf502lint rules`` and ``cf502lint rule ID`` (alias ``explain``)."""

from __future__ import annotations

import argparse
import sys

from ..errors import EXIT_CLEAN, UsageError
from .shared import load_rules


def add_rules_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--markdown", action="store_true", help="print every rule's full page (the reference)"
    )
    parser.set_defaults(handler=list_rules)


def list_rules(args: argparse.Namespace) -> int:
    rules = load_rules()
    if args.markdown:
        from ..explain import page

        print("\n\n".join(page(r) for r in rules.values()))
        return EXIT_CLEAN
    width = max(len(r.name) for r in rules.values())
    for rule in rules.values():
        print(f"{rule.id}  {rule.name:<{width}}  {rule.severity:<7}  {rule.summary}")
    return EXIT_CLEAN


def add_rule_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rule", metavar="ID-OR-NAME", help="a rule's id (CF101) or name")
    parser.set_defaults(handler=explain_rule)


def explain_rule(args: argparse.Namespace) -> int:
    from ..explain import page
    from ..probe.checks import catalogue

    rules = {**load_rules(), **catalogue()}
    found = [r for r in rules.values() if args.rule in (r.id, r.name)]
    if not found:
        raise UsageError(f"no rule is called {args.rule!r} (see 'cf502lint rules')")
    sys.stdout.write(page(found[0]) + "\n")
    return EXIT_CLEAN
