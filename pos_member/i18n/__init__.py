"""Translations. Qt-free at its core so the API and flow modules can mark and translate the
messages they produce; the UI plugs Qt's translator in (``install``).

- Mark a literal for translation where it is used: ``tr("Enter a mobile number.")``.
- Mark a literal kept for later (a constant): ``QT_TR_NOOP("...")``, then ``tr(CONSTANT)`` where shown.
- Placeholders are named and filled after translation: ``tr("Spend {amount} more").format(...)``.

Sources live in ``pos_member/i18n/pos_member_id.ts`` (Qt Linguist format, updated with
``python -m pos_member.i18n update``); the compiled ``.qm`` is built on first use or at build time.
"""

from __future__ import annotations

from collections.abc import Callable

LANGUAGES = {"en": "English", "id": "Bahasa Indonesia"}
ENGLISH_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: Short month names as Indonesians write them ("31 Des 2026"), the same on every platform.
MONTHS = {"en": ENGLISH_MONTHS,
          "id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")}


def _same(text: str) -> str:
    return text


_translate: Callable[[str], str] = _same
_language = "en"
_months: tuple[str, ...] = ENGLISH_MONTHS


def tr(text: str) -> str:
    """The text in the current language (lupdate extracts ``tr("...")`` calls)."""
    return _translate(text)


def QT_TR_NOOP(text: str) -> str:  # noqa: N802 (the name pyside6-lupdate looks for)
    """Mark a literal for extraction without translating it yet (translate with ``tr`` when shown)."""
    return text


def install(translate: Callable[[str], str], language: str, months: tuple[str, ...] | list[str] | None = None) -> None:
    """Plug in a language: its translate function and (short) month names for dates (by default
    the language's own, ``MONTHS``)."""
    global _translate, _language, _months
    _translate, _language = translate, language
    if months is not None and len(months) == 12:
        _months = tuple(months)
    else:
        _months = MONTHS.get(language, ENGLISH_MONTHS)


def month_names() -> tuple[str, ...]:
    return _months


def language() -> str:
    return _language
