"""User-level operations, Qt-free, shared by the command line and the window.

Each operation takes the workspace and plain values, does its work in one unit of work (nothing
is written when it refuses) and returns `(result, Changes)`: the plain record(s) it produced and
what changed, so a view can refresh only that.
"""
