"""The built-in rule pack, registered through the ``cf502lint`` entry point group."""

from collections.abc import Iterable

from cf502lint import Rule, hookimpl

from .aliases_without_certificate import aliases_without_certificate
from .cloudfront_function_on_origin_event import cloudfront_function_on_origin_event
from .cloudfront_origin_chain import cloudfront_origin_chain
from .default_quota_exceeded import default_quota_exceeded
from .dotted_s3_bucket_over_https import dotted_s3_bucket_over_https
from .duplicate_argument import duplicate_argument
from .duplicate_key import duplicate_key
from .duplicate_origin_id import duplicate_origin_id
from .edge_function_event_conflict import edge_function_event_conflict
from .empty_origin_domain import empty_origin_domain
from .forbidden_origin_custom_header import forbidden_origin_custom_header
from .forwarded_values_with_cache_policy import forwarded_values_with_cache_policy
from .forwards_all_headers import forwards_all_headers
from .grpc_requirements_unmet import grpc_requirements_unmet
from .grpc_to_http_origin import grpc_to_http_origin
from .host_forwarded_to_api_origin import host_forwarded_to_api_origin
from .host_forwarded_to_s3_origin import host_forwarded_to_s3_origin
from .host_forwarded_without_aliases import host_forwarded_without_aliases
from .http_to_https_only_origin import http_to_https_only_origin
from .https_to_elb_default_hostname import https_to_elb_default_hostname
from .https_to_s3_website_origin import https_to_s3_website_origin
from .https_to_unmatchable_service_hostname import https_to_unmatchable_service_hostname
from .include_body_on_response_event import include_body_on_response_event
from .internal_load_balancer_origin import internal_load_balancer_origin
from .invalid_failover_status_codes import invalid_failover_status_codes
from .invalid_origin_group_members import invalid_origin_group_members
from .invalid_origin_path import invalid_origin_path
from .invalid_origin_port import invalid_origin_port
from .invalid_response_completion_timeout import invalid_response_completion_timeout
from .ip_address_origin_domain import ip_address_origin_domain
from .ipv6_to_ipv4_only_origin import ipv6_to_ipv4_only_origin
from .keepalive_outlasts_origin_idle_timeout import keepalive_outlasts_origin_idle_timeout
from .lambda_edge_outside_us_east_1 import lambda_edge_outside_us_east_1
from .lambda_edge_timeout_above_limit import lambda_edge_timeout_above_limit
from .lambda_edge_unsupported_feature import lambda_edge_unsupported_feature
from .lambda_edge_viewer_event_limits import lambda_edge_viewer_event_limits
from .legacy_global_s3_endpoint import legacy_global_s3_endpoint
from .low_origin_read_timeout import low_origin_read_timeout
from .min_ttl_with_all_headers import min_ttl_with_all_headers
from .no_cache_policy_or_forwarded_values import no_cache_policy_or_forwarded_values
from .no_common_origin_tls_protocol import no_common_origin_tls_protocol
from .origin_certificate_mismatch import origin_certificate_mismatch
from .origin_config_not_exactly_one import origin_config_not_exactly_one
from .origin_custom_header_too_long import origin_custom_header_too_long
from .origin_group_id_collision import origin_group_id_collision
from .origin_mtls_certificate_outside_us_east_1 import origin_mtls_certificate_outside_us_east_1
from .origin_mtls_over_http import origin_mtls_over_http
from .origin_mtls_unsupported_feature import origin_mtls_unsupported_feature
from .origin_port_may_lack_listener import origin_port_may_lack_listener
from .origin_port_protocol_mismatch import origin_port_protocol_mismatch
from .origin_port_without_listener import origin_port_without_listener
from .origin_security_group_blocks_cloudfront import origin_security_group_blocks_cloudfront
from .origin_timeout_above_default_quota import origin_timeout_above_default_quota
from .origin_timeout_out_of_range import origin_timeout_out_of_range
from .outdated_origin_ssl_protocols import outdated_origin_ssl_protocols
from .private_origin_hostname import private_origin_hostname
from .quantity_mismatch import quantity_mismatch
from .read_timeout_above_idle_timeout import read_timeout_above_idle_timeout
from .s3_origin_for_non_bucket_domain import s3_origin_for_non_bucket_domain
from .s3_rest_endpoint_as_custom_origin import s3_rest_endpoint_as_custom_origin
from .s3_website_as_s3_origin import s3_website_as_s3_origin
from .slow_origin_failover import slow_origin_failover
from .sni_only_with_sslv3 import sni_only_with_sslv3
from .tls13_only_origin_listener import tls13_only_origin_listener
from .too_many_origin_custom_headers import too_many_origin_custom_headers
from .unknown_target_origin import unknown_target_origin
from .unpublished_cloudfront_function import unpublished_cloudfront_function
from .unused_suppression import unused_suppression
from .unversioned_lambda_edge_arn import unversioned_lambda_edge_arn
from .url_as_origin_domain import url_as_origin_domain
from .viewer_certificate_does_not_cover_alias import viewer_certificate_does_not_cover_alias
from .viewer_certificate_outside_us_east_1 import viewer_certificate_outside_us_east_1
from .write_methods_on_origin_group import write_methods_on_origin_group

