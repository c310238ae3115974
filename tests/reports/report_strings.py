"""Hostile strings the report tests plant in a workspace and look for in the output.

A module of its own: test modules import it by name, which a `conftest` (one per folder, all
named alike) cannot safely be.
"""

HOSTILE = '<b>x</b><img src="/etc/passwd"/><font name="x"> & Tom &amp; Jerry'
HOSTILE_CLAIM = f"Hostile claim {HOSTILE} · Türkçe ğ ş İ ı Ğ Ş · Кириллица · Ελληνικά"
FORMULA_SPEAKER = "=HYPERLINK(\"http://evil.example\",\"click\")"
