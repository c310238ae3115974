"""The same sentence encoder run by onnxruntime, when it is installed.

The ONNX graph is built in memory from the weights the numpy encoder already loaded (no model
file is written or downloaded): the same BERT forward pass, mean pooling and normalisation, so
vectors agree with the numpy encoder to float32 rounding and share its caches.

    encoder = OnnxEncoder(model_dir())       # ImportError if onnx / onnxruntime are missing
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from desktop.matching.semantic import Encoder


def available() -> bool:
    try:
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


class OnnxEncoder(Encoder):
    """``Encoder`` whose forward pass runs in onnxruntime (all cores of the machine)."""

    def __init__(self, folder: Path, batch_size: int = 32, update: Path | None = None,
                 threads: int = 0) -> None:
        import onnxruntime as ort

        super().__init__(folder, batch_size, update)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = ort.InferenceSession(self._graph().SerializeToString(), options,
                                             providers=["CPUExecutionProvider"])
        # The session holds its own copy of the weights: the numpy ones are not needed again.
        self._layers, self._emb = [], ()

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return self._session.run(None, {"ids": ids, "mask": mask})[0]

    def _graph(self) -> Any:  # an onnx.ModelProto (onnx is optional)
        from onnx import TensorProto, helper, numpy_helper

        nodes: list = []
        inits: list = []
        count = [0]

        def const(value: np.ndarray, name: str | None = None) -> str:
            count[0] += 1
            name = name or f"c{count[0]}"
            inits.append(numpy_helper.from_array(np.asarray(value), name))
            return name

        def op(kind: str, inputs: list[str], **attrs: object) -> str:
            count[0] += 1
            out = f"t{count[0]}"
            nodes.append(helper.make_node(kind, inputs, [out], **attrs))
            return out

        def layer_norm(x: str, w: np.ndarray, b: np.ndarray) -> str:
            return op("LayerNormalization", [x, const(w), const(b)], axis=-1, epsilon=self.eps)

        words, positions, token_type, ln_w, ln_b = self._emb
        heads, size = self.heads, self.hidden // self.heads
        width = op("Slice", [op("Shape", ["ids"]), const(np.array([1])), const(np.array([2]))])
        pos = op("Slice", [const(positions), const(np.array([0])), width, const(np.array([0]))])
        x = op("Add", [op("Add", [op("Gather", [const(words), "ids"]), pos]),
                       const(token_type)])
        x = layer_norm(x, ln_w, ln_b)
        bias = op("Mul", [op("Sub", [const(np.float32(1.0)), "mask"]), const(np.float32(-1e9))])
        bias = op("Unsqueeze", [bias, const(np.array([1, 2]))])
        scale = const(np.float32(1.0 / np.sqrt(size)))
        split_heads = const(np.array([0, 0, 3, heads, size]))
        join_heads = const(np.array([0, 0, self.hidden]))
        for layer in self._layers:
            qkv_w, qkv_b, o_w, o_b, ln1_w, ln1_b, i_w, i_b, f_w, f_b, ln2_w, ln2_b = layer
            qkv = op("Add", [op("MatMul", [x, const(qkv_w)]), const(qkv_b)])
            qkv = op("Transpose", [op("Reshape", [qkv, split_heads])], perm=[2, 0, 3, 1, 4])
            q, k, v = (op("Gather", [qkv, const(np.array(i))], axis=0) for i in range(3))
            scores = op("Add", [op("Mul", [op("MatMul", [
                q, op("Transpose", [k], perm=[0, 1, 3, 2])]), scale]), bias])
            ctx = op("MatMul", [op("Softmax", [scores], axis=-1), v])
            ctx = op("Reshape", [op("Transpose", [ctx], perm=[0, 2, 1, 3]), join_heads])
            attn = op("Add", [op("MatMul", [ctx, const(o_w)]), const(o_b)])
            x = layer_norm(op("Add", [attn, x]), ln1_w, ln1_b)
            h = op("Add", [op("MatMul", [x, const(i_w)]), const(i_b)])
            h = op("Gelu", [h])  # exact (erf) GELU, as BERT's hidden_act
            h = op("Add", [op("MatMul", [h, const(f_w)]), const(f_b)])
            x = layer_norm(op("Add", [h, x]), ln2_w, ln2_b)
        mask3 = op("Unsqueeze", ["mask", const(np.array([2]))])
        summed = op("ReduceSum", [op("Mul", [x, mask3]), const(np.array([1]))], keepdims=0)
        count_ = op("Max", [op("ReduceSum", ["mask", const(np.array([1]))], keepdims=1),
                            const(np.float32(1.0))])
        pooled = op("Div", [summed, count_])
        norm = op("Max", [op("ReduceL2", [pooled, const(np.array([1]))], keepdims=1),
                          const(np.float32(1e-12))])
        nodes.append(helper.make_node("Div", [pooled, norm], ["vectors"]))
        graph = helper.make_graph(
            nodes, "sentence_encoder",
            [helper.make_tensor_value_info("ids", TensorProto.INT64, ["n", "w"]),
             helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["n", "w"])],
            [helper.make_tensor_value_info("vectors", TensorProto.FLOAT, ["n", self.hidden])],
            inits)
        return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 20)])
