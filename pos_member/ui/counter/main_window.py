"""The cashier window: find a member in a few keystrokes or one scan, and see them at a glance."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from pos_member import upgrade
from pos_member.flows.connection import ConnectionMonitor, State
from pos_member.flows.counter import Change, CounterSession, Shift
from pos_member.flows.identify import registration_prefill
from pos_member.flows.problems import REFUSED, Problem, failure_words, field_code_words, paused_words
from pos_member.flows.profile import MemberProfile
from pos_member.i18n import QT_TR_NOOP, tr
from pos_member.outbox import Item
from pos_member.runtime import Backend
from pos_member.ui.counter.outbox_panel import OutboxPanel
from pos_member.ui.counter.search import NoMatch, ResultsView, SearchBox
from pos_member.ui.counter.training_phone import CustomerPhone
from pos_member.ui.member.dialogs import (
    AnonymiseDialog,
    EditProfileDialog,
    MemberDialog,
    OtpDialog,
    SetLevelDialog,
    TagsDialog,
)
from pos_member.ui.member.profile import ProfileView
from pos_member.ui.registration.dialogs import QuickRegistrationDialog, RegistrationDialog
from pos_member.ui.setup.dialogs import HelpDialog, SettingsDialog, SignInDialog
from pos_member.ui.shared import a11y, style
from pos_member.ui.shared.fit import ElidedLabel, FoldingRow, fit_screen, place_beside, prepare
from pos_member.ui.shared.forms import ask_first, shortcut
from pos_member.ui.shared.ops import Ops
from pos_member.ui.shared.scanner import ScanFilter
from pos_member.ui.shared.training_faults import training_menu
from pos_member.update.status import describe as describe_update
from pos_member.upgrade import KeptDraft

log = logging.getLogger(__name__)

#: Seconds without a key or a search typed before the window counts as quiet (see quiet()).
QUIET_AFTER_S = 1.5
#: The member dialogs built once and reset for each member (anonymising gets a new one each time).
KEPT_MEMBER_DIALOGS = ("edit", "phone", "email", "tags", "level")
#: How often building ahead looks for a quiet moment for its next step.
PREBUILD_CHECK_MS = 200
#: How long after the last change a form being typed reaches the drafts file.
DRAFTS_WRITE_MS = 1000
DRAFT_LEFT = QT_TR_NOOP("The registration that was typed and not sent is cleared: another member was opened.")
RESTORED_DRAFT = QT_TR_NOOP("The registration you were typing before the app closed is back: Register new (Ctrl+N) "
                            "opens it.")
KEPT_FOR_OTHERS = QT_TR_NOOP("Cashier {cashiers} was typing a registration before the app closed. It is kept for "
                             "them: it opens when they sign in here.")

CONNECTION_TEXT = {
    "checking": (QT_TR_NOOP("● Connecting…"), style.MUTED),
    "online": (QT_TR_NOOP("● Online"), style.GOOD),
    "offline": (QT_TR_NOOP("● Offline – no network"), "#b91c1c"),
    "refused": (QT_TR_NOOP("● Access refused"), "#b91c1c"),
}
#: Online, but Stamps takes seconds to answer: why searches and saves wait.
SLOW_TEXT = QT_TR_NOOP("● Online – Stamps is slow")
#: The cashier's actions: name, label, shortcut, needs an open member (also listed in the F1 help).
ACTIONS = [
    ("next", QT_TR_NOOP("Next customer"), "F12", False),
    ("register", QT_TR_NOOP("Register new"), "Ctrl+N", False),
    ("edit", QT_TR_NOOP("Edit profile"), "Ctrl+E", True),
    ("phone", QT_TR_NOOP("Change phone"), "Ctrl+P", True),
    ("email", QT_TR_NOOP("Change email"), "Ctrl+M", True),
    ("tags", QT_TR_NOOP("Tags"), "Ctrl+T", True),
    ("level", QT_TR_NOOP("Set level"), "Ctrl+L", True),
    ("anonymise", QT_TR_NOOP("Anonymise…"), "Ctrl+Shift+A", True),
]
#: Offline for another reason than the network: (status bar, banner).
OFFLINE_WHY = {
    "stamps": (QT_TR_NOOP("● Stamps not answering"),
               QT_TR_NOOP("Stamps is not answering (the network is fine). Registrations are saved on this counter "
                          "and sent when Stamps answers again; the app retries by itself and keeps what you typed.")),
    "clock": (QT_TR_NOOP("● Check this PC's clock"),
              QT_TR_NOOP("Stamps' certificate looks out of date: the date or time of this computer is probably wrong. "
                         "Set the clock right or call IT; registrations are saved on this counter meanwhile.")),
    "certificate": (QT_TR_NOOP("● Certificate problem"),
                    QT_TR_NOOP("Stamps' certificate could not be checked: something on this network (a proxy or "
                               "filter) is in the way. Call IT; registrations are saved on this counter meanwhile.")),
}
BANNER_TEXT = {
    "offline": QT_TR_NOOP("Cannot reach Stamps: no network. Check the network cable or Wi-Fi; the app retries by itself and keeps what you typed."),
    "refused": QT_TR_NOOP("Stamps refused this counter's access key. Please call the store manager to fix the settings."),
}


def close_now(dialog: QDialog) -> None:
    """Close ``dialog`` after the cashier already chose to (a member dialog asks nothing more)."""
    if isinstance(dialog, MemberDialog):
        dialog.discard()
    else:
        dialog.reject()


class MainWindow(QMainWindow):
    """Renders the counter session and forwards the cashier's intents to it."""

    profileShown = Signal(object)  # MemberProfile, after each part is rendered
    finished = Signal(str)         # "quit", or "restart" after the store settings changed

    def __init__(self, backend: Backend, *, require_sign_in: bool = False, cashier: str | None = None,
                 drafts: Path | None = None):
        """``drafts``: the folder where forms typed and not sent are kept while they are typed
        (user-only; a crash or a close loses none of them; ``restore_drafts`` after a start)."""
        super().__init__()
        self.require_sign_in = require_sign_in
        self.drafts_folder = drafts
        self._drafts_timer = QTimer(self)
        self._drafts_timer.setSingleShot(True)
        self._drafts_timer.setInterval(DRAFTS_WRITE_MS)
        self._drafts_timer.timeout.connect(self.write_drafts)
        self.backend = backend
        self._finished = False
        settings = backend.settings
        self.training = backend.training is not None
        self.setWindowTitle(tr("Stamps Members") + (" — " + tr("TRAINING") if self.training else ""))
        self.setStyleSheet(style.APP_QSS)

        self.monitor = ConnectionMonitor(backend.client, self._connection_changed)
        self.ops = Ops(self.monitor, self)
        self.ops.problem.connect(self._show_problem)
        self.session = CounterSession(backend.client, self._session_changed, debounce_ms=settings.search_debounce_ms,
                                      report=self.monitor.report)
        self.loader = self.session.loader  # benchmarks and tools read the profile being loaded
        self._render_pending = False
        self._last_typed = time.monotonic()
        self._quiet = False
        self.actions_by_name: dict[str, QPushButton] = {}

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        if self.training:
            training = QLabel(tr("TRAINING MODE — practice data only, no real customers"))
            training.setObjectName("trainingBanner")
            training.setAlignment(Qt.AlignmentFlag.AlignCenter)
            training.setWordWrap(True)
            outer.addWidget(training)

        body = QVBoxLayout()
        body.setContentsMargins(12, 10, 12, 8)
        body.setSpacing(8)
        outer.addLayout(body, 1)

        self.banner = QFrame()
        self.banner.setObjectName("banner")
        self.banner.setProperty("level", "bad")
        banner_row = QHBoxLayout(self.banner)
        self.banner_label = QLabel()
        self.banner_label.setWordWrap(True)
        banner_row.addWidget(self.banner_label, 1)
        self.banner_retry = QPushButton(tr("Try now"))
        self.banner_retry.setAccessibleDescription(tr("Try to connect now"))
        self.banner_retry.clicked.connect(self.monitor.check_now)
        banner_row.addWidget(self.banner_retry)
        self.banner.hide()
        body.addWidget(self.banner)

        search_row = QHBoxLayout()
        self.search_box = SearchBox()
        self.search_box.textChanged.connect(self._text_changed)
        self.search_box.submitted.connect(self._submitted)
        self.search_box.navigate.connect(self._navigate)
        self.search_box.escaped.connect(self._escape)
        search_row.addWidget(self.search_box, 1)
        self.busy_label = QLabel(tr("Searching…"))
        self.busy_label.setObjectName("muted")
        self.busy_label.setMinimumWidth(90)
        self.busy_label.setVisible(False)
        search_row.addWidget(self.busy_label)
        self.back_button = QPushButton()
        self.back_button.setAutoDefault(False)
        self.back_button.clicked.connect(self.previous_customer)
        self.back_button.setVisible(False)
        search_row.addWidget(self.back_button)
        body.addLayout(search_row)
        self.results_count = QLabel()
        self.results_count.setObjectName("muted")
        self.results_count.setVisible(False)
        body.addWidget(self.results_count)

        self.stack = QStackedWidget()
        self.profile_view = ProfileView(levels=settings.levels)
        self.profile_view.retryRequested.connect(self.session.retry)
        self.profile_view.recentChosen.connect(self.open_member)
        self.profile_view.escaped.connect(self.next_customer)
        self.results = ResultsView()
        self.results.opened.connect(self.session.open_suggestion)
        # Opened by a click as by Enter: the keyboard back in the search box (its text kept), or
        # it stays on the list, which the member's page hides (typing and Esc went nowhere).
        self.results.opened.connect(lambda _suggestion: self.search_box.setFocus(Qt.FocusReason.OtherFocusReason))
        self.no_match = NoMatch()
        # What the text surely is (a typed number is never taken for a card): the session knows.
        self.no_match.registerRequested.connect(lambda _q: self.request_registration(self.session.prefill()))
        self.no_match.quickRequested.connect(self.open_quick_registration)
        self.search_problem = QLabel()
        self.search_problem.setWordWrap(True)
        self.search_problem.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.search_problem.setObjectName("problemText")
        for page in (self.profile_view, self.results, self.no_match, self.search_problem):
            self.stack.addWidget(page)
        body.addWidget(self.stack, 1)

        # One row of actions; what does not fit the window folds into "More" (keys unchanged).
        actions = FoldingRow(tr("More"))
        actions.more.setAccessibleName(tr("More actions"))
        self.action_row = actions
        self.more_actions = actions.more
        for name, label, keys, needs_member in ACTIONS:
            text = tr(label)
            button = QPushButton()
            a11y.show_text(button, f"{text}  ({keys})")
            button.setProperty("needs_member", needs_member)
            button.setAutoDefault(False)
            button.setEnabled(False)
            button.setToolTip(f"{text} ({keys})")
            shortcut(keys, self, button.click)
            actions.add(button)
            self.actions_by_name[name] = button
        # Short-lived notices ("Saved.") go here, above the actions: the status bar's own message
        # would hide the connection, the store and the outbox until it went.
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.timeout.connect(lambda: self.show_notice(""))
        body.addWidget(self.notice)
        body.addWidget(actions)
        self.handlers: dict[str, Callable[[], object]] = {}
        self.dialogs: set[QDialog] = set()
        #: The registration form, built on first use and reused (see open_registration).
        self.registration: RegistrationDialog | None = None
        #: Quick registration and the member dialogs, each built once and reset for the next use
        #: (building one costs 30-70 ms on the event loop: a dropped frame or three).
        self.quick_registration: QuickRegistrationDialog | None = None
        self.member_dialogs: dict[str, MemberDialog] = {}
        self.known_tag_keys: set[str] = {"category", "segment"}
        self.set_action("next", self.next_customer)
        self.set_action("register", lambda: self.request_registration(self.session.prefill()))
        self.member_factories: dict[str, Callable[..., MemberDialog]] = {
            "edit": EditProfileDialog, "phone": partial(OtpDialog, "mobile"), "email": partial(OtpDialog, "email"),
            "tags": self._tags_dialog, "level": SetLevelDialog, "anonymise": AnonymiseDialog}
        for action, factory in self.member_factories.items():
            self.set_action(action, self._opener(action, factory))
        #: Building the dialogs ahead (start_prebuilding): the steps left, and whether all are built.
        self._prebuild: Iterator[str] | None = None
        self.prebuilt = False
        self._prebuild_timer = QTimer(self)
        self._prebuild_timer.setInterval(PREBUILD_CHECK_MS)
        self._prebuild_timer.timeout.connect(self.prebuild_step)
        self.customer_phone: CustomerPhone | None = None
        self.sign_out_question: QMessageBox | None = None
        self.next_question: QMessageBox | None = None
        #: Outbox item id -> the name typed, for this run (see _follow_outbox).
        self.outbox_names: dict[int, str] = {}

        self.setCentralWidget(central)
        status = self.statusBar()
        self.conn_label = a11y.StatusLabel(tr("Connection"))
        self.merchant_label = ElidedLabel(backend.store_label)
        self.cashier_label = QLabel(tr("Cashier: —"))
        switch = QPushButton(tr("Switch cashier"))
        switch.setFlat(True)
        switch.clicked.connect(self.switch_cashier)
        settings_button = QPushButton(tr("Settings"))
        settings_button.setFlat(True)
        settings_button.setAccessibleName(tr("Store settings"))
        settings_button.clicked.connect(self.open_settings)
        help_button = QPushButton()
        a11y.show_text(help_button, tr("Help (F1)"))
        help_button.setFlat(True)
        help_button.clicked.connect(self.open_help)
        # All permanent: what the counter is connected to and what waits stays in sight at any
        # width (what does not fit is the counter's buttons, folded into Menu).
        status.addPermanentWidget(self.conn_label)
        status.addPermanentWidget(self.merchant_label)
        self.outbox_button = QPushButton()
        self.outbox_button.setFlat(True)
        self.outbox_button.clicked.connect(self.open_outbox)
        self.outbox_button.setVisible(False)
        status.addPermanentWidget(self.outbox_button)
        if backend.outbox is not None:
            backend.outbox.on_change(self._outbox_changed)
            self._outbox_changed()
        # For staff: the version, the update channel, the last check and an update waiting.
        self.update_label = QLabel()
        status.addPermanentWidget(self.update_label)
        self._update_status_changed()
        if backend.updates is not None:
            backend.updates.on_status = lambda _status: self._update_status_changed()
        status.addPermanentWidget(self.cashier_label)
        # The counter's own buttons fold into "Menu" on a narrow screen, as the actions do.
        counter = FoldingRow(tr("Menu"), align_right=True)
        counter.more.setAccessibleName(tr("Counter menu"))
        self.counter_row = counter
        for button in (switch, settings_button, help_button):
            counter.add(button)
        if self.training:
            phone = QPushButton(tr("Customer's phone (training)"))
            phone.setFlat(True)
            phone.setAccessibleName(tr("Show the customer's phone (training)"))
            phone.clicked.connect(self.show_customer_phone)
            counter.add(phone)
            self.training_button = QPushButton(tr("Training"))
            self.training_button.setFlat(True)
            self.training_button.setAccessibleName(tr("Training: switch Stamps slow, down or the network off"))
            self.training_menu = training_menu(backend.training, self)
            self.training_button.setMenu(self.training_menu)
            counter.add(self.training_button)
        status.addPermanentWidget(counter, 1)
        if self.training:
            tag = QLabel(tr("TRAINING"))
            tag.setStyleSheet(f"color:{style.TRAINING}; font-weight:bold;")
            status.addPermanentWidget(tag)
        self._connection_changed("checking", "")

        shortcut("F2", self, self.focus_search)
        shortcut("Ctrl+F", self, self.focus_search)
        shortcut("F5", self, self.refresh)
        shortcut("Alt+Left", self, self.previous_customer)
        shortcut("F1", self, self.open_help)
        shortcut("Ctrl+,", self, self.open_settings)
        shortcut("Ctrl+Shift+S", self, self.switch_cashier)
        shortcut("Ctrl+O", self, self.open_outbox)
        if self.training:
            shortcut("F9", self, self.show_customer_phone)
        self.scanner = ScanFilter(self)
        self.scanner.scanned.connect(self._scanned)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            self.scanner.follow(app)
        fit_screen(self, 1100, 760, cap=False)
        self.search_box.setFocus()
        self.monitor.start()
        self.set_cashier(cashier)
        self._render()
        if require_sign_in and not cashier:
            QTimer.singleShot(0, self.open_sign_in)

    # ------------------------------------------------------------------ rendering the session

    @property
    def cashier_code(self) -> str | None:
        return self.session.cashier

    @property
    def registration_draft(self) -> dict[str, Any]:
        return self.session.draft

    def _session_changed(self, what: Change) -> None:
        if what == "busy":
            self.busy_label.setVisible(self.session.searching)
            return
        if what in ("draft", "next", "cashier") and self.drafts_folder is not None:
            self._drafts_timer.start()  # what is typed reaches the disk a moment later
        if what == "cashier":
            self._tell_kept_drafts()
            self.cashier_label.setText(tr("Cashier: {code}").format(code=self.session.cashier or "—"))
            self._render_recent()  # a new cashier starts with nobody to go back to
            self._update_actions()  # nobody signed in: nothing to do
            if self.backend.training is not None and self.session.cashier:
                self._phone().start_over()
            return
        if what == "draft":
            if self.session.draft_left:
                self.session.draft_left = False
                self.show_notice(tr(DRAFT_LEFT), 8000)
            return
        if what == "next" and self.search_box.text():
            self.search_box.clear()
        if what == "member" and self.session.member is not None:
            # Parts landing together are drawn once.
            if not self._render_pending:
                self._render_pending = True
                QTimer.singleShot(0, self, self._render)  # not after the window is gone
            return
        self._render()

    def _render(self) -> None:
        """Draw what the session says is on screen, and which actions are possible."""
        self._render_pending = False
        session = self.session
        self.busy_label.setVisible(session.searching)
        page = session.page
        if page == "results" and session.results is not None:
            if (self.results.seq, self.results.query) != (session.results.seq, session.results.query):
                self.results.show_results(session.results.seq, session.results.query, session.results.suggestions)
            self.stack.setCurrentWidget(self.results)
        elif page == "no_match":
            self.no_match.show_query(session.unknown or session.query)
            self.stack.setCurrentWidget(self.no_match)
        elif page == "problem" and session.problem is not None:
            self.search_problem.setText(self._search_problem_text(session.query, session.problem))
            self.stack.setCurrentWidget(self.search_problem)
        else:
            profile = session.member
            if profile is None or profile is not self.profile_view.profile:
                self.profile_view.details_open = False
            if profile is not None and profile.full is not None:
                self.known_tag_keys.update(t.group for t in profile.full.tags if t.group)
            self.profile_view.render(profile, consents_unasked=session.consents_unasked)
            self.stack.setCurrentWidget(self.profile_view)
            if profile is not None:
                self.profileShown.emit(profile)
        self._render_recent()
        self._render_count()
        self._update_actions()

    def _render_count(self) -> None:
        """How many matched, and whether more may match than are listed."""
        results = self.session.results if self.session.page == "results" else None
        self.results_count.setVisible(results is not None)
        if results is None:
            return
        shown = len(results.suggestions)
        if results.more:
            text = tr("{count} members shown; more may match: type more of the name, or the phone number.")
        elif shown == 1:
            text = tr("1 member found.")
        else:
            text = tr("{count} members found.")
        self.results_count.setText(text.format(count=shown))

    def _render_recent(self) -> None:
        """The customers served before, newest first; Alt+← goes back to the first of them."""
        previous = self.session.previous
        self.back_button.setVisible(previous is not None)
        if previous is not None:
            # No name on the button: the next customer can read the screen.
            a11y.show_text(self.back_button, tr("◂ Previous customer  (Alt+←)"))
            self.back_button.setAccessibleName(tr("Back to the previous customer"))
        self.profile_view.show_recent(self.session.recent)

    def _update_actions(self) -> None:
        # Signed out, the counter serves nobody: nothing may look clickable behind the sign-in.
        signed_out = self.require_sign_in and not self.session.cashier
        for name, button in self.actions_by_name.items():
            button.setEnabled(name in self.handlers and not signed_out and self.session.can(name))

    def _search_problem_text(self, query: str, problem: Problem) -> str:
        if problem.code == "card_mismatch":
            return problem.message
        if problem.code == "timeout":
            return tr("Search for “{query}” could not run: Stamps is not answering. It runs again by itself when "
                      "Stamps answers.").format(query=query)
        if problem.kind == "offline":
            return tr("Search for “{query}” could not run: no connection to Stamps. It runs again by itself when the connection is back.").format(query=query)
        if problem.kind == "invalid":
            return problem.message
        return tr("Search for “{query}” failed. {reason}").format(query=query, reason=problem.message)

    async def settled(self) -> None:
        """Wait until searches, profile loads and operations have finished and are drawn: the
        public hook for tests and tools."""
        while True:
            await self.session.settled()
            await self.ops.settled()
            if self._render_pending:
                self._render()
            if self.session.idle and not self.ops.running():
                return

    # ------------------------------------------------------------------ actions

    def set_action(self, name: str, handler: Callable[[], object]) -> None:
        """Wire an action button to its flow."""
        button = self.actions_by_name[name]
        if name in self.handlers:
            button.clicked.disconnect(self.handlers[name])
        self.handlers[name] = handler
        button.clicked.connect(handler)
        self._update_actions()

    def next_customer(self) -> QMessageBox | None:
        """F12 (or Esc on an empty box). A registration typed and not sent (its form cancelled) is
        not thrown away without asking: Enter and Esc keep it (Ctrl+N brings it back)."""
        if not self.session.draft:
            self._next_customer()
            return None
        self.next_question = self._ask_first(
            "nextCustomerQuestion", tr("Next customer"),
            tr("Next customer? The registration that was started and not sent will be cleared."),
            tr("Clear it"), tr("Keep it"), self._next_customer)
        return self.next_question

    def _ask_first(self, name: str, title: str, text: str, go: str, stay: str,
                   then: Callable[[], object]) -> QMessageBox:
        """A question before something on screen is cleared: Enter and Esc both mean ``stay``,
        the safe answer; only a deliberate choice of ``go`` runs ``then``."""
        box = ask_first(self, name, title, text, go, stay, then)
        self._show_dialog(box)
        return box

    def _next_customer(self) -> None:
        self.profile_view.hide_recent()  # earlier customers' names are not for the next one
        self.session.next_customer()
        self.search_box.setFocus()
        self.backend.between_customers()  # a verified update may be installed now

    def _update_status_changed(self) -> None:
        text, tip = describe_update(self.backend.update_status)
        self.update_label.setText(text)
        self.update_label.setToolTip(tip)
        self.update_label.setAccessibleName(f"{text}. {tip}")

    def handover(self) -> Shift:
        """The shift, for the window that replaces this one (a restart for new settings)."""
        return self.session.handover()

    def take_over(self, shift: Shift) -> bool:
        """Carry on with the shift of the window this one replaces: the same member on screen (in
        this window's language) and the customers before. Not another cashier's."""
        return self.session.take_over(shift)

    def request_registration(self, prefill: dict[str, str]) -> None:
        self.open_registration(prefill)

    def open_registration(self, prefill: dict[str, Any] | None = None, *, errors: dict[str, str] | None = None,
                          replaces: int | None = None, note: str = "") -> RegistrationDialog:
        if not prefill and not replaces and self.session.draft:
            prefill, note = self.session.draft, tr("Restored what you typed last time.")
        dialog = self.registration or self._kept_registration()
        if not dialog.isVisible():  # built once (or ahead): its widgets cost 15-45 ms
            dialog.reset(cashier=self.session.cashier, prefill=prefill, errors=errors, replaces=replaces, note=note)
            self._show_kept(dialog)
            return dialog
        # asked for while the kept one is open (e.g. from the outbox panel): a one-off
        dialog = RegistrationDialog(self.backend, self.ops, cashier=self.session.cashier, prefill=prefill, errors=errors,
                                    replaces=replaces, note=note, parent=self)
        dialog.openMember.connect(self.open_member)
        dialog.draftChanged.connect(self.session.keep_draft)
        self._show_dialog(dialog)
        return dialog

    def _kept_registration(self) -> RegistrationDialog:
        dialog = RegistrationDialog(self.backend, self.ops, cashier=self.session.cashier, parent=self)
        dialog.openMember.connect(self.open_member)
        dialog.draftChanged.connect(self.session.keep_draft)
        self.registration = dialog
        self._keep(dialog, lambda: dialog.reset(cashier=self.session.cashier))
        return dialog

    def open_quick_registration(self, text: str = "") -> QuickRegistrationDialog:
        dialog = self.quick_registration or self._kept_quick_registration()
        if not dialog.isVisible():
            dialog.reset(cashier=self.session.cashier, text=text)
            self._show_kept(dialog)
            return dialog
        dialog = QuickRegistrationDialog(self.backend, self.ops, cashier=self.session.cashier, text=text, parent=self)
        dialog.openMember.connect(self._open_quick_member)
        dialog.memberChanged.connect(self._new_member_changed)
        dialog.registerInstead.connect(lambda typed: self._register_instead(dialog, typed))
        self._show_dialog(dialog)
        return dialog

    def _kept_quick_registration(self) -> QuickRegistrationDialog:
        dialog = QuickRegistrationDialog(self.backend, self.ops, cashier=self.session.cashier, parent=self)
        dialog.openMember.connect(self._open_quick_member)
        dialog.memberChanged.connect(self._new_member_changed)
        dialog.registerInstead.connect(lambda typed: self._register_instead(dialog, typed))
        self.quick_registration = dialog
        self._keep(dialog, lambda: dialog.reset(cashier=self.session.cashier))
        return dialog

    def _register_instead(self, quick: QDialog, typed: str) -> None:
        """Stamps cannot be reached: the full form (saved on this counter with the customer's
        answers about promos) replaces quick registration, with what was typed."""
        quick.reject()
        self.request_registration(registration_prefill(typed))

    def open_outbox(self) -> OutboxPanel:
        assert self.backend.outbox is not None and self.backend.sender is not None
        panel = OutboxPanel(self.backend.outbox, self, gate=self.backend.pin_gate, ops=self.ops,
                            client=self.backend.client, names=self.outbox_names)
        panel.sendNow.connect(self.backend.sender.wake)
        panel.fixRequested.connect(self._fix_outbox_item)
        panel.memberCompleted.connect(self._completed_from_outbox)
        self._show_dialog(panel)
        return panel

    def _completed_from_outbox(self, member: int | str) -> None:
        """A quick-registered member completed from the outbox: shown as Stamps now holds them."""
        self.open_member(member)
        self.show_notice(tr("Member completed. Change their phone with a code (Ctrl+P) while the "
                            "customer is here."), 15000)

    def _fix_outbox_item(self, item: Item) -> None:
        errors = {k: field_code_words(v) or v for k, v in item.error_fields.items()}
        errors = errors or {"__all__": failure_words(item.error) or tr(REFUSED)}
        self.open_registration(dict(item.payload), errors=errors, replaces=item.id,
                               note=tr("Stamps refused this registration. Fix what is marked and register again."))

    def open_action(self, name: str) -> QDialog | None:
        """Open a member action's dialog as its button or shortcut would (None when not possible)."""
        button = self.actions_by_name[name]
        if not button.isEnabled():
            return None
        before = set(self.dialogs)
        button.click()
        return next(iter(self.dialogs - before), None)

    def _tags_dialog(self, backend: Backend, ops: Ops, profile: MemberProfile, parent: QWidget) -> TagsDialog:
        return TagsDialog(backend, ops, profile, sorted(self.known_tag_keys), parent=parent)

    def _member_dialog(self, action: str, factory: Callable[..., MemberDialog]) -> MemberDialog | None:
        """Each action's dialog is built once and reset for the member on screen; anonymising,
        rare and for good, gets a new one each time."""
        profile = self.session.member
        if profile is None or not self.session.can(action):
            return None
        dialog = self.member_dialogs.get(action)
        if dialog is None and action in KEPT_MEMBER_DIALOGS:
            dialog = self._kept_member_dialog(action, factory)
        if dialog is not None and not dialog.isVisible():
            if isinstance(dialog, TagsDialog):
                dialog.reset(profile, sorted(self.known_tag_keys))
            else:
                dialog.reset(profile)
            self._show_kept(dialog)
        else:  # anonymise, or asked for while the kept one is open: a one-off
            dialog = self._connect_member_dialog(factory(self.backend, self.ops, profile, parent=self))
            self._show_dialog(dialog)
        self._beside_phone(dialog)
        return dialog

    def _opener(self, action: str, factory: Callable[..., MemberDialog]) -> Callable[[], object]:
        return lambda: self._member_dialog(action, factory)  # no argument: clicked(bool) passes none

    def _connect_member_dialog(self, dialog: MemberDialog) -> MemberDialog:
        dialog.changed.connect(self._member_changed)
        if isinstance(dialog, OtpDialog):
            dialog.customerPhoneRequested.connect(self.show_customer_phone)
        return dialog

    def _kept_member_dialog(self, action: str, factory: Callable[..., MemberDialog]) -> MemberDialog:
        """Built for nobody (the next open resets it for the member on screen) and kept."""
        dialog = self._connect_member_dialog(factory(self.backend, self.ops, MemberProfile(""), parent=self))
        dialog.forget()
        self.member_dialogs[action] = dialog
        self._keep(dialog, dialog.forget)
        return dialog

    def _kept_member_dialog_once(self, action: str) -> MemberDialog:
        return self.member_dialogs.get(action) or self._kept_member_dialog(action, self.member_factories[action])

    # ------------------------------------------------------------------ building ahead

    def start_prebuilding(self) -> None:
        """After the first paint: build the dialogs ahead, one small step at a time, each when
        the counter is quiet (see quiet()), so even a dialog's first open costs no frame."""
        if self._prebuild is None:
            self._prebuild = self._prebuild_steps()
            self._prebuild_timer.start()

    def prebuild_step(self) -> bool:
        """Take the next step if the counter is quiet; False once everything is built."""
        if self._prebuild is None:
            return False
        if self.quiet() and not any(d.isVisible() for d in self.dialogs if shiboken6.isValid(d)):
            if next(self._prebuild, None) is None:
                self._prebuild_timer.stop()
                self._prebuild = None
                self.prebuilt = True
                return False
        return True

    def _prebuild_steps(self) -> Iterator[str]:
        """Each dialog in three steps: its widgets; their style, layout and native window; a
        first paint off screen (text laid out, caches warm), so the first open costs as the next."""
        builders: list[tuple[str, Callable[[], QDialog | None]]] = [
            ("registration", lambda: self.registration or self._kept_registration()),
            ("quick registration", lambda: self.quick_registration or self._kept_quick_registration()),
        ]
        builders += [(action, partial(self._kept_member_dialog_once, action)) for action in KEPT_MEMBER_DIALOGS]
        for name, build in builders:
            dialog = build()
            yield f"{name}: widgets"
            if dialog is None or dialog.isVisible():
                continue
            prepare(dialog)
            yield f"{name}: style, layout, native window"
            dialog.grab()
            yield f"{name}: first paint, off screen"

    def _open_quick_member(self, user_id: str) -> None:
        """Just quick-registered: behind the success page, the profile shows their promos as "not
        asked yet" until the customer's answers are saved (Stamps' defaults are not theirs)."""
        self.session.quick_registered(user_id)
        self.open_member(user_id)

    def _beside_phone(self, dialog: QDialog) -> None:
        if isinstance(dialog, OtpDialog) and self.customer_phone is not None and self.customer_phone.isVisible():
            place_beside(self.customer_phone, dialog)  # already open: moved beside the new code window

    def _new_member_changed(self, user_id: str) -> None:
        """Completed on quick registration's page: the profile behind shows what Stamps now says."""
        self.session.consents_answered(user_id)
        key = self.session.member_key
        if key is not None and str(key) == user_id:
            self._member_changed(key)

    def _member_changed(self, member_key: int | str) -> None:
        if self.session.changed(member_key):
            self.show_notice(tr("Saved."), 4000)

    def _phone(self) -> CustomerPhone:
        if self.customer_phone is None:
            self.customer_phone = CustomerPhone(self.backend, self.ops)
            screen = self.screen().availableGeometry()  # beside the dialogs, which open in the middle
            self.customer_phone.move(screen.right() - self.customer_phone.width() - 8, screen.top() + 40)
        return self.customer_phone

    def show_customer_phone(self) -> CustomerPhone | None:
        """F9 (training): the customer's phone, beside an open code window, never over its code
        field and Confirm."""
        if self.backend.training is None:
            return None
        phone = self._phone()
        code = next((d for d in self.dialogs if isinstance(d, OtpDialog) and shiboken6.isValid(d) and d.isVisible()), None)
        # Beside a code window the phone is only read: the keyboard stays in the code window,
        # also when the window manager activates the phone as it maps it (after this returns).
        phone.keyboard_to = partial(self._keyboard_back, code) if code is not None else None
        phone.show()
        if code is not None:
            place_beside(phone, code)
        phone.raise_()
        if code is not None:
            code.take_keyboard()
        return phone

    def _keyboard_back(self, dialog: OtpDialog) -> None:
        if shiboken6.isValid(dialog) and dialog.isVisible():
            dialog.take_keyboard()

    def _keep(self, dialog: QDialog, empty: Callable[[], object]) -> None:
        """``dialog`` is kept for next time: closing puts it away and ``empty`` wipes it at once
        (no customer's details wait in a hidden window)."""
        dialog.finished.connect(lambda _result: self._put_away(dialog, empty))

    def _show_kept(self, dialog: QDialog) -> None:
        self.dialogs.add(dialog)
        dialog.open()

    def _put_away(self, dialog: QDialog, empty: Callable[[], object]) -> None:
        self.dialogs.discard(dialog)
        empty()
        if not self._finished and not any(shiboken6.isValid(d) and d.isVisible() for d in self.dialogs):
            self.take_keyboard()

    def _show_dialog(self, dialog: QDialog) -> None:
        """Dialogs are opened window-modal with open(), never exec(): exec() would block the loop."""
        self.dialogs.add(dialog)
        dialog.finished.connect(lambda _result, d=dialog: self._forget_dialog(d))
        dialog.open()

    def _forget_dialog(self, dialog: QDialog) -> None:
        self.dialogs.discard(dialog)
        dialog.deleteLater()
        if not self._finished and not any(shiboken6.isValid(d) and d.isVisible() for d in self.dialogs):
            self.take_keyboard()

    def take_keyboard(self) -> None:
        """Keys back to this window and its search box: without a window manager (Xvfb, a locked
        down till) nobody else hands them back when a dialog closes."""
        self.activateWindow()
        self.raise_()
        self.focus_search()

    def _outbox_changed(self) -> None:
        outbox = self.backend.outbox
        if outbox is not None:
            self._follow_outbox(outbox)
        waiting = outbox.pending_count() if outbox else 0
        attention = len(outbox.items("attention")) if outbox else 0
        if attention:
            self.outbox_button.setText(tr("Outbox: {attention} need you, {waiting} waiting").format(attention=attention, waiting=waiting - attention))
            self.outbox_button.setStyleSheet(f"color:{style.BAD_INK}; font-weight:bold;")
        else:
            self.outbox_button.setText(tr("Outbox: {waiting} waiting").format(waiting=waiting))
            self.outbox_button.setStyleSheet("")
        paused = self.backend.sender.paused if self.backend.sender is not None else None
        if paused:  # delivery is stuck (full disk, unwritable file): say so in words
            self.outbox_button.setText(paused_words(paused))
            self.outbox_button.setStyleSheet(f"color:{style.BAD_INK}; font-weight:bold;")
        self.outbox_button.setVisible(waiting > 0 or bool(paused))

    def _follow_outbox(self, outbox: Any) -> None:
        """Remember who each waiting item is for, so the outbox (staff only) still names them once
        sent: in memory only, for this run (the file wipes a delivered item's details)."""
        for item in outbox.items():
            if item.state != "delivered" and item.id not in self.outbox_names and item.label != f"#{item.id}":
                self.outbox_names[item.id] = item.label

    # ------------------------------------------------------------------ search

    def focus_search(self) -> None:
        """F2: the search box, its text selected so the next typing replaces it."""
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        """A letter or digit no field took (the focus left on the profile by a click) starts a
        search, as F2 and typing would: it was lost before (re-walk)."""
        text = event.text()
        plain = not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                                         | Qt.KeyboardModifier.MetaModifier)
        if plain and text and text.isprintable() and not text.isspace() and self.search_box.isEnabled():
            self.focus_search()
            QApplication.sendEvent(self.search_box, QKeyEvent(QEvent.Type.KeyPress, event.key(), event.modifiers(), text))
            return
        super().keyPressEvent(event)

    def quiet(self) -> bool:
        """Nobody waits for this window: no key for a moment, no search typed, nothing loading
        or being sent. The garbage collector's full collections wait for such a moment."""
        now = time.monotonic()
        return (now - max(self.scanner.last_key, self._last_typed) >= QUIET_AFTER_S
                and self.session.idle and not self.ops.running())

    def _text_changed(self, text: str) -> None:
        self._last_typed = time.monotonic()
        if self._quiet:
            return
        self.session.type(text)

    def _submitted(self, text: str) -> None:
        chosen = self.results.current_suggestion() if self.session.showing_results_for(text) else None
        self.session.submit(text, chosen=chosen)

    def _scanned(self, code: str, widget: QWidget) -> None:
        """A card scan, wherever the focus was: it replaces the search and opens that card. In
        another window (a dialog) it is ignored, with a short notice there."""
        if widget.window() is not self:
            if isinstance(widget, QWidget) and shiboken6.isValid(widget):
                QToolTip.showText(widget.mapToGlobal(widget.rect().bottomLeft()),
                                  tr("Card scan ignored: finish or close this window first."), widget)
            return
        self.search_box.blockSignals(True)  # one search intent, not an edit per scanned character
        self.search_box.setText(code)
        self.search_box.blockSignals(False)
        self.search_box.setFocus()
        self.session.scan(code)
        self.search_box.selectAll()

    def _navigate(self, step: int) -> None:
        if self.stack.currentWidget() is self.results and not self.session.searching:
            self.results.move(step)
        elif self.session.searching and step > 0:
            self.session.first_on_results()  # the list is not there yet: ↓ then Enter opens its first

    def _escape(self) -> None:
        """Esc clears the search (a member on screen stays: a scan leaves their ID in the box);
        on an empty box it means the next customer."""
        if self.search_box.text() and self.session.member is not None:
            self._quiet = True  # the box only: no new search takes the member off screen
            self.search_box.clear()
            self._quiet = False
            self.session.clear_box()
        elif self.search_box.text():
            self.search_box.clear()
            self.session.clear_search()
        else:
            self.next_customer()

    # ------------------------------------------------------------------ profile

    def open_member(self, key: int | str) -> None:
        """Open a member found outside the search (a registration, a duplicate): the search box
        is emptied, so no earlier query stands next to them."""
        self._quiet = True  # not blockSignals: the clear button follows textChanged
        self.search_box.clear()
        self._quiet = False
        self.session.open(key)

    def refresh(self) -> None:
        self.session.refresh()

    def previous_customer(self) -> None:
        """Alt+←: the customer before, in one key (the search text goes without a new search)."""
        if self.session.previous is None:
            return
        self._quiet = True  # not blockSignals: the clear button follows textChanged
        self.search_box.clear()
        self._quiet = False
        self.session.back()
        self.search_box.setFocus()

    # ------------------------------------------------------------------ connection

    def _connection_changed(self, state: State, merchant: str) -> None:
        text, colour = CONNECTION_TEXT[state]
        why = OFFLINE_WHY.get(self.monitor.why) if state == "offline" and self.monitor is not None else None
        if why is not None:
            text = why[0]
        elif state == "online" and self.monitor is not None and self.monitor.slow:
            text, colour = SLOW_TEXT, style.WARN_INK
        self.conn_label.setText(tr(text))
        self.conn_label.setStyleSheet(f"color:{colour}; font-weight:bold;")
        if merchant:
            store = self.backend.store_label
            self.merchant_label.setText(merchant if store in ("", merchant) else f"{merchant} · {store}")
        if state in BANNER_TEXT:
            self.banner_label.setText(tr(why[1] if why is not None else BANNER_TEXT[state]))
            self.banner.show()
        else:
            was_down = self.banner.isVisible()
            self.banner.hide()
            if was_down and state == "online":
                self.session.recover()
        if state == "online" and self.backend.sender is not None:
            self.backend.sender.wake()  # queued registrations go out now

    def _show_problem(self, problem: Problem) -> None:
        self.show_notice(problem.message, 8000)

    def show_notice(self, text: str, ms: int = 0) -> None:
        """A short notice above the actions for ``ms`` milliseconds ("" takes it away)."""
        self.notice.setText(text)
        self.notice.setAccessibleName(text)
        self.notice.setVisible(bool(text))
        self._notice_timer.stop()
        if text and ms:
            self._notice_timer.start(ms)

    def switch_cashier(self) -> QDialog:
        """Ctrl+Shift+S: with a customer on screen, a draft or a form open, ask first (Enter and Esc
        stay: the safe answer); with nothing on screen, sign out at once."""
        open_forms = [d for d in self.dialogs if shiboken6.isValid(d) and d.isVisible()]
        if not self.session.cashier or not (self.session.member is not None or self.session.draft or open_forms):
            return self.open_sign_in()
        if self.session.member is not None:
            what = tr("The customer on screen will be closed.")
        else:
            what = tr("The registration that was started will be cleared.")

        def sign_out() -> None:
            for dialog in open_forms:
                if shiboken6.isValid(dialog) and dialog.isVisible():
                    close_now(dialog)  # "Sign out" was the answer: no second question
            QTimer.singleShot(0, self, self.open_sign_in)  # after this question has closed

        self.sign_out_question = self._ask_first("signOutQuestion", tr("Switch cashier"),
                                                 tr("Sign out?") + " " + what, tr("Sign out"), tr("Stay"), sign_out)
        return self.sign_out_question

    def open_sign_in(self) -> SignInDialog:
        """Signing out: the one leaving takes their customer and draft with them."""
        if self.session.cashier:
            self.session.sign_out()
        dialog = SignInDialog(self.session.cashier, self)
        dialog.signedIn.connect(self.set_cashier)
        self._show_dialog(dialog)
        return dialog

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.backend.settings, self.ops, self, gate=self.backend.pin_gate)
        dialog.saved.connect(lambda _restart: self.finish("restart"))
        if self.training:
            dialog.show_in_use(str(self.backend.client.merchant), self.backend.store_label)
        self._show_dialog(dialog)
        return dialog

    def open_help(self) -> HelpDialog:
        from pos_member.runtime import save_support_file

        dialog = HelpDialog(ACTIONS, self, ops=self.ops, support=lambda target: save_support_file(self.backend, target))
        self._show_dialog(dialog)
        return dialog

    def finish(self, how: str) -> None:
        """Tell the app this window is done: "quit", or "restart" to apply new settings."""
        if not self._finished:
            self._finished = True
            self.finished.emit(how)
            self.close()

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().closeEvent(event)
        if not self._finished:
            self._finished = True
            self.finished.emit("quit")

    def set_cashier(self, code: str | None) -> None:
        self.session.sign_in(code)

    # ------------------------------------------------------------------ lifecycle

    def serving(self) -> bool:
        """A customer is being served: a member, a search or its answer on screen, a window open
        (the sign-in aside), or work running. An update's close waits until this is False."""
        open_windows = [d for d in self.dialogs
                        if shiboken6.isValid(d) and d.isVisible() and not isinstance(d, SignInDialog)]
        return bool(self.session.page != "empty" or self.search_box.text().strip() or open_windows
                    or self.ops.running())

    def restore_drafts(self, kept: list[KeptDraft]) -> None:
        """Forms the last run kept (``upgrade.take_drafts``): each for the cashier who typed it;
        the file keeps them again at once (a crash now loses none)."""
        if not kept:
            return
        claim = self.session.cashier is not None or not self.require_sign_in
        self.session.hold_drafts(kept, claim_now=claim)
        log.info("%d registration form(s) typed before the app closed kept for their cashier(s)", len(kept))
        self.write_drafts()
        if claim:
            self._tell_kept_drafts()

    def _tell_kept_drafts(self) -> None:
        """After a sign-in: theirs is back (Register new opens it); another cashier's is only said
        to exist — whose, never what is in it."""
        if not self.session.cashier and self.require_sign_in:
            return
        if self.session.restored and self.session.draft:
            self.show_notice(tr(RESTORED_DRAFT), 20000)
        elif others := [code for code in self.session.held_for_others() if code]:
            self.show_notice(tr(KEPT_FOR_OTHERS).format(cashiers=", ".join(others)), 20000)

    def write_drafts(self) -> None:
        """The forms typed and not sent, to the drafts file now (also as the app goes)."""
        if self.drafts_folder is None:
            return
        self._drafts_timer.stop()
        try:
            upgrade.save_drafts(self.drafts_folder, self.session.kept_drafts())
        except OSError as exc:
            log.warning("the registration being typed could not be kept on disk (%s)", type(exc).__name__)

    def hand_over_work(self) -> int:
        """The app is going (closed, asked to close by the installer, or Windows ends the session):
        a registration whose Register was pressed goes to the outbox now, if it is not there
        already, so that it is not lost with the window (the form being typed stays the draft).
        Synchronous: a log-off leaves no time for the event loop. How many were handed over."""
        forms = {d for d in (self.registration, *self.dialogs) if isinstance(d, RegistrationDialog)}
        return sum(1 for form in forms if shiboken6.isValid(form) and form.hand_over())

    async def shutdown(self) -> None:
        # The app kept the drafts before this (app.keep_work); from here the next window owns the file.
        self.drafts_folder = None
        if shiboken6.isValid(self._drafts_timer):  # (tests shut down windows pytest-qt deleted)
            self._drafts_timer.stop()
        app = QApplication.instance()
        if app is not None and shiboken6.isValid(self.scanner):
            app.removeEventFilter(self.scanner)
        if self.backend.outbox is not None:
            self.backend.outbox.off_change(self._outbox_changed)
        for dialog in list(self.dialogs) + [self.customer_phone]:
            if dialog is not None and shiboken6.isValid(dialog):
                if isinstance(dialog, MemberDialog) and dialog.isVisible():
                    dialog.discard()  # the counter is closing: no question it could not wait for
                dialog.close()
        if self.customer_phone is not None and shiboken6.isValid(self.customer_phone):
            self.customer_phone.deleteLater()  # a window of its own, not a child of this one
        self.session.close()
        await self.monitor.stop()
        await self.ops.shutdown()
