"""The training server: a stateful, Stamps-compatible API on SQLite with demo data. No Qt.

``TrainingServer(db_path).transport()`` gives an in-process httpx transport for
``StampsClient``; ``python -m pos_member.sandbox`` serves it on a loopback port.
"""

from .demo import DEMO_MERCHANT, DEMO_STORE, DEMO_TOKEN, TEMPLATE
from .faults import ApiFault, ConnectionDropped, Faults
from .server import TrainingServer, TrainingTransport

__all__ = ["ApiFault", "ConnectionDropped", "DEMO_MERCHANT", "DEMO_STORE", "DEMO_TOKEN", "Faults", "TEMPLATE",
           "TrainingServer", "TrainingTransport"]
