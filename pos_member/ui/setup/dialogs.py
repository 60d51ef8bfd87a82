"""First run, store settings (behind the manager PIN), cashier sign-in and the shortcut help."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_member import credentials
from pos_member.config import (
    NeedsAdministrator,
    Settings,
    SettingsError,
    hash_pin,
    save_store_settings,
    save_user_settings,
)
from pos_member.flows.changes import prove_manager
from pos_member.flows.pin import ManagerPinGate
from pos_member.flows.problems import Problem
from pos_member.flows.setup import parse_connection, test_connection
from pos_member.i18n import LANGUAGES, QT_TR_NOOP, tr
from pos_member.ui.shared import style
from pos_member.ui.shared.fit import fit_page, fit_screen
from pos_member.ui.shared.forms import Form, button_row, ctrl_enter, focus_field, problem_label
from pos_member.ui.shared.ops import Ops
from pos_member.ui.shared.pin_wait import LockoutCountdown

DEFAULT_SERVER = "https://stamps.co.id"
_EMPLOYEE = re.compile(r"^[A-Za-z0-9._-]{1,20}$")
#: Saving the store profile may wait for an administrator at the UAC prompt: never on the event loop.
_SAVING = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-profile")
NEEDS_IT = QT_TR_NOOP("Only IT can change the settings of this counter: saving them needs an administrator "
                      "of this computer, and none confirmed it. Nothing was changed.")


async def save_store(changes: dict[str, Any]) -> None:
    """``save_store_settings`` off the event loop (the elevation prompt may take a while)."""
    await asyncio.get_running_loop().run_in_executor(_SAVING, save_store_settings, changes)


def _title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("memberName")
    label.setWordWrap(True)
    return label



def _connection_page(settings: Settings | None) -> tuple[QWidget, QVBoxLayout, QLabel, Form]:
    """The "Connect this counter" page of the first run and of Connect: title, problem line, fields."""
    page = QWidget()
    column = QVBoxLayout(page)
    column.addWidget(_title(tr("Connect this counter to Stamps")))
    problem = problem_label()
    column.addWidget(problem)
    form_layout = QFormLayout()
    column.addLayout(form_layout)
    form = Form(form_layout)
    _connection_fields(form, settings)
    column.addStretch(1)
    return page, column, problem, form

def _connection_fields(form: Form, settings: Settings | None) -> None:
    form.line("api_base_url", tr("Stamps server"), DEFAULT_SERVER).setText(
        str(settings.api_base_url) if settings and settings.api_base_url else DEFAULT_SERVER)
    form.choice("auth", tr("Sign-in kind"), [(tr("Token (never expires)"), "token"), (tr("JWT (renewed daily)"), "jwt")])
    form.line("token", tr("API token"), tr("From the Stamps merchant dashboard"), secret=True)
    form.line("merchant", tr("Merchant ID"), "14")
    form.line("store", tr("Store ID"), tr("Optional"))
    form.line("store_name", tr("Store name"), tr("Shown in the status bar"))
    if settings is not None:
        form.fill({"auth": settings.auth, "merchant": settings.merchant or "", "store": settings.store or "",
                   "store_name": settings.store_name})


async def _check_and_save_connection(form: Form, problem_label: QLabel, *, keep_token: bool) -> dict[str, Any] | None:
    """Validate, ping Stamps, store the token in the credential store; the settings to save, or None."""
    values = form.values()
    token = values["token"] or ""
    stored = await credentials.fetch_token() if keep_token and not token else None
    if stored is not None:
        token = stored.get_secret_value()
    conn, errors = parse_connection(values["api_base_url"], values["auth"], token, str(values["merchant"]),
                                    str(values["store"]))
    form.show_errors(errors)
    if conn is None:
        return None
    problem = await test_connection(conn)
    if problem is not None:
        unplaced = form.show_errors(problem.fields)
        problem_label.setText(problem.message if (unplaced or not problem.fields) else "")
        problem_label.setVisible(bool(problem_label.text()))
        return None
    try:
        await credentials.store_token(conn.token)
    except Exception as exc:  # noqa: BLE001 (keyring backends raise their own types)
        problem_label.setText(tr("This computer has no credential store to keep the token safely ({error}). "
                                 "Ask IT to enable Windows Credential Manager.").format(error=type(exc).__name__))
        problem_label.setVisible(True)
        return None
    return {"api_base_url": conn.base_url, "auth": conn.auth, "merchant": conn.merchant, "store": conn.store,
            "store_name": (values.get("store_name") or "").strip() or None}


class FirstRunDialog(QDialog):
    """No settings yet: practise, or connect this counter to Stamps."""

    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.choice: str | None = None
        self.setWindowTitle(tr("Welcome to Stamps Members"))
        self.setStyleSheet(style.APP_QSS)
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack)

        choose = QWidget()
        column = QVBoxLayout(choose)
        column.addWidget(_title(tr("Welcome to Stamps Members")))
        intro = QLabel(tr("This counter is not connected to Stamps yet. What would you like to do?"))
        intro.setWordWrap(True)
        column.addWidget(intro)
        self.practise = QPushButton(tr("Practise in training mode"))
        self.practise.setObjectName("primary")
        self.practise.setMinimumHeight(56)
        self.practise.clicked.connect(self._practise)
        practise_note = QLabel(tr("Demo members and a practice server on this computer. Nothing reaches real customers."))
        practise_note.setObjectName("muted")
        practise_note.setWordWrap(True)
        self.connect_button = QPushButton(tr("Connect this counter to Stamps"))
        self.connect_button.setMinimumHeight(56)
        self.connect_button.clicked.connect(lambda: self.stack.setCurrentIndex(1))
        connect_note = QLabel(tr("For the store manager: needs the server address, API token and merchant ID."))
        connect_note.setObjectName("muted")
        connect_note.setWordWrap(True)
        for widget in (self.practise, practise_note, self.connect_button, connect_note):
            column.addWidget(widget)
        column.addStretch(1)
        self.stack.addWidget(choose)

        connect, column, self.problem, self.form = _connection_page(None)
        back = QPushButton(tr("Back"))
        back.clicked.connect(lambda: self.stack.setCurrentIndex(0))
        self.save = QPushButton(tr("Test and save"))
        self.save.setObjectName("primary")
        self.save.clicked.connect(lambda: self.ops.run(self, self._connect, on_failure=self._failed))
        column.addLayout(button_row(back, self.save))
        self.stack.addWidget(connect)
        fit_page(self, self.stack)  # each page as tall as what it shows
        self.stack.currentChanged.connect(lambda _index: fit_page(self, self.stack))
        self.stack.currentChanged.connect(self._page_keys)
        self._page_keys(0)

    def _page_keys(self, index: int) -> None:
        """Enter presses the page's primary button; the connect page opens on its first field."""
        self.practise.setDefault(index == 0)
        self.save.setDefault(index == 1)
        if index == 1:
            focus_field(self.form.inputs["api_base_url"])
        else:
            self.practise.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        if ctrl_enter(event):
            button = self.save if self.stack.currentIndex() == 1 else self.practise
            if button.isEnabled():
                button.click()
            return
        super().keyPressEvent(event)

    def _failed(self, problem: Problem) -> None:
        self.problem.setText(problem.message)
        self.problem.setVisible(True)

    def _practise(self) -> None:
        save_user_settings({"mode": "cashier"})  # remembered: no first-run question next time
        self.choice = "training"
        self.accept()

    async def _connect(self) -> None:
        self.problem.setVisible(False)
        self.save.setEnabled(False)
        self.save.setText(tr("Testing…"))
        try:
            settings = await _check_and_save_connection(self.form, self.problem, keep_token=False)
        finally:
            self.save.setEnabled(True)
            self.save.setText(tr("Test and save"))
        if settings is None:
            return
        save_user_settings(settings)
        self.choice = "connected"
        self.accept()


