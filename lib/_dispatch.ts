// Binds a JS call to one overload of a generated ATen op, as Python's argument parser does:
// positional arguments in the schema's order, keyword arguments from one trailing options
// object, defaults from the schema, and the first overload whose parameters accept the
// arguments wins. The op table comes from scripts/gen-ops.py (lib/generated/ops.ts).
import { isOptions } from "./_args";
import { compileOp } from "./_fastpath";
import { retryAfterCollect } from "./memory";
import { device } from "./device";
import { dtype, memory_format } from "./dtype";
import { describe, TypeError } from "./errors";
import { Generator } from "./generator";
import { native, Handle } from "./native";
import { Tensor } from "./tensor";

/** How a parameter is read: the binder's name for each C++ parameter type. */
export type ParamKind =
  | "tensor" | "tensor?" | "tensors" | "indices"
  | "scalar" | "scalar?"
  | "int" | "int?" | "ints" | "ints?"
  | "float" | "float?" | "bool" | "bool?"
  | "dtype" | "dtype?" | "device?" | "layout?"
  | "memory_format" | "memory_format?"
  | "str" | "str?" | "generator?" | "scalars";

/** [name, kind, default (undefined: required), keyword-only (1) or not (0)] */
export type Param = readonly [string, ParamKind, unknown, 0 | 1];

export interface Overload {
  fn: string;
  schema: string;
  params: readonly Param[];
  returns: "tensor" | "self" | "tuple" | "tensors" | "number" | "bool" | "none";
  names?: readonly string[];
}

export interface OpDef {
  name: string;
  variants: string;
  numbersAsTensors: boolean;
  overloads: readonly Overload[];
}

export type OpTable = Record<string, OpDef>;

const MISMATCH = Symbol("mismatch");
type Native = (...args: unknown[]) => unknown;

/** An overload made ready to call: its native function and where `self` goes. */
interface Prepared extends Overload {
  call: Native;
  selfIndex: number;
  positional: number;
  /** The one positional parameter is a size list: it also takes varargs, as in Python. */
  varargsInts: boolean;
  factory: boolean;
  names_: Set<string>;
}

function prepare(op: OpDef): Prepared[] {
  return op.overloads.map((o) => {
    const call = (native as unknown as Record<string, Native>)[o.fn];
    if (!call) throw new Error(`torchts: the addon lacks ${o.fn}: rebuild it (npm run build:native)`);
    const positional = o.params.filter((p) => !p[3] && p[0] !== "self");
    return {
      ...o,
      call,
      selfIndex: o.params.findIndex((p) => p[0] === "self"),
      positional: positional.length,
      varargsInts: positional.length === 1 && positional[0][1] === "ints",
      factory: o.params.some((p) => p[0] === "pin_memory"),
      names_: new Set(o.params.map((p) => (p[0] === "self" ? "input" : p[0]))),
    };
  });
}

/** Reads one argument as `kind`; MISMATCH when it is not of that kind. */
function convert(kind: ParamKind, value: unknown, numbersAsTensors: boolean): unknown {
  switch (kind) {
    case "tensor":
      if (value instanceof Tensor) return value._h;
      if (numbersAsTensors && (typeof value === "number" || typeof value === "boolean")) return value;
      return MISMATCH;
    case "scalar":
      return typeof value === "number" || typeof value === "boolean" ? value : MISMATCH;
    case "int":
      return Number.isInteger(value) ? value : MISMATCH;
    case "ints":
      // A single int goes as it is: the native reader repeats it to the list's size (int[2]).
      if (Number.isInteger(value)) return value;
      return Array.isArray(value) && value.every(Number.isInteger) ? value : MISMATCH;
    case "float":
      return typeof value === "number" ? value : MISMATCH;
    case "bool":
      return typeof value === "boolean" ? value : MISMATCH;
    case "tensors":
      return Array.isArray(value) && value.every((t) => t instanceof Tensor) ? value.map((t: Tensor) => t._h) : MISMATCH;
    case "indices":
      return Array.isArray(value) && value.every((t) => t === null || t instanceof Tensor)
        ? value.map((t: Tensor | null) => (t === null ? null : t._h))
        : MISMATCH;
    case "dtype":
      return value instanceof dtype ? value.code : MISMATCH;
    case "memory_format":
      return value instanceof memory_format ? value.code : typeof value === "number" ? value : MISMATCH;
    case "str":
      return typeof value === "string" ? value : MISMATCH;
    case "scalars":
      return Array.isArray(value) && value.every((v) => typeof v === "number" || typeof v === "boolean") ? value : MISMATCH;
    case "device?":
      if (value === null || value === undefined) return null;
      return typeof value === "string" ? value : value instanceof device ? String(value) : MISMATCH;
    case "generator?":
      if (value === null || value === undefined) return null;
      return value instanceof Generator ? value._h : MISMATCH;
    case "layout?":
      return value === null || value === undefined ? null : MISMATCH;
    default:
      // The optional kinds: "tensor?", "int?", ...
      if (value === null || value === undefined) return null;
      return convert(kind.slice(0, -1) as ParamKind, value, numbersAsTensors);
  }
}

