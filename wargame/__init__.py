"""wargame: run political-military seminar and matrix wargames.

The package is layered (see ARCHITECTURE.md in the docs): ``scenario`` (the game
definition), ``rules`` (pure game logic), ``store`` (the game record in SQL),
``game`` (use cases), ``report`` (PDFs) and ``ui`` (the Qt app), with ``cli`` on top.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("wargame")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
