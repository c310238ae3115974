"""Keeps the cyclic garbage collector out of the way of launch and typing.

Qt, SQLAlchemy, SQLModel and pydantic leave tens of thousands of long-lived objects behind
once imported. With the collector on, importing them triggers some 200 collections (~150 ms of
a 1.3 s launch), and every later full collection rescans them all: a 60-80 ms pause (measured
with 100,000 claims listed), on the worker or the GUI thread, that lands on a keystroke's
query now and then. None of these
objects ever becomes garbage, so the collector is paused while the app starts, and once the
first list is on screen everything alive is moved out of its sight (`gc.freeze`); later
collections only look at objects made after that and stay a few milliseconds long.
"""

from __future__ import annotations

import gc

_paused_by_us = False
_settled = False


def pause_for_startup() -> None:
    """Turn the collector off until `settle_after_startup` (no-op if it is already off)."""
    global _paused_by_us
    if _settled or not gc.isenabled():
        return
    gc.disable()
    _paused_by_us = True


def settle_after_startup() -> None:
    """Once per process: freeze what is alive now and turn the collector back on."""
    global _paused_by_us, _settled
    if _settled:
        return
    _settled = True
    gc.freeze()
    if _paused_by_us:
        _paused_by_us = False
        gc.enable()
