"""CF003: a suppression that suppresses nothing.

The rule lives in the core (``cf502lint.suppressions``), because the engine produces its
findings from every finding of a run; it is registered here with the other rules.
"""

from cf502lint.suppressions import unused_suppression

__all__ = ["unused_suppression"]
