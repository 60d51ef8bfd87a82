"""Hostile or broken answers (huge, compressed bombs, deep nesting, huge integers, wrong shapes,
trickling bodies) end in an ``ApiError``, after reading a bounded number of bytes.

Bounds are asserted on bytes pulled from the network, not on time (figures: benchmarks/hostile.py).
"""

from __future__ import annotations

import asyncio
import gzip
import json
import zlib
from collections.abc import AsyncIterator, Callable, Iterator

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos_member import api
from pos_member.api import StampsClient
from pos_member.api.body import MAX_BODY_BYTES, MAX_INT_DIGITS, MAX_JSON_DEPTH, MAX_JSON_OBJECTS, MAX_JSON_VALUES

BASE = "https://stamps.example"
CHUNK = 64 * 1024
CONSENTS = {"allow_whatsapp_marketing": False, "allow_sms_marketing": False, "allow_newsletters": False}


class Stream(httpx.AsyncByteStream):
    """A body produced lazily, counting what the client actually pulled."""

    def __init__(self, chunks: Callable[[], Iterator[bytes]], delay: float = 0.0):
        self.chunks, self.delay = chunks, delay
        self.pulled = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks():
            if self.delay:
                await asyncio.sleep(self.delay)
            self.pulled += len(chunk)
            yield chunk


class Hostile(httpx.AsyncBaseTransport):
    """Answers every request with one status, headers and streamed body."""

    def __init__(self, status: int, chunks: Callable[[], Iterator[bytes]], headers: dict[str, str] | None = None,
                 delay: float = 0.0):
        self.status, self.chunks, self.headers, self.delay = status, chunks, headers or {}, delay
        self.streams: list[Stream] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        stream = Stream(self.chunks, self.delay)
        self.streams.append(stream)
        return httpx.Response(self.status, headers=self.headers, stream=stream)

    @property
    def pulled(self) -> int:
        return sum(s.pulled for s in self.streams)


def raw(data: bytes) -> Callable[[], Iterator[bytes]]:
    return lambda: (data[i:i + CHUNK] for i in range(0, len(data), CHUNK))


def repeated(head: bytes, filler: bytes, total: int) -> Callable[[], Iterator[bytes]]:
    """``head`` then ``filler`` until ``total`` bytes, never holding more than one chunk."""

    def gen() -> Iterator[bytes]:
        yield head
        block = filler * max(1, CHUNK // len(filler))
        sent = len(head)
        while sent < total:
            yield bytes(memoryview(block))  # a fresh object per chunk, as from a socket
            sent += len(block)

    return gen


def gzip_bomb(inflated: int) -> Callable[[], Iterator[bytes]]:
    """``inflated`` bytes of JSON-ish zeros, gzip-compressed on the fly (1 GiB is ~1 MB on the wire)."""

    def gen() -> Iterator[bytes]:
        squeeze = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        yield squeeze.compress(b'{"suggestions": "')
        block = b"0" * (1024 * 1024)
        for _ in range(inflated // len(block)):
            out = squeeze.compress(block)
            if out:
                yield out
        yield squeeze.flush()

    return gen


def run(transport: httpx.AsyncBaseTransport, method: str = "suggestions", *args, timeout: float = 10.0):
    args = args if args or method != "suggestions" else ("steve",)

    async def go():
        async with StampsClient(BASE, "tok", 14, transport=transport, timeout=timeout, retry_backoff=0.001,
                                get_attempts=1) as client:
            return await getattr(client, method)(*args)

    return asyncio.run(go())


def test_64_mb_answer_stops_at_the_limit():
    hostile = Hostile(200, repeated(b'{"suggestions": [', b'{"id": 1, "name": "x"},', 64 * 1024 * 1024))
    with pytest.raises(api.ResponseFormatError, match="larger than"):
        run(hostile)
    assert hostile.pulled <= MAX_BODY_BYTES + 2 * CHUNK


def test_announced_size_over_the_limit_is_refused_before_reading():
    hostile = Hostile(200, repeated(b"{", b" ", 2 * MAX_BODY_BYTES), {"Content-Length": str(2 * MAX_BODY_BYTES)})
    with pytest.raises(api.ResponseFormatError):
        run(hostile)
    assert hostile.pulled == 0


def test_gzip_bomb_stops_at_the_limit():
    hostile = Hostile(200, gzip_bomb(1024 ** 3), {"Content-Encoding": "gzip"})
    with pytest.raises(api.ResponseFormatError, match="inflates past"):
        run(hostile)
    assert hostile.pulled < MAX_BODY_BYTES // 100  # a few KB of the ~1 MB bomb


def test_deflate_bomb_and_damaged_and_unknown_encodings():
    bomb = zlib.compress(b"[" + b"0," * (3 * MAX_BODY_BYTES) + b"0]", 9)
    with pytest.raises(api.ResponseFormatError):
        run(Hostile(200, raw(bomb), {"Content-Encoding": "deflate"}))
    with pytest.raises(api.ResponseFormatError, match="damaged"):
        run(Hostile(200, raw(b"\x1f\x8b\x08garbage" * 10), {"Content-Encoding": "gzip"}))
    with pytest.raises(api.ResponseFormatError, match="compressed"):
        run(Hostile(200, raw(b"abc"), {"Content-Encoding": "br"}))


def test_honest_compressed_answers_are_read():
    body = json.dumps({"suggestions": [{"id": 1, "name": "Ani"}]}).encode()
    squeeze = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)  # raw deflate, as some servers send
    for encoding, packed in (("gzip", gzip.compress(body)), ("deflate", zlib.compress(body)),
                             ("deflate", squeeze.compress(body) + squeeze.flush()), ("identity", body)):
        result = run(Hostile(200, raw(packed), {"Content-Encoding": encoding}))
        assert result.suggestions[0].name == "Ani"


@pytest.mark.parametrize("body", [
    b"[" * 100_000 + b"]" * 100_000,
    b'{"suggestions": ' + b"[" * (MAX_JSON_DEPTH + 1) + b"]" * (MAX_JSON_DEPTH + 1) + b"}",
    b'{"suggestions": [{"id": ' + b"9" * 5000 + b"}]}",
    b'{"suggestions": [{"id": ' + b"9" * (MAX_INT_DIGITS + 1) + b"}]}",
    b'{"suggestions": [{"stamps": -' + b"9" * 5000 + b"}]}",
    b'{"suggestions": "' + b"\xff\xfe" * 10 + b'"}',
    b'{"suggestions": [' + b"{}," * MAX_JSON_OBJECTS + b"{}]}",
    b'{"suggestions": [{"member_ids": [' + b"1," * MAX_JSON_VALUES + b"1]}]}",
    b'{"suggestions": [1, 2',
    b"<html>maintenance</html>",
], ids=["100k-deep", "just-too-deep", "5000-digits", "41-digits", "negative-huge", "not-utf8", "too-many-objects",
        "too-many-values", "truncated", "html"])
def test_bad_bodies_are_format_errors(body):
    with pytest.raises(api.ResponseFormatError):
        run(Hostile(200, raw(body)))


def test_the_depth_rule_itself_refuses_a_deep_answer():
    """Deep nesting where the model takes anything (an unknown field is kept): only the depth rule
    can refuse it, and one level less is read."""
    def answer(depth: int) -> bytes:  # the top object is level 1
        return b'{"suggestions": [], "extra": ' + b"[" * (depth - 1) + b"]" * (depth - 1) + b"}"

    assert run(Hostile(200, raw(answer(MAX_JSON_DEPTH)))).suggestions == []
    with pytest.raises(api.ResponseFormatError, match="nested deeper"):
        run(Hostile(200, raw(answer(MAX_JSON_DEPTH + 1))))


def test_huge_error_page_keeps_its_status():
    hostile = Hostile(502, repeated(b"<html>", b"bad gateway ", 64 * 1024 * 1024))
    with pytest.raises(api.ServerError) as info:
        run(hostile, "ping")
    assert info.value.status == 502 and hostile.pulled <= MAX_BODY_BYTES + 2 * CHUNK


def test_trickling_body_ends_in_a_timeout():
    hostile = Hostile(200, repeated(b'{"suggestions": [', b" ", 10 * 1024 * 1024), delay=0.02)
    with pytest.raises(api.ApiTimeout):
        run(hostile, timeout=0.3)


# ---------------------------------------------------------------------------- anything at all

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=15,
)
KEYS = ["membership", "memberships", "user", "users", "customer", "suggestions", "status", "otp", "pong", "id",
        "upgrade_requirement", "tags"]
