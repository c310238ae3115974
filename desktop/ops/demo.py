"""The example workspace: the seed article and the claims a fact-checker logged from it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.core.config import current_user
from desktop.ops.changes import Changes

if TYPE_CHECKING:
    from db.engine import Workspace
    from desktop.core.seeds import DemoResult


def load_demo(ws: Workspace, *, actor: str | None = None) -> tuple[DemoResult, Changes]:
    """Store the seed article and its claims; loading it again adds nothing."""
    from desktop.core import seeds

    with ws.session() as s:
        result = seeds.load_demo(s, actor=actor or current_user())
    changed = Changes(documents=frozenset({result.article_id}),
                      claims_reset=result.claims_added > 0)
    return result, changed
