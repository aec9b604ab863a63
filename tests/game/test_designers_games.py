"""The three scenarios written for format 2, each created, played, verified, reported, briefed.

A second theatre with its own map file (played, then moved away from its scenario's folder),
a tabletop with no map, units or track, and coalitions with fog of war and expression
triggers. Everything runs through the command line, as a facilitator would.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from wargame.cli import main
from wargame.game import Game

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios"
GAMES = {
    "baltic": (FIXTURES / "baltic" / "baltic.yaml", FIXTURES / "baltic" / "baltic.play.yaml"),
    "ransomware": (FIXTURES / "ransomware.yaml", FIXTURES / "ransomware.play.yaml"),
    "kest": (FIXTURES / "kest-coalitions.yaml", FIXTURES / "kest-coalitions.play.yaml"),
}


def _texts(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def _play(tmp_path: Path, name: str, scenario: Path | None = None) -> Path:
    source, script = GAMES[name]
    game = tmp_path / f"{name}.wargame"
    assert main(["new", str(scenario or source), "-o", str(game), "--seed", "11"]) == 0
    assert main(["play", str(game), str(script)]) == 0
    return game


@pytest.mark.parametrize("name", sorted(GAMES))
def test_played_for_three_turns_verified_reported_and_briefed(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    game = _play(tmp_path, name)
    with Game.open(game) as opened:
        summary = opened.queries().summary()
        assert summary.status == "ended" and summary.turn >= 3
    capsys.readouterr()
    assert main(["verify", str(game)]) == 0
    assert "every record matches the hash chain" in capsys.readouterr().out
    assert main(["report", str(game), "-o", str(tmp_path / "aar.pdf")]) == 0
    assert main(["briefings", str(game), "-o", str(tmp_path / "packs")]) == 0
    packs = sorted(p.name for p in (tmp_path / "packs").iterdir())
    assert packs == ["briefing-" + t + ".pdf" for t in _teams(name)]
    assert len(PdfReader(tmp_path / "aar.pdf").pages) > 3


def _teams(name: str) -> list[str]:
    return {
        "baltic": ["blue", "red"],
        "ransomware": ["attackers", "defenders"],
        "kest": ["blue", "red"],
    }[name]


def test_a_game_with_its_own_map_reports_the_same_after_it_is_moved(tmp_path: Path) -> None:
    folder = tmp_path / "designer"
    shutil.copytree(FIXTURES / "baltic", folder)
    game = _play(tmp_path, "baltic", folder / "baltic.yaml")
    assert main(["report", str(game), "-o", str(tmp_path / "before.pdf")]) == 0
    moved = tmp_path / "elsewhere" / "crisis.wargame"
    moved.parent.mkdir()
    game.rename(moved)
    shutil.rmtree(folder)  # the scenario and its map are gone from this machine
    assert main(["report", str(moved), "-o", str(tmp_path / "after.pdf")]) == 0
    before, after = _texts(tmp_path / "before.pdf"), _texts(tmp_path / "after.pdf")
    assert after == before
    assert any("Suwałki Gap" in page and "Kaliningrad" in page for page in after)
    assert not any("was not found" in page for page in after)


def test_a_game_whose_stored_map_was_altered_is_refused(tmp_path: Path) -> None:
    import sqlite3

    game = _play(tmp_path, "baltic")
    connection = sqlite3.connect(game)
    with connection:
        connection.execute("UPDATE scenario_file SET content = CAST('{}' AS BLOB)")
    connection.close()
    with pytest.raises(Exception, match="does not match its hash"):
        Game.open(game)


def test_the_tabletop_report_has_no_map_pages_and_no_ladder(tmp_path: Path) -> None:
    game = _play(tmp_path, "ransomware")
    assert main(["report", str(game), "-o", str(tmp_path / "aar.pdf")]) == 0
    text = "\n".join(_texts(tmp_path / "aar.pdf"))
    assert "escalation ladder" not in text.lower()
    assert "map file" not in text
    assert "The crew is back" in text


def test_a_teams_cut_of_the_scenario_keeps_its_actors_and_hides_the_control_section() -> None:
    from wargame.game.team_terms import team_scenario_text
    from wargame.scenario import load_scenario, parse_scenario

    kest = load_scenario(FIXTURES / "kest-coalitions.yaml").scenario
    cut = parse_scenario(team_scenario_text(kest, "blue")).scenario
    assert cut.actor("vespera").briefing == kest.actor("vespera").briefing
    assert cut.actor("borovia").objectives == ()
    assert cut.control.ground_truth is None and cut.injects == ()
    assert "repainted" not in team_scenario_text(kest, "red")


def test_a_reinforcement_is_reported_off_the_map_at_the_start(tmp_path: Path) -> None:
    game = _play(tmp_path, "kest")
    assert main(["report", str(game), "-o", str(tmp_path / "aar.pdf")]) == 0
    text = " ".join(" ".join(page.split()) for page in _texts(tmp_path / "aar.pdf"))
    assert "Corvette Smely Borovia naval off the map at the start (declared for Borovian" in text
