"""The after-action report's evidence chain, HSEEP ratings, improvement plan and plan coverage.

Each finding drawn from insights is shown with the insights, the observations behind them
and the log entries those observations cite, each linked to where the turn pages show it
(see :mod:`wargame.report.anchors`). Then the recommendations, the HSEEP rating of each
objective and capability, the improvement plan, and how fully the data collection plan was
covered turn by turn.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from wargame.game.analysis_views import (
    HSEEP_LEVELS,
    IMPROVEMENT_STATUS_WORDS,
    AnalysisRecord,
    ChainItem,
    ElementCoverage,
    EvidenceChain,
)
from wargame.report.anchors import cited_link
from wargame.report.blocks import bullets, data_table, label
from wargame.report.context import ReportContext, not_in_edition, section
from wargame.report.lookup import day
from wargame.report.paragraph import Para
from wargame.report.text import markup

_WHEN = {"before_play": "before play", "each_turn": "each turn", "hot_wash": "hot wash"}
_BY = {"analyst": "analyst", "white_cell": "white cell", "team": "team"}


def evidence_chain_section(ctx: ReportContext) -> list[Flowable]:
    """Findings traced to evidence, recommendations, ratings, the plan and coverage."""
    analysis = ctx.analysis
    story = section(ctx, "Findings traced to evidence")
    if not ctx.index.shows_analysis:
        return [*story, not_in_edition(ctx, "Findings, ratings and the improvement plan")]
    if analysis is None:
        return [*story, Para("The analysts' work was not read for this report.", ctx.styles.meta)]
    story += _findings(ctx, analysis.chain)
    story += _recommendations(ctx, analysis.chain)
    story += _ratings(ctx, analysis)
    story += _improvement_plan(ctx, analysis)
    story += _coverage(ctx, analysis)
    return story


def _findings(ctx: ReportContext, chain: EvidenceChain) -> list[Flowable]:
    styles = ctx.styles
    traced = [f for f in chain.findings if f.sources]
    if not traced:
        return [Para("No finding has yet been drawn from insights.", styles.meta)]
    story: list[Flowable] = [
        Para(
            "Each finding with the insights it is drawn from, the observations behind them "
            "and the log entries they cite. Blue entries link to the turn pages.",
            styles.lead,
        )
    ]
    insights = {i.id: i for i in chain.insights}
    for number, finding in enumerate(traced, start=1):
        kind = {"strength": "Strength", "improvement": "Area for improvement"}.get(
            finding.finding_kind or "", "Finding"
        )
        story.append(Para(f"F{number}. {markup(finding.text)}", styles.h4))
        story.append(Para(f"{kind} · recorded by {markup(finding.author)}", styles.lead))
        for iid in finding.sources:
            insight = insights.get(iid)
            if insight is None:
                continue
            story.append(Para(label("Insight", markup(insight.text)), styles.small))
            story += bullets(_observation_lines(ctx, chain, insight), styles)
    return story


def _observation_lines(ctx: ReportContext, chain: EvidenceChain, insight: ChainItem) -> list[str]:
    lines = []
    for oid in insight.sources:
        observation = chain.observation(oid)
        if observation is None:
            continue
        evidence = ", ".join(cited_link(ctx.index, cited) for cited in observation.cited)
        lines.append(
            f"{markup(observation.text)} <font color='#5b6474'>— {markup(observation.author)}, "
            f"turn {observation.turn}</font>"
            + (f" · <b>evidence:</b> {evidence}" if evidence else " · no log entry cited")
        )
    return lines


def _recommendations(ctx: ReportContext, chain: EvidenceChain) -> list[Flowable]:
    styles = ctx.styles
    story: list[Flowable] = [
        ctx.headings("Recommendations", 1, title="Recommendations", section=False)
    ]
    if not chain.recommendations:
        return [*story, Para("No recommendation was recorded.", styles.meta)]
    numbers = {f.id: n for n, f in enumerate((f for f in chain.findings if f.sources), start=1)}
    items = []
    for rec in chain.recommendations:
        drawn = ", ".join(f"F{numbers[f]}" for f in rec.sources if f in numbers)
        items.append(
            f"{markup(rec.text)} <font color='#5b6474'>— {markup(rec.author)}"
            + (f" · from {drawn}" if drawn else "")
            + "</font>"
        )
    return story + bullets(items, styles)


def _ratings(ctx: ReportContext, analysis: AnalysisRecord) -> list[Flowable]:
    styles, w = ctx.styles, ctx.width
    story: list[Flowable] = [
        ctx.headings("Objectives and capabilities rated", 1, title="HSEEP ratings", section=False)
    ]
    if not analysis.ratings:
        return [*story, Para("No objective or capability has been rated.", styles.meta)]
    story.append(
        Para(
            "Rated on the HSEEP scale: P performed without challenges, S with some "
            "challenges, M with major challenges, U unable to be performed.",
            styles.lead,
        )
    )
    rows = [
        [
            Para(markup(r.subject_text), styles.cell),
            Para(f"<b>{r.rating}</b> {markup(HSEEP_LEVELS[r.rating])}", styles.cell),
            Para(markup(r.strengths or "—"), styles.cell),
            Para(markup(r.improvements or "—"), styles.cell),
        ]
        for r in analysis.ratings
    ]
    return story + data_table(
        ["Objective or capability", "Rating", "Strengths", "Areas for improvement"],
        rows,
        [w * 0.28, w * 0.18, w * 0.27, w * 0.27],
        styles,
    )


def _improvement_plan(ctx: ReportContext, analysis: AnalysisRecord) -> list[Flowable]:
    styles, w = ctx.styles, ctx.width
    story: list[Flowable] = [
        ctx.headings(
            "Improvement plan (actions)", 1, title="Improvement plan (actions)", section=False
        )
    ]
    if not analysis.improvement_plan:
        return [*story, Para("No corrective action has been planned.", styles.meta)]
    rows = [
        [
            Para(str(n), styles.cell),
            Para(markup(p.action), styles.cell),
            Para(markup(p.capability), styles.cell),
            Para(markup(p.owner), styles.cell),
            Para(day(p.due) if p.due else "—", styles.cell),
            Para(IMPROVEMENT_STATUS_WORDS.get(p.status, p.status), styles.cell),
        ]
        for n, p in enumerate(analysis.improvement_plan, start=1)
    ]
    rest = w - 18
    return story + data_table(
        ["#", "Corrective action", "Capability", "Owner", "Due", "Status"],
        rows,
        [18, rest * 0.36, rest * 0.2, rest * 0.18, rest * 0.13, rest * 0.13],
        styles,
    )


def _coverage(ctx: ReportContext, analysis: AnalysisRecord) -> list[Flowable]:
    styles, w = ctx.styles, ctx.width
    story: list[Flowable] = [
        ctx.headings(
            "Data collection plan coverage", 1, title="Data collection plan coverage", section=False
        )
    ]
    elements = analysis.coverage.elements
    if not elements:
        return [*story, Para("The scenario's plan lists no element of analysis.", styles.meta)]
    story.append(
        Para(
            "Each essential element of analysis: who collects it and when, and the turns in "
            "which evidence was recorded (a dash marks a turn without any).",
            styles.lead,
        )
    )
    rows = []
    for element in elements:
        if element.when == "each_turn":
            marks = " ".join(
                str(c.turn) if _collected(c.elements, element.id) else "–"
                for c in analysis.coverage_by_turn
            )
        else:
            marks = "collected" if element.collected else "not collected"
        name = f"{markup(element.text)} <font size='6.5'>({markup(element.id)})</font>"
        by_when = f"{_BY.get(element.by, element.by)}, {_WHEN.get(element.when, element.when)}"
        rows.append(
            [
                Para(name, styles.cell),
                Para(markup(element.what), styles.cell),
                Para(by_when, styles.cell),
                Para(marks or "—", styles.cell),
                Para(str(len(element.evidence)), styles.cell),
            ]
        )
    return story + data_table(
        ["Element", "Data to collect", "By, when", "Turns with evidence", "Obs."],
        rows,
        [w * 0.3, w * 0.3, w * 0.14, w * 0.19, w * 0.07],
        styles,
    )


def _collected(elements: tuple[ElementCoverage, ...], element_id: str) -> bool:
    return any(e.id == element_id and e.collected_this_turn for e in elements)
