"""The one Xvfb starter the tools share (tools/xvfb.py): a free display each, never a shared one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tools import xvfb

pytestmark = pytest.mark.posix_only("Xvfb, the X server the walks and the fit check start")


@pytest.fixture(autouse=True)
def _needs_xvfb():
    if shutil.which("Xvfb") is None:
        if os.environ.get("CI"):
            pytest.fail("Xvfb missing: .ci/run installs it")
        pytest.skip("Xvfb missing (apt-get install xvfb)")


def test_each_start_gets_a_free_display_of_its_own_and_a_taken_number_is_refused():
    first, name = xvfb.start("640x480")
    try:
        number = int(name[1:])
        assert xvfb.FIRST <= number < xvfb.FIRST + xvfb.SPAN
        assert Path(f"/tmp/.X11-unix/X{number}").exists()
        with xvfb.running("320x240") as other:
            assert other != name  # started while the first runs: another display
        with pytest.raises(xvfb.XvfbError):
            xvfb.start("320x240", number)  # asked for by number while in use: said, not shared
    finally:
        xvfb.stop(first)
    assert first.poll() is not None
