"""Fixtures for the report tests: a rich game played once, and its PDFs built once."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.game import Game, GameRecord, Viewer
from wargame.report import build_after_action_report, write_after_action_report, write_briefings
from wargame.scenario import Scenario

from .report_helpers import GENERATED, PlayedGame, invariant_pdfs, play_rich_game


@pytest.fixture(scope="session")
def rich_game(tmp_path_factory: pytest.TempPathFactory) -> PlayedGame:
    return play_rich_game(tmp_path_factory.mktemp("rich") / "rich.wargame")


@pytest.fixture(scope="session")
def rich_record(rich_game: PlayedGame) -> GameRecord:
    with Game.open(rich_game.path) as game:
        return game.queries().record(Viewer.facilitator())


@pytest.fixture(scope="session")
def rich_scenario(rich_game: PlayedGame) -> Scenario:
    with Game.open(rich_game.path) as game:
        return game.scenario


@pytest.fixture(scope="session")
def facilitator_pdf(rich_game: PlayedGame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("aar") / "facilitator.pdf"
    with invariant_pdfs(), Game.open(rich_game.path) as game:
        record = game.queries().record(Viewer.facilitator())
        build_after_action_report(record, game.scenario, out, generated_at=GENERATED)
    return out


@pytest.fixture(scope="session")
def public_pdf(rich_game: PlayedGame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("aar") / "public.pdf"
    with invariant_pdfs(), Game.open(rich_game.path) as game:
        write_after_action_report(game, out, paper="letter", audience="public")
    return out


@pytest.fixture(scope="session")
def briefing_pdfs(rich_game: PlayedGame, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("briefings")
    with invariant_pdfs(), Game.open(rich_game.path) as game:
        return write_briefings(game, out)
