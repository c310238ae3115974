"""Bytes to text: the declared charset, else UTF-8, else the detected encoding."""

from __future__ import annotations

import codecs

from desktop.errors import UserError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
         (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


SINGLE_BYTE = ("cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
               "koi8_r", "koi8_u", "iso8859_2", "iso8859_5", "iso8859_6", "iso8859_7",
               "iso8859_9", "mac_cyrillic", "cp866")


def _garbled(text: str) -> bool:
    """Mostly half-width katakana: the usual sign of 8-bit text decoded as Shift-JIS."""
    sample = text[:5000]
    letters = sum(1 for ch in sample if ch.isalpha()) or 1
    return sum(1 for ch in sample if "\uff61" <= ch <= "\uff9f") / letters > 0.1


# Letters that cp1252 shows where cp1254 has ı İ ş Ş ğ Ğ: outside Icelandic they mean a Turkish
# text was taken for Western European, which detectors often do with short texts.
_TURKISH_TELLTALES = frozenset("ýÝþÞðÐ")
_TURKISH = ("cp1254", "iso8859-9")


def _prefer_turkish(data: bytes, encoding: str, language: str) -> str:
    """cp1254 when the detector recognised Turkish words but picked another code page."""
    name = codecs.lookup(encoding).name
    if name in _TURKISH:
        return encoding
    looks_turkish = language == "Turkish" or (
        name in ("cp1252", "iso8859-1", "iso8859-15")
        and bool(_TURKISH_TELLTALES & set(data.decode(encoding, errors="replace"))))
    if not looks_turkish:
        return encoding
    try:
        data.decode("cp1254")
    except UnicodeDecodeError:
        return encoding
    return "cp1254"


def decode_bytes(data: bytes, name: str, declared: str = "") -> str:
    """Decode text in any common encoding; refuse binary data with one clear line."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong header is common; fall back to looking at the bytes
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise UserError(f"{name} is not a text file")
    from charset_normalizer import from_bytes

    sample = data[:2_000_000]
    best = from_bytes(sample).best()
    if best is None or _garbled(str(best)):
        # Short Cyrillic or Greek texts in 8-bit encodings can pass for Japanese; the
        # single-byte code pages of Europe and the Middle East are far more likely.
        retry = from_bytes(sample, cp_isolation=list(SINGLE_BYTE)).best()
        best = retry or best
    if best is None or best.encoding is None:
        raise UserError(f"{name} is not a text file (no known encoding fits)")
    encoding = _prefer_turkish(data, best.encoding, best.language)
    return data.decode(encoding, errors="replace")
