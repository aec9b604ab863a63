"""The after-action report: what a sponsor reads and what outlives the game.

Built only from the game layer's read model (:class:`~wargame.game.GameRecord`) for the
chosen audience — the white cell's view for the facilitator edition, the projector's
view for the public edition — and the scenario the game was played with. Sections, in
order: cover; contents; executive summary and the game at a glance; the scenario
(background, objectives per actor, private briefings in the facilitator edition, red
lines, the escalation ladder, forces, turn plan); participants and teams; escalation and
indicators (charts) — see :mod:`~wargame.report.overview`; turn by turn
(:mod:`~wargame.report.turns`); the analysis plan traced, established facts,
observations by tag, hot wash and improvement plan (:mod:`~wargame.report.analysis`);
and a data appendix with the move log and the dice audit log
(:mod:`~wargame.report.appendix`). This module holds the entry points, the cover and the
executive summary, and puts the sections in order.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Spacer, Table

from wargame.game import Game, GameError, GameRecord, Viewer
from wargame.game.analysis_views import AnalysisRecord
from wargame.game.views import counted
from wargame.report.analysis import (
    analysis_section,
    facts_section,
    hotwash_section,
    observations_section,
)
from wargame.report.appendix import commitment_facts, dice_log_section, move_log_section, seed_shown
from wargame.report.blocks import bullets, key_values
from wargame.report.chain import evidence_chain_section
from wargame.report.charts import red_line_numbers
from wargame.report.context import ReportContext
from wargame.report.document import (
    AtomicFile,
    BuiltReport,
    Headings,
    ReportContents,
    ReportDocument,
)
from wargame.report.errors import ReportError
from wargame.report.geo import load_geography
from wargame.report.lookup import OUTCOME_WORDS, RecordIndex, day, when
from wargame.report.memory import paused_collector
from wargame.report.overview import escalation_section, participants_section, scenario_section
from wargame.report.paragraph import Para
from wargame.report.styles import ACCENT, RED, make_styles, table_style
from wargame.report.text import markup, paragraphs, plain
from wargame.report.turns import turn_by_turn
from wargame.scenario import Scenario

AUDIENCES = ("facilitator", "public")


def viewer_for(audience: str) -> Viewer:
    """The game layer's viewer for a report audience.

    Raises:
        ReportError: For an audience other than ``facilitator`` or ``public``.
    """
    if audience == "facilitator":
        return Viewer.facilitator()
    if audience == "public":
        return Viewer.public()
    raise ReportError(f"unknown audience '{audience}'; use facilitator or public")


def write_after_action_report(
    game: Game, path: str | Path, *, paper: str = "a4", audience: str = "facilitator"
) -> Path:
    """Write the after-action report of ``game`` to ``path`` (a PDF) and return the path.

    Args:
        game: An open game.
        path: The PDF to write (its folder is created; an existing file is replaced only
            once the new one is complete).
        paper: ``"a4"`` or ``"letter"``.
        audience: ``"facilitator"`` (everything, including white-cell notes, private
            briefings and moves never revealed) or ``"public"`` (what the game layer
            shows the room: revealed moves, no notes, no private briefings).

    Raises:
        ReportError: If the audience or paper is unknown, or the file cannot be written.
    """
    viewer = viewer_for(audience)
    try:
        record = game.queries().record(viewer)
        analysis = game.analysis().record(viewer)
    except GameError as exc:
        raise ReportError(f"the game record cannot be read: {exc}") from None
    return build_after_action_report(
        record, game.scenario, path, paper=paper, analysis=analysis
    ).path


def build_after_action_report(
    record: GameRecord,
    scenario: Scenario,
    path: str | Path,
    *,
    paper: str = "a4",
    generated_at: dt.datetime | None = None,
    analysis: AnalysisRecord | None = None,
) -> BuiltReport:
    """Build the after-action report of a record (as its viewer may see it).

    Args:
        record: The game record, read for the report's audience.
        scenario: The scenario the game was played with.
        path: The PDF to write.
        paper: ``"a4"`` or ``"letter"``.
        generated_at: The moment printed as the report's date (default: now).
        analysis: The analysts' chain, ratings, plan and coverage, read for the same
            audience (None leaves that section saying so).

    Raises:
        ReportError: If the paper is unknown or the file cannot be written.
    """
    target = Path(path)
    styles = make_styles()
    index = RecordIndex.build(record, scenario)
    generated = generated_at or dt.datetime.now(dt.UTC)
    summary = record.summary
    edition = "Facilitator edition" if index.facilitator_edition else "Public edition"
    with AtomicFile(target) as partial:
        doc = ReportDocument(
            partial,
            paper=paper,
            styles=styles,
            title=f"{summary.title} — after-action report",
            subject=f"After-action report ({edition.lower()}) of a game of "
            f"“{scenario.metadata.title}”",
            author=summary.facilitator or scenario.metadata.author,
            classification=scenario.metadata.classification,
            edition=edition,
            footer_note=f"{plain(summary.title, 50)} · game {summary.uid[:8]} · "
            f"generated {generated.strftime('%d %b %Y')}",
            keywords=("wargame", "after-action report", scenario.metadata.id),
        )
        headings = Headings(styles)  # one per document: bookmark keys stay unique
        ctx = ReportContext(
            index,
            styles,
            headings,
            doc.width,
            doc.height,
            load_geography(scenario),
            generated,
            edition,
            analysis,
        )
        contents = ReportContents(styles)
        with paused_collector():  # the story is freed before the collector resumes
            pages = doc.build_story(_story(ctx, contents), contents)
    return BuiltReport(target, pages, doc.passes)


def _story(ctx: ReportContext, contents: ReportContents) -> list[Flowable]:
    story: list[Flowable] = []
    story += _cover(ctx)
    story += [NextPageTemplate("body"), PageBreak()]
    story.append(ctx.headings("Contents", 0, title="Contents", contents=False))
    story.append(contents)
    story.append(PageBreak())
    story += _executive_summary(ctx)
    story += scenario_section(ctx)
    story += participants_section(ctx)
    story += escalation_section(ctx)
    story += turn_by_turn(ctx)
    story += analysis_section(ctx)
    story += facts_section(ctx)
    story += observations_section(ctx)
    story += hotwash_section(ctx)
    story += evidence_chain_section(ctx)
    story += move_log_section(ctx)
    story += dice_log_section(ctx)
    return story


# ---------------------------------------------------------------------------- cover


def _cover(ctx: ReportContext) -> list[Flowable]:
    s, styles, scenario = ctx.record.summary, ctx.styles, ctx.scenario
    meta = scenario.metadata
    facilitator = ctx.index.facilitator_edition
    pill_colour = RED if facilitator else ACCENT
    pill = Table(
        [[Para(f"<b>{ctx.edition.upper()}</b>", styles.cell_head)]],
        style=table_style(
            [
                ("BACKGROUND", (0, 0), (-1, -1), pill_colour),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        ),
        hAlign="LEFT",
    )
    status = _status_words(ctx)
    played = "not started"
    if s.started_at is not None:
        played = when(s.started_at)
        if s.ended_at is not None:
            same_day = s.ended_at.date() == s.started_at.date()
            played += " – " + when(s.ended_at, date=not same_day)
    players = [p for p in ctx.record.participants if p.role.value == "player" and not p.voided]
    observers = [p for p in ctx.record.participants if p.role.value == "observer" and not p.voided]
    facts = [
        (
            "Scenario",
            f"{markup(meta.title)} (version {markup(meta.version)}, by {markup(meta.author)})",
        ),
        ("Played", markup(played)),
        ("Status", markup(status)),
        ("In-game period", markup(ctx.index.game_period())),
        ("Facilitator", markup(s.facilitator or "—")),
    ]
    if scenario.analysis.sponsor:
        facts.append(("Sponsor", markup(scenario.analysis.sponsor)))
    facts += [
        (
            "Participants",
            f"{counted(len(players), 'player')} in {counted(len(scenario.teams), 'team')}, "
            f"{counted(len(observers), 'observer')}",
        ),
        ("Classification", markup(meta.classification)),
        ("Dice", markup(ctx.record.chain.summary() if ctx.record.chain else "not verified")),
        ("Game", markup(s.uid) + (f" · seed {s.seed}" if seed_shown(ctx) else "")),
        *commitment_facts(ctx),
        ("Scenario file", f"SHA-256 {markup(s.scenario_sha256[:16])}…"),
        ("Report", f"generated {day(ctx.generated.date())} by wargame"),
    ]
    if facilitator:
        note = (
            "This facilitator edition contains the white cell's notes, every team's "
            "private briefing and moves that were never revealed to the other teams. "
            "Do not release it beyond the white cell and the sponsor."
        )
    else:
        note = (
            "This public edition shows what was revealed to the room: it leaves out the "
            "white cell's notes, the teams' private briefings, moves never revealed and "
            "injects sent to single teams; observations and hot-wash findings are in "
            "the facilitator edition."
        )
    return [
        Para("<b>AFTER-ACTION REPORT</b>", styles.cover_text),
        Spacer(1, 6),
        Para(markup(s.title), styles.cover_title),
        Para(markup(meta.title), styles.cover_subtitle),
        pill,
        Spacer(1, 18),
        key_values(facts, styles, ctx.width, label_width=100),
        Spacer(1, 18),
        Para(note, styles.cover_text),
    ]


def _status_words(ctx: ReportContext) -> str:
    s = ctx.record.summary
    total = ctx.scenario.turn_plan.turns
    if s.status == "ended":
        return f"ended after turn {s.turn} of {total}"
    if s.status == "running":
        return (
            f"in progress: turn {s.turn} of {total}, {s.phase_name or 'no phase'} — this "
            "report covers the game so far"
        )
    return "not started yet"


# ---------------------------------------------------------------------------- summary


def _executive_summary(ctx: ReportContext) -> list[Flowable]:
    styles = ctx.styles
    story = [ctx.headings("Executive summary", 0, title="Executive summary")]
    text = ctx.record.summary.executive_summary
    if text and text.strip():
        story += [Para(p, styles.body) for p in paragraphs(text)]
    else:
        story.append(
            Para(
                "No executive summary has been written for this game yet. The facilitator "
                "writes it in the app (or with the <i>summary</i> action of a play script) "
                "before the report is issued; everything below is drawn from the game record.",
                styles.placeholder,
            )
        )
    story.append(
        ctx.headings("The game at a glance", 1, title="The game at a glance", section=False)
    )
    story.append(Para("Generated from the game record.", styles.meta))
    story += bullets(_at_a_glance(ctx), styles)
    return story


def _at_a_glance(ctx: ReportContext) -> list[str]:
    index, record = ctx.index, ctx.record
    moves = [m for m in record.moves if not m.voided]
    standing = [a for a in record.adjudications if not a.voided]
    of_moves = [a for a in standing if a.move_id is not None]
    counts = Counter(a.outcome for a in of_moves)
    outcome_text = ", ".join(
        f"{counts[o]} {OUTCOME_WORDS[o].lower()}"
        for o in ("success", "partial", "failure")
        if counts[o]
    )
    adjudicated = {a.move_id for a in of_moves}
    open_questions = len(standing) - len(of_moves)
    items = [
        f"<b>Turns:</b> {markup(_status_words(ctx))}.",
        f"<b>Moves:</b> {len(moves)} recorded, {len(adjudicated)} adjudicated"
        + (f" ({outcome_text})" if outcome_text else "")
        + "."
        + (
            f" {counted(open_questions, 'open question')} adjudicated without a move."
            if open_questions
            else ""
        ),
    ]
    withdrawn = sum(1 for m in moves if m.status == "withdrawn")
    sealed = sum(1 for m in moves if m.sealed and m.status != "withdrawn")
    if withdrawn or (sealed and index.facilitator_edition):
        items.append(f"<b>Not played out:</b> {withdrawn} withdrawn, {sealed} never revealed.")
    injects = [i for i in record.injects if not i.voided]
    conditional = sum(1 for i in injects if i.trigger == "conditional")
    items.append(f"<b>Injects released:</b> {len(injects)} ({conditional} conditional).")
    escalation = ctx.scenario.escalation
    history = [(s.turn, s.track(escalation.id)) for s in record.states] if escalation else []
    if history:
        first, last = history[0][1], history[-1][1]
        peak_turn, peak = max(history, key=lambda h: (h[1].value, -h[0]))
        items.append(
            f"<b>Escalation:</b> from {first.value} ({markup(first.rung_name or '—')}) to "
            f"{last.value} ({markup(last.rung_name or '—')}); highest {peak.value} "
            f"{'at the start' if peak_turn == 0 else f'in turn {peak_turn}'}."
        )
        crossed = [r for r in record.states[-1].red_lines if r.first_crossed_turn is not None]
        if crossed:
            numbers = red_line_numbers(ctx.scenario)
            items.append(
                "<b>Red lines crossed:</b> "
                + "; ".join(
                    f"{numbers.get(r.id, '?')} {markup(r.name)} (turn {r.first_crossed_turn})"
                    for r in crossed
                )
                + "."
            )
        else:
            items.append("<b>Red lines crossed:</b> none.")
    facts = [f for f in record.facts if f.in_force]
    if record.facts:
        items.append(
            f"<b>Established facts:</b> {len(facts)} in force at the end "
            f"({len(record.facts)} established in all)."
        )
    if record.chain is not None:
        items.append(f"<b>Dice:</b> {markup(record.chain.summary())}")
    return items


# ---------------------------------------------------------------------------- scenario
