"""The after-action report's data appendix: the move log and the dice audit log.

Both are tables that split across pages with their header repeated, cut into chunks of
fixed column widths so that a game of thousands of moves and rolls lays out quickly.
"""

from __future__ import annotations

import datetime as dt
import re

from reportlab.platypus import Flowable

from wargame.game.views import MoveView
from wargame.report.blocks import bullets, data_table, panel
from wargame.report.context import ReportContext, section
from wargame.report.lookup import METHOD_NAMES
from wargame.report.paragraph import Para
from wargame.report.styles import GREEN, PANEL, RED, RED_TINT
from wargame.report.text import markup
from wargame.report.turns import outcome_markup


def move_log_section(ctx: ReportContext) -> list[Flowable]:
    """Appendix A: one row per move: turn, team, title, status, adjudication, outcome."""
    styles, index, record = ctx.styles, ctx.index, ctx.record
    story = section(ctx, "Appendix A: move log")
    story.append(
        Para(
            "Every move in the record"
            + (" visible in this edition" if not index.facilitator_edition else "")
            + ", in the order submitted: who made it, how it was adjudicated (method and dice, "
            "with the roll's number in the dice audit log) and its outcome. The full text of "
            "each move is in its turn.",
            styles.meta,
        )
    )
    rows = [_move_row(ctx, move) for move in record.moves]
    w = ctx.width
    story += data_table(
        ["#", "Turn", "Team", "Move", "Status", "Adjudication", "Outcome"],
        rows,
        [26, 30, w * 0.15, w - 56 - w * 0.15 - 218, 58, 100, 60],
        styles,
    )
    return story


def breakable(text: str) -> str:
    """Let a narrow cell break a name at a slash ("Poland / Germany"), not mid-word.

    ReportLab breaks lines only at spaces, and cuts a word wider than its cell anywhere.
    """
    return re.sub(r"\s*/\s*", " / ", text)


def _move_row(ctx: ReportContext, move: MoveView) -> list[object]:
    styles, index = ctx.styles, ctx.index
    title = markup(move.title)
    if move.voided:
        title = f"<strike>{title}</strike>"
    text = f"<b>{title}</b><br/><font size='7' color='#5b6474'>by {markup(move.author)}</font>"
    status = (
        "withdrawn"
        if move.status == "withdrawn"
        else "public"
        if move.visibility == "public"
        else "revealed"
        if move.revealed
        else "never revealed"
    )
    if move.voided:
        status += ", VOID"
    rulings = [a for a in index.adjudications_by_move.get(move.id, []) if not a.voided]
    methods = []
    for ruling in rulings:
        method = markup(METHOD_NAMES.get(ruling.method, ruling.method))
        for roll in ruling.rolls:
            method += (
                f"<br/><font size='7' color='#5b6474'>{roll.dice}: "
                f"{' + '.join(str(f) for f in roll.faces)} (#{roll.sequence})</font>"
            )
        methods.append(method)
    outcome = "<br/>".join(outcome_markup(a.outcome) for a in rulings) or "—"
    return [
        str(move.id),
        str(move.turn),
        Para(breakable(markup(index.team_name(move.team_id))), styles.cell),
        Para(text, styles.cell),
        Para(status, styles.cell),
        Para("<br/>".join(methods) or "—", styles.cell),
        Para(outcome, styles.cell),
    ]


def seed_shown(ctx: ReportContext) -> bool:
    """Whether this edition may print the dice's seed: it gives every digital roll to come.

    The facilitator's edition always may; the public edition only once the game has ended.
    """
    summary = ctx.record.summary
    if summary.seed is None:
        return False
    return ctx.index.facilitator_edition or summary.status == "ended"


def fingerprints_text(ctx: ReportContext) -> str:
    """``turn 1: 7F3A-91C2-0B4D · turn 2: …`` (markup), or an empty string."""
    return " · ".join(f"turn {f.turn}: <b>{f.fingerprint}</b>" for f in ctx.record.fingerprints)


