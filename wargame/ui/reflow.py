"""A layout that reflows its items into as many equal columns as its width allows.

The state board uses it for its tracks and red lines: one column in a narrow dock, two or
three side by side on the projector, so that a board with many red lines fits a screen
without scrolling. Heights follow the width (word-wrapped labels grow taller when their
column narrows), so the layout answers ``heightForWidth`` and scroll areas and the
projector's fitting can ask how tall it will be at a given width.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget
from typing_extensions import override


class ColumnsLayout(QLayout):
    """Items in rows of equal columns, each column at least ``min_column_width`` wide."""

    def __init__(
        self, min_column_width: int, parent: QWidget | None = None, *, spacing: int = 6
    ) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.min_column_width = max(1, min_column_width)
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    @override
    def addItem(self, item: QLayoutItem) -> None:
        """Append an item (``addWidget`` ends up here)."""
        self._items.append(item)
        self.invalidate()

    @override
    def count(self) -> int:
        """How many items."""
        return len(self._items)

    @override
    def itemAt(self, index: int) -> QLayoutItem | None:
        """The item at ``index``, or None past the end."""
        return self._items[index] if 0 <= index < len(self._items) else None

    @override
    def takeAt(self, index: int) -> QLayoutItem | None:
        """Remove and return the item at ``index``."""
        if not 0 <= index < len(self._items):
            return None
        item = self._items.pop(index)
        self.invalidate()
        return item

    @override
    def expandingDirections(self) -> Qt.Orientation:
        """Grows in neither direction by itself: its height follows its width."""
        return Qt.Orientation(0)

    @override
    def hasHeightForWidth(self) -> bool:
        """Yes: fewer columns make it taller."""
        return True

    @override
    def heightForWidth(self, width: int) -> int:
        """The height the items take at ``width``."""
        return self._arrange(QRect(0, 0, width, 0), place=False)

    @override
    def sizeHint(self) -> QSize:
        """One column's width, and the height of one column."""
        margins = self.contentsMargins()
        width = self.min_column_width + margins.left() + margins.right()
        return QSize(width, self.heightForWidth(width))

    @override
    def minimumSize(self) -> QSize:
        """As narrow as its narrowest-possible item, as short as all in one row.

        A panel squeezed below one column's width still shows everything, wrapped more.
        """
        margins = self.contentsMargins()
        narrowest = max((i.minimumSize().width() for i in self._items), default=0)
        width = min(self.min_column_width, narrowest) + margins.left() + margins.right()
        return QSize(width, self._arrange(QRect(0, 0, 1 << 20, 0), place=False))

    @override
    def setGeometry(self, rect: QRect) -> None:
        """Place the items within ``rect``."""
        super().setGeometry(rect)
        self._arrange(rect, place=True)

    def columns(self, width: int) -> int:
        """How many columns fit in ``width`` (at least one, at most one per item)."""
        margins = self.contentsMargins()
        inner = width - margins.left() - margins.right()
        space = self.spacing()
        fit = (inner + space) // (self.min_column_width + space)
        return max(1, min(len(self._items) or 1, fit))

    def _arrange(self, rect: QRect, *, place: bool) -> int:
        margins = self.contentsMargins()
        inner = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        items = [i for i in self._items if not i.isEmpty()]
        if not items:
            return 0
        space = self.spacing()
        columns = self.columns(rect.width())
        column_width = max(1, (inner.width() - space * (columns - 1)) // columns)
        y = inner.top()
        for start in range(0, len(items), columns):
            row = items[start : start + columns]
            height = max(_height(item, column_width) for item in row)
            if place:
                for k, item in enumerate(row):
                    x = inner.left() + k * (column_width + space)
                    item.setGeometry(QRect(x, y, column_width, height))
            y += height + space
        return y - space - inner.top() + margins.top() + margins.bottom()


def _height(item: QLayoutItem, width: int) -> int:
    if item.hasHeightForWidth():
        return item.heightForWidth(width)
    return max(item.sizeHint().height(), item.minimumSize().height())
