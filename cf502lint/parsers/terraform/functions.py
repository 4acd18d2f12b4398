"""Terraform's built-in functions, as far as origin names and collections need them.

String functions work on partly known strings too: ``trimprefix`` of a Lambda function
URL still knows the ``.lambda-url.<region>.on.aws`` part. A function not listed here
returns an unknown value.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

from ..values import Part, Partial, Ref, Unknown, concat, split
from .budget import TooMuch
from .evaluate import MAX_SIZE, EvalError, Object, boolean, number, tidy, to_text, unknown_in

Expand = Callable[[Ref], Any]
Function = Callable[[list[Any], Expand], Any]

_FORMAT_VERB = re.compile(r"%(?:\[\d+\])?([-+# 0]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])")
_GO_GROUP = re.compile(r"\$(\d+)|\$\{(\w+)\}")
REGEX_SECONDS = 0.1
MAX_RANGE = 1024
"""How long one regular expression may run: Python's re can take exponential time."""


def _regex_engine() -> Any:
    """The ``regex`` module (a cfn-lint dependency): unlike ``re``, it can give up."""
    import regex  # type: ignore[import-untyped]

    return regex


def call(name: str, args: list[Any], expand: Expand) -> Any:
    function = FUNCTIONS.get(name)
    if function is None:
        return Unknown(f"function {name}")
    return function(args, expand)


def parts_of(value: Any, expand: Expand) -> list[Part]:
    """A string value as known text and unknown pieces; references are expanded."""
    value = to_text(value)
    if isinstance(value, Ref):
        value = expand(value)
        if isinstance(value, Ref):
            return [Unknown(value.resource)]
        return parts_of(value, expand)
    if isinstance(value, Partial):
        out: list[Part] = []
        for part in value.parts:
            out.extend(parts_of(part, expand) if isinstance(part, Ref) else [part])
        return out
    return [value]


def _joined(parts: list[Part]) -> Any:
    return concat(list(parts))


def _known_str(value: Any, expand: Expand) -> str | None:
    parts = parts_of(value, expand)
    if all(isinstance(p, str) for p in parts):
        return "".join(p for p in parts if isinstance(p, str))
    return None


def _arity(args: list[Any], low: int, high: int | None = None) -> None:
    if len(args) < low or (high is not None and len(args) > high):
        raise EvalError("wrong number of arguments")


def _trimprefix(args: list[Any], expand: Expand) -> Any:
    _arity(args, 2, 2)
    parts, prefix = parts_of(args[0], expand), _known_str(args[1], expand)
    if prefix is None:
        return Unknown("trimprefix")
    first = parts[0] if parts else ""
    if isinstance(first, str) and (len(parts) == 1 or len(first) >= len(prefix)):
        if first.startswith(prefix):
            parts = [first[len(prefix) :], *parts[1:]]
        return _joined(parts)
    if isinstance(first, Unknown) and not first.may_contain(prefix):
        return _joined(parts)
    return Unknown("trimprefix")


def _trimsuffix(args: list[Any], expand: Expand) -> Any:
    _arity(args, 2, 2)
    parts, suffix = parts_of(args[0], expand), _known_str(args[1], expand)
    if suffix is None:
        return Unknown("trimsuffix")
    last = parts[-1] if parts else ""
    if isinstance(last, str) and (len(parts) == 1 or len(last) >= len(suffix)):
        if suffix and last.endswith(suffix):
            parts = [*parts[:-1], last[: -len(suffix)]]
        return _joined(parts)
    if isinstance(last, Unknown) and not last.may_contain(suffix):
        return _joined(parts)
    return Unknown("trimsuffix")


