"""Inline suppressions: reading them, applying them, and reporting the ones that do nothing.

Two spellings, both visible in review:

* CloudFormation: the distribution resource's ``Metadata``::

      Metadata:
        cf502lint:
          ignore:
            - CF206
            - rule: https-to-s3-website-origin
              reason: the bucket is behind a proxy that terminates TLS

  It suppresses the listed rules' findings of that resource.
* Terraform: a comment ``# cf502lint:ignore CF101,CF206 reason`` (or ``//``), at the end of
  the finding's line, or on its own line directly above it. Above (or at the end of) the
  first line of a block, it suppresses findings anywhere in that block, and for a
  ``resource`` block every finding of that resource.

The engine applies both through :class:`Ledger`, which also records which suppressions were
used, so that ``--report-unused-ignores`` can report the rest as ``CF003 unused-suppression``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .config import Config
from .model import Distribution, Document, Finding, Problem, Severity, Span, Suppression
from .rule import Rule, rule
from .source.tree import LList, LMap

UNUSED_SUPPRESSION = "CF003"
METADATA_KEY = "cf502lint"
COMMENT_SUFFIXES = (".tf",)
"""Files whose comments are read for ``cf502lint:ignore`` directives."""


@rule(UNUSED_SUPPRESSION, "unused-suppression", Severity.WARNING)
def unused_suppression(dist: Distribution) -> Iterator[Problem]:
    """A suppression that suppresses nothing: malformed, naming no rule, or no longer needed.

    ## What it does
    Always reports suppressions cf502lint cannot understand: a CloudFormation
    `Metadata: cf502lint:` entry that is not a rule or a `{rule, reason}` mapping, a
    `# cf502lint:ignore` comment without a rule, or one that names no rule (a typo such as
    `CF999`). With `--report-unused-ignores` (or `report-unused-ignores = true` in the
    configuration, or `--select CF003`) it also reports suppressions that match no finding:
    the rule no longer fires on that resource or line, usually because the problem was fixed.
    A suppression counts as used when its rule would fire there, even if that rule is not
    selected in this run.

    ## Why does this cause 502s?
    A suppression that matches nothing hides nothing today, but it stays armed: when the
    problem it was written for comes back (an origin switched back to `https-only` in
    front of an S3 website endpoint, a timeout lowered again), the finding that would have
    stopped the 502s is silently suppressed. A malformed suppression fails the other way:
    the author believes a finding is handled when it is not.

    ## Example
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Metadata:
          cf502lint:
            ignore:
              - rule: CF206
                reson: the origin answers in under a second
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: app
                DomainName: origin.example.com
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginReadTimeout: 2
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: https-only
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```
    Use instead:
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Metadata:
          cf502lint:
            ignore:
              - rule: CF206
                reason: the origin answers in under a second
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: app
                DomainName: origin.example.com
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginReadTimeout: 2
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: https-only
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-metadata.html
    - https://docs.astral.sh/ruff/rules/unused-noqa/
    """
    # Findings of this rule come from the engine (``Ledger.report``), which sees every
    # finding of the run; a single distribution cannot tell whether a suppression is used.
    yield from ()


# --- CloudFormation: resource Metadata ------------------------------------------------------

_ENTRY_KEYS = ("rule", "reason")


def metadata_suppressions(resource: Any, name: str) -> tuple[Suppression, ...]:
    """The suppressions in a CloudFormation resource's ``Metadata: cf502lint:``."""
    if not isinstance(resource, LMap):
        return ()
    metadata = resource.get("Metadata")
    if not isinstance(metadata, LMap) or METADATA_KEY not in metadata:
        return ()
    ours = metadata[METADATA_KEY]
    span = metadata.span_of(METADATA_KEY)

    def invalid(why: str, where: Span = span) -> tuple[Suppression, ...]:
        return (Suppression(rule="", span=where, resource=name, invalid=why),)

    if not isinstance(ours, LMap):
        return invalid("Metadata 'cf502lint' must be a mapping with an 'ignore' list")
    unknown = [key for key in ours if key != "ignore"]
    if unknown:
        return invalid(
            f"Metadata 'cf502lint' has unknown key {unknown[0]!r}; only 'ignore' is read",
            ours.span_of(unknown[0]),
        )
    entries = ours.get("ignore")
    where = ours.span_of("ignore")
    if isinstance(entries, str):
        return (_entry(entries, where, name),)
    if not isinstance(entries, LList):
        return invalid("Metadata 'cf502lint: ignore' must be a list of rules", where)
    return tuple(_entry(entry, entries.span_of(i), name) for i, entry in enumerate(entries))


def _entry(entry: Any, span: Span, name: str) -> Suppression:
    if isinstance(entry, str) and entry.strip():
        return Suppression(rule=entry.strip(), span=span, resource=name)
    if isinstance(entry, LMap):
        unknown = [key for key in entry if key not in _ENTRY_KEYS]
        rule_name, reason = entry.get("rule"), entry.get("reason")
        if unknown:
            why = f"unknown key {unknown[0]!r} in a suppression (expected 'rule' and 'reason')"
        elif not isinstance(rule_name, str) or not rule_name.strip():
            why = "a suppression needs 'rule': a rule id, name or id prefix"
        elif reason is not None and not isinstance(reason, str):
            why = "a suppression's 'reason' must be text"
        else:
            return Suppression(rule=rule_name.strip(), span=span, reason=reason, resource=name)
        return Suppression(rule="", span=span, resource=name, invalid=why)
    why = "a suppression must be a rule id or name, or a mapping with 'rule' and 'reason'"
    return Suppression(rule="", span=span, resource=name, invalid=why)


# --- Terraform: comments --------------------------------------------------------------------

_DIRECTIVE = re.compile(r"\s*cf502lint:\s*ignore(?![\w-])")
_IDS = re.compile(r"[:\s]*(?P<ids>[\w-]+(?:\s*,\s*[\w-]+)*)?")
_HEADER = re.compile(r'\s*(resource|data|module)\s+"?([\w-]+)"?(?:\s+"?([\w-]+)"?)?\s*\{')
_HEREDOC = re.compile(r"<<-?([A-Za-z_][\w-]*)\s*$")


@dataclass(frozen=True, slots=True)
class _Comment:
    line: int
    column: int
    """1-based column of the comment's first character after its marker."""
    text: str
    trailing: bool
    """Code precedes the comment on its line."""


@dataclass(slots=True)
class _Scan:
    comments: list[_Comment] = field(default_factory=list)
    blocks: dict[int, int] = field(default_factory=dict)
    """First line of each multi-line block -> its last line."""
    code_lines: set[int] = field(default_factory=set)
    comment_lines: set[int] = field(default_factory=set)


def _scan(text: str) -> _Scan:
    """Comments and block extents of HCL text, skipping strings and heredocs."""
    scan = _Scan()
    stack: list[tuple[str, int]] = []  # ("string" | "interp" | "brace", line it opened on)
    heredoc: str | None = None
    in_comment = False
    for number, line in enumerate(text.splitlines(), 1):
        if heredoc is not None:
            scan.code_lines.add(number)
            if line.strip() == heredoc:
                heredoc = None
            continue
        i = 0
        while i < len(line):
            char = line[i]
            if in_comment:
                scan.comment_lines.add(number)
                end = line.find("*/", i)
                if end < 0:
                    break
                in_comment, i = False, end + 2
                continue
            top = stack[-1][0] if stack else "code"
            if top == "string":
                if char == "\\":
                    i += 2
                elif line.startswith(("${", "%{"), i):
                    stack.append(("interp", number))
                    i += 2
                else:
                    if char == '"':
                        stack.pop()
                    i += 1
                continue
            trailing = bool(line[:i].strip())
            if char == "#" or line.startswith("//", i):
                start = i + (1 if char == "#" else 2)
                scan.comments.append(_Comment(number, start + 1, line[start:], trailing))
                scan.comment_lines.add(number)
                break
            if line.startswith("/*", i):
                end = line.find("*/", i + 2)
                if end >= 0:
                    scan.comments.append(_Comment(number, i + 3, line[i + 2 : end], trailing))
                    i = end + 2
                else:
                    in_comment, i = True, i + 2
                scan.comment_lines.add(number)
                continue
            if not char.isspace():
                scan.code_lines.add(number)
            if char == '"':
                stack.append(("string", number))
            elif char == "{":
                stack.append(("brace", number))
            elif char == "}" and stack:
                kind, opened = stack.pop()
                if kind == "brace" and opened != number:
                    scan.blocks[opened] = max(scan.blocks.get(opened, 0), number)
            elif line.startswith("<<", i) and (found := _HEREDOC.match(line, i)):
                heredoc = found.group(1)
                break
            i += 1
        while stack and stack[-1][0] == "string":  # quoted strings end at the line's end
            stack.pop()
    return scan


def _address(header: str) -> str | None:
    found = _HEADER.match(header)
    if found is None:
        return None
    kind, first, second = found.groups()
    if kind == "module":
        return f"module.{first}"
    if second is None:
        return None
    return f"{first}.{second}" if kind == "resource" else f"data.{first}.{second}"


def _target(comment: _Comment, scan: _Scan, count: int) -> int | None:
    """The line a directive comment applies to: its own, or the next line of code."""
    if comment.trailing:
        return comment.line
    target = comment.line + 1
    while target <= count and target not in scan.code_lines and target in scan.comment_lines:
        target += 1  # stacked comments: several directives above one line
    return target if target in scan.code_lines else None


def comment_suppressions(text: str, path: str) -> tuple[Suppression, ...]:
    """The ``cf502lint:ignore`` comments of an HCL (Terraform) file."""
    if "cf502lint:" not in text:  # no directive: the scan, a loop over every character, is moot
        return ()
    scan = _scan(text)
    lines = text.splitlines()
    found: list[Suppression] = []
    for comment in scan.comments:
        directive = _DIRECTIVE.match(comment.text)
        if directive is None:
            continue
        indent = len(comment.text) - len(comment.text.lstrip())
        at = Span(path, comment.line, comment.column + indent)
        ids = _IDS.match(comment.text, directive.end())
        names = ids.group("ids") if ids else None
        target = _target(comment, scan, len(lines))
        if ids is None or not names:
            why = (
                "a cf502lint:ignore comment must name the rules it suppresses, "
                "e.g. '# cf502lint:ignore CF101 reason'"
            )
        elif target is None:
            why = (
                "a cf502lint:ignore comment must be at the end of the line it suppresses "
                "or on its own line directly above it"
            )
        else:
            why = ""
        if ids is None or not names or target is None:
            found.append(Suppression(rule="", span=at, invalid=why))
            continue
        reason = comment.text[ids.end() :].strip().lstrip(":-\u2014 ").strip() or None
        scope = (target, scan.blocks.get(target, target))
        resource = _address(lines[target - 1])
        offset = comment.column + ids.start("ids")
        for name in re.finditer(r"[\w-]+", names):
            found.append(
                Suppression(
                    rule=name.group(),
                    span=Span(path, comment.line, offset + name.start()),
                    reason=reason,
                    resource=resource,
                    lines=scope,
                )
            )
    return tuple(found)


def comment_files(document: Document) -> list[str]:
    """The files whose comments can suppress findings of ``document``.

    A Terraform module is a directory, so every ``.tf`` file next to the document or to
    one of its distributions is read.
    """
    directories: set[str] = set()
    files: set[str] = set()
    for path in {document.path, *(d.span.path for d in document.distributions)}:
        if os.path.isdir(path):
            directories.add(os.path.normpath(path))
        elif path.endswith(COMMENT_SUFFIXES):
            directories.add(os.path.normpath(os.path.dirname(path) or "."))
            files.add(os.path.normpath(path))  # it may exist only as an editor's buffer
    for directory in directories:
        try:
            names = os.listdir(directory)
        except OSError:
            continue
        files.update(
            os.path.normpath(os.path.join(directory, name))
            for name in names
            if name.endswith(COMMENT_SUFFIXES) and os.path.isfile(os.path.join(directory, name))
        )
    return sorted(files)


def with_comment_suppressions(document: Document, read: Callable[[str], str | None]) -> Document:
    """``document`` with the ``cf502lint:ignore`` comments of its Terraform files."""
    found: list[Suppression] = []
    for path in comment_files(document):
        text = read(path)
        if text is not None:
            found.extend(comment_suppressions(text, path))
    if not found:
        return document
    return replace(document, suppressions=(*document.suppressions, *found))


# --- Applying suppressions ------------------------------------------------------------------


def _same_path(a: str, b: str) -> bool:
    return a == b or os.path.normpath(a) == os.path.normpath(b)


def covers(suppression: Suppression, finding: Finding) -> bool:
    """Whether ``suppression``'s place includes ``finding`` (its rule is not checked)."""
    if suppression.invalid is not None:
        return False
    if suppression.lines is not None and _same_path(suppression.span.path, finding.span.path):
        first, last = suppression.lines
        if first <= finding.span.line <= last:
            return True
    wanted, actual = suppression.resource, finding.resource
    if wanted is None or actual is None:
        return False
    if suppression.lines is None:  # CloudFormation: a logical id
        return actual == wanted
    # Terraform: also instances (``[0]``, ``["key"]``) and the same block inside modules.
    address = _INSTANCE_KEY.sub("", actual)
    return address == wanted or address.endswith(f".{wanted}") or address.startswith(f"{wanted}.")


_INSTANCE_KEY = re.compile(r"\[[^\]]*\]")


@dataclass(slots=True)
class _Entry:
    used: bool
    siblings: tuple[Suppression, ...]
    """The suppressions in force where this one is written (they can suppress CF003 on it)."""
    path: str


class Ledger:
    """Applies suppressions and ``per-file-ignores`` for one run, remembering what was used."""

    def __init__(self, rules: Sequence[Rule], config: Config) -> None:
        self.rules = list(rules)
        self.config = config
        self.by_id = {r.id: r for r in self.rules}
        meta = self.by_id.get(UNUSED_SUPPRESSION)
        self.meta = meta
        self.report_invalid = meta is not None and config.enabled(meta)
        self.report_unused = (
            meta is not None
            and not any(meta.matches(s) for s in config.ignore)
            and (
                config.report_unused_ignores
                or any(s in (meta.id, meta.name) for s in config.select)
            )
        )
        self.entries: dict[Suppression, _Entry] = {}

    def applicable(self, dist: Distribution, document: Document) -> tuple[Suppression, ...]:
        found = (*dist.suppressions, *document.suppressions)
        for suppression in found:
            if suppression not in self.entries:
                self.entries[suppression] = _Entry(False, found, dist.span.path)
        return found

    def extra_rules(
        self, dist: Distribution, document: Document, active: Iterable[Rule]
    ) -> list[Rule]:
        """Rules not selected in this run that must run to tell whether suppressions are used."""
        if not self.report_unused:
            return []
        wanted = {s.rule for s in self.applicable(dist, document) if s.invalid is None}
        running = {r.id for r in active}
        return [
            r
            for r in self.rules
            if r.id not in running and r is not self.meta and any(r.matches(w) for w in wanted)
        ]

    def keep(
        self,
        findings: Iterable[Finding],
        dist: Distribution,
        document: Document,
        extra: Iterable[Rule] = (),
    ) -> list[Finding]:
        """The findings to report; the others are suppressed, ignored or only ran to count."""
        suppressions = [s for s in self.applicable(dist, document) if s.invalid is None]
        counted = {r.id for r in extra}
        kept: list[Finding] = []
        for finding in findings:
            rule_ = self.by_id.get(finding.rule_id)
            hits = [
                s
                for s in suppressions
                if rule_ is not None and rule_.matches(s.rule) and covers(s, finding)
            ]
            for suppression in hits:
                self.entries[suppression].used = True
            if hits or finding.rule_id in counted:
                continue
            if rule_ is not None and self.config.ignored_in(
                rule_, finding.span.path, dist.span.path
            ):
                continue
            kept.append(finding)
        return kept

    def report(self) -> list[Finding]:
        """``CF003`` findings for suppressions that cannot work or were not used."""
        meta = self.meta
        if meta is None:
            return []
        found: list[Finding] = []
        for suppression, entry in self.entries.items():
            message = self._problem(suppression, entry, meta)
            if message is None:
                continue
            finding = Finding(
                meta.id,
                meta.name,
                self.config.severity_of(meta),
                message,
                suppression.span,
                suppression.resource,
            )
            if any(
                meta.matches(s.rule) and covers(s, finding)
                for s in entry.siblings
                if s != suppression
            ):
                continue
            if self.config.ignored_in(meta, suppression.span.path, entry.path):
                continue
            found.append(finding)
        return found

    def _problem(self, suppression: Suppression, entry: _Entry, meta: Rule) -> str | None:
        if suppression.invalid is not None:
            return suppression.invalid if self.report_invalid or self.report_unused else None
        if meta.matches(suppression.rule):
            return None
        named = [r for r in self.rules if r.matches(suppression.rule)]
        if not named:  # a typo suppresses nothing: always said, like a malformed suppression
            if not (self.report_invalid or self.report_unused):
                return None
            return f"the suppression names no rule: {suppression.rule!r} (see 'cf502lint rules')"
        if not self.report_unused or entry.used:
            return None
        what = suppression.rule
        if len(named) == 1 and what in (named[0].id, named[0].name):
            what = f"{named[0].id} ({named[0].name})"
        where = "resource"
        if suppression.resource is None and suppression.lines is not None:
            where = "line" if suppression.lines[0] == suppression.lines[1] else "block"
        return f"the suppression of {what} matches no finding on this {where}; remove it"
