"""Words for codes the API uses, in the cashier's language. The codes themselves come from the
store's ``[codes]`` table (``pos_member.api.codes``)."""

from __future__ import annotations

from pos_member.api.codes import active as active_codes
from pos_member.i18n import QT_TR_NOOP, tr

MARITAL = {"Single": QT_TR_NOOP("Single"), "Married": QT_TR_NOOP("Married"), "Divorced": QT_TR_NOOP("Divorced"),
           "Widowed": QT_TR_NOOP("Widowed"), "Others": QT_TR_NOOP("Others")}


def marital_label(word: str) -> str:
    return tr(MARITAL[word]) if word in MARITAL else word


def marital_options() -> list[tuple[str, int | None]]:
    return [("—", None)] + [(marital_label(word), code) for word, code in active_codes().marital_status.items()]


def religion_options() -> list[tuple[str, int | None]]:
    return [("—", None)] + list(active_codes().religion.items())
