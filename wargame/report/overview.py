"""The after-action report's overview: the scenario, the people, the escalation over time.

Sections: the scenario (background, actors and objectives, private briefings in the
facilitator edition, declared red lines, the escalation ladder, forces, turn plan);
participants and teams, with team changes; escalation and indicators (charts).
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table

from wargame.report.blocks import bullets, data_table, numbered
from wargame.report.charts import escalation_chart, red_line_numbers, track_chart
from wargame.report.context import ReportContext, section
from wargame.report.lookup import day
from wargame.report.paragraph import Para
from wargame.report.styles import table_style
from wargame.report.text import markup, paragraphs
from wargame.report.turns import swatch
from wargame.scenario.model import Track, Unit


def scenario_section(ctx: ReportContext) -> list[Flowable]:
    """The scenario: background, actors, briefings, red lines, ladder, forces, turn plan."""
    styles, scenario, index = ctx.styles, ctx.scenario, ctx.index
    meta = scenario.metadata
    story = section(ctx, "The scenario")
    story.append(Para(markup(meta.summary), styles.quote))
    story.append(ctx.headings("Background", 1, title="Background", section=False))
    story += [Para(p, styles.body) for p in paragraphs(meta.background, reflow=True)]
    if meta.sources:
        story.append(Para("<b>Sources</b>", styles.h4))
        story += bullets((markup(src) for src in meta.sources), styles)
    story.append(
        ctx.headings(
            "Actors and their objectives", 1, title="Actors and their objectives", section=False
        )
    )
    teams_of: dict[str, list[str]] = {}
    for team in scenario.teams:
        for actor_id in team.actors:
            teams_of.setdefault(actor_id, []).append(team.name)
    for actor in scenario.actors:
        if not actor.objectives and actor.id not in teams_of:
            continue
        native = (
            f" <font color='#5b6474'>({markup(actor.native_name)})</font>"
            if actor.native_name
            else ""
        )
        story.append(Para(f"{swatch(actor.colour)} {markup(actor.name)}{native}", styles.h3))
        played = teams_of.get(actor.id)
        kind = actor.kind.value.replace("_", "-")
        story.append(
            Para(
                markup(
                    f"{kind.capitalize()}; played by {', '.join(played)}"
                    if played
                    else f"{kind.capitalize()}; not played by a team"
                ),
                styles.meta,
            )
        )
        if actor.objectives:
            story += numbered((markup(o) for o in actor.objectives), styles)
    if index.facilitator_edition:
        briefed = [a for a in scenario.actors if a.briefing]
        if briefed:
            story.append(
                ctx.headings("Private briefings", 1, title="Private briefings", section=False)
            )
            story.append(
                Para(
                    "Each team saw only its own actor's briefing. Facilitator edition only.",
                    styles.lead,
                )
            )
            for actor in briefed:
                story.append(Para(f"{swatch(actor.colour)} {markup(actor.name)}", styles.h4))
                story += [Para(p, styles.body) for p in paragraphs(actor.briefing, reflow=True)]
        story += _control(ctx)
    story += _red_line_table(ctx)
    story += _ladder_table(ctx)
    story += _forces_table(ctx)
    story += _turn_plan(ctx)
    return story


def _control(ctx: ReportContext) -> list[Flowable]:
    """The scenario's control section: ground truth, guidance, the white cell's notes."""
    styles, control = ctx.styles, ctx.scenario.control
    if control.ground_truth is None and control.guidance is None and not control.notes:
        return []
    story: list[Flowable] = [
        ctx.headings("White cell only", 1, title="White cell only", section=False),
        Para("What the scenario gave the white cell alone. Facilitator edition only.", styles.lead),
    ]
    for title, text in (("Ground truth", control.ground_truth), ("Guidance", control.guidance)):
        if text is not None:
            story.append(Para(f"<b>{title}</b>", styles.h4))
            story += [Para(p, styles.body) for p in paragraphs(text, reflow=True)]
    if control.notes:
        story.append(Para("<b>Notes</b>", styles.h4))
        story += bullets((markup(n) for n in control.notes), styles)
    return story


def _red_line_table(ctx: ReportContext) -> list[Flowable]:
    styles, scenario, index = ctx.styles, ctx.scenario, ctx.index
    story = [ctx.headings("Declared red lines", 1, title="Declared red lines", section=False)]
    if not scenario.red_lines:
        return [*story, Para("The scenario declares no red lines.", styles.meta)]
    final = ctx.record.states[-1] if ctx.record.states else None
    crossed = {r.id: r.first_crossed_turn for r in final.red_lines} if final else {}
    rows = []
    for number, line in enumerate(scenario.red_lines, start=1):
        turn = crossed.get(line.id)
        status = (
            f"<font color='#b3261e'><b>crossed in turn {turn}</b></font>"
            if turn is not None
            else "not crossed"
        )
        rows.append(
            [
                Para(f"<b>{number}</b>", styles.cell),
                Para(f"<b>{markup(line.name)}</b><br/>{markup(line.description)}", styles.cell),
                Para(markup(index.actor_name(line.declared_by)), styles.cell),
                Para(markup(index.describe_triggers(line.triggers)), styles.cell),
                Para(markup(line.declared_consequence or "—"), styles.cell),
                Para(status, styles.cell),
            ]
        )
    w = ctx.width
    widths = [16, w * 0.33, w * 0.12, w * 0.18, w * 0.22, w * 0.15 - 16]
    return [
        *story,
        *data_table(
            ["#", "Red line", "Declared by", "Trigger", "Declared consequence", "Status"],
            rows,
            widths,
            styles,
        ),
    ]


def _ladder_table(ctx: ReportContext) -> list[Flowable]:
    styles, track = ctx.styles, ctx.scenario.escalation
    if track is None:
        return []
    story = [
        ctx.headings(
            f"The escalation ladder: {markup(track.name)}",
            1,
            title="The escalation ladder",
            section=False,
        )
    ]
    if track.description:
        story.append(Para(markup(track.description), styles.small))
    values = [(s.turn, s.track(track.id).value) for s in ctx.record.states]
    rows = []
    for rung in reversed(track.rungs):
        # The turn the game first stood on this rung: rungs below the start are reached
        # only when the ladder comes down to them.
        reached = next((t for t, v in values if track.rung_at(v) == rung), None)
        reached_text = (
            "—" if reached is None else "at the start" if reached == 0 else f"turn {reached}"
        )
        rows.append(
            [
                Para(f"<b>{rung.level}</b>", styles.cell),
                Para(f"<b>{markup(rung.name)}</b>", styles.cell),
                Para(markup(rung.description), styles.cell),
                Para(reached_text, styles.cell),
            ]
        )
    w = ctx.width
    story += data_table(
        ["Level", "Rung", "Description", "First reached"],
        rows,
        [34, w * 0.24, w - 34 - w * 0.24 - 70, 70],
        styles,
    )
    return story


def _forces_table(ctx: ReportContext) -> list[Flowable]:
    styles, scenario, index = ctx.styles, ctx.scenario, ctx.index
    if not scenario.units:
        return []
    story = [
        ctx.headings("Forces at the start", 1, title="Forces at the start", section=False),
        Para("Numbers are the units' tokens on every map of this report.", styles.meta),
    ]
    rows = []
    for number, unit in enumerate(scenario.units, start=1):
        colour = index.actor_colour(unit.owner)
        description = (
            f"<br/><font color='#5b6474'>{markup(unit.description)}</font>"
            if unit.description
            else ""
        )
        rows.append(
            [
                Para(f"{swatch(colour)} <b>{number}</b>", styles.cell),
                Para(f"<b>{markup(unit.name)}</b>{description}", styles.cell),
                Para(markup(index.actor_name(unit.owner)), styles.cell),
                Para(markup(ctx.scenario.unit_type_name(unit.type)), styles.cell),
                Para(_start_region(ctx, unit), styles.cell),
                Para(str(unit.strength), styles.cell_right),
            ]
        )
    w = ctx.width
    widths = [30, w - 30 - 80 - 74 - 86 - 50, 80, 74, 86, 50]
    story += data_table(
        ["#", "Unit", "Owner", "Type", "Region", "Strength"], rows, widths, styles, right=(5,)
    )
    return story


def _start_region(ctx: ReportContext, unit: Unit) -> str:
    """Where a unit starts; a reinforcement (``placed: false``) is off the map until created."""
    region = markup(ctx.index.region_name(unit.region))
    if unit.placed:
        return region
    return f"<i>off the map at the start</i> (declared for {region})"


def _turn_plan(ctx: ReportContext) -> list[Flowable]:
    styles, scenario = ctx.styles, ctx.scenario
    plan = scenario.turn_plan
    clock = scenario.metadata.clock
    story = [
        ctx.headings("Turn plan", 1, title="Turn plan", section=False),
        Para(
            markup(
                f"{plan.turns} turns, each representing {clock.described}, "
                f"starting on {day(clock.start)}."
            ),
            styles.body,
        ),
    ]
    rows = [
        [
            Para(f"<b>{markup(p.name)}</b>", styles.cell),
            Para(markup(p.kind.value), styles.cell),
            Para(str(p.minutes) if p.minutes else "—", styles.cell),
            Para(markup(p.description or ""), styles.cell),
        ]
        for p in plan.phases
    ]
    w = ctx.width
    story += data_table(
        ["Phase", "Kind", "Minutes", "What happens"],
        rows,
        [w * 0.2, w * 0.14, w * 0.1, w * 0.56],
        styles,
    )
    return story


# ---------------------------------------------------------------------------- people


def participants_section(ctx: ReportContext) -> list[Flowable]:
    """Who played, in which team, and who changed team when (and why)."""
    styles, index, record = ctx.styles, ctx.index, ctx.record
    story = section(ctx, "Participants and teams")
    history: dict[int, list[tuple[int, str | None]]] = {}
    for entry in record.assignments:
        history.setdefault(entry.participant_id, []).append((entry.from_turn, entry.team_id))
    rows = []
    for person in record.participants:
        steps = sorted(history.get(person.id, []), key=lambda h: h[0])
        teams = []
        for from_turn, team_id in steps:
            if person.role.value != "player" and team_id is None:
                continue
            since = "from the start" if from_turn <= 1 else f"from turn {from_turn}"
            teams.append(f"{markup(index.team_name(team_id))} ({since})")
        status = "removed from the game" if person.voided else ""
        rows.append(
            [
                Para(f"<b>{markup(person.name)}</b>", styles.cell),
                Para(markup(person.role.value), styles.cell),
                Para(" → ".join(teams) or "—", styles.cell),
                Para(status, styles.cell),
            ]
        )
    w = ctx.width
    story += data_table(
        ["Participant", "Role", "Team (and changes)", "Note"],
        rows,
        [w * 0.28, w * 0.14, w * 0.43, w * 0.15],
        styles,
    )
    story.append(ctx.headings("Teams", 1, title="Teams", section=False))
    current: dict[str, list[str]] = {}
    for person in record.participants:
        if person.team_id and not person.voided:
            current.setdefault(person.team_id, []).append(person.name)
    team_rows = []
    for team in ctx.scenario.teams:
        description = (
            f"<br/><font color='#5b6474'>{markup(team.description)}</font>"
            if team.description
            else ""
        )
        team_rows.append(
            [
                Para(
                    f"{swatch(index.team_colour(team.id))} <b>{markup(team.name)}</b>{description}",
                    styles.cell,
                ),
                Para(markup(index.actor_name(team.actor)), styles.cell),
                Para(markup(", ".join(current.get(team.id, [])) or "no player"), styles.cell),
            ]
        )
    story += data_table(
        ["Team", "Plays", "Players at the end"], team_rows, [w * 0.5, w * 0.2, w * 0.3], styles
    )
    changes = _team_changes(ctx)
    story.append(ctx.headings("Team changes", 1, title="Team changes", section=False))
    if changes:
        story += bullets(changes, styles)
    else:
        story.append(Para("Nobody changed team during the game.", styles.meta))
    return story


def _team_changes(ctx: ReportContext) -> list[str]:
    index, record = ctx.index, ctx.record
    reasons: dict[tuple[str, str, int], str] = {}
    for line in record.audit:
        if line.action == "participant.assign" and line.reason:
            details = line.details
            key = (
                str(details.get("participant")),
                str(details.get("team")),
                int(details.get("from_turn") or 0),
            )
            reasons[key] = line.reason
    seen: dict[int, str | None] = {}
    out = []
    for entry in record.assignments:
        if entry.participant_id in seen and seen[entry.participant_id] != entry.team_id:
            text = (
                f"<b>{markup(entry.participant)}</b>: "
                f"{markup(index.team_name(seen[entry.participant_id]))} → "
                f"{markup(index.team_name(entry.team_id))}, from turn {entry.from_turn}"
            )
            if entry.by:
                text += f", by {markup(entry.by)}"
            reason = reasons.get((entry.participant, str(entry.team_id), entry.from_turn))
            if reason:
                text += f" — <i>{markup(reason)}</i>"
            out.append(text)
        seen[entry.participant_id] = entry.team_id
    return out


# ---------------------------------------------------------------------------- escalation


def escalation_section(ctx: ReportContext) -> list[Flowable]:
    """The escalation chart with red lines and crossings, and the other tracks."""
    styles, scenario, record = ctx.styles, ctx.scenario, ctx.record
    story = section(ctx, "Escalation and indicators")
    if not scenario.tracks:
        return []
    if not record.states:
        return [*story, Para("The game has no turns yet.", styles.meta)]
    track = scenario.escalation
    if track is None:
        return story + _other_tracks(ctx, scenario.tracks)
    history = [(s.turn, s.track(track.id)) for s in record.states]
    first, last = history[0][1], history[-1][1]
    story.append(
        Para(
            f"The escalation ladder (<b>{markup(track.name)}</b>) stood at {first.value} "
            f"(“{markup(first.rung_name or '—')}”) at the start and at {last.value} "
            f"(“{markup(last.rung_name or '—')}”) at the end of turn {history[-1][0]}. Dashed red "
            "lines are red lines triggered by a level of a track; a red diamond marks the turn in "
            "which a red line was first crossed.",
            styles.body,
        )
    )
    story.append(escalation_chart(scenario, record.states, width=ctx.width))
    story.append(Spacer(1, 6))
    numbers = red_line_numbers(scenario)
    final = {r.id: r for r in record.states[-1].red_lines}
    rows = []
    for line in scenario.red_lines:
        view = final.get(line.id)
        turn = view.first_crossed_turn if view is not None else None
        rows.append(
            [
                Para(f"<b>{numbers[line.id]}</b>", styles.cell),
                Para(markup(line.name), styles.cell),
                Para(markup(ctx.index.actor_name(line.declared_by)), styles.cell),
                Para(markup(ctx.index.describe_triggers(line.triggers)), styles.cell),
                Para(
                    f"<font color='#b3261e'><b>turn {turn}</b></font>"
                    if turn is not None
                    else "not crossed",
                    styles.cell,
                ),
            ]
        )
    if rows:
        w = ctx.width
        story += data_table(
            ["#", "Red line", "Declared by", "Trigger", "First crossed"],
            rows,
            [16, w * 0.3, w * 0.15, w * 0.4, w * 0.15 - 16],
            styles,
        )
    story += _other_tracks(ctx, [t for t in scenario.tracks if t.id != track.id])
    return story


def _other_tracks(ctx: ReportContext, others: Sequence[Track]) -> list[Flowable]:
    """Charts and a table of the tracks other than the escalation ladder."""
    styles, scenario, record = ctx.styles, ctx.scenario, ctx.record
    story: list[Flowable] = []
    if others and record.states:
        story.append(CondPageBreak(260))
        heading = "Other tracks" if scenario.escalation is not None else "Tracks"
        story.append(ctx.headings(heading, 1, title=heading, section=False))
        columns = 3
        cell_w = ctx.width / columns
        charts = [track_chart(scenario, t.id, record.states, width=cell_w - 8) for t in others]
        grid = [charts[i : i + columns] for i in range(0, len(charts), columns)]
        grid[-1] += [""] * (columns - len(grid[-1]))
        story.append(
            Table(
                grid,
                colWidths=[cell_w] * columns,
                hAlign="LEFT",
                style=table_style(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                    ]
                ),
            )
        )
        rows = []
        for t in others:
            values = [s.track(t.id).value for s in record.states]
            # Lowest and highest count every value the track took, not only turns' ends.
            values += [
                int(value)
                for e in record.effects
                if not e.voided and e.target == t.id and e.kind in ("track", "track_set")
                for value in (e.before, e.after)
                if isinstance(value, int)
            ]
            rows.append(
                [
                    Para(markup(t.name), styles.cell),
                    *(
                        Para(str(v), styles.cell_right)
                        for v in (
                            values[0],
                            record.states[-1].track(t.id).value,
                            min(values),
                            max(values),
                        )
                    ),
                ]
            )
        w = ctx.width
        story += data_table(
            ["Track", "Start", "End", "Lowest", "Highest"],
            rows,
            [w * 0.52, w * 0.12, w * 0.12, w * 0.12, w * 0.12],
            styles,
            right=(1, 2, 3, 4),
        )
    return story


# ---------------------------------------------------------------------------- turns
