"""The API token lives in the OS credential store (Windows Credential Manager, macOS Keychain,
Secret Service), never in the settings file; failing that, the machine token (machine_token.py)."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from pydantic import SecretStr

SERVICE = "pos-member"
ACCOUNT = "stamps-api-token"
log = logging.getLogger(__name__)
#: Credential-store calls can block for seconds (a locked keychain, D-Bus): never on the event loop.
_STORE_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="credentials")


async def fetch_token() -> SecretStr | None:
    """``load_token`` on the credential-store thread."""
    return await asyncio.get_running_loop().run_in_executor(_STORE_THREAD, load_token)


async def store_token(token: str) -> None:
    """``save_token`` on the credential-store thread (raises what the backend raises)."""
    await asyncio.get_running_loop().run_in_executor(_STORE_THREAD, save_token, token)


def load_token() -> SecretStr | None:
    try:
        import keyring
        from keyring.errors import KeyringError

        value = keyring.get_password(SERVICE, ACCOUNT)
    except (ImportError, RuntimeError, KeyringError) as exc:  # no backend on this machine
        log.warning("credential store unavailable: %s", type(exc).__name__)
        value = None
    return SecretStr(value) if value else _machine_token()


def _machine_token() -> SecretStr | None:
    """Shared counters and kiosks: the token the installer stored for every user of the machine."""
    from pos_member.machine_token import load_machine_token

    return load_machine_token()


def save_token(token: str) -> None:
    import keyring

    keyring.set_password(SERVICE, ACCOUNT, token)
