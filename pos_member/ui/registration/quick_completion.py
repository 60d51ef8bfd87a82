"""On quick registration's result page: what Stamps recorded about offers and, when anything is
(or may be) opted in, the customer's name and real choices, saved there and then."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pos_member.api import requests as rq
from pos_member.flows.problems import Problem
from pos_member.flows.quick import QuickCompletion, Recorded, recorded
from pos_member.i18n import QT_TR_NOOP, tr
from pos_member.runtime import Backend
from pos_member.ui.shared.forms import Form
from pos_member.ui.shared.ops import Ops

CHANNELS = {"allow_whatsapp_marketing": QT_TR_NOOP("WhatsApp offers"), "allow_sms_marketing": QT_TR_NOOP("SMS offers"),
            "allow_newsletters": QT_TR_NOOP("Email newsletters")}
#: Short names, for the question when the window closes before the customer chose.
SHORT = {"allow_whatsapp_marketing": QT_TR_NOOP("WhatsApp"), "allow_sms_marketing": QT_TR_NOOP("SMS"),
         "allow_newsletters": QT_TR_NOOP("newsletter")}


def _state(value: bool | None) -> str:
    return tr("yes") if value else tr("no") if value is False else tr("not known")


class QuickCompletionPanel(QWidget):
    #: The panel appeared or changed size (its content comes after the page, from a look-up).
    shown = Signal()
    #: The customer's name and choices were saved on the member.
    saved = Signal()

    def __init__(self, backend: Backend, ops: Ops, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.ops = backend, ops
        self.flow: QuickCompletion | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.recorded = QLabel()
        self.recorded.setWordWrap(True)
        layout.addWidget(self.recorded)
        self.choices = QWidget()
        column = QVBoxLayout(self.choices)
        column.setContentsMargins(0, 0, 0, 0)
        ask = QLabel(tr("Quick registration cannot ask about offers, so these are Stamps' own defaults. "
                        "Ask the customer and save their real choices with their name:"))
        ask.setWordWrap(True)
        column.addWidget(ask)
        form_layout = QFormLayout()
        column.addLayout(form_layout)
        self.form = Form(form_layout)
        self.name = self.form.line("name", tr("Name *"))
        for key, label in CHANNELS.items():
            self.form.check(key, tr(label), tr("Customer agrees"))
        self.problem = QLabel()
        self.problem.setObjectName("problemText")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        column.addWidget(self.problem)
        row = QHBoxLayout()
        row.addStretch(1)
        self.save = QPushButton(tr("Save the customer's choices"))
        self.save.setAutoDefault(False)
        self.save.clicked.connect(self._save)
        self._was_primary: list[QPushButton] = []
        row.addWidget(self.save)
        column.addLayout(row)
        layout.addWidget(self.choices)
        self.setVisible(False)

    def start(self, result: Any, contact: str) -> None:
        """Show what the answer says, looking up what it leaves out."""
        self.flow = None
        self.setVisible(False)
        self.ops.run(self, lambda: recorded(self.backend.client, result, contact), self.show_record,
                     lambda problem: None, show_busy=False)

    def show_record(self, record: Recorded) -> None:
        lines = [tr("Stamps recorded for offers:")]
        lines += [f"{tr(label)}: <b>{_state(record.consents.get(key))}</b>" for key, label in CHANNELS.items()]
        self.recorded.setText("<br>".join(lines))
        can_complete = record.member is not None and record.may_be_opted_in
        self.flow = QuickCompletion(self.backend.client, record) if can_complete else None
        self.choices.setVisible(can_complete)
        self.setVisible(True)
        self._primary(can_complete)
        if can_complete:
            self.form.fill({"name": record.name, **dict.fromkeys(rq.CONSENTS, False)})  # never ticked for them
            self.name.setFocus()
        self.shown.emit()

    def unchosen(self) -> list[str]:
        """Channels Stamps says yes to while the customer's own choices are still open."""
        if self.flow is None or not self.choices.isVisible():
            return []
        return [tr(SHORT[key]) for key, value in self.flow.record.consents.items() if value is not False]

    def _primary(self, mine: bool) -> None:
        """While the choices are open, Enter saves them (the page's primary button), never leaves."""
        if mine and not self._was_primary:
            page = self.parentWidget() or self
            self._was_primary = [b for b in page.findChildren(QPushButton) if b.isDefault() and b is not self.save]
        chosen = [self.save] if mine else self._was_primary
        for button in {self.save, *self._was_primary}:
            button.setDefault(button in chosen)
            button.setObjectName("primary" if button in chosen else "")
            button.style().unpolish(button)
            button.style().polish(button)
        if not mine:
            for button in self._was_primary:
                button.setFocus()
            self._was_primary = []

    def _save(self) -> None:
        if self.flow is None:
            return
        flow, values = self.flow, self.form.values()
        self.problem.setVisible(False)
        self.form.show_errors({})
        self.ops.run(self, lambda: flow.save(values.get("name") or "", values), self._saved, self._refused,
                     busy=(self.save,))

    def _saved(self, record: Recorded) -> None:
        self.show_record(record)
        self.choices.setVisible(False)
        self._primary(False)
        self.recorded.setText(self.recorded.text() + "<br>" + tr("✓ Saved the customer's choices."))
        self.shown.emit()
        self.saved.emit()

    def _refused(self, problem: Problem) -> None:
        shown = self.form.show_errors(problem.fields)
        if not shown or problem.message:
            self.problem.setText(problem.message or "")  # already in the cashier's words
            self.problem.setVisible(bool(problem.message))
