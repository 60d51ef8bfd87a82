"""A trainer rehearses a bad day from inside training mode: the counter's Training menu and the
kiosk's staff gesture switch Stamps slow, Stamps down, network off and back to normal (issue 24,
Done when 9)."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from pos_member.sandbox.faults import PRESETS, preset_now
from tests.test_kiosk import PIN, enter_pin, make_kiosk, open_pin_screen, tap  # noqa: F401 (fixture)


def test_the_counters_training_menu_switches_faults(make_window, qtbot, training):
    window = make_window()
    menu = window.training_menu
    actions = {a.objectName(): a for a in menu.actions()}
    assert set(actions) == {f"training_{name}" for name in PRESETS}
    for name in ("slow", "down", "network_off", "normal"):
        actions[f"training_{name}"].trigger()
        assert preset_now(training.faults) == name
    menu.aboutToShow.emit()
    assert actions["training_normal"].isChecked() and not actions["training_down"].isChecked()


def test_the_kiosks_staff_gesture_leads_to_the_same_switches(make_kiosk, qtbot, training):
    kiosk = make_kiosk()
    open_pin_screen(kiosk)
    enter_pin(kiosk, qtbot, PIN)
    assert kiosk.step == "close"
    down = kiosk.findChild(QPushButton, "training_down")
    assert down is not None and down.isVisible()
    tap(down)
    assert preset_now(training.faults) == "down"
    assert "server error" in kiosk.training_now.text()
    tap(kiosk.findChild(QPushButton, "training_normal"))
    assert preset_now(training.faults) == "normal"
