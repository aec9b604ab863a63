"""The after-action report's analysis: the analysis plan traced, facts, observations, hot wash.

Each of the sponsor's questions is shown with the observations tagged to it, the moves
those observations are about (and their outcomes) and the hot-wash findings linked to it.
Then the established facts, the observations grouped by tag, and the hot wash with an
improvement plan in the manner of HSEEP (issue, recommendation, owner).
"""

from __future__ import annotations

from collections import Counter

from reportlab.platypus import Flowable

from wargame.game.views import FindingView, ObservationView
from wargame.report.blocks import bullets, data_table, label
from wargame.report.context import ReportContext, not_in_edition, section
from wargame.report.paragraph import Para
from wargame.report.text import markup, plain
from wargame.report.turns import fact_origin, observation_markup, outcome_markup
from wargame.scenario.analysis_plan import Question


def analysis_section(ctx: ReportContext) -> list[Flowable]:
    """The sponsor's objectives and questions, each with the evidence tagged to it."""
    styles, scenario, index, record = ctx.styles, ctx.scenario, ctx.index, ctx.record
    plan = scenario.analysis
    story = section(ctx, "The analysis plan traced")
    if plan.sponsor:
        story.append(Para(label("Sponsor", markup(plan.sponsor)), styles.body))
    if not plan.questions:
        return [*story, Para("The scenario has no analysis questions.", styles.meta)]
    if not index.shows_analysis:
        story.append(not_in_edition(ctx, "Observations and hot-wash findings"))
    by_question: dict[str, list[ObservationView]] = {}
    for observation in record.observations:
        for qid in observation.question_ids:
            by_question.setdefault(qid, []).append(observation)
    findings_by_question: dict[str, list[FindingView]] = {}
    for finding in record.findings:
        for qid in finding.question_ids:
            findings_by_question.setdefault(qid, []).append(finding)
    groups: list[tuple[str, list[Question]]] = [
        (f"Objective: {o.text}", [q for q in plan.questions if q.objective == o.id])
        for o in plan.objectives
    ]
    loose = [
        q
        for q in plan.questions
        if q.objective is None or q.objective not in {o.id for o in plan.objectives}
    ]
    if loose:
        groups.append(("Other questions", list(loose)))
    for title, questions in groups:
        story.append(
            ctx.headings(
                markup(title),
                1,
                title=plain(title, 100),
                section=False,
                contents=False,
                style_level=1,
            )
        )
        if not questions:
            story.append(Para("No question serves this objective.", styles.meta))
        for question in questions:
            story += _question(ctx, question, by_question, findings_by_question)
    return story


def _question(
    ctx: ReportContext,
    question: Question,
    by_question: dict[str, list[ObservationView]],
    findings_by_question: dict[str, list[FindingView]],
) -> list[Flowable]:
    styles, index = ctx.styles, ctx.index
    story: list[Flowable] = [
        Para(
            f"{markup(question.text)} "
            f"<font color='#5b6474' size='7.5'>({markup(question.id)})"
            "</font>",
            styles.h3,
        )
    ]
    observations = by_question.get(question.id, [])
    findings = findings_by_question.get(question.id, [])
    if not index.shows_analysis:
        return story
    if not observations and not findings:
        story.append(Para("No observation or finding was tagged to this question.", styles.meta))
        return story
    if observations:
        story.append(Para("Observations", styles.label))
        story += bullets((observation_markup(index, o, turn=True) for o in observations), styles)
    moves = list(dict.fromkeys(o.move_id for o in observations if o.move_id is not None))
    if moves:
        story.append(Para("Moves and their outcomes", styles.label))
        story += bullets((_move_outcome(ctx, move_id) for move_id in moves), styles)
    if findings:
        story.append(Para("Hot-wash findings", styles.label))
        story += bullets(
            (f"{markup(_FINDING_KINDS.get(f.kind, f.kind))}: {markup(f.text)}" for f in findings),
            styles,
        )
    return story


def _move_outcome(ctx: ReportContext, move_id: int) -> str:
    index = ctx.index
    move = index.moves.get(move_id)
    if move is None:
        return f"Move {move_id} (not visible in this edition)"
    rulings = [a for a in index.adjudications_by_move.get(move_id, []) if not a.voided]
    outcome = (
        ", ".join(outcome_markup(a.outcome) for a in rulings) if rulings else "not adjudicated"
    )
    return (
        f"Move {move.id}, turn {move.turn}, {markup(index.team_name(move.team_id))}: "
        f"“{markup(move.title)}” → {outcome}"
    )


_FINDING_KINDS = {
    "strength": "Strength",
    "improvement": "Area for improvement",
    "finding": "Finding",
}


