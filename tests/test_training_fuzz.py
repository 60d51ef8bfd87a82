"""Hostile queries and bodies on every endpoint of the training server: never a 500, and every
400/413 in the seed's error envelope. (A longer run: ./dev bench training_fuzz.)"""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import HealthCheck, given, settings

from pos_member.sandbox import TrainingServer
from tests.hostile_http import FIELDS, RAW_BODIES, client, hostile_request, problems, send


@pytest.fixture(scope="module")
def fuzzed():
    server = TrainingServer(":memory:", members=60)
    loop = asyncio.new_event_loop()
    http = client(server)
    yield server, loop, http
    loop.run_until_complete(http.aclose())
    loop.close()
    server.close()


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(request=hostile_request())
def test_no_hostile_request_gets_a_500(fuzzed, request):
    server, loop, http = fuzzed
    answer = loop.run_until_complete(send(http, server, request))
    assert problems(answer) is None, request


@pytest.mark.parametrize("raw", RAW_BODIES, ids=range(len(RAW_BODIES)))
def test_every_raw_body_on_every_post(fuzzed, raw):
    server, loop, http = fuzzed
    for path in FIELDS:
        for method in ("POST", "GET"):
            answer = loop.run_until_complete(send(http, server, (method, path, "", raw)))
            assert problems(answer) is None, (path, raw[:40])
