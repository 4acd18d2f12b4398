"""A rule: a documented generator function from a distribution to problems."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from .model import Distribution, Problem, Severity

Check = Callable[..., Iterable[Problem]]

_ID = re.compile(r"^[A-Z]{2,5}\d{3}$")
_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    name: str
    severity: Severity
    check: Check = field(repr=False, compare=False)
    doc: str = field(repr=False, compare=False)
    options: Mapping[str, object] = field(default_factory=dict, compare=False)
    """Keyword-only parameters of ``check`` and their defaults."""
    at_request: bool = field(default=False, compare=False)
    """Its findings on an origin are failures of the requests that reach that origin, not
    rejections of the deployment: a CloudFront Function that may send those requests to
    another origin, or change the origin's settings, makes them uncertain."""

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0].strip()

    @property
    def fixes(self) -> str | None:
        """Which fixes the rule proposes, as the ``## Fix`` section of its documentation
        opens: ``safe`` (``Safe: ...``), ``unsafe`` (``Unsafe: ...``) or ``safe, unsafe``
        (``Safe: ... Unsafe: ...``); None without the section."""
        _, found, section = self.doc.partition("\n## Fix\n")
        if not found:
            return None
        text = section.split("\n## ", 1)[0].strip()
        if text.startswith("Unsafe"):
            return "unsafe"
        if text.startswith("Safe"):
            return "safe, unsafe" if "Unsafe" in text else "safe"
        return None

    def __call__(self, dist: Distribution, **options: object) -> Iterator[Problem]:
        yield from self.check(dist, **options)

    def matches(self, selector: str) -> bool:
        """Whether ``selector`` names this rule by id, name or id prefix."""
        return selector in (self.id, self.name) or (
            selector.isupper() and self.id.startswith(selector)
        )


def rule(
    rule_id: str, name: str, severity: Severity, *, at_request: bool = False
) -> Callable[[Check], Rule]:
    """Declare a rule: ``@rule("CF101", "https-to-s3-website-origin", Severity.ERROR)``.

    ``at_request``: the rule's findings on an origin are failures of requests to it (see
    ``Rule.at_request``), not rejections of the deployment."""
    if not _ID.match(rule_id):
        raise ValueError(f"rule id {rule_id!r} must be 2-5 capitals and 3 digits")
    if not _NAME.match(name):
        raise ValueError(f"rule name {name!r} must be kebab-case")

    def decorate(check: Check) -> Rule:
        doc = inspect.getdoc(check)
        if not doc:
            raise ValueError(f"rule {rule_id} needs a docstring")
        options = {
            parameter.name: parameter.default
            for parameter in inspect.signature(check).parameters.values()
            if parameter.kind is inspect.Parameter.KEYWORD_ONLY
        }
        return Rule(rule_id, name, severity, check, doc, options, at_request)

    return decorate
