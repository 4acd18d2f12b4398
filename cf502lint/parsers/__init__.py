"""Choosing a front end for a file and turning its text into a model document."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from ..model import Document
from ..source.boundary import Boundary
from ..source.json_tree import load_json
from ..source.store import FileStore
from ..source.text import DEFAULT_MAX_BYTES, Reader
from ..source.tree import Loaded, SourceError
from .cloudformation import parse_template
from .cloudfront_api import ApiPolicies, parse_api, read_policies
from .terraform import ModuleResult, Variables, is_configuration, parse_module_text, parse_plan
from .terraform import is_module_file as is_module_file
from .terraform import module_directory as module_directory
from .terraform import parse_modules as parse_terraform_modules

if TYPE_CHECKING:
    from .terraform.budget import Budget

YAML_SUFFIXES = (".yaml", ".yml")
JSON_SUFFIXES = (".json",)
TEMPLATE_SUFFIXES = (".template",)
TERRAFORM_SUFFIXES = (".tf",)
SUFFIXES = YAML_SUFFIXES + JSON_SUFFIXES + TEMPLATE_SUFFIXES + TERRAFORM_SUFFIXES

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
    variables: Mapping[str, str] = field(default_factory=dict)
    """Terraform root module variables, like ``terraform plan -var NAME=VALUE``."""
    var_files: tuple[str, ...] = ()
    """Terraform variable definitions files, like ``-var-file``, in order."""
    boundary: Boundary | None = None
    """The directories files may be read from (see ``Boundary``); None: anywhere."""
    files: FileStore | None = field(default=None, compare=False)
    """What a ``--fix`` or ``--diff`` run read and changed; None: files are read from disk."""
    jobs: int = 1
    """Processes that lint files and Terraform module groups (see ``runner.PARALLEL_FILES``)."""
    read_log: dict[str, str] | None = field(default=None, compare=False)
    """Where the reader records each file it reads (see ``Reader.log``)."""

    @property
    def reader(self) -> Reader:
        return Reader(self.max_bytes, self.boundary, self.files, self.read_log)

    @property
    def terraform_variables(self) -> Variables:
        return Variables(self.variables, self.var_files)


def handles(path: str) -> bool:
    """Whether a file of this name may hold something cf502lint reads."""
    return PurePath(path).suffix.lower() in SUFFIXES


def parse_text(text: str, path: str, options: ParseOptions) -> Document | None:
    """The document in ``text``, None when it is not infrastructure code for cf502lint.

    Raises ``SourceError`` for a file that is recognisably ours but cannot be parsed.
    """
    if not text.strip():
        return None
    if is_configuration(path):
        return parse_module_text(text, path, options.terraform_variables, options.reader)
    if is_module_file(path):
        return None
    try:
        loaded = _load(text, path)
    except SourceError:
        if any(marker in text for marker in _MARKERS):
            raise
        return None
    document = parse_plan(loaded, path) or parse_template(loaded, path, options.parameters)
    if document is None:
        document = parse_api(loaded, path, options.api_policies)
    return document


def parse_modules(
    directories: Sequence[str], options: ParseOptions, budget: Budget | None = None
) -> list[ModuleResult]:
    """Terraform module directories, each linted once, with its local child modules."""
    return parse_terraform_modules(directories, options.terraform_variables, options.reader, budget)


def collect_policies(sources: Iterable[tuple[str, str]]) -> ApiPolicies:
    """First pass of a run over (path, text): the policies that API JSON files describe.

    One file is held at a time. A file that cannot be loaded adds nothing here; the second
    pass reports it.
    """

    def roots() -> Iterator[Any]:
        for path, text in sources:
            if "PolicyConfig" not in text:
                continue
            try:
                yield _load(text, path).root
            except (SourceError, RecursionError, ValueError, MemoryError):
                continue

    return read_policies(roots())


def _load(text: str, path: str) -> Loaded:
    stripped = text.lstrip("\ufeff \t\r\n")
    suffix = PurePath(path).suffix.lower()
    if stripped[:1] in "{[" or suffix in JSON_SUFFIXES:
        try:
            return load_json(text, path)
        except SourceError:
            if suffix in JSON_SUFFIXES:
                raise
    from ..source.yaml_tree import load_yaml  # PyYAML only when a file needs it

    return load_yaml(text, path)
