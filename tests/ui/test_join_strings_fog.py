"""The join strings dialog no longer warns of the fog of war: the shared database keeps it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from wargame.game.sharing import HostedGame, JoinString
from wargame.ui.shared_host import JoinStringsDialog, join_strings_text

from .conftest import ScriptedNotifier


def _hosted(fog_teams: tuple[str, ...]) -> HostedGame:
    url = "postgresql://wg_0123456789ab_{}:secret@192.168.1.20:5432/wargame?{}"
    return HostedGame(
        game_id=1,
        game_uid="0123456789abcdef0123456789abcdef",
        title="Kest coalitions",
        where="postgresql://wargame_host@192.168.1.20:5432/wargame",
        facilitator=JoinString(
            url.format("_facilitator", "role=facilitator"), None, "Facilitator", "wg_f"
        ),
        teams=tuple(
            JoinString(url.format(t, f"team={t}"), t, f"{t.title()} coalition", f"wg_{t}")
            for t in ("blue", "red")
        ),
        local_only=False,
        encrypted=True,
        fog_teams=fog_teams,
    )


@pytest.mark.parametrize("fog_teams", [("blue", "red"), ()])
def test_no_fog_warning_whoever_is_in_fog(
    qtbot: QtBot, tmp_path: Path, fog_teams: tuple[str, ...]
) -> None:
    dialog = JoinStringsDialog(_hosted(fog_teams), ScriptedNotifier())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    shown = " ".join(label.text() for label in dialog.findChildren(QLabel) if label.isVisible())
    assert "Blue coalition" in shown  # the dialog's own labels are read here
    assert "fog" not in shown.lower()
    assert "fog" not in join_strings_text(dialog._hosted).lower()
    if fog_teams:
        dialog.grab().save(str(tmp_path / "join-strings-fog.png"))
