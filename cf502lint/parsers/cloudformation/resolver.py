"""Static resolution of CloudFormation intrinsic functions.

What can be known before deployment is resolved to plain values; same-template resources
become ``Ref`` values; everything else is ``Unknown``. Located containers keep their spans.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ...source.quote import MAX_TOKEN, shortened
from ...source.tree import LList, LMap
from ..distribution_config import as_int
from ..values import Partial, Ref, Unknown, concat, split
from .budget import MAX_NESTING, Budget, TooMuch

NO_VALUE = object()
"""``Ref: AWS::NoValue``: the property is removed."""

_SUB = re.compile(r"\$\{([^}]*)\}")
_LABEL = "label"
_PSEUDO: dict[str, Any] = {
    "AWS::URLSuffix": "amazonaws.com",
    "AWS::Region": Unknown("AWS::Region", _LABEL),
    "AWS::AccountId": Unknown("AWS::AccountId", _LABEL),
    "AWS::Partition": Unknown("AWS::Partition", _LABEL),
    "AWS::StackName": Unknown("AWS::StackName", _LABEL),
}
_LIST_TYPES = ("CommaDelimitedList", "List<")


class Template:
    """The parts of a template that resolution needs."""

    def __init__(self, root: LMap, overrides: Mapping[str, str], serverless: bool = False) -> None:
        self.root = root
        self.overrides = dict(overrides)
        self.serverless = serverless
        """A Serverless Framework file: ``${...}`` in any string is the framework's variable."""
        resources = root.get("Resources")
        self.resources: dict[str, LMap] = {
            name: body
            for name, body in (resources.items() if isinstance(resources, LMap) else ())
            if isinstance(body, LMap) and isinstance(body.get("Type"), str)
        }
        self.resources.update(_sam_implicit_resources(self.resources, root))
        self.parameters = _mapping(root.get("Parameters"), root)
        self.mappings = _mapping(root.get("Mappings"), root)
        self.conditions = _mapping(root.get("Conditions"), root)

    def type_of(self, name: str) -> str | None:
        body = self.resources.get(name)
        return None if body is None else str(body["Type"])

    def of_type(self, *types: str) -> list[str]:
        return [name for name, body in self.resources.items() if body["Type"] in types]


_FRAMEWORK_VARIABLE = re.compile(r"\$\{(?:[^{}]|\{[^{}]*\})*\}")


def _framework_variables(text: str) -> Any:
    """A Serverless Framework string: its ``${self:...}``-style variables are unknown."""
    parts: list[Any] = []
    position = 0
    for match in _FRAMEWORK_VARIABLE.finditer(text):
        parts += [text[position : match.start()], Unknown("Serverless Framework variable")]
        position = match.end()
    return concat([*parts, text[position:]])


_DYNAMIC_REFERENCE = re.compile(r"\{\{resolve:([A-Za-z0-9-]+):[^{}]*\}\}")


def _dynamic_references(text: str) -> Any:
    """A string with ``{{resolve:ssm:...}}``-style references, which CloudFormation fills in
    at deploy time from SSM or Secrets Manager: those parts are unknown."""
    if "{{resolve:" not in text:
        return text
    parts: list[Any] = []
    position = 0
    for match in _DYNAMIC_REFERENCE.finditer(text):
        reason = f"a {{{{resolve:{match.group(1)}:...}}}} dynamic reference"
        parts += [text[position : match.start()], Unknown(reason)]
        position = match.end()
    return concat([*parts, text[position:]])


