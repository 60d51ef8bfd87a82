"""Dialogs that change the open member. All open with ``open()`` (never ``exec()``) and do their
work through ``Ops``; each reports success with ``changed`` so the profile reloads.

The counter builds each dialog once and gives it the next member with ``reset(profile)`` (building
one costs 30-70 ms on the event loop, a reset well under a frame). A reset makes a new flow object
(one flow per change) and leaves nothing of the previous member: fields, errors, ticks, a code asked
for, focus and scroll position. ``forget()`` empties a dialog when it closes."""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pos_member.api import requests as rq
from pos_member.api.codes import active as active_codes
from pos_member.flows import consent
from pos_member.flows import format as fmt
from pos_member.flows.changes import (
    PAST_END_DATE,
    Anonymisation,
    Channel,
    LevelChange,
    OtpChange,
    ProfileEdit,
    TagEdit,
    level_choices,
    profile_changed,
    profile_form,
    prove_manager,
)
from pos_member.flows.problems import Problem, Refused
from pos_member.flows.profile import MemberProfile
from pos_member.flows.registration import CHECK_FIELDS
from pos_member.i18n import QT_TR_NOOP, tr
from pos_member.runtime import Backend
from pos_member.ui.shared import a11y, style
from pos_member.ui.shared.fit import ElidedLabel, fit_screen
from pos_member.ui.shared.forms import (
    Form,
    ask_first,
    button_row,
    clear_layout,
    ctrl_enter,
    focus_field,
    problem_label,
    shortcut,
)
from pos_member.ui.shared.labels import marital_options
from pos_member.ui.shared.ops import Ops
from pos_member.ui.shared.pin_wait import LockoutCountdown

NOT_DONE_OFFLINE = QT_TR_NOOP("Not done: Stamps cannot be reached. Keep this window open and try again when the "
                              "network is back.")
NOT_SAVED_OFFLINE = QT_TR_NOOP("Not saved: Stamps cannot be reached. Keep this window open and press Save again "
                               "when the network is back.")


