"""`factdesk rank`: rank a collection of texts for each query, as a TREC run (no database)."""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from desktop.errors import UserError

MAX_PER_QUERY = 1000
TASKS = ("checked-before", "evidence")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "rank",
        help="rank collection texts for each query (TREC run output, no database)",
        description="Rank the texts of a collection for each query with the claim-matching "
                    "engine. Inputs are tab-separated with a header row: first column the id, "
                    "the other columns joined as the text. Output lines: "
                    "'qid Q0 docid rank score tag'.")
    parser.add_argument("--queries", required=True, type=Path, metavar="Q.tsv",
                        help="queries (e.g. claims or posts)")
    parser.add_argument("--collection", required=True, type=Path, metavar="C.tsv",
                        help="texts to rank (e.g. passages or verified claims)")
    parser.add_argument("--task", choices=TASKS, default="checked-before",
                        help="checked-before: texts against previously verified claims (the "
                             "default); evidence: claims against passages that bear on them, "
                             "scored as the app scores suggested evidence")
    parser.add_argument("--top", type=int, default=MAX_PER_QUERY, metavar="K",
                        help=f"rows per query, at most {MAX_PER_QUERY} (default: {MAX_PER_QUERY})")
    parser.add_argument("--depth", type=int, default=100, metavar="N",
                        help="lexical candidates reranked per query (default: 100)")
    parser.add_argument("--out", type=Path, metavar="RUN",
                        help="write the run here (default: stdout)")
    ranker = parser.add_mutually_exclusive_group()
    ranker.add_argument("--semantic", action="store_true",
                        help="rerank with the sentence model, or fail if the factdesk[semantic] "
                             "extra is missing (default: the sentence model when installed, "
                             "else the lexical engine; embeddings are cached in the user data "
                             "folder)")
    ranker.add_argument("--lexical", action="store_true",
                        help="the lexical engine alone, even when the sentence model is "
                             "installed")
    parser.add_argument("--neighbours", type=int, metavar="N",
                        help="semantic ranking: also rerank the N texts nearest by the "
                             "sentence model, which embeds the whole collection once (default: "
                             "as the shipped weights were trained; 0: BM25 candidates only)")
    parser.add_argument("--tag", default="factdesk",
                        help="run tag, last column (default: factdesk)")
    parser.set_defaults(func=run)


