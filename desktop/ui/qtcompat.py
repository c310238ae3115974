"""Work-around for a reference-counting bug of the installed Qt binding.

PySide6 6.12 running on Python 3.11 returns `None` from void methods (setText, start, ...) and
`True` from `SignalInstance.emit()` without taking a reference, as if they were immortal - which
they are only from Python 3.12 on. Each call then drops one reference, and after enough calls
the interpreter aborts ("Fatal Python error: none_dealloc"). When the running binding is found
to do that, this module makes those singletons effectively immortal, as Python 3.12 does.
Imported by `desktop.ui`, so it applies before any window exists.
"""

from __future__ import annotations

import ctypes
import platform
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal

_BOOST = 1 << 40  # far more references than any run can drop


class _Probe(QObject):
    ping = Signal()


def _drops_references() -> bool:
    probe = _Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(16):
        probe.setObjectName("probe")
        probe.ping.emit()
    return (sys.getrefcount(None) - none_before <= -16
            or sys.getrefcount(True) - true_before <= -16)


def _immortalise() -> None:
    # In CPython < 3.12 the reference count is the first field of every object.
    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += _BOOST


NEEDS_FIX = (platform.python_implementation() == "CPython" and sys.version_info < (3, 12)
             and _drops_references())
if NEEDS_FIX:
    _immortalise()


def emit(signal: Any, *args: Any) -> None:
    """`signal.emit(*args)`; one place to adapt if the binding needs it again."""
    signal.emit(*args)
