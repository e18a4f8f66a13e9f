"""Records PyTorch's OpInfo database (op_db) as fixtures for test/opinfo.test.ts.

For each OpInfo and each dtype of DTYPES it supports on CPU: up to MAX_SAMPLES of its CPU
sample inputs, called as OpInfo's own tests call them, with the output (or Python's error)
and, for float64 samples of differentiable ops, the gradients of the sum of the floating
outputs with respect to the tensor inputs.

Usage: python scripts/opinfo-fixtures.py OUT.jsonl.gz
Output: gzipped JSON lines; line 1 is a header, then one line per OpInfo. Value encoding:
  null/true/false/"str"/[list]   as they are (tuples, torch.Size: lists)
  int                            a JSON integer ({"i": "digits"} beyond 2**53)
  float                          {"f": number | "inf" | "-inf" | "nan"}  (JS cannot tell 2 from 2.0)
  complex                        {"c": [float, float]}
  tensor                         {"t": dtype, "s": shape, "b": base64 of contiguous LE bytes,
                                  "rg": requires_grad?, "id": n}; a tensor seen again in the
                                  same sample is {"ref": n} (aliasing matters for gradients)
  torch.dtype / device / memory_format / layout   {"dtype"|"device"|"memory_format"|"layout": name}
  slice, Ellipsis                {"slice": [start, stop, step]}, {"ellipsis": true} (torchts
                                  indexes with torch.slice and "..."); __getitem__'s sample has
                                  "tup": true when its index is a tuple (x[0, 1], not x[[0, 1]])
Anything else makes the sample {"unenc": "<what>"}: it is recorded and counted, never dropped.
"""
import base64
import gzip
import hashlib
import inspect
import itertools
import json
import math
import os
import sys
import time
import types
import unittest

# torch.testing._internal imports expecttest (a test-only dependency the reference venv
# lacks); op_db only needs its TestCase base class to exist.
if "expecttest" not in sys.modules:
    try:
        import expecttest  # noqa: F401
    except ImportError:
        stub = types.ModuleType("expecttest")
        stub.TestCase = unittest.TestCase
        stub.ACCEPT = False
        sys.modules["expecttest"] = stub

import torch  # noqa: E402
from torch.testing._internal.common_methods_invocations import op_db  # noqa: E402

DTYPES = [torch.float32, torch.float64, torch.int64, torch.bool, torch.complex64]
MAX_SAMPLES = 6
SAMPLE_SEED = 0  # before generating an op's samples for one dtype
CALL_SEED = 1234  # right before each call, so random ops are reproducible
MAX_ELEMENTS = 4096  # in a sample's tensors, outputs and grads included; larger ones are skipped
MAX_DRAWN = 5 * MAX_SAMPLES  # samples drawn at most to find MAX_SAMPLES small enough ones
LAYOUTS = {torch.strided: "strided", torch.sparse_coo: "sparse_coo", torch.sparse_csr: "sparse_csr"}
MEMORY_FORMATS = {
    torch.contiguous_format: "contiguous_format",
    torch.preserve_format: "preserve_format",
    torch.channels_last: "channels_last",
    torch.channels_last_3d: "channels_last_3d",
}


class Unencodable(Exception):
    pass


class TooLarge(Exception):
    pass


def dtype_name(d):
    return str(d)[len("torch."):]


def encode_float(x):
    if math.isnan(x):
        return {"f": "nan"}
    if math.isinf(x):
        return {"f": "inf" if x > 0 else "-inf"}
    return {"f": x}


