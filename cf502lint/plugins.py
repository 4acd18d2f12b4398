"""Building the plugin manager and collecting what plugins provide."""

from __future__ import annotations

import pluggy

from . import hookspecs, installed
from .installed import EntryPoint
from .rule import Rule


class PluginError(Exception):
    """A plugin could not be loaded or provided something invalid."""


def plugin_manager(*plugins: object, entry_points: bool = True) -> pluggy.PluginManager:
    pm = pluggy.PluginManager("cf502lint")
    pm.add_hookspecs(hookspecs)
    for plugin in plugins:
        pm.register(plugin)
    if entry_points:  # installed entry points only: nothing is imported from the linted tree
        for entry_point in _entry_points():
            if pm.get_plugin(entry_point.name) or pm.is_blocked(entry_point.name):
                continue
            try:
                pm.register(entry_point.load(), name=entry_point.name)
            except Exception as error:  # a broken third-party package must not look like a crash
                raise PluginError(
                    f"could not load the cf502lint plugin {entry_point.name!r} "
                    f"({entry_point.value}): {type(error).__name__}: {error}"
                ) from error
    pm.check_pending()
    return pm


def _entry_points() -> list[EntryPoint]:
    """The ``cf502lint`` entry points, by name; ``importlib.metadata`` only when needed."""
    points = installed.entry_points("cf502lint")
    if points is None:
        from importlib.metadata import entry_points

        points = [EntryPoint(e.name, e.value) for e in entry_points(group="cf502lint")]
    unique = {p.name: p for p in reversed(points)}  # the first of a name, as pluggy did
    return sorted(unique.values(), key=lambda p: p.name)


def collect_rules(pm: pluggy.PluginManager) -> dict[str, Rule]:
    """All rules, keyed and sorted by id; duplicate ids or names are an error."""
    by_id: dict[str, Rule] = {}
    by_name: dict[str, Rule] = {}
    for provided in pm.hook.cf502lint_rules():
        for candidate in provided:
            if not isinstance(candidate, Rule):
                raise PluginError(f"a plugin provided {candidate!r}, which is not a Rule")
            for index, key in ((by_id, candidate.id), (by_name, candidate.name)):
                if key in index:
                    raise PluginError(
                        f"two rules are called {key!r}: {index[key].id} and {candidate.id}"
                    )
                index[key] = candidate
    return dict(sorted(by_id.items()))
