"""Registering a new member: the full form, and quick registration from one email or phone."""

from __future__ import annotations

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
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pos_member.api import RegistrationMethod
from pos_member.api.codes import active as active_codes
from pos_member.flows import consent
from pos_member.flows import format as fmt
from pos_member.flows.problems import Problem, held_message
from pos_member.flows.registration import (
    CHECK_FIELDS,
    QUICK_QUEUED,
    Answer,
    Duplicate,
    QuickRegistration,
    Registrar,
    RegistrationFlow,
    Submitted,
    parse_date,
)
from pos_member.i18n import QT_TR_NOOP, tr
from pos_member.runtime import Backend
from pos_member.ui.registration.quick_completion import QuickCompletionPanel
from pos_member.ui.shared import a11y, style
from pos_member.ui.shared.fit import fit_page, fit_screen, keep_on_screen
from pos_member.ui.shared.forms import Form, clear_layout, ctrl_enter, focus_field, next_field
from pos_member.ui.shared.key_guard import FreshPageGuard
from pos_member.ui.shared.labels import marital_options, religion_options
from pos_member.ui.shared.ops import Ops
from pos_member.ui.shared.qr import QrCode
from pos_member.ui.shared.scanner import ACCEPTS_SCAN

#: The seed's registration methods, in the cashier's language.
METHOD_NAMES: dict[int, str] = {
    RegistrationMethod.MOBILE_WEB: QT_TR_NOOP("Mobile web"), RegistrationMethod.WEB: QT_TR_NOOP("Web"),
    RegistrationMethod.STORE: QT_TR_NOOP("Store"), RegistrationMethod.API: QT_TR_NOOP("API"),
    RegistrationMethod.MERCHANT: QT_TR_NOOP("Merchant"), RegistrationMethod.MOBILE_API: QT_TR_NOOP("Mobile API"),
    RegistrationMethod.SMS: QT_TR_NOOP("SMS"), RegistrationMethod.ANDROID: QT_TR_NOOP("Android"),
    RegistrationMethod.IOS: QT_TR_NOOP("iOS"), RegistrationMethod.IMPORTED: QT_TR_NOOP("Imported"),
}


#: Said when the cashier tries to leave while a registration runs: once Register is pressed the
#: request may already have reached Stamps, so the window stays until the outcome shows.
STILL_REGISTERING = QT_TR_NOOP("Registering… please wait — it will be saved on this counter if Stamps does not answer.")


def _wait_note() -> QLabel:
    note = QLabel()
    note.setObjectName("waitNote")
    note.setWordWrap(True)
    note.setStyleSheet("font-weight: bold;")
    note.setVisible(False)
    return note


def registrar_of(backend: Backend) -> Registrar:
    """Registrations always go through the outbox (the cashier and kiosk backends have one)."""
    assert backend.outbox is not None and backend.sender is not None, "registrations need the outbox"
    return Registrar(backend.outbox, backend.sender)


def _section(title: str) -> QLabel:
    label = QLabel(title)
    label.setObjectName("sectionTitle")
    return label


