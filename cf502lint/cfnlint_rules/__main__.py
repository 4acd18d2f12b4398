"""``python -m cf502lint.cfnlint_rules``: the directory to give ``cfn-lint --append-rules``."""

import sys
from importlib.util import find_spec
from pathlib import Path

from . import NEEDS_CFN_LINT

if find_spec("cfnlint") is None:
    print(f"cf502lint: error: {NEEDS_CFN_LINT}", file=sys.stderr)
    sys.exit(2)
print(Path(__file__).resolve().parent)
