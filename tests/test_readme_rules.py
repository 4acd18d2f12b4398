"""The README's rule table says what `cf502lint rules` says."""

from __future__ import annotations

import re

from .helpers import ROOT, cli


def test_rule_table_matches_the_installed_rules() -> None:
    readme = (ROOT / "README.md").read_text()
    table = re.findall(r"^\| (CF\d{3}) \| `([a-z0-9-]+)` \| (\w+) \| (.+) \|$", readme, re.M)
    listed = [tuple(line.split(None, 3)) for line in cli("rules").out.splitlines()]
    assert table == listed
