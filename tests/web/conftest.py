"""Fixtures for the team pages: a headless Debian Chromium driven by selenium, one per module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .support import chromium


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A headless Chromium (skipped with the reason when missing; failed under CI)."""
    yield from chromium(tmp_path_factory.mktemp("chromium-profile"))
