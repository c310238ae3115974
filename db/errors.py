"""Storage refusals. All are user errors: one clear line, nothing written."""

from __future__ import annotations


class UserError(Exception):
    """A refusal with a one-line message meant for the person at the keyboard.

    The CLI prints it as one line on stderr and exits non-zero; the GUI shows it in a dialog.
    Anything else escaping is a bug and keeps its traceback.
    """


class NotFound(UserError):
    """An id that names no row (or a deleted one)."""


class ConflictError(UserError):
    """Someone else saved a newer version of the row being written."""

    def __init__(self, message: str, *, entity: str = "", entity_id: int | None = None,
                 current: object | None = None) -> None:
        super().__init__(message)
        self.entity = entity
        self.entity_id = entity_id
        # The row as it is now in the database (plain data), so a UI can show both versions.
        self.current = current


class InvalidValue(UserError):
    """A value outside its vocabulary, or a verdict without a rationale."""


class DatabaseUnavailable(UserError):
    """The database cannot be reached or opened."""


class SchemaTooNew(UserError):
    """The database was written by a newer Factdesk than this one."""


class AlreadyLinked(InvalidValue):
    """The passage is already evidence for the claim: change that link instead of adding one."""

    def __init__(self, message: str, *, evidence_id: int | None = None) -> None:
        super().__init__(message)
        self.evidence_id = evidence_id


class AlreadyDecided(InvalidValue):
    """A suggestion someone (or another window) accepted or rejected already."""
class DamagedWorkspace(DatabaseUnavailable):
    """The SQLite file is not a sound database (malformed, truncated, not SQLite at all)."""

    problem = ""  # what a check found, when one ran (the backup's check of its copy)
