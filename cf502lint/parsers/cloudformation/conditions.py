"""Which combinations of CloudFormation conditions to check.

``Fn::If`` is checked on both branches. Conditions are reduced to their atoms (each
``Fn::Equals`` that is not constant); combinations that cannot happen, such as one
parameter equal to two different values, are left out, so that a finding never rests on
an impossible deployment.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator, Mapping
from typing import Any

from .budget import MAX_NESTING, Budget, TooMuch

MAX_ATOMS = 12

Atom = str


def used_conditions(value: Any) -> set[str]:
    """Names of the conditions that ``Fn::If`` mentions anywhere in ``value``."""
    found: set[str] = set()
    seen: set[int] = set()  # a YAML alias shares its value: walk it once
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, dict | list):
            if id(current) in seen:
                continue
            seen.add(id(current))
        if isinstance(current, dict):
            branch = current.get("Fn::If") if len(current) == 1 else None
            if isinstance(branch, list) and branch and isinstance(branch[0], str):
                found.add(branch[0])
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return found


class Conditions:
    def __init__(
        self,
        definitions: Mapping[str, Any],
        parameters: Mapping[str, Any],
        overrides: Mapping[str, str],
        budget: Budget,
    ) -> None:
        self.definitions = definitions
        self.parameters = parameters
        self.overrides = overrides
        self.budget = budget
        self._atoms: dict[int, tuple[Any, Atom]] = {}
        """id(expression) -> (expression, its atom): each expression is written out once."""
        self._departed: dict[tuple[tuple[str, bool], ...], frozenset[str]] = {}

    def scenarios(self, names: set[str]) -> list[dict[str, bool]]:
        """Every possible assignment of values to ``names``; [{}] when none are known.

        Raises ``TooMuch`` when they rest on more than MAX_ATOMS atoms, or when telling
        them apart takes more than the budget.
        """
        names = {n for n in names if n in self.definitions}
        if not names:
            return [{}]
        atoms: dict[Atom, tuple[str, str] | None] = {}
        collected: set[str] = set()
        for name in sorted(names):
            self._collect(self.definitions[name], atoms, {name}, collected, 0)
            collected.add(name)
        if len(atoms) > MAX_ATOMS:
            raise TooMuch(f"more than {MAX_ATOMS} independent conditions ({len(atoms)})")
        seen: dict[tuple[tuple[str, bool], ...], dict[str, bool]] = {}
        opaque = self._opaque(atoms)
        for assignment in self._assignments(atoms):
            memo: dict[str, bool | None] = {}
            values = {name: self._evaluate(name, assignment, memo, 0) for name in sorted(names)}
            if None in values.values():
                continue
            known = {k: bool(v) for k, v in values.items()}
            key = tuple(sorted(known.items()))
            seen.setdefault(key, known)
            departed = opaque | self._departing(assignment, atoms)
            if key not in self._departed or len(departed) < len(self._departed[key]):
                self._departed[key] = departed
        return list(seen.values()) or [{}]

    def departed(self, scenario: Mapping[str, bool]) -> frozenset[str]:
        """The parameters that cannot hold their defaults in ``scenario`` (one of those
        ``scenarios`` returned): conditions on them say otherwise, so they are unknown.

        Of the atom assignments that give the scenario, the one that keeps the most
        defaults is taken, so that the defaults used are those of one possible deployment.
        """
        return self._departed.get(tuple(sorted(scenario.items())), frozenset())

    def _departing(self, assignment: dict[Atom, bool], atoms: dict[Atom, Any]) -> frozenset[str]:
        """Parameters whose default an ``Fn::Equals [Ref P, literal]`` atom contradicts."""
        found: set[str] = set()
        for atom, pair in atoms.items():
            if pair is None:
                continue
            parameter, literal = pair
            default = self._default(parameter)
            if default is not None and (default == literal) != assignment[atom]:
                found.add(parameter)
        return frozenset(found)

    def _opaque(self, atoms: dict[Atom, Any]) -> frozenset[str]:
        """Parameters with a default inside atoms of another shape, whose value under an
        assignment cannot be told: unknown in every scenario."""
        found: set[str] = set()
        for atom, pair in atoms.items():
            if pair is None:
                found.update(
                    name
                    for name in _parameter_refs(json.loads(atom))
                    if self._default(name) is not None
                )
        return frozenset(found)

    def _default(self, name: str) -> str | None:
        """A parameter's default as conditions compare it; None without one (or when given)."""
        parameter = self.parameters.get(name)
        if name in self.overrides or not isinstance(parameter, Mapping):
            return None
        return self._literal(parameter.get("Default"))

    def _assignments(self, atoms: dict[Atom, tuple[str, str] | None]) -> Iterator[dict[Atom, bool]]:
        keys = sorted(atoms)
        for bits in itertools.product((True, False), repeat=len(keys)):
            assignment = dict(zip(keys, bits, strict=True))
            equal: dict[str, str] = {}
            consistent = True
            for key, value in assignment.items():
                pair = atoms[key]
                if value and pair is not None:
                    parameter, literal = pair
                    if equal.setdefault(parameter, literal) != literal:
                        consistent = False
            if consistent:
                yield assignment

    def _collect(
        self,
        expr: Any,
        atoms: dict[Atom, tuple[str, str] | None],
        seen: set[str],
        collected: set[str],
        depth: int,
    ) -> None:
        """The atoms of ``expr`` into ``atoms``; ``seen``: the conditions under way (a
        condition that names itself adds nothing), ``collected``: those done already."""
        self._enter(depth)
        if isinstance(expr, dict) and len(expr) == 1:
            ((key, arg),) = expr.items()
            if key == "Condition" and isinstance(arg, str):
                if arg in self.definitions and arg not in seen and arg not in collected:
                    self._collect(self.definitions[arg], atoms, seen | {arg}, collected, depth + 1)
                    collected.add(arg)
                return
            if key in ("Fn::Not", "Fn::And", "Fn::Or") and isinstance(arg, list):
                for item in arg:
                    self._collect(item, atoms, seen, collected, depth + 1)
                return
            if key == "Fn::Equals" and self._constant(expr) is not None:
                return
        atoms[self._atom(expr)] = self._parameter_literal(expr)

    def _enter(self, depth: int) -> None:
        if depth > MAX_NESTING:
            raise TooMuch(f"conditions nested more than {MAX_NESTING} deep")
        self.budget.step()

    def _evaluate(
        self, name: str, assignment: dict[Atom, bool], memo: dict[str, bool | None], depth: int
    ) -> bool | None:
        """The value of condition ``name``, once per assignment (``memo``); a condition
        that reaches itself is unknown."""
        if name not in memo:
            memo[name] = None
            if name in self.definitions:
                memo[name] = self._value(self.definitions[name], assignment, memo, depth)
        return memo[name]

    def _value(
        self, expr: Any, assignment: dict[Atom, bool], memo: dict[str, bool | None], depth: int
    ) -> bool | None:
        self._enter(depth)
        if isinstance(expr, dict) and len(expr) == 1:
            ((key, arg),) = expr.items()
            if key == "Condition" and isinstance(arg, str):
                return self._evaluate(arg, assignment, memo, depth + 1)
            if key in ("Fn::Not", "Fn::And", "Fn::Or") and isinstance(arg, list):
                values = [self._value(item, assignment, memo, depth + 1) for item in arg]
                if None in values:
                    return None
                if key == "Fn::Not":
                    return not values[0] if len(values) == 1 else None
                return all(values) if key == "Fn::And" else any(values)
            if key == "Fn::Equals":
                constant = self._constant(expr)
                if constant is not None:
                    return constant
        return assignment.get(self._atom(expr))

    def _atom(self, expr: Any) -> Atom:
        known = self._atoms.get(id(expr))
        if known is None or known[0] is not expr:
            known = (expr, _atom(expr))
            self._atoms[id(expr)] = known  # holding expr keeps its id unique
        return known[1]

    def _literal(self, value: Any) -> str | None:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str | int | float):
            return str(value)
        if isinstance(value, dict) and list(value) == ["Ref"]:
            name = value["Ref"]
            if isinstance(name, str) and name in self.overrides:
                return self.overrides[name]
        return None

    def _constant(self, expr: dict[str, Any]) -> bool | None:
        arg = expr["Fn::Equals"]
        if not isinstance(arg, list) or len(arg) != 2:
            return None
        left, right = (self._literal(side) for side in arg)
        if left is None or right is None:
            return None
        return left == right

    def _parameter_literal(self, expr: Any) -> tuple[str, str] | None:
        """For ``Fn::Equals [Ref P, literal]``: (P, literal), so exclusive values can be told."""
        if not (isinstance(expr, dict) and list(expr) == ["Fn::Equals"]):
            return None
        arg = expr["Fn::Equals"]
        if not isinstance(arg, list) or len(arg) != 2:
            return None
        for side, other in (arg, arg[::-1]):
            if isinstance(side, dict) and list(side) == ["Ref"] and isinstance(side["Ref"], str):
                literal = self._literal(other)
                if literal is not None:
                    return side["Ref"], literal
        return None


def _atom(expr: Any) -> Atom:
    return json.dumps(expr, sort_keys=True, default=str)


def _parameter_refs(value: Any) -> Iterator[str]:
    """The names every ``Ref`` in a (decoded) atom names."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            if isinstance(current.get("Ref"), str):
                yield current["Ref"]
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
