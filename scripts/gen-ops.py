#!/usr/bin/env python3
"""Generates the op layer from LibTorch's own operator schemas.

Which ops: every name that Python's torch binds from ATen (torch.*, Tensor methods,
torch.linalg, torch.fft, torch.special, torch._C._nn), with the overloads Python binds for it
(scripts/gen_ops/surface.py). Names torchts leaves out are in scripts/ops-exclude.txt, each
with its reason. scripts/ops.txt lists the ops whose calls are compiled into C++ wrappers for
speed (the hot ops), and ops used only inside lib/.

Writes:
  native/ops_generated.cc   one Node-API function per compiled overload (at::_ops::<op>::call);
                            every other overload is called through the dispatcher's boxed
                            interface (native/boxed.cc), found by name on first use
  lib/generated/ops.ts      the binder's table (lib/_dispatch.ts) and the typed signatures of
                            every function and method
  lib/generated/fastpaths.ts  the compiled ops' call functions, with inline fast paths

Run with the reference Python (torch 2.11, with PyYAML for torchgen): `npm run gen:ops`.
Never edit the outputs.
"""
import os
import re
import sys

import torch
from torchgen import local
from torchgen.api import dispatcher
from torchgen.model import FunctionSchema

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_ops.kinds import KINDS, list_size, schema_type  # noqa: E402
from gen_ops.surface import surface  # noqa: E402
from gen_ops.write_fastpaths import write_fastpaths  # noqa: E402
from gen_ops.write_ts import write_ts  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Ops whose Tensor parameters also take a JS number: Python's should_allow_numbers_as_tensors
# (torch/csrc/utils/python_arg_parser.cpp). Elsewhere a number goes to a Scalar overload.
NUMBERS_AS_TENSORS = {"add", "add_", "div", "div_", "divide", "divide_", "mul", "mul_", "multiply",
                      "multiply_", "sub", "sub_", "subtract", "subtract_", "true_divide", "true_divide_",
                      "to", "_to_copy", "copy_", "floor_divide", "floor_divide_", "_conj"}

# The compiled wrappers' C++ return type -> (how the wrapper returns it, binder result kind)
CPP_RETURNS = {
    "at::Tensor": ("wrap(env, {r})", "tensor"),
    "at::Tensor &": ("({r}, a[{self}])", "self"),
    "::std::tuple<at::Tensor,at::Tensor>": ("wrapTuple(env, {r})", "tuple"),
    "::std::tuple<at::Tensor,at::Tensor,at::Tensor>": ("wrapTuple(env, {r})", "tuple"),
    "::std::vector<at::Tensor>": ("wrapList(env, {r})", "tensors"),
    "int64_t": ("jsNumber(env, static_cast<double>({r}))", "number"),
    "bool": ("jsBool(env, {r})", "bool"),
    "void": ("({r}, jsUndefined(env))", "none"),
}

# The factories that take torch.set_default_device's device when given none (Python's own list).
from torch.utils._device import _device_constructors  # noqa: E402

DEVICE_CONSTRUCTORS = {getattr(f, "__name__", "") for f in _device_constructors()}

MEMORY_FORMATS = {"contiguous_format": 0, "preserve_format": 1, "channels_last": 2, "channels_last_3d": 3}


def read_list(name):
    """Lines of a scripts/ list: (fields...) with comments cut."""
    entries = []
    with open(os.path.join(ROOT, "scripts", name)) as f:
        for line in f:
            fields = line.split("#")[0].split()
            if fields:
                entries.append(fields)
    return entries


def jit_schemas():
    """'name.overload' -> the schema as the JIT prints it (defaults in the form the binder takes)."""
    schemas = {}
    for s in torch._C._jit_get_all_schemas():
        text = str(s)
        if text.startswith("aten::"):
            # str(schema) writes list defaults as "[1, 1]"; torchgen's parser splits arguments
            # at ", ", so they go back to the native_functions.yaml form "[1,1]".
            text = re.sub(r"=\[([^\]]*)\]", lambda m: "=[" + m.group(1).replace(", ", ",") + "]", text)
            schemas.setdefault(text.split("(")[0][len("aten::"):], text[len("aten::"):])
    return schemas


def js_default(arg):
    """The default value of a schema argument as a JS literal, or None when required."""
    d = arg.default
    if d is None:
        return "null" if arg.type.is_nullable() else None
    if d == "None":
        return "null"
    if d in ("True", "False"):
        return d.lower()
    if d in MEMORY_FORMATS:
        return str(MEMORY_FORMATS[d])
    if str(arg.type) in ("ScalarType?", "ScalarType"):
        return str(int(d))
    if d.startswith("'") or d.startswith('"'):
        return '"' + d[1:-1] + '"'
    if d in ("inf", "-inf"):
        return d.replace("inf", "Infinity")
    # An int default of a list (int[2] padding=0) stands for that int N times, as Python reads it.
    size = re.fullmatch(r"(?:Sym)?[Ii]nt\[(\d*)\]\??", str(arg.type))
    if size and re.fullmatch(r"-?\d+", d):
        return "[" + ",".join([d] * int(size.group(1) or 1)) + "]"
    if re.fullmatch(r"-?\d+(\.\d*)?(e-?\d+)?", d) or d.startswith("["):
        return d
    if d == "long":  # ScalarType defaults as yaml writes them
        return "4"
    if str(arg.type) in ("Layout", "Layout?", "Device", "Device?"):
        return "null"
    raise ValueError(f"unknown default {d!r} of {arg}")


