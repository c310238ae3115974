"""The sentence model's weights in a compact form, for the desktop bundle (91 MB -> 23 MB).

Every matrix (the word embeddings and the linear layers) is stored as 8-bit integers with one
float32 scale per row (``<name>.row_scale``: the row's largest magnitude / 127); the other
float tensors (biases, layer norms, position embeddings) at half precision. Reading them back
gives float32 again, so the encoder computes as with the published weights. Measured with
``benchmarks/evidence_eval.py`` and ``clef_eval.py --semantic``: CLIMATE-FEVER dev R@5 0.393
(published weights 0.394), CLEF-2020 dev MAP@5 0.905 (0.903); see docs/benchmarks.md.

The bytes written depend only on the input, so the result is checked by its sha256 like the
published files (`semantic.COMPACT_WEIGHTS`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

SCALE = ".row_scale"
# Matrices kept at half precision: small, and looked up by position rather than by word.
KEEP_HALF = ("embeddings.position_embeddings.weight", "embeddings.token_type_embeddings.weight")


def compact(source: Path, target: Path) -> None:
    """Write ``source``'s weights (safetensors, float32) compacted to ``target``."""
    from safetensors.numpy import load_file, save_file

    out: dict[str, np.ndarray] = {}
    for name, value in load_file(str(source)).items():
        if value.dtype != np.float32:
            out[name] = value  # e.g. the int64 position ids
        elif value.ndim == 2 and name not in KEEP_HALF:
            scale = np.abs(value).max(axis=1) / 127.0
            scale[scale == 0] = 1.0
            out[name] = np.clip(np.rint(value / scale[:, None]), -127, 127).astype(np.int8)
            out[name + SCALE] = scale.astype(np.float32)
        else:
            out[name] = value.astype(np.float16)
    save_file(out, str(target), metadata={"format": "pt"})


def read_weights(path: Path) -> dict[str, np.ndarray]:
    """The weights as float32 arrays, from the published file or a compacted one."""
    from safetensors.numpy import load_file

    raw = load_file(str(path))
    out: dict[str, np.ndarray] = {}
    for name, value in raw.items():
        if name.endswith(SCALE):
            continue
        if value.dtype == np.int8:
            out[name] = value.astype(np.float32) * raw[name + SCALE][:, None]
        elif value.dtype == np.float16:
            out[name] = value.astype(np.float32)
        else:
            out[name] = value
    return out
