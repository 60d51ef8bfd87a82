"""Dialogs that change the open member. All open with ``open()`` (never ``exec()``) and do their
work through ``Ops``; each reports success with ``changed`` so the profile reloads."""

from __future__ import annotations

import asyncio
import html
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from pos_member.i18n import tr
from pos_member.api import ApiError, MaritalStatus, RequestValidationError
from pos_member.config import verify_pin
from pos_member.flows import format as fmt
from pos_member.flows.changes import (
    OtpChange,
    confirmation_word,
    explain,
    level_choices,
    profile_form,
    profile_payload,
)
from pos_member.flows.problems import Problem, problem_from
from pos_member.flows.profile import MemberProfile
from pos_member.flows.registration import parse_date
from pos_member.runtime import Backend

from . import style
from .forms import Form
from .labels import marital_options
from .ops import Ops


def _row(*widgets: QWidget, stretch_first: bool = True) -> QHBoxLayout:
    row = QHBoxLayout()
    if stretch_first:
        row.addStretch(1)
    for widget in widgets:
        if isinstance(widget, QPushButton):
            widget.setAutoDefault(False)
        row.addWidget(widget)
    return row


def _problem_label() -> QLabel:
    label = QLabel()
    label.setObjectName("problemText")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


class MemberDialog(QDialog):
    """Common frame: title naming the member, a problem line, busy handling."""

    changed = Signal()

    def __init__(self, title: str, backend: Backend, ops: Ops, profile: MemberProfile, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.ops, self.profile = backend, ops, profile
        self.member_key = profile.user_id or profile.key
        member = profile.name or tr("member")
        self.setWindowTitle(f"{title}: {member}")
        self.setStyleSheet(style.APP_QSS)
        self.layout_ = QVBoxLayout(self)
        heading = QLabel(f"{title} — {member}")
        heading.setObjectName("memberName")
        heading.setWordWrap(True)
        self.layout_.addWidget(heading)
        self.problem = _problem_label()
        self.layout_.addWidget(self.problem)
        self._task: asyncio.Task | None = None

    def show_problem(self, problem: Problem | str | None) -> None:
        text = tr(problem.message) if isinstance(problem, Problem) else (problem or "")
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    async def attempt(self, coro) -> tuple[Any, Problem | None]:  # noqa: ANN001
        """Await an API call: (result, None) or (None, the problem in the cashier's words)."""
        try:
            result = await coro
        except RequestValidationError as exc:
            return None, problem_from(exc)
        except ApiError as exc:
            self.ops.report(exc)
            return None, explain(problem_from(exc))
        self.ops.report(None)
        return result, None

    def run(self, coro) -> None:  # noqa: ANN001
        if self._task is None or self._task.done():
            self._task = self.ops.spawn(coro)

    def check_pin(self, pin_field: QLineEdit, form: Form | None = None) -> bool:
        stored = self.backend.settings.manager_pin_hash
        message = None
        if not stored:
            message = tr("No manager PIN is set for this store, so this action is locked. Ask IT to set one.")
        elif not verify_pin(pin_field.text(), stored):
            message = tr("That is not the manager PIN.")
        if message:
            if form is not None and "manager_pin" in form.inputs:
                form.set_error("manager_pin", message)
            else:
                self.show_problem(message)
            pin_field.clear()
            pin_field.setFocus()
            return False
        return True


# ------------------------------------------------------------------ profile

class EditProfileDialog(MemberDialog):
    def __init__(self, backend: Backend, ops: Ops, profile: MemberProfile, parent: QWidget | None = None):
        super().__init__(tr("Edit profile"), backend, ops, profile, parent)
        self.resize(600, 640)
        layout = QFormLayout()
        self.layout_.addLayout(layout)
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
        form.check("allow_whatsapp_marketing", tr("WhatsApp"), tr("Customer agrees to WhatsApp offers"))
        form.check("allow_sms_marketing", tr("SMS"), tr("Customer agrees to SMS offers"))
        form.check("allow_newsletters", tr("Newsletter"), tr("Customer agrees to email newsletters"))
        form.fill(profile_form(profile.details, profile.full))
        form.inputs["marital_status"].currentIndexChanged.connect(self._marital)
        self._marital()
        note = QLabel(tr("Phone and email are changed with a code sent to the customer: use Change phone / Change email."))
        note.setObjectName("muted")
        note.setWordWrap(True)
        self.layout_.addWidget(note)
        self.layout_.addStretch(1)
        self.save = QPushButton(tr("Save"))
        self.save.setObjectName("primary")
        self.save.clicked.connect(lambda: self.run(self._save()))
        cancel = QPushButton(tr("Cancel"))
        cancel.clicked.connect(self.reject)
        self.layout_.addLayout(_row(cancel, self.save))
        form.inputs["name"].setFocus()

    def _marital(self) -> None:
        self.form.set_visible("wedding_date", self.form.inputs["marital_status"].currentData() == MaritalStatus.MARRIED)

    async def _save(self) -> None:
        self.show_problem(None)
        payload, errors = profile_payload(self.member_key, self.form.values())
        if errors:
            self.form.show_errors(errors)
            self.show_problem(tr("Please check the fields marked in red."))
            return
        self.save.setEnabled(False)
        try:
            user, name = payload.pop("user"), payload.pop("name")
            _, problem = await self.attempt(self.backend.client.change_profile(user, name, **payload))
        finally:
            self.save.setEnabled(True)
        if problem is not None:
            self.form.show_errors(problem.fields)
            self.show_problem(problem)
            return
        self.changed.emit()
        self.accept()


# ------------------------------------------------------------------ phone and email by code

class OtpDialog(MemberDialog):
    """Change the mobile number (SMS or WhatsApp) or email, proven by a code the customer gets."""

    def __init__(self, kind: str, backend: Backend, ops: Ops, profile: MemberProfile, parent: QWidget | None = None):
        title = tr("Change mobile number") if kind == "mobile" else tr("Change email")
        super().__init__(title, backend, ops, profile, parent)
        self.kind = kind
        templates = backend.settings.otp_templates
        self.flow = OtpChange(backend.client, self.member_key, kind,
                              {"sms": templates.sms, "whatsapp": templates.whatsapp, "email": templates.email})
        self.resize(560, 420)
        user = (profile.details.user if profile.details else None)
        current = (fmt.phone(user.phone) if kind == "mobile" else user.email) if user else ""
        now = QLabel(tr("Now: {value}").format(value=current or "–"))
        now.setObjectName("muted")
        self.layout_.addWidget(now)
        layout = QFormLayout()
        self.layout_.addLayout(layout)
        self.form = Form(layout)
        field = "mobile_number" if kind == "mobile" else "new_email"
        self.target = self.form.line(field, tr("New mobile number") if kind == "mobile" else tr("New email"),
                                     tr("0812 3456 7890") if kind == "mobile" else tr("name@example.com"))
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
        if kind == "mobile":
            self.form.add("type", tr("Send code by"), self.channel_row)
        self.send_button = QPushButton(tr("Send code"))
        self.send_button.clicked.connect(self._send)
        self.layout_.addLayout(_row(self.send_button))

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
        self.confirm_button.setObjectName("primary")
        self.confirm_button.clicked.connect(self._confirm)
        self.confirm_button.setEnabled(False)
        cancel = QPushButton(tr("Cancel"))
        cancel.clicked.connect(self.reject)
        self.layout_.addLayout(_row(cancel, self.confirm_button))
        self.tick = QTimer(self)
        self.tick.setInterval(1000)
        self.tick.timeout.connect(self._countdown)
        self.finished.connect(lambda _result: self.code.clear())
        self.target.setFocus()

    def _digits_only(self, text: str) -> None:
        digits = "".join(ch for ch in text if ch.isdigit())
        if digits != text:
            self.code.setText(digits)

    def _channel(self) -> str:
        if self.kind == "email":
            return "email"
        return "whatsapp" if self.whatsapp.isChecked() else "sms"

    def _send(self) -> None:
        self.run(self._send_code())

    async def _send_code(self) -> None:
        self.show_problem(None)
        self.form.show_errors({})
        self.send_button.setEnabled(False)
        try:
            problem = await self.flow.send_code(self.target.text(), self._channel())
        finally:
            self.send_button.setEnabled(True)
        if problem is not None:
            unplaced = self.form.show_errors(problem.fields)
            if unplaced or not problem.fields:
                self.show_problem(problem)
            self.ops.report(problem)
            return
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
        self._countdown()

    def _countdown(self) -> None:
        wait = self.flow.state.resend_in()
        if wait > 0:
            self.send_button.setText(tr("Send again in {seconds} s").format(seconds=wait))
            self.send_button.setEnabled(False)
        else:
            self.send_button.setText(tr("Send a new code"))
            self.send_button.setEnabled(True)
            self.tick.stop()

    def _confirm(self) -> None:
        self.run(self._confirm_code())

    async def _confirm_code(self) -> None:
        self.show_problem(None)
        self.confirm_button.setEnabled(False)
        try:
            problem = await self.flow.confirm(self.code.text())
        finally:
            self.confirm_button.setEnabled(self.flow.state.attempts_left > 0)
            self._countdown()
        if problem is not None:
            if "otp" in problem.fields:
                self.code_form.show_errors({"otp": problem.fields["otp"]})
            else:
                self.show_problem(problem)
                self.form.show_errors(problem.fields)
            self.code.selectAll()
            return
        self.code.clear()  # the customer's code leaves the screen with the dialog
        self.changed.emit()
        self.accept()


# ------------------------------------------------------------------ tags

class TagsDialog(MemberDialog):
    def __init__(self, backend: Backend, ops: Ops, profile: MemberProfile, known_keys: list[str],
                 parent: QWidget | None = None):
        super().__init__(tr("Tags"), backend, ops, profile, parent)
        self.resize(520, 420)
        self.list_box = QVBoxLayout()
        self.layout_.addLayout(self.list_box)
        self.tags = [(t.group or "", t.tag or "") for t in ((profile.full.tags if profile.full else None)
                                                          or (profile.details.tags if profile.details else []))]
        layout = QFormLayout()
        self.layout_.addLayout(layout)
        self.form = Form(layout)
        self.key = QComboBox()
        self.key.setEditable(True)
        self.key.addItems(sorted(set(known_keys) | {g for g, _ in self.tags if g}))
        self.key.setCurrentText("")
        self.form.add("key", tr("Tag key"), self.key)
        self.value = self.form.line("value", tr("Tag value"), tr("e.g. vvip"))
        self.value.returnPressed.connect(lambda: self.run(self._add()))
        add = QPushButton(tr("Add tag"))
        add.setObjectName("primary")
        add.clicked.connect(lambda: self.run(self._add()))
        self.layout_.addLayout(_row(add))
        self.layout_.addStretch(1)
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.accept)
        self.layout_.addLayout(_row(close))
        self._render()

    def _render(self) -> None:
        while self.list_box.count():
            item = self.list_box.takeAt(0)
            if item.layout():
                while item.layout().count():
                    inner = item.layout().takeAt(0)
                    if inner.widget():
                        inner.widget().deleteLater()
            elif item.widget():
                item.widget().deleteLater()
        if not self.tags:
            none = QLabel(tr("No tags yet."))
            none.setObjectName("muted")
            self.list_box.addWidget(none)
        for group, tag in self.tags:
            label = QLabel(f"{group}: {tag}" if group else tag)
            label.setObjectName("chip")
            remove = QPushButton(tr("Remove"))
            remove.setAccessibleName(tr("Remove tag {tag}").format(tag=f"{group} {tag}".strip()))
            remove.clicked.connect(lambda _=False, g=group, t=tag: self.run(self._remove(g, t)))
            row = QHBoxLayout()
            row.addWidget(label)
            row.addStretch(1)
            row.addWidget(remove)
            self.list_box.addLayout(row)

    async def _add(self) -> None:
        key, value = self.key.currentText().strip(), self.value.text().strip()
        errors = {}
        if not key:
            errors["key"] = tr("Choose or type a tag key, e.g. category.")
        if not value:
            errors["value"] = tr("Type the tag value, e.g. vvip.")
        self.form.show_errors(errors)
        if errors:
            return
        _, problem = await self.attempt(self.backend.client.add_tag(self.member_key, key, value))
        if problem is not None:
            self.form.show_errors(problem.fields)
            self.show_problem(problem)
            return
        self.show_problem(None)
        if (key, value) not in self.tags:
            self.tags.append((key, value))
        self.value.clear()
        self._render()
        self.changed.emit()

    async def _remove(self, group: str, tag: str) -> None:
        _, problem = await self.attempt(self.backend.client.remove_tag(self.member_key, group, tag))
        if problem is not None and problem.code != "tag_not_found":
            self.show_problem(problem)
            return
        self.show_problem(None)
        self.tags = [t for t in self.tags if t != (group, tag)]
        self._render()
        self.changed.emit()


