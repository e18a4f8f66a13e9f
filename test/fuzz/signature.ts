// A function's parameters as the fuzz sees them (Python's: positional in order, keyword-only
// after `*`), and the argument lists it draws for them: right kinds mostly, sometimes wrong
// ones, missing required arguments, keywords in the options object, unknown or repeated keys.
import fc from "fast-check";
import torch from "torchts";
import {
  arrayOf, boolVal, deviceVal, dtypeName, DtypeName, dtypeVal, floatVal, indexTensorVal, intVal, lit, mostly, objectOf,
  scalarVal, shape, sizeVal, strVal, tensorOf, tensorVal, val, Val, wildVal, FuzzCallbackError,
} from "./values";

/** What a call's tensors are drawn around: a shape and dtype most of its tensors share. */
export interface Like {
  shape: number[];
  dtype: DtypeName;
}
export const like: fc.Arbitrary<Like> = fc.record({ shape, dtype: dtypeName });

export type ArgArb = (like: Like) => fc.Arbitrary<Val>;

export interface Param {
  name: string;
  arb: ArgArb;
  required: boolean;
  kwOnly: boolean;
}

/** Parameters from a compact form: "name" (required), "name?" (has a default), a "*" entry before keyword-only ones. */
export function params(spec: [string, ArgArb][]): Param[] {
  const out: Param[] = [];
  let kwOnly = false;
  for (const [name, arb] of spec) {
    if (name === "*") kwOnly = true;
    else out.push({ name: name.replace(/\?$/, ""), arb, required: !name.endsWith("?"), kwOnly });
  }
  return out;
}

const UNKNOWN_KEYS = ["dtpye", "out", "inplace", "input", "keepdim", "dim", "foo", "__proto__", "constructor", "requires_grad", "device"];

/** An argument list for `ps`: positional values, then maybe an options object. */
export function argsFor(ps: Param[], l: Like): fc.Arbitrary<Val[]> {
  const positional = ps.filter((p) => !p.kwOnly);
  const required = positional.filter((p) => p.required).length;
  return fc
    .record({
      n: fc.oneof(
        { arbitrary: fc.integer({ min: required, max: positional.length }), weight: 10 },
        { arbitrary: fc.integer({ min: 0, max: positional.length + 1 }), weight: 1 },
      ),
      values: fc.tuple(...ps.map((p) => p.arb(l))),
      keep: fc.tuple(...ps.map(() => fc.integer({ min: 0, max: 99 }))),
      unknown: fc.oneof({ arbitrary: fc.constant(null), weight: 15 }, { arbitrary: fc.tuple(fc.constantFrom(...UNKNOWN_KEYS), wildVal), weight: 1 }),
      repeat: fc.integer({ min: 0, max: 99 }),
      extra: wildVal,
    })
    .map(({ n, values, keep, unknown, repeat, extra }) => {
      const args: Val[] = [];
      for (let i = 0; i < n; i++) args.push(i < positional.length ? values[ps.indexOf(positional[i])] : extra);
      const entries: [string, Val][] = [];
      ps.forEach((p, i) => {
        const given = !p.kwOnly && positional.indexOf(p) < n;
        if (given) {
          if (repeat < 3 && p.name !== "self") entries.push([p.name, values[i]]);
          return;
        }
        if (keep[i] < (p.required ? 90 : 35)) entries.push([p.name === "self" ? "input" : p.name, values[i]]);
      });
      if (unknown) entries.push([unknown[0], unknown[1]]);
      if (entries.length > 0 || repeat > 96) args.push(objectOf(entries));
      return args;
    });
}

/** The code and call of `callee(...args)`. */
export function callCode(callee: string, args: Val[]): string {
  return `${callee}(${args.map((a) => a.code).join(", ")})`;
}
export const makeAll = (args: Val[]): unknown[] => args.map((a) => a.make());

// ---- argument kinds shared by the hand-written tables ----

const fnVal: fc.Arbitrary<Val> = fc.constantFrom(
  val("(e) => 0.5", () => () => 0.5),
  val("(e) => 1 / (e + 1)", () => (e: number) => 1 / (e + 1)),
  val("() => NaN", () => () => NaN),
  val("() => 'x'", () => () => "x"),
  val("() => { throw new FuzzCallbackError() }", () => () => {
    throw new FuzzCallbackError("thrown by a fuzz callback");
  }),
);

export const K = {
  T: ((l) => mostly(tensorVal(l))) as ArgArb,
  /** A tensor, null, or anything. */
  Topt: ((l) => fc.oneof({ arbitrary: fc.constant(lit(null)), weight: 2 }, { arbitrary: mostly(tensorVal(l)), weight: 3 })) as ArgArb,
  idx: (() => mostly(indexTensorVal)) as ArgArb,
  /** The last size of the shared shape (features, embedding size, ...), mostly. */
  feat: ((l) => mostly(fc.oneof({ arbitrary: fc.constant(lit(l.shape[l.shape.length - 1] ?? 1)), weight: 4 }, { arbitrary: intVal, weight: 1 }))) as ArgArb,
  /** A trailing part of the shared shape (normalized_shape). */
  tail: ((l) => mostly(fc.oneof({ arbitrary: fc.integer({ min: 0, max: l.shape.length }).map((k) => val(JSON.stringify(l.shape.slice(k)), () => l.shape.slice(k))), weight: 4 }, { arbitrary: sizeVal, weight: 1 }))) as ArgArb,
  int: (() => mostly(intVal)) as ArgArb,
  intOpt: (() => mostly(fc.oneof(intVal, fc.constant(lit(null))))) as ArgArb,
  pos: (() => mostly(fc.oneof({ arbitrary: fc.integer({ min: 1, max: 4 }).map(lit), weight: 6 }, { arbitrary: intVal, weight: 1 }))) as ArgArb,
  float: (() => mostly(floatVal)) as ArgArb,
  prob: (() => mostly(fc.oneof({ arbitrary: fc.constantFrom(0, 0.1, 0.5, 1).map(lit), weight: 4 }, { arbitrary: floatVal, weight: 1 }))) as ArgArb,
  scalar: (() => mostly(scalarVal)) as ArgArb,
  bool: (() => mostly(boolVal)) as ArgArb,
  dtype: (() => mostly(fc.oneof(dtypeVal, fc.constant(lit(null))))) as ArgArb,
  device: (() => mostly(deviceVal)) as ArgArb,
  size: (() => mostly(sizeVal)) as ArgArb,
  ints: (() => mostly(fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 4 }).map((a) => val(JSON.stringify(a), () => [...a])))) as ArgArb,
  fn: (() => mostly(fnVal)) as ArgArb,
  gen: (() => mostly(fc.constantFrom(val("new torch.Generator()", () => new torch.Generator()), lit(null)))) as ArgArb,
  tensors: ((l) => mostly(fc.array(tensorVal(l), { maxLength: 3 }).map(arrayOf))) as ArgArb,
  str: (known: string[]): ArgArb => () => mostly(strVal(known)),
  any: (() => wildVal) as ArgArb,
};

/** A float32 tensor of the shared shape (inputs of layers), mostly. */
export const floatInput: ArgArb = (l) => mostly(fc.oneof({ arbitrary: fc.constantFrom("", "", "rg", "t", "d").map((f) => tensorOf("float32", l.shape, f)), weight: 4 }, { arbitrary: tensorVal(l), weight: 1 }));

export { scalarVal, boolVal };
