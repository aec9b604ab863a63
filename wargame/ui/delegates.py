"""A list item drawn as a bold title over a grey second line (recent games, scenarios)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem
from typing_extensions import override

SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 40
"""The role holding an item's second line."""

PADDING = 6


class TwoLineDelegate(QStyledItemDelegate):
    """Title (the display text) in bold, the subtitle below it, both elided to the width."""

    @override
    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """Two lines of text and some padding."""
        height = QFontMetrics(option.font).height()
        return QSize(200, 2 * height + 2 * PADDING + 2)

    @override
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Background by the style, then the two lines."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        enabled = bool(opt.state & QStyle.StateFlag.State_Enabled)
        group = QPalette.ColorGroup.Normal if enabled else QPalette.ColorGroup.Disabled
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        colour = opt.palette.color(group, role)
        rect = opt.rect.adjusted(PADDING + 2, PADDING, -PADDING, -PADDING)
        bold = QFont(opt.font)
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        line = metrics.height()
        painter.save()
        painter.setFont(bold)
        painter.setPen(colour)
        painter.drawText(
            QRect(rect.left(), rect.top(), rect.width(), line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(title, Qt.TextElideMode.ElideRight, rect.width()),
        )
        subtitle = str(index.data(SUBTITLE_ROLE) or "")
        painter.setFont(opt.font)
        sub_colour = (
            colour if selected else opt.palette.color(group, QPalette.ColorRole.PlaceholderText)
        )
        painter.setPen(sub_colour)
        painter.drawText(
            QRect(rect.left(), rect.top() + line + 2, rect.width(), line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(opt.font).elidedText(subtitle, Qt.TextElideMode.ElideMiddle, rect.width()),
        )
        painter.restore()
