"""The CloudFormation front end: YAML and JSON templates, SAM and CDK output."""

from .template import parse_template

__all__ = ["parse_template"]