# ------------------------------------------------------------------ supervisor actions

class SetLevelDialog(MemberDialog):
    def __init__(self, backend: Backend, ops: Ops, profile: MemberProfile, parent: QWidget | None = None):
        super().__init__(tr("Set level"), backend, ops, profile, parent)
        self.resize(520, 420)
        membership = profile.details.membership if profile.details else None
        current = membership.tier if membership else "–"
        info = QLabel(tr("Current tier: {tier}. A supervisor action: it needs the manager PIN.").format(tier=current))
        info.setWordWrap(True)
        self.layout_.addWidget(info)
        layout = QFormLayout()
        self.layout_.addLayout(layout)
        self.form = form = Form(layout)
        self.level = form.choice("level", tr("New level"), level_choices(backend.settings.levels,
                                                                       membership.level if membership else None))
        self.upgrade_only = form.check("upgrade_only", tr("Only upgrade"), tr("Refuse if this is lower than the current level"))
        self.end_date = form.line("end_date", tr("Until"), tr("DD-MM-YYYY (optional)"))
        self.store = form.line("store", tr("Store ID"), str(backend.settings.store or ""))
        self.pin = form.line("manager_pin", tr("Manager PIN"), secret=True)
        self.layout_.addStretch(1)
        self.apply = QPushButton(tr("Set level"))
        self.apply.setObjectName("primary")
        self.apply.clicked.connect(lambda: self.run(self._apply()))
        cancel = QPushButton(tr("Cancel"))
        cancel.clicked.connect(self.reject)
        self.layout_.addLayout(_row(cancel, self.apply))

    async def _apply(self) -> None:
        self.show_problem(None)
        errors: dict[str, str] = {}
        end_date = None
        try:
            end_date = parse_date(self.end_date.text())
        except ValueError as exc:
            errors["end_date"] = str(exc)
        store_text = self.store.text().strip()
        if store_text and not store_text.isdigit():
            errors["store"] = tr("The store ID is a number.")
        if self.level.currentData() is None:
            errors["level"] = tr("Choose a level.")
        self.form.show_errors(errors)
        if errors or not self.check_pin(self.pin, self.form):
            return
        _, problem = await self.attempt(self.backend.client.set_level(
            self.member_key, int(self.level.currentData()), upgrade_only=self.upgrade_only.isChecked(),
            end_date=end_date, store=int(store_text) if store_text else None))
        if problem is not None:
            self.pin.clear()  # a supervisor proves themselves again for the next try
            self.form.show_errors({k: v for k, v in problem.fields.items() if k != "user"})
            self.show_problem(problem)
            return
        self.changed.emit()
        self.accept()


