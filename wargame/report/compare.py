"""The comparison of several plays of one scenario (``wargame compare``), as a PDF.

Built from :class:`wargame.game.series.Series`: the escalation curves of every play
overlaid (with their mean), how often and when each red line was crossed, the outcomes per
team and per tag, the final value of every track, the turn where the plays first diverged,
and a table per game.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from statistics import mean

from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, Flowable, NextPageTemplate, PageBreak, Spacer

from wargame.game.series import PlaySummary, Series
from wargame.game.views import counted
from wargame.report.blocks import bullets, data_table, key_values
from wargame.report.document import AtomicFile, BuiltReport, Headings, ReportDocument
from wargame.report.fonts import REGULAR
from wargame.report.paragraph import Para
from wargame.report.styles import ACCENT, MUTED, PANEL, RULE, Styles, make_styles
from wargame.report.text import markup, plain

_PALETTE = [
    colors.HexColor(c)
    for c in ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf")
]
_LEGEND_MAX = 14
OUTCOMES = ("success", "partial", "failure")


def build_comparison(
    series: Series, path: str | Path, *, paper: str = "a4", generated_at: dt.datetime | None = None
) -> BuiltReport:
    """Write the comparison of ``series`` to ``path`` (a PDF)."""
    target = Path(path)
    styles = make_styles()
    generated = generated_at or dt.datetime.now(dt.UTC)
    title = f"{series.scenario_title} — {counted(len(series.plays), 'play')} compared"
    with AtomicFile(target) as partial:
        doc = ReportDocument(
            partial,
            paper=paper,
            styles=styles,
            title=title,
            subject=f"Comparison of plays of “{series.scenario_title}”",
            author="wargame",
            classification=series.classification,
            edition="Series",
            footer_note=f"{plain(series.scenario_id, 40)} version "
            f"{plain(series.scenario_version, 20)} · generated {generated:%d %b %Y}",
            keywords=("wargame", "comparison", series.scenario_id),
        )
        headings = Headings(styles)
        story: list[Flowable] = [NextPageTemplate("body")]
        story += _overview(series, styles, headings, doc.width)
        story += _escalation(series, styles, headings, doc.width)
        story += _red_lines(series, styles, headings, doc.width)
        story += _outcomes(series, styles, headings, doc.width)
        story += _tracks(series, styles, headings, doc.width)
        story += _per_game(series, styles, headings, doc.width)
        pages = doc.build_story(story)
    return BuiltReport(target, pages, doc.passes)


def _section(headings: Headings, title: str, *, new_page: bool = False) -> list[Flowable]:
    return [
        PageBreak() if new_page else CondPageBreak(160),
        headings(markup(title), 0, title=title),
    ]


def _overview(series: Series, styles: Styles, headings: Headings, width: float) -> list[Flowable]:
    plays = series.plays
    finals = [p.escalation[-1] if p.escalation else 0 for p in plays]
    divergence = series.first_divergence
    facts = [
        ("Scenario", f"{markup(series.scenario_title)} ({markup(series.scenario_id)}), "
         f"version {markup(series.scenario_version)}"),
        ("Plays", f"{len(plays)} · ended: {sum(1 for p in plays if p.status == 'ended')}"),
        ("Turns played", ", ".join(str(p.turns_played) for p in plays[:30])
         + (" …" if len(plays) > 30 else "")),
        (f"Final {markup(series.escalation_name)}",
         f"mean {mean(finals):.1f}, lowest {min(finals)}, highest {max(finals)}"),
        ("First divergence", "the plays never diverged" if divergence is None
         else f"turn {divergence}"),
    ]  # fmt: skip
    return [
        headings(markup(f"{len(plays)} plays of {series.scenario_title}"), 0, title="Overview"),
        Para(
            "A comparison of plays of one version of one scenario. Two plays diverge at the "
            "first turn whose end state (every track and unit) or adjudicated outcomes per "
            "team differ.",
            styles.lead,
        ),
        key_values(facts, styles, width, label_width=120),
    ]


def _escalation(series: Series, styles: Styles, headings: Headings, width: float) -> list[Flowable]:
    story = _section(headings, "Escalation curves overlaid")
    story.append(_curves(series, width, 300))
    story.append(Spacer(1, 6))
    if len(series.plays) <= _LEGEND_MAX:
        story += bullets(
            (
                f"<font color='#{_colour(i).hexval()[2:]}'>■</font> {markup(p.name)} — "
                f"{markup(p.title)}"
                for i, p in enumerate(series.plays)
            ),
            styles,
        )
    else:
        story.append(
            Para("Each play is a thin grey line; the mean of all plays is drawn bold.", styles.meta)
        )
    return story


def _colour(index: int) -> colors.Color:
    return _PALETTE[index % len(_PALETTE)]


def _curves(series: Series, width: float, height: float) -> Drawing:
    drawing = Drawing(width, height, initialFontName=REGULAR, initialFontSize=7)
    left, right, bottom, top = 30.0, width - 10, 24.0, height - 8
    turns = max(max((len(p.escalation) for p in series.plays), default=0) - 1, 1)
    high = max(series.escalation_max, 1)
    drawing.add(Rect(left, bottom, right - left, top - bottom, fillColor=PANEL, strokeColor=None))

    def xy(turn: float, level: float) -> tuple[float, float]:
        return left + (right - left) * turn / turns, bottom + (top - bottom) * level / high

    for level in range(high + 1):
        y = xy(0, level)[1]
        drawing.add(Line(left, y, right, y, strokeColor=RULE, strokeWidth=0.3))
        drawing.add(String(left - 4, y - 2.2, str(level), fontSize=6.3, textAnchor="end"))
    for turn in range(turns + 1):
        x = xy(turn, 0)[0]
        label = "Start" if turn == 0 else f"T{turn}"
        drawing.add(String(x, bottom - 11, label, fontSize=6.5, textAnchor="middle"))
    many = len(series.plays) > _LEGEND_MAX
    for i, play in enumerate(series.plays):
        # Small offsets keep identical curves apart so each play stays visible.
        shift = 0.0 if many else (i - (len(series.plays) - 1) / 2) * 0.06
        points = [c for t, v in enumerate(play.escalation) for c in xy(t, v + shift)]
        if len(points) >= 4:
            colour = colors.Color(0.55, 0.58, 0.63, alpha=0.5) if many else _colour(i)
            drawing.add(PolyLine(points, strokeColor=colour, strokeWidth=0.7 if many else 1.4))
    if many:
        averages: list[float] = []
        for turn in range(turns + 1):
            values = [p.escalation[turn] for p in series.plays if len(p.escalation) > turn]
            averages.extend(xy(turn, mean(values)))
        drawing.add(PolyLine(averages, strokeColor=ACCENT, strokeWidth=2.2))
    drawing.add(Rect(left, bottom, right - left, top - bottom, fillColor=None, strokeColor=MUTED))
    drawing.add(
        String((left + right) / 2, 2, f"{series.escalation_name} at the end of each turn",
               fontSize=6.5, textAnchor="middle", fillColor=MUTED)
    )  # fmt: skip
    return drawing


def _red_lines(series: Series, styles: Styles, headings: Headings, width: float) -> list[Flowable]:
    story = _section(headings, "Red lines: how often and when crossed")
    if not series.red_line_names:
        return [*story, Para("The scenario declares no red line.", styles.meta)]
    rows = []
    for line_id, name in series.red_line_names:
        turns = series.crossings(line_id)
        spread = Counter(turns)
        when = ", ".join(f"turn {t}: {spread[t]}" for t in sorted(spread)) or "—"
        rows.append(
            [
                Para(markup(name), styles.cell),
                Para(f"{len(turns)} of {len(series.plays)}", styles.cell),
                Para(when, styles.cell),
                Para(f"{mean(turns):.1f}" if turns else "—", styles.cell),
            ]
        )
    return story + data_table(
        ["Red line", "Crossed in", "First crossed (plays per turn)", "Mean turn"],
        rows,
        [width * 0.36, width * 0.14, width * 0.36, width * 0.14],
        styles,
    )


def _outcomes(series: Series, styles: Styles, headings: Headings, width: float) -> list[Flowable]:
    story = _section(headings, "Outcome distributions")
    teams = dict(series.team_names)
    by_team: dict[str, Counter[str]] = {}
    by_tag: dict[str, Counter[str]] = {}
    for play in series.plays:
        for team, outcome, count in play.outcomes_by_team:
            by_team.setdefault(team, Counter())[outcome] += count
        for tag, outcome, count in play.outcomes_by_tag:
            by_tag.setdefault(tag, Counter())[outcome] += count
    story.append(Para("Per team", styles.h3))
    story += _outcome_table(
        [(teams.get(t, t), by_team.get(t, Counter())) for t in teams], styles, width, "Team"
    )
    story.append(Para("Per move tag", styles.h3))
    story.append(
        Para("A move's tags are those analysts put on the observations of it.", styles.meta)
    )
    if by_tag:
        story += _outcome_table(
            [(f"#{t}", by_tag[t]) for t in sorted(by_tag)], styles, width, "Tag"
        )
    else:
        story.append(Para("No observation tagged a move in these plays.", styles.meta))
    return story


def _outcome_table(
    rows: Sequence[tuple[str, Counter[str]]], styles: Styles, width: float, head: str
) -> list[Flowable]:
    body = []
    for name, counts in rows:
        total = sum(counts.values())
        cells = [Para(markup(name), styles.cell)]
        for outcome in OUTCOMES:
            share = f" ({100 * counts[outcome] / total:.0f}%)" if total else ""
            cells.append(Para(f"{counts[outcome]}{share}", styles.cell))
        cells.append(Para(str(total), styles.cell))
        body.append(cells)
    rest = width * 0.64
    return data_table(
        [head, "Success", "Partial", "Failure", "Adjudicated"],
        body,
        [width * 0.36, rest / 4, rest / 4, rest / 4, rest / 4],
        styles,
    )


def _tracks(series: Series, styles: Styles, headings: Headings, width: float) -> list[Flowable]:
    story = _section(headings, "Final track values")
    rows = []
    for track_id, name in series.track_names:
        values = [v for p in series.plays for t, v in p.tracks_final if t == track_id]
        spread = Counter(values)
        rows.append(
            [
                Para(markup(name), styles.cell),
                Para(f"{min(values)} / {mean(values):.1f} / {max(values)}", styles.cell),
                Para(", ".join(f"{v}: {spread[v]}" for v in sorted(spread)), styles.cell),
            ]
        )
    return story + data_table(
        ["Track", "Lowest / mean / highest", "Plays ending at each value"],
        rows,
        [width * 0.34, width * 0.26, width * 0.4],
        styles,
    )


def _per_game(series: Series, styles: Styles, headings: Headings, width: float) -> list[Flowable]:
    story = _section(headings, "A table per game", new_page=True)
    lines = dict(series.red_line_names)
    teams = dict(series.team_names)
    tracks = dict(series.track_names)
    for number, (play, diverged) in enumerate(
        zip(series.plays, series.divergence_from_first, strict=True)
    ):
        against = (
            "this is the first play"
            if number == 0
            else "no divergence"
            if diverged is None
            else f"diverges in turn {diverged}"
        )
        story.append(CondPageBreak(150))
        story.append(Para(f"{markup(play.name)} — {markup(play.title)}", styles.h4))
        story.append(key_values(_game_rows(play, against, lines, teams, tracks), styles, width))
        story.append(Spacer(1, 6))
    return story


def _game_rows(
    play: PlaySummary,
    against: str,
    lines: dict[str, str],
    teams: dict[str, str],
    tracks: dict[str, str],
) -> list[tuple[str, str]]:
    crossed = [f"{markup(lines.get(r, r))} (turn {t})" for r, t in play.red_lines if t is not None]
    team_words = []
    for team_id, name in teams.items():
        counts = {o: n for t, o, n in play.outcomes_by_team if t == team_id}
        if counts:
            team_words.append(
                f"{markup(name)} {counts.get('success', 0)}/{counts.get('partial', 0)}/"
                f"{counts.get('failure', 0)}"
            )
    return [
        ("Status", f"{markup(play.status)}, {counted(play.turns_played, 'turn')}, "
         f"{counted(play.moves, 'move')} · uid {markup(play.uid[:8])}"),
        ("Escalation by turn", " → ".join(str(v) for v in play.escalation)),
        ("Red lines crossed", "; ".join(crossed) or "none"),
        ("Outcomes (S/P/F)", "; ".join(team_words) or "none adjudicated"),
        ("Final tracks", "; ".join(f"{markup(tracks.get(t, t))} {v}"
                                   for t, v in play.tracks_final)),
        ("Against the first play", against),
    ]  # fmt: skip
