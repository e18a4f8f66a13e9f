// Replays PyTorch's OpInfo database (op_db) against torchts: loads the fixtures that
// scripts/opinfo-fixtures.py records (generating them on demand), decodes their values into
// torchts values, finds the TS callable for each OpInfo name, and checks one sample's output
// and gradients against Python's. The value encoding is described in the script's docstring.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import torch from "torchts";
import { projectRoot } from "./node";
import { referencePython } from "./python";

type Tensor = InstanceType<typeof torch.Tensor>;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface PyError {
  cls: string;
  msg: string;
}

export interface Sample {
  d: string;
  in?: Json;
  args?: Json[];
  kw?: Record<string, Json>;
  tup?: boolean;
  out?: Json;
  err?: PyError;
  unenc?: string;
  grads?: Json;
  gerr?: PyError;
  gnote?: string;
}

export interface Entry {
  name: string;
  variant: string;
  aten_name: string;
  method: boolean;
  inplace: boolean;
  autograd: boolean;
  op: string;
  seed: number;
  samples: Sample[];
  sample_errors: ({ d: string } & PyError)[];
  too_large?: number;
}

export interface Header {
  torch: string;
  script_sha256: string;
  entries: number;
  seconds: number;
  samples: number;
  too_large: number;
  unencodable: Record<string, number>;
}

const SCRIPT = path.join(projectRoot, "scripts/opinfo-fixtures.py");
export const OUT_DIR = path.join(projectRoot, "test/.generated/opinfo");

/** The fixtures, made by the reference Python when this torch version or the script is new. */
export async function loadOpInfo(): Promise<{ header: Header; entries: Entry[]; generated: boolean }> {
  const hash = createHash("sha256").update(fs.readFileSync(SCRIPT)).digest("hex").slice(0, 12);
  const file = path.join(OUT_DIR, `fixtures-${torch.__version__}-${hash}.jsonl.gz`);
  const generated = !fs.existsSync(file);
  if (generated) {
    // Asynchronously: vitest's worker RPC times out when a test blocks its loop this long.
    await new Promise<void>((resolve, reject) =>
      execFile(referencePython(), [SCRIPT, file], { maxBuffer: 64 << 20 }, (error, _stdout, stderr) =>
        error ? reject(new Error(`${SCRIPT} failed: ${stderr.slice(-2000)}`)) : resolve(),
      ),
    );
  }
  const lines = gunzipSync(fs.readFileSync(file)).toString("utf8").trimEnd().split("\n");
  return { header: JSON.parse(lines[0]), entries: lines.slice(1).map((l) => JSON.parse(l)), generated };
}

/** An OpInfo's id as PyTorch's test names show it: name, or name.variant. */
export const entryId = (e: Entry): string => (e.variant ? `${e.name}.${e.variant}` : e.name);

// ---------------------------------------------------------------------------------------
// Decoding

/** A fixture value torchts has no equivalent for (a layout it lacks, ...). */
class Undecodable extends Error {}

class Decoder {
  readonly refs = new Map<number, Tensor>();
  /** A Python float with an integral value was passed: JS reads it as an int (PORTING.md). */
  integralFloat = false;

  value(v: Json): unknown {
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map((x) => this.value(x));
    if ("t" in v) return this.tensor(v);
    if ("ref" in v) return this.refs.get(v.ref as number);
    if ("f" in v) {
      const f = typeof v.f === "number" ? v.f : { nan: NaN, inf: Infinity, "-inf": -Infinity }[v.f as string]!;
      if (Number.isInteger(f)) this.integralFloat = true;
      return f;
    }
    if ("i" in v) return Number(v.i);
    if ("c" in v) {
      const [re, im] = (v.c as Json[]).map((x) => this.value(x)) as number[];
      return new torch.Complex(re, im);
    }
    if ("dtype" in v) return dtypeOf(v.dtype as string);
    if ("device" in v) return torch.device(v.device as string);
    if ("memory_format" in v) return (torch as unknown as Record<string, unknown>)[v.memory_format as string];
    if ("layout" in v) {
      // torchts's tensors are strided; the other layouts exist as names that ops refuse.
      const layout = (torch as unknown as Record<string, unknown>)[v.layout as string];
      if (layout === undefined) throw new Undecodable(`layout ${v.layout}`);
      return layout;
    }
    if ("slice" in v) {
      const [start, stop, step] = (v.slice as Json[]).map((x) => this.value(x)) as (number | null)[];
      return torch.slice(start, stop, step);
    }
    if ("ellipsis" in v) return "...";
    throw new Undecodable(JSON.stringify(v).slice(0, 40));
  }

