"""Records PyTorch's ModuleInfo database (common_modules.module_db) for test/nn-moduledb.test.ts.

For each ModuleInfo and each of float32 / float64 it supports on CPU: up to MAX_SAMPLES of its
module inputs (training mode), each as: the constructor's args and kwargs, the forward's args
and kwargs, the state_dict right after construction under torch.manual_seed(CTOR_SEED), and the
forward's output under torch.manual_seed(CALL_SEED) (or Python's error), and the gradients
of the sum of its floating outputs for the parameters and the inputs (module inputs are made
with requires_grad=True). Values are encoded
as scripts/opinfo-fixtures.py encodes them (its Encoder); F.* functions given as arguments are
{"fn": "name"}; anything else unencodable makes the sample {"unenc": "<what>"}.

Usage: python scripts/moduledb-fixtures.py  (JSON on stdout)
"""
import importlib.util
import json
import os
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("opinfo_fixtures", os.path.join(here, "opinfo-fixtures.py"))
# opinfo-fixtures.py stubs expecttest and imports op_db; its Encoder is what is needed here.
opinfo = importlib.util.module_from_spec(spec)
spec.loader.exec_module(opinfo)

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch.testing._internal.common_modules import module_db  # noqa: E402

MAX_SAMPLES = 4
CTOR_SEED = 0
CALL_SEED = 1
LIMIT = 100000
DTYPES = [torch.float32, torch.float64]


# Module instances module_inputs_func passes to constructors (TransformerEncoder's encoder_layer):
# their classes' __init__ is wrapped to keep the arguments, so that a module is encoded as
# {"module": class name, "ctor": [args, kwargs], "state": state_dict}.
ARG_MODULES = [torch.nn.TransformerEncoderLayer, torch.nn.TransformerDecoderLayer]
for _cls in ARG_MODULES:
    def _wrap(init):
        def __init__(self, *args, **kwargs):
            init(self, *args, **kwargs)
            self._recorded_args = (args, kwargs)
        return __init__
    _cls.__init__ = _wrap(_cls.__init__)


class Encoder(opinfo.Encoder):
    def value(self, v):
        if isinstance(v, torch.nn.Module) and hasattr(v, "_recorded_args"):
            args, kwargs = v._recorded_args
            return {"module": type(v).__name__, "ctor": [self.value(list(args)), {k: self.value(x) for k, x in kwargs.items()}],
                    "state": [[k, self.value(x)] for k, x in v.state_dict().items()]}
        name = getattr(v, "__name__", None)
        if callable(v) and not isinstance(v, (torch.Tensor, type)) and name and getattr(F, name, None) is v:
            return {"fn": name}
        if isinstance(v, dict):
            return {"kw": {k: self.value(x) for k, x in v.items()}}
        return super().value(v)


def record(info, dtype, mi):
    enc = Encoder(limit=LIMIT)
    out = {"desc": mi.desc or ""}
    try:
        ci, fi = mi.constructor_input, mi.forward_input
        ckwargs = dict(ci.kwargs)
        lazy = issubclass(info.module_cls, torch.nn.modules.lazy.LazyModuleMixin)
        if lazy:
            # An uninitialized module cannot be moved with .to(dtype): it gets its dtype as a factory kwarg.
            ckwargs["dtype"] = dtype
            out["lazy"] = True
        out["ctor"] = [enc.value(list(ci.args)), {k: enc.value(v) for k, v in ckwargs.items()}]
        if fi is None:
            out["unenc"] = "no forward input"
            return out
        out["fwd"] = [enc.value(list(fi.args)), {k: enc.value(v) for k, v in fi.kwargs.items()}]
    except (opinfo.Unencodable, opinfo.TooLarge) as e:
        return {"desc": out["desc"], "unenc": str(e) or type(e).__name__}
    try:
        torch.manual_seed(CTOR_SEED)
        m = info.module_cls(*ci.args, **ckwargs)
        if not lazy:
            m = m.to(dtype)
        m.train(True)
        out["state"] = [] if lazy else [[k, enc.value(v)] for k, v in m.state_dict().items()]
        torch.manual_seed(CALL_SEED)
        y = m(*fi.args, **fi.kwargs)
        out["out"] = Encoder(limit=LIMIT).value(y)
        if lazy:  # the parameters it materialized
            out["state"] = [[k, enc.value(v)] for k, v in m.state_dict().items()]
        record_grads(m, fi, y, out)
    except (opinfo.Unencodable, opinfo.TooLarge) as e:
        return {"desc": out["desc"], "unenc": str(e) or type(e).__name__}
    except Exception as e:  # noqa: BLE001
        out["error"] = opinfo.error(e)
    return out


def record_grads(m, fi, y, out):
    """The gradients of the sum of the floating outputs, for the parameters and the leaf inputs."""
    flat = [t for t in opinfo.flat_tensors(y) if t.is_floating_point() and t.requires_grad]
    if not flat:
        return
    enc = Encoder(limit=LIMIT)
    try:
        sum(t.sum() for t in flat).backward()
    except Exception as e:  # noqa: BLE001
        out["grad_error"] = opinfo.error(e)
        return
    out["pgrads"] = [[n, enc.value(p.grad)] for n, p in m.named_parameters()]
    # One entry per input that requires grad (those the encoding marks "rg"); a non-leaf's
    # gradient is not kept, so it is {"nonleaf": true}.
    grads = [t for t in opinfo.flat_tensors(list(fi.args) + list(fi.kwargs.values())) if t.requires_grad]
    out["igrads"] = [enc.value(t.grad) if t.is_leaf else {"nonleaf": True} for t in grads]


def main():
    start = time.time()
    entries = []
    for info in module_db:
        entry = {"name": info.module_cls.__name__, "variant": info.variant_name if hasattr(info, "variant_name") else "", "samples": []}
        for dtype in DTYPES:
            if dtype not in info.dtypes:
                continue
            try:
                inputs = info.module_inputs_func(info, device="cpu", dtype=dtype, requires_grad=True, training=True)
            except Exception as e:  # noqa: BLE001
                entry.setdefault("input_errors", []).append(opinfo.error(e))
                continue
            for mi in list(inputs)[:MAX_SAMPLES]:
                s = record(info, dtype, mi)
                s["dtype"] = opinfo.dtype_name(dtype)
                entry["samples"].append(s)
        entries.append(entry)
    json.dump({"torch": torch.__version__, "seconds": round(time.time() - start, 1), "entries": entries}, sys.stdout)


if __name__ == "__main__":
    main()