class PinGate(QWidget):
    """Asks for the manager PIN before showing what it guards (checked by the app's shared gate:
    off the event loop, wrong tries counted towards the lock-out)."""

    unlocked = Signal()

    def __init__(self, gate: ManagerPinGate, ops: Ops, parent: QWidget | None = None):
        super().__init__(parent)
        self.gate, self.ops = gate, ops
        layout = QVBoxLayout(self)
        layout.addWidget(_title(tr("Manager PIN")))
        form_layout = QFormLayout()
        layout.addLayout(form_layout)
        self.form = Form(form_layout)
        self.pin = self.form.line("manager_pin", tr("Manager PIN"), secret=True)
        self.pin.returnPressed.connect(self.check)
        self.countdown = LockoutCountdown(gate, lambda text: self.form.set_error("manager_pin", text), self)
        self.unlock = QPushButton(tr("Unlock"))
        self.unlock.setObjectName("primary")
        self.unlock.clicked.connect(self.check)
        layout.addLayout(button_row(self.unlock))
        layout.addStretch(1)

    def check(self) -> None:
        pin = self.pin.text()
        self.pin.clear()
        self.ops.run(self, lambda: prove_manager(self.gate, pin), self._unlocked, self._refused, busy=(self.unlock,))

    def _refused(self, problem: Problem) -> None:
        self.form.show_errors(problem.fields)
        self.countdown.start()

    def _unlocked(self, _none: None) -> None:
        self.countdown.stop()
        self.form.show_errors({})
        self.unlocked.emit()


