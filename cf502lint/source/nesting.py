"""Refusing brackets nested too deep before a parser that is slow or recursive on them sees them."""

from __future__ import annotations

import re

from .tree import SourceError


def check_nesting(text: str, tokens: re.Pattern[str], limit: int, language: str) -> None:
    """Raise when ``text`` nests brackets deeper than ``limit``.

    ``tokens`` matches the brackets, newlines, and whatever may hide brackets in the language
    (strings, comments); those count only for the newlines they hold.
    """
    if sum(text.count(bracket) for bracket in "[{(") <= limit:
        return
    depth = 0
    line = 1
    for match in tokens.finditer(text):
        token = match.group()
        if token in ("[", "{", "("):
            depth += 1
            if depth > limit:
                raise SourceError(f"invalid {language}: nested more than {limit} levels deep", line)
        elif token in ("]", "}", ")"):
            depth = max(depth - 1, 0)
        else:
            line += token.count("\n")
