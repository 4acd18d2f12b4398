"""cf502lint: find CloudFront origin settings that lead to 502 Bad Gateway.

Everything a rule plugin needs is importable from here.
"""

import pluggy

from .model import (
    CacheBehavior,
    Certificate,
    CloudFrontFunction,
    Distribution,
    Document,
    Finding,
    FunctionAssociation,
    IngressRule,
    LambdaFunction,
    Listener,
    ListenerAction,
    LoadBalancer,
    Origin,
    OriginConfig,
    OriginGroup,
    OriginHeader,
    OriginTarget,
    Problem,
    SecurityGroup,
    Severity,
    SourceIssue,
    Span,
    TargetKind,
    ViewerCertificate,
    could_be,
    name_matches,
)
from .rule import Rule, rule

hookimpl = pluggy.HookimplMarker("cf502lint")

__all__ = [
    "CacheBehavior",
    "Certificate",
    "CloudFrontFunction",
    "Distribution",
    "Document",
    "Finding",
    "FunctionAssociation",
    "IngressRule",
    "LambdaFunction",
    "Listener",
    "ListenerAction",
    "LoadBalancer",
    "Origin",
    "OriginConfig",
    "OriginGroup",
    "OriginHeader",
    "OriginTarget",
    "Problem",
    "Rule",
    "SecurityGroup",
    "Severity",
    "SourceIssue",
    "Span",
    "TargetKind",
    "ViewerCertificate",
    "could_be",
    "hookimpl",
    "name_matches",
    "rule",
]
