"""Fitting code shared by the training steps: L2-regularised logistic regression (Newton),
cross-validation folds and the manifest written beside every shipped weight file."""

from __future__ import annotations

import hashlib
import json
import subprocess
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def logistic(x: np.ndarray, y: np.ndarray, l2: float = 0.1, iters: int = 50,
             sample_weight: np.ndarray | None = None) -> np.ndarray:
    """Weights w minimising the mean log-loss of sigmoid(x @ w) against y in {0, 1}, plus
    ``l2`` / 2 * |w|^2 on every weight but the first column's (the bias)."""
    n, d = x.shape
    sw = np.ones(n) if sample_weight is None else sample_weight
    sw = sw / sw.sum()
    reg = np.full(d, l2)
    reg[0] = 0.0
    w = np.zeros(d)
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (sw * (p - y)) + reg * w
        hess = (x * (sw * p * (1 - p))[:, None]).T @ x + np.diag(reg) + 1e-9 * np.eye(d)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def folds_of(keys: Sequence[str], folds: int) -> np.ndarray:
    """A stable fold per key (sha256 of the key), the same on every machine."""
    return np.array([int(hashlib.sha256(k.encode("utf-8")).hexdigest(), 16) % folds
                     for k in keys])


def data_sha256(*paths: Path) -> str:
    h = hashlib.sha256()
    for path in paths:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def code_commit() -> str:
    """The commit the training code ran at (with '+dirty' when the tree had changes)."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "training", "desktop"],
                               cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if dirty.strip() else "")


def write_manifest(weights_file: Path, *, data: Sequence[Path], arguments: dict,
                   score: dict) -> Path:
    """``<weights>.manifest.json``: what made the file, to rerun and to check it."""
    manifest = {
        "file": weights_file.name,
        "file_sha256": hashlib.sha256(weights_file.read_bytes()).hexdigest(),
        "data": [str(p) for p in data],
        "data_sha256": data_sha256(*data),
        "code_commit": code_commit(),
        "arguments": arguments,
        "cross_validated": score,
    }
    out = weights_file.with_name(weights_file.name.rsplit(".", 1)[0] + ".manifest.json")
    out.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return out
