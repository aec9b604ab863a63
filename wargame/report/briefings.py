"""Team briefing packs: one PDF per team, to hand out before (or during) a game.

Each pack holds what every player may know — the public background, the turn plan, the
escalation ladder, the map — plus what only that team may know: its private briefing
and its objectives. It lists the red lines the other actors have declared (and those
its own side has declared), and ends with a move form to fill in by hand. A pack never
contains another team's briefing or objectives.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Spacer

from wargame.game import Game, GameError, GameRecord, Viewer
from wargame.report.blocks import bullets, data_table, key_values, numbered, panel
from wargame.report.charts import red_line_numbers
from wargame.report.context import ReportContext
from wargame.report.document import AtomicFile, BuiltReport, Headings, ReportDocument
from wargame.report.errors import ReportError
from wargame.report.fonts import BOLD, REGULAR
from wargame.report.geo import load_geography
from wargame.report.lookup import RecordIndex, day
from wargame.report.paragraph import Para
from wargame.report.styles import INK, MUTED, PANEL, RED, RED_TINT, RULE, Styles, make_styles
from wargame.report.text import markup, paragraphs, plain
from wargame.report.turns import situation_map, swatch
from wargame.scenario import Scenario
from wargame.scenario.model import Actor


def write_briefings(game: Game, folder: str | Path, *, paper: str = "a4") -> list[Path]:
    """Write one briefing pack per team into ``folder``; return the files, in team order.

    Each pack is read with that team's viewer, so it holds only what the team may see.

    Raises:
        ReportError: If the paper is unknown, the record cannot be read or a file cannot
            be written.
    """
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise ReportError(f"{target} is a file; give a folder for the briefing packs")
    paths = []
    for team in game.scenario.teams:
        try:
            record = game.queries().record(Viewer.team(team.id))
        except GameError as exc:
            raise ReportError(f"the game record cannot be read: {exc}") from None
        path = target / f"briefing-{_file_safe(team.id)}.pdf"
        paths.append(build_briefing(record, game.scenario, team.id, path, paper=paper).path)
    return paths


def _file_safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-") or "team"


def build_briefing(
    record: GameRecord,
    scenario: Scenario,
    team_id: str,
    path: str | Path,
    *,
    paper: str = "a4",
    generated_at: dt.datetime | None = None,
) -> BuiltReport:
    """Build one team's briefing pack.

    Args:
        record: The game record as that team sees it (for the map's unit positions).
        scenario: The scenario.
        team_id: The team the pack is for.
        path: The PDF to write.
        paper: ``"a4"`` or ``"letter"``.
        generated_at: The date printed on the pack (default: now).

    Raises:
        ReportError: If the team is unknown, the paper is unknown or the file cannot be
            written.
    """
    try:
        team = scenario.team(team_id)
    except KeyError:
        raise ReportError(f"there is no team '{team_id}' in this scenario") from None
    target = Path(path)
    styles = make_styles()
    index = RecordIndex.build(record, scenario)
    generated = generated_at or dt.datetime.now(dt.UTC)
    with AtomicFile(target) as partial:
        doc = ReportDocument(
            partial,
            paper=paper,
            styles=styles,
            title=f"{team.name} — briefing pack",
            subject=f"Briefing pack for {team.name} in “{scenario.metadata.title}”",
            author=record.summary.facilitator or scenario.metadata.author,
            classification=scenario.metadata.classification,
            edition=f"Briefing pack · {plain(team.name, 40)}",
            # What must never be cut comes first: the footer is shortened at its end.
            footer_note=f"For {plain(team.name, 40)} only · {generated.strftime('%d %b %Y')} · "
            f"{plain(record.summary.title, 50)}",
            keywords=("wargame", "briefing", scenario.metadata.id, team.id),
        )
        headings = Headings(styles)
        ctx = ReportContext(
            index, styles, headings, doc.width, doc.height, load_geography(scenario), generated
        )
        story = _story(ctx, team_id, doc.width)
        pages = doc.build_story(story)
    return BuiltReport(target, pages, doc.passes)


def _witnesses(record: GameRecord) -> list[tuple[str, str]]:
    """The record's last fingerprint and the dice's commitment, to keep outside the file."""
    lines: list[tuple[str, str]] = []
    if record.fingerprints:
        last = record.fingerprints[-1]
        lines.append(
            (
                "Record fingerprint",
                f"<b>{last.fingerprint}</b> at the end of turn {last.turn}: keep it; "
                "<i>wargame verify GAME --expect</i> proves the record still extends it",
            )
        )
    if record.summary.seed_sha256:
        lines.append(
            (
                "Dice commitment",
                "SHA-256 of the seed, fixed before the first roll: "
                f"<font size='7'>{markup(record.summary.seed_sha256)}</font>",
            )
        )
    return lines


def _story(ctx: ReportContext, team_id: str, width: float) -> list[Flowable]:
    index, styles, headings = ctx.index, ctx.styles, ctx.headings
    scenario = index.scenario
    team = scenario.team(team_id)
    actors = scenario.actors_of(team_id)
    actor = actors[0]
    meta = scenario.metadata
    played = _and(
        [markup(a.name) + (f" ({markup(a.native_name)})" if a.native_name else "") for a in actors]
    )
    story: list[Flowable] = [
        Para("<b>TEAM BRIEFING PACK</b>", styles.cover_text),
        Spacer(1, 6),
        Para(f"{swatch(actor.colour)} {markup(team.name)}", styles.cover_title),
        Para(f"You play {played}", styles.cover_subtitle),
        Para(markup(meta.title), styles.cover_text),
        Spacer(1, 16),
        key_values(
            [
                ("Game", markup(index.record.summary.title)),
                ("Facilitator", markup(index.record.summary.facilitator or "—")),
                (
                    "Turns",
                    markup(
                        f"{scenario.turn_plan.turns}, each {meta.clock.described}, "
                        f"from {day(meta.clock.start)}"
                    ),
                ),
                ("Classification", markup(meta.classification)),
                *_witnesses(index.record),
            ],
            styles,
            width,
            label_width=100,
        ),
        Spacer(1, 16),
        *panel(
            [
                Para(
                    f"<b>For {markup(team.name)} only.</b> This pack holds your private "
                    "briefing and objectives. Do not show it to other teams.",
                    styles.body,
                )
            ],
            tint=RED_TINT,
            border=RED,
        ),
        NextPageTemplate("body"),
        PageBreak(),
    ]
    story.append(headings("The situation", 0, title="The situation"))
    story.append(Para(markup(meta.summary), styles.quote))
    story += [Para(p, styles.body) for p in paragraphs(meta.background, reflow=True)]
    if meta.sources:
        story.append(Para("<b>Sources</b>", styles.h4))
        story += bullets((markup(s) for s in meta.sources), styles)
    story += _your_side(ctx, team_id)
    story += _others(ctx, team_id, width)
    story += _red_lines(ctx, team_id, width)
    story.append(PageBreak())
    story.append(headings("How the game runs", 0, title="How the game runs"))
    story += _turn_plan(ctx, width)
    story += _ladder(ctx, width)
    latest = max(index.states) if index.states else 0
    caption = (
        "Unit positions at the start of the game."
        if latest == 0
        else f"Unit positions at the end of turn {latest}, when this pack was made."
    )
    situation = situation_map(ctx, state_turn=latest, caption=caption, seen_by=team_id)
    if situation:
        story.append(PageBreak())
        story.append(headings("The map", 0, title="The map"))
        story += situation
    story.append(PageBreak())
    story.append(headings("Move form", 0, title="Move form"))
    story.append(
        Para(
            "Fill in one form per move and hand it to the white cell. Copy this page as needed.",
            styles.meta,
        )
    )
    story.append(MoveForm(team.name, styles))
    return story


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _your_side(ctx: ReportContext, team_id: str) -> list[Flowable]:
    styles, scenario = ctx.styles, ctx.index.scenario
    team = scenario.team(team_id)
    actors = scenario.actors_of(team_id)
    story: list[Flowable] = [
        PageBreak(),
        ctx.headings(f"Your side: {_and([markup(a.name) for a in actors])}", 0, title="Your side"),
    ]
    if team.description:
        story.append(Para(markup(team.description), styles.body))
    for actor in actors:
        if len(actors) > 1:
            story.append(Para(f"{swatch(actor.colour)} {markup(actor.name)}", styles.h2))
        story += _actor_brief(ctx, actor)
    return story


def _actor_brief(ctx: ReportContext, actor: Actor) -> list[Flowable]:
    styles = ctx.styles
    story: list[Flowable] = []
    story.append(Para("Your objectives", styles.h3))
    if actor.objectives:
        story += numbered((markup(o) for o in actor.objectives), styles)
    else:
        story.append(Para("The scenario sets no objectives for your side.", styles.meta))
    story.append(Para("Your private briefing", styles.h3))
    if actor.briefing:
        story += panel(
            [Para(p, styles.body) for p in paragraphs(actor.briefing, reflow=True)], tint=PANEL
        )
    else:
        story.append(Para("The scenario has no private briefing for your side.", styles.meta))
    return story


def _others(ctx: ReportContext, team_id: str, width: float) -> list[Flowable]:
    styles, index = ctx.styles, ctx.index
    scenario = index.scenario
    rows = []
    for team in scenario.teams:
        if team.id == team_id:
            continue
        actors = scenario.actors_of(team.id)
        plays = _and(
            [
                markup(a.name) + (f" ({markup(a.native_name)})" if a.native_name else "")
                for a in actors
            ]
        )
        rows.append(
            [
                Para(f"{swatch(actors[0].colour)} <b>{markup(team.name)}</b>", styles.cell),
                Para(plays, styles.cell),
            ]
        )
    if not rows:
        return []
    return [
        ctx.headings("The other teams", 1, title="The other teams", section=False),
        *data_table(["Team", "Plays"], rows, [width * 0.5, width * 0.5], styles),
    ]


def _red_lines(ctx: ReportContext, team_id: str, width: float) -> list[Flowable]:
    styles, index = ctx.styles, ctx.index
    scenario = index.scenario
    own = set(scenario.team(team_id).actors)
    numbers = red_line_numbers(scenario)
    story: list[Flowable] = [PageBreak(), ctx.headings("Red lines", 0, title="Red lines")]
    groups = (
        ("Declared by others", [r for r in scenario.red_lines if r.declared_by not in own]),
        ("Declared by your side", [r for r in scenario.red_lines if r.declared_by in own]),
    )
    for title, lines in groups:
        story.append(Para(title, styles.h3))
        if not lines:
            story.append(Para("None.", styles.meta))
            continue
        rows = []
        for line in lines:
            consequence = markup(line.declared_consequence or "—")
            rows.append(
                [
                    Para(f"<b>{numbers[line.id]}</b>", styles.cell),
                    Para(f"<b>{markup(line.name)}</b><br/>{markup(line.description)}", styles.cell),
                    Para(markup(index.actor_name(line.declared_by)), styles.cell),
                    Para(consequence, styles.cell),
                ]
            )
        story += data_table(
            ["#", "Red line", "Declared by", "Declared consequence"],
            rows,
            [16, width * 0.5, width * 0.16, width * 0.34 - 16],
            styles,
        )
    return story


def _ladder(ctx: ReportContext, width: float) -> list[Flowable]:
    styles, track = ctx.styles, ctx.index.scenario.escalation
    if track is None:
        return []
    rows = [
        [
            Para(f"<b>{r.level}</b>", styles.cell),
            Para(f"<b>{markup(r.name)}</b>", styles.cell),
            Para(markup(r.description), styles.cell),
        ]
        for r in reversed(track.rungs)
    ]
    start = ctx.index.state(max(ctx.index.states) if ctx.index.states else 0)
    now = (
        f"It stands at {start.track(track.id).value} now."
        if start is not None
        else f"It starts at {track.start}."
    )
    return [
        ctx.headings(
            f"The escalation ladder: {markup(track.name)}",
            1,
            title="The escalation ladder",
            section=False,
        ),
        Para(markup(now), styles.meta),
        *data_table(
            ["Level", "Rung", "Description"], rows, [34, width * 0.28, width * 0.72 - 34], styles
        ),
    ]


def _turn_plan(ctx: ReportContext, width: float) -> list[Flowable]:
    styles, plan = ctx.styles, ctx.index.scenario.turn_plan
    rows = [
        [
            Para(f"<b>{markup(p.name)}</b>", styles.cell),
            Para(str(p.minutes) if p.minutes else "—", styles.cell),
            Para(markup(p.description or ""), styles.cell),
        ]
        for p in plan.phases
    ]
    clock = ctx.index.scenario.metadata.clock
    return [
        ctx.headings("The turns", 1, title="The turns", section=False),
        Para(
            markup(
                f"{plan.turns} turns, each representing {clock.described}, "
                f"starting on {day(clock.start)}. Every turn runs these phases:"
            ),
            styles.body,
        ),
        *data_table(
            ["Phase", "Minutes", "What happens"],
            rows,
            [width * 0.22, width * 0.1, width * 0.68],
            styles,
        ),
    ]


class MoveForm(Flowable):  # type: ignore[misc]
    """A move form to fill in by hand: boxes for turn and author, ruled boxes for texts.

    It takes the rest of its page: the boxes for the action and the intended result grow
    with the space left, so the form looks the same on A4 and US Letter.
    """

    def __init__(self, team_name: str, styles: Styles) -> None:
        super().__init__()
        self.team_name = plain(team_name, 60)
        self.styles = styles
        self.width = 0.0
        self.height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """Take the width and most of the height left on the page."""
        self.width = availWidth
        self.height = max(min(availHeight, 660.0), 420.0)
        return self.width, self.height

    def draw(self) -> None:
        """Draw the boxes and rules of the form."""
        c: Any = self.canv
        w, h = self.width, self.height
        y = h
        c.setStrokeColor(INK)
        c.setLineWidth(0.8)

        def caption(text: str, x: float, top: float, size: float = 8.5) -> None:
            c.setFont(BOLD, size)
            c.setFillColor(INK)
            c.drawString(x, top - size - 1, text)

        def box(
            x: float, top: float, width: float, height: float, title: str, ruled: bool = False
        ) -> None:
            caption(title, x, top)
            c.setStrokeColor(INK)
            c.setLineWidth(0.8)
            c.rect(x, top - height, width, height - 13, stroke=1, fill=0)
            if ruled:
                c.setStrokeColor(RULE)
                c.setLineWidth(0.4)
                line_y = top - 13 - 17
                while line_y > top - height + 6:
                    c.line(x + 6, line_y, x + width - 6, line_y)
                    line_y -= 17

        gap = 8
        quarter = (w - 3 * gap) / 4
        box(0, y, w - 2 * (quarter + gap), 34, f"Team: {self.team_name}")
        box(w - 2 * quarter - gap, y, quarter, 34, "Turn")
        box(w - quarter, y, quarter, 34, "Submitted at (time)")
        y -= 34 + gap
        box(0, y, w * 0.62, 34, "Submitted by")
        left = w * 0.62 + gap
        caption("Visibility (tick one)", left, y)
        c.setFont(REGULAR, 8.5)
        c.setFillColor(INK)
        c.setStrokeColor(INK)
        c.setLineWidth(0.8)
        for i, choice in enumerate(("Secret until revealed", "Public")):
            yy = y - 22 - 11 * i
            c.rect(left, yy, 7, 7, stroke=1, fill=0)
            c.drawString(left + 11, yy + 0.5, choice)
        y -= 34 + gap
        box(0, y, w, 34, "Title of the move")
        y -= 34 + gap
        reasons_h = 4 * 17 + 22
        white_cell_h = 46
        remaining = y - reasons_h - white_cell_h - 3 * gap
        action_h = remaining * 0.62
        intended_h = remaining - action_h
        box(0, y, w, action_h, "Action: what your side does, where and how", ruled=True)
        y -= action_h + gap
        box(0, y, w, intended_h, "Intended result: what you want it to achieve", ruled=True)
        y -= intended_h + gap
        caption("Reasons: why it should succeed (one per line)", 0, y)
        c.setStrokeColor(INK)
        c.setLineWidth(0.8)
        c.rect(0, y - reasons_h, w, reasons_h - 13, stroke=1, fill=0)
        c.setFont(REGULAR, 8.5)
        for i in range(4):
            line_y = y - 13 - 17 * (i + 1)
            c.setFillColor(MUTED)
            c.drawString(6, line_y + 3, f"{i + 1}.")
            c.setStrokeColor(RULE)
            c.setLineWidth(0.4)
            c.line(20, line_y, w - 6, line_y)
        y -= reasons_h + gap
        c.setFillColor(PANEL)
        c.setStrokeColor(RULE)
        c.rect(0, y - white_cell_h, w, white_cell_h, stroke=1, fill=1)
        caption("White cell use only", 6, y - 3, 7.5)
        c.setFont(REGULAR, 8)
        c.setFillColor(INK)
        c.drawString(
            6, y - 26, "Move no. ________   Adjudication no. ________   Method ______________"
        )
        c.drawString(6, y - 39, "Outcome:")
        for i, word in enumerate(("success", "partial", "failure")):
            xx = 52 + i * 70
            c.rect(xx, y - 40, 7, 7, stroke=1, fill=0)
            c.drawString(xx + 11, y - 39, word)