class ConnectDialog(QDialog):
    """No API token at start-up: the store manager connects this counter, behind the manager PIN.
    The token goes to the credential store; a changed server, merchant or store to the store
    profile (which may need IT)."""

    def __init__(self, settings: Settings, ops: Ops, gate: ManagerPinGate, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings, self.ops = settings, ops
        self.setWindowTitle(tr("Connect this counter to Stamps"))
        self.setStyleSheet(style.APP_QSS)
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack)
        self.gate = PinGate(gate, ops)
        self.gate.unlocked.connect(lambda: self.stack.setCurrentIndex(1))
        self.stack.addWidget(self.gate)
        page, column, self.problem, self.form = _connection_page(settings)
        cancel = QPushButton(tr("Cancel"))
        cancel.clicked.connect(self.reject)
        self.save = QPushButton(tr("Test and save"))
        self.save.setObjectName("primary")
        self.save.clicked.connect(lambda: self.ops.run(self, self._connect, on_failure=self._failed))
        column.addLayout(button_row(cancel, self.save))
        self.stack.addWidget(page)

    def _failed(self, problem: Problem) -> None:
        self.problem.setText(problem.message)
        self.problem.setVisible(True)

    async def _connect(self) -> None:
        self.problem.setVisible(False)
        connection = await _check_and_save_connection(self.form, self.problem, keep_token=False)
        if connection is None:
            return
        current = {"api_base_url": str(self.settings.api_base_url) if self.settings.api_base_url else None,
                   "auth": self.settings.auth, "merchant": self.settings.merchant, "store": self.settings.store}
        changed = {k: v for k, v in connection.items() if k in current and v != current[k]}
        if changed:
            try:
                await save_store({**changed, "store_name": connection.get("store_name")})
            except (NeedsAdministrator, OSError, SettingsError):
                self.problem.setText(tr(NEEDS_IT))
                self.problem.setVisible(True)
                return
        self.accept()


