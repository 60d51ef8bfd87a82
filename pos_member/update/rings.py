"""Rings: which counters take a release first.

A release is published on a channel (``update_channel`` in the store profile: e.g. ``pilot`` for a
few friendly stores, ``stable`` for everyone) with a staged share, 0–100 % of the stores on that
channel. A store's place in the rollout is fixed by its merchant and store id (the same for its
cashier PCs and its kiosk, and the same for every release, so IT can tell a store when its turn
comes): a release at share S reaches the stores whose place is below S.
"""

from __future__ import annotations

import hashlib

PLACES = 100


def store_place(merchant: int | None, store: int | None) -> int:
    """0–99: this store's place in every staged rollout."""
    digest = hashlib.sha256(f"pos-member:{merchant or 0}:{store or 0}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % PLACES


def store_key(merchant: int | None, store: int | None, mode: str) -> str:
    """Which installer is this counter's: one per store profile (merchant, store and mode)."""
    return f"{merchant or 0}-{store or 0}-{mode}"


def in_ring(place: int, share: int) -> bool:
    return place < share
