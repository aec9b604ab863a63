"""A thin Qt table model over a tuple of read models, described by its columns.

The game layer's read models are frozen dataclasses; a view shows a sequence of them.
:class:`RecordTableModel` adapts such a sequence to ``QAbstractTableModel`` and nothing
more (the napari ``_base_item_model`` habit): each :class:`Column` says how to show one
attribute. Setting new rows resets the model; the views keep their selection by record id.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QHeaderView, QTableView
from typing_extensions import override

R = TypeVar("R")

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
"""The role under which a row's read model is returned."""

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[R]):
    """How one column shows a record."""

    title: str
    text: Callable[[R], str]
    tooltip: Callable[[R], str] | None = None
    foreground: Callable[[R], QColor | None] | None = None
    decoration: Callable[[R], QColor | None] | None = None
    bold: Callable[[R], bool] | None = None
    align_right: bool = False


class RecordTableModel(QAbstractTableModel, Generic[R]):
    """Rows of read models, columns described by :class:`Column`."""

    def __init__(self, columns: Sequence[Column[R]], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._rows: tuple[R, ...] = ()

    def set_rows(self, rows: Sequence[R]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def rows(self) -> tuple[R, ...]:
        """The rows shown."""
        return self._rows

    def record(self, row: int) -> R:
        """The read model of a row."""
        return self._rows[row]

    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of rows (flat model)."""
        return 0 if parent.isValid() else len(self._rows)

    @override
    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of columns."""
        return 0 if parent.isValid() else len(self._columns)

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """What a cell shows for a role."""
        if not index.isValid():
            return None
        record = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(record)
        if role == RECORD_ROLE:
            return record
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(record)
        if role == Qt.ItemDataRole.ForegroundRole and column.foreground is not None:
            return column.foreground(record)
        if role == Qt.ItemDataRole.DecorationRole and column.decoration is not None:
            return column.decoration(record)
        if role == Qt.ItemDataRole.FontRole and column.bold is not None and column.bold(record):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def fit_columns(table: QTableView, *, keep: Collection[int] = ()) -> None:
    """Size each column of ``table`` to what it shows now, but stretched ones and ``keep``.

    Used instead of Qt's ``ResizeToContents`` mode, which measures every row again at each
    layout pass (each resize of a dock, the restored layout): call this when the rows
    change, and the columns are measured once per change. A person may widen a column by
    hand until the rows change again.
    """
    header = table.horizontalHeader()
    for column in range(header.count()):
        mode = header.sectionResizeMode(column)
        if column not in keep and mode == QHeaderView.ResizeMode.Interactive:
            table.resizeColumnToContents(column)


def fit_columns_to_rows(table: QTableView, *, keep: Collection[int] = ()) -> None:
    """Size ``table``'s columns to their contents now and whenever its rows are replaced.

    See :func:`fit_columns`.
    """
    table.model().modelReset.connect(lambda: fit_columns(table, keep=keep))
    fit_columns(table, keep=keep)
