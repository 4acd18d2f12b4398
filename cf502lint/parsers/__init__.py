"""Choosing a front end for a file and turning its text into a model document."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath

from ..model import Document
from ..source.json_tree import load_json
from ..source.text import DEFAULT_MAX_BYTES
from ..source.tree import Loaded, SourceError
from ..source.yaml_tree import load_yaml
from .cloudformation import parse_template
from .cloudfront_api import ApiPolicies, parse_api, read_policies

YAML_SUFFIXES = (".yaml", ".yml")
JSON_SUFFIXES = (".json",)
TEMPLATE_SUFFIXES = (".template",)
SUFFIXES = YAML_SUFFIXES + JSON_SUFFIXES + TEMPLATE_SUFFIXES

_MARKERS = (
    "AWS::CloudFront::",
    "DistributionConfig",
    "DefaultCacheBehavior",
    "AWSTemplateFormatVersion",
)


@dataclass(frozen=True, slots=True)
class ParseOptions:
    parameters: Mapping[str, str] = field(default_factory=dict)
    """CloudFormation parameter overrides, like ``--parameter-overrides``."""
    max_bytes: int = DEFAULT_MAX_BYTES
    api_policies: ApiPolicies = field(default_factory=ApiPolicies)
    """Custom cache and origin request policies of the run (see ``collect_policies``)."""


def handles(path: str) -> bool:
    """Whether a file of this name may hold something cf502lint reads."""
    return PurePath(path).suffix.lower() in SUFFIXES


def parse_text(text: str, path: str, options: ParseOptions) -> Document | None:
    """The document in ``text``, None when it is not infrastructure code for cf502lint.

    Raises ``SourceError`` for a file that is recognisably ours but cannot be parsed.
    """
    if not text.strip():
        return None
    try:
        loaded = _load(text, path)
    except SourceError:
        if any(marker in text for marker in _MARKERS):
            raise
        return None
    document = parse_template(loaded, path, options.parameters)
    if document is None:
        document = parse_api(loaded, path, options.api_policies)
    return document


def collect_policies(sources: Iterable[tuple[str, str]]) -> ApiPolicies:
    """First pass of a run over (path, text): the policies that API JSON files describe."""
    roots = []
    for path, text in sources:
        if "PolicyConfig" not in text:
            continue
        try:
            roots.append(_load(text, path).root)
        except SourceError:
            continue
    return read_policies(roots)


def _load(text: str, path: str) -> Loaded:
    stripped = text.lstrip("\ufeff \t\r\n")
    suffix = PurePath(path).suffix.lower()
    if stripped[:1] in "{[" or suffix in JSON_SUFFIXES:
        try:
            return load_json(text, path)
        except SourceError:
            if suffix in JSON_SUFFIXES:
                raise
    return load_yaml(text, path)
