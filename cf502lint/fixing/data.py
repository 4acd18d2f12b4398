"""Edits in a YAML or JSON document (CloudFormation, the CloudFront API, Terraform JSON).

Each edit is found by the line and column of the key that writes the value, is refused
when the value is anything but what the edit expects (an intrinsic function, an alias, an
anchored mapping that other places merge, another value), and changes only the value's own
text: the quoting style, comments, key order, indentation and line endings stay.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from ..fix import AddKey, Edit, EditList, Reference, Scalar, SetReference, SetValue, TrimText
from ..model import Span
from .edits import TextEdit, Unfixable, end_of_line, line_end, line_start
from .tree import LIST, MAP, SCALAR, SNode, Tree, same_value

_PLAIN = re.compile(r"[A-Za-z0-9_/][A-Za-z0-9_.\-/]*")
_PLAIN_BLOCK = re.compile(r"[A-Za-z0-9_$/][A-Za-z0-9_.\-/${}]*")
_INTERPOLATION = re.compile(r"\$\{[^}]*\}|%\{[^}]*\}")
_TRAVERSAL = re.compile(r"\$\{\s*([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[[^\]]*\])+)\s*\}")
_INTRINSIC_TAGS = {"!Ref": "Ref", "!GetAtt": "Fn::GetAtt", "!Sub": "Fn::Sub"}

YAML = "yaml"
JSON = "json"
TERRAFORM_JSON = "terraform-json"
"""A ``.tf.json`` file: its strings are templates (``${var.x}``)."""
TFVARS_JSON = "tfvars-json"


class DataSource:
    """One YAML or JSON text, its located tree, and how to write values in it."""

    def __init__(self, text: str, tree: Tree, language: str) -> None:
        self.text = text
        self.tree = tree
        self.language = language

    def realize(self, edit: Edit) -> list[TextEdit]:
        handlers: dict[type, Callable[..., list[TextEdit]]] = {
            SetValue: self.set_value,
            TrimText: self.trim_text,
            EditList: self.edit_list,
            AddKey: self.add_key,
            SetReference: self.set_reference,
        }
        return handlers[type(edit)](edit)

    # finding the value

    def entry(self, span: Span) -> tuple[SNode, SNode, SNode]:
        found = self.tree.entry(span.line, span.column)
        if found is None:
            raise Unfixable(f"no key is written at line {span.line}, column {span.column}")
        mapping, key, value = found
        if value.shared() or key.anchored:
            raise Unfixable("the value is shared through a YAML anchor or alias")
        return mapping, key, value

    def scalar(self, node: SNode, what: str) -> SNode:
        if node.kind != SCALAR or node.tag is not None:
            raise Unfixable(f"{what} is not written as a literal (an intrinsic function?)")
        if node.style in ("|", ">") or "\n" in self.text[node.start : node.end]:
            raise Unfixable(f"{what} is written over several lines")
        template = self.language == TERRAFORM_JSON and isinstance(node.value, str)
        if template and _INTERPOLATION.search(node.value):
            raise Unfixable(f"{what} is a template, not a literal")
        return node

    # the edits

    def set_value(self, edit: SetValue) -> list[TextEdit]:
        _, _, value = self.entry(edit.span)
        node = self.scalar(value, "the value")
        if not same_value(node.value, edit.old):
            raise Unfixable(f"the value is not {edit.old!r} any more")
        return [TextEdit(node.text_start, node.end, self.render_like(node, edit.new))]

    def trim_text(self, edit: TrimText) -> list[TextEdit]:
        _, _, value = self.entry(edit.span)
        node, template = self.string_of(value)
        text: str = node.value
        cut_end = len(text) - len(edit.suffix)
        if not (text.startswith(edit.prefix) and text.endswith(edit.suffix)) or cut_end <= len(
            edit.prefix
        ):
            raise Unfixable("the text does not start and end as the finding says")
        if template:
            for match in _INTERPOLATION.finditer(text):
                if match.start() < len(edit.prefix) or match.end() > cut_end:
                    raise Unfixable("the part to remove is built by an interpolation")
        raw_start = node.text_start + (0 if node.style == "plain" else 1)
        raw_end = node.end - (0 if node.style == "plain" else 1)
        raw = self.text[raw_start:raw_end]
        new = text[len(edit.prefix) : cut_end]
        readable = node.style != "plain" or self.plain_ok(new, node)
        if raw.startswith(edit.prefix) and raw.endswith(edit.suffix) and readable:
            edits = []
            if edit.prefix:
                edits.append(TextEdit(raw_start, raw_start + len(edit.prefix), ""))
            if edit.suffix:
                edits.append(TextEdit(raw_end - len(edit.suffix), raw_end, ""))
            return edits
        return [TextEdit(node.text_start, node.end, self.render_like(node, new))]

    def string_of(self, value: SNode) -> tuple[SNode, bool]:
        """The string node of a literal or ``Fn::Sub`` value, and whether it is a template
        (whose ``${...}`` parts are interpolations)."""
        node, template = value, self.language == TERRAFORM_JSON
        if value.kind == MAP and value.tag is None and len(value.entries) == 1:
            ((key, inner),) = value.entries
            if key.value == "Fn::Sub":
                node, template = inner, True
        elif value.tag == "!Sub":
            template = True
        if node.kind != SCALAR or node.tag not in (None, "!Sub") or not isinstance(node.value, str):
            raise Unfixable("the value is not written as a string")
        if node.style in ("|", ">") or "\n" in self.text[node.start : node.end]:
            raise Unfixable("the text is written over several lines")
        return node, template

    def edit_list(self, edit: EditList) -> list[TextEdit]:
        _, _, value = self.entry(edit.span)
        quantity: SNode | None = None
        if value.kind == MAP and value.tag is None and value.get("Items") is not None:
            quantity = value.get("Quantity")
            value = value.get("Items")  # type: ignore[assignment]
        if value.kind != LIST or value.tag is not None:
            raise Unfixable("the value is not written as a list")
        items = [self.scalar(item, "an item of the list") for item in value.items]
        names = [item.value for item in items]
        if not all(isinstance(name, str) for name in names):
            raise Unfixable("the list holds more than strings")
        kept = [i for i, name in enumerate(names) if name not in edit.remove]
        added = [name for name in dict.fromkeys(edit.add) if name not in names]
        if len(kept) == len(items) and not added:
            return []
        edits = self.list_edits(value, items, kept, added)
        if quantity is not None:
            count = len(kept) + len(added)
            node = self.scalar(quantity, "Quantity")
            if not same_value(node.value, len(items)):
                raise Unfixable("Quantity does not count the items (CF002)")
            edits.append(TextEdit(node.text_start, node.end, self.render_like(node, count)))
        return edits

    def list_edits(
        self, node: SNode, items: list[SNode], kept: list[int], added: list[str]
    ) -> list[TextEdit]:
        like = items[0] if items else None
        if not node.flow:
            return self.block_list_edits(items, kept, added)
        texts = [self.text[items[i].start : items[i].end] for i in kept]
        texts += [self.render_new(name, like, flow=True) for name in added]
        if not items:
            return [TextEdit(node.start + 1, node.end - 1, ", ".join(texts))]
        region = (items[0].start, items[-1].end)
        self.no_comment(*region)
        if len(items) > 1:
            separator = self.text[items[0].end : items[1].start]
        elif self.text.count("\n", node.start, items[0].start):
            indent = self.text[line_start(self.text, items[0].start) : items[0].start]
            separator = f",{line_end(self.text, node.start)}{indent}"
        else:
            separator = ", "
        return [TextEdit(*region, separator.join(texts))]

    def block_list_edits(
        self, items: list[SNode], kept: list[int], added: list[str]
    ) -> list[TextEdit]:
        """Removed items lose their lines (with their comments); new ones get lines of their
        own after the last item, written as it is."""
        edits: list[TextEdit] = []
        for index in range(len(items)):
            if index in kept:
                continue
            item = items[index]
            start = line_start(self.text, item.start)
            if self.text[start : item.start].strip() != "-":
                raise Unfixable("a list item to remove shares its line")
            edits.append(TextEdit(start, end_of_line(self.text, item.end), ""))
        if added:
            last = items[-1]
            start = line_start(self.text, last.start)
            dash = self.text[start : last.start]
            if dash.strip() != "-":
                raise Unfixable("the list's last item shares its line")
            at = end_of_line(self.text, last.end)
            eol = line_end(self.text, last.end)
            head = "" if self.text[:at].endswith("\n") else eol
            lines = "".join(f"{dash}{self.render_new(name, last)}{eol}" for name in added)
            edits.append(TextEdit(at, at, head + lines))
        return edits

    def add_key(self, edit: AddKey) -> list[TextEdit]:
        if edit.mapping:
            found = self.tree.maps.get((edit.span.line, edit.span.column))
            if found is None or found.shared():
                raise Unfixable("no mapping (that is not shared) starts there")
            value = found
        else:
            _, _, value = self.entry(edit.span)
        if self.language not in (YAML, JSON) or not self.template():
            raise Unfixable("keys are added to CloudFormation templates only")
        if value.kind != MAP or value.tag is not None:
            raise Unfixable("the value is not written as a mapping")
        if value.get(edit.key) is not None:
            raise Unfixable(f"{edit.key} is already there")
        rendered = self.render_key(edit.key, value) + self.render_value(edit.value, value)
        eol = line_end(self.text, value.start)
        if not value.entries:
            if not value.flow:
                raise Unfixable("the mapping is empty")
            return [TextEdit(value.start + 1, value.start + 1, rendered)]
        last_key, last_value = value.entries[-1]
        if value.flow:
            self.no_comment(last_value.end, value.end - 1)
            first_key = value.entries[0][0]
            if self.text.count("\n", value.start, first_key.start):
                indent = self.text[line_start(self.text, last_key.start) : last_key.start]
                if indent.strip():
                    raise Unfixable("the mapping's last key shares its line")
                return [TextEdit(last_value.end, last_value.end, f",{eol}{indent}{rendered}")]
            return [TextEdit(last_value.end, last_value.end, f", {rendered}")]
        start = line_start(self.text, last_key.start)
        indent = " " * (last_key.start - start)
        if self.text[start : last_key.start].strip(" -"):
            raise Unfixable("the mapping's last key is not at the start of its line")
        at = last_value.end
        if not self.text[:at].endswith("\n"):  # a block scalar ends past its line break
            at = end_of_line(self.text, at)
        head = "" if self.text[:at].endswith("\n") else eol
        return [TextEdit(at, at, f"{head}{indent}{rendered}{eol}")]

    def set_reference(self, edit: SetReference) -> list[TextEdit]:
        _, _, value = self.entry(edit.span)
        if self.language == TERRAFORM_JSON:
            return self.set_traversal(value, edit)
        found = self.reference_of(value)
        if found is None or found not in edit.old:
            raise Unfixable(f"the value is not {edit.old[0]} any more")
        if edit.new.kind != "Ref":
            raise Unfixable("only a Ref is written in place of a reference")
        name = edit.new.name
        if self.language == JSON:
            return [TextEdit(value.start, value.end, f'{{"Ref": {json.dumps(name)}}}')]
        rendered = name if self.plain_ok(name, value) else json.dumps(name)
        if value.tag is not None:
            return [TextEdit(value.start, value.end, f"!Ref {rendered}")]
        if value.flow:
            return [TextEdit(value.start, value.end, f"{{Ref: {rendered}}}")]
        ((key, inner),) = value.entries
        return [TextEdit(key.start, inner.end, f"Ref: {rendered}")]

    def reference_of(self, value: SNode) -> Reference | None:
        """A ``Ref`` or ``Fn::GetAtt`` as written in any of its forms; None for anything else."""
        kind: str | None
        if value.tag is not None:
            kind, inner = _INTRINSIC_TAGS.get(value.tag), value
        elif value.kind == MAP and len(value.entries) == 1:
            ((key, inner),) = value.entries
            kind = key.value if key.value in ("Ref", "Fn::GetAtt") else None
        else:
            return None
        if kind not in ("Ref", "Fn::GetAtt"):
            return None
        if inner.kind == SCALAR and isinstance(inner.value, str):
            return Reference(kind, inner.value)
        if kind == "Fn::GetAtt" and inner.kind == LIST and len(inner.items) == 2:
            parts = [item.value for item in inner.items if item.kind == SCALAR]
            if len(parts) == 2 and all(isinstance(p, str) for p in parts):
                return Reference(kind, f"{parts[0]}.{parts[1]}")
        return None

    def set_traversal(self, value: SNode, edit: SetReference) -> list[TextEdit]:
        """``"${aws_lambda_function.edge.arn}"``: its last attribute replaced."""
        if value.kind != SCALAR or not isinstance(value.value, str) or value.tag is not None:
            raise Unfixable("the value is not a reference")
        match = _TRAVERSAL.fullmatch(value.value)
        if match is None or Reference("traversal", match.group(1)) not in edit.old:
            raise Unfixable(f"the value is not {edit.old[0]} any more")
        raw = self.text[value.start : value.end]
        at = raw.find(match.group(1))
        if at < 0:
            raise Unfixable("the reference is written with escapes")
        start = value.start + at
        return [TextEdit(start, start + len(match.group(1)), edit.new.name)]

    # writing values in the file's style

    def template(self) -> bool:
        """Whether the file is a CloudFormation template (or a Serverless file's)."""
        root = self.tree.root
        if root is None or root.kind != MAP:
            return False
        nested = root.get("resources")
        return root.get("Resources") is not None or (
            nested is not None and nested.kind == MAP and nested.get("Resources") is not None
        )

    def in_flow(self, node: SNode) -> bool:
        parent = node.parent
        while parent is not None:
            if parent.flow:
                return True
            parent = parent.parent
        return False

    def plain_ok(self, text: str, near: SNode) -> bool:
        """Whether ``text`` reads back, unquoted, as this string at ``near``."""
        flow = self.in_flow(near) or (near.kind != SCALAR and near.flow)
        pattern = _PLAIN if flow else _PLAIN_BLOCK
        if not pattern.fullmatch(text):
            return False
        from yaml.nodes import ScalarNode
        from yaml.resolver import Resolver

        tag = Resolver().resolve(ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
        return bool(tag == "tag:yaml.org,2002:str")

    def render_string(self, text: str, style: str, near: SNode) -> str:
        if self.language != YAML:
            return json.dumps(text, ensure_ascii=False)
        if style == "plain" and self.plain_ok(text, near):
            return text
        if style == "'":
            return "'" + text.replace("'", "''") + "'"
        return json.dumps(text, ensure_ascii=False)

    def render_like(self, node: SNode, new: Scalar) -> str:
        """``new`` written as ``node`` is: a string in its quoting, a number or boolean bare."""
        if isinstance(node.value, str):
            return self.render_string(_text_of(new), node.style, node)
        if isinstance(new, bool):
            return "true" if new else "false"
        if isinstance(new, int | float):
            return _text_of(new)
        return self.render_string(new, "plain" if self.language == YAML else '"', node)

    def render_new(self, text: str, like: SNode | None, flow: bool = False) -> str:
        """A new string item, quoted as the items beside it are."""
        if like is None:
            return self.render_string(text, "plain", SNode(SCALAR, 0, 0, flow=flow))
        return self.render_string(text, like.style, like)

    def render_key(self, key: str, mapping: SNode) -> str:
        if self.language == YAML:
            return f"{self.render_string(key, 'plain', mapping)}: "
        return f"{json.dumps(key)}: "

    def render_value(self, value: Scalar | tuple[Scalar, ...], mapping: SNode) -> str:
        if isinstance(value, tuple):
            inner = ", ".join(self.render_scalar(item, mapping, flow=True) for item in value)
            return f"[{inner}]"
        return self.render_scalar(value, mapping)

    def render_scalar(self, value: Scalar, near: SNode, flow: bool = False) -> str:
        if isinstance(value, str):
            node = SNode(LIST, 0, 0, flow=True) if flow else near
            return self.render_string(value, "plain", node)
        if isinstance(value, bool):
            return "true" if value else "false"
        return _text_of(value)

    def no_comment(self, start: int, end: int) -> None:
        """Refuse to rewrite a region that holds a YAML comment."""
        if self.language == YAML and re.search(r"(^|\s)#", self.text[start:end]):
            raise Unfixable("a comment is written among the items")


def _text_of(value: Scalar) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
