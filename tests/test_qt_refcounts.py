"""Guard against a Qt binding that loses references to None (PySide6 6.12.0 does, on every call
returning void: on Python 3.11, where None is not immortal, the app aborts within minutes)."""

from __future__ import annotations

import gc
import sys

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QListView

ROLE = Qt.ItemDataRole.UserRole + 1


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_void_calls_keep_none_alive(qapp):
    model = QStandardItemModel()
    view = QListView()
    view.setModel(model)
    label = QLabel()
    gc.collect()
    gc.disable()  # other tests' garbage must not be freed (and its None references with it) meanwhile
    try:
        before = sys.getrefcount(None)
        lost = _rounds(model, view, label, before)
    finally:
        gc.enable()
    assert lost < 100, f"the Qt binding lost {lost} references to None in 2,000 rounds"


def _rounds(model, view, label, before: int) -> int:
    for i in range(2000):
        item = QStandardItem()
        item.setData(f"row {i}", ROLE)
        model.appendRow(item)
        view.setCurrentIndex(model.index(0, 0))
        label.setText(str(i))
        model.index(0, 0).data(ROLE + 5)  # a role with no data answers None
        QModelIndex().data(ROLE)
    model.clear()
    return before - sys.getrefcount(None)
