"""The self-registration kiosk: the window that renders the kiosk flow, and its on-screen keys."""
