"""Word-level normalisation: accents, British spellings, numbers, dates, stems."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from desktop.matching import lexicon
from desktop.matching.stem import stem

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
_OUR = re.compile(r"^(\w+)our(s|ed|ing|ite|ites|able|ably|ful|less)?$")
_SCALED = re.compile(r"^(\d+(?:\.\d+)?)(k|m|bn|mn)$")
_THOUSANDS_COMMA = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")
_THOUSANDS_DOT = re.compile(r"\d{1,3}(\.\d{3}){2,}")
_FOLD_EXTRA = str.maketrans({"ı": "i", "ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d",
                             "ł": "l", "þ": "th", "ð": "d", "’": "'"})


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
    our = _OUR.match(word)
    if our and len(our.group(1)) > 2 and our.group(1) + "our" not in lexicon.NOT_OUR:
        return our.group(1) + "or" + (our.group(2) or "")
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
    """Canonical digits for '1,000', '3.50', '6th', '80m'; None when not a number."""
    match = _ORDINAL.match(token)
    if match:
        return str(int(match.group(1)))
    match = _SCALED.match(token)
    if match:
        return str(round(float(match.group(1)) * lexicon.SCALES[match.group(2)]))
    if not token[0].isdigit() or not all(ch.isdigit() or ch in ".," for ch in token):
        return None
    if _THOUSANDS_COMMA.fullmatch(token):
        token = token.replace(",", "")
    elif _THOUSANDS_DOT.fullmatch(token):
        token = token.replace(".", "")
    token = token.replace(",", ".")
    if token.count(".") > 1:
        return token
    if "." in token:
        token = token.rstrip("0").rstrip(".")
    return token.lstrip("0") or "0"


@lru_cache(maxsize=1 << 18)  # vocabularies are small next to text sizes
def normalise_word(word: str) -> tuple[str, str]:
    """(phrase key, index term) of one folded word; the term is empty for stop words and holds
    three space-separated terms for an ISO date."""
    if word in lexicon.SYMBOLS:
        return lexicon.SYMBOLS[word], lexicon.SYMBOLS[word]
    if word[0].isdigit():
        date = _ISO_DATE.match(word)
        if date:
            month = int(date.group(2))
            mon = lexicon.MONTH_BY_NUMBER[month - 1] if 1 <= month <= 12 else date.group(2)
            return word, f"{int(date.group(1))} {mon} {int(date.group(3))}"
        num = _number(word)
        return (num, num) if num is not None else (word, word)
    if word in lexicon.STOPWORDS:
        return word, ""
    mapped = lexicon.NUMBER_WORDS.get(word) or lexicon.MONTHS.get(word)
    if mapped:
        return mapped, mapped
    key = stem(_spelling(word))
    return key, key
