"""Personal settings of this computer's user (not the team's): kept in the user data folder.

Team-wide settings (thresholds, organisation, aliases) live in the workspace database instead.
"""

from __future__ import annotations

import getpass
import json
import os
from pathlib import Path
from typing import Any

from db.engine import data_dir

CONFIG_FILE = "config.json"


def config_path() -> Path:
    return data_dir() / CONFIG_FILE


def load_config() -> dict[str, Any]:
    try:
        data = json.loads(config_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_config(updates: dict[str, Any]) -> None:
    data = load_config()
    data.update(updates)
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)  # atomic, so a crash never leaves half a file


def current_user() -> str:
    """The name written into history: FACTDESK_USER, else the name set in settings, else login."""
    name = os.environ.get("FACTDESK_USER") or load_config().get("user_name")
    if name:
        return str(name)
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"
