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

    def __init__(self, colour: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.share = 0.0
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        self.bar = QProgressBar()
        self.bar.setRange(0, BAR_STEPS)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(26)
        self.bar.setStyleSheet(f"QProgressBar {{ border:1px solid #9ca3af; border-radius:8px; background:#e5e7eb; }}"
                               f"QProgressBar::chunk {{ background:{colour}; border-radius:7px; }}")
        self.low = _chip("", faded=True)
        self.high = _chip("")
        self.low_at = QLabel()
        self.low_at.setObjectName("muted")
        self.high_at = QLabel()
        self.high_at.setObjectName("muted")
        self.percent = QLabel()
        self.percent.setObjectName("muted")
        self.percent.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid.addWidget(self.low, 0, 0)
        grid.addWidget(self.bar, 0, 1)
        grid.addWidget(self.high, 0, 2)
        grid.addWidget(self.low_at, 1, 0, Qt.AlignmentFlag.AlignHCenter)
        grid.addWidget(self.percent, 1, 1)
        grid.addWidget(self.high_at, 1, 2, Qt.AlignmentFlag.AlignHCenter)
        grid.setColumnStretch(1, 1)

    def show_between(self, low: Step, high: Step, share: float, spoken: str) -> None:
        self.share = share
        self.bar.setValue(round(share * BAR_STEPS))
        self.bar.setAccessibleName(spoken)
        self.low.setText(low.name)
        self.high.setText(high.name)
        self.low_at.setText(fmt.rupiah(low.spend))
        self.high_at.setText(fmt.rupiah(high.spend))
        self.percent.setText(tr("{percent} of the way").format(percent=fmt.percent(share)))


class TierProgress(QFrame):
    """Tier names come only from the server (``level_text``, ``next_level``); the store's level
    table gives the thresholds the bar is drawn between. Without them the ladder is text only.

    Built once per profile and shown for each member in place (``show_standing``): building the
    card's twenty widgets, their styles and layout for every member, twice while the parts
    landed, cost the counter a frame."""

    def __init__(self, parent: QWidget | None = None, *, levels: Mapping[int, Any] | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        self.levels = levels or {}
        self.standing: Standing = standing(self.levels, None, None)
        self.downgrade_text = ""
        self.upgrade_text = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        title = QLabel(tr("Tier"))
        title.setObjectName("sectionTitle")
        layout.addWidget(title)

        # At risk, keeping the tier comes first: it is the nearer deadline.
        self.warn = QFrame()
        self.warn.setObjectName("banner")
        self.warn.setProperty("level", "warn")
        column = QVBoxLayout(self.warn)
        self.warn_label = QLabel()
        self.warn_label.setStyleSheet("font-size:14pt; font-weight:bold;")
        self.warn_label.setWordWrap(True)
        column.addWidget(self.warn_label)
        self._keep_bar = TierBar("#b45309")
        column.addWidget(self._keep_bar)
        layout.addWidget(self.warn)

        self._bar = TierBar(style.ACCENT)
        layout.addWidget(self._bar)
        # Highest tier, or no thresholds to draw a bar between: the ladder as chips.
        self.ladder = QWidget()
        row = QHBoxLayout(self.ladder)
        row.setContentsMargins(0, 0, 0, 0)
        self.lower_chip, self.down_step = _chip("", faded=True), _step("◂")
        self.tier_chip = _chip("", strong=True)
        self.up_step, self.next_chip = _step(""), _chip("")
        for widget in (self.lower_chip, self.down_step, self.tier_chip, self.up_step, self.next_chip):
            row.addWidget(widget)
        row.addStretch(1)
        layout.addWidget(self.ladder)

        self.headline = QLabel()
        self.headline.setObjectName("tierHeadline")
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        self._headline_risk: bool | None = None

    @property
    def bar(self) -> TierBar | None:
        """The bar towards the next tier, when one is drawn."""
        return self._bar if self._bar.isVisibleTo(self) else None

    @property
    def keep_bar(self) -> TierBar | None:
        """The bar towards keeping this tier, when it is at risk and one is drawn."""
        return self._keep_bar if self.warn.isVisibleTo(self) and self._keep_bar.isVisibleTo(self) else None

    def show_standing(self, membership: Membership | None, requirement: UpgradeRequirement | None) -> None:
        self.standing = s = standing(self.levels, membership, requirement)
        tier_name = s.tier.name if s.tier else None

        self.downgrade_text = ""
        if s.at_risk:
            self.downgrade_text = tr("To keep {tier}, spend {amount} {when}, or the tier drops to {lower}.").format(
                tier=tier_name or tr("this tier"), amount=fmt.rupiah(s.to_keep), when=_when(s.keep_deadline),
                lower=s.lower.name if s.lower else tr("a lower tier"))
            self.warn_label.setText("⚠ " + self.downgrade_text)
        keeping = s.at_risk and s.keep_progress is not None and s.tier is not None and s.lower is not None
        if keeping and s.keep_progress is not None and s.tier is not None and s.lower is not None:
            self._keep_bar.show_between(s.lower, s.tier, s.keep_progress, tr("Spent towards keeping {tier}: {percent}").format(
                tier=tier_name, percent=fmt.percent(s.keep_progress)))
        self._keep_bar.setVisible(keeping)
        self.warn.setVisible(s.at_risk)

        towards = s.tier is not None and s.next is not None and s.progress is not None
        if towards and s.tier is not None and s.next is not None and s.progress is not None:
            self._bar.show_between(s.tier, s.next, s.progress, tr("Progress from {tier} to {next}: {percent}").format(
                tier=tier_name, next=s.next.name, percent=fmt.percent(s.progress)))
        self._bar.setVisible(towards)
        self._show_ladder(s, visible=not towards)

        if s.next is not None and s.to_next is not None:
            self.upgrade_text = tr("Spend {amount} more {when} to reach {tier}.").format(
                amount=fmt.rupiah(s.to_next), when=_when(s.next_deadline), tier=s.next.name)
        elif s.highest:
            self.upgrade_text = tr("Highest tier: nothing more to reach.")
        else:
            self.upgrade_text = ""
        self.headline.setText(self.upgrade_text)
        self.headline.setVisible(bool(self.upgrade_text))
        if self._headline_risk is not s.at_risk:  # second to the risk when there is one, else the headline
            self._headline_risk = s.at_risk
            self.headline.setStyleSheet("font-size:12pt;" if s.at_risk else "font-size:14pt; font-weight:bold;")

    def _show_ladder(self, s: Standing, *, visible: bool) -> None:
        self.ladder.setVisible(visible)
        if not visible:
            return
        self.tier_chip.setText(s.tier.name if s.tier else "–")
        down = not s.highest and s.at_risk and s.lower is not None
        self.lower_chip.setText(s.lower.name if down and s.lower is not None else "")
        self.lower_chip.setVisible(down)
        self.down_step.setVisible(down)
        up = not s.highest and s.next is not None
        self.up_step.setText(f"▸ {fmt.rupiah(s.to_next)} ▸" if up else "")
        self.next_chip.setText(s.next.name if up and s.next is not None else "")
        self.up_step.setVisible(up)
        self.next_chip.setVisible(up)


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