/**
 * Binds (self, args) to one overload; returns the native arguments, or MISMATCH. With
 * `explain`, a mismatch returns what Python's parser would say about it instead.
 */
function bind(
  o: Prepared,
  op: OpDef,
  self: Tensor | null,
  args: unknown[],
  n: number,
  options: Record<string, unknown> | null,
  explain = false,
): unknown[] | typeof MISMATCH | string {
  const params = o.params;
  const out = new Array(params.length);
  let pos = 0;
  let used = 0;
  const byPosition: string[] = [];
  if (o.varargsInts && n > 1) {
    // torch.zeros(2, 3), x.view(2, 3): the size list spread as arguments.
    const rest = args.slice(0, n);
    if (rest.every(Number.isInteger)) (args = [rest]), (n = 1);
  }
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    let value: unknown;
    if (i === o.selfIndex && self !== null) {
      out[i] = self._h;
      continue;
    }
    const key = i === o.selfIndex ? "input" : p[0];
    let position = 0;
    if (!p[3] && pos < n) {
      value = args[pos++];
      position = pos;
      if (explain) byPosition.push(key);
    } else if (options !== null && options[key] !== undefined) {
      value = options[key];
      used++;
    } else if (p[2] === undefined) {
      return explain ? `${op.name}() missing required argument '${key}' (pos ${pos + 1})` : MISMATCH;
    } else {
      out[i] = p[2];
      continue;
    }
    // Python's parser takes None for a size list whose default is [] (max_pool2d's stride).
    if (value === null && p[1] === "ints" && Array.isArray(p[2]) && p[2].length === 0) {
      out[i] = p[2];
      continue;
    }
    const converted = convert(p[1], value, op.numbersAsTensors && i !== o.selfIndex);
    if (converted === MISMATCH) {
      if (!explain) return MISMATCH;
      const where = position ? ` (position ${position})` : "";
      return `${op.name}(): argument '${key}'${where} must be ${kindName(p[1], op.numbersAsTensors)}, not ${describeArg(value)}`;
    }
    out[i] = converted;
  }
  if (pos < n) {
    const takes = o.positional + (self === null && o.selfIndex >= 0 ? 1 : 0);
    return explain ? `${op.name}() takes ${takes} positional argument${takes === 1 ? "" : "s"} but ${n} were given` : MISMATCH;
  }
  if (options !== null) {
    let keys = 0;
    for (const key in options) if (options[key] !== undefined) keys++;
    const extra = o.factory && options.requires_grad !== undefined ? 1 : 0;
    if (keys !== used + extra) {
      if (!explain) return MISMATCH;
      const unknown = Object.keys(options).find((k) => !o.names_.has(k) && !(o.factory && k === "requires_grad"));
      if (unknown !== undefined) return `${op.name}() got an unexpected keyword argument '${unknown}'`;
      // Every key is a parameter's name: one of them was given by position too.
      const repeated = byPosition.find((k) => options[k] !== undefined);
      if (repeated !== undefined) return `${op.name}() got multiple values for argument '${repeated}'`;
      return `${op.name}() got an unexpected keyword argument '${Object.keys(options).find((k) => options[k] !== undefined)}'`;
    }
    if (extra && typeof options.requires_grad !== "boolean") {
      return explain ? `${op.name}(): argument 'requires_grad' must be bool, not ${describeArg(options.requires_grad)}` : MISMATCH;
    }
  }
  return out;
}

/** Python's name for what a parameter takes, as its error messages say it. */
function kindName(kind: ParamKind, numbersAsTensors: boolean): string {
  const base = kind.endsWith("?") ? kind.slice(0, -1) : kind;
  const names: Record<string, string> = {
    tensor: numbersAsTensors ? "Tensor or Number" : "Tensor",
    tensors: "tuple of Tensors",
    indices: "tuple of Tensors",
    scalar: "Number",
    scalars: "tuple of Numbers",
    int: "int",
    ints: "tuple of ints",
    float: "float",
    bool: "bool",
    dtype: "torch.dtype",
    device: "torch.device",
    layout: "torch.layout",
    memory_format: "torch.memory_format",
    str: "str",
    generator: "torch.Generator",
  };
  return names[base];
}

/** Calls an op: binds, calls the native overload, wraps what comes back. */
export function callOp(op: OpDef & { compiled?: Compiled }, self: Tensor | null, args: unknown[]): unknown {
  // The op's compiled call functions take the common call shapes directly (lib/_fastpath.ts).
  const compiled = (op.compiled ??= compile(op));
  return self === null ? compiled.fn(...args) : compiled.method.apply(self, args);
}

interface Compiled {
  fn: (...args: unknown[]) => unknown;
  method: (this: Tensor, ...args: unknown[]) => unknown;
}

function compile(op: OpDef & { prepared?: Prepared[] }): Compiled {
  const natives = (op.prepared ??= prepare(op)).map((o) => o.call);
  return {
    fn: compileOp(op, false, natives, (_self, args) => bindAndCall(op, null, args)),
    method: compileOp(op, true, natives, (self, args) => bindAndCall(op, self, args)) as Compiled["method"],
  };
}

