"""Speed and memory of the PDF report (publication or audit layout) and of the HTML export: N claims
with K evidence links each (1,000 × 5 by default).

Builds a throwaway SQLite workspace in a temp folder through the normal db.queries writers
(not timed), then runs the report in a fresh child process — gather the records from the
database, build the PDF — and prints wall time, peak RSS of that process, pages and file size.
The issue's budget is 15 s and 500 MB for 1,000 claims × 5 evidence links.

    .venv/bin/python benchmarks/report_speed.py [--claims 1000] [--evidence 5] [--keep DIR]
        [--layout publication|audit|html]

Every claim is reported, whatever its status (the publication layout's verdicts-only default
would report 5 of 7 of them), so N claims are laid out in every layout. `html` times
`factdesk export html`'s writer: one page per claim plus the index.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

WORDS = ("ceasefire", "troops", "Gaza", "stabilisation", "force", "commission", "Türkiye",
         "Egypt", "Qatar", "envoy", "aid", "corridor", "declaration", "guarantor", "observers",
         "monitoring", "minister", "said", "reported", "talks", "agreement", "border",
         "crossing", "humanitarian", "Ankara", "Cairo", "Doha", "Washington", "plan", "phase")
STATUSES = ("unverified", "in-review", "supported", "partly-supported", "misleading", "false",
            "unverifiable")


def sentence(seed: int, n: int) -> str:
    return " ".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(n)).capitalize() + "."


def build_workspace(path: Path, claims: int, evidence: int) -> None:
    from db.migrate import open_workspace
    from db.queries.claim_edits import add_claim, set_status
    from db.queries.documents import passages_for, store_document
    from db.queries.evidence import add_evidence
    from db.queries.settings import set_setting
    from desktop.ingest.sentences import sentence_spans

    ws = open_workspace(f"sqlite:///{path}")
    with ws.session() as s:
        article_text = "\n".join(sentence(i, 30) for i in range(claims))
        article = store_document(s, text=article_text, kind="article", actor="bench",
                                 spans=sentence_spans(article_text), title="Benchmark article",
                                 outlet="Bench Times", published=date(2025, 10, 1)).document
        passages = []
        for d in range(max(claims * evidence // 25, 1)):  # 25 passages per source document
            text = "\n".join(sentence(d * 31 + k, 40) for k in range(25))
            doc = store_document(s, text=text, kind="source", actor="bench",
                                 spans=sentence_spans(text), title=f"Source {d} on Gaza talks",
                                 outlet=f"Outlet {d % 17}", url=f"https://news.example/{d}",
                                 published=date(2025, 10, 2) + timedelta(days=d % 30)).document
            passages += [p.id for p in passages_for(s, doc.id)]
        for i in range(claims):
            quote = sentence(i, 30)[:-1]
            claim = add_claim(s, text=f"Claim {i}: " + sentence(i + 5, 18), actor="bench",
                              quote=quote, article_id=article.id, speaker=f"Speaker {i % 40}",
                              tags="bench")
            for k in range(evidence):
                add_evidence(s, claim_id=claim.id, passage_id=passages[(i * evidence + k)
                                                                       % len(passages)],
                             stance=("supports", "contradicts", "context")[k % 3], actor="bench")
            status = STATUSES[i % len(STATUSES)]
            if status != "unverified":
                set_status(s, claim.id, status, actor="bench",
                           rationale="Checked against the linked sources. " * 3,
                           without_evidence=not evidence)
        set_setting(s, "organisation", "Bench Desk")
        set_setting(s, "organisation_url", "https://bench.example")
        set_setting(s, "review_url_template", "https://bench.example/checks/claim-{id}.html")
    ws.dispose()


def child(db: Path, out: Path, layout: str) -> None:
    """Runs in a fresh process so its peak RSS is the report's alone."""
    from db.migrate import open_workspace
    from desktop.reports.data import gather_report_data
    from desktop.reports.pdf import build_pdf

    t0, c0 = time.perf_counter(), time.process_time()
    ws = open_workspace(f"sqlite:///{db}")
    with ws.session() as s:
        # As `factdesk report` reads: the publication layout needs no history.
        data = gather_report_data(s, with_history=layout != "publication")
    t1 = time.perf_counter()
    if layout == "html":
        from desktop.reports.html_page import write_site

        site = write_site(data, out)
        pages, claims = site.pages + 1, site.pages
        size = sum(f.stat().st_size for f in out.iterdir())
    else:
        result = build_pdf(data, out, author="Bench", layout=layout)
        pages, claims, size = result.pages, result.claims, out.stat().st_size
    t2 = time.perf_counter()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"gather_s": t1 - t0, "build_s": t2 - t1, "total_s": t2 - t0,
                      "cpu_s": time.process_time() - c0,
                      "peak_rss_mb": peak_kb / 1024, "pages": pages,
                      "claims": claims, "bytes": size}))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=1000)
    ap.add_argument("--evidence", type=int, default=5)
    ap.add_argument("--keep", type=Path, help="build in this folder and keep the files")
    ap.add_argument("--layout", choices=("publication", "audit", "html"), default="publication")
    ap.add_argument("--budget", type=float, nargs=2, metavar=("SECONDS", "MB"),
                    help="budget to check against (default: 15 s, 500 MB; html 10 s, 500 MB)")
    ap.add_argument("--child", nargs=3, metavar=("DB", "OUT", "LAYOUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]), args.child[2])
        return 0
    folder = args.keep or Path(tempfile.mkdtemp(prefix="factdesk-report-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / f"bench-{args.claims}x{args.evidence}.sqlite"
    out = folder / ("site" if args.layout == "html" else f"report-{args.layout}.pdf")
    if args.layout == "html":
        shutil.rmtree(out, ignore_errors=True)
    if not db.exists():  # --keep reuses a workspace built earlier with the same size
        t = time.perf_counter()
        build_workspace(db, args.claims, args.evidence)
        print(f"workspace: {args.claims} claims × {args.evidence} evidence in "
              f"{time.perf_counter() - t:.1f} s ({db})")
    wall = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, "--child", str(db), str(out), args.layout],
                          capture_output=True, text=True, env=os.environ.copy(), check=False)
    wall = time.perf_counter() - wall
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    if proc.returncode:
        print(proc.stderr, file=sys.stderr)
        return proc.returncode
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"{args.layout}: gather {r['gather_s']:.2f} s + build {r['build_s']:.2f} s = "
          f"{r['total_s']:.2f} s (CPU {r['cpu_s']:.2f} s; process wall incl. start-up "
          f"{wall:.2f} s); peak RSS "
          f"{r['peak_rss_mb']:.0f} MB; {r['pages']} pages, {r['bytes'] / 1e6:.1f} MB written")
    secs, mb = args.budget or ((10, 500) if args.layout == "html" else (15, 500))
    ok = r["total_s"] <= secs and r["peak_rss_mb"] <= mb
    print(f"{'within budget' if ok else 'OVER BUDGET'} (≤ {secs:g} s, ≤ {mb:g} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
