"""Tune the query side of the sentence model on the CLEF-2020 Task 2 TRAIN split (LoRA).

`factdesk rank --semantic` embeds the collection with the bundled all-MiniLM-L6-v2 as it is and
the queries with the same model plus a small low-rank update (LoRA) of its linear layers,
learned here: for each train tweet, softmax over its gold claim, its BM25 candidates and other
tweets' gold claims, the collection's vectors held fixed. Only the update is stored
(``desktop/matching/query_lora.npz``, float16, rank ``--rank``); the product merges it into the
weights and runs the numpy encoder, so torch is needed here only:

    .venv/bin/pip install torch==2.13.0        # training only, never imported by Factdesk
    .venv/bin/python training/query_update.py --folds 5   # out-of-fold cosines on train
    .venv/bin/python training/query_update.py --write     # train on all of train, store

``--folds`` writes each train tweet's query vector under a model that did not see that
tweet (``benchmarks/out/query_lora_oof.npz``), so that the fusion
(benchmarks/semantic_train.py) learns how far to trust the tuned cosine on unseen queries. The
dev split is never read here.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1]),
                str(Path(__file__).resolve().parents[1] / "benchmarks")]

from bench_data import OUT as BENCH_OUT  # noqa: E402
from clef_common import DATA, ROOT, evaluate, load, tweet_text, tweets  # noqa: E402
from fit import write_manifest  # noqa: E402

from desktop.matching import MatchEngine  # noqa: E402
from desktop.matching.index import analyse  # noqa: E402
from desktop.matching.semantic import MAX_TOKENS, load_encoder, model_dir  # noqa: E402
from desktop.matching.semantic_rerank import embed_text  # noqa: E402

OUT = ROOT / "desktop" / "matching" / "query_lora.npz"
OOF = BENCH_OUT / "query_lora_oof.npz"
# Linear layers that get an update, by their numpy encoder names (see semantic.LORA_TARGETS).
TARGETS = ("qkv", "attn_out", "ffn_in", "ffn_out")


class LoraLinear(nn.Module):
    """y = x W^T + b + (alpha / r) x A^T B^T, with W and b frozen."""

    def __init__(self, weight: torch.Tensor, bias: torch.Tensor, rank: int, alpha: float):
        super().__init__()
        self.weight, self.bias = nn.Parameter(weight, False), nn.Parameter(bias, False)
        self.a = nn.Parameter(torch.randn(rank, weight.shape[1]) / weight.shape[1] ** 0.5)
        self.b = nn.Parameter(torch.zeros(weight.shape[0], rank))
        self.scale = alpha / rank

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x @ self.weight.T + self.bias + (x @ self.a.T @ self.b.T) * self.scale


class QueryEncoder(nn.Module):
    """The same BERT forward pass as desktop.matching.semantic.Encoder, in torch, with LoRA."""

    def __init__(self, rank: int, alpha: float) -> None:
        super().__init__()
        from safetensors.torch import load_file

        w = load_file(str(model_dir() / "model.safetensors"))
        self.words = w["embeddings.word_embeddings.weight"]
        self.positions = w["embeddings.position_embeddings.weight"]
        self.token_type = w["embeddings.token_type_embeddings.weight"][0]
        self.ln = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = nn.ModuleList()
        for i in range(6):
            p = f"encoder.layer.{i}."
            qkv_w, qkv_b = (torch.cat([w[p + f"attention.self.{n}.{kind}"]
                                       for n in ("query", "key", "value")])
                            for kind in ("weight", "bias"))
            layer = nn.ModuleDict({
                "qkv": LoraLinear(qkv_w, qkv_b, rank, alpha),
                "attn_out": LoraLinear(w[p + "attention.output.dense.weight"],
                                       w[p + "attention.output.dense.bias"], rank, alpha),
                "ffn_in": LoraLinear(w[p + "intermediate.dense.weight"],
                                     w[p + "intermediate.dense.bias"], rank, alpha),
                "ffn_out": LoraLinear(w[p + "output.dense.weight"], w[p + "output.dense.bias"],
                                      rank, alpha),
            })
            layer.ln1 = (w[p + "attention.output.LayerNorm.weight"],
                         w[p + "attention.output.LayerNorm.bias"])
            layer.ln2 = (w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
            self.layers.append(layer)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        n, width = ids.shape
        ln = nn.functional.layer_norm
        x = self.words[ids] + self.positions[:width] + self.token_type
        x = ln(x, (384,), *self.ln, eps=1e-12)
        bias = ((1.0 - mask) * -1e9)[:, None, None, :]
        for layer in self.layers:
            qkv = layer["qkv"](x).reshape(n, width, 3, 12, 32).permute(2, 0, 3, 1, 4)
            att = torch.softmax(qkv[0] @ qkv[1].transpose(-1, -2) / 32 ** 0.5 + bias, -1)
            ctx = (att @ qkv[2]).transpose(1, 2).reshape(n, width, 384)
            x = ln(layer["attn_out"](ctx) + x, (384,), *layer.ln1, eps=1e-12)
            h = nn.functional.gelu(layer["ffn_in"](x))
            x = ln(layer["ffn_out"](h) + x, (384,), *layer.ln2, eps=1e-12)
        pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdim=True).clamp(min=1.0)
        return nn.functional.normalize(pooled, dim=-1)

    def delta(self) -> dict[str, np.ndarray]:
        """The learned update, as the numpy encoder reads it: per layer and target, A and B."""
        out = {}
        for i, layer in enumerate(self.layers):
            for name in TARGETS:
                mod = layer[name]
                out[f"{i}.{name}.a"] = mod.a.detach().numpy()
                out[f"{i}.{name}.b"] = (mod.b.detach() * mod.scale).numpy()
        return out


def tokenise(texts: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(MAX_TOKENS)
    ids = [e.ids for e in tok.encode_batch(texts)]
    width = max(len(i) for i in ids)
    out, mask = torch.zeros(len(ids), width, dtype=torch.long), torch.zeros(len(ids), width)
    for j, row in enumerate(ids):
        out[j, :len(row)] = torch.tensor(row)
        mask[j, :len(row)] = 1.0
    return out, mask


def prepare(depth: int):
    """Train tweets (ids, texts), gold rows, BM25 candidate rows, collection ids and vectors."""
    queries, collection, gold = load("train")
    engine = MatchEngine(weak=0.0, strong=1.0, depth=depth)
    index = engine.index(collection)
    cands = [[r for r, _ in index.candidates(q.terms, depth)]
             for q in analyse(engine.analyzer, queries)]
    ids = [d for d, _ in collection]
    row_of = {d: i for i, d in enumerate(ids)}
    encoder = load_encoder(BENCH_OUT / "embeddings")
    colvec = torch.from_numpy(encoder.encode([embed_text(t) for _, t in collection]))
    # the engine reads each tweet's lexical_text (load), the sentence model its tweet_text
    pasted = dict(tweets("train"))
    items = [(qid, embed_text(tweet_text(pasted[qid])), [row_of[g] for g in sorted(gold[qid])], c)
             for (qid, _), c in zip(queries, cands, strict=True) if qid in gold]
    # the collection texts nearest to each tweet under the plain model: hard negatives of the
    # kind the neighbours step adds to the candidates
    plain = torch.from_numpy(encoder.encode([text for _, text, _, _ in items]))
    near = torch.topk(plain @ colvec.T, 50).indices.tolist()
    dense = {qid: rows for (qid, *_), rows in zip(items, near, strict=True)}
    return items, gold, ids, colvec, dense


FIRST = torch.zeros(1, dtype=torch.long)  # the gold claim is put first in every softmax


def lora_arguments(parser: argparse.ArgumentParser, *, epochs: int) -> None:
    """The update's settings, the same for both trainers (this one and evidence_update.py)."""
    parser.add_argument("--rank", type=int, default=8)
    parser.add_argument("--alpha", type=float, default=16.0)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--weight-decay", type=float, default=0.01)
    parser.add_argument("--epochs", type=int, default=epochs)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--scale", type=float, default=20.0, help="softmax scale of cosines")
    parser.add_argument("--folds", type=int, default=0, help="cross-validate on train")


