// The values the fuzz passes to torchts: each is a Val, the JS source that makes it (printed
// before the call, so a crash log names the culprit and a failure can be replayed by hand)
// and a function that makes it fresh for each call.
import fc from "fast-check";
import torch from "torchts";

/** torch.Tensor as a type (the package's namespace is a value). */
export type Tensor = InstanceType<typeof torch.Tensor>;

export interface Val {
  code: string;
  make: () => unknown;
}

export const val = (code: string, make: () => unknown): Val => ({ code, make });
export const lit = (v: number | boolean | string | null | undefined | bigint): Val => val(literalCode(v), () => v);

function literalCode(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "bigint") return `${v}n`;
  if (Object.is(v, -0)) return "-0";
  return String(v);
}

/** An array literal of Vals. */
export function arrayOf(items: Val[]): Val {
  return val(`[${items.map((v) => v.code).join(", ")}]`, () => items.map((v) => v.make()));
}

/** An options object of Vals (keys in order). */
export function objectOf(entries: [string, Val][]): Val {
  const code = `{ ${entries.map(([k, v]) => `${/^[a-z_]\w*$/i.test(k) ? k : JSON.stringify(k)}: ${v.code}`).join(", ")} }`;
  return val(code, () => Object.fromEntries(entries.map(([k, v]) => [k, v.make()])));
}

/** The thrown value of a callback the fuzz passes in: it must come out of torchts unchanged. */
export class FuzzCallbackError extends Error {
  override name = "FuzzCallbackError";
}

// ---- dtypes and devices ----

export const DTYPES = [
  "bool", "uint8", "int8", "int16", "int32", "int64", "uint16", "uint32", "uint64",
  "float16", "bfloat16", "float32", "float64", "complex32", "complex64", "complex128",
] as const;
export type DtypeName = (typeof DTYPES)[number];
const FLOATING = new Set<DtypeName>(["float16", "bfloat16", "float32", "float64", "complex32", "complex64", "complex128"]);
// The dtypes most ops support, drawn more often so that calls get past the dtype checks.
const COMMON: DtypeName[] = ["float32", "float32", "float32", "float64", "int64", "int64", "bool", "int32"];

const dtypeObj = (name: string): unknown => (torch as unknown as Record<string, unknown>)[name];

export const dtypeName: fc.Arbitrary<DtypeName> = fc.oneof({ arbitrary: fc.constantFrom(...COMMON), weight: 3 }, { arbitrary: fc.constantFrom(...DTYPES), weight: 2 });
export const dtypeVal: fc.Arbitrary<Val> = fc.oneof(
  { arbitrary: dtypeName.map((d) => val(`torch.${d}`, () => dtypeObj(d))), weight: 8 },
  { arbitrary: fc.constantFrom(lit(null), lit("float32"), lit(6), val("torch.device('cpu')", () => torch.device("cpu")), val("torch.contiguous_format", () => torch.contiguous_format)), weight: 1 },
);

const DEVICES = ["cpu", "cpu", "cpu", "cuda", "cuda:0", "cuda:1", "meta", "cpu:0", "cpu:1", "", "gpu", "cuda:-1", "cuda:x", "CPU", " cpu", "cuda:99999999999999999999", "mps", "xla", "cpu:0:0"];
export const deviceVal: fc.Arbitrary<Val> = fc.oneof(
  { arbitrary: fc.constantFrom(...DEVICES).map(lit), weight: 6 },
  { arbitrary: fc.constantFrom("cpu", "cuda", "meta").map((d) => val(`torch.device(${JSON.stringify(d)})`, () => torch.device(d))), weight: 2 },
  { arbitrary: fc.constantFrom(lit(null), lit(0), lit(-1), lit(NaN), val("torch.float32", () => torch.float32)), weight: 1 },
  { arbitrary: fc.string({ maxLength: 8 }).map(lit), weight: 1 },
);

// ---- numbers ----

/** Sizes large enough that no allocation of them can succeed (>= 2**40 elements): they must fail fast. */
export const HUGE = [2 ** 40, 2 ** 50, 2 ** 53, 2 ** 62, 2 ** 63, 2 ** 64, 1e18, 1e300, Number.MAX_SAFE_INTEGER, -(2 ** 40), -(2 ** 63), Number.MIN_SAFE_INTEGER];
const SPECIAL = [NaN, Infinity, -Infinity, -0, 0.5, -1.5, 1e-300, 5e-324, 1e308, -1e308, 2 ** 53 + 2, Number.EPSILON];

