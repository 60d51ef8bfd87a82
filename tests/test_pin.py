"""The manager PIN gate: right/wrong, the growing lock-out after 3 wrong PINs, off the UI thread."""

from __future__ import annotations

import asyncio
import threading

import pytest

from pos_member.config import hash_pin
from pos_member.flows.pin import FIRST_LOCKOUT_S, MAX_LOCKOUT_S, ManagerPinGate, PinVerdict

PIN = "482913"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def stored() -> str:
    return hash_pin(PIN, iterations=1000)


def check(gate: ManagerPinGate, pin: str):
    return asyncio.run(gate.check(pin))


def test_right_and_wrong_pin(stored):
    gate = ManagerPinGate(stored)
    assert check(gate, PIN).ok and check(gate, PIN).message == ""
    wrong = check(gate, "000000")
    assert wrong.verdict is PinVerdict.WRONG and wrong.tries_left == 2
    assert "not the manager PIN" in wrong.message


def test_no_pin_set_locks_the_action():
    result = check(ManagerPinGate(None), "1234")
    assert result.verdict is PinVerdict.NOT_SET and "No manager PIN is set" in result.message


def test_three_wrong_pins_lock_and_the_lock_grows(stored):
    clock = Clock()
    gate = ManagerPinGate(stored, clock=clock)
    assert check(gate, "1111").tries_left == 2
    assert "One more wrong PIN" in check(gate, "2222").message
    third = check(gate, "3333")
    assert third.verdict is PinVerdict.WRONG and third.wait_s == FIRST_LOCKOUT_S
    assert "Too many wrong PINs" in third.message and "30 seconds" in third.message
    # Locked: even the right PIN is refused, and it is not even hashed.
    clock.now += FIRST_LOCKOUT_S - 1
    locked = check(gate, PIN)
    assert locked.verdict is PinVerdict.LOCKED and locked.wait_s == pytest.approx(1)
    clock.now += 1
    fourth = check(gate, "4444")
    assert fourth.wait_s == 2 * FIRST_LOCKOUT_S
    clock.now += fourth.wait_s
    for _ in range(10):
        result = check(gate, "5555")
        clock.now += result.wait_s
    assert result.wait_s == MAX_LOCKOUT_S == 5 * 60 and "in 5 minutes" in result.message  # a cap staff can wait out
    # The right PIN, once allowed, clears the count.
    assert check(gate, PIN).ok
    assert check(gate, "1111").tries_left == 2


def test_each_wrong_pin_after_the_lock_doubles_the_wait_up_to_the_cap(stored):
    """Doubling, not growing by a step: 30, 60, 120, 240 s, then the cap (a linear rule gives 90
    and 120 for the third and fourth lock-outs)."""
    clock = Clock()
    gate = ManagerPinGate(stored, clock=clock)
    waits = []
    for _ in range(8):
        result = check(gate, "0000")
        waits.append(result.wait_s)
        clock.now += result.wait_s  # wait out each lock-out, then try again
    assert waits == [0, 0, 30, 60, 120, 240, MAX_LOCKOUT_S, MAX_LOCKOUT_S]


def test_wrong_tries_are_forgotten_after_an_hour(stored):
    clock = Clock()
    gate = ManagerPinGate(stored, clock=clock)
    check(gate, "1111")
    check(gate, "2222")
    clock.now += 3601
    assert check(gate, "3333").tries_left == 2


def test_a_new_pin_clears_the_lock(stored):
    gate = ManagerPinGate(stored, clock=Clock())
    for bad in ("1", "2", "3"):
        check(gate, bad * 4)
    assert gate.locked_for() > 0
    gate.replace_hash(hash_pin("1357", iterations=1000))
    assert gate.locked_for() == 0 and check(gate, "1357").ok


def test_the_hash_is_checked_off_the_event_loop_thread(stored):
    seen = []

    def verify(pin, stored_hash):
        seen.append(threading.current_thread() is threading.main_thread())
        return False

    check(ManagerPinGate(stored, verify=verify), PIN)
    assert seen == [False]


def test_two_quick_tries_are_counted_one_after_the_other(stored):
    gate = ManagerPinGate(stored, clock=Clock())

    async def both():
        return await asyncio.gather(*(gate.check(p) for p in ("1111", "2222", "3333", PIN)))

    results = asyncio.run(both())
    assert [r.verdict for r in results] == [PinVerdict.WRONG] * 3 + [PinVerdict.LOCKED]


