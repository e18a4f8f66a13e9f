// Binds a JS call to one overload of a generated ATen op, as Python's argument parser does:
// positional arguments in the schema's order, keyword arguments from one trailing options
// object, defaults from the schema, and the first overload whose parameters accept the
// arguments wins. The op table comes from scripts/gen-ops.py (lib/generated/ops.ts).
import { isOptions, keywordCount } from "./_args";
import { Complex } from "./complex";
import { defaultDeviceSpec } from "./defaults";
import { compileOp } from "./_fastpath";
import { retryAfterCollect } from "./memory";
import { device } from "./device";
import { dtype, dtypeOfCode, memory_format } from "./dtype";
import { strided } from "./layout";
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
  | "dtype" | "dtype?" | "device" | "device?" | "layout" | "layout?"
  | "memory_format" | "memory_format?"
  | "str" | "str?" | "generator?" | "scalars" | "floats" | "floats?" | "bools";

/** [name, kind, default (undefined: required), keyword-only (1) or not (0)] */
export type Param = readonly [string, ParamKind, unknown, 0 | 1];

export interface Overload {
  /** The compiled wrapper (native/ops_generated.cc); without one, the op is called boxed (native/boxed.cc). */
  fn?: string;
  schema: string;
  params: readonly Param[];
  /** "self": the tensor written to (in-place self, or out=); "outs": the out= tensors; "value": any value. */
  returns: "tensor" | "self" | "outs" | "tuple" | "tensors" | "number" | "bool" | "none" | "dtype" | "value";
  names?: readonly string[];
  /** The parameter "self" and "outs" results are (default 0). */
  self?: number;
  /** Bound only as a torch function ("f") or only as a Tensor method ("m"). */
  only?: "f" | "m";
  /** A factory whose device, when given none, is torch.set_default_device's (Python's list). */
  defaultDevice?: boolean;
  /** One of torch::'s variable factories, called below autograd's in-place/view layer (boxed overloads). */
  factory?: boolean;
}

export interface OpDef {
  /** Python's name for the op, as its messages say it ("linalg_svd"). */
  name: string;
  /** "f": torch.<name>; "m": Tensor.<name>; "-": used only in lib/. */
  variants: string;
  /** Other namespaces it is installed in, under which name: { linalg: "svd" }. */
  ns?: Readonly<Record<string, string>>;
  numbersAsTensors: boolean;
  overloads: readonly Overload[];
}

export type OpTable = Record<string, OpDef>;

const MISMATCH = Symbol("mismatch");
type Native = (...args: unknown[]) => unknown;

/** An overload made ready to call: its native function and where `self` goes. */
interface Prepared extends Overload {
  /** Calls the native overload with the bound arguments. */
  call: (bound: unknown[]) => unknown;
  /** The compiled wrapper itself (the fast paths call it directly), when there is one. */
  compiled: Native | null;
  selfIndex: number;
  positional: number;
  /** The one positional parameter is a size list: it also takes varargs, as in Python. */
  varargsInts: boolean;
  /** It takes TensorOptions, so also Python's requires_grad keyword. */
  takesOptions: boolean;
  /** Where the device parameter of a default-device factory is (-1: none). */
  deviceIndex: number;
  names_: Set<string>;
}

/** The overloads of an op bound as a function ("f") or as a method ("m"), ready to call. */
function prepare(op: OpDef, variant: "f" | "m"): Prepared[] {
  return op.overloads
    .filter((o) => o.only === undefined || o.only === variant)
    .map((o) => {
      const compiled = o.fn === undefined ? null : (native as unknown as Record<string, Native>)[o.fn];
      if (compiled === undefined) throw new Error(`torchts: the addon lacks ${o.fn}: rebuild it (npm run build:native)`);
      const positional = o.params.filter((p) => !p[3] && p[0] !== "self");
      return {
        ...o,
        call: compiled ? (bound: unknown[]) => compiled(...bound) : boxedCall(...schemaName(o.schema), o.factory === true),
        compiled,
        selfIndex: o.params.findIndex((p) => p[0] === "self"),
        positional: positional.length,
        varargsInts: positional.length === 1 && positional[0][1] === "ints",
        takesOptions: o.params.some((p) => p[0] === "pin_memory"),
        deviceIndex: o.defaultDevice ? o.params.findIndex((p) => p[0] === "device") : -1,
        names_: new Set(o.params.map((p) => (p[0] === "self" ? "input" : p[0].startsWith("out.") ? "out" : p[0]))),
      };
    });
}

