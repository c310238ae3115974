"""The same sentence encoder run by onnxruntime, when it is installed.

The ONNX graph is built in memory from the weights the numpy encoder already loaded (no model
file is written or downloaded): the same BERT forward pass, mean pooling and normalisation. In
float32 (``int8=False``) vectors agree with the numpy encoder to float32 rounding and share its
caches. By default the linear layers run in int8 (``DynamicQuantizeMatMul``: weights quantized
per output column here, from the checked weights; activations per call by onnxruntime), as
onnxruntime's dynamic quantization does: about 1.4x faster on 2 AVX2 cores, vectors within a
cosine of about 0.99 of the float ones (docs/benchmarks.md), cached under their own name.

The graph is written as ONNX protobuf bytes here (a few message types, ``_Proto``), so only
onnxruntime is needed, not the ``onnx`` package with protobuf (which the bundle would otherwise
carry).

    encoder = OnnxEncoder(model_dir())       # ImportError if onnxruntime is missing
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

from desktop.matching.semantic import INT8_TAG, Encoder

# onnx.proto's numbers: TensorProto.DataType, AttributeProto.AttributeType.
_FLOAT, _INT8, _INT64 = 1, 3, 7
_DTYPES = {np.dtype(np.float32): _FLOAT, np.dtype(np.int8): _INT8, np.dtype(np.int64): _INT64}
CONTRIB = "com.microsoft"  # onnxruntime's own operators (DynamicQuantizeMatMul), version 1
_FLOAT_ATTR, _INT_ATTR, _INTS_ATTR = 1, 2, 7
# ONNX IR version 9 with opset 20 (ONNX 1.15): read by every onnxruntime from 1.17 on.
IR_VERSION, OPSET = 9, 20


def available() -> bool:
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def _varint(value: int) -> bytes:
    value &= (1 << 64) - 1  # negative int64s are written as their two's complement
    out = bytearray()
    while value > 0x7F:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


class _Proto:
    """One protobuf message as a list of byte strings, joined once at the end, so the
    weights (90 MB) are not copied again at every level of nesting."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def _add(self, *parts: bytes) -> _Proto:
        self.parts.extend(parts)
        self.size += sum(len(p) for p in parts)
        return self

    def number(self, field: int, value: int) -> _Proto:
        return self._add(_varint(field << 3), _varint(value))

    def float32(self, field: int, value: float) -> _Proto:
        return self._add(_varint(field << 3 | 5), struct.pack("<f", value))

    def blob(self, field: int, data: bytes) -> _Proto:
        return self._add(_varint(field << 3 | 2), _varint(len(data)), data)

    def text(self, field: int, text: str) -> _Proto:
        return self.blob(field, text.encode("utf-8"))

    def numbers(self, field: int, values: list[int]) -> _Proto:  # packed repeated int64
        return self.blob(field, b"".join(_varint(v) for v in values))

    def message(self, field: int, inner: _Proto) -> _Proto:
        return self._add(_varint(field << 3 | 2), _varint(inner.size), *inner.parts)

    def extend(self, other: _Proto) -> _Proto:  # other's fields appended to this message
        return self._add(*other.parts)

    def serialize(self) -> bytes:
        return b"".join(self.parts)


def _tensor(name: str, value: np.ndarray) -> _Proto:
    """TensorProto: dims 1, data_type 2, name 8, raw_data 9 (little-endian)."""
    if value.dtype not in _DTYPES:
        raise TypeError(f"no ONNX type for {value.dtype}")
    raw = np.ascontiguousarray(value, dtype=value.dtype.newbyteorder("<")).tobytes()
    proto = _Proto().numbers(1, list(value.shape)).number(2, _DTYPES[value.dtype])
    return proto.text(8, name).blob(9, raw)


def _attribute(name: str, value: object) -> _Proto:
    """AttributeProto: name 1, f 2, i 3, ints 8, type 20."""
    attr = _Proto().text(1, name)
    if isinstance(value, float):
        return attr.float32(2, value).number(20, _FLOAT_ATTR)
    if isinstance(value, int):
        return attr.number(3, value).number(20, _INT_ATTR)
    if isinstance(value, list):
        return attr.numbers(8, value).number(20, _INTS_ATTR)
    raise TypeError(f"attribute {name}: {value!r}")


def _value_info(name: str, elem_type: int, dims: list[str | int]) -> _Proto:
    """ValueInfoProto (name 1, type 2) of a tensor: TypeProto.tensor_type 1 -> elem_type 1,
    shape 2 -> dim 1 -> dim_value 1 or dim_param 2."""
    shape = _Proto()
    for dim in dims:
        one = _Proto().text(2, dim) if isinstance(dim, str) else _Proto().number(1, dim)
        shape.message(1, one)
    tensor = _Proto().number(1, elem_type).message(2, shape)
    return _Proto().text(1, name).message(2, _Proto().message(1, tensor))