def _sam_implicit_resources(resources: dict[str, LMap], root: LMap) -> dict[str, LMap]:
    """Resources SAM generates that templates refer to: ``<Function>Url``, the implicit APIs."""
    generated: dict[str, LMap] = {}

    def add(name: str, kind: str) -> None:
        if name not in resources and name not in generated:
            body = LMap(root.span)
            body["Type"] = kind
            generated[name] = body

    for name, body in resources.items():
        if body["Type"] != "AWS::Serverless::Function":
            continue
        properties = body.get("Properties")
        if not isinstance(properties, LMap):
            continue
        if "FunctionUrlConfig" in properties:
            add(f"{name}Url", "AWS::Lambda::Url")
        if "AutoPublishAlias" in properties:
            add(f"{name}.Version", "AWS::Lambda::Version")
            add(f"{name}.Alias", "AWS::Lambda::Alias")
        events = properties.get("Events")
        for event in events.values() if isinstance(events, LMap) else ():
            kind = event.get("Type") if isinstance(event, LMap) else None
            if kind == "Api":
                add("ServerlessRestApi", "AWS::Serverless::Api")
            elif kind == "HttpApi":
                add("ServerlessHttpApi", "AWS::Serverless::HttpApi")
    return generated


def _mapping(value: Any, root: LMap) -> LMap:
    return value if isinstance(value, LMap) else LMap(root.span)


_DISAGREE = object()
"""A mapping lookup whose rows disagree (or lack the key)."""


