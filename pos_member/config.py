"""The store profile: where this counter connects and how it behaves.

Read from TOML files (the machine-wide store profile, baked into the store's installer, and this
user's changes) and ``POS_MEMBER_*`` environment variables. No settings at all means training mode.

Policy: the keys that decide where data and the token go (``POLICY_KEYS``) come from the
machine-wide store profile whenever it sets them. In an installed (frozen) build nothing overrides
them: not the user's file, not an environment variable, not ``--mode`` or ``--settings``, and
``POS_MEMBER_CONFIG_DIR`` is ignored. Development and training runs (from source) keep every
override: command line, then environment, then the user's file, then the machine profile.

The API token is never kept in a settings file (one that holds ``token`` is refused): it comes from
the OS credential store or the machine token (``credentials``), or, for development, the
environment. Error messages never repeat the value of a key that looks secret.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets as _secrets
import sys
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import AnyHttpUrl, BaseModel, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, InitSettingsSource, PydanticBaseSettingsSource, SettingsConfigDict

from pos_member.api.client import check_base_url
from pos_member.api.codes import Codes
from pos_member.api.errors import InsecureURLError
from pos_member.api.models import RegistrationMethod
from pos_member.logsafe import private_file

ENV_PREFIX = "POS_MEMBER_"
#: Milliseconds after the last keystroke before a search is sent.
DEFAULT_SEARCH_DEBOUNCE_MS = 220
DEFAULT_KIOSK_IDLE_SECONDS = 60
PIN_ITERATIONS = 200_000
#: Settings refuse a PIN hash made with fewer PBKDF2 rounds (``iterations=0`` would make the hash
#: free to brute-force from a copied settings file).
PIN_MIN_ITERATIONS = 100_000
#: The keys that decide where data and the token go, and where the counter's code comes from: the
#: machine-wide store profile's, when it sets them (in an installed build nothing overrides them).
#: A user who points update_url elsewhere cannot install unsigned code, but could hold a counter
#: back from a security fix or move it to another ring.
POLICY_KEYS = ("api_base_url", "auth", "merchant", "store", "mode", "manager_pin_hash", "outbox",
               "update_url", "update_channel")
#: Keys whose values never appear in an error message (a token, a PIN typed where its hash goes).
SECRET_LOOKING = re.compile(r"token|secret|passw|pin|key|hash|credential|auth", re.I)


def installed() -> bool:
    """An installed build (PyInstaller-frozen): the store's policy cannot be overridden."""
    return bool(getattr(sys, "frozen", False))


