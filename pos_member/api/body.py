"""Reading an answer's body within bounds, whatever the server (or something in between) sends.

The API's answers are a few kilobytes. A broken proxy or a hostile network can send far more:
gigabytes, a gzip bomb, JSON nested 100,000 deep or integers with thousands of digits. Each of
these must end as a typed error after a bounded amount of memory and work, never as a
``MemoryError``, ``RecursionError`` or ``ValueError`` escaping the client.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

import httpx

from .errors import ResponseFormatError

#: Largest answer body accepted, after decompression (the largest real answer is a few KB).
MAX_BODY_BYTES = 2 * 1024 * 1024
#: Deepest nesting of arrays/objects accepted (the seed's deepest answer is 4 levels).
MAX_JSON_DEPTH = 32
#: Most JSON objects in one answer (ten suggestions hold ~30): reading each into a model costs
#: ~80 µs, so 2 MB of tiny objects would otherwise take seconds and hundreds of MB.
MAX_JSON_OBJECTS = 5_000
#: Most values (objects, arrays, scalars) in one answer.
MAX_JSON_VALUES = 200_000
#: Longest integer accepted, in digits (ids, points and money fit in 20).
MAX_INT_DIGITS = 40
#: What we ask servers to compress with: only what is decoded here, with a bound.
ACCEPT_ENCODING = "gzip, deflate"


class BodyTooLarge(ResponseFormatError):
    """The answer is larger than ``MAX_BODY_BYTES`` (before or after decompression)."""


class _Inflater:
    """Bounded gzip/deflate decoding: never produces more than the bytes still allowed."""

    def __init__(self, encoding: str):
        self.encoding = encoding
        # gzip: gzip header only (+16); deflate: zlib header, raw deflate tried if that fails.
        self._wbits = zlib.MAX_WBITS | 16 if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._zlib = zlib.decompressobj(self._wbits)
        self._started = False

    def feed(self, data: bytes, allowed: int) -> bytes:
        try:
            out = self._zlib.decompress(data, allowed + 1)
        except zlib.error:
            if self.encoding != "deflate" or self._started:
                raise ResponseFormatError(f"the answer's {self.encoding} data is damaged") from None
            self._zlib, self._wbits = zlib.decompressobj(-zlib.MAX_WBITS), -zlib.MAX_WBITS
            return self.feed(data, allowed)
        self._started = True
        if len(out) > allowed or self._zlib.unconsumed_tail:
            raise BodyTooLarge(f"the answer inflates past {MAX_BODY_BYTES} bytes")
        return out


def _inflater(response: httpx.Response) -> _Inflater | None:
    codings = [c.strip().lower() for c in response.headers.get("content-encoding", "").split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if not codings:
        return None
    if len(codings) == 1 and codings[0] in ("gzip", "x-gzip", "deflate"):
        return _Inflater(codings[0])
    raise ResponseFormatError("the answer is compressed in a way this app does not read")


async def read_bounded(response: httpx.Response, limit: int = MAX_BODY_BYTES) -> bytes:
    """The decoded body of a streamed response, or ``BodyTooLarge`` once it passes ``limit``."""
    if response.is_stream_consumed:  # built in memory by an in-process transport: already decoded
        if len(response.content) > limit:
            raise BodyTooLarge(f"the answer is larger than {limit} bytes")
        return response.content
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and len(declared) < 20 and int(declared) > limit:
        raise BodyTooLarge(f"the answer announces {declared} bytes (limit {limit})")
    inflater = _inflater(response)
    parts: list[bytes] = []
    size = raw_size = 0
    try:
        async for chunk in response.aiter_raw():
            raw_size += len(chunk)
            if raw_size > limit:
                raise BodyTooLarge(f"the answer is larger than {limit} bytes")
            if inflater is not None:
                chunk = inflater.feed(chunk, limit - size)
            size += len(chunk)
            if size > limit:
                raise BodyTooLarge(f"the answer is larger than {limit} bytes")
            parts.append(chunk)
    except httpx.DecodingError:
        raise ResponseFormatError("the answer's encoding is damaged") from None
    return b"".join(parts)


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError("integer too long")
    return int(text)


class _CountObjects:
    """``object_hook`` that stops the parser once an answer holds too many objects."""

    def __init__(self) -> None:
        self.seen = 0

    def __call__(self, obj: dict[str, Any]) -> dict[str, Any]:
        self.seen += 1
        if self.seen > MAX_JSON_OBJECTS:
            raise ValueError("too many objects")
        return obj


def _shape_problem(value: Any) -> str | None:
    """Depth and size, checked iteratively (a recursive walk would be the very problem)."""
    stack, values = [(value, 1)], 1
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if depth > MAX_JSON_DEPTH:
            return f"the answer is nested deeper than {MAX_JSON_DEPTH} levels"
        values += len(children)
        if values > MAX_JSON_VALUES:
            return f"the answer holds more than {MAX_JSON_VALUES} values"
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return None


def decode_json(raw: bytes) -> Any:
    """JSON to Python within bounds; ``ResponseFormatError`` for anything else."""
    try:
        value = json.loads(raw, parse_int=_bounded_int, object_hook=_CountObjects())
    except RecursionError:
        raise ResponseFormatError("the answer is nested too deeply") from None
    except (ValueError, UnicodeDecodeError) as exc:  # JSONDecodeError is a ValueError
        if "integer too long" in str(exc):
            raise ResponseFormatError(f"the answer holds a number longer than {MAX_INT_DIGITS} digits") from None
        if "too many objects" in str(exc):
            raise ResponseFormatError(f"the answer holds more than {MAX_JSON_OBJECTS} objects") from None
        raise ResponseFormatError("the answer is not JSON") from None
    problem = _shape_problem(value) if isinstance(value, (dict, list)) else None
    if problem:
        raise ResponseFormatError(problem)
    return value
