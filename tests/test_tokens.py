"""Tokens: a refused token gives way to another once (a rotated machine token), never back to a
refused one; the outbox command line never takes a token from argv and refuses to run without."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import pytest
from pydantic import SecretStr

from pos_member.api import StampsClient, Unauthorized
from pos_member.outbox import Outbox


def client(training, token: str, other_token=None, auth="token") -> StampsClient:
    return StampsClient("http://127.0.0.1", token, training.merchant_id, store=training.store_id, auth=auth,
                        transport=training.transport(), retry_backoff=0.001, get_attempts=1, other_token=other_token)


@pytest.mark.parametrize("auth", ["token", "jwt"])
def test_a_refused_token_gives_way_to_the_other_once(training, auth):
    asked: list[str] = []

    async def other(refused: SecretStr) -> SecretStr | None:
        asked.append(refused.get_secret_value())
        return SecretStr(training.token)  # e.g. the machine token IT just rotated

    async def go():
        async with client(training, "revoked-user-token", other, auth) as c:
            first = await c.ping()
            second = await c.ping()  # the new token stays in use: no second switch
            return first, second

    first, second = asyncio.run(go())
    assert first.pong.merchant_id == str(training.merchant_id) == second.pong.merchant_id
    assert asked == ["revoked-user-token"]


def test_when_every_token_is_refused_the_401_is_the_answer(training):
    asked: list[str] = []

    async def other(refused: SecretStr) -> SecretStr | None:
        asked.append(refused.get_secret_value())
        return SecretStr("also-revoked" if refused.get_secret_value() == "revoked" else "revoked")

    async def go():
        async with client(training, "revoked", other) as c:
            for _ in range(3):
                with pytest.raises(Unauthorized):
                    await c.ping()

    asyncio.run(go())
    # Each 401 asks for another token (a rotation may come at any time), never going back to a refused one.
    assert asked[:2] == ["revoked", "also-revoked"] and set(asked) == {"revoked", "also-revoked"}


def test_without_a_fallback_a_401_is_raised_as_before(training):
    async def go():
        async with client(training, "revoked") as c:
            await c.ping()

    with pytest.raises(Unauthorized):
        asyncio.run(go())


def outbox_cli(*args: str, env_token: str | None = None, tmp_path=None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "POS_MEMBER_TOKEN"}
    if env_token is not None:
        env["POS_MEMBER_TOKEN"] = env_token
    return subprocess.run([sys.executable, "-m", "pos_member.outbox", *args], env=env, capture_output=True,
                          text=True, timeout=60)


def test_the_outbox_command_refuses_to_run_without_a_token(tmp_path, training):
    path = tmp_path / "outbox.sqlite3"
    Outbox(path).add("partial", {"user": "tanpa.token@example.com"})
    base = ["deliver", str(path), "--url", "http://127.0.0.1:9", "--merchant", str(training.merchant_id)]
    result = outbox_cli(*base)
    assert result.returncode == 2 and "no API token" in result.stderr
    result = outbox_cli(*base, "--token", "on-the-command-line")
    assert result.returncode == 2 and "unrecognized arguments" in result.stderr
    assert Outbox(path).count("pending") == 1  # nothing was attempted


def test_the_outbox_command_reads_the_token_from_a_file(tmp_path, training, loopback):
    path = tmp_path / "outbox.sqlite3"
    Outbox(path).add("partial", {"user": "dari.file@example.com"})
    token_file = tmp_path / "token.txt"
    token_file.write_text("\ufeff" + training.token + "\r\n", encoding="utf-8")
    result = outbox_cli("deliver", str(path), "--url", loopback, "--merchant", str(training.merchant_id),
                        "--token-file", str(token_file), "--deadline", "30")
    assert result.returncode == 0, result.stdout + result.stderr
    assert training.token not in result.stdout + result.stderr
    assert Outbox(path).count("delivered") == 1
