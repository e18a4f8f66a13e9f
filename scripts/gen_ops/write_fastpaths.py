"""Writes lib/generated/fastpaths.ts: for each op with compiled wrappers (scripts/ops.txt), its
call function as a torch function and as a Tensor method, as typed TS.

A training loop calls many ops; one generic binder shared by all of them makes its property
accesses megamorphic (measured 2.3 us per x.add(x) alone, 3.6 us after other ops ran). Each op
here gets its own small function instead, which checks the arguments of the common call shapes
inline and calls the compiled wrapper directly: positional arguments, or positional arguments
and a trailing options object (keyword arguments, as the porting contract writes them:
`torch.cat(ts, { dim: 1 })`, Adam's `addcmul_(a, b, { value })`). Any other call, and any call
these checks refuse (an unknown keyword, a value of the wrong kind), goes to the generic binder
(`slow`, lib/_dispatch.ts), which binds it or says what is wrong as Python does.
lib/_fastpath.ts makes an op's function on its first call.
"""
import json


def check(kind, x, numbers_as_tensors):
    """(test, value): the inline check and conversion of argument x, or None (no fast path)."""
    optional = kind.endswith("?")
    base = kind[:-1] if optional else kind
    if base == "tensor":
        c = ((f'({x} instanceof Tensor || typeof {x} === "number" || typeof {x} === "boolean" || h.isComplexOrBigint({x}))',
              f"({x} instanceof Tensor ? {x}._h : {x})") if numbers_as_tensors
             else (f"{x} instanceof Tensor", f"{x}._h"))
    elif base == "scalar":
        c = (f'(typeof {x} === "number" || typeof {x} === "boolean" || h.isComplexOrBigint({x}))', x)
    elif base == "int":
        c = (f"Number.isInteger({x})", x)
    elif base == "ints":
        # A single int goes as it is: the native reader repeats it to the list's size.
        c = (f"(Number.isInteger({x}) || h.isIntList({x}))", x)
    elif base == "float":
        c = (f'typeof {x} === "number"', x)
    elif base == "bool":
        c = (f'typeof {x} === "boolean"', x)
    elif base == "dtype":
        c = (f"{x} instanceof dtype", f"{x}.code")
    elif base == "tensors":
        c = (f"h.isTensorList({x})", f"h.handles({x})")
    else:
        return None
    if not optional:
        return c
    return (f"({x} === null || {x} === undefined || {c[0]})", f"({x} === null || {x} === undefined ? null : {c[1]})")


def keyword_check(kind, x, numbers_as_tensors):
    """(test, value) of a keyword argument: check()'s kinds, and a device."""
    base = kind[:-1] if kind.endswith("?") else kind
    if base != "device":
        return check(kind, x, numbers_as_tensors)
    c = (f'(typeof {x} === "string" || {x} instanceof device)', f'(typeof {x} === "string" ? {x} : String({x}))')
    if not kind.endswith("?"):
        return c
    return (f"({x} === null || {c[0]})", f"({x} === null ? null : {c[1]})")


RESERVED = {"var", "new", "delete", "in", "default", "function", "typeof", "void", "with", "class", "const", "let"}


def literal(default):
    return "undefined" if default is None else default


def default_of(b, p):
    """A parameter not given: its default, or for a factory's device torch.set_default_device's."""
    if p[0] == "device" and b.default_device:
        return "h.defaultDevice()"
    return literal(p[2])


