"""How much work reading Terraform may take: a hostile configuration must not hang the run,
fill the memory, or make a clean pass out of values it never evaluated.

Work is counted in expressions evaluated (steps) and in characters and elements built, at
three levels: one value (an argument, a block, a local, an output, a ``count``), one tree (a
root module with the modules it calls) and the whole run. A value past its own bound is
unknown; past a tree's or the run's bound, that value and every later one of the tree is
unknown. Module and resource instances are counted per tree and per run. Each bound hit is a
``Notice`` naming the value, the block or the module call, never a silent pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from ...model import Notice, Span

MAX_STEPS = 1_000_000
"""Expressions one value may evaluate (``for`` bombs)."""
MAX_TREE_STEPS = 4_000_000
MAX_RUN_STEPS = 8_000_000
MAX_BUILT = 4_000_000
"""Characters plus elements the expressions of one value may build, intermediate results
included (shared parts counted at each use)."""
MAX_TREE_BUILT = 16_000_000
MAX_RUN_BUILT = 32_000_000
MAX_TREE_INSTANCES = 10_000
"""Module and resource instances of one tree (``count`` on modules calling each other)."""
MAX_RUN_INSTANCES = 40_000


@dataclass(frozen=True, slots=True)
class Spent:
    """The work of a run so far, in the units of its bounds."""

    steps: int = 0
    built: int = 0
    instances: int = 0

    def __add__(self, other: Spent) -> Spent:
        return Spent(
            self.steps + other.steps, self.built + other.built, self.instances + other.instances
        )

    def __sub__(self, other: Spent) -> Spent:
        return Spent(
            self.steps - other.steps, self.built - other.built, self.instances - other.instances
        )

    def within_run(self) -> bool:
        """Whether this much work stays within every bound of a run."""
        return (
            self.steps <= MAX_RUN_STEPS
            and self.built <= MAX_RUN_BUILT
            and self.instances <= MAX_RUN_INSTANCES
        )


class TooMuch(Exception):
    """Evaluation went past a bound: the value is unknown, whatever ``try`` or ``can``
    around it says (they cannot observe it, as Terraform would have a value)."""

    def __init__(self, message: str, level: str) -> None:
        super().__init__(message)
        self.level = level


@dataclass(slots=True)
class _Level:
    """One bound: work is counted from ``steps`` and ``built``, the run's totals when the
    level began (moved on by the work of the values nested in it)."""

    name: str
    where: str
    """How a message names it: ``for one value``, ``in this run``."""
    max_steps: int
    max_built: int
    steps: int = 0
    built: int = 0


_TREE = "in this module and the modules it calls"


class Budget:
    """The work left to one run of the Terraform front end, to its current tree and to the
    value under way; and the notices of what the run could not read in full."""

    def __init__(self, start: Spent = Spent()) -> None:
        """A run's budget, of which ``start`` is spent already (by modules read apart)."""
        self._steps = start.steps
        self._built = start.built
        self._run = _Level("run", "in this run", MAX_RUN_STEPS, MAX_RUN_BUILT)
        self._tree = _Level("tree", _TREE, MAX_TREE_STEPS, MAX_TREE_BUILT, self._steps, self._built)
        self._value = self._new_value()
        self._instances = {"tree": 0, "run": start.instances}
        self.exhausted = False
        """Whether a bound of the run was hit: what was read then depends on what came
        before."""
        self._label = ""
        self._span: Span | None = None
        self._notices: dict[tuple[str, str, int | None], Notice] = {}
        self._limits()

    def _new_value(self) -> _Level:
        return _Level("value", "for one value", MAX_STEPS, MAX_BUILT, self._steps, self._built)

    def _limits(self) -> None:
        levels = (self._value, self._tree, self._run)
        self._max_steps = min(level.steps + level.max_steps for level in levels)
        self._max_built = min(level.built + level.max_built for level in levels)

    @property
    def spent(self) -> Spent:
        return Spent(self._steps, self._built, self._instances["run"])

    def start_tree(self) -> None:
        """A new root module: its own tree bounds."""
        self._tree = _Level("tree", _TREE, MAX_TREE_STEPS, MAX_TREE_BUILT, self._steps, self._built)
        self._instances["tree"] = 0
        self._limits()

    def step(self, cost: int = 1) -> None:
        self._steps += cost
        if self._steps > self._max_steps:
            level = next(
                v
                for v in (self._value, self._tree, self._run)
                if self._steps > v.steps + v.max_steps
            )
            self.exhausted = self.exhausted or self._steps > self._run.max_steps
            raise TooMuch(
                f"more than {level.max_steps:,} expressions evaluated {level.where}", level.name
            )

    def build(self, size: int) -> None:
        self._built += size
        if self._built > self._max_built:
            level = next(
                v
                for v in (self._value, self._tree, self._run)
                if self._built > v.built + v.max_built
            )
            message = f"more than {level.max_built:,} characters and elements built {level.where}"
            self.exhausted = self.exhausted or self._built > self._run.max_built
            raise TooMuch(message, level.name)

    @contextmanager
    def unit(self, label: str, span: Span) -> Iterator[None]:
        """One value, with its own bound: a local or an argument evaluated while another
        is under way costs that other nothing, so the order they are met in does not
        change what is known."""
        outer = (self._value, self._label, self._span)
        self._value, self._label, self._span = self._new_value(), label, span
        self._limits()
        try:
            yield
        finally:
            nested = self._value
            self._value, self._label, self._span = outer
            self._value.steps += self._steps - nested.steps
            self._value.built += self._built - nested.built
            self._limits()

    def ran_out(self, error: TooMuch) -> None:
        """The value under way is unknown because of ``error``: say so, once per value
        (once per tree for the tree's and the run's bounds)."""
        if self._span is None:
            return
        key: tuple[str, str, int | None] = (error.level, "", None)
        if error.level == "value":
            key = ("value", self._span.path, self._span.line)
            message = f"{self._label}: {error}; its value is unknown"
        else:
            message = f"{self._label}: {error}; it and every later value of this module are unknown"
        self._notices.setdefault(key, Notice(self._span.path, self._span.line, message))

    def admit(self, count: int) -> str | None:
        """Take ``count`` more instances; when that passes a bound, take none and say which."""
        self.exhausted = self.exhausted or self._instances["run"] + count > MAX_RUN_INSTANCES
        for level, limit, where in (
            ("tree", MAX_TREE_INSTANCES, _TREE),
            ("run", MAX_RUN_INSTANCES, "in this run"),
        ):
            if self._instances[level] + count > limit:
                return f"more than {limit:,} module and resource instances {where}"
        for level in self._instances:
            self._instances[level] += count
        return None

    def note(self, span: Span, message: str) -> None:
        self._notices.setdefault(
            (message, span.path, span.line), Notice(span.path, span.line, message)
        )

    def take_notices(self) -> tuple[Notice, ...]:
        """The notices since the last call, in the order they were met."""
        notices = tuple(self._notices.values())
        self._notices.clear()
        return notices
