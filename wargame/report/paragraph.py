"""The paragraph every report uses: ReportLab's, laid out once per width.

Platypus asks a paragraph for its size more than once at the same width: a heading kept
with the next paragraph is measured as a group and then placed, a table measures its
cells and measures them again to draw them, a long table measures the rows it carries
over to the next page. Breaking a paragraph into lines is the costliest step of a
report, and its result depends only on the text, the style and the width, so
:class:`Para` keeps it until asked for another width. A paragraph never changes after it
is made (splitting one across pages makes new ones), so the kept layout cannot go stale.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph


class Para(Paragraph):  # type: ignore[misc]
    """A ``Paragraph`` that reuses its line breaks when wrapped again at the same width."""

    _laid_out_width: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """Size at this width (the line breaks are computed once per width)."""
        if availWidth == self._laid_out_width and getattr(self, "blPara", None) is not None:
            return self.width, self.height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._laid_out_width = availWidth
        return size
