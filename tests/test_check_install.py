"""``pos-member --check-install``: the real installation checked, one exit code per problem."""

from __future__ import annotations

import os

import keyring
import pytest

from pos_member import checkinstall, credentials
from pos_member.checkinstall import BAD_PROFILE, NO_PROFILE, NO_TOKEN, OFFLINE, OK, OUTBOX, REFUSED
from pos_member.config import settings_files
from tests.conftest import free_port
from tests.test_setup import MemoryKeyring


@pytest.fixture
def install(tmp_path, monkeypatch):
    for key in list(os.environ):
        if key.startswith("POS_MEMBER_") and key != "POS_MEMBER_MACHINE_DATA_DIR":
            monkeypatch.delenv(key)
    monkeypatch.setenv("POS_MEMBER_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("POS_MEMBER_DATA_DIR", str(tmp_path / "data"))
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    machine = settings_files()[0]
    machine.parent.mkdir(parents=True)
    yield machine
    keyring.set_keyring(previous)


def check() -> tuple[int, str]:
    lines: list[str] = []
    code = checkinstall.check(lines.append)
    return code, "\n".join(lines)


def test_every_problem_has_its_code(install, training, loopback, tmp_path):
    code, text = check()
    assert code == NO_PROFILE and "does not exist" in text
    install.write_text('mode = "tablet"\n')
    code, text = check()
    assert code == BAD_PROFILE and "FAIL  setting mode" in text
    install.write_text(f'api_base_url = "{loopback}"\nmerchant = {training.merchant_id}\noutbox = "machine"\n')
    code, text = check()
    assert code == NO_TOKEN and "FAIL  token" in text
    credentials.save_token("not-the-token-at-all")
    code, text = check()
    assert code == REFUSED and "refused the user token" in text
    credentials.save_token(training.token)
    code, text = check()
    assert code == OK, text
    assert "ok    Stamps answers the user token" in text and "ok    outbox:" in text and "(empty)" in text
    assert training.token not in text
    install.write_text(f'api_base_url = "http://127.0.0.1:{free_port()}"\nmerchant = {training.merchant_id}\n')
    code, text = check()
    assert code == OFFLINE and "cannot be reached" in text


def test_an_outbox_that_cannot_be_written(install, training, loopback, tmp_path):
    install.write_text(f'api_base_url = "{loopback}"\nmerchant = {training.merchant_id}\noutbox = "machine"\n')
    credentials.save_token(training.token)
    (tmp_path / "machine-data").mkdir()
    (tmp_path / "machine-data" / f"outbox-{training.merchant_id}.sqlite3").mkdir()  # not a file at all
    code, text = check()
    assert code == OUTBOX and "FAIL  outbox" in text
