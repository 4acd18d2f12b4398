"""tree-sitter-hcl against python-hcl2: every file gives the same ``syntax`` values and spans.

``parse_hcl`` reads through tree-sitter-hcl; ``parse_hcl_reference`` through python-hcl2's
Lark grammar, the reader cf502lint used before. The corpus (``../shared/corpus``, or the
``CF502LINT_CORPUS`` directory) is read when present.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cf502lint.parsers.terraform.hcl import parse_hcl, parse_hcl_reference
from cf502lint.parsers.terraform.hcl_tree_sitter import parse_tree_sitter
from cf502lint.parsers.terraform.syntax import (
    BinaryOp,
    Conditional,
    File,
    Literal,
    Opaque,
    Template,
    UnaryOp,
    Variable,
)
from cf502lint.source.tree import SourceError

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("CF502LINT_CORPUS", ROOT.parent / "shared" / "corpus"))


def _hcl_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in (".tf", ".tfvars") and p.is_file())


def _both(text: str) -> tuple[File | str, File | str]:
    results: list[File | str] = []
    for parse in (parse_hcl, parse_hcl_reference):
        try:
            results.append(parse(text, "main.tf"))
        except SourceError as error:
            results.append(f"{error} (line {error.line})")
    return results[0], results[1]


def _assert_same(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    ours, reference = _both(text)
    assert ours == reference, path


FIXTURES = _hcl_files(ROOT / "fixtures") + _hcl_files(ROOT / "tests")


@pytest.mark.parametrize("path", FIXTURES, ids=[str(p.relative_to(ROOT)) for p in FIXTURES])
def test_fixture_files_read_the_same(path: Path) -> None:
    _assert_same(path)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="no corpus at ../shared/corpus")
def test_corpus_files_read_the_same() -> None:
    files = _hcl_files(CORPUS)
    assert files
    for path in files:
        _assert_same(path)
    accepted = [p for p in files if parse_tree_sitter(p.read_text("utf-8", "replace"), "x")]
    assert len(accepted) > 0.9 * len(files)  # tree-sitter-hcl reads them, not the fallback


CONSTRUCTS = {
    "blocks": 'resource "aws_s3_bucket" "b" {\n  nested {\n    x = 1\n  }\n}\nempty {}\n',
    "labels": 'a "x y" z "\\u00e9\\n" {\n}\n',
    "attributes": "a = 1\nb = true\nc = null\nd = false\n",
    "redefinition": "a = 1\na = 2\n",
    "numbers": "a = 1.5\nb = 2.0e0\nc = 1.5E2\nd = 1e3\ne = 1e+3\nf = 10\ng = 0.25e-1\n",
    "negative": "a = -1\nb = -1.5\nc = - 1.5\nd = -x\ne = 3 * -1\nf = -0\ng = -2.5e-1\n",
    "escapes": 'a = "q\\"t\\\\n\\n\\t\\r\\u00e9\\U0001F600"\nb = "$${x} %%{y}"\n',
    "templates": 'a = "x ${y} # z  ${w.v} \\n  "\nb = "${a}${b}"\nc = " ${x} "\n',
    "directives": 'a = "%{ if x }y%{ endif } z"\nc = "%{for i in l}${i}%{endfor}"\n',
    "heredoc": "a = <<EOF\n  line ${x}\n  two\nEOF\nb = <<EOT\nplain\n  $${kept}\nEOT\n",
    "heredoc_trim": "a = <<-EOF\n    one\n      two\n    EOF\n",
    "for": (
        "a = [for x in xs : x.id if x.on]\n"
        "b = {for k, v in m : k => v...}\n"
        "c = {for i, v in l : v => i}\n"
    ),
    "splats": "a = x[*].id\nb = x.*.id\nc = x[*].a[0].b\nd = x[*]\n",
    "conditionals": "a = x ? 1 : 2\nb = a ? b : c ? d : e\nc = (a ? b : c) ? d : e\n",
    "operators": (
        "a = 1 + 2 * 3\nb = (1 + 2) * 3\nc = a && b || c\nd = a == b != c\n"
        "e = !a && b\nf = a < b && c >= d\ng = a - b - c\nh = a / b % c\n"
    ),
    "calls": "a = f()\nb = f(1, 2)\nc = f(xs...)\nd = provider::aws::arn_parse(x)\n",
    "traversals": 'a = x.y.z\nb = x["k"]\nc = x[0].y\nd = x.0\ne = (x).y\nf = x[a + 1]\n',
    "collections": 'a = [1, "b", [c]]\nb = {a = 1, "b" = 2, (c) = 3}\nc = {\n  a = 1\n  b = 2\n}\n',
    "comments": "# one\n// two\n/* three\n */\na = 1 # four\nb {\n  # five\n  c = 2\n}\n",
    "unicode": 'a = "é ${x} ü"\nb { c = "ß" }\nd = "é"\n',
    "broken_brace": "a {\n  b = 1\n",
    "broken_token": "a = = 1\n",
    "broken_interpolation": 'a = "${}"\n',
    "hexadecimal": "a = 0x10\n",
    "exponent_before_block": 'r "a" "b" {\n  count = 1e400\n  origin {\n    x = 1\n  }\n}\n',
    "broken_quote": 'a = "x\n',
}


@pytest.mark.parametrize("name", sorted(CONSTRUCTS))
def test_each_construct_reads_the_same(name: str) -> None:
    ours, reference = _both(CONSTRUCTS[name])
    assert ours == reference


def test_values_read_by_tree_sitter() -> None:
    parsed = parse_tree_sitter(CONSTRUCTS["conditionals"] + 'd = " ${x} "\ne = -1\n', "m.tf")
    assert parsed is not None
    exprs = {a.name: a.expr for a in parsed.body.attributes}
    assert exprs["b"] == Conditional(
        Variable("a"), Variable("b"), Conditional(Variable("c"), Variable("d"), Variable("e"))
    )
    assert exprs["d"] == Template((" ", Variable("x"), " "))
    assert exprs["e"] == UnaryOp("-", Literal(1))
    operators = parse_tree_sitter("a = 1 + 2 * 3\n", "m.tf")
    assert operators is not None
    assert operators.body.attributes[0].expr == BinaryOp(
        "+", Literal(1), BinaryOp("*", Literal(2), Literal(3))
    )


def test_spans_count_characters_not_bytes() -> None:
    parsed = parse_tree_sitter('x = "é"\n  é = 1\nb "ü" {\n}\n', "m.tf")
    assert parsed is not None
    (_, second) = parsed.body.attributes
    assert (second.span.line, second.span.column, second.span.end_column) == (2, 3, 4)
    (block,) = parsed.body.blocks
    assert (block.span.line, block.span.column, block.span.end_column) == (3, 1, 6)


def test_broken_files_name_a_line_and_a_short_token() -> None:
    with pytest.raises(SourceError) as caught:
        parse_hcl("a = 1\nb = = " + "x" * 5000 + "\n", "m.tf")
    assert caught.value.line == 2
    assert len(str(caught.value)) < 120


def test_strip_markers_which_python_hcl2_rejects_are_opaque() -> None:
    parsed = parse_hcl('a = "${~ x ~}"\n', "m.tf")
    assert parsed.body.attributes[0].expr == Opaque("template directive")


def test_files_tree_sitter_rejects_give_none() -> None:
    assert parse_tree_sitter("a {\n", "m.tf") is None
    assert parse_tree_sitter("a = 0x10\n", "m.tf") is None
    assert parse_tree_sitter("a = 1e3\n", "m.tf") is None
    assert parse_tree_sitter("b {\n  a = 1E3\n  c {\n  }\n}\n", "m.tf") is None
