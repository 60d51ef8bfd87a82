"""The API token: the machine token IT stored for every user of this counter (machine_token.py,
DPAPI) first, then this user's OS credential store (Windows Credential Manager, macOS Keychain,
Secret Service). Never a settings file.

The machine token comes first so a rotation by IT (a new ``--import-token --machine``) reaches
every user at once; a token a store manager typed in the connect dialog (kept per user) is used
when there is no machine token. Whichever is refused (401), the other is tried once
(``other_token``): a user's stale entry never keeps a counter on a revoked token. A credential
store that fails in any way (not only ``KeyringError``: backends raise their own types) is
logged in words and the machine token used.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Literal

from pydantic import SecretStr

SERVICE = "pos-member"
ACCOUNT = "stamps-api-token"
Source = Literal["machine", "user"]
log = logging.getLogger(__name__)
#: Credential-store calls can block for seconds (a locked keychain, D-Bus): never on the event loop.
_STORE_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="credentials")


async def fetch_token() -> SecretStr | None:
    """``load_token`` on the credential-store thread."""
    return await asyncio.get_running_loop().run_in_executor(_STORE_THREAD, load_token)


async def store_token(token: str) -> None:
    """``save_token`` on the credential-store thread (raises what the backend raises)."""
    await asyncio.get_running_loop().run_in_executor(_STORE_THREAD, save_token, token)


async def other_token(refused: SecretStr) -> SecretStr | None:
    """After a 401: a token (read afresh) other than the refused one, or None."""
    def pick() -> SecretStr | None:
        for source, token in tokens():
            if token.get_secret_value() != refused.get_secret_value():
                log.warning("the API token was refused: trying the %s token", source)
                return token
        return None

    return await asyncio.get_running_loop().run_in_executor(_STORE_THREAD, pick)


def load_token() -> SecretStr | None:
    """The token to use: the machine token, else this user's."""
    found = tokens()
    return found[0][1] if found else None


def tokens() -> list[tuple[Source, SecretStr]]:
    """Every token this counter has, in the order they are tried."""
    found: list[tuple[Source, SecretStr]] = []
    machine = _machine_token()
    if machine is not None:
        found.append(("machine", machine))
    user = _user_token()
    if user is not None and (machine is None or user.get_secret_value() != machine.get_secret_value()):
        found.append(("user", user))
    return found


def _user_token() -> SecretStr | None:
    try:
        import keyring

        value = keyring.get_password(SERVICE, ACCOUNT)
    except Exception as exc:  # noqa: BLE001 (no backend, a locked store, a backend's own error type)
        log.warning("the credential store of this Windows user could not be read (%s): using the machine "
                    "token if there is one", type(exc).__name__)
        return None
    return SecretStr(value) if value else None


def _machine_token() -> SecretStr | None:
    """Shared counters and kiosks: the token the installer stored for every user of the machine."""
    from pos_member.machine_token import load_machine_token

    try:
        return load_machine_token()
    except Exception as exc:  # noqa: BLE001 (DPAPI through ctypes: anything but a crash)
        log.warning("the machine token could not be read (%s)", type(exc).__name__)
        return None


def save_token(token: str) -> None:
    import keyring

    keyring.set_password(SERVICE, ACCOUNT, token)
