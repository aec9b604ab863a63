"""The team pages in a real headless Chromium, against a real server and a real game file.

One browser and one server for the module; each test uses its own team or its own state.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from wargame.game import MoveContent, Viewer
from wargame.web.server import TeamPagesServer

from .support import Played, new_game, request, serving

WAIT_S = 5.0


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Played]:
    game = new_game(tmp_path_factory.mktemp("browser") / "game.wargame")
    yield game
    game.game.close()


@pytest.fixture(scope="module")
def server(played: Played) -> Iterator[TeamPagesServer]:
    with serving(played.path) as running:
        yield running


def wait_for(browser: Any, condition: Any, timeout: float = WAIT_S) -> None:
    """Wait until ``condition()`` holds, checking every 20 ms, failing after ``timeout``."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, timeout, poll_frequency=0.02).until(lambda _: condition())


def _live(browser: Any) -> bool:
    """The page's live stream is open (the footer's text before it opens says "Live" too)."""
    from selenium.webdriver.common.by import By

    return bool(browser.find_element(By.ID, "connection").get_attribute("class") == "live")


def fill(browser: Any, field_id: str, text: str) -> None:
    from selenium.webdriver.common.by import By

    field = browser.find_element(By.ID, field_id)
    field.clear()
    field.send_keys(text)


def press(browser: Any, selector: str) -> None:
    from selenium.webdriver.common.by import By

    button = browser.find_element(By.CSS_SELECTOR, selector)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()


def choose(browser: Any, field_id: str, label: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element(By.ID, field_id)).select_by_visible_text(label)


def test_a_move_sent_from_the_page_reaches_the_record_as_the_team_and_its_author(
    browser: Any, server: TeamPagesServer, played: Played
) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server.team_url("blue"))
    choose(browser, "move-author", "Alice")
    fill(browser, "move-title", "Patrol the strait")
    fill(browser, "move-action", "Two frigates patrol the strait by day.")
    fill(browser, "move-result", "Borovia sees resolve")
    press(browser, "form[data-form=move] button")
    wait_for(browser, lambda: "is with the white cell" in browser.page_source)
    moves = played.game.queries().moves(Viewer.facilitator())
    sent = [m for m in moves if m.title == "Patrol the strait"]
    assert len(sent) == 1
    assert (sent[0].team_id, sent[0].author, sent[0].visibility) == ("blue", "Alice", "secret")
    assert browser.find_element(By.ID, "move-title").get_attribute("value") == ""
    assert f"#{sent[0].id} Patrol the strait" in browser.find_element(By.ID, "moves").text
    assert f"Your move (#{sent[0].id}) is with the white cell." in browser.page_source


def test_a_draft_survives_a_reload(browser: Any, server: TeamPagesServer) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server.team_url("blue"))
    fill(browser, "move-title", "Half-typed order")
    fill(browser, "move-action", "Line one\nЛиния два 🚢")
    browser.refresh()
    wait_for(
        browser, lambda: browser.find_element(By.ID, "move-title").get_attribute("value") != ""
    )
    assert browser.find_element(By.ID, "move-title").get_attribute("value") == "Half-typed order"
    action = browser.find_element(By.ID, "move-action").get_attribute("value")
    assert action == "Line one\nЛиния два 🚢"


def test_another_team_never_receives_a_sealed_move(
    browser: Any, server: TeamPagesServer, played: Played
) -> None:
    played.game.submit_move(
        played.alice,
        MoveContent(title="SEALED-BLUE-7", action="hidden action", intended_result="hidden"),
    )
    server.notify_changed()
    browser.get(server.team_url("red"))
    assert "Red team" in browser.page_source
    assert "SEALED-BLUE-7" not in browser.page_source
    assert "hidden action" not in browser.page_source
    raw = request(server.team_url("red"))
    assert raw.status == 200
    for secret in ("SEALED-BLUE-7", "hidden action", "Your navy is stronger at sea"):
        assert secret not in raw.text  # not even in the HTML the browser was sent
    assert str(played.game.queries().summary().seed) not in raw.text
    assert "SEALED-BLUE-7" in request(server.team_url("blue")).text


def test_live_updates_arrive_within_a_second(
    browser: Any, server: TeamPagesServer, played: Played
) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server.team_url("blue"))
    wait_for(browser, lambda: _live(browser))
    fill(browser, "move-title", "typed while the phase changes")
    inject = played.game.scenario.injects[0]
    played.game.release_inject(played.fac, inject.id)
    started = time.monotonic()
    server.notify_changed()  # what the facilitator's window does after each change
    wait_for(browser, lambda: inject.title in browser.find_element(By.ID, "injects").text, 1.0)
    assert time.monotonic() - started < 1.0
    # A change the server learns of only by watching the record arrives within a second too.
    played.game.advance(played.fac)
    started = time.monotonic()
    wait_for(
        browser, lambda: "Moves can be sent" not in browser.find_element(By.ID, "now").text, 1.0
    )
    assert time.monotonic() - started < 1.0
    assert (
        browser.find_element(By.ID, "move-title").get_attribute("value")
        == "typed while the phase changes"
    )


def test_a_revoked_link_is_refused_and_its_open_page_is_told(
    browser: Any, server: TeamPagesServer
) -> None:
    from selenium.webdriver.common.by import By

    old = server.team_url("red")
    browser.get(old)
    wait_for(browser, lambda: _live(browser))
    server.reissue("red")
    banner = browser.find_element(By.ID, "revoked")
    wait_for(browser, lambda: banner.is_displayed())
    assert "revoked" in banner.text
    browser.get(old)
    assert "Link not valid" in browser.page_source
    assert request(old).status == 403
    assert request(server.team_url("red")).status == 200


def test_pages_at_phone_and_laptop_size(
    browser: Any, server: TeamPagesServer, tmp_path: Path
) -> None:
    """Render the page at 390×844 and at laptop size (kept under WARGAME_SHOTS if set)."""
    import os

    from selenium.webdriver.common.by import By

    folder = Path(os.environ.get("WARGAME_SHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    for name, (width, height) in {"phone": (390, 844), "laptop": (1366, 900)}.items():
        browser.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 500},
        )
        browser.get(server.team_url("blue"))
        wide = browser.execute_script("return document.documentElement.scrollWidth")
        assert wide <= width  # nothing runs off the side of the screen
        button = browser.find_element(By.CSS_SELECTOR, "form[data-form=move] button")
        assert button.size["height"] >= 44  # a thumb can hit it
        assert browser.save_screenshot(str(folder / f"team-page-{name}.png"))
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


UNLABELLED = """
return [...document.querySelectorAll('input, textarea, select')]
  .filter((el) => el.type !== 'hidden')
  .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
  .map((el) => el.name || el.id);
"""


def test_the_page_reads_with_a_screen_reader_and_loads_nothing_from_outside(
    browser: Any, server: TeamPagesServer
) -> None:
    browser.get(server.team_url("blue"))
    assert browser.execute_script(UNLABELLED) == []  # every control has a label
    assert browser.execute_script("return document.documentElement.lang") == "en"
    headings = browser.execute_script(
        "return [...document.querySelectorAll('h1, h2')].map((h) => h.textContent.trim())"
    )
    assert headings[0] == "Blue team"
    assert {"Now", "New move", "Injects", "Our moves", "State of play", "Briefing"} <= set(headings)
    assert browser.execute_script("return [...document.images].every((img) => img.alt.length > 10)")
    origin = server.base_url
    sources = browser.execute_script(
        "return performance.getEntriesByType('resource').map((r) => r.name)"
    )
    assert sources and all(source.startswith(origin + "/") for source in sources)
