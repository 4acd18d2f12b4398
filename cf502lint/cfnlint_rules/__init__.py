"""cf502lint's rules inside cfn-lint: ``cfn-lint --append-rules cf502lint.cfnlint_rules``.

Importing this package imports cfn-lint; nothing else in cf502lint does. See ``adapter``.
"""

from .adapter import RULE_CLASSES, Cf502lint

globals().update(RULE_CLASSES)  # cfn-lint instantiates the rule classes it finds here

__all__ = ["Cf502lint", *RULE_CLASSES]