def _replace(args: list[Any], expand: Expand) -> Any:
    _arity(args, 3, 3)
    search, replacement = _known_str(args[1], expand), _known_str(args[2], expand)
    if search is None or replacement is None:
        return Unknown("replace")
    if len(search) > 1 and search.startswith("/") and search.endswith("/"):
        text = _known_str(args[0], expand)
        if text is None:
            return Unknown("replace with a regular expression")
        if (len(text) + 1) * len(replacement) > MAX_SIZE:
            raise TooMuch(f"replace: a result of more than {MAX_SIZE:,} characters", "value")
        engine = _regex_engine()
        try:
            return engine.sub(
                search[1:-1],
                _GO_GROUP.sub(_python_group, replacement),
                text,
                timeout=REGEX_SECONDS,
            )
        except TimeoutError:
            raise _slow_regex() from None
        except (engine.error, re.error, IndexError):
            return Unknown("regular expression")
    parts = parts_of(args[0], expand)
    if not search:
        return Unknown("replace")
    if any(isinstance(p, Unknown) and p.may_contain(search) for p in parts):
        return Unknown("replace")
    growth = len(replacement) - len(search)
    if growth > 0 and sum(p.count(search) for p in parts if isinstance(p, str)) * growth > MAX_SIZE:
        raise TooMuch(f"replace: a result of more than {MAX_SIZE:,} characters", "value")
    return _joined([p.replace(search, replacement) if isinstance(p, str) else p for p in parts])


def _python_group(match: re.Match[str]) -> str:
    return f"\\g<{match.group(1) or match.group(2)}>"


def _case(convert: Callable[[str], str]) -> Function:
    def function(args: list[Any], expand: Expand) -> Any:
        _arity(args, 1, 1)
        parts = parts_of(args[0], expand)
        return _joined([convert(p) if isinstance(p, str) else p for p in parts])

    return function


def _format(args: list[Any], expand: Expand) -> Any:
    _arity(args, 1)
    spec = _known_str(args[0], expand)
    if spec is None:
        return Unknown("format")
    out: list[Any] = []
    values = iter(args[1:])
    position = 0
    for match in _FORMAT_VERB.finditer(spec):
        out.append(spec[position : match.start()])
        position = match.end()
        flags, width, precision, verb = match.groups()
        if int(width or 0) > MAX_SIZE or int(precision or 0) > MAX_SIZE:
            raise TooMuch(f"format: a width or precision above {MAX_SIZE:,}", "value")
        if verb == "%":
            out.append("%")
            continue
        try:
            value = next(values)
        except StopIteration:
            raise EvalError("too few arguments for format") from None
        if unknown_in(value):
            if width or precision or verb not in "sv":
                return Unknown("format")
            out.append(value)
        elif verb in "sv":
            out.append(to_text(value))
        elif verb == "d":
            out.append(f"%{flags}{width or ''}d" % int(number(value)))
        elif verb in "fFeEgG":
            text = f"%{flags}{width or ''}{'.' + precision if precision else ''}{verb}"
            out.append(text % float(number(value)))
        elif verb == "q":
            out.append(json.dumps(to_text(value)))
        else:
            return Unknown(f"format verb %{verb}")
    out.append(spec[position:])
    return concat(out)


def _lookup(args: list[Any], expand: Expand) -> Any:
    _arity(args, 2, 3)
    table, key = args[0], args[1]
    if unknown_in(table) or unknown_in(key):
        return Unknown("lookup")
    if isinstance(table, Object) and isinstance(key, str):
        try:
            return table.get(key)
        except EvalError:
            if len(args) == 3:
                return args[2]
            raise
    if not isinstance(table, dict):
        raise EvalError("lookup of a non-map")
    if key in table:
        return table[key]
    if len(args) == 3:
        return args[2]
    raise EvalError(f"lookup: no key {key!r}")


def _coalesce(args: list[Any], expand: Expand) -> Any:
    for value in args:
        if isinstance(value, Unknown):
            return Unknown("coalesce")
        if isinstance(value, Ref | Partial):
            parts = parts_of(value, expand)
            if any(isinstance(p, str) and p for p in parts):
                return value
            return Unknown("coalesce")
        if value is not None and value != "":
            return value
    raise EvalError("coalesce: no non-null argument")


def _coalescelist(args: list[Any], expand: Expand) -> Any:
    for value in args:
        if unknown_in(value):
            return Unknown("coalescelist")
        if isinstance(value, list) and value:
            return value
    raise EvalError("coalescelist: no non-empty list")


def _lists(args: list[Any]) -> list[list[Any]] | None:
    if any(unknown_in(a) for a in args):
        return None
    if not all(isinstance(a, list) for a in args):
        raise EvalError("not a list")
    return args


def _concat(args: list[Any], expand: Expand) -> Any:
    lists = _lists(args)
    return Unknown("concat") if lists is None else [item for each in lists for item in each]


