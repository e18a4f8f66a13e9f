#!/usr/bin/env python3
"""Generates the op layer from LibTorch's own operator schemas.

Reads scripts/ops.txt (which ATen overloads torchts binds, under which Python names) and
writes, from the schemas that torch._C._jit_get_all_schemas() lists and the C++ signatures
that torchgen derives from them:

  native/ops_generated.cc   one Node-API function per overload, calling at::_ops::<op>::call
  lib/generated/ops.ts      the table the TS binder (lib/_dispatch.ts) binds calls with, and
                            the typed signatures of every torch.<op> and Tensor.<op>

Run with the reference Python (torch 2.11): `npm run gen:ops`. Never edit the outputs.
"""
import os
import re
import sys

import torch
from torchgen import local
from torchgen.api import dispatcher
from torchgen.model import FunctionSchema

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Ops whose Tensor parameters also take a JS number (Python's should_allow_numbers_as_tensors).
NUMBERS_AS_TENSORS = {"add", "add_", "sub", "sub_", "mul", "mul_", "div", "div_", "copy_"}

# torchgen's C++ type -> (C++ argument reader, binder kind, TS type)
CPP_ARGS = {
    "const at::Tensor &": ("tensorOrScalarArg", "tensor", "Tensor"),
    "at::Tensor &": ("mutableTensorArg", "tensor", "Tensor"),
    "const ::std::optional<at::Tensor> &": ("optionalTensorArg", "tensor?", "Tensor | null"),
    "at::TensorList": ("tensorListArg", "tensors", "Tensor[]"),
    "const c10::List<::std::optional<at::Tensor>> &": ("indicesArg", "indices", "(Tensor | null)[]"),
    "const at::Scalar &": ("scalarArg", "scalar", "Scalar"),
    "const ::std::optional<at::Scalar> &": ("optionalScalarArg", "scalar?", "Scalar | null"),
    "int64_t": ("intArg", "int", "number"),
    "c10::SymInt": ("symIntArg", "int", "number"),
    "::std::optional<int64_t>": ("optionalIntArg", "int?", "number | null"),
    "::std::optional<c10::SymInt>": ("optionalSymIntArg", "int?", "number | null"),
    "at::IntArrayRef": ("IntList(env, {v}, {n})", "ints", "number | number[]"),
    "c10::SymIntArrayRef": ("SymIntList(env, {v}, {n})", "ints", "number | number[]"),
    "at::OptionalIntArrayRef": ("OptionalIntList(env, {v}, {n})", "ints?", "number | number[] | null"),
    "double": ("doubleArg", "float", "number"),
    "::std::optional<double>": ("optionalDoubleArg", "float?", "number | null"),
    "bool": ("boolArg", "bool", "boolean"),
    "::std::optional<bool>": ("optionalBoolArg", "bool?", "boolean | null"),
    "at::ScalarType": ("requiredDtypeArg", "dtype", "dtype"),
    "::std::optional<at::ScalarType>": ("dtypeArg", "dtype?", "dtype | null"),
    "::std::optional<at::Layout>": ("layoutArg", "layout?", "null"),
    "::std::optional<at::Device>": ("deviceArg", "device?", "string | device | null"),
    "at::MemoryFormat": ("memoryFormatArg", "memory_format", "memory_format"),
    "::std::optional<at::MemoryFormat>": ("optionalMemoryFormatArg", "memory_format?", "memory_format | null"),
    "c10::string_view": ("StringArg(env, {v})", "str", "string"),
    "::std::optional<c10::string_view>": ("OptionalStringArg(env, {v})", "str?", "string | null"),
    "::std::optional<at::Generator>": ("generatorArg", "generator?", "Generator | null"),
    "at::ArrayRef<at::Scalar>": ("ScalarList(env, {v})", "scalars", "number[]"),
}

# torchgen's C++ return type -> (how the C++ wrapper returns it, binder kind)
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

DTYPE_CODES = {"4": 4, "6": 6, "7": 7, "11": 11}
MEMORY_FORMATS = {"contiguous_format": 0, "preserve_format": 1, "channels_last": 2, "channels_last_3d": 3}


def read_ops():
    ops = []
    with open(os.path.join(ROOT, "scripts", "ops.txt")) as f:
        for line in f:
            fields = line.split("#")[0].split()
            if fields:
                ops.append((fields[0], fields[1], fields[2:]))
    return ops


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
    # An int default of a list (int[2] padding=0) stands for that int N times, as Python reads it.
    size = re.fullmatch(r"(?:Sym)?[Ii]nt\[(\d*)\]\??", str(arg.type))
    if size and re.fullmatch(r"-?\d+", d):
        return "[" + ",".join([d] * int(size.group(1) or 1)) + "]"
    if re.fullmatch(r"-?\d+(\.\d*)?(e-?\d+)?", d) or d.startswith("["):
        return d
    raise ValueError(f"unknown default {d!r} of {arg}")


def ts_return_type(kind, schema):
    if kind == "tuple":
        names = [r.name for r in schema.returns if r.name]
        tuple_type = "[" + ", ".join("Tensor" for _ in schema.returns) + "]"
        return tuple_type + (" & { " + "; ".join(f"{n}: Tensor" for n in names) + " }" if names else "")
    return {"tensor": "Tensor", "self": "Tensor", "tensors": "Tensor[]", "number": "number", "bool": "boolean", "none": "void"}[kind]


def main():
    all_schemas = {}
    for s in torch._C._jit_get_all_schemas():
        text = str(s)
        if text.startswith("aten::"):
            # str(schema) writes list defaults as "[1, 1]"; torchgen's parser splits arguments
            # at ", ", so they go back to the native_functions.yaml form "[1,1]".
            text = re.sub(r"=\[([^\]]*)\]", lambda m: "=[" + m.group(1).replace(", ", ",") + "]", text)
            all_schemas.setdefault(text.split("(")[0][len("aten::"):], text[len("aten::"):])
    ops = read_ops()
    cc_functions, cc_registrations, includes = [], [], set()
    ts_ops, ts_methods, ts_functions = [], [], []

    with local.parametrize(use_const_ref_for_mutable_tensors=False, use_ilistref_for_tensor_lists=False):
        for py_name, variants, overloads in ops:
            ts_overloads = []
            for overload in overloads:
                schema_text = all_schemas[overload]
                schema = FunctionSchema.parse(schema_text)
                cpp_args = dispatcher.arguments(schema)
                cpp_return = dispatcher.returns_type(schema.returns).cpp_type()
                jit_args = list(schema.arguments.flat_all)
                assert len(cpp_args) == len(jit_args), overload
                base = str(schema.name.name)
                ops_struct = base + ("_" + schema.name.overload_name if schema.name.overload_name else "")
                fn = "op_" + ops_struct
                includes.add(ops_header(base))

                readers, params = [], []
                self_index = 0
                kw_only = {a.name for a in schema.arguments.flat_kwarg_only}
                for i, (cpp, arg) in enumerate(zip(cpp_args, jit_args)):
                    reader, kind, _ = CPP_ARGS[cpp.nctype.type.cpp_type()]
                    expr = f"a[{i}]"
                    # {n}: the N of an int[N] (0 for int[]), which a single int is repeated to, as Python's parser does.
                    size = (arg.type.is_list_like().size or 0) if arg.type.is_list_like() else 0
                    readers.append(reader.format(v=expr, n=size) if "{v}" in reader else f"{reader}(env, {expr})")
                    if arg.annotation is not None and arg.annotation.is_write and cpp_return == "at::Tensor &":
                        self_index = i
                    default = js_default(arg)
                    params.append((arg.name, kind, default, arg.name in kw_only))
                ret_expr, ret_kind = CPP_RETURNS[cpp_return]
                call = f"at::_ops::{ops_struct}::call({', '.join(readers)})"
                n = len(readers)
                cc_functions.append(
                    f"// aten::{schema_text}\n"
                    f"napi_value {fn}(napi_env env, napi_callback_info info) {{\n"
                    f"  return guard(env, [&] {{\n"
                    f"    Args<{max(n, 1)}> a(env, info);\n"
                    f"    return {ret_expr.format(r=call, self=self_index)};\n"
                    f"  }});\n"
                    f"}}\n")
                cc_registrations.append(f'  add(exports, "{fn}", {fn});')
                ts_overloads.append((fn, schema_text, params, ret_kind, [r.name for r in schema.returns], self_index, schema))

            # The binder's table.
            lines = []
            for fn, schema_text, params, ret_kind, ret_names, self_index, _ in ts_overloads:
                ps = ", ".join(
                    f'["{name}", "{kind}", {"REQUIRED" if default is None else default}, {1 if kw else 0}]'
                    for name, kind, default, kw in params)
                names = f", names: {[n or '' for n in ret_names]!r}".replace("'", '"') if ret_kind == "tuple" else ""
                lines.append(f'    {{ fn: "{fn}", schema: {schema_text!r}, params: [{ps}], returns: "{ret_kind}"{names} }},')
            numbers = "true" if py_name in NUMBERS_AS_TENSORS else "false"
            ts_ops.append(
                f'  {py_name}: {{ name: "{py_name}", variants: "{variants}", numbersAsTensors: {numbers}, overloads: [\n'
                + "\n".join(lines) + "\n  ] },")

            # Typed signatures.
            for fn, schema_text, params, ret_kind, ret_names, self_index, schema in ts_overloads:
                ret_ts = ts_return_type(ret_kind, schema)
                for variant in variants.replace("-", ""):
                    sig = []
                    opts = []
                    positional_required = []  # (name, type) of the required positional parameters
                    for name, kind, default, kw in params:
                        if variant == "m" and name == "self":
                            continue
                        cpp_type = next(v for v in CPP_ARGS.values() if v[1] == kind)[2]
                        if kind == "tensor" and py_name in NUMBERS_AS_TENSORS and name != "self":
                            cpp_type = "Tensor | number | boolean"
                        pname = "input" if name == "self" else name
                        if kw or default is not None:
                            opts.append(f"{pname}?: {cpp_type}")
                        if not kw:
                            sig.append(f"{safe(pname)}{'?' if default is not None else ''}: {cpp_type}")
                        if not kw and default is None:
                            positional_required.append((pname, cpp_type))
                    if "pin_memory" in [p[0] for p in params]:
                        opts.append("requires_grad?: boolean")
                    # A required parameter may not follow an optional one in TS.
                    seen_optional = False
                    fixed = []
                    for s in sig:
                        if "?:" in s:
                            seen_optional = True
                        elif seen_optional:
                            s = s.replace(":", "?:", 1)
                        fixed.append(s)
                    doc = f"  /** aten::{schema_text} */\n"
                    target = ts_methods if variant == "m" else ts_functions
                    if opts:
                        options_type = "options?: { " + "; ".join(opts) + " }"
                        target.append(doc + f"  {py_name}({', '.join(fixed + [options_type])}): {ret_ts};")
                        # Optional positional parameters may come in the options object instead.
                        required = [s for s in fixed if "?:" not in s]
                        if len(required) < len(fixed):
                            target.append(f"  {py_name}({', '.join(required + [options_type])}): {ret_ts};")
                    else:
                        target.append(doc + f"  {py_name}({', '.join(fixed)}): {ret_ts};")
                    # Required positional-or-keyword parameters may come by keyword too, as in
                    # Python's torch.multinomial(probs, num_samples=1): from the first one so
                    # given, the rest go in the options object with it.
                    # (those that TS lets stay required: the ones before the first optional)
                    positional_required = positional_required[: sum("?:" not in s for s in fixed)]
                    for k in range(len(positional_required)):
                        leading = [f"{safe(n)}: {t}" for n, t in positional_required[:k]]
                        keyed = [f"{n}: {t}" for n, t in positional_required[k:]]
                        options_type = "options: { " + "; ".join(keyed + opts) + " }"
                        target.append(f"  {py_name}({', '.join(leading + [options_type])}): {ret_ts};")
                    positional = [p for p in params if not p[3] and not (variant == "m" and p[0] == "self")]
                    if len(positional) == 1 and positional[0][1] == "ints":
                        target.append(f"  {py_name}(...{positional[0][0]}: (number | {{ {'; '.join(opts)} }})[]): {ret_ts};")

    cc = [
        "// Generated by scripts/gen-ops.py from LibTorch's operator schemas. Do not edit.",
        "// One Node-API function per ATen overload: read the arguments, call the op, wrap the result.",
        '#include "op_args.h"',
        "",
    ]
    cc += [f"#include <ATen/ops/{name}_ops.h>" for name in sorted(includes)]
    cc += ["", "namespace torchts {", "namespace {", ""]
    cc += cc_functions
    cc += ["}  // namespace", "", "void registerGeneratedOps(Exports& exports) {"] + cc_registrations + ["}", "", "}  // namespace torchts", ""]
    with open(os.path.join(ROOT, "native", "ops_generated.cc"), "w") as f:
        f.write("\n".join(cc))

    ts = [
        "// Generated by scripts/gen-ops.py from LibTorch's operator schemas. Do not edit.",
        "/* eslint-disable */",
        'import type { device } from "../device";',
        'import type { dtype, memory_format } from "../dtype";',
        'import type { Generator } from "../generator";',
        'import type { Tensor } from "../tensor";',
        'import type { OpTable } from "../_dispatch";',
        "",
        "type Scalar = number | boolean;",
        "const REQUIRED = undefined;",
        "",
        "export const OPS: OpTable = {",
    ] + ts_ops + [
        "};",
        "",
        "/** The generated methods of Tensor. */",
        "export interface TensorOps {",
    ] + ts_methods + [
        "}",
        "",
        "/** The generated functions of the torch namespace. */",
        "export interface TorchOps {",
    ] + ts_functions + ["}", ""]
    with open(os.path.join(ROOT, "lib", "generated", "ops.ts"), "w") as f:
        f.write("\n".join(ts))
    print(f"gen-ops: {sum(len(o[2]) for o in ops)} overloads of {len(ops)} ops", file=sys.stderr)


def ops_header(base):
    """The ATen/ops/<name>_ops.h that declares an op (in-place forms live with their op)."""
    ops_dir = os.path.join(torch.__path__[0], "include", "ATen", "ops")
    for name in (base, base.rstrip("_")):
        if os.path.exists(os.path.join(ops_dir, name + "_ops.h")):
            return name
    raise FileNotFoundError(f"no ATen/ops header for {base}")


def safe(name):
    return name + "_" if name in ("default", "function", "delete", "in") else name


if __name__ == "__main__":
    main()