/** The generic path: binds the arguments to an overload as Python's parser does, and calls it. */
function bindAndCall(op: OpDef & { prepared?: Prepared[] }, self: Tensor | null, args: unknown[]): unknown {
  const overloads = (op.prepared ??= prepare(op));
  let n = args.length;
  let options: Record<string, unknown> | null = null;
  if (n > 0 && isOptions(args[n - 1])) options = args[--n] as Record<string, unknown>;
  for (const o of overloads) {
    const bound = bind(o, op, self, args, n, options);
    if (bound === MISMATCH) continue;
    const result = retryAfterCollect(() => o.call(...(bound as unknown[])));
    return wrapResult(o, result, self, args, options);
  }
  throw noMatch(op, self, args.slice(0, n), options);
}

function wrapResult(o: Prepared, result: unknown, self: Tensor | null, args: unknown[], options: Record<string, unknown> | null): unknown {
  switch (o.returns) {
    case "tensor": {
      const t = new Tensor(result as Handle);
      // Python's factories take requires_grad, which no ATen schema has.
      if (o.factory && options?.requires_grad === true) native.op_requires_grad_(t._h, true);
      return t;
    }
    case "self":
      // In-place: the tensor written to is the one the caller passed.
      return self ?? args[0];
    case "tuple": {
      const tuple = (result as Handle[]).map((h) => new Tensor(h)) as Tensor[] & Record<string, Tensor>;
      o.names!.forEach((name, i) => name && (tuple[name] = tuple[i]));
      return tuple;
    }
    case "none":
      return undefined;
    case "tensors":
      return (result as Handle[]).map((h) => new Tensor(h));
    default:
      return result;
  }
}

function noMatch(op: OpDef & { prepared?: Prepared[] }, self: Tensor | null, args: unknown[], options: Record<string, unknown> | null): TypeError {
  // With one signature, say what is wrong with it, as Python does.
  if (op.prepared!.length === 1) {
    return new TypeError(bind(op.prepared![0], op, self, args, args.length, options, true) as string);
  }
  const got = [...args.map((a) => describeArg(a)), ...Object.keys(options ?? {}).map((k) => `${k}=${describeArg(options![k])}`)];
  // An unknown keyword is the likeliest mistake: say so as Python does.
  if (options) {
    const known = new Set(op.overloads.flatMap((o) => o.params.map((p) => (p[0] === "self" ? "input" : p[0]))));
    if (op.overloads.some((o) => o.params.some((p) => p[0] === "pin_memory"))) known.add("requires_grad");
    const unknown = Object.keys(options).find((k) => !known.has(k));
    if (unknown) return new TypeError(`${op.name}() got an unexpected keyword argument '${unknown}'`);
  }
  const signatures = op.overloads.map((o) => ` * (${formatParams(o, self, op.numbersAsTensors)})`).join("\n");
  return new TypeError(
    `${op.name}() received an invalid combination of arguments - got (${got.join(", ")}), but expected one of:\n${signatures}`,
  );
}

/** An overload's parameters as Python's messages list them: `int dim, *, torch.dtype dtype = None`. */
function formatParams(o: Overload, self: Tensor | null, numbersAsTensors: boolean): string {
  const parts: string[] = [];
  let starred = false;
  for (const p of o.params) {
    if (self && p[0] === "self") continue;
    if (p[3] && !starred) (parts.push("*"), (starred = true));
    const name = p[0] === "self" ? "input" : p[0];
    const fallback = p[2] === undefined ? "" : ` = ${p[2] === null ? "None" : p[2] === true ? "True" : p[2] === false ? "False" : JSON.stringify(p[2])}`;
    parts.push(`${kindName(p[1], numbersAsTensors)} ${name}${fallback}`);
  }
  return parts.join(", ");
}

function describeArg(value: unknown, enclosing: unknown[] = []): string {
  if (value instanceof Tensor) return "Tensor";
  if (value instanceof dtype) return "torch.dtype";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (value === null) return "NoneType"; // Python names the type of None
  if (typeof value === "boolean") return "bool";
  if (typeof value === "string") return "str";
  if (Array.isArray(value)) {
    // An array that holds itself is named as Python names such a list; long ones are cut.
    if (enclosing.includes(value)) return "[...]";
    const shown = value.slice(0, 8).map((v) => describeArg(v, [...enclosing, value]));
    return `[${shown.join(", ")}${value.length > 8 ? ", ..." : ""}]`;
  }
  return describe(value);
}

/** Installs every op of the table: torch.<name> for "f", Tensor.prototype.<name> for "m". */
export function installOps(table: OpTable, namespace: Record<string, unknown>): void {
  for (const op of Object.values(table) as (OpDef & { compiled?: Compiled })[]) {
    const compiled = (op.compiled ??= compile(op));
    if (op.variants.includes("m")) {
      Object.defineProperty(Tensor.prototype, op.name, { value: compiled.method, writable: true, configurable: true });
    }
    if (op.variants.includes("f")) namespace[op.name] = compiled.fn;
  }
}