class Bound:
    """One overload as the binder sees it: its parameters, result and, when compiled, its wrapper."""

    def __init__(self, schema_text, only=None):
        self.schema_text = schema_text
        self.schema = FunctionSchema.parse(schema_text)
        self.only = only  # "f" or "m" when the overload is bound as only one of the two
        # A factory (it takes TensorOptions): runs below autograd's in-place/view layer, as torch::'s
        # variable factories do (a new tensor's version is 0); its device may default.
        # (x.to(dtype=...) takes TensorOptions but follows x: not a factory; the *_like ones are.)
        takes_tensor = any(str(a.type).startswith("Tensor") for a in self.schema.arguments.flat_all)
        self.factory = any(a.name == "pin_memory" for a in self.schema.arguments.flat_all) and (
            not takes_tensor or str(self.schema.name.name).endswith("_like"))
        self.default_device = any(a.name == "device" for a in self.schema.arguments.flat_all) and str(self.schema.name.name) in DEVICE_CONSTRUCTORS
        self.fn = None  # the compiled wrapper's name, when compiled
        args = list(self.schema.arguments.flat_all)
        kw_only = {a.name for a in self.schema.arguments.flat_kwarg_only}
        outs = [a.name for a in self.schema.arguments.out]
        self.params = []
        for a in args:
            kind = KINDS[schema_type(a)][0]
            name = a.name
            if a.name in outs:
                # Python takes every out tensor in one out= keyword (a tuple for several).
                name = "out" if len(outs) == 1 else f"out.{outs.index(a.name)}"
            self.params.append((name, kind, js_default(a), a.name in kw_only or a.name in outs))
        written = [i for i, a in enumerate(args) if a.annotation is not None and a.annotation.is_write]
        returns = self.schema.returns
        self.names = [r.name or "" for r in returns]
        if outs:
            self.returns, self.self_index = ("outs" if len(outs) > 1 else "self"), args.index(next(a for a in args if a.name == outs[0]))
        elif returns and all(r.annotation is not None and r.annotation.is_write for r in returns) and written:
            self.returns, self.self_index = "self", written[0]
        else:
            self.self_index = 0
            types = [str(r.type) for r in returns]
            if not types:
                self.returns = "none"
            elif types == ["Tensor"]:
                self.returns = "tensor"
            elif all(t == "Tensor" for t in types):
                self.returns = "tuple"
            elif types == ["Tensor[]"]:
                self.returns = "tensors"
            elif types in (["int"], ["SymInt"], ["float"]):
                self.returns = "number"
            elif types == ["bool"]:
                self.returns = "bool"
            elif types == ["ScalarType"]:
                self.returns = "dtype"
            else:
                self.returns = "value"

    @property
    def overload(self):
        return self.schema_text.split("(")[0]


def compiled_wrapper(bound):
    """The C++ of one compiled overload's Node-API function; sets bound.fn."""
    schema = bound.schema
    cpp_args = dispatcher.arguments(schema)
    cpp_return = dispatcher.returns_type(schema.returns).cpp_type()
    jit_args = list(schema.arguments.flat_all)
    base = str(schema.name.name)
    ops_struct = base + ("_" + schema.name.overload_name if schema.name.overload_name else "")
    bound.fn = "op_" + ops_struct
    readers = []
    for i, (cpp, arg) in enumerate(zip(cpp_args, jit_args)):
        if cpp.nctype.type.cpp_type() == "at::Tensor &":
            reader = "mutableTensorArg"
        else:
            reader = KINDS[schema_type(arg)][2]
            if reader is None:
                raise ValueError(f"no compiled reader for {arg.type} ({bound.overload}): leave it out of ops.txt")
        expr = f"a[{i}]"
        readers.append(reader.format(v=expr, n=list_size(arg)) if "{v}" in reader else f"{reader}(env, {expr})")
    ret_expr, _ = CPP_RETURNS[cpp_return]
    call = f"at::_ops::{ops_struct}::call({', '.join(readers)})"
    n = len(readers)
    guard = "    at::AutoDispatchBelowADInplaceOrView below_autograd;\n" if bound.factory else ""
    return base, (
        f"// aten::{bound.schema_text}\n"
        f"napi_value {bound.fn}(napi_env env, napi_callback_info info) {{\n"
        f"  return guard(env, [&] {{\n"
        f"    Args<{max(n, 1)}> a(env, info);\n"
        f"{guard}"
        f"    return {ret_expr.format(r=call, self=bound.self_index)};\n"
        f"  }});\n"
        f"}}\n")


