"""How the updater reaches the update repository: httpx (already the app's HTTP client) behind
python-tuf's ``FetcherInterface``.

python-tuf already caps every download at the length the signed metadata allows (an endless
answer stops there); this adds what a slow answer needs: a per-read timeout and a deadline for
the whole file, so a server that drips a byte at a time cannot keep a check running for ever.
No redirects: the repository is where the store profile says it is.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
from tuf.api import exceptions
from tuf.ngclient import FetcherInterface

#: Connecting and each read: a dead repository is given up on after this.
READ_TIMEOUT_S = 15.0
#: One whole file, however it trickles in (installers are ~60 MB; a slow shop line is 1 Mbit/s).
FILE_DEADLINE_S = 30 * 60.0


class HttpxFetcher(FetcherInterface):
    def __init__(self, *, user_agent: str, timeout: float = READ_TIMEOUT_S, deadline: float = FILE_DEADLINE_S,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.deadline = deadline
        self._client = httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False, transport=transport,
                                    headers={"User-Agent": user_agent})

    def close(self) -> None:
        self._client.close()

    def _fetch(self, url: str) -> Iterator[bytes]:
        ends = time.monotonic() + self.deadline
        try:
            response = self._client.send(self._client.build_request("GET", url), stream=True)
        except httpx.HTTPError as exc:
            raise exceptions.DownloadError(f"{type(exc).__name__} for {_path(url)}") from None
        if response.status_code != 200:
            response.close()
            raise exceptions.DownloadHTTPError(f"HTTP {response.status_code} for {_path(url)}", response.status_code)
        return self._chunks(response, url, ends)

    @staticmethod
    def _chunks(response: httpx.Response, url: str, ends: float) -> Iterator[bytes]:
        try:
            for chunk in response.iter_bytes():
                yield chunk
                if time.monotonic() > ends:
                    raise exceptions.SlowRetrievalError(f"{_path(url)} took longer than allowed")
        except httpx.HTTPError as exc:
            raise exceptions.DownloadError(f"{type(exc).__name__} while reading {_path(url)}") from None
        finally:
            response.close()


def _path(url: str) -> str:
    """The file's place in the repository, for log lines (never a query string)."""
    return httpx.URL(url).path