  tensor(v: { [key: string]: Json }): Tensor {
    const bytes = Buffer.from(v.b as string, "base64");
    let t = torch.frombuffer(bytes, { dtype: dtypeOf(v.t as string) }).reshape(v.s as number[]);
    if (v.rg) t = t.detach().requires_grad_(true); // a leaf, so backward fills its .grad
    this.refs.set(v.id as number, t);
    return t;
  }
}

function dtypeOf(name: string) {
  const d = (torch as unknown as Record<string, unknown>)[name];
  if (!(d instanceof torch.dtype)) throw new Undecodable(`dtype ${name}`);
  return d;
}

// ---------------------------------------------------------------------------------------
// Finding the TS callable of an OpInfo name

/** The TS function an OpInfo calls does not exist (yet). */
class Missing extends Error {}

type Fn = (...args: unknown[]) => unknown;

/** torch.a.b.c for "a.b.c", or Missing. */
function torchFn(name: string): Fn {
  let obj: unknown = torch;
  for (const part of name.split(".")) obj = obj == null ? undefined : (obj as Record<string, unknown>)[part];
  if (typeof obj !== "function") throw new Missing(`torch.${name}`);
  return obj as Fn;
}

/** x.name(...args), or the property x.name when the Tensor has it as a getter (x.T, x.mT). */
function method(x: unknown, name: string, args: unknown[]): unknown {
  if (!(x instanceof torch.Tensor)) throw new Missing(`Tensor.${name} (the input is not a tensor)`);
  const getter = Object.getOwnPropertyDescriptor(torch.Tensor.prototype, name)?.get;
  if (getter && args.length === 0) return getter.call(x);
  const fn = (x as unknown as Record<string, unknown>)[name];
  if (typeof fn !== "function") throw new Missing(`Tensor.${name}`);
  return (fn as Fn).apply(x, args);
}

/** Python's reflected operators, written as the calls Tensor's own __r*__ methods make. */
const REFLECTED: Record<string, (x: unknown, other: unknown) => unknown> = {
  __radd__: (x, o) => torchFn("add")(x, o),
  __rmul__: (x, o) => torchFn("mul")(x, o),
  __rsub__: (x, o) => torchFn("rsub")(x, o),
  __rdiv__: (x, o) => method(method(x, "reciprocal", []), "mul", [o]),
  __rpow__: (x, o) => torchFn("pow")(o, x),
  __rmatmul__: (x, o) => torchFn("matmul")(o, x),
  __rmod__: (x, o) => torchFn("remainder")(o, x),
  __rand__: (x, o) => torchFn("bitwise_and")(x, o),
  __ror__: (x, o) => torchFn("bitwise_or")(x, o),
  __rxor__: (x, o) => torchFn("bitwise_xor")(x, o),
};

/** The trailing options object of a call: only when there are keyword arguments. */
const withKw = (args: unknown[], kw: Record<string, unknown>): unknown[] => (Object.keys(kw).length > 0 ? [...args, kw] : args);

/**
 * OpInfos whose op is a lambda that does more than call torch.<name> or x.<name>: the same
 * call in TS (see the entry's "op" in the fixtures for the Python source).
 */