class Op:
    """One table entry: an ATen name, where it is installed, and its overloads in binding order."""

    def __init__(self, name):
        self.name = name
        self.installs = {}  # namespace -> attribute name ("torch", "Tensor", "linalg", ...)
        self.overloads = []  # [Bound]

    @property
    def numbers_as_tensors(self):
        return self.name in NUMBERS_AS_TENSORS


def build_table():
    schemas = jit_schemas()
    excluded = {fields[0] for fields in read_list("ops-exclude.txt")}
    ops = {}
    unsupported = []
    # What Python binds.
    for (ns, attr), (name, overloads, variant) in sorted(surface().items()):
        if f"{ns}.{attr}" in excluded:
            continue
        usable = [o for o in overloads if o.unsupported is None and o.name in schemas]
        if not usable:
            reason = overloads[0].unsupported if overloads else "no ATen overload (bound by hand in Python)"
            unsupported.append(f"{ns}.{attr}: {reason}")
            continue
        op = ops.setdefault(name, Op(name))
        op.installs[ns] = attr
        for o in usable:
            existing = next((b for b in op.overloads if b.overload == o.name), None)
            if existing is None:
                op.overloads.append(Bound(schemas[o.name], only=variant))
            elif existing.only != variant:
                existing.only = None
    # The compiled ones go first, in ops.txt's order (the order Python's parser tries them in).
    cc_functions, cc_registrations, includes = [], [], set()
    for fields in read_list("ops.txt"):
        py_name, variants, names = fields[0], fields[1], fields[2:]
        op = ops.setdefault(py_name, Op(py_name))
        # Installed where Python has it, and where ops.txt says (torchts's form of what Python
        # writes by hand, such as torch.split, until lib/ writes it); "-": only used in lib/.
        if "f" in variants:
            op.installs["torch"] = py_name
        if "m" in variants:
            op.installs["Tensor"] = py_name
        compiled = []
        for overload in names:
            bound = next((b for b in op.overloads if b.overload == overload), None) or Bound(schemas[overload])
            bound.only = None  # bound as every variant ops.txt gives
            base, source = compiled_wrapper(bound)
            includes.add(ops_header(base))
            cc_functions.append(source)
            cc_registrations.append(f'  add(exports, "{bound.fn}", {bound.fn});')
            compiled.append(bound)
        op.overloads = compiled + [b for b in op.overloads if b not in compiled]
    return ops, (cc_functions, cc_registrations, includes), unsupported


def write_cc(cc_functions, cc_registrations, includes):
    cc = [
        "// Generated by scripts/gen-ops.py from LibTorch's operator schemas. Do not edit.",
        "// The compiled wrappers of the hot ops (scripts/ops.txt): read the arguments, call the op,",
        "// wrap the result. Every other op goes through native/boxed.cc.",
        '#include "op_args.h"',
        "",
    ]
    cc += [f"#include <ATen/ops/{name}_ops.h>" for name in sorted(includes)]
    cc += ["", "namespace torchts {", "namespace {", ""]
    cc += cc_functions
    cc += ["}  // namespace", "", "void registerGeneratedOps(Exports& exports) {"] + cc_registrations + ["}", "", "}  // namespace torchts", ""]
    with open(os.path.join(ROOT, "native", "ops_generated.cc"), "w") as f:
        f.write("\n".join(cc))


def ops_header(base):
    """The ATen/ops/<name>_ops.h that declares an op (in-place forms live with their op)."""
    ops_dir = os.path.join(torch.__path__[0], "include", "ATen", "ops")
    for name in (base, base.rstrip("_")):
        if os.path.exists(os.path.join(ops_dir, name + "_ops.h")):
            return name
    raise FileNotFoundError(f"no ATen/ops header for {base}")


def main():
    with local.parametrize(use_const_ref_for_mutable_tensors=False, use_ilistref_for_tensor_lists=False):
        ops, cc, unsupported = build_table()
    write_cc(*cc)
    write_ts(os.path.join(ROOT, "lib", "generated", "ops.ts"), ops)
    write_fastpaths(os.path.join(ROOT, "lib", "generated", "fastpaths.ts"), ops)
    if unsupported:
        print("gen-ops: names Python binds that no overload of can be passed yet (implemented in lib/ or in scripts/ops-exclude.txt: test/coverage.test.ts checks):", file=sys.stderr)
        for line in unsupported:
            print("  " + line, file=sys.stderr)
    n = sum(len(o.overloads) for o in ops.values())
    print(f"gen-ops: {len(ops)} ops, {n} overloads ({len(cc[0])} compiled)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
