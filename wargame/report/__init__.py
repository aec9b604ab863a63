"""PDFs built from the game layer's read models: after-action report and briefing packs."""

from wargame.report.aar import AUDIENCES, build_after_action_report, write_after_action_report
from wargame.report.briefings import build_briefing, write_briefings
from wargame.report.document import PAPER_SIZES, BuiltReport
from wargame.report.errors import ReportError
from wargame.report.quicklook import build_quick_look, write_quick_look

__all__ = [
    "AUDIENCES",
    "PAPER_SIZES",
    "BuiltReport",
    "ReportError",
    "build_after_action_report",
    "build_briefing",
    "build_quick_look",
    "write_after_action_report",
    "write_briefings",
    "write_quick_look",
]