def save_update(model: QueryEncoder, path: Path, rank: int) -> None:
    """Store the learned update as the product reads it (float16)."""
    np.savez_compressed(path, rank=np.array(rank),
                        **{k: v.astype(np.float16) for k, v in model.delta().items()})


def fit(items, args, seed: int, batch_loss) -> QueryEncoder:
    """A LoRA trained on ``items`` (id, text, gold rows, candidate rows) for ``args.epochs``
    (AdamW, warm-up then linear decay); ``batch_loss(q, batch)`` is the summed loss of a batch
    given its texts' vectors ``q``."""
    torch.manual_seed(seed)
    model = QueryEncoder(args.rank, args.alpha)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=args.weight_decay)
    rng = np.random.default_rng(seed)
    steps = args.epochs * ((len(items) + args.batch - 1) // args.batch)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / 10)
                                              * max(0.0, 1 - s / steps))
    model.train()
    for _ in range(args.epochs):
        order = rng.permutation(len(items))
        for start in range(0, len(order), args.batch):
            batch = [items[i] for i in order[start:start + args.batch]]
            loss = batch_loss(model(*tokenise([text for _, text, _, _ in batch])), batch)
            opt.zero_grad()
            (loss / len(batch)).backward()
            opt.step()
            sched.step()
    model.eval()
    return model


