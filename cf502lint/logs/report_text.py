"""The terminal report: tables of 5xx, what each detailed type means, what explains them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..source.quote import printable

BARS = " ▁▂▃▄▅▆▇█"


def _time(iso: str | None, day: bool = True) -> str:
    if iso is None:
        return "-"
    return iso.replace("T", " ").rstrip("Z") if day else iso[11:16]


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: int = 1) -> list[str]:
    """Columns padded to their widest cell; the first ``right`` columns aligned right."""
    cells = [list(headers), *[[printable(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for row in cells:
        padded = [
            cell.rjust(widths[i]) if i < right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  " + "  ".join(padded).rstrip())
    return lines


def _share(count: int, total: int) -> str:
    return f"{100 * count / total:.1f}%" if total else "-"


def _origins(origins: Sequence[str]) -> str:
    if not origins:
        return ""
    names = ", ".join(f"'{o}'" for o in origins)
    return f" from origin {names}" if len(origins) == 1 else f" from origins {names}"


def explanation_line(e: dict[str, Any], same_day: bool) -> str:
    """ "`OriginConnectError` on /api/* from origin 'api' since 14:02: CF203 ... at f:42"."""
    head = f"`{e['type']}` on {e['pattern']}{_origins(e['origins'])}"
    if e["first"] is not None:
        head += f" since {_time(e['first'], not same_day)}"
    if not e["evidence"]:
        return f"{head}: no finding explains it"
    best = e["evidence"][0]
    more = len(e["evidence"]) - 1
    tail = f" (and {more} more)" if more else ""
    return f"{head}: {best['rule']} {best['name']} at {best['path']}:{best['line']}{tail}"


def render(doc: dict[str, Any], top: int = 10) -> str:
    out: list[str] = []
    errors, records = doc["errors"], doc["records"]
    noun = "input" if doc["inputs"] == 1 else "inputs"
    summary = (
        f"Read {doc['inputs']} {noun}: {records:,} records, {errors:,} 5xx "
        f"({_share(errors, records)})"
    )
    if doc["malformed"]:
        summary += f", {doc['malformed']:,} malformed lines"
    out.append(summary + ".")
    same_day = (doc["first"] or "")[:10] == (doc["last"] or "")[:10]
    if errors:
        if doc["first"]:
            out.append(f"5xx from {_time(doc['first'])} to {_time(doc['last'])} UTC.")
        out += ["", "5xx by detailed result type"]
        rows: list[tuple[str, ...]] = [
            (
                f"{t['count']:,}",
                _share(t["count"], errors),
                t["type"],
                " ".join(sorted(t["statuses"])),
                _time(t["first"]),
                _time(t["last"]),
            )
            for t in doc["by_type"][:top]
        ]
        out += _table(("count", "share", "type", "status", "first", "last"), rows, right=2)
        out += _meanings(doc["by_type"][:top])
        out += ["", "5xx by distribution and path pattern"]
        rows = [
            (f"{p['count']:,}", p["distribution"], p["pattern"], ", ".join(p["examples"][:2]))
            for p in doc["by_pattern"][:top]
        ]
        out += _table(("count", "distribution", "pattern", "e.g."), rows)
        if len(doc["by_host"]) > 1:
            out += ["", "5xx by host"]
            rows = [(f"{h['count']:,}", h["host"]) for h in doc["by_host"][:top]]
            out += _table(("count", "host"), rows)
        out += ["", "5xx by edge location"]
        rows = [(f"{e['count']:,}", e["edge"]) for e in doc["by_edge"][:top]]
        out += _table(("count", "edge"), rows)
        out += _timeline(doc["timeline"], top)
    if doc["explanations"] is not None:
        out += ["", "What explains them"]
        explained = doc["explanations"]
        out += [f"  {printable(explanation_line(e, same_day))}" for e in explained[:top]]
        if not explained:
            out.append("  No 5xx on a distribution of the infrastructure code.")
        if doc["unmatched_hosts"]:
            hosts = ", ".join(h["host"] for h in doc["unmatched_hosts"][:5])
            out.append(f"  No distribution of the infrastructure code serves: {printable(hosts)}")
    if doc["problems"]:
        out += ["", "Problems"]
        for p in doc["problems"]:
            where = f"{p['input']}:{p['line']}" if p["line"] is not None else p["input"]
            out.append(f"  {printable(where)}: {printable(p['message'])}")
        if doc["problems_left_off"]:
            out.append(f"  ... and {doc['problems_left_off']} more")
    return "\n".join(out) + "\n"


def _meanings(types: Sequence[dict[str, Any]]) -> list[str]:
    out = ["", "What the types mean"]
    for t in types:
        out.append(f"  {printable(t['type'])}: {t['meaning']}")
        out += [f"    - {cause}" for cause in t["causes"]]
    return out


def _timeline(timeline: dict[str, Any], top: int) -> list[str]:
    buckets = timeline["buckets"]
    if len(buckets) < 2:
        return []
    width = 60
    step = -(-len(buckets) // width)
    minutes = timeline["bucket_seconds"] * step // 60
    out = ["", f"Timeline ({minutes} min per mark, {_time(buckets[0]['start'])} UTC onwards)"]
    name_width = max(len(t) for t in timeline["types"][:top])
    for detailed in timeline["types"][:top]:
        counts = [
            sum(b["counts"].get(detailed, 0) for b in buckets[i : i + step])
            for i in range(0, len(buckets), step)
        ]
        peak = max(counts) or 1
        marks = "".join(BARS[-(-8 * c // peak)] if c else BARS[0] for c in counts)
        out.append(f"  {printable(detailed).ljust(name_width)}  {marks}  peak {peak:,}")
    return out