def read_tsv(path: Path, what: str) -> list[tuple[str, str]]:
    """``(id, text)`` rows of a headed TSV whose fields may be quoted and span lines."""
    if not path.is_file():
        raise UserError(f"{what} file not found: {path}")
    csv.field_size_limit(1 << 24)
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh, delimiter="\t")
            header = next(reader, None)
            if header is None:
                raise UserError(f"{what} file is empty: {path}")
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) < 2:
                    raise UserError(f"{path}: line {reader.line_num}: expected an id, a tab "
                                    "and text")
                doc_id = row[0].strip()
                if not doc_id:
                    raise UserError(f"{path}: line {reader.line_num}: empty id")
                if doc_id in seen:
                    raise UserError(f"{path}: line {reader.line_num}: duplicate id {doc_id!r}")
                seen.add(doc_id)
                rows.append((doc_id, " ".join(cell.strip() for cell in row[1:])))
    except UnicodeDecodeError as exc:
        raise UserError(f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except csv.Error as exc:
        raise UserError(f"{path}: not a valid TSV file: {exc}") from exc
    if not rows:
        raise UserError(f"{what} file has a header but no rows: {path}")
    return rows


def write_run(out: TextIO, matches: Sequence[Any], tag: str,
              queries: Sequence[tuple[str, str]] = (),
              collection: Sequence[tuple[str, str]] = ()) -> int:
    """TREC lines for matches grouped by query in rank order; returns the line count. Every
    scorer accepts the run: scores strictly decrease within a query (a tie is written a hair
    lower, keeping the order), and a query of ``queries`` with no match gets one line, the
    first collection text at score 0."""
    by_query: dict[Any, list[Any]] = {}
    for m in matches:
        by_query.setdefault(m.claim_id, []).append(m)
    order = [qid for qid, _ in queries] + [q for q in by_query if q not in dict(queries)]
    filler = collection[0][0] if collection else None
    lines = 0
    for qid in order:
        rows = [(m.passage_id, m.score) for m in by_query.get(qid, [])]
        if not rows and filler is not None:
            rows = [(filler, 0.0)]
        prev = None
        for rank, (doc, score) in enumerate(rows, 1):
            value = round(float(score), 9)
            if prev is not None and value >= prev:
                value = round(prev - 1e-9, 9)
            prev = value
            out.write(f"{qid} Q0 {doc} {rank} {value:.9f} {tag}\n")
            lines += 1
    return lines


def rank(queries: Sequence[tuple[str, str]], collection: Sequence[tuple[str, str]],
         top: int = MAX_PER_QUERY, depth: int = 100, semantic: bool = False,
         neighbours: int | None = None, task: str = "checked-before") -> list[Any]:
    """Engine matches for a run: the scored candidates (no threshold), best first; at most
    ``min(top, depth)`` per query for checked-before, since only reranked candidates have
    comparable scores. ``semantic`` fuses in the sentence model. ``task`` "evidence" runs the
    scorer of the app's suggested evidence (desktop.matching.evidence)."""
    if task == "evidence":
        from desktop.matching import MatchEngine
        from desktop.matching.evidence import EvidenceScorer

        vectors = claim_vectors = None
        if semantic:
            from desktop.matching.semantic import default_cache_dir, load_encoder
            from desktop.matching.semantic_rerank import embed_text

            def embedder(claims: bool) -> Any:
                encoder = load_encoder(default_cache_dir(), claims=claims,
                                       notify=_embedding_notice)
                return lambda texts: encoder.encode([embed_text(t) for t in texts])

            vectors, claim_vectors = embedder(False), embedder(True)
        scorer = EvidenceScorer(MatchEngine(weak=0.0, strong=1.0, depth=depth), vectors,
                                neighbours=30 if neighbours is None else neighbours,
                                claim_vectors=claim_vectors)
        return scorer.match(queries, collection, top, spans=False, weak=0.0)
    if semantic:
        from desktop.matching.semantic import default_cache_dir
        from desktop.matching.semantic_rerank import SemanticRanker

        ranker = SemanticRanker(depth=depth, cache_dir=default_cache_dir(), neighbours=neighbours,
                                notify=_embedding_notice)
        return ranker.rank(queries, collection, top_k=min(top, depth))
    from desktop.matching import MatchEngine

    engine = MatchEngine(weak=0.0, strong=1.0, depth=depth)
    return engine.match(queries, collection, top_k=min(top, depth), spans=False)


def _embedding_notice(count: int) -> None:
    print(f"embedding {count:,} texts with the sentence model (once: they are cached in the "
          "user data folder)...", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.top <= MAX_PER_QUERY:
        raise UserError(f"--top must be between 1 and {MAX_PER_QUERY}")
    if args.depth < 1:
        raise UserError("--depth must be at least 1")
    if args.neighbours is not None and args.lexical:
        raise UserError("--neighbours needs the semantic ranking, not --lexical")
    if args.neighbours is not None and args.neighbours < 0:
        raise UserError("--neighbours must be 0 or more")
    if any(c.isspace() for c in args.tag) or not args.tag:
        raise UserError("--tag must be one word")
    semantic = False
    if not args.lexical:
        from desktop.matching.semantic import available, require

        if args.semantic or args.neighbours is not None:
            require()  # fail before reading large inputs
            semantic = True
        else:
            semantic = available()
            if not semantic:
                print("factdesk: note: the sentence model is not installed; ranking by words "
                      "only", file=sys.stderr)
    queries = read_tsv(args.queries, "queries")
    collection = read_tsv(args.collection, "collection")
    for doc_id, _ in (*queries, *collection):
        if any(c.isspace() for c in doc_id):
            raise UserError(f"id {doc_id!r} contains spaces; TREC runs need one-word ids")
    matches = rank(queries, collection, args.top, args.depth, semantic, args.neighbours,
                   args.task)
    from desktop.core.outfile import open_output

    with open_output(args.out or "-", newline=None) as fh:
        write_run(fh, matches, args.tag, queries, collection)
    return 0

