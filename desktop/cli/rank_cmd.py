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


def write_run(out: TextIO, matches: Sequence[Any], tag: str) -> int:
    """TREC lines for matches grouped by query in rank order; returns the line count."""
    rank, last, lines = 0, None, 0
    for m in matches:
        rank = rank + 1 if m.claim_id == last else 1
        last = m.claim_id
        out.write(f"{m.claim_id} Q0 {m.passage_id} {rank} {m.score:.6f} {tag}\n")
        lines += 1
    return lines


def rank(queries: Sequence[tuple[str, str]], collection: Sequence[tuple[str, str]],
         top: int = MAX_PER_QUERY, depth: int = 100, semantic: bool = False,
         neighbours: int | None = None) -> list[Any]:
    """Engine matches for a run: the reranked candidates (no threshold), best first; at most
    ``min(top, depth)`` per query, since only reranked candidates have comparable scores.
    ``semantic`` fuses in the sentence-model reranker (desktop.matching.semantic_rerank)."""
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
    queries = read_tsv(args.queries, "queries")
    collection = read_tsv(args.collection, "collection")
    for doc_id, _ in (*queries, *collection):
        if any(c.isspace() for c in doc_id):
            raise UserError(f"id {doc_id!r} contains spaces; TREC runs need one-word ids")
    matches = rank(queries, collection, args.top, args.depth, semantic, args.neighbours)
    from desktop.core.outfile import open_output

    with open_output(args.out or "-", newline=None) as fh:
        write_run(fh, matches, args.tag)
    return 0


if __name__ == "__main__":
    _parser = argparse.ArgumentParser(prog="factdesk")
    register(_parser.add_subparsers(dest="command", required=True))
    _args = _parser.parse_args()
    try:
        sys.exit(_args.func(_args))
    except UserError as _exc:
        print(f"factdesk: error: {_exc}", file=sys.stderr)
        sys.exit(1)
