"""The quick look: at most six pages for the hot wash, written in seconds.

One page each: the game on one page; the escalation chart; key decisions and red lines
crossed; the top observations per question; the gaps in the data collection plan. Each
page's content is shrunk to fit its page if it must, so the document never runs longer
than the pages it plans. Built from the same read models as the after-action report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus import Flowable, KeepInFrame, NextPageTemplate, PageBreak, Spacer

from wargame.game import Game, GameError, GameRecord
from wargame.game.analysis_views import AnalysisRecord, ChainObservation
from wargame.game.views import MoveView, counted
from wargame.report.aar import viewer_for
from wargame.report.anchors import cited_label
from wargame.report.blocks import bullets, key_values
from wargame.report.charts import escalation_chart, red_line_numbers
from wargame.report.document import AtomicFile, BuiltReport, Headings, ReportDocument
from wargame.report.errors import ReportError
from wargame.report.lookup import OUTCOME_WORDS, RecordIndex, when
from wargame.report.paragraph import Para
from wargame.report.styles import Styles, make_styles
from wargame.report.text import markup, paragraphs, plain
from wargame.scenario import Scenario

MAX_PAGES = 6
"""The quick look never runs longer than this."""
_KEY_DECISIONS = 8
_PER_QUESTION = 2
_CLIP = 320


@dataclass(frozen=True)
class _Page:
    index: RecordIndex
    analysis: AnalysisRecord
    styles: Styles
    headings: Headings
    width: float
    height: float


def write_quick_look(
    game: Game, path: str | Path, *, paper: str = "a4", audience: str = "facilitator"
) -> BuiltReport:
    """Write the quick look of ``game`` to ``path`` (a PDF) for the hot wash.

    Raises:
        ReportError: If the audience or paper is unknown, or the file cannot be written.
    """
    viewer = viewer_for(audience)
    try:
        record = game.queries().record(viewer)
        analysis = game.analysis().record(viewer)
    except GameError as exc:
        raise ReportError(f"the game record cannot be read: {exc}") from None
    return build_quick_look(record, analysis, game.scenario, path, paper=paper)


def build_quick_look(
    record: GameRecord,
    analysis: AnalysisRecord,
    scenario: Scenario,
    path: str | Path,
    *,
    paper: str = "a4",
    generated_at: dt.datetime | None = None,
) -> BuiltReport:
    """Build the quick look of a record (as its viewer may see it)."""
    target = Path(path)
    styles = make_styles()
    generated = generated_at or dt.datetime.now(dt.UTC)
    summary = record.summary
    with AtomicFile(target) as partial:
        doc = ReportDocument(
            partial,
            paper=paper,
            styles=styles,
            title=f"{summary.title} — quick look",
            subject=f"Quick look for the hot wash of a game of “{scenario.metadata.title}”",
            author=summary.facilitator or scenario.metadata.author,
            classification=scenario.metadata.classification,
            edition="Quick look",
            footer_note=f"{plain(summary.title, 50)} · game {summary.uid[:8]} · "
            f"generated {generated.strftime('%d %b %Y %H:%M')} UTC",
            keywords=("wargame", "quick look", scenario.metadata.id),
        )
        page = _Page(
            RecordIndex.build(record, scenario),
            analysis,
            styles,
            Headings(styles),
            doc.width,
            doc.height - 30,
        )
        parts = [_game_page, _escalation_page, _decisions_page, _observations_page, _gaps_page]
        story: list[Flowable] = [NextPageTemplate("body")]
        contents = [c for c in (part(page) for part in parts) if c]  # no ladder: no page
        for number, content in enumerate(contents):
            if number:
                story.append(PageBreak())
            story.append(KeepInFrame(page.width, page.height, content, mode="shrink"))
        pages = doc.build_story(story)
    return BuiltReport(target, pages, doc.passes)


def _clip(text: str, limit: int = _CLIP) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _heading(page: _Page, title: str) -> Flowable:
    return page.headings(markup(title), 0, title=title)


# ---------------------------------------------------------------------------- page 1


def _game_page(page: _Page) -> list[Flowable]:
    index, styles = page.index, page.styles
    record, scenario = index.record, index.scenario
    s = record.summary
    story: list[Flowable] = [
        Para("<b>QUICK LOOK FOR THE HOT WASH</b>", styles.meta),
        _heading(page, s.title),
        Para(markup(scenario.metadata.title), styles.h3),
    ]
    played = when(s.started_at) if s.started_at else "not started"
    if s.started_at and s.ended_at:
        played += " – " + when(s.ended_at, date=s.ended_at.date() != s.started_at.date())
    status = {"ended": f"ended after turn {s.turn}", "running": f"in turn {s.turn}"}.get(
        s.status, "not started"
    )
    players = [p for p in record.participants if p.role.value == "player" and not p.voided]
    counts = index.outcome_counts()
    outcomes = ", ".join(
        f"{counts[o]} {OUTCOME_WORDS[o].lower()}" for o in ("success", "partial", "failure")
    )
    moves = [m for m in record.moves if not m.voided]
    coverage = page.analysis.coverage
    facts = [
        ("Status", f"{markup(status)} of {scenario.turn_plan.turns} · {markup(played)}"),
        ("Teams", f"{counted(len(scenario.teams), 'team')}, {counted(len(players), 'player')}"),
        ("Moves", f"{len(moves)} recorded · adjudicated: {outcomes}"),
        ("Injects", str(sum(1 for i in record.injects if not i.voided))),
        ("Escalation", _escalation_words(index)),
        ("Red lines crossed", _crossed_words(index)),
        ("Observations", str(sum(1 for o in record.observations if not o.voided))),
    ]
    if coverage.elements:
        done = sum(1 for e in coverage.elements if e.collected)
        facts.append(("Plan coverage", f"{done} of {len(coverage.elements)} elements collected"))
    story += [Spacer(1, 6), key_values(facts, styles, page.width, label_width=110)]
    text = s.executive_summary
    if text and text.strip():
        story.append(Para("Summary", styles.h3))
        story += [Para(p, styles.body) for p in paragraphs(_clip(text, 1400))]
    return story


def _escalation_words(index: RecordIndex) -> str:
    states = index.record.states
    if not states:
        return "no turn played"
    track = index.scenario.escalation
    if track is None:
        return "the scenario has no escalation ladder"
    first, last = states[0].track(track.id), states[-1].track(track.id)
    peak = max(s.track(track.id).value for s in states)
    return (
        f"{first.value} → {last.value} ({markup(last.rung_name or '—')}); highest {peak} "
        f"on {track.min}–{track.max}"
    )


def _crossed_words(index: RecordIndex) -> str:
    if not index.record.states:
        return "none"
    crossed = [r for r in index.record.states[-1].red_lines if r.first_crossed_turn is not None]
    if not crossed:
        return "none"
    return "; ".join(f"{markup(r.name)} (turn {r.first_crossed_turn})" for r in crossed)


# ---------------------------------------------------------------------------- page 2


def _escalation_page(page: _Page) -> list[Flowable]:
    index, styles = page.index, page.styles
    track = index.scenario.escalation
    if track is None:
        return []
    story: list[Flowable] = [_heading(page, "The escalation ladder")]
    if not index.record.states or len(index.record.states) < 2:
        return [*story, Para("No turn has been played yet.", styles.meta)]
    story.append(Para(_escalation_words(index), styles.lead))
    story.append(
        escalation_chart(index.scenario, index.record.states, width=page.width, height=330)
    )
    story.append(Spacer(1, 8))
    story += bullets(
        (f"<b>{r.level}</b> {markup(r.name)}" for r in sorted(track.rungs, key=lambda r: r.level)),
        styles,
    )
    return story


# ---------------------------------------------------------------------------- page 3


def _decisions_page(page: _Page) -> list[Flowable]:
    index, styles = page.index, page.styles
    story: list[Flowable] = [_heading(page, "Key decisions and red lines crossed")]
    decisions = _key_decisions(index)
    if decisions:
        story.append(
            Para(
                "The adjudicated moves that moved the escalation ladder most, then the "
                "other successes, in the order played.",
                styles.lead,
            )
        )
        story += bullets((_decision_line(index, m, d) for m, d in decisions), styles)
    else:
        story.append(Para("No move has been adjudicated yet.", styles.meta))
    story.append(Para("Red lines", styles.h3))
    numbers = red_line_numbers(index.scenario)
    final = {r.id: r for r in index.record.states[-1].red_lines} if index.record.states else {}
    lines = []
    for line in index.scenario.red_lines:
        view = final.get(line.id)
        turn = view.first_crossed_turn if view is not None else None
        state = f"<font color='#b3261e'><b>crossed in turn {turn}</b></font>" if turn else "held"
        lines.append(
            f"{numbers.get(line.id, '?')}. {markup(line.name)} "
            f"<font color='#5b6474'>({markup(index.actor_name(line.declared_by))})</font> — {state}"
        )
    story += bullets(lines, styles) if lines else [Para("No red line declared.", styles.meta)]
    return story


def _key_decisions(index: RecordIndex) -> list[tuple[MoveView, int]]:
    ladder = index.scenario.escalation
    escalation = ladder.id if ladder is not None else None
    scored = []
    for move in index.moves.values():
        if move.voided:
            continue
        rulings = [a for a in index.adjudications_by_move.get(move.id, []) if not a.voided]
        if not rulings:
            continue
        delta = sum(
            e.delta or 0
            for a in rulings
            for e in a.effects
            if not e.voided and e.kind == "track" and e.target == escalation
        )
        success = any(a.outcome == "success" for a in rulings)
        if delta or success:
            scored.append((move, delta))
    scored.sort(key=lambda md: (-abs(md[1]), md[0].turn, md[0].id))
    chosen = scored[:_KEY_DECISIONS]
    return sorted(chosen, key=lambda md: (md[0].turn, md[0].id))


def _decision_line(index: RecordIndex, move: MoveView, delta: int) -> str:
    rulings = [a for a in index.adjudications_by_move.get(move.id, []) if not a.voided]
    outcome = ", ".join(OUTCOME_WORDS.get(a.outcome, a.outcome).lower() for a in rulings)
    shift = f" · escalation {delta:+d}" if delta else ""
    return (
        f"<b>Turn {move.turn}, {markup(index.team_name(move.team_id))}:</b> "
        f"{markup(_clip(move.title, 120))} → {markup(outcome)}{shift}"
    )


# ---------------------------------------------------------------------------- page 4


def _observations_page(page: _Page) -> list[Flowable]:
    index, styles = page.index, page.styles
    story: list[Flowable] = [_heading(page, "Top observations per question")]
    plan = index.scenario.analysis
    if not index.shows_analysis:
        return [*story, Para("Observations are in the facilitator edition.", styles.meta)]
    if not plan.questions:
        return [*story, Para("The scenario has no analysis questions.", styles.meta)]
    chain = page.analysis.chain
    cited = {oid for i in chain.insights for oid in i.sources}
    observations = [o for o in index.record.observations if not o.voided]
    extra = {o.id: o for o in chain.observations}
    story.append(
        Para(
            "For each question, the observations analysts drew insights from first, then those "
            "citing log entries, then the latest.",
            styles.lead,
        )
    )
    shown: set[int] = set()
    for question in plan.questions:
        tagged = [o for o in observations if question.id in o.question_ids]
        if len([o for o in tagged if o.id not in shown]) >= _PER_QUESTION:
            tagged = [o for o in tagged if o.id not in shown]  # say something new if we can

        def rank(o_id: int, turn: int) -> tuple[int, int, int]:
            linked = extra.get(o_id)
            return (o_id not in cited, not (linked and linked.cited), -turn)

        tagged.sort(key=lambda o: rank(o.id, o.turn))
        story.append(Para(markup(_clip(question.text, 200)), styles.h4))
        if not tagged:
            story.append(Para("Nothing observed yet.", styles.meta))
            continue
        top = tagged[:_PER_QUESTION]
        shown.update(o.id for o in top)
        story += bullets(
            (_observation_line(page, o.text, o.author, o.turn, extra.get(o.id)) for o in top),
            styles,
        )
    return story


def _observation_line(
    page: _Page, text: str, author: str, turn: int, linked: ChainObservation | None
) -> str:
    line = f"{markup(_clip(text))} <font color='#5b6474'>— {markup(author)}, turn {turn}</font>"
    if linked is not None and linked.cited:
        line += " · " + ", ".join(cited_label(page.index, c) for c in linked.cited[:3])
    return line


# ---------------------------------------------------------------------------- page 5


def _gaps_page(page: _Page) -> list[Flowable]:
    styles = page.styles
    story: list[Flowable] = [_heading(page, "Coverage gaps")]
    analysis = page.analysis
    if not analysis.coverage.elements:
        return [*story, Para("The scenario's plan lists no element of analysis.", styles.meta)]
    missing = [e for e in analysis.coverage.elements if e.when != "each_turn" and not e.collected]
    per_turn = [
        (c.turn, [e for e in c.elements if e.when == "each_turn" and not e.collected_this_turn])
        for c in analysis.coverage_by_turn
    ]
    per_turn = [(t, gaps) for t, gaps in per_turn if gaps]
    if not missing and not per_turn:
        return [
            *story,
            Para("Every element of the data collection plan has evidence.", styles.body),
        ]
    slots = sum(1 for c in analysis.coverage_by_turn for e in c.elements if e.when == "each_turn")
    filled = sum(
        1
        for c in analysis.coverage_by_turn
        for e in c.elements
        if e.when == "each_turn" and e.collected_this_turn
    )
    story.append(
        Para(
            f"Elements collected each turn had evidence in {filled} of {slots} turn slots; "
            f"{counted(len(missing), 'element')} due before play or at the hot wash with none.",
            styles.body,
        )
    )
    if missing:
        story.append(Para("Never collected", styles.h3))
        story += bullets(
            (
                f"{markup(e.text)} <font color='#5b6474'>({markup(e.id)}; {markup(e.what)})</font>"
                for e in missing
            ),
            styles,
        )
    if per_turn:
        story.append(Para("Turns without evidence", styles.h3))
        story += bullets(
            (f"<b>Turn {t}:</b> " + "; ".join(_short(e.text) for e in g) for t, g in per_turn),
            styles,
        )
    return story


def _short(text: str) -> str:
    return markup(_clip(text, 120).rstrip("."))
