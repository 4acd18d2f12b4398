"""The HTML report of ``cf502lint logs`` in a real, headless browser, with no network."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from collections import Counter
from pathlib import Path

import pytest

from cf502lint.logs.report_html import PALETTE

from .helpers import FIXTURES, cli
from .logfiles import error, record, w3c

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def browser() -> str:
    if BROWSER is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install chromium (see .ci/run)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return BROWSER


def headless(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )


def pixels(png: bytes) -> Counter[tuple[int, int, int]]:
    """The colours of an 8-bit RGB or RGBA, non-interlaced PNG, counted."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    offset, data, header = 8, b"", b""
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        kind, body = png[offset + 4 : offset + 8], png[offset + 8 : offset + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            data += body
        offset += 12 + length
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and color in (2, 6) and interlace == 0
    channels = 3 if color == 2 else 4
    raw = zlib.decompress(data)
    stride = width * channels
    previous = bytearray(stride)
    found: Counter[tuple[int, int, int]] = Counter()
    for y in range(height):
        row_start = y * (stride + 1)
        kind, row = raw[row_start], bytearray(raw[row_start + 1 : row_start + 1 + stride])
        for i in range(stride):
            left = row[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                row[i] = (row[i] + left) & 0xFF
            elif kind == 2:
                row[i] = (row[i] + up) & 0xFF
            elif kind == 3:
                row[i] = (row[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                row[i] = (row[i] + predictor) & 0xFF
        found.update((row[x], row[x + 1], row[x + 2]) for x in range(0, stride, channels))
        previous = row
    return found


def rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def test_the_timeline_renders_offline(browser: str, tmp_path: Path) -> None:
    rows = [record(time="14:00:00")]
    for minute in range(10):
        api = error("OriginConnectError", time=f"14:{minute:02}:00", cs_uri_stem="/api/x")
        rows += [api] * (minute + 1)
        rows += [error("OriginCommError", "504", time=f"14:{minute:02}:30")] * 3
    log = tmp_path / "a.log"
    log.write_text(w3c(rows))
    report = tmp_path / "report.html"
    template = str(FIXTURES / "logs" / "template.yaml")
    done = cli("logs", str(log), "--config", template, "--format", "html", "-o", str(report))
    assert done.code == 0, done.err

    dom = headless(browser, tmp_path / "profile", "--dump-dom", report.as_uri())
    assert dom.returncode == 0, dom.stderr
    assert dom.stdout.count(b"<rect") == 20  # two types in each of ten minutes
    assert b"CF203 origin-port-without-listener" in dom.stdout

    shot = tmp_path / "shot.png"
    taken = headless(
        browser,
        tmp_path / "profile2",
        f"--screenshot={shot}",
        "--window-size=1100,700",
        report.as_uri(),
    )
    assert taken.returncode == 0, taken.stderr
    colours = pixels(shot.read_bytes())
    assert colours[rgb(PALETTE[0])] > 2000  # OriginConnectError, the larger series
    assert colours[rgb(PALETTE[1])] > 1000  # OriginCommError
    assert colours[rgb(PALETTE[0])] > colours[rgb(PALETTE[1])]
