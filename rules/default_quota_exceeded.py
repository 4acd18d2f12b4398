"""CF407: more origins, cache behaviours, origin groups or aliases than the default quotas."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule

QUOTAS = (
    ("origins", "origins", 100, "TooManyOrigins"),
    ("behaviors", "cache behaviours besides the default one", 75, "TooManyCacheBehaviors"),
    ("origin_groups", "origin groups", 10, "TooManyOriginGroupsPerDistribution"),
    ("aliases", "alternate domain names", 100, "TooManyDistributionCNAMEs"),
)
"""(model field, what it counts, default quota, the API's error)."""


@rule("CF407", "default-quota-exceeded", Severity.WARNING)
def default_quota_exceeded(dist: Distribution) -> Iterator[Problem]:
    """The distribution has more origins, behaviours, groups or aliases than the default quotas.

    ## What it does
    Counts what the distribution declares against CloudFront's default quotas per
    distribution: 100 origins, 75 cache behaviours (not counting the default one), 10
    origin groups and 100 alternate domain names (aliases). Entries whose value is not known
    still count.

    ## Why does this cause 502s?
    It does not cause one by itself: unless the account's quota was raised, CloudFront
    rejects the distribution (TooManyOrigins, TooManyCacheBehaviors,
    TooManyOriginGroupsPerDistribution, TooManyDistributionCNAMEs), so the deployment that was
    to add or fix an origin fails. The quotas can be raised, so this is a warning: check the
    account's quota before deploying.

    ## Example
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Aliases: [t000.example.com, t001.example.com, t002.example.com, t003.example.com,
                      t004.example.com, t005.example.com, t006.example.com, t007.example.com,
                      t008.example.com, t009.example.com, t010.example.com, t011.example.com,
                      t012.example.com, t013.example.com, t014.example.com, t015.example.com,
                      t016.example.com, t017.example.com, t018.example.com, t019.example.com,
                      t020.example.com, t021.example.com, t022.example.com, t023.example.com,
                      t024.example.com, t025.example.com, t026.example.com, t027.example.com,
                      t028.example.com, t029.example.com, t030.example.com, t031.example.com,
                      t032.example.com, t033.example.com, t034.example.com, t035.example.com,
                      t036.example.com, t037.example.com, t038.example.com, t039.example.com,
                      t040.example.com, t041.example.com, t042.example.com, t043.example.com,
                      t044.example.com, t045.example.com, t046.example.com, t047.example.com,
                      t048.example.com, t049.example.com, t050.example.com, t051.example.com,
                      t052.example.com, t053.example.com, t054.example.com, t055.example.com,
                      t056.example.com, t057.example.com, t058.example.com, t059.example.com,
                      t060.example.com, t061.example.com, t062.example.com, t063.example.com,
                      t064.example.com, t065.example.com, t066.example.com, t067.example.com,
                      t068.example.com, t069.example.com, t070.example.com, t071.example.com,
                      t072.example.com, t073.example.com, t074.example.com, t075.example.com,
                      t076.example.com, t077.example.com, t078.example.com, t079.example.com,
                      t080.example.com, t081.example.com, t082.example.com, t083.example.com,
                      t084.example.com, t085.example.com, t086.example.com, t087.example.com,
                      t088.example.com, t089.example.com, t090.example.com, t091.example.com,
                      t092.example.com, t093.example.com, t094.example.com, t095.example.com,
                      t096.example.com, t097.example.com, t098.example.com, t099.example.com,
                      t100.example.com]
            ViewerCertificate:
              AcmCertificateArn: arn:aws:acm:us-east-1:111122223333:certificate/example
              SslSupportMethod: sni-only
            Origins:
              - Id: app
                DomainName: app.example.com
                CustomOriginConfig: {OriginProtocolPolicy: http-only}
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```
    Use instead: a wildcard alias (or a quota increase, or a second distribution).
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Aliases: ["*.example.com"]
            ViewerCertificate:
              AcmCertificateArn: arn:aws:acm:us-east-1:111122223333:certificate/example
              SslSupportMethod: sni-only
            Origins:
              - Id: app
                DomainName: app.example.com
                CustomOriginConfig: {OriginProtocolPolicy: http-only}
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-web-distributions
    """
    for field, what, quota, error in QUOTAS:
        declared = getattr(dist, field)
        if declared is not None and len(declared) > quota:
            yield Problem(
                f"the distribution has {len(declared)} {what}, more than the default quota of "
                f"{quota}; CloudFront rejects it ({error}) unless the account's quota was "
                "raised: check the quota or split the distribution",
                dist.span_of(field),
            )
