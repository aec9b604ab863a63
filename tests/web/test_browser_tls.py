"""The team pages over HTTPS in a real headless Chromium, which pins the page's certificate.

Chromium (BoringSSL, not Python's OpenSSL) is told to accept exactly the public key of the
certificate the server made, and nothing else that fails verification: the page loads only
if Chromium parses the certificate, checks its signature and finds the key it was given.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ecdsa import SigningKey

from wargame.web.server import TeamPagesServer
from wargame.web.tls import Certificate, ensure_certificate

from .support import Played, chromium, new_game, serving


@pytest.fixture(scope="module")
def tls_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("tls")


@pytest.fixture(scope="module")
def certificate(tls_folder: Path) -> Certificate:
    """The certificate the server will use (made before Chromium starts, to pin its key)."""
    return ensure_certificate(tls_folder, "127.0.0.1")


@pytest.fixture(scope="module")
def pinned_browser(
    tmp_path_factory: pytest.TempPathFactory, certificate: Certificate
) -> Iterator[object]:
    """A headless Chromium that trusts only the certificate's public key (by SPKI hash)."""
    key = SigningKey.from_pem(certificate.key_file.read_bytes())
    spki = base64.b64encode(hashlib.sha256(key.get_verifying_key().to_der()).digest()).decode()
    profile = tmp_path_factory.mktemp("chromium-tls-profile")
    yield from chromium(profile, f"--ignore-certificate-errors-spki-list={spki}")


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Played]:
    game = new_game(tmp_path_factory.mktemp("browser-tls") / "game.wargame")
    yield game
    game.game.close()


@pytest.fixture(scope="module")
def server(played: Played, tls_folder: Path) -> Iterator[TeamPagesServer]:
    with serving(played.path, tls_folder=tls_folder) as running:
        yield running


def test_chromium_opens_the_team_page_over_https_with_the_pinned_key(
    pinned_browser: Any, server: TeamPagesServer, certificate: Certificate
) -> None:
    from selenium.webdriver.common.by import By

    assert server.certificate == certificate  # the one made before the browser started
    url = server.team_url("blue")
    assert url.startswith("https://127.0.0.1:")
    pinned_browser.get(url)
    assert pinned_browser.current_url == url
    assert "Blue" in pinned_browser.find_element(By.TAG_NAME, "h1").text
    assert pinned_browser.execute_script("return window.isSecureContext") is True