class SettingsError(ValueError):
    """Bad settings: one line per setting, naming it and what is expected."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("\n".join(f"{key}: {msg}" for key, msg in problems.items()))


class OtpTemplates(BaseModel):
    sms: str = "OTP_1"
    whatsapp: str = "OTP_1"
    email: str = "OTP_1"


#: A setting that ticked the consents in advance: explicit consent (UU PDP Art. 20) cannot be given
#: by a store profile, so a profile that still ticks any is refused with these words (one that
#: ticks none, as the settings dialog used to write, is read without it).
CONSENT_DEFAULTS_GONE = ("consent_defaults: removed — the customer ticks each consent themselves, nothing is "
                         "ticked in advance (UU PDP No. 27/2022, Art. 20–22); delete [consent_defaults] "
                         "from the store profile")


class Level(BaseModel):
    """One row of the merchant's level table: its name and, when known, the spending that reaches
    it (what the tier progress bar is drawn between). ``0 = "Silver"`` alone is still accepted."""

    model_config = {"extra": "forbid"}
    name: str = Field(min_length=1)
    spend: int | None = Field(None, ge=0, description="Spending (Rp) that reaches this level")

    @model_validator(mode="before")
    @classmethod
    def _name_only(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        extra="forbid",
        validate_default=True,
    )

    api_base_url: AnyHttpUrl | None = Field(None, description="Stamps server, e.g. https://stamps.co.id")
    auth: Literal["token", "jwt"] = "token"
    token: SecretStr | None = Field(None, description="Only from the environment; normally in the credential store")
    merchant: int | None = Field(None, gt=0)
    store: int | None = Field(None, gt=0)
    store_name: str = ""
    mode: Literal["cashier", "kiosk"] = "cashier"
    language: Literal["en", "id"] = "en"
    otp_templates: OtpTemplates = Field(default_factory=OtpTemplates)
    privacy_policy_url: AnyHttpUrl | None = Field(
        None, description="The store's privacy policy, shown as a link and a QR code next to the consents")
    min_age_alone: int = Field(17, ge=13, le=21, description="Youngest age that registers without a parent "
                               "(17: the KTP age); younger customers register at the counter with a parent")
    # [codes]: gender / marital status / religion codes the seed never defines (README: "Where the
    # seed is ambiguous"). Defaults are today's assumptions, to confirm with Stamps.
    codes: Codes = Field(default_factory=Codes)
    # Registration asks Stamps to generate and email a password (the seed's default is true).
    generate_default_password: bool = False
    registration_method: RegistrationMethod = RegistrationMethod.STORE
    kiosk_registration_method: RegistrationMethod = RegistrationMethod.STORE
    manager_pin_hash: str | None = None
    levels: dict[int, Level] = Field(default_factory=dict, description="The merchant's level table, e.g. "
                                     "{0: 'Silver', 100: {name: 'Blue', spend: 1000000}}")
    kiosk_idle_seconds: int = Field(DEFAULT_KIOSK_IDLE_SECONDS, ge=15, le=3600)
    kiosk_done_seconds: int = Field(30, ge=10, le=300, description="How long the kiosk shows a new member number")
    kiosk_onscreen_keyboard: bool | Literal["auto"] = Field(
        "auto", description="Kiosk draws its own keyboard: true, false, or auto (on except on Windows, "
        "the one OS whose touch keyboard can be assumed)")
    search_debounce_ms: int = Field(DEFAULT_SEARCH_DEBOUNCE_MS, ge=0, le=2000)
    request_timeout_s: float = Field(10.0, gt=0, le=120)
    # Signed updates (README "Signed updates"): the update repository and this counter's ring.
    update_url: AnyHttpUrl | None = Field(None, description="Update repository, e.g. https://updates.example.com/pos-member")
    update_channel: str = Field("stable", pattern=r"^[a-z0-9][a-z0-9_-]{0,31}$",
                                description="Release channel: e.g. pilot (first stores) or stable")
    #: Where pending registrations live: per Windows user, or for the whole counter (ProgramData,
    #: writable by the app's users), so a user switch or a profile clean-up loses nothing.
    outbox: Literal["user", "machine"] = "user"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = []
        if _layers.policy:
            sources.append(InitSettingsSource(settings_cls, _layers.policy))
        sources += [init_settings, env_settings]
        sources += [InitSettingsSource(settings_cls, layer) for layer in _layers.files]
        return tuple(sources)

    @model_validator(mode="before")
    @classmethod
    def _no_consent_defaults(cls, values: Any) -> Any:
        if isinstance(values, dict) and "consent_defaults" in values:
            old = values["consent_defaults"]
            if not isinstance(old, dict) or any(v not in (False, "false", "False", 0) for v in old.values()):
                raise ValueError(CONSENT_DEFAULTS_GONE)
            values = {k: v for k, v in values.items() if k != "consent_defaults"}
        return values

    @field_validator("api_base_url", "update_url")
    @classmethod
    def _https(cls, value: AnyHttpUrl | None) -> AnyHttpUrl | None:
        if value is not None:
            try:
                check_base_url(str(value))
            except InsecureURLError as exc:
                raise ValueError(str(exc)) from None
        return value

    @field_validator("manager_pin_hash")
    @classmethod
    def _pin_hash(cls, value: str | None) -> str | None:
        if value is not None:
            parsed = _parse_pin_hash(value)
            if not parsed:
                raise ValueError("expected a hash made by 'python -m pos_member.config hash-pin', not a PIN")
            if parsed[0] < PIN_MIN_ITERATIONS:
                raise ValueError(f"this hash is too weak ({parsed[0]} rounds, at least {PIN_MIN_ITERATIONS}): "
                                 "make a new one with 'python -m pos_member.config hash-pin'")
        return value

    @model_validator(mode="after")
    def _store_needs_merchant(self) -> Settings:
        if self.api_base_url is not None and self.merchant is None:
            raise ValueError("merchant: a connected store needs its merchant ID (a whole number, e.g. 14)")
        return self

    @property
    def training(self) -> bool:
        """No server configured: the app runs against its embedded training server."""
        return self.api_base_url is None


class _Layers:
    """What ``load_settings`` read, for ``settings_customise_sources`` (pydantic-settings asks
    the class, not the call): the policy layer and the files, strongest first."""

    policy: dict[str, Any] = {}
    files: list[dict[str, Any]] = []


_layers = _Layers()
APP_NAME = "pos-member"
USER_FILE = "settings.toml"
MACHINE_FILE = "store.toml"


def settings_files() -> list[Path]:
    """Where settings live, weakest first: the machine-wide store profile (the installer puts it
    there, e.g. C:\\ProgramData\\pos-member\\store.toml), then this user's changes.
    ``POS_MEMBER_CONFIG_DIR`` replaces both folders (tests, development); an installed build
    ignores it (it would move where the machine token is read)."""
    override = os.environ.get("POS_MEMBER_CONFIG_DIR")
    if override and not installed():
        return [Path(override) / MACHINE_FILE, Path(override) / USER_FILE]
    import platformdirs

    return [Path(platformdirs.site_config_dir(APP_NAME, appauthor=False)) / MACHINE_FILE,
            Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / USER_FILE]


def first_run() -> bool:
    """Nothing configured yet: no settings file and no POS_MEMBER_* variables."""
    if any(key.startswith(ENV_PREFIX) and key not in ("POS_MEMBER_DATA_DIR", "POS_MEMBER_CONFIG_DIR")
           for key in os.environ):
        return False
    return not any(path.is_file() for path in settings_files())


class NeedsAdministrator(PermissionError):
    """The machine-wide store profile can only be changed by an administrator (IT)."""


def save_user_settings(changes: dict[str, Any]) -> Path:
    """Merge ``changes`` into this user's settings file (never the token: see ``credentials``)."""
    path = settings_files()[-1]
    _write_settings(path, _merged(path, changes))
    return path


