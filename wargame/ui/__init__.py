"""The desktop app (PySide6): windows, widgets and Qt models over the game layer."""