def _buttons(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        # Enter moves between fields (a card scanner ends with Enter); Ctrl+Enter submits.
        button.setAutoDefault(False)
        button.setDefault(False)
        row.addWidget(button)
    return row


class ResultPage(QWidget):
    """After submitting: registered (with the new member's number, large, and its QR code for the
    customer's phone camera) or saved for later."""

    openMember = Signal(str)  # the new member, opened behind the success page

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setObjectName("memberName")
        self.title.setWordWrap(True)
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setStyleSheet("font-size:11pt;")
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.number_caption = QLabel(tr("Member number"))
        self.number_caption.setObjectName("muted")
        self.number = QLabel()
        self.number.setObjectName("memberNumber")
        self.number.setStyleSheet("font-size:20pt; font-weight:bold;")
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.qr = QrCode(module_px=6)
        self.qr.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(560)  # the number and its QR side by side, with room between
        self.qr.setAccessibleName(tr("QR code of the member number"))
        row = QHBoxLayout()
        column = QVBoxLayout()
        column.addWidget(self.number_caption)
        column.addWidget(self.number)
        column.addSpacing(6)
        column.addWidget(self.body)
        column.addStretch(1)
        row.addLayout(column, 1)
        row.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.title)
        layout.addLayout(row)
        layout.addStretch(1)
        # The new member is open behind this page already: closing it is the natural next step
        # (Enter); there is no "Open profile" to press for what is already there.
        self.another = QPushButton(tr("Register another"))
        self.close_button = QPushButton(tr("Close"))
        self.close_button.setObjectName("primary")
        layout.addLayout(_buttons(self.another, self.close_button))
        self.user_id: str | None = None

    def open_behind(self) -> None:
        """The new member opens behind the success window at once: no "No member matches" page
        and no earlier search stay there."""
        if self.user_id:
            self.openMember.emit(self.user_id)

    def clear(self) -> None:
        """Forget the last member shown (the form is reused for the next customer)."""
        self.user_id = None
        for label in (self.title, self.body, self.number):
            label.clear()
        self.number.setAccessibleName("")  # a screen reader would still read the last number out
        self.qr.clear()

    def delivered(self, result: Any, *, reconciled: bool = False) -> None:
        """``reconciled``: found already registered at Stamps (an earlier attempt got through)."""
        user = getattr(result, "user", None) or result
        membership = getattr(result, "membership", None)
        self.user_id = str(user.id) if user is not None and user.id is not None else None
        card = membership.primary_card.number if membership and membership.primary_card else "–"
        tier = membership.tier if membership else "–"
        referral = membership.referral_code if membership else None
        # A quick registration may have only a phone: shown as everywhere else in the app.
        name = (user.name if user else "") or (user.email if user else "") or fmt.phone(user.phone if user else "")
        self.title.setText(tr("✓ {name} is now a member").format(name=name))
        has_card = card != "–"
        self.number.setText(card if has_card else "")
        self.number.setAccessibleName(tr("Member number: {card}").format(card=card) if has_card else "")
        self.number.setVisible(has_card)
        self.number_caption.setVisible(has_card)
        self.qr.set_text(card if has_card else "")
        self.qr.setVisible(has_card)
        lines = [tr("Tier: {tier}").format(tier=f"<b>{tier or '–'}</b>")]
        if referral:
            lines.append(tr("Referral code: {code}").format(code=f"<b>{referral}</b>"))
        if reconciled:
            lines.append(tr("Already registered at Stamps by an earlier attempt from this counter: found, and "
                            "not sent twice."))
        self.body.setText("<br>".join(lines))
        self._default(self.close_button)

    def _default(self, button: QPushButton) -> None:
        """Enter on this page presses the button drawn as primary."""
        for other in (self.another, self.close_button):
            other.setDefault(other is button)
            other.setObjectName("primary" if other is button else "")
            other.style().unpolish(other)
            other.style().polish(other)
        button.setFocus()

    def queued(self, submitted: Submitted, waiting: int, *, still_to_do: str = "") -> None:
        """``still_to_do``: what the cashier must still see to (instead of "nothing more to do")."""
        self.user_id = None
        self.number.setVisible(False)
        self.number_caption.setVisible(False)
        self.qr.clear()
        self.qr.setVisible(False)
        self.title.setText(tr("Saved on this counter"))
        reason = held_message(submitted.problem)  # the fact; the outbox's promise follows
        if still_to_do:
            stored = tr("The registration is stored safely and will be sent to Stamps automatically as soon as it "
                        "can be reached ({waiting} waiting).").format(waiting=waiting)
            self.body.setText(reason + "<br><br>" + stored + "<br><br><b>" + still_to_do + "</b>")
        else:
            self.body.setText(reason + "<br><br>" + tr("The registration is stored safely and will be sent to Stamps automatically as soon as it can be reached ({waiting} waiting). There is nothing more to do; the customer can go.").format(waiting=waiting))
        self._default(self.close_button)


