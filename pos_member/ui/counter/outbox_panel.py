"""The counter's outbox: registrations waiting to be sent, and those that need the cashier. A
refused one can be discarded behind the manager PIN, with a reason; its data is wiped at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_member.flows import format as fmt
from pos_member.flows.changes import prove_manager
from pos_member.flows.pin import ManagerPinGate
from pos_member.flows.problems import Problem, cause_words, failure_words, field_code_words, held_words
from pos_member.flows.quick import PartialCompletion
from pos_member.i18n import QT_TR_NOOP, tr
from pos_member.outbox import Item, Outbox, SetAside
from pos_member.ui.shared import style
from pos_member.ui.shared.fit import fit_screen
from pos_member.ui.shared.forms import Form
from pos_member.ui.shared.ops import Ops

STATE_TEXT = {
    "pending": QT_TR_NOOP("Waiting to send"),
    "sending": QT_TR_NOOP("Sending…"),
    "attention": QT_TR_NOOP("Needs you"),
    "delivered": QT_TR_NOOP("Sent"),
}


#: The state of an item found at Stamps already (the customer was a member): not "Sent".
ALREADY_MEMBER_STATE = QT_TR_NOOP("Already a member")
RECONCILED_TEXT = {
    True: QT_TR_NOOP("Was already at Stamps (found, not sent again)"),
    "completed": QT_TR_NOOP("Completed the quick-registered member"),
}


#: A quick registration sent from the outbox: nobody asked about promos (Stamps' defaults stand).
QUICK_NOT_ASKED = QT_TR_NOOP("Quick registration: promos not asked yet. Ask when the customer comes back "
                             "(Edit profile), or set them to no there.")


class OutboxPanel(QDialog):
    fixRequested = Signal(object)   # Item
    sendNow = Signal()
    #: A quick-registered member was completed with an item's details: the member's key.
    memberCompleted = Signal(object)

    def __init__(self, outbox: Outbox, parent: QWidget | None = None, *,
                 gate: ManagerPinGate | None = None, ops: Ops | None = None, client: Any = None,
                 names: dict[int, str] | None = None):
        super().__init__(parent)
        self.outbox, self.gate, self.ops, self.client = outbox, gate, ops, client
        #: Who each item was for, remembered in memory while it waited (a delivered item's
        #: details are wiped from the file): the name the cashier typed, for this run only.
        self.names = names if names is not None else {}
        self.setWindowTitle(tr("Outbox: registrations on this counter"))
        self.setStyleSheet(style.APP_QSS)
        fit_screen(self, 760, 420)
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
        self.complete_button = QPushButton(tr("Complete that member…"))
        self.complete_button.clicked.connect(self._ask_complete)
        self.complete_button.setVisible(False)
        self.discard_button = QPushButton(tr("Discard…"))
        self.discard_button.clicked.connect(self._ask_discard)
        self.discard_button.setVisible(gate is not None and ops is not None)
        row.addWidget(self.send_button)
        row.addStretch(1)
        row.addWidget(self.discard_button)
        row.addWidget(self.complete_button)
        row.addWidget(self.fix_button)
        row.addWidget(close)
        layout.addLayout(row)
        self.discard_box = self._discard_box()
        layout.addWidget(self.discard_box)
        self.complete_box = self._complete_box()
        layout.addWidget(self.complete_box)
        self._completing: Item | None = None
        self._discarding: Item | None = None
        self.items: list[Item] = []
        outbox.on_change(self.refresh)
        self.finished.connect(lambda _result: outbox.off_change(self.refresh))
        self.refresh()

    def refresh(self) -> None:
        was = self.selected()
        self.items = ([i for i in self.outbox.items() if i.state != "delivered"]
                      + self.outbox.items("delivered")[-10:])
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            saved = dt.datetime.fromtimestamp(item.created).strftime("%d-%m %H:%M")
            who = item.label if item.state != "delivered" else self.delivered_label(item)
            if item.state == "attention":  # the customer has left: how to reach them, on the row
                contact = " · ".join(x for x in (fmt.phone(item.payload.get("mobile_number")),
                                                 item.payload.get("email") or "") if x)
                who = f"{who}\n{contact}" if contact and contact != who else who
            state = tr(STATE_TEXT.get(item.state, item.state))
            if item.state == "delivered" and item.result.get("reconciled") is True:
                state = tr(ALREADY_MEMBER_STATE)  # not "Sent": nothing was sent, they were a member already
            cells = [who, state, saved, self.reason_of(item)]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)  # the whole reason, however narrow the window
                if item.state == "attention":
                    cell.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(row, column, cell)
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()  # a long reason wraps onto more lines, not cut
        # The row that looks chosen is the one the buttons act on: the one chosen before, else the
        # first that needs the cashier (a current row without a selection left Fix greyed out).
        again = next((r for r, i in enumerate(self.items) if was is not None and i.id == was.id), None)
        if again is None:
            again = next((r for r, i in enumerate(self.items) if i.state == "attention"), None)
        if again is not None:
            self.table.selectRow(again)
        self._selection()

    def delivered_label(self, item: Item) -> str:
        card = item.result.get("card") or item.result.get("user_id") or ""
        name = self.names.get(item.id) or item.result.get("name")  # kept in the file (older rows: none)
        if name:
            return tr("{name} (member {card})").format(name=name, card=card)
        return tr("Member {card}").format(card=card)

    @staticmethod
    def reason_of(item: Item) -> str:
        if item.state == "delivered":
            reconciled = item.result.get("reconciled")
            if reconciled in RECONCILED_TEXT:
                return tr(RECONCILED_TEXT[reconciled])
            return tr(QUICK_NOT_ASKED) if item.kind == "partial" else ""
        coded = [field_code_words(v) for v in item.error_fields.values() if field_code_words(v)]
        if coded:
            return coded[0]
        # Waiting to be sent by itself: why, without advice (the outbox does the trying again).
        return held_words(item.error) if item.state in ("pending", "sending") else failure_words(item.error)

    def selected(self) -> Item | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def _selection(self) -> None:
        item = self.selected()
        self.fix_button.setEnabled(item is not None and item.state == "attention")
        self.discard_button.setEnabled(item is not None and item.state == "attention")
        completable = item is not None and item.state == "attention" and bool(item.result.get("partial_member"))
        self.complete_button.setVisible(completable and self.client is not None and self.ops is not None)
        if self._completing is not None and (item is None or item.id != self._completing.id):
            self._cancel_complete()
        self.send_button.setEnabled(any(i.state == "pending" for i in self.items))
        if self._discarding is not None and all(i.id != self._discarding.id for i in self.items):
            self._cancel_discard()  # it went away (fixed, or discarded elsewhere)

    def _send(self) -> None:
        self.outbox.post(self.outbox.retry_now)  # on the outbox thread; the sender wakes after it
        self.sendNow.emit()

    # ------------------------------------------------------------------ discard (manager only)

    def _discard_box(self) -> QFrame:
        box = QFrame()
        box.setObjectName("discardBox")
        column = QVBoxLayout(box)
        self.discard_text = QLabel()
        self.discard_text.setWordWrap(True)
        column.addWidget(self.discard_text)
        form_layout = QFormLayout()
        column.addLayout(form_layout)
        self.discard_form = Form(form_layout)
        self.reason = self.discard_form.line("reason", tr("Reason *"), tr("e.g. the customer registered at the kiosk"))
        self.pin = self.discard_form.line("manager_pin", tr("Manager PIN"), secret=True)
        self.pin.returnPressed.connect(self._confirm_discard)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        cancel = QPushButton(tr("Keep it"))
        cancel.clicked.connect(self._cancel_discard)
        self.confirm_discard = QPushButton(tr("Discard this registration"))
        self.confirm_discard.setObjectName("danger")
        self.confirm_discard.clicked.connect(self._confirm_discard)
        for button in (cancel, self.confirm_discard):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        column.addLayout(buttons)
        box.setVisible(False)
        return box

    def _ask_discard(self) -> None:
        item = self.selected()
        if item is None or item.state != "attention":
            return
        self._discarding = item
        self.discard_text.setText(tr("Discard the registration of {name}? It was NOT registered at Stamps, and its "
                                     "details are deleted from this counter. A manager must confirm.").format(name=item.label))
        self.discard_form.show_errors({})
        self.reason.clear()
        self.pin.clear()
        self.discard_box.setVisible(True)
        self.reason.setFocus()

    def _cancel_discard(self) -> None:
        self._discarding = None
        self.pin.clear()
        self.discard_box.setVisible(False)

    def _confirm_discard(self) -> None:
        item = self._discarding
        if item is None or self.gate is None or self.ops is None:
            return
        reason = " ".join(self.reason.text().split())
        if len(reason) < 3:
            self.discard_form.show_errors({"reason": tr("Write why this registration is discarded.")})
            self.reason.setFocus()
            return
        pin = self.pin.text()
        self.pin.clear()
        self.ops.run(self, lambda: self._discard(item, reason, pin), lambda _none: self._cancel_discard(),
                     self._discard_refused, busy=(self.confirm_discard,), key="discard")

    async def _discard(self, item: Item, reason: str, pin: str) -> None:
        assert self.gate is not None  # the button is only shown with a gate
        await prove_manager(self.gate, pin)
        await self.outbox.run(self.outbox.discard, item.id, reason)

    # ------------------------------------------------------------------ complete a quick-registered member

    def _complete_box(self) -> QFrame:
        box = QFrame()
        box.setObjectName("completeBox")
        column = QVBoxLayout(box)
        self.complete_text = QLabel()
        self.complete_text.setWordWrap(True)
        column.addWidget(self.complete_text)
        self.complete_problem = QLabel()
        self.complete_problem.setObjectName("problemText")
        self.complete_problem.setWordWrap(True)
        column.addWidget(self.complete_problem)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        cancel = QPushButton(tr("Not now"))
        cancel.clicked.connect(self._cancel_complete)
        self.confirm_complete = QPushButton(tr("Yes, complete that member"))
        self.confirm_complete.setObjectName("primary")
        self.confirm_complete.clicked.connect(self._confirm_complete)
        for button in (cancel, self.confirm_complete):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        column.addLayout(buttons)
        box.setVisible(False)
        return box

    def _ask_complete(self) -> None:
        item = self.selected()
        if item is None or not item.result.get("partial_member"):
            return
        self._completing = item
        self.complete_text.setText(tr(
            "A member quick-registered with {email} already exists at Stamps, with no name or phone yet. Complete "
            "that member with the details typed for {name}? Their name, birthday, address and offer choices are "
            "saved on that member. The mobile number is not: change it with a code the customer receives "
            "(Change phone) while they are at the counter.").format(
                email=item.payload.get("email") or "", name=item.label))
        self.complete_problem.clear()
        self.complete_box.setVisible(True)
        self.confirm_complete.setFocus()

    def _cancel_complete(self) -> None:
        self._completing = None
        self.complete_box.setVisible(False)

    def _confirm_complete(self) -> None:
        item = self._completing
        if item is None or self.ops is None or self.client is None:
            return
        flow = PartialCompletion(self.client, self.outbox, item)
        self.ops.run(self, flow.complete, lambda customer: self._completed(flow.member),
                     lambda problem: self.complete_problem.setText(problem.message),
                     busy=(self.confirm_complete,), key="complete", waiting=tr("Saving…"))

    def _completed(self, member: int | str) -> None:
        self._cancel_complete()
        self.memberCompleted.emit(member)

    def _discard_refused(self, problem: Problem) -> None:
        self.discard_form.show_errors(problem.fields or {"manager_pin": problem.message})
        self.pin.setFocus()

    def _fix(self) -> None:
        item = self.selected()
        if item is not None and item.state == "attention":
            self.fixRequested.emit(item)
            self.accept()


def set_aside_dialog(info: SetAside, parent: QWidget | None = None) -> QMessageBox:
    """Start-up found the outbox file damaged: say what happened, and what IT should do with the
    old file (opened with ``open()``: the counter goes on working behind it)."""
    box = QMessageBox(QMessageBox.Icon.Warning, tr("Outbox file kept aside"), "", QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("outboxSetAside")
    box.setText(tr("The outbox file of this counter could not be used ({why}). A new, empty outbox was started: "
                   "new registrations are safe.").format(why=cause_words(info.why, opening=True)))
    box.setInformativeText(tr("Registrations in the old file may not have reached Stamps. Call IT and give them "
                              "this message.\n\nFor IT: the old file was NOT deleted. It is kept as\n{path}\n"
                              "Copy it off this computer; if SQLite can still read it, deliver what it holds with\n"
                              "python -m pos_member.outbox deliver FILE --url URL --merchant ID\n"
                              "and only then delete it.").format(path=str(info.kept)))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()
    return box
