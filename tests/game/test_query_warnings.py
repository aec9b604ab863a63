"""Every query runs clean under ``filterwarnings = error`` (a deprecated SQLAlchemy call in
GameQueries once made every query naming people warn)."""

from __future__ import annotations

import pytest

from wargame.game import Viewer

from .support import Table


@pytest.mark.filterwarnings("error")
def test_queries_raise_no_warning(file_table: Table) -> None:
    t = file_table
    t.go_to("moves")
    t.move(t.alice, "Patrol", visibility="public")
    t.game.note(t.fac, "n")
    for viewer in (Viewer.facilitator(), Viewer.team("blue"), Viewer.observer(), Viewer.public()):
        assert t.q.record(viewer).moves
        assert t.q.assignments() and t.q.phases()
