"""The command line run as a user would, in this process: ``wargame.cli.main`` with its
standard output and error caught. A few tests start the real console scripts
(tests/cli/test_scenario_commands.py); everything else runs here, which is many times
cheaper than starting a Python process per command."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from wargame.applog import shutdown_logging
from wargame.cli import main

__all__ = ["Ran", "wargame"]


@dataclass(frozen=True)
class Ran:
    """What a command printed and the status it exited with."""

    returncode: int
    stdout: str
    stderr: str


def wargame(*args: str | Path) -> Ran:
    """Run the command line as a user would, in this process."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main([str(arg) for arg in args])
        except SystemExit as exit_:  # argparse on a usage error, --help, --version
            code = exit_.code if isinstance(exit_.code, int) else 1
        finally:
            shutdown_logging()
    return Ran(code, out.getvalue(), err.getvalue())
