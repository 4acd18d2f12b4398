"""A self-contained HTML report: inline CSS and an inline SVG timeline, nothing fetched."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from .report_text import explanation_line

PALETTE = (
    "#d62728",
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
)
"""Colours of the detailed result types, in order of their error count; the rest are grey."""
OTHERS_COLOR = "#c7c7c7"
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 960, 260, 56, 28, 12

_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1000px;color:#222}
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:2em}
table{border-collapse:collapse;margin:.5em 0}td,th{padding:.2em .7em;text-align:left;
border-bottom:1px solid #ddd;vertical-align:top}td.n{text-align:right;font-variant-numeric:
tabular-nums}code{background:#f3f3f3;padding:0 .2em}.legend span{display:inline-block;
margin-right:1.2em}.swatch{display:inline-block;width:.9em;height:.9em;margin-right:.3em;
vertical-align:-.1em}ul{margin:.2em 0}.muted{color:#666}
"""


def colors(types: Sequence[str]) -> dict[str, str]:
    return {t: PALETTE[i] if i < len(PALETTE) else OTHERS_COLOR for i, t in enumerate(types)}


def _rows(headers: Sequence[str], rows: Iterable[Sequence[object]], numeric: int = 1) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{escape(str(c))}</td>' if i < numeric else f"<td>{escape(str(c))}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def timeline_svg(timeline: dict[str, Any]) -> str:
    """Stacked bars of 5xx by detailed result type, one bar per time bucket."""
    buckets = timeline["buckets"]
    types = timeline["types"]
    if not buckets:
        return '<p class="muted">No timed 5xx to plot.</p>'
    palette = colors(types)
    totals = [sum(b["counts"].values()) for b in buckets]
    peak = max(totals) or 1
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    step = plot_w / len(buckets)
    bar = max(step - (1 if step > 3 else 0), 0.5)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="5xx over time by type">',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - 8}" y2="{TOP + plot_h}" '
        'stroke="#999"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 10}" text-anchor="end" font-size="11">{peak:,}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end" font-size="11">0</text>',
    ]
    for i, b in enumerate(buckets):
        x = LEFT + i * step
        y = TOP + plot_h
        for detailed in types:
            count = b["counts"].get(detailed, 0)
            if not count:
                continue
            h = count / peak * plot_h
            y -= h
            label = f"{b['start']} {detailed}: {count:,}"
            parts.append(
                f'<rect x="{x:.2f}" y="{y:.2f}" width="{bar:.2f}" height="{h:.2f}" '
                f'fill="{palette[detailed]}"><title>{escape(label)}</title></rect>'
            )
    ticks = sorted({0, len(buckets) // 2, len(buckets) - 1})
    for i in ticks:
        x = LEFT + i * step + bar / 2
        start = buckets[i]["start"].replace("T", " ").rstrip("Z")
        parts.append(
            f'<text x="{x:.2f}" y="{HEIGHT - 8}" text-anchor="middle" font-size="11">'
            f"{escape(start)}</text>"
        )
    parts.append("</svg>")
    legend = "".join(
        f'<span><i class="swatch" style="background:{palette[t]}"></i>{escape(t)}</span>'
        for t in types
    )
    minutes = timeline["bucket_seconds"] // 60
    caption = f'<p class="muted">{minutes} min per bar, UTC.</p>'
    return "".join(parts) + f'<p class="legend">{legend}</p>' + caption


def render(doc: dict[str, Any], version: str) -> str:
    errors, records = doc["errors"], doc["records"]
    share = f"{100 * errors / records:.2f}%" if records else "-"
    body = [
        "<h1>CloudFront 5xx</h1>",
        f"<p>{doc['inputs']:,} inputs, {records:,} records, <b>{errors:,} 5xx</b> ({share})"
        + (f", {doc['malformed']:,} malformed lines" if doc["malformed"] else "")
        + (f"; from {escape(doc['first'])} to {escape(doc['last'])}" if doc["first"] else "")
        + ".</p>",
        "<h2>Timeline</h2>",
        timeline_svg(doc["timeline"]),
    ]
    if doc["explanations"] is not None:
        same_day = (doc["first"] or "")[:10] == (doc["last"] or "")[:10]
        items = "".join(
            f"<li>{escape(explanation_line(e, same_day))}" + _evidence(e["evidence"][1:]) + "</li>"
            for e in doc["explanations"]
        )
        body += ["<h2>What explains them</h2>", f"<ul>{items}</ul>" if items else "<p>None.</p>"]
    body += [
        "<h2>By detailed result type</h2>",
        _rows(
            ("count", "type", "status", "first", "last"),
            (
                (t["count"], t["type"], " ".join(sorted(t["statuses"])), t["first"], t["last"])
                for t in doc["by_type"]
            ),
        ),
        "<h2>What the types mean</h2>",
        "".join(
            f"<p><code>{escape(t['type'])}</code> {escape(t['meaning'])}</p><ul>"
            + "".join(f"<li>{escape(c)}</li>" for c in t["causes"])
            + "</ul>"
            for t in doc["by_type"]
        ),
        "<h2>By distribution and path pattern</h2>",
        _rows(
            ("count", "distribution", "pattern", "first", "last", "e.g."),
            (
                (
                    p["count"],
                    p["distribution"],
                    p["pattern"],
                    p["first"],
                    p["last"],
                    ", ".join(p["examples"]),
                )
                for p in doc["by_pattern"]
            ),
        ),
        "<h2>By host</h2>",
        _rows(
            ("count", "distribution", "host"),
            ((h["count"], h["distribution"], h["host"]) for h in doc["by_host"]),
        ),
        "<h2>By edge location</h2>",
        _rows(("count", "edge"), ((e["count"], e["edge"]) for e in doc["by_edge"])),
    ]
    if doc["problems"]:
        body += [
            "<h2>Problems</h2>",
            _rows(
                ("input", "line", "problem"),
                ((p["input"], p["line"] or "", p["message"]) for p in doc["problems"]),
                numeric=0,
            ),
        ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>CloudFront 5xx report</title><style>{_STYLE}</style></head><body>"
        + "".join(body)
        + f'<p class="muted">cf502lint {escape(version)}</p></body></html>\n'
    )


def _evidence(more: Sequence[dict[str, Any]]) -> str:
    if not more:
        return ""
    items = "".join(
        f"<li>{escape(v['rule'])} {escape(v['name'])} at {escape(v['path'])}:{v['line']}: "
        f"{escape(v['message'])}</li>"
        for v in more
    )
    return f"<ul>{items}</ul>"
