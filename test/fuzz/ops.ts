// Calls of every public generated op (lib/generated/ops.ts), driven by its schema table: each
// parameter's kind says what a right argument is; the layout (positional, options, unknown
// keys) comes from signature.ts. Ops of variant "-" are internal (reached through
// nn.functional, nn and optim, which have their own tables).
import * as path from "node:path";
import fc from "fast-check";
import torch from "torchts";
import type { OpDef, Param as OpParam, ParamKind } from "../../lib/_dispatch";
import { OPS } from "../../lib/generated/ops";
import { argsFor, ArgArb, K, Like, like, Param } from "./signature";
import { Call, call } from "./call";
import { FUZZ_DIR } from "./io";
import { arrayOf, indexTensorVal, intVal, lit, mostly, tensorVal, val, Val } from "./values";

const STRINGS: Record<string, string[]> = {
  approximate: ["none", "tanh"],
  equation: ["ij,jk->ik", "i,i->", "...ij->...ji", "ii", "bij,bjk->bik", "i->"],
  mode: ["constant", "reflect", "replicate", "circular", "bilinear"],
  padding_side: ["right", "left"],
  reduce: ["sum", "prod", "mean", "amax", "amin", "add", "multiply"],
  rounding_mode: ["floor", "trunc"],
};

const FILENAMES: Val[] = ["x", "none ", "no/such/dir/x"].map((f) => val(`FUZZ_DIR + ${JSON.stringify("/" + f)}`, () => path.join(FUZZ_DIR, f)));

const MEMORY_FORMATS: Val[] = ["contiguous_format", "preserve_format", "channels_last", "channels_last_3d"].map((m) =>
  val(`torch.${m}`, () => (torch as unknown as Record<string, unknown>)[m]),
);

/** What a right argument of a parameter is, by its kind (and name, where that says more). */
function kindArb(name: string, kind: ParamKind, numbersAsTensors: boolean): ArgArb {
  const optional = kind.endsWith("?");
  // The optional kinds' base names ("device" of "device?") are not ParamKinds themselves.
  const base = (optional ? kind.slice(0, -1) : kind) as string;
  const right = ((): ArgArb => {
    switch (base) {
      case "tensor":
        if (/^(index|indices|target|mask)$/.test(name)) return () => mostly(indexTensorVal);
        return numbersAsTensors ? (l) => fc.oneof({ arbitrary: K.T(l), weight: 3 }, { arbitrary: K.scalar(l), weight: 1 }) : K.T;
      case "tensors":
        return K.tensors;
      case "indices":
        return (l) => mostly(fc.array(fc.oneof(indexTensorVal, tensorVal(l), fc.constant(lit(null))), { maxLength: 3 }).map(arrayOf));
      case "scalar":
        return K.scalar;
      case "scalars":
        return () => mostly(fc.array(fc.oneof(intVal, fc.double({ noNaN: false }).map(lit)), { maxLength: 3 }).map(arrayOf));
      case "int":
        return K.int;
      case "ints":
        return /size|shape|stride/.test(name) ? K.size : (l) => fc.oneof(K.ints(l), K.int(l));
      case "float":
        return K.float;
      case "floats":
        return () => mostly(fc.array(fc.double({ noNaN: false, min: -4, max: 4 }).map(lit), { maxLength: 3 }).map(arrayOf));
      case "bools":
        return () => mostly(fc.array(fc.boolean().map(lit), { minLength: 1, maxLength: 3 }).map(arrayOf));
      case "bool":
        return K.bool;
      case "dtype":
        return K.dtype;
      case "memory_format":
        return () => mostly(fc.constantFrom(...MEMORY_FORMATS, lit(0), lit(7)));
      case "str":
        // A file name (torch.from_file creates its file) stays inside the fuzz's own folder.
        if (name === "filename") return () => fc.constantFrom(...FILENAMES);
        return K.str(STRINGS[name] ?? ["x"]);
      case "device":
        return K.device;
      case "generator":
        return K.gen;
      case "layout":
        return () => mostly(fc.constantFrom(lit(null), lit("strided"), lit(0)));
      default:
        throw new Error(`fuzz: no arbitrary for parameter kind ${kind}`);
    }
  })();
  return optional ? (l) => fc.oneof({ arbitrary: right(l), weight: 5 }, { arbitrary: fc.constantFrom(lit(null), lit(undefined)), weight: 1 }) : right;
}

