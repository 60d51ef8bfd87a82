"""The member on screen: profile, tier strip, and the dialogs that change a member."""
