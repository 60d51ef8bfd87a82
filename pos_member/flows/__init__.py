"""Qt-free presenters: the state and async logic of each cashier flow (debounce, cancellation,
validation, error mapping). Widgets call them and render what they report."""
