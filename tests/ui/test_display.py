"""Before Qt starts: no display, or X11 libraries missing, is one clear line (desktop.display)."""

from __future__ import annotations

import sys

import pytest

from desktop.display import XCB_LIBRARIES, missing_libraries, window_problem

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the X11/Wayland check is Linux's")

LACKING = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}


def lacks(sonames: set[str]):
    return lambda soname: soname not in sonames


def test_missing_libraries_are_named_by_their_packages() -> None:
    assert missing_libraries(lacks(LACKING)) == ["libxcb-icccm4", "libxcb-keysyms1"]
    assert missing_libraries(lacks(set())) == []
    assert len(missing_libraries(lacks(set(XCB_LIBRARIES)))) == len(XCB_LIBRARIES)


def test_x11_session_lacking_libraries_is_one_line_with_the_install_command() -> None:
    env = {"DISPLAY": ":0"}
    problem = window_problem(env, lacks(LACKING))
    assert problem == ("the window needs system libraries this machine lacks: libxcb-icccm4, "
                       "libxcb-keysyms1 (Debian/Ubuntu: sudo apt install libxcb-icccm4 "
                       "libxcb-keysyms1)")
    assert "\n" not in problem and "QT_QPA_PLATFORM" not in env


def test_complete_x11_session_is_left_to_qt() -> None:
    env = {"DISPLAY": ":0"}
    assert window_problem(env, lacks(set())) is None
    assert env == {"DISPLAY": ":0"}


def test_wayland_session_lacking_x11_libraries_uses_the_wayland_plugin() -> None:
    env = {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}
    assert window_problem(env, lacks(LACKING)) is None
    assert env["QT_QPA_PLATFORM"] == "wayland"
    # a library every plugin needs: Wayland would fail too, so it is named
    env = {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}
    problem = window_problem(env, lacks({*LACKING, "libfontconfig.so.1"}))
    assert problem is not None and "libfontconfig1" in problem and "QT_QPA_PLATFORM" not in env


def test_no_display_and_a_chosen_platform() -> None:
    def never(soname: str) -> bool:
        raise AssertionError("no library is looked at")

    assert window_problem({}, never) == ("no display to open the window on (set DISPLAY, or "
                                         "use the command line: factdesk --help)")
    assert window_problem({"QT_QPA_PLATFORM": "offscreen"}, never) is None


def test_this_machine_loads_what_it_has() -> None:
    # The real loader: a library every Linux process has is found, a made-up one is not.
    from desktop.display import _loads

    assert _loads("libc.so.6")
    assert not _loads("libfactdesk-no-such-library.so.0")
