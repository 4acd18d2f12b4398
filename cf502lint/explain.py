"""A rule's documentation page, as `cf502lint rule ID` prints it."""

from __future__ import annotations

from .rule import Rule


def page(rule: Rule) -> str:
    summary, _, body = rule.doc.partition("\n")
    lines = [
        f"# {rule.name} ({rule.id})",
        "",
        f"Default severity: {rule.severity}",
        "",
        summary.strip(),
        body.rstrip(),
    ]
    if rule.options:
        lines += ["", "## Options", "", "| option | default |", "| --- | --- |"]
        lines += [f"| `{name}` | `{default!r}` |" for name, default in rule.options.items()]
    return "\n".join(lines).rstrip() + "\n"