def train(items, colvec, args, seed: int = 0, dense=None) -> QueryEncoder:
    def batch_loss(q: torch.Tensor, batch) -> torch.Tensor:
        loss = torch.zeros(())
        golds = [g[0] for _, _, g, _ in batch]
        for j, (qid, _, gold_rows, cand) in enumerate(batch):
            extra = (dense or {}).get(qid, [])[:args.dense_negatives]
            neg = list(dict.fromkeys(r for r in [*cand[:args.negatives], *extra]
                                     if r not in gold_rows))
            rows = [gold_rows[0]] + neg + [g for g in golds if g not in gold_rows]
            logits = args.scale * (colvec[rows] @ q[j])
            loss = loss + nn.functional.cross_entropy(logits[None], FIRST)
        return loss

    return fit(items, args, seed, batch_loss)


@torch.no_grad()
def vectors(model: QueryEncoder, items, batch: int = 64) -> np.ndarray:
    """Each item's query vector under ``model``."""
    out = [model(*tokenise([text for _, text, _, _ in items[start:start + batch]])).numpy()
           for start in range(0, len(items), batch)]
    return np.concatenate(out)


@torch.no_grad()
def cosines(model: QueryEncoder, items, colvec, batch: int = 64) -> list[np.ndarray]:
    """Each item's candidate cosines under ``model``."""
    out = []
    for start in range(0, len(items), batch):
        chunk = items[start:start + batch]
        q = model(*tokenise([text for _, text, _, _ in chunk]))
        out.extend((colvec[cand] @ q[j]).numpy() for j, (_, _, _, cand) in enumerate(chunk))
    return out


def map5(items, scores, gold, ids) -> float:
    ranked = {qid: [ids[cand[i]] for i in np.argsort(-s, kind="stable")]
              for (qid, _, _, cand), s in zip(items, scores, strict=True)}
    return evaluate(ranked, {qid: gold[qid] for qid, *_ in items})["MAP@5"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depth", type=int, default=100)
    lora_arguments(parser, epochs=4)
    parser.add_argument("--negatives", type=int, default=60, help="BM25 candidates per tweet")
    parser.add_argument("--dense-negatives", type=int, default=0,
                        help="also the N texts nearest by the plain model's cosine")
    parser.add_argument("--write", action="store_true", help=f"train on all, store {OUT.name}")
    args = parser.parse_args()
    torch.set_num_threads(max(1, torch.get_num_threads()))
    start = time.perf_counter()
    items, gold, ids, colvec, dense = prepare(args.depth)
    print(f"{len(items)} train tweets prepared in {time.perf_counter() - start:.0f} s")
    base = QueryEncoder(args.rank, args.alpha).eval()
    plain = map5(items, cosines(base, items, colvec), gold, ids)
    print(f"train MAP@5, base model cosine: {plain:.3f}")
    if args.folds:
        fold = np.random.default_rng(0).permutation(len(items)) % args.folds
        oof = np.zeros((len(items), colvec.shape[1]), dtype=np.float32)
        for k in range(args.folds):
            held = [i for i in range(len(items)) if fold[i] == k]
            model = train([items[i] for i in range(len(items)) if fold[i] != k], colvec, args, k,
                          dense)
            oof[held] = vectors(model, [items[i] for i in held])
            print(f"fold {k}: {time.perf_counter() - start:.0f} s", flush=True)
        cos = [colvec[cand].numpy() @ v for (*_, cand), v in zip(items, oof, strict=True)]
        print(f"train {args.folds}-fold CV MAP@5, tuned cosine: {map5(items, cos, gold, ids):.3f}")
        OOF.parent.mkdir(parents=True, exist_ok=True)
        np.savez(OOF, qids=np.array([qid for qid, *_ in items]), vectors=oof)
        print(f"wrote {OOF}")
    if args.write:
        model = train(items, colvec, args, dense=dense)
        save_update(model, OUT, args.rank)
        size = OUT.stat().st_size // 1024
        write_manifest(OUT, data=[DATA / "train.queries.tsv", DATA / "train.qrels",
                                  DATA / "verified_claims.tsv"], arguments=vars(args),
                       score={"note": "cross-validated MAP@5 printed by --folds; see "
                                      "docs/benchmarks.md"})
        print(f"wrote {OUT} ({size} KB) in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
