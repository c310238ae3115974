"""Spreadsheet bytes to text: UTF-8 first, else the legacy code page whose letters read right.

Detectors need a few hundred bytes to tell cp1254 Turkish from cp1252, or cp1256 Arabic from
anything at all; a one-row spreadsheet has thirty. So every common single-byte code page is
tried and scored on how plausible its letters are: words in one script, Latin words mostly
ASCII with the accented letters real languages use, no stray symbols. A guess is reported
(`DecodedText.guessed`) so the caller can show the first row back to the user.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise

from desktop.errors import UserError

# Tried in this order; on equal scores the earlier one wins (Western European first).
CODE_PAGES = ("cp1252", "cp1254", "cp1250", "cp1251", "cp1256", "cp1253", "cp1255", "cp1257",
              "koi8_r", "iso8859_2", "iso8859_7", "iso8859_6", "cp866", "mac_roman")
NAMES = {"cp1252": "Western European", "cp1254": "Turkish", "cp1250": "Central European",
         "cp1251": "Cyrillic", "cp1256": "Arabic", "cp1253": "Greek", "cp1255": "Hebrew",
         "cp1257": "Baltic", "koi8_r": "Russian KOI8-R", "iso8859_2": "Central European",
         "iso8859_7": "Greek", "iso8859_6": "Arabic", "cp866": "Cyrillic DOS",
         "mac_roman": "Mac Western"}
# Accented Latin letters in everyday use across European languages and Turkish.
_COMMON_LATIN = frozenset(
    "àáâãäåæçèéêëìíîïñòóôõöøùúûüÿœßÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜŒ"
    "ğĞıİşŞ"  # Turkish
    "ąćęłńśźżĄĆĘŁŃŚŹŻčďěňřšťůžČĎĚŇŘŠŤŮŽőűŐŰ"  # Central European
    "āēīūģķļņĀĒĪŪĢĶĻŅ")  # Baltic
_FINE_SYMBOLS = frozenset("“”‘’„«»–—…€£°·•§©®™ \u00a0")
_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC_VOWELS = frozenset("аеёиоуыэюяіїє")
SAMPLE = 64 * 1024


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str  # the codec used, e.g. "utf-8", "cp1254"
    guessed: bool  # True when the file did not say (no UTF-8, no BOM, no --encoding)

    @property
    def label(self) -> str:
        name = NAMES.get(self.encoding)
        return f"{self.encoding} ({name})" if name else self.encoding


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else "?"


def implausibility(text: str) -> int:
    """How many letters and symbols look like the wrong code page (lower is better)."""
    bad = 0
    for word in _WORD.findall(text):
        wide = [ch for ch in word if ord(ch) > 127]
        if not wide:
            continue
        scripts = {_script(ch) for ch in wide}
        if len(word) > len(wide):
            scripts.add("LATIN")
        if len(scripts) > 1:
            bad += 2 * len(wide)
        elif "LATIN" in scripts:
            bad += sum(2 for ch in wide if ch not in _COMMON_LATIN)
            if len(word) >= 3 and len(wide) * 2 > len(word):
                bad += 1  # Latin words are mostly plain ASCII letters
        elif "CYRILLIC" in scripts:
            # Arabic or Hebrew bytes read as Cyrillic give vowel-less words full of ъ.
            bad += word.count("ъ") + word.count("Ъ")
            if len(word) >= 3 and not _CYRILLIC_VOWELS & set(word.lower()):
                bad += 1
            bad += _cyrillic_oddities(word)
        elif "GREEK" in scripts:
            bad += _greek_oddities(word.lower())
        elif "HEBREW" in scripts:
            bad += _hebrew_oddities(word)
        elif "ARABIC" in scripts:
            bad += 2 * word[:-1].count("ة")  # teh marbuta ends a word
        # A capital after a small letter inside a word: the wrong code page's letters.
        bad += 2 * sum(1 for a, b in pairwise(word) if a.islower() and b.isupper())
    for ch in text:
        if ord(ch) > 127 and not ch.isalpha() and ch not in _FINE_SYMBOLS:
            bad += 3 if unicodedata.category(ch)[0] == "C" else 1
    return bad


# Hebrew letters (one-row files are mostly Hebrew or Greek or Cyrillic by bytes alone: the
# three code pages put their small letters on the same bytes) are told apart by what each
# script's spelling allows.
_HEBREW_FINALS = frozenset("ךםןףץ")
_GREEK_VOWELS = frozenset("αεηιουωάέήίόύώϊϋΐΰ")
_GREEK_DIAERESIS = frozenset("ϊϋΐΰ")


def _hebrew_oddities(word: str) -> int:
    """A final letter anywhere but at the end is impossible; one at the end is telling."""
    inner = sum(1 for ch in word[:-1] if ch in _HEBREW_FINALS)
    return 2 * inner - (1 if word[-1] in _HEBREW_FINALS and not inner else 0)


def _greek_oddities(word: str) -> int:
    """Final sigma inside a word, vowel-less words, a diaeresis not after a vowel."""
    bad = 2 * word[:-1].count("ς")
    if len(word) >= 3 and not _GREEK_VOWELS & set(word):
        bad += 1
    for i, ch in enumerate(word):
        if ch in _GREEK_DIAERESIS and (i == 0 or word[i - 1] not in _GREEK_VOWELS):
            bad += 1
    return bad


def _cyrillic_oddities(word: str) -> int:
    """A small й not after a vowel (Hebrew bytes give no capitals: Йемен is fine), and ы/ь/ъ
    where no Slavic word has them."""
    low = word.lower()
    bad = sum(1 for i, ch in enumerate(word)
              if ch == "й" and (i == 0 or low[i - 1] not in _CYRILLIC_VOWELS))
    bad += 2 * sum(low.count(pair) for pair in ("ыь", "ьы", "ъь", "ьъ", "ыы"))
    if low[:1] in ("ы", "ь", "ъ"):
        bad += 2
    return bad


def _bom(raw: bytes) -> str | None:
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                          (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return encoding
    return None


def decode_spreadsheet(raw: bytes, name: str, encoding: str | None = None) -> DecodedText:
    """The text of a CSV file; `encoding` (as the user gave it) is used strictly when set."""
    if encoding:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError as exc:
            raise UserError(f"unknown encoding {encoding!r} (try utf-8, cp1254, cp1256…)") \
                from exc
        try:
            return DecodedText(raw.decode(codec), codec, guessed=False)
        except UnicodeDecodeError as exc:
            raise UserError(f"{name} is not {encoding}: byte {raw[exc.start]:#04x} at "
                            f"position {exc.start} does not fit") from exc
    bom = _bom(raw)
    if bom:
        return DecodedText(raw.decode(bom, errors="replace"), bom, guessed=False)
    try:
        return DecodedText(raw.decode("utf-8"), "utf-8", guessed=False)
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw[:4096]:
        raise UserError(f"{name} is not a text file")
    sample = raw[:SAMPLE]
    scored: list[tuple[int, int, str]] = []
    for rank, codec in enumerate(CODE_PAGES):
        try:
            text = sample.decode(codec)
            raw.decode(codec)  # the whole file must fit, not just the start
        except UnicodeDecodeError:
            continue
        scored.append((implausibility(text), rank, codec))
    if scored:
        best, _, codec = min(scored)
        if best > 0:
            detected = _detected(raw, name)
            if detected and implausibility(raw[:SAMPLE].decode(detected, "replace")) < best:
                codec = detected
        return DecodedText(raw.decode(codec, errors="replace"), codec, guessed=True)
    detected = _detected(raw, name)
    if detected is None:
        raise UserError(f"{name} is not a text file (no known encoding fits)")
    return DecodedText(raw.decode(detected, errors="replace"), detected, guessed=True)


def _detected(raw: bytes, name: str) -> str | None:
    """charset_normalizer's pick, for multi-byte encodings (Shift-JIS, GBK, EUC-KR, Big5)."""
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:2_000_000]).best()
    if best is None or best.encoding is None:
        return None
    try:
        return codecs.lookup(best.encoding).name
    except LookupError:
        return None
