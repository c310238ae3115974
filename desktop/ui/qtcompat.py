"""One place to adapt how the app talks to the Qt binding, should a release need it.

(PySide6 6.12.0 dropped references to None/True on Python 3.11; pyproject excludes that
release, so no work-around runs here.)
"""

from __future__ import annotations

from typing import Any


def emit(signal: Any, *args: Any) -> None:
    """`signal.emit(*args)`; one place to adapt if the binding needs it again."""
    signal.emit(*args)
