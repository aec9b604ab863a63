"""What every part of a report is built from: the indexed record, styles, headings, width.

One :class:`ReportContext` is made per document and handed to each section, so the
sections share one set of bookmark keys and one indexed record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reportlab.platypus import CondPageBreak, Flowable, PageBreak

from wargame.game import GameRecord
from wargame.game.analysis_views import AnalysisRecord
from wargame.report.document import Headings
from wargame.report.geo import Geography
from wargame.report.lookup import RecordIndex
from wargame.report.paragraph import Para
from wargame.report.styles import Styles
from wargame.report.text import markup
from wargame.scenario import Scenario


@dataclass(frozen=True)
class ReportContext:
    """The indexed record and everything a section needs to lay itself out.

    Attributes:
        index: The record, indexed, with its scenario.
        styles: The document's styles.
        headings: Makes headings with bookmark keys unique in the document.
        width: The width of the page's text frame, in points.
        height: The height of the page's text frame, in points.
        geography: The scenario's map, or None when its file cannot be read.
        generated: When the document was made.
        edition: The edition's name ("Facilitator edition" …).
    """

    index: RecordIndex
    styles: Styles
    headings: Headings
    width: float
    height: float
    geography: Geography | None
    generated: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    edition: str = ""
    analysis: AnalysisRecord | None = None
    """The analysts' chain, ratings, plan and coverage (None: not read for this document)."""

    @property
    def scenario(self) -> Scenario:
        """The scenario the game was played with."""
        return self.index.scenario

    @property
    def record(self) -> GameRecord:
        """The game record, as the report's audience may see it."""
        return self.index.record


def section(ctx: ReportContext, title: str, *, new_page: bool = True) -> list[Flowable]:
    """A top-level section's heading: on a new page, or on this one if there is room."""
    return [
        PageBreak() if new_page else CondPageBreak(220),
        ctx.headings(markup(title), 0, title=title),
    ]


def not_in_edition(ctx: ReportContext, what: str) -> Flowable:
    """Says plainly that a part of the record is left out of this edition."""
    return Para(
        f"{what} are not part of the {ctx.edition.lower()}; they are in the facilitator edition.",
        ctx.styles.placeholder,
    )
