"""Entry point of the bundled app: PyInstaller freezes this file as ``wargame``.

It is ``python -m wargame.cli`` plus one thing a frozen, windowed program needs: on Windows
and macOS a windowed executable starts with ``sys.stdout`` and ``sys.stderr`` set to None,
and the command line (``--version``, ``validate`` …) writes to them; they get a sink so a
facilitator who double-clicks the app never sees a crash about a missing console. (Use
``wargame-cli.exe``, built beside ``wargame.exe`` on Windows, to see the output there.)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _give_missing_streams_a_sink() -> None:
    """Point a missing stdout/stderr (windowed app) at the null device."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, Path(os.devnull).open("w", encoding="utf-8"))  # noqa: SIM115


def run() -> int:
    """Run the ``wargame`` command line (which opens the app when given no command)."""
    _give_missing_streams_a_sink()
    from wargame.cli import main

    return main()


if __name__ == "__main__":
    raise SystemExit(run())