class RegistrationDialog(QDialog):
    """The full registration form (every parameter of the API's Registration that a counter sets)."""

    openMember = Signal(str)
    draftChanged = Signal(dict)

    def __init__(self, backend: Backend, ops: Ops, *, cashier: str | None, prefill: dict[str, Any] | None = None,
                 errors: dict[str, str] | None = None, replaces: int | None = None, note: str = "",
                 method: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.ops = backend, ops
        self._resetting = False
        self.setWindowTitle(tr("Register a new member"))
        self.setStyleSheet(style.APP_QSS)
        fit_screen(self, 640, 760)  # the form scrolls; 1366×768 with a taskbar leaves ~690 px
        outer = QVBoxLayout(self)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack)

        # ---- form page
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        self.note = QLabel()
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        page_layout.addWidget(self.note)
        self.form_error = QLabel()
        self.form_error.setObjectName("problemText")
        self.form_error.setWordWrap(True)
        self.form_error.setVisible(False)
        page_layout.addWidget(self.form_error)
        self.duplicate_box = QFrame()
        self.duplicate_box.setObjectName("banner")
        self.duplicate_box.setProperty("level", "warn")
        self.duplicate_layout = QVBoxLayout(self.duplicate_box)
        self.duplicate_box.setVisible(False)
        page_layout.addWidget(self.duplicate_box)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.addWidget(_section(tr("Required")))
        required = QFormLayout()
        column.addLayout(required)
        column.addWidget(_section(tr("More about the customer (optional)")))
        optional = QFormLayout()
        column.addLayout(optional)
        column.addWidget(_section(tr("Promos: ask the customer, one by one")))
        consent_layout = QFormLayout()
        column.addLayout(consent_layout)
        pin_title = _section(tr("PIN for redeeming rewards (optional)"))
        column.addWidget(pin_title)
        pin = QFormLayout()
        column.addLayout(pin)
        column.addStretch(1)
        scroll.setWidget(holder)
        page_layout.addWidget(scroll, 1)

        self.form = form = Form(required)
        form.line("name", tr("Name *"), tr("Full name as on ID"))
        form.line("email", tr("Email *"), tr("name@example.com"))
        form.line("mobile_number", tr("Mobile number *"), tr("0812 0000 0000"))
        form.into(optional)
        form.line("birthday", tr("Birthday"), tr("DD-MM-YYYY"))
        self.form.check("parent_consent", tr("Parent"), tr(consent.PARENT_CONFIRMED))
        self.form.set_visible("parent_consent", False)
        form.choice("gender", tr("Gender"), [("—", None), (tr("Male"), "male"), (tr("Female"), "female")])
        form.line("member_id", tr("Member card"), tr("Scan or type the card number"),
                  tr("Leave empty to issue a new number")).setProperty(ACCEPTS_SCAN, True)
        form.line("address", tr("Address"), tr("Street and number"))
        form.line("district", tr("District ID"), "")
        form.line("postal_code", tr("Postal code"), tr("5 digits"))
        form.line("referral_code", tr("Referral code"), tr("From a friend who is a member"))
        form.choice("religion", tr("Religion"), religion_options())
        form.choice("marital_status", tr("Marital status"),
                             marital_options())
        form.line("wedding_date", tr("Wedding date"), tr("DD-MM-YYYY"))
        form.into(consent_layout)
        store = backend.shop_name  # as the customer knows it
        for key, label in zip(consent.CHANNELS, (tr("WhatsApp"), tr("SMS"), tr("Newsletter")), strict=True):
            form.check(key, label, consent.counter_line(key, store))  # never ticked in advance
        policy = str(backend.settings.privacy_policy_url or "")
        self.notice = QLabel(consent.notice(store, policy, kiosk=False))
        self.notice.setObjectName("muted")
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.policy_qr = QrCode(module_px=3)
        self.policy_qr.setAccessibleName(tr("QR code of the privacy policy"))
        self.policy_qr.set_text(policy, public=True)
        self.policy_qr.setFixedSize(self.policy_qr.minimumSize())
        self.policy_qr.setVisible(bool(policy))
        notice_row = QHBoxLayout()
        notice_row.addWidget(self.notice, 1)
        notice_row.addWidget(self.policy_qr, 0, Qt.AlignmentFlag.AlignTop)
        column.insertLayout(column.indexOf(pin_title), notice_row)
        form.into(pin)
        form.line("pin", tr("PIN"), tr("4 to 8 digits"), secret=True)
        form.line("confirm_pin", tr("PIN again"), "", secret=True)

        marital = self.form.combo("marital_status")
        marital.currentIndexChanged.connect(self._marital_changed)
        self.form.edit("birthday").textChanged.connect(self._birthday_changed)
        for widget in self.form.inputs.values():
            if isinstance(widget, QLineEdit):
                widget.returnPressed.connect(lambda: next_field(self))
                widget.textChanged.connect(self._draft_changed)
            elif isinstance(widget, QComboBox):  # a choice is typed too: the draft keeps it
                widget.currentIndexChanged.connect(self._draft_changed)
            elif isinstance(widget, QCheckBox):
                widget.toggled.connect(self._draft_changed)

        self.info = QLabel()
        self.info.setObjectName("muted")
        page_layout.addWidget(self.info)
        self.wait_note = _wait_note()
        page_layout.addWidget(self.wait_note)
        self.submit_button = QPushButton()
        a11y.show_text(self.submit_button, tr("Register  (Ctrl+Enter)"))
        self.submit_button.setObjectName("primary")
        self.submit_button.clicked.connect(lambda: self.submit())
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        self.clear_button = QPushButton(tr("Clear form"))
        self.clear_button.clicked.connect(self.clear)
        page_layout.addLayout(_buttons(self.clear_button, self.cancel_button, self.submit_button))
        self.stack.addWidget(page)
        self.form_page = page

        # ---- result page
        self.result_page = ResultPage()
        self.result_page.close_button.clicked.connect(self.accept)
        self.result_page.openMember.connect(self.openMember)
        self.result_page.another.clicked.connect(self._another)
        self.fresh = FreshPageGuard(self)
        self.stack.addWidget(self.result_page)
        self.reset(cashier=cashier, prefill=prefill, errors=errors, replaces=replaces, note=note, method=method)

    def reset(self, *, cashier: str | None, prefill: dict[str, Any] | None = None, errors: dict[str, str] | None = None,
              replaces: int | None = None, note: str = "", method: int | None = None) -> None:
        """Make the form new for the next customer (the window builds it once and reuses it: its
        widgets cost 15-45 ms on the event loop). Nothing of the previous customer stays, and
        refilling it does not touch the cashier's draft."""
        self.ops.cancel(self)
        backend = self.backend
        self.cashier, self.method, self.submitted = cashier, method, False
        self.flow = RegistrationFlow(backend.client, registrar_of(backend), backend.settings,
                                     cashier, method=method, replaces=replaces)
        self._resetting = True
        try:
            self._empty()
            if prefill:
                self.form.fill(prefill)
        finally:
            self._resetting = False
        self._marital_changed()
        self._birthday_changed()
        self.form.show_errors({})
        self.form_error.clear()
        self.form_error.setVisible(False)
        clear_layout(self.duplicate_layout)
        self.duplicate_box.setVisible(False)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.clear_button.setVisible(bool(note))
        method_name = METHOD_NAMES.get(int(method if method is not None else backend.settings.registration_method), "")
        method_name = tr(method_name) if method_name else ""
        store = backend.store_label or tr("this store")
        if cashier:
            text = tr("Registered at {store} by cashier {cashier}, method: {method}.")
        else:
            text = tr("Registered at {store} (no cashier signed in), method: {method}.")
        self.info.setText(text.format(store=store, cashier=cashier, method=method_name))
        self.busy(False)
        if self.stack.currentWidget() is not self.form_page:
            self.result_page.clear()
            self.stack.setCurrentWidget(self.form_page)
            fit_page(self, self.stack)
            fit_screen(self, 640, 760)
        if errors:
            self._show_problem_fields(errors, "")
        self.form.inputs["name"].setFocus()

    # ------------------------------------------------------------------ behaviour

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        if ctrl_enter(event):
            self.submit()
            return
        super().keyPressEvent(event)

    def _marital_changed(self) -> None:
        married = self.form.combo("marital_status").currentData() == active_codes().married
        self.form.set_visible("wedding_date", married)

    def _birthday_changed(self) -> None:
        """A child's birthday brings the parent's-consent box (and it goes with the birthday)."""
        try:
            birthday = parse_date(self.form.edit("birthday").text())
        except ValueError:
            birthday = None
        child = consent.needs_parent(birthday, self.backend.settings.min_age_alone)
        self.form.set_visible("parent_consent", child)
        if not child:
            self.form.fill({"parent_consent": False})

    def _draft_changed(self) -> None:
        if self._resetting:
            return
        if not self.submitted:
            self.draftChanged.emit(self.form.values())
        self._recheck()

    def _recheck(self) -> None:
        """The "check the fields" line goes with the last mark (a field loses its mark when the
        cashier edits it: forms.Form). After this edit's own handlers, whatever their order."""
        QTimer.singleShot(0, self, self._drop_check_line)

    def _drop_check_line(self) -> None:
        if self.form_error.isVisible() and not self.form.visible_errors() and self.form_error.text() == tr(CHECK_FIELDS):
            self.form_error.setVisible(False)

    def _empty(self) -> None:
        """Every field as for a new customer: texts, choices (Gender, …) and ticks."""
        for widget in self.form.inputs.values():
            if isinstance(widget, QLineEdit):
                widget.clear()
        for name in ("gender", "religion", "marital_status"):
            self.form.combo(name).setCurrentIndex(0)
        # Nothing is ticked in advance: each consent is the customer's own answer (UU PDP Art. 20).
        self.form.fill(dict.fromkeys((*consent.CHANNELS, "parent_consent"), False))

    def clear(self) -> None:
        """Clear form: nothing of the customer stays, the choices (Gender, …) included."""
        self._resetting = True
        try:
            self._empty()
        finally:
            self._resetting = False
        self._marital_changed()
        self._birthday_changed()
        self.form.show_errors({})
        self.note.setVisible(False)
        self.clear_button.setVisible(False)
        self.draftChanged.emit({})
        self.form.inputs["name"].setFocus()  # typing goes on for the customer at the counter

    def busy(self, on: bool) -> None:
        self.submit_button.setEnabled(not on)
        a11y.show_text(self.submit_button, tr("Registering…") if on else tr("Register  (Ctrl+Enter)"))
        if not on:
            self.wait_note.setVisible(False)

    @property
    def registering(self) -> bool:
        """Register was pressed and its outcome has not shown yet."""
        return self.ops.running(self)

    def done(self, result: int) -> None:
        """Esc, Cancel or the window's close while registering: the window stays and says so. The
        request may already be at Stamps, and the outbox keeps it if Stamps does not answer: the
        outcome (number and QR, or "saved on this counter") always shows."""
        if self.registering:
            self.wait_note.setText(tr(STILL_REGISTERING))
            self.wait_note.setVisible(True)
            return
        super().done(result)

    def hand_over(self) -> bool:
        """The app is closing while Register runs: the registration goes to the outbox now (or is
        there already), and this form is no draft any more. False when nothing was running, or the
        outbox could not keep it (then the draft keeps it). See ``RegistrationFlow.hand_over``."""
        if not self.registering or not self.flow.hand_over():
            return False
        self.ops.cancel(self)  # its outcome would come to a window that is going
        self.submitted = True
        self.draftChanged.emit({})
        return True

    @property
    def replaces(self) -> int | None:
        return self.flow.replaces

    def submit(self, *, checked_duplicates: bool = False) -> None:
        if self.stack.currentWidget() is not self.form_page or self.ops.running(self):
            return
        self.form_error.setVisible(False)
        self.duplicate_box.setVisible(False)
        form = self.form.values()
        self.busy(True)
        self.ops.run(self, lambda: self.flow.submit(form, checked_duplicates=checked_duplicates),
                     self._answered, self._refused)

    def _refused(self, problem: Problem) -> None:
        self.busy(False)
        self._show_problem_fields(problem.fields, problem.message)

    def _answered(self, answer: Answer) -> None:
        self.busy(False)
        if answer.duplicates:
            self._offer_duplicates(list(answer.duplicates))
            return
        self.form.show_errors({})
        submitted = answer.submitted
        assert submitted is not None
        self.submitted = True
        self.draftChanged.emit({})
        if submitted.state == "delivered":
            self.result_page.delivered(submitted.result,
                                       reconciled=bool(submitted.outcome and submitted.outcome.reconciled))
            self.result_page.open_behind()
        else:
            self.result_page.queued(submitted, self.flow.registrar.outbox.pending_count())
        self.stack.setCurrentWidget(self.result_page)
        fit_page(self, self.stack)
        self.fresh.arm()  # the Ctrl+Enter that registered must not close the success page too

    def _show_problem_fields(self, fields: dict[str, str], message: str) -> None:
        unplaced = self.form.show_errors(fields)
        extra = [fields[k] for k in unplaced if k != "__all__"] + ([fields["__all__"]] if "__all__" in fields else [])
        text = " ".join([message] + extra).strip() if (message or extra) else ""
        self.form_error.setText(text)
        self.form_error.setVisible(bool(text))

    def _offer_duplicates(self, duplicates: list[Duplicate]) -> None:
        clear_layout(self.duplicate_layout)
        what = {"email": tr("A member with this email: {member}"), "mobile_number": tr("A member with this mobile number: {member}")}
        title = QLabel(tr("Already a member? Registering twice is not possible."))
        title.setStyleSheet("font-weight: bold;")
        self.duplicate_layout.addWidget(title)
        for dup in duplicates:
            row = QHBoxLayout()
            text = QLabel(what[dup.field].format(member=dup.summary))
            text.setWordWrap(True)
            open_button = QPushButton(tr("Open this member"))
            open_button.setAutoDefault(False)
            user_id = str(dup.member.user.id if dup.member.user else "")
            open_button.clicked.connect(lambda _=False, uid=user_id: self._open_existing(uid))
            row.addWidget(text, 1)
            row.addWidget(open_button)
            self.duplicate_layout.addLayout(row)
            self.form.set_error(dup.field, tr("Already used by {member}.").format(member=dup.summary))
        self.duplicate_box.setVisible(True)
        field = self.form.inputs.get(duplicates[0].field) if duplicates else None
        if field is not None:
            focus_field(field)  # what must change, typed on, not over

    def _open_existing(self, user_id: str) -> None:
        self.openMember.emit(user_id)
        self.accept()

    def _another(self) -> None:
        self.submitted = False
        self.clear()
        self.stack.setCurrentWidget(self.form_page)
        fit_page(self, self.stack)
        fit_screen(self, 640, 760)
        self.form.inputs["name"].setFocus()