class Encoder:
    """Encodes one sample's values; remembers tensors by identity so aliases stay aliases."""

    def __init__(self, elements=0, limit=MAX_ELEMENTS, refs=False, storage_matters=False):
        self.ids = {} if refs else None  # only inputs need aliases kept
        self.elements = elements  # shared budget: a later encoder starts where the last ended
        self.limit = limit
        self.storage_matters = storage_matters

    def tensor(self, t):
        if self.ids is not None and id(t) in self.ids:
            return {"ref": self.ids[id(t)]}
        if t.layout != torch.strided:
            raise Unencodable(f"{LAYOUTS.get(t.layout, str(t.layout))} tensor")
        if t.is_quantized:
            raise Unencodable("quantized tensor")
        if any(n is not None for n in (t.names or ())):
            raise Unencodable("named tensor")
        if self.storage_matters and (t.storage_offset() or t.untyped_storage().nbytes() != t.numel() * t.element_size()):
            # as_strided reads the storage around a view, which the contiguous bytes lack.
            raise Unencodable("view into a larger storage (as_strided)")
        self.elements += t.numel()
        if self.elements > self.limit:
            raise TooLarge()
        # A fresh tensor has plain strides (contiguous() keeps the 0 strides of expand()).
        data = torch.empty(t.shape, dtype=t.dtype).copy_(t.detach().resolve_conj().resolve_neg())
        raw = data.reshape(-1).view(torch.uint8).numpy().tobytes() if data.numel() else b""
        out = {"t": dtype_name(t.dtype), "s": list(t.shape), "b": base64.b64encode(raw).decode()}
        if self.ids is not None:
            out["id"] = self.ids[id(t)] = len(self.ids)
        if t.requires_grad:
            out["rg"] = True
        return out

    def value(self, v):
        if v is None or isinstance(v, (bool, str)):
            return v
        if isinstance(v, torch.Tensor):
            return self.tensor(v)
        if isinstance(v, int):
            return v if abs(v) <= 2**53 else {"i": str(v)}
        if isinstance(v, float):
            return encode_float(v)
        if isinstance(v, complex):
            return {"c": [encode_float(v.real), encode_float(v.imag)]}
        if isinstance(v, (list, tuple)):  # torch.Size and namedtuples too
            return [self.value(x) for x in v]
        if isinstance(v, torch.dtype):
            return {"dtype": dtype_name(v)}
        if isinstance(v, torch.device):
            return {"device": str(v)}
        if isinstance(v, torch.memory_format):
            return {"memory_format": MEMORY_FORMATS[v]}
        if isinstance(v, torch.layout):
            return {"layout": LAYOUTS.get(v, str(v))}
        if type(v).__module__ == "numpy" and hasattr(v, "item") and getattr(v, "ndim", 1) == 0:
            return self.value(v.item())  # numpy scalars
        if isinstance(v, slice):
            return {"slice": [self.value(v.start), self.value(v.stop), self.value(v.step)]}
        if v is Ellipsis:
            return {"ellipsis": True}
        if callable(v):
            raise Unencodable("callable")
        raise Unencodable(type(v).__qualname__)


def flat_tensors(v):
    """The tensors of a value, depth first in the order the TS side also walks them."""
    if isinstance(v, torch.Tensor):
        yield v
    elif isinstance(v, (list, tuple)):
        for x in v:
            yield from flat_tensors(x)
    elif isinstance(v, dict):
        for x in v.values():
            yield from flat_tensors(x)


def error(e):
    return {"cls": type(e).__name__, "msg": str(e)[:300]}


def seed_of(op):
    # Random ops wrapped in wrapper_set_seed reseed with 42 inside the call.
    code = getattr(op.op, "__code__", None)
    return 42 if code is not None and "wrapper_set_seed" in code.co_names else CALL_SEED


def record_sample(op, dtype, sample, grads, limit=MAX_ELEMENTS):
    enc = Encoder(0, limit, refs=True, storage_matters=op.name.startswith("as_strided"))
    out = {"d": dtype_name(dtype)}
    try:
        out["in"] = enc.value(sample.input)
        out["args"] = [enc.value(a) for a in sample.args]
        out["kw"] = {k: enc.value(v) for k, v in sample.kwargs.items()}
        if op.name == "__getitem__" and isinstance(sample.args[0], tuple):
            out["tup"] = True
    except Unencodable as e:
        return {"d": out["d"], "unenc": str(e)}
    except TooLarge:
        raise
    except Exception as e:  # noqa: BLE001 (encoding must not stop the run)
        return {"d": out["d"], "unenc": f"encoding failed: {type(e).__name__}"}
    torch.manual_seed(seed_of(op))
    try:
        with torch.set_grad_enabled(grads):
            result = op(sample.input, *sample.args, **sample.kwargs)
    except Exception as e:  # noqa: BLE001
        out["err"] = error(e)
        return out
    out_enc = Encoder(enc.elements, limit)
    try:
        out["out"] = out_enc.value(result)
    except Unencodable as e:
        return {"d": out["d"], "unenc": f"output: {e}"}
    if grads:
        record_grads(sample, result, out, Encoder(out_enc.elements, limit))
    return out


