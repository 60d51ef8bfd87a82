"""Widgets and windows. They talk to flows and the backend, never HTTP."""
