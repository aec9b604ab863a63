"""The quick look and the after-action report's evidence chain, on the demo game and on a
tutorial game played from the CLI fixture script (a second game of another shape)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from wargame.cli import main
from wargame.game import Game, Viewer
from wargame.game.analysis_views import EvidenceRef
from wargame.game.cases.analysis import (
    FindingRequest,
    InsightRequest,
    ObserveRequest,
    RatingRequest,
)
from wargame.report import write_after_action_report, write_quick_look
from wargame.report.quicklook import MAX_PAGES

from .report_helpers import page_texts, squeeze

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "game"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    assert main(["demo", "-o", str(folder)]) == 0
    return folder


@pytest.fixture(scope="module")
def tutorial(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tutorial fixture game, with an observation on each element and a traced finding."""
    path = tmp_path_factory.mktemp("tutorial") / "tutorial.wargame"
    assert main(["new", "tutorial", "-o", str(path), "--seed", "7"]) == 0
    assert main(["play", str(path), str(FIXTURES / "tutorial-game.yaml")]) == 0
    with Game.open(path) as game:
        olga = next(p.id for p in game.queries().participants() if p.name == "Olga")
        move = game.queries().moves(Viewer.facilitator())[0].id
        o1 = game.record_observation(
            ObserveRequest(
                olga, "Blue named the red line.", ("blue-choices",), (EvidenceRef("move", move),)
            )
        )
        o2 = game.record_observation(ObserveRequest(olga, "Both stepped back.", ("step-backs",)))
        insight = game.add_insight(InsightRequest(olga, "The red line framed Blue.", (o1, o2)))
        game.add_finding(FindingRequest(olga, "Red lines frame, not stop.", (insight,)))
        game.rate(RatingRequest(olga, "learn-the-turn", "S", "Quick turns.", "Slow reveal."))
    return path


def _quick_look(game_path: Path, out: Path) -> Path:
    assert main(["report", str(game_path), "--quick-look", "-o", str(out)]) == 0
    return out


