"""Registration at the counter: the full form, quick registration and its completion."""
