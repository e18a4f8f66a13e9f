// Each op's call function: the generated fast paths of its compiled overloads
// (lib/generated/fastpaths.ts, from scripts/gen_ops/write_fastpaths.py), made on the op's first
// call, or the generic binder alone for ops called boxed. The helpers here are what the
// generated functions share.
import { isOptions, keywordCount } from "./_args";
import type { OpDef } from "./_dispatch";
import { Complex } from "./complex";
import { defaultDeviceSpec } from "./defaults";
import * as fastpaths from "./generated/fastpaths";
import { collectGarbage, isOutOfMemory } from "./memory";
import { Tensor } from "./tensor";

/** The generic binder (lib/_dispatch.ts), for every call the fast paths do not cover. */
export type Slow = (self: Tensor | null, args: unknown[]) => unknown;
// (`this: never` admits both forms: a method's `this: Tensor` and a function's none.)
export type OpFunction = (this: never, ...args: never[]) => unknown;
/** A trailing options object: keyword arguments by Python's names. */
export type Options = Record<string, unknown>;

/** Shared helpers of the generated functions. */
export const fastPathHelpers = {
  isIntList: (x: unknown): boolean => Array.isArray(x) && x.every(Number.isInteger),
  isTensorList: (x: unknown): boolean => Array.isArray(x) && x.every((t) => t instanceof Tensor),
  handles: (x: unknown): unknown[] => (x as Tensor[]).map((t) => t._h),
  tensors: (hs: unknown): Tensor[] => (hs as Tensor["_h"][]).map((hd) => new Tensor(hd)),
  tuple: (hs: unknown, names: string[]): Tensor[] => {
    const t = (hs as Tensor["_h"][]).map((hd) => new Tensor(hd)) as Tensor[] & Record<string, Tensor>;
    names.forEach((name, i) => name && (t[name] = t[i]));
    return t;
  },
  /** Whether args[0..end) are all integers. */
  allInts: (args: IArguments, end = args.length): boolean => {
    for (let i = 0; i < end; i++) if (!Number.isInteger(args[i])) return false;
    return true;
  },
  slice: (args: IArguments, end = args.length): unknown[] => Array.prototype.slice.call(args, 0, end),
  isOptions,
  keywordCount,
  /** Python numbers beyond JS's number: complex values and int64s as bigints. */
  isComplexOrBigint: (x: unknown): boolean => typeof x === "bigint" || x instanceof Complex,
  /** torch.set_default_device's device (null: none set) for a factory given none. */
  defaultDevice: defaultDeviceSpec,
  isOutOfMemory,
  collectGarbage,
};

const factories = fastpaths as unknown as Record<string, ((slow: Slow) => OpFunction) | undefined>;

/** The call function of an op as a method (`this` is self) or as a torch function. */
export function compileOp(op: OpDef, method: boolean, slow: Slow): OpFunction {
  const factory = factories[`op$${op.name}${method ? "$method" : ""}`];
  if (factory) return factory(slow);
  return method
    ? function (this: Tensor, ...args: unknown[]) {
        return slow(this, args);
      }
    : (...args: unknown[]) => slow(null, args);
}