RULES = (
    duplicate_key,
    unused_suppression,
    quantity_mismatch,
    duplicate_argument,
    https_to_s3_website_origin,
    s3_website_as_s3_origin,
    https_to_elb_default_hostname,
    http_to_https_only_origin,
    url_as_origin_domain,
    ip_address_origin_domain,
    internal_load_balancer_origin,
    private_origin_hostname,
    origin_config_not_exactly_one,
    s3_rest_endpoint_as_custom_origin,
    dotted_s3_bucket_over_https,
    legacy_global_s3_endpoint,
    cloudfront_origin_chain,
    invalid_origin_path,
    empty_origin_domain,
    https_to_unmatchable_service_hostname,
    ipv6_to_ipv4_only_origin,
    s3_origin_for_non_bucket_domain,
    invalid_origin_port,
    origin_port_may_lack_listener,
    origin_port_protocol_mismatch,
    origin_port_without_listener,
    origin_security_group_blocks_cloudfront,
    origin_timeout_out_of_range,
    origin_timeout_above_default_quota,
    low_origin_read_timeout,
    keepalive_outlasts_origin_idle_timeout,
    invalid_response_completion_timeout,
    read_timeout_above_idle_timeout,
    slow_origin_failover,
    origin_certificate_mismatch,
    outdated_origin_ssl_protocols,
    no_common_origin_tls_protocol,
    tls13_only_origin_listener,
    host_forwarded_to_api_origin,
    host_forwarded_to_s3_origin,
    host_forwarded_without_aliases,
    invalid_origin_group_members,
    invalid_failover_status_codes,
    write_methods_on_origin_group,
    unknown_target_origin,
    duplicate_origin_id,
    origin_group_id_collision,
    default_quota_exceeded,
    unversioned_lambda_edge_arn,
    lambda_edge_outside_us_east_1,
    cloudfront_function_on_origin_event,
    lambda_edge_unsupported_feature,
    lambda_edge_timeout_above_limit,
    lambda_edge_viewer_event_limits,
    include_body_on_response_event,
    edge_function_event_conflict,
    unpublished_cloudfront_function,
    forwarded_values_with_cache_policy,
    no_cache_policy_or_forwarded_values,
    forwards_all_headers,
    min_ttl_with_all_headers,
    aliases_without_certificate,
    viewer_certificate_outside_us_east_1,
    viewer_certificate_does_not_cover_alias,
    sni_only_with_sslv3,
    forbidden_origin_custom_header,
    too_many_origin_custom_headers,
    origin_custom_header_too_long,
    grpc_requirements_unmet,
    grpc_to_http_origin,
    origin_mtls_over_http,
    origin_mtls_certificate_outside_us_east_1,
    origin_mtls_unsupported_feature,
)

REMOVED_RULES: tuple[str, ...] = ()
"""Ids of retired rules; they are never reused."""


@hookimpl
def cf502lint_rules() -> Iterable[Rule]:
    return RULES
