"""Typed errors of the Stamps API client.

Every failure a caller can see is an ``ApiError``, with codes and data, never words:
``outbox/failures.py`` sorts them and ``flows/problems.py`` words them.
"""

from __future__ import annotations

from typing import Any

NON_FIELD = "__all__"


class ApiError(Exception):
    """Base of every error raised by ``StampsClient``."""


class RequestValidationError(ApiError, ValueError):
    """Arguments that were refused before anything was sent.

    ``errors`` maps the API parameter name to an English message for developers, the same shape
    as the server's field errors, so a form maps both the same way. ``codes`` gives a stable code
    per field and ``params`` what its words need (a length): ``flows/problems.py`` words them.
    """

    def __init__(self, errors: dict[str, str], codes: dict[str, str] | None = None,
                 params: dict[str, dict[str, Any]] | None = None):
        self.errors = dict(errors)
        self.codes = dict(codes or {})
        self.params = {k: dict(v) for k, v in (params or {}).items()}
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


class ApiStatusError(ApiError):
    """The server answered with a non-2xx status."""

    status: int = 0

    def __init__(
        self,
        status: int,
        *,
        error_code: str | None = None,
        error_message: str | None = None,
        errors: dict[str, str] | None = None,
        detail: str | None = None,
        body: Any = None,
    ):
        self.status = status
        self.error_code = error_code
        self.error_message = error_message
        self.errors = dict(errors or {})
        self.detail = detail
        self.body = body
        super().__init__(f"HTTP {status}: {self.message}")

    @property
    def field_errors(self) -> dict[str, str]:
        """Errors that belong to one parameter (everything but ``__all__``)."""
        return {k: v for k, v in self.errors.items() if k != NON_FIELD}

    @property
    def message(self) -> str:
        """The best single sentence the server gave."""
        return (
            self.error_message
            or self.errors.get(NON_FIELD)
            or (next(iter(self.errors.values())) if self.errors else None)
            or self.detail
            or f"HTTP {self.status}"
        )


class BadRequest(ApiStatusError):
    status = 400


class Unauthorized(ApiStatusError):
    status = 401


class Forbidden(ApiStatusError):
    status = 403


class MethodNotAllowed(ApiStatusError):
    status = 405


class ServerError(ApiStatusError):
    """5xx: something is wrong on Stamps' end (the body may be HTML)."""


class ApiConnectionError(ApiError):
    """The request did not get an answer: network down, refused, dropped."""


class ApiTimeout(ApiConnectionError):
    """No answer within the timeout. For a POST, the outcome is unknown."""


class ApiCertificateError(ApiConnectionError):
    """Stamps' TLS certificate could not be verified: a wrong clock on this PC (``clock``), or
    something between the counter and Stamps (an intercepting proxy)."""

    def __init__(self, message: str, *, clock: bool):
        super().__init__(message)
        self.clock = clock


class ResponseFormatError(ApiError):
    """A 2xx body that is not JSON or does not fit the expected model."""


class InsecureURLError(ApiError, ValueError):
    """A plain-http base URL for a host that is not this machine."""


#: Words of a 403's detail that mean "your credentials", not "you may not do this": the seed's
#: examples answer 403 "Authentication credentials were not provided." where its table says 401.
CREDENTIAL_WORDS = ("credential", "token", "authenticat", "signature", "expired")


def about_credentials(exc: ApiStatusError) -> bool:
    """A 401, or a 403 about this counter's key (not about what it may do)."""
    if isinstance(exc, Unauthorized):
        return True
    text = " ".join(t for t in (exc.detail, exc.error_code, exc.error_message) if t).lower()
    return isinstance(exc, Forbidden) and any(word in text for word in CREDENTIAL_WORDS)


_STATUS_CLASSES: dict[int, type[ApiStatusError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    405: MethodNotAllowed,
}


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return " ".join(_as_text(v) for v in value)
    if isinstance(value, dict):
        return " ".join(_as_text(v) for v in value.values())
    return str(value)


def _normalise_errors(raw: Any) -> dict[str, str]:
    """Both envelope forms to ``{field: message}``.

    Current form: ``{"field": "msg"}`` (or a list of messages per field, Django style).
    Legacy form: ``[{"field": "msg"}, ...]``.
    """
    out: dict[str, str] = {}
    if isinstance(raw, dict):
        items = list(raw.items())
    elif isinstance(raw, list):
        items = []
        for entry in raw:
            if isinstance(entry, dict):
                items.extend(entry.items())
            elif entry is not None:
                items.append((NON_FIELD, entry))
    elif isinstance(raw, str):
        items = [(NON_FIELD, raw)]
    else:
        items = []
    for key, value in items:
        text = _as_text(value).strip()
        if text:
            out[str(key)] = text
    return out


def status_error(status: int, body: Any) -> ApiStatusError:
    """Build the typed error for a non-2xx answer from its (decoded or raw) body."""
    cls = _STATUS_CLASSES.get(status) or (ServerError if status >= 500 else ApiStatusError)
    if not isinstance(body, dict):
        # e.g. an HTML 502 page from a proxy: keep nothing of it but the fact.
        return cls(status, body=body)

    def text(key: str) -> str | None:
        value = body.get(key)
        return _as_text(value) if value not in (None, "", [], {}) else None

    return cls(
        status,
        error_code=text("error_code"),
        error_message=text("error_message"),
        errors=_normalise_errors(body.get("errors")),
        detail=text("detail"),
        body=body,
    )
