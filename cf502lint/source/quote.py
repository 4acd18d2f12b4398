"""Quoting file content in messages: a short, escaped token, never a line or a block.

Messages reach CI logs, annotations and code-scanning alerts; a parse error must not be
a way to print a file's content there.
"""

from __future__ import annotations

import json

MAX_TOKEN = 24
"""Characters of file content a message quotes at most."""


def quoted(text: str, limit: int = MAX_TOKEN) -> str:
    """``text`` as a quoted token: control characters escaped, cut after ``limit``."""
    return repr(text if len(text) <= limit else text[:limit]) + ("…" if len(text) > limit else "")


def shortened(text: str, limit: int) -> str:
    """``text`` cut after ``limit`` characters and made ``printable``."""
    return printable(text[:limit]) + ("…" if len(text) > limit else "")


def printable(line: str) -> str:
    """``line`` safe to print where logs are read and parsed: every character that is not
    printable (control characters, line breaks, bidirectional overrides, the lone surrogates
    of undecodable file names) is written as a backslash escape, and the workflow-command
    syntax of GitHub Actions (``::`` opening a line, ``##[`` anywhere) is broken up, so no
    file name or value can plant a command or a fake line in a CI log."""
    if not line.isprintable():
        line = "".join(c if c.isprintable() else _escape(c) for c in line)
    if line.lstrip().startswith("::"):
        line = line.replace(":", "\\x3a", 1)
    return line.replace("##[", "#\\x23[")


_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def json_text(value: object) -> str:
    """``value`` as indented JSON, with ``##[`` escaped (``#\\u0023[``, the same string to a
    JSON reader), so that a report printed in a CI log cannot carry a workflow command."""
    return json.dumps(value, indent=2, ensure_ascii=False).replace("##[", "#\\u0023[") + "\n"


def _escape(char: str) -> str:
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
