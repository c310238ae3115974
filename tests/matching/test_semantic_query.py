"""Query side of the semantic reranker: text given to the encoder, the tuned query update."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from desktop.errors import UserError
from desktop.matching import semantic
from desktop.matching.semantic import (
    EVIDENCE_UPDATE,
    LORA_TARGETS,
    MODEL_HASH,
    MODEL_NAME,
    QUERY_UPDATE,
    CachedEncoder,
    Encoder,
    load_encoder,
    model_dir,
)
from desktop.matching.semantic_rerank import FEATURES, SemanticRanker, embed_text

TEXTS = ["Hamas is ready to hand over governance of Gaza.",
         "BREAKING: #TrumpParadeFail as tanks roll in — Jo (@jdoe) July 5, 2019", ""]

PLAIN = f"{MODEL_NAME}-{MODEL_HASH}"  # cache name of the plain model: weights digest
DEFAULT = f"{PLAIN}+int8"  # the same, as the default encoder (onnxruntime in int8) runs it


@pytest.fixture(scope="module")
def base() -> Encoder:
    return Encoder(model_dir())


def write_update(path: Path, scale: float, seed: int = 0, rank: int = 2,
                 width: int = 384) -> Path:
    rng = np.random.default_rng(seed)
    outs = {"qkv": 3 * 384, "attn_out": 384, "ffn_in": 1536, "ffn_out": 384}
    ins = {"qkv": width, "attn_out": 384, "ffn_in": 384, "ffn_out": 1536}
    arrays = {}
    for i in range(6):
        for name in LORA_TARGETS:
            arrays[f"{i}.{name}.a"] = rng.normal(size=(rank, ins[name])).astype(np.float16)
            arrays[f"{i}.{name}.b"] = (scale * rng.normal(size=(outs[name], rank))
                                       ).astype(np.float16)
    np.savez_compressed(path, rank=np.array(rank), **arrays)
    return path


def test_embed_text_splits_hashtags_and_handles_and_drops_links() -> None:
    assert embed_text("#RevolutionaryWarAirports to JFK!#TrumpParadeFail www.x.org/FD4"
                      ) == "Revolutionary War Airports to JFK!Trump Parade Fail"
    assert embed_text("(@realDonaldTrump) #COVID19 #NYCPolice #Türkiye") == (
        "(real Donald Trump) COVID 19 NYC Police Türkiye")
    assert embed_text("mail a@b.org or see https://x.org/a?b=1  now") == "mail a@b.org or see now"


def test_a_zero_update_leaves_every_vector_unchanged(tmp_path: Path, base: Encoder) -> None:
    update = Encoder(model_dir(), update=write_update(tmp_path / "u.npz", scale=0.0))
    np.testing.assert_allclose(update.encode(TEXTS), base.encode(TEXTS), atol=1e-6)
    assert update.name.startswith(f"{PLAIN}+") and base.name == PLAIN


def test_an_update_moves_vectors_and_keeps_them_unit_length(tmp_path: Path,
                                                            base: Encoder) -> None:
    update = Encoder(model_dir(), update=write_update(tmp_path / "u.npz", scale=0.01))
    v, b = update.encode(TEXTS), base.encode(TEXTS)
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    similarity = (v * b).sum(1)
    assert (similarity < 0.9999).all() and (similarity > 0.5).all()
    # the plain encoder was not touched by loading an updated one
    np.testing.assert_allclose(base.encode(TEXTS[:1]), Encoder(model_dir()).encode(TEXTS[:1]),
                               atol=1e-6)


def test_an_update_of_the_wrong_shape_is_a_one_line_error(tmp_path: Path) -> None:
    bad = write_update(tmp_path / "bad.npz", scale=0.01, width=100)
    with pytest.raises(UserError, match=r"^bad\.npz does not fit all-MiniLM-L6-v2$"):
        Encoder(model_dir(), update=bad)


def test_updated_vectors_are_cached_apart_from_plain_ones(tmp_path: Path) -> None:
    update = Encoder(model_dir(), update=write_update(tmp_path / "u.npz", scale=0.01))
    CachedEncoder(update, tmp_path / "cache").encode(["a claim"])
    assert (tmp_path / "cache" / f"{update.name}.npz").is_file()
    assert not (tmp_path / "cache" / f"{PLAIN}.npz").exists()


def test_the_shipped_query_update_is_loaded_for_queries(base: Encoder) -> None:
    assert QUERY_UPDATE.is_file()
    query = load_encoder(query=True).encoder
    assert query.name != DEFAULT and load_encoder().encoder.name == DEFAULT
    # a small change of the same model: close to, not equal to, the plain vectors
    similarity = (query.encode(TEXTS[:2]) * base.encode(TEXTS[:2])).sum(1)
    assert (similarity > 0.5).all() and (similarity < 0.9999).all()


def test_the_shipped_evidence_update_is_loaded_for_claims(base: Encoder) -> None:
    assert EVIDENCE_UPDATE.is_file()
    claims = load_encoder(claims=True).encoder
    assert claims.name not in (DEFAULT, load_encoder(query=True).encoder.name)
    similarity = (claims.encode(TEXTS[:2]) * base.encode(TEXTS[:2])).sum(1)
    assert (similarity > 0.5).all() and (similarity < 0.9999).all()


def test_the_claim_encoder_is_named_before_it_is_loaded(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(semantic, "_LOADED", {})
    lazy = semantic.claim_encoder()
    assert semantic._LOADED == {}  # named (the stored vectors' key) without loading
    vectors = lazy.encode(TEXTS[:1])
    (loaded,) = semantic._LOADED.values()
    assert lazy.name == loaded.name == load_encoder(claims=True).encoder.name
    assert vectors.shape == (1, lazy.dim)


def test_without_a_shipped_update_queries_use_the_plain_model(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(semantic, "QUERY_UPDATE", tmp_path / "absent.npz")
    monkeypatch.setattr(semantic, "EVIDENCE_UPDATE", tmp_path / "absent.npz")
    monkeypatch.setattr(semantic, "_LOADED", {})
    assert load_encoder(query=True).encoder.name == DEFAULT
    assert load_encoder(claims=True).encoder.name == DEFAULT
    assert semantic.claim_encoder().name == DEFAULT


class Pointing:
    """A fake encoder: every text points along one axis of a 3-D space."""

    def __init__(self, axis_of: dict[str, int]) -> None:
        self.axis_of = axis_of

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), 3), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row, self.axis_of.get(text, 2)] = 1.0
        return out


def test_qcos_comes_from_the_query_encoder_and_cos_from_the_plain_one() -> None:
    collection = [("d1", "flood in the valley"), ("d2", "flood warning in the valley")]
    plain = Pointing({"flood in the valley": 0, "flood warning in the valley": 1,
                      "valley flood": 0})
    tuned = Pointing({"flood in the valley": 0, "flood warning in the valley": 1,
                      "valley flood": 1})
    ranker = SemanticRanker(encoder=plain, query_encoder=tuned, depth=10, weights={})
    index, (cand,) = ranker.candidates([("q", "valley flood")], collection)
    col = {name: i for i, name in enumerate(FEATURES)}
    by_doc = {index.docs[r].id: row for r, row in zip(cand.rows, cand.features, strict=True)}
    assert by_doc["d1"][col["cos"]] == 1.0 and by_doc["d2"][col["cos"]] == 0.0
    assert by_doc["d1"][col["qcos"]] == 0.0 and by_doc["d2"][col["qcos"]] == 1.0


def test_neighbours_add_texts_bm25_missed_and_only_then() -> None:
    collection = [("d1", "flood in the valley"), ("d2", "river burst its banks near town"),
                  ("d3", "bakery prize")]
    enc = Pointing({"valley flood": 0, "flood in the valley": 1,
                    "river burst its banks near town": 0})
    plain = SemanticRanker(encoder=enc, depth=10, weights={})
    index, (cand,) = plain.candidates([("q", "valley flood")], collection)
    assert [index.docs[r].id for r in cand.rows] == ["d1"]
    near = SemanticRanker(encoder=enc, depth=10, weights={}, neighbours=1)
    index, (cand,) = near.candidates([("q", "valley flood")], collection)
    assert [index.docs[r].id for r in cand.rows] == ["d1", "d2"]  # BM25 first, then the rest
    col = {name: i for i, name in enumerate(FEATURES)}
    assert cand.features[1, col["cos"]] == 1.0 and cand.features[1, col["bm25_rel"]] == 0.0
    assert cand.features[1, col["engine"]] < cand.features[0, col["engine"]]


def test_index_scores_agree_with_candidates() -> None:
    from desktop.matching import MatchEngine
    from desktop.matching.index import analyse

    engine = MatchEngine()
    index = engine.index([("a", "flood in the valley"), ("b", "valley bakery"), ("c", "x y")])
    (query,) = analyse(engine.analyzer, [("q", "valley flood")])
    scores = index.scores(query.terms)
    assert [(r, s) for r, s in index.candidates(query.terms, 10)] == [
        (0, pytest.approx(scores[0])), (1, pytest.approx(scores[1]))]
    assert scores[2] == 0.0
    assert index.scores(["zzz-unknown"]).tolist() == [0.0, 0.0, 0.0]


class Counting:
    """A fake encoder that only counts what it is asked to embed."""

    dim = 3

    def __init__(self) -> None:
        self.calls: list[int] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append(len(texts))
        return np.ones((len(texts), 3), dtype=np.float32) / np.sqrt(3)


def test_many_texts_to_embed_are_announced_once_and_cached_ones_are_not(
        tmp_path: Path) -> None:
    told: list[int] = []
    cached = CachedEncoder(Counting(), tmp_path, notify=told.append)
    texts = [f"claim number {i}" for i in range(semantic.NOTIFY_AT + 10)]
    cached.encode(texts[:10])
    assert told == []  # a few texts: no notice
    cached.encode(texts)
    assert told == [semantic.NOTIFY_AT]
    CachedEncoder(Counting(), tmp_path, notify=told.append).encode(texts)  # read from disk
    assert told == [semantic.NOTIFY_AT]


def test_rank_semantic_announces_embedding_on_stderr(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import argparse

    from desktop.cli import rank_cmd

    monkeypatch.setenv("FACTDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(semantic, "NOTIFY_AT", 2)
    (tmp_path / "q.tsv").write_text("id\ttext\nq1\tflood in the valley\n", encoding="utf-8")
    (tmp_path / "c.tsv").write_text("id\ttext\nd1\tvalley flood\nd2\tbakery prize\n"
                                    "d3\triver banks burst\n", encoding="utf-8")
    parser = argparse.ArgumentParser()
    rank_cmd.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["rank", "--queries", str(tmp_path / "q.tsv"), "--collection",
                              str(tmp_path / "c.tsv"), "--semantic", "--out",
                              str(tmp_path / "run")])
    assert rank_cmd.run(args) == 0
    err = capsys.readouterr().err.splitlines()
    assert err and err[0].startswith("embedding 3 texts with the sentence model")
    assert (tmp_path / "run").read_text(encoding="utf-8").startswith("q1 Q0 d1 1 ")
