"""How much work resolving one CloudFormation template may take.

Intrinsic functions amplify: ten nested ``Fn::Sub`` with ten ``${a}`` each turn 1.2 KB of
JSON into a string of 10**10 characters, and conditions combine into 2**n scenarios. Work
is counted in steps (values resolved, mapping rows and list items looked at) and in
characters and elements built, over the whole template: every distribution, every
combination of conditions. A value past its own bound is unknown; past the template's, it
and every later value are. Each bound hit is a ``Notice`` naming the resource and property,
never a silent pass.
"""

from __future__ import annotations

from ...model import Notice, Span

MAX_SIZE = 1_000_000
"""Characters plus elements one intrinsic's value may hold."""
MAX_STEPS = 4_000_000
"""Steps resolving one template may take."""
MAX_BUILT = 16_000_000
"""Characters plus elements the intrinsics of one template may build together."""
MAX_NESTING = 100
"""Values resolved inside one another: intrinsics, the containers between them, and the
mapping entries and conditions they name (a chain of ``Fn::FindInMap``)."""


class TooMuch(Exception):
    """Resolution went past a bound; ``everything``: the template's, not one value's."""

    def __init__(self, message: str, everything: bool = False) -> None:
        super().__init__(message)
        self.everything = everything


class Budget:
    """The work left to one template, and the notices of the bounds it hit."""

    def __init__(self) -> None:
        self.steps = 0
        self.built = 0
        self.spent: str | None = None
        """The template's bound that was hit: every later step and value goes past it."""
        self._notices: dict[tuple[str, int | None, str], Notice] = {}

    @property
    def exhausted(self) -> bool:
        return self.spent is not None

    def step(self, cost: int = 1) -> None:
        self.steps += cost
        if self.steps > MAX_STEPS and self.spent is None:
            self.spent = f"more than {MAX_STEPS:,} steps resolving the template"
        if self.spent is not None:
            raise TooMuch(self.spent, True)

    def build(self, size: int, what: str) -> None:
        """Take ``size`` characters and elements for a value that ``what`` builds."""
        if size > MAX_SIZE:
            raise TooMuch(f"{what} builds more than {MAX_SIZE:,} characters and elements")
        self.built += size
        if self.built > MAX_BUILT and self.spent is None:
            self.spent = f"more than {MAX_BUILT:,} characters and elements built for the template"
        if self.spent is not None:
            raise TooMuch(self.spent, True)

    def ran_out(
        self, error: TooMuch, span: Span, where: str, unknown: str = "its value is"
    ) -> None:
        """What ``where`` names is unknown because of ``error``: say so, once per value
        (once per template for the template's bounds)."""
        if error.everything:
            message = f"{where}: {error}; it and every later value are unknown"
            self._notices.setdefault(("", None, ""), Notice(span.path, span.line, message))
        else:
            self.note(span, f"{where}: {error}; {unknown} unknown")

    def note(self, span: Span, message: str) -> None:
        self._notices.setdefault(
            (span.path, span.line, message), Notice(span.path, span.line, message)
        )

    @property
    def notices(self) -> tuple[Notice, ...]:
        return tuple(self._notices.values())