def save_store_settings(changes: dict[str, Any]) -> Path:
    """What the Settings dialog saves: into the machine-wide store profile when there is one (or
    in an installed build), since policy comes from there; otherwise (development, a counter set
    up by its first-run dialog) into this user's file. Raises ``NeedsAdministrator`` when the
    profile may not be written by this user and could not be written elevated either."""
    machine = settings_files()[0]
    if not (installed() or machine.is_file()):
        return save_user_settings(changes)
    current = read_settings_file(machine) if machine.is_file() else {}
    merged = _merged(machine, changes)
    if load_settings_dict(merged) != load_settings_dict(current):
        try:
            _write_settings(machine, merged, private=False)  # every user of the counter reads it
        except PermissionError:
            from pos_member import elevate

            if not elevate.write_store_profile(machine, _toml_text(merged)):
                raise NeedsAdministrator(str(machine)) from None
    _forget_in_user_file(changes)
    return machine


def _forget_in_user_file(changes: dict[str, Any]) -> None:
    """This user's older copies of what the store profile now says would hide it: drop them."""
    user = settings_files()[-1]
    if not user.is_file():
        return
    try:
        values = read_settings_file(user)
        left = {k: v for k, v in values.items() if k not in changes}
        if left != values:
            _write_settings(user, left)
    except (SettingsError, OSError):
        pass  # an unreadable user file is reported when settings load


def _merged(path: Path, changes: dict[str, Any]) -> dict[str, Any]:
    current = read_settings_file(path) if path.is_file() else {}
    if not any(current.get("consent_defaults", {}).values()):
        current.pop("consent_defaults", None)  # the dialog used to write it all-false: gone for good
    for key, value in changes.items():
        if key == "token":
            raise ValueError("the API token belongs in the credential store, not the settings file")
        if value is None:
            current.pop(key, None)
        elif isinstance(value, dict):
            current[key] = {**current.get(key, {}), **{str(k): v for k, v in value.items()}}
        else:
            current[key] = value
    load_settings_dict(current)  # refuse to write something the app could not read back
    return current


def _toml_text(values: dict[str, Any]) -> str:
    import tomli_w

    return tomli_w.dumps(values)


def _write_settings(path: Path, values: dict[str, Any], *, private: bool = True) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    if private:
        private_file(tmp)  # user-only on POSIX: it names the store and holds the PIN hash
    tmp.write_text(_toml_text(values), encoding="utf-8")
    tmp.replace(path)


def read_settings_file(path: Path) -> dict[str, Any]:
    """One settings file as a mapping; ``SettingsError`` if it cannot be read, is not TOML, or
    holds a token (never kept in a file)."""
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise SettingsError({"settings file": f"{path} cannot be read ({type(exc).__name__})"}) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError({"settings file": f"{path} is not valid TOML ({exc})"}) from None
    if "token" in values:
        raise SettingsError({"token": f"the API token is never kept in a settings file: remove it from {path} "
                             "and store it with 'pos-member --import-token' (or in the connect dialog)"})
    return values


def load_settings_dict(values: dict[str, Any]) -> Settings:
    """Validate a settings mapping as if it were the only source (env ignored)."""
    saved = _layers.policy, _layers.files
    _layers.policy, _layers.files = {}, []
    try:
        return Settings.model_validate(values)
    except ValidationError as exc:
        raise SettingsError(_problems(exc)) from None
    finally:
        _layers.policy, _layers.files = saved


