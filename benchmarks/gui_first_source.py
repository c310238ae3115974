"""The first source imported after the window opens, matched in the window: time and memory.

Opens the workspace in the real window (offscreen), waits for the list, then — after the
window has prepared the matcher (``--prepare pause``, the app's way: once input pauses), or
without it (``never``) — stores a source of CLIMATE-FEVER sentences as an import would and
asks the window's matching job for it, as the import does. Prints the time from the request
to the suggestions stored and the process's peak memory.

    .venv/bin/python benchmarks/gui_build_workspace.py /tmp/fd35k.sqlite --claims 35000 \\
        --evidence 70000 --documents 100     # 9,922 open claims
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/gui_first_source.py \\
        /tmp/fd35k.sqlite [--prepare pause|never] [--passages 300]

The claims' vectors should be stored beforehand (a first match, or ``--store-vectors``), as
in a workspace in daily use; every run uses new passages (``--skip``), so they are embedded.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from bench_data import climate_fever  # noqa: E402
from gui_bench import open_window  # noqa: E402
from gui_bench import pump_until as _pump  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db")
    ap.add_argument("--prepare", choices=("pause", "never"), default="pause")
    ap.add_argument("--passages", type=int, default=300)
    ap.add_argument("--skip", type=int, default=0, help="first sentence of the source")
    ap.add_argument("--store-vectors", action="store_true",
                    help="first embed and store the open claims' vectors (as a first match)")
    args = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    db = args.db if "://" in args.db else f"sqlite:///{Path(args.db).resolve()}"

    from PySide6.QtWidgets import QApplication

    import desktop.ui.matching_job as matching_job
    from db.migrate import open_workspace
    from db.queries.documents import store_document

    if args.store_vectors:
        from db.queries.suggestions import open_claim_texts
        from desktop.core.suggest import claim_encoder
        from desktop.core.workspace_vectors import WorkspaceVectors

        ws = open_workspace(db)
        with ws.session() as s:
            texts = [t for _, t in open_claim_texts(s)]
        WorkspaceVectors(ws, claim_encoder()).fill(texts)
        ws.dispose()
        print(f"stored the vectors of {len(texts):,} open claims; run again to measure")
        return 0

    if args.prepare == "never":
        matching_job.PREPARE_AFTER_MS = 24 * 3600 * 1000
    prepared: list[object] = []
    import desktop.ops.matching as ops

    real = ops.prepare_matching

    def recorded(*a, **k):
        out = real(*a, **k)
        prepared.append(out[0])
        return out

    ops.prepare_matching = recorded
    app = QApplication.instance() or QApplication([])
    win, ws = open_window(db)
    model, job = win.claims.model, win.matching.job
    _pump(app, lambda: model.complete and win.list_shown() and win.ctx.tasks.pending == 0)
    if args.prepare == "pause":
        _pump(app, lambda: bool(prepared) and job.running is None)
        print(f"prepared: {prepared[0]}")
    else:
        _pump(app, lambda: job.running is None)
    sentences = [t.split(": ", 1)[1]
                 for _, t in climate_fever("dev")[1][args.skip:args.skip + args.passages]]
    spans, pos = [], 0
    for text in sentences:
        spans.append((pos, pos + len(text)))
        pos += len(text) + 1
    with ws.session() as s:
        doc = store_document(s, text=" ".join(sentences), kind="source", actor="bench",
                             spans=spans, title="Benchmark source").document.id
    runs: list[object] = []
    job.finished.connect(runs.append)
    job.request(document_ids=[doc], label="Matching the benchmark source")
    took = _pump(app, lambda: bool(runs))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    run = runs[0]
    print(f"first source after start ({args.prepare}): {len(sentences)} passages vs "
          f"{run.claims:,} open claims, {took:.2f} s to suggestions stored ({run.embedded} "
          f"texts embedded, {run.new} stored); peak {peak:.0f} MB")
    win.close()
    ws.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