def record_grads(sample, result, out, enc):
    inputs = [t for t in flat_tensors([sample.input, list(sample.args), sample.kwargs]) if t.requires_grad]
    # Unique by identity, in first-seen order (the TS side makes the same list).
    inputs = list({id(t): t for t in inputs}.values())
    outputs = [t for t in flat_tensors(result) if t.is_floating_point() and t.requires_grad]
    if not inputs or not outputs:
        out["gnote"] = "no differentiable output" if inputs else "no differentiable input"
        return
    try:
        loss = sum(o.sum() for o in outputs)
        grads = torch.autograd.grad(loss, inputs, allow_unused=True)
        out["grads"] = enc.value(list(grads))
    except TooLarge:
        raise
    except Unencodable as e:
        out["gnote"] = f"unencodable grads: {e}"
    except Exception as e:  # noqa: BLE001
        out["gerr"] = error(e)


def describe_op(f):
    """What OpInfo calls: torch.ops.aten.x.y for an ATen overload, a lambda's source, a name."""
    if isinstance(f, (torch._ops.OpOverload, torch._ops.OpOverloadPacket)):
        return f"torch.ops.{f}"
    if getattr(f, "__name__", "") == "<lambda>" or getattr(f, "__module__", "").startswith("torch.testing"):
        try:
            return " ".join(inspect.getsource(f).split())[:200]
        except (OSError, TypeError):
            pass
    return getattr(f, "__qualname__", repr(f))


def record_op(op, stats):
    entry = {
        "name": op.name,
        "variant": op.variant_test_name,
        "aten_name": op.aten_name,
        "method": op.method_variant is not None,
        "inplace": op.inplace_variant is not None,
        "autograd": bool(op.supports_autograd),
        "op": describe_op(op.op),
        "seed": seed_of(op),
        "samples": [],
        "sample_errors": [],
    }
    supported = op.supported_dtypes("cpu")
    for dtype in DTYPES:
        if dtype not in supported:
            continue
        grads = dtype == torch.float64 and op.supports_autograd
        try:
            torch.manual_seed(SAMPLE_SEED)
            samples = list(itertools.islice(op.sample_inputs("cpu", dtype, requires_grad=grads), MAX_DRAWN))
        except Exception as e:  # noqa: BLE001
            entry["sample_errors"].append({"d": dtype_name(dtype), **error(e)})
            continue
        taken = []
        for sample in samples:
            if len(taken) == MAX_SAMPLES:
                break
            try:
                taken.append(record_sample(op, dtype, sample, grads))
            except TooLarge:
                entry["too_large"] = entry.get("too_large", 0) + 1
                stats["too_large"] += 1
        if not taken and samples:  # every one too large: keep the smallest rather than none
            size = [sum(t.numel() for t in flat_tensors([x.input, list(x.args), x.kwargs])) for x in samples]
            torch.manual_seed(SAMPLE_SEED)  # afresh: a call may have changed an input in place
            again = list(itertools.islice(op.sample_inputs("cpu", dtype, requires_grad=grads), MAX_DRAWN))
            taken.append(record_sample(op, dtype, again[size.index(min(size))], grads, limit=math.inf))
        for s in taken:
            entry["samples"].append(s)
            stats["samples"] += 1
            if "unenc" in s:
                stats["unencodable"][s["unenc"]] = stats["unencodable"].get(s["unenc"], 0) + 1
    return entry


def main(path):
    start = time.time()
    stats = {"samples": 0, "too_large": 0, "unencodable": {}}
    lines = []
    for op in op_db:
        lines.append(json.dumps(record_op(op, stats), separators=(",", ":"), allow_nan=False))
    with open(__file__, "rb") as f:
        script_hash = hashlib.sha256(f.read()).hexdigest()
    header = {
        "torch": torch.__version__,
        "script_sha256": script_hash,
        "entries": len(lines),
        "seconds": round(time.time() - start, 1),
        **stats,
    }
    tmp = f"{path}.{os.getpid()}.tmp"
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
        f.write(("\n".join([json.dumps(header)] + lines) + "\n").encode())
    os.replace(tmp, path)  # atomic: a concurrent reader sees the whole file or none
    print(json.dumps(header))


if __name__ == "__main__":
    torch.set_num_threads(1)  # deterministic reductions, and the 2-core machines stay responsive
    main(sys.argv[1])
