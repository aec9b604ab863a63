"""The after-action report holds the whole record, in order, and prints any text literally."""

from __future__ import annotations

from pathlib import Path

from wargame.game import GameRecord
from wargame.game.views import MoveView
from wargame.report.lookup import OUTCOME_WORDS
from wargame.scenario import Scenario

from .report_helpers import (
    HOSTILE,
    LONG_WORD,
    POLISH,
    RUSSIAN,
    UKRAINIAN,
    PlayedGame,
    find_in_order,
    outline,
    page_texts,
    squeeze,
)


def _turn_pages(path: Path) -> str:
    """The text of the turn-by-turn part only (so the appendix cannot stand in for it)."""
    entries = outline(path)
    start = next(page for level, title, page in entries if title == "Turn by turn")
    end = next(page for level, title, page in entries if title == "The analysis plan traced")
    return "\n".join(page_texts(path)[start - 1 : end - 1])


def _report_order(record: GameRecord, scenario: Scenario) -> list[MoveView]:
    """Moves as the report prints them: by turn, then by team in scenario order."""
    teams = {t.id: i for i, t in enumerate(scenario.teams)}
    return sorted(record.moves, key=lambda m: (m.turn, teams[m.team_id], m.id))


def test_every_move_title_appears_in_its_turn_in_order(
    facilitator_pdf: Path, rich_record: GameRecord, rich_scenario: Scenario
) -> None:
    moves = _report_order(rich_record, rich_scenario)
    positions = find_in_order(_turn_pages(facilitator_pdf), [m.title for m in moves])
    missing = [m.title for m, at in zip(moves, positions, strict=True) if at < 0]
    assert not missing


def test_every_move_text_and_counter_argument_is_printed(
    facilitator_pdf: Path, rich_record: GameRecord
) -> None:
    text = squeeze(_turn_pages(facilitator_pdf))
    for move in rich_record.moves:
        for part in (move.action, move.intended_result, *move.reasons):
            assert (
                squeeze(part.replace("\x07", "").replace("\x1b", "").replace("\t", " ")) in text
            ), part
        for counter in move.counters:
            assert squeeze(counter.text) in text


def test_each_adjudication_follows_its_move_with_outcome_and_narrative(
    facilitator_pdf: Path, rich_record: GameRecord
) -> None:
    text = _turn_pages(facilitator_pdf)
    moves = {m.id: m for m in rich_record.moves}
    for ruling in rich_record.adjudications:
        needles = [f"Adjudication {ruling.id}", ruling.narrative]
        if ruling.move_id is not None:
            needles.insert(0, moves[ruling.move_id].title)
        if not ruling.voided:
            needles.insert(-1, f"Outcome: {OUTCOME_WORDS[ruling.outcome]}")
        positions = find_in_order(text, needles)
        assert all(p >= 0 for p in positions), (ruling.id, needles, positions)


def test_adjudication_shows_how_it_was_decided(facilitator_pdf: Path) -> None:
    text = squeeze(_turn_pages(facilitator_pdf))
    # matrix with typed-in dice, its modifiers and target
    assert squeeze("Target: 7 or more on 2d6 plus modifiers") in text
    assert squeeze("+2 for 2 strong reasons (+1 each); net +2") in text
    assert squeeze("2d6: 4 + 5 = 9 (dice typed in by the facilitator; audit log #1)") in text
    # odds rating, probability estimates, table, ruling
    assert squeeze("“Likely” — 3 or more on 1d6 succeeds") in text
    assert squeeze("Estimates: Ukraine team 70%, United States team 50%, NATO team 60%") in text
    assert squeeze("Table: “Incident at the border”, rolled on 2d6") in text
    assert squeeze("none — the umpire decided and gave the rationale below") in text
    # a voided ruling stays in the record, marked void with its reason
    assert squeeze("VOID: Entered against the wrong move") in text


def test_injects_observations_and_notes_appear_in_order(
    facilitator_pdf: Path, rich_record: GameRecord, rich_game: PlayedGame
) -> None:
    text = _turn_pages(facilitator_pdf)
    for needles in (
        [i.title for i in rich_record.injects],
        [o.text for o in rich_record.observations],
        [n.text for n in rich_record.notes],
    ):
        assert all(p >= 0 for p in find_in_order(text, needles)), needles
    assert [i.title for i in rich_record.injects] == list(rich_game.inject_titles)


def test_effects_red_lines_and_facts(facilitator_pdf: Path) -> None:
    text = squeeze("\n".join(page_texts(facilitator_pdf)))
    assert squeeze("Coalition training mission moved from Poland to Western Ukraine") in text
    assert squeeze("Escalation (Russia–NATO/Europe): 3 → 5 (+2)") in text
    assert squeeze("RED LINE 1 CROSSED: European troops on Ukrainian soil") in text
    assert squeeze("Coalition trainers are based in Rzeszów.") in text
    assert squeeze("and 8 rolls verified: every record matches the hash chain") in text


def test_analysis_plan_is_traced_to_observations_moves_and_findings(
    facilitator_pdf: Path,
) -> None:
    pages = page_texts(facilitator_pdf)
    entries = outline(facilitator_pdf)
    start = next(p for _, t, p in entries if t == "The analysis plan traced")
    end = next(p for _, t, p in entries if t == "Established facts")
    text = "\n".join(pages[start - 1 : end])
    positions = find_in_order(
        text,
        [
            "Does the declared red line deter a deployment",
            "Позиция красной команды ужесточилась",
            "Move 4, turn 2, Coalition team",
            "Area for improvement: Adjudication of red-line crossings was slow.",
        ],
    )
    assert all(p >= 0 for p in positions), positions


def test_improvement_plan_and_participants(facilitator_pdf: Path) -> None:
    text = squeeze("\n".join(page_texts(facilitator_pdf)))
    assert squeeze("Prepare a red-line response table.") in text
    assert squeeze("White cell lead") in text
    assert squeeze("Coalition team (from the start) → NATO team (from turn 3)") in text
    assert squeeze("NATO team is short of a player") in text


def test_cyrillic_ukrainian_and_polish_round_trip(facilitator_pdf: Path) -> None:
    text = squeeze("\n".join(page_texts(facilitator_pdf)))
    for sample in (
        RUSSIAN,
        UKRAINIAN,
        POLISH,
        "Олена Коваленко",
        "Zofia Łukasiewicz",
        "Российская Федерация",
        "Україна",
    ):
        assert squeeze(sample) in text, sample


def test_hostile_text_prints_literally(facilitator_pdf: Path) -> None:
    text = squeeze("\n".join(page_texts(facilitator_pdf)))
    assert squeeze("Hostile text " + HOSTILE) in text
    assert squeeze(LONG_WORD) in text
    assert "Controlchars removed; tab kept as space." in "\n".join(page_texts(facilitator_pdf))
    assert "\x07" not in text and "\x1b" not in text


def test_executive_summary(facilitator_pdf: Path) -> None:
    text = squeeze("\n".join(page_texts(facilitator_pdf)[:4]))
    assert squeeze("Talks began in turn 3; Kyiv secured guarantees in principle.") in text
    assert squeeze("Moves: 11 recorded, 9 adjudicated") in text