def _merge(args: list[Any], expand: Expand) -> Any:
    merged: dict[str, Any] = {}
    for value in args:
        if value is None:
            continue
        if unknown_in(value):
            return Unknown("merge")
        if not isinstance(value, dict):
            raise EvalError("merge of a non-map")
        merged.update(value)
    return merged


def _length(args: list[Any], expand: Expand) -> Any:
    _arity(args, 1, 1)
    value = args[0]
    if isinstance(value, list | dict | str):
        return len(value)
    if unknown_in(value):
        return Unknown("length")
    raise EvalError("length of a value without one")


def _element(args: list[Any], expand: Expand) -> Any:
    _arity(args, 2, 2)
    items, position = args
    if unknown_in(items) or unknown_in(position):
        return Unknown("element")
    if not isinstance(items, list) or not items:
        raise EvalError("element of an empty or non-list value")
    return items[int(number(position)) % len(items)]


def _join(args: list[Any], expand: Expand) -> Any:
    _arity(args, 2)
    separator = _known_str(args[0], expand)
    lists = _lists(args[1:])
    if separator is None or lists is None:
        return Unknown("join")
    out: list[Any] = []
    for index, item in enumerate(item for each in lists for item in each):
        if index:
            out.append(separator)
        out.append(to_text(item))
    return concat(out)


def _split(args: list[Any], expand: Expand) -> Any:
    _arity(args, 2, 2)
    separator = _known_str(args[0], expand)
    if separator is None:
        return Unknown("split")
    return split(_joined(parts_of(args[1], expand)), separator, expand)


def _tostring(args: list[Any], expand: Expand) -> Any:
    _arity(args, 1, 1)
    return None if args[0] is None else to_text(args[0])


def _tonumber(args: list[Any], expand: Expand) -> Any:
    _arity(args, 1, 1)
    if args[0] is None or unknown_in(args[0]):
        return args[0] if args[0] is None else Unknown("tonumber")
    return number(args[0])


def _tobool(args: list[Any], expand: Expand) -> Any:
    _arity(args, 1, 1)
    if args[0] is None or unknown_in(args[0]):
        return args[0] if args[0] is None else Unknown("tobool")
    return boolean(args[0])


def _tolist(args: list[Any], expand: Expand) -> Any:
    _arity(args, 1, 1)
    if unknown_in(args[0]) or isinstance(args[0], list) or args[0] is None:
        return args[0]
    raise EvalError("not a list")


def _toset(args: list[Any], expand: Expand) -> Any:
    _arity(args, 1, 1)
    value = args[0]
    if not isinstance(value, list):
        return _tolist(args, expand)
    return _distinct_sorted(value)


def _unique(items: list[Any]) -> list[Any]:
    unique: list[Any] = []
    for item in items:
        if item not in unique:
            unique.append(item)
    return unique


def _distinct_sorted(items: list[Any]) -> list[Any]:
    """A set's elements: strings in lexical order, as Terraform orders them."""
    unique = _unique(items)
    if all(isinstance(i, str) for i in unique):
        return sorted(unique)
    return unique


def _tomap(args: list[Any], expand: Expand) -> Any:
    _arity(args, 1, 1)
    if unknown_in(args[0]) or isinstance(args[0], dict) or args[0] is None:
        return args[0]
    raise EvalError("not a map")


def _flatten(args: list[Any], expand: Expand) -> Any:
    _arity(args, 1, 1)

    def flat(value: Any) -> list[Any] | None:
        out: list[Any] = []
        for item in value:
            if isinstance(item, list):
                inner = flat(item)
                if inner is None:
                    return None
                out.extend(inner)
            elif isinstance(item, Unknown):
                return None
            else:
                out.append(item)
        return out

    if unknown_in(args[0]):
        return Unknown("flatten")
    if not isinstance(args[0], list):
        raise EvalError("flatten of a non-list")
    result = flat(args[0])
    return Unknown("flatten") if result is None else result


def _keys(args: list[Any], expand: Expand) -> Any:
    _arity(args, 1, 1)
    if unknown_in(args[0]):
        return Unknown("keys")
    if not isinstance(args[0], dict):
        raise EvalError("keys of a non-map")
    return sorted(args[0])


