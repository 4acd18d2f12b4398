"""The editor for a file's language, chosen as the parsers choose how to read it."""

from __future__ import annotations

from pathlib import PurePath
from typing import Protocol

from ..fix import Edit
from . import json_tree
from .data import JSON, TERRAFORM_JSON, TFVARS_JSON, YAML, DataSource
from .edits import TextEdit, Unfixable
from .hcl_source import HclSource


class Source(Protocol):
    text: str

    def realize(self, edit: Edit) -> list[TextEdit]:
        """The text edits that make ``edit``; raises ``Unfixable``."""


def open_source(path: str, text: str) -> Source:
    """Raises ``Unfixable`` when the text cannot be read in its language."""
    lower = path.lower()
    if lower.endswith((".tf", ".tfvars")):
        return HclSource(text)
    if lower.endswith(".tf.json"):
        return DataSource(text, json_tree.load(text), TERRAFORM_JSON)
    if lower.endswith(".tfvars.json"):
        return DataSource(text, json_tree.load(text), TFVARS_JSON)
    is_json_name = PurePath(lower).suffix == ".json"
    if text.lstrip("\ufeff \t\r\n")[:1] in ("{", "[") or is_json_name:
        try:
            tree = json_tree.load(text)
        except Unfixable:
            if is_json_name:
                raise
        else:
            root = tree.root
            generated = root is not None and root.get("format_version") is not None
            if generated and root and (root.get("planned_values") or root.get("resource_changes")):
                raise Unfixable("a Terraform plan is generated: fix the configuration instead")
            return DataSource(text, tree, JSON)
    import yaml

    from . import yaml_tree

    try:
        return DataSource(text, yaml_tree.load(text), YAML)
    except (yaml.YAMLError, RecursionError):
        raise Unfixable("the file is not YAML") from None
