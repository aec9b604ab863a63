"""Build time of the after-action report of a big game, against bare ReportLab.

The game: the troop-deployment scenario with three more teams (eight in all), twelve
turns, 1,000 moves, every one adjudicated (all five methods, with rolls in the hash
chain), counter-arguments, effects that move the tracks and the units, injects,
observations, notes, facts and hot-wash findings. The record is generated directly as
the game layer's read model (a ``GameRecord``), so the figure is the report's alone.

The baseline is a bare ReportLab document holding the same paragraphs — every
``Paragraph`` of the report's story, including those in table cells, rebuilt from its
text and style — laid out once by a ``SimpleDocTemplate`` with no tables, maps, charts,
contents, banners or page numbers, in the same run on the same fonts. The ratio says what
the report's structure costs over setting its text. The bare side runs with Python's
default garbage-collector settings; the report pauses the collector while it builds
(``wargame.report.memory``), which is part of what is measured. Aim: a CPU ratio of at
most 1.2.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import random
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pypdf import PdfReader
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Table

from bench.aims import Aim
from wargame.game import GameRecord, Viewer
from wargame.game.views import (
    AdjudicationView,
    AssignmentView,
    ChainCheck,
    CounterView,
    EffectView,
    FactView,
    FindingView,
    GameSummary,
    InjectView,
    MoveView,
    NoteView,
    ObservationView,
    ParticipantView,
    PhaseView,
    RedLineView,
    Role,
    RollView,
    StateView,
    TrackView,
    UnitView,
)
from wargame.report import build_after_action_report
from wargame.report.document import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, ReportDocument
from wargame.scenario import Scenario, find_scenario, parse_scenario

TURNS = 12
MOVES = 1000
EXTRA_TEAMS = (
    ("belarus-desk", "Belarus desk", "russia"),
    ("poland-desk", "Polish government", "coalition"),
    ("uk-desk", "United Kingdom", "coalition"),
)
WORDS = tuple(
    " ".join(
        (
            "the coalition deploys trainers to western Ukraine under a ceasefire-monitoring",
            "mandate while Moscow warns that any foreign contingent is a legitimate target and",
            "moves its missile brigade forward Kyiv asks for air defence and written guarantees",
            "Washington presses for talks in Geneva allies fear a reduced American commitment",
            "Warsaw offers the Rzeszów hub Москва заявляет о красной линии Київ наполягає на",
            "гарантіях безпеки Polska zgłasza gotowość żołnierzy",
        )
    ).split()
)


def _scenario() -> Scenario:
    path = find_scenario("troop-deployment")
    assert path is not None
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for team_id, name, actor in EXTRA_TEAMS:
        data["teams"].append({"id": team_id, "name": name, "actors": [actor]})
    data["turn_plan"]["turns"] = TURNS
    return parse_scenario(yaml.safe_dump(data, allow_unicode=True), source="bench").scenario


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _clock() -> Iterator[dt.datetime]:
    moment = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
    while True:
        moment += dt.timedelta(seconds=17)
        yield moment


def make_record(scenario: Scenario, seed: int = 7) -> GameRecord:
    """A finished game of ``TURNS`` turns and ``MOVES`` adjudicated moves."""
    rng = random.Random(seed)
    tick = _clock()
    teams = [t.id for t in scenario.teams]
    people = [ParticipantView(1, "Alex Morgan", Role.FACILITATOR, None, False, False)]
    assignments = [AssignmentView(1, "Alex Morgan", None, 0, next(tick), "Alex Morgan")]
    for i, team in enumerate(teams, start=2):
        name = f"Player {i} ({team})"
        people.append(ParticipantView(i, name, Role.PLAYER, team, False, False))
        assignments.append(AssignmentView(i, name, team, 0, next(tick), "Alex Morgan"))
    observer = len(people) + 1
    people.append(ParticipantView(observer, "Kasia Wójcik", Role.OBSERVER, None, False, False))
    tracks = {t.id: t.start for t in scenario.tracks}
    units = {u.id: (u.region, u.strength) for u in scenario.units}
    land = [r.id for r in scenario.regions if r.kind.value == "land"]
    states = [_state(scenario, 0, tracks, units, {})]
    history = {t: [(0, v)] for t, v in tracks.items()}
    moves: list[MoveView] = []
    rulings: list[AdjudicationView] = []
    rolls: list[RollView] = []
    effects: list[EffectView] = []
    injects: list[InjectView] = []
    notes: list[NoteView] = []
    observations: list[ObservationView] = []
    facts: list[FactView] = []
    phases: list[PhaseView] = []
    prev_hash = "0" * 64
    per_turn = MOVES // TURNS
    move_id = 0
    crossed: dict[str, int] = {}
    for turn in range(1, TURNS + 1):
        for phase in scenario.turn_plan.phases:
            start = next(tick)
            phases.append(PhaseView(turn, phase.id, phase.name, start, next(tick)))
        scheduled = [i for i in scenario.injects if i.turn == turn] or scenario.injects[:1]
        for inject in scheduled:
            injects.append(
                InjectView(
                    len(injects) + 1,
                    inject.id,
                    "scheduled",
                    inject.title,
                    inject.text,
                    inject.audience,
                    turn,
                    "briefing",
                    "Alex Morgan",
                    next(tick),
                    False,
                )
            )
        count = per_turn + (MOVES - per_turn * TURNS if turn == TURNS else 0)
        for _ in range(count):
            move_id += 1
            team = rng.choice(teams)
            author = 2 + teams.index(team)
            counters = tuple(
                CounterView(
                    move_id * 10 + k,
                    move_id,
                    people[rng.randrange(1, len(teams))].name,
                    rng.choice(teams),
                    _sentence(rng, rng.randint(10, 30)),
                    rng.choice((True, False)),
                    next(tick),
                    False,
                )
                for k in range(rng.randint(0, 2))
            )
            created = next(tick)
            moves.append(
                MoveView(
                    move_id,
                    turn,
                    team,
                    people[author - 1].name,
                    _sentence(rng, rng.randint(4, 9)).rstrip("."),
                    " ".join(_sentence(rng, rng.randint(12, 30)) for _ in range(rng.randint(1, 3))),
                    _sentence(rng, rng.randint(8, 20)),
                    tuple(_sentence(rng, rng.randint(6, 16)) for _ in range(rng.randint(0, 3))),
                    "secret",
                    True,
                    "submitted",
                    2,
                    created,
                    created,
                    False,
                    None,
                    counters,
                )
            )
            method = rng.choice(("matrix", "matrix", "odds", "probability", "table"))
            adjudication_id = len(rulings) + 1
            faces = (
                (rng.randint(1, 6), rng.randint(1, 6))
                if method in ("matrix", "table")
                else (rng.randint(1, 6),)
                if method == "odds"
                else (rng.randint(1, 100),)
            )
            dice = {2: "2d6"}.get(len(faces), "1d6" if method == "odds" else "1d100")
            payload = f"{prev_hash}{len(rolls) + 1}{dice}{faces}".encode()
            digest = hashlib.sha256(payload).hexdigest()
            roll = RollView(
                len(rolls) + 1,
                f"adjudication #{adjudication_id} ({method})",
                dice,
                faces,
                rng.choice(("digital", "digital", "physical")),
                adjudication_id,
                next(tick),
                prev_hash,
                digest,
            )
            prev_hash = digest
            rolls.append(roll)
            outcome = rng.choice(("success", "partial", "failure"))
            applied = []
            track = rng.choice(list(tracks))
            spec = scenario.track(track)
            delta = rng.choice((-1, 1, 1, 2))
            before = tracks[track]
            tracks[track] = max(spec.min, min(spec.max, before + delta))
            applied.append(
                EffectView(
                    len(effects) + 1,
                    turn,
                    "adjudication",
                    "track",
                    track,
                    delta,
                    None,
                    before,
                    tracks[track],
                    f"adjudication #{adjudication_id}: {outcome}",
                    adjudication_id,
                    None,
                    "Alex Morgan",
                    next(tick),
                    False,
                )
            )
            if rng.random() < 0.15:
                unit = rng.choice(list(units))
                old_region, strength = units[unit]
                new_region = rng.choice(land)
                units[unit] = (new_region, strength)
                applied.append(
                    EffectView(
                        len(effects) + 2,
                        turn,
                        "adjudication",
                        "unit_move",
                        unit,
                        None,
                        new_region,
                        old_region,
                        new_region,
                        f"adjudication #{adjudication_id}: {outcome}",
                        adjudication_id,
                        None,
                        "Alex Morgan",
                        next(tick),
                        False,
                    )
                )
            effects.extend(applied)
            inputs: dict[str, Any] = {
                "target": 7 if method == "matrix" else None,
                "chance": rng.randint(20, 80) if method == "probability" else None,
                "modifier": 1,
                "modifiers_explained": ["+1 for 1 strong reason (+1 each)"],
                "explanation": f"Rolled {faces}: {outcome}.",
            }
            if method == "odds":
                inputs.update(rating="Likely", target=3)
            if method == "table":
                inputs.update(table="incident-at-the-border")
            if method == "probability":
                inputs.update(
                    estimates={t: rng.randint(10, 90) for t in teams[:3]},
                    combine="mean",
                    umpire_chance=None,
                )
            rulings.append(
                AdjudicationView(
                    adjudication_id,
                    turn,
                    move_id,
                    method,
                    inputs,
                    outcome,
                    " ".join(_sentence(rng, rng.randint(15, 35)) for _ in range(rng.randint(1, 2))),
                    "",
                    "Alex Morgan",
                    next(tick),
                    False,
                    None,
                    (roll,),
                    tuple(applied),
                )
            )
            if rng.random() < 0.1:
                observations.append(
                    ObservationView(
                        len(observations) + 1,
                        turn,
                        move_id,
                        "Kasia Wójcik",
                        _sentence(rng, rng.randint(10, 25)),
                        tuple(rng.sample(list(scenario.analysis.tags), 2)),
                        (rng.choice(scenario.analysis.questions).id,),
                        next(tick),
                        False,
                    )
                )
            if outcome == "success" and rng.random() < 0.05:
                facts.append(
                    FactView(
                        len(facts) + 1,
                        _sentence(rng, 10),
                        turn,
                        move_id,
                        adjudication_id,
                        None,
                        None,
                        None,
                    )
                )
        notes.append(
            NoteView(len(notes) + 1, turn, "Alex Morgan", _sentence(rng, 20), next(tick), False)
        )
        for t, v in tracks.items():
            history[t].append((turn, v))
        for line in scenario.red_lines:
            ladder = scenario.escalation
            if ladder and line.id not in crossed and tracks[ladder.id] >= 7:
                crossed[line.id] = turn
        states.append(_state(scenario, turn, tracks, units, crossed))
    findings = [
        FindingView(
            i,
            kind,
            _sentence(rng, 14),
            _sentence(rng, 10),
            "White cell",
            (scenario.analysis.questions[i % 3].id,),
            "Alex Morgan",
            next(tick),
            False,
        )
        for i, kind in enumerate(("strength", "improvement", "finding") * 4, start=1)
    ]
    summary = GameSummary(
        uid="b" * 32,
        title="Benchmark game",
        scenario_id=scenario.metadata.id,
        scenario_title=scenario.metadata.title,
        scenario_sha256="0" * 64,
        seed=seed,
        status="ended",
        turn=TURNS,
        phase_id=None,
        phase_name=None,
        created_at=phases[0].started_at,
        started_at=phases[0].started_at,
        ended_at=phases[-1].ended_at,
        executive_summary=_sentence(rng, 120),
        facilitator="Alex Morgan",
    )
    return GameRecord(
        summary=summary,
        viewer=Viewer.facilitator(),
        participants=tuple(people),
        assignments=tuple(assignments),
        phases=tuple(phases),
        moves=tuple(moves),
        adjudications=tuple(rulings),
        rolls=tuple(rolls),
        effects=tuple(effects),
        injects=tuple(injects),
        notes=tuple(notes),
        observations=tuple(observations),
        facts=tuple(facts),
        findings=tuple(findings),
        audit=(),
        states=tuple(states),
        chain=ChainCheck(True, len(rolls), ()),
    )


def _state(
    scenario: Scenario,
    turn: int,
    tracks: dict[str, int],
    units: dict[str, tuple[str, int]],
    crossed: dict[str, int],
) -> StateView:
    track_views = []
    for track in scenario.tracks:
        rung = track.rung_at(tracks[track.id])
        track_views.append(
            TrackView(
                track.id,
                track.name,
                tracks[track.id],
                track.min,
                track.max,
                rung.level if rung else None,
                rung.name if rung else None,
            )
        )
    unit_views = tuple(
        UnitView(u.id, u.name, u.owner, u.type, units[u.id][0], units[u.id][1])
        for u in scenario.units
    )
    lines = tuple(
        RedLineView(r.id, r.name, r.declared_by, r.id in crossed, crossed.get(r.id))
        for r in scenario.red_lines
    )
    return StateView(turn, tuple(track_views), unit_views, lines)


def _paragraphs(story: list[Flowable]) -> Iterator[Paragraph]:
    for flowable in story:
        if isinstance(flowable, Paragraph):
            yield flowable
        elif isinstance(flowable, Table):
            for row in flowable._cellvalues:
                for cell in row:
                    cells = cell if isinstance(cell, list | tuple) else [cell]
                    yield from (c for c in cells if isinstance(c, Paragraph))
        elif isinstance(flowable, KeepTogether):
            yield from _paragraphs(list(flowable._content))


RUNS = 3
"""Each side is built this many times, in turn, after one build of each that is not timed
(imports, fonts, ReportLab's caches); the best time counts (a busy machine slows a run
down, it never speeds one up). The side that goes first alternates, and each build starts
after a full collection with nothing of another build alive, so neither side pays for the
other's garbage. Both wall-clock and CPU time are measured: on a machine shared with other
work the CPU time of this process is the steadier figure, so the ratio is taken on it."""


class _Clock:
    """Wall-clock and CPU seconds of one block."""

    def __enter__(self) -> _Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def _report_texts(record: GameRecord, scenario: Scenario, folder: Path) -> list[tuple[str, Any]]:
    """Build the report once, untimed, and keep the text and style of its every paragraph."""
    captured: list[list[Flowable]] = []
    original = ReportDocument.build_story

    def capture(self: ReportDocument, story: list[Flowable], contents: Any = None) -> int:
        captured.append(list(story))
        return original(self, story, contents)

    ReportDocument.build_story = capture  # type: ignore[method-assign]
    try:
        build_after_action_report(record, scenario, folder / "aar.pdf")
    finally:
        ReportDocument.build_story = original  # type: ignore[method-assign]
    return [(p.text, p.style) for p in _paragraphs(captured[0])]


def _build_report(record: GameRecord, scenario: Scenario, folder: Path) -> tuple[_Clock, int]:
    gc.collect()
    with _Clock() as clock:
        built = build_after_action_report(record, scenario, folder / "aar.pdf")
    return clock, built.pages


def _build_bare(texts: list[tuple[str, Any]], folder: Path) -> tuple[_Clock, int]:
    gc.collect()
    with _Clock() as clock:
        bare = [Paragraph(text, style) for text, style in texts]
        doc = SimpleDocTemplate(
            str(folder / "bare.pdf"),
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
        )
        doc.build(bare)
        del bare, doc
    return clock, len(PdfReader(folder / "bare.pdf").pages)


REPORT_AIM = 1.2
"""The report's CPU time at most this many times bare ReportLab's on the same text."""


def main() -> list[Aim]:
    """Print the report's build time, pages, and the ratio against bare ReportLab."""
    scenario = _scenario()
    record = make_record(scenario)
    report: list[_Clock] = []
    bare: list[_Clock] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        texts = _report_texts(record, scenario, folder)
        _build_bare(texts, folder)
        for run in range(RUNS):
            if run % 2:
                clock, bare_pages = _build_bare(texts, folder)
                bare.append(clock)
            clock, pages = _build_report(record, scenario, folder)
            report.append(clock)
            if not run % 2:
                clock, bare_pages = _build_bare(texts, folder)
                bare.append(clock)
    report_wall, report_cpu = min(c.wall for c in report), min(c.cpu for c in report)
    bare_wall, bare_cpu = min(c.wall for c in bare), min(c.cpu for c in bare)
    print(
        f"after-action report ({TURNS} turns, {len(scenario.teams)} teams, "
        f"{len(record.moves)} moves, {len(record.rolls)} rolls; best of {RUNS})"
    )
    print(
        f"  report             : {report_wall:6.2f} s wall  {report_cpu:6.2f} s CPU   {pages} pages"
    )
    print(
        f"  bare ReportLab     : {bare_wall:6.2f} s wall  {bare_cpu:6.2f} s CPU   "
        f"{bare_pages} pages ({len(texts)} paragraphs)"
    )
    runs = "  ".join(f"{r.cpu:.2f}/{b.cpu:.2f}" for r, b in zip(report, bare, strict=True))
    print(f"  each run (CPU s)   : {runs}   (report/bare)")
    wall_ratio = report_wall / bare_wall
    print(
        f"  ratio (CPU)        : {report_cpu / bare_cpu:6.2f} x   (wall {wall_ratio:.2f} x; "
        f"aim: <= {REPORT_AIM} x)"
    )
    return [Aim("1,000-move report (CPU)", report_cpu / bare_cpu, REPORT_AIM, "bare ReportLab")]


if __name__ == "__main__":
    main()
