"""Claim search that folds case and accents alike on SQLite and PostgreSQL, through an index.

"turkiye", "Türkiye" and "TURKİYE" find the same claims, as do "erdogan" and "ERDOĞAN". A search
is split into words at spaces; every word must start a word of the claim's text, speaker or
tags ("pled" finds "pledge", "5_0" finds "5_000"), in any column and any order.

- SQLite: the FTS5 table `claims_fts` (tokenizer `unicode61 remove_diacritics 2`), kept in step
  with `claims` by triggers (migration 0004). unicode61 folds case and strips accents, İ included,
  but has no mapping for the dotless ı, so both sides replace it with i.
- PostgreSQL: the generated column `claims.search_folded`: `factdesk_fold` (lower + unaccent,
  İ/ı mapped to i) of text, speaker and tags with punctuation turned into single spaces, indexed
  with pg_trgm. A word is `LIKE '% word%'`: padded with a space, it can only match at the start
  of a word, and the trigram index answers it even for a single letter.

A search with no letters or digits at all ("%", "—") falls back to a plain substring match.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from sqlalchemy import (
    String,
    and_,
    bindparam,
    func,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement
from sqlalchemy.types import NullType

# The dotted capital and the dotless small i have no decomposition to strip; Turkish text
# needs them folded explicitly (İstanbul = istanbul, ılık = ilik).
_FTS_TABLE = table("claims_fts")
_DOTLESS = str.maketrans({"İ": "i", "ı": "i"})
_TOKEN = re.compile(r"[^\W_]+")
# ' ' || factdesk_fold(text || ' ' || speaker || ' ' || tags), words single-spaced || ' '
PG_DOCUMENT = "claims.search_folded"


# While this settings row exists (inside one transaction only), the SQLite insert trigger
# leaves new claims unindexed; `index_new_claims` then indexes them all at once.
BULK_KEY = "search.bulk_insert"
_FTS_FILL = ("INSERT INTO claims_fts(rowid, text, speaker, tags) SELECT id, "
             "replace(text, 'ı', 'i'), replace(speaker, 'ı', 'i'), replace(tags, 'ı', 'i') "
             "FROM claims WHERE id > :after")


def begin_bulk_insert(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.execute(text("INSERT INTO settings (key, value) VALUES (:k, '1')"), {"k": BULK_KEY})


def index_new_claims(conn: Connection, after_id: int) -> None:
    """Index the claims with ids above `after_id` inserted since `begin_bulk_insert`."""
    if conn.dialect.name == "sqlite":
        conn.execute(text(_FTS_FILL), {"after": after_id})
        conn.execute(text("DELETE FROM settings WHERE key = :k"), {"k": BULK_KEY})


def fold(text: str) -> str:
    """Lower case without accents: "ERDOĞAN" -> "erdogan", "TURKİYE" -> "turkiye"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_DOTLESS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def search_words(search: str) -> list[list[str]]:
    """The folded tokens of each space-separated word; words without letters or digits go."""
    words = [_TOKEN.findall(fold(word)) for word in search.split()]
    return [w for w in words if w]


def fts_query(words: list[list[str]]) -> str:
    """An FTS5 query: each word a prefix phrase ("5 0"*), all of them required."""
    return " ".join('"' + " ".join(tokens) + '"*' for tokens in words)


class matches_search(ColumnElement[bool]):
    """True for claims whose text, speaker or tags match every word of `search`."""

    # Untyped on purpose: a Boolean element would be compared "= 1" on SQLite, which hides
    # the IN (fts) from the planner and makes it scan claims instead of driving from the index.
    type = NullType()
    inherit_cache = False

    def __init__(self, claim_id: ColumnElement[Any], search: str,
                 fallback: ColumnElement[bool]) -> None:
        self.claim_id = claim_id
        self.words = search_words(search)
        self.fallback = fallback  # for a search without any letter or digit


@compiles(matches_search)
def _matches_search_pg(element: matches_search, compiler: Any, **kw: Any) -> str:
    if not element.words:
        return compiler.process(element.fallback, **kw)
    doc = literal_column(PG_DOCUMENT, String)
    conds = []
    for word in element.words:
        # Folded in SQL by the same function as the column, so both sides agree exactly
        # (PostgreSQL folds the constant once, at planning). " 5 0" finds " 5 000 ".
        pattern = _sql("'% '")
        for k, token in enumerate(word):
            folded = func.factdesk_fold(bindparam(None, token, type_=String()), type_=String())
            pattern = pattern + (_sql("' '") + folded if k else folded)
        conds.append(doc.like(pattern + _sql("'%'")))
    return compiler.process(and_(*conds).self_group(), **kw)


def _sql(fragment: str) -> ColumnElement[str]:
    return literal_column(fragment, String)


@compiles(matches_search, "sqlite")
def _matches_search_sqlite(element: matches_search, compiler: Any, **kw: Any) -> str:
    if not element.words:
        return compiler.process(element.fallback.self_group(), **kw)
    fts = select(literal_column("rowid")).select_from(_FTS_TABLE).where(
        literal_column("claims_fts").op("MATCH")(bindparam(None, fts_query(element.words))))
    return compiler.process(element.claim_id.in_(fts.scalar_subquery()), **kw)
