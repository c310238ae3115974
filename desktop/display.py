"""Can a window open here? Checked before Qt starts, so that a machine with no display, or one
missing a system library Qt's X11 plugin needs, gets one clear line instead of Qt's abort.

Qt (6.5 and newer) loads its X11 platform plugin only if a dozen system libraries are present.
Desktops usually have them; fresh and minimal installs often lack one or two, and Qt then stops
with a message that names at most one of them (not always the missing one).
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, MutableMapping

# Libraries outside Qt that its X11 (xcb) platform plugin links to, directly or through Qt's own
# libraries (read off the plugin with ldd), with the Debian/Ubuntu package that carries each.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
}


def _x11_only(package: str) -> bool:
    """A library only the X11 plugin needs (the Wayland plugin does without it)."""
    return package.startswith("libxcb") or package in ("libx11-xcb1", "libxkbcommon-x11-0")


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_libraries(loads: Callable[[str], bool] = _loads) -> list[str]:
    """The Debian/Ubuntu packages of the X11 plugin's libraries this system cannot load."""
    return [package for soname, package in XCB_LIBRARIES.items() if not loads(soname)]


def window_problem(env: MutableMapping[str, str] | None = None,
                   loads: Callable[[str], bool] = _loads) -> str | None:
    """Why no window can open here (one line), or None. On a Wayland session whose X11
    libraries are incomplete, chooses Qt's Wayland plugin in ``env`` instead."""
    env = os.environ if env is None else env
    if not sys.platform.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return None
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        return ("no display to open the window on (set DISPLAY, or use the command line: "
                "factdesk --help)")
    missing = missing_libraries(loads)
    if not missing:
        return None
    if env.get("WAYLAND_DISPLAY") and all(_x11_only(p) for p in missing):
        env["QT_QPA_PLATFORM"] = "wayland"
        return None
    return (f"the window needs system libraries this machine lacks: {', '.join(missing)} "
            f"(Debian/Ubuntu: sudo apt install {' '.join(missing)})")
