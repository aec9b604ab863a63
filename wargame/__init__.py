"""wargame: run political-military seminar and matrix wargames.

The package is layered (see ARCHITECTURE.md in the docs): ``scenario`` (the game
definition), ``rules`` (pure game logic), ``store`` (the game record in SQL),
``game`` (use cases), ``report`` (PDFs) and ``ui`` (the Qt app), with ``cli`` on top.
"""

__version__ = "0.1.0"
"""The release, as in ``pyproject.toml`` (a literal: reading package metadata at start-up
costs the app time; tests/test_version.py keeps the two equal)."""

__all__ = ["__version__"]