def facts_section(ctx: ReportContext) -> list[Flowable]:
    """The facts established by arguments, in force or ended, and what established them."""
    styles, index, record = ctx.styles, ctx.index, ctx.record
    story = section(ctx, "Established facts", new_page=False)
    if not record.facts:
        return [*story, Para("No fact was established by an argument in this game.", styles.meta)]
    story.append(
        Para(
            "Facts established by successful arguments, as they stood at the end of the game.",
            styles.meta,
        )
    )
    rows = []
    for fact in sorted(record.facts, key=lambda f: (not f.in_force, f.established_turn, f.id)):
        ended = (
            f"ended in turn {fact.ended_turn}"
            + (
                f" by adjudication {fact.ended_by_adjudication_id}"
                if fact.ended_by_adjudication_id
                else ""
            )
            if not fact.in_force
            else "<b>in force</b>"
        )
        rows.append(
            [
                Para(markup(fact.text), styles.cell),
                Para(markup(fact_origin(index, fact)), styles.cell),
                Para(ended, styles.cell),
            ]
        )
    w = ctx.width
    story += data_table(
        ["Fact", "Established", "At the end"], rows, [w * 0.5, w * 0.3, w * 0.2], styles
    )
    return story


def observations_section(ctx: ReportContext) -> list[Flowable]:
    """Every observation, grouped by tag (most used tags first), then the untagged."""
    styles, index, record = ctx.styles, ctx.index, ctx.record
    story = section(ctx, "Observations by tag", new_page=False)
    if not index.shows_analysis:
        return [*story, not_in_edition(ctx, "Observations")]
    observations = [o for o in record.observations if not o.voided]
    if not observations:
        return [*story, Para("No observation was recorded.", styles.meta)]
    tags: Counter[str] = Counter(t for o in observations for t in o.tags)
    for tag, count in sorted(tags.items(), key=lambda kv: (-kv[1], kv[0])):
        story.append(Para(f"#{markup(tag)} <font color='#5b6474'>({count})</font>", styles.h3))
        story += bullets(
            (observation_markup(index, o, turn=True) for o in observations if tag in o.tags), styles
        )
    untagged = [o for o in observations if not o.tags]
    if untagged:
        story.append(Para("Untagged", styles.h3))
        story += bullets((observation_markup(index, o, turn=True) for o in untagged), styles)
    return story


def hotwash_section(ctx: ReportContext) -> list[Flowable]:
    """Strengths, areas for improvement and findings, and the improvement plan."""
    styles, index, record = ctx.styles, ctx.index, ctx.record
    story = section(ctx, "Hot wash and improvement plan", new_page=False)
    if not index.shows_analysis:
        return [*story, not_in_edition(ctx, "Hot-wash findings")]
    findings = [f for f in record.findings if not f.voided]
    if not findings:
        return [*story, Para("No hot-wash finding was recorded.", styles.meta)]
    for kind, title in (
        ("strength", "Strengths"),
        ("improvement", "Areas for improvement"),
        ("finding", "Other findings"),
    ):
        items = [f for f in findings if f.kind == kind]
        if not items:
            continue
        story.append(Para(title, styles.h3))
        story += bullets(
            (f"{markup(f.text)} <font color='#5b6474'>— {markup(f.author)}</font>" for f in items),
            styles,
        )
    plan = [
        f
        for f in findings
        if f.kind != "strength" and (f.recommendation or f.kind == "improvement")
    ]
    story.append(ctx.headings("Improvement plan", 1, title="Improvement plan", section=False))
    if not plan:
        return [*story, Para("No area for improvement was recorded.", styles.meta)]
    story.append(
        Para(
            "In the manner of an HSEEP improvement plan: each issue, the "
            "corrective action recommended, and who owns it.",
            styles.lead,
        )
    )
    rows = []
    for number, finding in enumerate(plan, start=1):
        questions = "<br/>".join(markup(q) for q in finding.question_ids)
        rows.append(
            [
                Para(str(number), styles.cell),
                Para(markup(finding.text), styles.cell),
                Para(markup(finding.recommendation or "—"), styles.cell),
                Para(markup(finding.owner or "unassigned"), styles.cell),
                Para(f"<font size='7'>{questions or '—'}</font>", styles.cell),
            ]
        )
    w = ctx.width
    story += data_table(
        ["#", "Issue", "Recommendation", "Owner", "Questions"],
        rows,
        [18, (w - 18) * 0.32, (w - 18) * 0.32, (w - 18) * 0.15, (w - 18) * 0.21],
        styles,
    )
    return story


# ---------------------------------------------------------------------------- appendix
