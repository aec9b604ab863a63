"""Game › Team pages on the venue network…: the dialog, a real server, a real game file.

Moves sent from a team page (plain HTTP, as a browser sends them) must reach the
facilitator's window at once; the window's own changes must reach the pages; the server
stops when the game closes.
"""

from __future__ import annotations

import http.client
import re
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from pytestqt.qtbot import QtBot

from wargame.game import GameEvent, Viewer
from wargame.ui.main_window import MainWindow
from wargame.ui.team_pages import TeamPagesDialog

from .conftest import ScriptedNotifier


def request(
    url: str, method: str = "GET", body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, str, str]:
    """One plain HTTP request: status, Set-Cookie header and body text."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        conn.request(method, parts.path, body=body, headers=headers or {})
        response = conn.getresponse()
        text = response.read().decode()
        return response.status, response.getheader("set-cookie") or "", text
    finally:
        conn.close()


def page_session(url: str) -> tuple[str, str]:
    """Open a team page as a new device: its device cookie and the form's CSRF token."""
    status, cookie, text = request(url)
    assert status == 200
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', text)
    assert token is not None
    return cookie.split(";", 1)[0], token.group(1)


def serving_dialog(window: MainWindow, qtbot: QtBot) -> TeamPagesDialog:
    dialog = window.show_team_pages()
    assert dialog is not None
    dialog.address.setCurrentText("127.0.0.1")
    dialog.port.setValue(_free_port())
    with qtbot.waitSignal(dialog.serving, timeout=30_000):
        assert dialog.start()
    return dialog


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_dialog_serves_a_link_and_qr_code_per_team(
    window: MainWindow, tutorial_game: Path, qtbot: QtBot, tmp_path: Path
) -> None:
    assert window.open_game(tutorial_game)
    assert window.team_pages_action.isEnabled()
    dialog = serving_dialog(window, qtbot)
    assert set(dialog.cards) == {"blue", "red"}
    for card in dialog.cards.values():
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/t/[\w-]{43}", card.link.text())
        assert not card.qr.pixmap().isNull()
        assert request(card.link.text())[0] == 200
    assert "Serving at http://127.0.0.1" in dialog.status.text()
    large = dialog.show_large("red")
    assert large is not None
    qtbot.addWidget(large)
    assert "Red team" in large.windowTitle()
    assert large.grab().save(str(tmp_path / "team-pages-qr.png"))
    assert dialog.grab().save(str(tmp_path / "team-pages-dialog.png"))


def test_a_move_from_a_team_page_reaches_the_window_and_the_roster(
    window: MainWindow, tutorial_game: Path, qtbot: QtBot
) -> None:
    assert window.open_game(tutorial_game)
    session = window.session
    assert session is not None
    while session.summary().phase_id != "moves":
        session.game.advance(session.facilitator_id)
    dialog = serving_dialog(window, qtbot)
    url = dialog.cards["red"].link.text()
    cookie, token = page_session(url)
    dialog.refresh_roster()
    assert dialog.cards["red"].presence.text().startswith("1 device connected")
    assert "waiting on this team" in dialog.cards["red"].presence.text()
    boris = next(p.id for p in session.participants() if p.name == "Борис")
    form = {
        "csrf": token,
        "author": str(boris),
        "title": "Coast guard surge",
        "action": "Ten cutters sail.",
        "intended_result": "Fishing stops",
    }

    def is_move(event: GameEvent) -> bool:
        return event.action == "submit_move"

    with qtbot.waitSignal(session.changed, timeout=5000, check_params_cb=is_move):
        status, _, _ = request(
            url + "/move",
            "POST",
            urlencode(form).encode(),
            {"content-type": "application/x-www-form-urlencoded", "cookie": cookie},
        )
    assert status == 303
    moves = session.moves(Viewer.facilitator())
    assert [(m.title, m.team_id, m.author) for m in moves] == [
        ("Coast guard surge", "red", "Борис")
    ]
    qtbot.waitUntil(lambda: "waiting" not in dialog.cards["red"].presence.text(), timeout=3000)