class SettingsDialog(QDialog):
    """Store settings, behind the manager PIN. ``saved`` says whether the window must restart."""

    saved = Signal(bool)

    def __init__(self, settings: Settings, ops: Ops, parent: QWidget | None = None, *, gate: ManagerPinGate | None = None):
        super().__init__(parent)
        self.settings, self.ops = settings, ops
        self.setWindowTitle(tr("Store settings"))
        self.setStyleSheet(style.APP_QSS)
        fit_screen(self, 640, 720)
        layout = QVBoxLayout(self)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack)
        self.gate = PinGate(gate or ManagerPinGate(settings.manager_pin_hash), ops)
        self.gate.unlocked.connect(self._unlocked)
        self.stack.addWidget(self.gate)

        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(_title(tr("Store settings")))
        self.problem = problem_label()
        column.addWidget(self.problem)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        holder = QWidget()
        form_layout = QFormLayout(holder)
        scroll.setWidget(holder)
        column.addWidget(scroll, 1)
        self.form = form = Form(form_layout)
        form.choice("language", tr("Language"), [(name, code) for code, name in LANGUAGES.items()])
        form.line("privacy_policy_url", tr("Privacy policy (link)"), "https://…",
                  tr("Shown with the consent questions, as text and a QR code"))
        form.line("min_age_alone", tr("Youngest age to register alone"), "17",
                  tr("Younger customers register at the counter with a parent"))
        form.line("otp_sms", tr("Code template (SMS)"), "OTP_1")
        form.line("otp_whatsapp", tr("Code template (WhatsApp)"), "OTP_1")
        form.line("otp_email", tr("Code template (email)"), "OTP_1")
        form.line("kiosk_idle_seconds", tr("Kiosk idle time (s)"), "60")
        form.line("search_debounce_ms", tr("Search delay (ms)"), "220")
        form.line("new_pin", tr("New manager PIN"), tr("Leave empty to keep"), secret=True)
        form.line("new_pin_again", tr("New PIN again"), "", secret=True)
        self.connection_note = QLabel(tr("Connection (leave the token empty to keep the current one)"))
        self.connection_note.setObjectName("sectionTitle")
        form_layout.addRow(self.connection_note)
        _connection_fields(form, settings)
        form.fill({
            "language": settings.language,
            "privacy_policy_url": str(settings.privacy_policy_url or ""), "min_age_alone": str(settings.min_age_alone),
            "otp_sms": settings.otp_templates.sms, "otp_whatsapp": settings.otp_templates.whatsapp,
            "otp_email": settings.otp_templates.email, "kiosk_idle_seconds": settings.kiosk_idle_seconds,
            "search_debounce_ms": settings.search_debounce_ms,
        })
        if settings.training:
            form.edit("api_base_url").setText("")
        cancel = QPushButton(tr("Cancel"))
        cancel.clicked.connect(self.reject)
        self.save = QPushButton(tr("Save"))
        self.save.setObjectName("primary")
        self.save.clicked.connect(lambda: self.ops.run(self, self._save, on_failure=self._failed))
        column.addLayout(button_row(cancel, self.save))
        self.stack.addWidget(page)
        focus_field(self.gate.pin)  # it opens on the PIN; Enter there unlocks

    def _unlocked(self) -> None:
        """The settings page: on its first field, Enter (in a field) and Ctrl+Enter save."""
        self.stack.setCurrentIndex(1)
        self.save.setDefault(True)
        self.form.inputs["language"].setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        if ctrl_enter(event):
            if self.stack.currentIndex() == 1 and self.save.isEnabled():
                self.save.click()
            return
        super().keyPressEvent(event)

    def show_in_use(self, merchant: str, store: str) -> None:
        """Training mode: the fields are for a real store (left empty so the practice values are
        never saved), but they say what the counter uses now, as the status bar does."""
        for name, value in (("merchant", merchant), ("store_name", store)):
            edit = self.form.edit(name)
            if not edit.text() and value:
                edit.setPlaceholderText(tr("Training: {value}").format(value=value))

    def _failed(self, problem: Problem) -> None:
        self.problem.setText(problem.message)
        self.problem.setVisible(True)

    async def _save(self) -> None:
        values = self.form.values()
        errors: dict[str, str] = {}
        changes: dict[str, Any] = {
            "language": values["language"],
            "otp_templates": {k: (values[f"otp_{k}"] or "").strip() or "OTP_1" for k in ("sms", "whatsapp", "email")},
        }
        policy = (values["privacy_policy_url"] or "").strip()
        if policy and not policy.startswith(("https://", "http://")):
            errors["privacy_policy_url"] = tr("Enter the whole link, starting with https://")
        else:
            changes["privacy_policy_url"] = policy or None
        for key, low, high in (("kiosk_idle_seconds", 15, 3600), ("search_debounce_ms", 0, 2000), ("min_age_alone", 13, 21)):
            text = str(values[key]).strip()
            if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
                errors[key] = tr("Enter a whole number from {low} to {high}.").format(low=low, high=high)
            else:
                changes[key] = int(text)
        if values["new_pin"] or values["new_pin_again"]:
            if values["new_pin"] != values["new_pin_again"]:
                errors["new_pin_again"] = tr("The two PINs are not the same.")
            else:
                try:
                    changes["manager_pin_hash"] = hash_pin(values["new_pin"])
                except ValueError:
                    errors["new_pin"] = tr("The manager PIN must be 4 to 12 digits.")
        self.form.show_errors(errors)
        if errors:
            return
        restart = values["language"] != self.settings.language
        wants_connection = bool((values["api_base_url"] or "").strip())
        if wants_connection:
            current = (str(self.settings.api_base_url) if self.settings.api_base_url else "", self.settings.auth,
                       str(self.settings.merchant or ""), str(self.settings.store or ""))
            typed = (values["api_base_url"].strip(), values["auth"], str(values["merchant"]).strip(), str(values["store"]).strip())
            if typed != current or values["token"]:
                connection = await _check_and_save_connection(self.form, self.problem, keep_token=True)
                if connection is None:
                    return
                changes.update(connection)
                restart = True
            else:
                changes["store_name"] = (values.get("store_name") or "").strip() or None
        try:
            await save_store(changes)
        except NeedsAdministrator:
            self.problem.setText(tr(NEEDS_IT))
            self.problem.setVisible(True)
            return
        except (SettingsError, OSError) as exc:
            self.problem.setText(str(exc))
            self.problem.setVisible(True)
            return
        self.saved.emit(restart)
        self.accept()