const ADAPTERS: Record<string, (x: unknown, args: unknown[], kw: Record<string, unknown>) => unknown> = {
  einsum: (tensors, [equation]) => torchFn("einsum")(equation, tensors),
  polygamma: (x, [n], kw) => torchFn("polygamma")(...withKw([n, x], kw)),
  "special.polygamma": (x, [n], kw) => torchFn("special.polygamma")(...withKw([n, x], kw)),
  where: (self, [condition, other], kw) => torchFn("where")(...withKw([condition, self, other], kw)),
  "nn.functional.embedding": (weight, [idx], kw) => torchFn("nn.functional.embedding")(...withKw([idx, weight], kw)),
  "nn.functional.embedding_bag": (weight, [idx], kw) => torchFn("nn.functional.embedding_bag")(...withKw([idx, weight], kw)),
  zero_: (x) => torchFn("zero_")(method(x, "clone", [])),
  resize_: (x, [shape]) => method(method(x, "clone", []), "resize_", [shape]),
  resize_as_: (x, [other]) => torchFn("resize_as_")(method(x, "clone", []), other),
  svd_lowrank: (a, [b], kw) => torchFn("svd_lowrank")(...withKw([method(a, "matmul", [method(b, "mT", [])])], kw)),
  pca_lowrank: (a, [b], kw) => torchFn("pca_lowrank")(...withKw([method(a, "matmul", [method(b, "mT", [])])], kw)),
  "linalg.pinv.singular": (a, [b]) => torchFn("linalg.pinv")(method(a, "matmul", [method(b, "mT", [])])),
  // op_db's lambda a, b, driver: torch.linalg.lstsq(a, b, driver=driver)[:2] (driver comes as a keyword).
  "linalg.lstsq.grad_oriented": (a, [b, ...rest], kw) => (torchFn("linalg.lstsq")(...withKw([a, b, ...rest], kw)) as unknown[]).slice(0, 2),
  "normal.number_mean": (std, [mean, ...rest], kw) => torchFn("normal")(...withKw([mean, std, ...rest], kw)),
  // op_db's rand_like calls torch.randn_like (sic): replay what Python recorded.
  rand_like: (x, args, kw) => torchFn("randn_like")(x, ...withKw(args, kw)),
  // The in-place random fills, called on the sample's input.
  ...Object.fromEntries(
    ["cauchy", "exponential", "geometric", "log_normal", "uniform", "normal.in_place"].map((n) => [
      n,
      (x: unknown, args: unknown[], kw: Record<string, unknown>) => method(x, `${n.split(".")[0]}_`, withKw(args, kw)),
    ]),
  ),
};

/** OpInfos whose op calls x.<name>(...) (a lambda), where a torch.<name> may mean something else. */
const METHODS = new Set(["contiguous", "sum_to_size", "expand", "expand_as", "to", "reshape_as", "view", "view_as", "unfold", "repeat", "item", "to_sparse"]);

/** Calls an OpInfo's op as Python's tests do: op(input, *args, **kwargs). */
function callOp(entry: Entry, sample: Sample, input: unknown, args: unknown[], kw: Record<string, unknown>): unknown {
  const { name } = entry;
  const id = entryId(entry);
  const rest = withKw(args, kw);
  const adapter = Object.hasOwn(ADAPTERS, id) ? ADAPTERS[id] : Object.hasOwn(ADAPTERS, name) ? ADAPTERS[name] : undefined;
  if (adapter) return adapter(input, args, kw);
  if (Object.hasOwn(REFLECTED, name)) {
    if (rest.length !== 1) throw new Missing(`${name} with ${rest.length} arguments`);
    return REFLECTED[name](input, rest[0]);
  }
  if (name === "__getitem__") return method(input, "index", sample.tup ? (args[0] as unknown[]) : args);
  if (entry.op.startsWith("torch.ops.aten.")) {
    // torch.ops.aten.<name>[.<overload>]: the operator's packet, or one overload of it.
    const [opName, overloadName] = entry.op.slice("torch.ops.aten.".length).split(".");
    const packet = (torch.ops.aten as Record<string, ((...a: unknown[]) => unknown) & Record<string, (...a: unknown[]) => unknown>>)[opName];
    return (overloadName ? packet[overloadName] : packet)(input, ...rest);
  }
  if (entry.op.startsWith("torch.ops.")) throw new Missing(`${entry.op} (only torch.ops.aten exists in torchts)`);
  if (entry.op.startsWith("def ")) throw new Missing(`OpInfo's op is a test helper, ${entry.op.slice(4, 60)}...`);
  if (METHODS.has(name)) return method(input, name, rest);
  const path = name.startsWith("torch.") ? name.slice("torch.".length) : name;
  try {
    return torchFn(path)(input, ...rest);
  } catch (e) {
    if (!(e instanceof Missing) || path.includes(".")) throw e;
  }
  // A name with no torch function may still be a Tensor method: x.float(), x.T, x.view(...).
  try {
    return method(input, path, rest);
  } catch (e) {
    throw e instanceof Missing ? new Missing(`torch.${path} / ${e.message}`) : e;
  }
}

