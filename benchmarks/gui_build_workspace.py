"""Build the GUI benchmark workspace: 100,000 claims and 300,000 evidence links in SQLite.

    .venv/bin/python benchmarks/gui_build_workspace.py /tmp/factdesk-bench.sqlite

Claims go in through the real spreadsheet import (`factdesk claims import`); 1,000 source
documents with 100 passages each through `store_document`; the evidence rows are bulk-inserted
with SQLAlchemy Core (a benchmark may; the app never does). The sources are marked as matched,
as in a workspace in daily use; `--unmatched` leaves them for the app's start-up check, which
then matches (and, with the sentence model, embeds) the whole workspace in the background.
"""

from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

_WORD_LIST = """government budget troops border inflation vaccine election turnout migrants
unemployment tariff exports emissions hospital schools pension wages police crime drought harvest
refugees ceasefire sanctions oil gas prices minister president parliament court census survey
report percent million billion doubled halved record lowest highest increase decrease since last
year decade official figures agency ministry"""
WORDS = tuple(_WORD_LIST.split())
SPEAKERS = [f"{first} {last}" for first in ("Ayşe", "John", "Maria", "Li", "Ahmed", "Olga",
                                            "Pierre", "Kofi", "Sara", "Hakan")
            for last in ("Yılmaz", "Smith", "García", "Wang", "Hassan", "Ivanova", "Dubois",
                         "Mensah", "Cohen", "Fidan")]
TAGS = ("economy", "health", "migration", "security", "climate", "elections", "energy",
        "education", "diplomacy", "crime")
STATUSES = ("unverified", "in-review", "supported", "partly-supported", "misleading", "false",
            "unverifiable")


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return (" ".join(words) + f" {rng.randint(1, 999)}.").capitalize()


def write_csv(path: Path, n: int, rng: random.Random) -> None:
    today = date.today()
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["text", "speaker", "status", "rationale", "date", "tags", "review_by"])
        for _ in range(n):
            status = rng.choice(STATUSES)
            why = sentence(rng, 8) if status not in ("unverified", "in-review") else ""
            review = today + timedelta(days=rng.randint(-200, 200)) if rng.random() < 0.5 else ""
            w.writerow([sentence(rng, rng.randint(8, 22)), rng.choice(SPEAKERS), status, why,
                        (today - timedelta(days=rng.randint(0, 900))).isoformat(),
                        ", ".join(rng.sample(TAGS, rng.randint(0, 3))),
                        review.isoformat() if review else ""])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", type=Path)
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--evidence", type=int, default=300_000)
    ap.add_argument("--documents", type=int, default=1_000)
    ap.add_argument("--passages", type=int, default=100, help="per document")
    ap.add_argument("--unmatched", action="store_true",
                    help="leave the sources unmatched (the app matches them at start-up)")
    args = ap.parse_args()
    rng = random.Random(20251017)
    if args.db.exists():
        sys.exit(f"{args.db} exists; remove it first")
    url = f"sqlite:///{args.db.resolve()}"
    csv_path = args.db.with_suffix(".csv")
    t = time.perf_counter()
    write_csv(csv_path, args.claims, rng)
    print(f"wrote {csv_path} in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    factdesk = Path(sys.executable).with_name("factdesk")
    subprocess.run([str(factdesk), "--db", url, "init"], check=True)  # only init creates one
    subprocess.run([str(factdesk), "--db", url, "claims", "import", str(csv_path)], check=True)
    print(f"factdesk claims import: {time.perf_counter() - t:.1f} s")

    from sqlalchemy import func, insert, select, update

    from db.migrate import open_workspace
    from db.models import Claim, Document, Evidence, Passage, utcnow
    from db.queries.documents import store_document

    ws = open_workspace(url)
    t = time.perf_counter()
    with ws.session() as s:
        for d in range(args.documents):
            parts, spans, pos = [], [], 0
            for _ in range(args.passages):
                text = sentence(rng, rng.randint(10, 30))
                spans.append((pos, pos + len(text)))
                parts.append(text)
                pos += len(text) + 1
            store_document(s, text=" ".join(parts), kind="source", actor="bench", spans=spans,
                           title=f"Report {d + 1}: {sentence(rng, 4)[:-1]}",
                           outlet=rng.choice(("Statistics Office", "Ministry", "UN agency",
                                              "Court records", "Wire service")),
                           published=date.today() - timedelta(days=rng.randint(0, 700)))
    print(f"stored {args.documents} documents in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    with ws.engine.begin() as conn:
        claim_ids = [r[0] for r in conn.execute(select(Claim.id))]
        passage_ids = [r[0] for r in conn.execute(select(Passage.id))]
        now = utcnow()
        # One link per claim and passage (the schema allows no second): repeats are drawn again.
        pairs: set[tuple[int, int]] = set()
        while len(pairs) < args.evidence:
            pairs.add((rng.choice(claim_ids), rng.choice(passage_ids)))
        rows = [{"claim_id": c, "passage_id": p,
                 "stance": rng.choice(("supports", "contradicts", "context")),
                 "origin": "matched", "score": round(rng.random(), 3), "excerpt_start": None,
                 "excerpt_end": None, "note": "", "created_by": "bench", "created_at": now,
                 "version": 1} for c, p in sorted(pairs)]
        for i in range(0, len(rows), 10_000):
            conn.execute(insert(Evidence), rows[i:i + 10_000])
        n = conn.execute(select(func.count()).select_from(Evidence)).scalar_one()
        if not args.unmatched:
            conn.execute(update(Document).values(matched_at=now))
    print(f"inserted {n} evidence links in {time.perf_counter() - t:.1f} s")
    ws.dispose()
    csv_path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
