"""The command line's own error: a user's mistake, printed as one sentence."""


class CommandError(Exception):
    """A user's mistake on the command line, reported in one sentence."""
