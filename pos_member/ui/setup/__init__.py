"""First run, connecting the counter, store settings, sign-in and help."""