def test_the_training_pin_opens_the_training_gate(monkeypatch):
    import pos_member.config as config
    from pos_member.runtime import TRAINING_MANAGER_PIN, TRAINING_MANAGER_PIN_HASH

    monkeypatch.setattr(config, "PIN_MIN_ITERATIONS", 100_000)  # the real floor
    assert check(ManagerPinGate(TRAINING_MANAGER_PIN_HASH), TRAINING_MANAGER_PIN).ok


# ---------------------------------------------------------------------------- kept per machine

def gate_on(path, stored, clock, wall) -> ManagerPinGate:
    from pos_member.flows.pin import LockoutFile

    return ManagerPinGate(stored, clock=clock, kept=LockoutFile(path, wall=wall))


def test_a_restart_gives_no_fresh_tries(stored, tmp_path):
    """Three wrong PINs, then the app restarts (a new gate on the same file, a new monotonic clock):
    still locked, for what is left of the wait; the next wrong PIN doubles it."""
    path, wall = tmp_path / "pin-tries.json", Clock()
    first = gate_on(path, stored, Clock(), wall)
    for pin in ("1111", "2222", "3333"):
        check(first, pin)
    assert first.locked_for() == FIRST_LOCKOUT_S
    wall.now += 10
    restarted = Clock()
    restarted.now = 5.0  # another process: its monotonic clock has nothing to do with the first's
    again = gate_on(path, stored, restarted, wall)
    assert again.locked_for() == FIRST_LOCKOUT_S - 10
    assert check(again, PIN).verdict is PinVerdict.LOCKED  # even the right PIN waits
    wall.now += 25
    restarted.now += 25
    assert check(again, "4444").wait_s == FIRST_LOCKOUT_S * 2
    assert stored not in path.read_text()  # a fingerprint of the hash only


def test_another_user_or_copy_counts_too(stored, tmp_path):
    """Two gates on one file (two Windows users on the counter): their wrong tries add up."""
    path, wall, clock = tmp_path / "pin-tries.json", Clock(), Clock()
    one, two = gate_on(path, stored, clock, wall), gate_on(path, stored, clock, wall)
    check(one, "1111")
    check(two, "2222")
    assert check(one, "3333").wait_s == FIRST_LOCKOUT_S


def test_a_right_pin_or_a_new_pin_clears_the_kept_tries(stored, tmp_path):
    path, wall, clock = tmp_path / "pin-tries.json", Clock(), Clock()
    gate = gate_on(path, stored, clock, wall)
    check(gate, "1111")
    check(gate, "2222")
    assert check(gate, PIN).ok
    assert check(gate_on(path, stored, clock, wall), "1111").tries_left == 2  # the count starts afresh
    for pin in ("1111", "2222", "3333"):
        check(gate, pin)
    new = hash_pin("135790", iterations=1000)
    assert gate_on(path, new, clock, wall).locked_for() == 0  # IT set a new PIN: it starts afresh


def test_a_clock_set_back_cannot_lock_staff_out_longer_than_the_cap(stored, tmp_path):
    import json

    path, wall = tmp_path / "pin-tries.json", Clock()
    from pos_member.flows.pin import fingerprint

    path.write_text(json.dumps({"pin": fingerprint(stored), "wrong": 9, "last_wrong": wall.now,
                                "locked_until": wall.now + 10 * 24 * 3600}))
    assert gate_on(path, stored, Clock(), wall).locked_for() == MAX_LOCKOUT_S
    path.write_text("{not json")
    assert gate_on(path, stored, Clock(), wall).locked_for() == 0  # a damaged file is no tries


def test_an_empty_pin_is_not_a_wrong_try(stored):
    """Enter on an empty PIN field asks for the PIN and counts nothing (walk finding 3)."""
    clock = Clock()
    gate = ManagerPinGate(stored, clock=clock)
    for blank in ("", "", "", "   "):
        empty = check(gate, blank)
        assert empty.verdict is PinVerdict.EMPTY and empty.message == "Type the manager PIN."
    assert gate.locked_for() == 0
    assert check(gate, "1111").tries_left == 2  # the first real wrong try still has its two after it