class AnonymiseDialog(MemberDialog):
    """Anonymise now (irreversible, typed confirmation) or mark for anonymisation."""

    def __init__(self, backend: Backend, ops: Ops, profile: MemberProfile, parent: QWidget | None = None):
        super().__init__(tr("Anonymise"), backend, ops, profile, parent)
        self.resize(560, 460)
        self.word = confirmation_word(profile.name)
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
        self.apply = QPushButton(tr("Anonymise for good"))
        self.apply.setObjectName("danger")
        self.apply.clicked.connect(lambda: self.run(self._apply()))
        cancel = QPushButton(tr("Cancel"))
        cancel.clicked.connect(self.reject)
        self.layout_.addLayout(_row(cancel, self.apply))
        cancel.setFocus()

    def _mode(self, mark_only: bool) -> None:
        self.form.set_visible("confirm", not mark_only)
        self.apply.setText(tr("Mark for anonymisation") if mark_only else "Anonymise for good")

    async def _apply(self) -> None:
        self.show_problem(None)
        mark_only = self.mark_only.isChecked()
        if not mark_only and self.typed.text().strip().lower() != self.word.lower():
            self.form.show_errors({"confirm": tr("Type {word} exactly to confirm.").format(word=self.word)})
            return
        self.form.show_errors({})
        if not self.check_pin(self.pin, self.form):
            return
        client = self.backend.client
        call = client.set_pending_anonymization if mark_only else client.anonymize
        _, problem = await self.attempt(call(self.member_key))
        if problem is not None:
            self.pin.clear()
            self.show_problem(problem)
            return
        self.changed.emit()
        self.accept()
