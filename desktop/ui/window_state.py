"""Where the window keeps its geometry, splitters and open tab between runs."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from db.engine import data_dir


def window_settings() -> QSettings:
    """Window state, kept beside the personal config.json (not in the system registry)."""
    return QSettings(str(data_dir() / "window.ini"), QSettings.Format.IniFormat)