class QuickRegistrationDialog(QDialog):
    """Partial registration from one email address or mobile number; the customer completes the
    profile later from the registration message."""

    openMember = Signal(str)
    #: The new member's profile was changed here (the user id): the counter shows it again.
    memberChanged = Signal(str)
    #: Stamps cannot be reached: register with the full form instead (what was typed).
    registerInstead = Signal(str)

    def __init__(self, backend: Backend, ops: Ops, *, cashier: str | None, text: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.ops, self.cashier = backend, ops, cashier
        self.flow = QuickRegistration(registrar_of(backend), cashier)
        self.setWindowTitle(tr("Quick registration"))
        self.setStyleSheet(style.APP_QSS)
        self.setMinimumWidth(620)  # the promo lines name the shop on one line each
        layout = QVBoxLayout(self)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack)
        page = QWidget()
        column = QVBoxLayout(page)
        explain = QLabel(tr("Register with just an email address or a mobile number. The customer gets a message to complete their profile."))
        explain.setWordWrap(True)
        column.addWidget(explain)
        form_layout = QFormLayout()
        column.addLayout(form_layout)
        self.form = Form(form_layout)
        self.contact = self.form.line("user", tr("Email or mobile *"), tr("name@example.com or 0812 0000 0000"))
        self.contact.setText(text)
        self.contact.returnPressed.connect(self.submit)
        self.form_error = QLabel()
        self.form_error.setObjectName("problemText")
        self.form_error.setWordWrap(True)
        self.form_error.setVisible(False)
        column.addWidget(self.form_error)
        column.addStretch(1)
        self.wait_note = _wait_note()
        column.addWidget(self.wait_note)
        self.submit_button = QPushButton(tr("Register"))
        self.submit_button.setObjectName("primary")
        self.submit_button.clicked.connect(self.submit)
        cancel = QPushButton(tr("Cancel"))
        cancel.clicked.connect(self.reject)
        self.full_form = QPushButton(tr("Full registration…"))
        self.full_form.clicked.connect(lambda: self.registerInstead.emit(self.contact.text()))
        self.full_form.setVisible(False)  # offered when Stamps cannot be reached
        column.addLayout(_buttons(cancel, self.full_form, self.submit_button))
        self.stack.addWidget(page)
        self.form_page = page
        self.result_page = ResultPage()
        self.completion = QuickCompletionPanel(backend, ops)  # what Stamps recorded; the customer's choices
        page_layout = self.result_page.layout()
        assert isinstance(page_layout, QVBoxLayout)
        page_layout.insertWidget(2, self.completion)
        self.result_page.another.setVisible(False)
        self.result_page.close_button.clicked.connect(self.accept)
        self.result_page.openMember.connect(self.openMember)
        self.completion.shown.connect(self._refit)
        self.completion.saved.connect(lambda: self.memberChanged.emit(self.result_page.user_id or ""))
        self.stack.addWidget(self.result_page)
        self.fresh = FreshPageGuard(self)
        self.keep_box: QMessageBox | None = None
        self._keep_confirmed = False
        fit_page(self, self.stack)
        self.contact.setFocus()

    def reset(self, *, cashier: str | None, text: str = "") -> None:
        """Make the dialog new for the next customer (the window builds it once and reuses it).
        Nothing of the previous customer stays: the contact, errors, the result page, the
        customer's answers about promos and a question left open."""
        self.ops.cancel(self)
        self.cashier = cashier
        self.flow = QuickRegistration(registrar_of(self.backend), cashier)
        if self.keep_box is not None:
            self.keep_box.close()
            self.keep_box = None
        self._keep_confirmed = False
        self.contact.setText(text)
        self.form.show_errors({})
        self.form_error.clear()
        self.form_error.setVisible(False)
        self._offer_full_form(False)
        self.completion.reset()
        self.result_page.clear()
        if self.stack.currentWidget() is not self.form_page:
            self.stack.setCurrentWidget(self.form_page)
            fit_page(self, self.stack)
        self.contact.setFocus()

    def _offer_full_form(self, offer: bool) -> None:
        """Stamps cannot be reached: "Full registration…" shows and is the primary button (Enter)."""
        self.full_form.setVisible(offer)
        for button, primary in ((self.full_form, offer), (self.submit_button, not offer)):
            button.setObjectName("primary" if primary else "")
            button.setDefault(primary and button is self.full_form)
            button.style().unpolish(button)
            button.style().polish(button)
        if offer:
            self.full_form.setFocus()

    def _refit(self) -> None:
        """The choices appear after the page (their look-up is async): size the window again."""
        fit_page(self, self.stack)
        fit_screen(self, self.width(), self.height())
        keep_on_screen(self)

    def done(self, result: int) -> None:
        if self.ops.running(self, "register"):  # as in the full form: never dropped half-way
            self.wait_note.setText(tr(STILL_REGISTERING))
            self.wait_note.setVisible(True)
            return
        if self._unchosen() and not self._keep_confirmed:
            self._ask_keep(result)
            return
        super().done(result)

    def _unchosen(self) -> list[str]:
        """The channels left at Stamps' 'yes' while the customer has not chosen."""
        return self.completion.unchosen() if self.stack.currentWidget() is self.result_page else []

    def _ask_keep(self, result: int) -> None:
        """Leaving before the customer answered: Stamps' defaults are no consent. Set them to no
        (the default button goes back to the customer's answers); nothing keeps a "yes"."""
        if self.keep_box is not None and self.keep_box.isVisible():
            return
        text = tr("The customer has not answered about promos ({channels}). Stamps may send them "
                  "promos they did not agree to: set these to no?").format(channels=", ".join(self._unchosen()))
        if not self.completion.name.text().strip():
            text += " " + tr("Stamps needs the customer's name to save it: type it next, then Enter.")
        box = QMessageBox(QMessageBox.Icon.Question, tr("Quick registration"), text, parent=self)
        no = box.addButton(tr("Set all to no"), QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton(tr("Back to the customer's answers"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)

        def answered(button: Any) -> None:
            if button is no:
                self.completion.set_all_no(then=lambda: self._closed_after_no(result))
            else:
                self._back_to_answers = True

        def closed(_result: int) -> None:
            if self._back_to_answers and self.isVisible():
                # After the question has gone: without a window manager nobody gives this window
                # the keyboard back, and the name typed next went nowhere.
                self._back_to_answers = False
                self.activateWindow()
                self.completion.name.setFocus(Qt.FocusReason.OtherFocusReason)

        self._back_to_answers = False
        box.buttonClicked.connect(answered)
        box.finished.connect(closed)
        self.keep_box = box
        box.open()

    def _closed_after_no(self, result: int) -> None:
        self._keep_confirmed = True
        self.done(result)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        if ctrl_enter(event):
            self.submit()
            return
        super().keyPressEvent(event)

    def submit(self) -> None:
        if self.stack.currentWidget() is self.result_page:
            return
        self.form.show_errors({})
        text = self.contact.text()
        self.form_error.setVisible(False)
        self.ops.run(self, lambda: self.flow.submit(text), self._answered, self._refused, busy=(self.submit_button,),
                     waiting=tr("Registering…"), key="register")

    def _refused(self, problem: Problem) -> None:
        self.wait_note.setVisible(False)
        self.form.show_errors(problem.fields)
        self._offer_full_form(problem.code == "quick_offline")
        if not problem.fields:  # e.g. NOT saved (full disk): said above the form, which is kept
            self.form_error.setText(problem.message)
            self.form_error.setVisible(bool(problem.message))
        self._refit()
        # Room for the words: the field is never squashed under them (the stack's height for
        # this width leaves out the wrapped line).
        layout = self.layout()
        if layout is not None:
            self.resize(self.width(), max(self.height(), layout.sizeHint().height()))
            keep_on_screen(self)

    def _answered(self, submitted: Submitted) -> None:
        self.wait_note.setVisible(False)
        if submitted.state == "delivered":
            self.result_page.delivered(submitted.result,
                                       reconciled=bool(submitted.outcome and submitted.outcome.reconciled))
            self.result_page.open_behind()
            self.completion.start(submitted.result, self.contact.text())
        else:
            self.result_page.queued(submitted, self.flow.registrar.outbox.pending_count(),
                                    still_to_do=tr(QUICK_QUEUED).format(contact=self.contact.text().strip()))
        self.stack.setCurrentWidget(self.result_page)
        fit_page(self, self.stack)
        self.fresh.arm()  # the Enter that registered must not act on this page

