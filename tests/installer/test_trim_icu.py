"""The smaller ICU data library: what it leaves out, and that Qt answers the same with it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from installer import trim_icu  # noqa: E402


def test_only_data_that_no_icu_call_of_qt_reads_is_left_out() -> None:
    kept = ["root.res", "de.res", "tr_TR.res", "res_index.res", "cnvalias.icu",
            "ibm-943_P15A-2003.cnv", "coll/ucadata.icu", "coll/de.res", "coll/zh.res",
            "zone/de.res", "zone/root.res", "metaZones.res", "zoneinfo64.res", "region/de.res",
            "curr/de.res", "supplementalData.res", "likelySubtags.res", "unames.icu"]
    dropped = ["brkitr/word.brk", "brkitr/cjdict.dict", "lang/de.res", "unit/de.res",
               "rbnf/de.res", "translit/root.res", "confusables.cfu"]
    assert trim_icu.unused_items(kept + dropped) == dropped


# Every ICU call Qt makes: collation, locale case mapping, time-zone names, codecs.
QT_ICU_CALLS = """
import functools
from PySide6.QtCore import QCollator, QLocale, QStringDecoder, QTimeZone
words = ["zebra", "äpfel", "Öl", "ıslak", "İstanbul", "apple", "中国", "北京", "عربي", "ábaco"]
for name in ("de_DE", "sv_SE", "tr_TR", "ar_EG", "zh_CN", "en_US"):
    locale = QLocale(name)
    collator = QCollator(locale)
    print(sorted(words, key=functools.cmp_to_key(collator.compare)))
    collator.setNumericMode(True)
    print(sorted(["file10", "file2", "file1"], key=functools.cmp_to_key(collator.compare)))
    print(locale.toUpper("istanbul ß"), locale.toLower("İSTANBUL I"))
    for zone in (b"Europe/Berlin", b"America/New_York", b"Asia/Kolkata"):
        for kind in QTimeZone.NameType:
            for when in (QTimeZone.TimeType.StandardTime, QTimeZone.TimeType.GenericTime):
                print(QTimeZone(zone).displayName(when, kind, locale))
print(len(QStringDecoder.availableCodecs()))
for codec in ("Shift_JIS", "windows-1256", "ISO-8859-9", "GB18030", "EUC-KR", "KOI8-R"):
    print(codec, QStringDecoder(codec).isValid())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux ICU library")
def test_qt_answers_the_same_with_the_trimmed_icu_data(tmp_path: Path) -> None:
    import PySide6

    original = Path(PySide6.__file__).parent / "Qt" / "lib" / "libicudata.so.73"
    if not original.is_file() or any(shutil.which(t) is None for t in trim_icu.TOOLS):
        pytest.skip("no libicudata.so.73 in PySide6, or icupkg / cc / binutils missing")
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    shutil.copy(original, bundle / original.name)
    saved = trim_icu.trim_icu(bundle, tmp_path / "work")
    assert saved > 10_000_000

    def qt(preload: Path | None) -> str:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        if preload is not None:  # libicuuc then binds to this copy of the data library
            env["LD_PRELOAD"] = str(preload)
        done = subprocess.run([sys.executable, "-c", QT_ICU_CALLS], env=env, timeout=120,
                              capture_output=True, text=True, check=True)
        return done.stdout

    plain, trimmed = qt(None), qt(bundle / original.name)
    assert "Mitteleuropäische Normalzeit" in plain and "İSTANBUL" in plain
    assert trimmed == plain
