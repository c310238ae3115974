"""Claim search that folds case and accents alike on SQLite and PostgreSQL, through an index.

"turkiye", "Türkiye" and "TURKİYE" find the same claims, as do "erdogan" and "ERDOĞAN". A search
is split into words at spaces; every word must start a word of the claim's text, speaker or
tags ("pled" finds "pledge", "5_0" finds "5_000"), in any column and any order.

- SQLite: the FTS5 table `claims_fts` (tokenizer `unicode61 remove_diacritics 2`), kept in step
  with `claims` by triggers (migration 0004). unicode61 folds case and strips accents, İ included,
  but has no mapping for the dotless ı, so both sides replace it with i.
- PostgreSQL: the generated column `claims.search_folded`, the function `factdesk_fold` (lower +
  unaccent, İ/ı mapped to i) of text, speaker and tags, indexed with pg_trgm; each word's letters
  narrow through the trigram index (LIKE) and a regular expression then keeps only matches at
  the start of a word.

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
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement
from sqlalchemy.types import NullType

# The dotted capital and the dotless small i have no decomposition to strip; Turkish text
# needs them folded explicitly (İstanbul = istanbul, ılık = ilik).
_FTS_TABLE = table("claims_fts")
_DOTLESS = str.maketrans({"İ": "i", "ı": "i"})
_TOKEN = re.compile(r"[^\W_]+")
PG_DOCUMENT = "claims.search_folded"  # factdesk_fold(text || ' ' || speaker || ' ' || tags)
_WORD_START = "(^|[^[:alnum:]])"
_BETWEEN = "[^[:alnum:]]+"


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
        return compiler.process(element.fallback.self_group(), **kw)
    doc = literal_column(PG_DOCUMENT, String)
    conds = []
    for word in element.words:
        # Folded in SQL by the same function as the index, so both sides agree exactly
        # (PostgreSQL folds the constant once, at planning).
        folded = [func.factdesk_fold(bindparam(None, t, type_=String()), type_=String())
                  for t in word]
        # LIKE on each token is what the trigram index answers; the expression then keeps
        # only tokens that begin a word, in order.
        conds += [doc.like(_sql("'%'") + f + _sql("'%'")) for f in folded]
        pattern = _sql(f"'{_WORD_START}'")
        for k, f in enumerate(folded):
            pattern = pattern + (_sql(f"'{_BETWEEN}'") + f if k else f)
        conds.append(doc.regexp_match(pattern))
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
