"""Durable queue for registrations that must not be lost while Stamps is unreachable. No Qt.

One concept a module: ``store`` (the file, its items and thread), ``delivery`` (send once, reconcile
an unknown outcome), ``failures`` (why, as codes), ``sender`` (the background loop), ``aside`` (a
damaged file kept aside at start-up), ``cli`` (``python -m pos_member.outbox``).
"""

from .aside import SetAside, open_or_set_aside
from .delivery import Outbox, Outcome
from .failures import Cause, Failure, FailureCode, NotKept, cause, failure_of
from .sender import OutboxSender
from .store import Item, Kind, State, Store
