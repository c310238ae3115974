"""Text analysis shared by indexing, scoring and highlighting.

One pass turns raw text into terms with character offsets into the original string: links and
tweet signatures are skipped, hashtags and handles split on case, accents folded, spellings and
numbers normalised, words stemmed, and alias phrases add a shared group term.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

from desktop.matching import lexicon
from desktop.matching.stem import stem

_TOKEN = re.compile(
    r"(?P<url>(?:https?://|www\.|pic\.twitter\.com/)\S+)"
    r"|[#@]?[^\W_]+(?:[.,][0-9]+)*(?:-[0-9]{1,2}-[0-9]{1,2})?"
    r"|[%$€£]"
)
# "— Jane Doe (@jdoe) January 6, 2020" at the end of a pasted tweet says who, not what.
_SIGNATURE = re.compile(r"\s*[—–]\s*[^—–\n]{0,100}\(@\w+\)\s*[A-Za-z]+\.?\s+\d{1,2},\s*\d{4}\s*$")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+|[^\W\d_]+")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
_FOLD_EXTRA = str.maketrans({"ı": "i", "ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d",
                             "ł": "l", "þ": "th", "ð": "d", "’": "'"})
GROUP_PREFIX = "~g"


def fold(word: str) -> str:
    """Lower-case and strip accents: 'Türkiye' -> 'turkiye', 'İzmir' -> 'izmir'."""
    word = word.lower()
    if word.isascii():
        return word
    word = word.translate(_FOLD_EXTRA)
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_BRITISH = (
    ("isation", "ization", ""), ("ise", "ize", "ise"), ("ised", "ized", "ise"),
    ("ises", "izes", "ise"), ("ising", "izing", "ise"), ("yse", "yze", ""), ("ysed", "yzed", ""),
    ("ysing", "yzing", ""), ("ogue", "og", ""),
)


def _spelling(word: str) -> str:
    """Map British spellings onto American ones so both index the same term."""
    mapped = lexicon.SPELLING.get(word)
    if mapped:
        return mapped
    if word.endswith("our") and len(word) > 5 and word not in lexicon.NOT_OUR:
        return word[:-3] + "or"
    for brit, amer, lemma in _BRITISH:
        if word.endswith(brit) and len(word) > len(brit) + 2:
            base = word[: -len(brit)]
            if lemma and base + lemma in lexicon.NOT_ISE:
                return word
            return base + amer
    for suffix in ("led", "ling", "ler", "lers"):
        base = word[: -len(suffix) - 1]
        if word.endswith("l" + suffix) and base + "l" in lexicon.DOUBLE_L:
            return base + "l" + suffix
    return word


def _number(token: str) -> str | None:
    """Canonical digits for '1,000', '3.50', '6th'; None when the token is not a number."""
    match = _ORDINAL.match(token)
    if match:
        return str(int(match.group(1)))
    if not token[0].isdigit() or not all(ch.isdigit() or ch in ".," for ch in token):
        return None
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", token):
        token = token.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(\.\d{3}){2,}", token):
        token = token.replace(".", "")
    token = token.replace(",", ".")
    if token.count(".") > 1:
        return token
    if "." in token:
        token = token.rstrip("0").rstrip(".")
    return token.lstrip("0") or "0"


def _is_plain_number(term: str) -> bool:
    return bool(term) and term[0].isdigit() and term.replace(".", "", 1).isdigit()


class Token(NamedTuple):
    key: str  # normalised form used for alias phrases (keeps stop words)
    term: str  # index term; empty for stop words
    upper: bool  # written in capitals (acronyms like WHO must not match "who")
    start: int
    end: int


class Analyzer:
    """Turns text into index terms; alias groups are matched as phrases of normalised words."""

    def __init__(self, aliases: Iterable[Iterable[str]] = ()) -> None:
        self._word: dict[str, tuple[str, str]] = {}
        self._raw: dict[str, tuple[tuple[str, bool, int, int], ...]] = {}
        # first key -> list of (phrase keys, per-word needs-capitals, group id), longest first
        self._phrases: dict[str, list[tuple[tuple[str, ...], tuple[bool, ...], int]]] = {}
        for gid, group in enumerate(aliases):
            for form in group:
                toks = [t for t in self._tokens(form) if t.key]
                if not toks:
                    continue
                keys = tuple(t.key for t in toks)
                # short capitalised forms (WHO, ICE, US) must not match ordinary words
                caps = tuple(t.upper and (len(t.key) <= 3 or t.key in lexicon.STOPWORDS)
                             for t in toks)
                self._phrases.setdefault(keys[0], []).append((keys, caps, gid))
        for entries in self._phrases.values():
            entries.sort(key=lambda e: -len(e[0]))

    def _normalise_word(self, word: str) -> tuple[str, str]:
        """(alias key, index term) for one folded word; cached because vocabularies are small."""
        cached = self._word.get(word)
        if cached is not None:
            return cached
        if word in lexicon.SYMBOLS:
            result = (lexicon.SYMBOLS[word],) * 2
        elif word[0].isdigit():
            date = _ISO_DATE.match(word)
            num = None if date else _number(word)
            if date:
                month = int(date.group(2))
                mon = lexicon.MONTH_BY_NUMBER[month - 1] if 1 <= month <= 12 else date.group(2)
                result = (word, f"{int(date.group(1))} {mon} {int(date.group(3))}")
            elif num is not None:
                result = (num, num)
            else:
                result = (word, word)
        elif word in lexicon.STOPWORDS:
            result = (word, "")
        else:
            word2 = lexicon.NUMBER_WORDS.get(word) or lexicon.MONTHS.get(word)
            if word2:
                result = (word2, word2)
            else:
                key = stem(_spelling(word))
                result = (key, key)
        self._word[word] = result
        return result

    def _split_raw(self, raw: str) -> tuple[tuple[str, bool, int, int], ...]:
        """Folded pieces of one raw token with offsets relative to it; hashtags split on case."""
        cached = self._raw.get(raw)
        if cached is not None:
            return cached
        if raw[0] in "#@":
            pieces = tuple((fold(m.group()), m.group().isupper(), m.start() + 1, m.end() + 1)
                           for m in _CAMEL.finditer(raw, 1))
        else:
            pieces = ((fold(raw), raw.isupper(), 0, len(raw)),)
        self._raw[raw] = pieces
        return pieces

    def _tokens(self, text: str) -> list[Token]:
        sig = _SIGNATURE.search(text) if "(@" in text else None
        end = sig.start() if sig else len(text)
        out: list[Token] = []
        norm = self._normalise_word
        for m in _TOKEN.finditer(text, 0, end):
            raw = m.group()
            if m.lastgroup == "url":
                continue
            base = m.start()
            for word, upper, s, e in self._split_raw(raw):
                key, term = norm(word)
                out.append(Token(key, term, upper, base + s, base + e))
        return out

    def tokens(self, text: str) -> list[Token]:
        """Tokens of ``text`` with their index terms, plus one token per alias phrase matched."""
        toks = self._tokens(text)
        out: list[Token] = []
        phrases = self._phrases
        n = len(toks)
        i = 0
        while i < n:
            tok = toks[i]
            if tok.key in phrases:
                for keys, caps, gid in phrases[tok.key]:
                    j = i + len(keys)
                    if j <= n and all(toks[i + k].key == keys[k] and (toks[i + k].upper or not
                                      caps[k]) for k in range(len(keys))):
                        out.append(Token(tok.key, f"{GROUP_PREFIX}{gid}", tok.upper, tok.start,
                                         toks[j - 1].end))
                        break
            if i + 1 < n and toks[i + 1].key in lexicon.SCALES and _is_plain_number(tok.term):
                # "1.5 million" and "1,500,000" should agree
                value = round(float(tok.term) * lexicon.SCALES[toks[i + 1].key])
                out.append(Token(tok.key, str(value), False, tok.start, toks[i + 1].end))
                i += 2
                continue
            if tok.term:
                if " " in tok.term:  # ISO date: three terms over one span
                    out.extend(Token(tok.key, t, False, tok.start, tok.end)
                               for t in tok.term.split())
                else:
                    out.append(tok)
            i += 1
        return out

    def terms(self, text: str) -> list[str]:
        """Index terms of ``text`` in order (stop words dropped)."""
        return [t.term for t in self.tokens(text)]
