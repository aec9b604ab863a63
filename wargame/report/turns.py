"""The turn-by-turn part of the after-action report.

For each turn: the injects released, each team's moves (action, intended result,
reasons) with the counter-arguments against them and how each was adjudicated (method,
chance or target, modifiers and why, the dice and where they came from, the outcome and
the narrative, the effects), rulings on open questions, other effects, the red lines
crossed (highlighted), the analysts' observations and the white cell's notes (when the
edition includes them), and the situation at the end of the turn: the tracks and a map
of where every unit stands.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
)

from wargame.game.fog import state_seen
from wargame.game.skips import SkippedEffectView, skipped_effects
from wargame.game.views import (
    AdjudicationView,
    CounterView,
    EffectView,
    FactView,
    InjectView,
    MoveView,
    ObservationView,
    Viewer,
    counted,
)
from wargame.report.anchors import anchor_markup
from wargame.report.blocks import bullets, label, numbered, panel
from wargame.report.charts import red_line_numbers
from wargame.report.context import ReportContext, section
from wargame.report.geo import missing_map_reason
from wargame.report.lookup import METHOD_NAMES, OUTCOME_WORDS, TRIGGER_WORDS, RecordIndex, when
from wargame.report.maps import unit_legend, unit_map
from wargame.report.paragraph import Para
from wargame.report.styles import (
    ACCENT_TINT,
    OUTCOME_COLOURS,
    PANEL,
    RED,
    RED_TINT,
    grid_table_style,
)
from wargame.report.text import markup, paragraphs

MAP_HEIGHT = 310.0


def outcome_markup(outcome: str) -> str:
    """An outcome in its colour, in bold."""
    colour = OUTCOME_COLOURS.get(outcome)
    word = markup(OUTCOME_WORDS.get(outcome, outcome))
    if colour is None:
        return f"<b>{word}</b>"
    return f"<font color='#{colour.hexval()[2:]}'><b>{word}</b></font>"


def swatch(colour: str) -> str:
    """A small square in a colour, to mark a team or actor."""
    return f"<font color='{colour}'>■</font>"


def turn_section(
    ctx: ReportContext, turn: int, *, first: bool, lead_in: Sequence[Flowable] = ()
) -> list[Flowable]:
    """Every page of one turn.

    The turn opens with the situation at its end — the map and its legend — so that a
    turn that starts on a fresh page shows the map whole, and the reader sees where
    things ended before how. The opening (with ``lead_in``, the section's own heading for
    the first turn) is kept together: a heading is never left alone at a page's foot.
    """
    index = ctx.index
    dates = index.turn_dates(turn)
    opening: list[Flowable] = [
        *lead_in,
        ctx.headings(
            f"Turn {turn}<font size='10' color='#5b6474'>  ·  {markup(dates)}</font>",
            1,
            title=f"Turn {turn} · {dates}",
        ),
        *_turn_summary(ctx, turn),
    ]
    block, tracks = _situation(ctx, turn)
    story: list[Flowable] = [] if first else [PageBreak()]
    story.append(KeepTogether(opening + block))
    story += tracks
    story += _injects(ctx, turn)
    story += _moves(ctx, turn)
    story += _open_rulings(ctx, turn)
    story += _other_effects(ctx, turn)
    story += _red_lines(ctx, turn)
    story += _observations(ctx, turn)
    story += _notes(ctx, turn)
    return story


# ---------------------------------------------------------------------------- summary


def _turn_summary(ctx: ReportContext, turn: int) -> list[Flowable]:
    index, styles = ctx.index, ctx.styles
    phases = [p for p in index.record.phases if p.turn == turn]
    parts = []
    if phases:
        start = phases[0].started_at
        end = phases[-1].ended_at
        parts.append(f"Played {when(start)}" + (f" – {when(end, date=False)}" if end else ""))
    moves = [m for m in index.moves_by_turn.get(turn, []) if not m.voided]
    parts.append(f"{counted(len(moves), 'move')}")
    rulings = [a for a in index.record.adjudications if a.turn == turn and not a.voided]
    parts.append(f"{counted(len(rulings), 'adjudication')}")
    state = index.state(turn)
    ladder = index.scenario.escalation
    if state is not None and ladder is not None:
        escalation = state.track(ladder.id)
        rung = f" ({markup(escalation.rung_name)})" if escalation.rung_name else ""
        parts.append(f"escalation at the end of the turn: {escalation.value}{rung}")
    return [Para(" · ".join(parts), styles.lead)]


# ---------------------------------------------------------------------------- injects


def _injects(ctx: ReportContext, turn: int) -> list[Flowable]:
    injects = ctx.index.injects_by_turn.get(turn, [])
    if not injects:
        return []
    story: list[Flowable] = [
        ctx.headings(
            "Injects released", 2, title=f"Turn {turn}: injects", contents=False, section=False
        )
    ]
    for inject in injects:
        story += _inject(ctx, inject)
    return story + _left_out(ctx, turn)


def _left_out(ctx: ReportContext, turn: int) -> list[Flowable]:
    """Inject effects left out as no longer applicable (the facilitator edition only)."""
    index = ctx.index
    if not index.facilitator_edition:
        return []
    skipped = [
        k for k in skipped_effects(index.record.audit, index.record.phases) if k.turn == turn
    ]
    if not skipped:
        return []
    items = [
        f"{markup(_target_name(index, k))}: <i>{markup(k.why)}</i>"
        + (f" ({markup(k.reason)})" if k.reason else "")
        for k in skipped
    ]
    return [Para("Inject effects left out", ctx.styles.h4), *bullets(items, ctx.styles)]


def _target_name(index: RecordIndex, skipped: SkippedEffectView) -> str:
    if skipped.kind.startswith("track"):
        return index.track_name(skipped.target)
    if skipped.kind.startswith("unit"):
        return index.unit_name(skipped.target)
    return skipped.target


def _inject(ctx: ReportContext, inject: InjectView) -> list[Flowable]:
    index, styles = ctx.index, ctx.styles
    title = markup(inject.title)
    if inject.voided:
        title = f"<strike>{title}</strike> <font color='#b3261e'>(void)</font>"
    meta = [
        TRIGGER_WORDS.get(inject.trigger, inject.trigger),
        "to " + index.audience_words(inject.audience),
        f"during {index.phase_name(inject.phase_id)}",
        (
            f"fired automatically at {when(inject.released_at, date=False)}"
            if inject.trigger == "conditional"
            else f"released by {inject.released_by} at {when(inject.released_at, date=False)}"
        ),
    ]
    story: list[Flowable] = [
        Para(f"{anchor_markup('inject', inject.id)}<b>{title}</b>", styles.h4),
        Para(markup(" · ".join(meta)), styles.lead),
        *[Para(p, styles.body) for p in paragraphs(inject.text)],
    ]
    effects = index.inject_effects.get(inject.id, [])
    if effects:
        story += bullets((_effect_markup(index, e) for e in effects), styles)
    return story


# ---------------------------------------------------------------------------- moves


def _moves(ctx: ReportContext, turn: int) -> list[Flowable]:
    index = ctx.index
    moves = index.moves_by_turn.get(turn, [])
    if not moves:
        return [Para("No moves were recorded in this turn.", ctx.styles.meta)]
    order = {t.id: i for i, t in enumerate(index.scenario.teams)}
    by_team: dict[str, list[MoveView]] = {}
    for move in moves:
        by_team.setdefault(move.team_id, []).append(move)
    story: list[Flowable] = []
    for team_id in sorted(by_team, key=lambda t: (order.get(t, len(order)), t)):
        name = index.team_name(team_id)
        story.append(
            ctx.headings(
                f"{swatch(index.team_colour(team_id))} {markup(name)}",
                2,
                title=f"Turn {turn}: {name}",
                contents=False,
                section=False,
            )
        )
        for move in by_team[team_id]:
            story += move_block(ctx, move)
    return story


def move_block(ctx: ReportContext, move: MoveView) -> list[Flowable]:
    """One move: its texts, the counter-arguments and its adjudications."""
    index, styles = ctx.index, ctx.styles
    title = markup(move.title)
    if move.voided:
        title = f"<strike>{title}</strike>"
    story: list[Flowable] = [
        Para(f"{anchor_markup('move', move.id)}Move {move.id}  ·  {title}", styles.h4),
        Para(markup(" · ".join(_move_status(move))), styles.lead),
        Para(label("Action", markup(move.action)), styles.body),
        Para(label("Intended result", markup(move.intended_result)), styles.body),
    ]
    if move.reasons:
        story.append(Para("Reasons:", styles.label))
        story += numbered((markup(r) for r in move.reasons), styles)
    if move.counters:
        story.append(Para("Counter-arguments:", styles.label))
        story += bullets((_counter_markup(index, c) for c in move.counters), styles)
    rulings = index.adjudications_by_move.get(move.id, [])
    for ruling in rulings:
        story += adjudication_block(ctx, ruling)
    if not rulings and move.status != "withdrawn" and not move.voided:
        story.append(Para("Not adjudicated.", styles.meta))
    story.append(Spacer(1, 4))
    return story


def _move_status(move: MoveView) -> list[str]:
    parts = [f"by {move.author}", f"submitted {when(move.created_at, date=False)}"]
    if move.status == "withdrawn":
        parts.append("withdrawn before it was revealed")
    elif move.visibility == "public":
        parts.append("public")
    elif move.revealed:
        parts.append("secret until revealed")
    else:
        parts.append("secret, never revealed to other teams")
    if move.voided:
        parts.append("VOID" + (f": {move.void_reason}" if move.void_reason else ""))
    return parts


def _counter_markup(index: RecordIndex, counter: CounterView) -> str:
    who = markup(counter.author)
    if counter.team_id:
        who += f" ({markup(index.team_name(counter.team_id))})"
    verdict = {True: "accepted by the umpire", False: "not accepted", None: "not ruled on"}[
        counter.accepted
    ]
    text = f"<b>{who}:</b> {markup(counter.text)} <i>— {verdict}</i>"
    if counter.voided:
        text = f"<strike>{text}</strike> (void)"
    return text


# ---------------------------------------------------------------------------- adjudication


def adjudication_block(ctx: ReportContext, ruling: AdjudicationView) -> list[Flowable]:
    """How one adjudication was reached, on a tinted panel."""
    index, styles = ctx.index, ctx.styles
    inputs = ruling.inputs
    method = METHOD_NAMES.get(ruling.method, ruling.method)
    head = f"Adjudication {ruling.id}  ·  {markup(method)}  ·  by {markup(ruling.adjudicator)}"
    content: list[Flowable] = []
    if ruling.voided:
        reason = markup(ruling.void_reason or "no reason given")
        content.append(
            Para(
                f"<strike>{head}</strike> — <font color='#b3261e'><b>VOID</b></font>: {reason}",
                styles.small,
            )
        )
        if index.facilitator_edition:  # the room never saw a voided ruling's text
            content.append(
                Para(
                    label("Voided ruling was", outcome_markup(ruling.outcome))
                    + " — "
                    + markup(ruling.narrative),
                    styles.small,
                )
            )
        return panel(content, tint=PANEL)
    content.append(Para(f"{anchor_markup('adjudication', ruling.id)}<b>{head}</b>", styles.small))
    lines = [label(name, value) for name, value in _inputs(index, ruling)]
    for line in lines:
        content.append(Para(line, styles.small))
    explanation = inputs.get("explanation")
    outcome = outcome_markup(ruling.outcome)
    if explanation and ruling.method != "ruling":  # a ruling's explanation is its rationale
        outcome += " — " + markup(explanation)
    content.append(Para(label("Outcome", outcome), styles.small))
    tags = inputs.get("tags") or []
    if tags and index.facilitator_edition:  # the umpire's own classification of the move
        content.append(Para(label("Tagged", ", ".join(markup(str(t)) for t in tags)), styles.small))
    for number, part in enumerate(paragraphs(ruling.narrative)):
        content.append(Para(label("Narrative", part) if number == 0 else part, styles.body))
    announced = bool(inputs.get("rationale_announced"))
    if ruling.rationale and (index.facilitator_edition or announced):
        for number, part in enumerate(paragraphs(ruling.rationale)):
            content.append(Para(label("Rationale", part) if number == 0 else part, styles.small))
    effects = list(ruling.effects)
    if effects:
        content.append(Para("Effects:", styles.label))
        content += bullets((_effect_markup(index, e) for e in effects), styles)
    for fact in _facts_of(index, ruling):
        content.append(Para(fact, styles.small))
    return panel(content, tint=ACCENT_TINT)


def _counters_words(index: RecordIndex, ruling: AdjudicationView, accepted: list[int]) -> str:
    """The accepted counter-arguments by who made them and how they begin.

    Their ids mean nothing to a reader, who never sees them.
    """
    move = index.moves.get(ruling.move_id) if ruling.move_id is not None else None
    by_id = {c.id: c for c in move.counters} if move is not None else {}
    words = []
    for counter_id in accepted:
        counter = by_id.get(counter_id)
        if counter is None:
            words.append("one not shown in this edition")
            continue
        start = counter.text if len(counter.text) <= 60 else counter.text[:57].rstrip() + "…"
        words.append(f"{markup(counter.author)}’s “{markup(start)}”")
    return "; ".join(words)


def _inputs(index: RecordIndex, ruling: AdjudicationView) -> list[tuple[str, str]]:
    inputs = ruling.inputs
    out: list[tuple[str, str]] = []
    method = ruling.method
    if method == "matrix":
        target = inputs.get("target")
        out.append(("Target", f"{target} or more on 2d6 plus modifiers"))
        parts = [markup(m) for m in inputs.get("modifiers_explained") or []]
        net = int(inputs.get("modifier") or 0)
        parts.append(f"net {net:+d}")
        out.append(("Modifiers", "; ".join(parts)))
        accepted = inputs.get("accepted_counters") or []
        if accepted:
            out.append(("Counter-arguments accepted", _counters_words(index, ruling, accepted)))
    elif method == "odds":
        target = inputs.get("target")
        rating = markup(inputs.get("rating") or "")
        needs = (
            "any roll succeeds"
            if target is not None and target <= 1
            else "no roll succeeds"
            if target is not None and target > 6
            else f"{target} or more on 1d6 succeeds"
        )
        out.append(("Rating", f"“{rating}” — {needs}"))
    elif method == "probability":
        estimates = inputs.get("estimates") or {}
        if estimates:
            shown = ", ".join(
                f"{markup(index.team_name(str(k)))} {int(v)}%" for k, v in estimates.items()
            )
            out.append(("Estimates", shown))
        if inputs.get("umpire_chance") is not None:
            out.append(("Umpire's estimate", f"{int(inputs['umpire_chance'])}%"))
        combine = markup(inputs.get("combine") or "")
        out.append(
            (
                "Chance",
                f"{inputs.get('chance')}% ({combine} of the estimates); "
                "d100 at or under it succeeds",
            )
        )
    elif method == "table":
        table_id = str(inputs.get("table") or "")
        name = table_id
        dice = ""
        for table in index.scenario.adjudication.tables:
            if table.id == table_id:
                name, dice = table.name, table.dice
        out.append(("Table", f"“{markup(name)}”" + (f", rolled on {dice}" if dice else "")))
    elif method == "ruling":
        out.append(("Dice", "none — the umpire decided and gave the rationale below"))
    for roll in ruling.rolls:
        faces = " + ".join(str(f) for f in roll.faces)
        total = f" = {roll.total}" if len(roll.faces) > 1 else ""
        source = (
            "dice typed in by the facilitator"
            if roll.source == "physical"
            else "digital dice from the game's seed"
        )
        out.append(("Roll", f"{roll.dice}: {faces}{total} ({source}; audit log #{roll.sequence})"))
    return out


def _facts_of(index: RecordIndex, ruling: AdjudicationView) -> list[str]:
    out = []
    for fact in index.record.facts:
        if fact.established_by_adjudication_id == ruling.id:
            out.append(label("Fact established", "“" + markup(fact.text) + "”"))
        if fact.ended_by_adjudication_id == ruling.id:
            out.append(label("Fact ended", "“" + markup(fact.text) + "”"))
    return out


def fact_origin(index: RecordIndex, fact: FactView) -> str:
    """Which turn, move and ruling established (and ended) a fact, in words."""
    text = f"turn {fact.established_turn}"
    if fact.established_by_move_id is not None:
        move = index.moves.get(fact.established_by_move_id)
        title = f" “{move.title}”" if move is not None else ""
        text += f", move {fact.established_by_move_id}{title}"
    if fact.established_by_adjudication_id is not None:
        text += f", adjudication {fact.established_by_adjudication_id}"
    return text


def _effect_markup(index: RecordIndex, effect: EffectView) -> str:
    text = markup(index.describe_effect(effect))
    if effect.voided:
        return f"<strike>{text}</strike> (void)"
    return text


# ---------------------------------------------------------------------------- the rest


def _open_rulings(ctx: ReportContext, turn: int) -> list[Flowable]:
    rulings = ctx.index.open_adjudications_by_turn.get(turn, [])
    if not rulings:
        return []
    story: list[Flowable] = [
        ctx.headings(
            "Rulings on open questions",
            2,
            title=f"Turn {turn}: open questions",
            contents=False,
            section=False,
        )
    ]
    for ruling in rulings:
        story += adjudication_block(ctx, ruling)
    return story


def _other_effects(ctx: ReportContext, turn: int) -> list[Flowable]:
    effects = [
        e for e in ctx.index.other_effects_by_turn.get(turn, []) if e.inject_release_id is None
    ]
    if not effects:
        return []
    items = [
        f"{_effect_markup(ctx.index, e)} — <i>{markup(e.reason)}</i> ({markup(e.author)})"
        for e in effects
    ]
    return [Para("Effects applied by the white cell", ctx.styles.h4), *bullets(items, ctx.styles)]


def _red_lines(ctx: ReportContext, turn: int) -> list[Flowable]:
    index, styles = ctx.index, ctx.styles
    state = index.state(turn)
    if state is None:
        return []
    numbers = red_line_numbers(index.scenario)
    crossed = [r for r in state.red_lines if r.first_crossed_turn == turn]
    if not crossed:
        return []
    content: list[Flowable] = []
    for line in crossed:
        try:
            declared = index.scenario.red_line(line.id)
        except KeyError:
            continue
        content.append(
            Para(
                f"▲ RED LINE {numbers.get(line.id, '?')} CROSSED: {markup(line.name)}",
                styles.callout,
            )
        )
        content.append(
            Para(
                label("Declared by", markup(index.actor_name(line.declared_by)))
                + " · "
                + label("Trigger", markup(index.describe_triggers(declared.triggers))),
                styles.small,
            )
        )
        content.append(Para(markup(declared.description), styles.small))
        if declared.declared_consequence:
            content.append(
                Para(
                    label("Declared consequence", markup(declared.declared_consequence)),
                    styles.small,
                )
            )
    return panel(content, tint=RED_TINT, border=RED)


def _observations(ctx: ReportContext, turn: int) -> list[Flowable]:
    observations = ctx.index.observations_by_turn.get(turn, [])
    if not observations:
        return []
    story: list[Flowable] = [Para("Observations", ctx.styles.h4)]
    story += bullets((observation_markup(ctx.index, o) for o in observations), ctx.styles)
    return story


def observation_markup(
    index: RecordIndex, observation: ObservationView, *, turn: bool = False
) -> str:
    """An observation with its author, tags, questions and move."""
    text = f"{markup(observation.text)} <font color='#5b6474'>— {markup(observation.author)}"
    if turn:
        text += f", turn {observation.turn}"
    if observation.tags:
        text += " · " + ", ".join("#" + markup(t) for t in observation.tags)
    if observation.question_ids:
        text += " · questions: " + ", ".join(markup(q) for q in observation.question_ids)
    if observation.move_id is not None:
        text += f" · on move {observation.move_id}"
    text += "</font>"
    if observation.voided:
        text = f"<strike>{text}</strike> (void)"
    return text


def _notes(ctx: ReportContext, turn: int) -> list[Flowable]:
    notes = ctx.index.notes_by_turn.get(turn, [])
    if not notes:
        return []
    items = []
    for note in notes:
        text = (
            f"{markup(note.text)} <font color='#5b6474'>— {markup(note.author)}, "
            f"{when(note.created_at, date=False)}</font>"
        )
        if note.voided:
            reason = markup(note.void_reason or "no reason given")
            text = f"<strike>{text}</strike> <font color='#b3261e'>(void: {reason})</font>"
        items.append(text)
    return [
        Para(
            "White-cell notes <font color='#5b6474'>(facilitator edition only)</font>",
            ctx.styles.h4,
        ),
        *bullets(items, ctx.styles),
    ]


def _situation(ctx: ReportContext, turn: int) -> tuple[list[Flowable], list[Flowable]]:
    """The map block (heading, map, caption, legend) and the tracks' table after it."""
    index, styles = ctx.index, ctx.styles
    state = index.state(turn)
    if state is None:
        return [], []
    previous = index.state(turn - 1)
    block = [
        Para(f"Situation at the end of turn {turn}", styles.h3),
        *situation_map(
            ctx,
            state_turn=turn,
            caption=f"Unit positions at the end of turn {turn}; units that moved during the turn"
            " are outlined, with an arrow from where they were.",
            keep=False,
        ),
    ]
    rows = []
    before = {t.id: t.value for t in previous.tracks} if previous is not None else {}
    for track in state.tracks:
        old = before.get(track.id, track.value)
        change = track.value - old
        rung = f" ({markup(track.rung_name)})" if track.rung_name else ""
        cell = styles.cell_bold if change else styles.cell
        rows.append(
            [
                Para(markup(track.name), cell),
                Para(str(old), cell),
                Para(f"{track.value}{rung}", cell),
                Para(f"{change:+d}" if change else "—", cell),
            ]
        )
    widths = [ctx.width * 0.42, ctx.width * 0.14, ctx.width * 0.32, ctx.width * 0.12]
    head = [Para(h, styles.cell_head) for h in ("Track", "Start of turn", "End of turn", "Change")]
    table = Table(
        [head, *rows], colWidths=widths, style=grid_table_style(), hAlign="LEFT", repeatRows=1
    )
    return block, [
        Spacer(1, 6),
        KeepTogether([table]) if len(rows) <= 20 else table,
        Spacer(1, 4),
    ]