def quantize_columns(weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 per output column of an (in, out) matrix: (int8 matrix, float scales),
    weight ~= q * scale."""
    scale = (np.abs(weight).max(0) / 127.0).astype(np.float32)
    scale[scale == 0] = 1.0  # an all-zero column stays zero
    return np.clip(np.round(weight / scale), -127, 127).astype(np.int8), scale


class OnnxEncoder(Encoder):
    """``Encoder`` whose forward pass runs in onnxruntime (all cores of the machine); its
    linear layers in int8 unless ``int8=False``."""

    def __init__(self, folder: Path, batch_size: int = 32, update: Path | None = None,
                 threads: int = 0, int8: bool = True) -> None:
        import onnxruntime as ort

        super().__init__(folder, batch_size, update)
        self.int8 = int8
        if int8:
            self.name += INT8_TAG
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = ort.InferenceSession(self._graph(int8), options,
                                             providers=["CPUExecutionProvider"])
        # The session holds its own copy of the weights: the numpy ones are not needed again.
        self._layers, self._emb = [], ()

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return self._session.run(None, {"ids": ids, "mask": mask})[0]

    def _graph(self, int8: bool = False) -> bytes:
        """The forward pass as a serialized ONNX ModelProto; ``int8``: linear layers in int8."""
        graph = _Proto()  # GraphProto: node 1, name 2, initializer 5, input 11, output 12
        inits = _Proto()
        count = [0]

        def const(value: np.ndarray | np.generic) -> str:
            count[0] += 1
            name = f"c{count[0]}"
            value = np.asarray(value)
            if value.dtype.kind in "iu" and value.dtype != np.int8:  # shapes, axes and
                # indices are int64 in ONNX; int8 is a quantized weight
                value = value.astype(np.int64)
            inits.message(5, _tensor(name, value))
            return name

        def node(kind: str, inputs: list[str], out: str, **attrs: object) -> str:
            # NodeProto: input 1, output 2, op_type 4, attribute 5, domain 7 ("ms." in kind)
            proto = _Proto()
            for name in inputs:
                proto.text(1, name)
            contrib = kind.startswith("ms.")
            proto.text(2, out).text(4, kind.removeprefix("ms."))
            if contrib:
                proto.text(7, CONTRIB)
            for key, value in sorted(attrs.items()):
                proto.message(5, _attribute(key, value))
            graph.message(1, proto)
            return out

        def op(kind: str, inputs: list[str], **attrs: object) -> str:
            count[0] += 1
            return node(kind, inputs, f"t{count[0]}", **attrs)

        def linear(x: str, weight: np.ndarray, bias: np.ndarray) -> str:
            if not int8:
                return op("Add", [op("MatMul", [x, const(weight)]), const(bias)])
            q, scale = quantize_columns(weight)
            # no zero point ("": an absent optional input): the weights are symmetric
            return op("ms.DynamicQuantizeMatMul", [x, const(q), const(scale), "", const(bias)])

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
            qkv = linear(x, qkv_w, qkv_b)
            qkv = op("Transpose", [op("Reshape", [qkv, split_heads])], perm=[2, 0, 3, 1, 4])
            q, k, v = (op("Gather", [qkv, const(np.array(i))], axis=0) for i in range(3))
            scores = op("Add", [op("Mul", [op("MatMul", [
                q, op("Transpose", [k], perm=[0, 1, 3, 2])]), scale]), bias])
            ctx = op("MatMul", [op("Softmax", [scores], axis=-1), v])
            ctx = op("Reshape", [op("Transpose", [ctx], perm=[0, 2, 1, 3]), join_heads])
            attn = linear(ctx, o_w, o_b)
            x = layer_norm(op("Add", [attn, x]), ln1_w, ln1_b)
            h = op("Gelu", [linear(x, i_w, i_b)])  # exact (erf) GELU, as BERT's hidden_act
            h = linear(h, f_w, f_b)
            x = layer_norm(op("Add", [h, x]), ln2_w, ln2_b)
        mask3 = op("Unsqueeze", ["mask", const(np.array([2]))])
        summed = op("ReduceSum", [op("Mul", [x, mask3]), const(np.array([1]))], keepdims=0)
        count_ = op("Max", [op("ReduceSum", ["mask", const(np.array([1]))], keepdims=1),
                            const(np.float32(1.0))])
        pooled = op("Div", [summed, count_])
        norm = op("Max", [op("ReduceL2", [pooled, const(np.array([1]))], keepdims=1),
                          const(np.float32(1e-12))])
        node("Div", [pooled, norm], "vectors")
        graph.text(2, "sentence_encoder")
        graph.extend(inits)
        graph.message(11, _value_info("ids", _INT64, ["n", "w"]))
        graph.message(11, _value_info("mask", _FLOAT, ["n", "w"]))
        graph.message(12, _value_info("vectors", _FLOAT, ["n", self.hidden]))
        # ModelProto: ir_version 1, graph 7, opset_import 8 (OperatorSetIdProto: domain 1,
        # version 2)
        model = _Proto().number(1, IR_VERSION).message(8, _Proto().text(1, "").number(2, OPSET))
        if int8:
            model.message(8, _Proto().text(1, CONTRIB).number(2, 1))
        return model.message(7, graph).serialize()
