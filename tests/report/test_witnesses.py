"""The report and the briefing packs print what lets anyone check the record later.

The record's fingerprint at the end of each turn, the SHA-256 of the dice's seed from the
start, and the seed itself only where it no longer gives away a roll to come.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.game import Game, JoinRequest
from wargame.game.chain import seed_commitment
from wargame.report import write_after_action_report, write_briefings
from wargame.scenario import find_scenario, load_scenario

from .report_helpers import page_texts, squeeze

SEED = 987654321


@pytest.fixture(scope="module")
def in_progress(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tutorial game in turn 2, with one digital roll: the seed still gives the next ones."""
    path = tmp_path_factory.mktemp("witness") / "game.wargame"
    path_of = find_scenario("tutorial")
    assert path_of is not None
    with Game.create(path, load_scenario(path_of), seed=SEED, facilitator="Fay") as game:
        fac = game.queries().participants()[0].id
        game.join(fac, JoinRequest(name="Alice", role="player", team_id="blue"))
        game.join(fac, JoinRequest(name="Bob", role="player", team_id="red"))
        game.start(fac)
        while game.queries().summary().turn < 2:
            game.advance(fac)
    return path


def _text(path: Path) -> str:
    return squeeze("\n".join(page_texts(path)))


def test_the_public_edition_of_a_game_in_progress_hides_the_seed(
    in_progress: Path, tmp_path: Path
) -> None:
    out = tmp_path / "public.pdf"
    with Game.open(in_progress) as game:
        write_after_action_report(game, out, audience="public")
        turn_one = game.queries().fingerprints()[0].fingerprint
    text = _text(out)
    assert str(SEED) not in text
    assert squeeze(seed_commitment(SEED)) in text
    assert squeeze(f"turn 1: {turn_one}") in text
    assert squeeze("The seed itself is printed once the game has ended") in text


def test_the_facilitator_edition_prints_the_seed(in_progress: Path, tmp_path: Path) -> None:
    out = tmp_path / "facilitator.pdf"
    with Game.open(in_progress) as game:
        write_after_action_report(game, out, audience="facilitator")
    text = _text(out)
    assert squeeze(f"seed {SEED}") in text
    assert squeeze(seed_commitment(SEED)) in text


def test_the_public_edition_prints_the_seed_once_the_game_has_ended(
    in_progress: Path, tmp_path: Path
) -> None:
    ended = tmp_path / "ended.wargame"
    ended.write_bytes(in_progress.read_bytes())
    out = tmp_path / "public.pdf"
    with Game.open(ended) as game:
        fac = game.queries().participants()[0].id
        game.end_game(fac)
        write_after_action_report(game, out, audience="public")
    assert squeeze(f"The seed is {SEED}") in _text(out)


def test_each_briefing_pack_prints_the_last_fingerprint_and_the_commitment(
    in_progress: Path, tmp_path: Path
) -> None:
    with Game.open(in_progress) as game:
        paths = write_briefings(game, tmp_path / "packs")
        last = game.queries().fingerprints()[-1]
    assert len(paths) == 2
    for pack in paths:
        text = _text(pack)
        assert squeeze(f"{last.fingerprint} at the end of turn {last.turn}") in text
        assert squeeze(seed_commitment(SEED)) in text
        assert str(SEED) not in text
