"""What the app remembers between runs (QSettings): recent games, layout, theme.

Kept in one small class so that every key is named once and tests, which point
``XDG_CONFIG_HOME`` at a temp folder, see the same storage as the app.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from wargame.ui.theme import Theme

MAX_RECENT = 10


@dataclass(frozen=True)
class RecentGame:
    """A game file opened before, with what the start page shows of it."""

    path: str
    title: str
    scenario_id: str
    opened_at: str

    @property
    def exists(self) -> bool:
        """True while the file is still there."""
        return Path(self.path).is_file()


class AppSettings:
    """Typed access to the app's QSettings."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._s = settings or QSettings("wargame", "wargame")

    # ---- recent games

    def recent_games(self) -> list[RecentGame]:
        """Recently opened games, most recent first."""
        raw = self._s.value("recent/games", "[]")
        try:
            items = json.loads(str(raw))
        except ValueError:
            return []
        out = []
        for item in items if isinstance(items, list) else []:
            try:
                out.append(RecentGame(**{k: str(item[k]) for k in RecentGame.__dataclass_fields__}))
            except (KeyError, TypeError):
                continue
        return out

    def remember_game(self, path: Path, title: str, scenario_id: str) -> None:
        """Put a game at the top of the recent list."""
        resolved = str(path.resolve()) if path.exists() else str(path)
        entry = RecentGame(
            resolved, title, scenario_id, dt.datetime.now().isoformat(timespec="minutes")
        )
        rest = [g for g in self.recent_games() if g.path != resolved]
        items = [entry, *rest][:MAX_RECENT]
        self._s.setValue("recent/games", json.dumps([asdict(g) for g in items]))

    def forget_game(self, path: str) -> None:
        """Remove a game from the recent list."""
        items = [g for g in self.recent_games() if g.path != path]
        self._s.setValue("recent/games", json.dumps([asdict(g) for g in items]))

    # ---- window layout

    def window_state(self, name: str) -> tuple[QByteArray | None, QByteArray | None]:
        """The saved geometry and dock state of a window."""
        geometry = self._s.value(f"{name}/geometry")
        state = self._s.value(f"{name}/state")
        return (
            geometry if isinstance(geometry, QByteArray) else None,
            state if isinstance(state, QByteArray) else None,
        )

    def save_window_state(self, name: str, geometry: QByteArray, state: QByteArray) -> None:
        """Remember a window's geometry and dock layout."""
        self._s.setValue(f"{name}/geometry", geometry)
        self._s.setValue(f"{name}/state", state)

    def forget_window_state(self, name: str) -> None:
        """Drop a window's saved layout (View ▸ Reset layout)."""
        self._s.remove(f"{name}/geometry")
        self._s.remove(f"{name}/state")

    # ---- theme and paper

    def theme(self) -> Theme:
        """The chosen theme (system by default)."""
        try:
            return Theme(str(self._s.value("view/theme", Theme.SYSTEM.value)))
        except ValueError:
            return Theme.SYSTEM

    def set_theme(self, theme: Theme) -> None:
        """Remember the chosen theme."""
        self._s.setValue("view/theme", theme.value)

    def sync(self) -> None:
        """Write pending changes to disk."""
        self._s.sync()