def _values(args: list[Any], expand: Expand) -> Any:
    _arity(args, 1, 1)
    if unknown_in(args[0]):
        return Unknown("values")
    if not isinstance(args[0], dict):
        raise EvalError("values of a non-map")
    return [args[0][key] for key in sorted(args[0])]


def _contains(args: list[Any], expand: Expand) -> Any:
    _arity(args, 2, 2)
    items, wanted = args
    if unknown_in(items) or unknown_in(wanted):
        return Unknown("contains")
    if not isinstance(items, list):
        raise EvalError("contains of a non-list")
    if wanted in items:
        return True
    return Unknown("contains") if any(unknown_in(i) for i in items) else False


def _list_function(name: str, body: Callable[[list[Any]], Any]) -> Function:
    def function(args: list[Any], expand: Expand) -> Any:
        _arity(args, 1, 1)
        if unknown_in(args[0]):
            return Unknown(name)
        if not isinstance(args[0], list):
            raise EvalError(f"{name} of a non-list")
        return body(args[0])

    return function


def _one(items: list[Any]) -> Any:
    if len(items) > 1:
        raise EvalError("one: more than one element")
    return items[0] if items else None


def _numbers(name: str, body: Callable[[list[int | float]], int | float]) -> Function:
    def function(args: list[Any], expand: Expand) -> Any:
        if any(unknown_in(a) for a in args):
            return Unknown(name)
        if not args:
            raise EvalError(f"{name} needs arguments")
        return tidy(body([number(a) for a in args]))

    return function


def _sum(args: list[Any], expand: Expand) -> Any:
    _arity(args, 1, 1)
    if unknown_in(args[0]) or not isinstance(args[0], list):
        return Unknown("sum")
    if any(unknown_in(a) for a in args[0]):
        return Unknown("sum")
    return tidy(sum(number(a) for a in args[0]))


def _string_test(name: str, test: Callable[[str, str], bool]) -> Function:
    def function(args: list[Any], expand: Expand) -> Any:
        _arity(args, 2, 2)
        text, other = _known_str(args[0], expand), _known_str(args[1], expand)
        if text is None or other is None:
            return Unknown(name)
        return test(text, other)

    return function


def _substr(args: list[Any], expand: Expand) -> Any:
    _arity(args, 3, 3)
    text = _known_str(args[0], expand)
    if text is None or unknown_in(args[1]) or unknown_in(args[2]):
        return Unknown("substr")
    offset, length = int(number(args[1])), int(number(args[2]))
    if offset < 0:
        offset += len(text)
    return text[offset:] if length == -1 else text[offset : offset + length]


def _trimspace(args: list[Any], expand: Expand) -> Any:
    _arity(args, 1, 1)
    parts = parts_of(args[0], expand)
    if parts and isinstance(parts[0], str):
        parts[0] = parts[0].lstrip()
    if parts and isinstance(parts[-1], str):
        parts[-1] = parts[-1].rstrip()
    if len(parts) > 1 and not (isinstance(parts[0], str) and isinstance(parts[-1], str)):
        return Unknown("trimspace")
    return _joined(parts)


def _trim(args: list[Any], expand: Expand) -> Any:
    _arity(args, 2, 2)
    text, characters = _known_str(args[0], expand), _known_str(args[1], expand)
    if text is None or characters is None:
        return Unknown("trim")
    return text.strip(characters)


def _slow_regex() -> TooMuch:
    return TooMuch(f"a regular expression running longer than {REGEX_SECONDS} s", "value")


def _regex(args: list[Any], expand: Expand) -> Any:
    _arity(args, 2, 2)
    pattern, text = _known_str(args[0], expand), _known_str(args[1], expand)
    if pattern is None or text is None:
        return Unknown("regex")
    engine = _regex_engine()
    try:
        match = engine.search(pattern, text, timeout=REGEX_SECONDS)
    except TimeoutError:
        raise _slow_regex() from None
    except (engine.error, re.error):
        return Unknown("regular expression")
    if match is None:
        raise EvalError("regex: no match")
    if match.groupdict():
        return match.groupdict()
    return list(match.groups()) if match.groups() else match.group(0)


