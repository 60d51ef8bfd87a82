"""One update check with The Update Framework (python-tuf's ngclient): refresh the signed
metadata, read this channel's release, and download this store's installer once it is this
store's turn. Blocking and Qt-free: run it on a worker thread (``service.UpdateService`` does).

The repository (made by ``./dev release``) holds, as signed targets:
- ``channels/<channel>.json``: the release every counter on that channel should run, e.g.
  ``{"version": "0.2.0", "share": 10, "installers": {"14-412-cashier": "releases/0.2.0/…exe"}}``
  (``"*"`` names a payload for every store). The channel names the version to run, newer or
  older: rolling back is publishing the older version again.
- the installers themselves, each with its length and hashes in the signed targets metadata.

Trust starts from the root metadata shipped inside the app; every refusal (a tampered file, a
tampered, expired or older metadata file, an answer longer than the metadata allows) is logged
with what was refused, and the app keeps the version it runs.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import httpx
from tuf.api import exceptions
from tuf.ngclient import Updater, UpdaterConfig

from pos_member.update.fetch import FILE_DEADLINE_S, READ_TIMEOUT_S, HttpxFetcher
from pos_member.update.rings import in_ring

log = logging.getLogger(__name__)

CHANNEL_FILE = "channels/{channel}.json"
#: A channel file is a few hundred bytes; anything bigger is not ours.
CHANNEL_MAX_BYTES = 64 * 1024
PAYLOAD_KEY = "*"


class Outcome(StrEnum):
    CURRENT = "current"          # this counter runs the channel's release
    READY = "ready"              # a verified installer is waiting for the apply step
    WAITING = "waiting"          # a release is out, but not yet for this store's place
    NOT_FOR_STORE = "not_for_store"  # the release has no installer for this store profile
    REFUSED = "refused"          # the repository's answer failed verification: nothing taken
    UNREACHABLE = "unreachable"  # no network, a dead repository, an HTTP error


@dataclass(frozen=True)
class Release:
    version: str
    share: int
    installers: dict[str, str]
    notes: str = ""

    @classmethod
    def parse(cls, data: bytes) -> Release:
        raw: Any = json.loads(data.decode("utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("not a JSON object")
        version, share, installers = raw.get("version"), raw.get("share", 100), raw.get("installers")
        if not isinstance(version, str) or not version or len(version) > 64:
            raise ValueError("no version")
        if not isinstance(share, int) or isinstance(share, bool) or not 0 <= share <= 100:
            raise ValueError("share must be 0-100")
        if not isinstance(installers, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                       for k, v in installers.items()):
            raise ValueError("no installers")
        return cls(version, share, dict(installers), str(raw.get("notes", ""))[:500])

    def installer_for(self, key: str) -> str | None:
        return self.installers.get(key) or self.installers.get(PAYLOAD_KEY)


@dataclass(frozen=True)
class CheckResult:
    outcome: Outcome
    release: Release | None = None
    #: The verified installer (READY only), in the user's update cache.
    installer: Path | None = None
    #: What went wrong (REFUSED, UNREACHABLE): the kind of error and the file, never a secret.
    reason: str = ""


@dataclass
class UpdateChecker:
    """Checks ``url`` (the repository: ``metadata/`` and ``targets/`` under it) for ``channel``."""

    url: str
    channel: str
    store_key: str
    place: int
    current_version: str
    cache_dir: Path
    trusted_root: bytes
    transport: httpx.BaseTransport | None = None
    timeout: float = READ_TIMEOUT_S
    deadline: float = FILE_DEADLINE_S
    #: Set to abandon a check in progress (the app is closing).
    cancelled: threading.Event = field(default_factory=threading.Event)

    def check(self, *, download: bool = True) -> CheckResult:
        """Blocking: refresh, read the channel, download this store's installer if it is due."""
        fetcher = _CancellableFetcher(self.cancelled, user_agent=f"pos-member/{self.current_version}",
                                      timeout=self.timeout, deadline=self.deadline, transport=self.transport)
        try:
            return self._check(fetcher, download)
        except exceptions.DownloadLengthMismatchError as exc:  # an endless or oversized answer
            return self._refused("answer longer than the signed metadata allows", exc)
        except exceptions.SlowRetrievalError as exc:
            return self._refused("answer slower than allowed", exc)
        except exceptions.DownloadError as exc:  # no network, dead repository, HTTP error
            log.info("update check: repository not reachable (%s); keeping version %s", exc, self.current_version)
            return CheckResult(Outcome.UNREACHABLE, reason=str(exc)[:200])
        except exceptions.ExpiredMetadataError as exc:
            return self._refused("expired metadata (a frozen or stale repository)", exc)
        except exceptions.BadVersionNumberError as exc:
            return self._refused("metadata older than already seen (rollback)", exc)
        except exceptions.LengthOrHashMismatchError as exc:
            return self._refused("file does not match its signed length and hashes (tampered)", exc)
        except exceptions.UnsignedMetadataError as exc:
            return self._refused("metadata not signed by the trusted keys (tampered)", exc)
        except exceptions.RepositoryError as exc:
            return self._refused("metadata failed verification", exc)
        except (ValueError, UnicodeDecodeError) as exc:  # a signed but unreadable channel file
            return self._refused("channel file unreadable", exc)
        finally:
            fetcher.close()

    def _refused(self, what: str, exc: BaseException) -> CheckResult:
        reason = f"{what}: {type(exc).__name__}: {str(exc)[:200]}"
        log.warning("update refused: %s; keeping version %s", reason, self.current_version)
        return CheckResult(Outcome.REFUSED, reason=reason)

    def _updater(self, fetcher: HttpxFetcher) -> Updater:
        base = self.url.rstrip("/")
        metadata, targets = self.cache_dir / "metadata", self.cache_dir / "targets"
        metadata.mkdir(parents=True, exist_ok=True)
        targets.mkdir(parents=True, exist_ok=True)
        return Updater(str(metadata), f"{base}/metadata/", str(targets), f"{base}/targets/", fetcher,
                       UpdaterConfig(app_user_agent=f"pos-member/{self.current_version}"),
                       bootstrap=self.trusted_root)

    def _check(self, fetcher: HttpxFetcher, download: bool) -> CheckResult:
        updater = self._updater(fetcher)
        updater.refresh()
        channel_info = updater.get_targetinfo(CHANNEL_FILE.format(channel=self.channel))
        if channel_info is None:
            log.info("update check: nothing published on channel %r", self.channel)
            return CheckResult(Outcome.CURRENT)
        if channel_info.length > CHANNEL_MAX_BYTES:
            raise ValueError(f"channel file of {channel_info.length} bytes")
        path = updater.find_cached_target(channel_info) or updater.download_target(channel_info)
        release = Release.parse(Path(path).read_bytes())
        if release.version == self.current_version:
            log.info("update check: version %s is the current release of %r", release.version, self.channel)
            self._forget_installers(keep=None)
            return CheckResult(Outcome.CURRENT, release)
        if not in_ring(self.place, release.share):
            log.info("update check: %s is out for %d %% of stores on %r; this store's place is %d",
                     release.version, release.share, self.channel, self.place)
            return CheckResult(Outcome.WAITING, release)
        target = release.installer_for(self.store_key)
        if target is None:
            log.warning("update check: release %s has no installer for this store profile (%s)",
                        release.version, self.store_key)
            return CheckResult(Outcome.NOT_FOR_STORE, release)
        info = updater.get_targetinfo(target)
        if info is None:
            raise exceptions.RepositoryError(f"the release names {target}, which is not a signed target")
        if not download:
            return CheckResult(Outcome.WAITING, release)
        installer = updater.find_cached_target(info)
        if installer is None:
            log.info("update check: downloading %s (%d bytes)", target, info.length)
            installer = updater.download_target(info)
        self._forget_installers(keep=Path(installer))
        log.info("update check: %s verified and ready to install (now %s)", release.version, self.current_version)
        return CheckResult(Outcome.READY, release, Path(installer))

    def _forget_installers(self, keep: Path | None) -> None:
        """Only the installer due is kept in the cache (and none once this version is current)."""
        for old in (self.cache_dir / "targets").glob("releases%2F*"):
            if keep is None or old.resolve() != keep.resolve():
                try:
                    os.remove(old)
                except OSError:
                    log.debug("update check: could not remove %s", old.name)


class _CancellableFetcher(HttpxFetcher):
    def __init__(self, cancelled: threading.Event, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._cancelled = cancelled

    def _fetch(self, url: str):  # noqa: ANN202 (the base class's iterator)
        if self._cancelled.is_set():
            raise exceptions.DownloadError("update check cancelled")
        chunks = super()._fetch(url)

        def watched():  # noqa: ANN202
            for chunk in chunks:
                if self._cancelled.is_set():
                    raise exceptions.DownloadError("update check cancelled")
                yield chunk
        return watched()
