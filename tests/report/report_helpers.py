"""Helpers of the report tests: a rich game played through the Game API, and PDF readers.

The rich game plays four turns of the bundled troop-deployment scenario with every kind of
record the report prints: injects (scheduled, team-only, conditional and ad hoc), moves
with reasons, counter-arguments, every adjudication method (with digital and typed-in
dice), effects on tracks and units, a red line crossed, a team change, notes,
observations, established facts, hot-wash findings, a voided ruling, a withdrawn move and
a move never revealed. Its texts are in English, Russian, Ukrainian and Polish, and some
are hostile (markup, control characters, very long words).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import Destination
from reportlab import rl_config

from wargame.game import (
    AdHocInject,
    AdjudicationRequest,
    Game,
    HotwashRequest,
    JoinRequest,
    MoveContent,
)
from wargame.scenario import load_scenario
from wargame.scenario.model import TrackEffect, UnitMoveEffect, UnitStrengthEffect

REPO = Path(__file__).resolve().parents[2]
TROOP = REPO / "scenarios" / "troop-deployment.yaml"
TUTORIAL = REPO / "scenarios" / "tutorial.yaml"

HOSTILE = "<b>not bold</b> & </para> <font name=x>tags</font> &amp; &#65; <br/>"
LONG_WORD = "Supercalifragilistic" * 15
RUSSIAN = "Россия требует гарантий безопасности: «никаких войск НАТО»"
UKRAINIAN = "Україна наполягає на гарантіях: їжак, ґанок, єдність"
POLISH = "Polska zgłasza gotowość: żółć, źdźbło, Łódź, Gdańsk"


@dataclass(frozen=True)
class PlayedGame:
    """A game file and the texts the tests look for, in the order they were recorded."""

    path: Path
    move_titles: tuple[str, ...]
    unrevealed_title: str
    inject_titles: tuple[str, ...]
    narratives: tuple[str, ...]
    observations: tuple[str, ...]
    notes: tuple[str, ...]


def play_rich_game(path: Path) -> PlayedGame:
    """Play four turns of troop-deployment into ``path`` and end the game."""
    game = Game.create(
        path, load_scenario(TROOP), seed=20261125, facilitator="Alex Morgan", title="Rich test game"
    )
    titles: list[str] = []
    injects: list[str] = []
    narratives: list[str] = []
    observations: list[str] = []
    notes: list[str] = []
    with game:
        f = game.queries().participants()[0].id
        ivan = game.join(f, JoinRequest(name="Иван Петров", role="player", team_id="red"))
        olena = game.join(f, JoinRequest(name="Олена Коваленко", role="player", team_id="ukraine"))
        zofia = game.join(
            f, JoinRequest(name="Zofia Łukasiewicz", role="player", team_id="coalition")
        )
        james = game.join(
            f, JoinRequest(name="James Whitfield", role="player", team_id="coalition")
        )
        ingrid = game.join(f, JoinRequest(name="Ingrid Larsen", role="player", team_id="nato"))
        dana = game.join(f, JoinRequest(name="Dana Brooks", role="player", team_id="usa"))
        kasia = game.join(f, JoinRequest(name="Kasia Wójcik", role="observer"))
        game.start(f)

        def note(text: str) -> None:
            game.note(f, text)
            notes.append(text)

        def observe(text: str, **kw: object) -> None:
            game.observe(kasia, text, **kw)  # type: ignore[arg-type]
            observations.append(text)

        def inject(inject_id: str) -> None:
            game.release_inject(f, inject_id)
            injects.append(game.scenario.inject(inject_id).title)

        def move(by: int, title: str, *, team_id: str | None = None, **kw: Any) -> int:
            mid = game.submit_move(by, MoveContent(title=title, **kw), team_id=team_id)
            titles.append(title)
            return mid

        def adjudicate(narrative: str, **kw: Any) -> int:
            aid = game.commit_adjudication(f, AdjudicationRequest(narrative=narrative, **kw))
            narratives.append(narrative)
            return aid

        # ---- turn 1
        inject("slutsky-warning")
        game.advance(f)  # planning
        inject("red-line-assessment")
        game.advance(f)  # moves
        m1 = move(
            zofia,
            "Stage trainers in Rzeszów",
            action="Move the coalition training mission's staff to Rzeszów and announce "
            "a training programme for Ukrainian brigades on Polish soil.",
            intended_result="Show resolve without crossing Moscow's declared line.",
            reasons=[
                "Training on NATO soil is established practice.",
                "It keeps the option of moving into western Ukraine later.",
            ],
        )
        m2 = move(
            ivan,
            RUSSIAN,
            action="МИД России вызывает послов Польши и Великобритании и вручает ноту.",
            intended_result="Дать понять, что красная линия реальна.",
            reasons=["Сигнал должен быть публичным."],
        )
        m3 = move(
            olena,
            UKRAINIAN,
            action="Київ просить партнерів про систему ППО для західних областей.",
            intended_result="Захистити логістичний хаб у Львові.",
            reasons=["Без ППО хаб уразливий."],
            visibility="public",
        )
        observe(
            "Red framed the training announcement as preparation for deployment.",
            tags=["signalling", "misperception"],
            question_ids=["misread-signals"],
            move_id=m1,
        )
        game.advance(f)  # adjudication
        game.reveal_moves(f)
        game.counter_argue(ivan, m1, "Обучение рядом с границей — это подготовка к вводу войск.")
        adjudicate(
            "The coalition's trainers arrive in Rzeszów; Moscow protests loudly.",
            method="matrix",
            move_id=m1,
            physical_faces=[4, 5],
            accepted_counters=[],
            strong_reasons=2,
            effects=[TrackEffect(kind="track", track="deployment-readiness", delta=1)],
            establish_fact="Coalition trainers are based in Rzeszów.",
        )
        adjudicate(
            "Послы вызваны; Варшава и Лондон отвечают сдержанно.",
            method="odds",
            move_id=m2,
            rating="Likely",
            effects=[TrackEffect(kind="track", track="escalation", delta=1)],
        )
        adjudicate(
            "Партнери обіцяють дві батареї ППО до кінця місяця.",
            method="probability",
            move_id=m3,
            estimates={"ukraine": 70, "usa": 50, "nato": 60},
            effects=[TrackEffect(kind="track", track="ukraine-resilience", delta=1)],
        )
        note("Turn 1 ran ten minutes long; Red needed more time to plan.")
        game.advance(f)  # narrative

        # ---- turn 2
        game.advance(f)  # briefing
        inject("kremlin-denial")
        inject("uk-readiness-call")
        game.advance(f)  # planning
        game.assign(f, james, "nato", reason="NATO team is short of a player")
        game.advance(f)  # moves
        m4 = move(
            zofia,
            POLISH,
            action="Coalition trainers cross into western Ukraine to open a training "
            "centre near Lviv.",
            intended_result="Establish a symbolic presence framed as training.",
            reasons=["Ukraine asked for it.", "Training is not combat."],
        )
        m5 = move(
            ingrid,
            "Hostile text " + HOSTILE,
            action="Action with markup " + HOSTILE + " and a long word " + LONG_WORD,
            intended_result="Control\x07chars\x1b removed; tab\tkept as space.",
            reasons=[HOSTILE],
        )
        m6 = move(
            dana,
            "Quiet call to Moscow",
            action="The US envoy calls the Kremlin to propose talks.",
            intended_result="Open a channel before the crisis hardens.",
        )
        withdrawn = game.submit_move(
            dana, MoveContent(title="Withdrawn idea", action="Never mind.", intended_result="None.")
        )
        game.withdraw_move(dana, withdrawn, expected_version=1, reason="Changed our mind")
        game.advance(f)  # adjudication
        game.reveal_moves(f)
        c = game.counter_argue(ivan, m4, "Training in Ukraine is deployment by another name.")
        injects.append("Moscow declares the deployed units targets")  # fires on the red line
        adjudicate(
            "Trainers arrive near Lviv. Moscow declares them legitimate targets.",
            method="matrix",
            move_id=m4,
            accepted_counters=[c],
            strong_reasons=1,
            effects=[
                UnitMoveEffect(kind="unit_move", unit="co-training-mission", to="ukraine-west"),
                TrackEffect(kind="track", track="escalation", delta=2),
            ],
        )
        void_me = adjudicate(
            "Ruling entered against the wrong move.",
            method="ruling",
            move_id=m5,
            outcome="success",
            rationale="Mistake.",
        )
        game.void(f, "adjudication", void_me, reason="Entered against the wrong move")
        adjudicate(
            "NATO's statement " + HOSTILE + " is read as hedging.",
            method="ruling",
            move_id=m5,
            outcome="partial",
            rationale="The statement is ambiguous " + HOSTILE,
        )
        adjudicate(
            "The Kremlin takes the call but commits to nothing.",
            method="table",
            move_id=m6,
            table_id="incident-at-the-border",
        )
        observe(
            "Позиция красной команды ужесточилась после учебного центра во Львове.",
            tags=["red-line", "signalling"],
            question_ids=["does-red-line-deter"],
            move_id=m4,
        )
        observe("Hostile observation " + HOSTILE, tags=["narrative"])
        note("Consider slowing the pace: the red line was crossed in turn 2.")
        game.advance(f)  # narrative

        # ---- turn 3
        game.advance(f)  # briefing
        inject("trump-talks-push")
        game.release_ad_hoc_inject(
            f,
            AdHocInject(
                title="Ad hoc: drone over Rzeszów",
                text="A drone of unknown origin circles the Rzeszów hub.",
                audience=["coalition", "usa"],
            ),
        )
        injects.append("Ad hoc: drone over Rzeszów")
        game.advance(f)  # planning
        game.advance(f)  # moves
        m7 = move(
            ivan,
            "Iskander brigade readiness drill",
            action="Announce a snap readiness drill of the Iskander brigade in Belarus.",
            intended_result="Deter further deployments.",
            reasons=["Shows capability without striking."],
        )
        m8 = move(
            olena,
            "Ask for guarantees before talks",
            action="Kyiv makes its attendance at talks conditional on written guarantees.",
            intended_result="No settlement over Kyiv's head.",
        )
        game.advance(f)  # adjudication
        # Reveal nothing yet: adjudicate the open question first, then reveal.
        adjudicate(
            "Talks about talks begin in Geneva.",
            method="ruling",
            outcome="success",
            rationale="Both sides signalled interest.",
            effects=[TrackEffect(kind="track", track="negotiation-progress", delta=1)],
        )
        game.reveal_moves(f)
        adjudicate(
            "The drill is watched closely; allies raise readiness.",
            method="matrix",
            move_id=m7,
            physical_faces=[6, 6],
            effects=[
                UnitStrengthEffect(kind="unit_strength", unit="co-training-mission", delta=-5)
            ],
        )
        adjudicate(
            "Kyiv's condition is accepted in principle.",
            method="odds",
            move_id=m8,
            rating="Even chance",
        )
        observe(
            "Ukraine used the talks to secure guarantees.",
            tags=["off-ramp"],
            question_ids=["ukraine-guarantees"],
            move_id=m8,
        )
        game.record_hotwash(
            f,
            HotwashRequest(
                kind="strength", text="Teams used the hotline.", question_ids=["off-ramps"]
            ),
        )
        game.advance(f)  # narrative

        # ---- turn 4
        game.advance(f)  # briefing
        inject("framing-debate")
        game.advance(f)  # planning
        game.advance(f)  # moves
        m9 = move(
            james,
            "NATO reassurance statement",
            action="The North Atlantic Council restates Article 5 and calls for calm.",
            intended_result="Reassure allies without provoking Moscow.",
        )
        sealed2 = game.submit_move(
            zofia,
            MoveContent(
                title="Unrevealed final-turn move",
                action="This move stays sealed until the end.",
                intended_result="Nothing.",
            ),
        )
        del sealed2
        game.advance(f)  # adjudication
        adjudicate("Allies welcome the statement.", method="matrix", move_id=m9)
        game.record_hotwash(
            f,
            HotwashRequest(
                kind="improvement",
                text="Adjudication of red-line crossings was slow.",
                recommendation="Prepare a red-line response table.",
                owner="White cell lead",
                question_ids=["does-red-line-deter"],
            ),
        )
        game.record_hotwash(
            f,
            HotwashRequest(
                kind="finding",
                text="Framing mattered less than presence.",
                recommendation="Test a monitoring framing next time.",
                owner="Analysis cell",
            ),
        )
        game.end_game(
            f,
            executive_summary=(
                "The coalition moved trainers into western Ukraine in turn 2 and Moscow declared "
                "them targets.\n\nTalks began in turn 3; Kyiv secured guarantees in principle."
            ),
        )
    return PlayedGame(
        path=path,
        move_titles=tuple(titles),
        unrevealed_title="Unrevealed final-turn move",
        inject_titles=tuple(injects),
        narratives=tuple(narratives),
        observations=tuple(observations),
        notes=tuple(notes),
    )


@contextmanager
def invariant_pdfs() -> Iterator[None]:
    """Byte-identical PDFs (fixed dates and ids) while the block runs."""
    before = rl_config.invariant
    rl_config.invariant = 1
    try:
        yield
    finally:
        rl_config.invariant = before


GENERATED = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)


# ---------------------------------------------------------------------------- reading PDFs


def squeeze(text: str) -> str:
    """Text without any whitespace: robust to the line breaks of wrapped paragraphs."""
    return "".join(text.split())


def page_texts(path: Path) -> list[str]:
    """The extracted text of each page (read once per file and modification time)."""
    return list(_page_texts(path, path.stat().st_mtime_ns))


@lru_cache(maxsize=16)
def _page_texts(path: Path, stamp: int) -> tuple[str, ...]:
    return tuple(page.extract_text() or "" for page in PdfReader(path).pages)


def outline(path: Path) -> list[tuple[int, str, int]]:
    """The PDF outline as (level, title, 1-based page) entries, in order."""
    reader = PdfReader(path)
    out: list[tuple[int, str, int]] = []

    def walk(items: Sequence[object], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                assert isinstance(item, Destination)
                page = reader.get_destination_page_number(item)
                assert page is not None, item.title
                out.append((level, str(item.title), page + 1))

    walk(reader.outline, 0)
    return out


def find_in_order(haystack: str, needles: list[str]) -> list[int]:
    """Positions of each needle, each searched after the previous one (-1 when missing)."""
    positions = []
    start = 0
    text = squeeze(haystack)
    for needle in needles:
        at = text.find(squeeze(needle), start)
        positions.append(at)
        if at >= 0:
            start = at + 1
    return positions