def _slice(args: list[Any], expand: Expand) -> Any:
    _arity(args, 3, 3)
    if any(unknown_in(a) for a in args) or not isinstance(args[0], list):
        return Unknown("slice")
    return args[0][int(number(args[1])) : int(number(args[2]))]


def _range(args: list[Any], expand: Expand) -> Any:
    _arity(args, 1, 3)
    if any(unknown_in(a) for a in args):
        return Unknown("range")
    bounds = [number(a) for a in args]
    start, stop, step = (0, bounds[0], 1) if len(bounds) == 1 else (*bounds[:2], 1)
    if len(bounds) == 3:
        step = bounds[2]
    if step == 0:
        return Unknown("range")
    if abs((stop - start) / step) > MAX_RANGE:
        raise TooMuch(f"range: more than {MAX_RANGE:,} numbers", "value")
    return [tidy(start + step * i) for i in range(math.ceil((stop - start) / step))]


def _zipmap(args: list[Any], expand: Expand) -> Any:
    _arity(args, 2, 2)
    lists = _lists(args)
    if lists is None:
        return Unknown("zipmap")
    keys, values = lists
    if len(keys) != len(values) or any(unknown_in(k) for k in keys):
        return Unknown("zipmap")
    return {str(to_text(k)): v for k, v in zip(keys, values, strict=True)}


def _index(args: list[Any], expand: Expand) -> Any:
    _arity(args, 2, 2)
    if unknown_in(args[0]) or unknown_in(args[1]) or not isinstance(args[0], list):
        return Unknown("index")
    if args[1] in args[0]:
        return args[0].index(args[1])
    raise EvalError("index: value not found")


def _compact(items: list[Any]) -> Any:
    return [i for i in items if i not in ("", None)]


def _sort(items: list[Any]) -> Any:
    if any(unknown_in(i) for i in items):
        return Unknown("sort")
    return sorted(str(to_text(i)) for i in items)


def _jsondecode(args: list[Any], expand: Expand) -> Any:
    _arity(args, 1, 1)
    text = _known_str(args[0], expand)
    if text is None:
        return Unknown("jsondecode")
    try:
        return json.loads(text)
    except ValueError:
        raise EvalError("jsondecode: invalid JSON") from None


def _chomp(args: list[Any], expand: Expand) -> Any:
    _arity(args, 1, 1)
    text = _known_str(args[0], expand)
    return Unknown("chomp") if text is None else text.rstrip("\r\n")


FUNCTIONS: dict[str, Function] = {
    "trimprefix": _trimprefix,
    "trimsuffix": _trimsuffix,
    "replace": _replace,
    "format": _format,
    "lookup": _lookup,
    "coalesce": _coalesce,
    "coalescelist": _coalescelist,
    "concat": _concat,
    "merge": _merge,
    "length": _length,
    "element": _element,
    "join": _join,
    "split": _split,
    "lower": _case(str.lower),
    "upper": _case(str.upper),
    "title": _case(str.title),
    "tostring": _tostring,
    "tonumber": _tonumber,
    "tobool": _tobool,
    "tolist": _tolist,
    "toset": _toset,
    "tomap": _tomap,
    "flatten": _flatten,
    "keys": _keys,
    "values": _values,
    "contains": _contains,
    "distinct": _list_function("distinct", _unique),
    "compact": _list_function("compact", _compact),
    "reverse": _list_function("reverse", lambda items: items[::-1]),
    "sort": _list_function("sort", _sort),
    "one": _list_function("one", _one),
    "min": _numbers("min", min),
    "max": _numbers("max", max),
    "abs": _numbers("abs", lambda values: abs(values[0])),
    "ceil": _numbers("ceil", lambda values: math.ceil(values[0])),
    "floor": _numbers("floor", lambda values: math.floor(values[0])),
    "sum": _sum,
    "startswith": _string_test("startswith", str.startswith),
    "endswith": _string_test("endswith", str.endswith),
    "strcontains": _string_test("strcontains", lambda text, part: part in text),
    "substr": _substr,
    "trimspace": _trimspace,
    "trim": _trim,
    "chomp": _chomp,
    "regex": _regex,
    "slice": _slice,
    "range": _range,
    "zipmap": _zipmap,
    "index": _index,
    "jsondecode": _jsondecode,
}
