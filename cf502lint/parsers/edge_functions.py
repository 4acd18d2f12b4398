"""Building the model of a same-template edge function from its resolved properties.

CloudFormation (``AWS::Lambda::Function``, SAM's ``AWS::Serverless::Function``) and
Terraform (``aws_lambda_function``, renamed into CloudFormation spelling first) share
``build_lambda_function``; ``AWS::CloudFront::Function`` and ``aws_cloudfront_function``
share ``build_cloudfront_function``.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import ORIGIN_HELPERS, CloudFrontFunction, LambdaFunction, Span
from ..source.tree import LList, LMap
from .distribution_config import Spans, as_int, as_str, is_unknown
from .values import Partial

_HELPER = re.compile(r"\b(" + "|".join(ORIGIN_HELPERS) + r")\b")
"""A helper's name anywhere in the code (also ``cf["updateRequestOrigin"]``): a mention
that is not a call only makes an error a warning."""


def build_lambda_function(
    properties: Any,
    *,
    resource: str,
    span: Span,
    globals_: Any = None,
    provisioned: bool | None = False,
    provisioned_at: Span | None = None,
) -> LambdaFunction:
    """``globals_``: SAM's ``Globals.Function``, which a function's own property overrides.
    ``provisioned``: whether the version the association names has provisioned concurrency,
    configured at ``provisioned_at`` (on the version, or a resource of its own)."""
    spans = Spans()
    if provisioned_at is not None:
        spans.spans["provisioned_concurrency"] = provisioned_at

    def take(field: str, *keys: str) -> Any:
        found = spans.take(field, properties, *keys)
        return spans.take(field, globals_, *keys) if found is None else found

    runtime = take("runtime", "Runtime")
    memory = take("memory_size", "MemorySize")
    timeout = take("timeout", "Timeout")
    architectures = take("architecture", "Architectures")
    package = take("package_type", "PackageType")
    environment = take("environment", "Environment")
    vpc = take("vpc", "VpcConfig")
    layers = take("layers", "Layers")
    dead_letter = take("dead_letter_queue", "DeadLetterConfig", "DeadLetterQueue")
    tracing = take("tracing", "TracingConfig", "Tracing")
    storage = take("ephemeral_storage", "EphemeralStorage")
    runtime_management = take("runtime_updates", "RuntimeManagementConfig")
    sam_provisioned = take("provisioned_concurrency", "ProvisionedConcurrencyConfig")
    return LambdaFunction(
        span=span,
        spans=spans.spans,
        resource=resource,
        runtime=as_str(runtime),
        memory_size=128 if memory is None else as_int(memory),
        timeout=3 if timeout is None else as_int(timeout),
        architecture=_architecture(architectures),
        package_type="Zip" if package is None else as_str(package),
        environment=_nonempty(_field(environment, "Variables")),
        vpc=_either(
            _nonempty(_field(vpc, "SubnetIds")), _nonempty(_field(vpc, "SecurityGroupIds"))
        ),
        layers=_nonempty(layers),
        dead_letter_queue=_given(_field(dead_letter, "TargetArn")),
        tracing=_tracing(tracing),
        provisioned_concurrency=_either(provisioned, _given(sam_provisioned)),
        ephemeral_storage=512 if storage is None else as_int(_field(storage, "Size")),
        runtime_updates="Auto"
        if runtime_management is None
        else as_str(_field(runtime_management, "UpdateRuntimeOn")),
    )


def _field(block: Any, key: str) -> Any:
    """``block[key]``: None when the block is absent, the block itself when it is unknown."""
    if block is None or is_unknown(block):
        return block
    return block.get(key) if isinstance(block, dict) else None


def _given(value: Any) -> bool | None:
    if value is None:
        return False
    return None if is_unknown(value) else True


def _nonempty(value: Any) -> bool | None:
    """Whether a list or mapping holds anything; None when it is unknown."""
    if value is None:
        return False
    if isinstance(value, list | dict):
        return bool(value)
    return None if is_unknown(value) or value != "" else False


def _either(*answers: bool | None) -> bool | None:
    if True in answers:
        return True
    return None if None in answers else False


def _architecture(value: Any) -> str | None:
    if value is None:
        return "x86_64"
    if isinstance(value, LList | list) and len(value) == 1:
        return as_str(value[0])
    return None


def _tracing(value: Any) -> str | None:
    """``TracingConfig: {Mode}`` (Lambda, Terraform) or ``Tracing: Active`` (SAM)."""
    if value is None:
        return "PassThrough"
    if isinstance(value, LMap):
        mode = value.get("Mode")
        return "PassThrough" if mode is None else as_str(mode)
    return as_str(value)


def build_cloudfront_function(
    *,
    resource: str,
    span: Span,
    spans: dict[str, Span],
    published: bool | None,
    code: Any,
    runtime: Any,
) -> CloudFrontFunction:
    return CloudFrontFunction(
        span=span,
        spans=spans,
        resource=resource,
        published=published,
        origin_helpers=origin_helpers(code, runtime),
    )


def origin_helpers(code: Any, runtime: Any) -> tuple[str, ...] | None:
    """The ``ORIGIN_HELPERS`` that function code calls; None when unknown code may call one.

    The helpers come from the ``cloudfront`` module of the ``cloudfront-js-2.0`` runtime, so
    a ``cloudfront-js-1.0`` function calls none whatever its code."""
    if runtime == "cloudfront-js-1.0":
        return ()
    texts = [code] if isinstance(code, str) else []
    if isinstance(code, Partial):
        texts = [part for part in code.parts if isinstance(part, str)]
    called = tuple(dict.fromkeys(m.group(1) for text in texts for m in _HELPER.finditer(text)))
    if called or isinstance(code, str):
        return called
    return None