def overload_lines(b, index, method, numbers_as_tensors, taken):
    """The fast-path lines of one overload, and how many arguments (a0, a1, ...) they read.
    `taken`: the conditions of earlier overloads' positional lines, which win; a line of the
    same condition here could never run (x.sum(): both overloads take no arguments)."""
    params = [p for p in b.params if not (method and p[0] == "self")]
    positional = [p for p in params if not p[3]]

    def ret(call):
        if b.returns == "tensor":
            return f"return new Tensor({call});"
        if b.returns == "self":
            target = "this" if method else f"a{[p[0] for p in positional].index('self')}"
            return f"{call}; return {target};"
        if b.returns == "tuple":
            return f"return h.tuple({call}, {json.dumps(b.names)});"
        if b.returns == "none":
            return f"{call}; return undefined;"
        if b.returns == "tensors":
            return f"return h.tensors({call});"
        return f"return {call};"

    lines = []
    arity = 0
    for n in range(len(positional) + 1):
        # Every parameter past the n given must have a default (no keyword-only required ones).
        rest = [p for p in params if p[3] or positional.index(p) >= n]
        if any(p[2] is None for p in rest):
            continue
        tests, values = [], {}
        for i, p in enumerate(positional[:n]):
            c = check(p[1], f"a{i}", numbers_as_tensors and p[0] != "self")
            if c is None:
                break
            tests.append(c[0])
            values[p[0]] = c[1]
        else:
            args = ["this._h" if method and p[0] == "self" else values.get(p[0], default_of(b, p)) for p in b.params]
            condition = " && ".join([f"n === {n}"] + tests)
            if condition in taken:
                continue
            taken.add(condition)
            call = f"f{index}(" + ", ".join(args) + ")"
            lines.append(f"      if ({condition}) {{ {ret(call)} }}")
            arity = max(arity, n)
    # Options after the required positional arguments, or after one more (x.sum(1, { keepdim })):
    # the forms calls take; any other split goes to the generic binder.
    required = len([p for p in positional if p[2] is None])
    for n in range(required, min(required + 1, len(positional)) + 1):
        keyword = keyword_lines(b, index, method, positional, n, numbers_as_tensors, ret)
        if keyword:
            lines += keyword
            arity = max(arity, n + 1)  # the options object is a{n}
    if len(positional) == 1 and positional[0][1] == "ints" and all(p is positional[0] or p[2] is not None for p in params):
        # x.view(2, 3): the size list spread as arguments.
        args = ["this._h" if method and p[0] == "self" else "h.slice(arguments)" if p is positional[0] else default_of(b, p) for p in b.params]
        call = f"f{index}(" + ", ".join(args) + ")"
        lines.append(f"      if (n > 1 && h.allInts(arguments)) {{ {ret(call)} }}")
        # torch.ones(2, 3, { dtype }): spread, then keyword arguments.
        lines += keyword_lines(b, index, method, positional, None, numbers_as_tensors, ret)
    return lines, arity


def keyword_lines(b, index, method, positional, n, numbers_as_tensors, ret):
    """The fast path of n positional arguments and an options object, or of a spread size list
    and one (n None); [] where some parameter left to the options object cannot be read inline.

    The object is read once per parameter the call does not give by position; its own keys with
    a value must be exactly those read (h.keywordCount), so an unknown or repeated keyword goes
    to the generic binder, which names it as Python does."""
    given = positional[:1] if n is None else positional[:n]
    tests, values = [], {}
    for i, p in enumerate(given):
        if n is None:
            tests.append("h.allInts(arguments, n - 1)")
            values[p[0]] = "h.slice(arguments, n - 1)"
            continue
        c = check(p[1], f"a{i}", numbers_as_tensors and p[0] != "self")
        if c is None:
            return []
        tests.append(c[0])
        values[p[0]] = c[1]
    given_names = {p[0] for p in given}
    keywords, present = [], []
    required = 0  # keywords without a default: present whenever the checks pass
    for p in b.params:
        if p[0] in given_names or (method and p[0] == "self"):
            continue
        if p[0] == "self" or p[0].startswith("out."):
            return []  # Python's `input=` and `out=`: the generic binder's
        k = f"k{len(keywords)}"
        keywords.append(f"{k} = o.{p[0]}")
        c = keyword_check(p[1], k, numbers_as_tensors)
        default = default_of(b, p)
        if c is None:
            if p[2] is None:
                return []
            # Not readable inline: only its absence passes (and counts nothing).
            tests.append(f"{k} === undefined")
            values[p[0]] = default
            continue
        if p[2] is None:
            # No check takes undefined: a required keyword that passes was given.
            tests.append(c[0])
            values[p[0]] = c[1]
            required += 1
            continue
        elif p[1].endswith("?") and default == "null":
            # An optional kind's check takes undefined too, and its value is then null.
            tests.append(c[0])
            values[p[0]] = c[1]
        else:
            tests.append(f"({k} === undefined || {c[0]})")
            # A default-device factory given device=None makes its tensor on the default device.
            unset = f"{k} === undefined || {k} === null" if p[0] == "device" and b.default_device else f"{k} === undefined"
            values[p[0]] = f"({unset} ? {default} : {c[1]})"
        present.append(f"+({k} !== undefined)")
    if not keywords:
        return []
    o = "arguments[n - 1]" if n is None else f"a{n}"
    args = ["this._h" if method and p[0] == "self" else values[p[0]] for p in b.params]
    call = f"f{index}(" + ", ".join(args) + ")"
    count = " + ".join(([str(required)] if required else []) + present) or "0"
    first = f"n > 2 && h.isOptions({o})" if n is None else f"n === {n + 1} && h.isOptions({o})"
    return [
        f"      if ({first}) {{",
        f"        const o = {o} as Options;",
        f"        const {', '.join(keywords)};",
        f"        if ({' && '.join(tests)} && h.keywordCount(o) === {count}) {{ {ret(call)} }}",
        "      }",
    ]


