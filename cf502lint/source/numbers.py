"""Integers as the readers load them: any length, in linear time, never an exception.

JSON and YAML put no limit on the digits of a number, but Python converts at most 4,300
decimal digits between an int and a string, and PyYAML reads a sexagesimal integer
(``1:30:00``) in time quadratic in its length. So an integer past the range of a 64-bit
float (about 1.8e308) loads as a signed infinity, as a float literal that large (``1e400``)
already does, and as JavaScript or Go read such a number. A field that needs an integer
reads infinity as unknown (``as_int``).
"""

from __future__ import annotations

import math

FLOAT_BITS = 1024
"""Integers of more bits are past the largest float (just under 2**1024)."""
_FLOAT_DIGITS = 309
"""Integers of more decimal digits are past the largest float (10**308 < max < 10**309)."""


def bounded(value: int) -> int | float:
    """``value``, or a signed infinity when it is past the float range."""
    if value.bit_length() <= FLOAT_BITS:
        return value
    return math.inf if value > 0 else -math.inf


def decimal(text: str) -> int | float:
    """A decimal integer: an optional sign, then ASCII digits. Raises ValueError otherwise."""
    sign, digits = (text[0], text[1:]) if text[:1] in ("+", "-") else ("", text)
    if not (digits.isascii() and digits.isdigit()):
        raise ValueError("not a decimal integer")
    digits = digits.lstrip("0")
    if len(digits) > _FLOAT_DIGITS:
        return -math.inf if sign == "-" else math.inf
    value = int(digits or "0")
    return bounded(-value if sign == "-" else value)


def yaml_int(text: str) -> int | float:
    """A YAML 1.1 integer as PyYAML reads it: binary ``0b``, octal ``0``, hexadecimal
    ``0x``, sexagesimal ``1:30`` or decimal, ``_`` anywhere. Raises ValueError when
    ``text`` is none of these."""
    body = text.replace("_", "")
    sign = -1 if body.startswith("-") else 1
    if body.startswith(("+", "-")):
        body = body[1:]
    if body.startswith("0b"):
        return bounded(sign * int(body[2:], 2))
    if body.startswith("0x"):
        return bounded(sign * int(body[2:], 16))
    if body.startswith("0") and body != "0":
        return bounded(sign * int(body, 8))
    if ":" in body:
        return _sexagesimal(body, sign)
    value = decimal(body)
    return -value if sign < 0 else value


def _sexagesimal(body: str, sign: int) -> int | float:
    value = 0
    for part in body.split(":"):
        value = value * 60 + int(part)
        if value.bit_length() > FLOAT_BITS:
            return math.inf if sign > 0 else -math.inf
    return sign * value
