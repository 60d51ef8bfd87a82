"""Where the member stands: a bar from this tier's threshold to the next, readable from a metre,
with the deadline and, when the tier is at risk, what keeps it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from pos_member.api import Membership, UpgradeRequirement
from pos_member.flows import format as fmt
from pos_member.flows.tier import Standing, Step, standing
from pos_member.i18n import tr
from pos_member.ui.shared import style

#: Steps of the bar (a tenth of a percent).
BAR_STEPS = 1000


def _chip(text: str, *, strong: bool = False, faded: bool = False) -> QLabel:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    if strong:
        label.setObjectName("tierBadge")
        label.setStyleSheet("font-size:14pt; padding:4px 14px; border-radius:12px;")
    else:
        label.setStyleSheet(f"border:1px solid {style.LINE}; border-radius:12px; padding:4px 12px; font-size:12pt;"
                            f"color:{style.MUTED if faded else style.INK}; background:white;")
    return label


def _step(text: str) -> QLabel:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setObjectName("muted")
    label.setWordWrap(True)
    return label


def _when(deadline) -> str:  # noqa: ANN001
    return fmt.deadline(deadline)


class TierBar(QWidget):
    """A thick bar between two tiers, each end labelled with its name and threshold."""

    def __init__(self, low: Step, high: Step, share: float, colour: str, spoken: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.share = share
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        self.bar = QProgressBar()
        self.bar.setRange(0, BAR_STEPS)
        self.bar.setValue(round(share * BAR_STEPS))
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(26)
        self.bar.setStyleSheet(f"QProgressBar {{ border:1px solid #9ca3af; border-radius:8px; background:#e5e7eb; }}"
                               f"QProgressBar::chunk {{ background:{colour}; border-radius:7px; }}")
        self.bar.setAccessibleName(spoken)
        grid.addWidget(_chip(low.name, faded=True), 0, 0)
        grid.addWidget(self.bar, 0, 1)
        grid.addWidget(_chip(high.name), 0, 2)
        low_at = QLabel(fmt.rupiah(low.spend))
        low_at.setObjectName("muted")
        high_at = QLabel(fmt.rupiah(high.spend))
        high_at.setObjectName("muted")
        self.percent = QLabel(tr("{percent} of the way").format(percent=fmt.percent(share)))
        self.percent.setObjectName("muted")
        self.percent.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid.addWidget(low_at, 1, 0, Qt.AlignmentFlag.AlignHCenter)
        grid.addWidget(self.percent, 1, 1)
        grid.addWidget(high_at, 1, 2, Qt.AlignmentFlag.AlignHCenter)
        grid.setColumnStretch(1, 1)


class TierProgress(QFrame):
    """Tier names come only from the server (``level_text``, ``next_level``); the store's level
    table gives the thresholds the bar is drawn between. Without them the ladder is text only."""

    def __init__(self, membership: Membership | None, requirement: UpgradeRequirement | None,
                 parent: QWidget | None = None, *, levels: Mapping[int, Any] | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        self.standing: Standing = standing(levels or {}, membership, requirement)
        s = self.standing
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        title = QLabel(tr("Tier"))
        title.setObjectName("sectionTitle")
        layout.addWidget(title)
        self.bar: TierBar | None = None
        self.keep_bar: TierBar | None = None
        tier_name = s.tier.name if s.tier else None

        # At risk, keeping the tier comes first: it is the nearer deadline.
        self.downgrade_text = ""
        if s.at_risk:
            self.downgrade_text = tr("To keep {tier}, spend {amount} {when}, or the tier drops to {lower}.").format(
                tier=tier_name or tr("this tier"), amount=fmt.rupiah(s.to_keep), when=_when(s.keep_deadline),
                lower=s.lower.name if s.lower else tr("a lower tier"))
            warn = QFrame()
            warn.setObjectName("banner")
            warn.setProperty("level", "warn")
            column = QVBoxLayout(warn)
            label = QLabel("⚠ " + self.downgrade_text)
            label.setStyleSheet("font-size:14pt; font-weight:bold;")
            label.setWordWrap(True)
            column.addWidget(label)
            if s.keep_progress is not None and s.tier is not None and s.lower is not None:
                spoken = tr("Spent towards keeping {tier}: {percent}").format(
                    tier=tier_name, percent=fmt.percent(s.keep_progress))
                self.keep_bar = TierBar(s.lower, s.tier, s.keep_progress, "#b45309", spoken)
                column.addWidget(self.keep_bar)
            layout.addWidget(warn)

        if s.tier is not None and s.next is not None and s.progress is not None:
            spoken = tr("Progress from {tier} to {next}: {percent}").format(
                tier=tier_name, next=s.next.name, percent=fmt.percent(s.progress))
            self.bar = TierBar(s.tier, s.next, s.progress, style.ACCENT, spoken)
            layout.addWidget(self.bar)
        elif s.highest:
            row = QHBoxLayout()
            row.addWidget(_chip(tier_name or "–", strong=True))
            row.addStretch(1)
            layout.addLayout(row)
        else:
            layout.addLayout(self._ladder(s))

        if s.next is not None and s.to_next is not None:
            self.upgrade_text = tr("Spend {amount} more {when} to reach {tier}.").format(
                amount=fmt.rupiah(s.to_next), when=_when(s.next_deadline), tier=s.next.name)
        elif s.highest:
            self.upgrade_text = tr("Highest tier: nothing more to reach.")
        else:
            self.upgrade_text = ""
        if self.upgrade_text:
            text = QLabel(self.upgrade_text)
            text.setObjectName("tierHeadline")
            # Second to the risk when there is one, else the headline.
            text.setStyleSheet("font-size:12pt;" if s.at_risk else "font-size:14pt; font-weight:bold;")
            text.setWordWrap(True)
            layout.addWidget(text)

    def _ladder(self, s: Standing) -> QHBoxLayout:
        ladder = QHBoxLayout()
        if s.at_risk and s.lower is not None:
            ladder.addWidget(_chip(s.lower.name, faded=True))
            ladder.addWidget(_step("◂"))
        ladder.addWidget(_chip(s.tier.name if s.tier else "–", strong=True))
        if s.next is not None:
            ladder.addWidget(_step(f"▸ {fmt.rupiah(s.to_next)} ▸"))
            ladder.addWidget(_chip(s.next.name))
        ladder.addStretch(1)
        return ladder


def strip_text(s: Standing) -> tuple[str, bool]:
    """One line for the head of the profile: tier · what is left to spend · by when (and whether
    the tier is at risk, which comes first)."""
    tier = s.tier.name if s.tier else ""
    if not tier:
        return "", False
    if s.at_risk and s.to_keep:
        return tr("⚠ {tier} · spend {amount} {when} to keep it").format(
            tier=tier, amount=fmt.rupiah(s.to_keep), when=_when(s.keep_deadline)), True
    if s.next is not None and s.to_next is not None:
        return tr("{tier} · {amount} more to {next} · {when}").format(
            tier=tier, amount=fmt.rupiah(s.to_next), next=s.next.name, when=_when(s.next_deadline)), False
    if s.highest:
        return tr("{tier} · highest tier").format(tier=tier), False
    return tier, False