export const smallInt = fc.integer({ min: -4, max: 5 });
export const intVal: fc.Arbitrary<Val> = fc.oneof(
  { arbitrary: smallInt.map(lit), weight: 12 },
  { arbitrary: fc.constantFrom(...HUGE).map(lit), weight: 1 },
  { arbitrary: fc.constantFrom(...SPECIAL).map(lit), weight: 1 },
);
export const floatVal: fc.Arbitrary<Val> = fc.oneof(
  { arbitrary: fc.double({ min: -10, max: 10, noNaN: true }).map(lit), weight: 6 },
  { arbitrary: smallInt.map(lit), weight: 3 },
  { arbitrary: fc.constantFrom(...SPECIAL, ...HUGE).map(lit), weight: 2 },
);
export const scalarVal: fc.Arbitrary<Val> = fc.oneof({ arbitrary: floatVal, weight: 6 }, { arbitrary: fc.boolean().map(lit), weight: 1 });
export const boolVal: fc.Arbitrary<Val> = fc.oneof({ arbitrary: fc.boolean().map(lit), weight: 8 }, { arbitrary: fc.constantFrom(lit(0), lit(1), lit("true"), lit(null)), weight: 1 });

// ---- shapes ----

export const shape: fc.Arbitrary<number[]> = fc.array(fc.constantFrom(0, 1, 1, 2, 2, 3, 3, 4, 5), { maxLength: 4 });
/** A size argument: mostly small, sometimes empty, negative, huge or not integral. */
export const sizeVal: fc.Arbitrary<Val> = fc.oneof(
  { arbitrary: shape.map((s) => val(JSON.stringify(s), () => [...s])), weight: 10 },
  { arbitrary: fc.array(fc.oneof(fc.integer({ min: -2, max: 4 }), fc.constantFrom(...HUGE)), { minLength: 1, maxLength: 3 }).map((s) => val(`[${s.map(literalCode).join(", ")}]`, () => [...s])), weight: 2 },
  { arbitrary: fc.array(fc.constantFrom<unknown>(1.5, NaN, "2", null, 2n, [2], -0), { minLength: 1, maxLength: 3 }).map((s) => val(`[${s.map(valueCode).join(", ")}]`, () => [...s])), weight: 1 },
);

