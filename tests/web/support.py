"""Helpers for the team pages' tests: a real game file in play, a real server, raw HTTP."""

from __future__ import annotations

import http.client
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from wargame.game import Game, JoinRequest
from wargame.scenario import load_scenario
from wargame.web.server import ServeOptions, TeamPagesServer

REPO = Path(__file__).resolve().parents[2]
TUTORIAL = REPO / "scenarios" / "tutorial.yaml"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@dataclass
class Played:
    """A tutorial game in its moves phase: the facilitator's own game and the seats."""

    path: Path
    game: Game
    fac: int
    alice: int  # blue
    bob: int  # red


def new_game(path: Path, *, phase: str = "moves") -> Played:
    """Create a tutorial game at ``path``, seat Alice (blue) and Bob (red), go to ``phase``."""
    game = Game.create(path, load_scenario(TUTORIAL), seed=86_753_091_234_577, facilitator="Fay")
    fac = game.queries().participants()[0].id
    alice = game.join(fac, JoinRequest(name="Alice", role="player", team_id="blue"))
    bob = game.join(fac, JoinRequest(name="Bob", role="player", team_id="red"))
    game.start(fac)
    while game.queries().summary().phase_id != phase:
        game.advance(fac)
    return Played(path, game, fac, alice, bob)


@contextmanager
def serving(path: Path, **options: object) -> Iterator[TeamPagesServer]:
    """A team pages server on a free loopback port for the game file at ``path``."""
    server = TeamPagesServer(path, ServeOptions(port=0, **options))  # type: ignore[arg-type]
    server.start()
    try:
        yield server
    finally:
        server.stop()


@dataclass(frozen=True)
class Answer:
    """An HTTP answer: status, headers (lower-case names) and body text."""

    status: int
    headers: dict[str, str]
    text: str


def request(
    url: str,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Answer:
    """One plain HTTP request, no redirects followed."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, text)
    finally:
        conn.close()


def page_session(url: str) -> tuple[str, str]:
    """Open a team page as a new device: its device cookie and the form's CSRF token."""
    answer = request(url)
    assert answer.status == 200, answer.text
    cookie = answer.headers["set-cookie"].split(";", 1)[0]
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', answer.text)
    assert token is not None
    return cookie, token.group(1)


def browser_missing() -> str | None:
    """Why no browser test can run here, or None when Chromium and its driver are present."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.exists() and shutil.which(path.name) is None:
            return f"{path} is missing (apt-get install chromium chromium-driver)"
    return None


def chromium(profile: Path, *flags: str) -> Iterator[object]:
    """A headless Chromium with ``flags`` added, quit when the generator closes."""
    missing = browser_missing()
    if missing is not None:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run under CI: {missing}", pytrace=False)
        pytest.skip(f"browser tests skipped: {missing}")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1280,900",
        *flags,
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.set_page_load_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()