class MemberDialog(QDialog):
    """Common frame: title naming the member, a problem line, Ctrl+Enter for the primary button.
    Work runs through ``ops.run`` with this dialog as parent: closing it cancels the work."""

    changed = Signal(object)  # the member's key (an int primary key, or text), after Stamps accepted a change

    def __init__(self, title: str, backend: Backend, ops: Ops, profile: MemberProfile, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.ops, self.profile = backend, ops, profile
        self.title = title
        self._pin_wait: LockoutCountdown | None = None
        self.member_key: int | str = profile.user_id or profile.key
        self.setWindowTitle(title)
        self.setStyleSheet(style.APP_QSS)
        self.layout_ = QVBoxLayout(self)
        self.heading = ElidedLabel()  # one line: a 100-character name is cut, whole in the tooltip
        self.heading.setObjectName("memberName")
        self.layout_.addWidget(self.heading)
        self.problem = problem_label()
        self.layout_.addWidget(self.problem)
        self.primary: QPushButton | None = None
        self._leaving = False  # closing without the question: saved, discarded, or the counter closing
        self.discard_question: QMessageBox | None = None

    def dirty(self) -> bool:
        """Something typed that closing would throw away (each dialog says what counts)."""
        return False

    def done(self, result: int) -> None:
        """Esc, Cancel or the window's close with something typed asks first ("Discard the
        changes to …?", Enter and Esc keep editing); with nothing typed it closes at once."""
        if not self._leaving and self.isVisible() and self.dirty():
            self.ask_discard()
            return
        self._leaving = False
        super().done(result)

    def discard(self) -> None:
        """Close without asking: the cashier chose to throw away what was typed (or the counter
        closes, or signs out after its own question)."""
        self._leaving = True
        self.reject()

    def ask_discard(self) -> QMessageBox:
        if self.discard_question is not None:
            return self.discard_question
        name = self.profile.name or tr("this member")
        was_on = self.focusWidget()
        question = ask_first(self, "discardQuestion", self.title,
                             tr("Discard the changes to {name}?").format(name=name),
                             tr("Discard"), tr("Keep editing"), self.discard)

        def closed(_result: int) -> None:
            question.setText("")  # the member's name does not wait in a hidden window
            question.deleteLater()
            if self.discard_question is question:
                self.discard_question = None
            if self.isVisible():  # kept editing: the keyboard back where it was (no window manager gives it)
                self.activateWindow()
                if was_on is not None and was_on.isVisible():
                    was_on.setFocus(Qt.FocusReason.OtherFocusReason)

        question.finished.connect(closed)
        self.discard_question = question
        question.open()
        return question

    def forms(self) -> list[Form]:
        """The dialog's forms (their fields and error lines are emptied between members)."""
        form: Form | None = getattr(self, "form", None)
        return [form] if form is not None else []

    def reset(self, profile: MemberProfile) -> None:
        """Make the dialog new for ``profile``: the frame here, each dialog its own fields after it.
        Work still running for the previous member is cancelled (its answer is never shown)."""
        self.forget()
        self.profile = profile
        self.member_key = profile.user_id or profile.key
        member = profile.name or tr("member")
        self.setWindowTitle(f"{self.title}: {member}")
        self.heading.setText(f"{self.title} — {member}")
        if self.primary is not None:
            self.primary.setEnabled(True)  # an unconfirmed change disabled it for that member only

    def forget(self) -> None:
        """Nothing of the member stays while the dialog waits, hidden, for the next one: every
        typed field, error, problem line and the member's name go; running work is cancelled."""
        self.ops.cancel(self)
        if self._pin_wait is not None:
            self._pin_wait.stop()
        for form in self.forms():
            form.show_errors({})
            for widget in form.inputs.values():
                if isinstance(widget, QComboBox) and not widget.isEditable():
                    widget.setCurrentIndex(0)
                elif isinstance(widget, QCheckBox):
                    widget.setTristate(False)
                    widget.setChecked(False)
        for edit in self.findChildren(QLineEdit):
            edit.clear()
        self.show_problem(None)
        self.heading.setText("")
        self.setWindowTitle(self.title)

    def set_primary(self, button: QPushButton) -> None:
        """The button drawn as primary is the one Enter and Ctrl+Enter press (never a destructive one)."""
        self.primary = button
        button.setObjectName("primary")
        button.setAutoDefault(False)
        button.setDefault(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        """Ctrl+Enter presses the primary button from any field (fields pass it up unhandled)."""
        if ctrl_enter(event):
            self._primary_clicked()
            return
        super().keyPressEvent(event)

    def _primary_clicked(self) -> None:
        if self.primary is not None and self.primary.isEnabled() and self.primary.isVisible():
            self.primary.click()

    def show_problem(self, problem: Problem | str | None) -> None:
        text = problem.message if isinstance(problem, Problem) else (problem or "")
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def run(self, operation: Callable[[], Awaitable[Any]], on_success: Callable[[Any], None],
            on_failure: Callable[[Problem], None] | None = None, *, busy: tuple[QWidget, ...] = (),
            key: str = "", waiting: str = "") -> None:
        """One op per ``key`` at a time: a second Enter while it runs does nothing. ``waiting``:
        what the busy button says meanwhile."""
        self.ops.run(self, operation, on_success, on_failure or self.failed, busy=busy, key=key,
                     waiting=waiting or tr("Waiting for Stamps…"))

    #: What a change that could not reach Stamps says: nothing retries a change by itself, and
    #: what was typed stays in the dialog until it is sent again or discarded.
    OFFLINE_TEXT = NOT_DONE_OFFLINE

    def failed(self, problem: Problem) -> None:
        """Each message next to its field; the rest on the problem line. A change not confirmed
        (its answer unreadable) reloads the member behind and is not offered again from here."""
        if problem.kind == "offline":
            problem = Problem(problem.kind, tr(self.OFFLINE_TEXT), problem.fields, problem.code)
        if problem.code == "unconfirmed":
            self.changed.emit(self.member_key)
            if self.primary is not None:
                self.primary.setEnabled(False)
        form: Form | None = getattr(self, "form", None)
        unplaced = form.show_errors(problem.fields) if form is not None else list(problem.fields)
        extra = [problem.fields[k] for k in unplaced if problem.fields[k] != problem.message]
        placed = [text for k, text in problem.fields.items() if k not in unplaced]
        message = "" if problem.message in placed else problem.message  # said once, next to its field
        self.show_problem(" ".join([message, *extra]).strip())

    def done_changing(self, _answer: Any = None) -> None:
        self.changed.emit(self.member_key)
        self._leaving = True  # saved: nothing typed is lost
        self.accept()

    def supervised(self, pin_field: QLineEdit, action: Callable[[], Awaitable[Any]]) -> Callable[[], Awaitable[Any]]:
        """``action`` behind the manager PIN typed in ``pin_field`` (read now, checked in the op)."""
        pin = pin_field.text()

        async def operation() -> Any:
            await prove_manager(self.backend.pin_gate, pin)
            return await action()

        return operation

    def pin_refused(self, pin_field: QLineEdit, problem: Problem) -> None:
        """A supervisor proves themselves again for the next try (after the lock-out, counted down)."""
        pin_field.clear()
        if "manager_pin" in problem.fields:
            pin_field.setFocus()
            if self._pin_wait is None:
                form: Form | None = getattr(self, "form", None)  # the dialogs asking for the PIN have one
                self._pin_wait = LockoutCountdown(
                    self.backend.pin_gate, lambda text: form.set_error("manager_pin", text) if form else None, self)
            self._pin_wait.start()
        self.failed(problem)


# ------------------------------------------------------------------ profile

class EditProfileDialog(MemberDialog):
    OFFLINE_TEXT = NOT_SAVED_OFFLINE

    def __init__(self, backend: Backend, ops: Ops, profile: MemberProfile, parent: QWidget | None = None):
        super().__init__(tr("Edit profile"), backend, ops, profile, parent)
        self.flow = ProfileEdit(backend.client, self.member_key)
        fit_screen(self, 600, 640)
        # The fields scroll when the screen is short (1024x768 at 150 %); the buttons stay.
        holder = QWidget()
        layout = QFormLayout(holder)
        self.fields_scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(holder)
        self.layout_.addWidget(scroll, 1)
        self.form = form = Form(layout)
        form.line("name", tr("Name *"))
        form.line("birthday", tr("Birthday"), tr("DD-MM-YYYY"))
        form.choice("gender", tr("Gender"), [("—", None), (tr("Male"), "male"), (tr("Female"), "female")])
        form.line("address", tr("Address"))
        form.line("district", tr("District ID"))
        form.line("postal_code", tr("Postal code"), tr("5 digits"))
        form.choice("marital_status", tr("Marital status"), marital_options())
        form.line("wedding_date", tr("Wedding date"), tr("DD-MM-YYYY"))
        form.line("notes", tr("Notes"), tr("Visible to staff only"))
        store = backend.shop_name  # as the customer knows it
        for key, label in zip(consent.CHANNELS, (tr("WhatsApp"), tr("SMS"), tr("Newsletter")), strict=True):
            form.check(key, label, consent.counter_line(key, store))  # the customer's answer so far
        form.combo("marital_status").currentIndexChanged.connect(self._marital)
        self.consents_unknown = QLabel(tr(
            "The customer's choices drawn half-ticked are not known (Stamps did not give them, or the "
            "member's details have not loaded). They stay as Stamps holds them unless you tick or untick them."))
        self.consents_unknown.setObjectName("muted")
        self.consents_unknown.setWordWrap(True)
        self.consents_unknown.setVisible(False)
        self.layout_.addWidget(self.consents_unknown)
        note = QLabel(tr("Phone and email are changed with a code sent to the customer: use Change phone / Change email."))
        note.setObjectName("muted")
        note.setWordWrap(True)
        self.layout_.addWidget(note)
        self.save = QPushButton()
        a11y.show_text(self.save, tr("Save  (Ctrl+Enter)"))
        self.save.clicked.connect(self._save)
        cancel = QPushButton(tr("Cancel"))
        cancel.clicked.connect(self.reject)
        # Why Save did not save is said next to Save, where the cashier looks after pressing it.
        self.layout_.removeWidget(self.problem)
        self.layout_.addWidget(self.problem)
        self.layout_.addLayout(button_row(cancel, self.save))
        self.set_primary(self.save)
        form.all_fixed.append(self._drop_check_line)  # as in registration: the line goes with the last mark
        self.reset(profile)

    def reset(self, profile: MemberProfile) -> None:
        super().reset(profile)
        self.flow = ProfileEdit(self.backend.client, self.member_key)
        form = self.form
        filled = profile_form(profile.details, profile.full)
        form.fill(filled)  # onto a form forget() emptied: plain yes/no boxes, first choices
        unknown = [key for key in rq.CONSENTS if key in filled and filled[key] is None]
        for key in unknown:
            form.set_unknown(form.inputs[key])  # type: ignore[arg-type]
        self.flow.original = form.values()  # only what the cashier changes from here is sent
        self._marital()
        self.consents_unknown.setVisible(bool(unknown))
        self.fields_scroll.verticalScrollBar().setValue(0)
        form.inputs["name"].setFocus()

    def dirty(self) -> bool:
        return self.flow.original is not None and profile_changed(self.form.values(), self.flow.original)

    def _drop_check_line(self) -> None:
        if self.problem.text() == tr(CHECK_FIELDS):
            self.show_problem(None)

    def _marital(self) -> None:
        self.form.set_visible("wedding_date", self.form.combo("marital_status").currentData() == active_codes().married)

    def _save(self) -> None:
        self.show_problem(None)
        values = self.form.values()
        self.run(lambda: self.flow.save(values), self._saved, busy=(self.save,), waiting=tr("Saving…"))

    def _saved(self, answer: Any) -> None:
        if answer is None:  # nothing changed: nothing was sent
            self.accept()
        else:
            self.done_changing(answer)


# ------------------------------------------------------------------ phone and email by code

class OtpDialog(MemberDialog):
    """Change the mobile number (SMS or WhatsApp) or email, proven by a code the customer gets."""

    customerPhoneRequested = Signal()  # training: show the customer's phone beside this dialog

    def __init__(self, kind: str, backend: Backend, ops: Ops, profile: MemberProfile, parent: QWidget | None = None):
        title = tr("Change mobile number") if kind == "mobile" else tr("Change email")
        super().__init__(title, backend, ops, profile, parent)
        self.kind = kind
        fit_screen(self, 560, 420)
        self.now = QLabel()
        self.now.setObjectName("muted")
        self.layout_.addWidget(self.now)
        layout = QFormLayout()
        self.layout_.addLayout(layout)
        self.form = Form(layout)
        field = "mobile_number" if kind == "mobile" else "new_email"
        self.target = self.form.line(field, tr("New mobile number") if kind == "mobile" else tr("New email"),
                                     tr("0812 0000 0000") if kind == "mobile" else tr("name@example.com"))
        self.target.returnPressed.connect(self._send)
        self.channel_row = QWidget()
        channel_layout = QHBoxLayout(self.channel_row)
        channel_layout.setContentsMargins(0, 0, 0, 0)
        self.sms = QRadioButton(tr("SMS"))
        self.whatsapp = QRadioButton(tr("WhatsApp"))
        self.sms.setChecked(True)
        channel_layout.addWidget(self.sms)
        channel_layout.addWidget(self.whatsapp)
        channel_layout.addStretch(1)
        # Said before anything is sent, for a member Stamps marks without a valid WhatsApp number.
        self.whatsapp_hint = QLabel(tr("WhatsApp is not possible: Stamps has no valid WhatsApp number for this "
                                       "member. The code goes by SMS."))
        self.whatsapp_hint.setObjectName("muted")
        self.whatsapp_hint.setWordWrap(True)
        self.whatsapp_hint.setVisible(False)
        self.no_whatsapp = False
        if kind == "mobile":
            channels = QWidget()
            channel_column = QVBoxLayout(channels)
            channel_column.setContentsMargins(0, 0, 0, 0)
            channel_column.setSpacing(2)
            channel_column.addWidget(self.channel_row)
            channel_column.addWidget(self.whatsapp_hint)
            self.form.add("type", tr("Send code by"), channels)
        self.send_button = QPushButton(tr("Send code"))
        self.send_button.clicked.connect(self._send)
        buttons: list[QWidget] = [self.send_button]
        if backend.training is not None:
            phone = QPushButton()
            a11y.show_text(phone, tr("Customer's phone (training)") + "  (F9)")
            phone.setAutoDefault(False)
            phone.clicked.connect(self.customerPhoneRequested)
            shortcut("F9", self, self.customerPhoneRequested.emit)
            buttons.insert(0, phone)
        self.layout_.addLayout(button_row(*buttons))

        self.code_box = QWidget()
        code_layout = QFormLayout(self.code_box)
        self.sent_label = QLabel()
        self.sent_label.setWordWrap(True)
        self.sent_label.setStyleSheet(f"color:{style.GOOD}; font-weight:bold;")
        code_layout.addRow(self.sent_label)
        self.code_form = Form(code_layout)
        self.code = self.code_form.line("otp", tr("Code from the customer"), tr("Digits only"))
        self.code.setMaxLength(8)
        self.code.textEdited.connect(self._digits_only)
        self.code.returnPressed.connect(self._confirm)
        self.code_box.setVisible(False)
        self.layout_.addWidget(self.code_box)
        self.layout_.addStretch(1)
        self.confirm_button = QPushButton(tr("Confirm change"))
        self.confirm_button.clicked.connect(self._confirm)
        self.confirm_button.setEnabled(False)
        cancel = QPushButton(tr("Cancel"))
        cancel.clicked.connect(self.reject)
        self.layout_.addLayout(button_row(cancel, self.confirm_button))
        self.set_primary(self.confirm_button)
        self.confirm_button.setDefault(False)  # Enter does each field's own step (send, confirm)
        self.tick = QTimer(self)
        self.tick.setInterval(1000)
        self.tick.timeout.connect(self.show_countdown)
        self._sent_to = ""
        #: Codes sent and still to be typed, by member (in memory, this window only): closing and
        #: opening again for the same member comes back to the code step, its resend wait kept
        #: (a second code at once would make the first one, already on the customer's phone, wrong).
        self._waiting: dict[str, OtpChange] = {}
        self.finished.connect(lambda _result: self.code.clear())
        self.reset(profile)

    def forms(self) -> list[Form]:
        return [self.form, self.code_form]

    def dirty(self) -> bool:
        """A number or address typed and not sent yet, or a code typed (a code already sent is
        not lost by closing: see ``reset``)."""
        typed = self.target.text().strip()
        return bool(typed and typed != self._sent_to) or bool(self.code.text().strip())

    def forget(self) -> None:
        flow: OtpChange | None = getattr(self, "flow", None)
        if flow is not None and flow.state.waiting_for_code():
            self._waiting[str(self.member_key)] = flow  # not on screen: only for this member's next open
        super().forget()
        self.now.clear()
        self.tick.stop()
        self._sent_to = ""
        self._forget_code()  # the "code sent to <number>" line and the code box go

    def reset(self, profile: MemberProfile) -> None:
        """A new member: a new flow (no code asked for, no attempts used), SMS again, nothing typed."""
        super().reset(profile)
        templates = self.backend.settings.otp_templates
        self.flow = OtpChange(self.backend.client, self.member_key, "mobile" if self.kind == "mobile" else "email",
                              {"sms": templates.sms, "whatsapp": templates.whatsapp, "email": templates.email})
        user = (profile.details.user if profile.details else None)
        current = (fmt.phone(user.phone) if self.kind == "mobile" else user.email) if user else ""
        self.now.setText(tr("Now: {value}").format(value=current or "–"))
        self.confirm_button.setEnabled(False)  # until a code is sent
        self.sms.setChecked(True)
        # Stamps refuses a code by WhatsApp for a member whose WhatsApp number it marks as not
        # valid (the full profile says so): only what the member can receive is offered.
        users = [u for u in (user, profile.full.user if profile.full else None) if u is not None]
        self.no_whatsapp = self.kind == "mobile" and any(u.has_incorrect_wa_number for u in users)
        self.whatsapp.setEnabled(not self.no_whatsapp)
        self.whatsapp.setToolTip(self.whatsapp_hint.text() if self.no_whatsapp else "")
        self.whatsapp_hint.setVisible(self.no_whatsapp)
        self.send_button.setText(tr("Send code"))
        self.send_button.setEnabled(True)
        self._waiting = {k: f for k, f in self._waiting.items() if f.state.waiting_for_code()}
        waiting = self._waiting.pop(str(self.member_key), None)
        if waiting is not None:  # the code already sent is still the one to type
            self.flow = waiting
            state = waiting.state
            self.target.setText(fmt.phone(state.target) if self.kind == "mobile" else state.target)
            if self.kind == "mobile":
                (self.whatsapp if state.channel == "whatsapp" else self.sms).setChecked(True)
            self._show_code_step()
            return
        self.target.setFocus()

    def take_keyboard(self) -> None:
        """The keys back here (after the customer's phone was shown beside): in the code field
        once a code is asked for, else where the cursor was."""
        self.activateWindow()
        if self.code_box.isVisible():
            self.code.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.focusWidget() is not None:
            self.focusWidget().setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        """Enter on the SMS/WhatsApp choice sends the code, as Enter in the number does.
        Ctrl+Enter does the step at hand: confirm once a code is asked for and typed, else send."""
        if ctrl_enter(event):
            if self.code_box.isVisible() and self.focusWidget() not in (self.target, self.sms, self.whatsapp):
                self._confirm()
            elif self.send_button.isEnabled():
                self._send()
            return
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and self.focusWidget() in (self.sms, self.whatsapp):
            self._send()
            return
        super().keyPressEvent(event)

    def _digits_only(self, text: str) -> None:
        digits = "".join(ch for ch in text if ch in "0123456789")
        if digits != text:
            self.code.setText(digits)

    def _channel(self) -> Channel:
        if self.kind == "email":
            return "email"
        return "whatsapp" if self.whatsapp.isChecked() else "sms"

    def _send(self) -> None:
        self.show_problem(None)
        self.form.show_errors({})
        if self.target.text().strip() != self._sent_to:
            self._forget_code()  # a note about another address must not sit next to this one's errors
        target, channel = self.target.text(), self._channel()

        async def send() -> None:
            problem = await self.flow.send_code(target, channel)
            if problem is not None:
                raise Refused(problem)

        self.run(send, self._sent, busy=(self.send_button,), waiting=tr("Sending the code…"))

    def _forget_code(self) -> None:
        self.sent_label.clear()
        self.code_box.setVisible(False)
        self.confirm_button.setEnabled(False)

    def _sent(self, _answer: Any) -> None:
        self._show_code_step()

    def _show_code_step(self) -> None:
        """A code is on its way to the customer: the line saying where, the code field (focused),
        the resend wait."""
        self._sent_to = self.target.text().strip()
        shown = fmt.phone(self.flow.state.target) if self.kind == "mobile" else self.flow.state.target
        text = {
            "sms": tr("Code sent by SMS to {target}. Ask the customer to read it out from their phone."),
            "whatsapp": tr("Code sent by WhatsApp to {target}. Ask the customer to read it out from their phone."),
            "email": tr("Code sent by email to {target}. Ask the customer to read it out from their inbox."),
        }[self.flow.state.channel]
        self.sent_label.setText(text.format(target=shown))
        self.code_box.setVisible(True)
        self.confirm_button.setEnabled(True)
        self.code_form.show_errors({})
        self.code.clear()
        self.code.setFocus()
        self.tick.start()
        self.show_countdown()

    def show_countdown(self) -> None:
        """Draw how long until a new code may be sent (the tick calls it every second)."""
        wait = self.flow.state.resend_in()
        if wait > 0:
            self.send_button.setText(tr("Send again in {seconds} s").format(seconds=wait))
            self.send_button.setEnabled(False)
        else:
            self.send_button.setText(tr("Send a new code"))
            self.send_button.setEnabled(True)
            self.tick.stop()

    def _confirm(self) -> None:
        if not self.confirm_button.isEnabled():
            return
        self.show_problem(None)
        code = self.code.text()

        async def confirm() -> None:
            problem = await self.flow.confirm(code)
            if problem is not None:
                raise Refused(problem)

        self.run(confirm, self._confirmed, self._refused, busy=(self.confirm_button,), waiting=tr("Checking the code…"))

    def _confirmed(self, _answer: Any) -> None:
        self.code.clear()  # the customer's code leaves the screen with the dialog
        self.done_changing()

    def _refused(self, problem: Problem) -> None:
        self.confirm_button.setEnabled(self.flow.state.attempts_left > 0)
        self.show_countdown()
        if "otp" in problem.fields:
            self.code_form.show_errors({"otp": problem.fields["otp"]})
        else:
            if problem.code in ("email_already_used", "mobile_number_already_used"):
                self._forget_code()  # "Code sent" no longer holds: the address itself is refused
            self.failed(problem)
        if "otp" in problem.fields or not problem.fields:
            focus_field(self.code)  # the code is typed again: the cursor there, nothing selected


# ------------------------------------------------------------------ tags

class TagsDialog(MemberDialog):
    """Add with Enter; removing needs a click on Remove, then a click on "Yes, remove"."""

    def __init__(self, backend: Backend, ops: Ops, profile: MemberProfile, known_keys: list[str],
                 parent: QWidget | None = None):
        super().__init__(tr("Tags"), backend, ops, profile, parent)
        fit_screen(self, 520, 420)
        self.list_box = QVBoxLayout()
        self.layout_.addLayout(self.list_box)
        self.asking: tuple[str, str] | None = None  # the tag whose removal waits for "Yes, remove"
        self._added_key = ""  # the key of the tag just added (left in its box for the next one)
        layout = QFormLayout()
        self.layout_.addLayout(layout)
        self.form = Form(layout)
        self.key = QComboBox()
        self.key.setEditable(True)
        self.form.add("key", tr("Tag key"), self.key)
        self.value = self.form.line("value", tr("Tag value"), tr("e.g. vvip"))
        self.add_button = QPushButton(tr("Add tag"))
        self.add_button.clicked.connect(self._add)
        self.layout_.addLayout(button_row(self.add_button))
        self.layout_.addStretch(1)
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.accept)
        self.layout_.addLayout(button_row(close))
        self.set_primary(self.add_button)
        self.reset(profile, known_keys)

    def forget(self) -> None:
        super().forget()
        self.asking = None
        clear_layout(self.list_box)  # the member's tags leave the screen with them

    def reset(self, profile: MemberProfile, known_keys: list[str] | None = None) -> None:
        """A new member: their tags, no removal asked about, the keys known so far to pick from."""
        super().reset(profile)
        tags = [(t.group or "", t.tag or "") for t in ((profile.full.tags if profile.full else None)
                                                     or (profile.details.tags if profile.details else []))]
        self.flow = TagEdit(self.backend.client, self.member_key, tags)
        self.asking = None
        keys = sorted(set(known_keys or []) | {g for g, _ in tags if g})
        self.key.clear()
        self.key.addItems(keys)
        self.key.setCurrentText("")
        self._added_key = ""
        self._render()
        self.key.setFocus()  # the key comes first, as on screen

    def dirty(self) -> bool:
        """A tag half typed: a value, or a key other than the one just added with."""
        key = self.key.currentText().strip()
        return bool(self.value.text().strip()) or bool(key and key != self._added_key)

    @property
    def tags(self) -> list[tuple[str, str]]:
        return self.flow.tags

    def _render(self) -> None:
        clear_layout(self.list_box)
        if not self.tags:
            none = QLabel(tr("No tags yet."))
            none.setObjectName("muted")
            self.list_box.addWidget(none)
        for group, tag in self.tags:
            name = f"{group}: {tag}" if group else tag
            label = QLabel(name)
            label.setObjectName("chip")
            row = QHBoxLayout()
            row.addWidget(label)
            row.addStretch(1)
            if self.asking == (group, tag):
                question = QLabel(tr("Remove {tag}?").format(tag=name))
                yes = QPushButton(tr("Yes, remove"))
                yes.setObjectName("danger")
                yes.setAccessibleName(tr("Yes, remove tag {tag}").format(tag=name))
                yes.clicked.connect(lambda _=False, g=group, t=tag: self._remove(g, t))
                keep = QPushButton(tr("Keep"))
                keep.clicked.connect(lambda: self._ask(None))
                for widget in (question, keep, yes):
                    if isinstance(widget, QPushButton):
                        widget.setAutoDefault(False)  # Enter never removes a tag
                    row.addWidget(widget)
            else:
                remove = QPushButton(tr("Remove"))
                remove.setAutoDefault(False)
                remove.setAccessibleName(tr("Remove tag {tag}").format(tag=f"{group} {tag}".strip()))
                remove.clicked.connect(lambda _=False, g=group, t=tag: self._ask((g, t)))
                row.addWidget(remove)
            self.list_box.addLayout(row)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        """Enter while "Remove …?" is asked answers nothing (the question wants a click, and an
        "Add tag" with empty fields would only put two errors up); Enter in the tag key with no
        value yet goes on to the value, unmarked."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not ctrl_enter(event):
            if self.asking is not None:
                return
            if self.focusWidget() in (self.key, self.key.lineEdit()) and not self.value.text().strip():
                focus_field(self.value)
                return
        super().keyPressEvent(event)

    def _ask(self, tag: tuple[str, str] | None) -> None:
        self.asking = tag
        self._render()

    def _add(self) -> None:
        self.show_problem(None)
        self.form.show_errors({})
        key, value = self.key.currentText(), self.value.text()
        self.run(lambda: self.flow.add(key, value), self._added, busy=(self.add_button,), key="add")

    def _added(self, _answer: Any) -> None:
        self._added_key = self.key.currentText().strip()
        self.value.clear()
        self._render()
        self.changed.emit(self.member_key)

    def _remove(self, group: str, tag: str) -> None:
        self.show_problem(None)
        self.asking = None
        self.run(lambda: self.flow.remove(group, tag), self._removed, key=f"remove {group}:{tag}")

    def _removed(self, _answer: Any) -> None:
        self._render()
        self.changed.emit(self.member_key)


# ------------------------------------------------------------------ supervisor actions

class SetLevelDialog(MemberDialog):
    def __init__(self, backend: Backend, ops: Ops, profile: MemberProfile, parent: QWidget | None = None):
        super().__init__(tr("Set level"), backend, ops, profile, parent)
        self.setMinimumWidth(520)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.layout_.addWidget(self.info)
        layout = QFormLayout()
        self.layout_.addLayout(layout)
        self.form = form = Form(layout)
        self.level = form.choice("level", tr("New level"), [])
        self.upgrade_only = form.check("upgrade_only", tr("Only upgrade"), tr("Refuse if this is lower than the current level"))
        self._past_ok = ""  # the past end date the supervisor was warned about (pressing again keeps it)
        self.end_date = form.line("end_date", tr("Until"), tr("DD-MM-YYYY (optional)"))
        # The level is set for this store unless the supervisor says otherwise: the store field
        # shows only for another store (or when this counter has no store ID).
        this_store = backend.settings.store or backend.client.store  # training: the server's store
        self.other_store = None
        if this_store:
            self.other_store = form.check("other_store", tr("Store"),
                                          tr("Another store than this one ({store})").format(store=this_store))
        self.store = form.line("store", tr("Store ID"), tr("The other store's ID") if this_store else "")
        if self.other_store is not None:
            form.set_visible("store", False)
            self.other_store.toggled.connect(self._other_store)
        self.pin = form.line("manager_pin", tr("Manager PIN"), secret=True)
        self.layout_.addStretch(1)
        self.apply = QPushButton(tr("Set level"))
        self.apply.clicked.connect(self._apply)
        cancel = QPushButton(tr("Cancel"))
        cancel.clicked.connect(self.reject)
        self.layout_.addLayout(button_row(cancel, self.apply))
        self.set_primary(self.apply)  # Enter in any field, the PIN too, applies
        self.reset(profile)

    def forget(self) -> None:
        super().forget()
        self.info.clear()  # the member's tier
        self._past_ok = ""

    def reset(self, profile: MemberProfile) -> None:
        """A new member: their tier and level, "only upgrade" ticked, this store, no PIN typed."""
        super().reset(profile)
        self.flow = LevelChange(self.backend.client, self.member_key)
        membership = profile.details.membership if profile.details else None
        current = membership.tier if membership else "–"
        self.info.setText(tr("Current tier: {tier}. A supervisor action: it needs the manager PIN.").format(tier=current))
        current_level = membership.level if membership else None
        self.level.blockSignals(True)
        self.level.clear()
        for text, value in level_choices(self.backend.settings.levels, current_level):
            self.level.addItem(text, value)
        self.level.blockSignals(False)
        if current_level is not None:  # open on the member's level (or the named one below it)
            at_or_below = [i for i in range(self.level.count()) if self.level.itemData(i) <= int(current_level)]
            if at_or_below:
                self.level.setCurrentIndex(at_or_below[-1])
        self.upgrade_only.setChecked(True)  # the safe start: never lowers a level by mistake
        self._past_ok = ""
        if self.other_store is not None:
            self.other_store.setChecked(False)  # this store again (the store field hides and empties)
        self.level.setFocus()
        self.adjustSize()  # as tall as its fields; a refusal's message grows it

    def _apply(self) -> None:
        if self.ops.running(self):
            return
        self.show_problem(None)
        self.form.show_errors({})
        try:
            store_text = self.store.text() if self.other_store is None or self.other_store.isChecked() else ""
            typed = self.end_date.text().strip()
            values = LevelChange.check(self.level.currentData(), typed, store_text,
                                       past_ok=bool(typed) and typed == self._past_ok)
        except Refused as exc:
            if exc.problem.fields.get("end_date") == tr(PAST_END_DATE):
                self._past_ok = self.end_date.text().strip()
            self.failed(exc.problem)
            return
        upgrade_only = self.upgrade_only.isChecked()
        self.run(self.supervised(self.pin, lambda: self.flow.apply(values, upgrade_only=upgrade_only)),
                 self.done_changing, self._refused, busy=(self.apply,))

    def show_problem(self, problem: Problem | str | None) -> None:
        super().show_problem(problem)
        self._grow()

    def _grow(self) -> None:
        """Sized to content: taller when a message or the store field appears, never squeezing a field."""
        self.layout_.activate()
        if self.height() < self.sizeHint().height():
            self.resize(self.width(), self.sizeHint().height())

    def _other_store(self, checked: bool) -> None:
        self.form.set_visible("store", checked)
        self._grow()
        if checked:
            self.store.setFocus()
        else:
            self.store.clear()  # unticked: the level goes to this store again

    def _refused(self, problem: Problem) -> None:
        fields = {k: v for k, v in problem.fields.items() if k != "user"}
        self.pin_refused(self.pin, Problem(problem.kind, problem.message, fields, problem.code))


class AnonymiseDialog(MemberDialog):
    """Anonymise now (irreversible, typed confirmation) or mark for anonymisation. Nothing here
    is a default button: Enter in a field never anonymises."""

    def __init__(self, backend: Backend, ops: Ops, profile: MemberProfile, parent: QWidget | None = None):
        super().__init__(tr("Anonymise"), backend, ops, profile, parent)
        self.flow = Anonymisation(backend.client, self.member_key, profile.name)
        fit_screen(self, 560, 460)
        self.word = self.flow.word
        card = ""
        details = profile.details
        if details and details.membership and details.membership.primary_card:
            card = details.membership.primary_card.number or ""
        who = (profile.name or tr("this member")) + (f" ({card})" if card else "")
        warning = QLabel(tr("<b>Anonymising {member} removes their name, phone, email, birthday and address for good. This cannot be undone.</b><br>Only do this when the customer asked for their data to be deleted.").format(member=html.escape(who)))
        warning.setWordWrap(True)
        warning.setStyleSheet(f"color:{style.BAD_INK};")
        self.layout_.addWidget(warning)
        layout = QFormLayout()
        self.layout_.addLayout(layout)
        self.form = form = Form(layout)
        self.mark_only = QCheckBox(tr("Only mark for anonymisation (the data is removed later)"))
        form.add("mode", tr("What"), self.mark_only)
        self.typed = form.line("confirm", tr("Type {word}").format(word=self.word), "", tr("Type {word} to confirm").format(word=self.word))
        self.pin = form.line("manager_pin", tr("Manager PIN"), secret=True)
        self.mark_only.toggled.connect(self._mode)
        self.layout_.addStretch(1)
        self.apply = QPushButton()
        self.apply.setObjectName("danger")
        self.apply.setAutoDefault(False)
        self.apply.clicked.connect(self._apply)
        cancel = QPushButton(tr("Cancel"))
        cancel.clicked.connect(self.reject)
        self.layout_.addLayout(button_row(cancel, self.apply))
        self._mode(False)
        self.reset(profile)  # the member's name in the title (this dialog is built for each use)
        self.typed.setFocus()  # the cashier types the confirmation first (Enter still does nothing here)

    def _primary_clicked(self) -> None:
        """Ctrl+Enter does not anonymise either: it needs a click."""

    def _mode(self, mark_only: bool) -> None:
        self.apply.setText(tr("Mark for anonymisation") if mark_only else tr("Anonymise for good"))

    def _apply(self) -> None:
        if self.ops.running(self):
            return
        self.show_problem(None)
        mark_only = self.mark_only.isChecked()
        try:
            self.flow.check(self.typed.text(), mark_only=mark_only)
        except Refused as exc:
            self.failed(exc.problem)
            return
        self.form.show_errors({})
        self.run(self.supervised(self.pin, lambda: self.flow.apply(mark_only=mark_only)), self.done_changing,
                 lambda problem: self.pin_refused(self.pin, problem), busy=(self.apply,))
