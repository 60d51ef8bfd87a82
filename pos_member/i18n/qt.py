"""Qt's side of translations: load the compiled catalogue for a language into the application."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from . import install

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
CONTEXT = ""  # one catalogue context: lupdate files module-level tr("...") calls under ""
_translator: QTranslator | None = None


def catalogue(language: str) -> Path:
    return HERE / f"pos_member_{language}.qm"


def compile_catalogue(language: str) -> Path | None:
    """Build the .qm from the .ts if it is missing or older (fresh clone, tests)."""
    source, target = HERE / f"pos_member_{language}.ts", catalogue(language)
    if not source.exists():
        return None
    if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
        return target
    lrelease = shutil.which("pyside6-lrelease") or str(Path(sys.executable).with_name("pyside6-lrelease"))
    try:
        subprocess.run([lrelease, "-silent", str(source), "-qm", str(target)], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        log.warning("could not compile translations for %s: %s", language, exc)
        return target if target.exists() else None
    return target


def apply_language(language: str) -> bool:
    """Switch the app's language ('en' or 'id'); returns False if no catalogue could be loaded."""
    global _translator
    app = QCoreApplication.instance()
    if _translator is not None and app is not None:
        app.removeTranslator(_translator)
        _translator = None
    locale = QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia) if language == "id" \
        else QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    QLocale.setDefault(locale)
    if language == "en":
        install(lambda text: text, "en")
        return True
    path = compile_catalogue(language)
    translator = QTranslator()
    if path is None or not translator.load(str(path)):
        log.warning("no translations for %s; staying in English", language)
        install(lambda text: text, "en")
        return False
    if app is not None:
        app.installTranslator(translator)
    _translator = translator
    install(lambda text: QCoreApplication.translate(CONTEXT, text), language)
    return True
