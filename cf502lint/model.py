"""The common model every parser produces and every rule reads.

Conventions the parsers guarantee, so that rules stay small:

* A field that is absent from the source holds AWS's documented default.
* A field whose value cannot be resolved statically (a parameter without a default,
  ``Fn::ImportValue``, a Terraform variable without a value) is ``None``: unknown.
  Rules treat ``None`` as "cannot tell" and report nothing.
* ``span`` points at the key that introduces an object; ``spans[field]`` at a field's key.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .fix import Fix, Reference, Written


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A place in a source file; lines and columns are 1-based."""

    path: str
    line: int
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Node:
    span: Span
    spans: Mapping[str, Span] = field(default_factory=dict, compare=False, repr=False)

    def span_of(self, *names: str) -> Span:
        """The span of the first of ``names`` that the source spelled out, else the node's."""
        for name in names:
            if name in self.spans:
                return self.spans[name]
        return self.span


class OriginConfig(StrEnum):
    """Which configuration block an origin carries."""

    S3 = "s3"
    CUSTOM = "custom"
    VPC = "vpc"
    NONE = "none"
    UNKNOWN = "unknown"


class TargetKind(StrEnum):
    """What an origin's domain name points at."""

    S3_BUCKET = "s3-bucket"
    S3_WEBSITE = "s3-website"
    LOAD_BALANCER = "load-balancer"
    API_GATEWAY = "api-gateway"
    LAMBDA_URL = "lambda-url"
    CLOUDFRONT = "cloudfront"
    ELASTIC_BEANSTALK = "elastic-beanstalk"
    EC2_INSTANCE = "ec2-instance"
    OTHER = "other"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True, kw_only=True)
class Certificate(Node):
    """An ACM certificate: the names it covers (DomainName and SubjectAlternativeNames)."""

    resource: str | None
    names: tuple[str, ...]
    complete: bool
    """False when some of the certificate's names could not be resolved."""

    def covers(self, hostname: str) -> bool | None:
        """Whether a name on the certificate matches ``hostname``; None when it cannot tell."""
        if any(name_matches(name, hostname) for name in self.names):
            return True
        return False if self.complete else None


def name_matches(pattern: str, hostname: str) -> bool:
    """TLS name matching: case-insensitive, a leading ``*`` covers exactly one label."""
    pattern = pattern.lower().rstrip(".")
    hostname = hostname.lower().rstrip(".")
    if pattern.startswith("*."):
        head, _, rest = hostname.partition(".")
        return bool(head) and rest == pattern[2:]
    return pattern == hostname


def could_be(pattern: str, text: str) -> bool:
    """Whether ``text`` can be a value of ``pattern``, in which each ``*`` stands for a part
    not known before deployment. Linear: the pieces between stars are found in order."""
    if "*" not in pattern:
        return pattern == text
    first, *middle, last = pattern.split("*")
    if len(text) < len(first) + len(last):
        return False
    if not (text.startswith(first) and text.endswith(last)):
        return False
    position, end = len(first), len(text) - len(last)
    for piece in middle:
        found = text.find(piece, position, end)
        if found < 0:
            return False
        position = found + len(piece)
    return True


@dataclass(frozen=True, slots=True, kw_only=True)
class ListenerAction:
    """What a listener does with a request: its default action, or one of its rules'."""

    type: str | None
    """The action that answers: ``forward``, ``redirect`` or ``fixed-response`` (an
    ``authenticate-*`` action only comes before one of them); None when unknown."""
    redirect_protocol: str | None = None
    """A redirect's protocol, upper-case: ``HTTPS``, ``HTTP`` or ``#{PROTOCOL}`` (the
    request's, the default); None when not a redirect or unknown."""
    redirect_host: str | None = None
    """A redirect's host: ``#{host}`` (the request's Host header, the default) or a name;
    None when not a redirect or unknown."""
    redirect_port: str | None = None
    """A redirect's port: a number, or ``#{port}`` (the request's, the default); None when
    not a redirect or unknown."""

    @property
    def to_https(self) -> bool | None:
        """Whether this is a redirect to HTTPS; None when unknown."""
        if self.type is None:
            return None
        if self.type != "redirect":
            return False
        return None if self.redirect_protocol is None else self.redirect_protocol == "HTTPS"


