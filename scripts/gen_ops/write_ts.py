"""Writes lib/generated/ops.ts: the binder's table and the typed signatures of every op."""
from .kinds import KINDS

KIND_TS = {kind: ts for kind, ts, _ in KINDS.values()}

# torchts namespace -> (interface name, the variant letter its overloads are bound as)
INTERFACES = [
    ("torch", "TorchOps", "f"),
    ("Tensor", "TensorOps", "m"),
    ("linalg", "LinalgOps", "f"),
    ("fft", "FftOps", "f"),
    ("special", "SpecialOps", "f"),
    ("nn", "NnOps", "f"),
    ("_VF", "VFOps", "f"),
]


def safe(name):
    return name + "_" if name in ("default", "function", "delete", "in", "var", "new") else name


def literal(value):
    return "REQUIRED" if value is None else value


def table_entry(key, op):
    variants = ("f" if "torch" in op.installs else "") + ("m" if "Tensor" in op.installs else "") or "-"
    ns = {k: v for k, v in op.installs.items() if k not in ("torch", "Tensor")}
    lines = []
    for b in op.overloads:
        ps = ", ".join(f'["{n}", "{k}", {literal(d)}, {1 if kw else 0}]' for n, k, d, kw in b.params)
        extra = ""
        if b.fn:
            extra += f' fn: "{b.fn}",'
        if b.returns in ("tuple", "outs"):
            extra += f" names: {b.names!r},".replace("'", '"')
        if b.returns in ("self", "outs") and b.self_index:
            extra += f" self: {b.self_index},"
        if b.default_device:
            extra += " defaultDevice: true,"
        if b.factory and not b.fn:
            extra += " factory: true,"
        if b.only and "Tensor" in op.installs and len(op.installs) > 1:
            extra += f' only: "{b.only}",'
        lines.append(f'    {{{extra} schema: {b.schema_text!r}, params: [{ps}], returns: "{b.returns}" }},')
    ns_text = (" ns: {" + ", ".join(f"{k}: {v!r}" for k, v in ns.items()) + " },").replace("'", '"') if ns else ""
    return (f'  {key}: {{ name: "{op.name}", variants: "{variants}",{ns_text} numbersAsTensors: {str(op.numbers_as_tensors).lower()}, overloads: [\n'
            + "\n".join(lines) + "\n  ] },")


def return_type(b):
    if b.returns in ("tuple", "outs"):
        names = [n for n in b.names if n]
        tuple_type = "[" + ", ".join("Tensor" for _ in b.names) + "]"
        return tuple_type + (" & { " + "; ".join(f"{n}: Tensor" for n in names) + " }" if names else "")
    return {"tensor": "Tensor", "self": "Tensor", "tensors": "Tensor[]", "number": "number", "bool": "boolean",
            "none": "void", "dtype": "dtype", "value": "any"}[b.returns]


def signatures(attr, op, b, variant):
    """The TS overload signatures of one overload bound as a function ("f") or method ("m")."""
    ret_ts = return_type(b)
    sig, opts, positional_required = [], [], []
    for name, kind, default, kw in b.params:
        if variant == "m" and name == "self":
            continue
        ts_type = KIND_TS[kind]
        if kind == "tensor" and op.numbers_as_tensors and name != "self" and not name.startswith("out"):
            ts_type = "Tensor | number | boolean"
        if name.startswith("out."):
            if name == "out.0":
                opts.append(f"out?: [{', '.join('Tensor' for _ in b.names)}]")
            continue
        pname = "input" if name == "self" else name
        if kw or default is not None:
            opts.append(f"{pname}?: {ts_type}")
        if not kw:
            sig.append(f"{safe(pname)}{'?' if default is not None else ''}: {ts_type}")
        if not kw and default is None:
            positional_required.append((pname, ts_type))
    if any(p[0] == "pin_memory" for p in b.params):
        opts.append("requires_grad?: boolean")
    # A required parameter may not follow an optional one in TS.
    seen_optional, fixed = False, []
    for s in sig:
        if "?:" in s:
            seen_optional = True
        elif seen_optional:
            s = s.replace(":", "?:", 1)
        fixed.append(s)
    out = [f"  /** aten::{b.schema_text} */"]
    if opts:
        options_type = "options?: { " + "; ".join(opts) + " }"
        # The options object may follow any number of the optional positional parameters, as
        # Python's keywords may (torch.fft.rfft(x, 4, dim=-1)): one signature per prefix.
        required = sum("?:" not in s for s in fixed)
        for k in range(len(fixed), required - 1, -1):
            out.append(f"  {attr}({', '.join(fixed[:k] + [options_type])}): {ret_ts};")
    else:
        out.append(f"  {attr}({', '.join(fixed)}): {ret_ts};")
    # Required positional-or-keyword parameters may come by keyword too, as in Python's
    # torch.multinomial(probs, num_samples=1): from the first one so given, the rest go in the
    # options object with it (those that TS lets stay required: the ones before the first optional).
    positional_required = positional_required[: sum("?:" not in s for s in fixed)]
    for k in range(len(positional_required)):
        leading = [f"{safe(n)}: {t}" for n, t in positional_required[:k]]
        keyed = [f"{n}: {t}" for n, t in positional_required[k:]]
        options_type = "options: { " + "; ".join(keyed + opts) + " }"
        out.append(f"  {attr}({', '.join(leading + [options_type])}): {ret_ts};")
    positional = [p for p in b.params if not p[3] and not (variant == "m" and p[0] == "self")]
    if len(positional) == 1 and positional[0][1] == "ints":
        out.append(f"  {attr}(...{positional[0][0]}: (number | {{ {'; '.join(opts)} }})[]): {ret_ts};")
    return out


def write_ts(path, ops):
    ts = [
        "// Generated by scripts/gen-ops.py from LibTorch's operator schemas. Do not edit.",
        "/* eslint-disable */",
        'import type { device } from "../device";',
        'import type { dtype, memory_format } from "../dtype";',
        'import type { layout } from "../layout";',
        'import type { Generator } from "../generator";',
        'import type { Tensor } from "../tensor";',
        'import type { OpTable } from "../_dispatch";',
        "",
        "type Scalar = number | boolean;",
        "const REQUIRED = undefined;",
        "",
        "export const OPS: OpTable = {",
    ]
    for key in sorted(ops):
        ts.append(table_entry(key, ops[key]))
    ts.append("};")
    for ns, interface, variant in INTERFACES:
        ts += ["", f"/** The generated {'methods of Tensor' if ns == 'Tensor' else 'functions of ' + ns}. */", f"export interface {interface} {{"]
        for key in sorted(ops):
            op = ops[key]
            attr = op.installs.get(ns)
            if attr is None:
                continue
            for b in op.overloads:
                if b.only and b.only != variant and "Tensor" in op.installs and len(op.installs) > 1:
                    continue
                ts += signatures(attr, op, b, variant)
        ts.append("}")
    with open(path, "w") as f:
        f.write("\n".join(ts) + "\n")