def situation_map(
    ctx: ReportContext,
    *,
    state_turn: int,
    caption: str,
    keep: bool = True,
    seen_by: str | None = None,
) -> list[Flowable]:
    """The map of unit positions at the end of a turn, with its legend.

    Args:
        ctx: The report's context.
        state_turn: The turn whose end state is shown (0: the start).
        caption: The caption under the map.
        keep: Keep the map and its legend on one page (the legend is what the numbers on
            the map mean); the caller may keep them together with more.
        seen_by: A team: show only the units its fog of war lets it see (briefing packs).
    """
    index, styles = ctx.index, ctx.styles
    state = index.state(state_turn)
    if state is None or (index.scenario.map is None and not index.scenario.units):
        return []
    previous = index.state(state_turn - 1) if state_turn > 0 else None
    if seen_by is not None:
        viewer = Viewer.team(seen_by)
        state = state_seen(index.scenario, state, viewer)
        if previous is not None:
            previous = state_seen(index.scenario, previous, viewer)
    block: list[Flowable] = []
    if ctx.geography is not None:
        block.append(
            unit_map(
                index.scenario,
                ctx.geography,
                state,
                previous,
                width=ctx.width,
                max_height=min(MAP_HEIGHT, ctx.height * 0.44),
            )
        )
        block.append(Para(markup(caption), styles.meta))
    else:
        block.append(Para(markup(missing_map_reason(index.scenario)), styles.placeholder))
    block.append(unit_legend(index.scenario, state, previous, styles, ctx.width))
    return [KeepTogether(block)] if keep else block


def turns_covered(index: RecordIndex) -> Sequence[int]:
    """The turns the report has pages for."""
    return range(1, index.last_turn + 1)


def turn_by_turn(ctx: ReportContext) -> list[Flowable]:
    """The turn-by-turn section: every turn, in order."""
    heading = section(ctx, "Turn by turn")
    turns = list(turns_covered(ctx.index))
    if not turns:
        return [
            *heading,
            Para("No turn has been played yet.", ctx.styles.meta),
            *situation_map(ctx, state_turn=0, caption="Unit positions at the start."),
        ]
    intro = Para(
        "Each turn shows the situation at its end, then the injects released, each team's "
        "moves with the counter-arguments against them and how each was adjudicated, and the "
        "red lines crossed. Times are wall-clock times in UTC.",
        ctx.styles.meta,
    )
    story: list[Flowable] = heading[:1]  # the page break; the heading opens turn 1
    for number, turn in enumerate(turns):
        lead_in = [*heading[1:], intro] if number == 0 else []
        story += turn_section(ctx, turn, first=number == 0, lead_in=lead_in)
    return story
