"""Pieces every screen uses: the one async path (ops), forms, scanner, fit, a11y, style, qr."""