// ---------------------------------------------------------------------------------------
// Comparing

/** Ops whose output is uninitialized memory: only its dtype and shape can match. */
const UNINITIALIZED = new Set(["empty", "empty_like", "empty_strided", "empty_permuted", "new_empty", "new_empty_strided"]);

/** torch.testing.assert_close's default tolerances. */
const TOLERANCE: Record<string, [rtol: number, atol: number]> = {
  float16: [1e-3, 1e-5],
  bfloat16: [1.6e-2, 1e-5],
  float32: [1.3e-6, 1e-5],
  complex32: [1e-3, 1e-5],
  complex64: [1.3e-6, 1e-5],
  float64: [1e-7, 1e-7],
  complex128: [1e-7, 1e-7],
};

class Mismatch extends Error {
  constructor(
    readonly reason: string,
    detail: string,
  ) {
    super(detail);
  }
}

function close(a: number, b: number, [rtol, atol]: [number, number]): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= atol + rtol * Math.abs(b);
}

/** The elements of little-endian bytes as numbers (complex: real, imag interleaved). */
function floats(bytes: Uint8Array, dtype: string): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const half = (h: number) => {
    const e = (h >> 10) & 0x1f, m = h & 0x3ff, s = h >> 15 ? -1 : 1;
    if (e === 0x1f) return m ? NaN : s * Infinity;
    return e ? s * 2 ** (e - 15) * (1 + m / 1024) : s * 2 ** -14 * (m / 1024);
  };
  const read: Record<string, [number, (i: number) => number]> = {
    float32: [4, (i) => view.getFloat32(i, true)],
    complex64: [4, (i) => view.getFloat32(i, true)],
    float64: [8, (i) => view.getFloat64(i, true)],
    complex128: [8, (i) => view.getFloat64(i, true)],
    float16: [2, (i) => half(view.getUint16(i, true))],
    complex32: [2, (i) => half(view.getUint16(i, true))],
    bfloat16: [2, (i) => new Float32Array(new Uint32Array([view.getUint16(i, true) << 16]).buffer)[0]],
  };
  const [size, get] = read[dtype];
  return Array.from({ length: bytes.length / size }, (_, k) => get(k * size));
}

/** A tensor's elements as contiguous little-endian bytes (what the fixtures hold). */
function tensorBytes(t: Tensor): Uint8Array {
  if (t.numel() === 0) return new Uint8Array(0);
  // A fresh tensor has plain strides (contiguous() keeps the 0 strides of expand()).
  const plain = torch.empty(t.shape, { dtype: t.dtype }).copy_(t.detach());
  return plain.reshape([-1]).view(torch.uint8).to_typed_array() as Uint8Array;
}

function compareTensor(actual: unknown, expected: { [key: string]: Json }, where: string, values: boolean): void {
  if (!(actual instanceof torch.Tensor)) throw new Mismatch("wrong type", `${where}: expected a tensor, got ${describe(actual)}`);
  if (actual.dtype.name !== expected.t) throw new Mismatch("wrong dtype", `${where}: ${actual.dtype.name}, expected ${expected.t}`);
  const shape = expected.s as number[];
  if (actual.shape.join() !== shape.join() || actual.dim() !== shape.length) {
    throw new Mismatch("wrong shape", `${where}: [${actual.shape}], expected [${shape}]`);
  }
  if (!values) return;
  const got = tensorBytes(actual);
  const want = Buffer.from(expected.b as string, "base64");
  const tolerance = TOLERANCE[expected.t as string];
  if (!tolerance) {
    if (!Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(want)) throw new Mismatch("wrong value", `${where}: integer/bool values differ`);
    return;
  }
  const a = floats(got, expected.t as string), b = floats(want, expected.t as string);
  const i = a.findIndex((x, k) => !close(x, b[k], tolerance));
  if (i >= 0) throw new Mismatch("wrong value", `${where}: element ${i} is ${a[i]}, expected ${b[i]} (rtol ${tolerance[0]}, atol ${tolerance[1]})`);
}

