"""The same-configuration (or same-plan) function an edge function association runs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...model import CloudFrontFunction, LambdaFunction, Span
from ..distribution_config import as_bool
from ..edge_functions import build_cloudfront_function, build_lambda_function
from ..values import Partial, Ref
from .distribution import Shape, translate

if TYPE_CHECKING:
    from .context import Resource, Resources

FUNCTION = "aws_lambda_function"
ALIAS = "aws_lambda_alias"
PROVISIONED = "aws_lambda_provisioned_concurrency_config"
CLOUDFRONT_FUNCTION = "aws_cloudfront_function"

_LAMBDA = Shape(
    {
        "runtime": "Runtime",
        "memory_size": "MemorySize",
        "timeout": "Timeout",
        "architectures": "Architectures",
        "package_type": "PackageType",
        "layers": "Layers",
    },
    {
        "environment": ("Environment", Shape({"variables": "Variables"}), True),
        "vpc_config": (
            "VpcConfig",
            Shape({"subnet_ids": "SubnetIds", "security_group_ids": "SecurityGroupIds"}),
            True,
        ),
        "dead_letter_config": ("DeadLetterConfig", Shape({"target_arn": "TargetArn"}), True),
        "tracing_config": ("TracingConfig", Shape({"mode": "Mode"}), True),
        "ephemeral_storage": ("EphemeralStorage", Shape({"size": "Size"}), True),
    },
)
"""``aws_lambda_function`` in ``AWS::Lambda::Function`` spelling."""


class TerraformFunctions:
    """Finds and reads the functions of one configuration or plan, each once."""

    def __init__(self, resources: Resources) -> None:
        self.resources = resources
        self._read: dict[str, LambdaFunction | CloudFrontFunction] = {}
        self._provisioned: dict[str, list[Resource]] | None = None
        self._by_name: dict[str, Resource] | None = None

    def function(self, value: Any, kind: str) -> LambdaFunction | CloudFrontFunction | None:
        """The function an association's ARN (``value``) names, when it is one of the
        configuration's: a reference in a configuration, an equal ARN in a plan."""
        resource = self._named(value, kind)
        if resource is None:
            return None
        if resource.address not in self._read:
            if resource.type == CLOUDFRONT_FUNCTION:
                self._read[resource.address] = self._cloudfront_function(resource)
            else:
                self._read[resource.address] = self._lambda(resource)
        return self._read[resource.address]

    def _named(self, value: Any, kind: str) -> Resource | None:
        parts = value.parts if isinstance(value, Partial) else (value,)
        for part in reversed(parts):
            if kind == "cloudfront-function":
                found = self.resources.find(part, (CLOUDFRONT_FUNCTION,), "arn")
            else:
                found = self.resources.find(
                    part, (FUNCTION, ALIAS), "qualified_arn", "arn", "version"
                )
            if found is not None and found.type == ALIAS:
                found = self._function_named(found.body.get("function_name"))
            if found is not None:
                return found
        return None

    def _function_named(self, link: Any) -> Resource | None:
        """The function a ``function_name`` argument names: by reference, or (a known name or
        ARN, as a configuration evaluates it and a plan holds it) by an equal value."""
        found = self.resources.find(link, (FUNCTION,), "function_name", "arn")
        if found is not None or not isinstance(link, str):
            return found
        if self._by_name is None:
            self._by_name = {
                name: function
                for function in self.resources.of_type(FUNCTION)
                for name in (function.body.get("function_name"), function.body.get("arn"))
                if isinstance(name, str)
            }
        return self._by_name.get(link)

    def _lambda(self, resource: Resource) -> LambdaFunction:
        provisioned, at = self._provisioned_concurrency(resource)
        return build_lambda_function(
            translate(resource.body, _LAMBDA),
            resource=resource.address,
            span=resource.span,
            provisioned=provisioned,
            provisioned_at=at,
        )

    def _provisioned_concurrency(self, function: Resource) -> tuple[bool | None, Span | None]:
        """Provisioned concurrency on the function's published version, and where it is
        configured: a configuration whose qualifier is the function's ``version``; unknown
        for another qualifier (an alias may name that version)."""
        if self._provisioned is None:
            self._provisioned = {}
            for config in self.resources.of_type(PROVISIONED):
                owner = self._function_named(config.body.get("function_name"))
                if owner is not None:
                    self._provisioned.setdefault(owner.address, []).append(config)
        answer: bool | None = False
        for config in self._provisioned.get(function.address, []):
            qualifier = config.body.get("qualifier")
            version = function.body.get("version")
            if qualifier == Ref(function.address, "version") or (
                isinstance(qualifier, str) and qualifier == version
            ):
                return True, config.span
            answer = None
        return answer, None

    def _cloudfront_function(self, resource: Resource) -> CloudFrontFunction:
        body = resource.body
        publish = body.get("publish")
        return build_cloudfront_function(
            resource=resource.address,
            span=resource.span,
            spans={"published": body.span_of("publish")} if publish is not None else {},
            published=True if publish is None else as_bool(publish),
            code=body.get("code"),
            runtime=body.get("runtime"),
        )
