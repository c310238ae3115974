"""Every setting, declared once: key, type, default, bounds, check and help text.

Team settings live in the workspace database (shared by everyone who opens it); personal
settings in this computer's `config.json` (desktop.core.config). `factdesk settings`, the
Settings dialog, the matcher, backups and reports all read and write through here, so a key,
its default and its rules are written in one place. A refusal is one line (InvalidValue) and
stores nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from db.backup import KEEP_DAILY, KEEP_WEEKLY
from db.errors import InvalidValue
from desktop.matching.thresholds import DEFAULT_STRONG, DEFAULT_WEAK

if TYPE_CHECKING:
    from sqlmodel import Session

TEAM, PERSONAL = "team", "personal"


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    kind: type  # str, int or float
    default: Any
    help: str
    scope: str = TEAM
    low: float | None = None  # numbers: inclusive bounds
    high: float | None = None
    check: Callable[[Any], str] | None = None  # the reason a value is refused, or ""
    hidden: bool = False  # an internal marker: not listed, not set by hand

    def parse(self, text: str) -> Any:
        """The typed value of `text`, or InvalidValue naming what is wrong with it."""
        text = str(text).strip()
        value: Any = text
        if self.kind is not str:
            try:
                value = self.kind(text)
            except ValueError:
                raise InvalidValue(f"{self.key} must be {self._range()}, not {text!r}") from None
            if (self.low is not None and value < self.low) or (
                    self.high is not None and value > self.high):
                raise InvalidValue(f"{self.key} must be {self._range()}, not {text!r}")
        if self.check is not None and (reason := self.check(value)):
            raise InvalidValue(f"{self.key} {reason}")
        return value

    def text(self, value: Any) -> str:
        """How a value is stored and shown (0.35, not 0.35000000000000003)."""
        return f"{value:g}" if isinstance(value, float) else str(value)

    def _range(self) -> str:
        what = "a number" if self.kind is float else "a whole number"
        if self.low is not None and self.high is not None:
            return f"{what} from {self.low:g} to {self.high:g}"
        if self.low is not None:
            return f"{what} of at least {self.low:g}"
        return what


def http_address(value: str) -> str:
    """"" for an empty value or a plain http(s) address with a host; else the reason."""
    if not value:
        return ""
    bad = any(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in value)
    try:
        parts = urlsplit(value)
    except ValueError:
        bad = True
    else:
        bad = bad or parts.scheme.lower() not in ("http", "https") or not parts.hostname
    return f"must be an http(s) address, not {value!r}" if bad else ""


def _review_template(value: str) -> str:
    if not value:
        return ""
    if "{id}" not in value:
        return "needs {id} where the claim id goes"
    try:
        url = value.replace("{organisation_url}", "https://example.org").format(id=1)
    except (KeyError, IndexError, ValueError):
        return "may only use {id}"
    return "must give an http(s) address" if http_address(url) else ""


def _name(value: str) -> str:
    if any(unicodedata.category(ch)[0] == "C" for ch in value):
        return "may not contain control characters"
    return "is at most 200 characters" if len(value) > 200 else ""


_DECLARED = (
    Setting("organisation", str, "",
            "name of the organisation publishing the fact-checks (ClaimReview author)",
            check=_name),
    Setting("organisation_url", str, "", "its web address, http(s) (ClaimReview author url)",
            check=http_address),
    Setting("review_url_template", str, "",
            "address of each published fact-check, with {id} for the claim id",
            check=_review_template),
    Setting("match_weak", float, DEFAULT_WEAK,
            "matching score below which nothing is suggested", low=0.0, high=1.0),
    Setting("match_strong", float, DEFAULT_STRONG,
            "matching score from which a suggestion is marked strong", low=0.0, high=1.0),
    Setting("backup_keep_daily", int, KEEP_DAILY, "daily backups kept", low=1, high=3650),
    Setting("backup_keep_weekly", int, KEEP_WEEKLY, "weekly backups kept", low=0, high=520),
    Setting("demo_loaded", str, "", "set once the demo claims were added", hidden=True),
    Setting("user_name", str, "", "your name, written into the history of every change",
            scope=PERSONAL, check=_name),
    Setting("inbox_seen_at", str, "", "when the suggestions inbox was last opened",
            scope=PERSONAL, hidden=True),
)
SETTINGS: dict[str, Setting] = {s.key: s for s in _DECLARED}


def spec(key: str) -> Setting:
    """The declaration of `key`; an unknown key is refused in one line."""
    found = SETTINGS.get(key)
    if found is None or found.hidden:
        known = ", ".join(k for k, s in SETTINGS.items() if not s.hidden)
        raise InvalidValue(f"no setting {key!r} (known: {known})")
    return found


def listed() -> list[Setting]:
    return [s for s in _DECLARED if not s.hidden]


def _together(values: Mapping[str, Any]) -> None:
    """Rules across settings, checked on the values as they would be after a change."""
    if values["match_weak"] > values["match_strong"]:
        raise InvalidValue("thresholds must satisfy 0 ≤ suggest (match_weak) ≤ strong "
                           "(match_strong) ≤ 1")


def team_values(session: Session) -> dict[str, Any]:
    """Every team setting's typed value: the stored one, or the default when it is unset or
    unreadable (a value written by hand into the database never stops the app)."""
    from db.queries.settings import all_settings

    stored = all_settings(session)
    values: dict[str, Any] = {}
    for s in _DECLARED:
        if s.scope != TEAM:
            continue
        try:
            values[s.key] = s.parse(stored[s.key]) if s.key in stored else s.default
        except InvalidValue:
            values[s.key] = s.default
    try:
        _together(values)
    except InvalidValue:
        values["match_weak"], values["match_strong"] = DEFAULT_WEAK, DEFAULT_STRONG
    return values


def team_texts(session: Session) -> dict[str, str]:
    """The team settings as text, as reports and exports read them."""
    return {k: SETTINGS[k].text(v) for k, v in team_values(session).items()}


def change_team(session: Session, changes: Mapping[str, str]) -> dict[str, Any]:
    """Check every change, then store them together; nothing is stored when one is refused."""
    parsed = {}
    for key, text in changes.items():
        s = spec(key)
        if s.scope != TEAM:
            raise InvalidValue(f"{key} is a personal setting, not a workspace one")
        parsed[key] = s.parse(text)
    _together({**team_values(session), **parsed})
    from db.queries.settings import set_setting

    for key, value in parsed.items():
        set_setting(session, key, SETTINGS[key].text(value))
    return parsed


def personal_values() -> dict[str, Any]:
    from desktop.core.config import load_config

    stored = load_config()
    values = {}
    for s in _DECLARED:
        if s.scope == PERSONAL:
            try:
                values[s.key] = s.parse(stored[s.key]) if s.key in stored else s.default
            except InvalidValue:
                values[s.key] = s.default
    return values


def change_personal(changes: Mapping[str, str]) -> dict[str, Any]:
    """Check every change, then write them into config.json together."""
    from desktop.core.config import save_config

    parsed = {}
    for key, text in changes.items():
        s = spec(key)
        if s.scope != PERSONAL:
            raise InvalidValue(f"{key} is a workspace setting, not a personal one")
        parsed[key] = s.parse(text)
    save_config(parsed)
    return parsed


def backup_keep(ws: Any) -> tuple[int, int]:
    """How many daily and weekly backups the workspace keeps (defaults when unreadable)."""
    from db.errors import UserError

    try:
        with ws.session() as s:
            values = team_values(s)
    except UserError:
        return KEEP_DAILY, KEEP_WEEKLY
    return values["backup_keep_daily"], values["backup_keep_weekly"]
