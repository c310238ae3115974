"""Labels and the few fixed colours of the UI.

Text and backgrounds come from the palette, so the app follows the system's light or dark
scheme. The exceptions are status chips and stance marks: mid-tone fills with white text,
chosen to read well on both light and dark backgrounds.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QIcon

STATUS_LABELS: dict[str, str] = {
    "unverified": "Unverified",
    "in-review": "In review",
    "supported": "Supported",
    "partly-supported": "Partly supported",
    "misleading": "Misleading",
    "false": "False",
    "unverifiable": "Unverifiable",
}

STATUS_COLOURS: dict[str, str] = {
    "unverified": "#667085",
    "in-review": "#2f6fd6",
    "supported": "#1b7f43",
    "partly-supported": "#8a6d0b",
    "misleading": "#c25413",
    "false": "#c0262d",
    "unverifiable": "#7a4fd0",
}

STANCE_LABELS: dict[str, str] = {
    "supports": "Supports",
    "contradicts": "Contradicts",
    "context": "Context",
}

STANCE_COLOURS: dict[str, str] = {
    "supports": "#1b7f43",
    "contradicts": "#c0262d",
    "context": "#667085",
}

CHIP_TEXT = "#ffffff"


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def status_colour(status: str) -> QColor:
    return QColor(STATUS_COLOURS.get(status, "#667085"))


def stance_colour(stance: str) -> QColor:
    return QColor(STANCE_COLOURS.get(stance, "#667085"))


def chip_stylesheet(status: str) -> str:
    colour = STATUS_COLOURS.get(status, "#667085")
    return (f"QLabel {{ background-color: {colour}; color: {CHIP_TEXT}; border-radius: 9px;"
            " padding: 2px 10px; font-weight: 600; }")


def icon_path() -> Path:
    """The app icon, resolved relative to the package so it works installed or frozen."""
    import resources

    return Path(resources.__file__).resolve().parent / "icons" / "factdesk.svg"


def app_icon() -> QIcon:
    path = icon_path()
    return QIcon(str(path)) if path.exists() else QIcon()