class Resolver:
    """Resolves values under one assignment of condition values (a scenario), within the
    template's ``budget``."""

    def __init__(
        self,
        template: Template,
        scenario: Mapping[str, bool],
        budget: Budget,
        departed: frozenset[str] = frozenset(),
    ) -> None:
        self.template = template
        self.scenario = scenario
        self.budget = budget
        self.departed = departed
        """Parameters whose defaults the scenario's conditions exclude: they are unknown."""
        self._resolved: dict[int, tuple[Any, Any]] = {}
        """id(container) -> (container, resolved): a YAML alias is resolved once, not per use."""
        self._parameters: dict[str, Any] = {}
        """Parameter name -> its value: a list parameter is split once, not at each Ref."""
        self._lookups: dict[tuple[str, str | None, str], tuple[Any, bool]] = {}
        """(map, first key or None when unknown, second key) -> (the value its rows agree on
        or _DISAGREE, whether the one row looked at lacks it)."""
        self._path: list[str | int] = []
        """Where the value under way is, for notices: keys and list positions."""
        self._depth = 0
        """Values under way, one inside another."""

    def located(self, value: Any, *where: str) -> Any:
        """``value`` resolved, a removed value read as absent (None); a notice names what
        lies under ``where`` (``Site``, ``Properties``, ``DistributionConfig``)."""
        outer, self._path = self._path, list(where)
        try:
            return self.value(value)
        finally:
            self._path = outer

    def where(self) -> str:
        parts = [
            f"[{p}]" if isinstance(p, int) else f".{shortened(p, MAX_TOKEN)}" for p in self._path
        ]
        if len(parts) > 12:
            parts = [*parts[:6], ".…", *parts[-5:]]
        return "".join(parts).removeprefix(".")

    def resolve(self, value: Any) -> Any:
        """Resolve every intrinsic in ``value``; ``NO_VALUE`` when it is removed altogether."""
        if isinstance(value, str) and self.template.serverless and "${" in value:
            return _framework_variables(value)
        if isinstance(value, str):
            return _dynamic_references(value)
        if not isinstance(value, LMap | LList):
            return value
        known = self._resolved.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        # while it resolves, a value that reaches itself again (a mapping entry naming its own
        # entry with Fn::FindInMap, say) is unknown instead of an endless recursion
        self._resolved[id(value)] = (value, Unknown("a value that refers to itself"))
        self._depth += 1
        try:
            if self._depth > MAX_NESTING:
                raise TooMuch(f"values nested more than {MAX_NESTING} deep")
            self.budget.step(1 + len(value))
            resolved = self._resolve(value)
        except TooMuch as error:
            resolved = Unknown(str(error))
            self.budget.ran_out(error, value.span, self.where())
        finally:
            self._depth -= 1
        self._resolved[id(value)] = (value, resolved)  # holding value keeps its id unique
        return resolved

    def _resolve(self, value: LMap | LList) -> Any:
        if isinstance(value, LMap):
            if len(value) == 1:
                ((key, arg),) = value.items()
                if key == "Ref" or key.startswith(("Fn::", "!")):
                    return self.intrinsic(key, arg)
            result = LMap(value.span)
            for key, item in value.items():
                self._path.append(key)
                resolved = self.resolve(item)
                self._path.pop()
                if resolved is not NO_VALUE:
                    result[key] = resolved
                    result.key_spans[key] = value.span_of(key)
            return result
        out = LList(value.span)
        for index, item in enumerate(value):
            self._path.append(index)
            resolved = self.resolve(item)
            self._path.pop()
            if resolved is not NO_VALUE:
                out.append(resolved)
                out.item_spans.append(value.span_of(index))
        return out

    def value(self, value: Any) -> Any:
        """Like ``resolve``, but a removed value reads as absent (None)."""
        resolved = self.resolve(value)
        return None if resolved is NO_VALUE else resolved

    def intrinsic(self, name: str, arg: Any) -> Any:
        match name:
            case "Ref":
                return self.ref(arg)
            case "Fn::GetAtt":
                return self.get_att(arg)
            case "Fn::Sub":
                return self.sub(arg)
            case "Fn::Join":
                return self.join(arg)
            case "Fn::Select":
                return self.select(arg)
            case "Fn::Split":
                if isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str):
                    source = self.value(arg[1])
                    self.budget.build(_size(source) + _pieces(source, arg[0]), "Fn::Split")
                    pieces = split(source, arg[0], self.expand)
                    return pieces if isinstance(pieces, Unknown) else _located(pieces, arg)
                return Unknown("Fn::Split")
            case "Fn::FindInMap":
                return self.find_in_map(arg)
            case "Fn::If":
                return self.branch(arg)
            case _:
                return Unknown(name)

    def ref(self, name: Any) -> Any:
        if not isinstance(name, str):
            return Unknown("Ref")
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in self._parameters:
            return self._parameters[name]
        if name in self.template.overrides:
            return self.parameter_value(name, self.template.overrides[name])
        if name in self.departed:
            return Unknown(f"parameter {name}: the conditions here exclude its default")
        parameter = self.template.parameters.get(name)
        if isinstance(parameter, LMap):
            kind = str(parameter.get("Type", "String"))
            default = parameter.get("Default")
            if kind.startswith("AWS::SSM::Parameter::Value"):
                return Unknown(f"parameter {name} is read from SSM at deploy time")
            if default is None:
                return Unknown(f"parameter {name} has no default")
            return self.parameter_value(name, default)
        if name in _PSEUDO:
            return _PSEUDO[name]
        if name in self.template.resources:
            return Ref(name)
        return Unknown(f"Ref {name}")

    def parameter_value(self, name: str, raw: Any) -> Any:
        parameter = self.template.parameters.get(name)
        kind = str(parameter.get("Type", "String")) if isinstance(parameter, LMap) else "String"
        value: Any = raw if isinstance(raw, str | int | float | bool) else Unknown(name)
        if isinstance(value, str):
            value = _dynamic_references(value)
        if kind.startswith(_LIST_TYPES):
            value = raw if isinstance(raw, list) else [p.strip() for p in str(raw).split(",")]
        self._parameters[name] = value
        return value

    def get_att(self, arg: Any) -> Any:
        if isinstance(arg, str):
            arg = arg.split(".", 1)
        if not isinstance(arg, list) or len(arg) != 2:
            return Unknown("Fn::GetAtt")
        resource, attribute = arg[0], self.value(arg[1])
        if not isinstance(resource, str) or not isinstance(attribute, str):
            return Unknown("Fn::GetAtt")
        if resource in self.template.resources:
            return Ref(resource, attribute)
        return Unknown(f"Fn::GetAtt {resource}")

    def sub(self, arg: Any) -> Any:
        variables: Any = {}
        if isinstance(arg, list) and len(arg) in (1, 2):
            template = arg[0]
            if len(arg) == 2:
                variables = self.value(arg[1])
        else:
            template = arg
        if not isinstance(template, str):
            return Unknown("Fn::Sub")
        parts: list[Any] = []
        position = 0
        for match in _SUB.finditer(template):
            parts.append(_dynamic_references(template[position : match.start()]))
            position = match.end()
            name = match.group(1).strip()
            if name.startswith("!"):
                parts.append("${" + name[1:] + "}")
            elif isinstance(variables, dict) and name in variables:
                parts.append(variables[name])
            elif "." in name and "::" not in name:
                parts.append(self.get_att(name))
            else:
                parts.append(self.ref(name))
        parts.append(_dynamic_references(template[position:]))
        parts = [Unknown("AWS::NoValue") if p is NO_VALUE else p for p in parts]
        self.budget.build(sum(map(_size, parts)), "Fn::Sub")
        return concat(parts)

    def join(self, arg: Any) -> Any:
        if not (isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str)):
            return Unknown("Fn::Join")
        items = self.value(arg[1])
        if not isinstance(items, list):
            return Unknown("Fn::Join")
        self.budget.step(len(items))
        parts: list[Any] = []
        for index, item in enumerate(items):
            if index:
                parts.append(arg[0])
            parts.append(item if not isinstance(item, dict | list) else Unknown("Fn::Join"))
        self.budget.build(sum(map(_size, parts)), "Fn::Join")
        return concat(parts)

    def select(self, arg: Any) -> Any:
        if not (isinstance(arg, list) and len(arg) == 2):
            return Unknown("Fn::Select")
        index, items = as_int(self.value(arg[0])), self.value(arg[1])
        if index is not None and isinstance(items, list) and 0 <= index < len(items):
            return items[index]
        return Unknown("Fn::Select")

    def find_in_map(self, arg: Any) -> Any:
        if not (isinstance(arg, list) and len(arg) in (3, 4)):
            return Unknown("Fn::FindInMap")
        name, first, second = (self.value(a) for a in arg[:3])
        if not (isinstance(name, str) and isinstance(second, str)):
            return Unknown("Fn::FindInMap")
        table = self.template.mappings.get(name)
        if not isinstance(table, LMap):
            return Unknown("Fn::FindInMap")
        agreed, missing = self.look_up(
            table, name, first if isinstance(first, str) else None, second
        )
        if agreed is not _DISAGREE:
            return self.resolve(agreed)
        default = arg[3] if len(arg) == 4 else None
        if missing and isinstance(default, LMap) and "DefaultValue" in default:
            return self.resolve(default["DefaultValue"])
        return Unknown("Fn::FindInMap")

    def look_up(self, table: LMap, name: str, first: str | None, second: str) -> tuple[Any, bool]:
        """What the rows of ``table`` (``first``'s, or all when it is unknown) hold at
        ``second``; looked up once per keys, however many times the template asks."""
        key = (name, first, second)
        if key not in self._lookups:
            rows = [table.get(first)] if first is not None else list(table.values())
            self.budget.step(len(rows))
            found = [row.get(second) if isinstance(row, LMap) else None for row in rows]
            same = bool(found) and all(
                f is not None and (f is found[0] or f == found[0]) for f in found
            )
            self._lookups[key] = (found[0] if same else _DISAGREE, found == [None])
        return self._lookups[key]

    def branch(self, arg: Any) -> Any:
        if not (isinstance(arg, list) and len(arg) == 3 and isinstance(arg[0], str)):
            return Unknown("Fn::If")
        chosen = self.scenario.get(arg[0])
        if chosen is None:
            return Unknown(f"condition {arg[0]}")
        return self.resolve(arg[1] if chosen else arg[2])

    def property(self, resource: str, *path: str) -> Any:
        """A resolved property of a same-template resource; None when absent."""
        body = self.template.resources.get(resource)
        value: Any = None if body is None else body.get("Properties")
        value = self.located(value, resource, "Properties")
        for key in path:
            if not isinstance(value, dict):
                return None
            value = value.get(key)
        return value

    def expand(self, ref: Ref) -> Any:
        """What is known of the string a resource attribute (or Ref) returns."""
        kind = self.template.type_of(ref.resource)
        label = Unknown(ref.resource, _LABEL)
        region = Unknown("AWS::Region", _LABEL)
        match kind, ref.attribute:
            case (
                "AWS::ElasticLoadBalancingV2::LoadBalancer"
                | "AWS::ElasticLoadBalancing::LoadBalancer",
                "DNSName",
            ):
                return Partial((label, ".", region, ".elb.amazonaws.com"))
            case "AWS::S3::Bucket", _:
                bucket = self.property(ref.resource, "BucketName")
                name = bucket if isinstance(bucket, str) else Unknown(ref.resource, "host")
                return _bucket_attribute(name, ref.attribute, region)
            case "AWS::ApiGatewayV2::Api" | "AWS::Serverless::HttpApi", "ApiEndpoint":
                return Partial(("https://", label, ".execute-api.", region, ".amazonaws.com"))
            case "AWS::Lambda::Url", "FunctionUrl":
                return Partial(("https://", label, ".lambda-url.", region, ".on.aws/"))
            case "AWS::CloudFront::Distribution", "DomainName":
                return Partial((label, ".cloudfront.net"))
            case "AWS::ApiGateway::DomainName", "DistributionDomainName":
                return Partial((label, ".cloudfront.net"))
            case "AWS::ApiGateway::DomainName", "RegionalDomainName":
                return Partial(("d-", label, ".execute-api.", region, ".amazonaws.com"))
            case "AWS::EC2::Instance", "PrivateDnsName":
                return Partial(("ip-", label, ".", Unknown("AWS::Region", "host"), ".internal"))
            case "AWS::Route53::RecordSet", None:
                name = self.property(ref.resource, "Name")
                return name if isinstance(name, str | Partial) else Unknown(ref.resource, "host")
            case (
                "AWS::ApiGateway::RestApi"
                | "AWS::Serverless::Api"
                | "AWS::ApiGatewayV2::Api"
                | "AWS::Serverless::HttpApi",
                None,
            ):
                return label
        return Unknown(f"{ref.resource}.{ref.attribute}" if ref.attribute else ref.resource)


