"""File › Print…: the after-action report, a briefing pack or blank move forms, previewed.

The document is the same PDF the app writes (in the paper of the printer's default page
size, A4 or US Letter); its pages are rendered by PDFium (pypdfium2) into Qt's print
preview and onto the printer, one bitmap per page at the printer's resolution. Nothing
lays the report out a second time.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QInputDialog, QWidget

from wargame.game import Game, GameError, Viewer
from wargame.report import ReportError, build_after_action_report, build_briefing
from wargame.report.forms import build_move_forms

MAX_DPI = 300
"""Pages are rendered at the printer's resolution, at most this (a preview needs far less)."""
REPORT = "After-action report"
FORMS = "Blank move forms (one per team)"


def default_paper(printer: QPrinter | None = None) -> str:
    """'letter' when the default printer's (or this printer's) page is US Letter, else 'a4'."""
    if printer is not None:
        size = printer.pageLayout().pageSize()
    else:
        info = QPrinterInfo.defaultPrinter()
        size = info.defaultPageSize() if not info.isNull() else QPageSize(QPageSize.PageSizeId.A4)
    letter = {QPageSize.PageSizeId.Letter, QPageSize.PageSizeId.Legal}
    return "letter" if size.id() in letter else "a4"


def new_printer() -> QPrinter:
    """A printer on the default printer, its page A4 or US Letter as that printer prefers."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    paper = default_paper()
    page = QPageSize.PageSizeId.Letter if paper == "letter" else QPageSize.PageSizeId.A4
    printer.setPageSize(QPageSize(page))
    return printer


def print_pdf(printer: QPrinter, path: Path) -> int:
    """Render every page of the PDF at ``path`` onto ``printer``; return the pages printed."""
    document = pdfium.PdfDocument(str(path))
    try:
        painter = QPainter()
        if not painter.begin(printer):
            return 0
        try:
            dpi = min(printer.resolution(), MAX_DPI)
            area = printer.pageLayout().paintRectPixels(printer.resolution())
            for number in range(len(document)):
                if number:
                    printer.newPage()
                image = _page_image(document[number], dpi)
                painter.drawImage(_fitted(image, QRect(0, 0, area.width(), area.height())), image)
        finally:
            painter.end()
        return len(document)
    finally:
        document.close()


def _page_image(page: pdfium.PdfPage, dpi: int) -> QImage:
    bitmap = page.render(scale=dpi / 72, may_draw_forms=False)
    try:
        pil = bitmap.to_pil().convert("RGB")
    finally:
        bitmap.close()
        page.close()
    data = pil.tobytes("raw", "RGB")
    image = QImage(data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888)
    return image.copy()  # own the pixels: ``data`` is freed when this returns


def _fitted(image: QImage, area: QRect) -> QRect:
    size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
    left = area.left() + (area.width() - size.width()) // 2
    top = area.top() + (area.height() - size.height()) // 2
    return QRect(left, top, size.width(), size.height())


def page_count(path: Path) -> int:
    """How many pages the PDF has."""
    document = pdfium.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


class PdfPrintPreview(QPrintPreviewDialog):
    """Qt's print preview of a PDF file, its pages rendered by PDFium."""

    def __init__(self, path: Path, printer: QPrinter, parent: QWidget | None = None) -> None:
        super().__init__(printer, parent)
        self.kept_printer = printer  # Qt does not own it: it must live as long as the dialog
        self.path = path
        self.setWindowTitle(f"Print preview — {path.name}")
        self.pages_printed = 0
        self.paintRequested.connect(self._paint)

    def _paint(self, printer: QPrinter) -> None:
        self.pages_printed = print_pdf(printer, self.path)


def documents(game: Game) -> list[str]:
    """What File › Print… offers for this game."""
    teams = [f"Briefing pack: {t.name}" for t in game.scenario.teams]
    return [REPORT, *teams, FORMS]


def write_document(game: Game, choice: str, folder: Path, paper: str) -> Path:
    """Write the chosen document as a PDF in ``folder`` (in ``paper``) and return its path.

    Raises:
        ReportError: The document cannot be written, or the game's record read.
    """
    try:
        if choice == REPORT:
            viewer = Viewer.facilitator()
            record = game.queries().record(viewer)
            analysis = game.analysis().record(viewer)
            out = folder / "after-action-report.pdf"
            return build_after_action_report(
                record, game.scenario, out, paper=paper, analysis=analysis
            ).path
        if choice == FORMS:
            return build_move_forms(game.scenario, folder / "move-forms.pdf", paper=paper).path
        for team in game.scenario.teams:
            if choice == f"Briefing pack: {team.name}":
                record = game.queries().record(Viewer.team(team.id))
                out = folder / f"briefing-{team.id}.pdf"
                return build_briefing(record, game.scenario, team.id, out, paper=paper).path
    except GameError as exc:
        raise ReportError(f"the game record cannot be read: {exc}") from None
    raise ReportError(f"there is nothing called '{choice}' to print")


def print_with_preview(parent: QWidget, game: Game) -> PdfPrintPreview | None:
    """Ask what to print, write it in the printer's paper, and open the print preview."""
    choice, ok = QInputDialog.getItem(
        parent, "Print", "What do you want to print?", documents(game), 0, False
    )
    if not ok:
        return None
    printer = new_printer()
    folder = Path(tempfile.mkdtemp(prefix="wargame-print-"))
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        path = write_document(game, choice, folder, default_paper(printer))
    finally:
        QGuiApplication.restoreOverrideCursor()
    preview = PdfPrintPreview(path, printer, parent)
    preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    preview.open()
    return preview