def commitment_facts(ctx: ReportContext) -> list[tuple[str, str]]:
    """The cover's lines for the witnesses outside the file: seed commitment, fingerprints."""
    summary = ctx.record.summary
    facts: list[tuple[str, str]] = []
    if summary.seed_sha256:
        facts.append(
            (
                "Dice commitment",
                f"SHA-256 of the seed <font size='7'>{markup(summary.seed_sha256)}</font>",
            )
        )
    text = fingerprints_text(ctx)
    if text:
        facts.append(("Record fingerprints", text))
    return facts


def _witness(ctx: ReportContext) -> list[Flowable]:
    """How to check this record later: fingerprints, the seed and its commitment."""
    styles, summary = ctx.styles, ctx.record.summary
    lines: list[str] = []
    text = fingerprints_text(ctx)
    if text:
        lines.append(
            f"<b>Record fingerprints</b> at the end of each turn: {text}. Anyone holding one "
            "can check that a game file still extends it: <i>wargame verify GAME --expect "
            "FINGERPRINT</i>."
        )
    if summary.seed_sha256:
        seed = (
            f" The seed is <b>{summary.seed}</b>: check it with <i>printf %s SEED | sha256sum</i>"
            ", and every digital roll with <i>wargame verify</i>."
            if seed_shown(ctx)
            else " The seed itself is printed once the game has ended."
        )
        lines.append(
            "<b>Dice commitment:</b> SHA-256 of the seed, fixed before the first roll: "
            f"<font size='7'>{markup(summary.seed_sha256)}</font>.{seed}"
        )
    return [Para(line, styles.meta) for line in lines]


def dice_log_section(ctx: ReportContext) -> list[Flowable]:
    """Appendix B: the hash-chain verdict, then every roll in sequence with its hash."""
    styles, record = ctx.styles, ctx.record
    story = section(ctx, "Appendix B: dice audit log")
    chain = record.chain
    if chain is not None:
        colour = GREEN if chain.ok else RED
        content: list[Flowable] = [
            Para(
                f"<font color='#{colour.hexval()[2:]}'><b>Hash chain "
                f"{'verified' if chain.ok else 'BROKEN'}.</b></font> {markup(chain.summary())}",
                styles.body,
            )
        ]
        content += bullets((markup(p) for p in chain.problems), styles)
        story += panel(content, tint=PANEL if chain.ok else RED_TINT)
    story += _witness(ctx)
    story.append(
        Para(
            "Every roll of the game in sequence. Each roll's hash covers its dice, faces and "
            "source and the previous roll's hash, so altering, removing or re-rolling any roll "
            "breaks every hash after it; and the rolls are sealed, with every other record, "
            "into the chain of the game's actions that the verdict above checks. Digital dice "
            "come from the game's seed; physical dice are the faces the facilitator typed in.",
            styles.meta,
        )
    )
    rerolled = dict(chain.rerolls) if chain is not None else {}
    rows = []
    for roll in record.rolls:
        purpose = markup(roll.purpose)
        if roll.sequence in rerolled:
            purpose += (
                f"<br/><font size='7' color='#b42318'>voided and re-rolled as "
                f"#{rerolled[roll.sequence]}</font>"
            )
        rows.append(
            [
                str(roll.sequence),
                roll.created_at.astimezone(dt.UTC).strftime("%H:%M:%S\n%d %b %Y"),
                Para(purpose, styles.cell),
                roll.dice,
                " ".join(str(f) for f in roll.faces)
                + (f"\n= {roll.total}" if len(roll.faces) > 1 else ""),
                roll.source,
                f"prev {roll.prev_hash[:12]}…\n{roll.hash[:32]}\n{roll.hash[32:]}",
            ]
        )
    w = ctx.width
    story += data_table(
        ["#", "Time (UTC)", "Purpose", "Dice", "Faces", "Source", "Hash"],
        rows,
        [24, 64, w - 24 - 64 - 34 - 44 - 46 - 150, 34, 44, 46, 150],
        styles,
        split_rows=False,
        extra=[("FONTSIZE", (6, 1), (6, -1), 6.3), ("LEADING", (6, 1), (6, -1), 7.6)],
    )
    if not record.rolls:
        story.append(Para("No dice were rolled.", styles.meta))
    return story
