import os
import sys

# ``python -m`` puts the current directory first on sys.path, so a file in the repository
# being linted (a cf502lint_rules.py, a yaml.py) would be imported instead of the installed
# module: a pull request could run code in CI. Plugins and parsers load only from where
# they are installed.
if sys.path and os.path.abspath(sys.path[0] or os.curdir) == os.getcwd():
    del sys.path[0]

from .cli import main

sys.exit(main())
