"""The rule pack as a whole: ids, names, documentation and fixtures."""

from __future__ import annotations

import re

import pytest

from cf502lint.rule import Rule
from cf502lint.testing import SUFFIX_FOR_FENCE, doc_examples, lint_text

from .helpers import FIXTURES, ROOT, installed_rules

RULES = list(installed_rules().values())
SECTIONS = (
    "## What it does",
    "## Why does this cause 502s?",
    "## Example",
    "Use instead",
    "## References",
)


def test_rules_are_loaded() -> None:
    assert len(RULES) >= 17


def test_ids_and_names_are_unique_and_well_formed() -> None:
    assert len({r.id for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)
    for rule in RULES:
        assert re.fullmatch(r"CF\d{3}", rule.id)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)


def test_every_rule_module_is_registered() -> None:
    modules = {p.stem for p in (ROOT / "rules").glob("*.py") if p.stem != "__init__"}
    assert modules == {r.name.replace("-", "_") for r in RULES}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_documentation_has_every_section(rule: Rule) -> None:
    for section in SECTIONS:
        assert section in rule.doc, f"{rule.id} lacks {section!r}"
    assert "https://" in rule.doc.split("## References", 1)[1]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_documented_examples_fire_and_stay_quiet_as_stated(rule: Rule) -> None:
    examples = doc_examples(rule)
    assert any(e.fires for e in examples) and any(not e.fires for e in examples)
    for example in examples:
        path = f"example{SUFFIX_FOR_FENCE[example.language]}"
        found = [f for f in lint_text(example.text, path, RULES) if f.rule_id == rule.id]
        assert bool(found) == example.fires, (rule.id, example.fires, found)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_rule_has_good_and_bad_fixtures(rule: Rule) -> None:
    directory = FIXTURES / "rules" / rule.name.replace("-", "_")
    names = [p.name for p in directory.iterdir()]
    bad = [n for n in names if n.startswith("bad") and not n.endswith(".expected")]
    assert any(n.startswith("good") for n in names)
    assert bad
    for name in bad:
        assert f"{name}.expected" in names, f"{name} has no golden file"


def test_no_orphan_fixture_directories() -> None:
    stems = {r.name.replace("-", "_") for r in RULES}
    assert {p.name for p in (FIXTURES / "rules").iterdir() if p.is_dir()} <= stems
