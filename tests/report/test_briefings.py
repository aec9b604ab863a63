"""Briefing packs: one per team, each with its own secrets and nobody else's."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from wargame.scenario import Scenario

from .report_helpers import page_texts, squeeze


def _briefing_start(text: str | None) -> str:
    return squeeze(" ".join((text or "").split())[:90])


def test_one_pack_per_team(briefing_pdfs: list[Path], rich_scenario: Scenario) -> None:
    assert [p.name for p in briefing_pdfs] == [f"briefing-{t.id}.pdf" for t in rich_scenario.teams]


def test_each_pack_has_its_own_briefing_and_objectives_only(
    briefing_pdfs: list[Path], rich_scenario: Scenario
) -> None:
    for path, team in zip(briefing_pdfs, rich_scenario.teams, strict=True):
        text = squeeze("\n".join(page_texts(path)))
        own = rich_scenario.actor(team.actor)
        assert _briefing_start(own.briefing) in text
        for objective in own.objectives:
            assert squeeze(objective) in text
        for other in rich_scenario.actors:
            if other.id == own.id:
                continue
            if other.briefing:
                assert _briefing_start(other.briefing) not in text, (team.id, other.id)
            for objective in other.objectives:
                assert squeeze(objective) not in text, (team.id, other.id)


def test_each_pack_lists_the_red_lines_of_others_the_map_and_a_move_form(
    briefing_pdfs: list[Path], rich_scenario: Scenario
) -> None:
    for path, team in zip(briefing_pdfs, rich_scenario.teams, strict=True):
        text = squeeze("\n".join(page_texts(path)))
        assert squeeze(rich_scenario.metadata.background.split("\n")[0]) in text
        others = [r for r in rich_scenario.red_lines if r.declared_by != team.actor]
        for line in others:
            assert squeeze(line.name) in text
        for heading in (
            "Red lines",
            "The map",
            "Move form",
            "Title of the move",
            "Intended result: what you want it to achieve",
            f"For {team.name} only.",
        ):
            assert squeeze(heading) in text, heading
        assert "Page 1 of" in page_texts(path)[0]


def test_packs_embed_their_fonts(briefing_pdfs: list[Path]) -> None:
    for path in briefing_pdfs:
        for page in PdfReader(path).pages:
            resources = cast(DictionaryObject, page["/Resources"].get_object())
            for font in cast(DictionaryObject, resources["/Font"].get_object()).values():
                assert "/FontFile2" in font.get_object()["/FontDescriptor"].get_object()
