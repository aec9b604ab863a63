"""Entry point of the bundled app: PyInstaller freezes this file as ``wargame``.

It is ``python -m wargame.cli``. A frozen, windowed program starts on Windows and macOS
with ``sys.stdout`` and ``sys.stderr`` set to None; :func:`wargame.cli.main` gives them a
sink first, so a facilitator who double-clicks the app never sees a crash about a missing
console. (Use ``wargame-cli.exe``, built beside ``wargame.exe`` on Windows, to see the
output there.)
"""

from __future__ import annotations

import sys


def run() -> int:
    """Run the ``wargame`` command line (which opens the app when given no command)."""
    from wargame.cli import main

    return main()


if __name__ == "__main__":
    sys.exit(run())