/** Calls an ATen overload through the dispatcher's boxed interface; the operator is found on first use. */
function boxedCall(name: string, overload: string, factory = false): (bound: unknown[]) => unknown {
  let handle: unknown = null;
  return (bound) => {
    handle ??= native.opFind(`aten::${name}`, overload, factory);
    return native.opCall(handle, bound);
  };
}

/** "add.out(Tensor self, ...) -> ..." -> ["add", "out"]. */
function schemaName(schema: string): [string, string] {
  const [name, overload = ""] = schema.slice(0, schema.indexOf("(")).split(".");
  return [name, overload];
}

/**
 * An ATen operator that the table does not bind (what Python binds by hand: x.T's numpy_T,
 * nonzero_numpy, ...), called boxed with every schema argument as the native layer reads it
 * (tensor handles, dtype codes); tensors come back as Tensors.
 */
export function atenOp(name: string, overload = ""): (...args: unknown[]) => unknown {
  const call = boxedCall(name, overload);
  return (...args) => wrapValue(call(args));
}

/** A Python number: a JS number or boolean, a Complex, or a bigint (an int64 beyond 2^53). */
function isScalar(value: unknown): boolean {
  return typeof value === "number" || typeof value === "boolean" || typeof value === "bigint" || value instanceof Complex;
}

