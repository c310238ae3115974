"""Workspaces for the crash tests: built once per session, copied per test."""

from __future__ import annotations

from pathlib import Path

import pytest
from crash_helpers import add_documents


@pytest.fixture(scope="session")
def oldest_schema_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A filled workspace at the oldest schema (0001), big enough for an upgrade to take time."""
    from db.migrate import downgrade, open_workspace
    from desktop.core.seeds import load_demo

    path = tmp_path_factory.mktemp("oldest") / "template.sqlite"
    ws = open_workspace(f"sqlite:///{path}", create=True)
    with ws.session() as s:
        load_demo(s, actor="t")
    ws.dispose()
    add_documents(path, 4000)
    ws = open_workspace(f"sqlite:///{path}")
    downgrade(ws, "0001")
    ws.dispose()
    return path
