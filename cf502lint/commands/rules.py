"""``cf502lint rules`` and ``cf502lint rule ID`` (alias ``explain``)."""

from __future__ import annotations

import argparse
import sys

from ..errors import EXIT_CLEAN, UsageError
from ..rule import Rule
from .shared import load_rules


def add_rules_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--markdown", action="store_true", help="print every rule's full page (the reference)"
    )
    parser.add_argument(
        "--write-docs",
        metavar="DIR",
        help="write the reference as Markdown files into DIR: an index and a page per rule "
        "and per probe check",
    )
    parser.add_argument(
        "--probe", action="store_true", help="the checks of 'cf502lint probe' instead of the rules"
    )
    parser.set_defaults(handler=list_rules)


def list_rules(args: argparse.Namespace) -> int:
    if args.write_docs or args.probe:
        from ..probe.checks import catalogue

        if args.write_docs:
            return _write_docs(args.write_docs, load_rules(), catalogue())
    rules = catalogue() if args.probe else load_rules()
    if args.markdown:
        from ..explain import page

        print("\n\n".join(page(r) for r in rules.values()))
        return EXIT_CLEAN
    width = max(len(r.name) for r in rules.values())
    for rule in rules.values():
        print(f"{rule.id}  {rule.name:<{width}}  {rule.severity:<7}  {rule.summary}")
    return EXIT_CLEAN


def _write_docs(directory: str, rules: dict[str, Rule], checks: dict[str, Rule]) -> int:
    """The reference in ``directory``; pages of rules that no longer exist are removed."""
    from pathlib import Path

    from ..explain import INDEX, reference
    from ..writing import write_text

    target = Path(directory)
    pages = reference(rules, checks)
    try:
        target.mkdir(parents=True, exist_ok=True)
        for stale in target.glob("*.md"):
            if stale.name not in pages:
                stale.unlink()
        for name, text in pages.items():
            write_text(str(target / name), text)
    except OSError as error:
        raise UsageError(f"cannot write {directory}: {error.strerror or error}") from None
    print(
        f"cf502lint: wrote {INDEX}, {len(rules)} rule pages and {len(checks)} probe check "
        f"pages in {directory}",
        file=sys.stderr,
    )
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
