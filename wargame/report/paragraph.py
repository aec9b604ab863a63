"""The paragraph every report uses: ReportLab's, laid out once per width, never too long.

Platypus asks a paragraph for its size more than once at the same width: a heading kept
with the next paragraph is measured as a group and then placed, a table measures its
cells and measures them again to draw them, a long table measures the rows it carries
over to the next page. Breaking a paragraph into lines is the costliest step of a
report, and its result depends only on the text, the style and the width, so
:class:`Para` keeps it until asked for another width. A paragraph never changes after it
is made (splitting one across pages makes new ones), so the kept layout cannot go stale.

ReportLab's line breaking is quadratic in one paragraph's lines: each page a paragraph
spills onto breaks all of its remaining lines again, so a move text of 9,999 line breaks
took minutes. A text of more than :data:`MAX_LINES` lines is therefore made into a
:class:`TextRun` — the same text as consecutive paragraphs of :data:`RUN_LINES` lines,
which look exactly like the one paragraph (no space between them, the bullet on the
first) — so that a report's time stays linear in its size. ``Para(...)`` makes one or
the other, so no caller needs to know.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any
from weakref import WeakKeyDictionary

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

MAX_LINES = 40
"""A text of more lines than this (``<br/>`` breaks + 1) is set as a :class:`TextRun`."""
RUN_LINES = 10
"""Lines per paragraph of a :class:`TextRun` (measured: the fastest to lay out)."""

_BREAK = "<br/>"
_TAG = re.compile(r"<(/?)([a-zA-Z]+)\b[^>]*?(/?)>")

_LAYOUT = (
    "width",
    "height",
    "blPara",
    "frags",
    "_wrapWidths",
    "_width_max",
    "_splitLongWordCount",
    "_hyphenations",
)
"""What ``Paragraph.wrap`` sets on a paragraph: its layout at one width."""


class _Parse:
    """One parse of a markup in a style, and its layouts, shared by equal paragraphs."""

    __slots__ = ("bullet", "frags", "layouts", "text")

    def __init__(self, text: str, frags: list[Any], bullet: Any) -> None:
        self.text = text
        self.frags = frags
        self.bullet = bullet
        self.layouts: dict[float, dict[str, Any]] = {}
        """The paragraph's layout (:data:`_LAYOUT`) at each width it was wrapped to."""


_PARSED: WeakKeyDictionary[ParagraphStyle, dict[tuple[str, str | None], _Parse]] = (
    WeakKeyDictionary()
)
"""Parsed markup per style, kept as long as the style (one document's) is alive.

A report prints the same markup in the same style hundreds of times (labels, outcomes,
team names, the rule of each adjudication method): about two paragraphs in five repeat
one made before. Parsing and line breaking are the costliest parts of a paragraph, and
ReportLab changes neither a paragraph's fragments nor its lines once made (drawing reads
them; line breaking and splitting make new ones, see :meth:`Para.split`), so paragraphs of
the same markup, style and bullet share one parse, and one layout per width. The values
hold no reference to their style, so a document's entries go with its styles.
"""


def forget_parses(styles: Iterable[ParagraphStyle]) -> None:
    """Drop the shared parses and layouts of these styles, once their document is written.

    They would go with the styles anyway; dropping them as soon as the document is written
    spares the garbage collector, when it resumes, walking hundreds of thousands of
    objects nothing needs any more.
    """
    for style in styles:
        _PARSED.pop(style, None)


class Para(Paragraph):  # type: ignore[misc]
    """A ``Paragraph`` that reuses its line breaks when wrapped again at the same width.

    Given markup of more than :data:`MAX_LINES` lines, ``Para(...)`` returns a
    :class:`TextRun` of such paragraphs instead.
    """

    _laid_out_width: float | None = None
    _parse: _Parse | None = None
    _layout_shared = False
    text: str
    style: ParagraphStyle
    frags: list[Any]
    bulletText: Any  # noqa: N815 - ReportLab's name

    def __new__(cls, text: str = "", *args: Any, **kwargs: Any) -> Any:
        """A paragraph, or a :class:`TextRun` of paragraphs for a text of many lines."""
        if isinstance(text, str) and text.count(_BREAK) >= MAX_LINES:
            return TextRun.of(text, *args, **kwargs)
        return super().__new__(cls)

    def _setup(
        self,
        text: str,
        style: ParagraphStyle,
        bulletText: Any,  # noqa: N803 - ReportLab's name
        frags: list[Any] | None,
        cleaner: Callable[[str], str],
    ) -> None:
        """Parse the markup, or take the parse of the same markup in the same style."""
        if (
            frags is not None
            or self.caseSensitive != 1
            or not isinstance(text, str)
            or not (bulletText is None or isinstance(bulletText, str))
        ):
            super()._setup(text, style, bulletText, frags, cleaner)
            return
        parsed = _PARSED.get(style)
        if parsed is None:
            parsed = _PARSED.setdefault(style, {})
        key = (text, bulletText)
        known = parsed.get(key)
        if known is None:
            super()._setup(text, style, bulletText, None, cleaner)
            if self.style is style:  # a <para> tag with attributes makes a style of its own
                parsed[key] = self._parse = _Parse(self.text, self.frags, self.bulletText)
            return
        self._parse = known
        self.text, self.frags, self.bulletText = known.text, known.frags, known.bullet
        self.style = style
        self.debug = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """Size at this width (the line breaks are computed once per width and parse)."""
        if availWidth == self._laid_out_width and getattr(self, "blPara", None) is not None:
            return self.width, self.height
        shared = self._parse if self.style.wordWrap is None else None  # not RTL nor CJK
        layout = shared.layouts.get(availWidth) if shared is not None else None
        if layout is not None:
            self.__dict__.update(layout)
            self._laid_out_width = availWidth
            self._layout_shared = True
            return self.width, self.height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._laid_out_width = availWidth
        self._layout_shared = False
        if shared is not None and "blPara" in self.__dict__:
            shared.layouts[availWidth] = {
                k: self.__dict__[k] for k in _LAYOUT if k in self.__dict__
            }
            self._layout_shared = True
        return size

    def beginText(self, x: float, y: float) -> Any:  # noqa: N802 - ReportLab's name
        """The text object the paragraph is drawn with (kept until :meth:`draw` ends)."""
        text = self.canv.beginText(x, y)
        self._drawn_text = text
        return text

    def draw(self) -> None:
        """Draw the paragraph, leaving no reference cycle behind.

        ReportLab draws a paragraph of several fragments with a text object that holds a
        method bound to itself: a cycle only the garbage collector frees. Reports are
        built with the collector paused (:mod:`wargame.report.memory`), so the cycle is
        broken here and the text object is freed at once.
        """
        super().draw()
        text = self.__dict__.pop("_drawn_text", None)
        if text is not None:
            text.__dict__.pop("_do_line", None)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """Split across frames, on lines of this paragraph's own.

        Splitting may retouch the last word before the cut (a soft hyphen's), so a
        paragraph whose layout is shared lays itself out anew first.
        """
        if self._layout_shared and self._parse is not None:
            width = self._laid_out_width if self._laid_out_width is not None else availWidth
            for name in _LAYOUT:
                self.__dict__.pop(name, None)
            self.frags = self._parse.frags
            self._layout_shared = False
            Paragraph.wrap(self, width, availHeight)
        parts: list[Flowable] = super().split(availWidth, availHeight)
        return parts


