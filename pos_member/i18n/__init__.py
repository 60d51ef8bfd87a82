"""Translations. Qt-free at its core so the API and flow modules can mark and translate the
messages they produce; the UI plugs Qt's translator in (``install``).

- Mark a literal for translation where it is used: ``tr("Enter a mobile number.")``.
- Mark a literal kept for later (a constant): ``QT_TR_NOOP("...")``, then ``tr(CONSTANT)`` where shown.
- Placeholders are named and filled after translation: ``tr("Spend {amount} more").format(...)``.

Sources live in ``pos_member/i18n/pos_member_id.ts`` (Qt Linguist format, updated with
``python -m pos_member.i18n update``); the compiled ``.qm`` is built on first use or at build time.
"""

from __future__ import annotations

from typing import Callable

LANGUAGES = {"en": "English", "id": "Bahasa Indonesia"}
_translate: Callable[[str], str] = lambda text: text  # noqa: E731
_language = "en"


def tr(text: str) -> str:
    """The text in the current language (lupdate extracts ``tr("...")`` calls)."""
    return _translate(text)


def QT_TR_NOOP(text: str) -> str:  # noqa: N802 (the name pyside6-lupdate looks for)
    """Mark a literal for extraction without translating it yet (translate with ``tr`` when shown)."""
    return text


def install(translate: Callable[[str], str], language: str) -> None:
    global _translate, _language
    _translate, _language = translate, language


def language() -> str:
    return _language
