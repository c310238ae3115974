"""Speed of suggested evidence with the sentence model, through `desktop.core.suggest`.

Two measurements, each in a fresh SQLite workspace of real texts (CLEF-2021 verified claims as
open claims, CLIMATE-FEVER sentences as the new source's passages):

* ``source``: a new 300-passage source against 10,000 open claims whose vectors are stored
  (copied from the benchmark cache); the source's passages are new, so they are embedded in the
  run, as in the app. Prints the time to suggestions stored and the peak memory; then the same
  for a second new source (other passages) in the same process, as the window's next import.
  ``--prepared``: first what the window does once the workspace is open
  (``desktop.core.suggest.prepare``: claims indexed, their vectors read, the model loaded;
  timed on its own), so the first source is the one a person imports after start.
* ``first``: the first embedding of 10,000 claims (nothing stored), as the app's first match
  of a large workspace does it.

    .venv/bin/python benchmarks/evidence_speed.py [--claims 10000] [--passages 300] [source|first]
"""

from __future__ import annotations

import argparse
import csv
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_data import OUT, clef2021, climate_fever


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def build(folder: Path, n_claims: int) -> tuple[object, list[str]]:
    from db.migrate import open_workspace

    texts = [t for _, t in clef2021()[1][:n_claims]]
    csv_path = folder / "claims.csv"
    with csv_path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["text"])
        w.writerows([t[:2000]] for t in texts)
    url = f"sqlite:///{folder / 'ws.sqlite'}"
    factdesk = Path(sys.executable).with_name("factdesk")
    subprocess.run([str(factdesk), "--db", url, "init"], check=True, capture_output=True)
    subprocess.run([str(factdesk), "--db", url, "claims", "import", str(csv_path)], check=True,
                   capture_output=True)
    return open_workspace(url), texts


def store_cached_vectors(ws, texts: list[str]) -> None:
    """Store the claims' vectors from the benchmark cache, as an earlier match would have."""
    from db.queries.claims import ClaimFilter, claim_ids, get_claim
    from db.queries.embeddings import put_vectors
    from desktop.core.suggest import claim_encoder
    from desktop.core.workspace_vectors import text_key
    from desktop.matching.semantic import CachedEncoder
    from desktop.matching.semantic_rerank import embed_text

    with ws.session() as s:
        stored = [get_claim(s, i).text for i in claim_ids(s, ClaimFilter())]
    prepared = [embed_text(t) for t in stored]
    # cache hits after the first run, except edited texts: the model is then never loaded,
    # as in the window, whose claims' vectors are stored
    encoder = claim_encoder()
    vecs = CachedEncoder(encoder, OUT / "embeddings").encode(prepared)
    with ws.session() as s:
        put_vectors(s, encoder.name,
                    {text_key(t): v for t, v in zip(prepared, vecs, strict=True)})


def new_source(ws, n_passages: int, skip: int = 0) -> int:
    from db.queries.documents import store_document

    sentences = [t.split(": ", 1)[1]
                 for _, t in climate_fever("dev")[1][skip:skip + n_passages]]
    spans, pos = [], 0
    for t in sentences:
        spans.append((pos, pos + len(t)))
        pos += len(t) + 1
    with ws.session() as s:
        return store_document(s, text=" ".join(sentences), kind="source", actor="bench",
                              spans=spans, title="Benchmark source").document.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("source", "first"))
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--passages", type=int, default=300)
    parser.add_argument("--prepared", action="store_true",
                        help="source: prepare the matcher first, as the window does on open")
    args = parser.parse_args()
    from desktop.core.suggest import claim_encoder, sentence_encoder, suggest

    with tempfile.TemporaryDirectory() as tmp:
        ws, texts = build(Path(tmp), args.claims)
        # the model loaded before the clock starts: the window has it from its first match
        # (or from preparing, timed below with --prepared)
        encoder = sentence_encoder() if args.what == "source" else claim_encoder()
        if not args.prepared:
            encoder.encode(["warm up"])
        if args.what == "source":
            store_cached_vectors(ws, texts)
            if args.prepared:
                from desktop.core.suggest import prepare

                start = time.perf_counter()
                done = prepare(ws)
                print(f"prepared {done.claims} claims ({done.vectors} vectors read, model "
                      f"loaded {done.model}): {time.perf_counter() - start:.2f} s, "
                      f"peak {_peak_mb():.0f} MB")
            # the first source after start, then the next one (other sentences) in the process
            for n, label in enumerate((f"new {args.passages}-passage source vs {{claims}} claims",
                                       f"next {args.passages}-passage source, same process")):
                doc = new_source(ws, args.passages, skip=n * args.passages)
                start = time.perf_counter()
                run = suggest(ws, document_ids=[doc])
                took = time.perf_counter() - start
                print(f"{label.format(claims=run.claims)}: {took:.2f} s, {run.embedded} texts "
                      f"embedded, {run.new} suggestions stored, peak {_peak_mb():.0f} MB")
        else:
            from db.queries.claims import ClaimFilter, claim_ids, get_claim
            from desktop.core.workspace_vectors import WorkspaceVectors

            with ws.session() as s:
                stored = [get_claim(s, i).text for i in claim_ids(s, ClaimFilter())]
            vectors = WorkspaceVectors(ws, encoder)
            start = time.perf_counter()
            vectors.fill(stored)
            took = time.perf_counter() - start
            print(f"first embedding of {len(stored)} claims: {took:.1f} s "
                  f"({len(stored) / took:.0f} texts/s), peak {_peak_mb():.0f} MB")
        ws.dispose()


if __name__ == "__main__":
    main()
