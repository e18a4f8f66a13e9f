"""What Python binds: every name of torch._C's op namespaces, with the ATen overloads behind it.

Python's bindings (tools/autograd/gen_python_functions.py, not shipped in the wheel) bind each
native function of native_functions.yaml in the namespace its python_module names, as a
function and/or a Tensor method as its variants say, with .out overloads as the out= keyword.
Here the names come from the live modules (the truth of what Python has) and the overloads
from the yaml, so what Python binds by hand (arange, full, ...) is found too.
"""
import os
import re
from collections import defaultdict

import torch
from torchgen.api.python import signature
from torchgen.gen import parse_native_yaml
from torchgen.model import Variant

from .kinds import KINDS, UNSUPPORTED, schema_type

# The namespaces: (torchts namespace, Python module, prefix its names drop, python_module).
NAMESPACES = [
    ("torch", torch._C._VariableFunctions, "", None),
    ("linalg", torch._C._linalg, "linalg_", "linalg"),
    ("fft", torch._C._fft, "fft_", "fft"),
    ("special", torch._C._special, "special_", "special"),
    ("nn", torch._C._nn, "", "nn"),
]

# Signatures Python's bindings leave out (SKIP_PYTHON_BINDINGS_SIGNATURES): a number there
# goes to the Tensor overload as a wrapped number instead.
SKIPPED_SIGNATURES = {
    "add.Scalar", "add_.Scalar", "sub.Scalar", "sub_.Scalar",
    "mul.Scalar", "mul_.Scalar", "div.Scalar", "div_.Scalar",
}


# What Python's bindings write by hand (_SKIP_PYTHON_BINDINGS of gen_python_functions.py, for
# the names Python has): their signatures differ from the schema's (x.to(...), x.size(dim)), so
# lib/ writes them too.
HAND_BOUND = re.compile(r"^(?:" + "|".join([
    "alias", "contiguous", "is_cuda", "is_sparse", "is_sparse_csr", "size", "stride", "sym_size",
    "sym_stride", "sym_storage_offset", "sym_numel", "tensor", "_?sparse_(?:coo|compressed|csr|csc|bsr|bsc)_tensor.*",
    "index", "slice", "item", "_local_scalar_dense", "to", "_to_copy", "copy_", "numpy_T", "matrix_H",
    "mT", "mH", "set_data", "data", "is_leaf", "output_nr", "_version", "requires_grad_",
    "retains_grad", "set_", "nbytes", "itemsize", "type", "numel", "dim", "tolist",
    # written in lib/tensor_api.ts with Python's own checks (complex fill values, size errors):
    "new_tensor", "new_zeros", "new_ones", "new_full", "new_empty",
    "element_size", "get_device", "is_contiguous",
]) + r")$")


class Overload:
    def __init__(self, f):
        self.f = f
        self.schema = f.func
        self.name = str(f.func.name)  # "add.Tensor"
        self.unsupported = next(
            (UNSUPPORTED.get(schema_type(a), f"type {a.type}") for a in f.func.arguments.flat_all
             if schema_type(a) not in KINDS), None)
        if self.unsupported is None and any(str(r.type) not in ("Tensor", "Tensor[]", "bool", "int", "SymInt", "float", "Scalar", "ScalarType") for r in f.func.returns):
            self.unsupported = "returns " + ", ".join(str(r.type) for r in f.func.returns)


def native_functions():
    d = os.path.join(os.path.dirname(__import__("torchgen").__file__), "packaged", "ATen", "native")
    return parse_native_yaml(os.path.join(d, "native_functions.yaml"), os.path.join(d, "tags.yaml")).native_functions


def bound_names(module):
    return sorted(n for n in dir(module) if not (n.startswith("__") and n.endswith("__")))


def python_level(name):
    """torch.<name> is a Python function over the op of that name (torch/functional.py)."""
    return hasattr(torch, name) and getattr(torch, name) is not getattr(torch._C._VariableFunctions, name)


def method_names():
    """Tensor's methods (those torch/_tensor.py writes in Python are lib/'s); its attributes (x.mT, x.data, x.is_leaf: getset descriptors) are not ops to call."""
    descriptor = type(torch._C.TensorBase.data)
    return {n for n in dir(torch._C.TensorBase) if not isinstance(getattr(torch._C.TensorBase, n), descriptor)}


