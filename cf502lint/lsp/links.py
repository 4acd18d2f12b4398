"""Where a rule's documentation link points, for editors and cfn-lint.

The link of a rule is the first URL of its docstring's ``## References`` section: the AWS page
that explains the failure. It is stable for as long as the rule's documentation keeps its first
reference, and it is the same URL that SARIF reports give as the rule's ``helpUri``. A rule
without references has no link; ``cf502lint rule ID`` always explains it.
"""

from __future__ import annotations

import re

from ..rule import Rule

_URL = re.compile(r"https?://[^\s)>\]]+")
_REFERENCES = re.compile(r"^#+\s*References\s*$", re.MULTILINE | re.IGNORECASE)


def rule_url(rule: Rule) -> str | None:
    """The first URL of the rule's ``## References`` section, if it has one."""
    found = _REFERENCES.search(rule.doc)
    if found is None:
        return None
    section = re.split(r"^#+ ", rule.doc[found.end() :], maxsplit=1, flags=re.MULTILINE)[0]
    url = _URL.search(section)
    return url.group() if url else None
