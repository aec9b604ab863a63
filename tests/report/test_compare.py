"""`wargame compare`: the demo game against two shorter plays of it, and tutorial games.

Plays of another scenario, of another version of it, or the same game twice are refused
with a sentence, and nothing is written.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook
from pypdf import PdfReader

from wargame.cli import main
from wargame.game.series import SeriesRefused, read_series

from .report_helpers import page_texts, squeeze

REPO = Path(__file__).resolve().parents[2]
DEMO_SCRIPT = REPO / "scenarios" / "troop-deployment.demo.yaml"
TUTORIAL_SCRIPT = REPO / "tests" / "fixtures" / "game" / "tutorial-game.yaml"


def _short_play(folder: Path, name: str, seed: int, advances: int) -> Path:
    """The demo script up to its ``advances``-th advance, then the end, in a new game."""
    actions: list[dict[str, Any]] = yaml.safe_load(DEMO_SCRIPT.read_text(encoding="utf-8"))
    cut: list[dict[str, Any]] = []
    for action in actions:
        cut.append(action)
        if action["do"] == "advance":
            advances -= 1
            if advances == 0:
                break
    cut.append({"do": "end"})
    script = folder / f"{name}.yaml"
    script.write_text(yaml.safe_dump(cut, allow_unicode=True, sort_keys=False), encoding="utf-8")
    game = folder / f"{name}.wargame"
    assert (
        main(
            [
                "new",
                "troop-deployment",
                "-o",
                str(game),
                "--seed",
                str(seed),
                "--facilitator",
                "Alex Morgan",
                "--title",
                f"Short play {name}",
            ]
        )
        == 0
    )
    assert main(["play", str(game), str(script)]) == 0
    return game


@pytest.fixture(scope="module")
def plays(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The demo, a shorter play with the demo's seed, and one with another seed."""
    folder = tmp_path_factory.mktemp("series")
    assert main(["demo", "-o", str(folder / "demo")]) == 0
    return [
        folder / "demo" / "demo.wargame",
        _short_play(folder, "same-dice", 20261125, 8),
        _short_play(folder, "other-dice", 99, 10),
    ]


@pytest.fixture(scope="module")
def tutorials(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Three plays of the tutorial fixture script: two with the same seed, one another."""
    folder = tmp_path_factory.mktemp("tutorials")
    out = []
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        path = folder / f"{name}.wargame"
        assert main(["new", "tutorial", "-o", str(path), "--seed", str(seed)]) == 0
        assert main(["play", str(path), str(TUTORIAL_SCRIPT)]) == 0
        out.append(path)
    return out


@pytest.fixture(scope="module")
def series_pdf(plays: list[Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("out")
    pdf, xlsx = folder / "SERIES.pdf", folder / "series.xlsx"
    assert main(["compare", *map(str, plays), "-o", str(pdf), "--xlsx", str(xlsx)]) == 0
    return pdf, xlsx


def test_the_comparison_shows_every_part(series_pdf: tuple[Path, Path]) -> None:
    joined = squeeze("".join(page_texts(series_pdf[0])))
    for part in (
        "3playsofTroopDeployment",
        "Escalationcurvesoverlaid",
        "Redlines:howoftenandwhencrossed",
        "Outcomedistributions",
        "Perteam",
        "Permovetag",
        "Finaltrackvalues",
        "Atablepergame",
        "Firstdivergence",
    ):
        assert part in joined, part
    assert "EuropeantroopsonUkrainiansoil1of3" in joined or "Europeantroops" in joined


def test_the_same_dice_agree_until_the_shorter_play_stops(plays: list[Path]) -> None:
    series = read_series(plays)
    demo, same, _ = series.plays
    done = same.complete_turns + 1  # the start and every turn played to its end
    assert same.complete_turns >= 1
    assert same.escalation[:done] == demo.escalation[:done]
    assert series.divergence_from_first[1] is None
    assert series.divergence_from_first[2] is not None
    assert series.first_divergence == series.divergence_from_first[2]


def test_the_workbook_has_the_turn_on_every_row_of_its_per_turn_sheet(
    series_pdf: tuple[Path, Path],
) -> None:
    book = load_workbook(series_pdf[1])
    assert book.sheetnames == ["games", "escalation", "red_lines", "outcomes", "final_tracks"]
    rows = list(book["escalation"].iter_rows(values_only=True))
    assert rows[0] == ("turn", "game", "level")
    assert all(isinstance(r[0], int) for r in rows[1:])
    assert len(list(book["games"].iter_rows())) == 4


def test_the_comparison_renders(series_pdf: tuple[Path, Path], tmp_path: Path) -> None:
    subprocess.run(
        ["pdftoppm", "-png", "-r", "30", str(series_pdf[0]), str(tmp_path / "p")], check=True
    )
    assert len(list(tmp_path.glob("p-*.png"))) == len(PdfReader(series_pdf[0]).pages)


def test_identical_tutorial_plays_never_diverge(tutorials: list[Path]) -> None:
    series = read_series(tutorials[:2])
    assert series.first_divergence is None
    assert read_series(tutorials).plays[2].turns_played == series.plays[0].turns_played


def test_plays_of_another_scenario_are_refused_with_a_sentence(
    plays: list[Path], tutorials: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "S.pdf"
    assert main(["compare", str(plays[0]), str(tutorials[0]), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "a.wargame is a play of the scenario 'tutorial', not of 'troop-deployment'" in err
    assert not out.exists()


def test_plays_of_another_version_are_refused(tutorials: list[Path], tmp_path: Path) -> None:
    text = (REPO / "scenarios" / "tutorial.yaml").read_text(encoding="utf-8")
    newer = tmp_path / "tutorial.yaml"
    newer.write_text(text.replace('version: "1.0"', 'version: "1.1"', 1), encoding="utf-8")
    game = tmp_path / "newer.wargame"
    assert main(["new", str(newer), "-o", str(game)]) == 0
    with pytest.raises(SeriesRefused, match=r"newer.wargame plays version 1.1 against version 1.0"):
        read_series([tutorials[0], game])


def test_the_same_game_twice_or_alone_is_refused(tutorials: list[Path]) -> None:
    with pytest.raises(SeriesRefused, match="are the same game"):
        read_series([tutorials[0], tutorials[0]])
    with pytest.raises(SeriesRefused, match="at least two games"):
        read_series(tutorials[:1])


def test_a_file_that_is_not_a_game_is_refused_with_its_name(
    tutorials: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bogus = tmp_path / "bogus.wargame"
    bogus.write_bytes(b'=HYPERLINK("x")' + bytes(range(256)))
    out = tmp_path / "S.pdf"
    assert main(["compare", str(tutorials[0]), str(bogus), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "bogus.wargame" in err and "Traceback" not in err
    assert not out.exists()
