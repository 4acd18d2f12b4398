"""The subcommands of ``cf502lint``: each module adds its arguments to a parser and runs."""
