"""The complete plugin API of cf502lint.

A plugin is a module (or object) with functions named like the specs below, marked with
``cf502lint.hookimpl``, and registered through the ``cf502lint`` entry point group::

    [project.entry-points.cf502lint]
    acme = "cf502lint_acme"

The built-in rules are registered exactly this way.
"""

from __future__ import annotations

from collections.abc import Iterable

import pluggy

from .rule import Rule

hookspec = pluggy.HookspecMarker("cf502lint")


@hookspec
def cf502lint_rules() -> Iterable[Rule]:  # type: ignore[empty-body]
    """Return the rules this plugin provides.

    Called once at start-up. Rule ids and names must be unique across all installed
    plugins; a clash is reported as an error naming both.
    """
