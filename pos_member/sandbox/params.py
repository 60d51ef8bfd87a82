"""Reading request parameters strictly: every wrong type, size or character is a 400 on its field.

Query values arrive as text, JSON values as anything; each reader accepts what the real API
(Django REST framework) accepts for that kind of field and raises ``ApiFault`` otherwise, so no
odd value ever reaches SQLite or a library that could fail with a 500.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, Literal, overload

from .faults import ApiFault

Params = dict[str, Any]
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
MAX_DEPTH = 16
_INT_TEXT = re.compile(r"[+-]?[0-9]{1,19}", re.ASCII)


def missing(name: str) -> ApiFault:
    return ApiFault("This field is required.", field=name)


def check_values(params: Params) -> None:
    """Every key and text inside ``params`` is valid UTF-8 text (no lone surrogates, which SQLite
    cannot store), and nesting stays under ``MAX_DEPTH``. Iterative: no recursion to exhaust."""
    for name, value in params.items():
        stack = [(name, 1), (value, 1)]
        while stack:
            item, depth = stack.pop()
            if depth > MAX_DEPTH:
                raise ApiFault(f"Nested more than {MAX_DEPTH} levels deep.", field=_field(name))
            if isinstance(item, str):
                if not item.isascii():
                    try:
                        item.encode("utf-8")
                    except UnicodeEncodeError:
                        raise ApiFault("This text contains invalid characters.", field=_field(name)) from None
            elif isinstance(item, dict):
                stack.extend((k, depth + 1) for k in item)
                stack.extend((v, depth + 1) for v in item.values())
            elif isinstance(item, list):
                stack.extend((v, depth + 1) for v in item)


def _field(name: str) -> str:
    """A field name fit for the error envelope (the name itself may be the bad text)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "__all__"
    return name[:100]


@overload
def text(params: Params, name: str, *, max_len: int, required: Literal[True]) -> str: ...
@overload
def text(params: Params, name: str, *, max_len: int, required: bool = False) -> str | None: ...
def text(params: Params, name: str, *, max_len: int, required: bool = False) -> str | None:
    """A string (or a number, as the API's own examples send ``"user": 123``), stripped; None if
    absent or blank."""
    value = params.get(name)
    if isinstance(value, bool) or not isinstance(value, (str, int, type(None))):
        raise ApiFault("Not a valid string.", field=name)
    value = str(value).strip() if value is not None else ""
    if not value:
        if required:
            raise missing(name)
        return None
    if len(value) > max_len:
        raise ApiFault(f"Ensure this field has no more than {max_len} characters.", field=name)
    return value


@overload
def integer(params: Params, name: str, *, required: Literal[True], low: int = INT_MIN, high: int = INT_MAX) -> int: ...
@overload
def integer(params: Params, name: str, *, required: bool = False, low: int = INT_MIN, high: int = INT_MAX) -> int | None: ...
def integer(params: Params, name: str, *, required: bool = False, low: int = INT_MIN, high: int = INT_MAX) -> int | None:
    value = params.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise missing(name)
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and _INT_TEXT.fullmatch(value.strip()):
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApiFault("A valid integer is required.", field=name)
    if value > high:
        raise ApiFault(f"Ensure this value is less than or equal to {high}.", field=name)
    if value < low:
        raise ApiFault(f"Ensure this value is greater than or equal to {low}.", field=name)
    return value


def boolean(params: Params, name: str, default: bool | None = None) -> bool | None:
    value = params.get(name)
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in {"true", "1", "yes", "on"}:
            return True
        if word in {"false", "0", "no", "off"}:
            return False
    raise ApiFault("Must be a valid boolean.", field=name)


def date(params: Params, name: str, *, past: bool = False) -> str | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    try:
        if not isinstance(value, str) or len(value.strip()) != 10:
            raise ValueError
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ApiFault("Date has wrong format. Use one of these formats instead: YYYY-MM-DD.", field=name) from None
    if past and day > dt.date.today():
        raise ApiFault("Date cannot be in the future.", field=name)
    return day.isoformat()


def mapping(params: Params, name: str, *, max_chars: int) -> dict[str, Any] | None:
    """A JSON object (``extra_data``), at most ``max_chars`` once written as JSON."""
    value = params.get(name)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ApiFault("Expected a dictionary of items.", field=name)
    if len(json.dumps(value)) > max_chars:
        raise ApiFault(f"Ensure this field has no more than {max_chars} characters.", field=name)
    return value