class SignInDialog(QDialog):
    """The cashier signs in at shift start with their employee code (sent with registrations)."""

    signedIn = Signal(str)

    def __init__(self, current: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Cashier sign-in"))
        self.setStyleSheet(style.APP_QSS)
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        layout.addWidget(_title(tr("Who is at this counter?")))
        form_layout = QFormLayout()
        layout.addLayout(form_layout)
        self.form = Form(form_layout)
        self.code = self.form.line("employee_code", tr("Employee code"), "EMP001")
        self.code.setText(current or "")
        self.code.returnPressed.connect(self.sign_in)
        layout.addStretch(1)
        self.button = QPushButton(tr("Sign in"))
        self.button.setObjectName("primary")
        self.button.clicked.connect(self.sign_in)
        layout.addLayout(button_row(self.button))
        self.adjustSize()  # as tall as its one field, not a fixed box with a gap
        self.code.setFocus()

    def sign_in(self) -> None:
        code = self.code.text().strip()
        if not _EMPLOYEE.match(code):
            self.form.show_errors({"employee_code": tr("Enter your employee code: letters and digits, up to 20.")})
            return
        self.signedIn.emit(code)
        self.accept()

    def reject(self) -> None:
        """Esc does not skip signing in: registrations must say who made them."""


#: The keyboard contract, true in every window (README "Keys" mirrors it; a test keeps them equal).
SHORTCUTS = [
    ("F2 / Ctrl+F", QT_TR_NOOP("Go to the search box")),
    ("↑ ↓  Enter", QT_TR_NOOP("Open the highlighted suggestion (↑ ↓ move the highlight)")),
    ("Enter", QT_TR_NOOP("Before any suggestion shows, on a full email, phone number or member ID: open that member, or offer to register them")),
    (QT_TR_NOOP("Card scan"), QT_TR_NOOP("Open that member, wherever the cursor is (replaces what was typed; ignored while another window is open)")),
    ("Esc", QT_TR_NOOP("Clear the search (the member on screen stays); on an empty search box: next customer")),
    ("Alt+←", QT_TR_NOOP("Back to the previous customer (this shift)")),
    ("F5", QT_TR_NOOP("Load the member again / retry")),
    (QT_TR_NOOP("Enter in a window"), QT_TR_NOOP("The button drawn as primary; never Remove or Anonymise (they need a click)")),
    ("Ctrl+Enter", QT_TR_NOOP("Save or send the form (register, edit profile, tags, set level, code)")),
    (QT_TR_NOOP("Enter in the registration form"), QT_TR_NOOP("Next field (a card scanner ends with Enter)")),
    (QT_TR_NOOP("Enter in the manager PIN field"), QT_TR_NOOP("Apply (Set level, unlock the settings); Anonymise needs a click")),
    (QT_TR_NOOP("Esc in a window"), QT_TR_NOOP("Close it without saving (sign-in excepted; a registration on its way shows its outcome first)")),
    ("Ctrl+Shift+S", QT_TR_NOOP("Switch cashier (asks first when a customer or a draft is on screen; Enter stays)")),
    ("Ctrl+,", QT_TR_NOOP("Store settings (manager PIN)")),
    ("Ctrl+O", QT_TR_NOOP("Outbox")),
    ("F1", QT_TR_NOOP("This help")),
    ("F9", QT_TR_NOOP("Training mode: the customer's phone and inbox, also beside a code window")),
]


def help_rows(actions: list[tuple[str, str, str, bool]]) -> list[tuple[str, str]]:
    """(keys, what they do) in the current language: the general keys, then each action's (member
    actions work from the search box too)."""
    return [(tr(keys), tr(text)) for keys, text in SHORTCUTS] + [(keys, tr(text)) for _, text, keys, _ in actions]


class HelpDialog(QDialog):
    """The keys, and "Save a support file" (when ``support`` is given: it writes the zip)."""

    def __init__(self, actions: list[tuple[str, str, str, bool]], parent: QWidget | None = None, *,
                 ops: Ops | None = None, support: Callable[[Path], Awaitable[Path]] | None = None):
        super().__init__(parent)
        self.ops, self._support = ops or Ops(), support
        self.setWindowTitle(tr("Keyboard shortcuts"))
        self.setStyleSheet(style.APP_QSS)
        fit_screen(self, 640, 640)
        layout = QVBoxLayout(self)
        layout.addWidget(_title(tr("Keyboard shortcuts")))
        rows = help_rows(actions)
        table = QTableWidget(len(rows), 2)
        table.setAccessibleName(tr("Keyboard shortcuts"))
        table.setHorizontalHeaderLabels([tr("Keys"), tr("Action")])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for i, (keys, text) in enumerate(rows):
            table.setItem(i, 0, QTableWidgetItem(keys))
            table.setItem(i, 1, QTableWidgetItem(text))
        # Long descriptions (Indonesian ones especially) wrap onto more lines, never "tawarkan unt…".
        table.setWordWrap(True)
        table.setTextElideMode(Qt.TextElideMode.ElideNone)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().sectionResized.connect(lambda *_: table.resizeRowsToContents())
        table.resizeColumnToContents(0)
        self.table = table
        layout.addWidget(table)
        self.support_note = QLabel()
        self.support_note.setObjectName("muted")
        self.support_note.setWordWrap(True)
        self.support_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.support_note.setVisible(False)
        layout.addWidget(self.support_note)
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.accept)
        self.support_button = QPushButton(tr("Save a support file…"))
        self.support_button.setToolTip(tr("The logs, the version and the settings (no token, no customer details) "
                                          "in one file, for support"))
        self.support_button.clicked.connect(self._choose_support_file)
        self.support_button.setVisible(support is not None)
        layout.addLayout(button_row(self.support_button, close))

    def _choose_support_file(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from pos_member.support import default_name

        chooser = QFileDialog(self, tr("Save a support file"), str(Path.home() / default_name()), "Zip (*.zip)")
        chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        chooser.fileSelected.connect(lambda name: self.save_support_to(Path(name)))
        chooser.open()  # not exec(): no nested event loop under qasync

    def save_support_to(self, target: Path) -> None:
        if self._support is None:
            return
        support = self._support

        def saved(path: Path) -> None:
            self.support_note.setText(tr("Saved: {path}. Give this file to support.").format(path=path))
            self.support_note.setVisible(True)

        def failed(problem: Problem) -> None:
            self.support_note.setText(tr("The support file could not be saved: {why}").format(why=problem.message))
            self.support_note.setVisible(True)

        self.ops.run(self, lambda: support(target), saved, failed, busy=(self.support_button,), key="support")