@pytest.mark.slow
@pytest.mark.parametrize("which", ["demo", "tutorial"])
def test_the_quick_look_has_its_five_parts_in_at_most_six_pages(
    which: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    base: Path = request.getfixturevalue(which)
    game_path = base / "demo.wargame" if which == "demo" else base
    pdf = _quick_look(game_path, tmp_path / "QL.pdf")
    texts = [squeeze(t) for t in page_texts(pdf)]
    assert 1 <= len(texts) <= MAX_PAGES
    joined = "".join(texts)
    for title in (
        "QUICKLOOKFORTHEHOTWASH",
        "Theescalationladder",
        "Keydecisionsandredlinescrossed",
        "Topobservationsperquestion",
        "Coveragegaps",
    ):
        assert title in joined, title


def test_the_quick_look_of_the_demo_names_the_red_lines_crossed_and_the_gaps(
    demo: Path, tmp_path: Path
) -> None:
    texts = [squeeze(t) for t in page_texts(_quick_look(demo / "demo.wargame", tmp_path / "q.pdf"))]
    assert "EuropeantroopsonUkrainiansoil" in texts[2] and "crossedinturn3" in texts[2]
    assert "Turn3:HowMoscowanswerseachframingofadeployment" in texts[4]


def test_the_quick_look_renders(demo: Path, tmp_path: Path) -> None:
    pdf = _quick_look(demo / "demo.wargame", tmp_path / "q.pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(pdf), str(tmp_path / "page")], check=True)
    assert len(list(tmp_path.glob("page-*.png"))) == len(PdfReader(pdf).pages)


def test_the_quick_look_of_a_game_not_started_says_so(tmp_path: Path) -> None:
    path = tmp_path / "new.wargame"
    assert main(["new", "tutorial", "-o", str(path)]) == 0
    with Game.open(path) as game:
        built = write_quick_look(game, tmp_path / "q.pdf")
    assert built.pages == 5
    assert "Noturnhasbeenplayedyet" in squeeze(page_texts(built.path)[1])


def test_the_public_quick_look_leaves_observations_out(tutorial: Path, tmp_path: Path) -> None:
    out = tmp_path / "q.pdf"
    assert (
        main(["report", str(tutorial), "--quick-look", "--audience", "public", "-o", str(out)]) == 0
    )
    joined = squeeze("".join(page_texts(out)))
    assert "Observationsareinthefacilitatoredition" in joined
    assert "Bluenamedtheredline" not in joined


def test_a_bad_audience_for_the_quick_look_is_refused(
    tutorial: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["report", str(tutorial), "--quick-look", "--audience", "all", "-o", "q.pdf"])
    assert "invalid choice" in capsys.readouterr().err


# ---------------------------------------------------------------------------- the chain


def _chain_page(texts: list[str]) -> int:
    """The page where the findings traced to evidence begin (not the contents page)."""
    return next(i for i, t in enumerate(texts) if "Findings traced to evidence" in t and "F1." in t)


def _links_to_pages(pdf: Path, page_index: int) -> list[int]:
    reader = PdfReader(pdf)
    pages = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}  # type: ignore[union-attr]
    targets = []
    for annot in reader.pages[page_index].get("/Annots") or []:
        link = annot.get_object()
        assert isinstance(link, DictionaryObject)
        dest = link.get("/Dest")
        if isinstance(dest, ArrayObject):
            targets.append(pages[dest[0].idnum])
    return targets


def test_each_finding_links_to_its_evidence_in_the_turn_pages(demo: Path) -> None:
    pdf = demo / "after-action-report.pdf"
    texts = page_texts(pdf)
    start = _chain_page(texts)
    assert "evidence:adjudication2(turn1)" in squeeze(texts[start])
    targets = _links_to_pages(pdf, start)
    assert targets, "the findings page has no links"
    assert all(t < start for t in targets)  # every link goes back into the turn pages
    assert "Adjudication2" in squeeze(texts[targets[0]])


def test_the_report_shows_ratings_the_improvement_plan_and_coverage(demo: Path) -> None:
    joined = squeeze("".join(page_texts(demo / "after-action-report.pdf")))
    assert "ObjectivesandcapabilitiesratedRatedontheHSEEPscale" in joined
    assert "MPerformedwithmajorchallenges" in joined
    assert "Improvementplan(actions)" in joined and "31Mar2027" in joined
    assert "Datacollectionplancoverage" in joined and "(red-line-baseline)" in joined


def test_the_tutorial_report_traces_its_finding_to_move_one(tutorial: Path, tmp_path: Path) -> None:
    with Game.open(tutorial) as game:
        pdf = write_after_action_report(game, tmp_path / "aar.pdf")
    texts = page_texts(pdf)
    start = _chain_page(texts)
    assert "Redlinesframe,notstop" in squeeze(texts[start])
    (target,) = _links_to_pages(pdf, start)
    assert "Move1" in squeeze(texts[target])


def test_the_public_edition_leaves_the_chain_out(tutorial: Path, tmp_path: Path) -> None:
    with Game.open(tutorial) as game:
        pdf = write_after_action_report(game, tmp_path / "aar.pdf", audience="public")
    joined = squeeze("".join(page_texts(pdf)))
    assert "Findings,ratingsandtheimprovementplanarenotpartofthepublicedition" in joined
    assert "Redlinesframe,notstop" not in joined


def test_evidence_voided_since_it_was_cited_is_marked_in_the_report_and_the_quick_look(
    tutorial: Path, tmp_path: Path
) -> None:
    path = tmp_path / "voided.wargame"
    path.write_bytes(tutorial.read_bytes())
    with Game.open(path) as game:
        facilitator = Viewer.facilitator()
        people = game.queries().participants()
        olga = next(p.id for p in people if p.name == "Olga")
        white = next(p.id for p in people if p.role == "facilitator")
        ruling = game.queries().adjudications(facilitator)[0].id
        observed = game.record_observation(
            ObserveRequest(
                olga,
                "The umpire's first ruling set the tone.",
                ("blue-choices",),
                (EvidenceRef("adjudication", ruling),),
            )
        )
        insight = game.add_insight(InsightRequest(olga, "Rulings set the tone.", (observed,)))
        game.add_finding(FindingRequest(olga, "The first ruling matters most.", (insight,)))
        game.void(white, "adjudication", ruling, reason="The wrong table was used")
        write_after_action_report(game, tmp_path / "aar.pdf")
        write_quick_look(game, tmp_path / "quick.pdf")
    texts = page_texts(tmp_path / "aar.pdf")
    marked = f"adjudication{ruling}(turn1)(void,notreplaced)"
    assert marked in squeeze("".join(texts[_chain_page(texts) :]))
    assert marked in squeeze("".join(page_texts(tmp_path / "quick.pdf")))