def split_lines(markup: str, size: int = RUN_LINES) -> list[str]:
    """Markup cut at every ``size``-th ``<br/>``, each piece well formed.

    Tags open across a cut (``<b>``, ``<font …>``) are closed at the end of one piece and
    opened again at the start of the next, so each piece prints as its part of the whole.
    """
    pieces: list[str] = []
    open_tags: list[tuple[str, str]] = []  # (name, the opening tag as written)
    start = 0
    head = ""
    lines = 0
    for found in _TAG.finditer(markup):
        closing, name, empty = found.group(1), found.group(2).lower(), found.group(3)
        if name == "br":
            lines += 1
            if lines % size == 0:
                tails = "".join(f"</{n}>" for n, _ in reversed(open_tags))
                pieces.append(head + markup[start : found.start()] + tails)
                head = "".join(tag for _, tag in open_tags)
                start = found.end()
        elif closing:
            if open_tags and open_tags[-1][0] == name:
                open_tags.pop()
        elif not empty:
            open_tags.append((name, found.group(0)))
    pieces.append(head + markup[start:])
    return pieces


class TextRun(Flowable):  # type: ignore[misc]
    """Consecutive paragraphs that together lay out like one: one text of many lines.

    Works wherever a paragraph does — in the story, in a panel, in a table cell — and
    splits across pages between its paragraphs or inside one of them.
    """

    def __init__(self, parts: list[Flowable]) -> None:
        super().__init__()
        self._parts = parts
        self._heights: list[float] = []

    @classmethod
    def of(cls, markup: str, style: ParagraphStyle, *args: Any, **kwargs: Any) -> TextRun:
        """The run of paragraphs for ``markup`` in ``style`` (bullet on the first)."""
        pieces = split_lines(markup)
        inner = ParagraphStyle(f"{style.name}~inner", parent=style, spaceBefore=0, spaceAfter=0)
        first = ParagraphStyle(f"{style.name}~first", parent=style, spaceAfter=0)
        last = ParagraphStyle(f"{style.name}~last", parent=style, spaceBefore=0)
        parts: list[Flowable] = []
        for i, piece in enumerate(pieces):
            kind = first if i == 0 else last if i == len(pieces) - 1 else inner
            if i == 0:
                parts.append(Para(piece, kind, *args, **kwargs))
            else:
                parts.append(Para(piece, kind))
        return cls(parts)

    def getSpaceBefore(self) -> float:  # noqa: N802 - ReportLab's name
        """The space before the first paragraph."""
        return float(self._parts[0].getSpaceBefore())

    def getSpaceAfter(self) -> float:  # noqa: N802 - ReportLab's name
        """The space after the last paragraph."""
        return float(self._parts[-1].getSpaceAfter())

    def minWidth(self) -> float:  # noqa: N802 - ReportLab's name
        """The widest of the paragraphs' least widths."""
        return max(float(p.minWidth()) for p in self._parts)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """The paragraphs' total height at this width (each laid out once)."""
        sizes = [p.wrap(availWidth, availHeight) for p in self._parts]
        self._heights = [h for _, h in sizes]
        self.width = max([w for w, _ in sizes] + [0])
        self.height = sum(self._heights)
        return self.width, self.height

    def draw(self) -> None:
        """Draw the paragraphs top to bottom."""
        y = self.height
        for part, height in zip(self._parts, self._heights, strict=True):
            y -= height
            part.drawOn(self.canv, 0, y)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """What fits in ``availHeight`` and the rest, cutting between or inside paragraphs."""
        used = 0.0
        for index, part in enumerate(self._parts):
            _, height = part.wrap(availWidth, availHeight)
            if used + height <= availHeight:
                used += height
                continue
            pieces = part.split(availWidth, availHeight - used)
            before = self._parts[:index]
            after = self._parts[index + 1 :]
            if len(pieces) == 2:
                before, after = [*before, pieces[0]], [pieces[1], *after]
            else:
                after = [part, *after]
            if not before:
                return []
            return [TextRun(before), TextRun(after)]
        return [self]