def _bucket_attribute(name: Any, attribute: str | None, region: Unknown) -> Any:
    match attribute:
        case None:
            return name
        case "DomainName":
            return concat([name, ".s3.amazonaws.com"])
        case "RegionalDomainName":
            return concat([name, ".s3.", region, ".amazonaws.com"])
        case "DualStackDomainName":
            return concat([name, ".s3.dualstack.", region, ".amazonaws.com"])
        case "WebsiteURL":
            return concat(
                ["http://", name, ".s3-website", Unknown("region", "host"), ".amazonaws.com"]
            )
    return Unknown(f"bucket {attribute}")


def _size(value: Any) -> int:
    """Characters plus elements of a resolved piece of a string."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, Partial):
        return sum(len(part) if isinstance(part, str) else 1 for part in value.parts)
    return 1


def _pieces(value: Any, delimiter: str) -> int:
    """How many pieces splitting ``value`` at ``delimiter`` may make, at most."""
    parts = value.parts if isinstance(value, Partial) else (value,)
    return 1 + sum(p.count(delimiter) if isinstance(p, str) and delimiter else 1 for p in parts)


def _located(values: list[Any], origin: Any) -> LList:
    span = getattr(origin, "span", None)
    located = LList(span)  # type: ignore[arg-type]
    located.extend(values)
    located.item_spans.extend([span] * len(values))  # type: ignore[list-item]
    return located