shaped = st.dictionaries(st.sampled_from(KEYS), json_values, max_size=4)


@st.composite
def bodies(draw) -> bytes:
    kind = draw(st.sampled_from(["json", "shaped", "deep", "digits", "bytes", "big"]))
    if kind == "json":
        return json.dumps(draw(json_values)).encode()
    if kind == "shaped":
        return json.dumps(draw(shaped)).encode()
    if kind == "deep":
        depth = draw(st.integers(1, 5000))
        return b'{"user": ' + b"[" * depth + b"]" * depth + b"}"
    if kind == "digits":
        return b'{"suggestions": [{"id": ' + b"7" * draw(st.integers(1, 6000)) + b"}]}"
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    return b'{"suggestions": [' + b'{"id": 1},' * draw(st.integers(0, MAX_BODY_BYTES // 8)) + b'{"id": 2}]}'


CALLS = [("suggestions", ("steve",)), ("member_details", ("a@example.com",)), ("full_profile", (1,)),
         ("register", ("A", "a@example.com", "081234567890")), ("add_tag", (1, "k", "v")),
         ("anonymize", (1,)), ("partial_register", ("a@example.com",)), ("upgrade_requirement", (1,)),
         ("request_email_otp", ("a@example.com",)), ("ping", ())]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(status=st.sampled_from([200, 201, 400, 401, 403, 404, 500, 502]), body=bodies(),
       encoding=st.sampled_from(["", "identity", "gzip", "deflate", "br", "gzip, gzip"]),
       damaged=st.booleans(), endpoint=st.sampled_from(CALLS))
def test_any_answer_is_a_model_or_an_api_error(status, body, encoding, damaged, endpoint):
    wire = gzip.compress(body) if "gzip" in encoding else zlib.compress(body) if encoding == "deflate" else body
    if damaged and encoding:
        wire = wire[: len(wire) // 2]
    headers = {"Content-Encoding": encoding} if encoding else {}
    hostile = Hostile(status, raw(wire), headers)
    method, args = endpoint
    try:
        result = run(hostile, method, *args)
    except api.ApiError:
        pass
    else:
        assert result is not None and 200 <= status < 300
    assert hostile.pulled <= max(len(wire), 0) and hostile.pulled <= MAX_BODY_BYTES + CHUNK
