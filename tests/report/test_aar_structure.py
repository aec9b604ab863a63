"""The report as a document: pages, outline, contents, fonts, metadata, paper, editions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import cast

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from wargame.game import Game, GameRecord
from wargame.report import ReportError, build_after_action_report, write_after_action_report
from wargame.scenario import Scenario, load_scenario

from .report_helpers import (
    GENERATED,
    PlayedGame,
    invariant_pdfs,
    outline,
    page_texts,
    squeeze,
)

BASE_14 = {
    "Courier",
    "Helvetica",
    "Times-Roman",
    "Symbol",
    "ZapfDingbats",
    "Times-Bold",
    "Helvetica-Bold",
    "Courier-Bold",
    "Times-Italic",
    "Helvetica-Oblique",
}
SECTIONS = [
    "Contents",
    "Executive summary",
    "The scenario",
    "Participants and teams",
    "Escalation and indicators",
    "Turn by turn",
    "The analysis plan traced",
    "Established facts",
    "Observations by tag",
    "Hot wash and improvement plan",
    "Findings traced to evidence",
    "Appendix A: move log",
    "Appendix B: dice audit log",
]


def test_every_page_is_numbered_page_x_of_y(facilitator_pdf: Path) -> None:
    pages = page_texts(facilitator_pdf)
    assert len(pages) > 20
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text


def test_classification_banner_at_top_and_bottom_of_every_page(facilitator_pdf: Path) -> None:
    for text in page_texts(facilitator_pdf):
        assert text.count("UNCLASSIFIED // EXERCISE") >= 2


def test_outline_has_every_section_and_turn(facilitator_pdf: Path) -> None:
    entries = outline(facilitator_pdf)
    assert [t for level, t, _ in entries if level == 0] == SECTIONS
    turns = [
        t for level, t, _ in entries if level == 1 and t[:6] in {f"Turn {n}" for n in range(1, 10)}
    ]
    assert turns == [
        "Turn 1 · 1 Dec 2026 – 14 Dec 2026",
        "Turn 2 · 15 Dec 2026 – 28 Dec 2026",
        "Turn 3 · 29 Dec 2026 – 11 Jan 2027",
        "Turn 4 · 12 Jan 2027 – 25 Jan 2027",
    ]
    pages = [page for _, _, page in entries]
    total = len(PdfReader(facilitator_pdf).pages)
    assert all(1 <= p <= total for p in pages)
    top = [page for level, _, page in entries if level == 0]
    assert top == sorted(top)


def test_bookmarks_point_at_their_headings(facilitator_pdf: Path) -> None:
    texts = page_texts(facilitator_pdf)
    for level, title, page in outline(facilitator_pdf):
        if level <= 1 and "·" not in title:
            assert squeeze(title.rstrip("…")) in squeeze(texts[page - 1]), (title, page)


def test_contents_list_sections_with_their_pages(facilitator_pdf: Path) -> None:
    contents = squeeze(page_texts(facilitator_pdf)[1])
    for level, title, _page in outline(facilitator_pdf):
        if level == 0 and title != "Contents":
            assert squeeze(title) in contents
    # each section's page number is printed after its dot leaders
    turn_by_turn = next(p for lvl, t, p in outline(facilitator_pdf) if t == "Turn by turn")
    assert "Turnbyturn" in contents and str(turn_by_turn) in contents


def test_fonts_are_embedded_truetype_and_no_base_14(facilitator_pdf: Path) -> None:
    reader = PdfReader(facilitator_pdf)
    seen = set()
    for page in reader.pages:
        resources = cast(DictionaryObject, page["/Resources"].get_object())
        fonts = dict(resources.get("/Font", {}))
        for xobject in resources.get("/XObject", {}).values():
            fonts.update(xobject.get_object().get("/Resources", {}).get("/Font", {}))
        for font in fonts.values():
            font = font.get_object()
            name = str(font["/BaseFont"]).lstrip("/")
            seen.add(name.split("+")[-1])
            assert name.split("+")[-1] not in BASE_14
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, name
    assert {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"} <= seen


def test_metadata(facilitator_pdf: Path) -> None:
    meta = PdfReader(facilitator_pdf).metadata
    assert meta is not None
    assert meta.title == "Rich test game — after-action report"
    assert meta.author == "Alex Morgan"
    assert "After-action report (facilitator edition)" in (meta.subject or "")
    assert meta.creation_date is not None
    assert (meta.creator or "").startswith("wargame")


def test_a4_and_letter(facilitator_pdf: Path, public_pdf: Path) -> None:
    for path, size in ((facilitator_pdf, (595.28, 841.89)), (public_pdf, (612.0, 792.0))):
        for page in PdfReader(path).pages:
            box = page.mediabox
            assert (round(float(box.width), 2), round(float(box.height), 2)) == size


def test_public_edition_leaves_out_notes_briefings_and_sealed_moves(
    public_pdf: Path, rich_game: PlayedGame, rich_scenario: Scenario
) -> None:
    text = squeeze("\n".join(page_texts(public_pdf)))
    for note in rich_game.notes:
        assert squeeze(note) not in text
    for actor in rich_scenario.actors:
        if actor.briefing:
            assert squeeze(actor.briefing[:80]) not in text
    assert squeeze(rich_game.unrevealed_title) not in text
    assert squeeze("NATO reassurance statement") not in text  # sealed, adjudicated anyway
    assert squeeze("Ad hoc: drone over Rzeszów") not in text  # sent to two teams only
    for observation in rich_game.observations:
        assert squeeze(observation) not in text
    assert squeeze("Stage trainers in Rzeszów") in text  # revealed moves stay
    assert squeeze("PUBLIC EDITION") in text


def test_facilitator_edition_has_what_the_public_one_leaves_out(
    facilitator_pdf: Path, rich_game: PlayedGame, rich_scenario: Scenario
) -> None:
    text = squeeze("\n".join(page_texts(facilitator_pdf)))
    assert squeeze(rich_game.unrevealed_title) in text
    assert squeeze("secret, never revealed to other teams") in text
    assert all(squeeze(n) in text for n in rich_game.notes)
    briefings = [a.briefing for a in rich_scenario.actors if a.briefing]
    assert all(squeeze(" ".join(b.split())[:80]) in text for b in briefings)


def test_builds_are_byte_identical(
    rich_record: GameRecord, rich_scenario: Scenario, tmp_path: Path
) -> None:
    with invariant_pdfs():
        a = build_after_action_report(
            rich_record, rich_scenario, tmp_path / "a.pdf", generated_at=GENERATED
        )
        b = build_after_action_report(
            rich_record, rich_scenario, tmp_path / "b.pdf", generated_at=GENERATED
        )
    assert a.path.read_bytes() == b.path.read_bytes()
    assert a.pages == len(PdfReader(a.path).pages)
    # contents seeded, late numbers drawn as forms: one layout pass, not two or three
    assert a.passes == 1


def test_a_game_without_turns_or_summary_still_reports(tmp_path: Path, tutorial_path: Path) -> None:
    game = Game.create(
        tmp_path / "new.wargame", load_scenario(tutorial_path), seed=1, facilitator="Fac"
    )
    with game:
        path = write_after_action_report(game, tmp_path / "new.pdf")
    text = squeeze("\n".join(page_texts(path)))
    assert squeeze("No executive summary has been written for this game yet.") in text
    assert squeeze("No turn has been played yet.") in text
    assert squeeze("UNCLASSIFIED // TRAINING") in text


def test_a_missing_map_file_is_said_not_fatal(
    rich_record: GameRecord,
    rich_scenario: Scenario,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("wargame.report.geo.resolve_asset", lambda *_: None)
    bare = rich_scenario.model_copy()
    bare.attach_files({})  # as a game made before files were stored with the scenario
    built = build_after_action_report(rich_record, bare, tmp_path / "nomap.pdf")
    text = squeeze("\n".join(page_texts(built.path)))
    assert (
        squeeze("The map file 'maps/eastern-europe.geojson' named by the scenario was not found")
        in text
    )
    assert squeeze("Western group of forces · Western Russia · 65") in text


def test_errors_are_reported_and_leave_no_file(rich_game: PlayedGame, tmp_path: Path) -> None:
    with Game.open(rich_game.path) as game:
        with pytest.raises(ReportError, match="unknown paper 'a5'"):
            write_after_action_report(game, tmp_path / "x.pdf", paper="a5")
        with pytest.raises(ReportError, match="unknown audience 'sponsor'"):
            write_after_action_report(game, tmp_path / "x.pdf", audience="sponsor")
        with pytest.raises(ReportError, match="is a folder"):
            write_after_action_report(game, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_report_open_elsewhere_is_replaced_only_when_complete(
    rich_record: GameRecord,
    rich_scenario: Scenario,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "aar.pdf"
    target.write_bytes(b"old report")

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("layout failed")

    monkeypatch.setattr("wargame.report.document.ReportDocument.multiBuild", boom)
    with pytest.raises(RuntimeError):
        build_after_action_report(rich_record, rich_scenario, target)
    assert target.read_bytes() == b"old report"
    assert [p.name for p in tmp_path.iterdir()] == ["aar.pdf"]


def test_generated_date_is_printed(facilitator_pdf: Path) -> None:
    assert "generated 25 Nov 2026" in page_texts(facilitator_pdf)[0]
    assert GENERATED.date() == dt.date(2026, 11, 25)


def test_a_file_that_cannot_be_written_is_a_report_error(
    rich_record: GameRecord,
    rich_scenario: Scenario,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("wargame.report.document.ReportDocument.multiBuild", refuse)
    with pytest.raises(ReportError, match=r"cannot write .*aar\.pdf: Permission denied"):
        build_after_action_report(rich_record, rich_scenario, tmp_path / "aar.pdf")
    assert list(tmp_path.iterdir()) == []
