"""Workspace settings shared by a team, and the matcher's alias groups."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from db.errors import InvalidValue
from db.models import Alias, Setting


def get_setting(session: Session, key: str, default: str = "") -> str:
    row = session.get(Setting, key)
    return row.value if row is not None else default


def set_setting(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
    session.flush()


def all_settings(session: Session) -> dict[str, str]:
    return {s.key: s.value for s in session.exec(select(Setting)).all()}


def alias_groups(session: Session) -> dict[str, list[str]]:
    """Group name -> its terms, e.g. {"Türkiye": ["Türkiye", "Turkey", "Ankara"]}."""
    groups: dict[str, list[str]] = {}
    for a in session.exec(select(Alias).order_by(col(Alias.group_name), col(Alias.id))).all():
        groups.setdefault(a.group_name, []).append(a.term)
    return groups


def add_alias(session: Session, group_name: str, term: str) -> None:
    group_name, term = group_name.strip(), term.strip()
    if not group_name or not term:
        raise InvalidValue("an alias needs a group and a term")
    exists = session.exec(select(Alias).where(Alias.group_name == group_name,
                                              Alias.term == term)).first()
    if exists is None:
        try:
            # A savepoint, so that a racing writer's identical row only undoes this insert.
            with session.begin_nested():
                session.add(Alias(group_name=group_name, term=term))
        except IntegrityError:
            pass  # another process added the same term meanwhile: it is there, as asked


def remove_alias(session: Session, group_name: str, term: str) -> bool:
    row = session.exec(select(Alias).where(Alias.group_name == group_name,
                                           Alias.term == term)).first()
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True
