"""``--fix`` and ``--diff``: the fixes rules declare (``cf502lint.fix``), made in the text.

* ``sources``: a file's text read for editing, per language (``yaml_source``,
  ``json_source``, ``hcl_source``); each turns an edit into ``TextEdit`` ranges, keeping
  quoting, comments, key order, indentation and line endings, or says why it cannot.
* ``edits``: ``TextEdit`` and applying sorted, non-overlapping edits to a text.
* ``planning``: which fixes of a report to make (safe ones, unsafe ones when asked), in
  which files, without two fixes touching the same text.
* ``session``: the run: lint, fix in memory, lint again until nothing changes, then write
  each changed file atomically unless it changed on disk meanwhile, or print the diff.
"""
