"""What several commands need: the installed rules, the version, a line on stderr."""

from __future__ import annotations

import sys

from ..errors import UsageError
from ..rule import Rule


def load_rules() -> dict[str, Rule]:
    from ..plugins import PluginError, collect_rules, plugin_manager

    try:
        rules = collect_rules(plugin_manager())
    except PluginError as error:
        raise UsageError(str(error)) from None
    if not rules:
        raise UsageError("no rules loaded: is cf502lint installed (pip install .)?")
    return rules


def version() -> str:
    from ..installed import version as read_version

    found = read_version("cf502lint")
    if found is not None:
        return found
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("cf502lint")
    except PackageNotFoundError:
        return "0+unknown"


def say(line: str) -> None:
    """One line on standard error, escaped like every report (see ``printable``)."""
    from ..source.quote import printable

    print(printable(line), file=sys.stderr)


def split_list(values: list[str] | None) -> tuple[str, ...]:
    """``--select a,b --select c``: every comma-separated item, stripped."""
    return tuple(v.strip() for value in values or () for v in value.split(",") if v.strip())