/** Throws a Mismatch when `actual` is not Python's `expected`. */
function compare(actual: unknown, expected: Json, where: string, scalarTolerance: [number, number], values = true): void {
  if (expected === null) {
    if (actual != null) throw new Mismatch("wrong type", `${where}: expected None, got ${describe(actual)}`);
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) throw new Mismatch("wrong type", `${where}: expected a sequence, got ${describe(actual)}`);
    if (actual.length !== expected.length) throw new Mismatch("wrong length", `${where}: ${actual.length} items, expected ${expected.length}`);
    expected.forEach((e, i) => compare(actual[i], e, `${where}[${i}]`, scalarTolerance, values));
  } else if (typeof expected !== "object") {
    const ok = typeof expected === "number" && typeof actual === "number" ? close(actual, expected, [0, 0]) : actual === expected;
    if (!ok) throw new Mismatch(typeof actual === typeof expected ? "wrong value" : "wrong type", `${where}: ${describe(actual)}, expected ${expected}`);
  } else if ("t" in expected) {
    compareTensor(actual, expected, where, values);
  } else if ("f" in expected || "i" in expected) {
    const want = new Decoder().value(expected) as number;
    if (typeof actual !== "number") throw new Mismatch("wrong type", `${where}: expected a number, got ${describe(actual)}`);
    if (!close(actual, want, scalarTolerance)) throw new Mismatch("wrong value", `${where}: ${actual}, expected ${want}`);
  } else if ("dtype" in expected || "memory_format" in expected) {
    const want = (torch as unknown as Record<string, unknown>)[(expected.dtype ?? expected.memory_format) as string];
    if (actual !== want) throw new Mismatch("wrong value", `${where}: ${describe(actual)}, expected ${String(want)}`);
  } else if ("device" in expected) {
    if (String(actual) !== expected.device) throw new Mismatch("wrong value", `${where}: ${describe(actual)}, expected ${expected.device}`);
  } else if ("c" in expected) {
    const want = new Decoder().value(expected) as InstanceType<typeof torch.Complex>;
    if (!(actual instanceof torch.Complex)) throw new Mismatch("wrong type", `${where}: expected a complex, got ${describe(actual)}`);
    if (!close(actual.real, want.real, scalarTolerance) || !close(actual.imag, want.imag, scalarTolerance)) {
      throw new Mismatch("wrong value", `${where}: ${String(actual)}, expected ${String(want)}`);
    }
  } else {
    throw new Mismatch("undecodable output", `${where}: ${JSON.stringify(expected).slice(0, 60)}`);
  }
}

function describe(v: unknown): string {
  if (v instanceof torch.Tensor) return `tensor(${v.dtype.name}, [${v.shape}])`;
  if (Array.isArray(v)) return `[${v.length} items]`;
  return typeof v === "number" || typeof v === "boolean" || v == null ? String(v) : (v as object).constructor?.name ?? typeof v;
}

// ---------------------------------------------------------------------------------------
// One sample

export interface Outcome {
  /** "pass", or why not: "missing function", "wrong value", "grad: wrong value", ... */
  reason: string;
  detail?: string;
  /** Python raised and torchts threw too, but a different class. */
  errorClass?: { python: string; torchts: string };
}

/** The tensors of a value, depth first, as the script's flat_tensors walks them. */
function flatTensors(v: unknown, out: Tensor[] = []): Tensor[] {
  if (v instanceof torch.Tensor) out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => flatTensors(x, out));
  else if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) Object.values(v).forEach((x) => flatTensors(x, out));
  return out;
}