def op_function(key, op, method):
    """The factory of one op's call function, or None when it has no compiled overload for the form."""
    variant = "m" if method else "f"
    overloads = [b for b in op.overloads if b.only in (None, variant)]
    fast = [b for b in overloads if b.fn]
    if not fast:
        return None
    body, arity, taken = [], 0, set()
    for i, b in enumerate(fast):
        lines, used = overload_lines(b, i, method, op.numbers_as_tensors, taken)
        body += lines
        arity = max(arity, used)
    args = ", ".join(f"a{i}?: unknown" for i in range(arity))
    this = "this: Tensor, " if method else ""
    writes = any(b.returns in ("self", "outs") for b in fast)
    natives = "\n".join(f"  const f{i} = native.{b.fn};" for i, b in enumerate(fast))
    name = f"op${key}{'$method' if method else ''}"
    inner = key + "_" if key in RESERVED else key
    if writes:
        # An op that writes a tensor is not tried again after running out of memory: a failed
        # call may have changed it already (resize_ sets the sizes first).
        body = [line[2:] for line in body]
    else:
        # Out of memory: collect garbage, then the generic path tries again (once).
        body = ["    try {", *body, "    } catch (e) {", "      if (!h.isOutOfMemory(e)) throw e;", "      h.collectGarbage();", "    }"]
    return "\n".join([
        f"export function {name}(slow: Slow): OpFunction {{",
        natives,
        f"  return function {inner}({this}{args}): unknown {{",
        "    const n = arguments.length;",
        *body,
        f"    return slow({'this' if method else 'null'}, h.slice(arguments));",
        "  };",
        "}",
    ])


def write_fastpaths(path, ops):
    ts = [
        "// Generated by scripts/gen-ops.py (scripts/gen_ops/write_fastpaths.py). Do not edit.",
        "// The fast paths of the compiled ops: for each, `op$<op>(slow)` makes its torch function and",
        "// `op$<op>$method(slow)` its Tensor method; lib/_fastpath.ts calls them on an op's first use.",
        "/* eslint-disable */",
        'import { device } from "../device";',
        'import { dtype } from "../dtype";',
        'import { fastPathHelpers as h, OpFunction, Options, Slow } from "../_fastpath";',
        'import { native } from "../native";',
        'import { Tensor } from "../tensor";',
        "",
        "void device, dtype;",
        "",
    ]
    for key in sorted(ops):
        op = ops[key]
        for method in (False, True):
            source = op_function(key, op, method)
            if source:
                ts += [source, ""]
    with open(path, "w") as f:
        f.write("\n".join(ts))
