"""On quick registration's result page: what Stamps recorded about promos — a default shown as
"not asked yet" — and, when anything is (or may be) opted in, the customer's name and their answer
for each channel (or no to all), saved there and then."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pos_member.api import requests as rq
from pos_member.flows import consent
from pos_member.flows.problems import Problem
from pos_member.flows.quick import NAME_FOR_NO, QuickCompletion, Recorded, recorded
from pos_member.i18n import QT_TR_NOOP, tr
from pos_member.runtime import Backend
from pos_member.ui.shared.forms import Form
from pos_member.ui.shared.ops import Ops

#: Short names, for the question when the window closes before the customer answered.
SHORT = {"allow_whatsapp_marketing": QT_TR_NOOP("WhatsApp"), "allow_sms_marketing": QT_TR_NOOP("SMS"),
         "allow_newsletters": QT_TR_NOOP("newsletter")}


def _state(value: bool | None, *, answered: bool) -> str:
    """Stamps' own "yes" (or an unknown) is no answer of the customer's: "not asked yet"."""
    if value is False:
        return tr("no")
    return tr("yes") if answered and value else tr(consent.NOT_ASKED)


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
        ask = QLabel(tr("Quick registration does not ask about promos. Ask the customer about each one, "
                        "or set them all to no, and save with their name:"))
        ask.setWordWrap(True)
        column.addWidget(ask)
        form_layout = QFormLayout()
        column.addLayout(form_layout)
        self.form = Form(form_layout)
        self.name = self.form.line("name", tr("Name *"))
        store = backend.shop_name  # as the customer knows it
        for key in consent.CHANNELS:
            answer = QComboBox()  # starts at "not asked yet": the cashier picks the customer's answer
            for text, value in ((tr(consent.NOT_ASKED), None), (tr("Yes"), True), (tr("No"), False)):
                answer.addItem(text, value)
            answer.currentIndexChanged.connect(lambda _i, n=key: self.form.set_error(n, None))
            self.form.add(key, tr(consent.SHORT[key]), answer, consent.counter_line(key, store))
        self.problem = QLabel()
        self.problem.setObjectName("problemText")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        column.addWidget(self.problem)
        self.form.all_fixed.append(self._fixed)
        row = QHBoxLayout()
        row.addStretch(1)
        self.no_to_all = QPushButton(tr("No to all"))
        self.no_to_all.setAutoDefault(False)
        self.no_to_all.clicked.connect(lambda: self.set_all_no())
        row.addWidget(self.no_to_all)
        self.save = QPushButton(tr("Save the customer's answers"))
        self.save.setAutoDefault(False)
        self.save.clicked.connect(self._save)
        self._was_primary: list[QPushButton] = []
        #: What to do once the answers are saved, asked for before the name was typed ("Set all to no" on leaving).
        self._then: Callable[[], object] | None = None
        row.addWidget(self.save)
        column.addLayout(row)
        layout.addWidget(self.choices)
        self.setVisible(False)

    def reset(self) -> None:
        """Hidden and empty for the next customer: no name, no answers, no look-up still running."""
        self.ops.cancel(self)
        self.flow = None
        self._then = None  # a "no" waiting for the last customer's name is not this customer's
        self.form.fill({"name": "", **dict.fromkeys(rq.CONSENTS, None)})
        self.form.show_errors({})
        self.problem.clear()
        self.problem.setVisible(False)
        self.recorded.clear()
        if self._was_primary:
            self._primary(False)
        self.setVisible(False)

    def start(self, result: Any, contact: str) -> None:
        """Show what the answer says, looking up what it leaves out."""
        self.flow = None
        self._then = None
        self.setVisible(False)
        self.ops.run(self, lambda: recorded(self.backend.client, result, contact), self.show_record,
                     lambda problem: None, show_busy=False)

    def show_record(self, record: Recorded, *, answered: bool = False) -> None:
        lines = [tr("Promos, as Stamps has them now:")]
        lines += [f"{tr(consent.SHORT[key])}: <b>{_state(record.consents.get(key), answered=answered)}</b>"
                  for key in consent.CHANNELS]
        self.recorded.setText("<br>".join(lines))
        can_complete = record.member is not None and record.may_be_opted_in
        self.flow = QuickCompletion(self.backend.client, record) if can_complete else None
        self.choices.setVisible(can_complete)
        self.recorded.setVisible(not can_complete)  # the open answers say "not asked yet" themselves
        self.setVisible(True)
        self._primary(can_complete)
        if can_complete:
            self.form.fill({"name": record.name, **dict.fromkeys(rq.CONSENTS, None)})  # not asked yet
            self.name.setFocus()
        self.shown.emit()

    def unchosen(self) -> list[str]:
        """Channels Stamps may send promos on while the customer's answers are still open."""
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

    def set_all_no(self, then: Callable[[], object] | None = None) -> None:
        """The customer says no to every channel (or leaves without answering): saved as no. Without
        a name Stamps cannot save it: the name is asked for next to its field, and the "no" is saved
        (then ``then`` runs) when the cashier saves after typing it."""
        self.form.fill(dict.fromkeys(rq.CONSENTS, False))
        if self.flow is not None and not self.name.text().strip():
            self._then = then or self._then
            self.problem.setVisible(False)
            self.form.show_errors({"name": tr(NAME_FOR_NO)})
            self.shown.emit()  # the window makes room for the line: nothing is squashed
            return
        self._save(then)

    def _fixed(self) -> None:
        """The last marked field was corrected: the line about marked fields goes too."""
        self.problem.setVisible(False)

    def _save(self, then: Callable[[], object] | None = None) -> None:
        if self.flow is None:
            return
        then = then or self._then
        flow, values = self.flow, self.form.values()
        self.problem.setVisible(False)
        self.form.show_errors({})

        def saved(record: Recorded) -> None:
            self._then = None
            self._saved(record)
            if then is not None:
                then()

        self.ops.run(self, lambda: flow.save(values.get("name") or "", values), saved, self._refused,
                     busy=(self.save, self.no_to_all), waiting=tr("Saving…"))

    def _saved(self, record: Recorded) -> None:
        self.show_record(record, answered=True)
        self.choices.setVisible(False)
        self.recorded.setVisible(True)
        self._primary(False)
        self.recorded.setText(self.recorded.text() + "<br>" + tr("✓ Saved the customer's answers."))
        self.shown.emit()
        self.saved.emit()

    def _refused(self, problem: Problem) -> None:
        unplaced = self.form.show_errors(problem.fields)
        # Marks next to their fields say it all; the line below is for what no field shows.
        lines = [problem.fields[k] for k in unplaced] if problem.fields else [problem.message or ""]
        text = " ".join(lines).strip()
        self.problem.setText(text)  # already in the cashier's words
        self.problem.setVisible(bool(text))
        self.shown.emit()  # room for the marks: the window grows instead of squashing the rows