def surface():
    """{(namespace, attr): (aten name, [Overload], variants)}: variants "f" (function), "m" (Tensor method)."""
    by_name = defaultdict(list)  # (python_module, aten name) -> [NativeFunction]
    for f in native_functions():
        if f.func.name.overload_name and f"{f.func.name.name}.{f.func.name.overload_name}" in SKIPPED_SIGNATURES:
            continue
        by_name[(f.python_module, str(f.func.name.name))].append(f)
    result = {}
    for ns, module, prefix, python_module in NAMESPACES:
        for name in bound_names(module):
            if HAND_BOUND.match(name):
                continue
            if ns == "torch" and python_level(name):
                ns_here = "_VF"  # torch.X is Python code over the op (lib/ writes it); the op is torch._VF.X
            else:
                ns_here = ns
            fs = by_name.get((python_module, name), [])
            attr = name[len(prefix):] if prefix and name.startswith(prefix) else name
            fs = [f for f in fs if Variant.function in f.variants]
            result[(ns_here, attr)] = (name, [Overload(f) for f in order(fs)], "f")
    methods = method_names()
    for (python_module, name), fs in by_name.items():
        if python_module is None and name in methods and name not in vars(torch.Tensor) and not HAND_BOUND.match(name):
            fs = [f for f in fs if Variant.method in f.variants]
            if fs:
                result[("Tensor", name)] = (name, [Overload(f) for f in order(fs, method=True)], "m")
    return result


def order(fs, method=False):
    """Overloads in the order Python's parser tries them (sort_overloads of gen_python_functions.py,
    which the wheel does not ship): by signature text, then those that shadow others first (a
    Tensor parameter before a Scalar or an int one, int before int[], ...). The out= forms follow."""
    functional = sorted((f for f in fs if not f.func.is_out_fn()), key=lambda f: python_signature(f, method).signature_str())
    larger_than = defaultdict(set)
    for i1, f1 in enumerate(functional):
        for i2, f2 in enumerate(functional):
            if is_smaller(python_signature(f1, method), python_signature(f2, method)):
                larger_than[i1].add(i2)
    sorted_ids = [i for i in range(len(functional)) if i not in larger_than]
    for idx in range(len(functional)):
        if idx >= len(sorted_ids):
            break
        i = sorted_ids[idx]
        for j in sorted(larger_than.keys()):
            larger_than[j].discard(i)
            if not larger_than[j]:
                del larger_than[j]
                sorted_ids.append(j)
    ordered = [functional[i] for i in sorted_ids]
    # An out= form is a keyword of its functional form: without one bound (add.Scalar is
    # skipped), Python has no add.Scalar_out either.
    outs = [f for f in fs if f.func.is_out_fn() and any(same_arguments(g, f) for g in ordered)]
    return ordered + sorted(outs, key=lambda f: next((k for k, g in enumerate(ordered) if str(g.func.name.name) == str(f.func.name.name) and same_arguments(g, f)), len(ordered)))


def python_signature(f, method):
    return signature(f, method=method)


def same_arguments(functional, out):
    """out is the out= form of functional: the same arguments, out's outputs and a factory's
    TensorOptions (dtype, layout, device, pin_memory: the out tensor has them) aside."""
    def signature(args):
        return [(a.name, str(a.type)) for a in args if a.name not in ("dtype", "layout", "device", "pin_memory")]
    return signature(functional.func.arguments.flat_all) == signature(a for a in out.func.arguments.flat_all if a not in out.func.arguments.out)


def is_arg_smaller(t1, t2):
    t1, t2 = str(t1), str(t2)
    return (t1 == "Scalar" and t2 == "Tensor" or t1 == "Scalar?" and t2 == "Tensor?"
            or "Dimname" in t1 and "Dimname" not in t2
            or t1 == "int[]" and t2 in ("int", "int?")
            or t1 == "Tensor[]" and "[]" in t2
            or t1 == "SymInt[]" and t2 == "int[]"
            or t1 in ("SymInt", "int") and t2 == "Tensor")


def is_smaller(s1, s2):
    """s1 < s2 in the partial order: at every position the same type or one Python tries later."""
    args1, args2 = s1.arguments(skip_outputs=True), s2.arguments(skip_outputs=True)
    if len(args1) != len(args2):
        return False
    equal = all(a1.type == a2.type for a1, a2 in zip(args1, args2))
    smaller_or_equal = all(str(a1.type) == str(a2.type) or is_arg_smaller(a1.type, a2.type) for a1, a2 in zip(args1, args2))
    return smaller_or_equal and not equal