/** Why a torchts exception happened, as a report reason. */
function thrown(e: unknown): Outcome {
  if (e instanceof Missing) return { reason: "missing function", detail: e.message };
  if (e instanceof Mismatch) return { reason: e.reason, detail: e.message };
  const err = e as Error;
  const detail = `${err?.name}: ${String(err?.message).slice(0, 200)}`;
  // torchts's own TypeError is an argument error (the binder's, or a hand-written function's).
  if (e instanceof torch.TypeError) return { reason: "arguments rejected", detail };
  return { reason: `throws ${err?.name ?? typeof e}`, detail };
}

/** Replays one sample: its output, Python's error, and its gradients. */
export function runSample(entry: Entry, sample: Sample): Outcome {
  if (sample.unenc) return { reason: "unencodable sample", detail: sample.unenc };
  return torch.scope(() => {
    const decoder = new Decoder();
    let input: unknown, args: unknown[], kw: Record<string, unknown>;
    try {
      input = decoder.value(sample.in ?? null);
      args = (sample.args ?? []).map((a) => decoder.value(a));
      kw = Object.fromEntries(Object.entries(sample.kw ?? {}).map(([k, v]) => [k, decoder.value(v)]));
    } catch (e) {
      if (e instanceof Undecodable) return { reason: "undecodable argument", detail: e.message };
      throw e;
    }
    let result: unknown;
    try {
      torch.manual_seed(entry.seed);
      result = callOp(entry, sample, input, args, kw);
    } catch (e) {
      if (!sample.err || e instanceof Missing) return withFloatNote(thrown(e), decoder);
      const name = (e as Error)?.name;
      return name === sample.err.cls ? { reason: "pass" } : { reason: "pass", errorClass: { python: sample.err.cls, torchts: name } };
    }
    if (sample.err) return { reason: "should throw", detail: `Python raised ${sample.err.cls}: ${sample.err.msg.slice(0, 200)}` };
    try {
      compare(result, sample.out ?? null, "output", TOLERANCE[sample.d] ?? TOLERANCE.float64, !UNINITIALIZED.has(entry.name));
    } catch (e) {
      return withFloatNote(thrown(e), decoder);
    }
    return sample.grads !== undefined || sample.gerr ? checkGrads(sample, [input, args, kw], result) : { reason: "pass" };
  });
}

/** Marks a failure that a Python float with an integral value (read by JS as an int) may explain. */
function withFloatNote(outcome: Outcome, decoder: Decoder): Outcome {
  if (!decoder.integralFloat) return outcome;
  const reason = outcome.reason === "wrong dtype" ? "wrong dtype (integral float arg)" : outcome.reason;
  return { ...outcome, reason, detail: `${outcome.detail} [an argument was an integral Python float, an int in JS]` };
}

/** Backward of the sum of the floating outputs; the inputs' grads against Python's. */
function checkGrads(sample: Sample, inputs: unknown, result: unknown): Outcome {
  const leaves = [...new Set(flatTensors(inputs))].filter((t) => t.requires_grad);
  const outputs = flatTensors(result).filter((t) => t.dtype.is_floating_point && t.requires_grad);
  if (outputs.length === 0) return { reason: "grad: no differentiable output", detail: "no floating output requires grad" };
  try {
    outputs.reduce((sum: Tensor | null, o) => (sum ? sum.add(o.sum()) : o.sum()), null)!.backward();
  } catch (e) {
    if (sample.gerr) return { reason: "pass" };
    const o = thrown(e);
    return { reason: `grad: ${o.reason}`, detail: o.detail };
  }
  if (sample.gerr) return { reason: "grad: should throw", detail: `Python raised ${sample.gerr.cls}: ${sample.gerr.msg.slice(0, 200)}` };
  try {
    compare(leaves.map((t) => t.grad ?? null), sample.grads ?? null, "grads", TOLERANCE.float64);
  } catch (e) {
    const o = thrown(e);
    return { reason: `grad: ${o.reason}`, detail: o.detail };
  }
  return { reason: "pass" };
}
