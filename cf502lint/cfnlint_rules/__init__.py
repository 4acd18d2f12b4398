"""cf502lint's rules inside cfn-lint: ``cfn-lint --append-rules cf502lint.cfnlint_rules``.

Importing this package imports cfn-lint, when it is installed (``cf502lint[cfn-lint]``);
nothing else in cf502lint does. See ``adapter``.
"""

from importlib.util import find_spec

NEEDS_CFN_LINT = (
    "cf502lint's rules for cfn-lint need cfn-lint installed beside cf502lint: "
    "pip install 'cf502lint[cfn-lint]'"
)

__all__ = ["NEEDS_CFN_LINT"]

if find_spec("cfnlint") is not None:
    from .adapter import RULE_CLASSES, Cf502lint

    globals().update(RULE_CLASSES)  # cfn-lint instantiates the rule classes it finds here
    __all__ += ["Cf502lint", *RULE_CLASSES]
