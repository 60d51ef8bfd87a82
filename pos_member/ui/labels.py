"""Words for codes the API uses, in the cashier's language."""

from __future__ import annotations

from pos_member.i18n import QT_TR_NOOP, tr

MARITAL = {1: QT_TR_NOOP("Single"), 2: QT_TR_NOOP("Married"), 3: QT_TR_NOOP("Divorced"), 4: QT_TR_NOOP("Widowed"), 5: QT_TR_NOOP("Others")}


def marital_options() -> list[tuple[str, int | None]]:
    return [("—", None)] + [(tr(name), code) for code, name in MARITAL.items()]
