"""Names cannot be spoofed and text must be characters, at input and for old records.

The rule (wargame/text.py): a name — a participant's, the game's title, a move's or an
inject's title, a scenario's names — loses every invisible formatting character (bidi
controls such as U+202E, zero-width characters), and line breaks in it become spaces. A
lone surrogate is refused with a sentence and changes nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.game import AdHocInject, Game, InvalidInput, JoinRequest, Viewer
from wargame.scenario import LoadedScenario, parse_scenario
from wargame.text import clean_name

from .support import SCENARIOS, Table, make_table, sqlite_exec

FAC = Viewer.facilitator()
SPOOFS = [
    "Ali\u202ece",  # right-to-left override
    "Al\u200bice",  # zero-width space
    "\u2066Alice\u2069",  # isolates
    "Alice\u200f",  # right-to-left mark
    "\ufeffAl\u200dice",  # byte-order mark, zero-width joiner
]


@pytest.fixture
def table(tmp_path: Path, tutorial_loaded: LoadedScenario) -> Iterator[Table]:
    with make_table(str(tmp_path / "game.wargame"), tutorial_loaded) as t:
        yield t


@pytest.mark.parametrize("spoof", SPOOFS)
def test_a_name_with_invisible_characters_is_the_same_name(table: Table, spoof: str) -> None:
    with pytest.raises(InvalidInput, match="there is already a participant called Alice"):
        table.game.join(table.fac, JoinRequest(name=spoof, role="player", team_id="blue"))


def test_invisible_characters_are_removed_from_a_new_name(table: Table) -> None:
    pid = table.game.join(
        table.fac, JoinRequest(name="\u202eDa\u200bve\nSmith\u202c", role="observer")
    )
    assert table.q.participant(pid).name == "Dave Smith"


def test_a_name_of_only_invisible_characters_is_empty(table: Table) -> None:
    before = table.q.participants()
    with pytest.raises(InvalidInput, match="the participant's name is empty"):
        table.game.join(table.fac, JoinRequest(name="\u202e\u200b\u2066", role="observer"))
    assert table.q.participants() == before


def test_move_and_inject_titles_lose_invisible_characters(table: Table) -> None:
    table.go_to("moves")
    move = table.move(table.alice, "Frigates\u202e into the strait")
    (view,) = [m for m in table.q.moves(FAC) if m.id == move]
    assert view.title == "Frigates into the strait"
    assert view.action == "Frigates\u202e into the strait: the action"  # free text is kept
    table.game.release_ad_hoc_inject(
        table.fac, AdHocInject(title="Storm\u200b warning", text="Rough seas.")
    )
    assert table.q.injects(FAC)[-1].title == "Storm warning"


def test_old_records_are_shown_without_invisible_characters(table: Table, tmp_path: Path) -> None:
    table.go_to("moves")
    table.move(table.alice, "Plain title")
    path = tmp_path / "game.wargame"
    sqlite_exec(path, "update participant set name = ? where id = ?", "Ali\u202eecnal", table.alice)
    sqlite_exec(path, "update move set title = ?", "Plain\u2067 title\u200b")
    sqlite_exec(path, "update game set title = ?", "Game\u202e title")
    names = {p.id: p.name for p in table.q.participants()}
    assert names[table.alice] == "Aliecnal"
    (move,) = table.q.moves(FAC)
    assert (move.title, move.author) == ("Plain title", "Aliecnal")
    assert table.q.summary().title == "Game title"


def test_a_lone_surrogate_is_refused_and_changes_nothing(table: Table) -> None:
    before = table.q.record(FAC)
    with pytest.raises(InvalidInput, match=r"the note holds a lone surrogate U\+D800"):
        table.game.note(table.fac, "text \ud800 more")
    with pytest.raises(InvalidInput, match="an undecodable byte 0xff at character 4"):
        table.game.join(table.fac, JoinRequest(name="Bad\udcff", role="observer"))
    after = table.q.record(FAC)
    assert (after.notes, after.participants, after.audit) == (
        before.notes,
        before.participants,
        before.audit,
    )


def test_a_game_title_with_a_surrogate_makes_no_file(
    tmp_path: Path, tutorial_loaded: LoadedScenario
) -> None:
    target = tmp_path / "new.wargame"
    with pytest.raises(InvalidInput, match="the game title holds an undecodable byte 0xe9"):
        Game.create(target, tutorial_loaded, title="Caf\udce9")
    assert list(tmp_path.iterdir()) == []


def test_scenario_names_lose_invisible_characters() -> None:
    text = (SCENARIOS / "tutorial.yaml").read_text(encoding="utf-8")
    spoofed = text.replace("name: Blue team", 'name: "Blue\\u202e team\\u200b"', 1)
    assert spoofed != text
    names = [t.name for t in parse_scenario(spoofed).scenario.teams]
    assert "Blue team" in names


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.text(alphabet=st.characters(exclude_categories=()), max_size=40))
def test_any_name_is_refused_or_kept_without_invisible_characters(table: Table, name: str) -> None:
    try:
        pid = table.game.join(table.fac, JoinRequest(name=name, role="observer"))
    except InvalidInput as refused:
        assert str(refused)
        return
    shown = table.q.participant(pid).name
    assert shown == clean_name(name)
    assert shown and not any(unicodedata.category(ch) in ("Cf", "Cc", "Cs") for ch in shown)
