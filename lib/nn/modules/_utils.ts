// What the layer modules share (not part of torch.nn's namespace): binding a constructor's
// arguments as Python binds `__init__`'s, Python's printing of hyperparameters, and naming the
// module in the errors its forward raises.
import { bindArgs } from "../../_args";
import { pyRepr, TypeError } from "../../errors";
import { callOp } from "../../_dispatch";
import type { device } from "../../device";
import type { dtype } from "../../dtype";
import { OPS } from "../../generated/ops";
import type { Tensor } from "../../tensor";
import type { Module } from "../module";

/** Every prefix of a parameter list: [] | [a] | [a, b] | ... */
type Prefixes<P extends unknown[]> = P extends [infer H, ...infer T] ? [] | [H, ...Prefixes<T>] : [];

/**
 * The arguments of a Python-style call: the required parameters R, then any prefix of the
 * optional ones P, then optionally one options object O naming the rest.
 */
export type PyArgs<R extends unknown[], P extends unknown[], O> = [...R, ...Prefixes<P>] | [...R, ...Prefixes<P>, O];

/** A device argument: "cpu", "cuda:0" or a torch.device. */
export type DeviceLike = string | device;

/** The `device` and `dtype` keyword arguments of layers that make parameters. */
export interface FactoryOptions {
  device?: DeviceLike | null;
  dtype?: dtype | null;
}

/**
 * Binds `new Cls(...args)` to `__init__(self, names...)`: positional in order, the rest by
 * name in a trailing options object, with Python's TypeErrors naming `${qualname}.__init__()`
 * (the class whose `__init__` Python runs, e.g. `_Loss` for MSELoss). Absent values are
 * undefined.
 */
export function initArgs(qualname: string, names: readonly string[], args: unknown[], required: number): unknown[] {
  // `self` counts in Python's "takes N positional arguments" messages.
  const values = bindArgs(`${qualname}.__init__`, ["self", ...names], [null, ...args], required + 1).slice(1);
  // No module takes a bigint or a symbol; refused here, before arithmetic would throw JS's own TypeError.
  values.forEach((v, i) => {
    if (typeof v === "bigint" || typeof v === "symbol") {
      throw new TypeError(`${qualname}.__init__(): argument '${names[i]}' must not be a ${typeof v}${typeof v === "bigint" ? " (pass a number)" : ""}`);
    }
  });
  return values;
}

/** A Python default (lib/_python.ts), for the modules that import it from here. */
export { given } from "../../_python";

/** torch.empty(size, device=..., dtype=...). */
export function emptyTensor(size: number[], factory: FactoryOptions): Tensor {
  return callOp(OPS.empty, null, [size, { device: factory.device ?? null, dtype: factory.dtype ?? null }]) as Tensor;
}

/**
 * A number as Python's repr() shows a float: 1e-05, 0.1, 1.0, inf. Hyperparameters Python
 * declares float (eps, p, negative_slope, ...) print this way, so an integral value prints
 * as 1.0, as it does when Python code writes 1.0.
 */
export function pyFloat(x: number): string {
  if (typeof x !== "number") return reprArg(x);
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mantissa, exponentText] = x.toExponential().split("e");
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    return `${mantissa}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  const fixed = String(x);
  return fixed.includes(".") ? fixed : `${fixed}.0`;
}

/** A module's argument as Python's repr() shows it in extra_repr: arrays are tuples there. */
export function reprArg(value: unknown, enclosing: readonly unknown[] = []): string {
  if (Array.isArray(value)) return enclosing.includes(value) ? "(...)" : pyTuple(value, [...enclosing, value]);
  return pyRepr(value, enclosing);
}

/** A JS array as Python prints a tuple: (384,), (2, 3), (). */
export function pyTuple(values: readonly unknown[], enclosing: readonly unknown[] = [values]): string {
  return values.length === 1 ? `(${reprArg(values[0], enclosing)},)` : `(${values.map((v) => reprArg(v, enclosing)).join(", ")})`;
}

/**
 * Runs a module's forward computation; an exception it raises keeps its class and gets the
 * module's printed form in front of its message, so that the failing layer is named:
 * `Linear(in_features=3, out_features=4, bias=True): mat1 and mat2 shapes cannot be multiplied (...)`.
 */
export function named<R>(module: Module, compute: () => R): R {
  try {
    return compute();
  } catch (error) {
    if (error instanceof Error) {
      const before = error.message;
      error.message = `${module.toString()}: ${before}`;
      if (typeof error.stack === "string") error.stack = error.stack.replace(before, error.message);
    }
    throw error;
  }
}
