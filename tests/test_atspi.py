"""Every cashier and kiosk screen read through AT-SPI, the stack Orca uses, in English and Indonesian.

The app runs on Xvfb in a child process; Debian's pyatspi reads it (tools/atspi_audit.py).
.ci/run installs the stack, so in CI this always runs; elsewhere it skips, saying what to install.
"""

from __future__ import annotations

import os

import pytest

from tools import atspi_audit

pytestmark = pytest.mark.posix_only("AT-SPI, the Linux accessibility bus (Xvfb, dbus)")

LANGUAGES = ("en", "id")
#: Screens whose fixes have not landed yet: read and reported, expected to fail (strict: a fix must
#: remove its screen from here).
NOT_FIXED_YET: set[str] = set()


@pytest.fixture(scope="module")
def readings() -> dict[tuple[str, str], dict]:
    gaps = atspi_audit.missing()
    if gaps:
        message = f"AT-SPI stack missing: {', '.join(gaps)} (apt-get install xvfb dbus-daemon at-spi2-core python3-pyatspi)"
        if os.environ.get("CI"):
            pytest.fail(message)  # .ci/run installs it: a CI run without it is broken, not excused
        pytest.skip(message)
    results = atspi_audit.audit(list(LANGUAGES))
    print("\n" + atspi_audit.report(results))
    return {(r["language"], r["screen"]): r for r in results}


def test_every_screen_was_read(readings):
    assert set(readings) == {(language, screen) for language in LANGUAGES for screen in atspi_audit.SCREENS}
    assert all(r["controls"] > 0 for r in readings.values())


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_screen_reader_hears_the_connection_state(readings, language):
    reading = readings[(language, "cashier start")]
    online = reading["expected"]["online"]
    assert any(online in text for text in reading["status"]), reading["status"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("screen", [
    pytest.param(s, marks=pytest.mark.xfail(reason="a11y fixes not landed yet")) if s in NOT_FIXED_YET else s
    for s in atspi_audit.SCREENS])
def test_a_screen_reader_can_name_every_control(readings, screen, language):
    """No unnamed control, none named by its placeholder or decorated with a shortcut, every field labelled."""
    problems = [f"{p['kind']}: {p['role']} {p['name']!r} [{p['id']}]" for p in readings[(language, screen)]["problems"]]
    assert problems == []
