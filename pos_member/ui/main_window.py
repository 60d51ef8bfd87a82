"""The cashier window (first cut: banner, status and connection check)."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from pos_member.api import ApiError
from pos_member.runtime import Backend


class MainWindow(QMainWindow):
    def __init__(self, backend: Backend):
        super().__init__()
        self.backend = backend
        self.setWindowTitle("pos-member")
        central = QWidget()
        layout = QVBoxLayout(central)
        if backend.training is not None:
            banner = QLabel("TRAINING — practice data, no real customers")
            banner.setObjectName("trainingBanner")
            banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
            banner.setStyleSheet("background:#b45309;color:white;font-weight:bold;padding:6px;")
            layout.addWidget(banner)
        self.status = QLabel("Connecting…")
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.setCentralWidget(central)
        self.resize(900, 600)
        self._tasks: set[asyncio.Task] = set()
        self._spawn(self._check_connection())

    def _spawn(self, coro) -> None:  # noqa: ANN001
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _check_connection(self) -> None:
        try:
            pong = await self.backend.client.ping()
        except ApiError as exc:
            self.status.setText(f"Not connected: {exc}")
            return
        name = pong.pong.merchant if pong.pong else "Stamps"
        self.status.setText(f"Connected to {name}")

    async def shutdown(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
