"""Exit codes and the one exception every command turns into exit code 2."""

from __future__ import annotations

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

EXIT_CODES = """\
exit codes:
  0  nothing at or above --fail-on was found (always, with --exit-zero)
  1  findings at or above --fail-on
  2  a usage or configuration error, a file that could not be read or parsed, or a
     directory named that holds nothing cf502lint reads"""


class UsageError(Exception):
    """A command-line or configuration mistake: reported in one line, exit code 2."""
