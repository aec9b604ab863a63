"""Small building blocks of report pages: lists, panels, label/value pairs, long tables.

Everything here takes markup that is already escaped (see :mod:`wargame.report.text`)
and returns ReportLab flowables. Panels are drawn with ``FrameBG`` so that a long panel
(a narrative of many paragraphs) splits across pages with its background intact; long
tables are cut into chunks with a repeated header row and fixed column widths, because
one huge ``Table`` slows down much faster than it grows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from reportlab.lib import colors
from reportlab.platypus import Flowable, Indenter, Spacer, Table
from reportlab.platypus.flowables import FrameBG

from wargame.report.paragraph import Para
from wargame.report.styles import Styles, grid_table_style, key_value_table_style

TABLE_CHUNK_ROWS = 120
"""Rows per table of a long listing; each chunk repeats the header."""


def bullets(items: Iterable[str], styles: Styles, *, bullet: str = "•") -> list[Flowable]:
    """A bulleted list of markup items."""
    return [Para(item, styles.bullet, bulletText=bullet) for item in items]


def numbered(items: Iterable[str], styles: Styles) -> list[Flowable]:
    """A numbered list of markup items."""
    return [Para(item, styles.bullet, bulletText=f"{i}.") for i, item in enumerate(items, start=1)]


def panel(
    content: Sequence[Flowable],
    *,
    tint: colors.Color,
    indent: float = 8,
    pad: float = 4,
    border: colors.Color | None = None,
) -> list[Flowable]:
    """Content on a tinted background spanning the frame's width.

    The background follows the content across page breaks (ReportLab paints it behind
    each flowable in turn, so a panel may be as long as the text in it).
    """
    out: list[Flowable] = [
        FrameBG(
            color=tint,
            left=0,
            right=0,
            strokeColor=border,
            strokeWidth=0.6 if border is not None else None,
        ),
        Indenter(left=indent, right=indent),
        Spacer(1, pad),
        *content,
        _ClosingPad(pad),
        Indenter(left=-indent, right=-indent),
        FrameBG(start=False),
        Spacer(1, 6),
    ]
    return out


class _ClosingPad(Spacer):  # type: ignore[misc]
    """A panel's bottom padding, which vanishes when it would open a page on its own.

    Without this, a panel that ends exactly at a page's foot leaves a thin tinted strip at
    the top of the next page.
    """

    def __init__(self, height: float) -> None:
        super().__init__(1, height)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """No height at the top of a frame; the padding's height anywhere else."""
        frame = getattr(self, "_frame", None)
        if frame is not None and getattr(frame, "_atTop", False):
            return availWidth, 0
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        return size


def label(name: str, value_markup: str) -> str:
    """``<b>name:</b> value`` — an inline label (``name`` is plain text of our own)."""
    return f"<b>{name}:</b> {value_markup}"


def key_values(
    pairs: Sequence[tuple[str, str]], styles: Styles, width: float, *, label_width: float = 110
) -> Table:
    """A two-column table of short labels and values (values are markup)."""
    rows = [
        [Para(f"<b>{name}</b>", styles.cell), Para(value, styles.cell)] for name, value in pairs
    ]
    return Table(
        rows,
        colWidths=[label_width, width - label_width],
        style=key_value_table_style(),
        hAlign="LEFT",
    )


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    styles: Styles,
    *,
    chunk: int = TABLE_CHUNK_ROWS,
    split_rows: bool = True,
    extra: Sequence[tuple[object, ...]] = (),
    right: Sequence[int] = (),
) -> list[Flowable]:
    """A table of any length: header repeated on every page, cut into chunks.

    Args:
        header: Column titles (plain text of our own).
        rows: Cells: flowables, or strings (drawn as they are; no markup, no wrapping).
        widths: Fixed column widths in points.
        styles: The report's styles.
        chunk: Rows per table.
        split_rows: Let a row taller than a page split across pages (needed whenever a
            cell holds user text, which may be long).
        extra: More table style commands (for instance a smaller font in one column).
        right: Columns whose header is right-aligned (columns of numbers).
    """
    head = [
        Para(h, styles.cell_head_right if i in right else styles.cell_head)
        for i, h in enumerate(header)
    ]
    style = grid_table_style()
    for command in extra:
        style.add(*command)
    if not rows:
        return [Table([head], colWidths=list(widths), style=style, hAlign="LEFT")]
    out: list[Flowable] = []
    for start in range(0, len(rows), chunk):
        part = [head, *[list(r) for r in rows[start : start + chunk]]]
        out.append(
            Table(
                part,
                colWidths=list(widths),
                repeatRows=1,
                hAlign="LEFT",
                style=style,
                splitInRow=1 if split_rows else 0,
                splitByRow=1,
            )
        )
    return out
