"""Colours and the application style sheet: calm, high contrast, large enough for a counter.

Sizes are in points, so text follows the system's font scaling; colours keep at least 4.5:1
contrast for text (WCAG AA). Every control that takes the keyboard shows it with an accent border
(tests/test_fit.py compares each one focused and not)."""

from __future__ import annotations

INK = "#111827"
MUTED = "#4b5563"
LINE = "#d1d5db"
PANEL = "#ffffff"
BACKGROUND = "#f3f4f6"
ACCENT = "#1d4ed8"
GOOD = "#047857"
WARN_BG = "#fef3c7"
WARN_INK = "#78350f"
BAD_BG = "#fee2e2"
BAD_INK = "#7f1d1d"
TRAINING = "#b45309"
HIGHLIGHT = "#fde68a"

APP_QSS = f"""
QMainWindow, QDialog {{ background: {BACKGROUND}; }}
QWidget {{ color: {INK}; }}
QLineEdit {{ padding: 6px 8px; border: 1px solid {LINE}; border-radius: 6px; background: white; }}
QLineEdit:focus {{ border: 2px solid {ACCENT}; padding: 5px 7px; }}
QLineEdit#searchBox {{ font-size: 13pt; padding: 8px 10px; }}
QLineEdit#searchBox:focus {{ padding: 7px 9px; }}
QPushButton {{ padding: 6px 12px; border: 1px solid {LINE}; border-radius: 6px; background: white; }}
QPushButton:hover {{ border-color: {ACCENT}; }}
QPushButton:focus {{ border: 2px solid {ACCENT}; }}
QPushButton:disabled {{ color: #9ca3af; background: #f9fafb; }}
QPushButton#primary {{ background: {ACCENT}; color: white; border-color: {ACCENT}; font-weight: bold; }}
QPushButton#primary:disabled {{ background: #bfdbfe; border-color: #bfdbfe; color: white; }}
QPushButton#danger {{ background: #b91c1c; color: white; border-color: #b91c1c; font-weight: bold; }}
QPushButton#danger:disabled {{ background: #fecaca; border-color: #fecaca; color: white; }}
QFrame#card {{ background: {PANEL}; border: 1px solid {LINE}; border-radius: 8px; }}
QLabel#memberName {{ font-size: 16pt; font-weight: bold; }}
QLabel#muted {{ color: {MUTED}; }}
QLabel[role="error"] {{ color: {BAD_INK}; font-size: 9pt; }}
QLineEdit[invalid="true"] {{ border: 2px solid #dc2626; }}
QLabel#problemText {{ font-size: 12pt; color: {BAD_INK}; padding: 12px 4px; }}
QLabel#sectionTitle {{ font-weight: bold; color: {MUTED}; }}
QLabel#tierBadge {{ background: {ACCENT}; color: white; border-radius: 10px; padding: 2px 10px; font-weight: bold; }}
QLabel#statusChip {{ border-radius: 10px; padding: 2px 10px; background: #e5e7eb; }}
QLabel#chip {{ border: 1px solid {LINE}; border-radius: 10px; padding: 2px 8px; background: #eef2ff; }}
QLabel#trainingBanner {{ background: {TRAINING}; color: white; font-weight: bold; padding: 4px; }}
QFrame#banner[level="warn"] {{ background: {WARN_BG}; border: 1px solid #f59e0b; border-radius: 6px; }}
QFrame#banner[level="bad"] {{ background: {BAD_BG}; border: 1px solid #ef4444; border-radius: 6px; }}
QFrame#banner[level="warn"] QLabel {{ color: {WARN_INK}; }}
QFrame#banner[level="bad"] QLabel {{ color: {BAD_INK}; }}
QListView#results {{ background: white; border: 1px solid {LINE}; border-radius: 8px; font-size: 10.5pt; }}
QListView#results::item:selected {{ background: #dbeafe; color: {INK}; }}
QProgressBar {{ border: 1px solid {LINE}; border-radius: 6px; background: #e5e7eb; height: 14px; text-align: center; }}
QProgressBar::chunk {{ background: {ACCENT}; border-radius: 6px; }}
QStatusBar QLabel {{ padding: 0 6px; }}
QLabel#tierStrip {{ font-size: 12pt; font-weight: bold; color: {ACCENT}; }}
QLabel#tierStrip[atRisk="true"] {{ color: {WARN_INK}; }}
QListView#results:focus {{ border: 2px solid {ACCENT}; }}
QComboBox {{ padding: 4px 8px; border: 1px solid {LINE}; border-radius: 6px; background: white; }}
QComboBox:focus, QSpinBox:focus, QDateEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QListWidget:focus,
QTableView:focus, QTreeView:focus {{ border: 2px solid {ACCENT}; }}
QCheckBox, QRadioButton, QToolButton {{ border: 2px solid transparent; border-radius: 4px; padding: 1px 3px; }}
QCheckBox:focus, QRadioButton:focus, QToolButton:focus {{ border-color: {ACCENT}; }}
QScrollArea {{ border: 2px solid transparent; border-radius: 4px; }}
QScrollArea:focus {{ border-color: {ACCENT}; }}
"""