@dataclass(frozen=True, slots=True, kw_only=True)
class Listener(Node):
    resource: str | None
    port: int | None
    protocol: str | None
    """Upper-case: HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP, SSL."""
    certificates: tuple[Certificate, ...] | None
    """None when a certificate on the listener is not a same-template resource."""
    ssl_policy: str | None = None
    actions: tuple[ListenerAction, ...] | None = ()
    """The default action, then the action of each same-template listener rule; None when
    one is unknown. Empty when the source says nothing (a Classic Load Balancer's)."""
    rules_complete: bool = False
    """True when ``actions`` holds every rule the listener can have: nothing outside the
    template or module can add one (its ARN is not exported, output or passed on, and no
    rule there has an unknown listener)."""

    @property
    def speaks_tls(self) -> bool | None:
        if self.protocol is None:
            return None
        return self.protocol in {"HTTPS", "TLS", "SSL"}

    @property
    def redirects_to_https(self) -> bool | None:
        """Whether the default action redirects to HTTPS; None when unknown."""
        if self.actions is None:
            return None
        return self.actions[0].to_https if self.actions else False


@dataclass(frozen=True, slots=True, kw_only=True)
class IngressRule(Node):
    """One source an inbound security group rule admits (a rule with several CIDRs is
    several of these)."""

    protocol: str | None
    """``tcp``, ``udp``, ``icmp``, ``icmpv6`` or ``-1`` (every protocol); None when unknown."""
    from_port: int | None
    to_port: int | None
    """The port range; both -1 (or absent) with protocol ``-1``: every port."""
    source_kind: str | None
    """``cidr``, ``prefix-list``, ``cloudfront-prefix-list`` (the managed list
    ``com.amazonaws.global.cloudfront.origin-facing``, known by name) or
    ``security-group``; None when unknown."""
    source: str | None
    """The CIDR, the prefix list id, or the security group; None when unknown."""

    def covers_tcp_port(self, port: int) -> bool | None:
        """Whether the rule is about TCP connections to ``port``; None when unknown."""
        if self.protocol is None:
            return None
        if self.protocol == "-1":
            return True
        if self.protocol != "tcp":
            return False
        if self.from_port is None or self.to_port is None:
            return None
        return self.from_port <= port <= self.to_port


