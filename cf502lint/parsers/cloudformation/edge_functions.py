"""The same-template function an edge function association of a template runs."""

from __future__ import annotations

from typing import Any

from ...model import CloudFrontFunction, LambdaFunction, Span
from ...source.tree import LMap
from ..distribution_config import as_bool
from ..edge_functions import build_cloudfront_function, build_lambda_function
from ..values import Partial, Ref
from .resolver import Resolver

FUNCTIONS = ("AWS::Lambda::Function", "AWS::Serverless::Function")
VERSION = "AWS::Lambda::Version"
ALIAS = "AWS::Lambda::Alias"
CLOUDFRONT_FUNCTION = "AWS::CloudFront::Function"
_CLOUDFRONT_FUNCTION_ARNS = (None, "FunctionARN", "FunctionMetadata.FunctionARN")


class TemplateFunctions:
    """Reads the functions of one template under one scenario, each once."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.template = resolver.template
        self._read: dict[tuple[str, str], LambdaFunction | CloudFrontFunction | None] = {}

    def function(self, value: Any, kind: str) -> LambdaFunction | CloudFrontFunction | None:
        """The function an association's ARN (``value``, resolved) names, when it is one of
        the template's."""
        refs = [p for p in value.parts if isinstance(p, Ref)] if isinstance(value, Partial) else []
        for ref in [value] if isinstance(value, Ref) else reversed(refs):
            key = (ref.resource, kind)
            if key not in self._read:
                self._read[key] = self._function(ref, kind)
            if self._read[key] is not None:
                return self._read[key]
        return None

    def _function(self, ref: Ref, kind: str) -> LambdaFunction | CloudFrontFunction | None:
        kind_of = self.template.type_of(ref.resource)
        if kind == "cloudfront-function":
            if kind_of == CLOUDFRONT_FUNCTION and ref.attribute in _CLOUDFRONT_FUNCTION_ARNS:
                return self._cloudfront_function(ref.resource)
            return None
        if kind_of in FUNCTIONS:
            return self._lambda(ref.resource, provisioned=False)
        if kind_of in (VERSION, ALIAS):
            function = self._versioned(ref.resource)
            version = self.resolver.property(ref.resource)
            if function is not None and isinstance(version, LMap):
                key = "ProvisionedConcurrencyConfig"
                at = version.span_of(key) if key in version else None
                return self._lambda(function, provisioned=at is not None, provisioned_at=at)
            if function is not None:
                return self._lambda(function, provisioned=False)
        return None

    def _versioned(self, resource: str) -> str | None:
        """The function a version or alias belongs to (SAM's ``Fn.Version`` is ``Fn``'s)."""
        name = self.resolver.property(resource, "FunctionName")
        if isinstance(name, Partial) and len(name.parts) == 1:
            name = name.parts[0]
        if isinstance(name, Ref) and self.template.type_of(name.resource) in FUNCTIONS:
            return name.resource
        function, dot, _ = resource.rpartition(".")
        if dot and self.template.type_of(function) == "AWS::Serverless::Function":
            return function
        return None

    def _lambda(
        self, name: str, provisioned: bool, provisioned_at: Span | None = None
    ) -> LambdaFunction:
        serverless = self.template.type_of(name) == "AWS::Serverless::Function"
        return build_lambda_function(
            self.resolver.property(name),
            resource=name,
            span=self.template.root["Resources"].span_of(name),
            globals_=self._globals() if serverless else None,
            provisioned=provisioned,
            provisioned_at=provisioned_at,
        )

    def _globals(self) -> Any:
        """SAM's ``Globals.Function``, resolved."""
        globals_ = self.template.root.get("Globals")
        function = globals_.get("Function") if isinstance(globals_, LMap) else None
        return self.resolver.located(function, "Globals", "Function")

    def _cloudfront_function(self, name: str) -> CloudFrontFunction:
        properties = self.resolver.property(name)
        properties = properties if isinstance(properties, LMap) else LMap(self.template.root.span)
        publish = properties.get("AutoPublish")
        config = properties.get("FunctionConfig")
        runtime = config.get("Runtime") if isinstance(config, LMap) else None
        spans = {"published": properties.span_of("AutoPublish")} if publish is not None else {}
        return build_cloudfront_function(
            resource=name,
            span=self.template.root["Resources"].span_of(name),
            spans=spans,
            published=False if publish is None else as_bool(publish),
            code=properties.get("FunctionCode"),
            runtime=runtime,
        )
