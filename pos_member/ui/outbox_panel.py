"""The counter's outbox: registrations waiting to be sent, and those that need the cashier."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_member.i18n import QT_TR_NOOP, tr
from pos_member.outbox import Item, Outbox

from . import style

STATE_TEXT = {
    "pending": QT_TR_NOOP("Waiting to send"),
    "sending": QT_TR_NOOP("Sending…"),
    "attention": QT_TR_NOOP("Needs you"),
    "delivered": QT_TR_NOOP("Sent"),
}


class OutboxPanel(QDialog):
    fixRequested = Signal(object)   # Item
    sendNow = Signal()

    def __init__(self, outbox: Outbox, parent: QWidget | None = None):
        super().__init__(parent)
        self.outbox = outbox
        self.setWindowTitle(tr("Outbox: registrations on this counter"))
        self.setStyleSheet(style.APP_QSS)
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        explain = QLabel(tr("Registrations made while Stamps could not be reached are kept here and sent automatically. Those marked “Needs you” were refused: fix them and send again."))
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([tr("Customer"), tr("State"), tr("Saved"), tr("Reason")])
        self.table.setAccessibleName(tr("Outbox registrations"))
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.send_button = QPushButton(tr("Send now"))
        self.send_button.clicked.connect(self._send)
        self.fix_button = QPushButton(tr("Fix and send again"))
        self.fix_button.setObjectName("primary")
        self.fix_button.clicked.connect(self._fix)
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.accept)
        row.addWidget(self.send_button)
        row.addStretch(1)
        row.addWidget(self.fix_button)
        row.addWidget(close)
        layout.addLayout(row)
        self.items: list[Item] = []
        outbox.on_change(self.refresh)
        self.finished.connect(lambda _result: outbox.off_change(self.refresh))
        self.refresh()

    def refresh(self) -> None:
        self.items = ([i for i in self.outbox.items() if i.state != "delivered"]
                      + self.outbox.items("delivered")[-10:])
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            saved = dt.datetime.fromtimestamp(item.created).strftime("%d-%m %H:%M")
            who = item.label if item.state != "delivered" else tr("Member {card}").format(card=item.result.get("card") or item.result.get("user_id") or "")
            cells = [who, tr(STATE_TEXT.get(item.state, item.state)), saved, tr(item.error or "")]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if item.state == "attention":
                    cell.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(row, column, cell)
        self.table.resizeColumnsToContents()
        self._selection()

    def selected(self) -> Item | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def _selection(self) -> None:
        item = self.selected()
        self.fix_button.setEnabled(item is not None and item.state == "attention")
        self.send_button.setEnabled(any(i.state == "pending" for i in self.items))

    def _send(self) -> None:
        self.outbox.retry_now()
        self.sendNow.emit()

    def _fix(self) -> None:
        item = self.selected()
        if item is not None and item.state == "attention":
            self.fixRequested.emit(item)
            self.accept()