def test_revoking_a_link_refuses_it_and_a_new_link_works(
    window: MainWindow, tutorial_game: Path, qtbot: QtBot
) -> None:
    assert window.open_game(tutorial_game)
    dialog = serving_dialog(window, qtbot)
    old = dialog.cards["blue"].link.text()
    dialog.revoke("blue")
    assert "revoked" in dialog.cards["blue"].link.text()
    assert request(old)[0] == 403
    dialog.reissue("blue")
    new = dialog.cards["blue"].link.text()
    assert new != old and request(new)[0] == 200


def test_every_interface_needs_the_facilitators_confirmation(
    window: MainWindow, tutorial_game: Path, notifier: ScriptedNotifier
) -> None:
    assert window.open_game(tutorial_game)
    dialog = window.show_team_pages()
    assert dialog is not None
    dialog.address.setCurrentText("0.0.0.0")
    notifier.confirms.append(False)
    assert not dialog.start()
    assert "every network" in notifier.questions[-1]
    assert dialog.server is None


def test_a_refused_address_is_said_in_a_sentence(
    window: MainWindow, tutorial_game: Path, notifier: ScriptedNotifier, qtbot: QtBot
) -> None:
    assert window.open_game(tutorial_game)
    dialog = window.show_team_pages()
    assert dialog is not None
    dialog.address.setCurrentText("the venue wifi")
    with qtbot.waitSignal(dialog.refused, timeout=30_000):
        assert dialog.start()
    assert "is not an IP address" in notifier.last_error()
    assert dialog.server is None and dialog.start_button.isEnabled()


def test_closing_the_game_stops_the_pages(
    window: MainWindow, tutorial_game: Path, qtbot: QtBot
) -> None:
    assert window.open_game(tutorial_game)
    dialog = serving_dialog(window, qtbot)
    server = dialog.server
    assert server is not None
    url = dialog.cards["blue"].link.text()
    assert request(url)[0] == 200
    window.close_game()
    assert not server.running
    assert window.team_pages is None
    with pytest.raises(OSError):
        request(url)


def test_qr_codes_are_saved_for_printing(
    window: MainWindow,
    tutorial_game: Path,
    qtbot: QtBot,
    notifier: ScriptedNotifier,
    tmp_path: Path,
) -> None:
    assert window.open_game(tutorial_game)
    dialog = serving_dialog(window, qtbot)
    folder = tmp_path / "handouts"
    folder.mkdir()
    notifier.folders.append(str(folder))
    dialog.save_codes()
    assert (folder / "blue.png").read_bytes().startswith(b"\x89PNG")
    assert "<svg" in (folder / "red.svg").read_text(encoding="utf-8")
    links = (folder / "team-links.txt").read_text(encoding="utf-8")
    assert dialog.cards["blue"].link.text() in links
    notifier.folders.append(str(tmp_path / "missing" / "folder"))
    dialog.save_codes()
    assert "cannot write the QR codes" in notifier.last_error()


def test_closing_the_game_while_the_pages_start_leaves_no_server_running(
    window: MainWindow, tutorial_game: Path
) -> None:
    from PySide6.QtCore import QThreadPool

    assert window.open_game(tutorial_game)
    dialog = window.show_team_pages()
    assert dialog is not None
    dialog.address.setCurrentText("127.0.0.1")
    port = _free_port()
    dialog.port.setValue(port)
    assert dialog.start()
    window.close_game()  # before the worker has reported back
    assert QThreadPool.globalInstance().waitForDone(30_000)
    with pytest.raises(OSError):
        request(f"http://127.0.0.1:{port}/")


def test_the_windows_own_changes_wake_the_pages(
    window: MainWindow, tutorial_game: Path, qtbot: QtBot
) -> None:
    assert window.open_game(tutorial_game)
    session = window.session
    assert session is not None
    dialog = serving_dialog(window, qtbot)
    server = dialog.server
    assert server is not None
    before = server.feed.count
    assert session.act("Next phase", lambda: session.game.advance(session.facilitator_id)).ok
    qtbot.waitUntil(lambda: server.feed.count > before, timeout=2000)
