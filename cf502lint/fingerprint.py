"""What identifies a finding across edits: its rule, file, resource, origin and message.

Line numbers are left out, also those inside messages ("the origin on line 12"), so that a
finding keeps its fingerprint when lines are inserted above it. SARIF's partial
fingerprints, GitLab's and the baseline's all come from here.
"""

from __future__ import annotations

import hashlib
import re

from .model import Finding

_LINE_NUMBER = re.compile(r"\b(lines?) \d+(?:\s*[-\u2013]\s*\d+)?")


def stable_message(message: str) -> str:
    """``message`` with the line numbers it mentions masked."""
    return _LINE_NUMBER.sub(r"\1 N", message)


def fingerprint(finding: Finding, path: str) -> str:
    """A hash of ``finding`` in the file known as ``path`` (relative, as the caller decides)."""
    parts = (
        finding.rule_id,
        path,
        finding.resource or "",
        finding.origin or "",
        stable_message(finding.message),
    )
    data = "\0".join(parts).encode("utf-8", "surrogateescape")
    return hashlib.sha256(data).hexdigest()[:32]
