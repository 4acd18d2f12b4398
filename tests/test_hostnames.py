"""What an origin hostname points at, from its shape: the endpoint forms AWS documents, and
bucket names with dots in them, which may themselves look like an endpoint."""

from __future__ import annotations

import pytest

from cf502lint.model import TargetKind
from cf502lint.parsers.hostnames import classify


@pytest.mark.parametrize(
    ("host", "kind"),
    [
        ("site.s3-website-us-east-1.amazonaws.com", TargetKind.S3_WEBSITE),
        ("site.s3-website.eu-central-1.amazonaws.com", TargetKind.S3_WEBSITE),
        ("http://site.s3-website.cn-north-1.amazonaws.com.cn/", TargetKind.S3_WEBSITE),
        ("site.s3-website.dualstack.us-east-1.amazonaws.com", TargetKind.S3_WEBSITE),
        ("site.s3-website*.amazonaws.com", TargetKind.S3_WEBSITE),
        ("*.s3-website-*.amazonaws.com", TargetKind.S3_WEBSITE),
        ("site.s3.amazonaws.com", TargetKind.S3_BUCKET),
        ("site.s3.us-east-1.amazonaws.com", TargetKind.S3_BUCKET),
        ("www.example.com.s3.us-east-1.amazonaws.com", TargetKind.S3_BUCKET),
        # A bucket may be named like a website endpoint; its REST endpoint is still REST.
        ("a.s3-website-us-east-1.amazonaws.com.s3.us-east-1.amazonaws.com", TargetKind.S3_BUCKET),
        ("a.s3-website.eu-west-1.amazonaws.com.s3.amazonaws.com", TargetKind.S3_BUCKET),
        ("app-1.eu-west-1.elb.amazonaws.com", TargetKind.LOAD_BALANCER),
        ("d111111abcdef8.cloudfront.net", TargetKind.CLOUDFRONT),
        ("www.example.com", TargetKind.OTHER),
        ("*", TargetKind.UNKNOWN),
    ],
)
def test_hostname_shapes(host: str, kind: TargetKind) -> None:
    assert classify(host).kind is kind
