"""The member at a glance: who, tier, standing, contact, consents, tags, tier progress, and the
full profile in a section that opens on demand."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pos_member.api.codes import active as active_codes
from pos_member.flows import format as fmt
from pos_member.flows.consent import NOT_ASKED
from pos_member.flows.profile import MemberProfile, Part
from pos_member.i18n import QT_TR_NOOP, tr
from pos_member.ui.member.tier import TierProgress, strip_text
from pos_member.ui.shared import a11y, style
from pos_member.ui.shared.fit import ElidedLabel
from pos_member.ui.shared.forms import clear_layout
from pos_member.ui.shared.labels import marital_label

#: Seconds the list of earlier customers stays open on the idle screen.
RECENT_SHOWN_S = 20

PART_NAMES = {"details": QT_TR_NOOP("membership details"), "full": QT_TR_NOOP("full profile"), "requirement": QT_TR_NOOP("tier requirements")}

#: The status words Stamps is known to send, in the cashier's language (others are shown as sent).
STATUS_WORDS = {
    "active": QT_TR_NOOP("Active"),
    "inactive": QT_TR_NOOP("Inactive"),
    "blocked": QT_TR_NOOP("Blocked"),
    "pending anonymization": QT_TR_NOOP("Pending anonymisation"),
}


def card(title: str | None = None) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(12, 10, 12, 10)
    if title:
        label = QLabel(title)
        label.setObjectName("sectionTitle")
        layout.addWidget(label)
    return frame, layout


class Banner(QFrame):
    """A coloured line of text, with room for a button."""

    def __init__(self, text: str, level: str):
        super().__init__()
        self.setObjectName("banner")
        self.setProperty("level", level)
        self.row = QHBoxLayout(self)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.row.addWidget(self.label, 1)


def banner(text: str, level: str = "warn") -> Banner:
    return Banner(text, level)


def value_label(text: str) -> QLabel:
    label = QLabel(text or "–")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def verified(flag: bool | None) -> str:
    return tr("✓ verified") if flag else tr("✗ not verified")


def yes_no(flag: bool | None, yes: str = "✓", no: str = "✗") -> str:
    return "?" if flag is None else yes if flag else no


def gender_text(value: str | None) -> str:
    return {"male": tr("Male"), "female": tr("Female")}.get(value or "", value or "–")


def marital_text(value: Any) -> str:
    if isinstance(value, int):
        word = active_codes().word("marital_status", value)
        return marital_label(word) if word else str(value)
    return str(value) if value else "–"


def religion_text(value: Any) -> str:
    if isinstance(value, int):
        return active_codes().word("religion", value) or str(value)
    return str(value) if value else "–"


class Grid(QGridLayout):
    """Name/value rows whose values are updated in place (no widgets rebuilt per render)."""

    def __init__(self, names: list[str]):
        super().__init__()
        self.setHorizontalSpacing(16)
        self.values: dict[str, QLabel] = {}
        for i, name in enumerate(names):
            key = QLabel(tr(name))
            key.setObjectName("muted")
            self.addWidget(key, i, 0, Qt.AlignmentFlag.AlignTop)
            self.values[name] = value_label("")
            self.addWidget(self.values[name], i, 1)
        self.setColumnStretch(1, 1)

    def set(self, rows: dict[str, str]) -> None:
        for name, label in self.values.items():
            label.setText(rows.get(name) or "–")


DETAIL_ROWS = [QT_TR_NOOP("Birthday"), QT_TR_NOOP("Gender"), QT_TR_NOOP("Address"), QT_TR_NOOP("Area"), QT_TR_NOOP("Nationality"), QT_TR_NOOP("Religion"),
               QT_TR_NOOP("Marital status"), QT_TR_NOOP("Wedding date"), QT_TR_NOOP("Notes"), QT_TR_NOOP("Hobbies"), QT_TR_NOOP("Children"), QT_TR_NOOP("Pets"),
               QT_TR_NOOP("Social media"), QT_TR_NOOP("Has the app")]


class ProfileView(QWidget):
    """The member on screen. Widgets are built once and updated as parts arrive: rebuilding
    them for every part costs a frame (11 ms) each time. The head (name, tier strip) keeps its
    place at the top at any window size; the rest scrolls under it."""

    retryRequested = Signal(tuple)
    recentChosen = Signal(object)   # the key (int primary key or text) of a customer served earlier
    escaped = Signal()              # Esc while the focus is on the open list: the next customer

    def __init__(self, parent: QWidget | None = None, *, levels: dict[int, Any] | None = None):
        super().__init__(parent)
        self.levels = levels or {}  # the store's level table: thresholds for the tier bar
        self.body = QScrollArea()
        self.body.setWidgetResizable(True)
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        # Nothing on the profile is wider than the window: text wraps or is cut with "…".
        self.body.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName(tr("Member profile"))
        self.profile: MemberProfile | None = None
        self.consents_unasked = False
        self._failed: tuple[Part, ...] = ()
        self._build()
        self.render(None)

    @property
    def tier(self) -> TierProgress | None:
        """The tier card, when the member on screen has one to show."""
        return self.tier_card if self._tier_key is not None and self._tier_key[2] else None

    @property
    def details_open(self) -> bool:
        return self.toggle.isChecked()

    @details_open.setter
    def details_open(self, value: bool) -> None:
        self.toggle.setChecked(value)

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(6)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(10)

        self.hint = QLabel(tr("Type a name, phone number, email or member ID above, or scan a member card."))
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)
        self.loading = QLabel(tr("Loading member…"))
        self.not_found = banner("", "bad")
        self.problem = banner("", "bad")
        self.retry = QPushButton()
        a11y.show_text(self.retry, tr("Retry  (F5)"))
        self.retry.setAccessibleName(tr("Retry loading"))
        self.retry.clicked.connect(lambda: self.retryRequested.emit(self._failed))
        self.problem.row.addWidget(self.retry)
        for widget in (self.hint, self.loading, self.not_found, self.problem):
            layout.addWidget(widget)
        self.recent_card, recent_layout = card(tr("Served this shift (Alt+← opens the last one)"))
        self.recent_rows = QVBoxLayout()
        recent_layout.addLayout(self.recent_rows)
        self.recent_card.setVisible(False)
        self._recent_keys: list[tuple[str, str]] | None = None
        # Names are listed only when asked for: the next customer is looking at the screen.
        self.recent_toggle = QPushButton(tr("Previous customers this shift…"))
        self.recent_toggle.setCheckable(True)
        self.recent_toggle.setAutoDefault(False)
        self.recent_toggle.setVisible(False)
        self.recent_toggle.toggled.connect(lambda _on: self._show_recent_card())
        # Left open, the list would face the next customer: it closes by itself after a while.
        self.recent_timer = QTimer(self)
        self.recent_timer.setSingleShot(True)
        self.recent_timer.setInterval(RECENT_SHOWN_S * 1000)
        self.recent_timer.timeout.connect(self.hide_recent)
        toggle_row = QHBoxLayout()
        toggle_row.addWidget(self.recent_toggle)
        toggle_row.addStretch(1)
        layout.addLayout(toggle_row)
        layout.addWidget(self.recent_card)

        self.head, head_layout = card()
        head_layout.setContentsMargins(12, 6, 12, 6)
        head_layout.setSpacing(2)
        row = QHBoxLayout()
        # A 100-character name is cut with "…": the whole name is in its tooltip and read out.
        self.name = ElidedLabel()
        self.name.setObjectName("memberName")
        self.badge = QLabel()
        self.badge.setObjectName("tierBadge")
        self.status = QLabel()
        self.status.setObjectName("statusChip")
        self.birthday = QLabel()
        self.birthday.setObjectName("birthdayBadge")
        self.birthday.setStyleSheet("background:#fce7f3; color:#831843; border:1px solid #f9a8d4; border-radius:10px;"
                                    "padding:2px 10px; font-weight:bold;")
        row.addWidget(self.name, 1)
        row.addWidget(self.badge)
        row.addWidget(self.status)
        row.addWidget(self.birthday)
        head_layout.addLayout(row)
        # Tier · left to spend · by when: always in the same place, whatever scrolls below.
        self.tier_strip = QLabel()
        self.tier_strip.setObjectName("tierStrip")
        self.tier_strip.setWordWrap(True)
        head_layout.addWidget(self.tier_strip)
        self.sub = QLabel()
        self.sub.setObjectName("muted")
        self.sub.setWordWrap(True)
        head_layout.addWidget(self.sub)
        # A slow Stamps draws the member part by part: say what is still coming (a "?" is not "no").
        self.still_loading = QLabel()
        self.still_loading.setObjectName("muted")
        self.still_loading.setWordWrap(True)
        self.still_loading.setVisible(False)
        head_layout.addWidget(self.still_loading)
        self.anonymised = banner(tr("This member was anonymised: their personal data has been removed."), "bad")
        self.blocked = banner(tr("This membership is blocked: no points or rewards. Ask the manager."), "bad")
        self.pending = banner(tr("Marked for anonymisation: personal data will be removed."), "warn")
        self.notes = banner("", "note")
        self.notes.setStyleSheet(f"QFrame#banner {{ background:#eff6ff; border:1px solid #93c5fd; border-radius:6px; }}"
                                 f"QFrame#banner QLabel {{ color:{style.INK}; }}")
        for widget in (self.anonymised, self.blocked, self.pending, self.notes):
            layout.addWidget(widget)
        outer.addWidget(self.head)
        outer.addWidget(self.body, 1)

        # Tier right under the name: the one thing read from a metre away.
        self.tier_card = TierProgress(levels=self.levels)
        self.tier_card.setVisible(False)
        layout.addWidget(self.tier_card)
        self._tier_key: tuple | None = None

        self.numbers, numbers_layout = card(tr("Membership"))
        self.numbers_grid = Grid([QT_TR_NOOP("Member ID"), QT_TR_NOOP("Stamps"), QT_TR_NOOP("Balance"), QT_TR_NOOP("Referral code")])
        numbers_layout.addLayout(self.numbers_grid)
        layout.addWidget(self.numbers)

        self.contact, contact_layout = card(tr("Contact"))
        self.contact_grid = Grid([QT_TR_NOOP("Phone"), QT_TR_NOOP("Email"), QT_TR_NOOP("Marketing")])
        contact_layout.addLayout(self.contact_grid)
        layout.addWidget(self.contact)

        self.tags_card, tags_layout = card(tr("Tags"))
        self.chips = QHBoxLayout()
        tags_layout.addLayout(self.chips)
        self._chip_texts: list[str] | None = None
        layout.addWidget(self.tags_card)

        self.more, more_layout = card()
        self.toggle = QToolButton()
        self.toggle.setObjectName("detailsToggle")
        self.toggle.setText(tr("More details"))
        self.toggle.setAccessibleName(tr("Show more details"))
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.details_body = QWidget()
        self.details_body.setObjectName("detailsBody")
        self.details_grid = Grid(DETAIL_ROWS)
        self.details_body.setLayout(self.details_grid)
        self.details_body.setVisible(False)
        self.toggle.toggled.connect(self._flip)
        more_layout.addWidget(self.toggle)
        more_layout.addWidget(self.details_body)
        layout.addWidget(self.more)
        layout.addStretch(1)
        self.body.setWidget(content)

    def _flip(self, checked: bool) -> None:
        self.details_body.setVisible(checked)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if checked else Qt.ArrowType.RightArrow)

    # ------------------------------------------------------------------ rendering

    def render(self, profile: MemberProfile | None, *,  # type: ignore[override]  # not QWidget.render
               consents_unasked: bool = False) -> None:
        """``consents_unasked``: the member was quick-registered here and not asked about promos
        yet, so a "yes" (or unknown) Stamps holds is its own default, shown as "not asked yet"."""
        self.profile = profile
        self.consents_unasked = consents_unasked
        details = profile.details if profile else None
        full = profile.full if profile else None
        user = (details.user if details else None) or (full.user if full else None)
        membership = details.membership if details else None
        not_found = next((p for p in (profile.problems.values() if profile else ()) if p.kind == "not_found"), None)

        self.hint.setVisible(profile is None)
        self.recent_card.setVisible(profile is None and bool(self._recent_keys))
        self.loading.setVisible(profile is not None and user is None and not profile.problems)
        self.not_found.setVisible(not_found is not None)
        if not_found is not None:
            self.not_found.label.setText(not_found.message)
        self._failed = tuple(profile.problems) if profile and not not_found else ()
        self.problem.setVisible(bool(self._failed))
        if self._failed and profile is not None:
            names = ", ".join(tr(PART_NAMES[x]) for x in self._failed)
            first = next(iter(profile.problems.values())).message
            who = profile.known_name if user is None else ""  # nothing on screen says whose they are
            if who:
                text = tr("Could not load the {parts} of {name}: {reason}").format(parts=names, name=who, reason=first)
            else:
                text = tr("Could not load the {parts}: {reason}").format(parts=names, reason=first)
            self.problem.label.setText(text)

        show = profile is not None and user is not None and not_found is None
        if not show:
            self.still_loading.setVisible(False)
        for widget in (self.head, self.contact, self.tags_card, self.more):
            widget.setVisible(show)
        if not show:
            for widget in (self.anonymised, self.blocked, self.pending, self.notes):
                widget.setVisible(False)
        self.numbers.setVisible(show and membership is not None)
        if not show or profile is None:
            self._set_tier(None, None, visible=False)
            return
        self._render_head(user, membership)
        pending = profile.pending
        self.still_loading.setText(tr("Still loading the {parts}…").format(
            parts=", ".join(tr(PART_NAMES[x]) for x in pending)) if pending else "")
        self.still_loading.setVisible(bool(pending))
        self._render_birthday_and_notes(user, full.user if full else None)
        self._render_contact(user, membership)
        tags = (full.tags if full else None) or (details.tags if details else None) or []
        if not tags and membership:
            tags = membership.tags
        self._render_tags([t.label() for t in tags])
        # Nobody is left to spend: no "To keep Gold, spend…" for an anonymised member.
        anonymised = bool(user is not None and user.is_anonymized)
        self._set_tier(membership, profile.requirement, visible=bool(membership or profile.requirement) and not anonymised)
        self.details_grid.set(dict(self._detail_rows(profile)))

    def _render_head(self, user, membership) -> None:  # noqa: ANN001
        # The server's placeholder name ("Anonymous") is not in the cashier's language.
        self.name.setText(tr("Anonymised member") if user.is_anonymized else user.name or tr("(no name yet)"))
        tier = membership.tier if membership else None
        self.badge.setText(tier or "")
        self.badge.setVisible(bool(tier))
        self.badge.setAccessibleName(tr("Tier {tier}").format(tier=tier) if tier else "")
        status = membership.member_status if membership else None
        if status and status.casefold() in STATUS_WORDS:
            status = tr(STATUS_WORDS[status.casefold()])
        if user.is_anonymized:
            status = tr("Anonymised")  # whatever the membership still says, nobody is left to serve
        self.status.setText(status or "")
        self.status.setVisible(bool(status))
        since = tr("Member since {date}").format(date=fmt.date(membership.start_date)) if membership and membership.start_date else ""
        kind = user.registration_status or ""
        kinds = {"Full": tr("Full registration"), "Partial": tr("Partial registration")}
        self.sub.setText(" · ".join(x for x in (since, kinds.get(kind, kind), tr("ID {id}").format(id=user.id)) if x))
        self.anonymised.setVisible(bool(user.is_anonymized))
        self.blocked.setVisible(bool(membership and membership.is_blocked))
        self.pending.setVisible(bool(membership and (membership.member_status or "").lower().startswith("pending anonym")))
        if membership:
            ids = user.member_ids or ([membership.primary_card.number] if membership.primary_card else [])
            primary = membership.primary_card.number if membership.primary_card else None
            self.numbers_grid.set({
                "Member ID": ", ".join(tr("{card} (primary card)").format(card=i) if i == primary and len(ids) > 1 else i for i in ids),
                "Stamps": fmt.number(membership.stamps),
                "Balance": fmt.rupiah(membership.balance),
                "Referral code": membership.referral_code or "",
            })

    def _render_birthday_and_notes(self, user, full_user) -> None:  # noqa: ANN001
        """A birthday this month is worth a word at the counter; staff notes are read before
        serving, not only inside Edit."""
        birthday = (full_user.birthday if full_user else None) or user.birthday
        today = dt.date.today()
        text = ""
        if isinstance(birthday, dt.date) and birthday.month == today.month and not user.is_anonymized:
            text = tr("Birthday today!") if birthday.day == today.day else \
                tr("Birthday this month: {date}").format(date=fmt.date(birthday).rsplit(" ", 1)[0])
        self.birthday.setText(text)
        self.birthday.setVisible(bool(text))
        notes = ((full_user.notes if full_user else None) or user.notes or "").strip()
        self.notes.label.setText(tr("Staff note: {notes}").format(notes=notes) if notes else "")
        self.notes.setVisible(bool(notes) and not user.is_anonymized)

    def show_recent(self, recent: list) -> None:  # list of flows.counter.Seen
        """The customers served earlier this shift, newest first, each one click away."""
        keys = [(seen.key, seen.name) for seen in recent]
        if keys != self._recent_keys:
            self._recent_keys = keys
            clear_layout(self.recent_rows)
            for key, name in keys:
                button = QPushButton(name or tr("(no name yet)"))
                button.setAutoDefault(False)
                button.setStyleSheet("text-align:left;")
                button.setAccessibleName(tr("Open {name} again").format(name=name or tr("(no name yet)")))
                button.clicked.connect(lambda _=False, k=key: self.recentChosen.emit(k))
                self.recent_rows.addWidget(button)
        self._show_recent_card()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        """Esc from the open list (a click leaves the focus there) means the next customer too."""
        if event.key() == Qt.Key.Key_Escape and self.recent_card.isVisible():
            self.escaped.emit()
            return
        super().keyPressEvent(event)

    def hide_recent(self) -> None:
        """Fold the list of earlier customers away (next customer, Esc, or an idle while)."""
        self.recent_toggle.setChecked(False)
        self._show_recent_card()

    def _show_recent_card(self) -> None:
        idle = self.profile is None and bool(self._recent_keys)
        self.recent_toggle.setVisible(idle)
        if not idle:
            self.recent_toggle.setChecked(False)  # shown again only when asked again
        shown = idle and self.recent_toggle.isChecked()
        self.recent_card.setVisible(shown)
        if shown and not self.recent_timer.isActive():
            self.recent_timer.start()
        elif not shown:
            self.recent_timer.stop()

    def _render_contact(self, user, membership) -> None:  # noqa: ANN001
        phone, email = fmt.phone(user.phone), user.email or ""

        def consent(flag: bool | None) -> str:
            if self.consents_unasked and flag is not False:
                return tr(NOT_ASKED)
            return yes_no(flag) if membership else "?"

        if user.is_anonymized:
            self.contact_grid.set({"Phone": "", "Email": "", "Marketing": tr("None: the member was anonymised")})
            return

        self.contact_grid.set({
            "Phone": f"{phone}  {verified(user.phone_is_verified)}" if phone else "",
            "Email": f"{email}  {verified(user.email_is_verified)}" if email else "",
            "Marketing": "   ".join([
                f"WhatsApp {consent(membership.allow_whatsapp_marketing if membership else None)}",
                f"SMS {consent(membership.allow_sms_marketing if membership else None)}",
                tr("Newsletter") + " " + consent(membership.allow_newsletters if membership else None),
            ]),
        })

    def _render_tags(self, texts: list[str]) -> None:
        if texts == self._chip_texts:
            return
        self._chip_texts = texts
        clear_layout(self.chips)
        for text in texts or [tr("No tags")]:
            chip = QLabel(text)
            chip.setObjectName("chip" if texts else "muted")
            self.chips.addWidget(chip)
        self.chips.addStretch(1)

    def _set_tier(self, membership, requirement, *, visible: bool) -> None:  # noqa: ANN001
        key = (membership.model_dump_json() if membership else None,
               requirement.model_dump_json() if requirement else None, visible)
        if key == self._tier_key:
            return
        if not visible:  # loading the next member: the card waits hidden, nothing is rebuilt
            self._tier_key = key
            self.tier_card.setVisible(False)
            self.tier_strip.setVisible(False)
            return
        self._tier_key = key
        self.tier_card.show_standing(membership, requirement)
        self.tier_card.setVisible(True)
        text, at_risk = strip_text(self.tier_card.standing)
        self.tier_strip.setText(text)
        if self.tier_strip.property("atRisk") != at_risk:  # a new style only when the colour changes
            self.tier_strip.setProperty("atRisk", at_risk)
            self.tier_strip.style().unpolish(self.tier_strip)
            self.tier_strip.style().polish(self.tier_strip)
        self.tier_strip.setVisible(bool(text))

    def _detail_rows(self, p: MemberProfile) -> list[tuple[str, str]]:
        user = (p.full.user if p.full else None) or (p.details.user if p.details else None)
        if user is None:
            return []
        location = ""
        if user.location:
            location = ", ".join(a.name for a in (user.location.district, user.location.regency, user.location.province)
                                 if a and a.name)
        rows = [
            ("Birthday", fmt.date(user.birthday)),
            ("Gender", gender_text(user.gender)),
            ("Address", " ".join(x for x in (user.address or "", user.postal_code or "") if x)),
            ("Area", location or "–"),
            ("Religion", religion_text(user.religion)),
            ("Marital status", marital_text(user.marital_status)),
            ("Wedding date", fmt.date(user.wedding_date)),
            ("Notes", user.notes or "–"),
        ]
        full = p.full.user if p.full else None
        if full is not None:
            rows[4:4] = [("Nationality", full.nationality or "–")]
            rows.append(("Hobbies", ", ".join(h.name or "" for h in full.hobbies) or "–"))
            rows.append(("Children", "; ".join(f"{c.name} ({fmt.date(c.birthday)})" for c in full.children) or "–"))
            rows.append(("Pets", "; ".join(
                f"{pet.name} ({pet.type.name if pet.type else ''}{', ' + pet.breed.name if pet.breed and pet.breed.name else ''})"
                for pet in full.pets) or "–"))
            social = full.social_media_profile or {}
            rows.append(("Social media", ", ".join(f"{k}: {v}" for k, v in social.items() if v) or "–"))
            rows.append(("Has the app", yes_no(full.has_downloaded_app, tr("Yes"), tr("No"))))
        return rows