@dataclass(frozen=True, slots=True, kw_only=True)
class SecurityGroup(Node):
    resource: str
    ingress: tuple[IngressRule, ...] | None
    """Every inbound rule: inline and separate same-template rule resources; None when one
    is unknown or rules may be added outside the template or module (its id is exported,
    output or passed on; a rule resource's group is unknown)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadBalancer(Node):
    resource: str
    type: str | None
    """application, network, gateway or classic."""
    internal: bool | None
    idle_timeout: int | None
    listeners: tuple[Listener, ...] = ()
    ip_address_type: str | None = "ipv4"
    """``ipv4``, or ``dualstack`` (and ``dualstack-without-public-ipv4``): IPv6 addresses too."""
    listeners_complete: bool = False
    """True when ``listeners`` holds every listener the balancer can have: nothing outside
    the template or module can add one (the balancer's ARN is not exported, output or passed
    on; no listener there has an unknown balancer)."""
    security_groups: tuple[SecurityGroup, ...] | None = None
    """The balancer's security groups; None when one is not a same-template group or the
    list is unknown or absent (an ALB without any gets its VPC's default group)."""

    def listeners_on(self, port: int) -> tuple[Listener, ...]:
        return tuple(listener for listener in self.listeners if listener.port == port)


@dataclass(frozen=True, slots=True, kw_only=True)
class OriginTarget:
    """What an origin points at, resolved through same-template resources and records."""

    kind: TargetKind
    service_hostname: bool = False
    """The domain is the service's own hostname (e.g. ``*.elb.amazonaws.com``), not a custom one."""
    resource: str | None = None
    load_balancer: LoadBalancer | None = None
    edge_optimized: bool | None = False
    """An API Gateway REST API with an edge-optimised endpoint: a CloudFront distribution
    of its own stands in front of it."""
    private_zone: bool | None = False
    """The origin's name is a record of a private hosted zone in the same template or
    configuration, and of no public zone there."""

    def behind_custom_name(self) -> OriginTarget:
        """The same target reached through a DNS record of one's own (a certificate can match)."""
        return OriginTarget(
            kind=self.kind,
            resource=self.resource,
            load_balancer=self.load_balancer,
            edge_optimized=self.edge_optimized,
        )


UNKNOWN_TARGET = OriginTarget(kind=TargetKind.UNKNOWN)


@dataclass(frozen=True, slots=True, kw_only=True)
class OriginHeader(Node):
    """A custom header CloudFront adds to every request to an origin."""

    name: str | None
    value: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Origin(Node):
    id: str | None
    domain_name: str | None
    """The exact domain name, when every part of it is known."""
    domain_pattern: str | None
    """The domain name with unknown parts written as ``*``; None when nothing is known."""
    config: OriginConfig
    target: OriginTarget = UNKNOWN_TARGET
    access_control: bool | None = False
    """An origin access control or identity is attached."""
    protocol_policy: str | None = None
    http_port: int | None = None
    https_port: int | None = None
    ssl_protocols: tuple[str, ...] | None = None
    read_timeout: int | None = None
    keepalive_timeout: int | None = None
    connection_attempts: int | None = None
    connection_timeout: int | None = None
    configs: tuple[OriginConfig, ...] = ()
    """Every configuration block the origin certainly carries (``config`` is the one that
    applies); an origin with both S3OriginConfig and CustomOriginConfig is rejected."""
    origin_path: str | None = ""
    custom_headers: tuple[OriginHeader, ...] | None = ()
    """None when the list is unknown."""
    response_completion_timeout: int | None = 0
    """0 when there is no cap (the default)."""
    ip_address_type: str | None = "ipv4"
    """How CloudFront reaches a custom origin: ``ipv4``, ``ipv6`` or ``dualstack``."""
    mtls_certificate_arn: str | None = None
    """The client certificate CloudFront presents to the origin (origin mTLS), when set."""
    unresolved: str | None = None
    """Why nothing is known of what the origin is (neither its name nor its target), when
    that is so: the rules that need it could not check it."""
    id_pattern: str | None = None
    """The id with its unknown parts written as ``*``, when only part of it is known
    (``"*-origin"``); see ``could_be``."""
    vpc_origin: str | None = None
    """The same-template VPC origin (CFN logical id or Terraform address) that a
    VpcOriginConfig names; its endpoint gives the protocol policy, ports, TLS protocols,
    address type and target, with the VPC origin's defaults, and ``spans`` point into it."""

    @property
    def label(self) -> str:
        return f"origin {self.id!r}" if self.id else f"the origin on line {self.span.line}"


@dataclass(frozen=True, slots=True, kw_only=True)
class OriginGroup(Node):
    id: str | None
    member_ids: tuple[str | None, ...] | None
    """None when the member list itself is unknown."""
    status_codes: tuple[int | None, ...] | None
    member_spans: tuple[Span, ...] = ()
    """Where each member is written, in the order of ``member_ids`` (when known)."""
    id_pattern: str | None = None
    """The id with its unknown parts written as ``*``, when only part of it is known."""

    @property
    def label(self) -> str:
        if self.id:
            return f"origin group {self.id!r}"
        return f"the origin group on line {self.span.line}"


@dataclass(frozen=True, slots=True, kw_only=True)
class LambdaFunction(Node):
    """A same-template Lambda function that a Lambda@Edge association runs: the settings
    Lambda@Edge restricts (None: unknown). ``spans`` point at the properties that set them."""

    resource: str
    """The function (CFN logical id or Terraform address)."""
    runtime: str | None = None
    """``nodejs20.x``, ``python3.12``, ...; None when unknown or absent (a container image)."""
    memory_size: int | None = 128
    """MB."""
    timeout: int | None = 3
    """Seconds."""
    architecture: str | None = "x86_64"
    package_type: str | None = "Zip"
    environment: bool | None = False
    """Environment variables are set."""
    vpc: bool | None = False
    """The function is attached to a VPC (subnets or security groups)."""
    layers: bool | None = False
    dead_letter_queue: bool | None = False
    tracing: str | None = "PassThrough"
    """X-Ray tracing: ``PassThrough`` or ``Active``."""
    provisioned_concurrency: bool | None = False
    ephemeral_storage: int | None = 512
    """MB of ``/tmp``."""
    runtime_updates: str | None = "Auto"
    """When Lambda updates the runtime (``UpdateRuntimeOn``): ``Auto``, ``FunctionUpdate``
    or ``Manual``."""


ORIGIN_HELPERS = ("updateRequestOrigin", "selectRequestOriginById", "createRequestOriginGroup")
"""The CloudFront Functions helper methods (``import cf from 'cloudfront'``) that change the
origin of a request."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CloudFrontFunction(Node):
    """A same-template CloudFront Function that an association runs."""

    resource: str
    """The function (CFN logical id or Terraform address)."""
    published: bool | None
    """Deploying the template publishes the function to the LIVE stage (CFN ``AutoPublish``,
    Terraform ``publish``), which an association needs."""
    origin_helpers: tuple[str, ...] | None = ()
    """The ``ORIGIN_HELPERS`` its code calls; None when the code is unknown and its runtime
    (``cloudfront-js-2.0``, or unknown) could call them."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FunctionAssociation(Node):
    """A Lambda@Edge function or a CloudFront Function attached to a cache behaviour."""

    kind: str
    """``lambda-edge`` or ``cloudfront-function``."""
    event_type: str | None
    arn: str | None
    """The exact ARN, when every part of it is known."""
    version: str | None = None
    """Lambda@Edge: what the ARN names: ``numbered`` (a published version), ``latest``
    (``$LATEST``), ``alias`` or ``unqualified`` (the function itself); None when unknown."""
    region: str | None = None
    """The function's region, when the ARN says it."""
    resource: str | None = None
    """The same-template function (CFN logical id or Terraform address)."""
    include_body: bool | None = False
    function: LambdaFunction | CloudFrontFunction | None = None
    """The same-template function the association runs, when the linter can read it."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ViewerCertificate(Node):
    """The certificate viewers see: the distribution's own, or one for its aliases."""

    cloudfront_default: bool | None
    acm_certificate_arn: str | None
    iam_certificate_id: str | None
    ssl_support_method: str | None
    minimum_protocol_version: str | None
    acm_region: str | None = None
    """The region the ACM certificate's ARN names, even when the rest of it is unknown."""
    certificate: Certificate | None = None
    """The same-template ACM certificate the ARN names, with the names it covers."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CacheBehavior(Node):
    path_pattern: str | None
    """None for the default cache behaviour."""
    target_origin_id: str | None
    viewer_protocol_policy: str | None = None
    allowed_methods: tuple[str, ...] | None = ("GET", "HEAD")
    forwards_host: bool | None = False
    """Whether the viewer's Host header reaches the origin (legacy headers or policies)."""
    functions: tuple[FunctionAssociation, ...] | None = ()
    """Edge functions on this behaviour; None when the list is unknown."""
    cache_policy: bool | None = False
    """A cache policy is set (CachePolicyId)."""
    forwarded_values: bool | None = False
    """Legacy ForwardedValues are set."""
    legacy_headers: tuple[str | None, ...] | None = ()
    """The headers ForwardedValues forwards (``*``: all of them)."""
    min_ttl: int | None = 0
    grpc: bool | None = False
    """gRPC is enabled (GrpcConfig.Enabled)."""
    target_pattern: str | None = None
    """TargetOriginId with its unknown parts written as ``*``, when only part of it is known."""
    origin_request_policy: bool | None = False
    """An origin request policy is set (OriginRequestPolicyId)."""

    @property
    def label(self) -> str:
        if self.path_pattern is None:
            return "the default cache behaviour"
        return f"cache behaviour {self.path_pattern!r}"

    def origin_changers(self) -> tuple[CloudFrontFunction, ...]:
        """The same-template CloudFront Functions on this behaviour's viewer requests that may
        send them to another origin or change the origin's settings: their code calls one of
        the ``ORIGIN_HELPERS``, or cannot be read."""
        return tuple(
            association.function
            for association in self.functions or ()
            if isinstance(association.function, CloudFrontFunction)
            and association.event_type in ("viewer-request", None)
            and association.function.origin_helpers != ()
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceIssue:
    """Something the parser saw in the source that the deploy would reject."""

    kind: str
    """``duplicate-key`` (a YAML or JSON key: the last one wins), ``duplicate-argument`` (a
    Terraform argument: the configuration is rejected) or ``quantity-mismatch``."""
    message: str
    span: Span


@dataclass(frozen=True, slots=True, kw_only=True)
class Suppression:
    """An inline instruction not to report some rules here (see ``cf502lint.suppressions``)."""

    rule: str
    """The rule as written: an id, a name or an id prefix."""
    span: Span
    """Where the suppression is written."""
    reason: str | None = None
    resource: str | None = None
    """Suppress the rule's findings of this resource (a CFN logical id or Terraform address)."""
    lines: tuple[int, int] | None = None
    """Suppress the rule's findings located on these lines (inclusive) of ``span.path``."""
    invalid: str | None = None
    """Why the suppression cannot be understood; it then suppresses nothing."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Distribution(Node):
    name: str
    """What the user calls it: CFN logical id, Terraform address, or the file's name."""
    resource: str | None
    """CFN logical id or Terraform address; None for API JSON."""
    origins: tuple[Origin, ...]
    origin_groups: tuple[OriginGroup, ...] = ()
    default_behavior: CacheBehavior | None = None
    behaviors: tuple[CacheBehavior, ...] = ()
    """Ordered cache behaviours, in the order CloudFront evaluates them."""
    aliases: tuple[str | None, ...] | None = ()
    """Alternate domain names; None when the list is unknown, None items when one is."""
    complete: bool = True
    """False when the origin or origin-group lists could not be resolved in full."""
    scenario: tuple[tuple[str, bool], ...] = ()
    """The CloudFormation condition values this model was built under."""
    issues: tuple[SourceIssue, ...] = ()
    viewer_certificate: ViewerCertificate | None = None
    suppressions: tuple[Suppression, ...] = ()
    """Suppressions written on the resource itself (CloudFormation ``Metadata``)."""
    http_version: str | None = "http2"
    """Between viewers and CloudFront: ``http1.1``, ``http2``, ``http3`` or ``http2and3``."""
    continuous_deployment: bool | None = False
    """A continuous deployment policy is attached, or this is a staging distribution."""
    connection_mode: str | None = "direct"
    """``direct``, or ``tenant-only`` for a multi-tenant distribution."""
    sources: Mapping[Span, Written] = field(default_factory=dict, compare=False, repr=False)
    """Where the values the distribution reads through a reference (a parameter, a variable,
    a local) are written, by the span of the key that reads them (``cf502lint.fix.written``)."""
    published_versions: Mapping[str, Reference] = field(
        default_factory=dict, compare=False, repr=False
    )
    """Same-template Lambda functions (CFN logical id or Terraform address) and what names
    the one version of each that deploying publishes: the ``AWS::Lambda::Version`` of the
    function (SAM's ``Fn.Version``), Terraform's ``qualified_arn`` with ``publish = true``."""
    tenant_domains: tuple[str | None, ...] = ()
    """The domains of a tenant-only distribution's tenants that the same template or
    configuration defines; more tenants may be created elsewhere."""

    @property
    def viewer_hosts(self) -> tuple[str | None, ...] | None:
        """The Host names viewers use: the aliases, or for a tenant-only distribution the
        known tenant domains (a part of them); None when unknown."""
        if self.connection_mode == "direct":
            return self.aliases
        return self.tenant_domains if self.connection_mode == "tenant-only" else None

    @property
    def all_behaviors(self) -> tuple[CacheBehavior, ...]:
        default = () if self.default_behavior is None else (self.default_behavior,)
        return (*self.behaviors, *default)

    def origin(self, origin_id: str) -> Origin | None:
        return next((o for o in self.origins if o.id == origin_id), None)

    def group(self, group_id: str) -> OriginGroup | None:
        return next((g for g in self.origin_groups if g.id == group_id), None)

    def sends_https(self, origin: Origin) -> bool | None:
        """Whether CloudFront may connect to ``origin`` with HTTPS."""
        policy = origin.protocol_policy
        if policy in ("https-only", "match-viewer"):
            return True
        return False if policy == "http-only" else None

    def sends_http(self, origin: Origin) -> bool | None:
        """Whether CloudFront connects to ``origin`` with plain HTTP for some viewers."""
        policy = origin.protocol_policy
        if policy == "http-only":
            return True
        if policy == "match-viewer":
            viewers = [b.viewer_protocol_policy for b in self.behaviors_for(origin)]
            if "allow-all" in viewers:
                return True
            return None if None in viewers else False
        return False if policy == "https-only" else None

    def origin_replacers(self, origin_id: str) -> tuple[CloudFrontFunction, ...]:
        """The same-template CloudFront Functions that may send requests meant for
        ``origin_id`` (an origin or an origin group) elsewhere, or change its settings: one on
        every behaviour that sends requests there; () when some behaviour has none."""
        origin = self.origin(origin_id)
        behaviors = (
            list(self.behaviors_for(origin))
            if origin is not None
            else [b for b in self.all_behaviors if b.target_origin_id == origin_id]
        )
        found = [behavior.origin_changers() for behavior in behaviors]
        if not found or not all(found):
            return ()
        return tuple(dict.fromkeys(function for functions in found for function in functions))

    def behaviors_for(self, origin: Origin) -> Iterator[CacheBehavior]:
        """Behaviours that send requests to ``origin``, directly or through an origin group."""
        if origin.id is None:
            return
        groups = {g.id for g in self.origin_groups if g.member_ids and origin.id in g.member_ids}
        for behavior in self.all_behaviors:
            target = behavior.target_origin_id
            if target == origin.id or (target is not None and target in groups):
                yield behavior


@dataclass(frozen=True, slots=True)
class Notice:
    """Something a run could not read or resolve in full, said so that a clean pass is
    not mistaken for a complete one. Unlike a file error it does not fail the run."""

    path: str
    line: int | None
    message: str


@dataclass(frozen=True, slots=True)
class Unresolved:
    """An origin the rules could not check, because nothing is known of what it is."""

    path: str
    line: int
    distribution: str
    origin: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class Document:
    """Everything one parser read from one file (or one Terraform module)."""

    path: str
    format: str
    """``cloudformation``, ``terraform``, ``terraform-plan`` or ``cloudfront-api``."""
    distributions: tuple[Distribution, ...]
    suppressions: tuple[Suppression, ...] = ()
    """Suppressions written in the document's files as comments (Terraform)."""
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True, slots=True)
class Problem:
    """What a rule yields: a message about one place."""

    message: str
    span: Span
    origin: str | None = None
    fix: Fix | None = field(default=None, compare=False)
    """How to repair the source, when there is one mechanical answer (``cf502lint.fix``)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """What the engine reports."""

    rule_id: str
    rule_name: str
    severity: Severity
    message: str
    span: Span
    resource: str | None = None
    origin: str | None = None
    fix: Fix | None = field(default=None, compare=False)
    """The rule's fix, passed through (None when the finding is not certain enough)."""

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.span.path, self.span.line, self.span.column, self.rule_id, self.message)
