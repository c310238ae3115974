"""Importing a reader's library so that a broken or partial install is one clear error line.

A library can be present yet fail to import (for example lxml without its separately packaged
HTML cleaner, which old pip versions do not install); the user then sees what is missing and
how to fix it, not a traceback.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from desktop.errors import UserError


def need(module: str, feature: str) -> ModuleType:
    """Import `module` for `feature` (e.g. "HTML import"); UserError if it cannot be loaded."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        missing = getattr(exc, "name", None) or module
        detail = " ".join(str(exc).split())[:160]
        raise UserError(f"{feature} is unavailable: the library {missing} could not be loaded "
                        f"({detail}); reinstall Factdesk, e.g. pip install --upgrade factdesk"
                        ) from exc
