"""Text analysis shared by indexing, scoring and highlighting.

Links are skipped, hashtags and handles split on case, words folded,
normalised and stemmed (see ``normalize``), alias phrases add a shared group term, and
"1.5 million" becomes one number. ``terms`` is the fast path used for indexing; ``tokens`` keeps
character offsets into the original text for highlighting; both give the same terms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import chain
from typing import NamedTuple

from desktop.matching import lexicon
from desktop.matching.normalize import fold, normalise_word

_URL = re.compile(r"(?:https?://|www\.)\S+")
_WORD = re.compile(r"[#@]?[^\W_]+(?:[.,][0-9]+)*(?:-[0-9]{1,2}-[0-9]{1,2})?|[%$€£]")
# The same on ASCII-only text (most of it), where [^\W_] is [A-Za-z0-9]; plain ranges are about
# a third faster to scan than Unicode categories.
_WORD_ASCII = re.compile(r"[#@]?[A-Za-z0-9]+(?:[.,][0-9]+)*(?:-[0-9]{1,2}-[0-9]{1,2})?|[%$]")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+|[^\W\d_]+")
GROUP_PREFIX = "~g"
# Texts whose terms an analyser remembers: up to this many, each up to MEMO_CHARS long
# (claims and sentences; a long text is analysed each time rather than held).
TEXT_MEMO, MEMO_CHARS = 100_000, 2_000

Piece = tuple[str, str, bool, int, int]  # key, term, written in capitals, start, end


class Token(NamedTuple):
    key: str  # normalised form used for alias phrases (keeps stop words)
    term: str  # index term
    upper: bool  # written in capitals (acronyms like WHO must not match "who")
    start: int
    end: int


def _is_plain_number(term: str) -> bool:
    return bool(term) and term[0].isdigit() and term.replace(".", "", 1).isdigit()


class Analyzer:
    """Turns text into index terms; alias groups are matched as phrases of normalised words."""

    def __init__(self, aliases: Iterable[Iterable[str]] = ()) -> None:
        # raw token -> (its terms, its pieces, needs the phrase/number pass)
        self._entries: dict[str, tuple[tuple[str, ...], tuple[Piece, ...], bool]] = {}
        # the same, split for ``terms``: raw token -> its terms; raw tokens needing the pass
        self._terms: dict[str, tuple[str, ...]] = {}
        self._special: set[str] = set()
        # whole text -> its terms, for short texts analysed again (the open claims, in every
        # run of a process that keeps this analyser); emptied when it grows past TEXT_MEMO
        self._texts: dict[str, tuple[str, ...]] = {}
        # first key -> [(phrase keys, per-word needs-capitals, group id)], longest first
        self._phrases: dict[str, list[tuple[tuple[str, ...], tuple[bool, ...], int]]] = {}
        # group term -> the index terms of its forms' words ("~g0" -> turkiy, turkei, ankara...)
        self.group_words: dict[str, frozenset[str]] = {}
        for gid, group in enumerate(aliases):
            words: set[str] = set()
            for form in group:
                toks = self._pieces(form)
                if not toks:
                    continue
                words.update(t for p in toks for t in p[1].split())
                keys = tuple(t[0] for t in toks)
                # short capitalised forms (WHO, ICE, US) must not match ordinary words
                caps = tuple(t[2] and (len(t[0]) <= 3 or t[0] in lexicon.STOPWORDS)
                             for t in toks)
                self._phrases.setdefault(keys[0], []).append((keys, caps, gid))
            self.group_words[f"{GROUP_PREFIX}{gid}"] = frozenset(words)
        for entries in self._phrases.values():
            entries.sort(key=lambda e: -len(e[0]))
        # keys that the phrase/number pass treats specially; all others just pass through
        self._special_keys = frozenset(self._phrases) | lexicon.SCALE_WORDS | {"cent"}
        # entries cached before all phrases were known lack flags
        self._entries.clear()
        self._terms.clear()
        self._special.clear()

    # --- per raw token ---------------------------------------------------------------------

    def _entry(self, raw: str) -> tuple[tuple[str, ...], tuple[Piece, ...], bool]:
        if raw[0] in "#@":
            parts = [(m.group(), m.start(), m.end()) for m in _CAMEL.finditer(raw, 1)]
        else:
            parts = [(raw, 0, len(raw))]
        pieces: list[Piece] = []
        for text, start, end in parts:
            key, term = normalise_word(fold(text))
            pieces.append((key, term, text.isupper(), start, end))
        terms = tuple(t for p in pieces if p[1] for t in p[1].split())
        special = any(p[0] in self._phrases or p[0] in lexicon.SCALE_WORDS or p[0] == "cent"
                      for p in pieces)
        entry = (terms, tuple(pieces), special)
        self._entries[raw] = entry
        self._terms[raw] = terms
        if special:
            self._special.add(raw)
        return entry

    @staticmethod
    def _links(text: str) -> list[tuple[int, int]]:
        """Spans of the links in ``text`` (skipped: their words are not the text's)."""
        if "http" not in text and "www." not in text:
            return []
        return [m.span() for m in _URL.finditer(text)]

    def _pieces(self, text: str) -> list[Piece]:
        links, end = self._links(text), len(text)
        bounds, pos = [], 0
        for s, e in links:
            bounds.append((pos, s))
            pos = e
        bounds.append((pos, end))
        out: list[Piece] = []
        get = self._entries.get
        words = _WORD_ASCII if text.isascii() else _WORD
        for lo, hi in bounds:
            for m in words.finditer(text, lo, hi):
                raw = m.group()
                pieces = (get(raw) or self._entry(raw))[1]
                if raw[0] not in "#@":  # one piece, the whole token
                    k, t, u, _s, _e = pieces[0]
                    out.append((k, t, u, *m.span()))
                    continue
                base = m.start()
                out.extend((k, t, u, base + s, base + e) for k, t, u, s, e in pieces)
        return out

    # --- sequences ---------------------------------------------------------------------------

    def _sequence(self, pieces: list[Piece]) -> list[Piece]:
        """Alias phrases, 'per cent' and '<number> million'; drops stop words, splits dates."""
        out: list[Piece] = []
        phrases = self._phrases
        scale_words = lexicon.SCALE_WORDS
        special = self._special_keys
        n = len(pieces)
        prev_key = ""
        for i, piece in enumerate(pieces):
            key, term = piece[0], piece[1]
            if key not in special:
                if term:
                    if " " in term:
                        out.extend((key, t, piece[2], piece[3], piece[4]) for t in term.split())
                    else:
                        out.append(piece)
                prev_key = key
                continue
            if key in phrases:
                for keys, caps, gid in phrases[key]:
                    j = i + len(keys)
                    if j <= n and all(pieces[i + k][0] == keys[k] and (pieces[i + k][2] or
                                      not caps[k]) for k in range(len(keys))):
                        out.append((key, f"{GROUP_PREFIX}{gid}", piece[2], piece[3],
                                    pieces[j - 1][4]))
                        break
            if key in scale_words and out and out[-1][0] == prev_key and \
                    _is_plain_number(out[-1][1]):
                # "1.5 million" -> one number spanning both words
                last = out[-1]
                out[-1] = (last[0], str(round(float(last[1]) * lexicon.SCALES[key])), False,
                           last[3], piece[4])
            elif key == "cent" and prev_key == "per" and out and out[-1][1] == "per":
                last = out[-1]
                out[-1] = ("percent", "percent", False, last[3], piece[4])
            elif term:
                if " " in term:
                    out.extend((key, t, piece[2], piece[3], piece[4]) for t in term.split())
                else:
                    out.append(piece)
            prev_key = key
        return out

    # --- public --------------------------------------------------------------------------------

    def terms(self, text: str) -> list[str]:
        """Index terms of ``text`` in order (stop words dropped)."""
        if len(text) > MEMO_CHARS:
            return self._terms_of(text)
        done = self._texts.get(text)
        if done is None:
            if len(self._texts) >= TEXT_MEMO:
                self._texts.clear()
            done = self._texts[text] = tuple(self._terms_of(text))
        return list(done)

    def _terms_of(self, text: str) -> list[str]:
        if "http" in text or "www." in text:
            text = _URL.sub(" ", text)
        raws = (_WORD_ASCII if text.isascii() else _WORD).findall(text)
        known = self._terms
        try:
            parts = [known[raw] for raw in raws]
        except KeyError:  # a token not seen before: analyse the new ones, then look up again
            for raw in raws:
                if raw not in known:
                    self._entry(raw)
            parts = [known[raw] for raw in raws]
        if self._special.isdisjoint(raws):
            return list(chain.from_iterable(parts))
        entries = self._entries
        pieces = [p for raw in raws for p in entries[raw][1]]
        return [p[1] for p in self._sequence(pieces)]

    def tokens(self, text: str) -> list[Token]:
        """Terms with the character span they come from in ``text`` (an alias phrase spans
        all its words)."""
        return [Token(*p) for p in self._sequence(self._pieces(text))]

    def term_spans(self, text: str) -> dict[str, list[tuple[int, int]]]:
        """Character spans of ``text`` by term: ``tokens`` grouped, for highlighting."""
        out: dict[str, list[tuple[int, int]]] = {}
        for _key, term, _upper, start, end in self._sequence(self._pieces(text)):
            spans = out.get(term)
            if spans is None:
                out[term] = [(start, end)]
            else:
                spans.append((start, end))
        return out

