"""When a search that found nothing may be answered "nothing" again without a query."""

from __future__ import annotations

import pytest

from desktop.ui.claims_model import search_narrows


@pytest.mark.parametrize(("old", "new", "narrows"), [
    ("zz", "zzq", True),  # typing on after a miss
    ("zz", "pension zzq", True),  # another word added
    ("Tür", "TURKIYE", True),  # folded like the search itself
    ("5.0", "5.01", True),  # a word of two tokens, the last one longer
    ("ax", "bax", False),  # "bax…" words need not contain a word starting "ax"
    ("pension zz", "zz", False),  # a word taken away widens the search
    ("", "zz", False),  # an empty search matches everything
])
def test_search_narrows(old: str, new: str, narrows: bool) -> None:
    assert search_narrows(old, new) is narrows
