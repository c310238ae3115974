"""Claim search on 100,000 claims: the folded, indexed search against the old substring scan.

    PYTHONPATH=. .venv/bin/python benchmarks/search_speed.py sqlite:////tmp/fd-search.sqlite
    PYTHONPATH=. .venv/bin/python benchmarks/search_speed.py postgresql://postgres@127.0.0.1/fd

Fills the workspace with generated claims the first time (the spreadsheet import path, so the
search index is kept by the same triggers / generated column as in use). Then, per search
term, the median of 5 runs of what the app's filter asks first (`first_claims`, 100 rows) and of
the full id list (`claim_ids`), for the new search and for the substring LIKE it replaced.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import or_  # noqa: E402
from sqlmodel import col  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from gui_build_workspace import SPEAKERS, TAGS, WORDS  # noqa: E402

from db.engine import resolve_url  # noqa: E402
from db.migrate import open_workspace  # noqa: E402
from db.models import Claim  # noqa: E402
from db.queries.claim_edits import bulk_add_claims  # noqa: E402
from db.queries.claims import ClaimFilter, _escape_like, claim_ids, contains_ci  # noqa: E402

TERMS = ("z", "zzq", "qqqqqq", "t", "pen", "pension", "turkiye", "TÜRKİYE", "ERDOĞAN",
         "erdogan pension")
EXTRA = ("Türkiye", "Erdoğan", "İstanbul", "Ankara", "ılımlı")


def fill(ws, n: int) -> None:
    with ws.session() as s:
        have = len(claim_ids(s, ClaimFilter(include_deleted=True)))
    if have >= n:
        return
    rnd = random.Random(7)
    words = WORDS + EXTRA
    rows = [{"text": " ".join(rnd.choice(words) for _ in range(rnd.randint(8, 20))).capitalize()
             + ".", "speaker": rnd.choice(SPEAKERS), "tags": ", ".join(rnd.sample(TAGS, 2))}
            for _ in range(n - have)]
    t = time.perf_counter()
    with ws.session() as s:
        bulk_add_claims(s, rows, actor="bench")
    print(f"filled {n - have:,} claims in {time.perf_counter() - t:.1f} s")


def old_ids(session, term: str, limit: int | None) -> list[int]:
    """The search as it was: a substring LIKE on text, speaker and tags."""
    from sqlmodel import select

    pattern = f"%{_escape_like(term)}%"
    stmt = (select(Claim.id).where(col(Claim.deleted).is_(False), or_(
        contains_ci(col(Claim.text), pattern), contains_ci(col(Claim.speaker), pattern),
        contains_ci(col(Claim.tags), pattern))).order_by(col(Claim.id)))
    if limit:
        stmt = stmt.limit(limit)
    return list(session.connection().execute(stmt).scalars())


def timed(fn, runs: int = 5) -> tuple[float, int]:
    times, n = [], 0
    for _ in range(runs):
        t = time.perf_counter()
        n = len(fn())
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--claims", type=int, default=100_000)
    args = ap.parse_args()
    ws = open_workspace(resolve_url(args.db))
    fill(ws, args.claims)
    print("| term | new: first 100 | new: all ids (rows) | old LIKE: first 100 | "
          "old LIKE: all ids (rows) |")
    print("| --- | --- | --- | --- | --- |")
    with ws.session() as s:
        for term in TERMS:
            flt = ClaimFilter(search=term)
            first, _ = timed(lambda flt=flt: claim_ids(s, flt, limit=100))
            full, n = timed(lambda flt=flt: claim_ids(s, flt))
            o_first, _ = timed(lambda term=term: old_ids(s, term, 100))
            o_full, o_n = timed(lambda term=term: old_ids(s, term, None))
            print(f"| `{term}` | {first:.1f} ms | {full:.1f} ms ({n:,}) | {o_first:.1f} ms | "
                  f"{o_full:.1f} ms ({o_n:,}) |")
    ws.dispose()


if __name__ == "__main__":
    main()
