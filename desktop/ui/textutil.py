"""Text helpers for Qt: offsets between Python strings and Qt documents; safe links.

Python indexes strings by code point, Qt by UTF-16 unit; they differ after any character
outside the Basic Multilingual Plane (emoji, some CJK), so offsets are always converted.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices


def qt_pos(text: str, index: int) -> int:
    """Python index into `text` -> position in a QTextDocument holding `text`."""
    return len(text[:index].encode("utf-16-le")) // 2


def py_index(text: str, pos: int) -> int:
    """Position in a QTextDocument holding `text` -> Python index into `text`."""
    units = 0
    for i, ch in enumerate(text):
        if units >= pos:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def one_line(text: str, limit: int = 400) -> str:
    """A cell-sized version of a text: whitespace folded, long texts cut."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def is_web_link(url: str) -> bool:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def open_web_link(url: str) -> bool:
    """Open http(s) links in the browser; anything else (file:, javascript:, ...) is refused."""
    if not is_web_link(url):
        return False
    return bool(QDesktopServices.openUrl(QUrl(url.strip())))