function valueCode(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(valueCode).join(", ")}]`;
  return literalCode(v);
}

// ---- tensors ----

/**
 * Makes a fuzz tensor: `T("float32", [2, 3], "rg t")`. Flags: rg (requires grad, floating
 * only), nl (a non-leaf), t (non-contiguous: a transpose), nan (all NaN), meta (on the meta
 * device), d (disposed).
 */
export function T(dtype: DtypeName, size: number[], flags = ""): unknown {
  const has = (f: string) => flags.split(" ").includes(f);
  const swapped = has("t") && size.length >= 2 ? [...size.slice(0, -2), size[size.length - 1], size[size.length - 2]] : size;
  let base = has("nan") ? torch.full(swapped, NaN, { dtype: torch.float64 }) : torch.randn(swapped, { dtype: torch.float64 }).mul(3);
  if (dtype === "bool") base = base.gt(0);
  else if (!FLOATING.has(dtype)) base = (dtype.startsWith("u") ? base.abs() : base).to(torch.int64);
  let t = base.to(dtypeObj(dtype) as never);
  if (has("t") && size.length >= 2) t = t.transpose(-1, -2);
  if ((has("rg") || has("nl")) && FLOATING.has(dtype) && dtype !== "complex32") {
    t.requires_grad_(true);
    if (has("nl")) t = t.mul(1);
  }
  if (has("meta")) t = t.to("meta");
  if (has("d")) t.dispose();
  return t;
}

const FLAGS = ["", "", "", "", "", "", "rg", "rg", "nl", "t", "nan", "meta", "d", "rg t"];

export function tensorOf(dtype: DtypeName, size: number[], flags: string): Val {
  return val(`T(${JSON.stringify(dtype)}, ${JSON.stringify(size)}${flags ? `, ${JSON.stringify(flags)}` : ""})`, () => T(dtype, size, flags));
}

/** A tensor: with `like`, of that shape and dtype more often than not, so that ops get past their checks. */
export function tensorVal(like?: { shape: number[]; dtype: DtypeName }): fc.Arbitrary<Val> {
  const anyTensor = fc.tuple(dtypeName, shape, fc.constantFrom(...FLAGS)).map(([d, s, f]) => tensorOf(d, s, f));
  if (!like) return anyTensor;
  const suffixes = fc.integer({ min: 0, max: like.shape.length }).map((k) => like.shape.slice(k));
  return fc.oneof(
    { arbitrary: fc.constantFrom(...FLAGS).map((f) => tensorOf(like.dtype, like.shape, f)), weight: 6 },
    { arbitrary: fc.tuple(dtypeName, fc.constantFrom(...FLAGS)).map(([d, f]) => tensorOf(d, like.shape, f)), weight: 2 },
    { arbitrary: suffixes.map((s) => tensorOf(like.dtype, s, "")), weight: 2 },
    { arbitrary: anyTensor, weight: 2 },
  );
}

/** A long tensor of small indices (for gather, embedding, targets, ...). */
export const indexTensorVal: fc.Arbitrary<Val> = fc.tuple(shape, fc.integer({ min: -2, max: 6 }), fc.constantFrom("int64", "int32", "float32", "bool")).map(([s, high, d]) =>
  val(`torch.randint(${Math.min(high, 0)}, ${Math.max(high, 1)}, ${JSON.stringify(s)}).to(torch.${d})`, () => torch.randint(Math.min(high, 0), Math.max(high, 1), s).to(dtypeObj(d) as never)),
);

// ---- anything at all ----

function cyclicArray(): unknown[] {
  const a: unknown[] = [];
  a.push(a);
  return a;
}

const WILD: Val[] = [
  lit(undefined), lit(null), lit(true), lit(false), lit(""), lit("abc"), lit("cuda"), lit(":"), lit("..."), lit("1:2:0"),
  lit(NaN), lit(Infinity), lit(-Infinity), lit(-0), lit(1e308), lit(2 ** 40), lit(-(2 ** 63)), lit(0.5),
  lit(1n), lit(-1n), lit(2n ** 70n),
  val('Symbol("s")', () => Symbol("s")),
  val("() => 1", () => () => 1),
  val("() => { throw new FuzzCallbackError() }", () => () => {
    throw new FuzzCallbackError("thrown by a fuzz callback");
  }),
  val("[]", () => []), val("[[]]", () => [[]]), val("[1, [2, 3]]", () => [1, [2, 3]]), val('[1, "a"]', () => [1, "a"]),
  val("[NaN, Infinity]", () => [NaN, Infinity]), val("[[1, 2], [3]]", () => [[1, 2], [3]]), val("[1n, 2n]", () => [1n, 2n]),
  val("[null]", () => [null]), val("[undefined]", () => [undefined]),
  val("{}", () => ({})), val("{ a: 1 }", () => ({ a: 1 })), val("{ dtype: 1 }", () => ({ dtype: 1 })), val("{ dim: NaN }", () => ({ dim: NaN })),
  val("Object.create(null)", () => Object.create(null)),
  val("{ get dim() { throw new FuzzCallbackError() } }", () => ({
    get dim() {
      throw new FuzzCallbackError("thrown by a fuzz getter");
    },
  })),
  val("new Map([[1, 2]])", () => new Map([[1, 2]])), val("new Date(0)", () => new Date(0)),
  val("new Uint8Array(3)", () => new Uint8Array(3)), val("new Float64Array([1, NaN])", () => new Float64Array([1, NaN])),
  val("new ArrayBuffer(4)", () => new ArrayBuffer(4)), val("new DataView(new ArrayBuffer(4))", () => new DataView(new ArrayBuffer(4))),
  val("Object.assign(Object.create({ x: 1 }), { y: 2 })", () => Object.assign(Object.create({ x: 1 }), { y: 2 })),
  val("cyclicArray()", cyclicArray),
  val("torch.float32", () => torch.float32), val("torch.device('cpu')", () => torch.device("cpu")),
  val("new torch.Generator()", () => new torch.Generator()), val("torch.slice(1)", () => torch.slice(1)),
  val("new torch.nn.Linear(2, 2)", () => new torch.nn.Linear(2, 2)),
  val('T("float32", [2], "d")', () => T("float32", [2], "d")),
  val('T("float32", [])', () => T("float32", [])),
  val('T("int64", [0])', () => T("int64", [0])),
];
export const wildVal: fc.Arbitrary<Val> = fc.oneof(
  { arbitrary: fc.constantFrom(...WILD), weight: 10 },
  { arbitrary: fc.string({ maxLength: 6 }).map(lit), weight: 1 },
  { arbitrary: fc.bigInt({ min: -(2n ** 65n), max: 2n ** 65n }).map(lit), weight: 1 },
);

/** A value of the expected kind most of the time, else anything at all. */
export function mostly(right: fc.Arbitrary<Val>, wrongWeight = 1, rightWeight = 15): fc.Arbitrary<Val> {
  return fc.oneof({ arbitrary: right, weight: rightWeight }, { arbitrary: wildVal, weight: wrongWeight });
}

/** Strings of a known vocabulary (modes, reductions, ...) and some that are not. */
export function strVal(known: string[]): fc.Arbitrary<Val> {
  return fc.oneof({ arbitrary: fc.constantFrom(...known).map(lit), weight: 6 }, { arbitrary: fc.constantFrom("", "bogus", "SUM", "none ").map(lit), weight: 1 });
}
