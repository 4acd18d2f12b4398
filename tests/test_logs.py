"""``cf502lint logs`` on generated logs of every shape, run as a user runs it."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest

from cf502lint.logs import aggregate, readers
from cf502lint.logs.match import Router, compile_pattern, path_prefix
from cf502lint.logs.progress import Bar

from .helpers import FIXTURES, cli
from .logfiles import DEFAULTS, HEADER, error, json_lines, record, w3c

TEMPLATE = str(FIXTURES / "logs" / "template.yaml")
V2_FIELDS = (
    "timestamp(ms)",
    "x-edge-location",
    "cs(Host)",
    "x-host-header",
    "cs-uri-stem",
    "sc-status",
    "x-edge-detailed-result-type",
    "cache-behavior-path-pattern",
)


def incident() -> list[dict[str, str]]:
    """A morning: some hits, then the API cannot be reached from 14:02."""
    return [
        record(time="14:00:01"),
        record(time="14:01:10", cs_uri_stem="/images/cat.jpg"),
        error("OriginConnectError", time="14:02:05", cs_uri_stem="/api/users/1"),
        error("OriginConnectError", time="14:02:59", cs_uri_stem="/api/users/2"),
        error(
            "OriginConnectError",
            time="14:07:00",
            cs_uri_stem="/api/orders",
            x_edge_location="FRA56-P3",
        ),
        error("OriginCommError", "504", time="14:09:00", cs_uri_stem="/index.html"),
        record(
            time="14:10:00",
            sc_status="503",
            x_edge_result_type="CapacityExceeded",
            x_edge_detailed_result_type="CapacityExceeded",
        ),
    ]


def run_json(*args: str, stdin: str | None = None) -> dict[str, Any]:
    done = cli("logs", "--format", "json", *args, stdin=stdin)
    assert done.code == 0, done.err
    result: dict[str, Any] = json.loads(done.out)
    return result


def counts(doc: dict[str, Any], table: str, key: str) -> dict[str, int]:
    return {row[key]: row["count"] for row in doc[table]}


def write_gz(path: Path, text: str) -> Path:
    path.write_bytes(gzip.compress(text.encode()))
    return path


def test_legacy_gzipped_log(tmp_path: Path) -> None:
    log = write_gz(
        tmp_path / "E2EXAMPLE1.2019-12-13-14.abcd1234.gz", HEADER + w3c(incident(), header=False)
    )
    doc = run_json(str(log))
    assert (doc["records"], doc["errors"], doc["malformed"]) == (7, 5, 0)
    assert counts(doc, "by_type", "type") == {
        "OriginConnectError": 3,
        "OriginCommError": 1,
        "CapacityExceeded": 1,
    }
    assert counts(doc, "by_status", "status") == {"502": 3, "504": 1, "503": 1}
    assert counts(doc, "by_distribution", "distribution") == {"E2EXAMPLE1": 5}
    assert counts(doc, "by_pattern", "pattern") == {"/api/*": 3, "/index.html": 2}
    assert counts(doc, "by_edge", "edge") == {"SEA19-C1": 4, "FRA56-P3": 1}
    connect = doc["by_type"][0]
    assert (connect["first"], connect["last"]) == ("2019-12-13T14:02Z", "2019-12-13T14:07Z")
    assert connect["side"] == "origin" and connect["causes"]
    timeline = doc["timeline"]
    assert timeline["bucket_seconds"] == 60
    assert [b["start"][11:] for b in timeline["buckets"]][:2] == ["14:02Z", "14:03Z"]
    assert timeline["buckets"][0]["counts"] == {"OriginConnectError": 2}
    assert len(timeline["buckets"]) == 9


def test_text_report_names_types_and_their_causes(tmp_path: Path) -> None:
    log = tmp_path / "plain.log"
    log.write_text(HEADER + w3c(incident(), header=False))
    done = cli("logs", str(log))
    assert done.code == 0, done.err
    assert "Read 1 input: 7 records, 5 5xx (71.4%)." in done.out
    assert "OriginConnectError: CloudFront could not connect to the origin." in done.out
    assert "Nothing listens on the port CloudFront uses" in done.out
    assert "/api/*" in done.out and "FRA56-P3" in done.out
    assert "What explains them" not in done.out


def test_config_ranks_the_findings_that_explain_the_errors(tmp_path: Path) -> None:
    log = tmp_path / "a.log"
    log.write_text(HEADER + w3c(incident(), header=False))
    done = cli("logs", str(log), "--config", TEMPLATE)
    assert done.code == 0, done.err
    line = (
        f"`OriginConnectError` on /api/* from origin 'api' since 14:02: "
        f"CF203 origin-port-without-listener at {TEMPLATE}:40"
    )
    assert line in done.out
    assert (
        "`OriginCommError` on * from origin 'site' since 14:09: no finding explains it" in done.out
    )
    doc = run_json(str(log), "--config", TEMPLATE)
    assert counts(doc, "by_pattern", "pattern") == {"/api/*": 3, "*": 2}
    first = doc["explanations"][0]
    assert (first["distribution"], first["origins"], first["count"]) == ("Site", ["api"], 3)
    assert [(e["rule"], e["weight"]) for e in first["evidence"]] == [("CF203", 3)]


def test_paths_match_behaviours_in_order_case_sensitively(tmp_path: Path) -> None:
    log = tmp_path / "a.log"
    paths = ["/api/x.jpg", "/img/a.jpg", "/img/A.JPG", "/API/x"]
    log.write_text(w3c([error("OriginReadError", cs_uri_stem=p) for p in paths]))
    doc = run_json(str(log), "--config", TEMPLATE)
    assert counts(doc, "by_pattern", "pattern") == {"/api/*": 1, "*.jpg": 1, "*": 2}


def test_hosts_no_distribution_serves_are_named(tmp_path: Path) -> None:
    two = tmp_path / "two.yaml"
    text = Path(TEMPLATE).read_text()
    two.write_text(
        text
        + text.split("Resources:\n", 1)[1]
        .replace("  Site:", "  Other:", 1)
        .replace("www.example.com", "shop.example.com")
        .replace("  Cert:", "  Cert2:")
        .replace("  Alb:", "  Alb2:")
        .replace("  HttpListener:", "  Http2:")
        .replace("  Record:", "  Record2:")
    )
    log = tmp_path / "a.log"
    log.write_text(
        w3c(
            [
                error("OriginDnsError", x_host_header="old.example.com"),
                error("OriginDnsError", x_host_header="shop.example.com"),
            ]
        )
    )
    doc = run_json(str(log), "--config", str(two))
    assert doc["unmatched_hosts"] == [{"host": "old.example.com", "count": 1}]
    assert counts(doc, "by_distribution", "distribution") == {
        "d111111abcdef8.cloudfront.net": 1,
        "Other": 1,
    }


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("*.jpg", "/a/b/c.jpg", True),
        ("images/*.jpg", "/images/product1/x.jpg", True),
        ("/images/*.jpg", "/images/x.jpg", True),
        ("images/*.jpg", "/images/x.JPG", False),
        ("a??.jpg", "/ant.jpg", True),
        ("a??.jpg", "/an.jpg", False),
        ("*.doc*", "/x.docx", True),
        ("*.doc?", "/x.doc", False),
        ("a&amp;b/*", "/a&b/c", True),
        ("a.b", "/aXb", False),
        ("*", "/", True),
    ],
)
def test_path_pattern_semantics(pattern: str, path: str, matches: bool) -> None:
    assert bool(compile_pattern(pattern).fullmatch(path)) is matches


def test_paths_group_by_first_segment_without_behaviours() -> None:
    assert [path_prefix(p) for p in ("/api/v1/x", "/index.html", "/")] == [
        "/api/*",
        "/index.html",
        "/",
    ]


def test_v2_w3c_with_chosen_fields_and_logged_pattern(tmp_path: Path) -> None:
    records = [
        error("OriginReadError", cs_uri_stem="/api/x", cache_behavior_path_pattern="/api/*"),
        record(),
    ]
    log = write_gz(tmp_path / "v2.gz", w3c(records, V2_FIELDS))
    doc = run_json(str(log))
    assert counts(doc, "by_pattern", "pattern") == {"/api/*": 1}
    assert doc["by_type"][0]["first"] == "2019-12-13T14:02Z"
    assert doc["records"] == 2


def test_v2_json_lines(tmp_path: Path) -> None:
    records = [error("OriginDnsError", cs_uri_stem="/a"), record(), error("OriginDnsError")]
    log = write_gz(tmp_path / "v2.json.gz", json_lines(records, V2_FIELDS))
    doc = run_json(str(log))
    assert (doc["records"], doc["errors"]) == (3, 2)
    assert counts(doc, "by_type", "type") == {"OriginDnsError": 2}


def test_v2_json_lines_with_a_broken_line(tmp_path: Path) -> None:
    good = json_lines([error("OriginDnsError")], V2_FIELDS)
    log = tmp_path / "v2.json"
    log.write_text(good + '{"sc-status": 502, "date": \n' + "[1]\n" + good)
    doc = run_json(str(log))
    assert doc["errors"] == 2
    assert [(p["line"], p["message"]) for p in doc["problems"]] == [
        (2, "is not valid JSON"),
        (3, "is not a JSON object"),
    ]


def test_v2_parquet(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    rows = [error("OriginConnectError"), record(), error("OriginCommError", "504")]
    columns = {
        n.replace("-", "_").replace("(", "_").replace(")", ""): [r[n] for r in rows]
        for n in V2_FIELDS
    }
    columns["sc_status"] = [int(s) for s in columns["sc_status"]]  # type: ignore[misc]
    path = tmp_path / "v2.parquet"
    pq.write_table(pa.table(columns), path)
    doc = run_json(str(path))
    assert (doc["records"], doc["errors"]) == (3, 2)
    assert counts(doc, "by_type", "type") == {"OriginConnectError": 1, "OriginCommError": 1}


def test_headerless_logs_need_their_fields(tmp_path: Path) -> None:
    names = ("sc-status", "date", "time", "x-edge-detailed-result-type", "cs-uri-stem")
    log = tmp_path / "raw.log"
    log.write_text(w3c([error("OriginReadError")], names, delimiter=",", header=False))
    done = cli("logs", str(log))
    assert done.code == 2
    assert "not a CloudFront standard log" in done.out and "--fields" in done.out
    doc = run_json(str(log), "--fields", ",".join(names))
    assert counts(doc, "by_type", "type") == {"OriginReadError": 1}


def test_headerless_legacy_logs_need_nothing(tmp_path: Path) -> None:
    log = tmp_path / "raw.log"
    log.write_text(w3c(incident(), header=False, newline="\r\n"))
    assert run_json(str(log))["errors"] == 5


def test_directories_and_standard_input(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    write_gz(
        tmp_path / "a" / "E1AAAAAAA.2019-12-13-14.x.gz", HEADER + w3c(incident(), header=False)
    )
    (tmp_path / "a" / "b" / "E1BBBBBBB.2019-12-13-15.y").write_text(w3c([error("OriginDnsError")]))
    (tmp_path / "a" / ".hidden").write_text("not read")
    doc = run_json(str(tmp_path / "a"), "-", stdin=w3c([error("OriginWriteError")]))
    assert doc["inputs"] == 3
    assert counts(doc, "by_distribution", "distribution") == {
        "E1AAAAAAA": 5,
        "E1BBBBBBB": 1,
        "d111111abcdef8.cloudfront.net": 1,
    }


def test_gzipped_standard_input_in_a_subprocess(tmp_path: Path) -> None:
    data = gzip.compress(w3c([error("OriginConnectError")] * 3).encode())
    done = subprocess.run(
        [sys.executable, "-m", "cf502lint", "logs", "-", "--format", "json"],
        input=data,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["errors"] == 3
    assert b"\r" not in done.stderr  # no progress bar where standard error is no terminal


def test_parallel_reads_add_up_to_the_serial_one(tmp_path: Path) -> None:
    for i in range(5):
        rows = [error("OriginConnectError", time=f"14:0{i}:00", x_edge_location=f"E{i}")] * (i + 1)
        write_gz(tmp_path / f"E{i}XXXXX.2019-12-13-14.{i}.gz", w3c([*rows, record()]))
    serial = run_json(str(tmp_path), "--jobs", "1")
    parallel = run_json(str(tmp_path), "--jobs", "2")
    assert serial == parallel
    assert serial["errors"] == 15 and serial["inputs"] == 5


def test_malformed_lines_are_counted_with_their_numbers(tmp_path: Path) -> None:
    good = w3c([error("OriginConnectError")], header=False)
    short = "2019-12-13\t14:02:00\tSEA19-C1\t502\n"
    bad_time = w3c([error("OriginConnectError", time="25:99:00")], header=False)
    log = tmp_path / "a.log"
    log.write_text(HEADER + good + short + bad_time + "\n" + good)
    doc = run_json(str(log))
    assert (doc["errors"], doc["malformed"], doc["records"]) == (2, 2, 2)
    assert [(p["line"], p["message"]) for p in doc["problems"]] == [
        (4, "has 4 fields, not 33"),
        (5, "has an unreadable date or time"),
    ]


def test_many_malformed_lines_are_counted_not_all_listed(tmp_path: Path) -> None:
    log = tmp_path / "a.log"
    log.write_text(HEADER + "x\ty\n" * 50 + w3c([error("OriginReadError")], header=False))
    doc = run_json(str(log))
    assert (doc["malformed"], doc["errors"]) == (50, 1)
    assert len(doc["problems"]) == aggregate.MAX_MALFORMED_SHOWN + 1
    assert doc["problems"][-1]["message"] == "30 more malformed lines were counted, not listed"


def test_truncated_gzip_keeps_what_was_read(tmp_path: Path) -> None:
    rows = [error("OriginConnectError", cs_uri_stem=f"/api/{i}") for i in range(3000)]
    data = gzip.compress(w3c(rows).encode())
    log = tmp_path / "cut.gz"
    log.write_bytes(data[: len(data) // 2])
    done = cli("logs", "--format", "json", str(log))
    assert done.code == 0 and "Traceback" not in done.err
    doc = json.loads(done.out)
    assert 0 < doc["errors"] < 3000
    messages = [p["message"] for p in doc["problems"]]
    assert (
        "the gzip stream ends early (a truncated file?): kept the lines read before it" in messages
    )
    assert "cut off where the input breaks" in messages


def test_damaged_gzip_keeps_what_was_read(tmp_path: Path) -> None:
    good = gzip.compress(w3c([error("OriginConnectError")] * 3).encode())
    damaged = good[:10] + b"\x07" + good[11:]  # deflate block type 3 does not exist
    log = tmp_path / "bad.gz"
    log.write_bytes(good + damaged)
    doc = run_json(str(log))
    assert doc["errors"] == 3
    assert doc["problems"][0]["message"].startswith("gzip data is damaged (")
    assert doc["problems"][0]["message"].endswith("): kept the lines read before it")


def test_concatenated_gzip_members_are_all_read(tmp_path: Path) -> None:
    part = gzip.compress(w3c([error("OriginReadError")]).encode())
    log = tmp_path / "cat.gz"
    log.write_bytes(part + part + b"\0\0")
    doc = run_json(str(log))
    assert (doc["errors"], doc["problems"]) == (2, [])


def test_standard_zlib_reads_what_isal_reads(tmp_path: Path) -> None:
    text = w3c([error("OriginConnectError")] * 500 + [record()] * 500).encode()
    data = gzip.compress(text)
    total = aggregate.Aggregate()
    pieces = iter([data[i : i + 1000] for i in range(0, len(data), 1000)])
    decoded = b"".join(readers.Decoded(pieces, "x", total, zlib))
    assert decoded == text and not total.problems
    fast = b"".join(readers.Decoded(iter([data]), "x", total, readers.fastest_zlib()))
    assert fast == text


def test_unreadable_inputs_fail_the_run(tmp_path: Path) -> None:
    done = cli("logs", str(tmp_path / "missing.gz"))
    assert done.code == 2
    assert "missing.gz: no such file or directory" in done.out
    assert done.err == f"{tmp_path / 'missing.gz'}: error: no such file or directory\n"
    empty = tmp_path / "empty.log"
    empty.write_text("")
    done = cli("logs", str(empty))
    assert done.code == 0 and "holds no log records" in done.out


def test_an_overlong_line_is_skipped(tmp_path: Path) -> None:
    log = tmp_path / "long.log"
    log.write_bytes(
        HEADER.encode()
        + b"x" * (readers.MAX_LINE + 10)
        + b"\n"
        + w3c([error("OriginReadError")], header=False).encode()
    )
    doc = run_json(str(log))
    assert doc["errors"] == 1
    assert doc["problems"][0]["line"] == 3


@pytest.mark.parametrize(
    ("value", "seconds"), [("1m", 60), ("15m", 900), ("1h", 3600), ("120s", 120), ("2", 120)]
)
def test_bucket_durations(tmp_path: Path, value: str, seconds: int) -> None:
    log = tmp_path / "a.log"
    log.write_text(w3c(incident()))
    assert run_json(str(log), "--bucket", value)["timeline"]["bucket_seconds"] == seconds


@pytest.mark.parametrize("args", [["--bucket", "30s"], ["--fields", "date,time"], ["--jobs", "0"]])
def test_usage_errors(tmp_path: Path, args: list[str]) -> None:
    done = cli("logs", str(tmp_path), *args)
    assert done.code == 2 and "cf502lint logs: error:" in done.err


def test_config_before_the_logs_says_how_to_name_them(tmp_path: Path) -> None:
    """``--config`` takes every path after it: the logs named after it are not lost in
    silence, and ``--`` ends its list."""
    log = tmp_path / "a.log"
    log.write_text(w3c(incident()))
    done = cli("logs", "--config", TEMPLATE, str(log))
    assert (done.code, done.out) == (2, "")
    assert done.err == (
        "cf502lint logs: error: no logs named: --config takes every path after it, so name "
        "the logs first (cf502lint logs LOGS... --config PATH...) or end its list with --\n"
    )
    ended = cli("logs", "--config", TEMPLATE, "--", str(log))
    assert ended.code == 0 and "CF203" in ended.out
    assert cli("logs").err == "cf502lint logs: error: no logs named\n"


def test_a_long_span_coarsens_the_timeline() -> None:
    timeline = aggregate.Timeline()
    for day in range(10):
        for minute in range(0, 1440, 3):
            timeline.add("OriginReadError", day * 86_400 + minute * 60, 1)
    assert timeline.bucket == 900
    assert sum(timeline.counts.values()) == 4800
    assert len(timeline.counts) <= aggregate.MAX_BUCKETS


def test_groups_are_bounded() -> None:
    total = aggregate.Aggregate()
    for i in range(aggregate.MAX_GROUPS + 10):
        key = aggregate.GroupKey("d", f"h{i}", f"/p{i}", "OriginReadError", "502")
        total.add_group(key, 1, 60, 60)
    assert len(total.groups) == aggregate.MAX_GROUPS + 1
    assert (
        total.groups[aggregate.GroupKey("d", "(other)", "(other)", "OriginReadError", "502")].count
        == 10
    )


def test_router_remembers_within_bounds() -> None:
    router = Router(None, "E1")
    for i in range(10):
        assert router.route(b"h", b"d", f"/a/{i}".encode(), b"-") == ("E1", "/a/*", True)
    assert len(router.cache) == 10


def test_progress_bar_draws_and_clears() -> None:
    out = io.StringIO()
    bar = Bar(2_000_000, out, delay=0)
    bar(1_000_000)
    assert "50%" in out.getvalue() and "1.0 MB of 2.0 MB" in out.getvalue()
    bar.close()
    assert out.getvalue().endswith("\r\033[K")


def test_html_report_is_self_contained(tmp_path: Path) -> None:
    log = tmp_path / "a.log"
    log.write_text(w3c(incident()))
    report = tmp_path / "report.html"
    done = cli("logs", str(log), "--config", TEMPLATE, "--format", "html", "-o", str(report))
    assert done.code == 0 and done.out.startswith("Read 1 input")
    html = report.read_text()
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html
    assert "<script" not in html and "<link" not in html and "url(" not in html
    assert html.count("<rect") == 4  # one bar segment per (minute, type) with errors
    assert "CF203 origin-port-without-listener" in html


def test_values_from_logs_are_escaped(tmp_path: Path) -> None:
    log = tmp_path / "a.log"
    log.write_text(w3c([error("Origin<b>Error\x1b[31m", cs_uri_stem="/<script>")]))
    done = cli("logs", str(log))
    assert "\x1b" not in done.out and "\\x1b[31m" in done.out
    done = cli("logs", str(log), "--format", "html")
    assert "<script>" not in done.out and "&lt;script&gt;" in done.out


def test_every_default_is_a_verified_field() -> None:
    from cf502lint.logs.fields import LATER_FIELDS, LEGACY_FIELDS, V2_EXTRA_FIELDS

    assert set(DEFAULTS) == set(LEGACY_FIELDS) | set(V2_EXTRA_FIELDS)
    assert len(LEGACY_FIELDS) == 33 and len(set(LEGACY_FIELDS + LATER_FIELDS)) == 35
