"""Text output on a terminal: colour unless NO_COLOR, and a source excerpt under each finding."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from .helpers import FIXTURES

BAD = str(FIXTURES / "examples" / "static-site.yaml")


def on_terminal(*args: str, env: dict[str, str] | None = None) -> str:
    controller, terminal = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | (env or {})
    done = subprocess.run(
        [sys.executable, "-m", "cf502lint", *args],
        stdout=terminal,
        stderr=subprocess.PIPE,
        env=environment,
        timeout=60,
        check=False,
    )
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    assert done.returncode == 1
    return b"".join(chunks).decode().replace("\r\n", "\n")


def test_colour_and_excerpt_on_a_terminal() -> None:
    out = on_terminal(BAD)
    lines = out.splitlines()
    assert lines[0].startswith(f"\x1b[1m{BAD}:30:15:\x1b[0m \x1b[1;31mCF101\x1b[0m [error]")
    assert lines[1] == "   30 |               OriginProtocolPolicy: https-only"
    assert lines[2] == " " * 22 + "^"


def test_no_color_is_honoured() -> None:
    out = on_terminal(BAD, env={"NO_COLOR": "1"})
    assert "\x1b[" not in out
    assert out.splitlines()[0].startswith(f"{BAD}:30:15: CF101 [error]")
    assert out.splitlines()[1].startswith("   30 |")
