"""The rules of docs/architecture.md that the code's imports can show: the window reaches
storage only through `desktop.ops` (reads through `desktop.ops.reads`), and runs background
work only through `TaskManager`."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "desktop" / "ui"
# The workspace as a file (open, migrate, back up, restore, check), not its tables.
FILE_LEVEL = {"db.backup", "db.opening", "db.engine", "db.migrate", "db.restore"}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_widgets_reach_storage_only_through_the_operations() -> None:
    offenders = {
        path.name: sorted(m for m in _imports(path)
                          if m.startswith(("db.queries", "db.session", "sqlmodel", "sqlalchemy"))
                          or (m.startswith("db.") and m.split(".")[1] in {"queries", "models"}))
        for path in sorted(UI.glob("*.py"))}
    assert {name: mods for name, mods in offenders.items() if mods} == {}
    # the file-level helpers the window does use are the ones named above, and no others
    used = {m for path in UI.glob("*.py") for m in _imports(path)
            if m.startswith("db.") and m not in {"db.records", "db.records_measures",
                                                  "db.vocab", "db.errors", "db.claim_input",
                                                  "db.models_measures"}}
    assert used <= FILE_LEVEL, used - FILE_LEVEL


def test_background_work_runs_only_through_the_task_manager() -> None:
    for path in sorted(UI.glob("*.py")):
        if path.name == "taskman.py":
            continue
        text = path.read_text(encoding="utf-8")
        for pool in ("ThreadPoolExecutor", "ProcessPoolExecutor", "QThreadPool", "QThread(",
                     "Thread(", "multiprocessing"):
            assert pool not in text, f"{path.name}: {pool}"
