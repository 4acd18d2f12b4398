"""The rule reference in docs/rules/ is what `cf502lint rules --write-docs` generates now."""

from __future__ import annotations

import re
from pathlib import Path

from cf502lint.explain import INDEX, reference
from cf502lint.probe.checks import catalogue

from .docs import DOCS, README
from .helpers import cli, installed_rules

REFERENCE = DOCS / "rules"


def test_the_reference_is_generated_from_the_installed_rules() -> None:
    expected = reference(installed_rules(), catalogue())
    found = {path.name: path.read_text(encoding="utf-8") for path in REFERENCE.glob("*.md")}
    assert sorted(found) == sorted(expected), "run: cf502lint rules --write-docs docs/rules"
    for name, text in expected.items():
        assert found[name] == text, f"docs/rules/{name} is stale: cf502lint rules --write-docs"


def test_the_index_lists_what_cf502lint_rules_lists() -> None:
    index = (REFERENCE / INDEX).read_text(encoding="utf-8")
    table = re.findall(
        r"^\| \[(CF\d{3})\]\(\1\.md\) \| `([a-z0-9-]+)` \| (\w+) \| ([a-z, ]*) \| (.+) \|$",
        index,
        re.M,
    )
    listed = [tuple(line.split(None, 3)) for line in cli("rules").out.splitlines()]
    assert [(i, name, severity, summary) for i, name, severity, _, summary in table] == listed
    rules = installed_rules()
    assert [fixes for i, *_, fixes, _ in table] == [rules[i].fixes or "" for i, *_ in table]


def test_the_index_lists_the_probe_checks_as_cf502lint_rules_probe_does() -> None:
    index = (REFERENCE / INDEX).read_text(encoding="utf-8")
    section = index.split("\n## Probe checks\n", 1)[1]
    table = re.findall(
        r"^\| \[(CFP\d{3})\]\(\1\.md\) \| `([a-z0-9-]+)` \| (\w+) \| (.+) \|$", section, re.M
    )
    listed = [tuple(line.split(None, 3)) for line in cli("rules", "--probe").out.splitlines()]
    assert table == listed
    assert [i for i, *_ in table] == list(catalogue())


def test_probe_check_pages_do_not_speak_of_fix() -> None:
    """--fix repairs files; a probe check judges a live origin."""
    page = cli("rule", "CFP403").out
    assert page.startswith("# origin-response-timeout (CFP403)\n")
    assert "## Fix" not in page and "--fix" not in page
    assert "## Fix\nNone: `--fix`" in cli("rule", "CF203").out


def test_write_docs_writes_the_reference_and_drops_retired_pages(tmp_path: Path) -> None:
    (tmp_path / "CF999.md").write_text("# a rule that no longer exists\n")
    run = cli("rules", "--write-docs", str(tmp_path))
    assert run.code == 0
    pages = reference(installed_rules(), catalogue())
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(pages)
    assert run.err == (
        f"cf502lint: wrote README.md, {len(installed_rules())} rule pages and "
        f"{len(catalogue())} probe check pages in {tmp_path}\n"
    )


def test_the_markdown_listing_holds_every_page() -> None:
    markdown = cli("rules", "--markdown").out
    for rule in installed_rules().values():
        assert f"# {rule.name} ({rule.id})" in markdown


def test_the_readme_points_at_the_reference() -> None:
    assert "(docs/rules/README.md)" in README.read_text(encoding="utf-8")
