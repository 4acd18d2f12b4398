"""``python -m cf502lint.cfnlint_rules``: the directory to give ``cfn-lint --append-rules``."""

from pathlib import Path

print(Path(__file__).resolve().parent)
