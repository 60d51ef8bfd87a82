"""The member at a glance: who, tier, standing, contact, consents, tags, tier progress, and the
full profile in a section that opens on demand."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
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

from pos_member.api import MaritalStatus
from pos_member.api.models import RELIGIONS
from pos_member.flows import format as fmt
from pos_member.flows.profile import MemberProfile, Part

from . import style
from .tier import TierProgress

PART_NAMES = {"details": "membership details", "full": "full profile", "requirement": "tier requirements"}


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


def banner(text: str, level: str = "warn") -> QFrame:
    frame = QFrame()
    frame.setObjectName("banner")
    frame.setProperty("level", level)
    row = QHBoxLayout(frame)
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    row.addWidget(label, 1)
    return frame


def value_label(text: str) -> QLabel:
    label = QLabel(text or "–")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def grid(rows: list[tuple[str, str]]) -> QGridLayout:
    layout = QGridLayout()
    layout.setHorizontalSpacing(16)
    for i, (name, value) in enumerate(rows):
        key = QLabel(name)
        key.setObjectName("muted")
        layout.addWidget(key, i, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(value_label(value), i, 1)
    layout.setColumnStretch(1, 1)
    return layout


def yes_no(flag: bool | None, yes: str = "✓", no: str = "✗") -> str:
    return "?" if flag is None else yes if flag else no


def gender_text(value: str | None) -> str:
    return {"male": "Male", "female": "Female"}.get(value or "", value or "–")


def marital_text(value: Any) -> str:
    if isinstance(value, int):
        try:
            return MaritalStatus(value).name.title()
        except ValueError:
            return str(value)
    return str(value) if value else "–"


def religion_text(value: Any) -> str:
    if isinstance(value, int):
        return RELIGIONS.get(value, str(value))
    return str(value) if value else "–"


class ProfileView(QScrollArea):
    """Render a ``MemberProfile`` (call ``render`` again as parts arrive)."""

    retryRequested = Signal(tuple)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("Member profile")
        self.details_open = False
        self.profile: MemberProfile | None = None
        self.tier: TierProgress | None = None
        self.render(None)

    def render(self, profile: MemberProfile | None) -> None:
        self.profile = profile
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(10)
        self.tier = None
        if profile is None:
            hint = QLabel("Type a name, phone number, email or member ID above, or scan a member card.")
            hint.setObjectName("muted")
            hint.setWordWrap(True)
            layout.addWidget(hint)
        else:
            self._build(profile, layout)
        layout.addStretch(1)
        old = self.takeWidget()
        self.setWidget(content)
        if old is not None:
            old.deleteLater()

    # ------------------------------------------------------------------ building

    def _build(self, p: MemberProfile, layout: QVBoxLayout) -> None:
        details, full = p.details, p.full
        user = (details.user if details else None) or (full.user if full else None)
        membership = details.membership if details else None
        if user is None and not p.problems:
            layout.addWidget(QLabel("Loading member…"))
            return

        for part, problem in p.problems.items():
            if problem.kind == "not_found":
                layout.addWidget(banner(problem.message, "bad"))
                return
        failed = tuple(p.problems)
        if failed:
            names = ", ".join(PART_NAMES[x] for x in failed)
            frame = banner(f"Could not load the {names}: {next(iter(p.problems.values())).message}", "bad")
            retry = QPushButton("Retry  (F5)")
            retry.setAccessibleName("Retry loading")
            retry.clicked.connect(lambda: self.retryRequested.emit(failed))
            frame.layout().addWidget(retry)
            layout.addWidget(frame)
        if user is None:
            return

        # who and standing
        head, head_layout = card()
        row = QHBoxLayout()
        name = QLabel(user.name or "(no name yet)")
        name.setObjectName("memberName")
        name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(name)
        if membership and membership.tier:
            badge = QLabel(membership.tier)
            badge.setObjectName("tierBadge")
            badge.setAccessibleName(f"Tier {membership.tier}")
            row.addWidget(badge)
        if membership and membership.member_status:
            chip = QLabel(membership.member_status)
            chip.setObjectName("statusChip")
            row.addWidget(chip)
        row.addStretch(1)
        head_layout.addLayout(row)
        since = f"Member since {fmt.date(membership.start_date)}" if membership and membership.start_date else ""
        status = user.registration_status or ""
        line = " · ".join(x for x in (since, f"{status} registration" if status else "", f"ID {user.id}") if x)
        sub = QLabel(line)
        sub.setObjectName("muted")
        head_layout.addWidget(sub)
        if user.is_anonymized:
            head_layout.addWidget(banner("This member was anonymised: their personal data has been removed.", "bad"))
        if membership and membership.is_blocked:
            head_layout.addWidget(banner("This membership is blocked: no points or rewards. Ask the manager.", "bad"))
        if membership and (membership.member_status or "").lower().startswith("pending anonym"):
            head_layout.addWidget(banner("Marked for anonymisation: personal data will be removed.", "warn"))
        layout.addWidget(head)

        # membership numbers
        if membership:
            numbers, numbers_layout = card("Membership")
            ids = user.member_ids or ([membership.primary_card.number] if membership.primary_card else [])
            primary = membership.primary_card.number if membership.primary_card else None
            id_text = ", ".join(f"{i} (primary card)" if i == primary and len(ids) > 1 else i for i in ids)
            numbers_layout.addLayout(grid([
                ("Member ID", id_text or "–"),
                ("Stamps", fmt.number(membership.stamps)),
                ("Balance", fmt.rupiah(membership.balance)),
                ("Referral code", membership.referral_code or "–"),
            ]))
            layout.addWidget(numbers)

        # contact and consent
        contact, contact_layout = card("Contact")
        phone = fmt.phone(user.phone)
        email = user.email or ""
        contact_layout.addLayout(grid([
            ("Phone", f"{phone}  {'✓ verified' if user.phone_is_verified else '✗ not verified'}" if phone else "–"),
            ("Email", f"{email}  {'✓ verified' if user.email_is_verified else '✗ not verified'}" if email else "–"),
            ("Marketing", "   ".join([
                f"WhatsApp {yes_no(membership.allow_whatsapp_marketing) if membership else '?'}",
                f"SMS {yes_no(membership.allow_sms_marketing) if membership else '?'}",
                f"Newsletter {yes_no(membership.allow_newsletters) if membership else '?'}",
            ])),
        ]))
        layout.addWidget(contact)

        # tags
        tags = (full.tags if full else None) or (details.tags if details else None) or []
        if not tags and membership:
            tags = membership.tags
        tag_card, tag_layout = card("Tags")
        chips = QHBoxLayout()
        for tag in tags:
            chip = QLabel(tag.label())
            chip.setObjectName("chip")
            chips.addWidget(chip)
        if not tags:
            none = QLabel("No tags")
            none.setObjectName("muted")
            chips.addWidget(none)
        chips.addStretch(1)
        tag_layout.addLayout(chips)
        layout.addWidget(tag_card)

        # tier progress
        if membership or p.requirement:
            self.tier = TierProgress(membership, p.requirement)
            layout.addWidget(self.tier)

        # full profile, on demand
        more, more_layout = card()
        toggle = QToolButton()
        toggle.setObjectName("detailsToggle")
        toggle.setText("More details")
        toggle.setAccessibleName("Show more details")
        toggle.setCheckable(True)
        toggle.setChecked(self.details_open)
        toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toggle.setArrowType(Qt.ArrowType.DownArrow if self.details_open else Qt.ArrowType.RightArrow)
        body = QWidget()
        body.setObjectName("detailsBody")
        body.setLayout(grid(self._detail_rows(p)))
        body.setVisible(self.details_open)

        def flip(checked: bool) -> None:
            self.details_open = checked
            body.setVisible(checked)
            toggle.setArrowType(Qt.ArrowType.DownArrow if checked else Qt.ArrowType.RightArrow)

        toggle.toggled.connect(flip)
        more_layout.addWidget(toggle)
        more_layout.addWidget(body)
        layout.addWidget(more)

    def _detail_rows(self, p: MemberProfile) -> list[tuple[str, str]]:
        user = (p.full.user if p.full else None) or (p.details.user if p.details else None)
        if user is None:
            return [("", "Not loaded")]
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
            rows.append(("Has the app", yes_no(full.has_downloaded_app, "Yes", "No")))
        return rows
