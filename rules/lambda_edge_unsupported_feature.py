"""CF504: a Lambda@Edge function uses a Lambda feature that Lambda@Edge does not support."""

from collections.abc import Iterator

from cf502lint import CacheBehavior, Distribution, LambdaFunction, Problem, Severity, rule

RUNTIMES = ("nodejs", "python")


def lambda_functions(dist: Distribution) -> Iterator[tuple[LambdaFunction, CacheBehavior]]:
    """Each same-template Lambda@Edge function once, with the first behaviour that runs it."""
    seen: set[str] = set()
    for behavior in dist.all_behaviors:
        for association in behavior.functions or ():
            function = association.function
            if isinstance(function, LambdaFunction) and function.resource not in seen:
                seen.add(function.resource)
                yield function, behavior


def unsupported(function: LambdaFunction) -> Iterator[tuple[str, str, str]]:
    """(what the function has, the fix, the field it is set by) for each unsupported feature."""
    runtime = function.runtime
    if runtime is not None and not runtime.startswith(RUNTIMES):
        yield f"runtime {runtime}", "use a Node.js or Python runtime", "runtime"
    if function.architecture not in (None, "x86_64"):
        yield f"architecture {function.architecture}", "use x86_64", "architecture"
    if function.package_type not in (None, "Zip"):
        yield "a container image", "deploy it as a .zip package", "package_type"
    storage = function.ephemeral_storage
    if storage is not None and storage > 512:
        yield f"{storage} MB of ephemeral storage", "keep the default 512 MB", "ephemeral_storage"
    if function.tracing not in (None, "PassThrough"):
        yield f"X-Ray tracing ({function.tracing})", "remove the tracing configuration", "tracing"
    if function.runtime_updates not in (None, "Auto"):
        what = f"runtime updates set to {function.runtime_updates}"
        yield what, "leave runtime management on Auto", "runtime_updates"
    for field, what, fix in (
        ("environment", "environment variables", "put the values in the code"),
        ("vpc", "a VPC configuration", "remove the VPC configuration"),
        ("layers", "layers", "bundle the dependencies into the package"),
        ("dead_letter_queue", "a dead-letter queue", "remove the dead-letter configuration"),
        (
            "provisioned_concurrency",
            "provisioned concurrency",
            "remove the provisioned concurrency configuration",
        ),
    ):
        if getattr(function, field) is True:
            yield what, fix, field


@rule("CF504", "lambda-edge-unsupported-feature", Severity.ERROR)
def lambda_edge_unsupported_feature(dist: Distribution) -> Iterator[Problem]:
    """A Lambda@Edge function uses a Lambda feature that Lambda@Edge does not support.

    ## What it does
    For Lambda@Edge associations whose function is in the same template or configuration
    (`AWS::Lambda::Function`, SAM's `AWS::Serverless::Function` with its `Globals`,
    Terraform's `aws_lambda_function`, reached through `AWS::Lambda::Version`, SAM's
    `AutoPublishAlias` or `qualified_arn`), flags what Lambda@Edge does not support: a
    runtime other than Node.js or Python, the `arm64` architecture, a container image,
    environment variables, a VPC configuration, layers, a dead-letter queue, active X-Ray
    tracing, provisioned concurrency, more than 512 MB of ephemeral storage and runtime
    management other than `Auto`.

    ## Why does this cause 502s?
    CloudFront validates the function when the distribution is deployed and rejects the
    association (`InvalidLambdaFunctionAssociation`, e.g. "Lambda@Edge does not support
    functions with an architecture of arm64"), so the distribution cannot deploy and the
    function that was meant to shape requests or responses never runs.

    ## Example
    ```yaml
    Resources:
      EdgeFunction:
        Type: AWS::Lambda::Function
        Properties:
          Runtime: nodejs20.x
          Handler: index.handler
          Role: arn:aws:iam::123456789012:role/edge
          Architectures: [arm64]
          Environment:
            Variables: {STAGE: prod}
          Code: {ZipFile: "exports.handler = async (e) => e.Records[0].cf.request;"}
      EdgeFunctionVersion:
        Type: AWS::Lambda::Version
        Properties:
          FunctionName: !Ref EdgeFunction
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: app
                DomainName: origin.example.com
                CustomOriginConfig: {OriginProtocolPolicy: https-only}
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: https-only
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
              LambdaFunctionAssociations:
                - EventType: origin-request
                  LambdaFunctionARN: !Ref EdgeFunctionVersion
    ```
    Use instead:
    ```yaml
    Resources:
      EdgeFunction:
        Type: AWS::Lambda::Function
        Properties:
          Runtime: nodejs20.x
          Handler: index.handler
          Role: arn:aws:iam::123456789012:role/edge
          Architectures: [x86_64]
          Code: {ZipFile: "exports.handler = async (e) => e.Records[0].cf.request;"}
      EdgeFunctionVersion:
        Type: AWS::Lambda::Version
        Properties:
          FunctionName: !Ref EdgeFunction
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: app
                DomainName: origin.example.com
                CustomOriginConfig: {OriginProtocolPolicy: https-only}
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: https-only
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
              LambdaFunctionAssociations:
                - EventType: origin-request
                  LambdaFunctionARN: !Ref EdgeFunctionVersion
    ```
    A value the function needs at run time goes into its code (or a file bundled with
    it), since Lambda@Edge has no environment variables.

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html#lambda-at-edge-restrictions-features
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html#lambda-at-edge-restrictions-runtime
    """
    for function, behavior in lambda_functions(dist):
        for what, fix, field in unsupported(function):
            yield Problem(
                f"Lambda@Edge function {function.resource!r} ({behavior.label}) has {what}, "
                f"which Lambda@Edge does not support, so CloudFront rejects the association; "
                f"{fix}",
                function.span_of(field),
            )