_EXPECTED = {
    "int_parsing": "expected a whole number",
    "int_type": "expected a whole number",
    "bool_parsing": "expected true or false",
    "literal_error": "expected one of: {expected}",
    "url_parsing": "expected a web address like https://stamps.co.id",
    "url_scheme": "expected a web address like https://stamps.co.id",
    "greater_than": "expected a number above {gt}",
    "greater_than_equal": "expected at least {ge}",
    "less_than_equal": "expected at most {le}",
    "extra_forbidden": "unknown setting (check the spelling)",
    "enum": "expected one of: {expected}",
    "string_pattern_mismatch": "expected lower-case letters, digits, - or _ (e.g. stable, pilot)",
}


def _problems(exc: ValidationError) -> dict[str, str]:
    """One line per setting: which one and what is expected, with the value only when it cannot
    be a secret (never for a key that looks secret, nor for an unknown, perhaps misspelled, key)."""
    problems: dict[str, str] = {}
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"]) or "settings"
        template = _EXPECTED.get(err["type"])
        ctx = {k: str(v) for k, v in (err.get("ctx") or {}).items()}
        message = template.format(**ctx) if template else err["msg"].removeprefix("Value error, ")
        echo = ("input" in err and not isinstance(err["input"], dict) and err["type"] != "extra_forbidden"
                and not SECRET_LOOKING.search(key))
        if echo:
            message += f" (got {err['input']!r})"
        if ":" in message and key == "settings":
            key, _, message = message.partition(": ")
        problems[key] = message
    return problems


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Settings from ``path`` (or else the settings files that exist), the environment and
    ``overrides`` (the command line); ``SettingsError`` if anything is bad. Precedence: see the
    module's notes (the machine profile's policy keys win in an installed build)."""
    machine_path, user_path = settings_files()
    if path is not None and not Path(path).is_file():
        raise SettingsError({"settings file": f"not found: {path}"})
    machine = read_settings_file(machine_path) if machine_path.is_file() else {}
    if path is not None:
        files = [read_settings_file(Path(path))]
        if installed() and Path(path).resolve() != machine_path.resolve():
            files.append(machine)  # the profile still sets what the given file does not
    else:
        files = [read_settings_file(p) for p in (user_path, machine_path) if p.is_file()]
    _layers.policy = {k: v for k, v in machine.items() if k in POLICY_KEYS} if installed() else {}
    _layers.files = files
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise SettingsError(_problems(exc)) from None
    except ValueError as exc:
        raise SettingsError({"settings file": str(exc)}) from None
    finally:
        _layers.policy, _layers.files = {}, []


# ------------------------------------------------------------------ manager PIN (salted hash)

def hash_pin(pin: str, *, iterations: int = PIN_ITERATIONS) -> str:
    if not (pin.isdigit() and pin.isascii() and 4 <= len(pin) <= 12):
        raise ValueError("The manager PIN must be 4 to 12 digits.")
    salt = _secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), iterations).hex()
    return f"pbkdf2_sha256${iterations}${salt}${digest}"


def _parse_pin_hash(stored: str) -> tuple[int, bytes, str] | None:
    parts = stored.split("$")
    if len(parts) != 4 or parts[0] != "pbkdf2_sha256" or not parts[1].isdigit():
        return None
    try:
        return int(parts[1]), bytes.fromhex(parts[2]), parts[3]
    except ValueError:
        return None


def verify_pin(pin: str, stored: str | None) -> bool:
    parsed = _parse_pin_hash(stored or "")
    if parsed is None:
        return False
    iterations, salt, expected = parsed
    if iterations < PIN_MIN_ITERATIONS:  # settings copied with model_copy() skip the validator
        return False
    digest = hashlib.pbkdf2_hmac("sha256", str(pin).encode(), salt, iterations).hex()
    return hmac.compare_digest(digest, expected)


def _main(argv: list[str]) -> int:
    import getpass

    if argv[:1] == ["hash-pin"]:
        pin = argv[1] if len(argv) > 1 else getpass.getpass("Manager PIN: ")
        print(hash_pin(pin))
        return 0
    if argv[:1] == ["check"] and len(argv) == 2:
        try:
            print(load_settings(argv[1]).model_dump_json(indent=2, exclude={"token"}))
        except SettingsError as exc:
            print(exc, file=sys.stderr)
            return 2
        return 0
    print("usage: python -m pos_member.config hash-pin [PIN] | check FILE.toml", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
