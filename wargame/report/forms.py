"""Blank move forms, one page per team, to print for a game played on paper."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from wargame.report.briefings import MoveForm
from wargame.report.document import AtomicFile, BuiltReport, ReportDocument
from wargame.report.paragraph import Para
from wargame.report.styles import make_styles
from wargame.report.text import markup, plain
from wargame.scenario import Scenario


def build_move_forms(
    scenario: Scenario,
    path: str | Path,
    *,
    paper: str = "a4",
    generated_at: dt.datetime | None = None,
) -> BuiltReport:
    """Write a blank move form for each team of ``scenario`` (one page each) to ``path``."""
    target = Path(path)
    styles = make_styles()
    generated = generated_at or dt.datetime.now(dt.UTC)
    with AtomicFile(target) as partial:
        doc = ReportDocument(
            partial,
            paper=paper,
            styles=styles,
            title=f"{scenario.metadata.title} — move forms",
            subject=f"Blank move forms for “{scenario.metadata.title}”",
            author=scenario.metadata.author,
            classification=scenario.metadata.classification,
            edition="Move forms",
            footer_note=f"{plain(scenario.metadata.title, 60)} · {generated:%d %b %Y}",
            keywords=("wargame", "move form", scenario.metadata.id),
        )
        story: list[Flowable] = [NextPageTemplate("body")]
        for number, team in enumerate(scenario.teams):
            if number:
                story.append(PageBreak())
            story.append(Para(f"Move form — {markup(team.name)}", styles.h2))
            story.append(MoveForm(team.name, styles))
        pages = doc.build_story(story)
    return BuiltReport(target, pages, doc.passes)
