"""The page machinery shared by every report: paper, banners, page numbers, contents, outline.

:class:`ReportDocument` is a ReportLab ``BaseDocTemplate`` with two page templates (cover
and body). Every page carries the classification banner at its top and bottom edges and
"Page X of Y" in its footer. Headings made with :func:`heading` become PDF bookmarks
(the outline) and entries of the table of contents.

The document is built with ``multiBuild``. Numbers that are only known once every page
has been laid out — the total page count and the page of each contents entry — are drawn
as PDF form XObjects that the pages reference and that are defined just before the file
is saved. The contents are seeded with their entries before the first pass, so they take
their final height at once; a single pass is then enough, and ``multiBuild`` only runs
another pass if the headings it met differ from those seeded.
"""

from __future__ import annotations

import copy
from ast import literal_eval
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Frame, PageTemplate, Paragraph
from reportlab.platypus.doctemplate import BaseDocTemplate, IndexingFlowable
from reportlab.platypus.tableofcontents import TableOfContents

from wargame import __version__
from wargame.report.errors import ReportError
from wargame.report.fonts import BOLD, REGULAR
from wargame.report.memory import paused_collector
from wargame.report.paragraph import forget_parses
from wargame.report.styles import INK, MUTED, RULE, Styles, table_style
from wargame.report.text import fit, plain

Paper = Literal["a4", "letter"]
PAPER_SIZES: dict[str, tuple[float, float]] = {"a4": A4, "letter": letter}

BANNER_HEIGHT = 13.0
MARGIN_X = 18 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 22 * mm


def page_size(paper: str) -> tuple[float, float]:
    """The page size in points of ``"a4"`` or ``"letter"``.

    Raises:
        ReportError: For any other paper.
    """
    try:
        return PAPER_SIZES[paper.lower()]
    except KeyError:
        raise ReportError(f"unknown paper '{paper}'; use a4 or letter") from None


def banner_colour(classification: str) -> colors.Color:
    """The conventional colour of a classification marking's banner.

    Green for unclassified, blue for confidential, red for secret, orange for top secret,
    purple for controlled unclassified information; dark grey for anything else (for
    instance the UK's OFFICIAL), so that an unusual marking is still legible.
    """
    text = classification.upper()
    if "TOP SECRET" in text:
        return colors.HexColor("#d9822b")
    if "SECRET" in text:
        return colors.HexColor("#c8102e")
    if "CONFIDENTIAL" in text:
        return colors.HexColor("#0033a0")
    if text.startswith(("CUI", "CONTROLLED")):
        return colors.HexColor("#502b85")
    if text.startswith("UNCLASSIFIED"):
        return colors.HexColor("#007a33")
    return colors.HexColor("#3d4450")


@dataclass(frozen=True)
class Outline:
    """Where a heading goes in the PDF outline and the table of contents.

    Attributes:
        title: The plain-text title shown in the outline (bookmarks panel).
        level: Outline level, 0 for a section; a level may only be one deeper than the
            heading before it.
        key: The bookmark name, unique in the document.
        contents: Whether the heading is listed in the table of contents.
        section: Whether the running header shows this heading as the current section.
    """

    title: str
    level: int
    key: str
    contents: bool = True
    section: bool = True


class Headings:
    """Makes headings with unique bookmark keys for one document."""

    def __init__(self, styles: Styles) -> None:
        self._styles = styles
        self._count = 0

    def __call__(
        self,
        markup_text: str,
        level: int,
        *,
        title: str,
        contents: bool = True,
        style_level: int | None = None,
        section: bool | None = None,
    ) -> Paragraph:
        """A heading paragraph carrying its :class:`Outline`.

        Args:
            markup_text: The heading as paragraph markup (already escaped).
            level: Outline level (0 = section, 1 = subsection …).
            title: The same heading as plain text, for the outline.
            contents: List it in the table of contents.
            style_level: Which heading style to use (defaults to ``level``).
            section: Show it in the running header (defaults to levels 0 and 1).
        """
        self._count += 1
        styles = (self._styles.h1, self._styles.h2, self._styles.h3, self._styles.h4)
        style = styles[min(style_level if style_level is not None else level, 3)]
        para = Paragraph(markup_text, style)
        para.outline = Outline(
            plain(title, 120),
            level,
            f"h{self._count}",
            contents,
            section if section is not None else level <= 1,
        )
        return para


