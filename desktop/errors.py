"""Errors that mean "the user asked for something that cannot be done".

`UserError` is defined by the storage layer (the lowest layer) and shared by the whole app.
"""

from db.errors import UserError

__all__ = ["UserError"]
