"""``cf502lint probe``: connect to the live origins the way CloudFront does.

Nothing in this package is imported when cf502lint starts: ``cf502lint.cli`` imports
``command`` only when the ``probe`` command runs, and the rest (ssl, certifi, dnspython,
threads) only from there.
"""