class ReportContents(TableOfContents):  # type: ignore[misc]
    """A table of contents whose page numbers are filled in when the file is saved.

    It is seeded with its entries before the first pass, draws each page number as a form
    XObject, and is satisfied when the same headings were met in the same order, whatever
    their pages — so one layout pass is enough.
    """

    number_width = 34.0

    def __init__(self, styles: Styles) -> None:
        super().__init__(
            levelStyles=list(styles.toc),
            dotsMinLevel=0,
            rightColumnWidth=40,
            tableStyle=table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            ),
        )

    def isSatisfied(self) -> bool:  # noqa: N802 - ReportLab's name
        """Satisfied when the headings met match those drawn (pages are resolved later)."""

        def shape(entries: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
            return [(e[0], e[1], e[3]) for e in entries]

        return shape(self._entries) == shape(self._lastEntries)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """Lay the entries out; page numbers are drawn by :meth:`_entry_end`."""
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        width = availWidth

        def entry_end(canvas: Any, kind: str, label: str) -> None:
            self._entry_end(canvas, label, width)

        self.canv.setNamedCB("drawTOCEntryEnd", entry_end)
        return size

    def _entry_end(self, canvas: Any, label: str, width: float) -> None:
        page_text, level_text, key_text = label.split(",", 2)
        level = int(level_text)
        key = literal_eval(key_text)
        style = self.getLevelStyle(level)
        x = canvas._curr_tx_info["cur_x"]
        y = canvas._curr_tx_info["cur_y"]
        dot = " . "
        dot_width = stringWidth(dot, style.fontName, style.fontSize)
        free = width - self.number_width - x - 4
        count = int(free / dot_width) if dot_width else 0
        if count > 0:
            canvas.saveState()
            canvas.setFillColor(RULE)
            canvas.setFont(style.fontName, style.fontSize)
            canvas.drawRightString(width - self.number_width - 2, y, dot * count)
            canvas.restoreState()
        if key:
            canvas.saveState()
            canvas.translate(width, y)
            canvas.doForm(f"toc-{key}")
            canvas.restoreState()
            canvas.linkRect(
                "",
                key,
                (width - self.number_width, y - 2, width, y + style.leading - 2),
                relative=1,
            )
        del page_text

    def define_forms(self, canvas: Any) -> None:
        """Define the page number of every entry met in this pass."""
        for level, _text, page, key in self._entries:
            if not key:
                continue
            style = self.getLevelStyle(level)
            canvas.beginForm(f"toc-{key}", -self.number_width, -4, 0, style.leading)
            canvas.setFont(style.fontName, style.fontSize)
            canvas.setFillColor(style.textColor)
            canvas.drawRightString(0, 0, str(page))
            canvas.endForm()


class _Finisher(IndexingFlowable):  # type: ignore[misc]
    """Zero-size: after each pass, defines the forms that hold late-known numbers."""

    _ZEROSIZE = 1

    def __init__(self, doc: ReportDocument) -> None:
        super().__init__()
        self._doc = doc
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        pass

    def isSatisfied(self) -> bool:  # noqa: N802 - ReportLab's name
        return True

    def afterBuild(self) -> None:  # noqa: N802 - ReportLab's name
        self._doc.define_late_forms()


class ReportDocument(BaseDocTemplate):  # type: ignore[misc]
    """A report: cover and body page templates, banners, page numbers, outline, contents.

    Args:
        target: The PDF file to write.
        paper: ``"a4"`` or ``"letter"``.
        styles: The report's styles.
        title: Document title (metadata, header).
        subject: Document subject (metadata).
        author: Document author (metadata).
        classification: The marking printed in the banners.
        edition: A short label for the running header (e.g. "Facilitator edition").
        footer_note: Text at the left of the footer.
        keywords: Document keywords (metadata).
    """

    def __init__(
        self,
        target: Path,
        *,
        paper: str,
        styles: Styles,
        title: str,
        subject: str,
        author: str,
        classification: str,
        edition: str,
        footer_note: str,
        keywords: Sequence[str] = (),
    ) -> None:
        size = page_size(paper)
        super().__init__(
            str(target),
            pagesize=size,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=plain(title),
            author=plain(author),
            subject=plain(subject),
            creator=f"wargame {__version__}",
            keywords=[plain(k) for k in keywords],
            initialFontName=REGULAR,
            initialFontSize=9.5,
            lang="en",
            displayDocTitle=1,
        )
        self.styles = styles
        self.classification = plain(classification) or "UNMARKED"
        self.edition = plain(edition)
        self.running_title = plain(title, 90)
        self.footer_note = plain(footer_note, 90)
        self.contents: ReportContents | None = None
        self._section = ""
        self._section_on_page = ""
        self._pages = 0
        self.passes = 0
        body = _Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        cover = _Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="cover",
            leftPadding=0,
            rightPadding=0,
            topPadding=18 * mm,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate(
                    "cover",
                    [cover],
                    onPage=self._page_start,
                    onPageEnd=self._cover_end,
                    pagesize=size,
                ),
                PageTemplate(
                    "body", [body], onPage=self._page_start, onPageEnd=self._body_end, pagesize=size
                ),
            ]
        )

    # ------------------------------------------------------------------ building

    def build_story(self, story: list[Flowable], contents: ReportContents | None = None) -> int:
        """Lay out and write the story; return the number of pages.

        Raises:
            OSError: If the file cannot be written (:class:`AtomicFile` says which).
        """
        self.contents = contents
        if contents is not None:
            contents.addEntries(
                [
                    (f.outline.level, _toc_markup(f), 0, f.outline.key)
                    for f in _headings_in(story)
                    if f.outline.contents
                ]
            )
        try:
            with paused_collector():
                self.passes = self.multiBuild([_Finisher(self), *story], maxPasses=4)
        finally:
            forget_parses(self.styles.every())
        return self._pages

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - ReportLab's name
        """Register headings: bookmark, outline entry, contents entry, running header."""
        outline: Outline | None = getattr(flowable, "outline", None)
        if outline is None:
            return
        top = self.frame._y + flowable.height + 6
        self.canv.bookmarkPage(outline.key, fit="XYZ", left=0, top=top)
        self.canv.addOutlineEntry(
            outline.title, outline.key, level=outline.level, closed=outline.level >= 1
        )
        if outline.contents:
            self.notify("TOCEntry", (outline.level, _toc_markup(flowable), self.page, outline.key))
        if outline.section:
            if not self._section_on_page:
                self._section_on_page = outline.title
            self._section = outline.title

    def define_late_forms(self) -> None:
        """Define the page-number and contents forms once every page is laid out."""
        canvas = self.canv
        total = self._pages
        for number in range(1, total + 1):
            canvas.beginForm(f"pn-{number}", -200, -3, 0, 10)
            canvas.setFont(REGULAR, 7.5)
            canvas.setFillColor(INK)
            canvas.drawRightString(0, 0, f"Page {number} of {total}")
            canvas.endForm()
        if self.contents is not None:
            self.contents.define_forms(canvas)
        canvas.showOutline()

    # ------------------------------------------------------------------ page furniture

    def _page_start(self, canvas: Any, doc: Any) -> None:
        self._pages = self.page
        self._section_on_page = ""

    def _cover_end(self, canvas: Any, doc: Any) -> None:
        self._furniture(canvas, header=False)

    def _body_end(self, canvas: Any, doc: Any) -> None:
        self._furniture(canvas, header=True)

    def _furniture(self, canvas: Any, *, header: bool) -> None:
        width, height = self.pagesize
        left, right = self.leftMargin, width - self.rightMargin
        canvas.saveState()
        if not canvas.hasForm(_FURNITURE):
            self._define_furniture(canvas)
        canvas.doForm(_FURNITURE)  # what every page shows alike, written to the file once
        if header:
            y = height - BANNER_HEIGHT - 16
            canvas.setFont(REGULAR, 7.5)
            canvas.setFillColor(MUTED)
            section = self._section_on_page or self._section
            right_text = fit(
                f"{section}  ·  {self.edition}" if section else self.edition,
                REGULAR,
                7.5,
                (right - left) * 0.55,
            )
            canvas.drawRightString(right, y, right_text)
            title_room = right - left - stringWidth(right_text, REGULAR, 7.5) - 12
            canvas.drawString(left, y, fit(self.running_title, REGULAR, 7.5, title_room))
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.5)
            canvas.line(left, y - 4, right, y - 4)
        canvas.translate(right, BANNER_HEIGHT + 14)
        canvas.doForm(f"pn-{self.page}")
        canvas.restoreState()

    def _define_furniture(self, canvas: Any) -> None:
        """The classification banners and the footer's rule and note, as one form."""
        width, height = self.pagesize
        left, right = self.leftMargin, width - self.rightMargin
        canvas.beginForm(_FURNITURE)
        self._banner(canvas, height - BANNER_HEIGHT, width)
        self._banner(canvas, 0, width)
        y = BANNER_HEIGHT + 14
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(left, y + 10, right, y + 10)
        canvas.setFont(REGULAR, 7)
        canvas.setFillColor(MUTED)
        canvas.drawString(left, y, fit(self.footer_note, REGULAR, 7, (right - left) * 0.7))
        canvas.endForm()

    def _banner(self, canvas: Any, y: float, width: float) -> None:
        canvas.setFillColor(banner_colour(self.classification))
        canvas.rect(0, y, width, BANNER_HEIGHT, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        size = 7.5
        text = fit(self.classification, BOLD, size, width - 40)
        canvas.setFont(BOLD, size)
        canvas.drawCentredString(width / 2, y + (BANNER_HEIGHT - size) / 2 + 1.2, text)


_FURNITURE = "page-furniture"
"""The form every page draws: banners, footer rule and note (the same on every page)."""


class _Frame(Frame):  # type: ignore[misc]
    """A frame that copies itself cheaply.

    Platypus measures a group kept together (a heading and what follows it, a move's block)
    in a deep copy of the current frame, once per group: thousands of times in a long
    report. A frame holds numbers and, while content is being generated, a few lists and
    dictionaries; copying those and sharing the rest gives the same copy without walking
    every number through ``copy.deepcopy``.
    """

    def __deepcopy__(self, memo: dict[int, Any]) -> _Frame:
        clone: _Frame = object.__new__(type(self))
        state = clone.__dict__  # set directly: Frame.__setattr__ recomputes the geometry
        for key, value in self.__dict__.items():
            state[key] = copy.deepcopy(value, memo) if isinstance(value, list | dict) else value
        return clone


def _headings_in(story: Sequence[Flowable]) -> Iterator[Flowable]:
    """The headings of a story in order, including those kept together with what follows."""
    for flowable in story:
        if getattr(flowable, "outline", None) is not None:
            yield flowable
        content = getattr(flowable, "_content", None)  # KeepTogether and its kin
        if isinstance(content, list | tuple):
            yield from _headings_in(content)


def _toc_markup(flowable: Flowable) -> str:
    """The contents entry of a heading: its plain title, escaped (no swatches or styling)."""
    outline: Outline = flowable.outline
    return escape(outline.title)


@dataclass(frozen=True)
class BuiltReport:
    """A PDF written to disk, how many pages it has, and how many layout passes it took.

    One pass is the rule: the contents are seeded with their headings before the first
    pass, and late-known numbers are forms. A second pass means a heading escaped the
    seeding (and the report took twice as long).
    """

    path: Path
    pages: int
    passes: int = 1


class AtomicFile:
    """Write to ``NAME.part`` and move it over the target only once the build succeeded.

    A failed build never leaves half a PDF behind, and a report open in a viewer is
    replaced only by a complete one.
    """

    def __init__(self, target: Path) -> None:
        self.target = target
        self.partial = target.with_name(target.name + ".part")

    def __enter__(self) -> Path:
        if self.target.is_dir():
            raise ReportError(f"{self.target} is a folder; give a file name ending in .pdf")
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ReportError(
                f"cannot create the folder {self.target.parent}: {exc.strerror or exc}"
            ) from None
        return self.partial

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        if kind is not None:
            self.partial.unlink(missing_ok=True)
            if isinstance(exc, OSError):
                raise ReportError(f"cannot write {self.target}: {exc.strerror or exc}") from None
            return
        try:
            self.partial.replace(self.target)
        except OSError as error:
            self.partial.unlink(missing_ok=True)
            raise ReportError(
                f"cannot write {self.target}: {error.strerror or error} (is it "
                "open in another program?)"
            ) from None
