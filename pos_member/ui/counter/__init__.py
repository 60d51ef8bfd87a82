"""The cashier window: search, the member on screen, the action bar, the outbox in the status bar."""
