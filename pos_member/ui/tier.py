"""Where the member stands: the tier below, theirs, the next one, and what it takes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from pos_member.i18n import tr
from pos_member.api import Membership, UpgradeRequirement
from pos_member.flows import format as fmt

from . import style


def _chip(text: str, *, strong: bool = False, faded: bool = False) -> QLabel:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    if strong:
        label.setObjectName("tierBadge")
    else:
        label.setStyleSheet(f"border:1px solid {style.LINE}; border-radius:10px; padding:2px 10px;"
                            f"color:{style.MUTED if faded else style.INK};")
    return label


def _step(text: str) -> QLabel:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setObjectName("muted")
    label.setWordWrap(True)
    return label


def _when(deadline) -> str:  # noqa: ANN001
    days = fmt.days_left(deadline)
    date = fmt.date(deadline)
    if days is None:
        return tr("by {date}").format(date=date)
    if days < 0:
        return tr("by {date} (passed)").format(date=date)
    if days == 1:
        return tr("by {date} (1 day left)").format(date=date)
    return tr("by {date} ({days} days left)").format(date=date, days=days)


class TierProgress(QFrame):
    """Tier names come only from the server (``level_text``, ``next_level``)."""

    def __init__(self, membership: Membership | None, requirement: UpgradeRequirement | None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        title = QLabel(tr("Tier"))
        title.setObjectName("sectionTitle")
        layout.addWidget(title)
        tier = membership.tier if membership else None
        up = requirement.upgrade_requirement if requirement else None
        down = requirement.downgrade_requirement if requirement else None

        ladder = QHBoxLayout()
        if down is not None and down.next_level:
            ladder.addWidget(_chip(down.next_level, faded=True))
            ladder.addWidget(_step("◂"))
        ladder.addWidget(_chip(tier or "–", strong=True))
        if up is not None and up.next_level:
            ladder.addWidget(_step(f"▸ {fmt.rupiah(up.spending_requirement)} ▸"))
            ladder.addWidget(_chip(up.next_level))
        ladder.addStretch(1)
        layout.addLayout(ladder)

        if up is not None and up.next_level:
            self.upgrade_text = tr("Spend {amount} more {when} to reach {tier}.").format(
                amount=fmt.rupiah(up.spending_requirement), when=_when(up.deadline), tier=up.next_level)
        elif requirement is not None:
            self.upgrade_text = tr("Highest tier: nothing more to reach.")
        else:
            self.upgrade_text = ""
        if self.upgrade_text:
            text = QLabel(self.upgrade_text)
            text.setWordWrap(True)
            layout.addWidget(text)

        self.downgrade_text = ""
        if down is not None and down.next_level and (down.spending_requirement or 0) > 0:
            self.downgrade_text = tr("To keep {tier}, spend {amount} {when}, or the tier drops to {lower}.").format(
                tier=tier or tr("this tier"), amount=fmt.rupiah(down.spending_requirement), when=_when(down.deadline),
                lower=down.next_level)
            warn = QFrame()
            warn.setObjectName("banner")
            warn.setProperty("level", "warn")
            row = QHBoxLayout(warn)
            label = QLabel("⚠ " + self.downgrade_text)
            label.setWordWrap(True)
            row.addWidget(label)
            layout.addWidget(warn)