function paramsOf(op: OpDef, overload: number, method: boolean): Param[] {
  const o = op.overloads[overload];
  const out: Param[] = o.params
    .filter((p) => !(method && p[0] === "self"))
    .map((p: OpParam) => ({ name: p[0], arb: kindArb(p[0], p[1], op.numbersAsTensors && p[0] !== "self"), required: p[2] === undefined, kwOnly: p[3] === 1 }));
  // Python's factories take requires_grad, which no schema has.
  if (o.params.some((p) => p[0] === "pin_memory")) out.push({ name: "requires_grad", arb: K.bool, required: false, kwOnly: true });
  return out;
}

/** Every op callable from JS: torch.<name> ("f"), x.<name> ("m") or torch.<namespace>.<name>. */
// Names with a leading underscore, and the private namespaces torch._C._nn and torch._VF, are
// LibTorch's internals, unchecked as in Python (where torch._stack([], 0) and
// torch._C._nn.reflection_pad3d(x, []) crash the process too; the public F.pad checks first):
// only the public surface is walked.
const PUBLIC_NAMESPACES = ["linalg", "fft", "special"];
const publicNamespaces = (op: OpDef): [string, string][] => Object.entries(op.ns ?? {}).filter(([ns]) => PUBLIC_NAMESPACES.includes(ns));
export const PUBLIC_OPS: OpDef[] = Object.values(OPS).filter(
  (op) => (op.variants.includes("f") || op.variants.includes("m") || publicNamespaces(op).length > 0) && !op.name.startsWith("_"),
);

/** Where a function form of the op is: [code prefix, the namespace object, its name there]. */
export function functionForm(op: OpDef): [string, Record<string, unknown>, string] | null {
  const t = torch as unknown as Record<string, Record<string, unknown>>;
  if (op.variants.includes("f")) return ["torch", t, op.name];
  const [ns, attr] = publicNamespaces(op)[0] ?? [];
  if (ns === undefined) return null;
  return [`torch.${ns}`, t[ns], attr];
}

function opCall(op: OpDef): fc.Arbitrary<Call> {
  const fnForm = functionForm(op);
  const forms = [...(op.variants.includes("m") ? [true] : []), ...(fnForm ? [false] : [])];
  return fc
    .tuple(like, fc.integer({ min: 0, max: op.overloads.length - 1 }), fc.constantFrom(...forms))
    .chain(([l, overload, method]: [Like, number, boolean]) => {
      const ps = paramsOf(op, overload, method);
      const self = fc.oneof({ arbitrary: tensorVal(l), weight: 9 }, { arbitrary: tensorVal(), weight: 1 });
      return fc.tuple(self, argsFor(ps, l)).map(([s, args]) => {
        if (method) {
          return call("op", `${s.code}.${op.name}(${args.map((a) => a.code).join(", ")})`, () => {
            const x = s.make() as Record<string, (...a: unknown[]) => unknown>;
            return x[op.name](...args.map((a) => a.make()));
          });
        }
        // torch.<op>: self is simply the first parameter.
        const [prefix, namespace, attr] = fnForm!;
        return call("op", `${prefix}.${attr}(${args.map((a) => a.code).join(", ")})`, () => {
          const fn = namespace[attr] as (...a: unknown[]) => unknown;
          return fn(...args.map((a) => a.make()));
        });
      });
    });
}

export const opCalls: fc.Arbitrary<Call> = fc.oneof(...PUBLIC_OPS.map(opCall));