/** Reads one argument as `kind`; MISMATCH when it is not of that kind. */
function convert(kind: ParamKind, value: unknown, numbersAsTensors: boolean): unknown {
  switch (kind) {
    case "tensor":
      if (value instanceof Tensor) return value._h;
      if (numbersAsTensors && isScalar(value)) return value;
      return MISMATCH;
    case "scalar":
      return isScalar(value) ? value : MISMATCH;
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
      return Array.isArray(value) && value.every(isScalar) ? value : MISMATCH;
    case "floats":
      return Array.isArray(value) && value.every((v) => typeof v === "number") ? value : MISMATCH;
    case "bools":
      return Array.isArray(value) && value.every((v) => typeof v === "boolean") ? value : MISMATCH;
    case "device":
      return typeof value === "string" ? value : value instanceof device ? String(value) : MISMATCH;
    case "layout":
      return value === strided ? null : MISMATCH;
    case "device?":
      if (value === null || value === undefined) return null;
      return typeof value === "string" ? value : value instanceof device ? String(value) : MISMATCH;
    case "generator?":
      if (value === null || value === undefined) return null;
      return value instanceof Generator ? value._h : MISMATCH;
    case "layout?":
      return value === null || value === undefined || value === strided ? null : MISMATCH;
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
    // Several out tensors ("out.0", "out.1") come in one out= array, as Python's tuple.
    const part = p[0].startsWith("out.") ? Number(p[0].slice(4)) : -1;
    const key = i === o.selfIndex ? "input" : part >= 0 ? "out" : p[0];
    let position = 0;
    if (!p[3] && pos < n) {
      value = args[pos++];
      position = pos;
      if (explain) byPosition.push(key);
    } else if (options !== null && options[key] !== undefined) {
      value = options[key];
      if (part >= 0) {
        if (!Array.isArray(value) || value.length !== o.names!.length) {
          return explain ? `${op.name}(): argument 'out' must be tuple of Tensors, not ${describeArg(value)}` : MISMATCH;
        }
        value = value[part];
      }
      if (part <= 0) used++;
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
  // torch.set_default_device: a factory given no device (or None) makes its tensor there.
  if (o.deviceIndex >= 0 && (out[o.deviceIndex] === null || out[o.deviceIndex] === undefined)) out[o.deviceIndex] = defaultDeviceSpec();
  if (pos < n) {
    const takes = o.positional + (self === null && o.selfIndex >= 0 ? 1 : 0);
    return explain ? `${op.name}() takes ${takes} positional argument${takes === 1 ? "" : "s"} but ${n} were given` : MISMATCH;
  }
  if (options !== null) {
    const keys = keywordCount(options);
    const extra = o.takesOptions && options.requires_grad !== undefined ? 1 : 0;
    if (keys !== used + extra) {
      if (!explain) return MISMATCH;
      const unknown = Object.keys(options).find((k) => !o.names_.has(k) && !(o.takesOptions && k === "requires_grad"));
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

/** An op of the table, with what is made of it on first use. */
type OpState = OpDef & { fn?: Callable; method?: Callable; preparedF?: Prepared[]; preparedM?: Prepared[] };
type Callable = (this: Tensor | void, ...args: unknown[]) => unknown;

function prepared(op: OpState, method: boolean): Prepared[] {
  return method ? (op.preparedM ??= prepare(op, "m")) : (op.preparedF ??= prepare(op, "f"));
}

/** The op's call function as a torch function or as a method: its fast paths (lib/_fastpath.ts), made on first use. */
function callable(op: OpState, method: boolean): Callable {
  if (method) return (op.method ??= compileOp(op, true, (self, args) => bindAndCall(op, self, args)) as Callable);
  return (op.fn ??= compileOp(op, false, (_self, args) => bindAndCall(op, null, args)) as Callable);
}

/** Calls an op: binds, calls the native overload, wraps what comes back. */
export function callOp(op: OpDef, self: Tensor | null, args: unknown[]): unknown {
  return self === null ? callable(op, false)(...args) : callable(op, true).apply(self, args);
}

/** The generic path: binds the arguments to an overload as Python's parser does, and calls it. */
function bindAndCall(op: OpState, self: Tensor | null, args: unknown[]): unknown {
  const overloads = prepared(op, self !== null);
  let n = args.length;
  let options: Record<string, unknown> | null = null;
  if (n > 0 && isOptions(args[n - 1])) options = args[--n] as Record<string, unknown>;
  for (const o of overloads) {
    const bound = bind(o, op, self, args, n, options);
    if (bound === MISMATCH) continue;
    // Out of memory: a functional op is tried again after a collection; one that writes a tensor
    // is not, since a failed one may have changed it already (resize_ sets the sizes first).
    const writes = o.returns === "self" || o.returns === "outs";
    const result = writes ? o.call(bound as unknown[]) : retryAfterCollect(() => o.call(bound as unknown[]));
    return wrapResult(o, result, self, args, options);
  }
  throw noMatch(op, self, args.slice(0, n), options);
}

function wrapResult(o: Prepared, result: unknown, self: Tensor | null, args: unknown[], options: Record<string, unknown> | null): unknown {
  switch (o.returns) {
    case "tensor": {
      const t = new Tensor(result as Handle);
      // Python's factories take requires_grad, which no ATen schema has.
      if (o.takesOptions && options?.requires_grad === true) native.setRequiresGrad(t._h, true);
      return t;
    }
    case "self":
      // In-place or out=: the tensor written to is the one the caller passed.
      if (o.params[o.self ?? 0][0] === "out") return options!.out;
      return self ?? args[0];
    case "outs": {
      const tuple = [...(options!.out as Tensor[])] as Tensor[] & Record<string, Tensor>;
      o.names!.forEach((name, i) => name && (tuple[name] = tuple[i]));
      return tuple;
    }
    case "dtype":
      return dtypeOfCode(result as number);
    case "value":
      return wrapValue(result);
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

/** A value of any type from the boxed path: tensor handles (externals, no prototype) become Tensors. */
export function wrapValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(wrapValue);
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === null) return new Tensor(value as Handle);
  return value;
}

function noMatch(op: OpState, self: Tensor | null, args: unknown[], options: Record<string, unknown> | null): TypeError {
  // With one signature, say what is wrong with it, as Python does.
  const overloads = prepared(op, self !== null);
  const functional = overloads.filter((o) => !o.names_.has("out"));
  if (functional.length === 1 && options?.out === undefined) {
    return new TypeError(bind(functional[0], op, self, args, args.length, options, true) as string);
  }
  const got = [...args.map((a) => describeArg(a)), ...Object.keys(options ?? {}).map((k) => `${k}=${describeArg(options![k])}`)];
  // An unknown keyword is the likeliest mistake: say so as Python does.
  if (options) {
    const known = new Set(overloads.flatMap((o) => [...o.names_]));
    if (op.overloads.some((o) => o.params.some((p) => p[0] === "pin_memory"))) known.add("requires_grad");
    const unknown = Object.keys(options).find((k) => !known.has(k));
    if (unknown) return new TypeError(`${op.name}() got an unexpected keyword argument '${unknown}'`);
  }
  // Python lists an out= form as one signature with its functional form, out its last keyword.
  const signatures = functional.map((o) => ` * (${formatParams(o, self, op.numbersAsTensors)}${outParam(o, overloads)})`).join("\n");
  return new TypeError(
    `${op.name}() received an invalid combination of arguments - got (${got.join(", ")}), but expected one of:\n${signatures}`,
  );
}

/** The out= parameter of a functional overload's out form, as Python's messages list it ("" when none). */
function outParam(o: Prepared, overloads: readonly Prepared[]): string {
  const names = o.params.map((p) => p[0]).join(",");
  const outForm = overloads.find((f) => f.names_.has("out") && f.params.filter((p) => !p[0].startsWith("out")).map((p) => p[0]).join(",") === names);
  if (outForm === undefined) return "";
  const star = o.params.some((p) => p[3]) ? "" : ", *";
  return `${star}, ${outForm.returns === "outs" ? "tuple of Tensors" : "Tensor"} out = None`;
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
  if (typeof value === "bigint") return "int";
  if (value instanceof Complex) return "complex";
  if (typeof value === "string") return "str";
  if (Array.isArray(value)) {
    // An array that holds itself is named as Python names such a list; long ones are cut.
    if (enclosing.includes(value)) return "[...]";
    const shown = value.slice(0, 8).map((v) => describeArg(v, [...enclosing, value]));
    return `[${shown.join(", ")}${value.length > 8 ? ", ..." : ""}]`;
  }
  return describe(value);
}

/**
 * Installs every op of the table: torch.<name> for "f", Tensor.prototype.<name> for "m", and
 * <namespace>.<attr> for the others (torch.linalg, ...). Each call function is made on first
 * use. What lib/ writes by hand (Tensor's own methods, torch.tensor, ...) is kept.
 */
export function installOps(table: OpTable, namespaces: Record<string, Record<string, unknown>>): void {
  for (const op of Object.values(table) as OpState[]) {
    if (op.variants.includes("m")) lazyMethod(op);
    if (op.variants.includes("f")) lazyFunction(namespaces.torch, op.name, op);
    for (const [ns, attr] of Object.entries(op.ns ?? {})) lazyFunction(namespaces[ns], attr, op);
  }
}

function lazyMethod(op: OpState): void {
  const proto = Tensor.prototype as unknown as Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(proto, op.name)) return;
  const stub = function (this: Tensor, ...args: unknown[]): unknown {
    const method = callable(op, true);
    // Later calls go straight to the op's own function.
    if (proto[op.name] === stub) Object.defineProperty(proto, op.name, { value: method, writable: true, configurable: true });
    return method.apply(this, args);
  };
  Object.defineProperty(proto, op.name, { value: stub, writable: true, configurable: true });
}

/** namespace[attr] is the op's function, made on first call (a reference taken before keeps working). */
function lazyFunction(namespace: Record<string, unknown>, attr: string, op: OpState): void {
  if (Object.prototype.hasOwnProperty.call(namespace, attr)) return;
  const stub = (...args: unknown[]): unknown => {
    const fn = callable(op, false);
    if (namespace[attr] === stub) namespace[attr] = fn;
    return fn(...args);
  };
  namespace[attr] = stub;
}
