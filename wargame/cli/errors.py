"""The command line's own error (a user's mistake, printed as one sentence) and exit codes."""

EXIT_OK = 0
"""The command did what was asked."""
EXIT_REFUSED = 1
"""The command was refused: a user's mistake, reported in one sentence on stderr."""


class CommandError(Exception):
    """A user's mistake on the command line, reported in one sentence."""
