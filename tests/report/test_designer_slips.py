"""The report slips found by designers of their own games, each fixed and checked in the PDF.

The games are the format-2 fixture scenarios played by their scripts; the PDFs are parsed
back with pypdf.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from wargame.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios"
SCRIPTS = {
    "baltic": (FIXTURES / "baltic" / "baltic.yaml", FIXTURES / "baltic" / "baltic.play.yaml"),
    "ransomware": (FIXTURES / "ransomware.yaml", FIXTURES / "ransomware.play.yaml"),
    "kest": (FIXTURES / "kest-coalitions.yaml", FIXTURES / "kest-coalitions.play.yaml"),
}


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Each game's facilitator and public editions, as text, by 'name/edition'."""
    folder = tmp_path_factory.mktemp("slips")
    out: dict[str, str] = {}
    for name, (scenario, script) in SCRIPTS.items():
        game = folder / f"{name}.wargame"
        assert main(["new", str(scenario), "-o", str(game), "--seed", "5"]) == 0
        assert main(["play", str(game), str(script)]) == 0
        for edition in ("facilitator", "public"):
            pdf = folder / f"{name}-{edition}.pdf"
            assert main(["report", str(game), "-o", str(pdf), "--audience", edition]) == 0
            out[f"{name}/{edition}"] = _text(pdf)
    return out


def test_counts_add_up_and_open_questions_are_counted_apart(reports: dict[str, str]) -> None:
    text = reports["baltic/facilitator"]
    assert "Moves: 4 recorded, 4 adjudicated (4 success)." in text
    assert "1 open question adjudicated without a move." in text


def test_lowest_and_highest_count_values_within_a_turn(reports: dict[str, str]) -> None:
    text = " ".join(reports["kest/facilitator"].split())
    # support: 5 at the start, 0 at the end, 7 for a moment in turn 3
    assert "Track Start End Lowest Highest Public support for Blue 5 0 0 7" in text


def test_accepted_counter_arguments_are_named_by_author_and_words(
    reports: dict[str, str],
) -> None:
    text = reports["baltic/facilitator"]
    assert "Counter-arguments accepted: Liis’s “Russia cannot keep two armies" in text
    assert "Counter-arguments accepted: #" not in text


def test_a_voided_note_shows_its_reason(reports: dict[str, str]) -> None:
    assert "(void: Written about the wrong team.)" in reports["ransomware/facilitator"]


def test_automatic_injects_are_not_released_by_a_person(reports: dict[str, str]) -> None:
    text = reports["ransomware/facilitator"]
    assert "conditional · to Incident response · during Consequences · fired automatically" in text
    for line in text.splitlines():
        if line.startswith("conditional ·"):
            assert "released by" not in line


def test_a_rung_below_the_start_is_not_reached_at_the_start(tmp_path: Path) -> None:
    tutorial = Path(__file__).resolve().parents[2] / "scenarios" / "tutorial.yaml"
    game = tmp_path / "t.wargame"
    assert main(["new", str(tutorial), "-o", str(game), "--seed", "1"]) == 0
    assert main(["report", str(game), "-o", str(tmp_path / "t.pdf")]) == 0
    text = " ".join(_text(tmp_path / "t.pdf").split())
    assert "1 Words Protests and warnings. at the start" in text
    assert "0 Calm Routine patrols and diplomacy. —" in text


def test_the_public_edition_prints_only_announced_rationales(reports: dict[str, str]) -> None:
    public, facilitator = reports["ransomware/public"], reports["ransomware/facilitator"]
    assert "Nothing stops them." in public  # announced
    assert "The backup is good but the VPN is still open." not in public
    assert "The backup is good but the VPN is still open." in facilitator


def test_the_public_edition_does_not_print_a_voided_ruling(reports: dict[str, str]) -> None:
    assert "Thick fog grounds every aircraft" in reports["baltic/facilitator"]
    assert "Thick fog grounds every aircraft" not in reports["baltic/public"]
    assert "Ruled on the wrong question." in reports["baltic/public"]


def test_the_control_section_is_in_the_facilitator_edition_only(reports: dict[str, str]) -> None:
    secret = "second foothold on the VPN appliance"
    assert secret in " ".join(reports["ransomware/facilitator"].split())
    assert secret not in " ".join(reports["ransomware/public"].split())


def test_a_briefing_pack_footer_keeps_the_team_when_the_title_is_long(tmp_path: Path) -> None:
    scenario, _script = SCRIPTS["kest"]
    game = tmp_path / "k.wargame"
    title = "A very long game title " * 6
    assert main(["new", str(scenario), "-o", str(game), "--seed", "2", "--title", title]) == 0
    assert main(["briefings", str(game), "-o", str(tmp_path / "packs")]) == 0
    pages = PdfReader(tmp_path / "packs" / "briefing-red.pdf").pages
    for page in pages[1:]:
        assert "For Red coalition only ·" in (page.extract_text() or "")


def test_appendix_a_breaks_a_team_name_at_its_slash_not_mid_word(
    reports: dict[str, str],
) -> None:
    appendix = reports["baltic/facilitator"].split("Appendix A: move log\n")[-1]
    lines = appendix.splitlines()
    assert "Germany" in lines or "Lithuania / Germany" in lines
    assert not any(line.startswith("Germ") and line != "Germany" for line in lines)


def test_the_facilitator_edition_names_the_tags_the_umpire_put_on_a_move(
    reports: dict[str, str],
) -> None:
    assert "Tagged: reinforce" in reports["baltic/facilitator"]
    assert "Tagged:" not in reports["baltic/public"]
